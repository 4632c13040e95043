//! Curators' writes and reads of claims, from the blocks' specifications:
//! a record is read whole as JSON (`to_jsonb`) and written through
//! `jsonb_populate_record`, so Postgres converts and checks every value and one
//! statement shape serves every block. Table and column names come only from
//! the static specifications; every value is bound.
//!
//! Each write runs in the caller's transaction and, in it: locks the
//! technology (one writer per technology at a time), checks the version,
//! writes the record, its revision and the audit entry, and refreshes the
//! search views concurrently (readers are never blocked).

use crate::domain::{
    DUE_WINDOW_DAYS, KindRules, PartialDate, Stamp,
    curation::{
        BlockSpec, CLAIM_BLOCKS, Change, ChangesQuery, ClaimForm, ClaimLine, Credit,
        CuratorTechnology, EditorView, FEED_PAGE, FieldSpec, FreshnessRow, Input, RecheckItem,
        RecheckQueue, RevisionEntry, TECHNOLOGY, Value, WorkspaceBlock, block, diff, iso_date,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value as Json, json};
use sqlx::PgConnection;

/// A record as stored.
#[derive(Debug, Clone)]
pub struct Record {
    /// Its technology.
    pub technology_id: i64,
    /// Its version.
    pub version: i32,
    /// Every column.
    pub row: Map<String, Json>,
}

impl Record {
    /// A row of `spec`'s table as `to_jsonb` gives it.
    fn from_json(spec: &BlockSpec, json: Json) -> Option<Self> {
        let Json::Object(row) = json else { return None };
        Some(Self {
            technology_id: row
                .get(if spec.claim { "technology_id" } else { "id" })
                .and_then(Json::as_i64)?,
            version: row
                .get("version")
                .and_then(Json::as_i64)
                .and_then(|v| i32::try_from(v).ok())?,
            row,
        })
    }

    fn get(&self, column: &str) -> &Json {
        self.row.get(column).unwrap_or(&Json::Null)
    }

    /// A field's typed value.
    pub fn value(&self, field: &FieldSpec) -> Value {
        from_json(field, self.get(field.name), |c| self.get(c))
    }

    fn text(&self, column: &str) -> Option<String> {
        self.get(column).as_str().map(str::to_owned)
    }

    fn date(&self, column: &str) -> Option<NaiveDate> {
        self.text(column).and_then(|s| s.parse().ok())
    }

    /// The one-line text of the record.
    pub fn headline(&self, spec: &BlockSpec) -> String {
        let field = spec.field(spec.headline);
        field
            .and_then(|f| f.show(&self.value(f)))
            .unwrap_or_else(|| format!("{} {}", spec.label, self.get("id")))
    }

    /// Withdrawn on, with the reason.
    pub fn withdrawn(&self) -> Option<(NaiveDate, String)> {
        Some((self.date("withdrawn_on")?, self.text("withdrawn_reason")?))
    }
}

fn from_json<'a>(field: &FieldSpec, v: &'a Json, other: impl Fn(&str) -> &'a Json) -> Value {
    match (field.input, v) {
        (_, Json::Null) => Value::Null,
        (Input::Flag, Json::Bool(b)) => Value::Bool(*b),
        (Input::Pounds | Input::Year, Json::Number(n)) => {
            n.as_i64().map_or(Value::Null, Value::Int)
        }
        (Input::Decimal(_), Json::Number(n)) => Value::Decimal(n.to_string()),
        (Input::List, Json::Array(items)) => Value::List(
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
        ),
        (Input::PartialDate(precision), Json::String(d)) => d
            .parse::<NaiveDate>()
            .ok()
            .and_then(|d| PartialDate::from_parts(d, other(precision).as_str().unwrap_or("day")))
            .map_or(Value::Null, Value::Date),
        (_, Json::String(s)) => Value::Text(s.clone()),
        (_, other) => Value::Text(other.to_string()),
    }
}

