//! POST handlers of the account forms. Each checks the CSRF token first, then
//! the role (on the server, whatever the page showed), then the fields; a
//! refused form is re-shown with what was typed and the errors beside the
//! fields (422), and nothing is saved.

use super::{
    cookies,
    password::{dummy_hash, hash_gated, strength_error, verify_gated},
    session::id_hash,
};
use crate::ssr::ServerContext;
use crate::ssr::forms::{
    CsrfToken, TokenOnly, busy, plain, read_form, read_form_as, refuse, throttled, unavailable,
};
use crate::{
    db::{
        accounts::{self, ABSOLUTE_HOURS},
        throttle::{self, Attempt},
    },
    domain::{
        AccountStatus, FieldError, Role, SIGN_IN_BARRED, SIGN_IN_FAILED, SignInForm, SignUpForm,
        sign_in_wait,
    },
};
use axum::{
    extract::{Path, Request, State},
    http::{HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

/// Hashes a password a form sent, through the gate: the hash, or the answer
/// to send (503 at once when the gate is full; 500 should hashing fail).
pub(super) async fn hash_for_form(password: &str) -> Result<String, Response> {
    match hash_gated(password).await {
        Err(_) => Err(busy()),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "could not hash a password");
            Err(plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Nothing was saved.",
            ))
        }
        Ok(Ok(hash)) => Ok(hash),
    }
}

/// Opens a new session (a new id on every sign-in) and redirects to `to`.
pub(super) async fn start_session(
    state: &ServerContext,
    parts: &Parts,
    account_id: i64,
    to: &str,
) -> Result<Response, sqlx::Error> {
    let secure = state.public_origin.is_https();
    let name = cookies::session_name(secure);
    let mut tx = state.pool.begin().await?;
    if let Some(old) = cookies::get(&parts.headers, name) {
        accounts::delete_session(&mut *tx, &id_hash(old)).await?;
    }
    let sid = cookies::random_token();
    accounts::create_session(
        &mut *tx,
        account_id,
        &id_hash(&sid),
        &cookies::random_token(),
    )
    .await?;
    tx.commit().await?;
    let mut response = Redirect::to(to).into_response();
    let max_age = i64::from(ABSOLUTE_HOURS) * 3600;
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(name, &sid, max_age, secure),
    );
    Ok(response)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignUpBody {
    csrf_token: String,
    display_name: String,
    organisation: String,
    email: String,
    password: String,
    confirm: String,
}

