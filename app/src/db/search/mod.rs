//! The catalogue search: filters, faceted counts, ranking, sorting and paging.
//!
//! The catalogue-wide parts (the facet index and the option lists) are kept
//! between writes, keyed by the catalogue version ([`snapshot`]); the index
//! filters, counts and orders in memory ([`index`]), and the text matches in
//! memory too ([`lexicon`]). Postgres answers the parts that depend on the
//! request: the version, the words' spelling and stems ([`text`]), the
//! readiness tallies, the comparison tray and the page's rows. So a search
//! is a fixed, small number of queries whatever the catalogue's size.

mod index;
mod lexicon;
mod snapshot;
mod text;

use super::technologies::list_by_ids;
use crate::domain::{
    AlsoSearched, CatalogueQuery, CatalogueResults, FACET_COUNT, FACETS, Facet, FacetOption,
    PAGE_SIZE, ReadyFilter, Suggestion, Tally, page_count,
};
use chrono::NaiveDate;
use index::{CatalogueIndex, Evaluation, Probe};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use std::collections::{BTreeMap, HashMap};

/// Rebuilds the search views after technologies or claims change. Call it
/// inside the writing transaction (whose writes bump the catalogue version, so
/// every server loads the new catalogue-wide parts after it commits). `concurrently`: readers keep
/// reading the old rows until the transaction commits; they are never blocked
/// by a curator's edit. (Plain queries rather than one `raw_sql` batch:
/// `raw_sql`'s future is not `Send`, and curator actions run it inside axum
/// handlers.)
///
/// The rebuild reads every technology, so at scale it outlasts the web pool's
/// statement timeout (meant for readers): the transaction lifts it for itself.
pub async fn refresh(db: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query("set local statement_timeout = '120s'")
        .execute(&mut *db)
        .await?;
    for view in ["catalogue_entry", "catalogue_word"] {
        sqlx::query(&format!("refresh materialized view concurrently {view}"))
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}

/// With a context: every technology's readiness tally, and the ids the
/// query's readiness filter accepts (`None` when there is no filter).
async fn readiness_scope(
    db: &mut PgConnection,
    query: &CatalogueQuery,
) -> sqlx::Result<(Option<BTreeMap<i64, Tally>>, Option<Vec<i64>>)> {
    if query.ctx.is_empty() {
        return Ok((None, None));
    }
    let tallies = super::readiness::tallies(db, &query.ctx).await?;
    let scope = query.ready.map(|f| super::readiness::accepted(&tallies, f));
    Ok((Some(tallies), scope))
}

/// Each readiness option with its count among `ids` (the results under the
/// other filters).
fn readiness_options(
    tallies: &BTreeMap<i64, Tally>,
    ids: &[i64],
    selected: Option<ReadyFilter>,
) -> Vec<FacetOption> {
    ReadyFilter::ALL
        .iter()
        .map(|f| FacetOption {
            value: f.as_str().to_owned(),
            label: f.label().to_owned(),
            count: ids
                .iter()
                .filter(|id| tallies.get(id).is_some_and(|t| f.accepts(*t)))
                .count() as i64,
            selected: selected == Some(*f),
        })
        .collect()
}

/// `query` without the facet values the catalogue does not know, and how many
/// were dropped.
fn known_only(query: &CatalogueQuery, options: &snapshot::Options) -> (CatalogueQuery, usize) {
    let mut known = query.clone();
    let mut dropped = 0;
    for (key, opts) in options {
        for value in query.facet(*key) {
            if !opts.iter().any(|(v, _)| v == value) {
                known = known.without(*key, value);
                dropped += 1;
            }
        }
    }
    if dropped > 0 {
        known.page = query.page;
    }
    (known, dropped)
}

/// A query's text match: the matching entries with their ranks, and what it
/// searched for besides the typed words.
struct TextMatch {
    hits: lexicon::Hits,
    also: Vec<AlsoSearched>,
}

async fn text_match(
    db: &mut PgConnection,
    snapshot: &snapshot::Snapshot,
    query: &CatalogueQuery,
) -> sqlx::Result<Option<TextMatch>> {
    let Some(q) = query.q.as_deref() else {
        return Ok(None);
    };
    let Some((words, also)) = text::query(&mut *db, q).await? else {
        return Ok(None);
    };
    let hits = match text::stemmed(db, &words).await? {
        Some(stemmed) => snapshot.lexicon.matches(&stemmed),
        // Stop words only: every entry, as no text would.
        None => (0..snapshot.index.len() as u32).map(|p| (p, 0.0)).collect(),
    };
    Ok(Some(TextMatch { hits, also }))
}

/// The filters of `query` in facet order, for the index.
fn probe<'a>(
    query: &'a CatalogueQuery,
    text: Option<&'a TextMatch>,
    scope: Option<&'a [i64]>,
    want_unscoped: bool,
) -> Probe<'a> {
    Probe {
        filters: std::array::from_fn::<_, FACET_COUNT, _>(|i| query.facet(FACETS[i].key)),
        text: text.map(|t| t.hits.as_slice()),
        scope,
        want_unscoped,
    }
}

