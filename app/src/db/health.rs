//! Liveness of the database, for `/healthz`.

use sqlx::PgPool;

/// Runs a trivial query; `Ok` means the database answered.
pub async fn ping(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("select 1").execute(pool).await.map(|_| ())
}
