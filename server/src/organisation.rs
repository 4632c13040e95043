//! `GET /organisation`: the "Your organisation" page. Opened plainly it is the
//! Leptos page; sent (`check=1`) its answers are checked here: valid answers go
//! back to the page the user came from with the context in its `ctx`
//! parameter (303), invalid ones re-show the form with the errors beside the
//! fields and what was typed (422). It is a GET form, so the answers stay in
//! the URL and the form works the same with JavaScript off.

use crate::{auth::render, startup::AppState};
use app::{
    domain::{FormEcho, OrgContext, form_pairs, safe_return, with_context},
    readiness::ORGANISATION_FORM,
};
use axum::{
    extract::{Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// The handler.
pub async fn organisation(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| "/organisation".to_owned(), |p| p.as_str().to_owned());
    let pairs = form_pairs(parts.uri.query().unwrap_or_default());
    if !pairs.iter().any(|(k, _)| k == "check") {
        return render::page(&state, parts, &path, None, StatusCode::OK).await;
    }
    let back = safe_return(
        pairs
            .iter()
            .find(|(k, _)| k == "return")
            .map(|(_, v)| v.as_str()),
    );
    match OrgContext::from_form(&pairs) {
        Ok(ctx) => Redirect::to(&with_context(&back, &ctx)).into_response(),
        Err(errors) => {
            let echo = FormEcho {
                form: ORGANISATION_FORM.to_owned(),
                values: pairs,
                errors,
            };
            render::form_again(&state, parts, &path, echo).await
        }
    }
}
