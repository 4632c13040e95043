//! POST handlers for changing the email address an account signs in with: the
//! request (`/account/email`, with the password) mails a link to the new
//! address; opening it and pressing the button (`/account/email/confirm`)
//! makes the change and tells the old address.

use super::{
    cookies::{self, token_hash},
    password::verify_gated,
    password_handlers::echo,
};
use crate::{
    db::{
        accounts,
        email_change::{self, EMAIL_CHANGE_HOURS},
        outbox::{self, NewMessage},
        throttle::{self, Attempt},
    },
    domain::{FieldError, check_email_field, sign_in_wait},
    ssr::{
        ServerContext,
        forms::{Fields, busy, read_form, refuse, throttled, unavailable},
        render,
    },
};
use axum::{
    extract::{Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// `POST /account/email`: the new address and the current password. The
/// password check counts against the sign-in limits.
pub async fn request_change(State(state): State<ServerContext>, req: Request) -> Response {
    const PATH: &str = "/account/email";
    let posted = match read_form::<Fields>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(me) = posted.visitor.account.clone() else {
        return render::page(&state, posted.parts, PATH, None, StatusCode::UNAUTHORIZED).await;
    };
    let mut errors = Vec::new();
    let new_email = check_email_field(&mut errors, "new_email", posted.form.get("new_email"));
    if errors.is_empty() && new_email == me.email {
        errors.push(FieldError::new(
            "new_email",
            "This is already your email address. Enter a different one",
        ));
    }
    if posted.form.get("password").is_empty() {
        errors.push(FieldError::new("password", "Enter your password"));
    }
    if !errors.is_empty() {
        let e = echo("change-email", &posted.form, &["new_email"], errors);
        return refuse(&state, posted.parts, PATH, e).await;
    }
    match throttle::sign_in_attempt(&state.pool, &me.email, &posted.client).await {
        Err(e) => return unavailable(&e),
        Ok(Attempt::Wait(seconds)) => {
            let errors = vec![FieldError::new("password", sign_in_wait(seconds))];
            let e = echo("change-email", &posted.form, &["new_email"], errors);
            return throttled(refuse(&state, posted.parts, PATH, e).await, seconds);
        }
        Ok(Attempt::Allowed) => {}
    }
    let stored = match accounts::credentials(&state.pool, &me.email).await {
        Ok(c) => c,
        Err(e) => return unavailable(&e),
    };
    let phc = stored.map(|c| c.password_hash).unwrap_or_default();
    match verify_gated(posted.form.get("password"), &phc).await {
        Err(_) => return busy(),
        Ok(true) => {}
        Ok(false) => {
            let errors = vec![FieldError::new(
                "password",
                "The password is not right. Enter the password you sign in with",
            )];
            let e = echo("change-email", &posted.form, &["new_email"], errors);
            return refuse(&state, posted.parts, PATH, e).await;
        }
    }
    let token = cookies::random_token();
    let link = format!(
        "{}/account/email/confirm?token={token}",
        state.public_origin.as_str()
    );
    let body = format!(
        "Someone (we hope you) asked to use this address to sign in to the Proven health \
         technologies catalogue instead of the one used now.\n\n\
         To confirm, open this link (it works once, for {EMAIL_CHANGE_HOURS} hours) and press \
         the button:\n\n{link}\n\n\
         If you did not ask, ignore this email: nothing changes.\n"
    );
    let result = async {
        let mut tx = state.pool.begin().await?;
        email_change::request(&mut tx, me.id, &token_hash(&token), &new_email).await?;
        outbox::enqueue(
            &mut *tx,
            &NewMessage {
                to: &new_email,
                subject: "Confirm your new email address",
                body: &body,
                account: Some(me.id),
            },
        )
        .await?;
        tx.commit().await
    }
    .await;
    match result {
        Ok(()) => Redirect::to("/account?changed=email-sent").into_response(),
        Err(e) => unavailable(&e),
    }
}

/// What confirming found.
enum Confirmed {
    Done,
    Dead,
    Taken,
}

/// `POST /account/email/confirm`: the link's token. The account's address
/// changes and the old one is told; the link works once.
pub async fn confirm_change(State(state): State<ServerContext>, req: Request) -> Response {
    const PATH: &str = "/account/email/confirm";
    let posted = match read_form::<Fields>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let token = posted.form.get("token").to_owned();
    let refusal = |message: &str| {
        echo(
            "confirm-email",
            &posted.form,
            &["token"],
            vec![FieldError::new("token", message)],
        )
    };
    const DEAD: &str = "This link has expired or has already been used. Ask for a new one from your account page: links work once, for 24 hours";
    if !cookies::well_formed(&token) {
        return refuse(&state, posted.parts, PATH, refusal(DEAD)).await;
    }
    let hash = token_hash(&token);
    let origin = state.public_origin.as_str().to_owned();
    let result = async {
        let mut tx = state.pool.begin().await?;
        let Some(change) = email_change::pending(&mut tx, &hash, true).await? else {
            return Ok(Confirmed::Dead);
        };
        if email_change::taken(&mut *tx, &change.new_email).await? {
            return Ok(Confirmed::Taken);
        }
        email_change::apply(&mut tx, &hash, &change).await?;
        let body = format!(
            "The email address of your account on the Proven health technologies catalogue was \
             changed on {} (UTC) to {}. Sign-in and messages now use that address.\n\n\
             If this was you, there is nothing to do.\n\n\
             If it was not, tell the catalogue team at once, and reset your password at \
             {origin}/reset-password using the new address if you can reach it.\n",
            chrono::Utc::now().format("%-d %B %Y at %H:%M"),
            change.new_email
        );
        outbox::enqueue(
            &mut *tx,
            &NewMessage {
                to: &change.old_email,
                subject: "Your email address was changed",
                body: &body,
                account: Some(change.account_id),
            },
        )
        .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Confirmed::Done)
    }
    .await;
    match result {
        Err(e) => unavailable(&e),
        Ok(Confirmed::Done) => Redirect::to("/sign-in?email=changed").into_response(),
        Ok(Confirmed::Dead) => refuse(&state, posted.parts, PATH, refusal(DEAD)).await,
        Ok(Confirmed::Taken) => {
            let e = refusal(
                "Another account already uses this address, so nothing changed. Sign in to that account instead, or choose a different address",
            );
            refuse(&state, posted.parts, PATH, e).await
        }
    }
}
