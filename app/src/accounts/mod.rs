//! Accounts: sign up, sign in, your account, and the admin pages; and behind
//! `ssr` the handlers their forms post to, the session middleware that works
//! out who is visiting, and password hashing and strength. Sessions live in
//! Postgres (`db::accounts`), so any number of server processes can serve the
//! same users.
//!
//! Settings (read by the server's config): `TRUST_PROXY`, the number of
//! proxies in front, for the client address of the sign-in limits; and
//! `PUBLIC_ORIGIN`, whose `https://` makes the cookies `Secure` and `__Host-`.

mod admin;
#[cfg(feature = "ssr")]
mod admin_cli;
mod context;
#[cfg(feature = "ssr")]
mod cookies;
#[cfg(feature = "ssr")]
pub(crate) mod csrf;
mod delete;
#[cfg(feature = "ssr")]
mod handlers;
mod pages;
#[cfg(feature = "ssr")]
mod password;
#[cfg(feature = "ssr")]
mod password_handlers;
mod password_pages;
mod server_fns;
#[cfg(feature = "ssr")]
pub(crate) mod session;

pub use admin::{AdminAccountsPage, AuditPage};
pub use context::{csrf_token, provide_visitor, use_form_echo, use_visitor};
pub use delete::{AccountDeletedPage, DeleteAccountPage};
pub use pages::{AccountPage, FormExpiredPage, SignInPage, SignUpPage};
pub use password_pages::{ChangePasswordPage, ResetPage, ResetRequestPage, ResetSentPage};
pub use server_fns::{get_audit_log, list_accounts, supplier_choices};

#[cfg(feature = "ssr")]
pub use admin_cli::create_admin;
#[cfg(feature = "ssr")]
pub use password::{hash_password, strength_error};
#[cfg(feature = "ssr")]
pub use session::{Audience, client_address, session_layer};

/// The (session, CSRF) cookie names the server sets: `__Host-` prefixed when
/// the public origin is https.
#[cfg(feature = "ssr")]
pub fn cookie_names(secure: bool) -> (&'static str, &'static str) {
    (cookies::session_name(secure), cookies::csrf_name(secure))
}

/// The account forms' routes.
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    use axum::routing::post;
    crate::ssr::Routes::new()
        .form("/sign-in", post(handlers::sign_in))
        .form("/sign-up", post(handlers::sign_up))
        .form("/sign-out", post(handlers::sign_out))
        .form("/account/delete", post(handlers::delete_account))
        .form(
            "/account/password",
            post(password_handlers::change_password),
        )
        .form("/reset-password", post(password_handlers::request_reset))
        .form(
            "/reset-password/new",
            post(password_handlers::reset_password),
        )
        .staff("/admin/accounts/{id}", post(handlers::admin_update_account))
}
