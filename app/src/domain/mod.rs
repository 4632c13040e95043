//! Plain data shared by server, browser and host tests. No `leptos`, no `sqlx`,
//! no I/O: everything here can be unit-tested on its own.

mod ids;
mod technology;

pub use ids::{DomainError, TechnologySlug};
pub use technology::{TechnologyDetail, TechnologySummary, VerifiedText};
