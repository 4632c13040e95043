//! HTTP caching: who may keep a response, and for how long.
//!
//! - A visitor who sends a session cookie: `private, no-store`. Signed-in
//!   pages can show personal data (contacts, the account), so nothing keeps
//!   them, not even the browser's back-forward store of a shared machine.
//! - Anyone else, on a page that holds a form: `private, no-cache` (the page
//!   carries the visitor's CSRF token).
//! - Anyone else, a `GET` answered 200: `public, max-age=60`, so a shared cache
//!   may keep it for a minute; pages also get a weak `ETag` of their body, and a
//!   matching `If-None-Match` is answered 304 with the same caching headers
//!   and no Content-Security-Policy, so the client keeps the policy stored with
//!   its copy ([`conditional`]).
//! - Any answer to a `POST` (a refused form re-shows what was typed):
//!   `no-store`.
//! - Everything else (redirects, errors): `no-cache`; a 503 `no-store`.
//!
//! Every page varies by `Cookie` and `Accept-Encoding`.

use crate::headers::find;
use app::accounts::Audience;
use axum::{
    body::Body,
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

/// How long a shared cache may keep an anonymous page.
pub const PUBLIC_PAGE: &str = "public, max-age=60";
/// Signed-in responses.
pub const PERSONAL: &str = "private, no-store";

/// The largest page given an `ETag` (pages are far smaller; a larger one is
/// sent without one).
const MAX_TAGGED_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// Middleware around the session-aware routes: sets each response's caching
/// headers from who it was made for (the session layer's [`Audience`]).
pub async fn policy(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let mut response = next.run(req).await;
    let audience = response.extensions().get::<Audience>().copied();
    let (personal, has_form) = audience.map_or((false, false), |a| (a.personal, a.has_form));
    set_policy(&mut response, &method, personal, has_form);
    response
}

/// Sets the caching headers of a response from the session-aware routes, for
/// a request with `method` from a visitor who sent a session cookie
/// (`personal`), on a page that holds a form (`has_form`).
pub fn set_policy(response: &mut Response, method: &Method, personal: bool, has_form: bool) {
    let status = response.status();
    let headers = response.headers_mut();
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Encoding"),
    );
    if personal {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(PERSONAL));
        return;
    }
    let is_read = method == Method::GET || method == Method::HEAD;
    let policy = if !is_read {
        // A refused form comes back with what was typed (an email address,
        // a name): nothing may keep it.
        "no-store"
    } else if has_form {
        "private, no-cache"
    } else if status == StatusCode::OK {
        PUBLIC_PAGE
    } else if status == StatusCode::SERVICE_UNAVAILABLE {
        "no-store"
    } else {
        "no-cache"
    };
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
}

/// Middleware: gives a public HTML page a weak `ETag` of its body, and answers
/// a matching `If-None-Match` with 304 and the full response's headers.
pub async fn conditional(req: Request, next: Next) -> Response {
    let is_read = req.method() == Method::GET || req.method() == Method::HEAD;
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(req).await;
    if !is_read || response.status() != StatusCode::OK || !is_public_page(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_TAGGED_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "could not read a page to tag it");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let tag = etag(&bytes);
    let fresh = if_none_match
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| matches(v, &tag));
    if let Ok(value) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, value);
    }
    if fresh {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        // The policy allows the inline scripts of the body it came with by
        // their hashes, and Leptos writes those scripts' statements in the
        // order the resources resolved, so this rendering's policy may not fit
        // the copy the client holds. A 304 carries no policy: the client keeps
        // the one stored with its copy (RFC 9110 §15.4.5 asks 304s to leave
        // out such metadata anyway).
        parts.headers.remove(header::CONTENT_SECURITY_POLICY);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn is_public_page(headers: &HeaderMap) -> bool {
    let starts = |name, prefix: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with(prefix))
    };
    starts(header::CACHE_CONTROL, "public") && starts(header::CONTENT_TYPE, "text/html")
}

/// Where Leptos writes the values of a page's resources for hydration, in the
/// order they resolved, which varies from one rendering to the next.
const RESOURCE_VALUES: &[u8] = b"__RESOLVED_RESOURCES[";

/// A weak entity tag of a page: 128 bits of a SHA-256 of its body, with the
/// resources' values for hydration taken in sorted order. Two renderings that
/// differ only in the order those values resolved are the same page (what a
/// weak tag says), so they share a tag; any other difference changes it.
/// Linear in the page's size, plus sorting its handful of values.
fn etag(body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    let tail = find(body, RESOURCE_VALUES)
        .and_then(|at| body[..at].iter().rposition(|b| *b == b'<'))
        .unwrap_or(body.len());
    hasher.update(&body[..tail]);
    let mut statements = statements(&body[tail..]);
    statements.sort_unstable();
    for statement in statements {
        hasher.update(statement);
        hasher.update(b"\0");
    }
    format!("W/\"{}\"", hex::encode(&hasher.finalize()[..16]))
}

