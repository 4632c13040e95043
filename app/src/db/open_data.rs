//! Reading what the open-data files publish: when the catalogue last changed,
//! which technologies are listed, and the reference lists.

use crate::open_data::model::ReferenceLists;
use chrono::{DateTime, Utc};
use sqlx::PgConnection;

/// The catalogue's last change (kept by the triggers of migration 0011).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct LastChange {
    /// Goes up by one with every write to a published table.
    pub version: i64,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// When the published catalogue last changed.
pub async fn last_change(db: &mut PgConnection) -> sqlx::Result<LastChange> {
    sqlx::query_as("select version, changed_at from catalogue_change")
        .fetch_one(db)
        .await
}

/// The time of the reading (the transaction's start, so one file has one time).
pub async fn now(db: &mut PgConnection) -> sqlx::Result<DateTime<Utc>> {
    sqlx::query_scalar("select now()").fetch_one(db).await
}

/// The ids of the technologies the catalogue lists, by name.
pub async fn listed_ids(db: &mut PgConnection) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "select t.id from catalogue_entry e join technology t on t.id = e.technology_id
         order by lower(t.name), t.slug",
    )
    .fetch_all(db)
    .await
}

/// The reference lists, each in its natural order.
pub async fn reference_lists(db: &mut PgConnection) -> sqlx::Result<ReferenceLists> {
    Ok(ReferenceLists {
        regions: sqlx::query_as("select ods_code, ons_code, name, source from region order by name")
            .fetch_all(&mut *db)
            .await?,
        icbs: sqlx::query_as("select ods_code, name, region_ods_code, source from icb order by name")
            .fetch_all(&mut *db)
            .await?,
        care_settings: sqlx::query_as(
            "select id, label, null::text as meaning, verified, source from care_setting order by label",
        )
        .fetch_all(&mut *db)
        .await?,
        technology_types: sqlx::query_as(
            "select id, label, null::text as meaning, verified, source from technology_type order by label",
        )
        .fetch_all(&mut *db)
        .await?,
        deployment_stages: sqlx::query_as(
            "select id, label, meaning, verified, source from deployment_stage order by ordinal",
        )
        .fetch_all(&mut *db)
        .await?,
        regulatory_essentials: sqlx::query_as(
            "select id, name, category, owner, owner_verified, description, description_verified,
                    applies_to, sources
             from regulatory_essential order by category, name",
        )
        .fetch_all(&mut *db)
        .await?,
    })
}
