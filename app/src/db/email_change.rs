//! Changing an account's email address: the new address waits, as the hash of
//! the link's token, until its owner opens the link sent to it; then the
//! account's address changes and the old one is told.

use sqlx::{PgConnection, PgExecutor};

/// How long an email change link works.
pub const EMAIL_CHANGE_HOURS: i32 = 24;

/// Stores a change to `new_email` for `account`; earlier unconfirmed changes
/// stop working.
pub async fn request(
    db: &mut PgConnection,
    account: i64,
    token_hash: &[u8],
    new_email: &str,
) -> sqlx::Result<()> {
    sqlx::query("delete from email_change where account_id = $1")
        .bind(account)
        .execute(&mut *db)
        .await?;
    sqlx::query(
        "insert into email_change (token_hash, account_id, new_email, expires_at)
         values ($1, $2, $3, now() + make_interval(hours => $4))",
    )
    .bind(token_hash)
    .bind(account)
    .bind(new_email)
    .bind(EMAIL_CHANGE_HOURS)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// A live, unused change: the account, its current address and the new one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Pending {
    /// The account.
    pub account_id: i64,
    /// Its address now.
    pub old_email: String,
    /// The address it changes to.
    pub new_email: String,
}

/// The live change a link's token opens (locked until the transaction ends
/// when `lock`).
pub async fn pending(
    db: &mut PgConnection,
    token_hash: &[u8],
    lock: bool,
) -> sqlx::Result<Option<Pending>> {
    // One statement; `for update` only when asked (a plain read takes no lock).
    macro_rules! pending_sql {
        ($tail:literal) => {
            concat!(
                "select c.account_id, a.email as old_email, c.new_email
                 from email_change c join account a on a.id = c.account_id
                 where c.token_hash = $1 and c.used_at is null and c.expires_at > now()",
                $tail
            )
        };
    }
    let sql = if lock {
        pending_sql!(" for update of c, a")
    } else {
        pending_sql!("")
    };
    sqlx::query_as(sql)
        .bind(token_hash)
        .fetch_optional(db)
        .await
}

/// Whether another account already signs in with `email`.
pub async fn taken(db: impl PgExecutor<'_>, email: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar("select exists (select 1 from account where email = $1)")
        .bind(email)
        .fetch_one(db)
        .await
}

/// Applies the change the token opens: the account's address is the new one,
/// the link is used, and the account's other pending changes are deleted.
pub async fn apply(db: &mut PgConnection, token_hash: &[u8], change: &Pending) -> sqlx::Result<()> {
    sqlx::query("update account set email = $2 where id = $1")
        .bind(change.account_id)
        .bind(&change.new_email)
        .execute(&mut *db)
        .await?;
    sqlx::query("update email_change set used_at = now() where token_hash = $1")
        .bind(token_hash)
        .execute(&mut *db)
        .await?;
    sqlx::query("delete from email_change where account_id = $1 and token_hash <> $2")
        .bind(change.account_id)
        .bind(token_hash)
        .execute(&mut *db)
        .await?;
    super::accounts::audit(
        &mut *db,
        Some(change.account_id),
        "email changed",
        "account",
        &change.account_id.to_string(),
        &["email"],
        &[],
    )
    .await
}