/// A value as the JSON `jsonb_populate_record` reads into its column(s).
fn to_json(field: &FieldSpec, v: &Value, row: &mut Map<String, Json>) {
    let json = match v {
        Value::Null => Json::Null,
        Value::Text(t) | Value::Decimal(t) => json!(t),
        Value::Int(n) => json!(n),
        Value::Bool(b) => json!(b),
        Value::List(items) => json!(items),
        Value::Date(d) => json!(iso_date(d.date())),
    };
    if let Input::PartialDate(precision) = field.input {
        let p = match v {
            Value::Date(d) => d.precision().id(),
            _ => "day",
        };
        row.insert(precision.to_owned(), json!(p));
    }
    if matches!(field.input, Input::List) && v.is_null() {
        row.insert(field.name.to_owned(), json!([]));
    } else {
        row.insert(field.name.to_owned(), json);
    }
}

fn scope_sql(spec: &BlockSpec) -> String {
    spec.scope
        .map(|(column, value)| format!(" and {column} = '{value}'"))
        .unwrap_or_default()
}

/// Reads record `id` of block `spec` (withdrawn or not).
pub async fn load(
    db: &mut PgConnection,
    spec: &BlockSpec,
    id: i64,
) -> sqlx::Result<Option<Record>> {
    let sql = format!(
        "select to_jsonb(r) from {} r where id = $1{}",
        spec.table,
        scope_sql(spec)
    );
    let row: Option<Json> = sqlx::query_scalar(&sql)
        .bind(id)
        .fetch_optional(&mut *db)
        .await?;
    Ok(row.and_then(|j| Record::from_json(spec, j)))
}

/// Reads the records `ids` of block `spec`, in no particular order.
async fn load_many(
    db: &mut PgConnection,
    spec: &BlockSpec,
    ids: &[i64],
) -> sqlx::Result<Vec<Record>> {
    let sql = format!(
        "select to_jsonb(r) from {} r where id = any($1){}",
        spec.table,
        scope_sql(spec)
    );
    let rows: Vec<Json> = sqlx::query_scalar(&sql)
        .bind(ids)
        .fetch_all(&mut *db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|j| Record::from_json(spec, j))
        .collect())
}

/// What a save did.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// Saved, with a revision; the technology's slug.
    Done(String),
    /// Nothing differed from what is stored: nothing written; the slug.
    Unchanged(String),
    /// No such record (or it is withdrawn).
    NotFound,
    /// Another save came first: what it (and any later one) changed.
    Conflict(Vec<RevisionEntry>),
}

/// Locks technology `id` for this transaction's writes.
async fn lock_technology(db: &mut PgConnection, id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("select id from technology where id = $1 for update")
            .bind(id)
            .fetch_optional(&mut *db)
            .await?;
    Ok(found.is_some())
}

/// Locks the technology of record `id` of `spec` for this transaction's
/// writes (one statement), so the record is then read under the lock; `false`
/// when there is no such record.
async fn lock_record(db: &mut PgConnection, spec: &BlockSpec, id: i64) -> sqlx::Result<bool> {
    if !spec.claim {
        return lock_technology(db, id).await;
    }
    let sql = format!(
        "select t.id from technology t join {} r on r.technology_id = t.id
         where r.id = $1{} for update of t",
        spec.table,
        scope_sql(spec).replace(" and ", " and r.")
    );
    let found: Option<i64> = sqlx::query_scalar(&sql)
        .bind(id)
        .fetch_optional(&mut *db)
        .await?;
    Ok(found.is_some())
}

/// The slug of technology `id`.
async fn slug_of(db: &mut PgConnection, id: i64) -> sqlx::Result<String> {
    sqlx::query_scalar("select slug from technology where id = $1")
        .bind(id)
        .fetch_one(db)
        .await
}

