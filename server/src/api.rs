//! Plain HTTP routes beside the Leptos pages, all reading the page's own query
//! string through the same `CatalogueQuery` parser:
//! - `GET /api/technologies`: the documented read-only JSON search API (one page);
//! - `GET /technologies/export.csv` and `.json`: the whole filtered view;
//! - a redirect of `/technologies?…` to its canonical URL (a GET form without
//!   JavaScript sends empty fields and the browser's key order).

use app::{
    db::search::{self, ExportRow},
    domain::{CatalogueQuery, CatalogueResults, CompareQuery, QueryNotice, TechnologySummary},
    error::AppError,
};
use axum::{
    Json,
    extract::{RawQuery, Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use serde::Serialize;
use sqlx::PgPool;

/// The JSON search response.
#[derive(Serialize)]
struct SearchResponse {
    /// The canonical query string of the view that was run.
    query: String,
    /// Plain-English notes about the request (dropped filters, bad page…).
    notices: Vec<String>,
    total: i64,
    page: u32,
    pages: u32,
    page_size: u32,
    results: Vec<TechnologySummary>,
    facets: Vec<app::domain::Facet>,
}

/// An error as JSON, with its status; only the user-facing text is sent.
fn error_response(err: AppError) -> Response {
    #[derive(Serialize)]
    struct Body {
        error: String,
    }
    (
        err.status_code(),
        Json(Body {
            error: err.to_string(),
        }),
    )
        .into_response()
}

/// Parses the raw query string, keeping the notices as text.
fn parse(raw: Option<String>) -> (CatalogueQuery, Vec<QueryNotice>) {
    CatalogueQuery::parse_query_string(raw.as_deref().unwrap_or_default())
}

/// `GET /api/technologies?q=…&type=…&page=…`
pub async fn search_json(State(pool): State<PgPool>, RawQuery(raw): RawQuery) -> Response {
    let (query, notices) = parse(raw);
    let results: CatalogueResults = match connection(&pool).await {
        Ok(mut c) => match search::search(&mut c, &query).await {
            Ok(r) => r,
            Err(e) => return error_response(e.into()),
        },
        Err(e) => return error_response(e),
    };
    let notices = QueryNotice::merged(&notices, results.unknown_filters);
    Json(SearchResponse {
        query: results.query.to_query_string(),
        notices: notices.iter().map(QueryNotice::message).collect(),
        total: results.total,
        page: results.page,
        pages: results.pages,
        page_size: app::domain::PAGE_SIZE,
        results: results.items,
        facets: results.facets,
    })
    .into_response()
}

/// `GET /technologies/export.json`: every matching technology, all pages.
pub async fn export_json(State(pool): State<PgPool>, RawQuery(raw): RawQuery) -> Response {
    match export(&pool, raw).await {
        Ok(rows) => download(Json(rows).into_response(), "json"),
        Err(e) => error_response(e),
    }
}

/// `GET /technologies/export.csv`: the same rows as CSV.
pub async fn export_csv(State(pool): State<PgPool>, RawQuery(raw): RawQuery) -> Response {
    let rows = match export(&pool, raw).await {
        Ok(rows) => rows,
        Err(e) => return error_response(e),
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
            error_response(AppError::Internal)
        }
    }
}

/// Middleware: a GET of `/technologies` whose query string is valid but not in
/// canonical form is redirected (303) to the canonical URL, so the address a user
/// copies is the short, stable one. Links with something to report (a dropped
/// filter, a bad page) are served as they are, so the page can say so.
pub async fn canonical_catalogue_url(req: Request, next: Next) -> Response {
    if req.method() == axum::http::Method::GET
        && req.uri().path() == "/technologies"
        && let Some(raw) = req.uri().query()
    {
        let (query, notices) = CatalogueQuery::parse_query_string(raw);
        if notices.is_empty() && raw != query.to_query_string() {
            return Redirect::to(&query.href()).into_response();
        }
    }
    next.run(req).await
}

/// `GET /compare/export.csv?tech=…`: the comparison matrix, a row per matrix row
/// (all rows), a column per technology, each cell's sources in the last column.
pub async fn compare_csv(State(pool): State<PgPool>, RawQuery(raw): RawQuery) -> Response {
    let (query, _) = CompareQuery::parse_query_string(raw.as_deref().unwrap_or_default());
    let comparison = match connection(&pool).await {
        Ok(mut c) => match app::db::comparison::load(&mut c, &query).await {
            Ok(r) => r,
            Err(e) => return error_response(e.into()),
        },
        Err(e) => return error_response(e),
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
            error_response(AppError::Internal)
        }
    }
}

fn comparison_csv(c: &app::domain::Comparison) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["group".to_owned(), "row".to_owned()];
    header.extend(c.columns.iter().map(|col| col.name.clone()));
    header.push("sources".to_owned());
    w.write_record(header.iter().map(|h| defuse_formula(h)))?;
    for g in &c.groups {
        for r in &g.rows {
            let mut record = vec![g.title.clone(), r.label.clone()];
            record.extend(r.cells.iter().map(app::domain::Cell::plain));
            let mut sources: Vec<String> = Vec::new();
            for s in r.cells.iter().flat_map(|cell| &cell.sources) {
                if !sources.contains(s) {
                    sources.push(s.clone());
                }
            }
            record.push(sources.join("; "));
            w.write_record(record.iter().map(|c| defuse_formula(c)))?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
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

/// A pooled connection, or the error the user should see.
async fn connection(pool: &PgPool) -> Result<sqlx::pool::PoolConnection<sqlx::Postgres>, AppError> {
    pool.acquire().await.map_err(AppError::from)
}

/// The export rows for a raw query string.
async fn export(pool: &PgPool, raw: Option<String>) -> Result<Vec<ExportRow>, AppError> {
    let (query, _) = parse(raw);
    let mut conn = connection(pool).await?;
    Ok(search::export(&mut conn, &query).await?)
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
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS)?;
    for r in rows {
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "not yet documented".to_owned());
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
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
        w.write_record(record.iter().map(|c| defuse_formula(c)))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Prefixes a cell starting with a formula character with `'`.
fn defuse_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused_and_others_kept() {
        assert_eq!(defuse_formula("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(defuse_formula("-5"), "'-5");
        assert_eq!(defuse_formula("Sleepio"), "Sleepio");
    }
}
