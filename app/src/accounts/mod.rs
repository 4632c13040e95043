//! Accounts: sign up, sign in, your account, and the admin pages; and behind
//! `ssr` the handlers their forms post to, the session middleware that works
//! out who is visiting, and password hashing and strength. Sessions live in
//! Postgres (`db::accounts`), so any number of server processes can serve the
//! same users.
//!
//! Environment:
//! - `TRUST_PROXY=1`: behind a load balancer, take the client address from the
//!   first `X-Forwarded-For` entry (for the per-address sign-in limit) and mark
//!   cookies `Secure` when `X-Forwarded-Proto` is `https`.

mod admin;
#[cfg(feature = "ssr")]
mod admin_cli;
mod context;
#[cfg(feature = "ssr")]
mod cookies;
#[cfg(feature = "ssr")]
pub(crate) mod csrf;
#[cfg(feature = "ssr")]
mod handlers;
mod pages;
#[cfg(feature = "ssr")]
mod password;
mod server_fns;
#[cfg(feature = "ssr")]
pub(crate) mod session;

pub use admin::{AdminAccountsPage, AuditPage};
pub use context::{csrf_token, provide_visitor, use_form_echo, use_visitor};
pub use pages::{AccountPage, FormExpiredPage, SignInPage, SignUpPage};
pub use server_fns::{get_audit_log, list_accounts, supplier_choices};

#[cfg(feature = "ssr")]
pub use admin_cli::create_admin;
#[cfg(feature = "ssr")]
pub use password::{hash_password, strength_error};
#[cfg(feature = "ssr")]
pub use session::{Audience, client_address, session_layer};

/// The account forms' routes.
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    use axum::routing::post;
    crate::ssr::Routes::new()
        .form("/sign-in", post(handlers::sign_in))
        .form("/sign-up", post(handlers::sign_up))
        .form("/sign-out", post(handlers::sign_out))
        .staff("/admin/accounts/{id}", post(handlers::admin_update_account))
}
