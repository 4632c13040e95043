//! The seed loader on real and deliberately broken reference files.

use crate::helpers::{edit_json, reference_counts, reference_dir, scratch_copy};
use app::db::seed::SeedCounts;
use server::seed::{self, SeedOutcome};
use sqlx::PgPool;
use std::path::Path;

async fn table_counts(pool: &PgPool) -> SeedCounts {
    let mut conn = pool.acquire().await.expect("connection");
    app::db::seed::counts(&mut conn).await.expect("counts")
}

const EMPTY: SeedCounts = SeedCounts {
    regions: 0,
    icbs: 0,
    care_settings: 0,
    technology_types: 0,
    technologies: 0,
};

#[sqlx::test(migrations = "../migrations")]
async fn the_real_reference_data_loads_with_expected_counts(pool: PgPool) {
    let outcome = seed::run(&pool, &reference_dir(), false)
        .await
        .expect("loads");
    let expected = reference_counts();
    let SeedOutcome::Loaded(counts, changes) = &outcome else {
        panic!("expected a load, got {outcome:?}");
    };
    assert_eq!(counts, &expected);
    assert_eq!(
        changes.tables["technology"].added,
        expected.technologies as usize
    );
    let SeedCounts {
        regions,
        icbs,
        care_settings,
        technology_types,
        technologies,
    } = expected;
    assert!(outcome.to_string().starts_with(&format!(
        "seed loaded; the catalogue now holds {regions} regions, {icbs} ICBs, {care_settings} care settings, {technology_types} technology types, {technologies} technologies\nchanges: "
    )));
}

#[sqlx::test(migrations = "../migrations")]
async fn loading_twice_changes_nothing(pool: PgPool) {
    let snapshot = |pool: PgPool| async move {
        sqlx::query_scalar::<_, String>(
            "select string_agg(format('%s|%s|%s|%s|%s', slug, name, supplier, summary, sources), E'\\n' order by slug) from technology",
        )
        .fetch_one(&pool)
        .await
        .expect("snapshot")
    };
    seed::run(&pool, &reference_dir(), false)
        .await
        .expect("first load");
    let first = snapshot(pool.clone()).await;
    let first_counts = table_counts(&pool).await;
    seed::run(&pool, &reference_dir(), false)
        .await
        .expect("second load");
    assert_eq!(snapshot(pool.clone()).await, first);
    assert_eq!(table_counts(&pool).await, first_counts);
}

