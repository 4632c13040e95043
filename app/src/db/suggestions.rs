//! Members' corrections and suppliers' evidence: stored pending, listed for
//! curators and for their authors, applied through the curator's editor (in
//! the same transaction as the change it makes) or rejected with a reason.
//! The rule that nobody reviews their own is checked here under a row lock,
//! and again by the table's check.

use super::curation::load;
use crate::domain::curation::{
    Correction, Evidence, SuggestTarget, Suggestion, SuggestionKind, SuggestionState, block,
};
use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use sqlx::PgConnection;

/// Most suggestions one list shows.
const LIST_LIMIT: i64 = 200;

/// What a member may correct: a live claim of a listed technology, or a block
/// of one (`claim` `None`). `None` when there is no such thing.
pub async fn target(
    db: &mut PgConnection,
    block_id: &str,
    claim: Option<i64>,
    technology: Option<&str>,
) -> sqlx::Result<Option<SuggestTarget>> {
    let Some(spec) = block(block_id).filter(|s| s.claim) else {
        return Ok(None);
    };
    let (technology_id, current) = match claim {
        Some(id) => match load(&mut *db, spec, id).await? {
            Some(r) if r.withdrawn().is_none() => (r.technology_id, Some(r.headline(spec))),
            _ => return Ok(None),
        },
        None => {
            let Some(slug) = technology else {
                return Ok(None);
            };
            let id: Option<i64> = sqlx::query_scalar("select id from technology where slug = $1")
                .bind(slug)
                .fetch_optional(&mut *db)
                .await?;
            match id {
                Some(id) => (id, None),
                None => return Ok(None),
            }
        }
    };
    let found: Option<(String, String)> = sqlx::query_as(
        "select slug, name from technology where id = $1 and is_listed(catalogue_status)",
    )
    .bind(technology_id)
    .fetch_optional(&mut *db)
    .await?;
    Ok(found.map(|technology| SuggestTarget {
        technology,
        block: spec.id.to_owned(),
        record_id: claim,
        current,
    }))
}

/// Stores a member's correction; its id.
pub async fn create_correction(
    db: &mut PgConnection,
    t: &SuggestTarget,
    c: &Correction,
    author: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "insert into suggestion (kind, technology_id, block, record_id, what_is_wrong, proposed,
             source, suggested_by)
         select 'correction', id, $2, $3, $4, $5, $6, $7 from technology where slug = $1
         returning id",
    )
    .bind(&t.technology.0)
    .bind(&t.block)
    .bind(t.record_id)
    .bind(&c.what_is_wrong)
    .bind(&c.proposed)
    .bind(&c.source)
    .bind(author)
    .fetch_one(db)
    .await
}

