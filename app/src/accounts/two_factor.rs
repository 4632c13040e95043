//! Two-factor sign-in on the server: the code step of `POST /sign-in`, and
//! the enrolment form (`POST /account/two-factor`). Curators and admins must
//! enrol (their staff powers wait until they have); members may.
//!
//! After a right password, an account with an authenticator gets no session
//! yet: the sign-in page comes back asking for the code, carrying a random
//! challenge (5 minutes, 5 wrong codes). A code counts against the same sign-in
//! limits as a password, and works once (the step of the last code accepted is
//! kept). A recovery code works instead of a code, once.

use super::{
    cookies::{self, token_hash},
    handlers::{SignInBody, start_session},
    password_handlers::echo,
    totp,
};
use crate::{
    db::{
        accounts,
        outbox::{self, NewMessage},
        throttle::{self, Attempt},
        two_factor as store,
    },
    domain::{FieldError, FormEcho, sign_in_wait},
    ssr::{
        ServerContext,
        forms::{Fields, Posted, read_form, refuse, throttled, unavailable},
        render,
    },
};
use axum::{
    extract::{Request, State},
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use sqlx::PgConnection;

/// Where an account lands after signing in: staff without two-factor sign-in
/// go straight to setting it up.
fn landing(staff_without: bool) -> &'static str {
    if staff_without {
        "/account/two-factor"
    } else {
        "/account"
    }
}

/// The password was right: a session now, or the code step first.
pub(super) async fn after_password(
    state: &ServerContext,
    parts: Parts,
    id: i64,
    email: &str,
    client: &str,
) -> Response {
    let (enabled, staff) = match store::standing(&state.pool, id).await {
        Ok(s) => s,
        Err(e) => return unavailable(&e),
    };
    let forgotten = if enabled {
        throttle::password_right(&state.pool, email, client).await
    } else {
        throttle::sign_in_succeeded(&state.pool, email, client).await
    };
    if let Err(e) = forgotten {
        return unavailable(&e);
    }
    if !enabled {
        return match start_session(state, &parts, id, landing(staff)).await {
            Ok(r) => r,
            Err(e) => unavailable(&e),
        };
    }
    let token = cookies::random_token();
    let opened = async {
        let mut conn = state.pool.acquire().await?;
        store::create_challenge(&mut conn, id, &token_hash(&token)).await
    }
    .await;
    if let Err(e) = opened {
        return unavailable(&e);
    }
    code_page(state, parts, &token, Vec::new(), StatusCode::OK).await
}

