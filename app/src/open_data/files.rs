//! The open-data files: `GET /data/catalogue.json` and `GET /data/claims.csv`.
//!
//! Both are built from one consistent reading of the catalogue (a read-only,
//! repeatable-read transaction), from the same technology records the pages
//! show. Both carry a weak `ETag` and a `Last-Modified` from the catalogue's last
//! change, so a client keeping a copy asks with `If-None-Match` or
//! `If-Modified-Since` and gets `304 Not Modified` for one small query until
//! something changes.
//!
//! Building costs seconds at 10,000 technologies, so each process keeps the file
//! it last built, gzip-compressed and raw, keyed by the catalogue's change
//! ([`FileCache`]): one build per change, shared by concurrent requests. The
//! cache is derived and disposable; any replica rebuilds it after a change or a
//! restart, so nothing that matters lives in memory.

use super::spreadsheet::CsvOut;
use crate::{
    db::open_data::{self, LastChange},
    error::AppError,
    open_data::{
        CatalogueFile, ClaimRow, PublishedTechnology, SCHEMA_VERSION,
        model::{LICENCE_URL, Licence},
    },
};
use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::{io::Write, sync::Arc};
use tokio::sync::Mutex;

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
        (status = 503, description = "The catalogue is unavailable", body = super::api::ErrorBody),
    ),
)]
pub async fn catalogue_json(
    State(pool): State<PgPool>,
    State(cache): State<Arc<FileCache>>,
    headers: HeaderMap,
) -> Response {
    serve(&pool, &cache, &headers, DataFile::Catalogue).await
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
        (status = 503, description = "The catalogue is unavailable", body = super::api::ErrorBody),
    ),
)]
pub async fn claims_csv(
    State(pool): State<PgPool>,
    State(cache): State<Arc<FileCache>>,
    headers: HeaderMap,
) -> Response {
    serve(&pool, &cache, &headers, DataFile::Claims).await
}

async fn serve(pool: &PgPool, cache: &FileCache, headers: &HeaderMap, file: DataFile) -> Response {
    let change = match current(pool).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    if not_modified(headers, &change) {
        return with_validators(StatusCode::NOT_MODIFIED.into_response(), &change);
    }
    let cached = match cache.get(pool, file, change).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let gzip = accepts_gzip(headers);
    let mut res = if gzip {
        cached.gzip.clone().into_response()
    } else {
        cached.raw.clone().into_response()
    };
    res.extensions_mut().insert(Precompressed);
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type()),
    );
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.name())) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("<{LICENCE_URL}>; rel=\"license\"")) {
        h.insert(header::LINK, v);
    }
    with_validators(res, &cached.change)
}

/// Whether the client takes gzip (`Accept-Encoding` lists it without `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// Marks a response that must not be compressed again (response extension).
#[derive(Debug, Clone, Copy)]
pub struct Precompressed;

/// One built file, raw and compressed.
#[derive(Debug)]
pub struct Cached {
    /// The catalogue's change it was built from.
    pub change: LastChange,
    /// The file.
    pub raw: Bytes,
    /// The file, gzip-compressed.
    pub gzip: Bytes,
}

/// The file of each kind this process built last.
#[derive(Debug, Default)]
pub struct FileCache {
    catalogue: Mutex<Option<Arc<Cached>>>,
    claims: Mutex<Option<Arc<Cached>>>,
}

impl FileCache {
    /// The file as of `change` or later: the cached one if it was built from
    /// `change`, else a new build. Concurrent requests wait for one build.
    pub async fn get(
        &self,
        pool: &PgPool,
        file: DataFile,
        change: LastChange,
    ) -> Result<Arc<Cached>, AppError> {
        let mut slot = match file {
            DataFile::Catalogue => self.catalogue.lock().await,
            DataFile::Claims => self.claims.lock().await,
        };
        if let Some(cached) = slot.as_ref()
            && cached.change.version >= change.version
            && cached.change.changed_at >= change.changed_at
        {
            return Ok(Arc::clone(cached));
        }
        let built = build(pool, file).await?;
        let raw = Bytes::from(built.body);
        let gzip = tokio::task::spawn_blocking({
            let raw = raw.clone();
            move || gzip(&raw)
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "compressing an open-data file panicked");
            AppError::Internal
        })?
        .map_err(|e| {
            tracing::error!(error = %e, "could not compress an open-data file");
            AppError::Internal
        })?;
        let cached = Arc::new(Cached {
            change: built.change,
            raw,
            gzip: Bytes::from(gzip),
        });
        *slot = Some(Arc::clone(&cached));
        Ok(cached)
    }
}

