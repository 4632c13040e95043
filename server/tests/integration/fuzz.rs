//! Property tests over every entry point: arbitrary JSON to every server
//! function and arbitrary query strings to every GET server function and every
//! route, taken from the registries (the server functions' and the router's),
//! so functions and pages added later are covered without editing this file.
//! Never a 5xx, never a panic, never internal text. The cases come from a fixed
//! seed, a bounded number per entry point, so a failure is reproducible.

use crate::helpers::{INTERNAL_MARKERS, router, seed_real_data, signed_in};
use axum::{Router, body::Body};
use http::{Method, Request, header};
use http_body_util::BodyExt;
use proptest::{
    prelude::*,
    strategy::ValueTree,
    test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner},
};
use serde_json::Value;
use sqlx::PgPool;
use tower::ServiceExt;

/// Cases per entry point and visitor.
const CASES: usize = 24;

/// Argument names the server functions take, so generated objects often have
/// the right keys with the wrong values.
const KEYS: [&str; 8] = ["query", "slug", "id", "code", "tech", "q", "page", "type"];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        query_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(&KEYS[..]).prop_map(str::to_owned),
        1 => "[a-z_]{0,8}",
    ]
}

/// A query string: keys the pages know and others, values of URI characters
/// (bad percent escapes included) or percent-encoded arbitrary text.
fn query_string() -> impl Strategy<Value = String> {
    // The catalogue's own keys (from its parser), and those of the other pages.
    let mut names: Vec<&'static str> = app::domain::CatalogueQuery::keys()
        .into_iter()
        .map(|k| k.name)
        .collect();
    names.extend([
        "tech", "diff", "ctx", "ready", "units", "sites", "years", "return", "slug", "code", "id",
    ]);
    let known = prop::sample::select(names).prop_map(str::to_owned);
    let name = prop_oneof![4 => known, 1 => "[A-Za-z0-9%_.-]{0,10}"];
    let value = prop_oneof![
        "[A-Za-z0-9%=+;._~,-]{0,40}",
        ".{0,30}"
            .prop_map(|s| { form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>() }),
    ];
    prop::collection::vec((name, value), 0..12).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// A path segment: URI characters, sometimes percent-encoded arbitrary text.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9%._~-]{0,30}",
        ".{0,20}".prop_map(|s| form_urlencoded::byte_serialize(s.as_bytes()).collect()),
    ]
}

/// `n` values of `strategy` from the fixed seed.
fn samples<S: Strategy>(strategy: S, n: usize, runner: &mut TestRunner) -> Vec<S::Value> {
    (0..n)
        .map(|_| strategy.new_tree(runner).expect("a case").current())
        .collect()
}

fn runner() -> TestRunner {
    TestRunner::new_with_rng(
        RunnerConfig::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    )
}

/// Sends one request (made by `make`); returns a description of what was
/// wrong with the answer, if anything. A 503 says the request missed its
/// database deadline, which on a test machine busy with the other tests is the
/// machine, not the input: such a request is sent once more and judged by the
/// second answer, so an input that fails every time still fails the test.
async fn check(app: &Router, make: impl Fn() -> Request<Body>) -> Option<String> {
    let mut req = make();
    let what = format!("{} {}", req.method(), req.uri());
    let mut res = app
        .clone()
        .oneshot(req)
        .await
        .expect("the router is infallible");
    if res.status() == http::StatusCode::SERVICE_UNAVAILABLE {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        req = make();
        res = app
            .clone()
            .oneshot(req)
            .await
            .expect("the router is infallible");
    }
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    let body = String::from_utf8_lossy(&bytes).to_lowercase();
    if status.is_server_error() {
        // For a page, its heading and message; otherwise the body's start.
        let start: String = match (body.find("<h1"), body.find("data-testid=\"error-message\"")) {
            (Some(h), Some(m)) => format!(
                "{} / {}",
                &body[h..(h + 80).min(body.len())],
                &body[m..(m + 120).min(body.len())]
            ),
            _ => body.chars().take(160).collect(),
        };
        return Some(format!("{what} → {status}: {start}"));
    }
    INTERNAL_MARKERS
        .iter()
        .find(|m| body.contains(&m.to_lowercase()))
        .map(|m| format!("{what} → internal text {m:?}"))
}