#[sqlx::test(migrations = "../migrations")]
async fn if_empty_skips_a_catalogue_that_has_data(pool: PgPool) {
    seed::run(&pool, &reference_dir(), false)
        .await
        .expect("load");
    let outcome = seed::run(&pool, Path::new("/nonexistent"), true)
        .await
        .expect("skips without reading files");
    assert!(
        matches!(outcome, SeedOutcome::Skipped(c) if c.technologies == reference_counts().technologies)
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn if_changed_reimports_only_a_changed_copy_of_the_data(pool: PgPool) {
    let dir = scratch_copy("if-changed");
    let first = seed::run_when(&pool, &dir, seed::When::IfChanged)
        .await
        .expect("an empty catalogue is loaded");
    assert!(matches!(first, SeedOutcome::Loaded(..)));
    let again = seed::run_when(&pool, &dir, seed::When::IfChanged)
        .await
        .expect("runs");
    assert!(
        matches!(&again, SeedOutcome::Unchanged(c) if c.technologies == reference_counts().technologies),
        "{again:?}"
    );
    // A new copy of the data (one summary reworded) is re-imported.
    edit_json(&dir.join("technologies.json"), |json| {
        json["technologies"][0]["summary"]["value"] = serde_json::Value::from("A reworded summary");
    });
    let changed = seed::run_when(&pool, &dir, seed::When::IfChanged)
        .await
        .expect("runs");
    let SeedOutcome::Loaded(_, changes) = changed else {
        panic!("a changed copy is loaded: {changed:?}");
    };
    assert_eq!(changes.tables["technology"].changed, 1);
    assert!(
        !changes.tables.contains_key("benefit"),
        "nothing else changed"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_malformed_technology_names_file_record_and_field_and_writes_nothing(pool: PgPool) {
    let dir = scratch_copy("bad-name");
    edit_json(&dir.join("technologies.json"), |json| {
        json["technologies"][5]["product_name"]["value"] = serde_json::json!(42);
    });
    let err = seed::run(&pool, &dir, false)
        .await
        .expect_err("must fail")
        .to_string();
    assert!(err.contains("technologies.json"), "{err}");
    assert!(err.contains("record technologies[5]"), "{err}");
    assert!(err.contains(r#"field "product_name.value""#), "{err}");
    assert!(err.contains("expected text, found a number"), "{err}");
    assert_eq!(table_counts(&pool).await, EMPTY, "nothing written");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_verified_flag_without_a_value_is_refused(pool: PgPool) {
    let dir = scratch_copy("verified-null");
    edit_json(&dir.join("technologies.json"), |json| {
        json["technologies"][0]["supplier"] =
            serde_json::json!({ "value": null, "verified": true });
    });
    let err = seed::run(&pool, &dir, false)
        .await
        .expect_err("must fail")
        .to_string();
    assert!(err.contains(r#"field "supplier.verified""#), "{err}");
    assert_eq!(table_counts(&pool).await, EMPTY);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unknown_technology_type_is_refused(pool: PgPool) {
    let dir = scratch_copy("bad-type");
    edit_json(&dir.join("technologies.json"), |json| {
        json["technologies"][3]["technology_type"]["value"] = serde_json::json!("teleportation");
    });
    let err = seed::run(&pool, &dir, false)
        .await
        .expect_err("must fail")
        .to_string();
    assert!(
        err.contains(r#"field "technology_type.value""#) && err.contains("teleportation"),
        "{err}"
    );
    assert_eq!(table_counts(&pool).await, EMPTY);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_malformed_icb_row_names_its_line_and_field(pool: PgPool) {
    let dir = scratch_copy("bad-icb");
    let csv = std::fs::read_to_string(dir.join("icbs.csv")).expect("read");
    let broken = csv.replacen(",QMJ,London,", ",QMJ,Atlantis,", 1);
    assert_ne!(broken, csv, "the edit applied");
    std::fs::write(dir.join("icbs.csv"), broken).expect("write");
    let err = seed::run(&pool, &dir, false)
        .await
        .expect_err("must fail")
        .to_string();
    assert!(err.contains("icbs.csv: record line 3"), "{err}");
    assert!(
        err.contains(r#"field "region""#) && err.contains("Atlantis"),
        "{err}"
    );
    assert_eq!(table_counts(&pool).await, EMPTY);
}

#[sqlx::test(migrations = "../migrations")]
async fn invalid_json_is_reported_with_its_file(pool: PgPool) {
    let dir = scratch_copy("bad-json");
    std::fs::write(dir.join("taxonomies.json"), "{ not json").expect("write");
    let err = seed::run(&pool, &dir, false)
        .await
        .expect_err("must fail")
        .to_string();
    assert!(
        err.contains("taxonomies.json") && err.contains("not valid JSON"),
        "{err}"
    );
    assert_eq!(table_counts(&pool).await, EMPTY);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_bad_nested_claim_names_its_path_and_writes_nothing(pool: PgPool) {
    let dir = scratch_copy("bad-benefit");
    edit_json(&dir.join("technologies.json"), |json| {
        json["technologies"][0]["benefits"][0]["verified"] = serde_json::json!("yes");
    });
    let err = seed::run(&pool, &dir, false)
        .await
        .expect_err("must fail")
        .to_string();
    assert!(
        err.contains(r#"record technologies[0] (id "heartflow-ffrct")"#),
        "{err}"
    );
    assert!(err.contains(r#"field "benefits[0].verified""#), "{err}");
    assert_eq!(table_counts(&pool).await, EMPTY);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reimport_reports_what_changed(pool: PgPool) {
    seed::run(&pool, &reference_dir(), false)
        .await
        .expect("first load");
    let dir = scratch_copy("reimport");
    edit_json(&dir.join("technologies.json"), |json| {
        let heartflow = &mut json["technologies"][0];
        heartflow["benefits"][0]["value"] = serde_json::json!("A corrected benefit statement");
        heartflow["costs"].as_array_mut().expect("costs").pop();
    });
    let outcome = seed::run(&pool, &dir, false).await.expect("re-import");
    let SeedOutcome::Loaded(_, changes) = outcome else {
        panic!("expected a load")
    };
    assert_eq!(changes.tables.len(), 2, "{changes}");
    assert_eq!(
        changes.tables["benefit"],
        seed::TableChanges {
            added: 0,
            changed: 1,
            removed: 0
        }
    );
    assert_eq!(
        changes.tables["cost_item"],
        seed::TableChanges {
            added: 0,
            changed: 0,
            removed: 1
        }
    );
}
