//! Accounts people can trust: throttling that cannot be turned against the
//! owner, the client address behind trusted proxies, suspension, no
//! self-review, `no-store` on personal answers, and the cookies as the
//! cookies page lists them.

use crate::helpers::{
    Browser, TEST_PASSWORD, csrf_token, leptos_options, location, router, seed_real_data, signed_in,
};
use app::domain::{SIGN_IN_BARRED, SIGN_IN_FAILED, SIGN_IN_LOCKED};
use http::{StatusCode, header};
use server::startup::{AppState, build_router};
use sqlx::PgPool;

async fn sign_in(b: &mut Browser, email: &str, password: &str) -> crate::helpers::Page {
    b.submit(
        "/sign-in",
        "/sign-in",
        &[("email", email), ("password", password)],
    )
    .await
}

async fn make_member(pool: &PgPool, email: &str, role: &str) {
    let hash = app::accounts::hash_password(TEST_PASSWORD).expect("hash");
    sqlx::query(
        "insert into account (email, display_name, organisation, password_hash, role, status)
         values ($1, 'Owner Person', 'NHS Example ICB', $2, $3, 'approved')",
    )
    .bind(email)
    .bind(hash)
    .bind(role)
    .execute(pool)
    .await
    .expect("account");
}

fn retry_after(page: &crate::helpers::Page) -> i64 {
    page.headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After")
}

#[sqlx::test(migrations = "../migrations")]
async fn an_attackers_failures_from_one_client_do_not_stop_the_owner_on_another(pool: PgPool) {
    make_member(&pool, "owner@example.org", "member").await;
    let app = router(pool.clone());
    let mut attacker = Browser::from_ip(&app, [203, 0, 113, 7]);
    let wrong = sign_in(
        &mut attacker,
        "owner@example.org",
        "not the password at all",
    )
    .await;
    let unknown = sign_in(
        &mut attacker,
        "nobody@example.org",
        "not the password at all",
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains(SIGN_IN_FAILED) && unknown.body.contains(SIGN_IN_FAILED));
    assert!(unknown.body.contains("value=\"nobody@example.org\""));
    assert!(!unknown.body.contains("not the password at all"));
    for _ in 0..4 {
        sign_in(&mut attacker, "owner@example.org", "still not it").await;
    }
    // The sixth attempt from that client is refused with the wait stated,
    // even with the right password, and no sleep on the server.
    let started = std::time::Instant::now();
    let refused = sign_in(&mut attacker, "owner@example.org", TEST_PASSWORD).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body.contains(SIGN_IN_LOCKED), "{}", refused.body);
    assert!(
        refused.body.contains("Try again in 15 minutes"),
        "{}",
        refused.body
    );
    assert!((850..=900).contains(&retry_after(&refused)));
    assert!(attacker.cookie("techcat_session").is_none());
    // Unknown addresses are refused the same way, so nothing is told.
    for _ in 0..4 {
        sign_in(&mut attacker, "nobody@example.org", "x").await;
    }
    let unknown_refused = sign_in(&mut attacker, "nobody@example.org", "x").await;
    assert_eq!(unknown_refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(unknown_refused.body.contains("Try again in 15 minutes"));

    // The owner, from their own client, signs in at once.
    let mut owner = Browser::from_ip(&app, [198, 51, 100, 20]);
    let signed = sign_in(&mut owner, "owner@example.org", TEST_PASSWORD).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);

    // After the window the attacker's client may try again.
    sqlx::query("update sign_in_throttle set window_start = window_start - interval '16 minutes'")
        .execute(&pool)
        .await
        .expect("age");
    let again = sign_in(&mut attacker, "owner@example.org", "wrong again").await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    // And the sweep deletes counters past their window.
    sqlx::query("update sign_in_throttle set window_start = window_start - interval '16 minutes'")
        .execute(&pool)
        .await
        .expect("age");
    let swept = app::db::housekeeping::sweep(&pool).await.expect("sweep");
    assert!(swept.throttle >= 1);
    let left: i64 = sqlx::query_scalar("select count(*) from sign_in_throttle")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(left, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn parallel_failed_sign_ins_cannot_exceed_the_limit(pool: PgPool) {
    make_member(&pool, "owner@example.org", "member").await;
    let app = router(pool.clone());
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let app = app.clone();
        tasks.spawn(async move {
            let mut b = Browser::from_ip(&app, [203, 0, 113, 9]);
            sign_in(&mut b, "owner@example.org", "a wrong password, in a burst").await
        });
    }
    let (mut checked, mut refused) = (0, 0);
    while let Some(page) = tasks.join_next().await {
        let page = page.expect("task");
        match page.status {
            StatusCode::UNPROCESSABLE_ENTITY => {
                assert!(page.body.contains(SIGN_IN_FAILED));
                checked += 1;
            }
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}: {}", page.body),
        }
    }
    assert_eq!(checked, app::db::throttle::MAX_PER_PAIR);
    assert_eq!(refused, 16 - app::db::throttle::MAX_PER_PAIR);
}

