//! The catalogue at `/technologies`: search, faceted filters, sorting and paging,
//! with the URL as the state.

#[cfg(feature = "ssr")]
mod canonical;
mod filters;
mod live;
mod page;
mod results;
mod server_fns;

#[cfg(feature = "ssr")]
pub use canonical::canonical_catalogue_url;
pub use page::CataloguePage;
pub use server_fns::search_catalogue;
