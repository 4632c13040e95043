//! Server functions of the comparison.

use crate::{
    domain::{CompareQuery, Comparison},
    error::AppError,
};
use leptos::prelude::*;

/// The comparison for `query` (unknown technologies listed as not found).
#[server(prefix = "/api", endpoint = "compare", input = server_fn::codec::Json)]
pub async fn compare_technologies(query: CompareQuery) -> Result<Comparison, AppError> {
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::comparison::load(&mut conn, &query).await
    })
    .await
}
