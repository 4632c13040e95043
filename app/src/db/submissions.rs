//! Member submissions: storing them, the curator queue, and approval, which
//! publishes a deployment (and an optional pilot result and contact) in one
//! transaction with the search views refreshed and an audit entry.

use crate::domain::{
    ClaimKind, KindRules, PartialDate, Stamp, SubmissionOptions, SubmissionReview,
    SubmissionSummary, SubmissionValues,
};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgExecutor};

/// What the form offers for `slug`; `None` if there is no such technology.
pub async fn options(db: &mut PgConnection, slug: &str) -> sqlx::Result<Option<SubmissionOptions>> {
    let Some(technology): Option<(String, String)> = sqlx::query_as(
        "select slug, name from technology where slug = $1 and is_listed(catalogue_status)",
    )
    .bind(slug)
    .fetch_optional(&mut *db)
    .await?
    else {
        return Ok(None);
    };
    let icbs = sqlx::query_as("select ods_code, name from icb order by name")
        .fetch_all(&mut *db)
        .await?;
    let settings = sqlx::query_as("select id, label from care_setting order by label")
        .fetch_all(&mut *db)
        .await?;
    Ok(Some(SubmissionOptions {
        technology,
        icbs,
        settings,
    }))
}

/// Which of the given ICB code and care setting id are unknown: (icb, setting).
pub async fn unknown_choices(
    db: impl PgExecutor<'_>,
    icb: Option<&str>,
    setting: Option<&str>,
) -> sqlx::Result<(bool, bool)> {
    sqlx::query_as(
        "select $1::text is not null and not exists (select 1 from icb where ods_code = $1),
                $2::text is not null and not exists (select 1 from care_setting where id = $2)",
    )
    .bind(icb)
    .bind(setting)
    .fetch_one(db)
    .await
}

/// The submission's columns, bound as `$1…$22` by [`bind_values`].
const VALUE_COLUMNS: &str = "site, icb_ods_code, care_setting_id, stage_id, status, stop_reason,
    go_live_on, scale, result, pilot_metric, pilot_baseline, pilot_result, pilot_period,
    pilot_design, pilot_sample_size, pilot_independent, pilot_report_url, contact_consent,
    contact_job_title, contact_phone, contact_method, go_live_precision";

/// Binds `v` in `VALUE_COLUMNS` order.
fn bind_values<'q>(
    query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    v: &'q SubmissionValues,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    query
        .bind(&v.site)
        .bind(&v.icb)
        .bind(&v.setting)
        .bind(&v.stage)
        .bind(&v.status)
        .bind(&v.stop_reason)
        .bind(v.go_live.map(PartialDate::date))
        .bind(&v.scale)
        .bind(&v.result)
        .bind(&v.pilot_metric)
        .bind(&v.pilot_baseline)
        .bind(&v.pilot_result)
        .bind(&v.pilot_period)
        .bind(&v.pilot_design)
        .bind(&v.pilot_sample_size)
        .bind(&v.pilot_independent)
        .bind(&v.pilot_report_url)
        .bind(v.contact_consent)
        .bind(&v.contact_job_title)
        .bind(&v.contact_phone)
        .bind(&v.contact_method)
        .bind(v.go_live.map_or("day", |d| d.precision().id()))
}

/// `$1, $2, …, $22`.
fn value_params() -> String {
    (1..=22)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Stores a pending submission for `slug`; `None` if there is no such technology.
pub async fn create(
    db: impl PgExecutor<'_>,
    slug: &str,
    account: i64,
    v: &SubmissionValues,
) -> sqlx::Result<Option<i64>> {
    let sql = format!(
        "insert into submission (technology_id, submitted_by, {VALUE_COLUMNS})
         select t.id, $24, {} from technology t
         where t.slug = $23 and is_listed(t.catalogue_status)
         returning id",
        value_params()
    );
    let row = bind_values(sqlx::query(&sql), v)
        .bind(slug)
        .bind(account)
        .fetch_optional(db)
        .await?;
    row.map(|r| sqlx::Row::try_get(&r, "id")).transpose()
}

const SUMMARY: &str = "select s.id, t.slug, t.name as technology_name, s.site,
        coalesce(a.display_name || ', ' || a.organisation, 'A former member') as submitted_by, s.submitted_at, s.state,
        s.reject_reason
    from submission s join technology t on t.id = s.technology_id
    left join account a on a.id = s.submitted_by";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    slug: String,
    technology_name: String,
    site: String,
    submitted_by: String,
    submitted_at: DateTime<Utc>,
    state: String,
    reject_reason: Option<String>,
}

