//! A technology's lifecycle through the real router: a draft is in no public
//! view; publishing needs an inclusion basis and says which; withdrawing keeps
//! the page with its reason and takes it out of search, facets and counts;
//! every change is a revision in `/changes`; only curators and admins may.

use crate::helpers::{
    Browser, Page, assert_no_internal_text, get, hidden, location, router, seed_real_data,
    signed_in,
};
use http::StatusCode;
use sqlx::PgPool;

const NAME: &str = "Zephyr Wound Imaging";
const SLUG: &str = "zephyr-wound-imaging";

async fn curator(pool: &PgPool, app: &axum::Router) -> Browser {
    signed_in(pool, app, "curator@example.org", "curator", "approved").await
}

async fn a_type(pool: &PgPool) -> String {
    sqlx::query_scalar("select id from technology_type order by id limit 1")
        .fetch_one(pool)
        .await
        .expect("a type")
}

async fn listed_total(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from catalogue_entry")
        .fetch_one(pool)
        .await
        .expect("total")
}

/// Opens `page` and posts `fields` with its token and version.
async fn post_versioned(
    b: &mut Browser,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let form = b.get(page).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = crate::helpers::csrf_token(&form.body);
    let version = hidden(&form.body, "version");
    let mut all = vec![
        ("csrf_token", token.as_str()),
        ("version", version.as_str()),
    ];
    all.extend_from_slice(fields);
    b.post(action, &all).await
}

