//! The catalogue search against the real seed data: filter semantics, facet
//! counts, ranking, sorting and paging. Expected values come from independent
//! SQL over the base tables, not from the search view under test.

use crate::helpers::seed_real_data;
use app::{
    db::search::search,
    domain::{CatalogueQuery, CatalogueResults, Sort},
};
use sqlx::PgPool;

async fn run(pool: &PgPool, qs: &str) -> CatalogueResults {
    let (query, notices) = CatalogueQuery::parse_query_string(qs);
    assert!(notices.is_empty(), "{qs}: {notices:?}");
    let mut conn = pool.acquire().await.expect("connection");
    search(&mut conn, &query).await.expect("search runs")
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .expect("count query")
}

fn slugs(r: &CatalogueResults) -> Vec<String> {
    r.items.iter().map(|t| t.slug.as_str().to_owned()).collect()
}

fn option_count(r: &CatalogueResults, key: &str, value: &str) -> i64 {
    r.facets
        .iter()
        .find(|f| f.key == key)
        .and_then(|f| f.options.iter().find(|o| o.value == value))
        .unwrap_or_else(|| panic!("option {key}={value} listed"))
        .count
}

#[sqlx::test(migrations = "../migrations")]
async fn values_of_one_facet_are_ored_and_facets_are_anded(pool: PgPool) {
    seed_real_data(&pool).await;
    let either = run(&pool, "setting=primary_care&setting=home_remote").await;
    let expected = count(
        &pool,
        "select count(distinct technology_id) from technology_care_setting
         where care_setting_id in ('primary_care', 'home_remote')",
    )
    .await;
    assert!(expected > 0);
    assert_eq!(either.total, expected);

    let both = run(&pool, "setting=primary_care&setting=home_remote&ai=no").await;
    let expected = count(
        &pool,
        "select count(distinct t.id) from technology t join technology_care_setting x on x.technology_id = t.id
         where x.care_setting_id in ('primary_care', 'home_remote') and not t.ai_enabled",
    )
    .await;
    assert_eq!(both.total, expected);
    assert!(both.total < either.total, "AND narrows");
}

