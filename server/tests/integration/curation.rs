//! Curators keeping the catalogue true, through the real router: edit, add,
//! withdraw and re-check claims; every refusal; the version conflict; one
//! transaction; readers never blocked; the history, the change feed and its
//! Atom form; who may do what.

use crate::helpers::{
    Browser, Page, assert_no_internal_text, csrf_token, get, hidden, location, router,
    seed_real_data, signed_in,
};
use http::StatusCode;
use sqlx::PgPool;

async fn scalar<T>(pool: &PgPool, sql: &str) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Send + Unpin,
{
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

/// The first cost of `heartflow-ffrct`, by its stable id.
async fn a_cost(pool: &PgPool) -> i64 {
    scalar(
        pool,
        "select c.id from cost_item c join technology t on t.id = c.technology_id
         where t.slug = 'heartflow-ffrct' order by c.position limit 1",
    )
    .await
}

async fn curator(pool: &PgPool, app: &axum::Router) -> Browser {
    signed_in(pool, app, "curator@example.org", "curator", "approved").await
}

/// Posts the editor's form at `path` with `fields` (the token and the
/// version the page carries added), as a browser would.
async fn save(b: &mut Browser, path: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = csrf_token(&page.body);
    let version = hidden(&page.body, "version");
    let mut all = vec![
        ("csrf_token", token.as_str()),
        ("version", version.as_str()),
    ];
    all.extend_from_slice(fields);
    b.post(action, &all).await
}

fn cost_fields<'a>(
    statement: &'a str,
    amount: &'a str,
    reason: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("statement", statement),
        ("amount_low_pence", amount),
        ("unit_basis", "per_unit"),
        ("period", "annual"),
        ("unit", "per person"),
        ("source", "https://www.nice.org.uk/guidance/MTG32"),
        ("verified", "yes"),
        ("reason", reason),
    ]
}

