//! The open-data files: `GET /data/catalogue.json` and `GET /data/claims.csv`.
//!
//! Both are built from one consistent reading of the catalogue (a read-only,
//! repeatable-read transaction), from the same technology records the pages
//! show. Both carry a weak `ETag` and a `Last-Modified` from the catalogue's last
//! change, so a client keeping a copy asks with `If-None-Match` or
//! `If-Modified-Since` and gets `304 Not Modified` for one small query until
//! something changes.

use crate::{api::error_response, spreadsheet::write_csv};
use app::{
    db::open_data::{self, LastChange},
    error::AppError,
    open_data::{
        CatalogueFile, ClaimRow, PublishedTechnology, SCHEMA_VERSION,
        model::{LICENCE_URL, Licence},
    },
};
use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// Technologies read per round of queries: bounds the size of each query and
/// of the rows held at once, whatever the size of the catalogue.
const CHUNK: usize = 500;

/// The files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFile {
    /// `/data/catalogue.json`.
    Catalogue,
    /// `/data/claims.csv`.
    Claims,
}

impl DataFile {
    fn name(self) -> &'static str {
        match self {
            Self::Catalogue => "catalogue.json",
            Self::Claims => "claims.csv",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Catalogue => "application/json",
            Self::Claims => "text/csv; charset=utf-8; header=present",
        }
    }
}

/// `GET /data/catalogue.json`
#[utoipa::path(
    get,
    path = "/data/catalogue.json",
    tag = "open data",
    summary = "The whole catalogue: every listed technology with every claim",
    description = "Every claim with its source, source kinds, verified flag, verified-on and re-check-by dates, and the reference lists. Send If-None-Match (or If-Modified-Since) to get 304 until the catalogue changes.",
    params(
        ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer"),
        ("If-Modified-Since" = Option<String>, Header, description = "A Last-Modified from an earlier answer"),
    ),
    responses(
        (status = 200, description = "The catalogue", body = CatalogueFile,
         headers(("ETag" = String, description = "Changes when the catalogue changes"), ("Last-Modified" = String, description = "The catalogue's last change"))),
        (status = 304, description = "Not changed since the copy the request names"),
        (status = 503, description = "The catalogue is unavailable", body = crate::api::ErrorBody),
    ),
)]
pub async fn catalogue_json(State(pool): State<PgPool>, headers: HeaderMap) -> Response {
    serve(&pool, &headers, DataFile::Catalogue).await
}

/// `GET /data/claims.csv`
#[utoipa::path(
    get,
    path = "/data/claims.csv",
    tag = "open data",
    summary = "Every claim, a row each",
    description = "A header row, then one row per claim of every listed technology. Send If-None-Match (or If-Modified-Since) to get 304 until the catalogue changes.",
    params(
        ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier answer"),
        ("If-Modified-Since" = Option<String>, Header, description = "A Last-Modified from an earlier answer"),
    ),
    responses(
        (status = 200, description = "The claims; each row as an object keyed by the header", content_type = "text/csv", body = Vec<ClaimRow>,
         headers(("ETag" = String, description = "Changes when the catalogue changes"), ("Last-Modified" = String, description = "The catalogue's last change"))),
        (status = 304, description = "Not changed since the copy the request names"),
        (status = 503, description = "The catalogue is unavailable", body = crate::api::ErrorBody),
    ),
)]
pub async fn claims_csv(State(pool): State<PgPool>, headers: HeaderMap) -> Response {
    serve(&pool, &headers, DataFile::Claims).await
}

async fn serve(pool: &PgPool, headers: &HeaderMap, file: DataFile) -> Response {
    let change = match current(pool).await {
        Ok(c) => c,
        Err(e) => return error_response(e),
    };
    if not_modified(headers, &change) {
        return with_validators(StatusCode::NOT_MODIFIED.into_response(), &change);
    }
    match build(pool, file).await {
        Ok(built) => {
            let mut res = built.body.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(file.content_type()),
            );
            if let Ok(v) =
                HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.name()))
            {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            if let Ok(v) = HeaderValue::from_str(&format!("<{LICENCE_URL}>; rel=\"license\"")) {
                h.insert(header::LINK, v);
            }
            with_validators(res, &built.change)
        }
        Err(e) => error_response(e),
    }
}

async fn current(pool: &PgPool) -> Result<LastChange, AppError> {
    let mut conn = pool.acquire().await?;
    Ok(open_data::last_change(&mut conn).await?)
}

/// The weak entity tag of the catalogue at `change`: the schema version and the
/// change counter with its time (so a re-created database never repeats one).
pub fn etag(change: &LastChange) -> String {
    format!(
        "W/\"{SCHEMA_VERSION}-{}-{}\"",
        change.version,
        change.changed_at.timestamp_micros()
    )
}

/// `Last-Modified`'s date format (IMF-fixdate).
fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn with_validators(mut res: Response, change: &LastChange) -> Response {
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag(change)) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&http_date(change.changed_at)) {
        h.insert(header::LAST_MODIFIED, v);
    }
    // Anyone may cache it, but must ask whether it changed before reusing it.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    res
}

