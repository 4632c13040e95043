//! The curators' re-confirm action: a contact's consent re-confirmed today.
//! It checks the CSRF token, then the curator role, on the server; the change
//! is audited.

use crate::{
    domain::Role,
    ssr::{
        ServerContext,
        forms::{TokenOnly, plain, read_form_as, unavailable},
    },
};
use axum::{
    extract::{Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// `POST /curator/contacts/{id}/reconfirm`.
pub async fn reconfirm_contact(
    State(state): State<ServerContext>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let (actor, _) =
        match read_form_as::<TokenOnly>(&state, req, Role::Curator, "/curator/contacts").await {
            Ok(c) => c,
            Err(r) => return r,
        };
    let Ok(id) = id.parse::<i64>() else {
        return plain(StatusCode::NOT_FOUND, "There is no such contact.");
    };
    let result = async {
        let mut tx = state.pool.begin().await?;
        let found = crate::db::contacts::reconfirm(&mut tx, actor.id, id).await?;
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
