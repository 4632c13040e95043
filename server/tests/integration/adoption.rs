//! Adoption pages and roll-ups on the real data: the ICB directory, one ICB,
//! one region, and their bad-input cases.

use crate::helpers::{assert_no_internal_text, get, reference_counts, router, seed_real_data};
use http::StatusCode;
use sqlx::PgPool;

#[sqlx::test(migrations = "../migrations")]
async fn roll_ups_count_documented_deployments_of_every_stage_and_status(pool: PgPool) {
    seed_real_data(&pool).await;
    // A stopped and a paused deployment still count: de-adoption is evidence.
    sqlx::query(
        "update deployment set status = 'stopped', stop_reason = 'contract ended'
         where kind = 'nhs_deployment' and icb_ods_code = 'QRV'",
    )
    .execute(&pool)
    .await
    .expect("stop");
    let mut conn = pool.acquire().await.expect("conn");
    let directory = app::db::adoption::directory(&mut conn)
        .await
        .expect("directory");
    let expected = reference_counts();
    assert_eq!(directory.regions.len() as i64, expected.regions);
    assert_eq!(
        directory
            .regions
            .iter()
            .map(|r| r.icbs.len())
            .sum::<usize>() as i64,
        expected.icbs
    );
    for icb in directory.regions.iter().flat_map(|r| &r.icbs) {
        let (techs, deployments): (i64, i64) = sqlx::query_as(
            "select count(distinct technology_id), count(*) from deployment
             where icb_ods_code = $1 and kind = 'nhs_deployment'",
        )
        .bind(&icb.ods_code)
        .fetch_one(&pool)
        .await
        .expect("count");
        assert_eq!(
            (icb.technologies, icb.deployments),
            (techs, deployments),
            "{}",
            icb.ods_code
        );
    }
    let qrv = app::db::adoption::icb(&mut conn, "QRV")
        .await
        .expect("query")
        .expect("QRV");
    assert!(!qrv.deployments.is_empty());
    assert!(
        qrv.deployments
            .iter()
            .all(|d| d.status.as_deref() == Some("stopped"))
    );
    let london = app::db::adoption::region(&mut conn, "Y56")
        .await
        .expect("query")
        .expect("London");
    let in_london: i64 = sqlx::query_scalar(
        "select count(*) from deployment d join icb i on i.ods_code = d.icb_ods_code
         where i.region_ods_code = 'Y56' and d.kind = 'nhs_deployment'",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(london.deployments.len() as i64, in_london);
    assert_eq!(
        london
            .region
            .icbs
            .iter()
            .map(|i| i.deployments)
            .sum::<i64>(),
        in_london
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_directory_icb_and_region_pages_render(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let icbs = get(&app, "/icbs").await;
    assert_eq!(icbs.status, StatusCode::OK);
    assert_eq!(
        icbs.body.matches("<tr data-icb=").count() as i64,
        reference_counts().icbs
    );
    assert!(icbs.body.contains("Changes from 1 April 2026"));
    assert!(icbs.body.contains("(code unknown)") || icbs.body.contains("href=\"/icbs/Q"));

    let qrv = get(&app, "/icbs/QRV").await;
    assert_eq!(qrv.status, StatusCode::OK);
    assert!(qrv.body.contains("Public contact routes"));
    assert!(
        qrv.body.contains("href=\"/technologies/derm\""),
        "DERM is documented in QRV"
    );
    assert!(qrv.body.contains("href=\"/regions/Y56\""));

    let london = get(&app, "/regions/Y56").await;
    assert_eq!(london.status, StatusCode::OK);
    assert!(london.body.contains("href=\"/icbs/QRV\""));
    assert!(
        london
            .body
            .contains("documented NHS deployments with a known ICB")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn unknown_or_malformed_codes_are_404_pages(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    for uri in [
        "/icbs/QZZ",
        "/icbs/qrv",
        "/icbs/%3Cscript%3E",
        "/regions/Y99",
        "/regions/London",
        "/api/icb?code=QZZ",
    ] {
        let res = get(&app, uri).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{uri}");
        assert_no_internal_text(&res.body);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_technology_page_rolls_adoption_up_by_region(pool: PgPool) {
    seed_real_data(&pool).await;
    let page = get(&router(pool.clone()), "/technologies/derm").await;
    assert!(page.body.contains("by region (table)</caption>"));
    let regions: Vec<String> = sqlx::query_scalar(
        "select distinct r.name from deployment d join technology t on t.id = d.technology_id
         join icb i on i.ods_code = d.icb_ods_code join region r on r.ods_code = i.region_ods_code
         where t.slug = 'derm' and d.kind = 'nhs_deployment'",
    )
    .fetch_all(&pool)
    .await
    .expect("regions");
    assert!(!regions.is_empty());
    for r in regions {
        assert!(
            page.body
                .contains(&format!("class=\"nhsuk-table__header\">{r}</th>")),
            "{r}"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_adopters_table_shows_every_recorded_field_and_keeps_stopped_ones(pool: PgPool) {
    seed_real_data(&pool).await;
    // The reference data records none of these, so set them as a member
    // submission would: one stopped with a reason, one paused.
    sqlx::query(
        "with first as (
             select d.id from deployment d join technology t on t.id = d.technology_id
             where t.slug = 'derm' and d.kind = 'nhs_deployment' order by d.position limit 1)
         update deployment set stage_id = 'business_as_usual', status = 'stopped',
             stop_reason = 'contract ended', go_live_on = '2023-04-01', go_live_precision = 'day',
             stage_status_inferred = false,
             scale = '12 practices, 80,000 patients', care_setting_id = 'community_health'
         where id in (select id from first)",
    )
    .execute(&pool)
    .await
    .expect("stop one");
    sqlx::query(
        "update deployment set stage_id = 'pilot', status = 'paused', stop_reason = null,
             stage_status_inferred = false
         where technology_id = (select id from technology where slug = 'brainomix-360-stroke')
           and kind = 'nhs_deployment'",
    )
    .execute(&pool)
    .await
    .expect("pause");
    let app = router(pool.clone());

    let derm = get(&app, "/technologies/derm").await;
    assert_eq!(derm.status, StatusCode::OK);
    let table = section(&derm.body, "data-testid=\"adopters\"");
    for header in [
        "Organisation or site",
        "ICB and region",
        "Headline result",
        "Stage",
        "Status",
        "Setting",
        "Start",
        "Scale",
        "Source and verified on",
    ] {
        assert!(
            table.contains(&format!("nhsuk-table__header\">{header}</th>")),
            "{header}"
        );
    }
    for shown in [
        "Business as usual",
        "Stopped: contract ended",
        "1 April 2023",
        "12 practices, 80,000 patients",
        "Community health",
    ] {
        assert!(table.contains(shown), "{shown}");
    }
    let rows: i64 = sqlx::query_scalar(
        "select count(*) from deployment where technology_id = (select id from technology where slug = 'derm')",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(table.matches("scope=\"row\"").count() as i64, rows);

    let stroke = get(&app, "/technologies/brainomix-360-stroke").await;
    let table = section(&stroke.body, "data-testid=\"adopters\"");
    assert!(table.contains(">Paused</td>") && table.contains(">Pilot</td>"));

    // A deployment with no ICB says so rather than guessing one.
    let slug: String = sqlx::query_scalar(
        "select t.slug from deployment d join technology t on t.id = d.technology_id
         where d.icb_ods_code is null and d.icb_name is null order by t.slug limit 1",
    )
    .fetch_one(&pool)
    .await
    .expect("one without an ICB");
    let page = get(&app, &format!("/technologies/{slug}")).await;
    assert!(section(&page.body, "data-testid=\"adopters\"").contains("ICB not recorded"));
}

#[sqlx::test(migrations = "../migrations")]
async fn pilot_results_are_comparable_rows_without_invented_numbers(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let slugs: Vec<String> = sqlx::query_scalar(
        "select distinct t.slug from pilot_result p join technology t on t.id = p.technology_id order by 1",
    )
    .fetch_all(&pool)
    .await
    .expect("slugs");
    assert!(slugs.len() >= 10);
    for slug in slugs {
        let page = get(&app, &format!("/technologies/{slug}")).await;
        let table = section(&page.body, "data-testid=\"pilot-results\"");
        let rows: Vec<(String, Option<String>, Option<String>, String)> = sqlx::query_as(
            "select p.metric, p.baseline, p.sample_size, p.independent from pilot_result p
             join technology t on t.id = p.technology_id where t.slug = $1 order by p.position",
        )
        .bind(&slug)
        .fetch_all(&pool)
        .await
        .expect("pilots");
        assert_eq!(table.matches("scope=\"row\"").count(), rows.len(), "{slug}");
        for (metric, baseline, sample_size, independent) in rows {
            assert!(
                table.contains(&crate::helpers::html_escape(&metric)),
                "{slug}: {metric}"
            );
            if baseline.is_none() || sample_size.is_none() {
                assert!(table.contains(">Not recorded</span></td>"), "{slug}");
            }
            let label = match independent.as_str() {
                "yes" => ">Yes</td>",
                "no" => ">No (company-authored or company-reported)</td>",
                _ => ">Unknown</td>",
            };
            assert!(table.contains(label), "{slug}: {independent}");
        }
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_comparison_and_the_adoption_pages_read_the_same_deployments(pool: PgPool) {
    seed_real_data(&pool).await;
    let mut conn = pool.acquire().await.expect("conn");
    let directory = app::db::adoption::directory(&mut conn)
        .await
        .expect("directory");
    let mut icb_pages = Vec::new();
    for icb in directory.regions.iter().flat_map(|r| &r.icbs) {
        let profile = app::db::adoption::icb(&mut conn, &icb.ods_code)
            .await
            .expect("query")
            .expect("profile");
        icb_pages.push(profile);
    }
    let all_icb_names: Vec<&str> = icb_pages.iter().map(|p| p.name.as_str()).collect();
    let summaries = app::db::technologies::list_all(&mut *conn)
        .await
        .expect("list");
    for summary in summaries {
        let detail = app::db::technologies::get_by_slug(&mut conn, &summary.slug)
            .await
            .expect("query")
            .expect("detail");
        let matrix = app::domain::build_matrix(
            std::slice::from_ref(&detail),
            &app::domain::OrgContext::default(),
        );
        let row = |label: &str| {
            matrix
                .iter()
                .flat_map(|g| &g.rows)
                .find(|r| r.label == label)
                .unwrap_or_else(|| panic!("row {label}"))
                .cells[0]
                .clone()
        };
        let slug = summary.slug.as_str();
        // The count: matrix, catalogue card and the region chart agree.
        assert_eq!(
            row("Documented NHS deployments").lines,
            [summary.deployment_count.to_string()],
            "{slug}"
        );
        let charted: usize = app::domain::deployments_by_region(&detail.deployments)
            .iter()
            .map(|(_, n)| *n)
            .sum();
        assert_eq!(charted, summary.deployment_count as usize, "{slug}");
        // The ICBs: every ICB page listing it appears in the matrix, and every
        // real ICB named in the matrix lists it.
        let on_icb_pages: Vec<&str> = icb_pages
            .iter()
            .filter(|p| p.deployments.iter().any(|d| d.slug == slug))
            .map(|p| p.name.as_str())
            .collect();
        let in_matrix = row("ICBs").lines;
        for name in &on_icb_pages {
            assert!(in_matrix.iter().any(|l| l == name), "{slug}: {name}");
        }
        for line in &in_matrix {
            if all_icb_names.contains(&line.as_str()) {
                assert!(on_icb_pages.contains(&line.as_str()), "{slug}: {line}");
            }
        }
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_catalogue_icb_and_region_facets_agree_with_the_directory(pool: PgPool) {
    seed_real_data(&pool).await;
    let mut conn = pool.acquire().await.expect("conn");
    let directory = app::db::adoption::directory(&mut conn)
        .await
        .expect("directory");
    let all = app::db::search::search(&mut conn, &app::domain::CatalogueQuery::default())
        .await
        .expect("search");
    let facet_count = |key: &str, value: &str| {
        all.facets
            .iter()
            .find(|f| f.key.name() == key)
            .and_then(|f| f.options.iter().find(|o| o.value == value))
            .map_or(0, |o| o.count)
    };
    for region in &directory.regions {
        for icb in &region.icbs {
            assert_eq!(
                facet_count("icb", &icb.ods_code),
                icb.technologies,
                "{}",
                icb.ods_code
            );
            // Following the facet lists exactly the technologies the ICB page lists.
            let (query, _) =
                app::domain::CatalogueQuery::from_pairs([("icb", icb.ods_code.as_str())]);
            let filtered = app::db::search::search(&mut conn, &query)
                .await
                .expect("search");
            let profile = app::db::adoption::icb(&mut conn, &icb.ods_code)
                .await
                .expect("query")
                .expect("profile");
            let mut on_page: Vec<String> =
                profile.deployments.iter().map(|d| d.slug.clone()).collect();
            on_page.sort();
            on_page.dedup();
            assert_eq!(filtered.total as usize, on_page.len(), "{}", icb.ods_code);
        }
        let region_page = app::db::adoption::region(&mut conn, &region.ods_code)
            .await
            .expect("query")
            .expect("region");
        let mut in_region: Vec<String> = region_page
            .deployments
            .iter()
            .map(|d| d.slug.clone())
            .collect();
        in_region.sort();
        in_region.dedup();
        assert_eq!(
            facet_count("region", &region.ods_code),
            in_region.len() as i64,
            "{}",
            region.ods_code
        );
    }
}

/// The HTML from `marker` to the end of its table.
fn section<'a>(body: &'a str, marker: &str) -> &'a str {
    let start = body
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} missing"));
    let end = body[start..]
        .find("</table>")
        .map_or(body.len(), |e| start + e);
    &body[start..end]
}
