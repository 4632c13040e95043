//! The catalogue-wide parts of a search, kept between writes: the facet index
//! and every facet's option list. They are keyed by the catalogue version
//! (`catalogue_change.version`, which triggers on every published table bump
//! in the writer's own transaction, the same one that rebuilds the search
//! views), and by the database. Each search reads that key from
//! Postgres first, so no replica answers from parts older than the last
//! committed change; only a changed key loads them again. Nothing here is a
//! response cache: every search still filters, counts and orders.

use super::index::{CatalogueIndex, IndexRow};
use crate::db::catalogue_cache::{self, ByVersion, CatalogueKey};
use crate::domain::{FACETS, FacetKey, FacetOptions, short_label};
use sqlx::{Connection, PgConnection, Row};
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
}

/// The snapshot of each database's current catalogue version (tests use
/// several databases), held like the technology pages' data.
static HELD: ByVersion<(), Arc<Snapshot>> = ByVersion::new(1);
/// One load at a time, so a change is loaded once, not once per request.
static LOADING: LazyLock<tokio::sync::Mutex<()>> = LazyLock::new(tokio::sync::Mutex::default);

/// The snapshot of the catalogue as it is now: one small query when nothing
/// changed since the last search, a load when something did.
pub async fn current(db: &mut PgConnection) -> sqlx::Result<Arc<Snapshot>> {
    let key = catalogue_cache::key(&mut *db).await?;
    if !key.shareable {
        // Inside a writing transaction: its own view, never shared.
        return Ok(Arc::new(load(db).await?.1));
    }
    if let Some(s) = HELD.get(key, &()) {
        return Ok(s);
    }
    let _one = LOADING.lock().await;
    if let Some(s) = HELD.get(key, &()) {
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
    HELD.put(key, (), snapshot.clone());
    Ok(snapshot)
}

/// Reads the key and the parts it names.
async fn load(db: &mut PgConnection) -> sqlx::Result<(CatalogueKey, Snapshot)> {
    let key = catalogue_cache::key(&mut *db).await?;
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
