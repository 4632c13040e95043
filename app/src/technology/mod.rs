//! The technology page at `/technologies/{slug}`.

mod page;
mod server_fns;

pub use page::TechnologyPage;
pub use server_fns::get_technology;