/// The lower-cased search text, for the relevance order's name tiers.
fn name_query(query: &CatalogueQuery) -> Option<String> {
    query.q.as_deref().map(|q| q.trim().to_lowercase())
}

/// Runs a catalogue search on `db`: one page of results with every facet's
/// counts. A changed catalogue's parts are loaded on `db` too (tests, tools;
/// a transaction that wrote sees its own changes).
pub async fn search(
    db: &mut PgConnection,
    requested: &CatalogueQuery,
) -> sqlx::Result<CatalogueResults> {
    let snapshot = snapshot::current(&mut *db).await?;
    search_with(db, &snapshot, requested).await
}

/// A request's catalogue search, on a connection from `pool`. A changed
/// catalogue's parts are loaded by a task of their own, which a request that
/// gives up at its deadline does not cancel ([`snapshot::shared`]).
pub async fn search_pooled(
    pool: &PgPool,
    requested: &CatalogueQuery,
) -> sqlx::Result<CatalogueResults> {
    let snapshot = snapshot::shared(pool).await?;
    search_with(&mut *pool.acquire().await?, &snapshot, requested).await
}

/// Loads the current catalogue's parts ahead of the first search (a server
/// starting), so no visitor waits for them.
pub async fn prepare(pool: &PgPool) -> sqlx::Result<()> {
    snapshot::shared(pool).await?;
    Ok(())
}

