//! HTTP caching for anonymous readers and none for signed-in ones: ETag and
//! 304 with the full response's headers, no cookie without a form, `public`
//! for anonymous pages, `private, no-store` with a session.

use crate::helpers::{Browser, get, get_with, router, seed_real_data, signed_in};
use http::{StatusCode, header};
use sqlx::PgPool;

/// The anonymous pages a shared cache may keep.
const PUBLIC_PAGES: [&str; 5] = [
    "/technologies",
    "/technologies?q=ai",
    "/technologies/heartflow-ffrct",
    "/compare?tech=heartflow-ffrct&tech=derm",
    "/icbs/QRV",
];

/// Whether `body` holds something shaped like a CSRF token (64 hex digits).
fn has_token(body: &str) -> bool {
    body.split(|c: char| !c.is_ascii_hexdigit())
        .any(|run| run.len() >= 64)
}

fn header_text(headers: &http::HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(&name)
        .map_or("", |v| v.to_str().expect("ascii header"))
}

#[sqlx::test(migrations = "../migrations")]
async fn anonymous_pages_are_public_tagged_and_answer_304_with_the_same_headers(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool);
    for uri in PUBLIC_PAGES {
        // Act
        let full = get(&app, uri).await;

        // Assert: cacheable by a shared cache for a minute, varying by cookie
        // and encoding, tagged, and no cookie set.
        assert_eq!(full.status, StatusCode::OK, "{uri}");
        let h = &full.headers;
        assert_eq!(
            header_text(h, header::CACHE_CONTROL),
            "public, max-age=60",
            "{uri}"
        );
        let vary = header_text(h, header::VARY).to_ascii_lowercase();
        assert!(
            vary.contains("cookie") && vary.contains("accept-encoding"),
            "{uri}: {vary}"
        );
        assert!(h.get(header::SET_COOKIE).is_none(), "{uri} set a cookie");
        assert!(
            h.get("x-techcat-form").is_none(),
            "the form marker never leaves"
        );
        let tag = header_text(h, header::ETAG).to_owned();
        assert!(tag.starts_with("W/\""), "{uri}: {tag:?}");

        // Act: the same page again, with the tag.
        let again = get_with(&app, uri, &[("if-none-match", &tag)]).await;

        // Assert: 304, empty, and the headers a cache would merge are the same.
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty(), "{uri}");
        // No policy on a 304: it is computed from the body's inline scripts,
        // and the client keeps the one stored with its copy of that body.
        assert!(
            again.headers.get(header::CONTENT_SECURITY_POLICY).is_none(),
            "{uri}"
        );
        assert!(h.get(header::CONTENT_SECURITY_POLICY).is_some(), "{uri}");
        for name in [
            header::ETAG,
            header::CACHE_CONTROL,
            header::VARY,
            header::CONTENT_TYPE,
            header::X_CONTENT_TYPE_OPTIONS,
            header::REFERRER_POLICY,
        ] {
            assert_eq!(
                header_text(&again.headers, name.clone()),
                header_text(h, name.clone()),
                "{uri}: {name}"
            );
        }

        // A stale tag gets the full page, with the same tag.
        let stale = get_with(&app, uri, &[("if-none-match", "W/\"stale\"")]).await;
        assert_eq!(stale.status, StatusCode::OK, "{uri}");
        assert_eq!(header_text(&stale.headers, header::ETAG), tag, "{uri}");
        assert!(stale.body.len() > 1000, "{uri}");

        // Renderings of the same page keep their tag (the resources' values
        // may resolve in another order each time).
        for _ in 0..5 {
            let again = get_with(&app, uri, &[("if-none-match", &tag)]).await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        }
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_page_with_a_form_sets_the_csrf_cookie_and_is_private(pool: PgPool) {
    let app = router(pool);
    for uri in ["/sign-in", "/sign-up"] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        let cookie = header_text(&page.headers, header::SET_COOKIE);
        assert!(cookie.starts_with("techcat_csrf="), "{uri}: {cookie:?}");
        // The form's token is the cookie's.
        assert!(has_token(&page.body), "{uri}");
        let token = crate::helpers::csrf_token(&page.body);
        assert!(
            cookie.starts_with(&format!("techcat_csrf={token};")),
            "{uri}"
        );
        assert_eq!(
            header_text(&page.headers, header::CACHE_CONTROL),
            "private, no-cache",
            "{uri}"
        );
        assert!(page.headers.get(header::ETAG).is_none(), "{uri}");
        assert!(page.headers.get("x-techcat-form").is_none(), "{uri}");
    }
    // Pages without a form, opened with no cookie: none is set, and no token
    // is in the page (it would be the same for every reader of a cached copy).
    for uri in ["/", "/organisation", "/technologies"] {
        let page = get(&app, uri).await;
        assert!(page.headers.get(header::SET_COOKIE).is_none(), "{uri}");
        assert!(!has_token(&page.body), "{uri}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_signed_in_visitor_gets_nothing_a_cache_may_keep(pool: PgPool) {
    // Arrange
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;

    for uri in PUBLIC_PAGES.iter().copied().chain(["/account"]) {
        // Act
        let page = member.get(uri).await;

        // Assert: private and never stored, no tag.
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert_eq!(
            header_text(&page.headers, header::CACHE_CONTROL),
            "private, no-store",
            "{uri}"
        );
        assert!(page.headers.get(header::ETAG).is_none(), "{uri}");
    }

    // A session cookie that no longer opens a session is private too, and cleared.
    let mut stale = Browser::new(&app);
    stale.set_cookie("techcat_session", Some("ended"));
    let page = stale.get("/technologies").await;
    assert_eq!(
        header_text(&page.headers, header::CACHE_CONTROL),
        "private, no-store"
    );
    assert!(header_text(&page.headers, header::SET_COOKIE).starts_with("techcat_session=;"));
}
