//! POST handlers for changing and resetting a password. Each queues its email
//! in the transaction that makes the change, so the message goes exactly when
//! the change is committed.

use super::{
    cookies::{self, token_hash},
    password::{strength_error, verify_gated},
    session::id_hash,
};
use crate::{
    db::{
        accounts::{self, RESET_MINUTES},
        outbox::{self, NewMessage},
        throttle::{self, Attempt},
    },
    domain::{FieldError, FormEcho, check_email_field, check_new_password, wait_words},
    ssr::{
        ServerContext,
        forms::{Fields, busy, read_form, refuse, throttled, unavailable},
    },
};
use axum::{
    extract::{Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// The message telling an account's owner their password changed.
fn changed_notice(state: &ServerContext, how: &str) -> String {
    let origin = state.public_origin.as_str();
    format!(
        "The password for your account on the Proven health technologies catalogue was {how} \
         on {} (UTC), and every other session was signed out.\n\n\
         If this was you, there is nothing to do.\n\n\
         If it was not, reset your password now at {origin}/reset-password and tell the \
         catalogue team.\n",
        chrono::Utc::now().format("%-d %B %Y at %H:%M")
    )
}

/// A new password checked: the form's rules, then its strength against the
/// owner's own words. The errors, if any.
fn new_password_errors(form: &Fields, context: &[&str]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    check_new_password(
        &mut errors,
        "password",
        form.get("password"),
        form.get("confirm"),
    );
    if errors.is_empty()
        && let Some(message) = strength_error(form.get("password"), context)
    {
        errors.push(FieldError::new("password", message));
    }
    errors
}

/// What to show again: the named fields only (never a password).
pub(super) fn echo(
    form: &str,
    fields: &Fields,
    keep: &[&str],
    errors: Vec<FieldError>,
) -> FormEcho {
    FormEcho {
        form: form.to_owned(),
        values: keep
            .iter()
            .map(|k| ((*k).to_owned(), fields.get(k).to_owned()))
            .collect(),
        errors,
    }
}

/// `POST /account/password`: the current password, then the new one twice.
/// This session stays; every other ends; a notice goes to the address.
pub async fn change_password(State(state): State<ServerContext>, req: Request) -> Response {
    const PATH: &str = "/account/password";
    let posted = match read_form::<Fields>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(me) = posted.visitor.account.clone() else {
        return crate::ssr::render::page(
            &state,
            posted.parts,
            PATH,
            None,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    };
    let local = me.email.split('@').next().unwrap_or_default().to_owned();
    let mut errors = new_password_errors(&posted.form, &[me.display_name.as_str(), &local]);
    if posted.form.get("current").is_empty() {
        errors.insert(0, FieldError::new("current", "Enter your current password"));
    } else {
        let stored = match accounts::credentials(&state.pool, &me.email).await {
            Ok(c) => c,
            Err(e) => return unavailable(&e),
        };
        let phc = stored.map(|c| c.password_hash).unwrap_or_default();
        match verify_gated(posted.form.get("current"), &phc).await {
            Err(_) => return busy(),
            Ok(true) => {}
            Ok(false) => errors.insert(
                0,
                FieldError::new("current", "The current password is not right"),
            ),
        }
    }
    if !errors.is_empty() {
        let e = echo("change-password", &posted.form, &[], errors);
        return refuse(&state, posted.parts, PATH, e).await;
    }
    let hash = match super::handlers::hash_for_form(posted.form.get("password")).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let secure = state.public_origin.is_https();
    let keep = cookies::get(&posted.parts.headers, cookies::session_name(secure)).map(id_hash);
    let notice = changed_notice(&state, "changed");
    let result = async {
        let mut tx = state.pool.begin().await?;
        accounts::set_password(&mut tx, me.id, &hash, keep.as_deref()).await?;
        outbox::enqueue(
            &mut *tx,
            &NewMessage {
                to: &me.email,
                subject: "Your password was changed",
                body: &notice,
                account: Some(me.id),
            },
        )
        .await?;
        tx.commit().await
    }
    .await;
    match result {
        Ok(()) => Redirect::to("/account?changed=password").into_response(),
        Err(e) => unavailable(&e),
    }
}

/// `POST /reset-password`: the same answer whether or not the address has an
/// account; when it has (and may sign in), a single-use link is emailed.
pub async fn request_reset(State(state): State<ServerContext>, req: Request) -> Response {
    const PATH: &str = "/reset-password";
    let posted = match read_form::<Fields>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut errors = Vec::new();
    let email = check_email_field(&mut errors, "email", posted.form.get("email"));
    if !errors.is_empty() {
        let e = echo("reset-request", &posted.form, &["email"], errors);
        return refuse(&state, posted.parts, PATH, e).await;
    }
    match throttle::reset_attempt(&state.pool, &posted.client).await {
        Err(e) => return unavailable(&e),
        Ok(Attempt::Wait(seconds)) => {
            let message = format!(
                "Too many requests from this connection. Try again in {}.",
                wait_words(seconds)
            );
            let e = echo(
                "reset-request",
                &posted.form,
                &["email"],
                vec![FieldError::new("email", message)],
            );
            return throttled(refuse(&state, posted.parts, PATH, e).await, seconds);
        }
        Ok(Attempt::Allowed) => {}
    }
    let token = cookies::random_token();
    let link = format!(
        "{}/reset-password/new?token={token}",
        state.public_origin.as_str()
    );
    let result = async {
        let mut tx = state.pool.begin().await?;
        if let Some(c) = accounts::credentials(&mut *tx, &email).await?
            && c.status.may_sign_in()
        {
            accounts::create_reset(&mut tx, c.id, &token_hash(&token)).await?;
            let body = format!(
                "Someone (we hope you) asked to reset the password for your account on the \
                 Proven health technologies catalogue.\n\n\
                 Choose a new password here (the link works once, for {RESET_MINUTES} minutes):\n\n\
                 {link}\n\n\
                 If you did not ask, ignore this email: your password has not changed.\n"
            );
            outbox::enqueue(
                &mut *tx,
                &NewMessage {
                    to: &email,
                    subject: "Reset your password",
                    body: &body,
                    account: Some(c.id),
                },
            )
            .await?;
        }
        tx.commit().await
    }
    .await;
    match result {
        Ok(()) => Redirect::to("/reset-password/sent").into_response(),
        Err(e) => unavailable(&e),
    }
}

/// `POST /reset-password/new`: the link's token and the new password twice.
/// Works once, within its 30 minutes; every session of the account ends.
pub async fn reset_password(State(state): State<ServerContext>, req: Request) -> Response {
    const PATH: &str = "/reset-password/new";
    let posted = match read_form::<Fields>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let token = posted.form.get("token").to_owned();
    let dead = || {
        vec![FieldError::new(
            "token",
            "This link has expired or has already been used. Ask for a new one: links work once, for 30 minutes",
        )]
    };
    if !cookies::well_formed(&token) {
        let e = echo("reset", &posted.form, &["token"], dead());
        return refuse(&state, posted.parts, PATH, e).await;
    }
    let hash = token_hash(&token);
    // Look the link up first, so its owner's words count against the password.
    let owner = async {
        let mut conn = state.pool.acquire().await?;
        accounts::reset_account(&mut conn, &hash).await
    }
    .await;
    let (id, email) = match owner {
        Err(e) => return unavailable(&e),
        Ok(None) => {
            let e = echo("reset", &posted.form, &["token"], dead());
            return refuse(&state, posted.parts, PATH, e).await;
        }
        Ok(Some(found)) => found,
    };
    let local = email.split('@').next().unwrap_or_default().to_owned();
    let errors = new_password_errors(&posted.form, &[&local]);
    if !errors.is_empty() {
        let e = echo("reset", &posted.form, &["token"], errors);
        return refuse(&state, posted.parts, PATH, e).await;
    }
    let new_hash = match super::handlers::hash_for_form(posted.form.get("password")).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let notice = changed_notice(&state, "reset from an emailed link");
    let result = async {
        let mut tx = state.pool.begin().await?;
        // Locked now: a second use of the same link waits here, then finds it used.
        let Some((id_now, _)) = accounts::reset_account(&mut tx, &hash).await? else {
            return Ok(false);
        };
        accounts::set_password(&mut tx, id_now, &new_hash, None).await?;
        accounts::use_reset(&mut tx, &hash).await?;
        outbox::enqueue(
            &mut *tx,
            &NewMessage {
                to: &email,
                subject: "Your password was reset",
                body: &notice,
                account: Some(id),
            },
        )
        .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(true)
    }
    .await;
    match result {
        Ok(true) => Redirect::to("/sign-in?reset=done").into_response(),
        Ok(false) => {
            let e = echo("reset", &posted.form, &["token"], dead());
            refuse(&state, posted.parts, PATH, e).await
        }
        Err(e) => unavailable(&e),
    }
}
