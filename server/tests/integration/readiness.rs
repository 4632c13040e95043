//! "Is it right for us?" through the real router on the real data: the
//! readiness check with a context in the URL, the "Your organisation" form,
//! the catalogue's readiness filter against independent SQL, the comparison's
//! readiness rows, and the 5-year cost view.

use crate::helpers::{
    Browser, assert_no_internal_text, get, location, router, seed_real_data, signed_in,
};
use http::StatusCode;
use sqlx::PgPool;

/// The `data-status` of each readiness row whose requirement starts with `requirement`.
fn statuses(body: &str, requirement: &str) -> Vec<String> {
    body.split("<tr ")
        .filter(|row| {
            row.contains(&format!("app-readiness__requirement\">{requirement}"))
                || row.contains(&format!(">{requirement}"))
                    && row.contains("app-readiness__requirement")
        })
        .filter_map(|row| {
            let start = row.find("data-status=\"")? + "data-status=\"".len();
            Some(row[start..start + row[start..].find('"')?].to_owned())
        })
        .collect()
}

/// No readiness row shows "Not answered" with "Met".
fn assert_no_answer_is_met(body: &str) {
    for row in body.split("<tr ").filter(|r| r.contains("data-status=")) {
        assert!(
            !(row.contains("Not answered") && row.contains("data-status=\"Met\"")),
            "an unanswered question counted as met: {row}"
        );
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_technology_page_checks_requirements_against_the_context_in_the_url(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let page = get(
        &app,
        "/technologies/heartflow-ffrct?ctx=v1.pacs-none.cloud-uk.int-fhir.cso-n.dspt-met.team-0",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("Is it right for us?"));
    // The source states DICOM and processing in the US; the answers say no DICOM,
    // no PACS, UK-only hosting and no digital team.
    assert_eq!(statuses(body, "Exchange data using DICOM"), ["Gap"]);
    assert_eq!(statuses(body, "A link to your imaging system"), ["Gap"]);
    assert_eq!(statuses(body, "Data are processed outside the UK"), ["Gap"]);
    assert_eq!(
        statuses(body, "People to set up and run the integration"),
        ["Gap"]
    );
    assert_eq!(statuses(body, "A Clinical Safety Officer"), ["Minor gap"]);
    assert_eq!(
        statuses(body, "Data Security and Protection Toolkit"),
        ["Met"]
    );
    // Nothing about identity is documented: unknown whatever is answered.
    assert_eq!(
        statuses(body, "How staff and patients sign in"),
        ["Unknown"]
    );
    assert_eq!(
        statuses(body, "A data protection impact assessment"),
        ["Before go-live"]
    );
    assert!(body.contains("4 gaps, 1 minor gap,"), "summary");
    // Each line quotes the claim it rests on, with its source.
    assert!(body.contains("anonymised DICOM data sent by secure transfer"));
    assert!(body.contains("www.nice.org.uk/guidance/mtg32"));
    assert!(
        body.contains(
            "href=\"/technologies?ctx=v1.pacs-none.cloud-uk.dspt-met.int-fhir.cso-n.team-0\""
        ),
        "the header's Browse link keeps the context"
    );
    // The way to change the answers keeps the context and comes back here.
    assert!(
        body.contains(
            "/organisation?return=%2Ftechnologies%2Fheartflow-ffrct%3Fctx%3Dv1.pacs-none"
        )
    );

    // The same page without a context: every line that depends on an answer is
    // unknown, never met; only facts that need no answer (staff the supplier
    // provides) are met.
    let plain = get(&app, "/technologies/heartflow-ffrct").await;
    assert!(plain.body.contains("Tell us about your organisation"));
    assert_no_answer_is_met(&plain.body);
    assert!(!plain.body.contains("data-status=\"Gap\""));
    assert!(plain.body.contains("data-status=\"Unknown\""));
}

#[sqlx::test(migrations = "../migrations")]
async fn bad_context_in_a_link_is_dropped_with_a_notice_never_an_error(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let page = get(&app, "/technologies/heartflow-ffrct?ctx=v2.team-5.cso-y").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("format this site cannot read (v2)"));
    assert_no_answer_is_met(&page.body);
    assert_eq!(
        statuses(&page.body, "A Clinical Safety Officer"),
        ["Unknown"],
        "an unread context answers nothing"
    );
    let page = get(
        &app,
        "/technologies/heartflow-ffrct?ctx=v1.team-1000000000000.cso-y.zzz-1",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(
        "Digital team size must be a whole number of people from 0 to 999, so it was left out."
    ));
    assert!(page.body.contains("“zzz”"));
    assert_eq!(
        statuses(&page.body, "A Clinical Safety Officer"),
        ["Met"],
        "the good part is kept"
    );
    // The page's own script elements, to tell them from a reflected one.
    let own_scripts = script_elements(&get(&app, "/technologies/derm").await.body);
    for raw in [
        "%00",
        "v1.%00%01",
        "v1.%FF%FE",
        "v1.int-%3Cscript%3E",
        &"v1.".repeat(300),
    ] {
        let page = get(&app, &format!("/technologies/derm?ctx={raw}")).await;
        assert_eq!(page.status, StatusCode::OK, "{raw}");
        assert_eq!(script_elements(&page.body), own_scripts, "{raw}");
        assert!(
            !page
                .body
                .chars()
                .any(|c| c.is_control() && !c.is_whitespace()),
            "no control character is reflected: {raw}"
        );
        assert_no_internal_text(&page.body);
    }
}

/// How each of a page's script elements begins (30 characters), leaving out the
/// hydration data, which Leptos writes in as many chunks as the timing of its
/// loads happens to make.
fn script_elements(body: &str) -> Vec<String> {
    body.split("<script")
        .skip(1)
        .filter(|s| !s.starts_with(">__RESOLVED_RESOURCES["))
        .map(|s| s.chars().take(30).collect())
        .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn the_organisation_form_re_shows_errors_or_returns_with_the_context(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let opened = get(
        &app,
        "/organisation?return=%2Fcompare%3Ftech%3Dderm&ctx=v1.cloud-uk.team-4",
    )
    .await;
    assert_eq!(opened.status, StatusCode::OK);
    assert!(
        opened.body.contains("value=\"uk\" checked"),
        "answers from the link are shown"
    );
    assert!(opened.body.contains("value=\"4\""));
    assert!(
        opened
            .body
            .contains("name=\"return\" value=\"/compare?tech=derm\"")
    );

    let refused = get(
        &app,
        "/organisation?check=1&return=%2Fcompare%3Ftech%3Dderm&team=-3&train=999&int=none&int=fhir&cloud=uk&epr_other=Our+EPR",
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &refused.body;
    assert!(body.contains("<title>Error: Your organisation"));
    assert!(body.contains("There is a problem"));
    for (field, message) in [
        (
            "team",
            "Digital team size must be a whole number of people from 0 to 999",
        ),
        (
            "train",
            "Training capacity must be a whole number of hours from 0 to 200",
        ),
        (
            "int",
            "Integration capability: “None” cannot be chosen with other answers",
        ),
    ] {
        assert!(
            body.contains(&format!(
                "href=\"#field-{field}\" rel=\"external\">{message}</a>"
            )),
            "{message} in the summary"
        );
        assert!(
            body.contains(&format!("id=\"field-{field}-error\" class=\"nhsuk-error-message\"><span class=\"nhsuk-u-visually-hidden\">Error: </span>{message}</span>")),
            "{message} beside the field"
        );
    }
    assert!(body.contains("href=\"#field-team\""));
    assert!(body.contains("value=\"-3\""), "typed values are kept");
    assert!(body.contains("value=\"Our EPR\""));
    assert!(body.contains("value=\"uk\" checked"));

    let accepted = get(
        &app,
        "/organisation?check=1&return=%2Fcompare%3Ftech%3Dderm%26ctx%3Dv1.team-9&team=3&int=fhir&int=dicom&cloud=uk&epr_other=Our+EPR&cso=",
    )
    .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert_eq!(
        location(&accepted),
        "/compare?tech=derm&ctx=v1.epr-our_epr.cloud-uk.int-dicom+fhir.team-3"
    );
    // Only pages on this site: anything else returns to the catalogue.
    let elsewhere = get(
        &app,
        "/organisation?check=1&return=https%3A%2F%2Fevil.example&team=1",
    )
    .await;
    assert_eq!(location(&elsewhere), "/technologies?ctx=v1.team-1");
}

/// Technologies whose verified estates requirements need a room (the rule,
/// written again in SQL).
async fn needing_a_room(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select count(distinct technology_id) from infrastructure_requirement
         where kind = 'estates' and verified
           and statement ~* '\\m(room|bedroom)\\M'
           and statement !~ '^No clinic room needed'
           and statement !~* 'little change to current facilities'",
    )
    .fetch_one(pool)
    .await
    .expect("count")
}

fn total(body: &str) -> i64 {
    let v: serde_json::Value = serde_json::from_str(body).expect("json");
    v["total"].as_i64().expect("total")
}

#[sqlx::test(migrations = "../migrations")]
async fn the_readiness_filter_counts_agree_with_the_rules_and_the_results(pool: PgPool) {
    seed_real_data(&pool).await;
    let rooms = needing_a_room(&pool).await;
    assert!(rooms > 0, "the real data has a room requirement");
    let all: i64 = sqlx::query_scalar("select count(*) from technology")
        .fetch_one(&pool)
        .await
        .expect("count");
    let app = router(pool);
    // No space: those technologies get a minor gap; nothing else is answered, so
    // nothing has a major gap.
    let q = "ctx=v1.space-n";
    assert_eq!(
        total(
            &get(&app, &format!("/api/technologies?{q}&ready=nogap"))
                .await
                .body
        ),
        all - rooms
    );
    assert_eq!(
        total(
            &get(&app, &format!("/api/technologies?{q}&ready=nomajor"))
                .await
                .body
        ),
        all
    );
    assert_eq!(
        total(
            &get(&app, &format!("/api/technologies?{q}&ready=yes"))
                .await
                .body
        ),
        0,
        "unknowns remain"
    );
    // The radios' counts are the totals their links give.
    let page = get(&app, &format!("/technologies?{q}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!(
        "No known gaps (some requirements not documented)<!> <span class=\"app-facet__count\">({})</span>",
        all - rooms
    )));
    // Combined with a facet, the count is within that facet.
    let api: serde_json::Value = serde_json::from_str(
        &get(
            &app,
            &format!("/api/technologies?type=ai_diagnostics_imaging&{q}&ready=nogap"),
        )
        .await
        .body,
    )
    .expect("json");
    let imaging = total(
        &get(&app, "/api/technologies?type=ai_diagnostics_imaging")
            .await
            .body,
    );
    assert!(api["total"].as_i64().expect("valid") <= imaging);
    // The filter carries into every link and the export.
    let redirected = get(&app, &format!("/technologies?{q}&ready=nogap")).await;
    assert_eq!(
        location(&redirected),
        "/technologies?ready=nogap&ctx=v1.space-n",
        "canonical order"
    );
    let filtered = get(&app, "/technologies?ready=nogap&ctx=v1.space-n").await;
    assert_eq!(filtered.status, StatusCode::OK);
    assert!(filtered.body.contains("Readiness: No known gaps"));
    assert_eq!(
        filtered
            .body
            .matches("data-testid=\"card-readiness\"")
            .count(),
        20,
        "each result card on the page shows its readiness"
    );
    assert!(filtered.body.contains("name=\"ctx\" value=\"v1.space-n\""));
    let csv = get(&app, &format!("/technologies/export.csv?{q}&ready=nogap")).await;
    assert_eq!(csv.body.lines().count() as i64 - 1, all - rooms);
    // A readiness filter without a context says so and is not applied.
    let page = get(&app, "/api/technologies?ready=yes").await;
    assert_eq!(total(&page.body), all);
    assert!(page.body.contains("needs your organisation"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_comparison_shows_readiness_rows_with_a_context(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    let with = get(
        &app,
        "/compare?tech=heartflow-ffrct&tech=derm&ctx=v1.pacs-none.cso-y",
    )
    .await;
    assert_eq!(with.status, StatusCode::OK);
    assert!(with.body.contains("Readiness for your organisation"));
    assert!(with.body.contains("Result for your organisation"));
    assert!(with.body.contains("1 gap"), "heartflow's PACS gap");
    assert!(with.body.contains(
        "href=\"/technologies?compare=heartflow-ffrct&amp;compare=derm&amp;ctx=v1.pacs-none.cso-y\""
    ));
    assert!(
        with.body
            .contains("href=\"/technologies/derm?ctx=v1.pacs-none.cso-y\""),
        "column links keep the context"
    );
    let without = get(&app, "/compare?tech=heartflow-ffrct&tech=derm").await;
    assert!(!without.body.contains("Readiness for your organisation"));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_cost_view_totals_only_stated_prices_and_says_what_is_missing(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    // One structured price a person: £12.10 a test, each use.
    let kidney = get(&app, "/technologies/minuteful-kidney?units=1000").await;
    assert_eq!(kidney.status, StatusCode::OK);
    assert!(kidney.body.contains("Total over 5 years: £60,500."));
    assert!(
        kidney
            .body
            .contains("Incomplete: covers only licence or price per unit")
    );
    assert!(
        kidney
            .body
            .contains("£12.10 per person (test) each use × 1,000 a year")
    );
    assert!(
        kidney
            .body
            .contains("Not documented, so not in the total: licence set-up, implementation")
    );
    let ten = get(&app, "/technologies/minuteful-kidney?units=1000&years=10").await;
    assert!(ten.body.contains("Total over 10 years: £121,000."));
    // Two prices for one thing (Sleepio's £45 from NICE, £200 for individuals)
    // are alternatives: shown, never added.
    let sleepio = get(&app, "/technologies/sleepio?units=1000").await;
    assert!(sleepio.body.contains("Total over 5 years: £0."));
    assert!(
        sleepio
            .body
            .contains("more than one price is stated for this")
    );
    // Savings sit beside the costs, never in them.
    let heartflow = get(&app, "/technologies/heartflow-ffrct?units=100").await;
    assert!(heartflow.body.contains("Saving claimed"));
    // Two amounts whose relation is unclear are shown, never totalled.
    let brainomix = get(&app, "/technologies/brainomix-360-stroke?sites=2").await;
    assert!(
        brainomix
            .body
            .contains("Stated, not totalled: more than one amount")
    );
    assert!(
        brainomix
            .body
            .contains("Incomplete: no cost can be totalled")
    );
    // Training backfill from documented hours only.
    let mycopd = get(&app, "/technologies/mycopd?staff=20&rate=40&sites=1").await;
    assert!(
        mycopd.body.contains("1 h × 20 staff × £40 an hour"),
        "{}",
        &mycopd.body[..0]
    );
    // Bad assumptions: messages beside the fields, the values as typed, no total from them.
    let bad = get(
        &app,
        "/technologies/minuteful-kidney?units=-5&years=1000000000000&rate=abc",
    )
    .await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.body.contains("<title>Error: Minuteful Kidney"));
    assert_eq!(
        bad.body
            .matches("Units a year must be a whole number from 0 to 1,000,000")
            .count(),
        2
    );
    assert!(bad.body.contains("value=\"-5\""));
    assert!(bad.body.contains("Total over 5 years: £0."));
    assert!(
        bad.body
            .contains("Enter units a year above to work this out")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_signed_in_member_keeps_the_details_on_their_account(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let form = "/organisation?return=%2Ftechnologies&ctx=v1.cloud-uk.team-3";
    // Anonymous: told to sign in; the post is refused and nothing is stored.
    let mut anonymous = Browser::new(&app);
    let page = anonymous.get(form).await;
    assert!(
        page.body
            .contains("Signed in, you can keep these details on your account.")
    );
    assert!(!page.body.contains("/organisation/save"));
    let refused = anonymous
        .post("/organisation/save", &[("ctx", "v1.team-3")])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "no token: the form has expired"
    );

    let mut member = signed_in(&pool, &app, "kept@example.org", "member", "pending").await;
    let saved = member
        .submit(
            form,
            "/organisation/save",
            &[("ctx", "v1.cloud-uk.team-3"), ("return", "/technologies")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        location(&saved),
        "/organisation?return=%2Ftechnologies&saved=1&ctx=v1.cloud-uk.team-3"
    );
    let stored: Option<String> =
        sqlx::query_scalar("select org_context from account where email = 'kept@example.org'")
            .fetch_one(&pool)
            .await
            .expect("row");
    assert_eq!(stored.as_deref(), Some("v1.cloud-uk.team-3"));
    let confirmed = member.get(location(&saved)).await;
    assert!(
        confirmed
            .body
            .contains("Saved: these details are kept on your account.")
    );
    let account = member.get("/account").await;
    assert!(account.body.contains("Saved: 2 of 14 questions answered."));
    assert!(
        account
            .body
            .contains("href=\"/technologies?ctx=v1.cloud-uk.team-3\"")
    );
    // Opened without details, the form offers the saved ones.
    let fresh = member.get("/organisation?return=%2Fcompare").await;
    assert!(
        fresh
            .body
            .contains("href=\"/compare?ctx=v1.cloud-uk.team-3\"")
    );
    // Unreadable details forget rather than store.
    let forgot = member
        .submit(
            form,
            "/organisation/save",
            &[("ctx", "v9.team-3"), ("return", "/technologies")],
        )
        .await;
    assert_eq!(
        location(&forgot),
        "/organisation?return=%2Ftechnologies&saved=0"
    );
    let stored: Option<String> =
        sqlx::query_scalar("select org_context from account where email = 'kept@example.org'")
            .fetch_one(&pool)
            .await
            .expect("row");
    assert_eq!(stored, None);
    // The database keeps out anything that is not a context value.
    let bad = sqlx::query(
        "update account set org_context = 'javascript:alert(1)' where email = 'kept@example.org'",
    )
    .execute(&pool)
    .await;
    assert!(bad.is_err());
}
