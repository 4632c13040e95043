//! The catalogue search: filters, faceted counts, ranking, sorting and paging,
//! all in SQL over the `catalogue_entry` materialized view.
//!
//! One search runs a fixed number of queries whatever the result size: the
//! facet options, the counts (with the total), one page of ids, and the list
//! rows for those ids; an empty result adds one query for the suggestions.
//! The SQL is assembled from constant fragments only; every user value is bound.

use super::technologies::list_by_ids;
use crate::domain::{
    CatalogueQuery, CatalogueResults, FACET_COUNT, FACETS, Facet, FacetKey, FacetOption,
    FacetOptions, PAGE_SIZE, ReadyFilter, Sort, Suggestion, Tally, page_count, prefix_tsquery,
    short_label,
};
use chrono::NaiveDate;
use serde::Serialize;
use sqlx::PgConnection;
use std::{
    collections::{BTreeMap, HashMap},
    sync::LazyLock,
};

/// Rebuilds the search views after technologies or claims change. Call it inside
/// the writing transaction. `concurrently`: readers keep reading the old rows
/// until the transaction commits; they are never blocked by a curator's edit.
/// (Two plain queries rather than one `raw_sql` batch: `raw_sql`'s future is not
/// `Send`, and curator actions run it inside axum handlers.)
///
/// The rebuild reads every technology, so at scale it outlasts the web pool's
/// statement timeout (meant for readers): the transaction lifts it for itself.
pub async fn refresh(db: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query("set local statement_timeout = '60s'")
        .execute(&mut *db)
        .await?;
    for view in ["catalogue_entry", "catalogue_facet_total"] {
        sqlx::query(&format!("refresh materialized view concurrently {view}"))
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}

/// The parameter holding the readiness scope: after the search text (`$1`)
/// and one array per facet.
const SCOPE: usize = FACET_COUNT + 2;

/// `base`: the rows matching the search text, each with one boolean per facet
/// (`m_<i>`: does the row pass that facet's filter). `$1` is the prefix tsquery
/// text or null; `$2…` the facet values in [`FACETS`] order (each facet's
/// column and whether it holds many values come from its specification). With
/// `text_in_where = false` the text match becomes column `m_text` instead;
/// `ranked` computes the relevance rank (only the relevance order needs it).
fn base_cte(text_in_where: bool, ranked: bool) -> String {
    let mut cols = Vec::new();
    for (i, spec) in FACETS.iter().enumerate() {
        let (p, column) = (i + 2, spec.column);
        let test = if spec.multi {
            format!("e.{column} && ${p}::text[]")
        } else {
            format!("e.{column} = any(${p}::text[])")
        };
        cols.push(format!(
            "(cardinality(${p}::text[]) = 0 or {test}) as m_{i}"
        ));
    }
    let text = "(p.tsq is null or numnode(p.tsq) = 0 or e.document @@ p.tsq)";
    // The ids the readiness filter accepts, or null for no such filter.
    let scope =
        format!("(${SCOPE}::bigint[] is null or e.technology_id = any(${SCOPE}::bigint[]))");
    let (extra, filter) = if text_in_where {
        (String::new(), format!("where {scope} and {text}"))
    } else {
        (format!(", {text} as m_text"), format!("where {scope}"))
    };
    format!(
        "with params as (
             select case when $1::text is null then null else to_tsquery('english', $1::text) end as tsq
         ), base as (
             select e.technology_id, e.name_key, e.slug, e.deployments, e.last_verified,
                    {columns},
                    {rank} as rank,
                    {cols}{extra}
             from catalogue_entry e cross join params p
             {filter}
         )",
        cols = cols.join(",\n                    "),
        columns = FACETS
            .iter()
            .map(|f| format!("e.{}", f.column))
            .collect::<Vec<_>>()
            .join(", "),
        rank = if ranked {
            "case when p.tsq is null or numnode(p.tsq) = 0 then 0 else ts_rank(e.document, p.tsq) end"
        } else {
            "0"
        },
    )
}

