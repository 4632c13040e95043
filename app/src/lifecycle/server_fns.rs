//! Server functions of the lifecycle pages (curators and admins only).

use crate::{domain::curation::LifecycleView, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the new-technology page offers: the technology types, and the drafts
/// not yet published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftList {
    /// (id, label) of each technology type.
    pub types: Vec<(String, String)>,
    /// (slug, name) of each draft.
    pub drafts: Vec<(String, String)>,
}

/// The new-technology form's choices and the drafts.
#[server(prefix = "/api", endpoint = "curator/new-technology", input = server_fn::codec::GetUrl)]
pub async fn new_technology_form() -> Result<DraftList, AppError> {
    crate::ssr::require(crate::domain::Role::Curator)?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        let types = crate::db::lifecycle::types(&mut conn).await?;
        let drafts = crate::db::lifecycle::drafts(&mut conn).await?;
        Ok(DraftList { types, drafts })
    })
    .await
}

/// The technology's status, version and the inclusion bases it meets now.
#[server(prefix = "/api", endpoint = "curator/lifecycle", input = server_fn::codec::GetUrl)]
pub async fn lifecycle(slug: String) -> Result<LifecycleView, AppError> {
    use crate::ssr::with_status;
    crate::ssr::require(crate::domain::Role::Curator)?;
    crate::domain::TechnologySlug::parse(&slug)
        .map_err(|_| with_status(AppError::technology_not_found()))?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::lifecycle::view(&mut conn, &slug).await
    })
    .await?
    .ok_or_else(|| with_status(AppError::technology_not_found()))
}