/// The comma-separated column list of `row`.
fn column_list(row: &Map<String, Json>) -> String {
    row.keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The provenance columns a claim's form sets, stamped by the domain's policy.
fn provenance_json(
    spec: &BlockSpec,
    form: &ClaimForm,
    before: Option<&Record>,
    today: NaiveDate,
    row: &mut Map<String, Json>,
) {
    let Some(p) = &form.provenance else { return };
    let stamp = if p.verified {
        Stamp::verified(today, spec.claim_kind)
    } else {
        Stamp {
            verified_on: None,
            recheck_by: None,
        }
    };
    row.insert("source".into(), json!(p.source));
    row.insert("verified".into(), json!(p.verified));
    row.insert("verified_on".into(), json!(stamp.verified_on.map(iso_date)));
    row.insert("recheck_by".into(), json!(stamp.recheck_by.map(iso_date)));
    row.insert("note".into(), json!(p.note));
    if p.source_changed || before.is_none() {
        let kinds: Vec<&str> = KindRules::default()
            .kinds_of(&p.source, &[])
            .into_iter()
            .map(|k| k.id())
            .collect();
        row.insert("source_kinds".into(), json!(kinds));
        row.insert("source_kinds_derived".into(), json!(true));
    }
    for (field, value) in &form.values {
        if let Some(companion) = field.companion {
            row.insert(companion.into(), json!(p.verified && !value.is_null()));
        }
    }
}

/// The provenance of a record in plain words, for the revision.
fn provenance_changes(before: Option<&Record>, after: &Map<String, Json>) -> Vec<Change> {
    let show = |j: Option<&Json>, column: &str| -> Option<String> {
        match (column, j?) {
            ("verified", Json::Bool(b)) => Some(if *b { "yes" } else { "no" }.to_owned()),
            ("verified_on", Json::String(d)) => {
                d.parse::<NaiveDate>().ok().map(crate::domain::long_date)
            }
            (_, Json::String(s)) => Some(s.clone()),
            _ => None,
        }
    };
    [
        ("source", "Source"),
        ("verified", "Verified"),
        ("verified_on", "Verified on"),
        ("note", "Note"),
    ]
    .into_iter()
    .filter_map(|(column, label)| {
        let b = before.and_then(|r| show(r.row.get(column), column));
        let a = show(after.get(column), column);
        (b != a).then(|| Change {
            field: column.to_owned(),
            label: label.to_owned(),
            before: b,
            after: a,
        })
    })
    .collect()
}

/// One change to one record, as `record_revision` writes it.
pub(super) struct Revision<'a> {
    pub technology_id: i64,
    pub record_id: i64,
    /// `add`, `edit`, `verify`, `withdraw` or `publish`.
    pub action: &'static str,
    /// The record's version after the change.
    pub version: i32,
    pub headline: String,
    pub changes: &'a [Change],
    pub reason: &'a str,
    /// Who suggested it, when not the curator.
    pub credit: Option<Credit>,
}

/// Writes the revision and its audit entry.
pub(super) async fn record_revision(
    db: &mut PgConnection,
    spec: &BlockSpec,
    r: Revision<'_>,
    actor: i64,
) -> sqlx::Result<()> {
    let Revision {
        technology_id,
        record_id,
        action,
        version,
        headline,
        changes,
        reason,
        credit,
    } = r;
    sqlx::query(
        "insert into revision (technology_id, block, record_id, action, version, headline,
             changes, reason, actor_id, credit)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(technology_id)
    .bind(spec.id)
    .bind(record_id)
    .bind(action)
    .bind(version)
    .bind(headline.chars().take(300).collect::<String>())
    .bind(serde_json::to_value(changes).unwrap_or(Json::Null))
    .bind(reason)
    .bind(actor)
    .bind(credit.map(Credit::id))
    .execute(&mut *db)
    .await?;
    super::accounts::audit(
        &mut *db,
        Some(actor),
        &format!("claim {action}"),
        spec.id,
        &record_id.to_string(),
        &changes
            .iter()
            .map(|c| c.field.as_str())
            .chain(["reason"])
            .collect::<Vec<_>>(),
        &[],
    )
    .await
}