#[sqlx::test(migrations = "../migrations")]
async fn guessing_across_addresses_from_one_client_is_refused(pool: PgPool) {
    let app = router(pool.clone());
    let mut b = Browser::from_ip(&app, [203, 0, 113, 10]);
    for i in 0..app::db::throttle::MAX_PER_CLIENT {
        let page = sign_in(&mut b, &format!("guess{i}@example.org"), "password").await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
    }
    let page = sign_in(&mut b, "fresh@example.org", "password").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.body.contains("Try again in 15 minutes"));
}

#[sqlx::test(migrations = "../migrations")]
async fn guessing_from_many_clients_is_slowed_and_the_owner_only_waits_seconds(pool: PgPool) {
    make_member(&pool, "owner@example.org", "member").await;
    let app = router(pool.clone());
    let free = app::db::throttle::FREE_PER_ACCOUNT;
    for i in 0..free {
        let mut b = Browser::from_ip(&app, [203, 0, 114, i as u8]);
        let page = sign_in(&mut b, "owner@example.org", "wrong").await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
    }
    // Beyond the free number, one attempt per spacing: the next gets through,
    // the one after is told to wait seconds, not minutes.
    let mut b = Browser::from_ip(&app, [203, 0, 115, 1]);
    assert_eq!(
        sign_in(&mut b, "owner@example.org", "wrong").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut owner = Browser::from_ip(&app, [198, 51, 100, 20]);
    let wait = sign_in(&mut owner, "owner@example.org", TEST_PASSWORD).await;
    assert_eq!(wait.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(wait.body.contains("seconds"), "{}", wait.body);
    let seconds = retry_after(&wait);
    assert!(seconds <= i64::from(app::db::throttle::ACCOUNT_SPACING_SECONDS));
    // A refused attempt does not push the slot further away.
    let mut c = Browser::from_ip(&app, [203, 0, 115, 2]);
    sign_in(&mut c, "owner@example.org", "wrong").await;
    // Once the spacing has passed, the owner is in.
    sqlx::query(
        "update sign_in_throttle set next_at = now() - interval '1 second' where scope = 'account'",
    )
    .execute(&pool)
    .await
    .expect("pass the spacing");
    let signed = sign_in(&mut owner, "owner@example.org", TEST_PASSWORD).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_client_is_read_from_the_right_behind_trusted_proxies(pool: PgPool) {
    make_member(&pool, "owner@example.org", "member").await;
    let mut state = AppState::new(leptos_options(), pool.clone());
    state = state.configured(&server::config::Config {
        database_url: String::new(),
        max_connections: 4,
        max_in_flight: 64,
        public_origin: None,
        trust_proxy_hops: 1,
        sign_ups_per_hour: app::db::throttle::MAX_SIGN_UPS_PER_HOUR,
    });
    let app = build_router(state);
    // The client rotates what it writes in X-Forwarded-For; the proxy's own
    // entry (the rightmost) is what counts.
    for i in 0..6 {
        let mut b = Browser::new(&app);
        b.add_header("x-forwarded-for", &format!("10.9.9.{i}, 192.0.2.44"));
        let page = sign_in(&mut b, "owner@example.org", "wrong").await;
        let expected = if i < 5 {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(page.status, expected, "attempt {i}");
    }
    let clients: Vec<String> =
        sqlx::query_scalar("select distinct client from sign_in_throttle where client <> ''")
            .fetch_all(&pool)
            .await
            .expect("clients");
    assert_eq!(clients, vec!["192.0.2.44".to_owned()]);
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_ups_are_limited_per_client(pool: PgPool) {
    let app = router(pool.clone());
    let mut b = Browser::from_ip(&app, [203, 0, 113, 30]);
    for i in 0..=app::db::throttle::MAX_SIGN_UPS_PER_HOUR {
        b.set_cookie("techcat_session", None);
        let email = format!("new{i}@example.org");
        let page = b
            .submit(
                "/sign-up",
                "/sign-up",
                &[
                    ("display_name", "New Person"),
                    ("organisation", "NHS Example ICB"),
                    ("email", &email),
                    ("password", TEST_PASSWORD),
                    ("confirm", TEST_PASSWORD),
                ],
            )
            .await;
        if i < app::db::throttle::MAX_SIGN_UPS_PER_HOUR {
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        } else {
            assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
            assert!(
                page.body
                    .contains("Too many new accounts from this connection")
            );
            assert!(
                page.body.contains("value=\"New Person\""),
                "typed values kept"
            );
        }
    }
    let accounts: i64 = sqlx::query_scalar("select count(*) from account")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(
        accounts,
        i64::from(app::db::throttle::MAX_SIGN_UPS_PER_HOUR)
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_sign_up_limit_is_the_operators_setting(pool: PgPool) {
    let state = AppState::new(leptos_options(), pool.clone()).configured(&server::config::Config {
        database_url: String::new(),
        max_connections: 4,
        max_in_flight: 64,
        public_origin: None,
        trust_proxy_hops: 0,
        sign_ups_per_hour: 2,
    });
    let app = build_router(state);
    let mut b = Browser::from_ip(&app, [203, 0, 113, 31]);
    let mut statuses = Vec::new();
    for i in 0..3 {
        b.set_cookie("techcat_session", None);
        let email = format!("event{i}@example.org");
        let page = b
            .submit(
                "/sign-up",
                "/sign-up",
                &[
                    ("display_name", "Event Person"),
                    ("organisation", "NHS Example ICB"),
                    ("email", &email),
                    ("password", TEST_PASSWORD),
                    ("confirm", TEST_PASSWORD),
                ],
            )
            .await;
        statuses.push(page.status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::SEE_OTHER,
            StatusCode::SEE_OTHER,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_suspended_accounts_session_ends_and_it_cannot_sign_in(pool: PgPool) {
    let app = router(pool.clone());
    let mut admin = signed_in(&pool, &app, "admin@example.org", "admin", "approved").await;
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    assert!(
        member
            .get("/account")
            .await
            .body
            .contains("member@example.org")
    );
    let id: i64 = sqlx::query_scalar("select id from account where email = 'member@example.org'")
        .fetch_one(&pool)
        .await
        .expect("id");
    let list = admin.get("/admin/accounts").await;
    assert!(list.body.contains(">Suspended<"), "the admin can choose it");
    let token = csrf_token(&list.body);
    let done = admin
        .post(
            &format!("/admin/accounts/{id}"),
            &[
                ("csrf_token", &token),
                ("status", "suspended"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    // The session is gone at once.
    let page = member.get("/account").await;
    assert!(page.body.contains("You are not signed in"), "{}", page.body);
    // The right password is refused with a plain reason; a wrong one gets the
    // usual answer (nothing is told without the password).
    let mut again = Browser::new(&app);
    let barred = sign_in(&mut again, "member@example.org", TEST_PASSWORD).await;
    assert_eq!(barred.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(barred.body.contains(SIGN_IN_BARRED));
    assert!(again.cookie("techcat_session").is_none());
    let wrong = sign_in(&mut again, "member@example.org", "wrong one").await;
    assert!(wrong.body.contains(SIGN_IN_FAILED) && !wrong.body.contains(SIGN_IN_BARRED));
    // Rejected accounts likewise.
    sqlx::query("update account set status = 'rejected' where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .expect("reject");
    let rejected = sign_in(&mut again, "member@example.org", TEST_PASSWORD).await;
    assert!(rejected.body.contains(SIGN_IN_BARRED));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_curator_cannot_review_their_own_submission(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut curator = signed_in(&pool, &app, "curator@example.org", "curator", "approved").await;
    let sent = curator
        .submit(
            "/technologies/derm/submit",
            "/technologies/derm/submit",
            &[
                ("site", "Own Trust"),
                ("stage", "scaling"),
                ("status", "live"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let id: i64 = sqlx::query_scalar("select id from submission")
        .fetch_one(&pool)
        .await
        .expect("id");
    let review = curator.get(&format!("/curator/submissions/{id}")).await;
    let token = csrf_token(&review.body);
    for (action, fields) in [
        (
            "approve",
            vec![
                ("site", "Own Trust"),
                ("stage", "scaling"),
                ("status", "live"),
            ],
        ),
        ("reject", vec![("reject_reason", "Mine")]),
    ] {
        let mut form = vec![("csrf_token", token.as_str())];
        form.extend(fields);
        let page = curator
            .post(&format!("/curator/submissions/{id}/{action}"), &form)
            .await;
        assert_eq!(
            page.status,
            StatusCode::FORBIDDEN,
            "{action}: {}",
            page.body
        );
        assert!(page.body.contains("cannot review your own submission"));
    }
    let state: String = sqlx::query_scalar("select state from submission")
        .fetch_one(&pool)
        .await
        .expect("state");
    assert_eq!(state, "pending");
    // The table refuses it too.
    let by_db = sqlx::query(
        "update submission set state = 'rejected', reject_reason = 'x', reviewed_at = now(),
             reviewed_by = submitted_by",
    )
    .execute(&pool)
    .await;
    assert!(by_db.is_err());
    // Another curator may.
    let mut other = signed_in(&pool, &app, "other@example.org", "curator", "approved").await;
    let review = other.get(&format!("/curator/submissions/{id}")).await;
    let token = csrf_token(&review.body);
    let page = other
        .post(
            &format!("/curator/submissions/{id}/reject"),
            &[("csrf_token", &token), ("reject_reason", "Duplicate")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn personal_answers_are_never_stored(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    for uri in [
        "/account",
        "/technologies/derm",
        "/account/delete",
        "/api/contacts/mine",
    ] {
        let page = member.get(uri).await;
        let cc = page.headers[header::CACHE_CONTROL].to_str().expect("ascii");
        assert!(cc.contains("no-store"), "{uri}: {cc}");
    }
    // A refused form re-shows what was typed: nothing keeps it, signed in or not.
    let mut anonymous = Browser::new(&app);
    let refused = sign_in(&mut anonymous, "someone@example.org", "wrong").await;
    assert_eq!(refused.headers[header::CACHE_CONTROL], "no-store");
}

/// The names of the cookies a response sets.
fn set_cookie_names(page: &crate::helpers::Page) -> Vec<String> {
    page.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split('=').next().map(str::to_owned))
        .collect()
}

/// The names the cookies page lists.
fn listed_cookies(body: &str) -> Vec<String> {
    body.split("data-testid=\"cookie-name\">")
        .skip(1)
        .filter_map(|s| s.split('<').next().map(str::to_owned))
        .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn the_cookies_page_lists_exactly_the_cookies_the_server_sets(pool: PgPool) {
    for origin in [None, Some("https://catalogue.example.nhs.uk")] {
        let mut state = AppState::new(leptos_options(), pool.clone());
        state = state.configured(&server::config::Config {
            database_url: String::new(),
            max_connections: 4,
            max_in_flight: 64,
            public_origin: origin.map(|o| app::ssr::PublicOrigin::parse(o).expect("origin")),
            trust_proxy_hops: 0,
            sign_ups_per_hour: app::db::throttle::MAX_SIGN_UPS_PER_HOUR,
        });
        let app = build_router(state);
        let email = format!("cookies{}@example.org", origin.is_some() as u8);
        make_member(&pool, &email, "member").await;
        let mut b = Browser::new(&app);
        let mut set = std::collections::BTreeSet::new();
        let form = b.get("/sign-in").await;
        set.extend(set_cookie_names(&form));
        let token = csrf_token(&form.body);
        let signed = b
            .post(
                "/sign-in",
                &[
                    ("csrf_token", &token),
                    ("email", &email),
                    ("password", TEST_PASSWORD),
                ],
            )
            .await;
        assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
        assert_eq!(location(&signed), "/account");
        set.extend(set_cookie_names(&signed));
        let page = b.get("/cookies").await;
        let token = csrf_token(&b.get("/account").await.body);
        set.extend(set_cookie_names(
            &b.post("/sign-out", &[("csrf_token", &token)]).await,
        ));
        let listed: std::collections::BTreeSet<String> =
            listed_cookies(&page.body).into_iter().collect();
        assert_eq!(listed, set, "origin {origin:?}");
        assert_eq!(listed.len(), 2);
        let https = origin.is_some();
        assert_eq!(
            listed.iter().all(|n| n.starts_with("__Host-")),
            https,
            "{listed:?}"
        );
        if https {
            let cookie = signed.headers[header::SET_COOKIE].to_str().expect("ascii");
            assert!(cookie.contains("; Secure") && cookie.contains("Path=/"));
            assert!(!cookie.contains("Domain="));
        }
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_statements_are_linked_from_every_page_and_say_what_is_unset(pool: PgPool) {
    let app = router(pool.clone());
    let home = crate::helpers::get(&app, "/").await;
    for link in ["/accessibility", "/privacy", "/cookies"] {
        assert!(home.body.contains(&format!("href=\"{link}\"")), "{link}");
        let page = crate::helpers::get(&app, link).await;
        assert_eq!(page.status, StatusCode::OK, "{link}");
    }
    let privacy = crate::helpers::get(&app, "/privacy").await;
    // The operator's settings are not set in tests: the page says so.
    assert!(
        privacy
            .body
            .contains("To be completed by the operator of this service.")
    );
    // Retention as the code enforces it.
    assert!(privacy.body.contains(&format!(
        "after {} minutes without use, or after {} hours at most",
        app::db::accounts::IDLE_MINUTES,
        app::db::accounts::ABSOLUTE_HOURS
    )));
    assert!(privacy.body.contains(&format!(
        "{} minutes, then deleted",
        app::db::throttle::WINDOW_MINUTES
    )));
    let accessibility = crate::helpers::get(&app, "/accessibility").await;
    assert!(accessibility.body.contains("axe-core"));
    assert!(
        accessibility
            .body
            .contains("Reporting accessibility problems")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_ins_that_succeed_do_not_count_against_a_shared_office_address(pool: PgPool) {
    let app = router(pool.clone());
    let office = [192, 0, 2, 80];
    let people = app::db::throttle::MAX_PER_CLIENT + 2;
    for i in 0..people {
        make_member(&pool, &format!("colleague{i}@example.org"), "member").await;
    }
    // One mistake each, then the right password: more than the client limit
    // of attempts in all, but few failures.
    for i in 0..people {
        let email = format!("colleague{i}@example.org");
        let mut b = Browser::from_ip(&app, office);
        if i % 4 == 0 {
            sign_in(&mut b, &email, "a typo in it").await;
        }
        let page = sign_in(&mut b, &email, TEST_PASSWORD).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "colleague {i}: {}",
            page.body
        );
    }
    let failures: i32 = sqlx::query_scalar(
        "select attempts from sign_in_throttle where scope = 'client' and client = '192.0.2.80'",
    )
    .fetch_one(&pool)
    .await
    .expect("client row");
    assert_eq!(failures, (people + 3) / 4);
}