/// Whether a conditional GET matches the current catalogue (RFC 9110 §13.2.2:
/// `If-None-Match` wins over `If-Modified-Since`; entity tags compare weakly).
fn not_modified(headers: &HeaderMap, change: &LastChange) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH) {
        let ours = etag(change);
        let ours = ours.trim_start_matches("W/");
        return tags.to_str().is_ok_and(|tags| {
            tags.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.trim_start_matches("W/") == ours)
        });
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
        // Last-Modified has whole seconds.
        .is_some_and(|since| change.changed_at.timestamp() <= since.timestamp())
}

/// A built file and the change it reflects.
#[derive(Debug)]
pub struct Built {
    /// The catalogue's last change as the file was read.
    pub change: LastChange,
    /// The file.
    pub body: Vec<u8>,
}

/// Builds a file from one consistent reading of the catalogue.
pub async fn build(pool: &PgPool, file: DataFile) -> Result<Built, AppError> {
    let snapshot = read(pool).await?;
    let body = match file {
        DataFile::Catalogue => serde_json::to_vec(&snapshot.file).map_err(|e| {
            tracing::error!(error = %e, "could not write catalogue.json");
            AppError::Internal
        })?,
        DataFile::Claims => {
            let rows: Vec<ClaimRow> = snapshot
                .file
                .technologies
                .iter()
                .flat_map(PublishedTechnology::claim_rows)
                .collect();
            write_csv(ClaimRow::COLUMNS, rows.iter().map(ClaimRow::cells))
                .map_err(|e| {
                    tracing::error!(error = %e, "could not write claims.csv");
                    AppError::Internal
                })?
                .into_bytes()
        }
    };
    Ok(Built {
        change: snapshot.change,
        body,
    })
}

/// The catalogue as published, with the change it reflects.
#[derive(Debug)]
pub struct Snapshot {
    /// The catalogue's last change as it was read.
    pub change: LastChange,
    /// The published catalogue.
    pub file: CatalogueFile,
}

/// Reads the whole published catalogue in one read-only, repeatable-read
/// transaction, so the file and its validators describe one state.
pub async fn read(pool: &PgPool) -> Result<Snapshot, AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("set transaction isolation level repeatable read, read only")
        .execute(&mut *tx)
        .await?;
    let change = open_data::last_change(&mut tx).await?;
    let generated_at = open_data::now(&mut tx).await?;
    let reference = open_data::reference_lists(&mut tx).await?;
    let ids = open_data::listed_ids(&mut tx).await?;
    let mut technologies = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let details = app::db::technologies::details(&mut tx, chunk).await?;
        technologies.extend(details.iter().map(PublishedTechnology::from));
    }
    tx.commit().await?;
    Ok(Snapshot {
        change,
        file: CatalogueFile {
            schema_version: SCHEMA_VERSION.to_owned(),
            generated_at,
            last_changed: change.changed_at,
            licence: Licence::catalogue(),
            reference,
            technologies,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn change() -> LastChange {
        LastChange {
            version: 7,
            changed_at: Utc
                .with_ymd_and_hms(2026, 12, 2, 9, 30, 15)
                .single()
                .expect("a date"),
        }
    }

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k, HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    #[test]
    fn entity_tags_match_weakly_in_a_list_or_as_a_star() {
        let c = change();
        let tag = etag(&c);
        assert!(tag.starts_with("W/\"1.0-7-"));
        assert!(not_modified(&headers(&[(header::IF_NONE_MATCH, &tag)]), &c));
        let strong = tag.trim_start_matches("W/").to_owned();
        assert!(not_modified(
            &headers(&[(header::IF_NONE_MATCH, &strong)]),
            &c
        ));
        let list = format!("\"other\", {tag}");
        assert!(not_modified(
            &headers(&[(header::IF_NONE_MATCH, &list)]),
            &c
        ));
        assert!(not_modified(&headers(&[(header::IF_NONE_MATCH, "*")]), &c));
        assert!(!not_modified(
            &headers(&[(header::IF_NONE_MATCH, "\"1.0-6-1\"")]),
            &c
        ));
        assert!(!not_modified(&HeaderMap::new(), &c));
    }

    #[test]
    fn if_modified_since_compares_whole_seconds_and_loses_to_if_none_match() {
        let c = change();
        let date = http_date(c.changed_at);
        assert_eq!(date, "Wed, 02 Dec 2026 09:30:15 GMT");
        assert!(not_modified(
            &headers(&[(header::IF_MODIFIED_SINCE, &date)]),
            &c
        ));
        let before = "Wed, 02 Dec 2026 09:30:14 GMT";
        assert!(!not_modified(
            &headers(&[(header::IF_MODIFIED_SINCE, before)]),
            &c
        ));
        assert!(!not_modified(
            &headers(&[(header::IF_MODIFIED_SINCE, "yesterday")]),
            &c
        ));
        let both = headers(&[
            (header::IF_NONE_MATCH, "\"stale\""),
            (header::IF_MODIFIED_SINCE, &date),
        ]);
        assert!(!not_modified(&both, &c), "If-None-Match wins");
    }
}
