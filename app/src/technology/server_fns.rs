//! Server functions of the technology page.

use crate::{domain::TechnologyDetail, error::AppError};
use leptos::prelude::*;

/// One technology by slug. A malformed or unknown slug is a `NotFound`: both mean
/// "no technology lives at this address".
#[server(prefix = "/api", endpoint = "technology", input = server_fn::codec::GetUrl)]
pub async fn get_technology(slug: String) -> Result<TechnologyDetail, AppError> {
    use crate::{domain::TechnologySlug, ssr::with_status};
    let slug =
        TechnologySlug::parse(&slug).map_err(|_| with_status(AppError::technology_not_found()))?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::technologies::get_by_slug(&mut conn, &slug).await
    })
    .await?
    .ok_or_else(|| with_status(AppError::technology_not_found()))
}
