//! The comparison: the matrix from real data, its URL, bad input, the CSV, and
//! the comparison tray on the list and technology pages.

use crate::helpers::{assert_no_internal_text, get, get_with, router, seed_real_data};
use app::{
    db::comparison::load,
    domain::{CHECKLIST_ESSENTIALS, CompareQuery},
};
use http::{StatusCode, header};
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn the_matrix_has_the_decision_groups_in_order_and_marks_differences(pool: PgPool) {
    seed_real_data(&pool).await;
    let mut conn = pool.acquire().await.expect("conn");
    // Loaded together (nothing held yet), kept in the order asked, not the
    // database's.
    let (reversed, _) = CompareQuery::parse_query_string("tech=sleepio&tech=nope&tech=derm");
    let r = load(&mut conn, &reversed).await.expect("loads");
    assert_eq!(r.query.techs, ["sleepio", "derm"]);
    let names: Vec<&str> = r.columns.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(names, ["sleepio", "derm"]);
    let (query, _) = CompareQuery::parse_query_string("tech=derm&tech=sleepio&tech=nope");
    let c = load(&mut conn, &query).await.expect("loads");
    assert_eq!(c.not_found, ["nope"]);
    assert_eq!(c.query.techs, ["derm", "sleepio"]);
    let titles: Vec<&str> = c.groups.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Overview",
            "Benefits",
            "Costs",
            "Savings",
            "Procurement and funding",
            "Regulatory essentials",
            "Workforce and skills",
            "IT infrastructure",
            "Estates",
            "Adoption and pilot results",
            "Evidence and NICE guidance",
            "Freshness"
        ]
    );
    let regulatory = &c.groups[5];
    assert_eq!(
        regulatory.rows.len(),
        CHECKLIST_ESSENTIALS.len(),
        "one row per essential"
    );
    for row in c.groups.iter().flat_map(|g| &g.rows) {
        assert_eq!(row.cells.len(), 2);
        let same = row.cells[0].plain() == row.cells[1].plain();
        assert_eq!(row.differs, !same, "{}", row.label);
    }
    let ai = c.groups[0]
        .rows
        .iter()
        .find(|r| r.label == "AI-enabled")
        .expect("AI row");
    assert!(ai.differs, "DERM is AI-enabled, Sleepio is not");
    // Only differences: rows that agree are gone, groups left empty disappear.
    let mut only = c.clone();
    only.query.only_differences = true;
    let visible: Vec<_> = only
        .visible_groups()
        .into_iter()
        .flat_map(|g| g.rows)
        .collect();
    assert!(visible.iter().all(|r| r.differs));
    assert!(visible.len() < c.groups.iter().map(|g| g.rows.len()).sum::<usize>());
}

