//! The catalogue list at `/technologies`.

mod page;
mod server_fns;

pub use page::CataloguePage;
pub use server_fns::list_technologies;
