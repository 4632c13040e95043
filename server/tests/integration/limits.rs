//! The request limits on their own routers (no database): shedding beyond the
//! places for running requests, the whole-request timeout, the forms' database
//! deadline; and, through the real router, the public origin and HSTS.

use crate::helpers::{get_with, leptos_options, seed_real_data};
use app::ssr::{Deadline, PublicOrigin};
use axum::{Extension, Router, body::Body, middleware::from_fn_with_state, routing::get};
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use server::{
    config::Config,
    limits::{self, Limits},
    startup::{AppState, build_router},
};
use sqlx::PgPool;
use std::{sync::Arc, time::Duration};
use tokio::sync::{Notify, mpsc};
use tower::ServiceExt;

const PAGE: &str = "<p>The catalogue is temporarily unavailable</p>";

async fn send(app: &Router, uri: &str) -> (StatusCode, http::HeaderMap, String) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

#[tokio::test]
async fn requests_beyond_the_places_are_shed_at_once_with_retry_after() {
    // Arrange: one place; /slow holds it until released.
    let limits = Arc::new(Limits::new(1, PAGE.to_owned()));
    let (entered_tx, mut entered) = mpsc::channel::<()>(1);
    let release = Arc::new(Notify::new());
    let held = release.clone();
    let app = Router::new()
        .route(
            "/slow",
            get(move || {
                let (entered_tx, held) = (entered_tx.clone(), held.clone());
                async move {
                    let _ = entered_tx.send(()).await;
                    held.notified().await;
                    "done"
                }
            }),
        )
        .route("/fast", get(|| async { "fast" }))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/fast", get(|| async { "fast" }))
        .layer(from_fn_with_state(limits.clone(), limits::shed));
    let first = tokio::spawn({
        let app = app.clone();
        async move { send(&app, "/slow").await }
    });
    entered.recv().await.expect("the first request is running");

    // Act: more arrive while the only place is taken.
    let (status, headers, body) = send(&app, "/fast").await;
    let (api_status, api_headers, api_body) = send(&app, "/api/fast").await;
    let (health, _, _) = send(&app, "/healthz").await;

    // Assert: shed with the page and Retry-After (JSON for the API); the
    // health check is never shed.
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(headers[header::RETRY_AFTER], "2");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(body, PAGE);
    assert_eq!(api_status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api_headers[header::RETRY_AFTER], "2");
    assert!(api_body.contains("\"error\""), "{api_body}");
    assert_eq!(health, StatusCode::OK);

    // Act and assert: once the place is free, requests run again.
    release.notify_one();
    assert_eq!(first.await.expect("task").0, StatusCode::OK);
    assert_eq!(send(&app, "/fast").await.0, StatusCode::OK);
}

#[tokio::test(start_paused = true)]
async fn a_request_past_its_timeout_gets_the_friendly_503_but_open_data_may_take_longer() {
    // Arrange: handlers that take 30 s (time is simulated).
    let limits = Arc::new(Limits::new(8, PAGE.to_owned()));
    let slow = || async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        "late"
    };
    let app = Router::new()
        .route("/technologies", get(slow))
        .route("/data/catalogue.json", get(slow))
        .route(
            "/deadline",
            get(|Extension(d): Extension<Deadline>| async move {
                // The deadline was stamped on arrival: 1.5 s from then.
                let left = d.0 - tokio::time::Instant::now();
                format!("{}", left.as_millis())
            }),
        )
        .layer(from_fn_with_state(limits.clone(), limits::budget));

    // Act
    let started = tokio::time::Instant::now();
    let (status, headers, body) = send(&app, "/technologies").await;
    let took = started.elapsed();
    let (data_status, _, _) = send(&app, "/data/catalogue.json").await;
    let (_, _, left) = send(&app, "/deadline").await;

    // Assert: 503 with the page, Retry-After and the security headers, at the
    // timeout; the open-data file is allowed its 30 s.
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, PAGE);
    assert_eq!(headers[header::RETRY_AFTER], "2");
    assert!(
        headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ascii")
            .contains("script-src 'none'")
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(
        took >= limits::REQUEST_TIMEOUT && took < limits::REQUEST_TIMEOUT + Duration::from_secs(1)
    );
    assert_eq!(data_status, StatusCode::OK);
    let left: u128 = left.parse().expect("millis");
    assert!(
        left > 1400 && left <= Deadline::BUDGET.as_millis(),
        "{left}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_form_handler_is_held_to_the_database_deadline() {
    // Arrange: a form handler whose database work never ends.
    let limits = Arc::new(Limits::new(8, PAGE.to_owned()));
    let app = Router::new()
        .route(
            "/sign-in",
            get(|| async {
                std::future::pending::<()>().await;
                "never"
            }),
        )
        .route_layer(from_fn_with_state(limits.clone(), limits::db_deadline))
        .layer(from_fn_with_state(limits.clone(), limits::budget));

    // Act
    let started = tokio::time::Instant::now();
    let (status, _, body) = send(&app, "/sign-in").await;

    // Assert: the friendly 503 at the deadline, well before the timeout.
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, PAGE);
    let took = started.elapsed();
    assert!(took >= Deadline::BUDGET && took < Deadline::BUDGET + Duration::from_millis(100));
}

#[sqlx::test(migrations = "../migrations")]
async fn share_links_use_the_public_origin_and_https_turns_on_hsts(pool: PgPool) {
    // Arrange: the same data behind two routers, with and without the setting.
    seed_real_data(&pool).await;
    let config = Config {
        database_url: String::new(),
        max_connections: 4,
        max_in_flight: 64,
        public_origin: Some(
            PublicOrigin::parse("https://catalogue.example.nhs.uk").expect("origin"),
        ),
        trust_proxy_hops: 0,
        sign_ups_per_hour: app::db::throttle::MAX_SIGN_UPS_PER_HOUR,
    };
    let public = build_router(AppState::new(leptos_options(), pool.clone()).configured(&config));
    let plain = build_router(AppState::new(leptos_options(), pool));
    let uri = "/compare?tech=heartflow-ffrct&tech=derm";
    let forged = [("host", "evil.example"), ("x-forwarded-proto", "https")];

    // Act
    let with = get_with(&public, uri, &forged).await;
    let without = get_with(&plain, uri, &forged).await;

    // Assert: the configured origin, never the client's Host header.
    assert_eq!(with.status, StatusCode::OK);
    assert!(
        with.body
            .contains("https://catalogue.example.nhs.uk/compare?tech=")
    );
    assert!(!with.body.contains("evil.example"));
    assert_eq!(
        with.headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
    assert!(without.body.contains("http://127.0.0.1:3000/compare?tech="));
    assert!(!without.body.contains("evil.example"));
    assert!(
        without
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );
}
