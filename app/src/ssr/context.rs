//! Reaching the request from a server function or page: the pool through
//! Leptos context, every database call of a request within its deadline, errors
//! reported with the right HTTP status, and who is visiting.

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
    crate::components::response::set_status(err.status_code());
    err
}

/// Who made this request, as the server's session middleware found it.
pub fn visitor() -> crate::domain::Visitor {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<crate::domain::Visitor>().cloned())
        .unwrap_or_default()
}

/// The signed-in, approved account with at least `role`; otherwise
/// `SignInRequired` (nobody signed in), `TwoFactorNeeded` (a curator or admin
/// without two-factor sign-in) or `Forbidden` (pending, or role too low).
pub fn require(role: crate::domain::Role) -> Result<crate::domain::SignedIn, AppError> {
    let visitor = visitor();
    match &visitor.account {
        None => Err(with_status(AppError::SignInRequired)),
        Some(account) if visitor.has(role) => Ok(account.clone()),
        Some(account) if role.is_staff() && account.needs_two_factor() => {
            Err(with_status(AppError::TwoFactorNeeded))
        }
        Some(_) => Err(with_status(AppError::Forbidden)),
    }
}
