//! Erasing a member's account: everything that is theirs goes in one
//! transaction. Sessions, suggestions and the contact entries that describe
//! them go with the account row (on delete cascade); their submissions stay
//! without them (`submitted_by` set null) and lose the contact details they
//! offered; their changes to the catalogue stay, credited to "a former
//! member"; the sign-in counters and queued or sent messages for the address
//! are deleted.

use sqlx::PgConnection;

/// What erasing found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erased {
    /// Done.
    Done,
    /// No such account.
    NotFound,
    /// The only approved admin: another admin must exist first.
    LastAdmin,
}

/// Erases account `id`. Run in a transaction.
pub async fn erase_account(db: &mut PgConnection, id: i64) -> sqlx::Result<Erased> {
    let found: Option<(String, String, String)> =
        sqlx::query_as("select email, role, status from account where id = $1 for update")
            .bind(id)
            .fetch_optional(&mut *db)
            .await?;
    let Some((email, role, status)) = found else {
        return Ok(Erased::NotFound);
    };
    if role == "admin" && status == "approved" {
        let others: i64 = sqlx::query_scalar(
            "select count(*) from account
             where role = 'admin' and status = 'approved' and id <> $1",
        )
        .bind(id)
        .fetch_one(&mut *db)
        .await?;
        if others == 0 {
            return Ok(Erased::LastAdmin);
        }
    }
    sqlx::query(
        "update submission set contact_job_title = null, contact_phone = null,
             contact_method = null, contact_consent = false
         where submitted_by = $1",
    )
    .bind(id)
    .execute(&mut *db)
    .await?;
    super::throttle::forget_email(&mut *db, &email).await?;
    super::outbox::forget_email(&mut *db, &email).await?;
    sqlx::query("delete from account where id = $1")
        .bind(id)
        .execute(&mut *db)
        .await?;
    super::accounts::audit(
        &mut *db,
        None,
        "account erased",
        "account",
        &id.to_string(),
        &[],
        &[],
    )
    .await?;
    Ok(Erased::Done)
}