#[sqlx::test(migrations = "../migrations")]
async fn a_compare_url_renders_the_table_and_its_controls(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let res = get_with(
        &app,
        "/compare?tech=derm&tech=sleepio&tech=tortus",
        &[("host", "catalogue.example")],
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    let body = &res.body;
    assert!(body.contains("class=\"nhsuk-table__caption\">3 technologies compared</caption>"));
    for name in [
        "DERM (Deep Ensemble for Recognition of Malignancy)",
        "Sleepio",
        "TORTUS",
    ] {
        assert!(body.contains(name), "{name} column");
    }
    assert!(body.contains("<th scope=\"row\" class=\"nhsuk-table__header\">Type"));
    assert!(body.contains("Differs"));
    // Remove and reorder keep the rest of the state.
    assert!(
        body.contains("href=\"/compare?tech=derm&amp;tech=tortus\""),
        "remove Sleepio"
    );
    assert!(
        body.contains("href=\"/compare?tech=sleepio&amp;tech=derm&amp;tech=tortus\""),
        "move Sleepio left"
    );
    assert!(
        body.contains("href=\"/compare?tech=derm&amp;tech=sleepio&amp;tech=tortus&amp;diff=1\"")
    );
    assert!(body.contains("/compare/export.csv?tech=derm&amp;tech=sleepio&amp;tech=tortus"));
    assert!(
        body.contains(
            "value=\"http://127.0.0.1:3000/compare?tech=derm&amp;tech=sleepio&amp;tech=tortus\""
        ),
        "the link to share, as text"
    );
    // Each column links to the technology page.
    assert!(body.contains("<a href=\"/technologies/tortus\">"));

    let diff = get(&app, "/compare?tech=derm&tech=sleepio&tech=tortus&diff=1").await;
    assert!(diff.body.contains("showing only the rows that differ"));
    assert!(diff.body.contains("Show all rows"));
    let rows = |b: &str| b.matches("<th scope=\"row\"").count();
    assert!(
        rows(&diff.body) < rows(body),
        "fewer rows with only differences"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_compare_links_get_notices_never_an_error(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    for (uri, expect) in [
        (
            "/compare?tech=derm&tech=nope&tech=sleepio",
            "Not found, so left out of the comparison: nope.",
        ),
        (
            "/compare?tech=derm&tech=Bad%20Slug&tech=sleepio",
            "Not found, so left out of the comparison: Bad Slug.",
        ),
        (
            "/compare?tech=derm&tech=sleepio&tech=tortus&tech=qbtest&tech=derm&tech=oviva",
            "You can compare at most 4 technologies, so oviva was not added.",
        ),
        ("/compare", "Choose 2 to 4 technologies"),
        ("/compare?tech=derm", "Chosen so far"),
        (
            "/compare?tech=nope&tech=gone",
            "Not found, so left out of the comparison: nope, gone.",
        ),
    ] {
        let res = get(&app, uri).await;
        assert_eq!(res.status, StatusCode::OK, "{uri}");
        assert!(
            res.body.contains(&crate::helpers::html_escape(expect)),
            "{uri}: {expect}"
        );
        assert_no_internal_text(&res.body);
    }
    // Duplicates collapse into one column.
    let dup = get(&app, "/compare?tech=derm&tech=derm&tech=sleepio").await;
    assert!(dup.body.contains("2 technologies compared"));
    // One technology: suggestions to add, each keeping the first.
    let one = get(&app, "/compare?tech=derm").await;
    assert!(one.body.contains("href=\"/compare?tech=derm&amp;tech="));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_matrix_exports_as_csv(pool: PgPool) {
    seed_real_data(&pool).await;
    let res = get(&router(pool), "/compare/export.csv?tech=derm&tech=sleepio").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    let mut reader = csv::Reader::from_reader(res.body.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        headers,
        [
            "group",
            "row",
            "DERM (Deep Ensemble for Recognition of Malignancy)",
            "Sleepio",
            "sources"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert!(rows.len() > 25);
    let ai = rows.iter().find(|r| &r[1] == "AI-enabled").expect("AI row");
    assert_eq!((&ai[2], &ai[3]), ("Yes", "No"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_tray_rides_along_the_list_and_the_technology_page(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let list = get(&app, "/technologies?q=sleep&compare=derm").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Comparison (1 of 4 chosen)"));
    assert!(
        list.body
            .contains("Add at least one more technology to compare.")
    );
    // "Add to comparison" on Sleepio keeps the search and the tray.
    assert!(
        list.body
            .contains("href=\"/technologies?q=sleep&amp;compare=derm&amp;compare=sleepio\"")
    );
    // Technology pages carry the tray.
    assert!(
        list.body
            .contains("href=\"/technologies/sleepio?compare=derm\"")
    );
    // The filter form keeps it as a hidden field.
    assert!(
        list.body
            .contains("<input type=\"hidden\" name=\"compare\" value=\"derm\"")
    );

    let two = get(&app, "/technologies?compare=derm&compare=sleepio").await;
    assert!(
        two.body
            .contains("href=\"/compare?tech=derm&amp;tech=sleepio\""),
        "Compare now"
    );
    let full = get(
        &app,
        "/technologies?compare=derm&compare=sleepio&compare=tortus&compare=qbtest&compare=oviva",
    )
    .await;
    assert!(
        full.body
            .contains("You can compare at most 4 technologies, so oviva was not added.")
    );
    assert!(full.body.contains("Comparison (4 of 4 chosen)"));

    let page = get(&app, "/technologies/sleepio?compare=derm").await;
    assert!(
        page.body
            .contains("href=\"/compare?tech=derm&amp;tech=sleepio\"")
    );
    assert!(page.body.contains("Add to comparison"));
}