impl CsrfToken for SignUpBody {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// `POST /sign-up`: a pending member account, signed in at once.
pub async fn sign_up(State(state): State<ServerContext>, req: Request) -> Response {
    let posted = match read_form::<SignUpBody>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let b = posted.form;
    let form = SignUpForm {
        display_name: b.display_name,
        organisation: b.organisation,
        email: b.email,
        password: b.password,
        confirm: b.confirm,
    };
    let new = match form.validate() {
        Ok(new) => new,
        Err(errors) => return refuse(&state, posted.parts, "/sign-up", form.echo(errors)).await,
    };
    let local = new.email.split('@').next().unwrap_or_default();
    let context = [new.display_name.as_str(), local, new.organisation.as_str()];
    if let Some(message) = strength_error(&new.password, &context) {
        let errors = vec![FieldError::new("password", message)];
        return refuse(&state, posted.parts, "/sign-up", form.echo(errors)).await;
    }
    match throttle::sign_up_attempt(&state.pool, &posted.client, state.sign_ups_per_hour).await {
        Err(e) => return unavailable(&e),
        Ok(Attempt::Wait(seconds)) => {
            let errors = vec![FieldError::new(
                "email",
                format!(
                    "Too many new accounts from this connection. Try again in {}.",
                    crate::domain::wait_words(seconds)
                ),
            )];
            let page = refuse(&state, posted.parts, "/sign-up", form.echo(errors)).await;
            return throttled(page, seconds);
        }
        Ok(Attempt::Allowed) => {}
    }
    let hash = match hash_for_form(&new.password).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let created = match accounts::create_account(&state.pool, &new, &hash).await {
        Ok(c) => c,
        Err(e) => return unavailable(&e),
    };
    let Ok(id) = created else {
        let errors = vec![FieldError::new(
            "email",
            "An account with this email address already exists. Sign in instead",
        )];
        return refuse(&state, posted.parts, "/sign-up", form.echo(errors)).await;
    };
    match start_session(&state, &posted.parts, id, "/account").await {
        Ok(r) => r,
        Err(e) => unavailable(&e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SignInBody {
    pub(super) csrf_token: String,
    pub(super) email: String,
    pub(super) password: String,
    /// The second step: the challenge the right password opened, and the code.
    pub(super) challenge: String,
    pub(super) code: String,
}

impl CsrfToken for SignInBody {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// `POST /sign-in`. The same message whether or not the account exists; after
/// too many failures for the address or from the client, refused for a while.
pub async fn sign_in(State(state): State<ServerContext>, req: Request) -> Response {
    let posted = match read_form::<SignInBody>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !posted.form.challenge.is_empty() {
        return super::two_factor::code_step(&state, posted).await;
    }
    let form = SignInForm {
        email: posted.form.email,
        password: posted.form.password,
    };
    let email = match form.validate() {
        Ok(e) => e,
        Err(errors) => return refuse(&state, posted.parts, "/sign-in", form.echo(errors)).await,
    };
    let outcome = check_credentials(&state, &email, &form.password, &posted.client).await;
    let (message, wait) = match outcome {
        Err(e) => return unavailable(&e),
        Ok(Checked::Busy) => return busy(),
        Ok(Checked::Signed(id)) => {
            return super::two_factor::after_password(
                &state,
                posted.parts,
                id,
                &email,
                &posted.client,
            )
            .await;
        }
        Ok(Checked::Wait(seconds)) => (sign_in_wait(seconds), Some(seconds)),
        Ok(Checked::Wrong) => (SIGN_IN_FAILED.to_owned(), None),
        Ok(Checked::Barred) => (SIGN_IN_BARRED.to_owned(), None),
    };
    let errors = vec![FieldError::new("email", message)];
    let page = refuse(&state, posted.parts, "/sign-in", form.echo(errors)).await;
    match wait {
        Some(seconds) => throttled(page, seconds),
        None => page,
    }
}

/// What checking a sign-in found.
enum Checked {
    /// The right password for an account that may sign in.
    Signed(i64),
    /// Wrong address or password (the same answer for both).
    Wrong,
    /// The right password, but the account is rejected or suspended.
    Barred,
    /// Too many attempts: wait this many seconds.
    Wait(i64),
    /// The password work is saturated.
    Busy,
}

/// Counts the attempt (refusing it when over a limit), then checks the
/// password against the stored hash, or a dummy one so that an unknown address
/// takes as long.
async fn check_credentials(
    state: &ServerContext,
    email: &str,
    password: &str,
    client: &str,
) -> Result<Checked, sqlx::Error> {
    if let Attempt::Wait(seconds) = throttle::sign_in_attempt(&state.pool, email, client).await? {
        return Ok(Checked::Wait(seconds));
    }
    let found = accounts::credentials(&state.pool, email).await?;
    let phc = found
        .as_ref()
        .map_or(dummy_hash(), |c| c.password_hash.as_str());
    let Ok(matches) = verify_gated(password, phc).await else {
        return Ok(Checked::Busy);
    };
    Ok(match found {
        // The attempts are forgotten once the sign-in is complete: after the
        // code, for an account that signs in with one (`after_password`).
        Some(c) if matches && c.status.may_sign_in() => Checked::Signed(c.id),
        Some(_) if matches => {
            throttle::sign_in_succeeded(&state.pool, email, client).await?;
            Checked::Barred
        }
        _ => Checked::Wrong,
    })
}

/// `POST /sign-out`: ends the session here and in the database.
pub async fn sign_out(State(state): State<ServerContext>, req: Request) -> Response {
    let posted = match read_form::<TokenOnly>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let secure = state.public_origin.is_https();
    let name = cookies::session_name(secure);
    if let Some(sid) = cookies::get(&posted.parts.headers, name)
        && let Err(e) = accounts::delete_session(&state.pool, &id_hash(sid)).await
    {
        return unavailable(&e);
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookies::set(name, "", 0, secure));
    response
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AccountUpdate {
    csrf_token: String,
    status: String,
    role: String,
    /// The supplier a supplier account speaks for (its id).
    #[serde(default)]
    supplier: String,
}

impl CsrfToken for AccountUpdate {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// `POST /admin/accounts/{id}`: set status and role (admins only; audited).
pub async fn admin_update_account(
    State(state): State<ServerContext>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let (actor, posted) =
        match read_form_as::<AccountUpdate>(&state, req, Role::Admin, "/admin/accounts").await {
            Ok(a) => a,
            Err(r) => return r,
        };
    let (Ok(id), Some(status), Some(role)) = (
        id.parse::<i64>(),
        AccountStatus::parse(&posted.form.status),
        Role::parse(&posted.form.role),
    ) else {
        return plain(StatusCode::BAD_REQUEST, "Unknown account, status or role.");
    };
    let supplier: Option<i64> = posted.form.supplier.trim().parse().ok();
    if role == Role::Supplier && supplier.is_none() {
        return plain(
            StatusCode::BAD_REQUEST,
            "Choose the supplier this account speaks for.",
        );
    }
    if id == actor.id {
        return plain(
            StatusCode::BAD_REQUEST,
            "You cannot change your own account: ask another admin.",
        );
    }
    let result = async {
        let mut tx = state.pool.begin().await?;
        let found = accounts::update_account(&mut tx, actor.id, id, status, role, supplier).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(found)
    }
    .await;
    match result {
        Ok(true) => {
            let mut r = Redirect::to("/admin/accounts").into_response();
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Ok(false) => plain(StatusCode::NOT_FOUND, "There is no such account."),
        Err(e)
            if e.as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|c| c.starts_with("23")) =>
        {
            plain(
                StatusCode::BAD_REQUEST,
                "There is no such supplier: choose one from the list.",
            )
        }
        Err(e) => unavailable(&e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordOnly {
    csrf_token: String,
    password: String,
}

impl CsrfToken for PasswordOnly {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// The signed-in account's stored hash checked against `password` (through
/// the gate). `Ok(None)` when it does not match.
async fn confirm_password(
    state: &ServerContext,
    email: &str,
    password: &str,
) -> Result<Option<i64>, Response> {
    let found = accounts::credentials(&state.pool, email)
        .await
        .map_err(|e| unavailable(&e))?;
    let Some(c) = found else {
        return Ok(None);
    };
    match verify_gated(password, &c.password_hash).await {
        Err(_) => Err(busy()),
        Ok(true) => Ok(Some(c.id)),
        Ok(false) => Ok(None),
    }
}

/// `POST /account/delete`: erases the signed-in account after its password
/// is given again; the session cookie is cleared.
pub async fn delete_account(State(state): State<ServerContext>, req: Request) -> Response {
    let posted = match read_form::<PasswordOnly>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(account) = posted.visitor.account.clone() else {
        return crate::ssr::render::page(
            &state,
            posted.parts,
            "/account/delete",
            None,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    };
    let echo = |message: &str| crate::domain::FormEcho {
        form: "delete-account".into(),
        values: Vec::new(),
        errors: vec![FieldError::new("password", message)],
    };
    let id = match confirm_password(&state, &account.email, &posted.form.password).await {
        Err(r) => return r,
        Ok(Some(id)) if id == account.id => id,
        Ok(_) => {
            let e = echo("The password is not right. Enter the password you sign in with");
            return refuse(&state, posted.parts, "/account/delete", e).await;
        }
    };
    let result = async {
        let mut tx = state.pool.begin().await?;
        let done = crate::db::erasure::erase_account(&mut tx, id).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(done)
    }
    .await;
    match result {
        Err(e) => unavailable(&e),
        Ok(crate::db::erasure::Erased::LastAdmin) => {
            let e = echo(
                "You are the only admin. Make another account an admin first, so someone can still approve accounts",
            );
            refuse(&state, posted.parts, "/account/delete", e).await
        }
        Ok(_) => {
            let secure = state.public_origin.is_https();
            let mut response = Redirect::to("/account/deleted").into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                cookies::set(cookies::session_name(secure), "", 0, secure),
            );
            response
        }
    }
}
