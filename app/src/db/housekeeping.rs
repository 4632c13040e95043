//! Retention as the code enforces it: what each sweep deletes once it is past
//! the time the privacy notice states. Every statement is idempotent, so any
//! number of server processes may sweep at once.

use sqlx::PgPool;

/// What one sweep deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Sessions past their idle or absolute expiry.
    pub sessions: u64,
    /// Sign-in and sign-up counters past their window.
    pub throttle: u64,
    /// Messages sent more than 30 days ago.
    pub mail: u64,
    /// Password reset and email change links, and sign-in challenges, past
    /// their expiry or used.
    pub links: u64,
}

/// Deletes everything past its retention.
pub async fn sweep(pool: &PgPool) -> sqlx::Result<Swept> {
    let sessions = sqlx::query(
        "delete from session
         where expires_at <= now() or last_seen_at <= now() - make_interval(mins => $1)",
    )
    .bind(super::accounts::IDLE_MINUTES)
    .execute(pool)
    .await?
    .rows_affected();
    let throttle = super::throttle::sweep(pool).await?;
    let mail = super::outbox::sweep(pool).await?;
    let mut links = 0;
    for sql in [
        "delete from password_reset where expires_at <= now() or used_at is not null",
        "delete from email_change where expires_at <= now() or used_at is not null",
        "delete from sign_in_challenge where expires_at <= now()",
    ] {
        links += sqlx::query(sql).execute(pool).await?.rows_affected();
    }
    Ok(Swept {
        sessions,
        throttle,
        mail,
        links,
    })
}
