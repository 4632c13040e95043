//! Plain HTTP routes beside the Leptos pages, all reading the page's own query
//! string through the same `CatalogueQuery` parser:
//! - `GET /api/technologies`: the documented read-only JSON search API (one page);
//! - `GET /technologies/export.csv` and `.json`: the whole filtered view;
//! - `GET /compare/export.csv`: a comparison.

use super::spreadsheet::CsvOut;
use crate::{
    db::search::{self, ExportRow},
    domain::{CatalogueQuery, CatalogueResults, CompareQuery, QueryNotice, TechnologySummary},
    error::AppError,
    ssr::Deadline,
};
use axum::{
    Extension, Json,
    extract::{RawQuery, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use sqlx::PgPool;

/// The JSON search response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchResponse {
    /// The canonical query string of the view that was run.
    query: String,
    /// Plain-English notes about the request (dropped filters, bad page…).
    notices: Vec<String>,
    /// Every matching technology.
    total: i64,
    /// The page shown (clamped to the last page).
    page: u32,
    /// How many pages there are.
    pages: u32,
    /// Results per page.
    page_size: u32,
    /// This page's technologies.
    results: Vec<TechnologySummary>,
    /// Every filter group with the number of results each option would give.
    facets: Vec<crate::domain::Facet>,
}

/// An error: the status says what kind, `error` says it in words.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong, for a person to read.
    error: String,
}

/// Parses the raw query string, keeping the notices as text.
fn parse(raw: Option<String>) -> (CatalogueQuery, Vec<QueryNotice>) {
    CatalogueQuery::parse_query_string(raw.as_deref().unwrap_or_default())
}

/// `GET /api/technologies?q=…&type=…&page=…`
#[utoipa::path(
    get,
    path = "/api/technologies",
    tag = "search",
    summary = "Search the catalogue: one page of 20 with the facets",
    description = "Takes the catalogue page's query string. Values the catalogue does not know are dropped and reported in `notices`; the search never fails on a bad value.",
    responses(
        (status = 200, description = "One page of results", body = SearchResponse),
        (status = 503, description = "The catalogue is unavailable", body = ErrorBody),
    ),
)]
pub async fn search_json(
    State(pool): State<PgPool>,
    Extension(deadline): Extension<Deadline>,
    RawQuery(raw): RawQuery,
) -> Response {
    let (query, notices) = parse(raw);
    let found = deadline.run(search::search_pooled(&pool, &query));
    let results: CatalogueResults = match found.await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let notices = QueryNotice::merged(&notices, results.unknown_filters);
    Json(SearchResponse {
        query: results.query.to_query_string(),
        notices: notices.iter().map(QueryNotice::message).collect(),
        total: results.total,
        page: results.page,
        pages: results.pages,
        page_size: crate::domain::PAGE_SIZE,
        results: results.items,
        facets: results.facets,
    })
    .into_response()
}

/// `GET /technologies/export.json`: every matching technology, all pages.
#[utoipa::path(
    get,
    path = "/technologies/export.json",
    tag = "search",
    summary = "Every technology of a filtered view, all pages, as JSON",
    responses(
        (status = 200, description = "The technologies", body = Vec<ExportRow>),
        (status = 503, description = "The catalogue is unavailable", body = ErrorBody),
    ),
)]
pub async fn export_json(
    State(pool): State<PgPool>,
    Extension(deadline): Extension<Deadline>,
    RawQuery(raw): RawQuery,
) -> Response {
    match export(&pool, deadline, raw).await {
        Ok(rows) => download(Json(rows).into_response(), "json"),
        Err(e) => e.into_response(),
    }
}

/// `GET /technologies/export.csv`: the same rows as CSV.
#[utoipa::path(
    get,
    path = "/technologies/export.csv",
    tag = "search",
    summary = "Every technology of a filtered view, all pages, as CSV",
    responses(
        (status = 200, description = "A header row, then a row per technology", content_type = "text/csv", body = Vec<super::openapi::TechnologyCsvRow>),
        (status = 503, description = "The catalogue is unavailable", body = ErrorBody),
    ),
)]
pub async fn export_csv(
    State(pool): State<PgPool>,
    Extension(deadline): Extension<Deadline>,
    RawQuery(raw): RawQuery,
) -> Response {
    let rows = match export(&pool, deadline, raw).await {
        Ok(rows) => rows,
        Err(e) => return e.into_response(),
    };
    match to_csv(&rows) {
        Ok(body) => {
            let mut res = body.into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            download(res, "csv")
        }
        Err(e) => {
            tracing::error!(error = %e, "could not write the CSV export");
            AppError::Internal.into_response()
        }
    }
}

