//! Real email: the outbox delivered to a real SMTP server (aiosmtpd, started
//! by `scripts/test`), password change with its notice, and reset by email
//! (the link read back from the server's mailbox). These tests fail, never
//! skip, without the server.

use crate::helpers::{Browser, TEST_PASSWORD, csrf_token, location, router, signed_in};
use http::StatusCode;
use sqlx::PgPool;
use std::path::PathBuf;

const NEW_PASSWORD: &str = "copper lantern meadow violin";

/// The test SMTP server's address and the maildir it stores messages in.
fn smtp() -> (String, PathBuf) {
    let (Ok(url), Ok(dir)) = (
        std::env::var("TEST_SMTP_URL"),
        std::env::var("TEST_MAILDIR"),
    ) else {
        panic!(
            "these tests need a real SMTP server: run scripts/test, or start one with \
             `(source scripts/lib.sh; smtp_start)` and export TEST_SMTP_URL and TEST_MAILDIR"
        );
    };
    (url, PathBuf::from(dir))
}

fn mailer() -> app::mail::Mailer {
    let (url, _) = smtp();
    app::mail::Mailer::from_settings(
        Some(&url),
        Some("Catalogue tests <catalogue@example.org>"),
        None,
    )
    .expect("mailer")
}

/// Delivers what is due to the real SMTP server.
async fn deliver(pool: &PgPool) -> usize {
    app::mail::deliver_due(pool, &mailer(), 100)
        .await
        .expect("deliver")
}

/// Every message the SMTP server received for `address`, as raw text,
/// oldest first.
fn messages_to(address: &str) -> Vec<String> {
    let (_, dir) = smtp();
    let mut files: Vec<PathBuf> = ["new", "cur"]
        .iter()
        .filter_map(|sub| std::fs::read_dir(dir.join(sub)).ok())
        .flat_map(|entries| entries.flatten().map(|e| e.path()))
        .collect();
    // Maildir names are "SECONDS.M…P…Q<n>.host": aiosmtpd numbers each message
    // it stores (Q), so (seconds, n) orders them as received.
    files.sort_by_key(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let seconds: u64 = name
            .split('.')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let n: u64 = name
            .split_once('Q')
            .and_then(|(_, rest)| rest.split('.').next())
            .and_then(|q| q.parse().ok())
            .unwrap_or(0);
        (seconds, n)
    });
    let mut found = Vec::new();
    {
        for path in files {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let to_line = text
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("to:"))
                .unwrap_or_default()
                .to_ascii_lowercase();
            if to_line.contains(&address.to_ascii_lowercase()) {
                found.push(text);
            }
        }
    }
    found
}

/// The body of a message, with quoted-printable soft breaks undone.
fn body(raw: &str) -> String {
    let body = raw
        .split_once("\r\n\r\n")
        .or_else(|| raw.split_once("\n\n"))
        .map_or("", |(_, b)| b);
    body.replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}

#[sqlx::test(migrations = "../migrations")]
async fn changing_the_password_needs_the_current_one_ends_other_sessions_and_sends_a_notice(
    pool: PgPool,
) {
    let app = router(pool.clone());
    let email = format!("changer-{}@example.org", std::process::id());
    let mut here = signed_in(&pool, &app, &email, "member", "approved").await;
    let mut elsewhere = Browser::new(&app);
    elsewhere
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", &email), ("password", TEST_PASSWORD)],
        )
        .await;
    assert!(elsewhere.get("/account").await.body.contains(&email));

    let wrong = here
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current", "not it at all"),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("The current password is not right"));
    assert!(
        !wrong.body.contains(NEW_PASSWORD),
        "passwords are never shown again"
    );
    let weak = here
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current", TEST_PASSWORD),
                ("password", "password1234"),
                ("confirm", "password1234"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("harder to guess"));
    let mismatch = here
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current", TEST_PASSWORD),
                ("password", NEW_PASSWORD),
                ("confirm", "something else"),
            ],
        )
        .await;
    assert!(mismatch.body.contains("Passwords do not match"));

    let done = here
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current", TEST_PASSWORD),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(location(&done), "/account?changed=password");
    let account = here.get("/account?changed=password").await;
    assert!(account.body.contains("Your password has been changed"));
    assert!(
        elsewhere
            .get("/account")
            .await
            .body
            .contains("You are not signed in")
    );

    let mut fresh = Browser::new(&app);
    let old = fresh
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", &email), ("password", TEST_PASSWORD)],
        )
        .await;
    assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);
    let new = fresh
        .submit(
            "/sign-in",
            "/sign-in",
            &[("email", &email), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);

    assert!(deliver(&pool).await >= 1);
    let mail = messages_to(&email);
    assert_eq!(mail.len(), 1, "one notice");
    assert!(mail[0].contains("Subject: Your password was changed"));
    assert!(body(&mail[0]).contains("every other session was signed out"));
    assert!(!mail[0].contains(NEW_PASSWORD));
}

