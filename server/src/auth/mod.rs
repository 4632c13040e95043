//! Accounts on the server side: the session middleware that works out who is
//! visiting, password hashing and strength, and the POST handlers of every
//! account form. Sessions live in Postgres (`db::accounts`), so any number of
//! server processes can serve the same users.
//!
//! Environment:
//! - `TRUST_PROXY=1`: behind a load balancer, take the client address from the
//!   first `X-Forwarded-For` entry (for the per-address sign-in limit) and mark
//!   cookies `Secure` when `X-Forwarded-Proto` is `https`.

mod admin_cli;
mod cookies;
mod csrf;
mod forms;
mod password;
mod posted;
pub mod render;
mod session;

pub use admin_cli::create_admin;
pub use forms::{admin_update_account, sign_in, sign_out, sign_up};
pub use password::{hash_password, strength_error};
pub use posted::{
    CsrfToken, Posted, TokenOnly, plain, read_form, refuse, require_role, unavailable,
};
pub use session::{client_address, session_layer};
