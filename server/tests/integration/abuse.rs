//! Hostile input and slow clients: capped arguments, the body limit, the
//! security headers, and connections that never finish their request.

use crate::helpers::{get, router, seed_real_data};
use axum::body::Body;
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sqlx::PgPool;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

async fn post_json(app: &axum::Router, uri: &str, body: String) -> (StatusCode, String) {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request");
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[sqlx::test(migrations = "../migrations")]
async fn a_search_argument_is_read_as_the_url_is_capped_and_deduplicated(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let types: Vec<String> = (0..3000).map(|i| format!("type=unknown_{i}")).collect();
    let query = format!("q=derm&{}", types.join("&"));
    let (status, body) = post_json(
        &app,
        "/api/catalogue/search",
        serde_json::json!({ "query": query }).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    // The query that ran: at most 50 values of a facet, as the URL parser keeps.
    let ran = json["query"].as_str().expect("the query as a string");
    assert!(ran.matches("type=").count() <= 50, "{ran}");
    assert_eq!(
        json["total"], 1,
        "unknown types dropped, the search still runs"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_comparison_argument_never_holds_more_than_four(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let same = vec!["tech=derm"; 500].join("&");
    let (status, body) = post_json(
        &app,
        "/api/compare",
        serde_json::json!({ "query": same }).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(json["columns"].as_array().expect("columns").len(), 1);

    let many: Vec<String> = (0..2000).map(|i| format!("tech=t{i}")).collect();
    let (status, body) = post_json(
        &app,
        "/api/compare",
        serde_json::json!({ "query": many.join("&") }).to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert!(json["columns"].as_array().expect("columns").len() <= 4);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_oversized_body_is_refused_with_413_and_a_plain_message(pool: PgPool) {
    let app = router(pool);
    let huge = format!("{{\"query\":\"{}\"}}", "a".repeat(3 * 1024 * 1024));
    // Declared by Content-Length…
    let (status, body) = post_json(&app, "/api/catalogue/search", huge.clone()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.contains("too large"), "{body}");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_chunked_body_without_a_length_is_cut_off_at_the_limit(pool: PgPool) {
    let addr = serve(pool, Duration::from_secs(5)).await;
    let conn = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut reader, mut writer) = conn.into_split();
    // Send 3 MiB in chunks while reading: the answer may come (and the server
    // close) before everything is sent.
    let sender = tokio::spawn(async move {
        let head = b"POST /sign-in HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n";
        if writer.write_all(head).await.is_err() {
            return;
        }
        let chunk = vec![b'a'; 64 * 1024];
        for _ in 0..48 {
            let framed = [
                format!("{:x}\r\n", chunk.len()).into_bytes(),
                chunk.clone(),
                b"\r\n".to_vec(),
            ]
            .concat();
            if writer.write_all(&framed).await.is_err() {
                return;
            }
        }
        let _ = writer.write_all(b"0\r\n\r\n").await;
    });
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(5), reader.read(&mut buf))
        .await
        .expect("an answer")
        .expect("read");
    sender.abort();
    let head = String::from_utf8_lossy(&buf[..n]);
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
}

#[sqlx::test(migrations = "../migrations")]
async fn every_response_carries_the_security_headers(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    for uri in [
        "/",
        "/technologies",
        "/api/technologies",
        "/data/claims.csv",
        "/healthz",
    ] {
        let page = get(&app, uri).await;
        let h = &page.headers;
        assert_eq!(h["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        assert_eq!(h["cross-origin-opener-policy"], "same-origin");
        assert!(
            h["permissions-policy"]
                .to_str()
                .expect("ascii")
                .contains("camera=()")
        );
        let csp = h["content-security-policy"].to_str().expect("ascii");
        for part in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(part), "{uri}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"));
    }
    // A page's inline scripts are allowed by their hashes, and only them.
    let page = get(&app, "/technologies").await;
    let csp = page.headers["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    let inline: Vec<&str> = page
        .body
        .split("<script")
        .skip(1)
        .filter_map(|rest| {
            let (tag, after) = rest.split_once('>')?;
            let (content, _) = after.split_once("</script>")?;
            (!tag.contains("src=")).then_some(content)
        })
        .collect();
    assert!(!inline.is_empty(), "the hydration script is inline");
    for script in inline {
        use sha2::Digest;
        let hash = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            sha2::Sha256::digest(script.as_bytes()),
        );
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
    }
}

/// Serves the real router on an ephemeral port with a short header timeout.
async fn serve(pool: PgPool, header_read: Duration) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = router(pool);
    tokio::spawn(server::listen::serve(
        listener,
        app,
        server::listen::Timeouts {
            header_read,
            shutdown_grace: Duration::from_secs(1),
        },
        std::future::pending(),
    ));
    addr
}

#[sqlx::test(migrations = "../migrations")]
async fn half_a_request_line_is_closed_after_the_header_timeout(pool: PgPool) {
    let addr = serve(pool, Duration::from_secs(1)).await;
    let mut slow = tokio::net::TcpStream::connect(addr).await.expect("connect");
    slow.write_all(b"GET /healthz HT").await.expect("write");
    let mut buf = [0u8; 512];
    // The server closes it (perhaps after a 408): reading reaches the end.
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match slow.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the half request was closed within 5 s");

    // A whole request on the same server is answered, twice on one connection.
    let mut ok = tokio::net::TcpStream::connect(addr).await.expect("connect");
    for _ in 0..2 {
        ok.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            .await
            .expect("write");
        // Read one whole answer (its head and its body, "ok\n").
        let mut answer = Vec::new();
        while !answer.ends_with(b"\r\n\r\nok\n") {
            let n = tokio::time::timeout(Duration::from_secs(5), ok.read(&mut buf))
                .await
                .expect("in time")
                .expect("read");
            assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&answer));
            answer.extend_from_slice(&buf[..n]);
        }
        assert!(
            answer.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&answer)
        );
    }
}