async fn search_with(
    db: &mut PgConnection,
    snapshot: &snapshot::Snapshot,
    requested: &CatalogueQuery,
) -> sqlx::Result<CatalogueResults> {
    let (mut query, mut unknown_filters) = known_only(requested, &snapshot.options);
    let tray = super::comparison::tray(&mut *db, &query.compare).await?;
    if tray.len() < query.compare.len() {
        unknown_filters += query.compare.len() - tray.len();
        query.compare = tray.iter().map(|c| c.slug.as_str().to_owned()).collect();
    }
    let (tallies, scope) = readiness_scope(&mut *db, &query).await?;
    let index = &snapshot.index;
    let text = text_match(&mut *db, snapshot, &query).await?;
    let probe = probe(&query, text.as_ref(), scope.as_deref(), tallies.is_some());
    let eval = index.evaluate(&probe);
    let readiness = tallies
        .as_ref()
        .map(|t| readiness_options(t, &eval.unscoped, query.ready))
        .unwrap_or_default();

    let total = eval.total();
    let pages = page_count(total);
    let page = query.page.min(pages);
    let ids = index.order(
        &eval,
        query.sort,
        name_query(&query).as_deref(),
        (page as usize - 1) * PAGE_SIZE as usize,
        PAGE_SIZE as usize,
    );
    let mut items = list_by_ids(&mut *db, &ids).await?;
    if let Some(t) = &tallies {
        for (item, id) in items.iter_mut().zip(&ids) {
            item.readiness = t.get(id).copied();
        }
    }

    let facets = snapshot
        .options
        .iter()
        .enumerate()
        .map(|(f, (key, opts))| {
            let selected = query.facet(*key);
            Facet {
                key: *key,
                label: key.spec().label.to_owned(),
                options: opts
                    .iter()
                    .map(|(value, label)| FacetOption {
                        count: index.count(&eval, f, value),
                        selected: selected.contains(value),
                        value: value.clone(),
                        label: label.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let suggestions = if total == 0 {
        suggestions(index, &eval, &probe, &query, eval.unscoped.len() as i64)
    } else {
        Vec::new()
    };
    Ok(CatalogueResults {
        query: CatalogueQuery { page, ..query },
        unknown_filters,
        total,
        page,
        pages,
        items,
        facets,
        suggestions,
        tray,
        readiness,
        also_searched: text.map(|t| t.also).unwrap_or_default(),
    })
}

/// For an empty result: each active filter with the number of results its
/// removal would give, most results first.
fn suggestions(
    index: &CatalogueIndex,
    eval: &Evaluation,
    probe: &Probe<'_>,
    query: &CatalogueQuery,
    without_ready: i64,
) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    if query.q.is_some() {
        out.push(Suggestion {
            label: "your search words".to_owned(),
            count: index.without_text(probe),
            href: query.without_search().href(),
        });
    }
    for (i, spec) in FACETS.iter().enumerate() {
        if !query.facet(spec.key).is_empty() {
            out.push(Suggestion {
                label: format!("the “{}” filter", spec.label),
                count: eval.without_facet(i),
                href: query.without_key(spec.key).href(),
            });
        }
    }
    if query.ready.is_some() {
        out.push(Suggestion {
            label: "the “Readiness for your organisation” filter".to_owned(),
            count: without_ready,
            href: query.with_ready(None).href(),
        });
    }
    out.retain(|s| s.count > 0);
    out.sort_by_key(|s| std::cmp::Reverse(s.count));
    out
}

/// One technology as the CSV and JSON exports write it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ExportRow {
    /// URL identifier.
    pub slug: String,
    /// Product name.
    pub name: String,
    /// Supplier, if documented.
    pub supplier: Option<String>,
    /// Whether the supplier was seen in its source.
    pub supplier_verified: bool,
    /// Technology type label.
    pub technology_type: String,
    /// Clinical area, if documented.
    pub clinical_area: Option<String>,
    /// Care setting labels.
    pub care_settings: Vec<String>,
    /// Catalogue specialty group labels (derived from the clinical area).
    pub specialties: Vec<String>,
    /// AI-enabled (derived from the type).
    pub ai_enabled: bool,
    /// NICE guidance references (`MTG32`).
    pub nice_guidance: Vec<String>,
    /// Regulatory essentials met (a verified record that holds, resting on a
    /// source other than the supplier).
    pub regulatory_met: Vec<String>,
    /// Documented NHS deployments.
    pub nhs_deployments: i32,
    /// Regions with a documented deployment.
    pub regions: Vec<String>,
    /// ICBs with a documented deployment.
    pub icbs: Vec<String>,
    /// `routine`, `early`, `briefing` or `none`.
    pub evidence_level: String,
    /// Share of its claims that are verified, 0–1.
    pub verified_share: f64,
    /// When a claim was last verified.
    pub last_verified_on: Option<NaiveDate>,
    /// The earliest re-check date of its verified claims.
    pub next_recheck_by: Option<NaiveDate>,
    /// Summary, if documented.
    pub summary: Option<String>,
    /// Whether the summary was seen in its source.
    pub summary_verified: bool,
    /// Sources for the technology as a whole.
    pub sources: Vec<String>,
}

/// Every technology matching `query` (all pages), in its order, for export
/// (a request's, like [`search_pooled`]).
pub async fn export(pool: &PgPool, requested: &CatalogueQuery) -> sqlx::Result<Vec<ExportRow>> {
    let snapshot = snapshot::shared(pool).await?;
    let db = &mut *pool.acquire().await?;
    let (query, _) = known_only(requested, &snapshot.options);
    let (_, scope) = readiness_scope(&mut *db, &query).await?;
    let index = &snapshot.index;
    let text = text_match(&mut *db, &snapshot, &query).await?;
    let eval = index.evaluate(&probe(&query, text.as_ref(), scope.as_deref(), false));
    let ids = index.order(
        &eval,
        query.sort,
        name_query(&query).as_deref(),
        0,
        usize::MAX,
    );
    let rows: Vec<(i64, ExportRow)> = sqlx::query_as::<_, ExportWithId>(EXPORT_SQL)
        .bind(&ids)
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.row))
        .collect();
    Ok(in_order(&ids, rows))
}

#[derive(sqlx::FromRow)]
struct ExportWithId {
    id: i64,
    #[sqlx(flatten)]
    row: ExportRow,
}

const EXPORT_SQL: &str = "
    select t.id, t.slug, t.name, t.supplier, t.supplier_verified, tt.label as technology_type,
           t.clinical_area, t.ai_enabled, t.summary, t.summary_verified, t.sources,
           coalesce((select array_agg(cs.label order by cs.label) from technology_care_setting x
                     join care_setting cs on cs.id = x.care_setting_id where x.technology_id = t.id), '{}') as care_settings,
           coalesce((select array_agg(g.label order by g.position) from technology_specialty_group x
                     join specialty_group g on g.id = x.specialty_group_id where x.technology_id = t.id), '{}') as specialties,
           coalesce((select array_agg(n.guidance_ref order by n.position) from nice_guidance n
                     where n.technology_id = t.id and n.withdrawn_on is null), '{}') as nice_guidance,
           e.reg as regulatory_met, e.deployments as nhs_deployments,
           coalesce((select array_agg(r.name order by r.name) from region r where r.ods_code = any(e.regions)), '{}') as regions,
           coalesce((select array_agg(i.name order by i.name) from icb i where i.ods_code = any(e.icbs)), '{}') as icbs,
           e.evidence as evidence_level, e.verified_share, e.last_verified as last_verified_on,
           (select min(recheck_by) from claim c where c.technology_id = t.id) as next_recheck_by
    from technology t
    join technology_type tt on tt.id = t.technology_type_id
    join catalogue_entry e on e.technology_id = t.id
    where t.id = any($1)";

/// Puts rows keyed by id into the order of `ids`.
pub(super) fn in_order<T>(ids: &[i64], rows: Vec<(i64, T)>) -> Vec<T> {
    let mut by_id: HashMap<i64, T> = rows.into_iter().collect();
    ids.iter().filter_map(|id| by_id.remove(id)).collect()
}