impl From<SummaryRow> for SubmissionSummary {
    fn from(r: SummaryRow) -> Self {
        Self {
            id: r.id,
            technology: (r.slug, r.technology_name),
            site: r.site,
            submitted_by: r.submitted_by,
            submitted_at: r.submitted_at,
            state: r.state,
            reject_reason: r.reject_reason,
        }
    }
}

/// A member's own submissions, newest first.
pub async fn for_member(
    db: impl PgExecutor<'_>,
    account: i64,
) -> sqlx::Result<Vec<SubmissionSummary>> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY} where s.submitted_by = $1 order by s.submitted_at desc, s.id desc"
    ))
    .bind(account)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The curator queue: pending submissions, oldest first.
pub async fn pending(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<SubmissionSummary>> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY} where s.state = 'pending' order by s.submitted_at, s.id"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

#[derive(sqlx::FromRow)]
struct ValuesRow {
    site: String,
    icb_ods_code: Option<String>,
    care_setting_id: Option<String>,
    stage_id: String,
    status: String,
    stop_reason: Option<String>,
    go_live_on: Option<NaiveDate>,
    scale: Option<String>,
    result: Option<String>,
    pilot_metric: Option<String>,
    pilot_baseline: Option<String>,
    pilot_result: Option<String>,
    pilot_period: Option<String>,
    pilot_design: Option<String>,
    pilot_sample_size: Option<String>,
    pilot_independent: Option<String>,
    pilot_report_url: Option<String>,
    contact_consent: bool,
    contact_job_title: Option<String>,
    contact_phone: Option<String>,
    contact_method: Option<String>,
    go_live_precision: String,
}

impl From<ValuesRow> for SubmissionValues {
    fn from(r: ValuesRow) -> Self {
        Self {
            site: r.site,
            icb: r.icb_ods_code,
            setting: r.care_setting_id,
            stage: r.stage_id,
            status: r.status,
            stop_reason: r.stop_reason,
            go_live: r
                .go_live_on
                .and_then(|d| PartialDate::from_parts(d, &r.go_live_precision)),
            scale: r.scale,
            result: r.result,
            pilot_metric: r.pilot_metric,
            pilot_baseline: r.pilot_baseline,
            pilot_result: r.pilot_result,
            pilot_period: r.pilot_period,
            pilot_design: r.pilot_design,
            pilot_sample_size: r.pilot_sample_size,
            pilot_independent: r.pilot_independent,
            pilot_report_url: r.pilot_report_url,
            contact_consent: r.contact_consent,
            contact_job_title: r.contact_job_title,
            contact_phone: r.contact_phone,
            contact_method: r.contact_method,
        }
    }
}

async fn values(db: &mut PgConnection, id: i64) -> sqlx::Result<Option<SubmissionValues>> {
    let row: Option<ValuesRow> = sqlx::query_as(
        "select site, icb_ods_code, care_setting_id, stage_id, status, stop_reason, go_live_on,
                scale, result, pilot_metric, pilot_baseline, pilot_result, pilot_period,
                pilot_design, pilot_sample_size, pilot_independent, pilot_report_url,
                contact_consent, contact_job_title, contact_phone, contact_method, go_live_precision
         from submission where id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(Into::into))
}

/// One submission with what the review form needs.
pub async fn review(db: &mut PgConnection, id: i64) -> sqlx::Result<Option<SubmissionReview>> {
    let summary: Option<SummaryRow> = sqlx::query_as(&format!("{SUMMARY} where s.id = $1"))
        .bind(id)
        .fetch_optional(&mut *db)
        .await?;
    let Some(summary) = summary else {
        return Ok(None);
    };
    let Some(values) = values(&mut *db, id).await? else {
        return Ok(None);
    };
    let Some(options) = options(&mut *db, &summary.slug).await? else {
        return Ok(None);
    };
    Ok(Some(SubmissionReview {
        summary: summary.into(),
        values,
        options,
    }))
}

/// What a review action found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reviewed {
    /// Done.
    Done,
    /// No such submission.
    NotFound,
    /// Already approved or rejected.
    AlreadyReviewed,
    /// The curator's own submission: someone else must review it.
    OwnSubmission,
}

