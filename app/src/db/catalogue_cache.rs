//! Data derived from the catalogue, kept between writes and keyed by the
//! catalogue version: `catalogue_change.version`, which statement triggers on
//! every published table bump in the writer's own transaction (migration
//! 0011). Every reader asks Postgres for the key first (one small query), so
//! no server, replica or not, answers from data older than the last commit it
//! can see; a new version simply misses. The held data is derived and
//! disposable: the server still keeps nothing that matters in memory.
//!
//! A transaction that has written anything bypasses the caches (its own
//! uncommitted version must never be shared), and `DETAIL_CACHE=off` turns the
//! technology-page cache off, for measuring without it.

use chrono::NaiveDate;
use sqlx::PgConnection;
use std::{
    collections::HashMap,
    hash::Hash,
    sync::{LazyLock, Mutex, PoisonError},
};

/// What a cached value depends on: the database, the catalogue version and
/// the date (freshness is as of today).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct CatalogueKey {
    /// The database's oid (tests run many databases in one process).
    pub database: i64,
    /// `catalogue_change.version`.
    pub version: i64,
    /// The database's date.
    pub today: NaiveDate,
    /// False inside a transaction that has written: no cache then.
    pub shareable: bool,
}

/// The current key (one query).
pub async fn key(db: &mut PgConnection) -> sqlx::Result<CatalogueKey> {
    sqlx::query_as(
        "select d.oid::bigint as database, v.version, current_date as today,
                pg_current_xact_id_if_assigned() is null as shareable
         from catalogue_change v join pg_database d on d.datname = current_database()",
    )
    .fetch_one(db)
    .await
}

/// Whether the technology-page cache is on (`DETAIL_CACHE`, default on).
pub fn details_enabled() -> bool {
    static ON: LazyLock<bool> = LazyLock::new(|| {
        !std::env::var("DETAIL_CACHE").is_ok_and(|v| v.eq_ignore_ascii_case("off"))
    });
    *ON
}

/// Databases held at once (one in production; tests use several).
const DATABASES: usize = 4;

/// Values by key for the current catalogue version of each database, at most
/// `per_version` of them (past that, the map starts again).
#[derive(Debug)]
pub struct ByVersion<K, V> {
    held: Mutex<Vec<(CatalogueKey, HashMap<K, V>)>>,
    per_version: usize,
}

impl<K: Eq + Hash, V: Clone> ByVersion<K, V> {
    /// An empty cache.
    pub const fn new(per_version: usize) -> Self {
        Self {
            held: Mutex::new(Vec::new()),
            per_version,
        }
    }

    /// The value held for `k` at `key`.
    pub fn get<Q>(&self, key: CatalogueKey, k: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        if !key.shareable {
            return None;
        }
        let held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        held.iter()
            .find(|(k2, _)| *k2 == key)
            .and_then(|(_, map)| map.get(k).cloned())
    }

    /// Holds `v` for `k` at `key`, dropping what older versions held.
    pub fn put(&self, key: CatalogueKey, k: K, v: V) {
        if !key.shareable {
            return;
        }
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let at = match held.iter().position(|(k2, _)| *k2 == key) {
            Some(at) => at,
            None => {
                held.retain(|(k2, _)| k2.database != key.database);
                if held.len() >= DATABASES {
                    held.remove(0);
                }
                held.push((key, HashMap::new()));
                held.len() - 1
            }
        };
        let map = &mut held[at].1;
        if map.len() >= self.per_version {
            map.clear();
        }
        map.insert(k, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(database: i64, version: i64, shareable: bool) -> CatalogueKey {
        CatalogueKey {
            database,
            version,
            today: NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
            shareable,
        }
    }

    #[test]
    fn a_new_version_misses_and_replaces_the_old() {
        let cache: ByVersion<String, i32> = ByVersion::new(2);
        cache.put(key(1, 1, true), "a".into(), 1);
        assert_eq!(cache.get(key(1, 1, true), "a"), Some(1));
        assert_eq!(cache.get(key(1, 2, true), "a"), None);
        cache.put(key(1, 2, true), "a".into(), 2);
        assert_eq!(
            cache.get(key(1, 1, true), "a"),
            None,
            "the old version is gone"
        );
        assert_eq!(cache.get(key(1, 2, true), "a"), Some(2));
        // Another database is held beside it.
        cache.put(key(7, 1, true), "a".into(), 70);
        assert_eq!(cache.get(key(1, 2, true), "a"), Some(2));
        assert_eq!(cache.get(key(7, 1, true), "a"), Some(70));
    }

    #[test]
    fn a_writing_transaction_neither_reads_nor_fills_it_and_the_size_is_bounded() {
        let cache: ByVersion<String, i32> = ByVersion::new(2);
        cache.put(key(1, 1, false), "a".into(), 1);
        assert_eq!(cache.get(key(1, 1, true), "a"), None);
        cache.put(key(1, 1, true), "a".into(), 1);
        assert_eq!(cache.get(key(1, 1, false), "a"), None);
        cache.put(key(1, 1, true), "b".into(), 2);
        cache.put(key(1, 1, true), "c".into(), 3);
        assert_eq!(
            cache.get(key(1, 1, true), "a"),
            None,
            "started again past 2"
        );
        assert_eq!(cache.get(key(1, 1, true), "c"), Some(3));
    }
}
