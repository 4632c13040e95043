//! Accounts: sign up, sign in, your account, and the admin pages. The forms
//! post to the server's handlers (`server::auth`); this module renders them.

mod admin;
mod context;
mod pages;
mod server_fns;

pub use admin::{AdminAccountsPage, AuditPage};
pub use context::{csrf_token, provide_visitor, use_form_echo, use_visitor};
pub use pages::{AccountPage, FormExpiredPage, SignInPage, SignUpPage};
pub use server_fns::{get_audit_log, list_accounts};
