//! Bounds on every request: how large its body may be, how long it may run,
//! how long its database work may take, and how many run at once.
//!
//! - [`budget`] stamps each request with its database [`Deadline`] on arrival
//!   (every query of the request shares it) and answers 503 with the friendly
//!   page when the whole request outlasts [`REQUEST_TIMEOUT`] (the open-data
//!   files, which take seconds to build at scale: [`OPEN_DATA_TIMEOUT`]).
//! - [`limit_body`] refuses a body over [`MAX_BODY_BYTES`] with 413.
//! - [`shed`] lets at most `MAX_IN_FLIGHT` requests run at once in a process; a
//!   request that cannot start within [`QUEUE_WAIT`] gets 503 with
//!   `Retry-After` at once, instead of queueing without bound. `/healthz` and
//!   the static bundle are never shed.
//! - [`db_deadline`] holds a form handler, whose work is database work, to the
//!   request's deadline.

use app::{error::AppError, ssr::Deadline};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{sync::Arc, time::Duration};
use tokio::sync::Semaphore;

/// The largest request body read (forms and server-function arguments are a
/// few KiB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// How long one request may take until its response starts.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The same for `/data/*`, whose files take seconds to build at 10,000
/// technologies (then come from the cache).
pub const OPEN_DATA_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a request may wait for one of the `MAX_IN_FLIGHT` places before
/// it is shed.
pub const QUEUE_WAIT: Duration = Duration::from_millis(250);
/// What a shed or timed-out response tells the client to wait, in seconds.
const RETRY_AFTER_SECONDS: &str = "2";

/// The per-process state of the limits: the places for running requests and
/// the page sent when a request cannot be served.
#[derive(Debug)]
pub struct Limits {
    in_flight: Semaphore,
    unavailable_page: String,
}

impl Limits {
    /// Limits allowing `max_in_flight` requests at once, answering with
    /// `unavailable_page` when they cannot serve one.
    pub fn new(max_in_flight: usize, unavailable_page: String) -> Self {
        Self {
            in_flight: Semaphore::new(max_in_flight.max(1)),
            unavailable_page,
        }
    }

    /// The same limits with `max_in_flight` places (the page is kept, not
    /// rendered again).
    pub fn with_places(&self, max_in_flight: usize) -> Self {
        Self::new(max_in_flight, self.unavailable_page.clone())
    }

    /// 503 with `Retry-After`: the friendly page, or for the JSON API, JSON.
    fn unavailable(&self, path: &str) -> Response {
        let mut res = if path.starts_with("/api/") {
            AppError::Unavailable.into_response()
        } else {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                self.unavailable_page.clone(),
            )
                .into_response()
        };
        let headers = res.headers_mut();
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECONDS),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

/// Middleware: stamps the request with its database deadline and answers 503
/// when the whole request outlasts its timeout. Outermost, so reading the
/// body counts too; its own 503 gets the security headers here.
pub async fn budget(State(limits): State<Arc<Limits>>, mut req: Request, next: Next) -> Response {
    req.extensions_mut().insert(Deadline::from_now());
    let path = req.uri().path().to_owned();
    let timeout = if path.starts_with("/data/") {
        OPEN_DATA_TIMEOUT
    } else {
        REQUEST_TIMEOUT
    };
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(%path, "request timed out");
            let mut res = limits.unavailable(&path);
            crate::headers::add_static_policy(res.headers_mut());
            res
        }
    }
}

/// Middleware: at most `MAX_IN_FLIGHT` requests run at once; one that finds
/// no place within [`QUEUE_WAIT`] is shed with 503 and `Retry-After`.
pub async fn shed(State(limits): State<Arc<Limits>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path == "/healthz" || path.starts_with("/pkg/") {
        return next.run(req).await;
    }
    match tokio::time::timeout(QUEUE_WAIT, limits.in_flight.acquire()).await {
        Ok(Ok(_place)) => next.run(req).await,
        _ => {
            tracing::warn!(path, "shed a request: too many in flight");
            limits.unavailable(path)
        }
    }
}

/// Route middleware for handlers whose work is database work (the forms):
/// their response must be ready by the request's database deadline.
pub async fn db_deadline(State(limits): State<Arc<Limits>>, req: Request, next: Next) -> Response {
    let deadline = Deadline::of(req.extensions());
    let path = req.uri().path().to_owned();
    match tokio::time::timeout_at(deadline.0, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(%path, "a form's database deadline passed");
            limits.unavailable(&path)
        }
    }
}

/// Middleware: refuses a body over [`MAX_BODY_BYTES`] with 413 and a plain
/// message (before reading it, when `Content-Length` says so), and otherwise
/// hands the handler the body already read, so no handler sees a partial one.
pub async fn limit_body(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

fn too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "The request is too large: this service accepts at most {} KiB.\n",
            MAX_BODY_BYTES / 1024
        ),
    )
        .into_response()
}
