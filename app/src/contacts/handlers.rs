//! The curators' re-confirm action (a contact's consent re-confirmed today),
//! and withdrawing consent (the member it describes, or a curator at the
//! person's request). Each checks the CSRF token, then who may act, on the
//! server; the change is audited by id.

use crate::{
    domain::Role,
    ssr::{
        ServerContext,
        forms::{TokenOnly, plain, read_form, read_form_as, unavailable},
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

/// `POST /contacts/{id}/withdraw`: deletes the contact. The member it
/// describes lands on their account; a curator on the technology's contacts.
/// Anyone else, or an unknown id, gets 404.
pub async fn withdraw_contact(
    State(state): State<ServerContext>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    use crate::db::contacts::{Withdrawer, withdraw};
    let posted = match read_form::<TokenOnly>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let path = format!("/contacts/{id}/withdraw");
    let Some(me) = posted.visitor.account.clone() else {
        return crate::ssr::render::page(
            &state,
            posted.parts,
            &path,
            None,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    };
    let Ok(id) = id.parse::<i64>() else {
        return plain(StatusCode::NOT_FOUND, "There is no such contact.");
    };
    let result = async {
        let mut tx = state.pool.begin().await?;
        // Their own entry first; a curator may withdraw anyone's on request.
        let mut done = withdraw(&mut tx, Withdrawer::Member(me.id), id)
            .await?
            .map(|_| "/account#contacts".to_owned());
        if done.is_none() && posted.visitor.has(Role::Curator) {
            done = withdraw(&mut tx, Withdrawer::Curator(me.id), id)
                .await?
                .map(|slug| format!("/technologies/{slug}#contacts"));
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(done)
    }
    .await;
    match result {
        Ok(Some(to)) => Redirect::to(&to).into_response(),
        Ok(None) => plain(StatusCode::NOT_FOUND, "There is no such contact."),
        Err(e) => unavailable(&e),
    }
}

/// `POST /contacts/remove`: the person's own link (its token in the form)
/// deletes their contact entry; no account needed. A used or unknown link is
/// told so, on the same page.
pub async fn remove_by_link(State(state): State<ServerContext>, req: Request) -> Response {
    use crate::ssr::forms::{Fields, refuse};
    const PATH: &str = "/contacts/remove";
    let posted = match read_form::<Fields>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let token = posted.form.get("token").to_owned();
    let removed = if crate::accounts::well_formed_token(&token) {
        let hash = crate::accounts::link_token_hash(&token);
        async {
            let mut tx = state.pool.begin().await?;
            let done = crate::db::contacts::withdraw_by_link(&mut tx, &hash).await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(done)
        }
        .await
    } else {
        Ok(false)
    };
    match removed {
        Err(e) => unavailable(&e),
        Ok(true) => Redirect::to("/contacts/removed").into_response(),
        Ok(false) => {
            let echo = crate::domain::FormEcho {
                form: "remove-contact".into(),
                values: vec![("token".into(), token)],
                errors: vec![crate::domain::FieldError::new(
                    "token",
                    "This link does not match any published contact: your details may already have been removed",
                )],
            };
            refuse(&state, posted.parts, PATH, echo).await
        }
    }
}
