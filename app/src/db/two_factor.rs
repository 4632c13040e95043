//! Two-factor sign-in as stored: an account's authenticator secret (an
//! enrolment in progress until a code is typed back), its one-time recovery
//! codes (SHA-256 only), and the short-lived challenge between a right
//! password and the code. A code works once: the step of the last code
//! accepted is kept, and only later steps pass.

use sqlx::{PgConnection, PgExecutor};

/// Minutes a sign-in challenge lives.
pub const CHALLENGE_MINUTES: i32 = 5;
/// Wrong codes a challenge takes before the password must be given again.
pub const CHALLENGE_ATTEMPTS: i32 = 5;

/// An account's authenticator.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Authenticator {
    /// The shared secret.
    pub secret: Vec<u8>,
    /// When a code was first typed back (`None`: enrolment in progress).
    pub confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The step of the last code accepted.
    pub last_step: i64,
}

/// The account's authenticator, confirmed or not.
pub async fn authenticator(
    db: impl PgExecutor<'_>,
    account: i64,
) -> sqlx::Result<Option<Authenticator>> {
    sqlx::query_as("select secret, confirmed_at, last_step from account_totp where account_id = $1")
        .bind(account)
        .fetch_optional(db)
        .await
}

/// The account's authenticator, confirmed or not, locked until the
/// transaction ends (so two requests cannot both accept the same code).
pub async fn lock(db: &mut PgConnection, account: i64) -> sqlx::Result<Option<Authenticator>> {
    sqlx::query_as(
        "select secret, confirmed_at, last_step from account_totp
         where account_id = $1 for update",
    )
    .bind(account)
    .fetch_optional(db)
    .await
}

/// [`lock`], for a confirmed authenticator only.
pub async fn lock_confirmed(
    db: &mut PgConnection,
    account: i64,
) -> sqlx::Result<Option<Authenticator>> {
    Ok(lock(db, account)
        .await?
        .filter(|a| a.confirmed_at.is_some()))
}

/// Whether the account signs in with a code.
pub async fn enabled(db: impl PgExecutor<'_>, account: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "select exists (select 1 from account_totp where account_id = $1 and confirmed_at is not null)",
    )
    .bind(account)
    .fetch_one(db)
    .await
}

/// Starts (or restarts) enrolment with a new secret. A confirmed authenticator
/// is left alone: `false` then.
pub async fn start(db: impl PgExecutor<'_>, account: i64, secret: &[u8]) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "insert into account_totp (account_id, secret) values ($1, $2)
         on conflict (account_id) do update
             set secret = excluded.secret, created_at = now(), last_step = 0
             where account_totp.confirmed_at is null",
    )
    .bind(account)
    .bind(secret)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Confirms enrolment at `step` (the typed code's) and replaces the recovery
/// codes with `recovery` (their hashes). `false` when there was nothing to confirm.
pub async fn confirm(
    db: &mut PgConnection,
    account: i64,
    step: i64,
    recovery: &[Vec<u8>],
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "update account_totp set confirmed_at = now(), last_step = $2
         where account_id = $1 and confirmed_at is null",
    )
    .bind(account)
    .bind(step)
    .execute(&mut *db)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    replace_recovery_codes(db, account, recovery).await?;
    Ok(true)
}

/// Records that a code of `step` was accepted.
pub async fn accept_step(db: impl PgExecutor<'_>, account: i64, step: i64) -> sqlx::Result<()> {
    sqlx::query("update account_totp set last_step = $2 where account_id = $1")
        .bind(account)
        .bind(step)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes every recovery code of the account and stores `hashes` instead.
pub async fn replace_recovery_codes(
    db: &mut PgConnection,
    account: i64,
    hashes: &[Vec<u8>],
) -> sqlx::Result<()> {
    sqlx::query("delete from recovery_code where account_id = $1")
        .bind(account)
        .execute(&mut *db)
        .await?;
    sqlx::query(
        "insert into recovery_code (account_id, code_hash)
         select $1, h from unnest($2::bytea[]) as h",
    )
    .bind(account)
    .bind(hashes)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Uses the recovery code with `hash`, if it is the account's and unused.
pub async fn use_recovery_code(
    db: impl PgExecutor<'_>,
    account: i64,
    hash: &[u8],
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "update recovery_code set used_at = now()
         where account_id = $1 and code_hash = $2 and used_at is null",
    )
    .bind(account)
    .bind(hash)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Recovery codes the account has left.
pub async fn recovery_left(db: impl PgExecutor<'_>, account: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "select count(*) from recovery_code where account_id = $1 and used_at is null",
    )
    .bind(account)
    .fetch_one(db)
    .await
}

/// Removes the authenticator and the recovery codes.
pub async fn turn_off(db: &mut PgConnection, account: i64) -> sqlx::Result<bool> {
    sqlx::query("delete from recovery_code where account_id = $1")
        .bind(account)
        .execute(&mut *db)
        .await?;
    let done = sqlx::query("delete from account_totp where account_id = $1")
        .bind(account)
        .execute(&mut *db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Opens a challenge for the account (its token's hash); earlier ones end.
pub async fn create_challenge(
    db: &mut PgConnection,
    account: i64,
    token_hash: &[u8],
) -> sqlx::Result<()> {
    sqlx::query("delete from sign_in_challenge where account_id = $1")
        .bind(account)
        .execute(&mut *db)
        .await?;
    sqlx::query(
        "insert into sign_in_challenge (token_hash, account_id, expires_at)
         values ($1, $2, now() + make_interval(mins => $3))",
    )
    .bind(token_hash)
    .bind(account)
    .bind(CHALLENGE_MINUTES)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The live challenge's account (id and email), locked until the transaction ends.
pub async fn lock_challenge(
    db: &mut PgConnection,
    token_hash: &[u8],
) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as(
        "select a.id, a.email from sign_in_challenge c join account a on a.id = c.account_id
         where c.token_hash = $1 and c.expires_at > now() and c.attempts < $2
         for update of c",
    )
    .bind(token_hash)
    .bind(CHALLENGE_ATTEMPTS)
    .fetch_optional(db)
    .await
}

/// Counts a wrong code; the wrong codes the challenge can still take (at 0 it
/// is deleted).
pub async fn challenge_failed(db: &mut PgConnection, token_hash: &[u8]) -> sqlx::Result<i32> {
    let attempts: Option<i32> = sqlx::query_scalar(
        "update sign_in_challenge set attempts = attempts + 1
         where token_hash = $1 returning attempts",
    )
    .bind(token_hash)
    .fetch_optional(&mut *db)
    .await?;
    let left = CHALLENGE_ATTEMPTS - attempts.unwrap_or(CHALLENGE_ATTEMPTS);
    if left <= 0 {
        end_challenge(db, token_hash).await?;
    }
    Ok(left.max(0))
}

/// Ends a challenge.
pub async fn end_challenge(db: impl PgExecutor<'_>, token_hash: &[u8]) -> sqlx::Result<()> {
    sqlx::query("delete from sign_in_challenge where token_hash = $1")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether the account signs in with a code, and whether it is staff (a
/// curator or admin, who must).
pub async fn standing(db: impl PgExecutor<'_>, account: i64) -> sqlx::Result<(bool, bool)> {
    sqlx::query_as(
        "select exists (select 1 from account_totp t
                        where t.account_id = a.id and t.confirmed_at is not null),
                a.role in ('curator', 'admin')
         from account a where a.id = $1",
    )
    .bind(account)
    .fetch_optional(db)
    .await
    .map(Option::unwrap_or_default)
}
