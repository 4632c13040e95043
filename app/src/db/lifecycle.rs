//! A technology's lifecycle: created as a draft, published against the
//! inclusion rule, withdrawn with a reason. Each change runs in the caller's
//! transaction with the technology locked, checks the version the curator
//! saw, writes a revision (and its audit entry) and refreshes the search
//! views, so a draft or a withdrawn technology leaves search, facets and
//! counts in the same commit.

use super::{
    curation::{Revision, record_revision},
    rows::ListingRow,
};
use crate::domain::curation::{
    CatalogueStatus, Change, LifecycleView, Listing, NewTechnology, TECHNOLOGY, basis_sentence,
};
use sqlx::PgConnection;

/// What a lifecycle change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Done; the technology's slug.
    Done(String),
    /// No technology at that address.
    NotFound,
    /// Another change came first (the version differs).
    Conflict,
    /// Publishing: it meets no inclusion basis.
    NoBasis,
    /// Not possible from its status (publishing a listed one, withdrawing a draft).
    NotFrom(CatalogueStatus),
}

/// The technology types, (id, label), by label.
pub async fn types(db: &mut PgConnection) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("select id, label from technology_type order by label")
        .fetch_all(db)
        .await
}

/// The inclusion bases technology `id` meets from its documented claims now:
/// NICE guidance or briefing, or a documented NHS deployment (withdrawn
/// claims do not count).
pub async fn basis(db: &mut PgConnection, id: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "select b from unnest(array[
             case when exists (select 1 from nice_guidance
                               where technology_id = $1 and withdrawn_on is null) then 'nice_guidance' end,
             case when exists (select 1 from deployment where technology_id = $1
                               and kind = 'nhs_deployment' and withdrawn_on is null) then 'nhs_deployment' end
         ]) b where b is not null",
    )
    .bind(id)
    .fetch_all(db)
    .await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    name: String,
    #[sqlx(flatten)]
    listing: ListingRow,
    version: i32,
}

async fn row(db: &mut PgConnection, slug: &str, lock: bool) -> sqlx::Result<Option<Row>> {
    let sql = if lock {
        "select id, slug, name, catalogue_status, status_changed_on, withdrawn_reason, version
         from technology where slug = $1 for update"
    } else {
        "select id, slug, name, catalogue_status, status_changed_on, withdrawn_reason, version
         from technology where slug = $1"
    };
    sqlx::query_as(sql).bind(slug).fetch_optional(db).await
}

/// Where technology `id` is in the catalogue.
pub async fn listing(db: &mut PgConnection, id: i64) -> sqlx::Result<Option<Listing>> {
    let found: Option<ListingRow> = sqlx::query_as(
        "select catalogue_status, status_changed_on, withdrawn_reason from technology where id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(found.as_ref().map(ListingRow::to_listing))
}

/// The lifecycle of the technology at `slug`, for its curators.
pub async fn view(db: &mut PgConnection, slug: &str) -> sqlx::Result<Option<LifecycleView>> {
    let Some(r) = row(&mut *db, slug, false).await? else {
        return Ok(None);
    };
    let basis = basis(&mut *db, r.id).await?;
    Ok(Some(LifecycleView {
        technology: (r.slug.clone(), r.name.clone()),
        listing: r.listing.to_listing(),
        version: r.version,
        basis,
    }))
}

fn change(field: &str, label: &str, before: Option<String>, after: Option<String>) -> Change {
    Change {
        field: field.to_owned(),
        label: label.to_owned(),
        before,
        after,
    }
}

/// Creates `t` as a draft, with its first revision; `None` when its address
/// is taken. A supplier named as one already recorded (whatever the case) is
/// linked to it; a new name becomes a new supplier.
pub async fn create(
    db: &mut PgConnection,
    t: &NewTechnology,
    actor: i64,
) -> sqlx::Result<Option<String>> {
    let taken: bool =
        sqlx::query_scalar("select exists (select 1 from technology where slug = $1)")
            .bind(&t.slug)
            .fetch_one(&mut *db)
            .await?;
    if taken {
        return Ok(None);
    }
    let supplier_id: Option<i64> = match &t.supplier {
        Some(name) => Some(
            sqlx::query_scalar(
                "with found as (select id from supplier where lower(name) = lower($1) limit 1),
                      made as (insert into supplier (name) select $1
                               where not exists (select 1 from found) returning id)
                 select id from found union all select id from made",
            )
            .bind(name)
            .fetch_one(&mut *db)
            .await?,
        ),
        None => None,
    };
    let id: i64 = sqlx::query_scalar(
        "insert into technology (slug, name, technology_type_id, supplier, supplier_id, summary,
             clinical_area, ai_enabled, catalogue_status, status_changed_on, edited_in_app)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', current_date, true)
         returning id",
    )
    .bind(&t.slug)
    .bind(&t.name)
    .bind(&t.type_id)
    .bind(&t.supplier)
    .bind(supplier_id)
    .bind(&t.summary)
    .bind(&t.clinical_area)
    .bind(t.ai_enabled)
    .fetch_one(&mut *db)
    .await?;
    let changes = vec![
        change("name", "Name", None, Some(t.name.clone())),
        change("supplier", "Supplier", None, t.supplier.clone()),
        change("summary", "Summary", None, t.summary.clone()),
        change(
            "clinical_area",
            "Clinical area",
            None,
            t.clinical_area.clone(),
        ),
    ]
    .into_iter()
    .filter(|c| c.after.is_some())
    .collect::<Vec<_>>();
    let revision = Revision {
        technology_id: id,
        record_id: id,
        action: "add",
        version: 1,
        headline: t.name.clone(),
        changes: &changes,
        reason: &t.reason,
        credit: None,
    };
    record_revision(&mut *db, &TECHNOLOGY, revision, actor).await?;
    Ok(Some(t.slug.clone()))
}

