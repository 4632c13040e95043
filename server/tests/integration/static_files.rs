//! The bundle under `/pkg`: compressed, and cached for a year when its names carry
//! content hashes.

use crate::helpers::get_with;
use http::{StatusCode, header};
use leptos::prelude::LeptosOptions;
use server::startup::{AppState, build_router};
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn hashed_bundle_files_are_compressed_and_cached_immutably(pool: PgPool) {
    let site = std::env::temp_dir().join(format!("techcat-site-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).expect("site dir");
    let css = "body { color: black; }\n".repeat(200);
    std::fs::write(site.join("pkg/techcat.abc123.css"), &css).expect("css");
    let leptos_options = LeptosOptions::builder()
        .output_name("techcat")
        .site_root(site.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .hash_files(true)
        .build();
    let app = build_router(AppState::new(leptos_options, pool));

    let res = get_with(
        &app,
        "/pkg/techcat.abc123.css",
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(
        res.headers
            .get(header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok()),
        Some("br")
    );
    assert!(res.body.len() < css.len() / 10, "compressed body is small");

    let missing = get_with(&app, "/pkg/techcat.nope.css", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
