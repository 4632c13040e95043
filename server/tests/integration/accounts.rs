//! Accounts through the real router: sign up, approval, sign in and out,
//! sessions in Postgres, CSRF, and who may do what (the limits: `trust.rs`).

use crate::helpers::{Browser, assert_no_internal_text, csrf_token, location, router};
use http::StatusCode;
use sqlx::PgPool;

const PASSWORD: &str = "violet tractor pebble lagoon";

async fn make_admin(pool: &PgPool) -> i64 {
    let new = app::domain::NewAccount {
        display_name: "Ada Admin".into(),
        organisation: "Catalogue team".into(),
        email: "admin@example.org".into(),
        password: PASSWORD.into(),
    };
    let hash = app::accounts::hash_password(PASSWORD).expect("hash");
    let mut conn = pool.acquire().await.expect("conn");
    let id = app::db::accounts::create_admin(&mut conn, &new, &hash)
        .await
        .expect("query")
        .expect("created");
    // Admins sign in with two factors.
    crate::helpers::enrol_two_factor(pool, id).await;
    id
}

async fn sign_up(b: &mut Browser, name: &str, email: &str) -> crate::helpers::Page {
    b.submit(
        "/sign-up",
        "/sign-up",
        &[
            ("display_name", name),
            ("organisation", "NHS Example ICB"),
            ("email", email),
            ("password", PASSWORD),
            ("confirm", PASSWORD),
        ],
    )
    .await
}

async fn sign_in(b: &mut Browser, email: &str, password: &str) -> crate::helpers::Page {
    crate::helpers::sign_in_answering(b, email, password).await
}

