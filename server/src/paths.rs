//! One address per page: a path with a trailing slash redirects to the path
//! without.

use axum::{
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

/// Middleware: a `GET` of a path with a trailing slash (`/icbs/`) is redirected
/// (308) to the path without it, the one address each page has.
pub async fn no_trailing_slash(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if req.method() == axum::http::Method::GET && path.len() > 1 && path.ends_with('/') {
        let trimmed = path.trim_end_matches('/');
        let target = match req.uri().query() {
            Some(q) => format!("/{}?{q}", trimmed.trim_start_matches('/')),
            None => format!("/{}", trimmed.trim_start_matches('/')),
        };
        return Redirect::permanent(&target).into_response();
    }
    next.run(req).await
}
