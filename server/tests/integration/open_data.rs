//! The open-data files (`/data/catalogue.json`, `/data/claims.csv`): complete,
//! defused, never personal, conditional; and the OpenAPI document, with every
//! public route's answer validated against its schema.

use crate::helpers::{Page, get, get_with, router, seed_real_data, signed_in};
use app::open_data::{CatalogueFile, ClaimRow};
use http::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

/// Claims the catalogue lists (the `claim` view, of listed technologies).
async fn listed_claims(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select count(*) from claim c join catalogue_entry e on e.technology_id = c.technology_id",
    )
    .fetch_one(pool)
    .await
    .expect("count")
}

fn catalogue(page: &Page) -> CatalogueFile {
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    serde_json::from_str(&page.body).expect("catalogue.json has the published shape")
}

/// The claims of a file, counted block by block.
fn claims_in(file: &CatalogueFile) -> usize {
    file.technologies
        .iter()
        .map(|t| {
            t.benefits.len()
                + t.costs.len()
                + t.savings.len()
                + t.funding.len()
                + t.regulatory_checklist
                    .iter()
                    .filter(|e| e.record.is_some())
                    .count()
                + t.regulatory_records.len()
                + t.nice_guidance.len()
                + t.workforce.len()
                + t.it.len()
                + t.estates.len()
                + t.evidence.len()
                + t.deployments.len()
                + t.pilots.len()
        })
        .sum()
}

