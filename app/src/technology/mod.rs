//! The technology page at `/technologies/{slug}`.

mod page;
mod sections;
mod server_fns;

pub use page::TechnologyPage;
pub use server_fns::get_technology;
