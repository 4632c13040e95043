//! The catalogue over HTTP: server-rendered filtered views with the right boxes
//! ticked, every bad-input case, the JSON API and the exports.

use crate::helpers::{
    assert_no_internal_text, get, get_with, html_escape, reference_counts, reference_names, router,
    seed_real_data,
};
use http::{StatusCode, header};
use sqlx::PgPool;

/// The opening tag of the element with `id`.
fn tag_with_id<'a>(body: &'a str, id: &str) -> &'a str {
    let at = body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("element #{id} rendered"));
    let start = body[..at].rfind('<').expect("tag start");
    let end = at + body[at..].find('>').expect("tag end");
    &body[start..=end]
}

fn is_checked(body: &str, id: &str) -> bool {
    tag_with_id(body, id).contains(" checked")
}

#[sqlx::test(migrations = "../migrations")]
async fn every_technology_is_listed_over_the_pages_in_name_order(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let total = reference_counts().technologies;
    let pages = app::domain::page_count(total);
    let mut bodies = String::new();
    for page in 1..=pages {
        let uri = match page {
            1 => "/technologies".to_owned(),
            n => format!("/technologies?page={n}"),
        };
        let res = get(&app, &uri).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains(&format!(
            "All {total} technologies in the catalogue. Page {page} of {pages}."
        )));
        bodies.push_str(&res.body);
    }
    let mut names = reference_names();
    names.sort_by_key(|n| n.to_lowercase());
    let positions: Vec<usize> = names
        .iter()
        .map(|n| {
            bodies
                .find(&format!(">{}</a>", html_escape(n)))
                .unwrap_or_else(|| panic!("{n} listed"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "names in order");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_shared_filtered_url_renders_filtered_with_boxes_ticked(pool: PgPool) {
    seed_real_data(&pool).await;
    let res = get(
        &router(pool),
        "/technologies?q=derm&setting=secondary_care_planned&ai=yes&sort=name",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    let body = &res.body;
    assert!(body.contains("1 technology matches “derm”"), "summary");
    assert!(
        body.contains("<mark class=\"app-match\">DERM</mark>"),
        "match marked"
    );
    assert!(is_checked(body, "f-setting-secondary_care_planned"));
    assert!(is_checked(body, "f-ai-yes"));
    assert!(!is_checked(body, "f-ai-no"));
    assert!(tag_with_id(body, "q").contains("value=\"derm\""));
    assert!(
        body.contains("<option value=\"name\" selected"),
        "sort kept"
    );
    // Chips remove one filter each, keeping the rest.
    assert!(body.contains("href=\"/technologies?q=derm&amp;ai=yes&amp;sort=name\""));
    assert!(body.contains("Clear all"));
    // Export links carry the same view.
    assert!(body.contains(
        "/technologies/export.csv?q=derm&amp;setting=secondary_care_planned&amp;ai=yes&amp;sort=name"
    ));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_form_submission_redirects_to_the_canonical_url(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let res = get(
        &app,
        "/technologies?q=&ai=yes&setting=primary_care&sort=relevance",
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/technologies?setting=primary_care&ai=yes")
    );
    // Canonical URLs and URLs with notices are served as they are.
    for uri in [
        "/technologies?setting=primary_care&ai=yes",
        "/technologies?page=x&q=",
    ] {
        assert_eq!(get(&app, uri).await.status, StatusCode::OK, "{uri}");
    }
}

/// The in-page navigation script is told where a redirect leads (`fetch()`
/// hides a redirect's fragment), as a 204 that no cache keeps, and is sent the
/// canonical catalogue page at once, named in `techcat-location`; a browser
/// without the script gets the plain redirects.
#[sqlx::test(migrations = "../migrations")]
async fn redirects_are_spelled_out_for_the_navigation_script(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let header_of = |page: &crate::helpers::Page, name: &str| {
        page.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let nav = [("techcat-nav", "1")];

    // A redirect: 204 with its target.
    assert_eq!(
        get(&app, "/icbs/").await.status,
        StatusCode::PERMANENT_REDIRECT
    );
    let slash = get_with(&app, "/icbs/", &nav).await;
    assert_eq!(slash.status, StatusCode::NO_CONTENT);
    assert!(slash.headers.get(header::LOCATION).is_none());
    assert!(slash.body.is_empty());
    assert_eq!(
        header_of(&slash, "techcat-redirect").as_deref(),
        Some("/icbs")
    );
    assert_eq!(
        header_of(&slash, "cache-control").as_deref(),
        Some("no-store")
    );
    // The fragment a plain redirect would carry reaches the script.
    let org = get_with(
        &app,
        "/organisation?check=1&return=%2Ftechnologies%2Fheartflow-ffrct%23readiness&team=1",
        &nav,
    )
    .await;
    let to = header_of(&org, "techcat-redirect").expect("a redirect for the script");
    assert!(
        to.starts_with("/technologies/heartflow-ffrct?ctx=") && to.ends_with("#readiness"),
        "{to}"
    );

    // The catalogue's long form address: the canonical page itself.
    let uri = "/technologies?q=&ai=yes&sort=relevance";
    assert_eq!(get(&app, uri).await.status, StatusCode::SEE_OTHER);
    let page = get_with(&app, uri, &nav).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        header_of(&page, "techcat-location").as_deref(),
        Some("/technologies?ai=yes")
    );
    assert!(page.body.contains("AI-enabled Yes"), "the filtered view");
    assert!(
        page.headers
            .get_all(header::VARY)
            .iter()
            .any(|v| v.to_str().is_ok_and(|v| v.contains("techcat-nav"))),
        "a cache keeps it apart from a plain visit"
    );
    // A canonical page is served as it is.
    let plain = get_with(&app, "/technologies?ai=yes", &nav).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(header_of(&plain, "techcat-location").is_none());
    assert!(header_of(&plain, "techcat-redirect").is_none());
}

/// Pages are rendered on the server only: the catalogue carries its live
/// filters as an island, and the shell the islands bootstrap and the
/// navigation script; no page carries data for hydrating the whole app.
#[sqlx::test(migrations = "../migrations")]
async fn pages_ship_islands_not_the_whole_app(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let list = get(&app, "/technologies").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("<leptos-island"),
        "the live filters island"
    );
    assert!(list.body.contains("LiveFilters"));
    assert!(list.body.contains("techcat-nav"), "the navigation script");
    let detail = get(&app, "/technologies/heartflow-ffrct").await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(
        !detail.body.contains("<leptos-island"),
        "nothing interactive"
    );
    for page in [&list, &detail] {
        assert!(
            !page.body.contains("__RESOLVED_RESOURCES["),
            "no resource values written for hydration"
        );
        assert!(
            !page.body.contains("rel=\"modulepreload\""),
            "the bundle waits for the page"
        );
        assert!(page.body.contains("data-wasm=\"/pkg/techcat"));
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_input_gets_plain_notices_never_an_error(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let long = "a".repeat(201);
    for (uri, message) in [
        (
            "/technologies?type=retired_type",
            "1 filter in your link is no longer available",
        ),
        (
            "/technologies?nice=XYZ&icb=qq",
            "2 filters in your link are no longer available",
        ),
        (
            "/technologies?page=abc",
            "The page number in your link was not valid",
        ),
        (
            "/technologies?page=-1",
            "The page number in your link was not valid",
        ),
        (
            "/technologies?sort=price",
            "The sort order in your link was not recognised",
        ),
        (
            &format!("/technologies?q={long}") as &str,
            "longer than 200 characters",
        ),
    ] {
        let res = get(&app, uri).await;
        assert_eq!(res.status, StatusCode::OK, "{uri}");
        assert!(res.body.contains(message), "{uri}: {message}");
        assert_no_internal_text(&res.body);
    }
    for uri in [
        "/technologies?q=%27%3B+drop+table+technology%3B--",
        "/technologies?q=%FF%FE",
        "/technologies?page=99999999999999999999",
        "/technologies?%%%=&&&==",
        "/technologies?q=a%3A*%7C!",
    ] {
        let mut res = get(&app, uri).await;
        if res.status == StatusCode::SEE_OTHER {
            let to = res.headers[header::LOCATION]
                .to_str()
                .expect("ascii")
                .to_owned();
            res = get(&app, &to).await;
        }
        assert_eq!(res.status, StatusCode::OK, "{uri}");
        assert_no_internal_text(&res.body);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn an_empty_result_explains_what_to_remove(pool: PgPool) {
    seed_real_data(&pool).await;
    let res = get(
        &router(pool),
        "/technologies?q=psychosis&type=ai_imaging_diagnostics",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.body
            .contains("No technologies match all of these filters")
    );
    assert!(res.body.contains("Remove the “Technology type” filter"));
    assert!(res.body.contains("href=\"/technologies?q=psychosis\""));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_json_api_takes_the_page_query_string(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let res = get(
        &app,
        "/api/technologies?setting=primary_care&setting=primary_care&type=gone&page=1",
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&res.body).expect("JSON");
    assert_eq!(json["query"], "setting=primary_care");
    assert_eq!(
        json["notices"][0],
        "1 filter in your link is no longer available, so it was left out."
    );
    let page = get(&app, "/technologies?setting=primary_care").await;
    let total = json["total"].as_i64().expect("total");
    assert!(page.body.contains(&format!("{total} technologies match")));
    assert_eq!(
        json["results"].as_array().map(Vec::len),
        Some(total.min(20) as usize)
    );
    assert_eq!(json["facets"].as_array().map(Vec::len), Some(11));
    let (total, pages) = (
        reference_counts().technologies,
        app::domain::page_count(reference_counts().technologies),
    );
    let all = get(&app, &format!("/api/technologies?page={pages}")).await;
    let all: serde_json::Value = serde_json::from_str(&all.body).expect("JSON");
    assert_eq!(
        (
            all["total"].as_i64(),
            all["page"].as_i64(),
            all["pages"].as_i64()
        ),
        (Some(total), Some(i64::from(pages)), Some(i64::from(pages)))
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn exports_hold_every_page_with_sources_and_dates(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let csv = get(&app, "/technologies/export.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    assert!(csv.headers.get(header::CONTENT_DISPOSITION).is_some());
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("header row")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headers, app::open_data::api::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(
        rows.len() as i64,
        reference_counts().technologies,
        "all pages"
    );
    let derm = rows
        .iter()
        .find(|r| &r[0] == "derm")
        .expect("derm exported");
    assert!(
        derm[20].contains("www.england.nhs.uk/elective-care"),
        "sources column"
    );
    assert!(!derm[16].is_empty(), "last verified column");

    let filtered = get(&app, "/technologies/export.json?ai=yes&sort=deployments").await;
    let json: serde_json::Value = serde_json::from_str(&filtered.body).expect("JSON");
    let list = json.as_array().expect("a list");
    let api = get(&app, "/api/technologies?ai=yes").await;
    let api: serde_json::Value = serde_json::from_str(&api.body).expect("JSON");
    assert_eq!(list.len() as i64, api["total"].as_i64().expect("total"));
    assert!(list.iter().all(|t| t["ai_enabled"] == true));
    let counts: Vec<i64> = list
        .iter()
        .map(|t| t["nhs_deployments"].as_i64().expect("n"))
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "the view's order");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_search_server_function_answers_json(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let req = http::Request::post("/api/catalogue/search")
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(r#"{"query":"q=derm"}"#))
        .expect("request");
    let res = tower::ServiceExt::oneshot(app, req)
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    let json: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(json["total"], 1);
}
