//! Sign-in and sign-up throttling. Each attempt is counted by one atomic
//! statement before the password is checked, so parallel bursts cannot pass
//! the limits, and a refusal states how long to wait (the server never
//! sleeps). The limits are keyed so that they cannot be turned against an
//! account's owner:
//!
//! - per (address, client): a few attempts per window, then refused;
//! - per client: more failures per window, over any addresses (a successful
//!   sign-in is taken off the count);
//! - per address: beyond a free number, one attempt per spacing. An attacker
//!   spread over many clients is slowed to a crawl; the owner, signing in from
//!   their own client, waits at most the spacing.
//!
//! An attempt refused by one limit is not counted by the later ones.

use sqlx::PgExecutor;

/// The window attempts are counted over.
pub const WINDOW_MINUTES: i32 = 15;
/// Attempts per (address, client) in the window.
pub const MAX_PER_PAIR: i32 = 5;
/// Attempts per client in the window, over any addresses.
pub const MAX_PER_CLIENT: i32 = 30;
/// Attempts per address in the window before they are spaced out.
pub const FREE_PER_ACCOUNT: i32 = 10;
/// The spacing between attempts on one address beyond the free number.
pub const ACCOUNT_SPACING_SECONDS: i32 = 20;
/// New accounts per client per hour (an office behind one address may sign
/// up a team at once).
pub const MAX_SIGN_UPS_PER_HOUR: i32 = 20;

/// Whether an attempt may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Check the password.
    Allowed,
    /// Refused: try again after this many seconds.
    Wait(i64),
}

/// Counts a sign-in attempt for `email` from `client`, and says whether it may
/// go ahead. One statement: the three counters are upserted in order, each
/// only when the one before allowed the attempt.
pub async fn sign_in_attempt(
    db: impl PgExecutor<'_>,
    email: &str,
    client: &str,
) -> sqlx::Result<Attempt> {
    let (pair_wait, client_wait, account_wait): (Option<f64>, Option<f64>, Option<f64>) =
        sqlx::query_as(
            "with pair as (
                 insert into sign_in_throttle as t (scope, email, client, attempts)
                 values ('pair', $1, $2, 1)
                 on conflict (scope, email, client) do update set
                     attempts = case when t.window_start <= now() - make_interval(mins => $3)
                                     then 1 else t.attempts + 1 end,
                     window_start = case when t.window_start <= now() - make_interval(mins => $3)
                                         then now() else t.window_start end
                 returning attempts, window_start
             ), by_client as (
                 insert into sign_in_throttle as t (scope, email, client, attempts)
                 select 'client', '', $2, 1 from pair where pair.attempts <= $4
                 on conflict (scope, email, client) do update set
                     attempts = case when t.window_start <= now() - make_interval(mins => $3)
                                     then 1 else t.attempts + 1 end,
                     window_start = case when t.window_start <= now() - make_interval(mins => $3)
                                         then now() else t.window_start end
                 returning attempts, window_start
             ), account as (
                 insert into sign_in_throttle as t (scope, email, client, attempts)
                 select 'account', $1, '', 1 from by_client where by_client.attempts <= $5
                 on conflict (scope, email, client) do update set
                     attempts = case when t.window_start <= now() - make_interval(mins => $3)
                                     then 1 else t.attempts + 1 end,
                     window_start = case when t.window_start <= now() - make_interval(mins => $3)
                                         then now() else t.window_start end,
                     granted = t.window_start <= now() - make_interval(mins => $3)
                               or t.attempts + 1 <= $6
                               or coalesce(t.next_at <= now(), true),
                     next_at = case
                         when t.window_start <= now() - make_interval(mins => $3) then null
                         when t.attempts + 1 <= $6 then t.next_at
                         when coalesce(t.next_at <= now(), true)
                             then now() + make_interval(secs => $7)
                         else t.next_at end
                 returning granted, next_at
             )
             select
                 (select extract(epoch from window_start + make_interval(mins => $3) - now())::float8
                  from pair where attempts > $4),
                 (select extract(epoch from window_start + make_interval(mins => $3) - now())::float8
                  from by_client where attempts > $5),
                 (select extract(epoch from next_at - now())::float8
                  from account where not granted)",
        )
        .bind(email)
        .bind(client)
        .bind(WINDOW_MINUTES)
        .bind(MAX_PER_PAIR)
        .bind(MAX_PER_CLIENT)
        .bind(FREE_PER_ACCOUNT)
        .bind(f64::from(ACCOUNT_SPACING_SECONDS))
        .fetch_one(db)
        .await?;
    Ok(match pair_wait.or(client_wait).or(account_wait) {
        Some(seconds) => Attempt::Wait(seconds.ceil().max(1.0) as i64),
        None => Attempt::Allowed,
    })
}

