//! Server functions of the adoption pages.

use crate::{
    domain::{IcbDirectory, IcbProfile, RegionProfile},
    error::AppError,
};
use leptos::prelude::*;

/// Every ICB by region, with roll-ups, and the 2026 changes.
#[server(prefix = "/api", endpoint = "icbs", input = server_fn::codec::GetUrl)]
pub async fn list_icbs() -> Result<IcbDirectory, AppError> {
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::adoption::directory(&mut conn).await
    })
    .await
}

/// One ICB by ODS code; an unknown or malformed code is a `NotFound`.
#[server(prefix = "/api", endpoint = "icb", input = server_fn::codec::GetUrl)]
pub async fn get_icb(code: String) -> Result<IcbProfile, AppError> {
    use crate::ssr::with_status;
    let not_found = || {
        with_status(AppError::NotFound {
            what: "an ICB with that code".into(),
        })
    };
    if !crate::domain::is_icb_code(&code) {
        return Err(not_found());
    }
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::adoption::icb(&mut conn, &code).await
    })
    .await?
    .ok_or_else(not_found)
}

/// One region by ODS code; an unknown or malformed code is a `NotFound`.
#[server(prefix = "/api", endpoint = "region", input = server_fn::codec::GetUrl)]
pub async fn get_region(code: String) -> Result<RegionProfile, AppError> {
    use crate::ssr::with_status;
    let not_found = || {
        with_status(AppError::NotFound {
            what: "a region with that code".into(),
        })
    };
    if !crate::domain::is_region_code(&code) {
        return Err(not_found());
    }
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::adoption::region(&mut conn, &code).await
    })
    .await?
    .ok_or_else(not_found)
}
