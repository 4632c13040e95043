//! Reading and writing the two cookies: the session id and, for visitors who
//! are not signed in, the CSRF token. When the public origin is https both
//! are `Secure` and carry the `__Host-` prefix (no `Domain`, `Path=/`), so no
//! other host, and no plain-http page, can set or overwrite them.

use axum::http::{HeaderMap, HeaderValue, header};

/// The session id's cookie (random, 256 bits; only its hash is stored).
pub const SESSION: &str = "techcat_session";

/// The session cookie's name: `__Host-` prefixed over https.
pub fn session_name(secure: bool) -> &'static str {
    if secure {
        "__Host-techcat_session"
    } else {
        SESSION
    }
}

/// The CSRF cookie's name: `__Host-` prefixed over https.
pub fn csrf_name(secure: bool) -> &'static str {
    crate::domain::csrf_cookie_name(secure)
}

/// The value of cookie `name`, if sent.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, `Path=/`, and `Secure` over HTTPS.
/// `max_age` in seconds; 0 deletes the cookie.
pub fn set(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    cookie(name, value, max_age, secure, "; HttpOnly")
}

fn cookie(name: &str, value: &str, max_age: i64, secure: bool, http_only: &str) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie =
        format!("{name}={value}; Path=/{http_only}; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The CSRF cookie: as [`set`] but readable by the page's own script, which
/// puts the same token in a form it shows by client-side navigation (the token
/// is in the page anyway; double-submit needs it unguessable cross-site, not
/// hidden from the page).
pub fn set_csrf(value: &str, secure: bool) -> HeaderValue {
    cookie(csrf_name(secure), value, CSRF_MAX_AGE, secure, "")
}

/// How long the CSRF cookie lasts, in seconds.
pub const CSRF_MAX_AGE: i64 = 60 * 60 * 24;

/// 32 random bytes as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS generator failing is not recoverable; refuse to make a weak token.
    getrandom::fill(&mut bytes).unwrap_or_else(|e| panic!("no OS randomness: {e}"));
    hex::encode(bytes)
}

/// SHA-256 of a random token (session id, emailed link, sign-in challenge):
/// what the database stores in its place.
pub fn token_hash(token: &str) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether `token` looks like one of ours (64 lower-case hex digits).
pub fn well_formed(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; techcat_session=abc; b=2"),
        );
        assert_eq!(get(&headers, SESSION), Some("abc"));
        assert_eq!(get(&headers, csrf_name(false)), None);
    }

    #[test]
    fn tokens_are_random_and_well_formed() {
        let (a, b) = (random_token(), random_token());
        assert!(well_formed(&a) && well_formed(&b));
        assert_ne!(a, b);
        assert!(!well_formed("zz") && !well_formed(&"G".repeat(64)));
    }

    #[test]
    fn the_csrf_cookie_is_lax_and_readable_by_the_page() {
        let c = set_csrf("t", true);
        let c = c.to_str().expect("ascii");
        assert!(c.starts_with("__Host-techcat_csrf=t; Path=/;") && c.contains("SameSite=Lax"));
        assert!(
            set_csrf("t", false)
                .to_str()
                .expect("ascii")
                .starts_with("techcat_csrf=t;")
        );
        assert!(!c.contains("HttpOnly") && c.ends_with("; Secure"));
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        assert_eq!(session_name(true), "__Host-techcat_session");
        assert_eq!(session_name(false), "techcat_session");
        let c = set(session_name(true), "x", 60, true);
        let c = c.to_str().expect("ascii");
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.ends_with("; Secure"));
        assert!(
            !set(SESSION, "x", 0, false)
                .to_str()
                .expect("ascii")
                .contains("Secure")
        );
    }
}