/// Saves a curator's edit of record `id`, which they opened at `version`;
/// `credit` when it applies someone's suggestion.
pub async fn save(
    db: &mut PgConnection,
    spec: &BlockSpec,
    id: i64,
    version: i32,
    form: &ClaimForm,
    actor: i64,
    credit: Option<Credit>,
) -> sqlx::Result<Saved> {
    if !lock_record(&mut *db, spec, id).await? {
        return Ok(Saved::NotFound);
    }
    // Read under the lock: this is the version the save is checked against.
    let Some(before) = load(&mut *db, spec, id).await? else {
        return Ok(Saved::NotFound);
    };
    if before.withdrawn().is_some() {
        return Ok(Saved::NotFound);
    }
    if before.version != version {
        return Ok(Saved::Conflict(
            revisions_since(&mut *db, spec, id, version).await?,
        ));
    }
    let today = super::today(&mut *db).await?;
    let mut row = Map::new();
    for (field, value) in &form.values {
        to_json(field, value, &mut row);
    }
    if spec.claim {
        // Saved with "verified" ticked: the curator checked it against its
        // source today.
        provenance_json(spec, form, Some(&before), today, &mut row);
    } else {
        // The technology's parts keep "seen in the source" only while unchanged.
        for (field, value) in &form.values {
            if let Some(companion) = field.companion {
                let kept = !value.is_null()
                    && before.value(field) == *value
                    && before.get(companion).as_bool() == Some(true);
                row.insert(companion.into(), json!(kept));
            }
        }
    }
    let mut changes = diff(
        form.values
            .iter()
            .map(|(f, v)| (*f, before.value(f), v.clone())),
    );
    changes.extend(provenance_changes(Some(&before), &row));
    if changes.is_empty() {
        return Ok(Saved::Unchanged(slug_of(db, before.technology_id).await?));
    }
    let list = column_list(&row);
    let extra = if spec.claim {
        ""
    } else {
        ", updated_at = now()"
    };
    let sql = format!(
        "update {table} t set ({list}) = (select {list} from jsonb_populate_record(null::{table}, $1)),
             version = t.version + 1, edited_in_app = true{extra}
         where t.id = $2 and t.version = $3
         returning t.version",
        table = spec.table
    );
    let saved: Option<i32> = sqlx::query_scalar(&sql)
        .bind(Json::Object(row))
        .bind(id)
        .bind(version)
        .fetch_optional(&mut *db)
        .await?;
    let Some(new_version) = saved else {
        return Ok(Saved::Conflict(
            revisions_since(&mut *db, spec, id, version).await?,
        ));
    };
    let after = load(&mut *db, spec, id).await?.unwrap_or(before);
    let revision = Revision {
        technology_id: after.technology_id,
        record_id: id,
        action: "edit",
        version: new_version,
        headline: after.headline(spec),
        changes: &changes,
        reason: &form.reason,
        credit,
    };
    record_revision(&mut *db, spec, revision, actor).await?;
    super::search::refresh(&mut *db).await?;
    Ok(Saved::Done(slug_of(db, after.technology_id).await?))
}

/// Adds a claim of block `spec` to technology `technology_id`; its id.
/// `credit` when it applies someone's suggestion: a supplier's statement is
/// stored with the source kind `supplier`, whatever its address.
pub async fn add(
    db: &mut PgConnection,
    spec: &BlockSpec,
    technology_id: i64,
    form: &ClaimForm,
    actor: i64,
    credit: Option<Credit>,
) -> sqlx::Result<Option<i64>> {
    if !spec.claim || !lock_technology(&mut *db, technology_id).await? {
        return Ok(None);
    }
    let today = super::today(&mut *db).await?;
    let mut row = Map::new();
    row.insert("technology_id".into(), json!(technology_id));
    if let Some((column, value)) = spec.scope {
        row.insert(column.into(), json!(value));
    }
    if spec.table != "regulatory_record" {
        let sql = format!(
            "select coalesce(max(position) + 1, 0) from {} where technology_id = $1{}",
            spec.table,
            scope_sql(spec)
        );
        let position: i32 = sqlx::query_scalar(&sql)
            .bind(technology_id)
            .fetch_one(&mut *db)
            .await?;
        row.insert("position".into(), json!(position));
    }
    for (field, value) in &form.values {
        to_json(field, value, &mut row);
    }
    provenance_json(spec, form, None, today, &mut row);
    if credit == Some(Credit::Supplier) {
        row.insert("source_kinds".into(), json!(["supplier"]));
    }
    row.insert("edited_in_app".into(), json!(true));
    let list = column_list(&row);
    let sql = format!(
        "insert into {table} ({list})
         select {list} from jsonb_populate_record(null::{table}, $1) returning id",
        table = spec.table
    );
    let id: i64 = sqlx::query_scalar(&sql)
        .bind(Json::Object(row))
        .fetch_one(&mut *db)
        .await?;
    let after = load(&mut *db, spec, id).await?;
    let Some(after) = after else { return Ok(None) };
    let mut changes = diff(
        form.values
            .iter()
            .map(|(f, v)| (*f, Value::Null, v.clone())),
    );
    changes.extend(provenance_changes(None, &after.row));
    let revision = Revision {
        technology_id,
        record_id: id,
        action: "add",
        version: after.version,
        headline: after.headline(spec),
        changes: &changes,
        reason: &form.reason,
        credit,
    };
    record_revision(&mut *db, spec, revision, actor).await?;
    super::search::refresh(&mut *db).await?;
    Ok(Some(id))
}