/// Adds the draft through the form; the workspace's address.
async fn add_draft(pool: &PgPool, b: &mut Browser) {
    let type_id = a_type(pool).await;
    let page = b
        .submit(
            "/curator/new-technology",
            "/curator/new-technology",
            &[
                ("name", NAME),
                ("type", &type_id),
                ("supplier", "Zephyr Health Ltd"),
                ("summary", "Photographs wounds and measures them."),
                ("reason", "Proposed by the wound care network"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(location(&page), format!("/curator/technologies/{SLUG}"));
}

/// What the public sees of the draft, each must not mention it.
async fn assert_absent_from_public_views(app: &axum::Router) {
    for uri in [
        format!("/technologies/{SLUG}"),
        format!("/technologies/{SLUG}/history"),
    ] {
        let page = get(app, &uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
    }
    for uri in [
        "/technologies?q=zephyr",
        "/api/technologies?q=zephyr",
        "/technologies/export.csv",
        "/technologies/export.json",
        "/data/catalogue.json",
        "/data/claims.csv",
        "/changes",
        "/changes.atom",
        "/compare?technologies=zephyr-wound-imaging,kaia-back",
    ] {
        let page = get(app, uri).await;
        assert!(
            page.status.is_success(),
            "{uri}: {} {}",
            page.status,
            page.body
        );
        assert!(!page.body.contains("Zephyr"), "{uri} shows the draft");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_draft_is_in_no_public_view_and_publishes_only_with_a_basis(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let before = listed_total(&pool).await;
    let mut c = curator(&pool, &app).await;

    // Refused: every error at once, what was typed kept.
    let refused = c
        .submit(
            "/curator/new-technology",
            "/curator/new-technology",
            &[
                ("name", NAME),
                ("slug", "Not A Slug"),
                ("type", "no-such-type"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in [
        "Enter an address of lower-case letters",
        "Select the type of technology",
        "Enter the reason for this change",
        "value=\"Not A Slug\"",
        NAME,
    ] {
        assert!(refused.body.contains(text), "missing {text}");
    }

    add_draft(&pool, &mut c).await;
    let (status, supplier): (String, Option<i64>) =
        sqlx::query_as("select catalogue_status, supplier_id from technology where slug = $1")
            .bind(SLUG)
            .fetch_one(&pool)
            .await
            .expect("draft");
    assert_eq!(status, "draft");
    assert!(supplier.is_some(), "the supplier is linked");
    assert_eq!(listed_total(&pool).await, before);
    assert_absent_from_public_views(&app).await;
    // Curators see it, and its first revision, in their workspace and feed.
    let workspace = c.get(&format!("/curator/technologies/{SLUG}")).await;
    assert!(workspace.body.contains("Draft (not published)"));
    let drafts = c.get("/curator/new-technology").await;
    assert!(drafts.body.contains(NAME), "the drafts list");

    // The same address again is refused beside the field.
    let type_id = a_type(&pool).await;
    let again = c
        .submit(
            "/curator/new-technology",
            "/curator/new-technology",
            &[("name", NAME), ("type", &type_id), ("reason", "again")],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("already has the address"));

    // No basis: refused, nothing changes.
    let publish = format!("/curator/technologies/{SLUG}/publish");
    let page = c.get(&publish).await;
    assert!(page.body.contains("It cannot be published yet"));
    let no = post_versioned(&mut c, &publish, &publish, &[("reason", "Ready")]).await;
    assert_eq!(no.status, StatusCode::CONFLICT);
    assert!(
        no.body
            .contains("It cannot be published: it has no NICE guidance")
    );
    assert_absent_from_public_views(&app).await;

    // A documented NHS deployment, added through the curator's form.
    let add = format!("/curator/technologies/{SLUG}/add/deployment");
    let added = c
        .submit(
            &add,
            &add,
            &[
                ("kind", "nhs_deployment"),
                ("site", "Example Community Wound Service"),
                ("stage_id", "pilot"),
                ("status", "live"),
                ("source", "https://www.england.nhs.uk/example"),
                ("reason", "Reported by the network"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_absent_from_public_views(&app).await;

    let page = c.get(&publish).await;
    assert!(
        page.body
            .contains("It meets the inclusion rule: At least one documented NHS deployment")
    );
    let done = post_versioned(&mut c, &publish, &publish, &[("reason", "Meets the rule")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let (status, basis): (String, Vec<String>) =
        sqlx::query_as("select catalogue_status, inclusion_basis from technology where slug = $1")
            .bind(SLUG)
            .fetch_one(&pool)
            .await
            .expect("published");
    assert_eq!(
        (status.as_str(), basis),
        ("listed", vec!["nhs_deployment".to_owned()])
    );
    assert_eq!(listed_total(&pool).await, before + 1);
    let public = get(&app, &format!("/technologies/{SLUG}")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(
        public
            .body
            .contains("At least one documented NHS deployment")
    );
    let search = get(&app, "/api/technologies?q=zephyr").await;
    assert!(search.body.contains(SLUG));
    let feed = get(&app, "/changes").await;
    assert!(feed.body.contains("Technology published in the catalogue"));
    assert!(feed.body.contains("Technology added as a draft"));
    assert!(
        !feed.body.contains("Test curator"),
        "the public feed names nobody"
    );

    // Publishing again is refused.
    let again = c.get(&publish).await;
    assert!(again.body.contains("It is already listed."));
}

#[sqlx::test(migrations = "../migrations")]
async fn withdrawing_keeps_the_page_with_its_reason_and_leaves_search_and_counts(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let before = listed_total(&pool).await;
    let mut c = curator(&pool, &app).await;
    let slug = "kaia-back";
    let withdraw = format!("/curator/technologies/{slug}/withdraw");

    let no_reason = post_versioned(&mut c, &withdraw, &withdraw, &[("reason", " ")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("Enter the reason for this change"));

    let reason = "The supplier stopped selling it in England";
    let done = post_versioned(&mut c, &withdraw, &withdraw, &[("reason", reason)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(listed_total(&pool).await, before - 1);

    let page = get(&app, &format!("/technologies/{slug}")).await;
    assert_eq!(page.status, StatusCode::OK, "the page stays at its address");
    assert!(page.body.contains("No longer listed"));
    assert!(page.body.contains(reason));
    let today: chrono::NaiveDate = sqlx::query_scalar("select current_date")
        .fetch_one(&pool)
        .await
        .expect("today");
    assert!(page.body.contains(&app::domain::long_date(today)));
    let search = get(&app, "/api/technologies?q=kaia").await;
    assert!(
        !search.body.contains(&format!("\"{slug}\"")),
        "{}",
        search.body
    );
    let catalogue = get(&app, "/technologies?q=kaia").await;
    assert!(
        !catalogue
            .body
            .contains(&format!("href=\"/technologies/{slug}\""))
    );
    let history = get(&app, &format!("/technologies/{slug}/history")).await;
    assert!(
        history
            .body
            .contains("Technology withdrawn: no longer listed")
    );
    assert!(history.body.contains(reason));

    // Withdrawing again is not offered; a stale form is refused.
    let again = c.get(&withdraw).await;
    assert!(again.body.contains("It is already no longer listed."));
    let token = crate::helpers::csrf_token(&again.body);
    let stale = c
        .post(
            &withdraw,
            &[("csrf_token", &token), ("version", "1"), ("reason", "x")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_no_internal_text(&stale.body);

    // Published again, it is back.
    let publish = format!("/curator/technologies/{slug}/publish");
    let back = post_versioned(&mut c, &publish, &publish, &[("reason", "Sold again")]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    assert_eq!(listed_total(&pool).await, before);
}

#[sqlx::test(migrations = "../migrations")]
async fn only_curators_and_admins_reach_the_lifecycle(pool: PgPool) {
    seed_real_data(&pool).await;
    let app = router(pool.clone());
    let mut admin = signed_in(&pool, &app, "admin@example.org", "admin", "approved").await;
    let mut member = signed_in(&pool, &app, "member@example.org", "member", "approved").await;
    let mut pending = signed_in(&pool, &app, "pending@example.org", "curator", "pending").await;
    let mut anonymous = Browser::new(&app);
    let forms = [
        "/curator/new-technology",
        "/curator/technologies/kaia-back/publish",
        "/curator/technologies/kaia-back/withdraw",
    ];
    for path in forms {
        for (who, b, want) in [
            ("anonymous", &mut anonymous, StatusCode::UNAUTHORIZED),
            ("member", &mut member, StatusCode::FORBIDDEN),
            ("pending", &mut pending, StatusCode::FORBIDDEN),
        ] {
            let page = b.get(path).await;
            assert_eq!(page.status, want, "{who} GET {path}");
            let token = b
                .get("/sign-in")
                .await
                .body
                .split("name=\"csrf_token\" value=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_default()
                .to_owned();
            let post = b
                .post(
                    path,
                    &[
                        ("csrf_token", &token),
                        ("version", "1"),
                        ("reason", "x"),
                        ("name", "X"),
                    ],
                )
                .await;
            assert!(
                post.status == want || post.status == StatusCode::FORBIDDEN,
                "{who} POST {path}: {}",
                post.status
            );
        }
        let page = admin.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "admin GET {path}");
    }
    let listed: String =
        sqlx::query_scalar("select catalogue_status from technology where slug = 'kaia-back'")
            .fetch_one(&pool)
            .await
            .expect("status");
    assert_eq!(listed, "listed", "nothing changed");
    let drafts: i64 =
        sqlx::query_scalar("select count(*) from technology where catalogue_status = 'draft'")
            .fetch_one(&pool)
            .await
            .expect("drafts");
    assert_eq!(drafts, 0);
}
