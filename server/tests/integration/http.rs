//! HTTP behaviour of the real router on real, seeded data.

use crate::helpers::{assert_no_internal_text, get, get_with, router, seed_real_data};
use http::{StatusCode, header};
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn a_technology_page_shows_its_facts_and_sources(pool: PgPool) {
    seed_real_data(&pool).await;
    let page = get(&router(pool), "/technologies/heartflow-ffrct").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<h1>HeartFlow FFRCT</h1>"));
    assert!(page.body.contains("Image-based physiological simulation"));
    assert!(
        page.body
            .contains(r#"href="https://www.nice.org.uk/guidance/MTG32""#)
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_missing_supplier_reads_not_yet_documented(pool: PgPool) {
    seed_real_data(&pool).await;
    let page = get(&router(pool), "/technologies/qbtest").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Not yet documented"));
    assert!(
        page.body.contains("Qbtech"),
        "the reference note explains the gap"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn unknown_and_malformed_slugs_are_404_pages(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    for uri in [
        "/technologies/no-such-thing",
        "/technologies/NOT%20A%20SLUG",
        "/no/such/page",
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(page.body.contains("Page not found"), "{uri}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_detail_server_function_reports_not_found_with_404(pool: PgPool) {
    seed_real_data(&pool).await;
    let page = get(&router(pool), "/api/technology?slug=nope").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("NotFound"));
}

#[sqlx::test(migrations = "../migrations")]
async fn healthz_is_ok_when_the_database_answers(pool: PgPool) {
    let page = get(&router(pool), "/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
}

#[sqlx::test(migrations = "../migrations")]
async fn html_is_compressed_when_the_client_accepts_it(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    for (accept, expected) in [("br", "br"), ("gzip", "gzip")] {
        let page = get_with(&app, "/technologies", &[("accept-encoding", accept)]).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            page.headers
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().ok()),
            Some(Some(expected))
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_broken_schema_gives_a_500_page_with_safe_text(pool: PgPool) {
    seed_real_data(&pool).await;
    sqlx::query("alter table technology drop column summary cascade")
        .execute(&pool)
        .await
        .expect("sabotage");
    let app = router(pool);
    let page = get(&app, "/technologies").await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(page.body.contains("Something went wrong on our side"));
    assert_no_internal_text(&page.body);
    let api = get(&app, "/api/technologies").await;
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_no_internal_text(&api.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_rich_technology_page_has_every_section_in_order(pool: PgPool) {
    seed_real_data(&pool).await;
    let page = get(&router(pool.clone()), "/technologies/derm").await;
    assert_eq!(page.status, StatusCode::OK);
    let headings = [
        "Summary",
        "Benefits",
        "Costs",
        "Savings",
        "Procurement and funding",
        "Regulatory essentials",
        "Workforce and skills",
        "IT infrastructure",
        "Estates",
        "Pilot results and adopters",
        "Evidence and NICE guidance",
        "Sources",
    ];
    let positions: Vec<usize> = headings
        .iter()
        .map(|h| {
            page.body
                .find(&format!("</span>{h}</h2>"))
                .unwrap_or_else(|| panic!("{h} missing"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sections out of order"
    );
    // DERM's reference data documents every one of the eight blocks.
    assert!(page.body.contains("8 of 8 blocks documented"));
    let deployments = derm_deployments(&pool).await;
    assert!(
        page.body
            .contains(&format!("{deployments} documented NHS deployments."))
    );
    // The company-reported total is shown for what it is and not counted.
    assert!(
        page.body
            .contains("Company-reported figure (not independently documented)")
    );
    // Verified claims show when; the regulatory claim is re-checked after 6 months.
    assert!(
        page.body
            .contains("Verified 25 November 2026 · re-check by 25 May 2027")
    );
    assert!(
        page.body
            .contains("Verified 25 November 2026 · re-check by 25 November 2027")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_sparse_technology_says_not_yet_documented_per_empty_block(pool: PgPool) {
    seed_real_data(&pool).await;
    // The technology with the most empty blocks in the reference data.
    let json = crate::helpers::reference_technologies();
    let blocks = [
        ("benefits", "benefits"),
        ("costs", "costs"),
        ("it_requirements", "IT infrastructure"),
        ("estates_requirements", "estates"),
        ("pilot_results", "pilot results"),
        ("deployments", "adopters"),
    ];
    let empty = |t: &serde_json::Value| -> Vec<&str> {
        blocks
            .iter()
            .filter(|(key, _)| t[*key].as_array().is_none_or(Vec::is_empty))
            .map(|(_, what)| *what)
            .collect()
    };
    let sparse = json["technologies"]
        .as_array()
        .expect("list")
        .iter()
        .max_by_key(|t| empty(t).len())
        .expect("a technology");
    let missing = empty(sparse);
    assert!(missing.len() >= 3, "{missing:?}");
    let slug = sparse["id"].as_str().expect("slug");
    let page = get(&router(pool), &format!("/technologies/{slug}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for what in missing {
        assert!(
            page.body.contains(&format!(
                "The catalogue has no sourced information on {what} for this technology yet."
            )),
            "{slug}: {what}"
        );
    }
}

/// DERM's documented NHS deployments, counted in SQL.
async fn derm_deployments(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select count(*) from deployment d join technology t on t.id = d.technology_id
         where t.slug = 'derm' and d.kind = 'nhs_deployment'",
    )
    .fetch_one(pool)
    .await
    .expect("count")
}

#[sqlx::test(migrations = "../migrations")]
async fn the_list_shows_nice_types_deployment_counts_and_completeness(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let page = get(&app, "/technologies?q=derm").await;
    let mtg = get(&app, "/technologies?nice=MTG").await;
    assert!(mtg.body.contains("MTG (Medical technologies guidance)"));
    let derm = &page.body[page.body.find(" (Deep Ensemble").expect("DERM listed")..];
    let card = &derm[..derm.find("</li>").expect("card end")];
    let deployments = derm_deployments(&pool).await;
    assert!(
        card.contains(&format!("<dd>{deployments}</dd>")),
        "deployment count"
    );
    assert!(card.contains("8 of 8 blocks documented"));
}

#[sqlx::test(migrations = "../migrations")]
async fn claims_near_or_past_their_recheck_date_get_badges(pool: PgPool) {
    seed_real_data(&pool).await;
    sqlx::raw_sql(
        "update benefit set verified_on = current_date - 400, recheck_by = current_date - 35
           where technology_id = (select id from technology where slug = 'derm') and verified;
         update cost_item set verified_on = current_date - 350, recheck_by = current_date + 10
           where technology_id = (select id from technology where slug = 'derm') and verified;",
    )
    .execute(&pool)
    .await
    .expect("age the claims");
    // As every writer does: the search view (which holds each card's earliest
    // re-check date) is rebuilt in the writing transaction.
    let mut tx = pool.begin().await.expect("transaction");
    app::db::search::refresh(&mut tx).await.expect("refresh");
    tx.commit().await.expect("commit");
    let app = router(pool);
    let page = get(&app, "/technologies/derm").await;
    assert!(page.body.contains("Re-check overdue"));
    assert!(page.body.contains("Re-check due"));
    let list = get(&app, "/technologies?q=derm").await;
    let derm = &list.body[list.body.find(" (Deep Ensemble").expect("listed")..];
    let card = &derm[..derm.find("</li>").expect("card end")];
    assert!(
        card.contains("Re-check overdue"),
        "the list shows the most urgent state"
    );
}
