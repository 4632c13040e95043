//! Accounts, sessions and the audit log (sign-in throttling is `throttle`). Session ids are
//! stored only as SHA-256 hashes; passwords only as Argon2id hashes (made by
//! the server before they get here).

use crate::domain::{AccountStatus, AuditEntry, NewAccount, Role, SignedIn, StaffAccount};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor};

/// How long a session lasts without use.
pub const IDLE_MINUTES: i32 = 60;
/// How long a session lasts at most, however busy.
pub const ABSOLUTE_HOURS: i32 = 12;

/// The e-mail address is already registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmailTaken;

/// Stores a new pending member.
pub async fn create_account(
    db: impl PgExecutor<'_>,
    new: &NewAccount,
    password_hash: &str,
) -> sqlx::Result<Result<i64, EmailTaken>> {
    let inserted = sqlx::query_scalar(
        "insert into account (email, display_name, organisation, password_hash)
         values ($1, $2, $3, $4) returning id",
    )
    .bind(&new.email)
    .bind(&new.display_name)
    .bind(&new.organisation)
    .bind(password_hash)
    .fetch_one(db)
    .await;
    match inserted {
        Ok(id) => Ok(Ok(id)),
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("account_email_key") => {
            Ok(Err(EmailTaken))
        }
        Err(e) => Err(e),
    }
}

/// Creates the first admin (approved). Refuses if the e-mail is taken.
pub async fn create_admin(
    db: &mut PgConnection,
    new: &NewAccount,
    password_hash: &str,
) -> sqlx::Result<Result<i64, EmailTaken>> {
    let id = match create_account(&mut *db, new, password_hash).await? {
        Ok(id) => id,
        Err(taken) => return Ok(Err(taken)),
    };
    sqlx::query(
        "update account set status = 'approved', role = 'admin', approved_at = now() where id = $1",
    )
    .bind(id)
    .execute(&mut *db)
    .await?;
    audit(
        &mut *db,
        None,
        "create first admin",
        "account",
        &id.to_string(),
        &["email", "role", "status"],
        &[],
    )
    .await?;
    Ok(Ok(id))
}

/// What sign-in needs to check a password.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Account id.
    pub id: i64,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Approval (rejected and suspended accounts cannot sign in).
    pub status: AccountStatus,
}

/// The stored hash for `email` (already normalised), if the account exists.
pub async fn credentials(
    db: impl PgExecutor<'_>,
    email: &str,
) -> sqlx::Result<Option<Credentials>> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("select id, password_hash, status from account where email = $1")
            .bind(email)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(|(id, password_hash, status)| {
        Some(Credentials {
            id,
            password_hash,
            status: AccountStatus::parse(&status)?,
        })
    }))
}

/// Opens a session; any earlier session presented by the same browser is closed
/// by the caller (a new id on every sign-in).
pub async fn create_session(
    db: impl PgExecutor<'_>,
    account_id: i64,
    id_hash: &[u8],
    csrf_token: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into session (id_hash, account_id, csrf_token, expires_at)
         values ($1, $2, $3, now() + make_interval(hours => $4))",
    )
    .bind(id_hash)
    .bind(account_id)
    .bind(csrf_token)
    .bind(ABSOLUTE_HOURS)
    .execute(db)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    display_name: String,
    email: String,
    role: String,
    status: String,
    org_context: Option<String>,
    csrf_token: String,
    idle_seconds: f64,
    two_factor: bool,
}

/// How stale `last_seen_at` may get before a request refreshes it: most page
/// views then only read the session row (idle expiry is precise to a minute).
const TOUCH_AFTER_SECONDS: f64 = 60.0;

