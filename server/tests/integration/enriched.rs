//! The second enrichment of the reference data (`meta.enriched_v2`): strict
//! import, every new block stored, source kinds, structured costs, the
//! regulatory rule, nations and search records, on real Postgres with expected
//! figures computed from the JSON.

use crate::helpers::{
    edit_json, get, html_escape, reference_technologies, router, scratch_copy, seed_real_data,
};
use app::domain::{
    CostKind, CostPeriod, DataLocation, Hosting, Nation, RecordStatus, RegulatoryKind, SourceKind,
    Stage, UnitBasis, Vat,
};
use serde_json::Value;
use server::seed::{self, SeedOutcome};
use sqlx::PgPool;

fn technologies(json: &Value) -> &Vec<Value> {
    json["technologies"].as_array().expect("a list")
}

/// Items under `key` over all technologies, optionally only those with `field`.
fn items<'a>(json: &'a Value, key: &str) -> Vec<&'a Value> {
    technologies(json)
        .iter()
        .flat_map(|t| {
            t[key]
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_else(Vec::new)
        })
        .collect()
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

async fn refused(dir: &std::path::Path, pool: &PgPool) -> String {
    let err = seed::run(pool, dir, false)
        .await
        .expect_err("the file is refused");
    err.to_string()
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unknown_key_is_refused_naming_file_record_and_key(pool: PgPool) {
    let dir = scratch_copy("unknown-key");
    edit_json(&dir.join("technologies.json"), |json| {
        json["technologies"][3]["price_list"] = serde_json::json!([{"value": "x"}]);
    });
    let message = refused(&dir, &pool).await;
    assert!(message.contains("technologies.json"), "{message}");
    assert!(message.contains("record technologies[3]"), "{message}");
    assert!(message.contains("field \"price_list\""), "{message}");
    assert!(message.contains("unknown field"), "{message}");
    assert_eq!(count(&pool, "select count(*) from technology").await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_unknown_field_is_refused_naming_file_record_and_field(pool: PgPool) {
    let dir = scratch_copy("unknown-field");
    edit_json(&dir.join("technologies.json"), |json| {
        let costs = json["technologies"]
            .as_array_mut()
            .expect("list")
            .iter_mut()
            .find(|t| t["id"] == "space-from-depression")
            .expect("present")["costs"]
            .as_array_mut()
            .expect("costs");
        costs[1]["currency"] = Value::from("EUR");
    });
    let message = refused(&dir, &pool).await;
    assert!(
        message.contains("(id \"space-from-depression\")"),
        "{message}"
    );
    assert!(message.contains("field \"costs[1].currency\""), "{message}");
    // And a value outside an enumeration names the allowed ones.
    let dir = scratch_copy("bad-period");
    edit_json(&dir.join("technologies.json"), |json| {
        json["technologies"][0]["costs"][1]["period"] = Value::from("fortnightly");
    });
    let message = refused(&dir, &pool).await;
    assert!(message.contains("field \"costs[1].period\""), "{message}");
    assert!(
        message.contains("one_off, annual, monthly, per_use or per_course"),
        "{message}"
    );
    let dir = scratch_copy("bad-range");
    edit_json(&dir.join("technologies.json"), |json| {
        json["technologies"][0]["costs"][1]["amount_gbp"] = serde_json::json!([900, 100]);
    });
    let message = refused(&dir, &pool).await;
    assert!(message.contains("ascending"), "{message}");
    assert_eq!(count(&pool, "select count(*) from technology").await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn every_new_block_and_field_is_stored(pool: PgPool) {
    seed_real_data(&pool).await;
    let json = reference_technologies();
    for (key, sql) in [
        ("savings", "select count(*) from saving"),
        (
            "regulatory_records",
            "select count(*) from regulatory_evidence",
        ),
        (
            "procurement_and_funding",
            "select count(*) from funding_route",
        ),
        (
            "searched_but_not_found",
            "select count(*) from search_record",
        ),
    ] {
        assert_eq!(
            count(&pool, sql).await,
            items(&json, key).len() as i64,
            "{key}"
        );
    }
    let costs = items(&json, "costs");
    let with =
        |list: &[&Value], field: &str| list.iter().filter(|c| !c[field].is_null()).count() as i64;
    assert_eq!(
        count(
            &pool,
            "select count(*) from cost_item where amount_low_pence is not null"
        )
        .await,
        with(&costs, "amount_gbp")
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from cost_item where amount_high_pence is not null"
        )
        .await,
        costs
            .iter()
            .filter(|c| c["amount_gbp"].as_array().is_some_and(|a| a.len() == 2))
            .count() as i64
    );
    for field in ["unit_basis", "period", "vat", "stated_year", "kind"] {
        let sql = format!("select count(*) from cost_item where {field} is not null");
        assert_eq!(
            count(&pool, &sql).await,
            with(&costs, field),
            "costs.{field}"
        );
    }
    let deployments = items(&json, "deployments");
    for (field, sql) in [
        (
            "start",
            "select count(*) from deployment where go_live_on is not null",
        ),
        (
            "stage",
            "select count(*) from deployment where stage_id is not null",
        ),
        (
            "status",
            "select count(*) from deployment where status is not null",
        ),
        (
            "scale",
            "select count(*) from deployment where scale is not null",
        ),
        (
            "nation",
            "select count(*) from deployment where nation is not null",
        ),
        (
            "stop_reason",
            "select count(*) from deployment where stop_reason is not null",
        ),
    ] {
        assert_eq!(
            count(&pool, sql).await,
            with(&deployments, field),
            "deployments.{field}"
        );
    }
    // Starts keep their precision: a year stays a year.
    let years = deployments
        .iter()
        .filter(|d| d["start"].as_str().is_some_and(|s| s.len() == 4))
        .count() as i64;
    assert_eq!(
        count(
            &pool,
            "select count(*) from deployment where go_live_precision = 'year'"
        )
        .await,
        years
    );
    let it = items(&json, "it_requirements");
    assert_eq!(
        count(
            &pool,
            "select count(*) from infrastructure_requirement where standards_stated"
        )
        .await,
        with(&it, "standards")
    );
    assert_eq!(
        count(
            &pool,
            "select count(*) from infrastructure_requirement where hosting is not null"
        )
        .await,
        with(&it, "hosting")
    );
    let pilots = items(&json, "pilot_results");
    assert_eq!(
        count(
            &pool,
            "select count(*) from pilot_result where sample_size is not null"
        )
        .await,
        with(&pilots, "sample_size")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_claims_own_checked_on_is_its_verified_on_date(pool: PgPool) {
    seed_real_data(&pool).await;
    let json = reference_technologies();
    let checked_verified = items(&json, "savings")
        .iter()
        .filter(|s| s["verified"] == true && s["checked_on"] == "2026-12-01")
        .count() as i64;
    assert_eq!(
        count(&pool, "select count(*) from saving where verified_on = '2026-12-01' and recheck_by = '2027-12-01'").await,
        checked_verified
    );
    // Regulatory records are re-checked after 6 months.
    assert_eq!(
        count(
            &pool,
            "select count(*) from regulatory_evidence where verified and recheck_by <> '2027-06-01'"
        )
        .await,
        0
    );
    // Older claims without checked_on keep the compilation date.
    let heartflow: String = sqlx::query_scalar(
        "select verified_on::text from benefit b join technology t on t.id = b.technology_id
         where t.slug = 'heartflow-ffrct' and b.position = 0",
    )
    .fetch_one(&pool)
    .await
    .expect("row");
    assert_eq!(heartflow, "2026-11-25");
}

#[sqlx::test(migrations = "../migrations")]
async fn source_kinds_are_kept_when_given_and_derived_from_the_address_otherwise(pool: PgPool) {
    seed_real_data(&pool).await;
    let json = reference_technologies();
    // Given: every new item's kinds as stored equal the file's.
    let rows: Vec<(String, i32, Vec<String>, bool)> = sqlx::query_as(
        "select t.slug, s.position, s.source_kinds, s.source_kinds_derived
         from saving s join technology t on t.id = s.technology_id",
    )
    .fetch_all(&pool)
    .await
    .expect("rows");
    assert_eq!(rows.len(), items(&json, "savings").len());
    for (slug, position, kinds, derived) in rows {
        let t = technologies(&json)
            .iter()
            .find(|t| t["id"] == slug.as_str())
            .expect("tech");
        let Some(given) = t["savings"][position as usize]["source_kinds"].as_array() else {
            assert!(
                derived,
                "{slug} savings[{position}] has no kinds in the file"
            );
            continue;
        };
        let mut given: Vec<String> = given
            .iter()
            .map(|k| k.as_str().expect("text").to_owned())
            .collect();
        given.sort_by_key(|k| SourceKind::parse(k).expect("known"));
        given.dedup();
        assert_eq!(kinds, given, "{slug} savings[{position}]");
        assert!(!derived);
    }
    // Derived: the older claims, with no source_kinds in the file.
    let older = items(&json, "benefits")
        .iter()
        .filter(|b| b["source_kinds"].is_null())
        .count() as i64;
    assert_eq!(
        count(&pool, "select count(*) from benefit where source_kinds_derived and cardinality(source_kinds) > 0").await,
        older
    );
    let (slug, kinds): (String, Vec<String>) = sqlx::query_as(
        "select t.slug, b.source_kinds from benefit b join technology t on t.id = b.technology_id
         where b.source like 'www.nice.org.uk/%' and b.source not like '%;%' and b.source_kinds_derived
         order by t.slug limit 1",
    )
    .fetch_one(&pool)
    .await
    .expect("an older NICE-sourced benefit");
    assert_eq!(kinds, vec!["nice".to_owned()]);
    // The page says what a claim rests on and how the kind was known.
    let app = router(pool.clone());
    let page = get(&app, &format!("/technologies/{slug}")).await;
    assert!(page.body.contains("Rests on: NICE (read from the address)"));
    assert!(page.body.contains("What its claims rest on: "));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_supplier_only_claim_carries_the_tag_and_the_shares_add_up(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    // Tortus's DTAC record rests on the supplier alone.
    let page = get(&app, "/technologies/tortus").await;
    assert!(
        page.body.contains("Supplier&#x27;s statement")
            || page.body.contains("Supplier's statement")
    );
    // Shares over all claims: computed from the claim view, and each share is a count of claims.
    let (independent, secondary, supplier, total): (i64, i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where source_kinds && array['nice','regulator','nhs','research','health_innovation_network']),
                count(*) filter (where not source_kinds && array['nice','regulator','nhs','research','health_innovation_network']
                                 and source_kinds && array['press','other']),
                count(*) filter (where cardinality(source_kinds) > 0
                                 and source_kinds <@ array['supplier','supplier_listing']),
                count(*)
         from claim",
    )
    .fetch_one(&pool)
    .await
    .expect("shares");
    assert_eq!(
        independent + secondary + supplier,
        total,
        "every claim has a kind"
    );
    assert!(supplier > 0 && secondary > 0 && independent > supplier);
}

#[sqlx::test(migrations = "../migrations")]
async fn space_from_depression_totals_the_licence_and_not_the_training_charge(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let page = get(&app, "/technologies/space-from-depression?units=1000").await;
    assert!(page.body.contains("Total over 5 years: £120,000."), "total");
    assert!(
        page.body
            .contains("Stated, not totalled: the period is not stated")
    );
    assert!(
        page.body
            .contains("Incomplete: covers only licence or price per unit")
    );
    assert!(page.body.contains("stated in 2018: may be out of date"));
    // A per-site price multiplies the sites: myCOPD's set-up of £360 per CCG, one-off.
    let mycopd = get(&app, "/technologies/mycopd?sites=2&years=1").await;
    assert!(
        mycopd.body.contains("£360 per CCG one-off × 2 sites"),
        "per-site basis"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn savings_and_never_totalled_kinds_are_shown_and_never_in_a_total(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    // AVATAR's only priced item is an incremental cost from an economic evaluation.
    let avatar = get(&app, "/technologies/avatar-therapy?units=1000&sites=10").await;
    assert!(avatar.body.contains("Total over 5 years: £0."));
    assert!(avatar.body.contains("never added into a total"));
    assert!(avatar.body.contains("data-testid=\"cost-set-aside\""));
    // HeartFlow's savings have their own block and sit beside the costs.
    let json = reference_technologies();
    let heartflow = technologies(&json)
        .iter()
        .find(|t| t["id"] == "heartflow-ffrct")
        .expect("tech");
    let saving = heartflow["savings"][0]["value"].as_str().expect("a saving");
    let page = get(&app, "/technologies/heartflow-ffrct?units=100").await;
    assert!(page.body.contains(&html_escape(saving)), "{saving}");
    assert!(page.body.contains("Saving claimed"));
    // £700 and £888 a test are both stated: alternatives, so neither is totalled.
    assert!(
        page.body
            .contains("Stated, not totalled: more than one price is stated for this")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_regulatory_rule_needs_a_verified_independent_record_that_holds(pool: PgPool) {
    seed_real_data(&pool).await;
    let standing = |slug: &'static str, essential: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "select coalesce((select s.standing from regulatory_standing s join technology t on t.id = s.technology_id
                                  where t.slug = $1 and s.essential_id = $2), 'not_documented')",
            )
            .bind(slug)
            .bind(essential)
            .fetch_one(&pool)
            .await
            .expect("standing")
        }
    };
    assert_eq!(standing("tortus", "dtac").await, "supplier_says");
    assert_eq!(standing("rapidai", "uk_mdr_mhra").await, "not_documented");
    assert_eq!(standing("derm", "uk_mdr_mhra").await, "met");
    let app = router(pool.clone());
    let tortus = get(&app, "/technologies/tortus").await;
    assert!(
        tortus
            .body
            .contains("Supplier says so, not independently confirmed")
    );
    // FDA clearance is another jurisdiction, never a UK requirement.
    let rapid = get(&app, "/technologies/rapidai").await;
    assert!(rapid.body.contains("data-testid=\"other-jurisdictions\""));
    assert!(rapid.body.contains("They do not meet a UK requirement."));
    // A record that the certificate is not held shows as not met with its source.
    let anxiety = standing("space-from-anxiety", "uk_mdr_mhra").await;
    assert_eq!(anxiety, "not_met");
    let page = get(&app, "/technologies/space-from-anxiety").await;
    assert!(page.body.contains("not found on the register"));
    // The facet counts by the same rule, computed here from the JSON's records.
    let json = reference_technologies();
    let independent = |r: &Value| {
        r["source_kinds"]
            .as_array()
            .is_some_and(|k| k.iter().any(|k| k != "supplier" && k != "supplier_listing"))
    };
    let dtac_met = technologies(&json)
        .iter()
        .filter(|t| {
            t["regulatory_records"].as_array().is_some_and(|rs| {
                rs.iter().any(|r| {
                    r["kind"] == "dtac"
                        && r["status"] == "holds"
                        && r["verified"] == true
                        && independent(r)
                })
            })
        })
        .count();
    let catalogue = get(&app, "/api/technologies?reg=dtac").await;
    let body: Value = serde_json::from_str(&catalogue.body).expect("JSON");
    assert_eq!(
        body["total"].as_u64(),
        Some(dtac_met as u64),
        "{}",
        catalogue.body
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn deployments_outside_england_are_never_against_an_icb(pool: PgPool) {
    seed_real_data(&pool).await;
    assert_eq!(
        count(
            &pool,
            "select count(*) from deployment where nation is not null and icb_ods_code is not null"
        )
        .await,
        0
    );
    let app = router(pool.clone());
    let page = get(&app, "/technologies/space-from-anxiety").await;
    assert!(page.body.contains("Scotland (outside the ICB system)"));
    assert!(
        page.body.contains(">Other UK nations</th>"),
        "the chart's table line"
    );
    // The region chart's lines add up to the page's count of documented deployments.
    let counted: i64 = sqlx::query_scalar(
        "select count(*) from deployment d join technology t on t.id = d.technology_id
         where t.slug = 'space-from-anxiety' and d.kind = 'nhs_deployment'",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert!(
        page.body
            .contains(&format!("{counted} documented NHS deployments."))
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn an_empty_block_that_was_searched_says_so(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    // Viz.ai: deployments and pilot results were searched for and not found.
    let page = get(&app, "/technologies/viz-ai").await;
    assert!(page.body.contains(
        "Public sources were searched for this on 1 December 2026 and nothing was found"
    ));
    assert!(
        page.body
            .matches("data-testid=\"searched-not-found\"")
            .count()
            >= 2
    );
    // A block with claims never says it was not found.
    let derm = get(&app, "/technologies/derm").await;
    let json = reference_technologies();
    let derm_json = technologies(&json)
        .iter()
        .find(|t| t["id"] == "derm")
        .expect("derm");
    let empty_searched = derm_json["searched_but_not_found"]
        .as_array()
        .expect("records")
        .iter()
        .filter(|s| {
            derm_json[s["block"].as_str().expect("block")]
                .as_array()
                .is_none_or(Vec::is_empty)
        })
        .count();
    assert!(
        derm.body
            .matches("data-testid=\"searched-not-found\"")
            .count()
            <= empty_searched
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn adopters_show_start_stage_and_inferred_readings(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let page = get(&app, "/technologies/space-from-depression").await;
    assert!(page.body.contains("Stage as read from the source"));
    assert!(page.body.contains("ICB inferred from location"));
    let icb = get(&app, "/icbs/QJM").await;
    assert!(icb.body.contains("Space from Depression"));
    assert!(icb.body.contains("Stage as read from the source"));
    // A start kept as the source wrote it: "2021" never becomes a day.
    let start: (String, String) = sqlx::query_as(
        "select t.slug, d.go_live_precision from deployment d join technology t on t.id = d.technology_id
         where d.go_live_precision = 'month' limit 1",
    )
    .fetch_one(&pool)
    .await
    .expect("a month-precise start");
    assert_eq!(start.1, "month");
    // The four supplier names the file adds are unverified and say so.
    let boneview = get(&app, "/technologies/boneview").await;
    assert!(boneview.body.contains("Gleamer"));
    assert!(boneview.body.contains("Not independently verified"));
}

#[sqlx::test(migrations = "../migrations")]
async fn reimporting_over_the_first_file_reports_the_new_rows_and_keeps_edits(pool: PgPool) {
    // The first file's shape: the same data without the second enrichment.
    let dir = scratch_copy("first-file");
    edit_json(&dir.join("technologies.json"), |json| {
        for t in json["technologies"].as_array_mut().expect("list") {
            let t = t.as_object_mut().expect("object");
            for key in [
                "savings",
                "regulatory_records",
                "procurement_and_funding",
                "searched_but_not_found",
            ] {
                t.remove(key);
            }
            for (_, v) in t.iter_mut() {
                if let Value::Array(list) = v {
                    list.retain(|item| item.get("checked_on").is_none());
                }
            }
        }
    });
    seed::run(&pool, &dir, false)
        .await
        .expect("the first shape loads");
    assert_eq!(count(&pool, "select count(*) from saving").await, 0);
    sqlx::query(
        "update benefit set statement = 'Edited by a curator', edited_in_app = true
         where technology_id = (select id from technology where slug = 'heartflow-ffrct') and position = 0",
    )
    .execute(&pool)
    .await
    .expect("edit");
    let outcome = seed::run(&pool, &crate::helpers::reference_dir(), false)
        .await
        .expect("the enriched file loads over it");
    let SeedOutcome::Loaded(_, changes) = outcome else {
        panic!("loaded");
    };
    let json = reference_technologies();
    assert_eq!(
        changes.tables["saving"].added,
        items(&json, "savings").len()
    );
    assert_eq!(
        changes.tables["regulatory_evidence"].added,
        items(&json, "regulatory_records").len()
    );
    assert!(changes.tables["deployment"].added > 0);
    assert_eq!(changes.edited_left_alone, 1);
    let kept: String = sqlx::query_scalar(
        "select statement from benefit where technology_id = (select id from technology where slug = 'heartflow-ffrct') and position = 0",
    )
    .fetch_one(&pool)
    .await
    .expect("row");
    assert_eq!(kept, "Edited by a curator");
}

/// The vocabularies the importer knows are the ones `meta.enriched_v2` lists.
#[test]
fn the_importer_knows_exactly_the_enumerations_of_meta_enriched_v2() {
    let json = reference_technologies();
    let meta = &json["meta"]["enriched_v2"];
    // "field (a|b|c)" in one of the meta's descriptions; the list ends at `)` or `;`.
    let listed = |description: &Value, field: &str| -> Vec<String> {
        let text = description.as_str().expect("a description");
        let at = text
            .find(&format!("{field} ("))
            .unwrap_or_else(|| panic!("{field} in {text}"));
        let rest = &text[at + field.len() + 2..];
        let inner = &rest[..rest.find(')').expect("closing bracket")];
        if inner.contains('|') {
            // "a|b|c", or "a|b; and more words"
            // "a|b|c", "a|b; and more words" or "a|b where …": the first word of each
            inner
                .split(';')
                .next()
                .expect("list")
                .split('|')
                .map(|v| v.split_whitespace().next().unwrap_or("").to_owned())
                .collect()
        } else {
            // "a: what a means; b: what b means"
            inner
                .split(';')
                .map(|v| v.split(':').next().expect("id").trim().to_owned())
                .collect()
        }
    };
    fn ids<T: Copy>(all: &[T], id: fn(T) -> &'static str) -> Vec<String> {
        all.iter().map(|v| id(*v).to_owned()).collect()
    }
    let fields = &meta["new_optional_fields"];
    let costs = &fields["costs[]"];
    assert_eq!(
        listed(costs, "unit_basis"),
        ids(UnitBasis::ALL, UnitBasis::id)
    );
    assert_eq!(
        listed(costs, "period"),
        ids(CostPeriod::ALL, CostPeriod::id)
    );
    assert_eq!(listed(costs, "vat"), ids(Vat::ALL, Vat::id));
    let cost_kinds = listed(costs, "kind");
    let totalled: Vec<CostKind> = CostKind::ALL
        .iter()
        .copied()
        .filter(|k| k.totalled())
        .collect();
    assert_eq!(cost_kinds, ids(&totalled, CostKind::id));
    for k in CostKind::ALL.iter().filter(|k| !k.totalled()) {
        assert!(costs.as_str().expect("text").contains(k.id()), "{}", k.id());
    }
    let deployments = &fields["deployments[]"];
    assert_eq!(listed(deployments, "stage"), ids(Stage::ALL, Stage::id));
    assert_eq!(
        listed(deployments, "status"),
        ids(
            app::domain::DeploymentStatus::ALL,
            app::domain::DeploymentStatus::id
        )
    );
    assert_eq!(listed(deployments, "nation"), ids(Nation::ALL, Nation::id));
    let it = &fields["it_requirements[]"];
    assert_eq!(listed(it, "hosting"), ids(Hosting::ALL, Hosting::id));
    assert_eq!(
        listed(it, "data_location"),
        ids(DataLocation::ALL, DataLocation::id)
    );
    let records = &meta["new_keys"]["regulatory_records"];
    assert_eq!(
        listed(records, "kind"),
        ids(RegulatoryKind::ALL, RegulatoryKind::id)
    );
    assert_eq!(
        listed(records, "status"),
        ids(RecordStatus::ALL, RecordStatus::id)
    );
    let funding = &meta["new_keys"]["procurement_and_funding"];
    assert_eq!(
        listed(funding, "kind"),
        ids(app::domain::FundingKind::ALL, app::domain::FundingKind::id)
    );
    let kinds_text = fields["all new items"].as_str().expect("text");
    for k in SourceKind::ALL {
        assert!(kinds_text.contains(k.id()), "source kind {}", k.id());
    }
}

/// The fixed rules (without the hosts learned from the file) read most of the
/// file's own kinds from the addresses alone; the figure is printed.
#[test]
#[expect(
    clippy::print_stdout,
    reason = "the agreement figure is printed for the record"
)]
fn the_fixed_rules_agree_with_most_kinds_the_file_gives() {
    let json = reference_technologies();
    let rules = app::domain::KindRules::default();
    let (mut agree, mut total) = (0, 0);
    for t in technologies(&json) {
        let names: Vec<&str> = ["product_name", "supplier"]
            .iter()
            .filter_map(|k| t[*k]["value"].as_str())
            .collect();
        for (_, v) in t.as_object().expect("object") {
            let Value::Array(list) = v else { continue };
            for item in list {
                let (Some(source), Some(kinds)) =
                    (item["source"].as_str(), item["source_kinds"].as_array())
                else {
                    continue;
                };
                let given = app::domain::normalise_kinds(
                    kinds
                        .iter()
                        .filter_map(|k| k.as_str().and_then(SourceKind::parse)),
                );
                total += 1;
                if rules.kinds_of(source, &names) == given {
                    agree += 1;
                }
            }
        }
    }
    println!("fixed source-kind rules agree with the file on {agree} of {total} items");
    assert!(total > 500, "{total}");
    assert!(agree * 100 >= total * 75, "{agree} of {total}");
}
