//! Figures for the open-data files: how long each takes to build and how big it
//! is, raw and gzip-compressed on the wire, through the real router. Prints;
//! never writes a file (the synthetic set must never be published).

use crate::startup::{AppState, build_router};
use app::open_data::files::{DataFile, build};
use axum::body::Body;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use std::time::Instant;
use tower::ServiceExt;

/// Builds per file.
const RUNS: usize = 3;

/// Prints build time (median of [`RUNS`]), size and compressed size of each file
/// for the catalogue in `pool`, labelled `what`.
#[expect(clippy::print_stdout, reason = "a benchmark prints its figures")]
pub async fn figures(pool: &PgPool, what: &str) -> anyhow::Result<()> {
    let (technologies, claims): (i64, i64) = sqlx::query_as(
        "select (select count(*) from catalogue_entry),
                (select count(*) from claim c join catalogue_entry e using (technology_id))",
    )
    .fetch_one(pool)
    .await?;
    println!("open data on {what}: {technologies} listed technologies, {claims} claims");
    println!(
        "| file | build (median of {RUNS}) | size | gzip on the wire | answer from the cache (gzip) | 304 |"
    );
    println!("|---|---|---|---|---|---|");
    let router = build_router(AppState::new(
        LeptosOptions::builder().output_name("techcat").build(),
        pool.clone(),
    ));
    for (file, path) in [
        (DataFile::Catalogue, "/data/catalogue.json"),
        (DataFile::Claims, "/data/claims.csv"),
    ] {
        let mut times = Vec::with_capacity(RUNS);
        let mut size = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let built = build(pool, file)
                .await
                .map_err(|e| anyhow::anyhow!("could not build {path}: {e}"))?;
            times.push(started.elapsed().as_secs_f64());
            size = built.body.len();
        }
        times.sort_by(f64::total_cmp);
        // The first request fills this process's cache; the second is answered
        // from it; the third names the second's ETag.
        let (_, _, _) = fetch(&router, path, None).await?;
        let (wire, served, etag) = fetch(&router, path, None).await?;
        let (_, not_modified, _) = fetch(&router, path, etag.as_deref()).await?;
        println!(
            "| {path} | {:.2} s | {} | {} | {:.1} ms | {:.1} ms |",
            times[RUNS / 2],
            human(size),
            human(wire),
            served * 1000.0,
            not_modified * 1000.0
        );
    }
    Ok(())
}

/// One gzip-accepting GET through the router: bytes on the wire, seconds, ETag.
async fn fetch(
    router: &axum::Router,
    path: &str,
    if_none_match: Option<&str>,
) -> anyhow::Result<(usize, f64, Option<String>)> {
    let mut request = http::Request::get(path).header("accept-encoding", "gzip");
    if let Some(tag) = if_none_match {
        request = request.header("if-none-match", tag);
    }
    let started = Instant::now();
    let response = router.clone().oneshot(request.body(Body::empty())?).await?;
    let etag = response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    Ok((bytes.len(), started.elapsed().as_secs_f64(), etag))
}

fn human(bytes: usize) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a printed figure")]
    let b = bytes as f64;
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / 1024.0 / 1024.0)
    } else {
        format!("{:.0} KiB", b / 1024.0)
    }
}
