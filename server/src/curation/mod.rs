//! Curator actions posted from the curator pages: re-confirming a contact's
//! consent, and (see `submissions`) reviewing member submissions. Each checks
//! the CSRF token, then the curator role, on the server; each change is audited.

mod submissions;

pub use submissions::{approve, reject, submit};

use crate::{
    auth::{TokenOnly, plain, read_form, require_role, unavailable},
    startup::AppState,
};
use app::domain::Role;
use axum::{
    extract::{Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

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
    let (actor, _) = match require_role(&state, posted, Role::Curator, "/curator/contacts").await {
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
