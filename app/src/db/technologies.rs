//! Reading technologies: the list with its aggregates, and one technology with
//! every claim.

use super::rows::{ProvenanceRow, TechnologyRow, decode_err};
use crate::domain::{
    BenefitItem, CHECKLIST_ESSENTIALS, Claim, CostItem, CostKind, CostPeriod, DataLocation,
    DeploymentItem, DeploymentKind, EvidenceItem, FundingItem, FundingKind, Hosting, InfraItem,
    Money, Nation, NiceGuidanceType, NiceItem, PartialDate, PilotItem, RecordStatus,
    RegulatoryKind, RegulatoryRecordItem, RegulatoryRow, RegulatoryStatus, SearchRecord, Standing,
    TechnologyDetail, TechnologySlug, TechnologySummary, UnitBasis, Vat, VerifiedText,
    WorkforceItem,
};
use chrono::NaiveDate;
use sqlx::{PgConnection, PgExecutor};

/// The select list shared by the technology queries; `concat!` keeps every query a
/// static string.
macro_rules! select_technology {
    () => {
        // language=PostgreSQL
        r#"
        select t.id, t.slug, t.name, t.supplier, t.supplier_verified, t.supplier_note,
               tt.label as type_label, t.summary, t.summary_verified, t.summary_note, t.sources,
               t.clinical_area, t.clinical_area_verified, t.care_setting_text, t.ai_enabled, t.inclusion_basis,
               coalesce((select array_agg(cs.label order by cs.label)
                         from technology_care_setting x join care_setting cs on cs.id = x.care_setting_id
                         where x.technology_id = t.id), '{}') as care_settings,
               coalesce((select array_agg(distinct g.guidance_type) from nice_guidance g
                         where g.technology_id = t.id), '{}') as nice_types,
               (select count(*) from deployment d
                where d.technology_id = t.id and d.kind = 'nhs_deployment') as deployment_count,
               c.next_recheck, coalesce(c.any_verified, false) as any_verified, current_date as today,
               exists (select 1 from benefit x where x.technology_id = t.id) as has_benefits,
               exists (select 1 from cost_item x where x.technology_id = t.id) as has_costs,
               (exists (select 1 from regulatory_record x
                        where x.technology_id = t.id and x.status <> 'not_documented')
                or exists (select 1 from regulatory_evidence x where x.technology_id = t.id)) as has_regulatory,
               exists (select 1 from workforce_requirement x where x.technology_id = t.id) as has_workforce,
               exists (select 1 from infrastructure_requirement x
                       where x.technology_id = t.id and x.kind = 'it') as has_it,
               exists (select 1 from infrastructure_requirement x
                       where x.technology_id = t.id and x.kind = 'estates') as has_estates,
               exists (select 1 from pilot_result x where x.technology_id = t.id) as has_pilots,
               exists (select 1 from deployment x
                       where x.technology_id = t.id and x.kind = 'nhs_deployment') as has_adopters
        from technology t
        join technology_type tt on tt.id = t.technology_type_id
        left join lateral (
            select min(recheck_by) as next_recheck, bool_or(verified) as any_verified
            from claim where technology_id = t.id
        ) c on true
        "#
    };
}