/// Withdraws record `id` ("no longer true"), opened at `version`.
pub async fn withdraw(
    db: &mut PgConnection,
    spec: &BlockSpec,
    id: i64,
    version: i32,
    reason: &str,
    actor: i64,
) -> sqlx::Result<Saved> {
    if !spec.claim || !lock_record(&mut *db, spec, id).await? {
        return Ok(Saved::NotFound);
    }
    let Some(before) = load(&mut *db, spec, id).await? else {
        return Ok(Saved::NotFound);
    };
    let sql = format!(
        "update {} set withdrawn_on = current_date, withdrawn_reason = $3,
             version = version + 1, edited_in_app = true
         where id = $1 and version = $2 and withdrawn_on is null
         returning version",
        spec.table
    );
    let done: Option<i32> = sqlx::query_scalar(&sql)
        .bind(id)
        .bind(version)
        .bind(reason)
        .fetch_optional(&mut *db)
        .await?;
    let Some(new_version) = done else {
        return Ok(match load(&mut *db, spec, id).await? {
            Some(r) if r.withdrawn().is_none() => {
                Saved::Conflict(revisions_since(&mut *db, spec, id, version).await?)
            }
            _ => Saved::NotFound,
        });
    };
    let revision = Revision {
        technology_id: before.technology_id,
        record_id: id,
        action: "withdraw",
        version: new_version,
        headline: before.headline(spec),
        changes: &[],
        reason,
        credit: None,
    };
    record_revision(&mut *db, spec, revision, actor).await?;
    super::search::refresh(&mut *db).await?;
    Ok(Saved::Done(slug_of(db, before.technology_id).await?))
}

