//! Members' corrections and suppliers' evidence through the real router: a
//! correction accepted (a credited revision) and one rejected (the member sees
//! the reason); nobody reviews their own; a supplier account proposes only for
//! its own supplier's technologies, never sees contacts, never submits
//! deployments and never publishes; every new route for every role.

use crate::helpers::{
    Browser, Page, assert_no_internal_text, csrf_token, get, hidden, location, router,
    seed_real_data, signed_in,
};
use http::StatusCode;
use sqlx::PgPool;

const SLUG: &str = "mycopd";

async fn a_benefit(pool: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select b.id from benefit b join technology t on t.id = b.technology_id
         where t.slug = $1 and b.withdrawn_on is null order by b.position limit 1",
    )
    .bind(SLUG)
    .fetch_one(pool)
    .await
    .expect("a benefit")
}

async fn suggest(b: &mut Browser, page: &str, fields: &[(&str, &str)]) -> Page {
    let form = b.get(page).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = csrf_token(&form.body);
    let mut all: Vec<(&str, String)> = vec![("csrf_token", token)];
    for name in ["block", "claim", "technology"] {
        all.push((name, hidden(&form.body, name)));
    }
    for (k, v) in fields {
        all.push((k, (*v).to_owned()));
    }
    let refs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post("/suggest", &refs).await
}

async fn suggestion_ids(pool: &PgPool) -> Vec<i64> {
    sqlx::query_scalar("select id from suggestion order by id")
        .fetch_all(pool)
        .await
        .expect("ids")
}

/// Posts the editor at `page` (with its token, version and suggestion).
async fn apply(b: &mut Browser, page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let form = b.get(page).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = csrf_token(&form.body);
    let version = hidden(&form.body, "version");
    let suggestion = hidden(&form.body, "suggestion");
    let mut all = vec![
        ("csrf_token", token.as_str()),
        ("version", version.as_str()),
        ("suggestion", suggestion.as_str()),
    ];
    all.extend_from_slice(fields);
    b.post(action, &all).await
}