#[sqlx::test(migrations = "../migrations")]
async fn an_edit_is_saved_with_its_revision_and_shown_in_the_history_and_feed(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let id = a_cost(&pool).await;
    let mut c = curator(&pool, &app).await;
    let path = format!("/curator/claims/cost/{id}");
    let saved = save(
        &mut c,
        &path,
        &path,
        &cost_fields("£30 per person a year", "30", "The 2026 price list"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        location(&saved),
        "/curator/technologies/heartflow-ffrct#block-cost"
    );

    let (statement, pence, version, verified_on, recheck_by, today): (
        String,
        Option<i64>,
        i32,
        Option<chrono::NaiveDate>,
        Option<chrono::NaiveDate>,
        chrono::NaiveDate,
    ) = sqlx::query_as(
        "select statement, amount_low_pence, version, verified_on, recheck_by, current_date
         from cost_item where id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .expect("the cost");
    assert_eq!(
        (statement.as_str(), pence, version),
        ("£30 per person a year", Some(3000), 2)
    );
    // Verified today by the curator; re-check by the domain's policy.
    let stamp = app::domain::Stamp::verified(today, app::domain::ClaimKind::General);
    assert_eq!(
        (verified_on, recheck_by),
        (stamp.verified_on, stamp.recheck_by)
    );

    let (action, reason, changes): (String, String, serde_json::Value) = sqlx::query_as(
        "select action, reason, changes from revision where block = 'cost' and record_id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .expect("one revision");
    assert_eq!(
        (action.as_str(), reason.as_str()),
        ("edit", "The 2026 price list")
    );
    let fields: Vec<&str> = changes
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|c| c["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"statement") && fields.contains(&"amount_low_pence"),
        "{fields:?}"
    );
    let audited: i64 = scalar(
        &pool,
        "select count(*) from audit_log where action = 'claim edit'",
    )
    .await;
    assert_eq!(audited, 1);

    // The public page shows the new claim; the history and the feed say what
    // changed and why, and never who.
    let page = get(&app, "/technologies/heartflow-ffrct").await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "{}",
        &page.body[..page.body.len().min(3000)]
    );
    assert!(page.body.contains("£30 per person a year"));
    let history = get(&app, "/technologies/heartflow-ffrct/history").await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(history.body.contains("Cost updated"), "{}", history.body);
    assert!(history.body.contains("£30"));
    assert!(history.body.contains("The 2026 price list"));
    assert!(!history.body.contains("Test curator"));
    let feed = get(&app, "/changes?block=cost").await;
    assert!(feed.body.contains("Cost updated") && !feed.body.contains("Test curator"));
    let other_block = get(&app, "/changes?block=benefit").await;
    assert!(!other_block.body.contains("Cost updated"));
    // Curators see who, in the record's own history.
    let editor = c.get(&path).await;
    assert!(editor.body.contains("by Test curator"), "{}", editor.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn every_refusal_keeps_what_was_typed_and_saves_nothing(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let id = a_cost(&pool).await;
    let mut c = curator(&pool, &app).await;
    let path = format!("/curator/claims/cost/{id}");
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: [Case<'_>; 4] = [
        (
            "source",
            vec![
                ("statement", "Typed statement"),
                ("source", "javascript:alert(1)"),
                ("reason", "r"),
            ],
            "is not a web address",
        ),
        (
            "reason",
            vec![
                ("statement", "Typed statement"),
                ("source", "www.nhs.uk"),
                ("reason", "  "),
            ],
            "Enter the reason",
        ),
        (
            "amount_low_pence",
            vec![
                ("statement", "Typed statement"),
                ("amount_low_pence", "-24"),
                ("source", "www.nhs.uk"),
                ("reason", "r"),
            ],
            "more than £0",
        ),
        (
            "stated_year",
            vec![
                ("statement", "Typed statement"),
                ("stated_year", "20x4"),
                ("source", "www.nhs.uk"),
                ("reason", "r"),
            ],
            "as a year",
        ),
    ];
    for (field, fields, message) in cases {
        let page = save(&mut c, &path, &path, &fields).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            page.body
        );
        assert!(page.body.contains(message), "{field}: {message}");
        assert!(
            page.body.contains(&format!("href=\"#field-{field}\"")),
            "{field}: linked from the summary"
        );
        assert!(
            page.body.contains("Typed statement"),
            "{field}: typed value kept"
        );
        assert_no_internal_text(&page.body);
    }
    // A bad partial date on a deployment.
    let deployment: i64 = scalar(
        &pool,
        "select id from deployment where kind = 'nhs_deployment' order by id limit 1",
    )
    .await;
    let dpath = format!("/curator/claims/deployment/{deployment}");
    let page = save(
        &mut c,
        &dpath,
        &dpath,
        &[
            ("site", "Typed site"),
            ("kind", "nhs_deployment"),
            ("go_live_on", "2021-13"),
            ("source", "www.nhs.uk"),
            ("reason", "r"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("YYYY, YYYY-MM or YYYY-MM-DD") && page.body.contains("Typed site"));
    let changed: i64 = scalar(&pool, "select count(*) from revision").await;
    let versions: i64 = scalar(
        &pool,
        "select (select count(*) from cost_item where version > 1) + (select count(*) from deployment where version > 1)",
    )
    .await;
    assert_eq!((changed, versions), (0, 0), "nothing saved");
}

#[sqlx::test(migrations = "../migrations")]
async fn an_untouched_source_in_the_stored_notation_never_fails(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let id = a_cost(&pool).await;
    sqlx::query("update cost_item set source = 'notes from the 2019 board meeting' where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .expect("odd source");
    let mut c = curator(&pool, &app).await;
    let path = format!("/curator/claims/cost/{id}");
    let page = save(
        &mut c,
        &path,
        &path,
        &[
            ("statement", "A corrected statement"),
            ("source", "notes from the 2019 board meeting"),
            ("reason", "Typo"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_second_of_two_saves_is_refused_with_what_the_first_changed(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let id = a_cost(&pool).await;
    let path = format!("/curator/claims/cost/{id}");
    let mut first = curator(&pool, &app).await;
    let mut second = signed_in(&pool, &app, "admin@example.org", "admin", "approved").await;
    // Both open the editor at version 1.
    let opened = second.get(&path).await;
    let token = csrf_token(&opened.body);
    assert_eq!(hidden(&opened.body, "version"), "1");
    let saved = save(
        &mut first,
        &path,
        &path,
        &cost_fields("First curator's text", "31", "Price checked"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let mut stale = vec![("csrf_token", token.as_str()), ("version", "1")];
    stale.extend(cost_fields("Second curator's text", "29", "My change"));
    let refused = second.post(&path, &stale).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body.contains("Another curator saved this record"));
    assert!(
        refused.body.contains("First curator"),
        "shows what the other changed"
    );
    assert!(
        refused.body.contains("Second curator"),
        "keeps what this one typed"
    );
    let stored: String = scalar(
        &pool,
        &format!("select statement from cost_item where id = {id}"),
    )
    .await;
    assert_eq!(stored, "First curator's text", "nothing lost");
    // The form now carries the stored version: saving again is deliberate.
    assert_eq!(hidden(&refused.body, "version"), "2");
    let token = csrf_token(&refused.body);
    let mut again = vec![("csrf_token", token.as_str()), ("version", "2")];
    again.extend(cost_fields(
        "Second curator's text",
        "29",
        "My change, after reading theirs",
    ));
    let resaved = second.post(&path, &again).await;
    assert_eq!(resaved.status, StatusCode::SEE_OTHER, "{}", resaved.body);
    let version: i32 = scalar(
        &pool,
        &format!("select version from cost_item where id = {id}"),
    )
    .await;
    assert_eq!(version, 3);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_edit_is_one_transaction(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let id = a_cost(&pool).await;
    // Make the revision insert fail after the claim's update has run.
    sqlx::query("alter table revision add constraint test_refuse check (reason <> 'boom')")
        .execute(&pool)
        .await
        .expect("constraint");
    let mut c = curator(&pool, &app).await;
    let path = format!("/curator/claims/cost/{id}");
    let page = save(
        &mut c,
        &path,
        &path,
        &cost_fields("Half-way text", "40", "boom"),
    )
    .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(page.body.contains("Nothing was saved"));
    assert_no_internal_text(&page.body);
    let (statement, version): (String, i32) =
        sqlx::query_as("select statement, version from cost_item where id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("cost");
    assert_ne!(statement, "Half-way text");
    assert_eq!(version, 1);
    let audited: i64 = scalar(
        &pool,
        "select count(*) from audit_log where entity = 'cost'",
    )
    .await;
    assert_eq!(audited, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reader_is_not_blocked_by_an_edit_in_progress(pool: PgPool) {
    seed_real_data(&pool).await;
    let id = a_cost(&pool).await;
    let actor: i64 = sqlx::query_scalar(
        "insert into account (email, display_name, organisation, password_hash, role, status)
         values ('c@example.org', 'C', 'O', $1, 'curator', 'approved') returning id",
    )
    .bind(app::accounts::hash_password(crate::helpers::TEST_PASSWORD).expect("hash"))
    .fetch_one(&pool)
    .await
    .expect("account");
    let spec = app::domain::curation::block("cost").expect("cost");
    let form = app::domain::curation::read_claim_form(
        spec,
        &[
            (
                "statement".to_owned(),
                "Edited in a long transaction".to_owned(),
            ),
            ("source".to_owned(), "www.nhs.uk".to_owned()),
            ("reason".to_owned(), "test".to_owned()),
        ],
        None,
        false,
    )
    .expect("valid");
    let mut tx = pool.begin().await.expect("tx");
    let saved = app::db::curation::save(&mut tx, spec, id, 1, &form, actor, None)
        .await
        .expect("saved");
    assert_eq!(
        saved,
        app::db::curation::Saved::Done("heartflow-ffrct".to_owned())
    );
    // The edit's transaction holds its locks (the search views were refreshed
    // in it); a reader on another connection still gets the catalogue at once.
    let mut reader = pool.acquire().await.expect("reader");
    sqlx::query("set statement_timeout = '2s'")
        .execute(&mut *reader)
        .await
        .expect("timeout");
    let started = std::time::Instant::now();
    let results = app::db::search::search(&mut reader, &app::domain::CatalogueQuery::default())
        .await
        .expect("the search is not blocked");
    assert!(results.total > 0);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // Readers see the old text until the edit commits.
    let seen: String = sqlx::query_scalar("select statement from cost_item where id = $1")
        .bind(id)
        .fetch_one(&mut *reader)
        .await
        .expect("read");
    assert_ne!(seen, "Edited in a long transaction");
    tx.commit().await.expect("commit");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_withdrawn_claim_leaves_pages_counts_facets_and_exports_but_not_the_history(
    pool: PgPool,
) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    // A documented NHS deployment with an ICB: it counts in the ICB facet.
    let (id, site, icb, slug): (i64, String, String, String) = sqlx::query_as(
        "select d.id, d.site, d.icb_ods_code, t.slug from deployment d
         join technology t on t.id = d.technology_id
         where d.kind = 'nhs_deployment' and d.icb_ods_code is not null
           and (select count(*) from deployment x where x.technology_id = d.technology_id
                and x.icb_ods_code = d.icb_ods_code and x.kind = 'nhs_deployment') = 1
         order by d.id limit 1",
    )
    .fetch_one(&pool)
    .await
    .expect("a deployment");
    let facet = |pool: PgPool, icb: String| async move {
        sqlx::query_scalar::<_, i64>("select count(*) from catalogue_entry where $1 = any(icbs)")
            .bind(icb)
            .fetch_one(&pool)
            .await
            .expect("facet")
    };
    let before = facet(pool.clone(), icb.clone()).await;
    let deployments_before: i32 =
        sqlx::query_scalar("select deployments from catalogue_entry where slug = $1")
            .bind(&slug)
            .fetch_one(&pool)
            .await
            .expect("entry");
    let page = get(&app, &format!("/technologies/{slug}")).await;
    let escaped = crate::helpers::html_escape(&site).replace('\'', "&#x27;");
    assert!(page.body.contains(&escaped));
    let icb_before = get(&app, &format!("/icbs/{icb}"))
        .await
        .body
        .matches(&escaped)
        .count();
    assert!(icb_before > 0);

    let mut c = curator(&pool, &app).await;
    let path = format!("/curator/claims/deployment/{id}");
    // A withdrawal needs a reason.
    let withdraw = format!("{path}/withdraw");
    let refused = save(&mut c, &withdraw, &withdraw, &[("withdraw_reason", " ")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Enter the reason"));
    let done = save(
        &mut c,
        &withdraw,
        &withdraw,
        &[("withdraw_reason", "The trust stopped using it in 2025")],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    let after = facet(pool.clone(), icb.clone()).await;
    assert_eq!(after, before - 1, "the ICB facet no longer counts it");
    let deployments_after: i32 =
        sqlx::query_scalar("select deployments from catalogue_entry where slug = $1")
            .bind(&slug)
            .fetch_one(&pool)
            .await
            .expect("entry");
    assert_eq!(deployments_after, deployments_before - 1);
    assert!(
        !get(&app, &format!("/technologies/{slug}"))
            .await
            .body
            .contains(&escaped),
        "gone from the page"
    );
    let csv = get(&app, &format!("/technologies/export.csv?icb={icb}")).await;
    assert!(!csv.body.contains(&site), "gone from the export");
    let json = get(&app, "/technologies/export.json").await;
    assert!(!json.body.contains(&site));
    let icb_after = get(&app, &format!("/icbs/{icb}"))
        .await
        .body
        .matches(&escaped)
        .count();
    assert!(icb_after < icb_before, "gone from the ICB's adopters");
    let history = get(&app, &format!("/technologies/{slug}/history")).await;
    assert!(
        history
            .body
            .contains("Deployment withdrawn: no longer true")
    );
    assert!(history.body.contains("The trust stopped using it in 2025"));
    let row: (Option<chrono::NaiveDate>, String) =
        sqlx::query_as("select withdrawn_on, site from deployment where id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("kept");
    assert!(row.0.is_some(), "kept in the table, marked withdrawn");
    // Withdrawn claims cannot be edited or withdrawn again.
    let token = csrf_token(&c.get(&format!("/curator/technologies/{slug}")).await.body);
    let again = c
        .post(
            &format!("{path}/withdraw"),
            &[
                ("csrf_token", &token),
                ("version", "2"),
                ("withdraw_reason", "again"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_claim_gets_its_own_id_and_renumbers_nothing(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let before: Vec<(i64, i32)> = sqlx::query_as(
        "select b.id, b.position from benefit b join technology t on t.id = b.technology_id
         where t.slug = 'derm' order by b.position",
    )
    .fetch_all(&pool)
    .await
    .expect("benefits");
    let mut c = curator(&pool, &app).await;
    let path = "/curator/technologies/derm/add/benefit";
    let refused = save(
        &mut c,
        path,
        path,
        &[
            ("domain", "Bad Key"),
            ("statement", ""),
            ("source", "www.nhs.uk"),
            ("reason", "r"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Bad Key"));
    let added = save(
        &mut c,
        path,
        path,
        &[
            ("domain", "patient_outcomes"),
            ("statement", "Fewer urgent referrals in a 2026 audit"),
            ("source", "https://www.england.nhs.uk/example"),
            ("verified", "yes"),
            ("reason", "New audit"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let after: Vec<(i64, i32)> = sqlx::query_as(
        "select b.id, b.position from benefit b join technology t on t.id = b.technology_id
         where t.slug = 'derm' order by b.position",
    )
    .fetch_all(&pool)
    .await
    .expect("benefits");
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "no other claim renumbered"
    );
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after.last().map(|b| b.1), Some(before.len() as i32));
    let kinds: Vec<String> = scalar(
        &pool,
        "select source_kinds::text[] from benefit where edited_in_app",
    )
    .await;
    assert_eq!(kinds, ["nhs"]);
    assert!(
        get(&app, "/technologies/derm")
            .await
            .body
            .contains("Fewer urgent referrals in a 2026 audit")
    );
    let history = get(&app, "/technologies/derm/history").await;
    assert!(history.body.contains("Benefit added"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_recheck_queue_lists_aged_claims_and_still_true_verifies_them(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    // Age two verified claims: one overdue, one due within 30 days.
    let (overdue, due): (i64, i64) = sqlx::query_as(
        "select (select min(id) from benefit where verified), (select max(id) from benefit where verified)",
    )
    .fetch_one(&pool)
    .await
    .expect("two benefits");
    sqlx::query(
        "update benefit set verified_on = current_date - 400, recheck_by = current_date - 35 where id = $1;",
    )
    .bind(overdue)
    .execute(&pool)
    .await
    .expect("aged");
    sqlx::query("update benefit set verified_on = current_date - 350, recheck_by = current_date + 10 where id = $1")
        .bind(due)
        .execute(&pool)
        .await
        .expect("aged");
    let mut c = curator(&pool, &app).await;
    let queue = c.get("/curator/recheck?block=benefit").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    assert!(queue.body.contains(&format!("value=\"benefit:{overdue}\"")));
    assert!(queue.body.contains(&format!("value=\"benefit:{due}\"")));
    assert!(queue.body.contains("Re-check overdue") && queue.body.contains("Re-check due"));
    // Oldest re-check date first.
    let (a, b) = (
        queue
            .body
            .find(&format!("value=\"benefit:{overdue}\""))
            .expect("overdue"),
        queue
            .body
            .find(&format!("value=\"benefit:{due}\""))
            .expect("due"),
    );
    assert!(a < b);
    assert!(queue.body.contains("data-testid=\"freshness\""));
    // Nothing ticked: refused with the error beside the list.
    let token = csrf_token(&queue.body);
    let none = c
        .post(
            "/curator/recheck",
            &[
                ("csrf_token", &token),
                ("return", "/curator/recheck?block=benefit"),
            ],
        )
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("Select at least one claim"));
    // Both ticked, "Still true".
    let (k1, k2) = (format!("benefit:{overdue}"), format!("benefit:{due}"));
    let done = c
        .post(
            "/curator/recheck",
            &[
                ("csrf_token", &token),
                ("selected", &k1),
                ("selected", &k2),
                ("return", "/curator/recheck?block=benefit"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(location(&done), "/curator/recheck?block=benefit");
    let fresh: i64 = scalar(
        &pool,
        &format!(
            "select count(*) from benefit where id in ({overdue}, {due})
             and verified_on = current_date and recheck_by = (current_date + interval '12 months')::date"
        ),
    )
    .await;
    assert_eq!(fresh, 2);
    let verifies: i64 = scalar(
        &pool,
        "select count(*) from revision where action = 'verify'",
    )
    .await;
    assert_eq!(verifies, 2);
    let queue = c.get("/curator/recheck?block=benefit").await;
    assert!(!queue.body.contains(&format!("value=\"benefit:{overdue}\"")));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_atom_feed_is_valid_xml_with_no_personal_data(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let id = a_cost(&pool).await;
    let mut c = curator(&pool, &app).await;
    let path = format!("/curator/claims/cost/{id}");
    let saved = save(
        &mut c,
        &path,
        &path,
        &cost_fields("A <b>bold</b> & \"quoted\" price", "30", "Check & fix"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let feed = get(&app, "/changes.atom").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/atom+xml")
    );
    let doc = roxmltree::Document::parse(&feed.body).expect("well-formed XML");
    let root = doc.root_element();
    let atom = "http://www.w3.org/2005/Atom";
    assert_eq!(root.tag_name().namespace(), Some(atom));
    assert_eq!(root.tag_name().name(), "feed");
    for required in ["id", "title", "updated"] {
        assert!(
            root.children().any(|n| n.has_tag_name((atom, required))),
            "{required}"
        );
    }
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name((atom, "entry")))
        .collect();
    assert_eq!(entries.len(), 1);
    let summary = entries[0]
        .children()
        .find(|n| n.has_tag_name((atom, "summary")))
        .and_then(|n| n.text())
        .expect("summary");
    assert!(
        summary.contains("A <b>bold</b> & \"quoted\" price"),
        "{summary}"
    );
    assert!(summary.contains("Check & fix"));
    for personal in ["Test curator", "curator@example.org"] {
        assert!(!feed.body.contains(personal));
    }
    let filtered = get(&app, "/changes.atom?block=benefit").await;
    let doc = roxmltree::Document::parse(&filtered.body).expect("well-formed");
    assert_eq!(
        doc.root_element()
            .children()
            .filter(|n| n.has_tag_name((atom, "entry")))
            .count(),
        0
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn only_curators_and_admins_reach_the_workspace(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let id = a_cost(&pool).await;
    let pages = [
        "/curator/recheck".to_owned(),
        "/curator/technologies/heartflow-ffrct".to_owned(),
        "/curator/technologies/heartflow-ffrct/details".to_owned(),
        "/curator/technologies/heartflow-ffrct/add/cost".to_owned(),
        format!("/curator/claims/cost/{id}"),
        "/api/curator/workspace?slug=heartflow-ffrct".to_owned(),
        format!("/api/curator/claim?block=cost&id={id}"),
        "/api/curator/new-claim?slug=derm&block=benefit".to_owned(),
        format!("/curator/claims/cost/{id}/withdraw"),
        "/api/curator/recheck?query=".to_owned(),
    ];
    let posts = [
        format!("/curator/claims/cost/{id}"),
        format!("/curator/claims/cost/{id}/withdraw"),
        "/curator/technologies/heartflow-ffrct/details".to_owned(),
        "/curator/technologies/heartflow-ffrct/add/cost".to_owned(),
        "/curator/recheck".to_owned(),
    ];
    let mut anonymous = Browser::new(&app);
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    let mut curator = curator(&pool, &app).await;
    let mut admin = signed_in(&pool, &app, "admin@example.org", "admin", "approved").await;
    for (who, b, get_status, post_status) in [
        (
            "anonymous",
            &mut anonymous,
            StatusCode::UNAUTHORIZED,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "member",
            &mut member,
            StatusCode::FORBIDDEN,
            StatusCode::FORBIDDEN,
        ),
        (
            "curator",
            &mut curator,
            StatusCode::OK,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "admin",
            &mut admin,
            StatusCode::OK,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        for page in &pages {
            let got = if page.starts_with("/api/") {
                b.fetch(page).await
            } else {
                b.get(page).await
            };
            assert_eq!(got.status, get_status, "{who} GET {page}");
        }
        // A form with a valid token but nothing in it: refused by role first,
        // then (for staff) by its fields. Nothing is written either way.
        let token = csrf_token(&b.get("/sign-in").await.body);
        for action in &posts {
            let sent = b
                .post(action, &[("csrf_token", &token), ("version", "1")])
                .await;
            assert_eq!(
                sent.status, post_status,
                "{who} POST {action}: {}",
                sent.body
            );
        }
    }
    let written: i64 = scalar(&pool, "select count(*) from revision").await;
    assert_eq!(written, 0);
    // The history and the feed are public.
    for public in [
        "/changes",
        "/changes.atom",
        "/technologies/derm/history",
        "/api/changes?query=&history=false",
    ] {
        assert_eq!(get(&app, public).await.status, StatusCode::OK, "{public}");
    }
    assert_eq!(
        get(&app, "/technologies/no-such-thing/history")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let notice = get(&app, "/changes?block=nonsense&page=-4").await;
    assert_eq!(notice.status, StatusCode::OK);
    assert!(notice.body.contains("was not recognised"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_technology_s_own_fields_are_edited_with_a_revision(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut c = curator(&pool, &app).await;
    let path = "/curator/technologies/sleepio/details";
    let refused = save(&mut c, path, path, &[("name", " "), ("reason", "r")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Enter name"));
    let saved = save(
        &mut c,
        path,
        path,
        &[
            ("name", "Sleepio (Big Health)"),
            ("summary", "A digital CBT for insomnia programme."),
            ("ai_enabled", ""),
            ("reason", "Name as the supplier now writes it"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let (name, edited, version): (String, bool, i32) = sqlx::query_as(
        "select name, edited_in_app, version from technology where slug = 'sleepio'",
    )
    .fetch_one(&pool)
    .await
    .expect("technology");
    assert_eq!(
        (name.as_str(), edited, version),
        ("Sleepio (Big Health)", true, 2)
    );
    // The search view follows in the same transaction.
    let listed: String = scalar(
        &pool,
        "select name_key from catalogue_entry where slug = 'sleepio'",
    )
    .await;
    assert_eq!(listed, "sleepio (big health)");
    let history = get(&app, "/technologies/sleepio/history").await;
    assert!(
        history.body.contains("Technology details updated"),
        "{}",
        history.body
    );
    assert!(history.body.contains("Sleepio (Big Health)"));
}
