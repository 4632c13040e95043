//! Plain data shared by server, browser and host tests. No `leptos`, no `sqlx`,
//! no I/O: everything here can be unit-tested on its own.

mod classify;
mod ids;
mod provenance;
mod technology;

pub use classify::{DeploymentKind, NiceGuidanceType, ai_enabled_from_type_label, standards_named};
pub use ids::{DomainError, TechnologySlug};
pub use provenance::{ClaimKind, DUE_WINDOW_DAYS, Freshness, Stamp};
pub use technology::{TechnologyDetail, TechnologySummary, VerifiedText};