/// The live session with this hash, with its account and CSRF token. Expired
/// sessions (idle or absolute) are deleted and not returned.
pub async fn open_session(
    db: &mut PgConnection,
    id_hash: &[u8],
) -> sqlx::Result<Option<(SignedIn, String)>> {
    let row: Option<SessionRow> = sqlx::query_as(
        "select a.id, a.display_name, a.email, a.role, a.status, a.org_context, s.csrf_token,
                extract(epoch from now() - s.last_seen_at)::float8 as idle_seconds,
                exists (select 1 from account_totp t
                        where t.account_id = a.id and t.confirmed_at is not null) as two_factor
         from session s join account a on a.id = s.account_id
         where s.id_hash = $1
           and s.expires_at > now()
           and s.last_seen_at > now() - make_interval(mins => $2)",
    )
    .bind(id_hash)
    .bind(IDLE_MINUTES)
    .fetch_optional(&mut *db)
    .await?;
    let Some(row) = row else {
        delete_session(&mut *db, id_hash).await?;
        return Ok(None);
    };
    if row.idle_seconds > TOUCH_AFTER_SECONDS {
        sqlx::query("update session set last_seen_at = now() where id_hash = $1")
            .bind(id_hash)
            .execute(&mut *db)
            .await?;
    }
    let (Some(role), Some(status)) = (Role::parse(&row.role), AccountStatus::parse(&row.status))
    else {
        return Ok(None);
    };
    Ok(Some((
        SignedIn {
            id: row.id,
            display_name: row.display_name,
            email: row.email,
            role,
            status,
            org_context: row.org_context,
            two_factor: row.two_factor,
        },
        row.csrf_token,
    )))
}

/// Keeps (or with `None` forgets) an account's organisation details.
pub async fn save_org_context(
    db: impl PgExecutor<'_>,
    account: i64,
    ctx: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("update account set org_context = $2 where id = $1")
        .bind(account)
        .bind(ctx)
        .execute(db)
        .await?;
    Ok(())
}

/// Closes a session.
pub async fn delete_session(db: impl PgExecutor<'_>, id_hash: &[u8]) -> sqlx::Result<()> {
    sqlx::query("delete from session where id_hash = $1")
        .bind(id_hash)
        .execute(db)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    email: String,
    display_name: String,
    organisation: String,
    role: String,
    status: String,
    created_at: DateTime<Utc>,
    supplier_id: Option<i64>,
}

impl AccountRow {
    fn into_staff(self) -> Option<StaffAccount> {
        Some(StaffAccount {
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            organisation: self.organisation,
            role: Role::parse(&self.role)?,
            status: AccountStatus::parse(&self.status)?,
            created_at: self.created_at,
            supplier_id: self.supplier_id,
        })
    }
}

/// Every account, pending first, then by name.
pub async fn list_accounts(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<StaffAccount>> {
    let rows: Vec<AccountRow> = sqlx::query_as(
        "select id, email, display_name, organisation, role, status, created_at, supplier_id from account
         order by (status = 'pending') desc, lower(display_name), id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(AccountRow::into_staff)
        .collect())
}

async fn account(db: &mut PgConnection, id: i64) -> sqlx::Result<Option<StaffAccount>> {
    let row: Option<AccountRow> = sqlx::query_as(
        "select id, email, display_name, organisation, role, status, created_at, supplier_id from account
         where id = $1 for update",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(AccountRow::into_staff))
}

/// Sets an account's approval and role as an admin, with an audit entry.
/// Returns `false` when there is no such account. Run it in a transaction.
pub async fn update_account(
    db: &mut PgConnection,
    actor: i64,
    id: i64,
    status: AccountStatus,
    role: Role,
    supplier: Option<i64>,
) -> sqlx::Result<bool> {
    let Some(before) = account(&mut *db, id).await? else {
        return Ok(false);
    };
    let supplier = supplier.filter(|_| role == Role::Supplier);
    if before.status == status && before.role == role && before.supplier_id == supplier {
        return Ok(true);
    }
    sqlx::query(
        "update account set status = $2, role = $3,
             supplier_id = (select s.id from supplier s where s.id = $5),
             approved_at = case when $2 = 'approved' and status <> 'approved' then now() else approved_at end,
             approved_by = case when $2 = 'approved' and status <> 'approved' then $4 else approved_by end
         where id = $1",
    )
    .bind(id)
    .bind(status.as_str())
    .bind(role.as_str())
    .bind(actor)
    .bind(supplier)
    .execute(&mut *db)
    .await?;
    if !status.may_sign_in() {
        // Rejected or suspended accounts lose their sessions at once.
        sqlx::query("delete from session where account_id = $1")
            .bind(id)
            .execute(&mut *db)
            .await?;
    }
    let action = if before.status != status {
        format!("account {}", status.as_str())
    } else {
        "role changed".to_owned()
    };
    let changed: Vec<&str> = [
        ("status", before.status != status),
        ("role", before.role != role),
        ("supplier_id", before.supplier_id != supplier),
    ]
    .into_iter()
    .filter_map(|(f, c)| c.then_some(f))
    .collect();
    let ids: Vec<(&str, i64)> = supplier.map(|s| ("supplier_id", s)).into_iter().collect();
    audit(
        &mut *db,
        Some(actor),
        &action,
        "account",
        &id.to_string(),
        &changed,
        &ids,
    )
    .await?;
    Ok(true)
}

/// Writes one audit entry (in the caller's transaction): who did what to
/// which record, the names of the fields it changed and related ids. Never
/// values: the log outlives the data it describes, and erasure must not have
/// to chase copies of personal details through it.
pub async fn audit(
    db: impl PgExecutor<'_>,
    actor: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: &str,
    fields: &[&str],
    ids: &[(&str, i64)],
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into audit_log (actor_id, action, entity, entity_id, after)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(actor)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(audit_summary(fields, ids))
    .execute(db)
    .await?;
    Ok(())
}

/// The top-level keys whose values differ between two JSON objects.
pub fn changed_fields(before: &serde_json::Value, after: &serde_json::Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let (b, a) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    let mut names: Vec<String> = b
        .keys()
        .chain(a.keys())
        .filter(|k| b.get(*k) != a.get(*k))
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `{"fields": [sorted names], "ids": {name: id}}`: what the log stores.
pub fn audit_summary(fields: &[&str], ids: &[(&str, i64)]) -> serde_json::Value {
    let mut names: Vec<&str> = fields.to_vec();
    names.sort_unstable();
    names.dedup();
    let ids: serde_json::Map<String, serde_json::Value> = ids
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
        .collect();
    serde_json::json!({ "fields": names, "ids": ids })
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    at: DateTime<Utc>,
    actor: Option<String>,
    action: String,
    entity: String,
    entity_id: String,
    after: Option<serde_json::Value>,
}

/// The newest `limit` audit entries.
pub async fn audit_log(db: impl PgExecutor<'_>, limit: i64) -> sqlx::Result<Vec<AuditEntry>> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "select l.at, a.display_name || ' <' || a.email || '>' as actor,
                l.action, l.entity, l.entity_id, l.after
         from audit_log l left join account a on a.id = l.actor_id
         order by l.at desc, l.id desc limit $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let after = r.after.unwrap_or_default();
            let fields = after["fields"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let ids = after["ids"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_i64()?)))
                        .collect()
                })
                .unwrap_or_default();
            AuditEntry {
                at: r.at,
                actor: r.actor,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                fields,
                ids,
            }
        })
        .collect())
}

