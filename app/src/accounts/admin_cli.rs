//! `server create-admin`: the only way to make the first admin. The password
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