/// The sign-in page at its code step.
async fn code_page(
    state: &ServerContext,
    parts: Parts,
    challenge: &str,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Response {
    let echo = FormEcho {
        form: "sign-in".into(),
        values: vec![("challenge".into(), challenge.to_owned())],
        errors,
    };
    render::page(state, parts, "/sign-in", Some(echo), status).await
}

/// The sign-in page back at its first step, saying why.
async fn start_again(state: &ServerContext, parts: Parts, message: &str) -> Response {
    let echo = FormEcho {
        form: "sign-in".into(),
        values: Vec::new(),
        errors: vec![FieldError::new("email", message)],
    };
    refuse(state, parts, "/sign-in", echo).await
}

/// What checking a typed code found.
enum Code {
    /// Right: the session may open.
    Right,
    /// Wrong: this many more tries.
    Wrong(i32),
    /// The challenge is gone (expired, used or out of tries).
    Gone,
}

/// `POST /sign-in` with a `challenge`: the code step.
pub(super) async fn code_step(state: &ServerContext, posted: Posted<SignInBody>) -> Response {
    const EXPIRED: &str = "Your sign-in timed out or had too many wrong codes. Sign in again";
    let challenge = posted.form.challenge.clone();
    if !cookies::well_formed(&challenge) {
        return start_again(state, posted.parts, EXPIRED).await;
    }
    let typed = posted.form.code.trim().to_owned();
    if typed.is_empty() {
        let errors = vec![FieldError::new(
            "code",
            "Enter the 6-digit code from your authenticator app",
        )];
        return code_page(
            state,
            posted.parts,
            &challenge,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let hash = token_hash(&challenge);
    let mut tx = match state.pool.begin().await {
        Ok(tx) => tx,
        Err(e) => return unavailable(&e),
    };
    let owner = match store::lock_challenge(&mut tx, &hash).await {
        Ok(o) => o,
        Err(e) => return unavailable(&e),
    };
    let Some((id, email)) = owner else {
        return start_again(state, posted.parts, EXPIRED).await;
    };
    // A code is an attempt like a password: the same limits apply.
    match throttle::sign_in_attempt(&state.pool, &email, &posted.client).await {
        Err(e) => return unavailable(&e),
        Ok(Attempt::Wait(seconds)) => {
            let errors = vec![FieldError::new("code", sign_in_wait(seconds))];
            let page = code_page(
                state,
                posted.parts,
                &challenge,
                errors,
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await;
            return throttled(page, seconds);
        }
        Ok(Attempt::Allowed) => {}
    }
    let checked = check_code(&mut tx, id, &email, &typed, &hash).await;
    let checked = match checked {
        Ok(c) => match tx.commit().await {
            Ok(()) => c,
            Err(e) => return unavailable(&e),
        },
        Err(e) => return unavailable(&e),
    };
    match checked {
        Code::Right => {
            if let Err(e) = throttle::sign_in_succeeded(&state.pool, &email, &posted.client).await {
                return unavailable(&e);
            }
            match start_session(state, &posted.parts, id, "/account").await {
                Ok(r) => r,
                Err(e) => unavailable(&e),
            }
        }
        Code::Wrong(left) => {
            let message = format!(
                "The code is not right. Enter the code your authenticator app shows now, or a recovery code ({left} more {} before you must sign in again)",
                if left == 1 { "try" } else { "tries" }
            );
            let errors = vec![FieldError::new("code", message)];
            code_page(
                state,
                posted.parts,
                &challenge,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Code::Gone => start_again(state, posted.parts, EXPIRED).await,
    }
}

/// Checks `typed` (an authenticator code or a recovery code) for account `id`
/// under the locked challenge: right ends the challenge; wrong counts a try.
async fn check_code(
    tx: &mut PgConnection,
    id: i64,
    email: &str,
    typed: &str,
    challenge: &[u8],
) -> sqlx::Result<Code> {
    let right = if let Some(code) = totp::typed_code(typed) {
        match store::lock_confirmed(tx, id).await? {
            None => false,
            Some(auth) => {
                let after = u64::try_from(auth.last_step).unwrap_or(0);
                match totp::matching_step(&auth.secret, &code, totp::step_now(), after) {
                    Some(step) => {
                        store::accept_step(&mut *tx, id, i64::try_from(step).unwrap_or(0)).await?;
                        true
                    }
                    None => false,
                }
            }
        }
    } else if totp::typed_recovery_code(typed).is_some()
        && store::use_recovery_code(&mut *tx, id, &totp::recovery_hash(typed)).await?
    {
        let left = store::recovery_left(&mut *tx, id).await?;
        let body = format!(
            "A recovery code was used to sign in to your account on the Proven health \
             technologies catalogue on {} (UTC). You have {left} left.\n\n\
             If this was you, consider making new recovery codes on the two-factor page of \
             your account. If it was not, reset your password and tell the catalogue team.\n",
            chrono::Utc::now().format("%-d %B %Y at %H:%M")
        );
        outbox::enqueue(
            &mut *tx,
            &NewMessage {
                to: email,
                subject: "A recovery code was used to sign in",
                body: &body,
                account: Some(id),
            },
        )
        .await?;
        true
    } else {
        false
    };
    if right {
        store::end_challenge(&mut *tx, challenge).await?;
        return Ok(Code::Right);
    }
    Ok(match store::challenge_failed(tx, challenge).await? {
        0 => Code::Gone,
        left => Code::Wrong(left),
    })
}

/// `POST /account/two-factor`: `action` is `start` (a new secret, shown as a
/// QR code), `confirm` (the first code typed back: two-factor sign-in is on
/// and recovery codes are shown once), `recovery` (new recovery codes, for a
/// current code) or `off` (members only, for a current code).
pub async fn enrolment(State(state): State<ServerContext>, req: Request) -> Response {
    const PATH: &str = "/account/two-factor";
    let posted = match read_form::<Fields>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(me) = posted.visitor.account.clone() else {
        return render::page(&state, posted.parts, PATH, None, StatusCode::UNAUTHORIZED).await;
    };
    let action = posted.form.get("action").to_owned();
    // Two forms can be on the page at once, so the turn-off one names its field apart.
    let field = if action == "off" { "off_code" } else { "code" };
    let typed = posted.form.get(field).trim().to_owned();
    let refuse_code = |message: &str| {
        echo(
            "two-factor",
            &posted.form,
            &[],
            vec![FieldError::new(field, message)],
        )
    };
    if action == "start" {
        let started = store::start(&state.pool, me.id, &totp::new_secret()).await;
        return match started {
            Ok(_) => Redirect::to(PATH).into_response(),
            Err(e) => unavailable(&e),
        };
    }
    if !matches!(action.as_str(), "confirm" | "recovery" | "off") {
        return crate::ssr::forms::plain(StatusCode::BAD_REQUEST, "Unknown action.");
    }
    if action == "off" && me.role.is_staff() {
        let e = refuse_code("Curators and admins must keep two-factor sign-in on");
        return refuse(&state, posted.parts, PATH, e).await;
    }
    let Some(code) = totp::typed_code(&typed) else {
        let message = if typed.is_empty() {
            "Enter the 6-digit code from your authenticator app"
        } else {
            "Enter the 6 digits your authenticator app shows, like 123456"
        };
        return refuse(&state, posted.parts, PATH, refuse_code(message)).await;
    };
    let result = async {
        let mut tx = state.pool.begin().await?;
        let outcome = apply(&mut tx, &me.email, me.id, &action, &code).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(outcome)
    }
    .await;
    match result {
        Err(e) => unavailable(&e),
        Ok(Applied::WrongCode) => {
            let e = refuse_code(
                "The code is not right. Check the app is set up with this key, and enter the code it shows now",
            );
            refuse(&state, posted.parts, PATH, e).await
        }
        Ok(Applied::Nothing) => Redirect::to(PATH).into_response(),
        Ok(Applied::Off) => Redirect::to("/account?changed=two-factor-off").into_response(),
        Ok(Applied::Codes(codes)) => {
            let shown = FormEcho {
                form: "two-factor".into(),
                values: codes.into_iter().map(|c| ("recovery".into(), c)).collect(),
                errors: Vec::new(),
            };
            render::page(&state, posted.parts, PATH, Some(shown), StatusCode::OK).await
        }
    }
}

/// What an enrolment action did.
enum Applied {
    /// New recovery codes, to show once.
    Codes(Vec<String>),
    /// Two-factor sign-in is off.
    Off,
    /// The code did not match.
    WrongCode,
    /// Nothing to do (no enrolment in progress, or none to change).
    Nothing,
}

/// Applies `action` for a typed `code`, in the caller's transaction, with a
/// notice to the account's address for every change.
async fn apply(
    tx: &mut PgConnection,
    email: &str,
    id: i64,
    action: &str,
    code: &str,
) -> sqlx::Result<Applied> {
    // Locked: two requests cannot both use one code, or both confirm.
    let Some(auth) = store::lock(tx, id).await? else {
        return Ok(Applied::Nothing);
    };
    // Confirming needs an enrolment in progress; the rest, one confirmed.
    if (action == "confirm") != auth.confirmed_at.is_none() {
        return Ok(Applied::Nothing);
    }
    let after = u64::try_from(auth.last_step).unwrap_or(0);
    let Some(step) = totp::matching_step(&auth.secret, code, totp::step_now(), after) else {
        return Ok(Applied::WrongCode);
    };
    let step = i64::try_from(step).unwrap_or(0);
    let codes = totp::new_recovery_codes();
    let hashes: Vec<Vec<u8>> = codes.iter().map(|c| totp::recovery_hash(c)).collect();
    let (outcome, subject, what) = match action {
        "confirm" => {
            if !store::confirm(tx, id, step, &hashes).await? {
                return Ok(Applied::Nothing);
            }
            (
                Applied::Codes(codes),
                "Two-factor sign-in is on",
                "Two-factor sign-in was turned on",
            )
        }
        "recovery" => {
            store::accept_step(&mut *tx, id, step).await?;
            store::replace_recovery_codes(tx, id, &hashes).await?;
            (
                Applied::Codes(codes),
                "New recovery codes were made",
                "New recovery codes were made (the old ones no longer work)",
            )
        }
        _ => {
            store::turn_off(tx, id).await?;
            (
                Applied::Off,
                "Two-factor sign-in is off",
                "Two-factor sign-in was turned off",
            )
        }
    };
    accounts::audit(
        &mut *tx,
        Some(id),
        subject,
        "account",
        &id.to_string(),
        &[],
        &[],
    )
    .await?;
    let body = format!(
        "{what} for your account on the Proven health technologies catalogue on {} (UTC).\n\n\
         If this was not you, reset your password now and tell the catalogue team.\n",
        chrono::Utc::now().format("%-d %B %Y at %H:%M")
    );
    outbox::enqueue(
        &mut *tx,
        &NewMessage {
            to: email,
            subject,
            body: &body,
            account: Some(id),
        },
    )
    .await?;
    Ok(outcome)
}
