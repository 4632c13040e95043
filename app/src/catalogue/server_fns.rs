//! Server functions of the catalogue list.

use crate::{
    domain::{CatalogueQuery, CatalogueResults},
    error::AppError,
};
use leptos::prelude::*;

/// One page of catalogue results for `query`, with every facet's counts.
///
/// The argument travels as JSON; the public, documented endpoint that takes the
/// page's own query string is the plain axum route `/api/technologies`.
#[server(prefix = "/api", endpoint = "catalogue/search", input = server_fn::codec::Json)]
pub async fn search_catalogue(query: CatalogueQuery) -> Result<CatalogueResults, AppError> {
    let pool = crate::ssr::pool()?;
    crate::ssr::db(crate::db::search::search_pooled(&pool, &query)).await
}