/// Stores a supplier's evidence for block `block_id` of technology
/// `technology_id`; its id.
pub async fn create_evidence(
    db: &mut PgConnection,
    technology_id: i64,
    block_id: &str,
    e: &Evidence,
    author: i64,
) -> sqlx::Result<i64> {
    let fields: serde_json::Map<String, Json> = e
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), Json::String(v.clone())))
        .collect();
    sqlx::query_scalar(
        "insert into suggestion (kind, technology_id, block, proposed, fields, source, suggested_by)
         values ('evidence', $1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(technology_id)
    .bind(block_id)
    .bind(&e.proposed)
    .bind(Json::Object(fields))
    .bind(&e.source)
    .bind(author)
    .fetch_one(db)
    .await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    slug: String,
    name: String,
    block: String,
    record_id: Option<i64>,
    what_is_wrong: Option<String>,
    proposed: String,
    fields: Json,
    source: String,
    suggested_at: DateTime<Utc>,
    suggested_by: i64,
    by: String,
    state: String,
    reject_reason: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
}

impl Row {
    /// As `viewer` sees it; `names`: show who made it.
    fn into_suggestion(self, viewer: i64, names: bool) -> Option<Suggestion> {
        let fields = match self.fields {
            Json::Object(map) => {
                let mut by_spec: Vec<(String, String)> = Vec::new();
                if let Some(spec) = block(&self.block) {
                    for f in spec.fields {
                        if let Some(Json::String(v)) = map.get(f.name) {
                            by_spec.push((f.name.to_owned(), v.clone()));
                        }
                    }
                }
                by_spec
            }
            _ => Vec::new(),
        };
        Some(Suggestion {
            id: self.id,
            kind: SuggestionKind::parse(&self.kind)?,
            technology: (self.slug, self.name),
            block: self.block,
            record_id: self.record_id,
            current: None,
            what_is_wrong: self.what_is_wrong,
            proposed: self.proposed,
            fields,
            source: self.source,
            suggested_at: self.suggested_at,
            by: names.then_some(self.by),
            mine: self.suggested_by == viewer,
            state: SuggestionState::parse(&self.state)?,
            reject_reason: self.reject_reason,
            reviewed_at: self.reviewed_at,
        })
    }
}

macro_rules! select_suggestion {
    () => {
        "select s.id, s.kind, t.slug, t.name, s.block, s.record_id, s.what_is_wrong, s.proposed,
                s.fields, s.source, s.suggested_at, s.suggested_by,
                a.display_name || ', ' || a.organisation as by,
                s.state, s.reject_reason, s.reviewed_at
         from suggestion s
         join technology t on t.id = s.technology_id
         join account a on a.id = s.suggested_by "
    };
}

/// The pending suggestions, oldest first, as curator `viewer` sees them.
pub async fn queue(db: &mut PgConnection, viewer: i64) -> sqlx::Result<Vec<Suggestion>> {
    let rows: Vec<Row> = sqlx::query_as(concat!(
        select_suggestion!(),
        "where s.state = 'pending' order by s.suggested_at, s.id limit $1"
    ))
    .bind(LIST_LIMIT)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.into_suggestion(viewer, true))
        .collect())
}

/// Suggestion `id` as curator `viewer` sees it, with the claim's text now.
pub async fn get(db: &mut PgConnection, id: i64, viewer: i64) -> sqlx::Result<Option<Suggestion>> {
    let row: Option<Row> = sqlx::query_as(concat!(select_suggestion!(), "where s.id = $1"))
        .bind(id)
        .fetch_optional(&mut *db)
        .await?;
    let Some(mut s) = row.and_then(|r| r.into_suggestion(viewer, true)) else {
        return Ok(None);
    };
    if let (Some(record), Some(spec)) = (s.record_id, block(&s.block)) {
        s.current = load(&mut *db, spec, record)
            .await?
            .filter(|r| r.withdrawn().is_none())
            .map(|r| r.headline(spec));
    }
    Ok(Some(s))
}

/// What account `author` suggested, newest first (no names: it is theirs).
pub async fn by_author(db: &mut PgConnection, author: i64) -> sqlx::Result<Vec<Suggestion>> {
    let rows: Vec<Row> = sqlx::query_as(concat!(
        select_suggestion!(),
        "where s.suggested_by = $1 order by s.suggested_at desc, s.id desc limit $2"
    ))
    .bind(author)
    .bind(LIST_LIMIT)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.into_suggestion(author, false))
        .collect())
}

/// Why a suggestion cannot be applied or rejected by this curator now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No such suggestion, or it is for another record.
    NotFound,
    /// The curator made it.
    Own,
    /// Already reviewed.
    Reviewed,
}

impl Refused {
    /// In words, for the form.
    pub fn message(self) -> &'static str {
        match self {
            Self::NotFound => {
                "This suggestion is not for this record. Open it again from the queue."
            }
            Self::Own => "You made this suggestion, so another curator must review it.",
            Self::Reviewed => "This suggestion has already been reviewed.",
        }
    }
}

