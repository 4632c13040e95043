//! Server functions of the curator workspace (curators and admins only) and
//! of the public history and change feed (no names).

use crate::{
    domain::curation::{ChangeFeed, CuratorTechnology, EditorView, RecheckQueue},
    error::AppError,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn not_found(what: &str) -> AppError {
    crate::ssr::with_status(AppError::NotFound { what: what.into() })
}

#[cfg(feature = "ssr")]
fn checked_slug(slug: &str) -> Result<(), AppError> {
    crate::domain::TechnologySlug::parse(slug)
        .map(|_| ())
        .map_err(|_| crate::ssr::with_status(AppError::technology_not_found()))
}

/// One technology's claims by block, for editing.
#[server(prefix = "/api", endpoint = "curator/workspace", input = server_fn::codec::GetUrl)]
pub async fn curator_workspace(slug: String) -> Result<CuratorTechnology, AppError> {
    crate::ssr::require(crate::domain::Role::Curator)?;
    checked_slug(&slug)?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::curation::workspace(&mut conn, &slug).await
    })
    .await?
    .ok_or_else(|| crate::ssr::with_status(AppError::technology_not_found()))
}

/// The editor of claim `id` of `block`, or of the technology's own fields
/// (`block` = `technology`, `id` = its slug); with `suggestion`, the member's
/// correction it applies.
#[server(prefix = "/api", endpoint = "curator/claim", input = server_fn::codec::GetUrl)]
pub async fn claim_editor(
    block: String,
    id: String,
    suggestion: Option<i64>,
) -> Result<EditorView, AppError> {
    use crate::domain::curation::{TECHNOLOGY, block as spec_of};
    let curator = crate::ssr::require(crate::domain::Role::Curator)?;
    let what = "a claim at this address";
    let spec = spec_of(&block).ok_or_else(|| not_found(what))?;
    let pool = crate::ssr::pool()?;
    if spec.id == TECHNOLOGY.id {
        checked_slug(&id)?;
        return crate::ssr::db(async {
            let mut conn = pool.acquire().await?;
            crate::db::curation::technology_editor(&mut conn, &id).await
        })
        .await?
        .ok_or_else(|| crate::ssr::with_status(AppError::technology_not_found()));
    }
    let number: i64 = id.parse().map_err(|_| not_found(what))?;
    let editor = crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::curation::editor(&mut conn, spec, Some(number), "").await
    })
    .await?
    .ok_or_else(|| not_found(what))?;
    with_suggestion(editor, suggestion, curator.id).await
}

/// The editor with the suggestion it applies (pending, not the curator's
/// own, for this record or block); a supplier's fields and source fill the
/// form.
#[cfg(feature = "ssr")]
async fn with_suggestion(
    mut editor: EditorView,
    suggestion: Option<i64>,
    curator: i64,
) -> Result<EditorView, AppError> {
    use crate::domain::curation::{SuggestionKind, SuggestionState};
    let Some(id) = suggestion else {
        return Ok(editor);
    };
    let pool = crate::ssr::pool()?;
    let found = crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::suggestions::get(&mut conn, id, curator).await
    })
    .await?
    .filter(|s| {
        s.block == editor.block
            && s.technology.0 == editor.technology.0
            && (editor.record_id.is_none() || s.record_id == editor.record_id)
    })
    .ok_or_else(|| not_found("a suggestion for this record"))?;
    if found.mine {
        return Err(crate::ssr::with_status(AppError::Forbidden));
    }
    if found.state == SuggestionState::Pending && found.kind == SuggestionKind::Evidence {
        let mut values: Vec<(String, String)> = found.fields.clone();
        values.push(("source".to_owned(), found.source.clone()));
        editor.values = values;
    }
    editor.suggestion = Some(found);
    Ok(editor)
}

/// The form for a new claim of `block` on technology `slug`; with
/// `suggestion`, the correction or evidence it applies.
#[server(prefix = "/api", endpoint = "curator/new-claim", input = server_fn::codec::GetUrl)]
pub async fn new_claim(
    slug: String,
    block: String,
    suggestion: Option<i64>,
) -> Result<EditorView, AppError> {
    use crate::domain::curation::block as spec_of;
    let curator = crate::ssr::require(crate::domain::Role::Curator)?;
    checked_slug(&slug)?;
    let spec = spec_of(&block)
        .filter(|s| s.claim)
        .ok_or_else(|| not_found("a block of that name"))?;
    let pool = crate::ssr::pool()?;
    let editor = crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::curation::editor(&mut conn, spec, None, &slug).await
    })
    .await?
    .ok_or_else(|| crate::ssr::with_status(AppError::technology_not_found()))?;
    with_suggestion(editor, suggestion, curator.id).await
}

/// The re-check queue read from `query` (`technology`, `block`, `page`).
#[server(prefix = "/api", endpoint = "curator/recheck", input = server_fn::codec::GetUrl)]
pub async fn get_recheck_queue(query: String) -> Result<RecheckQueue, AppError> {
    crate::ssr::require(crate::domain::Role::Curator)?;
    let q = crate::domain::curation::ChangesQuery::parse(&query);
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::curation::recheck_queue(&mut conn, &q).await
    })
    .await
}

/// The change feed read from `query` (`technology`, `block`, `page`); when
/// `history` is true, `technology` must name a technology (its history page).
#[server(prefix = "/api", endpoint = "changes", input = server_fn::codec::GetUrl)]
pub async fn get_change_feed(query: String, history: bool) -> Result<ChangeFeed, AppError> {
    let q = crate::domain::curation::ChangesQuery::parse(&query);
    let pool = crate::ssr::pool()?;
    let wanted = q.technology.clone();
    let feed = crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        let technology = match &wanted {
            Some(slug) => crate::db::curation::public_technology(&mut conn, slug).await?,
            None => None,
        };
        let (entries, total) = crate::db::curation::changes(&mut conn, &q, false).await?;
        Ok(ChangeFeed {
            query: q.clone(),
            entries,
            total,
            technology,
        })
    })
    .await?;
    if history && feed.technology.is_none() {
        return Err(crate::ssr::with_status(AppError::technology_not_found()));
    }
    Ok(feed)
}
