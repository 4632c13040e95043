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