/// Locks suggestion `id` for curator `actor` to apply to record `record`
/// (or, adding, to block `block_id` of technology `technology_id`): its
/// kind, or why not.
pub async fn lock_for_apply(
    db: &mut PgConnection,
    id: i64,
    actor: i64,
    block_id: &str,
    technology_id: i64,
    record: Option<i64>,
) -> sqlx::Result<Result<SuggestionKind, Refused>> {
    let row: Option<(String, i64, String, Option<i64>, i64, String)> = sqlx::query_as(
        "select kind, technology_id, block, record_id, suggested_by, state
         from suggestion where id = $1 for update",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some((kind, t, b, r, by, state)) = row else {
        return Ok(Err(Refused::NotFound));
    };
    let same_place = t == technology_id && b == block_id && (record.is_none() || r == record);
    Ok(if !same_place {
        Err(Refused::NotFound)
    } else if by == actor {
        Err(Refused::Own)
    } else if state != "pending" {
        Err(Refused::Reviewed)
    } else {
        SuggestionKind::parse(&kind).ok_or(Refused::NotFound)
    })
}

/// Marks suggestion `id` accepted by `actor`, linked to the newest revision of
/// the record it changed (written in this transaction).
pub async fn accept(
    db: &mut PgConnection,
    id: i64,
    actor: i64,
    block_id: &str,
    record: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "update suggestion set state = 'accepted', reviewed_by = $2, reviewed_at = now(),
             revision_id = (select max(id) from revision where block = $3 and record_id = $4)
         where id = $1 and state = 'pending'",
    )
    .bind(id)
    .bind(actor)
    .bind(block_id)
    .bind(record)
    .execute(db)
    .await?;
    Ok(())
}

/// Rejects suggestion `id` with `reason` (the author sees it).
pub async fn reject(
    db: &mut PgConnection,
    id: i64,
    actor: i64,
    reason: &str,
) -> sqlx::Result<Result<(), Refused>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("select suggested_by, state from suggestion where id = $1 for update")
            .bind(id)
            .fetch_optional(&mut *db)
            .await?;
    match row {
        None => return Ok(Err(Refused::NotFound)),
        Some((by, _)) if by == actor => return Ok(Err(Refused::Own)),
        Some((_, state)) if state != "pending" => return Ok(Err(Refused::Reviewed)),
        Some(_) => {}
    }
    sqlx::query(
        "update suggestion set state = 'rejected', reject_reason = $3, reviewed_by = $2,
             reviewed_at = now()
         where id = $1",
    )
    .bind(id)
    .bind(actor)
    .bind(reason)
    .execute(&mut *db)
    .await?;
    super::accounts::audit(
        &mut *db,
        Some(actor),
        "suggestion rejected",
        "suggestion",
        &id.to_string(),
        &["state", "reject_reason"],
        &[],
    )
    .await?;
    Ok(Ok(()))
}

/// The supplier account `account` speaks for: (id, name).
pub async fn supplier_of(
    db: &mut PgConnection,
    account: i64,
) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as(
        "select s.id, s.name from account a join supplier s on s.id = a.supplier_id
         where a.id = $1 and a.role = 'supplier' and a.status = 'approved'",
    )
    .bind(account)
    .fetch_optional(db)
    .await
}

/// The listed technologies of supplier `supplier`: (slug, name), by name.
pub async fn supplier_technologies(
    db: &mut PgConnection,
    supplier: i64,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "select slug, name from technology where supplier_id = $1 and is_listed(catalogue_status)
         order by lower(name), slug",
    )
    .bind(supplier)
    .fetch_all(db)
    .await
}

/// The id and name of the listed technology at `slug` if it is supplier
/// `supplier`'s; `None` for anyone else's (or none).
pub async fn own_technology(
    db: &mut PgConnection,
    slug: &str,
    supplier: i64,
) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as(
        "select id, name from technology
         where slug = $1 and supplier_id = $2 and is_listed(catalogue_status)",
    )
    .bind(slug)
    .bind(supplier)
    .fetch_optional(db)
    .await
}

/// The suppliers, (id, name), by name (the admin's choice of whom an account
/// speaks for).
pub async fn suppliers(db: &mut PgConnection) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("select id, name from supplier order by lower(name), id")
        .fetch_all(db)
        .await
}
