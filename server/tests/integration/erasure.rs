//! Erasure and withdrawal: a member deletes their account and no personal
//! data is left in any table; consent to be contacted is withdrawn by the
//! member or by a curator on request; the migration that scrubs old audit
//! snapshots.

use crate::helpers::{
    Browser, TEST_PASSWORD, csrf_token, location, router, seed_real_data, signed_in,
};
use http::{StatusCode, header};
use sqlx::PgPool;

const NAME: &str = "Zelda Quixote";
const ORGANISATION: &str = "Erasure Test Trust";
const EMAIL: &str = "zelda.quixote@example.org";
const PHONE: &str = "07700 900123";
const JOB: &str = "Head of Erasure Testing";
const NEW_EMAIL: &str = "zelda.elsewhere@example.org";

/// A member with distinctive details, signed in.
async fn member(pool: &PgPool, app: &axum::Router) -> Browser {
    let hash = app::accounts::hash_password(TEST_PASSWORD).expect("hash");
    sqlx::query(
        "insert into account (email, display_name, organisation, password_hash, role, status)
         values ($1, $2, $3, $4, 'member', 'approved')",
    )
    .bind(EMAIL)
    .bind(NAME)
    .bind(ORGANISATION)
    .bind(hash)
    .execute(pool)
    .await
    .expect("account");
    let mut b = Browser::new(app);
    let page = b
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", EMAIL), ("password", TEST_PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    b
}

/// A deployment the member submits, offering themselves as a contact.
const DEPLOYMENT: [(&str, &str); 7] = [
    ("site", "Quixote Community Services"),
    ("stage", "scaling"),
    ("status", "live"),
    ("contact_consent", "yes"),
    ("contact_job_title", JOB),
    ("contact_phone", PHONE),
    ("contact_method", "phone"),
];

/// The member submits a deployment of `slug` offering themselves as a
/// contact; a curator approves it. Returns the contact's id.
async fn published_contact(
    pool: &PgPool,
    member: &mut Browser,
    curator: &mut Browser,
    slug: &str,
) -> i64 {
    let sent = member
        .submit(
            &format!("/technologies/{slug}/submit"),
            &format!("/technologies/{slug}/submit"),
            &DEPLOYMENT,
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let id: i64 = sqlx::query_scalar("select max(id) from submission")
        .fetch_one(pool)
        .await
        .expect("id");
    let review = curator.get(&format!("/curator/submissions/{id}")).await;
    let token = csrf_token(&review.body);
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend(DEPLOYMENT);
    let approved = curator
        .post(&format!("/curator/submissions/{id}/approve"), &form)
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    sqlx::query_scalar("select max(id) from contact where account_id is not null")
        .fetch_one(pool)
        .await
        .expect("contact")
}

/// Every (table, column) holding `needle` in any text, varchar or json column
/// of any table or materialized view.
async fn found_anywhere(pool: &PgPool, needle: &str) -> Vec<String> {
    let columns: Vec<(String, String)> = sqlx::query_as(
        "select c.relname::text, a.attname::text
         from pg_attribute a
         join pg_class c on c.oid = a.attrelid
         join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'm') and a.attnum > 0
           and not a.attisdropped
           and format_type(a.atttypid, a.atttypmod) in ('text', 'character varying', 'jsonb', 'json', 'text[]')",
    )
    .fetch_all(pool)
    .await
    .expect("columns");
    assert!(columns.len() > 50, "the query sees the whole schema");
    let mut hits = Vec::new();
    for (table, column) in columns {
        let n: i64 = sqlx::query_scalar(&format!(
            "select count(*) from \"{table}\" where strpos(lower(\"{column}\"::text), lower($1)) > 0"
        ))
        .bind(needle)
        .fetch_one(pool)
        .await
        .expect("search");
        if n > 0 {
            hits.push(format!("{table}.{column}"));
        }
    }
    hits
}