/// Every facet filter except `skip` (all of them when `skip` is out of range).
fn all_but(skip: usize) -> String {
    let parts: Vec<String> = (0..FACET_COUNT)
        .filter(|&i| i != skip)
        .map(|i| format!("m_{i}"))
        .collect();
    parts.join(" and ")
}

/// True when no filter but facet `skip`'s own applies (no search text or
/// readiness filter either):
/// that facet's counts are then the catalogue-wide ones.
fn unfiltered_but(skip: usize) -> String {
    let mut parts = vec![
        "$1::text is null".to_owned(),
        format!("${SCOPE}::bigint[] is null"),
    ];
    parts.extend(
        (0..FACET_COUNT)
            .filter(|&i| i != skip)
            .map(|i| format!("cardinality(${}::text[]) = 0", i + 2)),
    );
    format!("({})", parts.join(" and "))
}

/// Counts per facet option under the other facets' filters, plus the total.
///
/// Only rows that fail at most one facet can count anywhere: `hits` fail none
/// (they are the results), `near` fail exactly one (`failed`), and facet `i`
/// counts `hits` plus the `near` rows that failed `i`. Where no other filter
/// applies, the precomputed `catalogue_facet_total` answers instead, so the
/// unfiltered catalogue costs no counting at all.
static COUNTS_SQL: LazyLock<String> = LazyLock::new(|| {
    let n = FACET_COUNT;
    let fails: Vec<String> = (0..n).map(|i| format!("(not m_{i})::int")).collect();
    let first_failed: Vec<String> = (0..n).map(|i| format!("when not m_{i} then {i}")).collect();
    let columns: Vec<&str> = FACETS.iter().map(|f| f.column).collect();
    let mut branches = vec![
        format!(
            "select key, value, n from catalogue_facet_total where key = 'total' and {}",
            unfiltered_but(usize::MAX)
        ),
        format!(
            "select 'total', '', count(*) from hits where not {} group by 1, 2",
            unfiltered_but(usize::MAX)
        ),
    ];
    for (i, spec) in FACETS.iter().enumerate() {
        let (key, column) = (spec.name, spec.column);
        // Arrays are unnested; a scalar column is its own value.
        let (from, value) = if spec.multi {
            (
                format!("cross join unnest(x.{column}) as v"),
                "v".to_owned(),
            )
        } else {
            (String::new(), format!("x.{column}"))
        };
        let p = i + 2;
        branches.push(format!(
            "select key, value, n from catalogue_facet_total where key = '{key}' and {}",
            unfiltered_but(i)
        ));
        branches.push(format!(
            "select '{key}', {value}, count(*)
             from (select {column} from hits
                   union all select {column} from near where failed = {i} and cardinality(${p}::text[]) > 0) x
             {from}
             where not {} group by 1, 2",
            unfiltered_but(i)
        ));
    }
    format!(
        "{base}, flagged as (
             select {columns}, {fails} as fails, case {first_failed} else -1 end as failed
             from base
         ), hits as (
             select * from flagged where fails = 0
         ), near as (
             select * from flagged where fails = 1
         )
         {branches}",
        base = base_cte(true, false),
        columns = columns.join(", "),
        fails = fails.join(" + "),
        first_failed = first_failed.join(" "),
        branches = branches.join("\nunion all "),
    )
});

/// One page of ids in the chosen order, with a limit and an offset after the
/// readiness scope.
fn page_sql(sort: Sort) -> &'static str {
    static SQL: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
        Sort::ALL
            .iter()
            .map(|s| {
                let order = match s {
                    Sort::Relevance => "rank desc, name_key, slug",
                    Sort::Name => "name_key, slug",
                    Sort::Deployments => "deployments desc, name_key, slug",
                    Sort::Recent => "last_verified desc nulls last, name_key, slug",
                };
                let sql = format!(
                    "{} select technology_id from base where {} order by {order} limit ${} offset ${}",
                    base_cte(true, *s == Sort::Relevance),
                    all_but(usize::MAX),
                    SCOPE + 1,
                    SCOPE + 2,
                );
                (s.as_str(), sql)
            })
            .collect()
    });
    SQL.get(sort.as_str()).map_or("", String::as_str)
}

