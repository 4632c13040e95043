//! Redirects for the in-page navigation script (`app/src/nav.js`): `fetch()`
//! follows a redirect without showing its target's fragment (`…#readiness`),
//! so a request marked `techcat-nav` gets its redirect as `204 No Content` with
//! the target in `techcat-redirect`, and the script follows it itself (the
//! header names are `app::islands`' constants). Every
//! other header (a new session cookie, say) is kept. Browsers without the
//! script never send the header and get the plain redirect.

use app::islands::{NAV_REDIRECT_HEADER, NAV_REQUEST_HEADER};
use axum::{
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::Response,
};

/// Middleware: see the module docs.
pub async fn redirects_for_script(req: Request, next: Next) -> Response {
    let from_script = req.headers().contains_key(NAV_REQUEST_HEADER);
    let mut res = next.run(req).await;
    if from_script
        && res.status().is_redirection()
        && let Some(target) = res.headers_mut().remove(header::LOCATION)
    {
        *res.status_mut() = StatusCode::NO_CONTENT;
        *res.body_mut() = axum::body::Body::empty();
        let headers = res.headers_mut();
        headers.remove(header::CONTENT_LENGTH);
        headers.remove(header::CONTENT_TYPE);
        headers.insert(NAV_REDIRECT_HEADER, target);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
