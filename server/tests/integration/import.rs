//! The importer stores every claim of the reference data with its provenance.

use crate::helpers::{csv_rows, reference_dir, seed_real_data};
use sqlx::PgPool;

fn reference() -> serde_json::Value {
    let text =
        std::fs::read_to_string(reference_dir().join("technologies.json")).expect("readable");
    serde_json::from_str(&text).expect("JSON")
}

/// How many items the reference data has under `key`, over all technologies.
fn items(json: &serde_json::Value, key: &str) -> i64 {
    json["technologies"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| match &t[key] {
            serde_json::Value::Array(a) => a.len() as i64,
            serde_json::Value::Object(_) => 1,
            _ => 0,
        })
        .sum()
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

#[sqlx::test(migrations = "../migrations")]
async fn every_claim_of_the_reference_data_is_stored(pool: PgPool) {
    seed_real_data(&pool).await;
    let json = reference();
    let cases = [
        ("benefits", "select count(*) from benefit"),
        ("costs", "select count(*) from cost_item"),
        ("nice_guidance", "select count(*) from nice_guidance"),
        (
            "workforce_requirements",
            "select count(*) from workforce_requirement",
        ),
        (
            "it_requirements",
            "select count(*) from infrastructure_requirement where kind = 'it'",
        ),
        (
            "estates_requirements",
            "select count(*) from infrastructure_requirement where kind = 'estates'",
        ),
        ("deployments", "select count(*) from deployment"),
        ("pilot_results", "select count(*) from pilot_result"),
        ("regulatory_class", "select count(*) from regulatory_record"),
        (
            "care_setting_ids",
            "select count(*) from technology_care_setting",
        ),
    ];
    for (key, sql) in cases {
        assert_eq!(count(&pool, sql).await, items(&json, key), "{key}");
    }
    let evidence: i64 = [
        "benefit_context",
        "benefit_evidence",
        "benefit_estimate",
        "economic_modelling",
        "national_context",
        "infrastructure",
        "regulatory_expectation",
        "nice_status",
        "controversy",
        "note",
    ]
    .iter()
    .map(|k| items(&json, k))
    .sum();
    assert_eq!(
        count(&pool, "select count(*) from evidence_item").await,
        evidence
    );
    assert_eq!(
        count(&pool, "select count(*) from regulatory_essential").await,
        17
    );
    assert_eq!(
        count(&pool, "select count(*) from deployment_stage").await,
        4
    );
    assert_eq!(
        count(&pool, "select count(*) from icb_contact_route").await,
        csv_rows("icb_contacts.csv")
    );
    assert_eq!(
        count(&pool, "select count(*) from icb_change").await,
        csv_rows("icb_changes_2026.csv")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn verified_claims_carry_the_compilation_date_and_unverified_none(pool: PgPool) {
    seed_real_data(&pool).await;
    let (verified_on, recheck_by): (String, String) = sqlx::query_as(
        "select verified_on::text, recheck_by::text from benefit b join technology t on t.id = b.technology_id
         where t.slug = 'heartflow-ffrct' and b.position = 0",
    )
    .fetch_one(&pool)
    .await
    .expect("row");
    assert_eq!(
        (verified_on.as_str(), recheck_by.as_str()),
        ("2026-11-25", "2027-11-25")
    );
    // NICE status is re-checked after 6 months.
    let nice: String = sqlx::query_scalar(
        "select recheck_by::text from nice_guidance g join technology t on t.id = g.technology_id
         where t.slug = 'heartflow-ffrct'",
    )
    .fetch_one(&pool)
    .await
    .expect("row");
    assert_eq!(nice, "2027-05-25");
    let unverified_with_dates = count(
        &pool,
        "select count(*) from deployment where not verified and (verified_on is not null or recheck_by is not null)",
    )
    .await;
    assert_eq!(unverified_with_dates, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn derived_values_follow_the_documented_rules(pool: PgPool) {
    seed_real_data(&pool).await;
    // Company-reported totals and national estimates are kept but do not count.
    let kinds: Vec<(String, String)> = sqlx::query_as(
        "select t.slug, d.kind from deployment d join technology t on t.id = d.technology_id
         where d.site in ('Company-reported cumulative NHS use', 'England (national estimate)') order by t.slug",
    )
    .fetch_all(&pool)
    .await
    .expect("rows");
    assert_eq!(
        kinds,
        [
            ("derm".into(), "company_reported".into()),
            ("zio-xt".into(), "national_estimate".into())
        ]
    );
    // AI-enabled comes from the type label; DERM (AI, non-imaging) is, Sleepio is not.
    let ai: Vec<(String, bool)> = sqlx::query_as(
        "select slug, ai_enabled from technology where slug in ('derm', 'sleepio') order by slug",
    )
    .fetch_all(&pool)
    .await
    .expect("rows");
    assert_eq!(ai, [("derm".into(), true), ("sleepio".into(), false)]);
    // Every technology meets the inclusion rule.
    assert_eq!(
        count(
            &pool,
            "select count(*) from technology where cardinality(inclusion_basis) = 0"
        )
        .await,
        0
    );
    // ICB codes inherit the ICB entry's verified flag: DERM at Chelsea and Westminster is inferred.
    let (code, verified): (String, bool) = sqlx::query_as(
        "select d.icb_ods_code, d.icb_verified from deployment d join technology t on t.id = d.technology_id
         where t.slug = 'derm' and d.site like 'Chelsea and Westminster%'",
    )
    .fetch_one(&pool)
    .await
    .expect("row");
    assert_eq!((code.as_str(), verified), ("QRV", false));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reimport_leaves_rows_edited_in_the_app_alone(pool: PgPool) {
    seed_real_data(&pool).await;
    sqlx::raw_sql(
        "update technology set name = 'Curated name', edited_in_app = true where slug = 'sleepio';
         update benefit set statement = 'Curated benefit', edited_in_app = true
           where technology_id = (select id from technology where slug = 'heartflow-ffrct') and position = 0;",
    )
    .execute(&pool)
    .await
    .expect("edits");
    let outcome = server::seed::run(&pool, &reference_dir(), false)
        .await
        .expect("re-import");
    // The reference records that met the edits are reported, not dropped silently.
    let server::seed::SeedOutcome::Loaded(_, report) = outcome else {
        panic!("loaded")
    };
    assert_eq!(
        report.not_applied,
        ["heartflow-ffrct: benefit 1", "sleepio: its own fields"]
    );
    assert!(
        report
            .to_string()
            .contains("2 reference records not applied")
    );
    let name: String = sqlx::query_scalar("select name from technology where slug = 'sleepio'")
        .fetch_one(&pool)
        .await
        .expect("row");
    assert_eq!(name, "Curated name");
    let benefit: String = sqlx::query_scalar(
        "select statement from benefit b join technology t on t.id = b.technology_id
         where t.slug = 'heartflow-ffrct' and b.position = 0",
    )
    .fetch_one(&pool)
    .await
    .expect("row");
    assert_eq!(benefit, "Curated benefit");
}

#[sqlx::test(migrations = "../migrations")]
async fn icb_mergers_link_predecessor_codes_only_where_given(pool: PgPool) {
    seed_real_data(&pool).await;
    let parts: Vec<(String, Option<String>)> = sqlx::query_as(
        "select p.description, p.icb_ods_code from icb_change_predecessor p
         join icb_change c on c.id = p.icb_change_id
         where c.successor_name like 'Essex ICB%' order by p.position",
    )
    .fetch_all(&pool)
    .await
    .expect("rows");
    let codes: Vec<Option<&str>> = parts.iter().map(|(_, c)| c.as_deref()).collect();
    assert_eq!(codes, [Some("QH8"), Some("QJG"), Some("QM7")]);
    // Successor ICBs have no code yet: none is invented.
    let columns: i64 = sqlx::query_scalar(
        "select count(*) from information_schema.columns where table_name = 'icb_change' and column_name like '%ods%'",
    )
    .fetch_one(&pool)
    .await
    .expect("schema");
    assert_eq!(columns, 0);
}
