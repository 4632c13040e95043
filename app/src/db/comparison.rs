//! Loading a comparison: the chosen technologies with every claim (the same
//! queries as their pages, run once for all of them), suggestions when fewer
//! than two are chosen, and the names of a comparison tray.

use super::technologies::get_by_slugs;
use crate::domain::{CompareQuery, Comparison, MatrixColumn, TechnologySlug, build_matrix};
use sqlx::PgConnection;

/// Technologies suggested on a comparison of fewer than two.
const SUGGESTIONS: i64 = 6;

/// The comparison for `query`; slugs that are not in the catalogue are listed
/// as not found and left out.
pub async fn load(db: &mut PgConnection, query: &CompareQuery) -> sqlx::Result<Comparison> {
    let parsed: Vec<Option<TechnologySlug>> = query
        .techs
        .iter()
        .map(|s| TechnologySlug::parse(s).ok())
        .collect();
    let valid: Vec<TechnologySlug> = parsed.iter().flatten().cloned().collect();
    let mut found = get_by_slugs(&mut *db, &valid).await?.into_iter();
    let mut details = Vec::new();
    let mut not_found = Vec::new();
    for (slug, parsed) in query.techs.iter().zip(&parsed) {
        let detail = parsed.as_ref().and_then(|_| found.next().flatten());
        match detail {
            Some(d) => details.push(d),
            None => not_found.push(slug.clone()),
        }
    }
    let columns: Vec<MatrixColumn> = details
        .iter()
        .map(|d| MatrixColumn {
            slug: d.summary.slug.clone(),
            name: d.summary.name.clone(),
        })
        .collect();
    let kept: Vec<String> = columns.iter().map(|c| c.slug.as_str().to_owned()).collect();
    let suggestions = if columns.len() < 2 {
        suggestions(&mut *db, &kept).await?
    } else {
        Vec::new()
    };
    let prepared_on = super::today(&mut *db).await?;
    Ok(Comparison {
        prepared_on,
        query: CompareQuery {
            techs: kept,
            only_differences: query.only_differences,
            ctx: query.ctx.clone(),
        },
        not_found,
        groups: if columns.len() >= 2 {
            build_matrix(&details, &query.ctx)
        } else {
            Vec::new()
        },
        columns,
        suggestions,
    })
}

/// Technologies to add: the same type as the one chosen first, then the most
/// deployed, then by name.
async fn suggestions(db: &mut PgConnection, chosen: &[String]) -> sqlx::Result<Vec<MatrixColumn>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select e.slug, t.name from catalogue_entry e join technology t on t.id = e.technology_id
         where e.slug <> all($1)
         order by (e.type_id = (select type_id from catalogue_entry where slug = $1[1])) desc nulls last,
                  e.deployments desc, e.name_key
         limit $2",
    )
    .bind(chosen)
    .bind(SUGGESTIONS)
    .fetch_all(db)
    .await?;
    tray_columns(rows)
}

/// Names of the technologies in a comparison tray, in tray order; unknown slugs
/// are left out.
pub async fn tray(db: &mut PgConnection, slugs: &[String]) -> sqlx::Result<Vec<MatrixColumn>> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select t.slug, t.name from unnest($1::text[]) with ordinality as s(slug, n)
         join technology t on t.slug = s.slug and t.catalogue_status <> 'draft' order by s.n",
    )
    .bind(slugs)
    .fetch_all(db)
    .await?;
    tray_columns(rows)
}

fn tray_columns(rows: Vec<(String, String)>) -> sqlx::Result<Vec<MatrixColumn>> {
    rows.into_iter()
        .map(|(slug, name)| {
            Ok(MatrixColumn {
                slug: TechnologySlug::parse(&slug).map_err(super::rows::decode_err)?,
                name,
            })
        })
        .collect()
}
