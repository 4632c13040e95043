//! Reading a posted form: the body (bounded), the visitor, and the CSRF check
//! that comes before anything else; and the shared ways to answer.

use super::{ServerContext, render};
use crate::{
    accounts::{csrf, session::client_address},
    domain::{FormEcho, Role, SignedIn, Visitor},
};
use axum::{
    extract::Request,
    http::{StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use serde::de::DeserializeOwned;

/// Largest form body read.
const MAX_BODY: usize = 64 * 1024;

/// A parsed form and the request it came with; or the response already decided.
#[derive(Debug)]
pub struct Posted<T> {
    /// The request without its body.
    pub parts: Parts,
    /// Who sent it.
    pub visitor: Visitor,
    /// The client address.
    pub client: String,
    /// The parsed form.
    pub form: T,
}

/// Reads an `application/x-www-form-urlencoded` body into `T` and checks its
/// `csrf_token` field against the visitor's.
pub async fn read_form<T: DeserializeOwned + CsrfToken>(
    state: &ServerContext,
    req: Request,
) -> Result<Posted<T>, Response> {
    let client = client_address(&req, state.trust_proxy_hops);
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Err(plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The form is too large.",
        ));
    };
    let Ok(form) = serde_urlencoded::from_bytes::<T>(&bytes) else {
        return Err(plain(
            StatusCode::BAD_REQUEST,
            "The form could not be read. Send it as application/x-www-form-urlencoded.",
        ));
    };
    let visitor = parts
        .extensions
        .get::<Visitor>()
        .cloned()
        .unwrap_or_default();
    if !csrf::token_matches(&visitor, form.csrf_token()) {
        return Err(render::form_expired(state, parts).await);
    }
    Ok(Posted {
        parts,
        visitor,
        client,
        form,
    })
}

/// [`read_form`] for a form only approved accounts with at least `role` may
/// send: the token is checked first, then the role; a refusal is the page at
/// `path` rendered with 401 (nobody signed in) or 403 (pending, or role too
/// low), whose own server function says why.
pub async fn read_form_as<T: DeserializeOwned + CsrfToken>(
    state: &ServerContext,
    req: Request,
    role: Role,
    path: &str,
) -> Result<(SignedIn, Posted<T>), Response> {
    let posted = read_form(state, req).await?;
    require_role(state, posted, role, path).await
}

/// The approved account with at least `role` that sent this form, or the
/// refusal to send back (see [`read_form_as`]).
async fn require_role<T>(
    state: &ServerContext,
    posted: Posted<T>,
    role: Role,
    path: &str,
) -> Result<(SignedIn, Posted<T>), Response> {
    match &posted.visitor.account {
        Some(a) if posted.visitor.has(role) => Ok((a.clone(), posted)),
        other => {
            let status = if other.is_some() {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNAUTHORIZED
            };
            Err(render::page(state, posted.parts, path, None, status).await)
        }
    }
}

/// Forms carry the CSRF token in a field of this name.
pub trait CsrfToken {
    /// The `csrf_token` field.
    fn csrf_token(&self) -> &str;
}

/// Any form, as its fields in order (repeated names kept, as ticked boxes send them).
#[derive(Debug, serde::Deserialize, Default)]
#[serde(transparent)]
pub struct Fields(pub Vec<(String, String)>);

impl CsrfToken for Fields {
    fn csrf_token(&self) -> &str {
        self.get("csrf_token")
    }
}

impl Fields {
    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A plain-text response.
pub fn plain(status: StatusCode, message: &str) -> Response {
    (status, format!("{message}\n")).into_response()
}

/// Browsers get the form again; plain API calls get 400 with the messages.
pub async fn refuse(state: &ServerContext, parts: Parts, path: &str, echo: FormEcho) -> Response {
    let wants_html = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_html {
        render::form_again(state, parts, path, echo).await
    } else {
        let lines: Vec<String> = echo
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        plain(StatusCode::BAD_REQUEST, &lines.join("\n"))
    }
}

/// [`refuse`] for a form read as [`Fields`]: the form `form` again with what
/// was typed and `errors` beside the fields.
pub async fn refuse_fields(
    state: &ServerContext,
    posted: Posted<Fields>,
    path: &str,
    form: &str,
    errors: Vec<crate::domain::FieldError>,
) -> Response {
    let echo = FormEcho {
        form: form.to_owned(),
        values: posted.form.0,
        errors,
    };
    refuse(state, posted.parts, path, echo).await
}

/// The database failed: 503, nothing saved, no internal text.
pub fn unavailable(err: &sqlx::Error) -> Response {
    tracing::error!(error = %err, "database error in a form handler");
    plain(
        StatusCode::SERVICE_UNAVAILABLE,
        "The catalogue is temporarily unavailable. Nothing was saved. Please try again in a few moments.",
    )
}

/// The password work is saturated: 503 at once, with `Retry-After`.
pub fn busy() -> Response {
    let mut r = plain(
        StatusCode::SERVICE_UNAVAILABLE,
        "The service is busy. Nothing was saved. Please try again in a few seconds.",
    );
    r.headers_mut().insert(
        header::RETRY_AFTER,
        axum::http::HeaderValue::from_static("2"),
    );
    r
}

/// A refused form turned into "too many attempts": 429 with `Retry-After`.
pub fn throttled(mut response: Response, wait_seconds: i64) -> Response {
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    if let Ok(v) = axum::http::HeaderValue::from_str(&wait_seconds.max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// A form with nothing but its token (sign out, one-button actions).
#[derive(Debug, serde::Deserialize, Default)]
#[serde(default)]
pub struct TokenOnly {
    csrf_token: String,
}

impl CsrfToken for TokenOnly {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}
