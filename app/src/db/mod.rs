//! The only module that talks to Postgres. Functions take an executor, return
//! domain types, and never build SQL from user input: every value is bound.
//!
//! Queries are checked at run time (`query_as` into `*Row` structs) rather than at
//! compile time, so the build needs no live database or committed `.sqlx/` data;
//! every query here is exercised by the database tests against real Postgres.

pub mod accounts;
pub mod adoption;
pub mod catalogue_cache;
pub mod claims;
pub mod comparison;
pub mod contacts;
pub mod curation;
pub mod email_change;
pub mod erasure;
pub mod health;
pub mod housekeeping;
pub mod lifecycle;
pub mod open_data;
pub mod outbox;
pub mod readiness;
mod rows;
pub mod search;
pub mod seed;
pub mod submissions;
pub mod suggestions;
pub mod technologies;
pub mod throttle;
pub mod two_factor;

use crate::error::AppError;

/// The database's date today: the one clock every verified-on, re-check and
/// "prepared on" date is read from, so replicas in other time zones agree.
pub async fn today<'e>(db: impl sqlx::PgExecutor<'e>) -> sqlx::Result<chrono::NaiveDate> {
    sqlx::query_scalar("select current_date")
        .fetch_one(db)
        .await
}

/// Postgres SQLSTATE classes that mean "the server is going away or not ready":
/// connection exceptions (08), operator intervention (57, e.g. admin shutdown).
const UNAVAILABLE_SQLSTATE_CLASSES: [&str; 2] = ["08", "57"];

/// Whether `err` means the database cannot be reached right now, as opposed to a
/// bug or bad data.
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            UNAVAILABLE_SQLSTATE_CLASSES
                .iter()
                .any(|c| code.starts_with(c))
        }),
        _ => false,
    }
}

impl From<sqlx::Error> for AppError {
    /// Logs the cause, then keeps only its category: the text stays on the server.
    fn from(err: sqlx::Error) -> Self {
        if is_unavailable(&err) {
            tracing::warn!(error = %err, "database unavailable");
            AppError::Unavailable
        } else {
            tracing::error!(error = ?err, "database error");
            AppError::Internal
        }
    }
}
