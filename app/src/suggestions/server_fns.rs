//! Server functions of the suggestion pages: each checks the role first
//! (members suggest; curators review; a supplier account sees only its own
//! supplier's technologies and proposals).

#[cfg(feature = "ssr")]
use crate::domain::Role;
use crate::{
    domain::curation::{EditorView, SuggestTarget, Suggestion},
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
fn not_found(what: &str) -> AppError {
    crate::ssr::with_status(AppError::NotFound { what: what.into() })
}

/// What a member is correcting: `block` with `claim` (a claim's id) or
/// `technology` (a slug: the block is empty or something is missing).
#[server(prefix = "/api", endpoint = "suggest", input = server_fn::codec::GetUrl)]
pub async fn get_suggest_target(
    block: String,
    claim: Option<i64>,
    technology: Option<String>,
) -> Result<SuggestTarget, AppError> {
    crate::ssr::require(Role::Member)?;
    let technology = technology.filter(|t| crate::domain::TechnologySlug::parse(t).is_ok());
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::suggestions::target(&mut conn, &block, claim, technology.as_deref()).await
    })
    .await?
    .ok_or_else(|| not_found("a claim or block to correct at this address"))
}

/// What the signed-in account suggested or proposed, newest first.
#[server(prefix = "/api", endpoint = "my-suggestions", input = server_fn::codec::GetUrl)]
pub async fn get_my_suggestions() -> Result<Vec<Suggestion>, AppError> {
    let visitor = crate::ssr::visitor();
    let allowed = visitor.has(Role::Member) || visitor.has(Role::Supplier);
    let Some(account) = visitor.account.filter(|_| allowed) else {
        return Ok(Vec::new());
    };
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::suggestions::by_author(&mut conn, account.id).await
    })
    .await
}

/// The pending suggestions, oldest first (curators).
#[server(prefix = "/api", endpoint = "curator/suggestions", input = server_fn::codec::GetUrl)]
pub async fn suggestion_queue() -> Result<Vec<Suggestion>, AppError> {
    let curator = crate::ssr::require(Role::Curator)?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::suggestions::queue(&mut conn, curator.id).await
    })
    .await
}

/// One suggestion, for a curator to review.
#[server(prefix = "/api", endpoint = "curator/suggestion", input = server_fn::codec::GetUrl)]
pub async fn suggestion_review(id: String) -> Result<Suggestion, AppError> {
    let curator = crate::ssr::require(Role::Curator)?;
    let what = "a suggestion at this address";
    let id: i64 = id.parse().map_err(|_| not_found(what))?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::suggestions::get(&mut conn, id, curator.id).await
    })
    .await?
    .ok_or_else(|| not_found(what))
}

/// A supplier account's page: whom it speaks for, their listed technologies
/// and what it proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierHome {
    /// The supplier's name.
    pub supplier: String,
    /// (slug, name) of its listed technologies.
    pub technologies: Vec<(String, String)>,
    /// Its proposals, newest first.
    pub proposals: Vec<Suggestion>,
}

/// The supplier account's page.
#[server(prefix = "/api", endpoint = "supplier", input = server_fn::codec::GetUrl)]
pub async fn get_supplier_home() -> Result<SupplierHome, AppError> {
    let account = crate::ssr::require(Role::Supplier)?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        let Some((supplier_id, supplier)) =
            crate::db::suggestions::supplier_of(&mut conn, account.id).await?
        else {
            return Ok(None);
        };
        let technologies =
            crate::db::suggestions::supplier_technologies(&mut conn, supplier_id).await?;
        let proposals = crate::db::suggestions::by_author(&mut conn, account.id).await?;
        Ok(Some(SupplierHome {
            supplier,
            technologies,
            proposals,
        }))
    })
    .await?
    .ok_or_else(|| crate::ssr::with_status(AppError::Forbidden))
}

/// The evidence form of `block` for the supplier's own technology `slug`;
/// anyone else's technology is not found.
#[server(prefix = "/api", endpoint = "supplier/propose", input = server_fn::codec::GetUrl)]
pub async fn proposal_form(slug: String, block: String) -> Result<EditorView, AppError> {
    let account = crate::ssr::require(Role::Supplier)?;
    let spec = crate::domain::curation::supplier_block(&block)
        .ok_or_else(|| not_found("a kind of evidence of that name"))?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        let Some((supplier_id, _)) =
            crate::db::suggestions::supplier_of(&mut conn, account.id).await?
        else {
            return Ok(None);
        };
        let Some((_, name)) =
            crate::db::suggestions::own_technology(&mut conn, &slug, supplier_id).await?
        else {
            return Ok(None);
        };
        Ok(Some(EditorView {
            block: spec.id.to_owned(),
            record_id: None,
            technology: (slug.clone(), name),
            version: 1,
            values: Vec::new(),
            verified_on: None,
            recheck_by: None,
            withdrawn: None,
            history: Vec::new(),
            suggestion: None,
        }))
    })
    .await?
    .ok_or_else(|| crate::ssr::with_status(AppError::technology_not_found()))
}