/// After a successful sign-in: forgets the attempts on the address, from this
/// client and from everywhere, and takes this attempt off the client's count
/// (which so counts failures: many people behind one office address sign in
/// every day).
pub async fn sign_in_succeeded(
    db: impl PgExecutor<'_>,
    email: &str,
    client: &str,
) -> sqlx::Result<()> {
    forget(db, email, client, true).await
}

/// After the right password of an account that signs in with a code too: the
/// attempts from this client are forgotten as after a sign-in, so the code
/// step has its own tries; the count from everywhere stays until the code is
/// right, so guessing codes over many clients is slowed like guessing
/// passwords.
pub async fn password_right(
    db: impl PgExecutor<'_>,
    email: &str,
    client: &str,
) -> sqlx::Result<()> {
    forget(db, email, client, false).await
}

async fn forget(
    db: impl PgExecutor<'_>,
    email: &str,
    client: &str,
    everywhere: bool,
) -> sqlx::Result<()> {
    sqlx::query(
        "with forgotten as (
             delete from sign_in_throttle
             where (scope = 'pair' and email = $1 and client = $2)
                or ($3 and scope = 'account' and email = $1)
                or (scope = 'client' and client = $2 and attempts <= 1)
         )
         update sign_in_throttle set attempts = attempts - 1
         where scope = 'client' and email = '' and client = $2 and attempts > 1",
    )
    .bind(email)
    .bind(client)
    .bind(everywhere)
    .execute(db)
    .await?;
    Ok(())
}

/// Password reset requests per client per hour.
pub const MAX_RESETS_PER_HOUR: i32 = 10;

/// Counts a sign-up from `client` against `per_hour` (`SIGN_UPS_PER_HOUR`,
/// default [`MAX_SIGN_UPS_PER_HOUR`]): allowed, or how long to wait.
pub async fn sign_up_attempt(
    db: impl PgExecutor<'_>,
    client: &str,
    per_hour: i32,
) -> sqlx::Result<Attempt> {
    hourly(db, "sign_up", client, per_hour).await
}

/// Counts a password reset request from `client`.
pub async fn reset_attempt(db: impl PgExecutor<'_>, client: &str) -> sqlx::Result<Attempt> {
    hourly(db, "reset", client, MAX_RESETS_PER_HOUR).await
}

/// Counts an attempt in `scope` from `client` against `max` an hour.
async fn hourly(
    db: impl PgExecutor<'_>,
    scope: &str,
    client: &str,
    max: i32,
) -> sqlx::Result<Attempt> {
    let wait: Option<f64> = sqlx::query_scalar(
        "with counted as (
             insert into sign_in_throttle as t (scope, email, client, attempts)
             values ($3, '', $1, 1)
             on conflict (scope, email, client) do update set
                 attempts = case when t.window_start <= now() - interval '1 hour'
                                 then 1 else t.attempts + 1 end,
                 window_start = case when t.window_start <= now() - interval '1 hour'
                                     then now() else t.window_start end
             returning attempts, window_start
         )
         select extract(epoch from window_start + interval '1 hour' - now())::float8
         from counted where attempts > $2",
    )
    .bind(client)
    .bind(max)
    .bind(scope)
    .fetch_optional(db)
    .await?
    .flatten();
    Ok(match wait {
        Some(seconds) => Attempt::Wait(seconds.ceil().max(1.0) as i64),
        None => Attempt::Allowed,
    })
}

/// Deletes counters whose window (and spacing) has passed. Returns how many.
pub async fn sweep(db: impl PgExecutor<'_>) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "delete from sign_in_throttle
         where window_start <= now() - case when scope in ('sign_up', 'reset') then interval '1 hour'
                                            else make_interval(mins => $1) end
           and coalesce(next_at <= now(), true)",
    )
    .bind(WINDOW_MINUTES)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes every counter keyed by `email` (the address's erasure).
pub async fn forget_email(db: impl PgExecutor<'_>, email: &str) -> sqlx::Result<()> {
    sqlx::query("delete from sign_in_throttle where email = $1")
        .bind(email)
        .execute(db)
        .await?;
    Ok(())
}