fn csv_rows(body: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let header = r
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("a row").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[sqlx::test(migrations = "../migrations")]
async fn the_catalogue_file_holds_every_listed_technology_with_every_claim(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let page = get(&app, "/data/catalogue.json").await;
    assert!(
        page.headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/json")
    );
    let file = catalogue(&page);
    assert_eq!(file.schema_version, "1.0");
    assert_eq!(file.licence.name, "CC BY 4.0");
    assert!(file.licence.sources.contains("own terms"));

    let listed: Vec<String> = sqlx::query_scalar(
        "select t.slug from catalogue_entry e join technology t on t.id = e.technology_id
         order by lower(t.name), t.slug",
    )
    .fetch_all(&pool)
    .await
    .expect("slugs");
    let slugs: Vec<&str> = file.technologies.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs, listed, "every listed technology, by name");
    assert_eq!(claims_in(&file) as i64, listed_claims(&pool).await);

    // The reference lists are whole.
    let icbs: i64 = sqlx::query_scalar("select count(*) from icb")
        .fetch_one(&pool)
        .await
        .expect("icbs");
    assert_eq!(file.reference.icbs.len() as i64, icbs);
    assert!(!file.reference.regions.is_empty() && !file.reference.care_settings.is_empty());
    assert!(!file.reference.technology_types.is_empty());
    assert!(!file.reference.regulatory_essentials.is_empty());

    // One structured claim, as stored.
    let (slug, low, year): (String, i64, Option<i32>) = sqlx::query_as(
        "select t.slug, c.amount_low_pence, c.stated_year from cost_item c
         join technology t on t.id = c.technology_id
         where c.amount_low_pence is not null order by t.slug, c.position limit 1",
    )
    .fetch_one(&pool)
    .await
    .expect("a priced cost");
    let tech = file
        .technologies
        .iter()
        .find(|t| t.slug == slug)
        .expect("listed");
    let cost = tech
        .costs
        .iter()
        .find(|c| c.amount_low_pence.is_some())
        .expect("the priced cost");
    assert_eq!(cost.amount_low_pence, u64::try_from(low).ok());
    assert_eq!(cost.stated_year, year);
    // Every claim says where it comes from.
    assert!(tech.costs.iter().all(|c| !c.provenance.source.is_empty()));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_claims_file_has_a_row_per_claim_with_every_cell_defused(pool: PgPool) {
    seed_real_data(&pool).await;
    // Cells a spreadsheet would run, in every form the defusing covers.
    let hostile = [
        "=HYPERLINK(\"http://x\")",
        " =1+1",
        "\t=1",
        "|calc",
        "＝1+1",
        "＋1",
        "－1",
        "＠SUM(A1)",
    ];
    for (i, text) in hostile.iter().enumerate() {
        sqlx::query(
            "insert into benefit (technology_id, position, domain, statement, source, verified)
             select id, 1000 + $2, 'other', $1, '-www.example.org/source', false
             from technology where slug = 'derm'",
        )
        .bind(text)
        .bind(i32::try_from(i).expect("small"))
        .execute(&pool)
        .await
        .expect("a hostile benefit");
    }
    let app = router(pool.clone());
    let page = get(&app, "/data/claims.csv").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/csv")
    );
    let (header, rows) = csv_rows(&page.body);
    assert_eq!(header, ClaimRow::COLUMNS);
    assert_eq!(
        rows.len() as i64,
        listed_claims(&pool).await,
        "a row per claim"
    );

    let col = |name: &str| header.iter().position(|h| h == name).expect("a column");
    let (text, source, licence) = (col("text"), col("source"), col("licence"));
    for h in hostile {
        let row = rows
            .iter()
            .find(|r| r[text].ends_with(h))
            .unwrap_or_else(|| panic!("a row for {h:?}"));
        assert_eq!(row[text], format!("'{h}"), "defused");
        assert_eq!(row[source], "'-www.example.org/source");
    }
    assert!(rows.iter().all(|r| r[licence].starts_with("CC BY 4.0")));
    // Every cell of every row: none starts as a formula.
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with([
                    '=', '+', '-', '@', '\t', '\r', ' ', '|', '＝', '＋', '－', '＠'
                ]),
                "{cell:?}"
            );
        }
    }
    // A cost's structured fields are columns.
    let (low, block) = (col("amount_low_gbp"), col("block"));
    assert!(
        rows.iter()
            .any(|r| r[block] == "cost" && r[low].contains('.')),
        "a priced cost in pounds"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn nothing_personal_is_in_either_file(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    // Accounts, a consented contact and a submission waiting for review, each
    // with values found nowhere else.
    let _member = signed_in(
        &pool,
        &app,
        "ysolde.member@example.org",
        "member",
        "approved",
    )
    .await;
    let _curator = signed_in(
        &pool,
        &app,
        "quenby.curator@example.org",
        "curator",
        "approved",
    )
    .await;
    sqlx::query(
        "insert into contact (deployment_id, name, job_title, organisation, email, phone,
             preferred_method, consent_recorded_on, reconfirm_by, source)
         select id, 'Zebedee Quillfeather', 'Xylography lead', 'Umberfield Trust', 'zebedee.q@example.org',
                '07700 900123', 'email', current_date - 30, current_date + 300, 'test fixture'
         from deployment where kind = 'nhs_deployment' order by id limit 1",
    )
    .execute(&pool)
    .await
    .expect("a contact");
    sqlx::query(
        "insert into submission (technology_id, submitted_by, site, icb_ods_code, stage_id, status,
             result, pilot_metric, pilot_result)
         select t.id, a.id, 'Wyvernmoor Pending Site', 'QRV', 'pilot', 'live', 'Quarrelsome result text',
                'Vexillology metric', 'Jabberwock outcome'
         from technology t, account a where t.slug = 'derm' and a.email = 'ysolde.member@example.org'",
    )
    .execute(&pool)
    .await
    .expect("a pending submission");

    // Every text value of every contact, account and submission.
    let personal: Vec<String> = sqlx::query_scalar(
        "select v from (
             select unnest(array[name, job_title, organisation, email, phone]) as v from contact
             union select unnest(array[email, display_name, organisation]) from account
             union select unnest(array[site, result, pilot_metric, pilot_result]) from submission
             where state = 'pending'
         ) values where v is not null",
    )
    .fetch_all(&pool)
    .await
    .expect("values");
    assert!(personal.len() >= 12, "{personal:?}");
    for route in ["/data/catalogue.json", "/data/claims.csv"] {
        let page = get(&app, route).await;
        assert_eq!(page.status, StatusCode::OK);
        for value in &personal {
            assert!(
                !page.body.contains(value.as_str()),
                "{route} holds {value:?}"
            );
        }
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn both_files_answer_304_until_the_catalogue_changes(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    for route in ["/data/catalogue.json", "/data/claims.csv"] {
        let first = get(&app, route).await;
        assert_eq!(first.status, StatusCode::OK);
        let etag = first.headers["etag"].to_str().expect("ascii").to_owned();
        let modified = first.headers["last-modified"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(etag.starts_with("W/\""), "{etag}");
        assert!(modified.ends_with(" GMT"), "{modified}");

        let again = get_with(&app, route, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{route}");
        assert!(again.body.is_empty());
        assert_eq!(again.headers["etag"], etag.as_str());
        let since = get_with(&app, route, &[("if-modified-since", &modified)]).await;
        assert_eq!(since.status, StatusCode::NOT_MODIFIED);
        let other = get_with(&app, route, &[("if-none-match", "W/\"0.9-1-1\"")]).await;
        assert_eq!(
            other.status,
            StatusCode::OK,
            "another version is sent whole"
        );
    }

    // A change to a claim: the old tag no longer matches, the new file has it.
    let before = get(&app, "/data/catalogue.json").await;
    let old = before.headers["etag"].to_str().expect("ascii").to_owned();
    sqlx::query(
        "update benefit set statement = 'A corrected benefit statement'
         where id = (select min(id) from benefit)",
    )
    .execute(&pool)
    .await
    .expect("an edit");
    let after = get_with(&app, "/data/catalogue.json", &[("if-none-match", &old)]).await;
    assert_eq!(after.status, StatusCode::OK);
    assert_ne!(after.headers["etag"], old.as_str());
    assert!(after.body.contains("A corrected benefit statement"));
    let csv = get_with(&app, "/data/claims.csv", &[("if-none-match", &old)]).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("A corrected benefit statement"));
}

#[sqlx::test(migrations = "../migrations")]
async fn clients_that_take_gzip_get_the_same_file_compressed(pool: PgPool) {
    use std::io::Read;
    seed_real_data(&pool).await;
    let app = router(pool);
    for route in ["/data/catalogue.json", "/data/claims.csv"] {
        let raw = get(&app, route).await;
        assert!(raw.headers.get("content-encoding").is_none());
        let req = http::Request::get(route)
            .header("accept-encoding", "gzip, br")
            .body(axum::body::Body::empty())
            .expect("request");
        let res = tower::ServiceExt::oneshot(app.clone(), req)
            .await
            .expect("infallible");
        assert_eq!(res.headers()["content-encoding"], "gzip");
        assert_eq!(res.headers()["vary"], "accept-encoding");
        assert_eq!(res.headers()["etag"], raw.headers["etag"]);
        let bytes = http_body_util::BodyExt::collect(res.into_body())
            .await
            .expect("body")
            .to_bytes();
        assert!(bytes.len() * 3 < raw.body.len(), "compressed");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("gzip");
        assert_eq!(text, raw.body, "{route}: the same file");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_withdrawn_technology_leaves_both_files(pool: PgPool) {
    seed_real_data(&pool).await;
    let mut tx = pool.begin().await.expect("tx");
    sqlx::query("update technology set catalogue_status = 'withdrawn', withdrawn_reason = 'test' where slug = 'derm'")
        .execute(&mut *tx)
        .await
        .expect("withdraw");
    app::db::search::refresh(&mut tx).await.expect("refresh");
    tx.commit().await.expect("commit");
    let app = router(pool.clone());
    let file = catalogue(&get(&app, "/data/catalogue.json").await);
    assert!(!file.technologies.iter().any(|t| t.slug == "derm"));
    assert!(!file.technologies.is_empty());
    let csv = get(&app, "/data/claims.csv").await;
    assert!(!csv.body.contains("\nderm,"));
}

// ---------- the OpenAPI document ----------

/// A validator for `schema`, resolving `#/components/…` against the document.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = schema.clone();
    let object = root.as_object_mut().expect("a schema object");
    object.insert(
        "$schema".to_owned(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    object.insert("components".to_owned(), doc["components"].clone());
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&root)
        .expect("a valid schema")
}

fn assert_valid(doc: &Value, schema: &Value, instance: &Value, route: &str) {
    let v = validator(doc, schema);
    let errors: Vec<String> = v
        .iter_errors(instance)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{route}: {errors:?}");
}

/// A CSV as the document describes it: objects keyed by the header, or arrays
/// of cells when the columns vary.
fn csv_as_json(body: &str, as_objects: bool) -> Value {
    let (header, rows) = csv_rows(body);
    Value::Array(
        rows.into_iter()
            .map(|r| {
                if as_objects {
                    Value::Object(
                        header
                            .iter()
                            .cloned()
                            .zip(r.into_iter().map(Value::String))
                            .collect(),
                    )
                } else {
                    Value::Array(r.into_iter().map(Value::String).collect())
                }
            })
            .collect(),
    )
}

#[sqlx::test(migrations = "../migrations")]
async fn the_openapi_document_describes_every_public_route_and_each_answer_fits(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let page = get(&app, "/api/openapi.json").await;
    assert_eq!(page.status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&page.body).expect("JSON");
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(
        doc["info"]["description"]
            .as_str()
            .expect("a description")
            .contains("internal")
    );

    // Every query key the parser reads is a parameter of the search.
    let params: Vec<&str> = doc["paths"]["/api/technologies"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for key in app::domain::CatalogueQuery::keys() {
        assert!(params.contains(&key.name), "{} is documented", key.name);
    }
    // The pages' server functions are not in it.
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        assert!(doc["paths"].get(path).is_none(), "{path} is internal");
    }

    // Each public route, called on the real router, fits its documented schema.
    let calls: [(&str, &str, &str); 7] = [
        (
            "/api/technologies",
            "/api/technologies?q=ai&type=ai_imaging_diagnostics&page=1",
            "application/json",
        ),
        (
            "/technologies/export.json",
            "/technologies/export.json?nice=MTG",
            "application/json",
        ),
        (
            "/technologies/export.csv",
            "/technologies/export.csv",
            "text/csv",
        ),
        (
            "/compare/export.csv",
            "/compare/export.csv?tech=derm&tech=heartflow-ffrct",
            "text/csv",
        ),
        (
            "/data/catalogue.json",
            "/data/catalogue.json",
            "application/json",
        ),
        ("/data/claims.csv", "/data/claims.csv", "text/csv"),
        ("/api/openapi.json", "/api/openapi.json", "application/json"),
    ];
    let documented: Vec<&String> = doc["paths"].as_object().expect("paths").keys().collect();
    assert_eq!(documented.len(), calls.len(), "{documented:?}");
    for (path, uri, media) in calls {
        let response = &doc["paths"][path]["get"]["responses"]["200"];
        assert!(response.is_object(), "{path} is documented");
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        let content_type = page.headers["content-type"].to_str().expect("ascii");
        assert!(content_type.starts_with(media), "{uri}: {content_type}");
        let Some(schema) = response["content"][media].get("schema") else {
            // The document itself: checked as 3.1 above.
            assert_eq!(path, "/api/openapi.json");
            continue;
        };
        let instance = if media == "text/csv" {
            csv_as_json(&page.body, path != "/compare/export.csv")
        } else {
            serde_json::from_str(&page.body).expect("JSON")
        };
        assert_valid(&doc, schema, &instance, uri);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_response_that_breaks_its_schema_is_caught(pool: PgPool) {
    // The validation above can fail: a file missing a field, or a cost with a
    // negative amount, does not fit.
    seed_real_data(&pool).await;
    let app = router(pool);
    let doc: Value =
        serde_json::from_str(&get(&app, "/api/openapi.json").await.body).expect("JSON");
    let schema = &doc["paths"]["/data/catalogue.json"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    let mut file: Value =
        serde_json::from_str(&get(&app, "/data/catalogue.json").await.body).expect("JSON");
    assert!(validator(&doc, schema).is_valid(&file));
    let tech = &mut file["technologies"][0];
    tech.as_object_mut().expect("object").remove("benefits");
    assert!(!validator(&doc, schema).is_valid(&file));
    let mut file: Value =
        serde_json::from_str(&get(&app, "/data/catalogue.json").await.body).expect("JSON");
    file["generated_at"] = json!("yesterday");
    assert!(
        !validator(&doc, schema).is_valid(&file),
        "dates are checked"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_use_the_data_page_is_linked_from_every_page_and_names_the_licence(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let home = get(&app, "/").await;
    assert!(home.body.contains("href=\"/use-the-data\""));
    let page = get(&app, "/use-the-data").await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "CC BY 4.0",
        "own terms",
        "/data/catalogue.json",
        "/data/claims.csv",
        "/api/openapi.json",
        "curl",
        "304 Not Modified",
        "q, type, setting, specialty, ai, nice, reg, deployed, region, icb",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
}