/// Locks the technology at `slug` for a lifecycle change from a listed
/// (`listed`) or an unlisted status, opened at `version`: the row and its
/// status before, or why not.
async fn locked(
    db: &mut PgConnection,
    slug: &str,
    version: i32,
    listed: bool,
) -> sqlx::Result<Result<(Row, CatalogueStatus), Outcome>> {
    let Some(r) = row(&mut *db, slug, true).await? else {
        return Ok(Err(Outcome::NotFound));
    };
    let before = r.listing.to_listing().status;
    Ok(if before.is_listed() != listed {
        Err(Outcome::NotFrom(before))
    } else if r.version != version {
        Err(Outcome::Conflict)
    } else {
        Ok((r, before))
    })
}

/// After the update of `r` from status `before` to `after`: the revision
/// (the status change, then `more`), the search views' refresh, `Done`.
async fn recorded(
    db: &mut PgConnection,
    r: Row,
    action: &'static str,
    (before, after): (CatalogueStatus, CatalogueStatus),
    more: Option<Change>,
    reason: &str,
    actor: i64,
) -> sqlx::Result<Outcome> {
    let mut changes = vec![change(
        "catalogue_status",
        "Status",
        Some(before.label().to_owned()),
        Some(after.label().to_owned()),
    )];
    changes.extend(more);
    let revision = Revision {
        technology_id: r.id,
        record_id: r.id,
        action,
        version: r.version + 1,
        headline: r.name.clone(),
        changes: &changes,
        reason,
        credit: None,
    };
    record_revision(&mut *db, &TECHNOLOGY, revision, actor).await?;
    super::search::refresh(&mut *db).await?;
    Ok(Outcome::Done(r.slug))
}

/// Publishes the technology at `slug` (a draft, or a withdrawn one listed
/// again), opened at `version`, if it meets an inclusion basis; the basis is
/// stored and said in the revision.
pub async fn publish(
    db: &mut PgConnection,
    slug: &str,
    version: i32,
    reason: &str,
    actor: i64,
) -> sqlx::Result<Outcome> {
    let (r, before) = match locked(&mut *db, slug, version, false).await? {
        Ok(found) => found,
        Err(outcome) => return Ok(outcome),
    };
    let basis = basis(&mut *db, r.id).await?;
    let Some(sentence) = basis_sentence(&basis) else {
        return Ok(Outcome::NoBasis);
    };
    sqlx::query(
        "update technology set catalogue_status = 'listed', inclusion_basis = $2,
             withdrawn_reason = null, status_changed_on = current_date,
             version = version + 1, edited_in_app = true, updated_at = now()
         where id = $1",
    )
    .bind(r.id)
    .bind(&basis)
    .execute(&mut *db)
    .await?;
    let why = change("inclusion_basis", "Why it is listed", None, Some(sentence));
    let statuses = (before, CatalogueStatus::Listed);
    recorded(db, r, "publish", statuses, Some(why), reason, actor).await
}

/// Withdraws the listed technology at `slug`, opened at `version`: it stays
/// at its address saying it is no longer listed, with `reason` and the date.
pub async fn withdraw(
    db: &mut PgConnection,
    slug: &str,
    version: i32,
    reason: &str,
    actor: i64,
) -> sqlx::Result<Outcome> {
    let (r, before) = match locked(&mut *db, slug, version, true).await? {
        Ok(found) => found,
        Err(outcome) => return Ok(outcome),
    };
    sqlx::query(
        "update technology set catalogue_status = 'withdrawn', withdrawn_reason = $2,
             status_changed_on = current_date, version = version + 1, edited_in_app = true,
             updated_at = now()
         where id = $1",
    )
    .bind(r.id)
    .bind(reason)
    .execute(&mut *db)
    .await?;
    let statuses = (before, CatalogueStatus::Withdrawn);
    recorded(db, r, "withdraw", statuses, None, reason, actor).await
}

/// The drafts, (slug, name), by name.
pub async fn drafts(db: &mut PgConnection) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "select slug, name from technology where catalogue_status = 'draft'
         order by lower(name), slug",
    )
    .fetch_all(db)
    .await
}
