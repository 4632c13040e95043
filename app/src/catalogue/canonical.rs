//! The catalogue's one address per view: a GET form without JavaScript sends
//! empty fields and the browser's key order, so such a link is redirected to
//! the canonical URL. The navigation script is sent the canonical page at once.

use crate::{
    domain::CatalogueQuery,
    islands::{NAV_LOCATION_HEADER, NAV_REQUEST_HEADER},
};
use axum::{
    extract::Request,
    http::{HeaderValue, Uri, header},
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
            let href = query.href();
            if req.headers().contains_key(NAV_REQUEST_HEADER) {
                return canonical_page_for_script(req, next, &href).await;
            }
            return Redirect::to(&href).into_response();
        }
    }
    next.run(req).await
}

/// For the navigation script (the filters with JavaScript), the canonical page
/// itself instead of a redirect to it, with its address in
/// `techcat-location` for the address bar: one round trip per filter change.
async fn canonical_page_for_script(req: Request, next: Next, href: &str) -> Response {
    let Ok(uri) = href.parse::<Uri>() else {
        return Redirect::to(href).into_response();
    };
    let (mut parts, body) = req.into_parts();
    parts.uri = uri;
    let mut res = next.run(Request::from_parts(parts, body)).await;
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(href) {
        headers.insert(NAV_LOCATION_HEADER, v);
    }
    // A cache must not give this answer to a plain visit of the long address.
    headers.append(header::VARY, HeaderValue::from_static(NAV_REQUEST_HEADER));
    res
}