/// Every page and plain route of the router, with `{param}` segments to fill.
fn route_templates() -> Vec<String> {
    let mut paths: Vec<String> = leptos_axum::generate_route_list(app::App)
        .into_iter()
        .map(|r| r.path().to_owned())
        .collect();
    paths.extend(
        [
            "/api/technologies",
            "/technologies/export.csv",
            "/technologies/export.json",
            "/compare/export.csv",
            "/api/openapi.json",
            "/healthz",
            "/changes.atom",
        ]
        .map(str::to_owned),
    );
    paths.sort();
    paths.dedup();
    paths
}

/// Replaces each `{param}` or `:param` segment with the next of `fills`.
fn fill(template: &str, fills: &[String]) -> String {
    let mut next = fills.iter().cycle();
    template
        .split('/')
        .map(|seg| {
            if seg.starts_with('{') || seg.starts_with(':') || seg.starts_with('*') {
                next.next().cloned().unwrap_or_default()
            } else {
                seg.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[sqlx::test(migrations = "../migrations")]
async fn no_server_function_or_route_fails_on_arbitrary_input(pool: PgPool) {
    // Arrange: the real data, and two visitors: anonymous, and an admin (who
    // gets past every role check to the argument handling behind it).
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let admin = signed_in(&pool, &app, "fuzz-admin@example.org", "admin", "approved").await;
    let session = format!(
        "techcat_session={}",
        admin.cookie("techcat_session").expect("session")
    );
    let functions: Vec<(&'static str, Method)> =
        leptos::server_fn::axum::server_fn_paths().collect();
    assert!(
        functions.len() >= 10,
        "the registry lists the server functions"
    );
    let routes = route_templates();
    assert!(
        routes.iter().any(|r| r.contains("technologies")),
        "{routes:?}"
    );
    let mut rng = runner();
    let mut failures = Vec::new();
    let mut sent = 0usize;

    for cookie in ["", session.as_str()] {
        // Act: every server function, with arbitrary JSON bodies (POST) or
        // query strings (GET).
        for (path, method) in &functions {
            if *method == Method::GET {
                for query in samples(query_string(), CASES, &mut rng) {
                    let req = || {
                        Request::get(format!("{path}?{query}"))
                            .header(header::COOKIE, cookie)
                            .body(Body::empty())
                            .expect("request")
                    };
                    failures.extend(check(&app, req).await);
                    sent += 1;
                }
            }
            for body in samples(json_value(), CASES, &mut rng) {
                let req = || {
                    Request::post(*path)
                        .header(header::CONTENT_TYPE, "application/json")
                        .header(header::COOKIE, cookie)
                        .body(Body::from(body.to_string()))
                        .expect("request")
                };
                failures.extend(check(&app, req).await);
                sent += 1;
            }
        }
        // Act: every route, with arbitrary path parameters and query strings.
        for template in &routes {
            let cases = samples(
                (prop::collection::vec(segment(), 1..3), query_string()),
                CASES,
                &mut rng,
            );
            for (fills, query) in cases {
                let uri = format!("{}?{query}", fill(template, &fills));
                let req = || {
                    Request::get(&uri)
                        .header(header::COOKIE, cookie)
                        .header(header::ACCEPT, "text/html")
                        .body(Body::empty())
                };
                if req().is_err() {
                    continue; // not a URI a client could send
                }
                failures.extend(check(&app, || req().expect("checked above")).await);
                sent += 1;
            }
        }
    }

    // Assert
    eprintln!(
        "sent {sent} arbitrary requests to {} server functions and {} routes",
        functions.len(),
        routes.len()
    );
    assert!(sent > 1000, "{sent}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
