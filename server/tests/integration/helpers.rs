//! Test support: the real router on a given pool, requests, and the real seed data.

use axum::{Router, body::Body};
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use server::startup::{AppState, build_router};
use sqlx::PgPool;
use std::path::PathBuf;
use tower::ServiceExt;

/// The project's copy of the reference data.
pub fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/reference")
}

/// Loads the real seed data into `pool`.
pub async fn seed_real_data(pool: &PgPool) {
    server::seed::run(pool, &reference_dir(), false)
        .await
        .expect("the reference data loads");
}

/// The names of all technologies in the reference data.
pub fn reference_names() -> Vec<String> {
    let text =
        std::fs::read_to_string(reference_dir().join("technologies.json")).expect("readable");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    json["technologies"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|t| {
            t["product_name"]["value"]
                .as_str()
                .expect("a name")
                .to_owned()
        })
        .collect()
}

/// The router the binary serves, on `pool`, without hashed bundle names.
pub fn router(pool: PgPool) -> Router {
    let leptos_options = LeptosOptions::builder()
        .output_name("techcat")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .build();
    build_router(AppState {
        leptos_options,
        pool,
    })
}

/// A response's status, headers and body text.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

/// Sends `GET uri` (with extra headers) through `router`.
pub async fn get_with(router: &Router, uri: &str, headers: &[(&str, &str)]) -> Page {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::empty()).expect("valid request"))
        .await
        .expect("the router is infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Page {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Sends `GET uri` through `router`.
pub async fn get(router: &Router, uri: &str) -> Page {
    get_with(router, uri, &[]).await
}

/// `text` as it appears in HTML text content.
pub fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Internal wording that must never reach a browser.
pub const INTERNAL_MARKERS: [&str; 8] = [
    "sqlx",
    "error returned from database",
    "column \"",
    "relation \"",
    "pool timed out",
    "Connection refused",
    "PgConnection",
    "panicked",
];

/// Asserts the body contains none of the internal markers.
pub fn assert_no_internal_text(body: &str) {
    for marker in INTERNAL_MARKERS {
        assert!(
            !body.to_lowercase().contains(&marker.to_lowercase()),
            "internal text {marker:?} leaked into the response"
        );
    }
}
