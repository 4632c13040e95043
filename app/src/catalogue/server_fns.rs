//! Server functions of the catalogue list.

use crate::{domain::TechnologySummary, error::AppError};
use leptos::prelude::*;

/// Every technology in the catalogue, sorted by name.
#[server(prefix = "/api", endpoint = "technologies", input = server_fn::codec::GetUrl)]
pub async fn list_technologies() -> Result<Vec<TechnologySummary>, AppError> {
    let pool = crate::ssr::pool()?;
    crate::db::technologies::list_all(&pool)
        .await
        .map_err(|e| crate::ssr::with_status(e.into()))
}
