//! Server-function errors reach the client with the status of their
//! `AppError`. The server-function layer answers every error it meets before
//! the function runs (arguments it cannot decode, a missing argument) with 500;
//! those are the client's mistakes, so the status is taken from the error the
//! body carries (400 for arguments). Errors the function itself returns
//! already carry their status.

use app::error::AppError;
use axum::{
    body::Body,
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The header the server-function layer puts on its error responses.
const ERROR_HEADER: &str = "serverfnerror";
/// Error bodies are a sentence or two.
const MAX_ERROR_BYTES: usize = 16 * 1024;

/// Middleware: gives a server-function error response its error's status.
pub async fn error_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key(ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = err.status_code();
    }
    Response::from_parts(parts, Body::from(bytes))
}
