//! Two-factor sign-in: enrolment (QR code, a wrong code, recovery codes shown
//! once), the code step of sign-in (a wrong code, a code used twice, recovery
//! codes, too many tries, an expired step), and staff powers waiting for it.

use crate::helpers::{
    Browser, TEST_PASSWORD, TEST_TOTP_SECRET, answer_code, csrf_token, hidden, location, router,
    signed_in,
};
use app::accounts::totp;
use http::StatusCode;
use sqlx::PgPool;

/// Signs in with the password only: the page that comes back.
async fn password_step(b: &mut Browser, email: &str) -> crate::helpers::Page {
    b.submit(
        "/sign-in",
        "/sign-in",
        &[("email", email), ("password", TEST_PASSWORD)],
    )
    .await
}

/// The account's secret as stored.
async fn secret_of(pool: &PgPool, email: &str) -> Vec<u8> {
    sqlx::query_scalar(
        "select t.secret from account_totp t join account a on a.id = t.account_id where a.email = $1",
    )
    .bind(email)
    .fetch_one(pool)
    .await
    .expect("secret")
}

/// The recovery codes a page shows.
fn recovery_codes(body: &str) -> Vec<String> {
    body.split("<code>")
        .skip(1)
        .filter_map(|s| s.split("</code>").next())
        .filter(|c| c.len() == 14 && c.matches('-').count() == 2)
        .map(str::to_owned)
        .collect()
}

/// Outbox subjects sent to `email`, oldest first.
async fn subjects(pool: &PgPool, email: &str) -> Vec<String> {
    sqlx::query_scalar("select subject from outbox where to_address = $1 order by id")
        .bind(email)
        .fetch_all(pool)
        .await
        .expect("outbox")
}

/// Six digits that are no code of the steps around now.
fn wrong_code(secret: &[u8]) -> String {
    let now = totp::step_now();
    let valid: Vec<String> = (now - 2..=now + 2)
        .map(|s| totp::code_at(secret, s))
        .collect();
    ["000000", "111111", "222222", "333333", "444444", "555555"]
        .into_iter()
        .find(|c| !valid.iter().any(|v| v == c))
        .expect("six candidates, at most five valid")
        .to_owned()
}