/// Results without each filter in turn, for the empty state: `n_text` without
/// the search text, `n_<i>` without facet `i`.
static SUGGESTIONS_SQL: LazyLock<String> = LazyLock::new(|| {
    let mut cols = vec![format!(
        "count(*) filter (where {}) as n_text",
        all_but(usize::MAX)
    )];
    for i in 0..FACET_COUNT {
        cols.push(format!(
            "count(*) filter (where m_text and {}) as n_{i}",
            all_but(i)
        ));
    }
    format!(
        "{} select {} from base",
        base_cte(false, false),
        cols.join(", ")
    )
});

/// The option lists that live in reference tables, from each facet's
/// specification: `key, value, label, position`.
static OPTIONS_SQL: LazyLock<String> = LazyLock::new(|| {
    let selects: Vec<String> = FACETS
        .iter()
        .filter_map(|f| match f.options {
            FacetOptions::Table(select) => Some(format!(
                "select '{}' as key, value, label, position from ({select}) as o(value, label, position)",
                f.name
            )),
            _ => None,
        })
        .collect();
    format!(
        "{} order by key, position, label",
        selects.join(" union all ")
    )
});

#[derive(sqlx::FromRow)]
struct OptionRow {
    key: String,
    value: String,
    label: String,
}

#[derive(sqlx::FromRow)]
struct CountRow {
    key: String,
    value: String,
    n: i64,
}

