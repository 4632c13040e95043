//! Changing the email address an account signs in with: the password is
//! asked, a link goes to the new address, pressing its button makes the change
//! once and tells the old address; a taken address changes nothing.

use crate::helpers::{Browser, TEST_PASSWORD, csrf_token, location, router, signed_in};
use http::StatusCode;
use sqlx::PgPool;

/// The link in the newest message to `to`.
async fn link_sent_to(pool: &PgPool, to: &str) -> String {
    let body: String = sqlx::query_scalar(
        "select body from outbox where to_address = $1 order by id desc limit 1",
    )
    .bind(to)
    .fetch_one(pool)
    .await
    .expect("a message");
    let start = body.find("http").expect("a link");
    body[start..]
        .split_whitespace()
        .next()
        .expect("link")
        .to_owned()
}

/// The path and query of a link.
fn path_of(link: &str) -> &str {
    let after_scheme = link.split_once("://").map_or(link, |(_, rest)| rest);
    &after_scheme[after_scheme.find('/').expect("a path")..]
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_address_is_confirmed_by_its_link_and_the_old_one_told(pool: PgPool) {
    let app = router(pool.clone());
    let old = "old.address@example.org";
    let new = "new.address@example.org";
    let mut b = signed_in(&pool, &app, old, "member", "approved").await;

    // Wrong password and a malformed address: refused beside each field, the
    // typed address kept, nothing sent.
    let refused = b
        .submit(
            "/account/email",
            "/account/email",
            &[
                ("new_email", "not-an-address"),
                ("password", "wrong password here"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"field-new_email-error\""));
    assert!(refused.body.contains("value=\"not-an-address\""));
    let wrong = b
        .submit(
            "/account/email",
            "/account/email",
            &[("new_email", new), ("password", "wrong password here")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("The password is not right"));
    let sent: i64 = sqlx::query_scalar("select count(*) from outbox")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(sent, 0);

    // The request: a link to the new address; nothing changes yet.
    let asked = b
        .submit(
            "/account/email",
            "/account/email",
            &[
                ("new_email", " New.Address@Example.org "),
                ("password", TEST_PASSWORD),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    assert_eq!(location(&asked), "/account?changed=email-sent");
    let link = link_sent_to(&pool, new).await;
    assert!(link.contains("/account/email/confirm?token="), "{link}");
    let stored: Vec<u8> = sqlx::query_scalar("select token_hash from email_change")
        .fetch_one(&pool)
        .await
        .expect("row");
    let token = link.rsplit('=').next().expect("token");
    assert_ne!(stored, token.as_bytes(), "only the hash is kept");
    let email: String = sqlx::query_scalar("select email from account")
        .fetch_one(&pool)
        .await
        .expect("email");
    assert_eq!(email, old);

    // Opening the link changes nothing by itself; the button does, once.
    let mut elsewhere = Browser::new(&app);
    let page = elsewhere.get(path_of(&link)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(new), "the page names the new address");
    let email: String = sqlx::query_scalar("select email from account")
        .fetch_one(&pool)
        .await
        .expect("email");
    assert_eq!(email, old, "a GET changes nothing");
    let csrf = csrf_token(&page.body);
    let confirmed = elsewhere
        .post(
            "/account/email/confirm",
            &[("csrf_token", &csrf), ("token", token)],
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    assert_eq!(location(&confirmed), "/sign-in?email=changed");
    let email: String = sqlx::query_scalar("select email from account")
        .fetch_one(&pool)
        .await
        .expect("email");
    assert_eq!(email, new);
    let notice: String = sqlx::query_scalar(
        "select body from outbox where to_address = $1 and subject = 'Your email address was changed'",
    )
    .bind(old)
    .fetch_one(&pool)
    .await
    .expect("the old address is told");
    assert!(notice.contains(new));
    let again = elsewhere
        .post(
            "/account/email/confirm",
            &[("csrf_token", &csrf), ("token", token)],
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the link works once"
    );
    assert!(again.body.contains("expired or has already been used"));
    // The signed-in session now shows the new address; sign-in uses it.
    assert!(b.get("/account").await.body.contains(new));
    let mut fresh = Browser::new(&app);
    let by_new = fresh
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", new), ("password", TEST_PASSWORD)],
        )
        .await;
    assert_eq!(by_new.status, StatusCode::SEE_OTHER);
    let audit: Vec<String> = sqlx::query_scalar("select action from audit_log order by id")
        .fetch_all(&pool)
        .await
        .expect("audit");
    assert!(audit.contains(&"email changed".to_owned()));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_taken_or_expired_address_changes_nothing(pool: PgPool) {
    let app = router(pool.clone());
    let mut b = signed_in(&pool, &app, "first@example.org", "member", "approved").await;
    let _ = signed_in(&pool, &app, "second@example.org", "member", "approved").await;
    // The same answer whether or not the address has an account: the link goes.
    let asked = b
        .submit(
            "/account/email",
            "/account/email",
            &[
                ("new_email", "second@example.org"),
                ("password", TEST_PASSWORD),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    let link = link_sent_to(&pool, "second@example.org").await;
    let token = link.rsplit('=').next().expect("token").to_owned();
    let taken = b
        .submit(
            path_of(&link),
            "/account/email/confirm",
            &[("token", &token)],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        taken
            .body
            .contains("Another account already uses this address")
    );
    let emails: Vec<String> = sqlx::query_scalar("select email from account order by id")
        .fetch_all(&pool)
        .await
        .expect("emails");
    assert_eq!(emails, ["first@example.org", "second@example.org"]);

    // An expired link is refused, and swept.
    b.submit(
        "/account/email",
        "/account/email",
        &[
            ("new_email", "third@example.org"),
            ("password", TEST_PASSWORD),
        ],
    )
    .await;
    let link = link_sent_to(&pool, "third@example.org").await;
    let token = link.rsplit('=').next().expect("token").to_owned();
    sqlx::query("update email_change set expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .expect("expire");
    let page = b.get(path_of(&link)).await;
    assert!(page.body.contains("data-testid=\"email-link-dead\""));
    let late = b
        .submit(
            path_of(&link),
            "/account/email/confirm",
            &[("token", &token)],
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    app::db::housekeeping::sweep(&pool).await.expect("sweep");
    let left: i64 = sqlx::query_scalar("select count(*) from email_change")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(left, 0);
    // The same address as now is refused beside the field.
    let same = b
        .submit(
            "/account/email",
            "/account/email",
            &[
                ("new_email", "first@example.org"),
                ("password", TEST_PASSWORD),
            ],
        )
        .await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(same.body.contains("already your email address"));
}
