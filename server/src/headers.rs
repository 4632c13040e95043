//! Security headers on every response.
//!
//! The Content-Security-Policy allows scripts from this origin and, by their
//! SHA-256 hashes, exactly the inline scripts of the page being sent (the
//! hydration bootstrap), plus `'wasm-unsafe-eval'` for the WASM bundle. Hashes
//! rather than a nonce: equal bodies get equal headers, so responses stay
//! cacheable. `Strict-Transport-Security` when the public origin is https.

use app::ssr::PublicOrigin;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

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

/// The policy's fixed part, as a literal so both policies below are built from
/// it at compile time.
macro_rules! fixed_policy {
    () => {
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    };
}
/// The policy's fixed part; `script-src` is added per page.
const POLICY: &str = fixed_policy!();
/// [`POLICY`] for a response that runs no script.
const STATIC_POLICY: &str = concat!(fixed_policy!(), "; script-src 'none'");
/// Browsers keep to https for a year once they have seen it over https.
const HSTS: &str = "max-age=31536000";

/// Middleware: adds the security headers; for HTML, the CSP with the hashes of
/// the page's inline scripts.
pub async fn security_headers(
    State(origin): State<PublicOrigin>,
    req: Request,
    next: Next,
) -> Response {
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
        (STATIC_POLICY.to_owned(), body)
    };
    add_fixed(&mut parts.headers);
    if let Ok(v) = HeaderValue::from_str(&policy) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    if origin.is_https() {
        parts.headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    Response::from_parts(parts, body)
}

/// The headers of a response with no script, added where the middleware above
/// does not reach (the whole-request timeout's 503, which is outside it).
pub fn add_static_policy(headers: &mut HeaderMap) {
    add_fixed(headers);
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(STATIC_POLICY),
    );
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

/// Where `needle` first occurs in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
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