/// "Still true": each of `claims` (block, id) verified today, re-check by
/// policy, one revision each. Unknown or withdrawn ones are skipped; the
/// number verified.
pub async fn still_true(
    db: &mut PgConnection,
    claims: &[(&'static BlockSpec, i64)],
    reason: &str,
    actor: i64,
) -> sqlx::Result<usize> {
    let today = super::today(&mut *db).await?;
    let mut done = 0;
    for (spec, id) in claims {
        if !spec.claim || !lock_record(&mut *db, spec, *id).await? {
            continue;
        }
        let Some(before) = load(&mut *db, spec, *id).await? else {
            continue;
        };
        if before.withdrawn().is_some() {
            continue;
        }
        let stamp = Stamp::verified(today, spec.claim_kind);
        let sql = format!(
            "update {} set verified = true, verified_on = $2, recheck_by = $3,
                 version = version + 1, edited_in_app = true
             where id = $1 and withdrawn_on is null returning version",
            spec.table
        );
        let Some(version): Option<i32> = sqlx::query_scalar(&sql)
            .bind(id)
            .bind(stamp.verified_on)
            .bind(stamp.recheck_by)
            .fetch_optional(&mut *db)
            .await?
        else {
            continue;
        };
        let Some(after) = load(&mut *db, spec, *id).await? else {
            continue;
        };
        let changes = provenance_changes(Some(&before), &after.row);
        let revision = Revision {
            technology_id: before.technology_id,
            record_id: *id,
            action: "verify",
            version,
            headline: before.headline(spec),
            changes: &changes,
            reason,
            credit: None,
        };
        record_revision(&mut *db, spec, revision, actor).await?;
        done += 1;
    }
    if done > 0 {
        super::search::refresh(&mut *db).await?;
    }
    Ok(done)
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    id: i64,
    at: DateTime<Utc>,
    slug: String,
    name: String,
    block: String,
    record_id: i64,
    action: String,
    credit: Option<String>,
    headline: Option<String>,
    changes: Json,
    reason: String,
    by: Option<String>,
}

impl From<RevisionRow> for RevisionEntry {
    fn from(r: RevisionRow) -> Self {
        Self {
            id: r.id,
            at: r.at,
            technology: (r.slug, r.name),
            block: r.block,
            record_id: r.record_id,
            action: r.action,
            credit: r.credit,
            headline: r.headline,
            changes: serde_json::from_value(r.changes).unwrap_or_default(),
            reason: r.reason,
            by: r.by,
        }
    }
}

/// The columns of a revision; `by` only when `$3` (staff) is true. A macro
/// so that each query stays one static string (`concat!`).
macro_rules! revision_select {
    () => {
        "select v.id, v.at, t.slug, t.name, v.block, v.record_id, v.action, v.credit, v.headline,
                v.changes, v.reason, case when $3 then coalesce(a.display_name, 'a former member') end as by
         from revision v
         join technology t on t.id = v.technology_id
         left join account a on a.id = v.actor_id "
    };
}

/// The feed's filter: `$1` a technology's slug, `$2` a block, or null; `$3`
/// staff (who also see drafts' changes; nobody else does).
macro_rules! feed_filter {
    () => {
        "where ($1::text is null or t.slug = $1) and ($2::text is null or v.block = $2)
           and ($3 or t.catalogue_status <> 'draft') "
    };
}

async fn revisions_since(
    db: &mut PgConnection,
    spec: &BlockSpec,
    id: i64,
    version: i32,
) -> sqlx::Result<Vec<RevisionEntry>> {
    let rows: Vec<RevisionRow> = sqlx::query_as(concat!(
        revision_select!(),
        "where v.block = $1 and v.record_id = $2 and v.version > $4 order by v.version"
    ))
    .bind(spec.id)
    .bind(id)
    .bind(true)
    .bind(version)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// One page of the change feed, newest first, and how many match.
/// `staff`: show who made each change.
pub async fn changes(
    db: &mut PgConnection,
    q: &ChangesQuery,
    staff: bool,
) -> sqlx::Result<(Vec<RevisionEntry>, i64)> {
    let rows: Vec<RevisionRow> = sqlx::query_as(concat!(
        revision_select!(),
        feed_filter!(),
        "order by v.at desc, v.id desc limit $4 offset $5"
    ))
    .bind(&q.technology)
    .bind(&q.block)
    .bind(staff)
    .bind(FEED_PAGE)
    .bind(q.offset())
    .fetch_all(&mut *db)
    .await?;
    let total: i64 = sqlx::query_scalar(concat!(
        "select count(*) from revision v join technology t on t.id = v.technology_id ",
        feed_filter!(),
    ))
    .bind(&q.technology)
    .bind(&q.block)
    .bind(staff)
    .fetch_one(&mut *db)
    .await?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}

/// The (id, slug, name) of the technology at `slug`, listed or not.
pub async fn technology(
    db: &mut PgConnection,
    slug: &str,
) -> sqlx::Result<Option<(i64, String, String)>> {
    sqlx::query_as("select id, slug, name from technology where slug = $1")
        .bind(slug)
        .fetch_optional(db)
        .await
}

/// The (slug, name) of the technology at `slug` if the public may see it
/// (anything but a draft).
pub async fn public_technology(
    db: &mut PgConnection,
    slug: &str,
) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as(
        "select slug, name from technology where slug = $1 and catalogue_status <> 'draft'",
    )
    .bind(slug)
    .fetch_optional(db)
    .await
}

/// Every claim of a technology by block, for its curators.
pub async fn workspace(
    db: &mut PgConnection,
    slug: &str,
) -> sqlx::Result<Option<CuratorTechnology>> {
    let Some((id, slug, name)) = technology(&mut *db, slug).await? else {
        return Ok(None);
    };
    let today = super::today(&mut *db).await?;
    let mut blocks = Vec::new();
    for spec in &CLAIM_BLOCKS {
        let order = if spec.table == "regulatory_record" {
            "essential_id"
        } else {
            "position"
        };
        let sql = format!(
            "select to_jsonb(r) from {table} r where technology_id = $1{scope}
             order by withdrawn_on nulls first, {order}",
            table = spec.table,
            scope = scope_sql(spec)
        );
        let rows: Vec<Json> = sqlx::query_scalar(&sql)
            .bind(id)
            .fetch_all(&mut *db)
            .await?;
        let claims = rows
            .into_iter()
            .filter_map(|j| Record::from_json(spec, j))
            .map(|r| {
                let stamp = Stamp {
                    verified_on: r.date("verified_on"),
                    recheck_by: r.date("recheck_by"),
                };
                ClaimLine {
                    id: r.get("id").as_i64().unwrap_or_default(),
                    headline: r.headline(spec),
                    freshness: stamp.freshness(today),
                    recheck_by: stamp.recheck_by,
                    withdrawn: r.withdrawn(),
                }
            })
            .collect();
        blocks.push(WorkspaceBlock {
            id: spec.id.to_owned(),
            plural: spec.plural.to_owned(),
            claims,
        });
    }
    let listing = super::lifecycle::listing(&mut *db, id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    Ok(Some(CuratorTechnology {
        id,
        slug,
        name,
        listing,
        blocks,
    }))
}

/// The editor of record `id` of `spec` (with its history, naming who), or of
/// a new claim of technology `slug` when `id` is `None`.
pub async fn editor(
    db: &mut PgConnection,
    spec: &'static BlockSpec,
    id: Option<i64>,
    slug: &str,
) -> sqlx::Result<Option<EditorView>> {
    let Some(id) = id else {
        let Some((_, slug, name)) = technology(&mut *db, slug).await? else {
            return Ok(None);
        };
        return Ok(spec.claim.then(|| EditorView {
            block: spec.id.to_owned(),
            record_id: None,
            technology: (slug, name),
            version: 1,
            values: vec![("verified".into(), "yes".into())],
            verified_on: None,
            recheck_by: None,
            withdrawn: None,
            history: vec![],
            suggestion: None,
        }));
    };
    let Some(record) = load(&mut *db, spec, id).await? else {
        return Ok(None);
    };
    let (slug, name): (String, String) =
        sqlx::query_as("select slug, name from technology where id = $1")
            .bind(record.technology_id)
            .fetch_one(&mut *db)
            .await?;
    let mut values: Vec<(String, String)> = spec
        .fields
        .iter()
        .map(|f| (f.name.to_owned(), f.form_text(&record.value(f))))
        .collect();
    if spec.claim {
        values.push(("source".into(), record.text("source").unwrap_or_default()));
        let verified = record.get("verified").as_bool().unwrap_or(false);
        values.push(("verified".into(), if verified { "yes" } else { "" }.into()));
        values.push(("note".into(), record.text("note").unwrap_or_default()));
    }
    let history = revisions_since(&mut *db, spec, id, 0)
        .await?
        .into_iter()
        .rev()
        .collect();
    Ok(Some(EditorView {
        block: spec.id.to_owned(),
        record_id: Some(id),
        technology: (slug, name),
        version: record.version,
        values,
        verified_on: record.date("verified_on"),
        recheck_by: record.date("recheck_by"),
        withdrawn: record.withdrawn(),
        history,
        suggestion: None,
    }))
}

/// The technology editor: block `technology`, record = the technology.
pub async fn technology_editor(
    db: &mut PgConnection,
    slug: &str,
) -> sqlx::Result<Option<EditorView>> {
    let Some((id, _, _)) = technology(&mut *db, slug).await? else {
        return Ok(None);
    };
    editor(db, &TECHNOLOGY, Some(id), slug).await
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    block: String,
    id: i64,
    slug: String,
    name: String,
    verified_on: Option<NaiveDate>,
    recheck_by: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    block: String,
    fresh: i64,
    due: i64,
    overdue: i64,
    unverified: i64,
}

/// The re-check queue: claims never verified, due within the window or
/// overdue (oldest re-check date first, then those never verified), one page,
/// with the freshness summary of every live claim.
pub async fn recheck_queue(db: &mut PgConnection, q: &ChangesQuery) -> sqlx::Result<RecheckQueue> {
    let today = super::today(&mut *db).await?;
    let due_from = today
        .checked_add_days(chrono::Days::new(DUE_WINDOW_DAYS))
        .unwrap_or(today);
    let summary_rows: Vec<SummaryRow> = sqlx::query_as(
        "select block,
                count(*) filter (where verified and recheck_by > $2) as fresh,
                count(*) filter (where verified and recheck_by <= $2 and recheck_by >= $1) as due,
                count(*) filter (where verified and recheck_by < $1) as overdue,
                count(*) filter (where not verified) as unverified
         from claim group by block",
    )
    .bind(today)
    .bind(due_from)
    .fetch_all(&mut *db)
    .await?;
    let mut summary: Vec<FreshnessRow> = CLAIM_BLOCKS
        .iter()
        .map(|b| {
            let r = summary_rows.iter().find(|r| r.block == b.id);
            FreshnessRow {
                block: b.plural.to_owned(),
                fresh: r.map_or(0, |r| r.fresh),
                due: r.map_or(0, |r| r.due),
                overdue: r.map_or(0, |r| r.overdue),
                unverified: r.map_or(0, |r| r.unverified),
            }
        })
        .collect();
    let all = summary.iter().fold(
        FreshnessRow {
            block: "All claims".into(),
            ..FreshnessRow::default()
        },
        |mut acc, r| {
            acc.fresh += r.fresh;
            acc.due += r.due;
            acc.overdue += r.overdue;
            acc.unverified += r.unverified;
            acc
        },
    );
    summary.push(all);

    macro_rules! queue_filter {
        () => {
            "from claim c join technology t on t.id = c.technology_id
             where (not c.verified or c.recheck_by <= $1)
               and ($2::text is null or t.slug = $2) and ($3::text is null or c.block = $3) "
        };
    }
    let rows: Vec<QueueRow> = sqlx::query_as(concat!(
        "select c.block, c.id, t.slug, t.name, c.verified_on, c.recheck_by ",
        queue_filter!(),
        "order by c.recheck_by nulls last, t.name, c.block, c.id limit $5 offset $4"
    ))
    .bind(due_from)
    .bind(&q.technology)
    .bind(&q.block)
    .bind(q.offset())
    .bind(FEED_PAGE)
    .fetch_all(&mut *db)
    .await?;
    let total: i64 = sqlx::query_scalar(concat!("select count(*) ", queue_filter!()))
        .bind(due_from)
        .bind(&q.technology)
        .bind(&q.block)
        .fetch_one(&mut *db)
        .await?;
    // The page's headlines: one query per block on the page, not one per claim.
    let mut headlines = std::collections::HashMap::new();
    for spec in &CLAIM_BLOCKS {
        let ids: Vec<i64> = rows
            .iter()
            .filter(|r| r.block == spec.id)
            .map(|r| r.id)
            .collect();
        if ids.is_empty() {
            continue;
        }
        for record in load_many(&mut *db, spec, &ids).await? {
            if let Some(id) = record.get("id").as_i64() {
                headlines.insert((spec.id, id), record.headline(spec));
            }
        }
    }
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(spec) = block(&r.block) else {
            continue;
        };
        let Some(headline) = headlines.remove(&(spec.id, r.id)) else {
            continue;
        };
        let stamp = Stamp {
            verified_on: r.verified_on,
            recheck_by: r.recheck_by,
        };
        items.push(RecheckItem {
            block: r.block,
            id: r.id,
            technology: (r.slug, r.name),
            headline,
            freshness: stamp.freshness(today),
            recheck_by: r.recheck_by,
        });
    }
    let technologies: Vec<(String, String)> =
        sqlx::query_as("select slug, name from technology order by lower(name), slug")
            .fetch_all(&mut *db)
            .await?;
    Ok(RecheckQueue {
        query: q.clone(),
        summary,
        items,
        total,
        technologies,
    })
}
