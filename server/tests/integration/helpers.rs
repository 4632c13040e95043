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

/// A scratch copy of the reference data that a test may break.
pub fn scratch_copy(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("techcat-seed-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    for entry in std::fs::read_dir(reference_dir()).expect("reference dir") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

/// Rewrites the JSON file at `path` with `edit`.
pub fn edit_json(path: &std::path::Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
    edit(&mut json);
    std::fs::write(
        path,
        serde_json::to_string_pretty(&json).expect("serialise"),
    )
    .expect("write");
}

/// The project's `technologies.json`, parsed.
pub fn reference_technologies() -> serde_json::Value {
    let text =
        std::fs::read_to_string(reference_dir().join("technologies.json")).expect("readable");
    serde_json::from_str(&text).expect("JSON")
}

/// The data rows of one of the reference CSV files.
pub fn csv_rows(file: &str) -> i64 {
    let mut reader = csv::Reader::from_path(reference_dir().join(file)).expect("readable CSV");
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid rows");
    rows.len() as i64
}

/// How many rows each reference file holds, counted from the files themselves
/// (not through the loader under test): what a test expects after seeding, so
/// a curator adding or withdrawing a technology in the data breaks no test.
pub fn reference_counts() -> app::db::seed::SeedCounts {
    let taxonomies: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(reference_dir().join("taxonomies.json")).expect("readable"),
    )
    .expect("JSON");
    let values = |key: &str| taxonomies[key]["values"].as_array().map_or(0, Vec::len) as i64;
    app::db::seed::SeedCounts {
        regions: csv_rows("regions.csv"),
        icbs: csv_rows("icbs.csv"),
        care_settings: values("care_settings"),
        technology_types: values("technology_types"),
        technologies: reference_names().len() as i64,
    }
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
    build_router(AppState::new(leptos_options(), pool))
}

/// The Leptos settings the test routers use.
pub fn leptos_options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("techcat")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .build()
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

/// A browser stand-in for form tests: keeps cookies between requests and sends
/// `Accept: text/html` like a browser does.
pub struct Browser {
    router: Router,
    cookies: std::collections::BTreeMap<String, String>,
    /// The network address it connects from (none: "unknown").
    peer: Option<std::net::SocketAddr>,
    /// Headers sent with every request.
    headers: Vec<(String, String)>,
}

impl Browser {
    /// A browser with no cookies.
    pub fn new(router: &Router) -> Self {
        Self {
            router: router.clone(),
            cookies: std::collections::BTreeMap::new(),
            peer: None,
            headers: Vec::new(),
        }
    }

    /// Sends `name: value` with every request from now on.
    pub fn add_header(&mut self, name: &str, value: &str) {
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    /// A browser with no cookies connecting from `ip` (another client).
    pub fn from_ip(router: &Router, ip: [u8; 4]) -> Self {
        Self {
            peer: Some(std::net::SocketAddr::from((ip, 40000))),
            ..Self::new(router)
        }
    }

    /// The cookie `name`, if set.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    /// Sets (or with `None` removes) a cookie by hand.
    pub fn set_cookie(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(v) => self.cookies.insert(name.to_owned(), v.to_owned()),
            None => self.cookies.remove(name),
        };
    }

    async fn send(&mut self, req: http::request::Builder, body: Body) -> Page {
        self.send_accepting(req, body, "text/html").await
    }

    /// `GET uri` as a script would (`Accept: application/json`), with the cookies.
    pub async fn fetch(&mut self, uri: &str) -> Page {
        self.send_accepting(Request::get(uri), Body::empty(), "application/json")
            .await
    }

    async fn send_accepting(
        &mut self,
        req: http::request::Builder,
        body: Body,
        accept: &str,
    ) -> Page {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut req = req.header("accept", accept).header("cookie", cookie);
        if let Some(peer) = self.peer {
            req = req.extension(axum::extract::ConnectInfo(peer));
        }
        for (name, value) in &self.headers {
            req = req.header(name.as_str(), value.as_str());
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(body).expect("valid request"))
            .await
            .expect("the router is infallible");
        for set in res.headers().get_all("set-cookie") {
            let set = set.to_str().expect("ascii cookie");
            let (pair, attrs) = set.split_once(';').unwrap_or((set, ""));
            let (k, v) = pair.split_once('=').expect("name=value");
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Page {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// `GET uri`.
    pub async fn get(&mut self, uri: &str) -> Page {
        self.send(Request::get(uri), Body::empty()).await
    }

    /// `POST uri` with a url-encoded form.
    pub async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(fields).expect("encodes");
        self.send(
            Request::post(uri).header("content-type", "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await
    }

    /// Opens `page` and posts `fields` plus the CSRF token the page's form carries.
    pub async fn submit(&mut self, page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let form = self.get(page).await;
        let token = csrf_token(&form.body);
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }
}

/// The CSRF token in a page's first form.
pub fn csrf_token(body: &str) -> String {
    let at = body
        .find("name=\"csrf_token\"")
        .expect("a form with a CSRF field");
    let start = body[..at].rfind('<').unwrap_or(0);
    let tag_end = body[at..].find('>').map_or(body.len(), |e| at + e);
    let tag = &body[start..tag_end];
    let v = tag.find("value=\"").expect("token value") + 7;
    tag[v..v + tag[v..].find('"').expect("closing quote")].to_owned()
}

/// The value of the first hidden input `name` in `body`.
pub fn hidden(body: &str, name: &str) -> String {
    let at = body
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no {name} field"));
    let start = body[..at].rfind('<').unwrap_or(0);
    let end = body[at..].find('>').map_or(body.len(), |e| at + e);
    let tag = &body[start..end];
    let v = tag.find("value=\"").expect("a value") + 7;
    tag[v..v + tag[v..].find('"').expect("quote")].to_owned()
}

/// The `Location` of a redirect.
pub fn location(page: &Page) -> &str {
    page.headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The password every test account uses.
pub const TEST_PASSWORD: &str = "violet tractor pebble lagoon";

/// The authenticator secret every test curator and admin is enrolled with.
pub const TEST_TOTP_SECRET: &[u8; 20] = b"techcat test secret!";

/// Creates an account with `role` and `status` straight in the database (a
/// curator or admin enrolled in two-factor sign-in with [`TEST_TOTP_SECRET`]),
/// signs it in (answering the code step for staff), and returns the browser
/// holding its session.
pub async fn signed_in(
    pool: &PgPool,
    router: &Router,
    email: &str,
    role: &str,
    status: &str,
) -> Browser {
    let hash = app::accounts::hash_password(TEST_PASSWORD).expect("hash");
    let id: i64 = sqlx::query_scalar(
        "insert into account (email, display_name, organisation, password_hash, role, status)
         values ($1, $2, 'NHS Example ICB', $3, $4, $5) returning id",
    )
    .bind(email)
    .bind(format!("Test {role}"))
    .bind(hash)
    .bind(role)
    .bind(status)
    .fetch_one(pool)
    .await
    .expect("account");
    if matches!(role, "curator" | "admin") {
        enrol_two_factor(pool, id).await;
    }
    let mut b = Browser::new(router);
    let page = sign_in_answering(&mut b, email, TEST_PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "signed in");
    b
}

/// Enrols account `id` in two-factor sign-in with [`TEST_TOTP_SECRET`].
pub async fn enrol_two_factor(pool: &PgPool, id: i64) {
    sqlx::query(
        "insert into account_totp (account_id, secret, confirmed_at) values ($1, $2, now())",
    )
    .bind(id)
    .bind(&TEST_TOTP_SECRET[..])
    .execute(pool)
    .await
    .expect("enrol");
}

/// Signs in with `password` and, for an account enrolled with
/// [`TEST_TOTP_SECRET`], answers the code step: with this step's code, or when
/// that was used already, the next step's (a clock one step ahead). The last
/// page.
pub async fn sign_in_answering(b: &mut Browser, email: &str, password: &str) -> Page {
    let page = b
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", email), ("password", password)],
        )
        .await;
    if page.status != StatusCode::OK || !page.body.contains("name=\"challenge\"") {
        return page;
    }
    let now = app::accounts::totp::step_now();
    let first = answer_code(
        b,
        &page.body,
        &app::accounts::totp::code_at(TEST_TOTP_SECRET, now),
    )
    .await;
    if first.status != StatusCode::UNPROCESSABLE_ENTITY {
        return first;
    }
    answer_code(
        b,
        &first.body,
        &app::accounts::totp::code_at(TEST_TOTP_SECRET, now + 1),
    )
    .await
}

/// Answers the sign-in page's code step (`page` is its HTML) with `code`.
pub async fn answer_code(b: &mut Browser, page: &str, code: &str) -> Page {
    let token = csrf_token(page);
    let challenge = hidden(page, "challenge");
    b.post(
        "/sign-in",
        &[
            ("csrf_token", token.as_str()),
            ("challenge", challenge.as_str()),
            ("code", code),
        ],
    )
    .await
}