/// A code the account has not used: the current step's, or (when that was
/// used) the next one's, which a clock a step ahead shows; when that was used
/// too, waits for the next step as a person would.
async fn next_code(pool: &PgPool, email: &str) -> String {
    let (secret, last): (Vec<u8>, i64) = sqlx::query_as(
        "select t.secret, t.last_step from account_totp t join account a on a.id = t.account_id
         where a.email = $1",
    )
    .bind(email)
    .fetch_one(pool)
    .await
    .expect("totp");
    let step = totp::step_now().max(u64::try_from(last).expect("step") + 1);
    while totp::step_now() + 1 < step {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    totp::code_at(&secret, step)
}

#[sqlx::test(migrations = "../migrations")]
async fn a_member_enrols_and_then_signs_in_with_a_code(pool: PgPool) {
    let app = router(pool.clone());
    let email = "enrol@example.org";
    let mut b = signed_in(&pool, &app, email, "member", "approved").await;
    let page = b.get("/account/two-factor").await;
    assert!(
        page.body.contains("Two-factor sign-in is off"),
        "{}",
        page.body
    );
    let started = b
        .submit(
            "/account/two-factor",
            "/account/two-factor",
            &[("action", "start")],
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let setup = b.get("/account/two-factor").await;
    // The QR code is drawn on the server, and the key is there to type.
    assert!(setup.body.contains("<svg"), "a QR code");
    let secret = secret_of(&pool, email).await;
    assert!(
        setup.body.contains(&totp::grouped(&secret)),
        "the key is shown"
    );

    // A wrong code: refused beside the field, and still off.
    let wrong_code = wrong_code(&secret);
    let wrong = b
        .submit(
            "/account/two-factor",
            "/account/two-factor",
            &[("action", "confirm"), ("code", &wrong_code)],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("The code is not right"));
    assert!(
        wrong.body.contains("id=\"field-code-error\""),
        "the error is beside the field"
    );
    let on: bool = sqlx::query_scalar("select confirmed_at is not null from account_totp")
        .fetch_one(&pool)
        .await
        .expect("row");
    assert!(!on);

    // The right code: on, and ten recovery codes shown once, stored hashed.
    let done = b
        .submit(
            "/account/two-factor",
            "/account/two-factor",
            &[("action", "confirm"), ("code", &totp::code_now(&secret))],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let codes = recovery_codes(&done.body);
    assert_eq!(codes.len(), totp::RECOVERY_CODES, "{}", done.body);
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("select code_hash from recovery_code")
        .fetch_all(&pool)
        .await
        .expect("codes");
    assert_eq!(stored.len(), totp::RECOVERY_CODES);
    assert!(stored.contains(&totp::recovery_hash(&codes[0])));
    assert!(!stored.iter().any(|h| h == codes[0].as_bytes()));
    let again = b.get("/account/two-factor").await;
    assert!(!again.body.contains(&codes[0]), "shown only once");
    assert!(again.body.contains("10 unused recovery codes"));
    assert_eq!(subjects(&pool, email).await, ["Two-factor sign-in is on"]);

    // Signing in now asks for the code; the password alone opens no session.
    let mut other = Browser::new(&app);
    let step = password_step(&mut other, email).await;
    assert_eq!(step.status, StatusCode::OK);
    assert!(step.body.contains("Enter your security code"));
    assert!(other.cookie("techcat_session").is_none(), "no session yet");
    let wrong = answer_code(&mut other, &step.body, &wrong_code).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("4 more tries"), "{}", wrong.body);
    assert!(other.cookie("techcat_session").is_none());
    let code = next_code(&pool, email).await;
    let right = answer_code(&mut other, &wrong.body, &code).await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.body);
    assert_eq!(location(&right), "/account");
    assert!(other.cookie("techcat_session").is_some());
    let account = other.get("/account").await;
    assert!(account.body.contains("Two-factor sign-in (on)"));

    // The same code cannot be used again.
    let mut third = Browser::new(&app);
    let step = password_step(&mut third, email).await;
    let replay = answer_code(&mut third, &step.body, &code).await;
    assert_eq!(
        replay.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a code works once"
    );

    // A recovery code works once, and a notice says how many are left.
    let by_recovery = answer_code(&mut third, &replay.body, &codes[3].to_uppercase()).await;
    assert_eq!(by_recovery.status, StatusCode::SEE_OTHER);
    assert!(
        subjects(&pool, email)
            .await
            .contains(&"A recovery code was used to sign in".to_owned())
    );
    let mut fourth = Browser::new(&app);
    let step = password_step(&mut fourth, email).await;
    let reused = answer_code(&mut fourth, &step.body, &codes[3]).await;
    assert_eq!(
        reused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a recovery code works once"
    );

    // A member may turn it off, with a current code.
    let off = b
        .submit(
            "/account/two-factor",
            "/account/two-factor",
            &[
                ("action", "off"),
                ("off_code", &next_code(&pool, email).await),
            ],
        )
        .await;
    assert_eq!(off.status, StatusCode::SEE_OTHER, "{}", off.body);
    let left: i64 = sqlx::query_scalar("select count(*) from account_totp")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(left, 0);
    let mut fifth = Browser::new(&app);
    assert_eq!(
        password_step(&mut fifth, email).await.status,
        StatusCode::SEE_OTHER
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn five_wrong_codes_or_five_minutes_end_the_code_step(pool: PgPool) {
    let app = router(pool.clone());
    let email = "curator@example.org";
    // signed_in enrols the curator and answers its code.
    let _ = signed_in(&pool, &app, email, "curator", "approved").await;
    let bad = wrong_code(TEST_TOTP_SECRET);
    let mut b = Browser::new(&app);
    let mut page = password_step(&mut b, email).await;
    let challenge = hidden(&page.body, "challenge");
    for left in (1..=4).rev() {
        page = answer_code(&mut b, &page.body, &bad).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.body.contains(&format!("{left} more tr")),
            "{left}: {}",
            page.body
        );
    }
    page = answer_code(&mut b, &page.body, &bad).await;
    assert!(page.body.contains("Sign in again"), "{}", page.body);
    assert!(
        !page.body.contains("name=\"challenge\""),
        "back at the password"
    );
    // The challenge is gone: even the right code no longer opens it.
    let token = csrf_token(&page.body);
    let late = b
        .post(
            "/sign-in",
            &[
                ("csrf_token", &token),
                ("challenge", &challenge),
                ("code", &totp::code_now(TEST_TOTP_SECRET)),
            ],
        )
        .await;
    assert!(late.body.contains("Sign in again"));
    assert!(b.cookie("techcat_session").is_none());

    // The codes counted against the sign-in limits of this client: the
    // password again is refused for a while, with the wait stated.
    let limited = password_step(&mut b, email).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.body.contains("Try again in"), "{}", limited.body);

    // A code step left past its five minutes has expired.
    let mut b = Browser::from_ip(&app, [198, 51, 100, 7]);
    let step = password_step(&mut b, email).await;
    sqlx::query("update sign_in_challenge set expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .expect("expire");
    let expired = answer_code(&mut b, &step.body, &totp::code_now(TEST_TOTP_SECRET)).await;
    assert!(expired.body.contains("timed out"), "{}", expired.body);
    assert!(b.cookie("techcat_session").is_none());
    // The sweep deletes it.
    app::db::housekeeping::sweep(&pool).await.expect("sweep");
    let challenges: i64 = sqlx::query_scalar("select count(*) from sign_in_challenge")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(challenges, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn staff_powers_wait_for_two_factor_sign_in(pool: PgPool) {
    let app = router(pool.clone());
    // A curator without an authenticator signs in with the password, lands on
    // the set-up page, and the curator pages and forms refuse until it is on.
    let email = "new.curator@example.org";
    let hash = app::accounts::hash_password(TEST_PASSWORD).expect("hash");
    sqlx::query(
        "insert into account (email, display_name, organisation, password_hash, role, status)
         values ($1, 'New Curator', 'NHS Example ICB', $2, 'curator', 'approved')",
    )
    .bind(email)
    .bind(hash)
    .execute(&pool)
    .await
    .expect("curator");
    let mut b = Browser::new(&app);
    let signed = password_step(&mut b, email).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert_eq!(location(&signed), "/account/two-factor");
    let page = b.get("/account/two-factor").await;
    assert!(
        page.body
            .contains("Curators and admins must sign in with a code")
    );
    let queue = b.get("/curator/submissions").await;
    assert_eq!(queue.status, StatusCode::FORBIDDEN);
    assert!(
        queue.body.contains("Set up two-factor sign-in"),
        "{}",
        queue.body
    );
    let account = b.get("/account").await;
    assert!(account.body.contains("data-testid=\"two-factor-needed\""));

    // Staff cannot turn it off once on.
    b.submit(
        "/account/two-factor",
        "/account/two-factor",
        &[("action", "start")],
    )
    .await;
    let secret = secret_of(&pool, email).await;
    let on = b
        .submit(
            "/account/two-factor",
            "/account/two-factor",
            &[("action", "confirm"), ("code", &totp::code_now(&secret))],
        )
        .await;
    assert_eq!(on.status, StatusCode::OK);
    let queue = b.get("/curator/submissions").await;
    assert_eq!(queue.status, StatusCode::OK, "open once it is on");
    let off = b
        .submit(
            "/account/two-factor",
            "/account/two-factor",
            &[
                ("action", "off"),
                ("off_code", &next_code(&pool, email).await),
            ],
        )
        .await;
    assert_eq!(off.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(off.body.contains("must keep two-factor sign-in on"));
    let still: i64 =
        sqlx::query_scalar("select count(*) from account_totp where confirmed_at is not null")
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(still, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn one_code_sent_twice_at_once_opens_one_session(pool: PgPool) {
    let app = router(pool.clone());
    let email = "admin@example.org";
    let _ = signed_in(&pool, &app, email, "admin", "approved").await;
    let code = next_code(&pool, email).await;
    let mut first = Browser::new(&app);
    let mut second = Browser::new(&app);
    // Two code steps of the same account are open at once? No: a new one ends
    // the older. So race one challenge's code against itself.
    let step = password_step(&mut first, email).await;
    second.set_cookie("techcat_csrf", first.cookie("techcat_csrf"));
    let (a, b) = tokio::join!(
        answer_code(&mut first, &step.body, &code),
        answer_code(&mut second, &step.body, &code)
    );
    let opened = [a.status, b.status]
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(opened, 1, "{} / {}", a.status, b.status);
}

#[sqlx::test(migrations = "../migrations")]
async fn the_operator_resets_a_lost_authenticator(pool: PgPool) {
    let app = router(pool.clone());
    let email = "lost.phone@example.org";
    let mut b = signed_in(&pool, &app, email, "curator", "approved").await;
    assert_eq!(b.get("/curator/submissions").await.status, StatusCode::OK);
    let done = app::accounts::reset_two_factor(&pool, " Lost.Phone@example.org")
        .await
        .expect("reset");
    assert!(done.contains(email), "{done}");
    // Signed out everywhere; the next sign-in goes to the set-up page.
    assert!(
        b.get("/account")
            .await
            .body
            .contains("You are not signed in")
    );
    let mut again = Browser::new(&app);
    let page = password_step(&mut again, email).await;
    assert_eq!(location(&page), "/account/two-factor");
    assert_eq!(
        subjects(&pool, email).await,
        ["Two-factor sign-in was reset"]
    );
    let (totp, codes): (i64, i64) = sqlx::query_as(
        "select (select count(*) from account_totp), (select count(*) from recovery_code)",
    )
    .fetch_one(&pool)
    .await
    .expect("counts");
    assert_eq!((totp, codes), (0, 0));
    let refused = app::accounts::reset_two_factor(&pool, email).await;
    assert!(refused.is_err(), "nothing left to reset");
    assert!(
        app::accounts::reset_two_factor(&pool, "nobody@example.org")
            .await
            .is_err()
    );
}