#[sqlx::test(migrations = "../migrations")]
async fn deleting_an_account_leaves_no_personal_data_in_any_table(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut zelda = member(&pool, &app).await;
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    published_contact(&pool, &mut zelda, &mut curator, "derm").await;
    // A pending submission with contact details, a suggestion, and attempts
    // to sign in with the address from elsewhere.
    let pending = zelda
        .submit(
            "/technologies/mycopd/submit",
            "/technologies/mycopd/submit",
            &[
                ("site", "Quixote Clinic"),
                ("stage", "pilot"),
                ("status", "live"),
                ("contact_consent", "yes"),
                ("contact_job_title", JOB),
                ("contact_phone", PHONE),
                ("contact_method", "email"),
            ],
        )
        .await;
    assert_eq!(pending.status, StatusCode::SEE_OTHER, "{}", pending.body);
    sqlx::query(
        "insert into suggestion (kind, technology_id, block, what_is_wrong, proposed, source, suggested_by)
         select 'correction', t.id, 'benefit', 'Out of date', 'Newer figure', 'https://example.org/x', a.id
         from technology t, account a where t.slug = 'derm' and a.email = $1",
    )
    .bind(EMAIL)
    .execute(&pool)
    .await
    .expect("suggestion");
    let mut other = Browser::from_ip(&app, [203, 0, 113, 50]);
    other
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", EMAIL), ("password", "not it")],
        )
        .await;
    // A reset link asked for: a token and a queued message to the address.
    other
        .submit("/reset-password", "/reset-password", &[("email", EMAIL)])
        .await;
    // A change of address asked for, and two-factor sign-in on.
    let asked = zelda
        .submit(
            "/account/email",
            "/account/email",
            &[("new_email", NEW_EMAIL), ("password", TEST_PASSWORD)],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    sqlx::query(
        "insert into account_totp (account_id, secret, confirmed_at)
         select id, $2, now() from account where email = $1",
    )
    .bind(EMAIL)
    .bind(&crate::helpers::TEST_TOTP_SECRET[..])
    .execute(&pool)
    .await
    .expect("totp");
    // Messages: the publication notice, the reset link, the address change link.
    let queued: i64 = sqlx::query_scalar(
        "select (select count(*) from outbox) + (select count(*) from password_reset)
              + (select count(*) from email_change) + (select count(*) from account_totp)",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(queued, 3 + 1 + 1 + 2);
    for value in [NAME, EMAIL, PHONE, JOB, ORGANISATION, NEW_EMAIL] {
        assert!(
            !found_anywhere(&pool, value).await.is_empty(),
            "{value} is stored at first"
        );
    }

    // The account page offers it; a wrong password is refused beside the field.
    let account = zelda.get("/account").await;
    assert!(account.body.contains("href=\"/account/delete\""));
    let wrong = zelda
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", "not my password")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("The password is not right"));
    assert!(wrong.body.contains("field-password"));
    let deleted = zelda
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", TEST_PASSWORD)],
        )
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert_eq!(location(&deleted), "/account/deleted");
    assert!(
        deleted.headers[header::SET_COOKIE]
            .to_str()
            .expect("ascii")
            .contains("Max-Age=0")
    );
    assert!(
        zelda
            .get("/account")
            .await
            .body
            .contains("You are not signed in")
    );

    for value in [NAME, EMAIL, PHONE, JOB, ORGANISATION, NEW_EMAIL] {
        assert_eq!(
            found_anywhere(&pool, value).await,
            Vec::<String>::new(),
            "{value}"
        );
    }
    // What stays: both submissions and the published deployment, without her.
    let (submissions, unowned): (i64, i64) = sqlx::query_as(
        "select count(*), count(*) filter (where submitted_by is null) from submission",
    )
    .fetch_one(&pool)
    .await
    .expect("submissions");
    assert_eq!((submissions, unowned), (2, 2));
    assert!(
        crate::helpers::get(&app, "/technologies/derm")
            .await
            .body
            .contains("Quixote Community Services")
    );
    let queue = curator.get("/curator/submissions").await;
    assert!(queue.body.contains("A former member"), "{}", queue.body);
    let erased: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'account erased'")
            .fetch_one(&pool)
            .await
            .expect("audit");
    assert_eq!(erased, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_only_admin_cannot_delete_their_account(pool: PgPool) {
    let app = router(pool.clone());
    let mut admin = signed_in(&pool, &app, "admin@example.org", "admin", "approved").await;
    let refused = admin
        .submit(
            "/account/delete",
            "/account/delete",
            &[("password", TEST_PASSWORD)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("You are the only admin"));
    let left: i64 = sqlx::query_scalar("select count(*) from account")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(left, 1);
    // Anonymous: 401, nothing done.
    let mut nobody = Browser::new(&app);
    let token = csrf_token(&nobody.get("/sign-in").await.body);
    let page = nobody
        .post(
            "/account/delete",
            &[("csrf_token", &token), ("password", TEST_PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
}

#[sqlx::test(migrations = "../migrations")]
async fn consent_is_withdrawn_by_the_member_or_by_a_curator_on_request(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut zelda = member(&pool, &app).await;
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    let first = published_contact(&pool, &mut zelda, &mut curator, "derm").await;
    let second = published_contact(&pool, &mut zelda, &mut curator, "mycopd").await;
    let account = zelda.get("/account").await;
    assert!(
        account
            .body
            .contains(&format!("href=\"/contacts/{first}/withdraw\""))
    );

    // Another member can neither see nor withdraw it.
    let mut other = signed_in(&pool, &app, "other@example.org", "member", "approved").await;
    assert_eq!(
        other
            .get(&format!("/contacts/{first}/withdraw"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let token = csrf_token(&other.get("/account").await.body);
    let refused = other
        .post(
            &format!("/contacts/{first}/withdraw"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        crate::helpers::get(&app, &format!("/contacts/{first}/withdraw"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // The member withdraws their own.
    let page = zelda.get(&format!("/contacts/{first}/withdraw")).await;
    assert!(page.body.contains("Withdraw my consent"), "{}", page.body);
    let done = zelda
        .submit(
            &format!("/contacts/{first}/withdraw"),
            &format!("/contacts/{first}/withdraw"),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(location(&done), "/account#contacts");

    // A curator withdraws the other at the person's request, from its card.
    let card = curator.get("/technologies/mycopd").await;
    assert!(
        card.body
            .contains(&format!("href=\"/contacts/{second}/withdraw\""))
    );
    let done = curator
        .submit(
            &format!("/contacts/{second}/withdraw"),
            &format!("/contacts/{second}/withdraw"),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(location(&done), "/technologies/mycopd#contacts");

    let left: i64 = sqlx::query_scalar("select count(*) from contact where id in ($1, $2)")
        .bind(first)
        .bind(second)
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(left, 0);
    assert!(
        found_anywhere(&pool, PHONE)
            .await
            .iter()
            .all(|h| h.starts_with("submission."))
    );
    let audited: Vec<(String, Option<String>)> = sqlx::query_as(
        "select action, after::text from audit_log where entity = 'contact' order by id",
    )
    .fetch_all(&pool)
    .await
    .expect("audit");
    assert_eq!(audited.len(), 2);
    assert!(
        audited
            .iter()
            .all(|(_, after)| after.as_deref() == Some(r#"{"ids": {}, "fields": []}"#))
    );
}

#[sqlx::test(migrations = false)]
async fn the_scrubbing_migration_removes_contact_details_from_old_audit_snapshots(pool: PgPool) {
    let all = sqlx::migrate::Migrator::new(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../migrations"
    )))
    .await
    .expect("migrations");
    let before_scrub = sqlx::migrate::Migrator {
        migrations: std::borrow::Cow::Owned(
            all.migrations
                .iter()
                .filter(|m| m.version < 15)
                .cloned()
                .collect(),
        ),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    before_scrub.run(&pool).await.expect("up to 0014");
    sqlx::query(
        r#"insert into audit_log (action, entity, entity_id, before, after) values
           ('submission edited', 'submission', '7',
            '{"site": "A", "contact_phone": "07700 900456", "contact_job_title": "Lead"}',
            '{"site": "B", "contact_phone": "07700 900789", "contact_job_title": "Lead"}'),
           ('submission approved', 'submission', '7',
            '{"state": "pending"}', '{"state": "approved", "deployment_id": 205}'),
           ('claim edit', 'benefit', '3', null,
            '{"reason": "x", "version": 2, "changes": [{"field": "statement", "before": "a", "after": "b"}]}')"#,
    )
    .execute(&pool)
    .await
    .expect("old entries");
    all.run(&pool).await.expect("0015 and on");

    let rows: Vec<(Option<String>, String)> =
        sqlx::query_as("select before::text, after::text from audit_log order by id")
            .fetch_all(&pool)
            .await
            .expect("rows");
    assert_eq!(
        rows,
        vec![
            (
                None,
                r#"{"ids": {}, "fields": ["contact_job_title", "contact_phone", "site"]}"#
                    .to_owned()
            ),
            (
                None,
                r#"{"ids": {"deployment_id": 205}, "fields": ["deployment_id", "state"]}"#
                    .to_owned()
            ),
            (
                None,
                r#"{"ids": {}, "fields": ["reason", "statement", "version"]}"#.to_owned()
            ),
        ]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_contact_removes_their_details_with_the_emailed_link(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut zelda = member(&pool, &app).await;
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    let id = published_contact(&pool, &mut zelda, &mut curator, "derm").await;
    // Publishing sent the person their removal link; only its hash is kept.
    let body: String = sqlx::query_scalar(
        "select body from outbox where to_address = $1 and subject = 'Your contact details are published'",
    )
    .bind(EMAIL)
    .fetch_one(&pool)
    .await
    .expect("the confirmation email");
    assert!(body.contains(NAME));
    let start = body.find("/contacts/remove?token=").expect("the link");
    let path = body[start..]
        .split_whitespace()
        .next()
        .expect("path")
        .to_owned();
    let token = path.rsplit('=').next().expect("token").to_owned();
    let stored: Vec<u8> =
        sqlx::query_scalar("select withdraw_token_hash from contact where id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("hash");
    assert_eq!(stored.len(), 32);
    assert_ne!(stored, token.as_bytes());

    // Anyone with the link, signed in or not: the page names the entry, and
    // the button deletes it.
    let mut person = Browser::new(&app);
    let page = person.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(NAME), "{}", page.body);
    let csrf = csrf_token(&page.body);
    let removed = person
        .post(
            "/contacts/remove",
            &[("csrf_token", &csrf), ("token", &token)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert_eq!(location(&removed), "/contacts/removed");
    let left: i64 = sqlx::query_scalar("select count(*) from contact where id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(left, 0);
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action like 'contact consent withdrawn by the person%'
         and entity_id = $1 and actor_id is null",
    )
    .bind(id.to_string())
    .fetch_one(&pool)
    .await
    .expect("audit");
    assert_eq!(audited, 1);
    // Used once: the page and the form say so.
    assert!(
        person
            .get(&path)
            .await
            .body
            .contains("data-testid=\"contact-link-dead\"")
    );
    let again = person
        .post(
            "/contacts/remove",
            &[("csrf_token", &csrf), ("token", &token)],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("does not match any published contact"));
    let forged = person
        .post(
            "/contacts/remove",
            &[("csrf_token", &csrf), ("token", "not-a-token")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Demo contacts are never mailed and have no link.
    let mut conn = pool.acquire().await.expect("conn");
    let added = app::db::contacts::create_demo(&mut conn, 5)
        .await
        .expect("demo");
    assert!(added > 0);
    let mailed: i64 = sqlx::query_scalar(
        "select count(*) from outbox o join contact c on c.email = o.to_address where c.is_demo",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(mailed, 0);
    let linked: i64 = sqlx::query_scalar(
        "select count(*) from contact where is_demo and withdraw_token_hash is not null",
    )
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(linked, 0);
}
