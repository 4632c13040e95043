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
