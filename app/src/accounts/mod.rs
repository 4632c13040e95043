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
mod email_handlers;
mod email_pages;
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
#[cfg(feature = "ssr")]
pub mod totp;
#[cfg(feature = "ssr")]
mod two_factor;
mod two_factor_page;

pub use admin::{AdminAccountsPage, AuditPage};
pub use context::{csrf_token, link_token, provide_visitor, use_form_echo, use_visitor};
pub use delete::{AccountDeletedPage, DeleteAccountPage};
pub use email_pages::{ChangeEmailPage, ConfirmEmailPage, get_email_change};
pub use pages::{AccountPage, FormExpiredPage, SignInPage, SignUpPage};
pub use password_pages::{ChangePasswordPage, ResetPage, ResetRequestPage, ResetSentPage};
pub use server_fns::{get_audit_log, list_accounts, supplier_choices};
pub use two_factor_page::{TwoFactorPage, get_two_factor};

#[cfg(feature = "ssr")]
pub use admin_cli::{create_admin, reset_two_factor};
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

/// A new random token for an emailed link, and the SHA-256 the database keeps.
#[cfg(feature = "ssr")]
pub fn new_link_token() -> (String, Vec<u8>) {
    let token = cookies::random_token();
    let hash = cookies::token_hash(&token);
    (token, hash)
}

/// Whether `token` has the shape of one of ours (64 lower-case hex digits).
#[cfg(feature = "ssr")]
pub fn well_formed_token(token: &str) -> bool {
    cookies::well_formed(token)
}

/// The SHA-256 of a link's token, as stored.
#[cfg(feature = "ssr")]
pub fn link_token_hash(token: &str) -> Vec<u8> {
    cookies::token_hash(token)
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
        .form("/account/two-factor", post(two_factor::enrolment))
        .form("/account/email", post(email_handlers::request_change))
        .form(
            "/account/email/confirm",
            post(email_handlers::confirm_change),
        )
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