/// The pending submission's values, locked, for `actor` to review.
async fn pending_values(
    db: &mut PgConnection,
    actor: i64,
    id: i64,
) -> sqlx::Result<Result<SubmissionValues, Reviewed>> {
    let found: Option<(String, Option<i64>)> =
        sqlx::query_as("select state, submitted_by from submission where id = $1 for update")
            .bind(id)
            .fetch_optional(&mut *db)
            .await?;
    match found {
        None => Ok(Err(Reviewed::NotFound)),
        Some((_, Some(author))) if author == actor => Ok(Err(Reviewed::OwnSubmission)),
        Some((state, _)) if state == "pending" => {
            Ok(values(db, id).await?.ok_or(Reviewed::NotFound))
        }
        Some(_) => Ok(Err(Reviewed::AlreadyReviewed)),
    }
}

/// Saves a curator's edits to a pending submission (audited). Run in a transaction.
pub async fn update(
    db: &mut PgConnection,
    actor: i64,
    id: i64,
    v: &SubmissionValues,
) -> sqlx::Result<Reviewed> {
    let before = match pending_values(&mut *db, actor, id).await? {
        Ok(b) => b,
        Err(r) => return Ok(r),
    };
    // Consent is the member's to give: a curator may drop the contact, not add one.
    let mut v = v.clone();
    v.contact_consent &= before.contact_consent;
    if !v.contact_consent {
        v.contact_job_title = None;
        v.contact_phone = None;
        v.contact_method = None;
    }
    let v = &v;
    if before == *v {
        return Ok(Reviewed::Done);
    }
    let sql = format!(
        "update submission set ({VALUE_COLUMNS}) = ({}) where id = $23",
        value_params()
    );
    bind_values(sqlx::query(&sql), v)
        .bind(id)
        .execute(&mut *db)
        .await?;
    super::accounts::audit(
        &mut *db,
        Some(actor),
        "submission edited",
        "submission",
        &id.to_string(),
        &super::accounts::changed_fields(
            &serde_json::to_value(&before).unwrap_or_default(),
            &serde_json::to_value(v).unwrap_or_default(),
        )
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
        &[],
    )
    .await?;
    Ok(Reviewed::Done)
}

