//! The catalogue search against the real seed data: filter semantics, facet
//! counts, ranking, sorting and paging. Expected values come from independent
//! SQL over the base tables, not from the search view under test.

use crate::{
    builders::{TechnologyBuilder, reference_only},
    helpers::{reference_counts, seed_real_data},
};
use app::{
    db::search::search,
    domain::{CatalogueQuery, CatalogueResults, FacetKey, PAGE_SIZE, Sort, page_count},
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
        .find(|f| f.key.name() == key)
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
    let icb = r
        .facets
        .iter()
        .find(|f| f.key == FacetKey::Icb)
        .expect("icb facet");
    assert_eq!(icb.options.len() as i64, reference_counts().icbs);
    assert!(icb.options.iter().any(|o| o.count == 0));
    assert!(
        r.facets
            .iter()
            .find(|f| f.key == FacetKey::Setting)
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
    assert_eq!(
        option_count(&r, "deployed", "no"),
        reference_counts().technologies - deployed
    );
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
    assert_eq!(
        run(&pool, "q=the").await.total,
        reference_counts().technologies
    );
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
    let total = reference_counts().technologies;
    let pages = page_count(total);
    assert!(pages >= 2, "the real data fills more than one page");
    let per_page = i64::from(PAGE_SIZE);
    let last = total - per_page * i64::from(pages - 1);
    let mut seen = Vec::new();
    for page in 1..=pages {
        let r = run(&pool, &format!("page={page}")).await;
        assert_eq!((r.total, r.pages, r.page), (total, pages, page));
        let expected = if page < pages { per_page } else { last };
        assert_eq!(r.items.len() as i64, expected);
        seen.extend(slugs(&r));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len() as i64, total, "no technology on two pages");
    let names: Vec<String> =
        sqlx::query_scalar("select slug from technology order by lower(name), slug")
            .fetch_all(&pool)
            .await
            .expect("names");
    assert_eq!(seen, names, "default order without a search is by name");
    let past = run(&pool, "page=99").await;
    assert_eq!((past.page, past.items.len() as i64), (pages, last));
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
    assert_eq!(
        count(&pool, "select count(*) from technology").await,
        reference_counts().technologies
    );
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

/// Three listed technologies and a withdrawn one, built for the test.
async fn built_catalogue(pool: &PgPool) {
    reference_only(pool).await;
    TechnologyBuilder::new("alpha")
        .ai(true)
        .setting("primary_care")
        .deployed_in("QRV")
        .benefit("Fewer clinic visits", true)
        .insert(pool)
        .await;
    TechnologyBuilder::new("beta")
        .setting("primary_care")
        .benefit("Shorter waits", false)
        .insert(pool)
        .await;
    TechnologyBuilder::new("gamma")
        .ai(true)
        .setting("home_remote")
        .insert(pool)
        .await;
    TechnologyBuilder::new("delta")
        .ai(true)
        .setting("primary_care")
        .deployed_in("QRV")
        .withdrawn()
        .insert(pool)
        .await;
}

#[sqlx::test(migrations = "../migrations")]
async fn counts_follow_the_built_rows_and_leave_out_the_withdrawn(pool: PgPool) {
    built_catalogue(&pool).await;
    let all = run(&pool, "").await;
    assert_eq!(slugs(&all), ["alpha", "beta", "gamma"]);
    let counts = |r: &CatalogueResults, key: &str| -> Vec<(String, i64)> {
        r.facets
            .iter()
            .find(|f| f.key.name() == key)
            .expect("listed")
            .options
            .iter()
            .filter(|o| o.count > 0)
            .map(|o| (o.value.clone(), o.count))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let pairs = |list: &[(&str, i64)]| -> Vec<(String, i64)> {
        list.iter()
            .map(|(v, n)| ((*v).to_owned(), *n))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    assert_eq!(counts(&all, "ai"), pairs(&[("yes", 2), ("no", 1)]));
    assert_eq!(counts(&all, "deployed"), pairs(&[("yes", 1), ("no", 2)]));
    assert_eq!(counts(&all, "icb"), pairs(&[("QRV", 1)]));
    assert_eq!(
        counts(&all, "setting"),
        pairs(&[("primary_care", 2), ("home_remote", 1)])
    );
    // Under a filter, the other facets count within it and its own facet
    // counts as if it were not set.
    let ai = run(&pool, "ai=yes").await;
    assert_eq!(ai.total, 2);
    assert_eq!(counts(&ai, "ai"), pairs(&[("yes", 2), ("no", 1)]));
    assert_eq!(
        counts(&ai, "setting"),
        pairs(&[("primary_care", 1), ("home_remote", 1)])
    );
    let both = run(&pool, "ai=yes&setting=primary_care").await;
    assert_eq!(slugs(&both), ["alpha"]);
    assert_eq!(counts(&both, "deployed"), pairs(&[("yes", 1)]));
    // Every claim verified against none: the verification facet tells them apart.
    assert!(slugs(&run(&pool, "verified=high").await).contains(&"alpha".to_owned()));
    let low = slugs(&run(&pool, "verified=low").await);
    assert!(low.contains(&"beta".to_owned()) && !low.contains(&"alpha".to_owned()));
}

#[sqlx::test(migrations = "../migrations")]
async fn the_catalogue_wide_counts_agree_with_counting_every_column(pool: PgPool) {
    // The unfiltered counts are read from the index's totals, not counted per
    // request: each must equal an independent count over the view's column.
    seed_real_data(&pool).await;
    let precomputed = run(&pool, "").await;
    for spec in app::domain::FACETS {
        let test = if spec.multi {
            format!("$1 = any({})", spec.column)
        } else {
            format!("{}::text = $1", spec.column)
        };
        let facet = precomputed
            .facets
            .iter()
            .find(|f| f.key == spec.key)
            .expect("every facet is listed");
        for option in &facet.options {
            let expected: i64 = sqlx::query_scalar(&format!(
                "select count(*) from catalogue_entry where {test}"
            ))
            .bind(&option.value)
            .fetch_one(&pool)
            .await
            .expect("count");
            assert_eq!(option.count, expected, "{}={}", spec.name, option.value);
        }
    }
    // And they agree with counting: a search of stop words only matches every
    // row but is counted over the rows, not read from the totals.
    let counted = run(&pool, "q=the").await;
    assert_eq!(precomputed.total, counted.total);
    assert_eq!(precomputed.facets, counted.facets);
}
