//! Rendering a Leptos page from a form handler: the same form re-shown with what
//! was typed and the errors (422), or the "form expired" page (403).

use super::ServerContext;
use crate::{domain::FormEcho, shell};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, request::Parts},
    response::{IntoResponse, Response},
};

/// Renders the page at `path` for this request, with `echo` on the request for
/// the form to read, and serves it with `status`.
pub async fn page(
    state: &ServerContext,
    mut parts: Parts,
    path: &str,
    echo: Option<FormEcho>,
    status: StatusCode,
) -> Response {
    parts.method = Method::GET;
    match path.parse() {
        Ok(uri) => parts.uri = uri,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    if let Some(echo) = echo {
        parts.extensions.insert(echo);
    }
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(state.page_context(), move || {
        shell(options.clone())
    });
    let mut response = render(Request::from_parts(parts, Body::empty())).await;
    *response.status_mut() = status;
    response
}

/// The form was re-shown: 422 with the echo.
pub async fn form_again(
    state: &ServerContext,
    parts: Parts,
    path: &str,
    echo: FormEcho,
) -> Response {
    page(
        state,
        parts,
        path,
        Some(echo),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The token did not match: the "form expired" page, 403. Nothing was saved.
pub async fn form_expired(state: &ServerContext, parts: Parts) -> Response {
    page(state, parts, "/form-expired", None, StatusCode::FORBIDDEN).await
}