/// Binds the search text, the facet values in [`FACETS`] order and the
/// readiness scope (`None`: no readiness filter).
fn bind_filters<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>,
    q: &CatalogueQuery,
    scope: Option<Vec<i64>>,
) -> sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments> {
    let mut query = query.bind(q.q.as_deref().and_then(prefix_tsquery));
    for (_, values) in q.filters.iter() {
        query = query.bind(values.to_vec());
    }
    query.bind(scope)
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

/// Every id matching the query's filters (all pages), in its order.
async fn all_ids(
    db: &mut PgConnection,
    query: &CatalogueQuery,
    scope: Option<Vec<i64>>,
) -> sqlx::Result<Vec<i64>> {
    Ok(bind_filters(
        sqlx::query_as::<_, (i64,)>(page_sql(query.sort)),
        query,
        scope,
    )
    .bind(i64::MAX)
    .bind(0_i64)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(id,)| id)
    .collect())
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

/// Every facet's options, from the reference tables or the domain's fixed lists.
async fn facet_options(
    db: &mut PgConnection,
) -> sqlx::Result<Vec<(FacetKey, Vec<(String, String)>)>> {
    let rows: Vec<OptionRow> = sqlx::query_as(OPTIONS_SQL.as_str()).fetch_all(db).await?;
    Ok(FACETS
        .iter()
        .map(|spec| {
            let options = spec.fixed_options().unwrap_or_else(|| {
                rows.iter()
                    .filter(|r| r.key == spec.name)
                    .map(|r| (r.value.clone(), short_label(&r.label)))
                    .collect()
            });
            (spec.key, options)
        })
        .collect())
}

/// `query` without the facet values the catalogue does not know, and how many
/// were dropped.
fn known_only(
    query: &CatalogueQuery,
    options: &[(FacetKey, Vec<(String, String)>)],
) -> (CatalogueQuery, usize) {
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

/// Runs a catalogue search: one page of results with every facet's counts.
pub async fn search(
    db: &mut PgConnection,
    requested: &CatalogueQuery,
) -> sqlx::Result<CatalogueResults> {
    let options = facet_options(&mut *db).await?;
    let (mut query, mut unknown_filters) = known_only(requested, &options);
    let tray = super::comparison::tray(&mut *db, &query.compare).await?;
    if tray.len() < query.compare.len() {
        unknown_filters += query.compare.len() - tray.len();
        query.compare = tray.iter().map(|c| c.slug.as_str().to_owned()).collect();
    }

    let (tallies, scope) = readiness_scope(&mut *db, &query).await?;
    let (readiness, without_ready) = match &tallies {
        Some(t) => {
            let others = all_ids(&mut *db, &query, None).await?;
            (
                readiness_options(t, &others, query.ready),
                others.len() as i64,
            )
        }
        None => (Vec::new(), 0),
    };
    let counts: Vec<CountRow> =
        bind_filters(sqlx::query_as(COUNTS_SQL.as_str()), &query, scope.clone())
            .fetch_all(&mut *db)
            .await?;
    let count_of = |key: &str, value: &str| {
        counts
            .iter()
            .find(|c| c.key == key && c.value == value)
            .map_or(0, |c| c.n)
    };
    let total = count_of("total", "");
    let pages = page_count(total);
    let page = query.page.min(pages);

    let ids: Vec<i64> = bind_filters(
        sqlx::query_as::<_, (i64,)>(page_sql(query.sort)),
        &query,
        scope.clone(),
    )
    .bind(i64::from(PAGE_SIZE))
    .bind(i64::from(page - 1) * i64::from(PAGE_SIZE))
    .fetch_all(&mut *db)
    .await?
    .into_iter()
    .map(|(id,)| id)
    .collect();
    let mut items = list_by_ids(&mut *db, &ids).await?;
    if let Some(t) = &tallies {
        for (item, id) in items.iter_mut().zip(&ids) {
            item.readiness = t.get(id).copied();
        }
    }

    let facets = options
        .into_iter()
        .map(|(key, opts)| {
            let selected = query.facet(key);
            Facet {
                key,
                label: key.spec().label.to_owned(),
                options: opts
                    .into_iter()
                    .map(|(value, label)| FacetOption {
                        count: count_of(key.name(), &value),
                        selected: selected.contains(&value),
                        value,
                        label,
                    })
                    .collect(),
            }
        })
        .collect();
    let suggestions = if total == 0 {
        suggestions(&mut *db, &query, scope, without_ready).await?
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
    })
}

/// For an empty result: each active filter with the number of results its
/// removal would give, most results first.
async fn suggestions(
    db: &mut PgConnection,
    query: &CatalogueQuery,
    scope: Option<Vec<i64>>,
    without_ready: i64,
) -> sqlx::Result<Vec<Suggestion>> {
    let row = bind_filters(
        sqlx::query_as::<_, SuggestionRow>(SUGGESTIONS_SQL.as_str()),
        query,
        scope,
    )
    .fetch_one(db)
    .await?;
    let mut out: Vec<Suggestion> = Vec::new();
    if query.q.is_some() {
        out.push(Suggestion {
            label: "your search words".to_owned(),
            count: row.n_text,
            href: query.without_search().href(),
        });
    }
    for (i, spec) in FACETS.iter().enumerate() {
        if !query.facet(spec.key).is_empty() {
            out.push(Suggestion {
                label: format!("the “{}” filter", spec.label),
                count: row.n.get(i).copied().unwrap_or(0),
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
    Ok(out)
}

/// The suggestion counts, read by column name.
struct SuggestionRow {
    n_text: i64,
    n: Vec<i64>,
}

impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for SuggestionRow {
    fn from_row(row: &'r sqlx::postgres::PgRow) -> sqlx::Result<Self> {
        use sqlx::Row;
        Ok(Self {
            n_text: row.try_get("n_text")?,
            n: (0..FACET_COUNT)
                .map(|i| row.try_get(format!("n_{i}").as_str()))
                .collect::<sqlx::Result<_>>()?,
        })
    }
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

/// Every technology matching `query` (all pages), in its order, for export.
pub async fn export(
    db: &mut PgConnection,
    requested: &CatalogueQuery,
) -> sqlx::Result<Vec<ExportRow>> {
    let options = facet_options(&mut *db).await?;
    let (query, _) = known_only(requested, &options);
    let (_, scope) = readiness_scope(&mut *db, &query).await?;
    let ids = all_ids(&mut *db, &query, scope).await?;
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
