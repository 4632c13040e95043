//! Search quality on the real data: close spellings, abbreviations and their
//! meanings, the ranking order, and the cases that must stay empty. Expected
//! sets come from independent SQL over the base tables, not from the search.

use crate::{builders::TechnologyBuilder, helpers::seed_real_data};
use app::{
    db::search::search,
    domain::{CatalogueQuery, CatalogueResults},
};
use sqlx::PgPool;
use std::collections::BTreeSet;

async fn run(pool: &PgPool, qs: &str) -> CatalogueResults {
    let (query, notices) = CatalogueQuery::parse_query_string(qs);
    assert!(notices.is_empty(), "{qs}: {notices:?}");
    let mut conn = pool.acquire().await.expect("connection");
    search(&mut conn, &query).await.expect("search runs")
}

/// Every matching slug, all pages (the real catalogue fits in three pages).
async fn all_slugs(pool: &PgPool, qs: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for page in 1..=5 {
        let r = run(pool, &format!("{qs}&page={page}")).await;
        out.extend(r.items.iter().map(|t| t.slug.as_str().to_owned()));
        if page >= r.pages {
            break;
        }
    }
    out
}

/// Slugs of listed technologies whose searchable text matches a regular
/// expression (case-insensitive): name, supplier, clinical area, summary and
/// NICE guidance titles.
async fn text_matching(pool: &PgPool, pattern: &str) -> BTreeSet<String> {
    sqlx::query_scalar::<_, String>(
        "select t.slug from technology t
         where t.catalogue_status in ('listed', 'under_review')
           and (concat_ws(' ', t.name, t.supplier, t.clinical_area, t.summary) ~* $1
                or exists (select 1 from nice_guidance g where g.technology_id = t.id
                           and g.withdrawn_on is null and concat_ws(' ', g.guidance_ref, g.title) ~* $1))",
    )
    .bind(pattern)
    .fetch_all(pool)
    .await
    .expect("independent match")
    .into_iter()
    .collect()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_misspelt_word_finds_what_its_nearest_spelling_finds(pool: PgPool) {
    seed_real_data(&pool).await;
    let r = run(&pool, "q=dermatolgy").await;
    let found: Vec<&str> = r.items.iter().map(|t| t.slug.as_str()).collect();
    assert!(found.contains(&"derm"), "{found:?}");
    assert_eq!(r.also_searched.len(), 1);
    assert_eq!(r.also_searched[0].typed, "dermatolgy");
    assert_eq!(r.also_searched[0].searched, "dermatology");
    assert!(r.also_searched[0].spelling);
    // The correction finds what the right spelling finds.
    assert_eq!(
        all_slugs(&pool, "q=dermatolgy").await,
        all_slugs(&pool, "q=dermatology").await
    );
    // Words the catalogue has are never corrected.
    assert!(run(&pool, "q=dermatology").await.also_searched.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn two_words_written_apart_find_the_one_word_name(pool: PgPool) {
    seed_real_data(&pool).await;
    let r = run(&pool, "q=hart+flow").await;
    assert_eq!(
        r.items.first().map(|t| t.slug.as_str()),
        Some("heartflow-ffrct"),
        "{:?}",
        r.items.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>()
    );
    assert!(
        r.also_searched
            .iter()
            .any(|a| a.spelling && a.searched == "heartflow"),
        "{:?}",
        r.also_searched
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn abbreviations_find_their_meaning_and_meanings_their_abbreviation(pool: PgPool) {
    seed_real_data(&pool).await;
    for (q, pattern) in [
        ("af", r"\maf\M|atrial fibrillation"),
        ("cxr", r"\mcxr\M|chest x-?ray"),
        ("copd", r"\mcopd\M|chronic obstructive pulmonary disease"),
        ("cbt", r"\mcbt\M|cognitive behaviou?ral therapy"),
        ("msk", r"\mmsk\M|musculoskeletal"),
        ("ecg", r"\mecg\M|electrocardiogram"),
    ] {
        let expected = text_matching(&pool, pattern).await;
        assert!(!expected.is_empty(), "{q}: the real data mentions it");
        assert_eq!(all_slugs(&pool, &format!("q={q}")).await, expected, "q={q}");
        let upper = q.to_uppercase();
        assert_eq!(
            all_slugs(&pool, &format!("q={upper}")).await,
            expected,
            "q={upper}"
        );
    }
    // MSK is not in the real text as a word: only its meaning finds these.
    assert!(text_matching(&pool, r"\mmsk\M").await.is_empty());
    // The way back: the meaning's words also find the abbreviation.
    let r = run(&pool, "q=chest+x+ray").await;
    assert!(
        r.also_searched.iter().any(|a| a.searched == "CXR"),
        "{:?}",
        r.also_searched
    );
    assert_eq!(
        all_slugs(&pool, "q=chest+x+ray").await,
        text_matching(&pool, r"\mcxr\M|chest x-?ray").await
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn a_short_abbreviation_does_not_match_the_start_of_other_words(pool: PgPool) {
    seed_real_data(&pool).await;
    // "after" is in the real text; "af" must not find it.
    let after_only: BTreeSet<String> = text_matching(&pool, r"\mafter")
        .await
        .difference(&text_matching(&pool, r"\maf\M|atrial fibrillation").await)
        .cloned()
        .collect();
    assert!(
        !after_only.is_empty(),
        "the real data has \"after\" without AF"
    );
    let af = all_slugs(&pool, "q=af").await;
    assert!(af.is_disjoint(&after_only), "{af:?} vs {after_only:?}");
    // Nor inside a word: "ct" finds CT, not "detection" or "cta".
    let ct = all_slugs(&pool, "q=ct").await;
    assert_eq!(
        ct,
        text_matching(
            &pool,
            r"\mct\M|computeri[sz]ed tomography|computed tomography"
        )
        .await
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn exact_then_prefix_names_rank_first(pool: PgPool) {
    seed_real_data(&pool).await;
    let derm = run(&pool, "q=derm").await;
    assert_eq!(derm.items.first().map(|t| t.slug.as_str()), Some("derm"));
    // A name that starts with the search comes before one that only mentions it.
    let heart = run(&pool, "q=heartflow").await;
    assert_eq!(
        heart.items.first().map(|t| t.slug.as_str()),
        Some("heartflow-ffrct")
    );
    // Exact and prefix words win over close spellings: a correction is only
    // added for a word no catalogue word starts with.
    let r = run(&pool, "q=derm").await;
    assert!(r.also_searched.is_empty(), "{:?}", r.also_searched);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_word_far_from_every_word_gives_the_empty_state_with_suggestions(pool: PgPool) {
    seed_real_data(&pool).await;
    let r = run(&pool, "q=qxzvkwj").await;
    assert_eq!(r.total, 0);
    assert!(
        r.also_searched.is_empty(),
        "no noise: {:?}",
        r.also_searched
    );
    let all = run(&pool, "").await.total;
    assert_eq!(r.suggestions.len(), 1);
    assert_eq!(r.suggestions[0].label, "your search words");
    assert_eq!(r.suggestions[0].count, all);
    // Short words are never corrected either.
    let r = run(&pool, "q=zq").await;
    assert_eq!(r.total, 0);
    assert!(r.also_searched.is_empty());
}

#[sqlx::test(migrations = "../migrations")]
async fn a_change_is_searched_at_once_after_it_commits(pool: PgPool) {
    seed_real_data(&pool).await;
    let before = run(&pool, "q=zebrafinch").await;
    assert_eq!(before.total, 0);
    let all = run(&pool, "").await.total;
    TechnologyBuilder::new("zebrafinch-triage")
        .insert(&pool)
        .await;
    let after = run(&pool, "q=zebrafinch").await;
    assert_eq!(after.total, 1);
    assert_eq!(run(&pool, "").await.total, all + 1);
    // And its words are known to the spelling check at once.
    let r = run(&pool, "q=zebrafinsh").await;
    assert_eq!(r.total, 1, "{:?}", r.also_searched);
}

#[sqlx::test(migrations = "../migrations")]
async fn every_result_card_agrees_with_its_technology_page(pool: PgPool) {
    // The cards read precomputed columns of the search view; the page reads
    // the claims themselves. They must say the same.
    seed_real_data(&pool).await;
    let mut seen = 0;
    for page in 1..=5 {
        let r = run(&pool, &format!("sort=name&page={page}")).await;
        for card in &r.items {
            let mut conn = pool.acquire().await.expect("connection");
            let detail = app::db::technologies::get_by_slug(&mut conn, &card.slug)
                .await
                .expect("page loads")
                .expect("listed technologies have pages");
            assert_eq!(card, &detail.summary, "{}", card.slug.as_str());
            seen += 1;
        }
        if page >= r.pages {
            break;
        }
    }
    assert_eq!(i64::from(seen), run(&pool, "").await.total);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_technology_page_shows_a_change_as_soon_as_it_commits(pool: PgPool) {
    seed_real_data(&pool).await;
    let slug = app::domain::TechnologySlug::parse("derm").expect("slug");
    let page = |pool: PgPool, slug: app::domain::TechnologySlug| async move {
        let mut conn = pool.acquire().await.expect("connection");
        app::db::technologies::get_by_slug(&mut conn, &slug)
            .await
            .expect("loads")
            .expect("exists")
    };
    let before = page(pool.clone(), slug.clone()).await;
    // Held now; a write in an open transaction is neither seen nor shared.
    let mut tx = pool.begin().await.expect("transaction");
    sqlx::query("update technology set name = 'DERM renamed' where slug = 'derm'")
        .execute(&mut *tx)
        .await
        .expect("rename");
    let inside = app::db::technologies::get_by_slug(&mut tx, &slug)
        .await
        .expect("loads")
        .expect("exists");
    assert_eq!(
        inside.summary.name, "DERM renamed",
        "the transaction sees its own write"
    );
    assert_eq!(
        page(pool.clone(), slug.clone()).await.summary.name,
        before.summary.name
    );
    tx.commit().await.expect("commit");
    assert_eq!(
        page(pool.clone(), slug.clone()).await.summary.name,
        "DERM renamed"
    );
}
