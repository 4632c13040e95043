//! The session middleware: turns the cookies into a `Visitor` on the request
//! (read by pages, server functions and form handlers), gives a visitor who is
//! not signed in a CSRF cookie the first time a page with a form is sent, and
//! sets each response's caching policy for who asked.

use super::cookies;
use crate::ssr::ServerContext;
use crate::{domain::Visitor, ssr::Deadline};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, header},
    middleware::Next,
    response::Response,
};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

/// The response header by which a page says it holds a form (and so needs the
/// CSRF cookie). Set by the app's `CsrfField`; removed here, never sent.
use crate::components::FORM_MARKER;

/// Who a response from the session-aware routes was made for, put in its
/// extensions for the server's caching policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Audience {
    /// The visitor sent a session cookie or is signed in: the answer is theirs.
    pub personal: bool,
    /// The page holds a form (and so the visitor's CSRF token).
    pub has_form: bool,
}

/// A session cookie was sent but its session has ended (expired or unknown).
#[derive(Debug, Clone, Copy)]
pub struct SessionEnded;

/// SHA-256 of a session id: what the database stores.
pub fn id_hash(session_id: &str) -> Vec<u8> {
    Sha256::digest(session_id.as_bytes()).to_vec()
}

/// Whether to trust `X-Forwarded-*` headers (set `TRUST_PROXY=1` behind a load balancer).
fn trust_proxy() -> bool {
    static TRUST: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRUST.get_or_init(|| std::env::var("TRUST_PROXY").is_ok_and(|v| v == "1" || v == "true"))
}

/// Whether the browser reached us over HTTPS (so cookies get `Secure`).
pub fn is_https(headers: &HeaderMap) -> bool {
    trust_proxy()
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The client's address, for the per-address sign-in limit.
pub fn client_address(req: &Request) -> String {
    if trust_proxy()
        && let Some(first) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
    {
        return first.trim().to_owned();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}

/// Finds the visitor for this request and puts it (and `SessionEnded` when a
/// session cookie no longer opens a session) in the request's extensions.
pub async fn session_layer(
    State(state): State<ServerContext>,
    mut req: Request,
    next: Next,
) -> Response {
    let secure = is_https(req.headers());
    let mut set_cookies = Vec::new();
    let mut visitor = Visitor::default();
    let sent_session = cookies::get(req.headers(), cookies::SESSION).is_some();
    if let Some(sid) = cookies::get(req.headers(), cookies::SESSION).map(str::to_owned) {
        let found = Deadline::of(req.extensions())
            .run(async {
                let mut conn = state.pool.acquire().await?;
                crate::db::accounts::open_session(&mut conn, &id_hash(&sid)).await
            })
            .await;
        match found {
            Ok(Some((account, csrf_token))) => {
                visitor = Visitor {
                    account: Some(account),
                    csrf_token,
                };
            }
            Ok(None) => {
                req.extensions_mut().insert(SessionEnded);
                set_cookies.push(cookies::set(cookies::SESSION, "", 0, secure));
            }
            // The page itself will report the outage; carry on as anonymous.
            Err(e) => tracing::warn!(error = %e, "could not look up the session"),
        }
    }
    if visitor.account.is_none() {
        visitor.csrf_token = match cookies::get(req.headers(), cookies::CSRF) {
            Some(t) if cookies::well_formed(t) => t.to_owned(),
            _ => {
                let token = cookies::random_token();
                set_cookies.push(cookies::set_csrf(&token, secure));
                token
            }
        };
    }
    let signed_in = visitor.account.is_some();
    req.extensions_mut().insert(visitor);
    let mut response = next.run(req).await;
    // The page says whether it holds a form; only then does an anonymous
    // visitor need the CSRF cookie (the token is in the page).
    let has_form = response.headers_mut().remove(FORM_MARKER).is_some();
    for cookie in set_cookies {
        if sent_session || has_form {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    response.extensions_mut().insert(Audience {
        personal: sent_session || signed_in,
        has_form,
    });
    response
}
