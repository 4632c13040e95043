//! Server functions of the admin pages; each checks the role on the server.

use crate::{
    domain::{AuditEntry, StaffAccount},
    error::AppError,
};
use leptos::prelude::*;

/// Every account, pending first (admins only).
#[server(prefix = "/api", endpoint = "admin/accounts", input = server_fn::codec::GetUrl)]
pub async fn list_accounts() -> Result<Vec<StaffAccount>, AppError> {
    use crate::{domain::Role, ssr::with_status};
    crate::ssr::require(Role::Admin)?;
    let pool = crate::ssr::pool()?;
    crate::db::accounts::list_accounts(&pool)
        .await
        .map_err(|e| with_status(e.into()))
}

/// The newest 200 audit entries (admins only).
#[server(prefix = "/api", endpoint = "admin/audit", input = server_fn::codec::GetUrl)]
pub async fn get_audit_log() -> Result<Vec<AuditEntry>, AppError> {
    use crate::{domain::Role, ssr::with_status};
    crate::ssr::require(Role::Admin)?;
    let pool = crate::ssr::pool()?;
    crate::db::accounts::audit_log(&pool, 200)
        .await
        .map_err(|e| with_status(e.into()))
}