/// `GET /compare/export.csv?tech=…`: the comparison matrix, a row per matrix row
/// (all rows), a column per technology, each cell's sources in the last column.
#[utoipa::path(
    get,
    path = "/compare/export.csv",
    tag = "search",
    summary = "A comparison of 2 to 4 technologies as CSV",
    params(("tech" = Vec<String>, Query, description = "A technology's slug; 2 to 4 of them, in column order")),
    responses(
        (status = 200, description = "A header row (group, row, the technologies' names, sources), then a row per matrix row", content_type = "text/csv", body = Vec<super::openapi::ComparisonCsvRow>),
        (status = 503, description = "The catalogue is unavailable", body = ErrorBody),
    ),
)]
pub async fn compare_csv(
    State(pool): State<PgPool>,
    Extension(deadline): Extension<Deadline>,
    RawQuery(raw): RawQuery,
) -> Response {
    let (query, _) = CompareQuery::parse_query_string(raw.as_deref().unwrap_or_default());
    let loaded = deadline.run(async {
        let mut conn = pool.acquire().await?;
        crate::db::comparison::load(&mut conn, &query).await
    });
    let comparison = match loaded.await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    match comparison_csv(&comparison) {
        Ok(body) => {
            let mut res = body.into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            res.headers_mut().insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"comparison.csv\""),
            );
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "could not write the comparison CSV");
            AppError::Internal.into_response()
        }
    }
}

fn comparison_csv(c: &crate::domain::Comparison) -> Result<String, csv::Error> {
    let mut header = vec!["group".to_owned(), "row".to_owned()];
    header.extend(c.columns.iter().map(|col| col.name.clone()));
    header.push("sources".to_owned());
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut out = CsvOut::new(&header)?;
    for g in &c.groups {
        for r in &g.rows {
            let mut record = vec![g.title.clone(), r.label.clone()];
            record.extend(r.cells.iter().map(crate::domain::Cell::plain));
            let mut sources: Vec<String> = Vec::new();
            for s in r.cells.iter().flat_map(|cell| &cell.sources) {
                if !sources.contains(s) {
                    sources.push(s.clone());
                }
            }
            record.push(sources.join("; "));
            out.row(record.iter().map(String::as_str))?;
        }
    }
    out.finish_text()
}

/// Names the download.
fn download(mut res: Response, ext: &'static str) -> Response {
    let value = match ext {
        "csv" => "attachment; filename=\"technologies.csv\"",
        _ => "attachment; filename=\"technologies.json\"",
    };
    res.headers_mut()
        .insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(value));
    res
}

/// The export rows for a raw query string.
async fn export(
    pool: &PgPool,
    deadline: Deadline,
    raw: Option<String>,
) -> Result<Vec<ExportRow>, AppError> {
    let (query, _) = parse(raw);
    deadline.run(search::export(pool, &query)).await
}

/// The CSV columns, in their stable order.
pub const CSV_COLUMNS: [&str; 21] = [
    "slug",
    "name",
    "supplier",
    "supplier_verified",
    "technology_type",
    "clinical_area",
    "care_settings",
    "specialties",
    "ai_enabled",
    "nice_guidance",
    "regulatory_met",
    "nhs_deployments",
    "regions",
    "icbs",
    "evidence_level",
    "verified_share",
    "last_verified_on",
    "next_recheck_by",
    "summary",
    "summary_verified",
    "sources",
];

/// Writes the rows as CSV. Lists are joined with "; "; a missing value is
/// written "not yet documented"; cells that a spreadsheet would run as a formula
/// are prefixed with `'`.
fn to_csv(rows: &[ExportRow]) -> Result<String, csv::Error> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "not yet documented".to_owned());
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut out = CsvOut::new(&CSV_COLUMNS)?;
    for r in rows {
        let record = [
            r.slug.clone(),
            r.name.clone(),
            opt(&r.supplier),
            r.supplier_verified.to_string(),
            r.technology_type.clone(),
            opt(&r.clinical_area),
            r.care_settings.join("; "),
            r.specialties.join("; "),
            r.ai_enabled.to_string(),
            r.nice_guidance.join("; "),
            r.regulatory_met.join("; "),
            r.nhs_deployments.to_string(),
            r.regions.join("; "),
            r.icbs.join("; "),
            r.evidence_level.clone(),
            format!("{:.2}", r.verified_share),
            date(r.last_verified_on),
            date(r.next_recheck_by),
            opt(&r.summary),
            r.summary_verified.to_string(),
            r.sources.join("; "),
        ];
        out.row(record.iter().map(String::as_str))?;
    }
    out.finish_text()
}
