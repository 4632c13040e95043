//! Consented contacts. Only these functions read the `contact` table, and only
//! the server functions that check the visitor's role call the ones that
//! return personal details; the count is all anyone else gets.

use crate::domain::Contact;
use chrono::NaiveDate;
use sqlx::{PgConnection, PgExecutor};

const SELECT: &str = "select c.id, c.name, c.job_title, c.organisation, c.email, c.phone,
        c.preferred_method, c.consent_recorded_on, c.reconfirm_by, c.is_demo,
        d.site, i.name as icb_name, t.slug, t.name as technology_name
    from contact c
    join deployment d on d.id = c.deployment_id and d.withdrawn_on is null
    join technology t on t.id = d.technology_id
    left join icb i on i.ods_code = d.icb_ods_code";

#[derive(sqlx::FromRow)]
struct ContactRow {
    id: i64,
    name: String,
    job_title: String,
    organisation: String,
    email: String,
    phone: Option<String>,
    preferred_method: String,
    consent_recorded_on: NaiveDate,
    reconfirm_by: NaiveDate,
    is_demo: bool,
    site: String,
    icb_name: Option<String>,
    slug: String,
    technology_name: String,
}

impl From<ContactRow> for Contact {
    fn from(r: ContactRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            job_title: r.job_title,
            organisation: r.organisation,
            email: r.email,
            phone: r.phone,
            preferred_method: r.preferred_method,
            consent_recorded_on: r.consent_recorded_on,
            reconfirm_by: r.reconfirm_by,
            is_demo: r.is_demo,
            site: r.site,
            icb_name: r.icb_name,
            technology: (r.slug, r.technology_name),
        }
    }
}

/// How many contacts with current consent a technology has (all anyone may know).
pub async fn current_count(db: impl PgExecutor<'_>, slug: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "select count(*) from contact c join deployment d on d.id = c.deployment_id and d.withdrawn_on is null
         join technology t on t.id = d.technology_id
         where t.slug = $1 and t.catalogue_status <> 'draft' and c.reconfirm_by >= current_date",
    )
    .bind(slug)
    .fetch_one(db)
    .await
}

/// The contacts with current consent for a technology (members only).
pub async fn current_for(db: impl PgExecutor<'_>, slug: &str) -> sqlx::Result<Vec<Contact>> {
    let rows: Vec<ContactRow> = sqlx::query_as(&format!(
        "{SELECT} where t.slug = $1 and c.reconfirm_by >= current_date order by d.position, c.id"
    ))
    .bind(slug)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Contact::from).collect())
}

/// Contacts past their re-confirm date, oldest first (curators).
pub async fn due_for_reconfirmation(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<Contact>> {
    let rows: Vec<ContactRow> = sqlx::query_as(&format!(
        "{SELECT} where c.reconfirm_by < current_date order by c.reconfirm_by, c.id"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Contact::from).collect())
}

/// How long a contact's consent holds before it must be re-confirmed (the
/// contact is hidden from members once it lapses).
pub const RECONFIRM_MONTHS: i32 = 12;

/// Records that the contact re-confirmed consent today (for another year), with
/// an audit entry. `false` if there is no such contact. Run in a transaction.
pub async fn reconfirm(db: &mut PgConnection, actor: i64, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "update contact set consent_recorded_on = current_date,
             reconfirm_by = (current_date + make_interval(months => $2))::date
         where id = $1",
    )
    .bind(id)
    .bind(RECONFIRM_MONTHS)
    .execute(&mut *db)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    super::accounts::audit(
        &mut *db,
        Some(actor),
        "contact consent re-confirmed",
        "contact",
        &id.to_string(),
        &["consent_recorded_on", "reconfirm_by"],
        &[],
    )
    .await?;
    Ok(true)
}

/// Fictional people for the demo command: obviously made-up names on the
/// reserved `example.org` domain.
const DEMO_PEOPLE: [(&str, &str); 4] = [
    ("Demo Person One", "Digital transformation lead (demo)"),
    ("Demo Person Two", "Clinical safety officer (demo)"),
    ("Demo Person Three", "Programme manager (demo)"),
    (
        "Demo Person Four",
        "Chief clinical information officer (demo)",
    ),
];