async fn account_id(pool: &PgPool, email: &str) -> i64 {
    sqlx::query_scalar("select id from account where email = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .expect("account")
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_up_waits_for_an_admin_who_approves_it_with_an_audit_entry(pool: PgPool) {
    make_admin(&pool).await;
    let app = router(pool.clone());
    let mut member = Browser::new(&app);
    let done = sign_up(&mut member, "Sam Member", "Sam@Example.nhs.uk").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(location(&done), "/account");
    let cookie = done
        .headers
        .get("set-cookie")
        .expect("session cookie")
        .to_str()
        .expect("ascii");
    assert!(
        cookie.starts_with("techcat_session=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
    );
    let page = member.get("/account").await;
    assert!(page.body.contains("Waiting for approval"), "{}", page.body);
    assert!(page.body.contains("sam@example.nhs.uk"));
    // Pending: no admin pages, no member-only data.
    assert_eq!(
        member.get("/admin/accounts").await.status,
        StatusCode::FORBIDDEN
    );

    let mut admin = Browser::new(&app);
    let signed = sign_in(&mut admin, "admin@example.org", PASSWORD).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    let list = admin.get("/admin/accounts").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("1 account is waiting for approval."));
    let id = account_id(&pool, "sam@example.nhs.uk").await;
    let token = csrf_token(&list.body);
    let approved = admin
        .post(
            &format!("/admin/accounts/{id}"),
            &[
                ("csrf_token", &token),
                ("status", "approved"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    assert!(member.get("/account").await.body.contains(">Approved<"));

    let log = admin.get("/admin/audit").await;
    assert!(log.body.contains("account approved"), "{}", log.body);
    assert!(log.body.contains("Ada Admin &lt;admin@example.org&gt;"));
    // The log keeps the field names and ids, never values.
    let (before, after): (Option<String>, String) = sqlx::query_as(
        "select before::text, after::text from audit_log where entity = 'account' and entity_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&pool)
    .await
    .expect("audit entry");
    assert_eq!(before, None);
    assert_eq!(after, r#"{"ids": {}, "fields": ["status"]}"#);
    assert!(log.body.contains(">status<"), "{}", log.body);
    // Members do not read the audit log.
    assert_eq!(
        member.get("/admin/audit").await.status,
        StatusCode::FORBIDDEN
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn forms_without_the_right_token_are_refused_and_save_nothing(pool: PgPool) {
    make_admin(&pool).await;
    let app = router(pool.clone());
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    let missing = b
        .post(
            "/sign-in",
            &[("email", "admin@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.body.contains("This form has expired"));
    let forged = b
        .post(
            "/sign-up",
            &[
                ("csrf_token", &"0".repeat(64)),
                ("display_name", "Eve"),
                ("organisation", "Elsewhere"),
                ("email", "eve@example.org"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let count: i64 = sqlx::query_scalar("select count(*) from account")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(count, 1, "nothing saved");
    // Another visitor's token does not work either.
    let mut other = Browser::new(&app);
    let theirs = csrf_token(&other.get("/sign-in").await.body);
    let stolen = b
        .post(
            "/sign-in",
            &[
                ("csrf_token", &theirs),
                ("email", "admin@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(stolen.status, StatusCode::FORBIDDEN);
    // Signed in, the session's own token is required (the anonymous one is gone).
    sign_in(&mut b, "admin@example.org", PASSWORD).await;
    let out = b.post("/sign-out", &[("csrf_token", &theirs)]).await;
    assert_eq!(out.status, StatusCode::FORBIDDEN);
    assert!(b.get("/account").await.body.contains("Ada Admin"));
}

#[sqlx::test(migrations = "../migrations")]
async fn sessions_live_in_postgres_get_a_new_id_on_sign_in_and_expire(pool: PgPool) {
    make_admin(&pool).await;
    // Sessions, not the second factor: this admin signs in with the password
    // alone, four times in a few seconds (codes work once).
    sqlx::query("delete from account_totp")
        .execute(&pool)
        .await
        .expect("no second factor");
    let app = router(pool.clone());
    let mut b = Browser::new(&app);
    sign_in(&mut b, "admin@example.org", PASSWORD).await;
    let first = b.cookie("techcat_session").expect("session").to_owned();
    sign_in(&mut b, "admin@example.org", PASSWORD).await;
    let second = b.cookie("techcat_session").expect("session").to_owned();
    assert_ne!(first, second, "a new id on every sign-in");
    let sessions: i64 = sqlx::query_scalar("select count(*) from session")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(sessions, 1, "the old session was closed");
    // Only the hash is stored.
    let stored: Vec<u8> = sqlx::query_scalar("select id_hash from session")
        .fetch_one(&pool)
        .await
        .expect("hash");
    assert_ne!(stored, second.as_bytes());

    // A second server process (another router on the same database) knows the session.
    let mut elsewhere = Browser::new(&router(pool.clone()));
    elsewhere.set_cookie("techcat_session", Some(&second));
    assert!(elsewhere.get("/account").await.body.contains("Ada Admin"));

    // Idle for over an hour: the session has ended, the cookie is cleared.
    sqlx::query("update session set last_seen_at = now() - interval '61 minutes'")
        .execute(&pool)
        .await
        .expect("idle");
    let page = b.get("/account").await;
    assert!(page.body.contains("You are not signed in."));
    assert!(b.cookie("techcat_session").is_none());

    // Absolute expiry, however busy.
    sign_in(&mut b, "admin@example.org", PASSWORD).await;
    sqlx::query("update session set expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .expect("expire");
    assert!(
        b.get("/account")
            .await
            .body
            .contains("You are not signed in.")
    );

    // A forged session id opens nothing.
    b.set_cookie("techcat_session", Some(&"f".repeat(64)));
    assert!(
        b.get("/account")
            .await
            .body
            .contains("You are not signed in.")
    );

    // Signing out deletes the session row.
    sign_in(&mut b, "admin@example.org", PASSWORD).await;
    let token = csrf_token(&b.get("/account").await.body);
    let out = b.post("/sign-out", &[("csrf_token", &token)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let left: i64 = sqlx::query_scalar("select count(*) from session")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(left, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_refused_sign_up_shows_what_was_typed_with_errors_beside_the_fields(pool: PgPool) {
    make_admin(&pool).await;
    let app = router(pool.clone());
    let mut b = Browser::new(&app);
    let long_name = "N".repeat(101);
    let page = b
        .submit(
            "/sign-up",
            "/sign-up",
            &[
                ("display_name", &long_name),
                ("organisation", "NHS Example ICB"),
                ("email", "not-an-email"),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("<title>Error: Create an account"));
    assert!(page.body.contains("There is a problem"));
    assert!(page.body.contains("href=\"#field-display_name\""));
    assert!(page.body.contains("Name must be 100 characters or fewer"));
    assert!(
        page.body
            .contains("Enter an email address in the correct format")
    );
    assert!(page.body.contains("Password must be 12 characters or more"));
    assert!(page.body.contains(&format!("value=\"{long_name}\"")));
    assert!(page.body.contains("value=\"NHS Example ICB\""));
    assert!(page.body.contains("nhsuk-form-group--error"));

    let weak = sign_up_with(&mut b, "password12345").await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("harder to guess"));

    let taken = sign_up(&mut b, "Pat", "ADMIN@example.org").await;
    assert!(taken.body.contains("already exists"));
    let count: i64 = sqlx::query_scalar("select count(*) from account")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(count, 1, "nothing saved");
    assert_no_internal_text(&taken.body);
}

async fn sign_up_with(b: &mut Browser, password: &str) -> crate::helpers::Page {
    b.submit(
        "/sign-up",
        "/sign-up",
        &[
            ("display_name", "Pat"),
            ("organisation", "NHS Example ICB"),
            ("email", "pat@example.org"),
            ("password", password),
            ("confirm", password),
        ],
    )
    .await
}

#[sqlx::test(migrations = "../migrations")]
async fn plain_api_calls_get_400_with_the_message(pool: PgPool) {
    use tower::ServiceExt;
    let app = router(pool.clone());
    // A non-browser client: fetch a token and its cookie, then post without Accept: text/html.
    let mut b = Browser::new(&app);
    let token = csrf_token(&b.get("/sign-up").await.body);
    let cookie = format!(
        "techcat_csrf={}",
        b.cookie("techcat_csrf").expect("csrf cookie")
    );
    let body = serde_urlencoded::to_string([
        ("csrf_token", token.as_str()),
        ("display_name", ""),
        ("organisation", "x"),
        ("email", "a@b.cd"),
        ("password", PASSWORD),
        ("confirm", PASSWORD),
    ])
    .expect("encode");
    let res = app
        .oneshot(
            http::Request::post("/sign-up")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", cookie)
                .body(axum::body::Body::from(body))
                .expect("request"),
        )
        .await
        .expect("infallible");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let text = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(
        String::from_utf8_lossy(&text),
        "display_name: Enter your name\n"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn roles_are_checked_on_the_server_for_every_action(pool: PgPool) {
    make_admin(&pool).await;
    let app = router(pool.clone());
    let mut member = Browser::new(&app);
    sign_up(&mut member, "Sam", "sam@example.org").await;
    let sam = account_id(&pool, "sam@example.org").await;
    sqlx::query("update account set status = 'approved' where id = $1")
        .bind(sam)
        .execute(&pool)
        .await
        .expect("approve");
    // A member posting the admin form with a valid token: refused, nothing changed.
    let token = csrf_token(&member.get("/account").await.body);
    let tried = member
        .post(
            &format!("/admin/accounts/{sam}"),
            &[
                ("csrf_token", &token),
                ("status", "approved"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(tried.status, StatusCode::FORBIDDEN);
    let role: String = sqlx::query_scalar("select role from account where id = $1")
        .bind(sam)
        .fetch_one(&pool)
        .await
        .expect("role");
    assert_eq!(role, "member");
    // Anonymous, with a valid anonymous token: 401.
    let mut anon = Browser::new(&app);
    let token = csrf_token(&anon.get("/sign-in").await.body);
    let tried = anon
        .post(
            &format!("/admin/accounts/{sam}"),
            &[
                ("csrf_token", &token),
                ("status", "approved"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(tried.status, StatusCode::UNAUTHORIZED);
    // The admin data behind the pages: server functions check too.
    assert_eq!(
        anon.get("/api/admin/accounts").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        member.get("/api/admin/accounts").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        member.get("/api/admin/audit").await.status,
        StatusCode::FORBIDDEN
    );
    // An admin cannot change their own account (no locking oneself out).
    let mut admin = Browser::new(&app);
    sign_in(&mut admin, "admin@example.org", PASSWORD).await;
    let me = account_id(&pool, "admin@example.org").await;
    let token = csrf_token(&admin.get("/admin/accounts").await.body);
    let own = admin
        .post(
            &format!("/admin/accounts/{me}"),
            &[
                ("csrf_token", &token),
                ("status", "rejected"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST);
    // Rejecting an account ends its sessions at once.
    let token = csrf_token(&admin.get("/admin/accounts").await.body);
    admin
        .post(
            &format!("/admin/accounts/{sam}"),
            &[
                ("csrf_token", &token),
                ("status", "rejected"),
                ("role", "member"),
            ],
        )
        .await;
    assert!(
        member
            .get("/account")
            .await
            .body
            .contains("You are not signed in.")
    );
}
