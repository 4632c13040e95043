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
use std::collections::HashMap;

/// The select list shared by the technology queries; `concat!` keeps every query a
/// static string.
macro_rules! select_technology {
    () => {
        // language=PostgreSQL
        r#"
        select t.id, t.slug, t.name, t.supplier, t.supplier_verified, t.supplier_note,
               t.technology_type_id as type_id, tt.label as type_label, t.summary, t.summary_verified, t.summary_note, t.sources,
               t.clinical_area, t.clinical_area_verified, t.care_setting_text, t.ai_enabled, t.inclusion_basis,
               t.catalogue_status, t.status_changed_on, t.withdrawn_reason,
               coalesce((select array_agg(cs.label order by cs.label)
                         from technology_care_setting x join care_setting cs on cs.id = x.care_setting_id
                         where x.technology_id = t.id), '{}') as care_settings,
               coalesce((select array_agg(cs.id order by cs.label)
                         from technology_care_setting x join care_setting cs on cs.id = x.care_setting_id
                         where x.technology_id = t.id), '{}') as care_setting_ids,
               coalesce((select array_agg(distinct g.guidance_type) from nice_guidance g
                         where g.technology_id = t.id and g.withdrawn_on is null), '{}') as nice_types,
               (select count(*) from deployment d
                where d.technology_id = t.id and d.kind = 'nhs_deployment' and d.withdrawn_on is null) as deployment_count,
               c.next_recheck, coalesce(c.any_verified, false) as any_verified, current_date as today,
               exists (select 1 from benefit x where x.technology_id = t.id and x.withdrawn_on is null) as has_benefits,
               exists (select 1 from cost_item x where x.technology_id = t.id and x.withdrawn_on is null) as has_costs,
               (exists (select 1 from regulatory_record x
                        where x.technology_id = t.id and x.status <> 'not_documented' and x.withdrawn_on is null)
                or exists (select 1 from regulatory_evidence x where x.technology_id = t.id and x.withdrawn_on is null)) as has_regulatory,
               exists (select 1 from workforce_requirement x where x.technology_id = t.id and x.withdrawn_on is null) as has_workforce,
               exists (select 1 from infrastructure_requirement x
                       where x.technology_id = t.id and x.kind = 'it' and x.withdrawn_on is null) as has_it,
               exists (select 1 from infrastructure_requirement x
                       where x.technology_id = t.id and x.kind = 'estates' and x.withdrawn_on is null) as has_estates,
               exists (select 1 from pilot_result x where x.technology_id = t.id and x.withdrawn_on is null) as has_pilots,
               exists (select 1 from deployment x
                       where x.technology_id = t.id and x.kind = 'nhs_deployment' and x.withdrawn_on is null) as has_adopters
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

/// The list rows of the listed technologies with `ids`, in the order of `ids`:
/// primary-key reads, the card's aggregates precomputed in `catalogue_entry`.
pub async fn list_by_ids(
    db: &mut PgConnection,
    ids: &[i64],
) -> sqlx::Result<Vec<TechnologySummary>> {
    let rows = sqlx::query_as::<_, TechnologyRow>(
        // language=PostgreSQL
        r#"
        select t.id, t.slug, t.name, t.supplier, t.supplier_verified, t.supplier_note,
               t.technology_type_id as type_id, tt.label as type_label, t.summary, t.summary_verified, t.summary_note, t.sources,
               t.clinical_area, t.clinical_area_verified, t.care_setting_text, t.ai_enabled, t.inclusion_basis,
               t.catalogue_status, t.status_changed_on, t.withdrawn_reason,
               e.care_setting_labels as care_settings, e.care_setting_ids_by_label as care_setting_ids,
               e.nice as nice_types, e.deployments::bigint as deployment_count,
               e.next_recheck, e.any_verified, current_date as today,
               e.has_benefits, e.has_costs, e.has_regulatory, e.has_workforce, e.has_it, e.has_estates,
               e.has_pilots, e.deployments > 0 as has_adopters
        from catalogue_entry e
        join technology t on t.id = e.technology_id
        join technology_type tt on tt.id = t.technology_type_id
        where e.technology_id = any($1)
        "#,
    )
    .bind(ids)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| Ok((r.id, r.into_summary()?)))
    .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(super::search::in_order(ids, rows))
}

/// One technology by slug with every claim, or `None` (drafts are not
/// public; a withdrawn technology keeps its page).
pub async fn get_by_slug(
    db: &mut PgConnection,
    slug: &TechnologySlug,
) -> sqlx::Result<Option<TechnologyDetail>> {
    Ok(get_by_slugs(db, std::slice::from_ref(slug))
        .await?
        .pop()
        .flatten())
}

/// Technologies by slug with every claim, in the order asked (`None` where
/// not public). Kept between writes for the current catalogue version
/// ([`super::catalogue_cache`]) unless `DETAIL_CACHE=off`; those not held are
/// loaded together, one query per block whatever their number.
pub async fn get_by_slugs(
    db: &mut PgConnection,
    slugs: &[TechnologySlug],
) -> sqlx::Result<Vec<Option<TechnologyDetail>>> {
    use super::catalogue_cache::{ByVersion, details_enabled, key};
    use std::sync::Arc;
    /// Technology pages held per catalogue version.
    static HELD: ByVersion<String, Arc<TechnologyDetail>> = ByVersion::new(512);
    let key = match details_enabled() {
        true => Some(key(&mut *db).await?),
        false => None,
    };
    let mut out: Vec<Option<TechnologyDetail>> = slugs
        .iter()
        .map(|s| {
            let held = HELD.get(key?, s.as_str())?;
            Some(TechnologyDetail::clone(&held))
        })
        .collect();
    let missing: Vec<&str> = slugs
        .iter()
        .zip(&out)
        .filter(|(_, held)| held.is_none())
        .map(|(s, _)| s.as_str())
        .collect();
    if missing.is_empty() {
        return Ok(out);
    }
    let rows = sqlx::query_as::<_, TechnologyRow>(concat!(
        select_technology!(),
        "where t.slug = any($1) and t.catalogue_status <> 'draft'"
    ))
    .bind(&missing)
    .fetch_all(&mut *db)
    .await?;
    for detail in assemble(db, rows).await? {
        let slug = detail.summary.slug.as_str();
        if let Some(key) = key {
            HELD.put(key, slug.to_owned(), Arc::new(detail.clone()));
        }
        for (asked, found) in slugs.iter().zip(out.iter_mut()) {
            if found.is_none() && asked.as_str() == slug {
                *found = Some(detail.clone());
            }
        }
    }
    Ok(out)
}

/// The technologies with `ids`, each with every claim, in the order of `ids`
/// (unknown ids left out). A fixed number of queries whatever the number of ids.
pub async fn details(db: &mut PgConnection, ids: &[i64]) -> sqlx::Result<Vec<TechnologyDetail>> {
    let rows =
        sqlx::query_as::<_, TechnologyRow>(concat!(select_technology!(), "where t.id = any($1)"))
            .bind(ids)
            .fetch_all(&mut *db)
            .await?;
    let by_id: Vec<(i64, TechnologyRow)> = rows.into_iter().map(|r| (r.id, r)).collect();
    let rows = super::search::in_order(ids, by_id);
    assemble(db, rows).await
}

/// Each technology row with the claims of every block, one query per block.
async fn assemble(
    db: &mut PgConnection,
    rows: Vec<TechnologyRow>,
) -> sqlx::Result<Vec<TechnologyDetail>> {
    let Some(today) = rows.first().map(|r| r.today) else {
        return Ok(Vec::new());
    };
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let ids = &ids[..];
    let mut benefits = benefits(db, ids, today).await?;
    let mut costs = costs(db, ids, today).await?;
    let mut savings = savings(db, ids, today).await?;
    let mut funding = funding(db, ids, today).await?;
    let mut regulatory = regulatory(db, ids, today).await?;
    let mut regulatory_records = regulatory_records(db, ids, today).await?;
    let mut nice = nice(db, ids, today).await?;
    let mut workforce = workforce(db, ids, today).await?;
    let mut it = infrastructure(db, ids, "it", today).await?;
    let mut estates = infrastructure(db, ids, "estates", today).await?;
    let mut evidence = evidence(db, ids, today).await?;
    let mut deployments = deployments(db, ids, today).await?;
    let mut pilots = pilots(db, ids, today).await?;
    let mut searched = searched(db, ids).await?;
    rows.into_iter()
        .map(|row| {
            let id = row.id;
            Ok(TechnologyDetail {
                care_setting_text: row.care_setting_text.clone(),
                ai_enabled: row.ai_enabled,
                inclusion_basis: row.inclusion_basis.clone(),
                listing: row.listing.to_listing(),
                sources: row.sources.clone(),
                type_id: row.type_id.clone(),
                care_setting_ids: row.care_setting_ids.clone(),
                as_of: today,
                summary: row.into_summary()?,
                benefits: benefits.take(id),
                costs: costs.take(id),
                savings: savings.take(id),
                funding: funding.take(id),
                regulatory: regulatory.take(id),
                regulatory_records: regulatory_records.take(id),
                nice: nice.take(id),
                workforce: workforce.take(id),
                it: it.take(id),
                estates: estates.take(id),
                evidence: evidence.take(id),
                deployments: deployments.take(id),
                pilots: pilots.take(id),
                searched: searched.take(id),
            })
        })
        .collect()
}

/// Rows of many technologies, grouped by technology id (each group in query order).
struct ByTechnology<T>(HashMap<i64, Vec<T>>);

impl<T> ByTechnology<T> {
    fn group(items: impl IntoIterator<Item = (i64, T)>) -> Self {
        let mut map: HashMap<i64, Vec<T>> = HashMap::new();
        for (id, item) in items {
            map.entry(id).or_default().push(item);
        }
        Self(map)
    }

    fn try_group(items: impl IntoIterator<Item = sqlx::Result<(i64, T)>>) -> sqlx::Result<Self> {
        Ok(Self::group(
            items.into_iter().collect::<sqlx::Result<Vec<_>>>()?,
        ))
    }

    /// The technology's rows, once.
    fn take(&mut self, id: i64) -> Vec<T> {
        self.0.remove(&id).unwrap_or_default()
    }
}

/// Turns claim rows into claims: `split` takes a row apart into its technology,
/// its value and its provenance columns.
fn to_claims<R, T>(
    rows: Vec<R>,
    today: NaiveDate,
    split: impl Fn(R) -> (i64, T, ProvenanceRow),
) -> ByTechnology<Claim<T>> {
    ByTechnology::group(rows.into_iter().map(|r| {
        let (id, value, p) = split(r);
        (
            id,
            Claim {
                value,
                provenance: p.into_provenance(today),
            },
        )
    }))
}

#[derive(sqlx::FromRow)]
struct BenefitRow {
    technology_id: i64,
    domain: String,
    statement: String,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn benefits(
    db: &mut PgConnection,
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<BenefitItem>>> {
    let rows: Vec<BenefitRow> = sqlx::query_as(
        "select technology_id, domain, statement, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, 'benefit' as claim_block, id as claim_id
         from benefit where technology_id = any($1) and withdrawn_on is null order by technology_id, position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    Ok(to_claims(rows, today, |r| {
        (
            r.technology_id,
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
    technology_id: i64,
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
    technology_id: i64,
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
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<CostItem>>> {
    let rows: Vec<CostRow> = sqlx::query_as(
        "select technology_id, statement, kind, amount_low_pence, amount_high_pence, unit, unit_basis, period, vat,
                stated_year, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, 'cost' as claim_block, id as claim_id
         from cost_item where technology_id = any($1) and withdrawn_on is null order by technology_id, position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    ByTechnology::try_group(rows.into_iter().map(|r| {
        Ok((
            r.technology_id,
            Claim {
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
            },
        ))
    }))
}

async fn savings(
    db: &mut PgConnection,
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<String>>> {
    let rows: Vec<TextRow> = sqlx::query_as(
        "select technology_id, statement, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, 'saving' as claim_block, id as claim_id
         from saving where technology_id = any($1) and withdrawn_on is null order by technology_id, position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    Ok(to_claims(rows, today, |r| {
        (r.technology_id, r.statement, r.p)
    }))
}

#[derive(sqlx::FromRow)]
struct FundingRow {
    technology_id: i64,
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
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<FundingItem>>> {
    let rows: Vec<FundingRow> = sqlx::query_as(
        "select technology_id, statement, kind, amount_low_pence, amount_high_pence, unit, stated_year,
                source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, 'funding' as claim_block, id as claim_id
         from funding_route where technology_id = any($1) and withdrawn_on is null order by technology_id, position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    ByTechnology::try_group(rows.into_iter().map(|r| {
        Ok((
            r.technology_id,
            Claim {
                value: FundingItem {
                    statement: r.statement,
                    kind: known(&r.kind, FundingKind::parse)?,
                    amount: money(r.amount_low_pence, r.amount_high_pence),
                    unit: r.unit,
                    stated_year: r.stated_year,
                },
                provenance: r.p.into_provenance(today),
            },
        ))
    }))
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    technology_id: i64,
    statement: String,
    kind: String,
    status: String,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn regulatory_records(
    db: &mut PgConnection,
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<RegulatoryRecordItem>>> {
    let rows: Vec<RecordRow> = sqlx::query_as(
        "select technology_id, statement, kind, status, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, 'regulatory_evidence' as claim_block, id as claim_id
         from regulatory_evidence where technology_id = any($1) and withdrawn_on is null order by technology_id, position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    ByTechnology::try_group(rows.into_iter().map(|r| {
        Ok((
            r.technology_id,
            Claim {
                value: RegulatoryRecordItem {
                    statement: r.statement,
                    kind: known(&r.kind, RegulatoryKind::parse)?,
                    status: known(&r.status, RecordStatus::parse)?,
                },
                provenance: r.p.into_provenance(today),
            },
        ))
    }))
}

async fn searched(db: &mut PgConnection, ids: &[i64]) -> sqlx::Result<ByTechnology<SearchRecord>> {
    let rows: Vec<(i64, String, NaiveDate, Option<String>)> = sqlx::query_as(
        "select technology_id, block, searched_on, detail from search_record
         where technology_id = any($1) order by technology_id, position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    Ok(ByTechnology::group(rows.into_iter().map(
        |(id, block, searched_on, detail)| {
            (
                id,
                SearchRecord {
                    block,
                    searched_on,
                    detail,
                },
            )
        },
    )))
}

#[derive(sqlx::FromRow)]
struct RegulatoryDbRow {
    technology_id: i64,
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
    claim_id: Option<i64>,
    standing: String,
}

async fn regulatory(
    db: &mut PgConnection,
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<RegulatoryRow>> {
    let rows: Vec<RegulatoryDbRow> = sqlx::query_as(
        "select t.id as technology_id, e.id as essential_id, e.name as essential_name, r.status,
                r.statement, r.source, r.verified, r.verified_on, r.recheck_by, r.note, r.source_kinds,
                r.source_kinds_derived, r.id as claim_id, coalesce(st.standing, 'not_documented') as standing
         from unnest($1::bigint[]) as t(id)
         cross join unnest($2::text[]) with ordinality as wanted(id, ord)
         join regulatory_essential e on e.id = wanted.id
         left join regulatory_record r on r.essential_id = e.id and r.technology_id = t.id and r.withdrawn_on is null
         left join regulatory_standing st on st.essential_id = e.id and st.technology_id = t.id
         order by t.id, wanted.ord",
    )
    .bind(ids)
    .bind(&CHECKLIST_ESSENTIALS[..])
    .fetch_all(db)
    .await?;
    ByTechnology::try_group(rows.into_iter().map(|r| {
        Ok((
            r.technology_id,
            RegulatoryRow {
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
                            claim_block: Some("regulatory".to_owned()),
                            claim_id: r.claim_id,
                        }
                        .into_provenance(today),
                    }),
                    _ => None,
                },
            },
        ))
    }))
}

#[derive(sqlx::FromRow)]
struct NiceRow {
    technology_id: i64,
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
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<NiceItem>>> {
    let rows: Vec<NiceRow> = sqlx::query_as(
        "select technology_id, guidance_ref, guidance_type, title, title_verified, published, published_verified,
                recommendation, recommendation_verified, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, 'nice' as claim_block, id as claim_id
         from nice_guidance where technology_id = any($1) and withdrawn_on is null order by technology_id, position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    ByTechnology::try_group(rows.into_iter().map(|r| {
        let guidance_type = known(&r.guidance_type, NiceGuidanceType::parse)?;
        let text = |value: Option<String>, verified| VerifiedText {
            value,
            verified,
            note: None,
        };
        Ok((
            r.technology_id,
            Claim {
                value: NiceItem {
                    reference: r.guidance_ref,
                    guidance_type,
                    title: text(r.title, r.title_verified),
                    published: text(r.published, r.published_verified),
                    recommendation: text(r.recommendation, r.recommendation_verified),
                },
                provenance: r.p.into_provenance(today),
            },
        ))
    }))
}

#[derive(sqlx::FromRow)]
struct WorkforceRow {
    technology_id: i64,
    role: Option<String>,
    training_hours: Option<String>,
    statement: String,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn workforce(
    db: &mut PgConnection,
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<WorkforceItem>>> {
    let rows: Vec<WorkforceRow> = sqlx::query_as(
        "select technology_id, role, trim_scale(training_hours)::text as training_hours, statement,
                source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, 'workforce' as claim_block, id as claim_id
         from workforce_requirement where technology_id = any($1) and withdrawn_on is null order by technology_id, position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    Ok(to_claims(rows, today, |r| {
        (
            r.technology_id,
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
    technology_id: i64,
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
    ids: &[i64],
    kind: &str,
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<InfraItem>>> {
    let rows: Vec<InfraRow> = sqlx::query_as(
        "select technology_id, statement, standards, standards_stated, hosting, data_location, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, kind as claim_block, id as claim_id
         from infrastructure_requirement where technology_id = any($1) and kind = $2 and withdrawn_on is null order by technology_id, position",
    )
    .bind(ids)
    .bind(kind)
    .fetch_all(db)
    .await?;
    ByTechnology::try_group(rows.into_iter().map(|r| {
        Ok((
            r.technology_id,
            Claim {
                value: InfraItem {
                    statement: r.statement,
                    standards: r.standards,
                    standards_stated: r.standards_stated,
                    hosting: vocab(r.hosting, Hosting::parse)?,
                    data_location: vocab(r.data_location, DataLocation::parse)?,
                },
                provenance: r.p.into_provenance(today),
            },
        ))
    }))
}

#[derive(sqlx::FromRow)]
struct EvidenceRow {
    technology_id: i64,
    kind: String,
    statement: String,
    #[sqlx(flatten)]
    p: ProvenanceRow,
}

async fn evidence(
    db: &mut PgConnection,
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<EvidenceItem>>> {
    let rows: Vec<EvidenceRow> = sqlx::query_as(
        "select technology_id, kind, statement, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, 'evidence' as claim_block, id as claim_id
         from evidence_item where technology_id = any($1) and withdrawn_on is null order by technology_id, kind, position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    Ok(to_claims(rows, today, |r| {
        (
            r.technology_id,
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
    technology_id: i64,
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
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<DeploymentItem>>> {
    let rows: Vec<DeploymentRow> = sqlx::query_as(
        "select d.technology_id, d.site, d.kind, d.icb_ods_code, coalesce(i.name, d.icb_name) as icb_name, d.icb_verified, d.icb_note,
                r.name as region_name, cs.label as setting, s.label as stage, d.status,
                d.stop_reason, d.go_live_on, d.go_live_precision, d.stage_status_inferred, d.nation,
                d.scale, d.result,
                d.source, d.verified, d.verified_on, d.recheck_by, d.note, d.source_kinds, d.source_kinds_derived, 'deployment' as claim_block, d.id as claim_id
         from deployment d
         left join icb i on i.ods_code = d.icb_ods_code
         left join region r on r.ods_code = i.region_ods_code
         left join care_setting cs on cs.id = d.care_setting_id
         left join deployment_stage s on s.id = d.stage_id
         where d.technology_id = any($1) and d.withdrawn_on is null order by d.technology_id, d.position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    ByTechnology::try_group(rows.into_iter().map(|r| {
        let kind = known(&r.kind, DeploymentKind::parse)?;
        Ok((
            r.technology_id,
            Claim {
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
            },
        ))
    }))
}

#[derive(sqlx::FromRow)]
struct PilotRow {
    technology_id: i64,
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
    ids: &[i64],
    today: NaiveDate,
) -> sqlx::Result<ByTechnology<Claim<PilotItem>>> {
    let rows: Vec<PilotRow> = sqlx::query_as(
        "select technology_id, site, metric, baseline, result, period, design, sample_size, independent,
                source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived, 'pilot' as claim_block, id as claim_id
         from pilot_result where technology_id = any($1) and withdrawn_on is null order by technology_id, position",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    Ok(to_claims(rows, today, |r| {
        (
            r.technology_id,
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
