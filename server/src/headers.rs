//! Security headers on every response, and the request body limit.
//!
//! The Content-Security-Policy allows scripts from this origin and, by their
//! SHA-256 hashes, exactly the inline scripts of the page being sent (the
//! hydration bootstrap), plus `'wasm-unsafe-eval'` for the WASM bundle. Hashes
//! rather than a nonce: equal bodies get equal headers, so responses stay
//! cacheable.

use axum::{
    body::Body,
    extract::Request,
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

/// The largest request body read (forms and server-function arguments are a
/// few KiB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The largest HTML page whose inline scripts are hashed (pages are far smaller;
/// a larger one is sent with a CSP that allows no inline script).
const MAX_HASHED_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// What every response carries, whatever its type.
const FIXED: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    (
        "permissions-policy",
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), \
         magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()",
    ),
    ("cross-origin-opener-policy", "same-origin"),
    // For browsers that predate CSP's frame-ancestors.
    ("x-frame-options", "DENY"),
];

/// The policy's fixed part; `script-src` is added per page.
const POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
                      frame-ancestors 'none'; form-action 'self'";

/// Middleware: refuses a body over [`MAX_BODY_BYTES`] with 413 and a plain
/// message (before reading it, when `Content-Length` says so), and otherwise
/// hands the handler the body already read, so no handler sees a partial one.
pub async fn limit_body(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

fn too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "The request is too large: this service accepts at most {} KiB.\n",
            MAX_BODY_BYTES / 1024
        ),
    )
        .into_response()
}

/// Middleware: adds the security headers; for HTML, the CSP with the hashes of
/// the page's inline scripts.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let (mut parts, body) = res.into_parts();
    let (policy, body) = if is_html {
        match axum::body::to_bytes(body, MAX_HASHED_PAGE_BYTES).await {
            Ok(bytes) => (page_policy(&bytes), Body::from(bytes)),
            Err(e) => {
                tracing::error!(error = %e, "could not read a page to hash its scripts");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    } else {
        (format!("{POLICY}; script-src 'none'"), body)
    };
    add_fixed(&mut parts.headers);
    if let Ok(v) = HeaderValue::from_str(&policy) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    Response::from_parts(parts, body)
}

fn add_fixed(headers: &mut HeaderMap) {
    for (name, value) in FIXED {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
}

/// The CSP for an HTML page: its inline scripts allowed by hash.
fn page_policy(html: &[u8]) -> String {
    let mut sources = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    for script in inline_scripts(html) {
        let hash = format!(
            "'sha256-{}'",
            base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                Sha256::digest(script)
            )
        );
        if !sources.contains(&hash) {
            sources.push(hash);
        }
    }
    format!("{POLICY}; script-src {}", sources.join(" "))
}

/// The contents of the page's `<script>` elements that have no `src`, as the
/// browser hashes them (the exact bytes between the tags). One pass: linear in
/// the page's size.
fn inline_scripts(html: &[u8]) -> Vec<&[u8]> {
    const OPEN: &[u8] = b"<script";
    const CLOSE: &[u8] = b"</script>";
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = find(&html[at..], OPEN).map(|i| at + i) {
        let Some(tag_end) = html[start..]
            .iter()
            .position(|b| *b == b'>')
            .map(|i| start + i)
        else {
            break;
        };
        let tag = &html[start + OPEN.len()..tag_end];
        let Some(close) = find(&html[tag_end + 1..], CLOSE).map(|i| tag_end + 1 + i) else {
            break;
        };
        if !has_src(tag) {
            out.push(&html[tag_end + 1..close]);
        }
        at = close + CLOSE.len();
    }
    out
}

fn has_src(tag: &[u8]) -> bool {
    tag.split(|b| b.is_ascii_whitespace())
        .any(|attr| attr.len() >= 4 && attr[..4].eq_ignore_ascii_case(b"src="))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = br#"<head><script src="/pkg/a.js"></script><script type="module">import('/x');</script></head><body><script>1+1</script><p>no script</p>"#;
        let scripts = inline_scripts(html);
        assert_eq!(scripts, vec![&b"import('/x');"[..], &b"1+1"[..]]);
        assert!(inline_scripts(b"<script>unclosed").is_empty());
        assert!(inline_scripts(b"").is_empty());
    }

    #[test]
    fn the_page_policy_allows_its_own_scripts_by_hash() {
        let policy = page_policy(b"<script>alert(1)</script><script>alert(1)</script>");
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert!(policy.contains("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"));
        assert_eq!(policy.matches("sha256-").count(), 1, "each hash once");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(policy.contains("object-src 'none'") && policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
