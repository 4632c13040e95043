//! The schema refuses bad data on its own, whatever code writes it.

use sqlx::PgPool;

async fn constraint_violated(pool: &PgPool, sql: &str) -> String {
    let err = sqlx::query(sql)
        .execute(pool)
        .await
        .expect_err("must be refused");
    let db = err.as_database_error().expect("a database error");
    db.constraint().unwrap_or_default().to_owned()
}

async fn reference_rows(pool: &PgPool) {
    sqlx::raw_sql(
        "insert into technology_type (id, label, verified, source) values ('workflow_rpa', 'RPA', false, 's');
         insert into region (ods_code, ons_code, name, source) values ('Y56', 'E40000003', 'London', 's');",
    )
    .execute(pool)
    .await
    .expect("reference rows");
}

#[sqlx::test(migrations = "../migrations")]
async fn slugs_must_be_lowercase_words_and_unique(pool: PgPool) {
    reference_rows(&pool).await;
    let bad = constraint_violated(&pool, "insert into technology (slug, name, technology_type_id) values ('Bad Slug', 'x', 'workflow_rpa')").await;
    assert_eq!(bad, "technology_slug_check");
    sqlx::query("insert into technology (slug, name, technology_type_id) values ('ok', 'x', 'workflow_rpa')")
        .execute(&pool)
        .await
        .expect("valid row");
    let dup = constraint_violated(&pool, "insert into technology (slug, name, technology_type_id) values ('ok', 'y', 'workflow_rpa')").await;
    assert_eq!(dup, "technology_slug_key");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_missing_value_cannot_be_marked_verified(pool: PgPool) {
    reference_rows(&pool).await;
    let c = constraint_violated(
        &pool,
        "insert into technology (slug, name, technology_type_id, supplier, supplier_verified) values ('a', 'x', 'workflow_rpa', null, true)",
    )
    .await;
    assert_eq!(c, "technology_check");
}

#[sqlx::test(migrations = "../migrations")]
async fn references_must_exist(pool: PgPool) {
    reference_rows(&pool).await;
    let t = constraint_violated(
        &pool,
        "insert into technology (slug, name, technology_type_id) values ('a', 'x', 'nope')",
    )
    .await;
    assert_eq!(t, "technology_technology_type_id_fkey");
    let i = constraint_violated(
        &pool,
        "insert into icb (ods_code, name, region_ods_code, source) values ('QAA', 'x', 'Y99', 's')",
    )
    .await;
    assert_eq!(i, "icb_region_ods_code_fkey");
}

#[sqlx::test(migrations = "../migrations")]
async fn ods_codes_must_have_the_right_shape(pool: PgPool) {
    reference_rows(&pool).await;
    let c = constraint_violated(
        &pool,
        "insert into icb (ods_code, name, region_ods_code, source) values ('qrv', 'x', 'Y56', 's')",
    )
    .await;
    assert_eq!(c, "icb_ods_code_check");
}

#[sqlx::test(migrations = "../migrations")]
async fn the_list_query_orders_case_insensitively(pool: PgPool) {
    reference_rows(&pool).await;
    sqlx::query(
        "insert into technology (slug, name, technology_type_id) values
           ('b', 'beta', 'workflow_rpa'), ('a', 'Alpha', 'workflow_rpa'), ('c', 'Gamma', 'workflow_rpa')",
    )
    .execute(&pool)
    .await
    .expect("rows");
    let names: Vec<String> = app::db::technologies::list_all(&pool)
        .await
        .expect("list")
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["Alpha", "beta", "Gamma"]);
}

async fn one_technology(pool: &PgPool) -> i64 {
    reference_rows(pool).await;
    sqlx::query_scalar("insert into technology (slug, name, technology_type_id) values ('t', 'T', 'workflow_rpa') returning id")
        .fetch_one(pool)
        .await
        .expect("technology")
}

#[sqlx::test(migrations = "../migrations")]
async fn claim_dates_follow_the_verified_flag(pool: PgPool) {
    let id = one_technology(&pool).await;
    let insert = |verified: bool, on: Option<&'static str>, by: Option<&'static str>| {
        let pool = pool.clone();
        async move {
            sqlx::query(
                "insert into benefit (technology_id, position, domain, statement, source, verified, verified_on, recheck_by)
                 values ($1, 0, 'cost', 's', 'src', $2, $3::date, $4::date)",
            )
            .bind(id)
            .bind(verified)
            .bind(on)
            .bind(by)
            .execute(&pool)
            .await
        }
    };
    // Verified without dates, unverified with dates, re-check before verification: refused.
    for (verified, on, by) in [
        (true, None, None),
        (false, Some("2026-11-25"), Some("2027-11-25")),
        (true, Some("2026-11-25"), Some("2026-01-01")),
    ] {
        let err = insert(verified, on, by).await.expect_err("must be refused");
        assert!(
            err.as_database_error()
                .and_then(|e| e.constraint())
                .is_some_and(|c| c.starts_with("benefit_check")),
            "{err}"
        );
    }
    insert(true, Some("2026-11-25"), Some("2027-11-25"))
        .await
        .expect("a consistent verified claim");
}

#[sqlx::test(migrations = "../migrations")]
async fn enumerations_and_formats_are_checked(pool: PgPool) {
    let id = one_technology(&pool).await;
    let cases = [
        (
            "insert into cost_item (technology_id, position, kind, statement, source, verified) values ($1, 0, 'sometimes', 's', 'src', false)",
            "cost_item_kind_check",
        ),
        (
            "insert into nice_guidance (technology_id, position, guidance_ref, guidance_type, source, verified) values ($1, 0, 'mtg 32', 'MTG', 'src', false)",
            "nice_guidance_guidance_ref_check",
        ),
        (
            "insert into nice_guidance (technology_id, position, guidance_ref, guidance_type, published, source, verified) values ($1, 0, 'MTG32', 'MTG', '2017-13', 'src', false)",
            "nice_guidance_published_check",
        ),
        (
            "insert into deployment (technology_id, position, site, kind, status, stop_reason, source, verified) values ($1, 0, 'x', 'nhs_deployment', 'live', 'why', 'src', false)",
            "deployment_check",
        ),
        (
            "insert into deployment (technology_id, position, site, kind, source, verified) values ($1, 0, 'x', 'rumour', 'src', false)",
            "deployment_kind_check",
        ),
        (
            "insert into pilot_result (technology_id, position, site, metric, result, independent, source, verified) values ($1, 0, 'x', 'm', 'r', 'maybe', 'src', false)",
            "pilot_result_independent_check",
        ),
    ];
    for (sql, constraint) in cases {
        let err = sqlx::query(sql)
            .bind(id)
            .execute(&pool)
            .await
            .expect_err(constraint);
        let got = err
            .as_database_error()
            .and_then(|e| e.constraint())
            .unwrap_or_default()
            .to_owned();
        assert!(got.starts_with(constraint), "{constraint}: got {got}");
    }
}