/// The hydration scripts at the end of a page as their statements: the script
/// tags dropped, cut before each `;__` (every statement Leptos writes there
/// assigns a `__`-named global).
fn statements(tail: &[u8]) -> Vec<Vec<u8>> {
    let mut flat = Vec::with_capacity(tail.len());
    let mut at = 0;
    while at < tail.len() {
        if let Some(tag) = [&b"<script>"[..], &b"</script>"[..]]
            .into_iter()
            .find(|t| tail[at..].starts_with(t))
        {
            flat.push(b';');
            at += tag.len();
        } else {
            flat.push(tail[at]);
            at += 1;
        }
    }
    flat.split(|b| *b == b';')
        .fold(Vec::<Vec<u8>>::new(), |mut out, part| {
            match out.last_mut() {
                // A `;` inside a value: part of the same statement.
                Some(last) if !part.starts_with(b"__") && !part.is_empty() => {
                    last.push(b';');
                    last.extend_from_slice(part);
                }
                _ if part.is_empty() => {}
                _ => out.push(part.to_vec()),
            }
            out
        })
}

/// Whether an `If-None-Match` value matches `tag` (weak comparison: `W/` is
/// ignored on both sides). Linear in the header's length.
fn matches(if_none_match: &str, tag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let ours = opaque(tag);
    if_none_match
        .split(',')
        .any(|t| t.trim() == "*" || opaque(t) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists_and_star() {
        let tag = etag(b"<p>page</p>");
        assert!(tag.starts_with("W/\"") && tag.len() == 3 + 32 + 1);
        let strong = tag.trim_start_matches("W/");
        assert!(matches(&tag, &tag));
        assert!(matches(strong, &tag));
        assert!(matches(&format!("\"other\", {tag}"), &tag));
        assert!(matches("*", &tag));
        assert!(!matches("\"other\"", &tag));
        assert!(!matches("", &tag));
        assert_ne!(etag(b"<p>page</p>"), etag(b"<p>page!</p>"));
    }

    #[test]
    fn the_order_resources_resolved_in_does_not_change_the_tag_but_their_values_do() {
        let a = b"<p>x</p><script>__RESOLVED_RESOURCES[4] = \"a\";__RESOLVED_RESOURCES[7] = \"b\";</script><script>__INCOMPLETE_CHUNKS=[];</script>";
        let b = b"<p>x</p><script>__RESOLVED_RESOURCES[7] = \"b\";</script><script>__RESOLVED_RESOURCES[4] = \"a\";__INCOMPLETE_CHUNKS=[];</script>";
        let c = b"<p>x</p><script>__RESOLVED_RESOURCES[7] = \"c\";</script><script>__RESOLVED_RESOURCES[4] = \"a\";__INCOMPLETE_CHUNKS=[];</script>";
        let d = b"<p>y</p><script>__RESOLVED_RESOURCES[4] = \"a\";__RESOLVED_RESOURCES[7] = \"b\";</script><script>__INCOMPLETE_CHUNKS=[];</script>";
        assert_eq!(etag(a), etag(b));
        assert_ne!(etag(a), etag(c));
        assert_ne!(etag(a), etag(d));
    }

    #[test]
    fn the_policy_follows_the_visitor_and_the_page() {
        let policy = |status: StatusCode, method: Method, personal, form| {
            let mut res = Response::builder()
                .status(status)
                .body(Body::empty())
                .expect("a response");
            set_policy(&mut res, &method, personal, form);
            res.headers()[header::CACHE_CONTROL]
                .to_str()
                .expect("a response")
                .to_owned()
        };
        assert_eq!(
            policy(StatusCode::OK, Method::GET, false, false),
            PUBLIC_PAGE
        );
        assert_eq!(policy(StatusCode::OK, Method::GET, true, false), PERSONAL);
        assert_eq!(
            policy(StatusCode::OK, Method::GET, false, true),
            "private, no-cache"
        );
        // An answer to a form post may echo what was typed.
        assert_eq!(
            policy(StatusCode::OK, Method::POST, false, false),
            "no-store"
        );
        assert_eq!(
            policy(StatusCode::UNPROCESSABLE_ENTITY, Method::POST, false, true),
            "no-store"
        );
        assert_eq!(
            policy(StatusCode::NOT_FOUND, Method::GET, false, false),
            "no-cache"
        );
        assert_eq!(
            policy(StatusCode::SERVICE_UNAVAILABLE, Method::GET, false, false),
            "no-store"
        );
    }
}