#[sqlx::test(migrations = "../migrations")]
async fn facet_counts_apply_the_other_facets_but_not_their_own(pool: PgPool) {
    seed_real_data(&pool).await;
    let r = run(&pool, "setting=primary_care&ai=yes").await;
    // Own facet ignored: a setting's count is "AI-enabled and in that setting".
    let in_secondary = count(
        &pool,
        "select count(*) from technology t join technology_care_setting x on x.technology_id = t.id
         where x.care_setting_id = 'secondary_care_planned' and t.ai_enabled",
    )
    .await;
    assert_eq!(
        option_count(&r, "setting", "secondary_care_planned"),
        in_secondary
    );
    // Other facets applied: the AI count is "in primary care, AI or not".
    let primary_not_ai = count(
        &pool,
        "select count(*) from technology t join technology_care_setting x on x.technology_id = t.id
         where x.care_setting_id = 'primary_care' and not t.ai_enabled",
    )
    .await;
    assert_eq!(option_count(&r, "ai", "no"), primary_not_ai);
    // Options with nothing stay listed at zero.
    let icb = r.facets.iter().find(|f| f.key == "icb").expect("icb facet");
    assert_eq!(icb.options.len(), 42);
    assert!(icb.options.iter().any(|o| o.count == 0));
    assert!(
        r.facets
            .iter()
            .find(|f| f.key == "setting")
            .expect("settings")
            .options
            .iter()
            .any(|o| o.selected && o.value == "primary_care")
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn region_and_icb_facets_follow_documented_nhs_deployments(pool: PgPool) {
    seed_real_data(&pool).await;
    let r = run(&pool, "icb=QRV").await;
    let expected = count(
        &pool,
        "select count(distinct technology_id) from deployment
         where icb_ods_code = 'QRV' and kind = 'nhs_deployment'",
    )
    .await;
    assert!(expected > 0);
    assert_eq!(r.total, expected);
    let london = count(
        &pool,
        "select count(distinct d.technology_id) from deployment d join icb i on i.ods_code = d.icb_ods_code
         where i.region_ods_code = 'Y56' and d.kind = 'nhs_deployment'",
    )
    .await;
    assert_eq!(run(&pool, "region=Y56").await.total, london);
    let deployed = count(
        &pool,
        "select count(distinct technology_id) from deployment where kind = 'nhs_deployment'",
    )
    .await;
    let r = run(&pool, "deployed=yes").await;
    assert_eq!(r.total, deployed);
    assert_eq!(option_count(&r, "deployed", "no"), 57 - deployed);
}

#[sqlx::test(migrations = "../migrations")]
async fn prefix_search_finds_word_beginnings_across_fields(pool: PgPool) {
    seed_real_data(&pool).await;
    // "derm" is only a prefix: dermatology, dermoscopic, DERM.
    let r = run(&pool, "q=derm").await;
    assert!(slugs(&r).contains(&"derm".to_owned()));
    // Supplier text: Brainomix is the supplier of one product and named in no other.
    let r = run(&pool, "q=brainomi").await;
    assert_eq!(slugs(&r), ["brainomix-360-stroke"]);
    // NICE guidance references are searchable.
    let r = run(&pool, "q=MTG32").await;
    assert_eq!(slugs(&r), ["heartflow-ffrct"]);
    // Every word must match.
    let none = run(&pool, "q=derm+psychosis").await;
    assert_eq!(none.total, 0);
    // Stop words alone do not filter.
    assert_eq!(run(&pool, "q=the").await.total, 57);
}

#[sqlx::test(migrations = "../migrations")]
async fn a_name_match_outranks_a_match_in_other_text(pool: PgPool) {
    seed_real_data(&pool).await;
    let r = run(&pool, "q=stroke").await;
    let order = slugs(&r);
    assert!(order.len() >= 3, "{order:?}");
    assert_eq!(
        order[0], "brainomix-360-stroke",
        "the only name with 'stroke' first: {order:?}"
    );
    // Sorting by name instead puts them alphabetically.
    let by_name = run(&pool, "q=stroke&sort=name").await;
    let names: Vec<String> = by_name
        .items
        .iter()
        .map(|t| t.name.to_lowercase())
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    assert_eq!(by_name.total, r.total);
}

#[sqlx::test(migrations = "../migrations")]
async fn sorts_by_deployments_and_by_recent_verification(pool: PgPool) {
    seed_real_data(&pool).await;
    let r = run(&pool, "sort=deployments").await;
    let counts: Vec<u32> = r.items.iter().map(|t| t.deployment_count).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert!(counts[0] > 0);
    // Make one technology the most recently verified; it comes first.
    sqlx::query(
        "update benefit set verified = true, verified_on = current_date + 1, recheck_by = current_date + 400
         where technology_id = (select id from technology where slug = 'slowmo')",
    )
    .execute(&pool)
    .await
    .expect("update");
    let mut conn = pool.acquire().await.expect("conn");
    app::db::search::refresh(&mut conn).await.expect("refresh");
    let r = run(&pool, "sort=recent").await;
    assert_eq!(slugs(&r)[0], "slowmo");
    assert_eq!(r.query.sort, Sort::Recent);
}

#[sqlx::test(migrations = "../migrations")]
async fn pages_hold_twenty_and_a_page_past_the_end_shows_the_last(pool: PgPool) {
    seed_real_data(&pool).await;
    let mut seen = Vec::new();
    for page in 1..=3 {
        let r = run(&pool, &format!("page={page}")).await;
        assert_eq!((r.total, r.pages, r.page), (57, 3, page));
        assert_eq!(r.items.len(), if page < 3 { 20 } else { 17 });
        seen.extend(slugs(&r));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 57, "no technology on two pages");
    let names: Vec<String> =
        sqlx::query_scalar("select slug from technology order by lower(name), slug")
            .fetch_all(&pool)
            .await
            .expect("names");
    assert_eq!(seen, names, "default order without a search is by name");
    let past = run(&pool, "page=99").await;
    assert_eq!((past.page, past.items.len()), (3, 17));
    let empty = run(&pool, "q=zzzzqqq&page=2").await;
    assert_eq!((empty.total, empty.page, empty.pages), (0, 1, 1));
}

#[sqlx::test(migrations = "../migrations")]
async fn unknown_ids_are_dropped_and_counted(pool: PgPool) {
    seed_real_data(&pool).await;
    let r = run(&pool, "type=no_such_type&setting=primary_care&icb=QZZ").await;
    assert_eq!(r.unknown_filters, 2);
    assert_eq!(r.query.to_query_string(), "setting=primary_care");
    assert_eq!(r.total, run(&pool, "setting=primary_care").await.total);
}

#[sqlx::test(migrations = "../migrations")]
async fn an_empty_result_suggests_filters_to_remove(pool: PgPool) {
    seed_real_data(&pool).await;
    let r = run(&pool, "q=psychosis&type=ai_imaging_diagnostics").await;
    assert_eq!(r.total, 0);
    let labels: Vec<(&str, i64)> = r
        .suggestions
        .iter()
        .map(|s| (s.label.as_str(), s.count))
        .collect();
    let psychosis = run(&pool, "q=psychosis").await.total;
    let imaging = run(&pool, "type=ai_imaging_diagnostics").await.total;
    assert!(
        labels.contains(&("the “Technology type” filter", psychosis)),
        "{labels:?}"
    );
    assert!(
        labels.contains(&("your search words", imaging)),
        "{labels:?}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn search_text_is_never_sql(pool: PgPool) {
    seed_real_data(&pool).await;
    for q in [
        "'; drop table technology; --",
        "a:* | !b",
        "(",
        "\\",
        "%27%3B",
    ] {
        let (query, _) = CatalogueQuery::from_pairs([("q", q)]);
        let mut conn = pool.acquire().await.expect("conn");
        search(&mut conn, &query).await.expect("runs without error");
    }
    assert_eq!(count(&pool, "select count(*) from technology").await, 57);
}

#[sqlx::test(migrations = "../migrations")]
async fn evidence_and_specialty_facets_are_derived_as_documented(pool: PgPool) {
    seed_real_data(&pool).await;
    // Sleepio has an MTG recommending it: routine use.
    assert!(slugs(&run(&pool, "q=sleepio&evidence=routine").await).contains(&"sleepio".to_owned()));
    // DG57 allows use "while more evidence is generated": early, not routine.
    assert!(slugs(&run(&pool, "q=rapidai&evidence=early").await).contains(&"rapidai".to_owned()));
    // Mental health is the largest specialty group in the reference data.
    let mental = count(
        &pool,
        "select count(*) from technology where clinical_area ilike 'mental health%' or clinical_area ilike 'neurodevelopmental%'",
    )
    .await;
    assert_eq!(run(&pool, "specialty=mental_health").await.total, mental);
}