fn gzip(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(raw.len() / 8),
        flate2::Compression::default(),
    );
    enc.write_all(raw)?;
    enc.finish()
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

/// Builds a file from one consistent reading of the catalogue: a read-only,
/// repeatable-read transaction, so the file and its validators describe one
/// state. Technologies are read and written [`CHUNK`] at a time, so only the
/// output grows with the catalogue.
pub async fn build(pool: &PgPool, file: DataFile) -> Result<Built, AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("set transaction isolation level repeatable read, read only")
        .execute(&mut *tx)
        .await?;
    let change = open_data::last_change(&mut tx).await?;
    let ids = open_data::listed_ids(&mut tx).await?;
    let mut out = match file {
        DataFile::Catalogue => {
            let head = CatalogueFile {
                schema_version: SCHEMA_VERSION.to_owned(),
                generated_at: open_data::now(&mut tx).await?,
                last_changed: change.changed_at,
                licence: Licence::catalogue(),
                reference: open_data::reference_lists(&mut tx).await?,
                technologies: Vec::new(),
            };
            Out::json(&head)?
        }
        DataFile::Claims => Out::Csv(Box::new(
            CsvOut::new(ClaimRow::COLUMNS).map_err(csv_failed)?,
        )),
    };
    for chunk in ids.chunks(CHUNK) {
        for detail in crate::db::technologies::details(&mut tx, chunk).await? {
            out.add(&PublishedTechnology::from(&detail))?;
        }
    }
    tx.commit().await?;
    Ok(Built {
        change,
        body: out.finish()?,
    })
}

/// A file being written.
enum Out {
    /// `catalogue.json` up to the open technologies list, and how many so far.
    Json(Vec<u8>, usize),
    /// `claims.csv`.
    Csv(Box<CsvOut>),
}

/// The end of a [`CatalogueFile`] serialised with no technologies: the list is
/// last, so the technologies are written in its place.
const EMPTY_LIST_END: &[u8] = b"[]}";

impl Out {
    /// The JSON file's head: `head` (with no technologies) as serde writes it,
    /// so the field names and order are the type's own.
    fn json(head: &CatalogueFile) -> Result<Self, AppError> {
        let mut bytes = serde_json::to_vec(head).map_err(json_failed)?;
        if !bytes.ends_with(EMPTY_LIST_END) {
            tracing::error!("CatalogueFile no longer ends with its technologies");
            return Err(AppError::Internal);
        }
        bytes.truncate(bytes.len() - EMPTY_LIST_END.len());
        bytes.push(b'[');
        Ok(Self::Json(bytes, 0))
    }

    fn add(&mut self, t: &PublishedTechnology) -> Result<(), AppError> {
        match self {
            Self::Json(bytes, n) => {
                if *n > 0 {
                    bytes.push(b',');
                }
                serde_json::to_writer(&mut *bytes, t).map_err(json_failed)?;
                *n += 1;
            }
            Self::Csv(csv) => {
                for row in t.claim_rows() {
                    csv.row(row.cells()).map_err(csv_failed)?;
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>, AppError> {
        match self {
            Self::Json(mut bytes, _) => {
                bytes.extend_from_slice(b"]}");
                Ok(bytes)
            }
            Self::Csv(csv) => csv.finish().map_err(csv_failed),
        }
    }
}

fn json_failed(e: serde_json::Error) -> AppError {
    tracing::error!(error = %e, "could not write catalogue.json");
    AppError::Internal
}

fn csv_failed(e: csv::Error) -> AppError {
    tracing::error!(error = %e, "could not write claims.csv");
    AppError::Internal
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

    #[test]
    fn gzip_is_sent_to_clients_that_take_it() {
        let take = |v: &str| accepts_gzip(&headers(&[(header::ACCEPT_ENCODING, v)]));
        assert!(take("gzip"));
        assert!(take("deflate, gzip, br, zstd"));
        assert!(take("br;q=1.0, GZIP;q=0.5"));
        assert!(take("*"));
        assert!(!take("br"));
        assert!(!take("gzip;q=0"));
        assert!(!take("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