/// How long a password reset link works.
pub const RESET_MINUTES: i32 = 30;

/// Sets an account's password hash and ends its sessions except `keep` (the
/// one making the change, if any). Run in a transaction.
pub async fn set_password(
    db: &mut PgConnection,
    id: i64,
    password_hash: &str,
    keep: Option<&[u8]>,
) -> sqlx::Result<()> {
    sqlx::query("update account set password_hash = $2 where id = $1")
        .bind(id)
        .bind(password_hash)
        .execute(&mut *db)
        .await?;
    sqlx::query(
        "delete from session where account_id = $1 and ($2::bytea is null or id_hash <> $2)",
    )
    .bind(id)
    .bind(keep)
    .execute(&mut *db)
    .await?;
    audit(
        &mut *db,
        Some(id),
        "password changed",
        "account",
        &id.to_string(),
        &["password_hash"],
        &[],
    )
    .await
}

/// Stores a reset link's token hash for `account`, valid for
/// [`RESET_MINUTES`]; earlier unused links for the account stop working.
pub async fn create_reset(
    db: &mut PgConnection,
    account: i64,
    token_hash: &[u8],
) -> sqlx::Result<()> {
    sqlx::query("delete from password_reset where account_id = $1")
        .bind(account)
        .execute(&mut *db)
        .await?;
    sqlx::query(
        "insert into password_reset (token_hash, account_id, expires_at)
         values ($1, $2, now() + make_interval(mins => $3))",
    )
    .bind(token_hash)
    .bind(account)
    .bind(RESET_MINUTES)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The account a live, unused reset link belongs to (its row locked), with
/// its email address.
pub async fn reset_account(
    db: &mut PgConnection,
    token_hash: &[u8],
) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as(
        "select a.id, a.email from password_reset r join account a on a.id = r.account_id
         where r.token_hash = $1 and r.used_at is null and r.expires_at > now()
         for update of r",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

/// Marks a reset link used.
pub async fn use_reset(db: &mut PgConnection, token_hash: &[u8]) -> sqlx::Result<()> {
    sqlx::query("update password_reset set used_at = now() where token_hash = $1")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}