/// Adds one synthetic, clearly labelled demo contact to each of the first
/// `limit` documented NHS deployments that have none. Returns how many.
pub async fn create_demo(db: &mut PgConnection, limit: i64) -> sqlx::Result<u64> {
    let deployments: Vec<(i64, String)> = sqlx::query_as(
        "select d.id, d.site from deployment d
         where d.kind = 'nhs_deployment' and d.withdrawn_on is null and not exists (select 1 from contact c where c.deployment_id = d.id)
         order by d.technology_id, d.position limit $1",
    )
    .bind(limit)
    .fetch_all(&mut *db)
    .await?;
    let mut added = 0;
    for (n, (deployment, site)) in deployments.into_iter().enumerate() {
        let (name, title) = DEMO_PEOPLE[n % DEMO_PEOPLE.len()];
        sqlx::query(
            "insert into contact (deployment_id, name, job_title, organisation, email,
                 preferred_method, consent_recorded_on, reconfirm_by, is_demo, source)
             values ($1, $2, $3, $4, $5, 'email', current_date,
                 (current_date + interval '1 year')::date, true,
                 'Synthetic demo data (server demo-contacts); not a real person')",
        )
        .bind(deployment)
        .bind(name)
        .bind(title)
        .bind(format!(
            "Demo organisation (fictional), shown against {site}"
        ))
        .bind(format!("demo.contact{}@example.org", n + 1))
        .execute(&mut *db)
        .await?;
        added += 1;
    }
    Ok(added)
}

/// The contact entries that describe this member (from their own submissions).
pub async fn own(db: impl PgExecutor<'_>, account: i64) -> sqlx::Result<Vec<Contact>> {
    let rows: Vec<ContactRow> =
        sqlx::query_as(&format!("{SELECT} where c.account_id = $1 order by c.id"))
            .bind(account)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(Contact::from).collect())
}

/// One contact and the member it describes (when it came from their own
/// submission).
pub async fn one(db: &mut PgConnection, id: i64) -> sqlx::Result<Option<(Contact, Option<i64>)>> {
    let row: Option<ContactRow> = sqlx::query_as(&format!("{SELECT} where c.id = $1"))
        .bind(id)
        .fetch_optional(&mut *db)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let owner: Option<i64> = sqlx::query_scalar("select account_id from contact where id = $1")
        .bind(id)
        .fetch_one(&mut *db)
        .await?;
    Ok(Some((Contact::from(row), owner)))
}

/// Who may withdraw a contact's consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withdrawer {
    /// The member the contact describes.
    Member(i64),
    /// A curator acting on the person's request.
    Curator(i64),
}

/// Withdraws a contact's consent: deletes the row, with an audit entry that
/// keeps only its id. `None` when there is no such contact, or a member asks
/// about someone else's (the same answer). Returns the technology's slug.
/// Run in a transaction.
pub async fn withdraw(
    db: &mut PgConnection,
    by: Withdrawer,
    id: i64,
) -> sqlx::Result<Option<String>> {
    let found: Option<(Option<i64>, String)> = sqlx::query_as(
        "select c.account_id, t.slug from contact c
         join deployment d on d.id = c.deployment_id
         join technology t on t.id = d.technology_id
         where c.id = $1 for update of c",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await?;
    let slug = match (found, by) {
        (Some((Some(owner), slug)), Withdrawer::Member(me)) if owner == me => slug,
        (Some((_, slug)), Withdrawer::Curator(_)) => slug,
        _ => return Ok(None),
    };
    sqlx::query("delete from contact where id = $1")
        .bind(id)
        .execute(&mut *db)
        .await?;
    let (actor, action) = match by {
        Withdrawer::Member(a) => (a, "contact consent withdrawn by the member"),
        Withdrawer::Curator(a) => (a, "contact consent withdrawn on request"),
    };
    super::accounts::audit(
        &mut *db,
        Some(actor),
        action,
        "contact",
        &id.to_string(),
        &[],
        &[],
    )
    .await?;
    Ok(Some(slug))
}

/// A contact as its own withdrawal link shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Linked {
    /// The contact.
    pub id: i64,
    /// The person's name.
    pub name: String,
    /// Their email address (where the link was sent).
    pub email: String,
    /// The account whose submission published it.
    pub account_id: Option<i64>,
    /// The technology they are a contact for.
    pub technology: String,
    /// Where it was deployed.
    pub site: String,
}

/// The contact whose withdrawal link has this token hash (even on a
/// deployment since withdrawn: the person may still remove their details).
pub async fn by_link(db: impl PgExecutor<'_>, token_hash: &[u8]) -> sqlx::Result<Option<Linked>> {
    sqlx::query_as(
        "select c.id, c.name, c.email, c.account_id, t.name as technology, d.site
         from contact c
         join deployment d on d.id = c.deployment_id
         join technology t on t.id = d.technology_id
         where c.withdraw_token_hash = $1 and not c.is_demo",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

/// Deletes the contact whose withdrawal link has this token hash (audited,
/// with no actor: the person used the link). `false` when there is none.
pub async fn withdraw_by_link(db: &mut PgConnection, token_hash: &[u8]) -> sqlx::Result<bool> {
    let id: Option<i64> =
        sqlx::query_scalar("delete from contact where withdraw_token_hash = $1 returning id")
            .bind(token_hash)
            .fetch_optional(&mut *db)
            .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    super::accounts::audit(
        &mut *db,
        None,
        "contact consent withdrawn by the person (emailed link)",
        "contact",
        &id.to_string(),
        &[],
        &[],
    )
    .await?;
    Ok(true)
}
