//! Reading technologies.

use super::rows::TechnologyRow;
use crate::domain::{TechnologyDetail, TechnologySlug, TechnologySummary};
use sqlx::PgExecutor;

/// The select list shared by the technology queries; `concat!` keeps every query a
/// static string.
macro_rules! select_technology {
    () => {
        // language=PostgreSQL
        r#"
        select t.slug, t.name, t.supplier, t.supplier_verified, t.supplier_note,
               tt.label as type_label, t.summary, t.summary_verified, t.summary_note, t.sources
        from technology t
        join technology_type tt on tt.id = t.technology_type_id
        "#
    };
}

/// Every technology, sorted by name (case-insensitive, then slug for stability).
pub async fn list_all(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<TechnologySummary>> {
    sqlx::query_as::<_, TechnologyRow>(concat!(
        select_technology!(),
        "order by lower(t.name), t.slug"
    ))
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|row| row.into_summary().map(|(summary, _)| summary))
    .collect()
}

/// One technology by slug, or `None`.
pub async fn get_by_slug(
    db: impl PgExecutor<'_>,
    slug: &TechnologySlug,
) -> sqlx::Result<Option<TechnologyDetail>> {
    let row =
        sqlx::query_as::<_, TechnologyRow>(concat!(select_technology!(), "where t.slug = $1"))
            .bind(slug.as_str())
            .fetch_optional(db)
            .await?;
    row.map(|row| {
        row.into_summary()
            .map(|(summary, sources)| TechnologyDetail { summary, sources })
    })
    .transpose()
}

/// How many technologies the catalogue holds.
pub async fn count(db: impl PgExecutor<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar("select count(*) from technology")
        .fetch_one(db)
        .await
}
