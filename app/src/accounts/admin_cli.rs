//! `server create-admin`: the only way to make the first admin; and
//! `server reset-two-factor`, for someone who lost both their authenticator
//! and their recovery codes (the operator checks who they are first).
//!
//! For `create-admin`: The password
//! comes from `TECHCAT_ADMIN_PASSWORD` or, if that is unset, the first line of
//! standard input; it must pass the same checks as sign-up. There is no default.

use crate::domain::SignUpForm;
use anyhow::{Context, bail};
use sqlx::PgPool;

/// Creates an approved admin from the command-line options
/// `--email E --name N --organisation O`.
pub async fn create_admin(pool: &PgPool, args: &[String]) -> anyhow::Result<String> {
    let mut form = SignUpForm::default();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .with_context(|| format!("{flag} needs a value"))?
            .clone();
        match flag.as_str() {
            "--email" => form.email = value,
            "--name" => form.display_name = value,
            "--organisation" => form.organisation = value,
            other => bail!("unknown option {other:?}"),
        }
    }
    form.password = match std::env::var("TECHCAT_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .context("could not read the password from standard input")?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    form.confirm = form.password.clone();
    let new = match form.validate() {
        Ok(n) => n,
        Err(errors) => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect();
            bail!("{}", lines.join("; "));
        }
    };
    if let Some(message) = super::strength_error(&new.password, &[&new.display_name, &new.email]) {
        bail!("password: {message}");
    }
    let hash = super::hash_password(&new.password)?;
    let mut conn = pool.acquire().await?;
    match crate::db::accounts::create_admin(&mut conn, &new, &hash).await? {
        Ok(id) => Ok(format!("admin account {id} created for {}", new.email)),
        Err(_) => bail!(
            "an account with the email address {} already exists",
            new.email
        ),
    }
}

/// Removes the authenticator and recovery codes of the account with `email`
/// and ends its sessions (audited; a notice goes to the address). A curator
/// or admin must set up two-factor sign-in again at their next sign-in.
pub async fn reset_two_factor(pool: &PgPool, email: &str) -> anyhow::Result<String> {
    let email = crate::domain::normalise_email(email);
    let mut tx = pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar("select id from account where email = $1")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(id) = id else {
        bail!("there is no account with the email address {email}");
    };
    if !crate::db::two_factor::turn_off(&mut tx, id).await? {
        bail!("{email} does not use two-factor sign-in: nothing to reset");
    }
    sqlx::query("delete from session where account_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    crate::db::accounts::audit(
        &mut *tx,
        None,
        "two-factor sign-in reset by the operator",
        "account",
        &id.to_string(),
        &[],
        &[],
    )
    .await?;
    let body = "Two-factor sign-in for your account on the Proven health technologies catalogue \
                was reset by the service operator, and you were signed out everywhere. Set it \
                up again after you next sign in.\n\n\
                If you did not ask for this, tell the catalogue team at once.\n";
    crate::db::outbox::enqueue(
        &mut *tx,
        &crate::db::outbox::NewMessage {
            to: &email,
            subject: "Two-factor sign-in was reset",
            body,
            account: Some(id),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(format!(
        "two-factor sign-in removed for {email}; its sessions ended"
    ))
}