/// The token in the reset link of the newest message to `address`.
fn reset_token(address: &str) -> String {
    let mail = messages_to(address);
    let newest = mail
        .iter()
        .rev()
        .find(|m| m.contains("Subject: Reset your password"))
        .expect("a reset message");
    let text = body(newest);
    let at = text
        .find("/reset-password/new?token=")
        .expect("a reset link")
        + "/reset-password/new?token=".len();
    text[at..at + 64].to_owned()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_reset_link_works_once_and_expires_and_the_answer_never_tells_who_has_an_account(
    pool: PgPool,
) {
    let app = router(pool.clone());
    let email = format!("forgetful-{}@example.org", std::process::id());
    let mut signed = signed_in(&pool, &app, &email, "member", "approved").await;
    let nobody = format!("nobody-{}@example.org", std::process::id());

    let mut b = Browser::new(&app);
    let known = b
        .submit("/reset-password", "/reset-password", &[("email", &email)])
        .await;
    let unknown = b
        .submit("/reset-password", "/reset-password", &[("email", &nobody)])
        .await;
    assert_eq!(known.status, StatusCode::SEE_OTHER);
    assert_eq!(
        (known.status, location(&known)),
        (unknown.status, location(&unknown)),
        "the same answer"
    );
    assert_eq!(location(&known), "/reset-password/sent");
    let bad = b
        .submit(
            "/reset-password",
            "/reset-password",
            &[("email", "not-an-address")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("value=\"not-an-address\""));

    deliver(&pool).await;
    assert!(
        messages_to(&nobody).is_empty(),
        "nothing is sent to an address without an account"
    );
    let token = reset_token(&email);
    let stored: i64 = sqlx::query_scalar(
        "select count(*) from password_reset where token_hash = sha256($1::bytea)",
    )
    .bind(token.as_bytes())
    .fetch_one(&pool)
    .await
    .expect("count");
    assert_eq!(stored, 1, "only the token's hash is stored");

    let page = b.get(&format!("/reset-password/new?token={token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let form_token = csrf_token(&page.body);
    let weak = b
        .post(
            "/reset-password/new",
            &[
                ("csrf_token", &form_token),
                ("token", &token),
                ("password", "password1234"),
                ("confirm", "password1234"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        weak.body.contains(&format!("value=\"{token}\"")),
        "the link is kept"
    );
    let done = b
        .post(
            "/reset-password/new",
            &[
                ("csrf_token", &form_token),
                ("token", &token),
                ("password", NEW_PASSWORD),
                ("confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(location(&done), "/sign-in?reset=done");
    assert!(
        signed
            .get("/account")
            .await
            .body
            .contains("You are not signed in"),
        "every session ended"
    );

    // Once only.
    let again = b
        .post(
            "/reset-password/new",
            &[
                ("csrf_token", &form_token),
                ("token", &token),
                ("password", "another fine long phrase"),
                ("confirm", "another fine long phrase"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("expired or has already been used"));
    let mut fresh = Browser::new(&app);
    assert_eq!(
        fresh
            .submit(
                "/sign-in",
                "/sign-in",
                &[("email", &email), ("password", NEW_PASSWORD)]
            )
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // A new link that has expired is refused.
    b.submit("/reset-password", "/reset-password", &[("email", &email)])
        .await;
    deliver(&pool).await;
    let late = reset_token(&email);
    assert_ne!(late, token);
    sqlx::query("update password_reset set expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .expect("expire");
    let expired = b
        .post(
            "/reset-password/new",
            &[
                ("csrf_token", &form_token),
                ("token", &late),
                ("password", "a third long pass phrase"),
                ("confirm", "a third long pass phrase"),
            ],
        )
        .await;
    assert_eq!(expired.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(expired.body.contains("expired or has already been used"));
    let mail = messages_to(&email);
    assert!(
        mail.iter()
            .any(|m| m.contains("Subject: Your password was reset"))
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn mail_waits_while_smtp_is_down_then_goes_exactly_once(pool: PgPool) {
    let to = format!("patient-{}@example.org", std::process::id());
    app::db::outbox::enqueue(
        &pool,
        &app::db::outbox::NewMessage {
            to: &to,
            subject: "A notice",
            body: "Hello",
            account: None,
        },
    )
    .await
    .expect("queued");
    // SMTP down: nothing lost, tried again later.
    let down = app::mail::Mailer::from_settings(
        Some("smtp://127.0.0.1:9"),
        Some("C <c@example.org>"),
        None,
    )
    .expect("mailer");
    assert_eq!(
        app::mail::deliver_due(&pool, &down, 10).await.expect("run"),
        0
    );
    let (attempts, waiting, error): (i32, bool, Option<String>) =
        sqlx::query_as("select attempts, next_attempt_at > now(), last_error from outbox")
            .fetch_one(&pool)
            .await
            .expect("row");
    assert_eq!(attempts, 1);
    assert!(waiting && error.is_some());
    assert_eq!(deliver(&pool).await, 0, "not due yet");
    sqlx::query("update outbox set next_attempt_at = now()")
        .execute(&pool)
        .await
        .expect("due");
    // Two senders at once (two replicas): the message goes once.
    let (a, b) = tokio::join!(deliver(&pool), deliver(&pool));
    assert_eq!(a + b, 1);
    assert_eq!(messages_to(&to).len(), 1);
    // Kept 30 days after sending, then deleted.
    sqlx::query("update outbox set sent_at = now() - interval '31 days'")
        .execute(&pool)
        .await
        .expect("age");
    let swept = app::db::housekeeping::sweep(&pool).await.expect("sweep");
    assert_eq!(swept.mail, 1);
}

#[sqlx::test(migrations = "../migrations")]
async fn reset_requests_are_limited_per_client(pool: PgPool) {
    let app = router(pool.clone());
    let mut b = Browser::from_ip(&app, [203, 0, 113, 60]);
    for i in 0..app::db::throttle::MAX_RESETS_PER_HOUR {
        let page = b
            .submit(
                "/reset-password",
                "/reset-password",
                &[("email", &format!("x{i}@example.org"))],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
    }
    let refused = b
        .submit(
            "/reset-password",
            "/reset-password",
            &[("email", "y@example.org")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.body.contains("Try again in"));
}
