//! Consented contacts: who sees what, on every route that could leak them.

use crate::helpers::{csrf_token, get, router, seed_real_data, signed_in};
use http::StatusCode;
use sqlx::PgPool;

/// Words that appear only in the test contacts.
const MARKERS: [&str; 4] = [
    "Zebedee",
    "Quillfeather",
    "zebedee.q@example.org",
    "07700 900123",
];

/// Two current contacts and one past its re-confirm date on DERM's deployments.
async fn add_contacts(pool: &PgPool) {
    sqlx::query(
        "insert into contact (deployment_id, name, job_title, organisation, email, phone,
             preferred_method, consent_recorded_on, reconfirm_by, source)
         select d.id, v.name, 'Digital lead', 'Test organisation', v.email, v.phone, 'email',
                current_date - 30, current_date + v.days, 'test fixture'
         from (select id from deployment where technology_id = (select id from technology where slug = 'derm')
               and kind = 'nhs_deployment' order by position limit 1) d,
              (values ('Zebedee Quillfeather', 'zebedee.q@example.org', '07700 900123', 300),
                      ('Second Person', 'second.person@example.org', null, 200),
                      ('Lapsed Person', 'lapsed.person@example.org', null, -1)) v(name, email, phone, days)",
    )
    .execute(pool)
    .await
    .expect("contacts");
}

fn assert_no_contact_details(route: &str, body: &str) {
    for m in MARKERS {
        assert!(!body.contains(m), "{route} leaked {m:?}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn visitors_who_are_not_members_see_a_count_and_nothing_more(pool: PgPool) {
    seed_real_data(&pool).await;
    add_contacts(&pool).await;
    let app = router(pool.clone());
    let page = get(&app, "/technologies/derm").await;
    assert!(
        page.body.contains("2 contacts at adopting ICSs"),
        "the lapsed one is not counted"
    );
    assert!(page.body.contains("sign in to view"));
    // Every route that carries technology data, as an anonymous visitor.
    for route in [
        "/technologies/derm",
        "/api/contacts?slug=derm",
        "/api/technology?slug=derm",
        "/api/technologies?q=derm",
        "/technologies/export.csv",
        "/technologies/export.json",
        "/compare?tech=derm&tech=sleepio",
        "/compare/export.csv?tech=derm&tech=sleepio",
        "/icbs/QRV",
    ] {
        let res = get(&app, route).await;
        assert_eq!(res.status, StatusCode::OK, "{route}");
        assert_no_contact_details(route, &res.body);
    }
    // The search index does not know them.
    let search = get(&app, "/api/technologies?q=Quillfeather").await;
    assert!(search.body.contains("\"total\":0"), "{}", search.body);

    // A pending account is told why, and sees no details either.
    let mut pending = signed_in(&pool, &app, "pending@example.org", "member", "pending").await;
    let page = pending.get("/technologies/derm").await;
    assert!(
        page.body
            .contains("once an administrator approves your account")
    );
    assert_no_contact_details("pending page", &page.body);
    assert_no_contact_details(
        "pending api",
        &pending.get("/api/contacts?slug=derm").await.body,
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn members_see_current_contacts_but_never_in_exports(pool: PgPool) {
    seed_real_data(&pool).await;
    add_contacts(&pool).await;
    let app = router(pool.clone());
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    let page = member.get("/technologies/derm").await;
    assert!(page.body.contains("Zebedee Quillfeather"));
    assert!(page.body.contains("mailto:zebedee.q@example.org"));
    assert!(page.body.contains("Second Person"));
    assert!(
        !page.body.contains("Lapsed Person"),
        "past its re-confirm date"
    );
    assert!(page.body.contains("/technologies/derm/submit"));
    let api = member.get("/api/contacts?slug=derm").await;
    assert!(api.body.contains("zebedee.q@example.org"));
    // Exports and public JSON stay free of contacts, even for members.
    for route in [
        "/technologies/export.csv",
        "/technologies/export.json",
        "/api/technologies?q=derm",
        "/api/technology?slug=derm",
        "/compare/export.csv?tech=derm&tech=sleepio",
    ] {
        assert_no_contact_details(route, &member.get(route).await.body);
    }
    // Members do not get the curator list.
    assert_eq!(
        member.get("/curator/contacts").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        member.get("/api/curator/contacts").await.status,
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn curators_re_confirm_lapsed_contacts_with_an_audit_entry(pool: PgPool) {
    seed_real_data(&pool).await;
    add_contacts(&pool).await;
    let app = router(pool.clone());
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    let list = curator.get("/curator/contacts").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Lapsed Person"));
    assert!(
        !list.body.contains("Zebedee"),
        "current contacts are not listed"
    );
    let id: i64 = sqlx::query_scalar("select id from contact where name = 'Lapsed Person'")
        .fetch_one(&pool)
        .await
        .expect("id");
    // A member cannot do it, even with a valid token.
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    let token = csrf_token(&member.get("/account").await.body);
    let refused = member
        .post(
            &format!("/curator/contacts/{id}/reconfirm"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "{}",
        refused.body.split("<main").nth(1).unwrap_or("")
    );
    let token = csrf_token(&list.body);
    let done = curator
        .post(
            &format!("/curator/contacts/{id}/reconfirm"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(
        member
            .get("/technologies/derm")
            .await
            .body
            .contains("Lapsed Person")
    );
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where entity = 'contact' and entity_id = $1 and action = 'contact consent re-confirmed'",
    )
    .bind(id.to_string())
    .fetch_one(&pool)
    .await
    .expect("audit");
    assert_eq!(audited, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn demo_contacts_are_synthetic_labelled_and_never_exported(pool: PgPool) {
    seed_real_data(&pool).await;
    let mut conn = pool.acquire().await.expect("conn");
    let added = app::db::contacts::create_demo(&mut conn, 3)
        .await
        .expect("demo");
    assert_eq!(added, 3);
    let (real_domain, not_demo): (i64, i64) = sqlx::query_as(
        "select count(*) filter (where email !~ '@example\\.org$'), count(*) filter (where not is_demo) from contact",
    )
    .fetch_one(&pool)
    .await
    .expect("check");
    assert_eq!((real_domain, not_demo), (0, 0));
    // Synthetic rows can never claim a real domain.
    let refused = sqlx::query(
        "insert into contact (deployment_id, name, job_title, organisation, email, preferred_method,
             consent_recorded_on, reconfirm_by, is_demo, source)
         select id, 'X', 'Y', 'Z', 'x@nhs.net', 'email', current_date, current_date + 1, true, 'demo'
         from deployment limit 1",
    )
    .execute(&pool)
    .await;
    assert!(refused.is_err());
    let slug: String = sqlx::query_scalar(
        "select t.slug from contact c join deployment d on d.id = c.deployment_id
         join technology t on t.id = d.technology_id limit 1",
    )
    .fetch_one(&pool)
    .await
    .expect("slug");
    let app = router(pool.clone());
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    let page = member.get(&format!("/technologies/{slug}")).await;
    assert!(page.body.contains("Demo data"));
    assert!(page.body.contains("Demo Person One"));
    for route in ["/technologies/export.csv", "/technologies/export.json"] {
        assert!(
            !member.get(route).await.body.contains("Demo Person"),
            "{route}"
        );
    }
}
