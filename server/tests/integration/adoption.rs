//! Adoption pages and roll-ups on the real data: the ICB directory, one ICB,
//! one region, and their bad-input cases.

use crate::helpers::{assert_no_internal_text, get, router, seed_real_data};
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
    assert_eq!(directory.regions.len(), 7);
    assert_eq!(
        directory
            .regions
            .iter()
            .map(|r| r.icbs.len())
            .sum::<usize>(),
        42
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
    assert_eq!(icbs.body.matches("<tr data-icb=").count(), 42);
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
