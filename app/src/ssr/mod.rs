//! Server-only glue for server functions: reaching the pool through Leptos
//! context and reporting errors with the right HTTP status.

use crate::error::AppError;
use sqlx::PgPool;

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
