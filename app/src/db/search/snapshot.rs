//! The catalogue-wide parts of a search, kept between writes: the facet index
//! and every facet's option list. They are keyed by the catalogue version
//! (`catalogue_change.version`, which triggers on every published table bump
//! in the writer's own transaction, the same one that rebuilds the search
//! views), and by the database. Each search reads that key from
//! Postgres first, so no replica answers from parts older than the last
//! committed change; only a changed key loads them again. Nothing here is a
//! response cache: every search still filters, counts and orders.

use super::index::{CatalogueIndex, IndexRow};
use crate::domain::{FACETS, FacetKey, FacetOptions, short_label};
use sqlx::{Connection, PgConnection, Row};
use std::sync::{Arc, LazyLock, Mutex};

/// Every facet's options: `(value, label)` in display order.
pub type Options = Vec<(FacetKey, Vec<(String, String)>)>;

/// What the searches of one catalogue version share.
#[derive(Debug)]
pub struct Snapshot {
    /// The facet index.
    pub index: CatalogueIndex,
    /// Every facet's options.
    pub options: Options,
}

/// (database oid, catalogue version).
type Key = (i64, i64);

fn key_of(k: &crate::db::catalogue_cache::CatalogueKey) -> Key {
    (k.database, k.version)
}

/// A snapshot with its key.
type Held = (Key, Arc<Snapshot>);

/// The snapshots held: one per database (tests use many), the newest few.
static HELD: LazyLock<Mutex<Vec<Held>>> = LazyLock::new(Mutex::default);
/// One load at a time, so a change is loaded once, not once per request.
static LOADING: LazyLock<tokio::sync::Mutex<()>> = LazyLock::new(tokio::sync::Mutex::default);
/// Databases whose snapshots are held at once.
const MAX_HELD: usize = 4;

fn held(key: Key) -> Option<Arc<Snapshot>> {
    let held = HELD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    held.iter().find(|(k, _)| *k == key).map(|(_, s)| s.clone())
}

fn hold(key: Key, snapshot: Arc<Snapshot>) {
    let mut held = HELD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    held.retain(|(k, _)| k.0 != key.0);
    if held.len() >= MAX_HELD {
        held.remove(0);
    }
    held.push((key, snapshot));
}

/// The snapshot of the catalogue as it is now: one small query when nothing
/// changed since the last search, a load when something did.
pub async fn current(db: &mut PgConnection) -> sqlx::Result<Arc<Snapshot>> {
    let current = crate::db::catalogue_cache::key(&mut *db).await?;
    let key = key_of(&current);
    if !current.shareable {
        // Inside a writing transaction: its own view, never shared.
        return Ok(Arc::new(load(db).await?.1));
    }
    if let Some(s) = held(key) {
        return Ok(s);
    }
    let _one = LOADING.lock().await;
    if let Some(s) = held(key) {
        return Ok(s);
    }
    // One consistent view: the version and the rows it names.
    let mut tx = db.begin().await?;
    sqlx::query("set transaction isolation level repeatable read, read only")
        .execute(&mut *tx)
        .await?;
    let (key, snapshot) = load(&mut tx).await?;
    tx.commit().await?;
    let snapshot = Arc::new(snapshot);
    hold(key, snapshot.clone());
    Ok(snapshot)
}

/// Reads the key and the parts it names.
async fn load(db: &mut PgConnection) -> sqlx::Result<(Key, Snapshot)> {
    let key = key_of(&crate::db::catalogue_cache::key(&mut *db).await?);
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
    Ok((
        key,
        Snapshot {
            index: CatalogueIndex::build(rows),
            options,
        },
    ))
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
