//! Server-only glue for server functions: reaching the pool through Leptos
//! context, keeping every database call of a request within its deadline, and
//! reporting errors with the right HTTP status.

use crate::error::AppError;
use sqlx::PgPool;
use std::time::Duration;
use tokio::time::Instant;

/// When the database work of one request must be finished. The server's
/// middleware puts one on each request, counted from its arrival; every query
/// of the request, however many connections it takes, shares it, so a page
/// answers within the budget even while the database is unreachable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline(pub Instant);

impl Deadline {
    /// The database time one request may use, from its arrival. Under 2 s, so
    /// every request is answered within 2 s when the database is down.
    pub const BUDGET: Duration = Duration::from_millis(1500);

    /// A deadline [`Self::BUDGET`] from now.
    pub fn from_now() -> Self {
        Self(Instant::now() + Self::BUDGET)
    }

    /// The deadline stamped on a request (its extensions), or a fresh one when
    /// none was (a request built outside the server's middleware).
    pub fn of(extensions: &http::Extensions) -> Self {
        extensions
            .get::<Self>()
            .copied()
            .unwrap_or_else(Self::from_now)
    }

    /// Runs `work` (database calls), giving up with `Unavailable` when the
    /// deadline passes first. Dropping the work ends its query on the client;
    /// the web pool's `statement_timeout` ends it on the server.
    pub async fn run<T>(
        self,
        work: impl Future<Output = Result<T, sqlx::Error>>,
    ) -> Result<T, AppError> {
        match tokio::time::timeout_at(self.0, work).await {
            Ok(done) => done.map_err(AppError::from),
            Err(_) => {
                tracing::warn!("the request's database deadline passed");
                Err(AppError::Unavailable)
            }
        }
    }
}

/// This request's database deadline (a fresh one outside a request).
pub fn deadline() -> Deadline {
    leptos::prelude::use_context::<http::request::Parts>()
        .map_or_else(Deadline::from_now, |p| Deadline::of(&p.extensions))
}

/// Runs a server function's database work within the request's deadline; a
/// failure becomes an `AppError` and sets the response status.
pub async fn db<T>(work: impl Future<Output = Result<T, sqlx::Error>>) -> Result<T, AppError> {
    deadline().run(work).await.map_err(with_status)
}

/// The database pool provided as context by the server's router.
pub fn pool() -> Result<PgPool, AppError> {
    leptos::prelude::use_context::<PgPool>().ok_or_else(|| {
        tracing::error!("PgPool missing from Leptos context");
        with_status(AppError::Internal)
    })
}

/// Sets the response status for `err` (for both server-function calls and the
/// server-rendered page that called them), then returns it.
pub fn with_status(err: AppError) -> AppError {
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(err.status_code());
    }
    err
}

/// Who made this request, as the server's session middleware found it.
pub fn visitor() -> crate::domain::Visitor {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<crate::domain::Visitor>().cloned())
        .unwrap_or_default()
}

/// The signed-in, approved account with at least `role`; otherwise
/// `SignInRequired` (nobody signed in) or `Forbidden` (pending, or role too low).
pub fn require(role: crate::domain::Role) -> Result<crate::domain::SignedIn, AppError> {
    let visitor = visitor();
    match &visitor.account {
        None => Err(with_status(AppError::SignInRequired)),
        Some(account) if visitor.has(role) => Ok(account.clone()),
        Some(_) => Err(with_status(AppError::Forbidden)),
    }
}

/// The origin the public reaches the service at (`https://host`), for links
/// meant to be shared; from the `PUBLIC_ORIGIN` setting, never from a request's
/// `Host` header, which the client writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicOrigin(std::sync::Arc<str>);

impl PublicOrigin {
    /// Checks `value`: `http` or `https`, a host (letters, digits, `.`, `-`, or
    /// an IPv6 address in brackets), an optional port, nothing after; one
    /// trailing `/` is dropped.
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.strip_suffix('/').unwrap_or(value);
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"))
            .ok_or("it must start with https:// or http://")?;
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(':') && !p.contains(']') => (h, Some(p)),
            _ => (rest, None),
        };
        let host_ok = if let Some(ip6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            !ip6.is_empty() && ip6.chars().all(|c| c.is_ascii_hexdigit() || c == ':')
        } else {
            !host.is_empty()
                && host.len() <= 253
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        };
        if !host_ok {
            return Err("its host is not a plain host name or address".into());
        }
        if port.is_some_and(|p| p.parse::<u16>().map_or(true, |n| n == 0)) {
            return Err("its port is not a number from 1 to 65535".into());
        }
        Ok(Self(value.into()))
    }

    /// `http://ADDRESS`, for a server without the setting.
    pub fn for_address(addr: std::net::SocketAddr) -> Self {
        Self(format!("http://{addr}").into())
    }

    /// The origin, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the public reaches the service over https.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

#[cfg(test)]
mod tests {
    use super::PublicOrigin;

    #[test]
    fn public_origins_are_plain_origins() {
        for ok in [
            "https://catalogue.example.nhs.uk",
            "https://catalogue.example.nhs.uk/",
            "http://127.0.0.1:3000",
            "http://[::1]:8080",
        ] {
            assert!(PublicOrigin::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            PublicOrigin::parse("https://a.example/")
                .expect("an origin")
                .as_str(),
            "https://a.example"
        );
        for bad in [
            "catalogue.example",
            "ftp://a.example",
            "https://",
            "https://a.example/path",
            "https://a.example:0",
            "https://a.example:99999",
            "https://user@a.example",
            "javascript:alert(1)",
            "https://a.example?x",
        ] {
            assert!(PublicOrigin::parse(bad).is_err(), "{bad}");
        }
        assert!(
            PublicOrigin::parse("https://a.example")
                .expect("an origin")
                .is_https()
        );
        assert!(
            !PublicOrigin::parse("http://a.example")
                .expect("an origin")
                .is_https()
        );
    }
}
