//! Curator actions posted from the curator pages: re-confirming a contact's
//! consent, and (see `submissions`) reviewing member submissions. Each checks
//! the CSRF token, then the curator role, on the server; each change is audited.

mod submissions;

pub use submissions::{approve, reject, submit};

use crate::{
    auth::{Posted, TokenOnly, plain, read_form, render, unavailable},
    startup::AppState,
};
use app::domain::{Role, SignedIn, Visitor};
use axum::{
    extract::{Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// The curator (or admin) who sent this, or the refusal to send back:
/// the page at `path` rendered with 401/403 (its server function says why).
pub async fn curator<T>(
    state: &AppState,
    posted: Posted<T>,
    path: &str,
) -> Result<(SignedIn, Posted<T>), Response> {
    let Visitor { account, .. } = &posted.visitor;
    match account {
        Some(a) if posted.visitor.has(Role::Curator) => Ok((a.clone(), posted)),
        other => {
            let status = if other.is_some() {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNAUTHORIZED
            };
            Err(render::page(state, posted.parts, path, None, status).await)
        }
    }
}

/// `POST /curator/contacts/{id}/reconfirm`.
pub async fn reconfirm_contact(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let posted = match read_form::<TokenOnly>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (actor, _) = match curator(&state, posted, "/curator/contacts").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return plain(StatusCode::NOT_FOUND, "There is no such contact.");
    };
    let result = async {
        let mut tx = state.pool.begin().await?;
        let found = app::db::contacts::reconfirm(&mut tx, actor.id, id).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(found)
    }
    .await;
    match result {
        Ok(true) => Redirect::to("/curator/contacts").into_response(),
        Ok(false) => plain(StatusCode::NOT_FOUND, "There is no such contact."),
        Err(e) => unavailable(&e),
    }
}
