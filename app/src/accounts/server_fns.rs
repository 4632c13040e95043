//! Server functions of the admin pages; each checks the role on the server.

use crate::{
    domain::{AuditEntry, StaffAccount},
    error::AppError,
};
use leptos::prelude::*;

/// Every account, pending first (admins only).
#[server(prefix = "/api", endpoint = "admin/accounts", input = server_fn::codec::GetUrl)]
pub async fn list_accounts() -> Result<Vec<StaffAccount>, AppError> {
    crate::ssr::require(crate::domain::Role::Admin)?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(crate::db::accounts::list_accounts(&pool)).await
}

/// The suppliers an admin may link a supplier account to: (id, name).
#[server(prefix = "/api", endpoint = "admin/suppliers", input = server_fn::codec::GetUrl)]
pub async fn supplier_choices() -> Result<Vec<(i64, String)>, AppError> {
    crate::ssr::require(crate::domain::Role::Admin)?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::suggestions::suppliers(&mut conn).await
    })
    .await
}

/// The newest 200 audit entries (admins only).
#[server(prefix = "/api", endpoint = "admin/audit", input = server_fn::codec::GetUrl)]
pub async fn get_audit_log() -> Result<Vec<AuditEntry>, AppError> {
    crate::ssr::require(crate::domain::Role::Admin)?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(crate::db::accounts::audit_log(&pool, 200)).await
}