/// Every technology, sorted by name (case-insensitive, then slug for stability).
pub async fn list_all(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<TechnologySummary>> {
    sqlx::query_as::<_, TechnologyRow>(concat!(
        select_technology!(),
        "order by lower(t.name), t.slug"
    ))
    .fetch_all(db)
    .await?
    .into_iter()
    .map(TechnologyRow::into_summary)
    .collect()
}

/// The list rows of the technologies with `ids`, in the order of `ids`.
pub async fn list_by_ids(
    db: &mut PgConnection,
    ids: &[i64],
) -> sqlx::Result<Vec<TechnologySummary>> {
    let rows =
        sqlx::query_as::<_, TechnologyRow>(concat!(select_technology!(), "where t.id = any($1)"))
            .bind(ids)
            .fetch_all(db)
            .await?
            .into_iter()
            .map(|r| Ok((r.id, r.into_summary()?)))
            .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(super::search::in_order(ids, rows))
}

/// One technology by slug with every claim, or `None`.
pub async fn get_by_slug(
    db: &mut PgConnection,
    slug: &TechnologySlug,
) -> sqlx::Result<Option<TechnologyDetail>> {
    let Some(row) =
        sqlx::query_as::<_, TechnologyRow>(concat!(select_technology!(), "where t.slug = $1"))
            .bind(slug.as_str())
            .fetch_optional(&mut *db)
            .await?
    else {
        return Ok(None);
    };
    let (id, today) = (row.id, row.today);
    let care_setting_text = row.care_setting_text.clone();
    let (ai_enabled, inclusion_basis, sources) = (
        row.ai_enabled,
        row.inclusion_basis.clone(),
        row.sources.clone(),
    );
    let summary = row.into_summary()?;
    Ok(Some(TechnologyDetail {
        summary,
        care_setting_text,
        ai_enabled,
        inclusion_basis,
        sources,
        as_of: today,
        benefits: benefits(db, id, today).await?,
        costs: costs(db, id, today).await?,
        savings: savings(db, id, today).await?,
        funding: funding(db, id, today).await?,
        regulatory: regulatory(db, id, today).await?,
        regulatory_records: regulatory_records(db, id, today).await?,
        nice: nice(db, id, today).await?,
        workforce: workforce(db, id, today).await?,
        it: infrastructure(db, id, "it", today).await?,
        estates: infrastructure(db, id, "estates", today).await?,
        evidence: evidence(db, id, today).await?,
        deployments: deployments(db, id, today).await?,
        pilots: pilots(db, id, today).await?,
        searched: searched(db, id).await?,
    }))
}

/// Turns claim rows into claims: `split` takes a row apart into its value and its
/// provenance columns.
fn to_claims<R, T>(
    rows: Vec<R>,
    today: NaiveDate,
    split: impl Fn(R) -> (T, ProvenanceRow),
) -> Vec<Claim<T>> {
    rows.into_iter()
        .map(|r| {
            let (value, p) = split(r);
            Claim {
                value,
                provenance: p.into_provenance(today),
            }
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct BenefitRow {
    domain: String,
    statement: String,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn benefits(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<BenefitItem>>> {
    let rows: Vec<BenefitRow> = sqlx::query_as(
        "select domain, statement, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived
         from benefit where technology_id = $1 order by position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(to_claims(rows, today, |r| {
        (
            BenefitItem {
                domain: r.domain,
                statement: r.statement,
            },
            r.p,
        )
    }))
}

#[derive(sqlx::FromRow)]
struct TextRow {
    statement: String,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

/// An amount or range from its stored pence.
fn money(low: Option<i64>, high: Option<i64>) -> Option<Money> {
    let low = u64::try_from(low?).ok()?;
    let high = high.and_then(|h| u64::try_from(h).ok()).unwrap_or(low);
    Some(Money { low, high })
}

/// A vocabulary value from its stored id; the column's check admits only known
/// ids, so another is a decode error.
fn known<T>(id: &str, parse: fn(&str) -> Option<T>) -> sqlx::Result<T> {
    parse(id).ok_or_else(|| decode_err(std::io::Error::other(format!("unknown value {id}"))))
}

/// [`known`] for a nullable column.
fn vocab<T>(id: Option<String>, parse: fn(&str) -> Option<T>) -> sqlx::Result<Option<T>> {
    id.as_deref().map(|v| known(v, parse)).transpose()
}

#[derive(sqlx::FromRow)]
struct CostRow {
    statement: String,
    kind: Option<String>,
    amount_low_pence: Option<i64>,
    amount_high_pence: Option<i64>,
    unit: Option<String>,
    unit_basis: Option<String>,
    period: Option<String>,
    vat: Option<String>,
    stated_year: Option<i32>,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn costs(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<CostItem>>> {
    let rows: Vec<CostRow> = sqlx::query_as(
        "select statement, kind, amount_low_pence, amount_high_pence, unit, unit_basis, period, vat,
                stated_year, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived
         from cost_item where technology_id = $1 order by position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Claim {
                value: CostItem {
                    statement: r.statement,
                    kind: vocab(r.kind, CostKind::parse)?,
                    amount: money(r.amount_low_pence, r.amount_high_pence),
                    unit: r.unit,
                    unit_basis: vocab(r.unit_basis, UnitBasis::parse)?,
                    period: vocab(r.period, CostPeriod::parse)?,
                    vat: vocab(r.vat, Vat::parse)?,
                    stated_year: r.stated_year,
                },
                provenance: r.p.into_provenance(today),
            })
        })
        .collect()
}

async fn savings(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<String>>> {
    let rows: Vec<TextRow> = sqlx::query_as(
        "select statement, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived
         from saving where technology_id = $1 order by position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(to_claims(rows, today, |r| (r.statement, r.p)))
}

#[derive(sqlx::FromRow)]
struct FundingRow {
    statement: String,
    kind: String,
    amount_low_pence: Option<i64>,
    amount_high_pence: Option<i64>,
    unit: Option<String>,
    stated_year: Option<i32>,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn funding(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<FundingItem>>> {
    let rows: Vec<FundingRow> = sqlx::query_as(
        "select statement, kind, amount_low_pence, amount_high_pence, unit, stated_year,
                source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived
         from funding_route where technology_id = $1 order by position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Claim {
                value: FundingItem {
                    statement: r.statement,
                    kind: known(&r.kind, FundingKind::parse)?,
                    amount: money(r.amount_low_pence, r.amount_high_pence),
                    unit: r.unit,
                    stated_year: r.stated_year,
                },
                provenance: r.p.into_provenance(today),
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    statement: String,
    kind: String,
    status: String,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn regulatory_records(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<RegulatoryRecordItem>>> {
    let rows: Vec<RecordRow> = sqlx::query_as(
        "select statement, kind, status, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived
         from regulatory_evidence where technology_id = $1 order by position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Claim {
                value: RegulatoryRecordItem {
                    statement: r.statement,
                    kind: known(&r.kind, RegulatoryKind::parse)?,
                    status: known(&r.status, RecordStatus::parse)?,
                },
                provenance: r.p.into_provenance(today),
            })
        })
        .collect()
}

async fn searched(db: &mut PgConnection, id: i64) -> sqlx::Result<Vec<SearchRecord>> {
    let rows: Vec<(String, NaiveDate, Option<String>)> = sqlx::query_as(
        "select block, searched_on, detail from search_record where technology_id = $1 order by position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(block, searched_on, detail)| SearchRecord {
            block,
            searched_on,
            detail,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct RegulatoryDbRow {
    essential_id: String,
    essential_name: String,
    status: Option<String>,
    statement: Option<String>,
    source: Option<String>,
    verified: Option<bool>,
    verified_on: Option<NaiveDate>,
    recheck_by: Option<NaiveDate>,
    note: Option<String>,
    source_kinds: Option<Vec<String>>,
    source_kinds_derived: Option<bool>,
    standing: String,
}

async fn regulatory(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<RegulatoryRow>> {
    let rows: Vec<RegulatoryDbRow> = sqlx::query_as(
        "select e.id as essential_id, e.name as essential_name, r.status, r.statement,
                r.source, r.verified, r.verified_on, r.recheck_by, r.note, r.source_kinds, r.source_kinds_derived,
                coalesce(st.standing, 'not_documented') as standing
         from unnest($2::text[]) with ordinality as wanted(id, ord)
         join regulatory_essential e on e.id = wanted.id
         left join regulatory_record r on r.essential_id = e.id and r.technology_id = $1
         left join regulatory_standing st on st.essential_id = e.id and st.technology_id = $1
         order by wanted.ord",
    )
    .bind(id)
    .bind(&CHECKLIST_ESSENTIALS[..])
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(RegulatoryRow {
                standing: known(&r.standing, Standing::parse)?,
                essential_id: r.essential_id,
                essential_name: r.essential_name,
                record: match (r.status, r.source, r.verified) {
                    (Some(status), Some(source), Some(verified)) => Some(Claim {
                        value: RegulatoryStatus {
                            status,
                            statement: r.statement,
                        },
                        provenance: ProvenanceRow {
                            source,
                            verified,
                            verified_on: r.verified_on,
                            recheck_by: r.recheck_by,
                            note: r.note,
                            source_kinds: r.source_kinds.unwrap_or_default(),
                            source_kinds_derived: r.source_kinds_derived.unwrap_or_default(),
                        }
                        .into_provenance(today),
                    }),
                    _ => None,
                },
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct NiceRow {
    guidance_ref: String,
    guidance_type: String,
    title: Option<String>,
    title_verified: bool,
    published: Option<String>,
    published_verified: bool,
    recommendation: Option<String>,
    recommendation_verified: bool,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn nice(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<NiceItem>>> {
    let rows: Vec<NiceRow> = sqlx::query_as(
        "select guidance_ref, guidance_type, title, title_verified, published, published_verified,
                recommendation, recommendation_verified, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived
         from nice_guidance where technology_id = $1 order by position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            let guidance_type = known(&r.guidance_type, NiceGuidanceType::parse)?;
            let text = |value: Option<String>, verified| VerifiedText {
                value,
                verified,
                note: None,
            };
            Ok(Claim {
                value: NiceItem {
                    reference: r.guidance_ref,
                    guidance_type,
                    title: text(r.title, r.title_verified),
                    published: text(r.published, r.published_verified),
                    recommendation: text(r.recommendation, r.recommendation_verified),
                },
                provenance: r.p.into_provenance(today),
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct WorkforceRow {
    role: Option<String>,
    training_hours: Option<String>,
    statement: String,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn workforce(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<WorkforceItem>>> {
    let rows: Vec<WorkforceRow> = sqlx::query_as(
        "select role, trim_scale(training_hours)::text as training_hours, statement,
                source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived
         from workforce_requirement where technology_id = $1 order by position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(to_claims(rows, today, |r| {
        (
            WorkforceItem {
                role: r.role,
                training_hours: r.training_hours,
                statement: r.statement,
            },
            r.p,
        )
    }))
}

#[derive(sqlx::FromRow)]
struct InfraRow {
    statement: String,
    standards: Vec<String>,
    standards_stated: bool,
    hosting: Option<String>,
    data_location: Option<String>,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn infrastructure(
    db: &mut PgConnection,
    id: i64,
    kind: &str,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<InfraItem>>> {
    let rows: Vec<InfraRow> = sqlx::query_as(
        "select statement, standards, standards_stated, hosting, data_location, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived
         from infrastructure_requirement where technology_id = $1 and kind = $2 order by position",
    )
    .bind(id)
    .bind(kind)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Claim {
                value: InfraItem {
                    statement: r.statement,
                    standards: r.standards,
                    standards_stated: r.standards_stated,
                    hosting: vocab(r.hosting, Hosting::parse)?,
                    data_location: vocab(r.data_location, DataLocation::parse)?,
                },
                provenance: r.p.into_provenance(today),
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct EvidenceRow {
    kind: String,
    statement: String,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn evidence(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<EvidenceItem>>> {
    let rows: Vec<EvidenceRow> = sqlx::query_as(
        "select kind, statement, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived
         from evidence_item where technology_id = $1 order by kind, position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(to_claims(rows, today, |r| {
        (
            EvidenceItem {
                kind: r.kind,
                statement: r.statement,
            },
            r.p,
        )
    }))
}

#[derive(sqlx::FromRow)]
struct DeploymentRow {
    site: String,
    kind: String,
    icb_ods_code: Option<String>,
    icb_name: Option<String>,
    icb_verified: bool,
    icb_note: Option<String>,
    region_name: Option<String>,
    setting: Option<String>,
    stage: Option<String>,
    status: Option<String>,
    stop_reason: Option<String>,
    go_live_on: Option<NaiveDate>,
    go_live_precision: String,
    stage_status_inferred: bool,
    nation: Option<String>,
    scale: Option<String>,
    result: Option<String>,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn deployments(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<DeploymentItem>>> {
    let rows: Vec<DeploymentRow> = sqlx::query_as(
        "select d.site, d.kind, d.icb_ods_code, coalesce(i.name, d.icb_name) as icb_name, d.icb_verified, d.icb_note,
                r.name as region_name, cs.label as setting, s.label as stage, d.status,
                d.stop_reason, d.go_live_on, d.go_live_precision, d.stage_status_inferred, d.nation,
                d.scale, d.result,
                d.source, d.verified, d.verified_on, d.recheck_by, d.note, d.source_kinds, d.source_kinds_derived
         from deployment d
         left join icb i on i.ods_code = d.icb_ods_code
         left join region r on r.ods_code = i.region_ods_code
         left join care_setting cs on cs.id = d.care_setting_id
         left join deployment_stage s on s.id = d.stage_id
         where d.technology_id = $1 order by d.position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            let kind = known(&r.kind, DeploymentKind::parse)?;
            Ok(Claim {
                value: DeploymentItem {
                    site: r.site,
                    kind,
                    icb_ods_code: r.icb_ods_code,
                    icb_name: r.icb_name,
                    icb_verified: r.icb_verified,
                    icb_note: r.icb_note,
                    region_name: r.region_name,
                    setting: r.setting,
                    stage: r.stage,
                    status: r.status,
                    stop_reason: r.stop_reason,
                    go_live: r
                        .go_live_on
                        .and_then(|d| PartialDate::from_parts(d, &r.go_live_precision)),
                    stage_status_inferred: r.stage_status_inferred,
                    nation: vocab(r.nation, Nation::parse)?,
                    scale: r.scale,
                    result: r.result,
                },
                provenance: r.p.into_provenance(today),
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct PilotRow {
    site: String,
    metric: String,
    baseline: Option<String>,
    result: String,
    period: Option<String>,
    design: Option<String>,
    sample_size: Option<String>,
    independent: String,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn pilots(
    db: &mut PgConnection,
    id: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<Claim<PilotItem>>> {
    let rows: Vec<PilotRow> = sqlx::query_as(
        "select site, metric, baseline, result, period, design, sample_size, independent,
                source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived
         from pilot_result where technology_id = $1 order by position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(to_claims(rows, today, |r| {
        (
            PilotItem {
                site: r.site,
                metric: r.metric,
                baseline: r.baseline,
                result: r.result,
                period: r.period,
                design: r.design,
                sample_size: r.sample_size,
                independent: r.independent,
            },
            r.p,
        )
    }))
}
