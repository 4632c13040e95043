//! The session middleware: turns the cookies into a `Visitor` on the request
//! (read by pages, server functions and form handlers), gives a visitor who is
//! not signed in a CSRF cookie the first time a page with a form is sent, and
//! sets each response's caching policy for who asked.

use super::cookies;
use crate::ssr::ServerContext;
use crate::{domain::Visitor, ssr::Deadline};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::header,
    middleware::Next,
    response::Response,
};
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
    cookies::token_hash(session_id)
}

/// The client's address, for the per-client limits. With `hops` trusted
/// proxies in front (`TRUST_PROXY`), it is the `hops`-th `X-Forwarded-For`
/// entry counted from the right: each trusted proxy appends the address it was
/// reached from, so entries further left were written by the client and are
/// ignored. Without trusted proxies, or when the header holds fewer entries
/// than there are proxies (a misconfiguration), it is the connection's peer.
pub fn client_address(req: &Request, hops: usize) -> String {
    let peer = || {
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
    };
    if hops == 0 {
        return peer();
    }
    let entries: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    match entries.len().checked_sub(hops).and_then(|i| entries.get(i)) {
        Some(found) if !found.is_empty() && found.len() <= 64 => (*found).to_owned(),
        _ => peer(),
    }
}

/// Finds the visitor for this request and puts it (and `SessionEnded` when a
/// session cookie no longer opens a session) in the request's extensions.
pub async fn session_layer(
    State(state): State<ServerContext>,
    mut req: Request,
    next: Next,
) -> Response {
    let secure = state.public_origin.is_https();
    let session_cookie = cookies::session_name(secure);
    let mut set_cookies = Vec::new();
    let mut visitor = Visitor::default();
    let sent_session = cookies::get(req.headers(), session_cookie).is_some();
    if let Some(sid) = cookies::get(req.headers(), session_cookie).map(str::to_owned) {
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
                set_cookies.push(cookies::set(session_cookie, "", 0, secure));
            }
            // The page itself will report the outage; carry on as anonymous.
            Err(e) => tracing::warn!(error = %e, "could not look up the session"),
        }
    }
    if visitor.account.is_none() {
        visitor.csrf_token = match cookies::get(req.headers(), cookies::csrf_name(secure)) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(forwarded: &[&str]) -> Request {
        let mut req = Request::new(Body::empty());
        for f in forwarded {
            req.headers_mut()
                .append("x-forwarded-for", f.parse().expect("header"));
        }
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 9], 5000))));
        req
    }

    #[test]
    fn the_client_is_read_from_the_right_by_trusted_hops() {
        // The client wrote "6.6.6.6" itself; the proxy appended 1.2.3.4.
        let req = request(&["6.6.6.6, 1.2.3.4"]);
        assert_eq!(client_address(&req, 0), "10.0.0.9");
        assert_eq!(client_address(&req, 1), "1.2.3.4");
        assert_eq!(client_address(&req, 2), "6.6.6.6");
        // Fewer entries than proxies: the peer, never a guess.
        assert_eq!(client_address(&req, 3), "10.0.0.9");
        // Several header lines count as one list.
        let req = request(&["6.6.6.6", "1.2.3.4, 5.6.7.8"]);
        assert_eq!(client_address(&req, 1), "5.6.7.8");
        assert_eq!(client_address(&req, 2), "1.2.3.4");
        assert_eq!(client_address(&request(&[]), 1), "10.0.0.9");
    }
}