/// Publishes a pending submission: a verified deployment whose source says it
/// came from a member and was verified by a curator (never naming either: the
/// audit log keeps who), the pilot result and the contact (with
/// consent) when given, holding `withdraw_link` (the SHA-256 of the token in
/// the confirmation email its person is sent); then refreshes the search
/// views. Run in a transaction.
pub async fn approve(
    db: &mut PgConnection,
    actor: i64,
    id: i64,
    withdraw_link: &[u8],
) -> sqlx::Result<Reviewed> {
    let v = match pending_values(&mut *db, actor, id).await? {
        Ok(v) => v,
        Err(r) => return Ok(r),
    };
    let (technology_id, submitter): (i64, Option<i64>) =
        sqlx::query_as("select technology_id, submitted_by from submission where id = $1")
            .bind(id)
            .fetch_one(&mut *db)
            .await?;
    let today: NaiveDate = super::today(&mut *db).await?;
    // Verified today by the curator, re-checked as the domain's policy says.
    let stamp = Stamp::verified(today, ClaimKind::General);
    let source = format!(
        "Submitted by a member (submission {id}); verified by a catalogue curator on {}",
        today.format("%-d %B %Y")
    );
    let deployment: i64 = sqlx::query_scalar(
        "insert into deployment (technology_id, position, site, kind, icb_ods_code, icb_verified,
             care_setting_id, stage_id, status, stop_reason, go_live_on, go_live_precision, scale, result,
             source, verified, verified_on, recheck_by, note, edited_in_app, source_kinds)
         values ($1, (select coalesce(max(position) + 1, 0) from deployment where technology_id = $1),
             $2, 'nhs_deployment', $3, $3 is not null, $4, $5, $6, $7, $8, $12, $9, $10,
             $11, true, $13, $14,
             'Submitted by an NHS member through the catalogue and checked by a curator', true,
             '{nhs}')
         returning id",
    )
    .bind(technology_id)
    .bind(&v.site)
    .bind(&v.icb)
    .bind(&v.setting)
    .bind(&v.stage)
    .bind(&v.status)
    .bind(&v.stop_reason)
    .bind(v.go_live.map(PartialDate::date))
    .bind(&v.scale)
    .bind(&v.result)
    .bind(&source)
    .bind(v.go_live.map_or("day", |d| d.precision().id()))
    .bind(stamp.verified_on)
    .bind(stamp.recheck_by)
    .fetch_one(&mut *db)
    .await?;
    if let (Some(metric), Some(result)) = (&v.pilot_metric, &v.pilot_result) {
        sqlx::query(
            "insert into pilot_result (technology_id, position, site, metric, baseline, result,
                 period, design, sample_size, independent, source, verified, verified_on,
                 recheck_by, note, edited_in_app, source_kinds, source_kinds_derived)
             values ($1, (select coalesce(max(position) + 1, 0) from pilot_result where technology_id = $1),
                 $2, $3, $4, $5, $6, $7, $8, $9, $10, true, $14, $15, $11, true, $12, $13)",
        )
        .bind(technology_id)
        .bind(&v.site)
        .bind(metric)
        .bind(&v.pilot_baseline)
        .bind(result)
        .bind(&v.pilot_period)
        .bind(&v.pilot_design)
        .bind(&v.pilot_sample_size)
        .bind(v.pilot_independent.clone().unwrap_or_else(|| "unknown".to_owned()))
        .bind(v.pilot_report_url.clone().unwrap_or_else(|| source.clone()))
        .bind(v.pilot_report_url.as_ref().map(|_| source.clone()))
        .bind(match &v.pilot_report_url {
            // The report's own address says what kind of source it is.
            Some(url) => KindRules::default()
                .kinds_of(url, &[])
                .into_iter()
                .map(|k| k.id())
                .collect::<Vec<_>>(),
            None => vec!["nhs"],
        })
        .bind(v.pilot_report_url.is_some())
        .bind(stamp.verified_on)
        .bind(stamp.recheck_by)
        .execute(&mut *db)
        .await?;
    }
    // The member is the contact (their account erased: nobody to contact).
    if let (true, Some(submitter)) = (v.contact_consent, submitter) {
        sqlx::query(
            "insert into contact (deployment_id, name, job_title, organisation, email, phone,
                 preferred_method, consent_recorded_on, reconfirm_by, source, account_id,
                 withdraw_token_hash)
             select $1, a.display_name, $3, a.organisation, a.email, $4, $5,
                    s.submitted_at::date, (s.submitted_at::date + make_interval(months => $7))::date,
                    'Consent given by the member in submission ' || s.id, a.id, $8
             from account a, submission s where a.id = $2 and s.id = $6",
        )
        .bind(deployment)
        .bind(submitter)
        .bind(&v.contact_job_title)
        .bind(&v.contact_phone)
        .bind(&v.contact_method)
        .bind(id)
        .bind(super::contacts::RECONFIRM_MONTHS)
        .bind(withdraw_link)
        .execute(&mut *db)
        .await?;
    }
    sqlx::query(
        "update submission set state = 'approved', reviewed_by = $2, reviewed_at = now(),
             deployment_id = $3 where id = $1",
    )
    .bind(id)
    .bind(actor)
    .bind(deployment)
    .execute(&mut *db)
    .await?;
    super::accounts::audit(
        &mut *db,
        Some(actor),
        "submission approved",
        "submission",
        &id.to_string(),
        &["state", "deployment_id"],
        &[("deployment_id", deployment)],
    )
    .await?;
    super::search::refresh(&mut *db).await?;
    Ok(Reviewed::Done)
}

/// Rejects a pending submission with a reason the member sees (audited).
pub async fn reject(
    db: &mut PgConnection,
    actor: i64,
    id: i64,
    reason: &str,
) -> sqlx::Result<Reviewed> {
    if let Err(r) = pending_values(&mut *db, actor, id).await? {
        return Ok(r);
    }
    sqlx::query(
        "update submission set state = 'rejected', reject_reason = $3, reviewed_by = $2,
             reviewed_at = now() where id = $1",
    )
    .bind(id)
    .bind(actor)
    .bind(reason)
    .execute(&mut *db)
    .await?;
    super::accounts::audit(
        &mut *db,
        Some(actor),
        "submission rejected",
        "submission",
        &id.to_string(),
        &["state", "reject_reason"],
        &[],
    )
    .await?;
    Ok(Reviewed::Done)
}