#[sqlx::test(migrations = "../migrations")]
async fn a_correction_is_accepted_with_credit_and_another_rejected_with_a_reason(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    let benefit = a_benefit(&pool).await;

    // The technology page offers it on each claim and each empty block, to members only.
    let page = member.get(&format!("/technologies/{SLUG}")).await;
    let link = format!("/suggest?block=benefit&amp;claim={benefit}");
    assert!(page.body.contains(&link), "a claim's link");
    assert!(page.body.contains("/suggest?block=") && page.body.contains("technology=mycopd"));
    let anonymous = get(&app, &format!("/technologies/{SLUG}")).await;
    assert!(!anonymous.body.contains("Suggest a correction"));

    // Refused: errors beside the fields, what was typed kept.
    let form = format!("/suggest?block=benefit&claim={benefit}");
    let refused = suggest(
        &mut member,
        &form,
        &[("proposed", "Kept text"), ("source", "ftp://x")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in [
        "Say what is wrong or missing",
        "Enter one web address starting with https://",
        "Kept text",
    ] {
        assert!(refused.body.contains(text), "missing {text}");
    }
    assert!(suggestion_ids(&pool).await.is_empty());

    let sent = suggest(
        &mut member,
        &form,
        &[
            ("what_is_wrong", "The trial reported a larger effect"),
            ("proposed", "Reduced pain scores by a third at 12 weeks"),
            ("source", "https://www.nice.org.uk/guidance/mtg32"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(location(&sent), "/account#suggestions");
    let empty = format!("/suggest?block=funding&technology={SLUG}");
    let second = suggest(
        &mut member,
        &empty,
        &[
            ("what_is_wrong", "Nothing on funding"),
            ("proposed", "Funded by the ICB's digital budget"),
            ("source", "https://example.nhs.uk/funding"),
        ],
    )
    .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    let ids = suggestion_ids(&pool).await;
    assert_eq!(ids.len(), 2);

    // The queue lists both, naming the member.
    let queue = curator.get("/curator/suggestions").await;
    assert!(queue.body.contains("Reduced pain scores by a third"));
    assert!(queue.body.contains("Test member"));

    // Accept the first through the editor: the change carries the credit.
    let editor = format!("/curator/claims/benefit/{benefit}?suggestion={}", ids[0]);
    let action = format!("/curator/claims/benefit/{benefit}");
    let page = curator.get(&editor).await;
    assert!(page.body.contains("The trial reported a larger effect"));
    // Saved unchanged: refused beside the suggestion, nothing accepted.
    let unchanged = apply(&mut curator, &editor, &action, &[]).await;
    assert!(
        unchanged.status == StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        unchanged.status
    );
    let domain: String = sqlx::query_scalar("select domain from benefit where id = $1")
        .bind(benefit)
        .fetch_one(&pool)
        .await
        .expect("domain");
    let applied = apply(
        &mut curator,
        &editor,
        &action,
        &[
            ("domain", &domain),
            ("statement", "Reduced pain scores by a third at 12 weeks"),
            ("source", "https://www.nice.org.uk/guidance/mtg32"),
            ("verified", "yes"),
            (
                "reason",
                "A member's correction, checked against the guidance",
            ),
        ],
    )
    .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let (state, revision, credit): (String, Option<i64>, Option<String>) = sqlx::query_as(
        "select s.state, s.revision_id, v.credit from suggestion s
         left join revision v on v.id = s.revision_id where s.id = $1",
    )
    .bind(ids[0])
    .fetch_one(&pool)
    .await
    .expect("accepted");
    assert_eq!(state, "accepted");
    assert!(revision.is_some());
    assert_eq!(credit.as_deref(), Some("member"));
    let history = get(&app, &format!("/technologies/{SLUG}/history")).await;
    assert!(
        history
            .body
            .contains("Benefit updated (suggested by a member)")
    );
    assert!(
        !history.body.contains("Test member"),
        "the public history names nobody"
    );
    // Applying it again is refused.
    let again = curator.get(&editor).await;
    let token = csrf_token(&again.body);
    let version = hidden(&again.body, "version");
    let id = ids[0].to_string();
    let twice = curator
        .post(
            &action,
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("suggestion", &id),
                ("domain", &domain),
                ("statement", "Something else"),
                ("source", "https://www.nice.org.uk/guidance/mtg32"),
                ("reason", "again"),
            ],
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("already been reviewed"));

    // Reject the second: a reason is required, and the member sees it.
    let review = format!("/curator/suggestions/{}", ids[1]);
    let reject = review.clone();
    let no_reason = curator
        .submit(&review, &reject, &[("reject_reason", "")])
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reason = "The page cited does not mention this technology";
    let rejected = curator
        .submit(&review, &reject, &[("reject_reason", reason)])
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.body);
    let account = member.get("/account").await;
    assert!(account.body.contains(reason), "the member sees the reason");
    assert!(account.body.contains("Accepted"));
    let queue = curator.get("/curator/suggestions").await;
    assert!(queue.body.contains("There is nothing to review."));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_curator_never_reviews_their_own_suggestion(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    let benefit = a_benefit(&pool).await;
    let form = format!("/suggest?block=benefit&claim={benefit}");
    let sent = suggest(
        &mut curator,
        &form,
        &[
            ("what_is_wrong", "Out of date"),
            ("proposed", "New text"),
            ("source", "https://example.nhs.uk/a"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let id = suggestion_ids(&pool).await[0];
    let review = curator.get(&format!("/curator/suggestions/{id}")).await;
    assert!(review.body.contains("another curator must review it"));
    let editor = curator
        .get(&format!(
            "/curator/claims/benefit/{benefit}?suggestion={id}"
        ))
        .await;
    assert_eq!(editor.status, StatusCode::FORBIDDEN);
    // Posting anyway is refused: rejecting, and applying.
    let token = csrf_token(&curator.get("/curator/suggestions").await.body);
    let reject = curator
        .post(
            &format!("/curator/suggestions/{id}"),
            &[("csrf_token", &token), ("reject_reason", "mine")],
        )
        .await;
    assert_eq!(reject.status, StatusCode::FORBIDDEN);
    let page = curator
        .get(&format!("/curator/claims/benefit/{benefit}"))
        .await;
    let version = hidden(&page.body, "version");
    let sid = id.to_string();
    let apply = curator
        .post(
            &format!("/curator/claims/benefit/{benefit}"),
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("suggestion", &sid),
                ("domain", "clinical_outcomes"),
                ("statement", "New text"),
                ("source", "https://example.nhs.uk/a"),
                ("reason", "mine"),
            ],
        )
        .await;
    assert_eq!(apply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(apply.body.contains("another curator must review it"));
    let state: String = sqlx::query_scalar("select state from suggestion where id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .expect("state");
    assert_eq!(state, "pending");
    // And the database itself refuses it.
    let db = sqlx::query(
        "update suggestion set state = 'accepted', reviewed_at = now(), reviewed_by = suggested_by",
    )
    .execute(&pool)
    .await;
    assert!(db.is_err());
}

/// A supplier account for the supplier of `slug`, and another supplier's
/// technology's slug.
async fn supplier_account(pool: &PgPool, app: &axum::Router) -> (Browser, String) {
    let (supplier, other): (i64, String) = sqlx::query_as(
        "select t.supplier_id, (select o.slug from technology o
                                where o.supplier_id is distinct from t.supplier_id
                                  and o.supplier_id is not null order by o.slug limit 1)
         from technology t where t.slug = $1",
    )
    .bind(SLUG)
    .fetch_one(pool)
    .await
    .expect("a supplier");
    let b = signed_in(pool, app, "supplier@example.org", "member", "approved").await;
    sqlx::query("update account set role = 'supplier', supplier_id = $1 where email = 'supplier@example.org'")
        .bind(supplier)
        .execute(pool)
        .await
        .expect("link");
    (b, other)
}

fn price_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("statement", "£120 per patient for a 12-week programme"),
        ("kind", "licence"),
        ("amount_low_pence", "120"),
        ("unit", "per patient"),
        ("unit_basis", "per_unit"),
        ("source", "https://supplier.example/prices-2026"),
        ("proposed", "Our list price for NHS organisations in 2026"),
    ]
}

#[sqlx::test(migrations = "../migrations")]
async fn a_supplier_proposes_for_its_own_technologies_only_and_a_curator_accepts(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let (mut supplier, other) = supplier_account(&pool, &app).await;
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;

    let home = supplier.get("/supplier").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(
        home.body
            .contains(&format!("/supplier/technologies/{SLUG}/propose/cost"))
    );
    assert!(
        !home
            .body
            .contains(&format!("/supplier/technologies/{other}/"))
    );

    // Another supplier's technology: not found, on the page and the form.
    let theirs = format!("/supplier/technologies/{other}/propose/cost");
    assert_eq!(supplier.get(&theirs).await.status, StatusCode::NOT_FOUND);
    let token = csrf_token(&home.body);
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend(price_fields());
    let refused = supplier.post(&theirs, &fields).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // Nor its own deployments (not a block a supplier may propose).
    let deploy = format!("/supplier/technologies/{SLUG}/propose/deployment");
    assert_eq!(supplier.get(&deploy).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        supplier.post(&deploy, &fields).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(suggestion_ids(&pool).await.is_empty());

    // A bad amount comes back beside the field.
    let form = format!("/supplier/technologies/{SLUG}/propose/cost");
    let bad: Vec<(&str, &str)> = price_fields()
        .into_iter()
        .map(|(k, v)| {
            if k == "amount_low_pence" {
                (k, "a lot")
            } else {
                (k, v)
            }
        })
        .collect();
    let bad = supplier.submit(&form, &form, &bad).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("a lot"));

    let sent = supplier.submit(&form, &form, &price_fields()).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let id = suggestion_ids(&pool).await[0];
    let home = supplier.get("/supplier").await;
    assert!(home.body.contains("1 proposed, 1 waiting for review."));

    // Not a member: no contacts, no deployment submissions, no publishing.
    let contacts = supplier.fetch(&format!("/api/contacts?slug={SLUG}")).await;
    assert!(!contacts.body.contains("@"), "{}", contacts.body);
    let submit = supplier.get(&format!("/technologies/{SLUG}/submit")).await;
    assert_eq!(submit.status, StatusCode::FORBIDDEN);
    for path in [
        "/curator/new-technology",
        &format!("/curator/technologies/{SLUG}/withdraw"),
    ] {
        let page = supplier.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        let post = supplier
            .post(
                path,
                &[("csrf_token", &token), ("version", "1"), ("reason", "x")],
            )
            .await;
        assert_eq!(post.status, StatusCode::FORBIDDEN, "{path}");
    }
    let technology = supplier.get(&format!("/technologies/{SLUG}")).await;
    assert!(!technology.body.contains("Suggest a correction"));

    // The curator's add form is filled with the supplier's fields.
    let add = format!("/curator/technologies/{SLUG}/add/cost");
    let page = curator.get(&format!("{add}?suggestion={id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("£120 per patient for a 12-week programme")
    );
    assert!(page.body.contains("https://supplier.example/prices-2026"));
    let mut accept: Vec<(&str, &str)> = price_fields()
        .into_iter()
        .filter(|(k, _)| *k != "proposed")
        .collect();
    accept.push(("verified", "yes"));
    accept.push((
        "reason",
        "Checked against the supplier's published price list",
    ));
    let done = apply(
        &mut curator,
        &format!("{add}?suggestion={id}"),
        &add,
        &accept,
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let (kinds, state): (Vec<String>, String) = sqlx::query_as(
        "select c.source_kinds, s.state from suggestion s
         join revision v on v.id = s.revision_id
         join cost_item c on c.id = v.record_id where s.id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .expect("accepted");
    assert_eq!(
        (kinds, state.as_str()),
        (vec!["supplier".to_owned()], "accepted")
    );
    let public = get(&app, &format!("/technologies/{SLUG}")).await;
    let label = public
        .body
        .find("checked by the catalogue team on")
        .map(|at| &public.body[at.saturating_sub(40)..at]);
    assert!(label.is_some_and(|l| l.contains("Supplier")), "{label:?}");
    let home = supplier.get("/supplier").await;
    assert!(home.body.contains("Accepted"));
    assert_no_internal_text(&home.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn every_new_route_checks_the_role(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let (mut supplier, _) = supplier_account(&pool, &app).await;
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    let mut admin = signed_in(&pool, &app, "admin@example.org", "admin", "approved").await;
    let mut anonymous = Browser::new(&app);
    let benefit = a_benefit(&pool).await;
    let suggest = format!("/suggest?block=benefit&claim={benefit}");
    let propose = format!("/supplier/technologies/{SLUG}/propose/cost");
    let ok = StatusCode::OK;
    let (no, out) = (StatusCode::FORBIDDEN, StatusCode::UNAUTHORIZED);
    // (page, anonymous, member, supplier, curator, admin)
    let pages: [(&str, [StatusCode; 5]); 7] = [
        (&suggest, [out, ok, no, ok, ok]),
        ("/curator/suggestions", [out, no, no, ok, ok]),
        ("/curator/new-technology", [out, no, no, ok, ok]),
        ("/supplier", [out, no, ok, no, no]),
        (&propose, [out, no, ok, no, no]),
        ("/admin/accounts", [out, no, no, no, ok]),
        (
            "/curator/technologies/mycopd/publish",
            [out, no, no, ok, ok],
        ),
    ];
    for (path, want) in pages {
        for (i, b) in [
            &mut anonymous,
            &mut member,
            &mut supplier,
            &mut curator,
            &mut admin,
        ]
        .into_iter()
        .enumerate()
        {
            let page = b.get(path).await;
            assert_eq!(page.status, want[i], "role {i} GET {path}");
            assert_no_internal_text(&page.body);
        }
    }
    // The forms refuse the same way (with a valid token, so only the role decides).
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    // (form, anonymous, member, curator): allowed roles get the form back (nothing filled in)
    let posts: [(&str, [StatusCode; 3]); 3] = [
        ("/suggest", [out, refused, refused]),
        ("/curator/suggestions/1", [out, no, refused]),
        (&propose, [out, no, no]),
    ];
    for (path, want) in posts {
        for (i, b) in [&mut anonymous, &mut member, &mut curator]
            .into_iter()
            .enumerate()
        {
            let token = csrf_token(&b.get("/sign-in").await.body);
            let post = b
                .post(path, &[("csrf_token", &token), ("block", "benefit")])
                .await;
            assert_eq!(post.status, want[i], "role {i} POST {path}");
        }
    }
    let token = csrf_token(&supplier.get("/supplier").await.body);
    for path in ["/suggest", "/curator/suggestions/1"] {
        let post = supplier.post(path, &[("csrf_token", &token)]).await;
        assert_eq!(post.status, StatusCode::FORBIDDEN, "supplier POST {path}");
    }
    assert!(suggestion_ids(&pool).await.is_empty());
}
