//! Member submissions through the real router: submit, review, publish or
//! reject, and who may do each.

use crate::helpers::{csrf_token, get, location, router, seed_real_data, signed_in};
use http::StatusCode;
use sqlx::PgPool;

fn good_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("site", "Example Community Trust"),
        ("icb", "QRV"),
        ("setting", "community_health"),
        ("stage", "scaling"),
        ("status", "live"),
        ("go_live", "2024-04-01"),
        ("scale", "3 sites"),
        ("result", "Waiting times fell in our audit"),
        ("pilot_metric", "Referrals avoided"),
        ("pilot_baseline", "0"),
        ("pilot_result", "212 referrals avoided"),
        ("pilot_period", "April 2024 to March 2025"),
        ("pilot_design", "Service evaluation"),
        ("pilot_sample_size", "1,040 patients"),
        ("pilot_independent", "no"),
        ("pilot_report_url", "https://example.org/report"),
        ("contact_consent", "yes"),
        ("contact_job_title", "Digital lead"),
        ("contact_method", "email"),
    ]
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .expect("count")
}

#[sqlx::test(migrations = "../migrations")]
async fn a_member_submits_a_curator_edits_and_publishes_it(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let deployments_before = count(
        &pool,
        "select deployments::bigint from catalogue_entry where slug = 'derm'",
    )
    .await;
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    let sent = member
        .submit(
            "/technologies/derm/submit",
            "/technologies/derm/submit",
            &good_fields(),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(location(&sent), "/account#submissions");
    let account = member.get("/account").await;
    assert!(account.body.contains("Waiting for a curator"));
    // Not public until a curator approves it.
    assert!(
        !get(&app, "/technologies/derm")
            .await
            .body
            .contains("Example Community Trust")
    );

    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    let queue = curator.get("/curator/submissions").await;
    assert!(queue.body.contains("DERM"), "{}", queue.body);
    let id = count(&pool, "select id from submission").await;
    let review = curator.get(&format!("/curator/submissions/{id}")).await;
    assert!(review.body.contains("value=\"Example Community Trust\""));
    let token = csrf_token(&review.body);
    let mut edited: Vec<(&str, &str)> = vec![("csrf_token", &token)];
    edited.extend(
        good_fields()
            .into_iter()
            .map(|(k, v)| if k == "scale" { (k, "4 sites") } else { (k, v) }),
    );
    let published = curator
        .post(&format!("/curator/submissions/{id}/approve"), &edited)
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );

    let page = get(&app, "/technologies/derm").await;
    assert!(page.body.contains("Example Community Trust"));
    assert!(page.body.contains("4 sites"), "the curator's edit");
    assert!(page.body.contains("Scaling") && page.body.contains("1 April 2024"));
    assert!(page.body.contains("verified by a catalogue curator on"));
    assert!(
        !page.body.contains("Test curator"),
        "no account names in claims"
    );
    assert!(page.body.contains("212 referrals avoided") && page.body.contains("1,040 patients"));
    // The contact the member consented to: members see it, visitors a count.
    assert!(page.body.contains("1 contact at an adopting ICS"));
    assert!(!page.body.contains("member@example.org"));
    assert!(
        member
            .get("/technologies/derm")
            .await
            .body
            .contains("mailto:member@example.org")
    );
    // The search views were refreshed in the same transaction.
    assert_eq!(
        count(
            &pool,
            "select deployments::bigint from catalogue_entry where slug = 'derm'"
        )
        .await,
        deployments_before + 1
    );
    assert!(member.get("/account").await.body.contains("Published"));
    // Verified today by the curator, re-checked as the domain's policy says.
    let stamps: Vec<(chrono::NaiveDate, chrono::NaiveDate, chrono::NaiveDate)> = sqlx::query_as(
        "select verified_on, recheck_by, current_date from deployment where edited_in_app and verified
         union all
         select verified_on, recheck_by, current_date from pilot_result where edited_in_app and verified",
    )
    .fetch_all(&pool)
    .await
    .expect("stamps");
    assert_eq!(stamps.len(), 2, "the deployment and its pilot result");
    for (verified_on, recheck_by, today) in stamps {
        let policy = app::domain::Stamp::verified(today, app::domain::ClaimKind::General);
        assert_eq!(Some(verified_on), policy.verified_on);
        assert_eq!(Some(recheck_by), policy.recheck_by);
        assert!(recheck_by > today);
    }
    let actions: Vec<String> =
        sqlx::query_scalar("select action from audit_log where entity = 'submission' order by id")
            .fetch_all(&pool)
            .await
            .expect("audit");
    assert_eq!(actions, ["submission edited", "submission approved"]);
    // Approving twice changes nothing.
    let again = curator
        .post(&format!("/curator/submissions/{id}/approve"), &edited)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_invalid_submission_is_shown_again_and_nothing_is_saved(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    let long = "x".repeat(1001);
    let page = member
        .submit(
            "/technologies/derm/submit",
            "/technologies/derm/submit",
            &[
                ("site", "Typed Site Name"),
                ("icb", "QZZ"),
                ("stage", ""),
                ("status", "stopped"),
                ("result", &long),
                ("pilot_baseline", "12%"),
                ("contact_consent", "yes"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("There is a problem"));
    for message in [
        "Select the stage the deployment is at",
        "Enter why the deployment stopped",
        "The headline result must be 1000 characters or fewer",
        "Enter what the pilot measured",
        "Enter your job title",
        "Select how you prefer to be contacted",
    ] {
        assert!(page.body.contains(message), "{message}");
    }
    assert!(page.body.contains("value=\"Typed Site Name\""));
    assert!(page.body.contains("value=\"12%\""));
    assert_eq!(count(&pool, "select count(*) from submission").await, 0);
    // An ICB code that looks right but does not exist is caught too.
    let mut fields = good_fields();
    fields[1] = ("icb", "QZZ");
    let page = member
        .submit(
            "/technologies/derm/submit",
            "/technologies/derm/submit",
            &fields,
        )
        .await;
    assert!(page.body.contains("Select an ICB from the list"));
    assert_eq!(count(&pool, "select count(*) from submission").await, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_rejected_submission_shows_the_member_the_reason(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    member
        .submit(
            "/technologies/derm/submit",
            "/technologies/derm/submit",
            &good_fields(),
        )
        .await;
    let id = count(&pool, "select id from submission").await;
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    let review = curator.get(&format!("/curator/submissions/{id}")).await;
    let token = csrf_token(&review.body);
    let empty = curator
        .post(
            &format!("/curator/submissions/{id}/reject"),
            &[("csrf_token", &token), ("reject_reason", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Enter the reason"));
    let done = curator
        .post(
            &format!("/curator/submissions/{id}/reject"),
            &[
                ("csrf_token", &token),
                ("reject_reason", "We could not find the evaluation report"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let account = member.get("/account").await;
    assert!(account.body.contains("Not published"));
    assert!(
        account
            .body
            .contains("We could not find the evaluation report")
    );
    assert!(
        !get(&app, "/technologies/derm")
            .await
            .body
            .contains("Example Community Trust")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn every_submission_action_checks_the_role_on_the_server(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    member
        .submit(
            "/technologies/derm/submit",
            "/technologies/derm/submit",
            &good_fields(),
        )
        .await;
    let id = count(&pool, "select id from submission").await;

    // Anonymous and pending visitors cannot submit, even with a valid token.
    let mut anon = crate::helpers::Browser::new(&app);
    let token = csrf_token(&anon.get("/sign-in").await.body);
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend(good_fields());
    assert_eq!(
        anon.post("/technologies/derm/submit", &fields).await.status,
        StatusCode::UNAUTHORIZED
    );
    let mut pending = signed_in(&pool, &app, "pending@example.org", "member", "pending").await;
    let token = csrf_token(&pending.get("/account").await.body);
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend(good_fields());
    assert_eq!(
        pending
            .post("/technologies/derm/submit", &fields)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        pending.get("/technologies/derm/submit").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(count(&pool, "select count(*) from submission").await, 1);

    // Members cannot review.
    let token = csrf_token(&member.get("/account").await.body);
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend(good_fields());
    let tried = member
        .post(&format!("/curator/submissions/{id}/approve"), &fields)
        .await;
    assert_eq!(tried.status, StatusCode::FORBIDDEN);
    let tried = member
        .post(
            &format!("/curator/submissions/{id}/reject"),
            &[("csrf_token", &token), ("reject_reason", "no")],
        )
        .await;
    assert_eq!(tried.status, StatusCode::FORBIDDEN);
    assert_eq!(
        count(
            &pool,
            "select count(*) from submission where state = 'pending'"
        )
        .await,
        1
    );
    for route in ["/curator/submissions", "/api/curator/submissions"] {
        assert_eq!(
            member.get(route).await.status,
            StatusCode::FORBIDDEN,
            "{route}"
        );
        assert_eq!(
            get(&app, route).await.status,
            StatusCode::UNAUTHORIZED,
            "{route}"
        );
    }
    assert_eq!(
        member
            .get(&format!("/api/curator/submission?id={id}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // A curator cannot give consent on the member's behalf.
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    sqlx::query("update submission set contact_consent = false, contact_job_title = null, contact_method = null")
        .execute(&pool)
        .await
        .expect("no consent");
    let token = csrf_token(
        &curator
            .get(&format!("/curator/submissions/{id}"))
            .await
            .body,
    );
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend(good_fields());
    let done = curator
        .post(&format!("/curator/submissions/{id}/approve"), &fields)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(count(&pool, "select count(*) from contact").await, 0);
}
