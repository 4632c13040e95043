//! The catalogue's one address per view: a GET form without JavaScript sends
//! empty fields and the browser's key order, so such a link is redirected to
//! the canonical URL.

use crate::domain::CatalogueQuery;
use axum::{
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

/// Middleware: a GET of `/technologies` whose query string is valid but not in
/// canonical form is redirected (303) to the canonical URL, so the address a user
/// copies is the short, stable one. Links with something to report (a dropped
/// filter, a bad page) are served as they are, so the page can say so.
pub async fn canonical_catalogue_url(req: Request, next: Next) -> Response {
    if req.method() == axum::http::Method::GET
        && req.uri().path() == "/technologies"
        && let Some(raw) = req.uri().query()
    {
        let (query, notices) = CatalogueQuery::parse_query_string(raw);
        if notices.is_empty() && raw != query.to_query_string() {
            return Redirect::to(&query.href()).into_response();
        }
    }
    next.run(req).await
}
