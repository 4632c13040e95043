//! The catalogue-wide parts of a search, kept between writes: the facet index
//! and every facet's option list. They are keyed by the catalogue version
//! (`catalogue_change.version`, which triggers on every published table bump
//! in the writer's own transaction, the same one that rebuilds the search
//! views), and by the database. Each search reads that key from
//! Postgres first, so no replica answers from parts older than the last
//! committed change; only a changed key loads them again. Nothing here is a
//! response cache: every search still filters, counts and orders.

use super::index::{CatalogueIndex, IndexRow};
use super::lexicon::Lexicon;
use crate::db::catalogue_cache::{self, ByVersion};
use crate::domain::{FACETS, FacetKey, FacetOptions, short_label};
use sqlx::{Connection, PgConnection, PgPool, Row};
use std::sync::{Arc, LazyLock};

/// Every facet's options: `(value, label)` in display order.
pub type Options = Vec<(FacetKey, Vec<(String, String)>)>;

/// What the searches of one catalogue version share.
#[derive(Debug)]
pub struct Snapshot {
    /// The facet index.
    pub index: CatalogueIndex,
    /// Every facet's options.
    pub options: Options,
    /// The search documents' lexemes, by entry.
    pub lexicon: Lexicon,
}

/// The snapshot of each database's current catalogue version (tests use
/// several databases), held like the technology pages' data.
static HELD: ByVersion<(), Arc<Snapshot>> = ByVersion::new(1);
/// One load at a time, so a change is loaded once, not once per request.
static LOADING: LazyLock<tokio::sync::Mutex<()>> = LazyLock::new(tokio::sync::Mutex::default);

/// The snapshot of the catalogue as `db` sees it: one small query when
/// nothing changed since the last search, a load on `db` when something did
/// (tests and tools; a transaction that wrote gets its own, never shared).
pub async fn current(db: &mut PgConnection) -> sqlx::Result<Arc<Snapshot>> {
    let key = catalogue_cache::key(&mut *db).await?;
    if !key.shareable {
        return Ok(Arc::new(load(db).await?));
    }
    if let Some(s) = HELD.get(key, &()) {
        return Ok(s);
    }
    let _one = LOADING.lock().await;
    load_held(db).await
}

/// The snapshot of the catalogue for a request. A load runs in a task of its
/// own, which takes a connection only once it is the one loading: a request
/// that gives up at its deadline stops waiting but does not cancel the load
/// (at 100,000 technologies it takes seconds, and the next request finds it
/// done), and requests waiting for it hold no connection.
pub async fn shared(pool: &PgPool) -> sqlx::Result<Arc<Snapshot>> {
    let key = catalogue_cache::key(&mut *pool.acquire().await?).await?;
    if let Some(s) = HELD.get(key, &()) {
        return Ok(s);
    }
    let pool = pool.clone();
    tokio::spawn(async move {
        let _one = LOADING.lock().await;
        load_held(&mut *pool.acquire().await?).await
    })
    .await
    .map_err(|_| sqlx::Error::WorkerCrashed)?
}

/// Loads the current version's snapshot and holds it, unless a load that
/// finished meanwhile holds it already. The caller holds `LOADING`.
async fn load_held(db: &mut PgConnection) -> sqlx::Result<Arc<Snapshot>> {
    // One consistent view: the version and the rows it names.
    let mut tx = db.begin().await?;
    sqlx::query("set transaction isolation level repeatable read, read only")
        .execute(&mut *tx)
        .await?;
    // Not a request's query: the web pool's timeout is lifted for it.
    sqlx::query("set local statement_timeout = '60s'")
        .execute(&mut *tx)
        .await?;
    let key = catalogue_cache::key(&mut tx).await?;
    if let Some(s) = HELD.get(key, &()) {
        return Ok(s);
    }
    let snapshot = Arc::new(load(&mut tx).await?);
    tx.commit().await?;
    HELD.put(key, (), snapshot.clone());
    Ok(snapshot)
}

/// Reads the facet index's rows and the option lists, and builds the index.
async fn load(db: &mut PgConnection) -> sqlx::Result<Snapshot> {
    let rows = sqlx::query(ROWS_SQL.as_str())
        .fetch_all(&mut *db)
        .await?
        .iter()
        .map(|r| {
            Ok(IndexRow {
                id: r.try_get(0)?,
                name_key: r.try_get(1)?,
                slug: r.try_get(2)?,
                deployments: r.try_get(3)?,
                last_verified: r.try_get(4)?,
                values: (0..FACETS.len())
                    .map(|i| r.try_get(5 + i))
                    .collect::<sqlx::Result<_>>()?,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    let options = options(db).await?;
    let index = CatalogueIndex::build(rows);
    let lexicon = lexicon(db, &index).await?;
    Ok(Snapshot {
        index,
        options,
        lexicon,
    })
}

/// Every lexeme of every listed technology's search document, with the best
/// weight it has there, one string of weights per technology. The document
/// is the name (A), then the supplier (B), then the text (C), and a lexeme's
/// positions ascend, so its first weight is its best.
async fn lexicon(db: &mut PgConnection, index: &CatalogueIndex) -> sqlx::Result<Lexicon> {
    let rows: Vec<(i64, Vec<String>, String)> = sqlx::query_as(
        "select e.technology_id, l.lexemes, l.weights
         from catalogue_entry e
         cross join lateral (select coalesce(array_agg(u.lexeme), '{}') as lexemes,
                                    coalesce(string_agg(u.weights[1], ''), '') as weights
                             from unnest(e.document) u) l",
    )
    .fetch_all(db)
    .await?;
    Ok(Lexicon::build(rows.into_iter().flat_map(
        |(id, lexemes, weights)| {
            let pos = index.position_of(id);
            let weights: Vec<char> = weights.chars().collect();
            lexemes
                .into_iter()
                .zip(weights.into_iter().chain(std::iter::repeat('D')))
                .filter_map(move |(lexeme, w)| Some((pos?, lexeme, w)))
        },
    )))
}

/// Every listed technology with its facet values, each facet as a text array.
static ROWS_SQL: LazyLock<String> = LazyLock::new(|| {
    let columns: Vec<String> = FACETS
        .iter()
        .map(|f| {
            if f.multi {
                format!("e.{}::text[]", f.column)
            } else {
                format!("array[e.{}::text]", f.column)
            }
        })
        .collect();
    format!(
        "select e.technology_id, e.name_key, e.slug, e.deployments, e.last_verified, {}
         from catalogue_entry e",
        columns.join(", ")
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

/// Every facet's options, from the reference tables or the domain's fixed lists.
async fn options(db: &mut PgConnection) -> sqlx::Result<Options> {
    let rows: Vec<(String, String, String)> = sqlx::query(OPTIONS_SQL.as_str())
        .fetch_all(db)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<sqlx::Result<_>>()?;
    Ok(FACETS
        .iter()
        .map(|spec| {
            let options = spec.fixed_options().unwrap_or_else(|| {
                rows.iter()
                    .filter(|(key, _, _)| key == spec.name)
                    .map(|(_, value, label)| (value.clone(), short_label(label)))
                    .collect()
            });
            (spec.key, options)
        })
        .collect())
}
