//! POST handlers of the account forms. Each checks the CSRF token first, then
//! the role (on the server, whatever the page showed), then the fields; a
//! refused form is re-shown with what was typed and the errors beside the
//! fields (422), and nothing is saved.

use super::{
    cookies,
    password::{dummy_hash, hash_password, strength_error, verify_password},
    session::{id_hash, is_https},
};
use crate::ssr::ServerContext;
use crate::ssr::forms::{
    CsrfToken, TokenOnly, plain, read_form, read_form_as, refuse, unavailable,
};
use crate::{
    db::accounts::{self, ABSOLUTE_HOURS},
    domain::{
        AccountStatus, FieldError, Role, SIGN_IN_FAILED, SIGN_IN_LOCKED, SignInForm, SignUpForm,
    },
};
use axum::{
    extract::{Path, Request, State},
    http::{HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

/// Failed sign-ins allowed per e-mail address in the window.
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
/// Failed sign-ins allowed per client address in the window.
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;

/// Opens a new session (a new id on every sign-in) and redirects to `to`.
async fn start_session(
    state: &ServerContext,
    parts: &Parts,
    account_id: i64,
    to: &str,
) -> Result<Response, sqlx::Error> {
    let mut tx = state.pool.begin().await?;
    if let Some(old) = cookies::get(&parts.headers, cookies::SESSION) {
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
    let secure = is_https(&parts.headers);
    let max_age = i64::from(ABSOLUTE_HOURS) * 3600;
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(cookies::SESSION, &sid, max_age, secure),
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
    let Ok(hash) = hash_password(&new.password) else {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side. Nothing was saved.",
        );
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
struct SignInBody {
    csrf_token: String,
    email: String,
    password: String,
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
    let form = SignInForm {
        email: posted.form.email,
        password: posted.form.password,
    };
    let email = match form.validate() {
        Ok(e) => e,
        Err(errors) => return refuse(&state, posted.parts, "/sign-in", form.echo(errors)).await,
    };
    let outcome = check_credentials(&state, &email, &form.password, &posted.client).await;
    match outcome {
        Err(e) => unavailable(&e),
        Ok(Err(message)) => {
            let errors = vec![FieldError::new("email", message)];
            refuse(&state, posted.parts, "/sign-in", form.echo(errors)).await
        }
        Ok(Ok(id)) => match start_session(&state, &posted.parts, id, "/account").await {
            Ok(r) => r,
            Err(e) => unavailable(&e),
        },
    }
}

/// The account id, or the message to show.
async fn check_credentials(
    state: &ServerContext,
    email: &str,
    password: &str,
    client: &str,
) -> Result<Result<i64, &'static str>, sqlx::Error> {
    let (per_email, per_client) = accounts::recent_failures(&state.pool, email, client).await?;
    if per_email >= MAX_FAILURES_PER_EMAIL || per_client >= MAX_FAILURES_PER_CLIENT {
        return Ok(Err(SIGN_IN_LOCKED));
    }
    let found = accounts::credentials(&state.pool, email).await?;
    let (id, phc) = match &found {
        Some(c) => (Some(c.id), c.password_hash.as_str()),
        None => (None, dummy_hash()),
    };
    let password = password.to_owned();
    let phc = phc.to_owned();
    // Argon2 is deliberately slow: keep it off the async workers.
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .unwrap_or(false);
    match id {
        Some(id) if matches => {
            accounts::clear_failures(&state.pool, email).await?;
            Ok(Ok(id))
        }
        _ => {
            accounts::record_failure(&state.pool, email, client).await?;
            Ok(Err(SIGN_IN_FAILED))
        }
    }
}

/// `POST /sign-out`: ends the session here and in the database.
pub async fn sign_out(State(state): State<ServerContext>, req: Request) -> Response {
    let posted = match read_form::<TokenOnly>(&state, req).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Some(sid) = cookies::get(&posted.parts.headers, cookies::SESSION)
        && let Err(e) = accounts::delete_session(&state.pool, &id_hash(sid)).await
    {
        return unavailable(&e);
    }
    let mut response = Redirect::to("/").into_response();
    let secure = is_https(&posted.parts.headers);
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(cookies::SESSION, "", 0, secure),
    );
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
