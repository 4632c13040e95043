//! The catalogue at `/technologies`: search, faceted filters, sorting and paging,
//! with the URL as the state.

mod filters;
mod page;
mod results;
mod server_fns;

pub use page::CataloguePage;
pub use server_fns::search_catalogue;
