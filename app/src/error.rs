//! `AppError`: the one error type that crosses the wire. It carries only text we
//! wrote for users; causes are logged on the server (see `db`) and never sent.

use http::StatusCode;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// An error a page or server function can report to the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (`what` names it for the user).
    #[error("We could not find {what}.")]
    NotFound {
        /// A user-facing description, e.g. "that technology".
        what: String,
    },
    /// The request itself is wrong in a way the user can fix.
    #[error("{0}")]
    InvalidQuery(String),
    /// The page or action needs a signed-in, approved account.
    #[error("You need to sign in to an approved account to see this.")]
    SignInRequired,
    /// Signed in, but the role does not allow it.
    #[error("Your account does not have permission to do this.")]
    Forbidden,
    /// A curator or admin who has not set up two-factor sign-in yet.
    #[error(
        "Curators and admins sign in with a code from an authenticator app as well as their password. Set up two-factor sign-in to use these pages."
    )]
    TwoFactorNeeded,
    /// The database cannot be reached; retrying later should work.
    #[error("The catalogue is temporarily unavailable. Please try again in a few moments.")]
    Unavailable,
    /// Anything else. The cause is in the server log, never here.
    #[error("Something went wrong on our side. Please try again later.")]
    Internal,
    /// The request could not be sent or its answer not read (network, decoding).
    #[error("The request could not be completed. Please check your connection and try again.")]
    Transport,
}

impl AppError {
    /// The HTTP status this error is served with.
    pub fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::InvalidQuery(_) => StatusCode::BAD_REQUEST,
            Self::SignInRequired => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::TwoFactorNeeded => StatusCode::FORBIDDEN,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal | Self::Transport => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A short page title for this error.
    pub fn title(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "Page not found",
            Self::InvalidQuery(_) => "There is a problem with the link",
            Self::SignInRequired => "Sign in to continue",
            Self::Forbidden => "You do not have permission",
            Self::TwoFactorNeeded => "Set up two-factor sign-in first",
            Self::Unavailable => "Sorry, the service is unavailable",
            Self::Internal | Self::Transport => "Sorry, there is a problem with the service",
        }
    }

    /// A `NotFound` for a technology.
    pub fn technology_not_found() -> Self {
        Self::NotFound {
            what: "a technology at this address".into(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // Transport-level failures (bad arguments, broken connection) carry library
        // text that is not meant for users, so only the category survives.
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                Self::InvalidQuery("The request was not understood.".into())
            }
            // On the server, this is the client's JSON arguments failing to
            // decode (in the browser it is a response failing to: transport).
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => {
                Self::InvalidQuery("The request was not understood.".into())
            }
            ServerFnErrorErr::ServerError(_) => Self::Internal,
            _ => Self::Transport,
        }
    }
}

/// An error as an axum answer: its status, and `{"error": "…"}` with only the
/// text written for users (the API's error shape, `ErrorBody` in the OpenAPI
/// document).
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let body = serde_json::json!({ "error": self.to_string() });
        (self.status_code(), axum::Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_maps_to_its_status() {
        assert_eq!(
            AppError::technology_not_found().status_code(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            AppError::Unavailable.status_code(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            AppError::Internal.status_code(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(
            AppError::InvalidQuery("x".into()).status_code(),
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn library_error_text_never_reaches_the_message() {
        let secret = "relation \"technology\" does not exist";
        for err in [
            ServerFnErrorErr::ServerError(secret.into()),
            ServerFnErrorErr::Deserialization(secret.into()),
            ServerFnErrorErr::Args(secret.into()),
            ServerFnErrorErr::Request(secret.into()),
        ] {
            let mapped = AppError::from_server_fn_error(err);
            assert!(!mapped.to_string().contains("relation"), "{mapped:?}");
        }
    }

    #[test]
    fn round_trips_through_json() {
        let err = AppError::technology_not_found();
        let json = serde_json::to_string(&err).expect("serialises");
        assert_eq!(
            serde_json::from_str::<AppError>(&json).expect("parses"),
            err
        );
    }
}
