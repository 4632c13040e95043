//! The outbox: messages wait here until a sender delivers them (`crate::mail`).
//! Claiming a message locks its row (`FOR UPDATE SKIP LOCKED`), so with any
//! number of server processes each message goes once; a failure puts it back
//! with a growing wait.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor};

/// How long sent messages are kept.
pub const KEEP_SENT_DAYS: i32 = 30;
/// The longest wait between attempts.
pub const MAX_BACKOFF_SECONDS: i64 = 3600;

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage<'a> {
    /// The recipient's address.
    pub to: &'a str,
    /// The subject line.
    pub subject: &'a str,
    /// The plain-text body.
    pub body: &'a str,
    /// The account it concerns (erasing it deletes the message).
    pub account: Option<i64>,
}

/// A message claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Queued {
    /// Its id.
    pub id: i64,
    /// Recipient.
    pub to_address: String,
    /// Subject.
    pub subject: String,
    /// Body.
    pub body: String,
    /// Attempts so far.
    pub attempts: i32,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// Queues a message (in the caller's transaction, so it goes only if the
/// change it reports is committed).
pub async fn enqueue(db: impl PgExecutor<'_>, m: &NewMessage<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "insert into outbox (to_address, subject, body, account_id)
         values ($1, $2, $3, $4) returning id",
    )
    .bind(m.to)
    .bind(m.subject)
    .bind(m.body)
    .bind(m.account)
    .fetch_one(db)
    .await
}

/// Claims the oldest due message, locking its row until the transaction
/// ends; another sender skips it.
pub async fn claim(db: &mut PgConnection) -> sqlx::Result<Option<Queued>> {
    sqlx::query_as(
        "select id, to_address, subject, body, attempts, created_at from outbox
         where sent_at is null and next_attempt_at <= now()
         order by next_attempt_at, id
         limit 1
         for update skip locked",
    )
    .fetch_optional(db)
    .await
}

/// Marks a claimed message sent.
pub async fn sent(db: &mut PgConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "update outbox set sent_at = now(), attempts = attempts + 1, last_error = null
         where id = $1",
    )
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// The wait before attempt `attempts + 1`: 30 s, doubling, at most an hour.
pub fn backoff_seconds(attempts: i32) -> i64 {
    let exp = u32::try_from(attempts.clamp(0, 20)).unwrap_or(20);
    (30_i64.saturating_mul(2_i64.saturating_pow(exp))).min(MAX_BACKOFF_SECONDS)
}

/// Puts a claimed message back after a failed attempt.
pub async fn failed(db: &mut PgConnection, q: &Queued, error: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update outbox set attempts = attempts + 1, last_error = $2,
             next_attempt_at = now() + make_interval(secs => $3)
         where id = $1",
    )
    .bind(q.id)
    .bind(error.chars().take(1000).collect::<String>())
    .bind(backoff_seconds(q.attempts) as f64)
    .execute(db)
    .await?;
    Ok(())
}

/// Deletes messages sent more than [`KEEP_SENT_DAYS`] ago.
pub async fn sweep(db: impl PgExecutor<'_>) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("delete from outbox where sent_at < now() - make_interval(days => $1)")
            .bind(KEEP_SENT_DAYS)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// Deletes every message to `email` (the address's erasure).
pub async fn forget_email(db: impl PgExecutor<'_>, email: &str) -> sqlx::Result<()> {
    sqlx::query("delete from outbox where lower(to_address) = lower($1)")
        .bind(email)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::backoff_seconds;

    #[test]
    fn waits_double_up_to_an_hour() {
        assert_eq!(backoff_seconds(0), 30);
        assert_eq!(backoff_seconds(1), 60);
        assert_eq!(backoff_seconds(3), 240);
        assert_eq!(backoff_seconds(7), 3600);
        assert_eq!(backoff_seconds(i32::MAX), 3600);
    }
}
