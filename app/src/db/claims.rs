//! Writes of claims for the importer: one upsert per claim table, keyed on the
//! technology and the claim's position in the reference data. Rows a curator has
//! edited in the app (`edited_in_app`) are never overwritten or removed.

use crate::domain::{
    CostItem, CostKind, CostPeriod, DataLocation, DeploymentKind, DeploymentStatus, FundingItem,
    Hosting, Money, Nation, NiceGuidanceType, PartialDate, RegulatoryRecordItem, SourceKind, Stage,
    Stamp, UnitBasis, Vat,
};
use sqlx::PgConnection;

/// Provenance of one claim, with its dates already set by the policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// Where the claim comes from.
    pub source: String,
    /// Seen in that source.
    pub verified: bool,
    /// `verified_on` / `recheck_by`.
    pub stamp: Stamp,
    /// The reference data's qualification.
    pub note: Option<String>,
    /// The kinds of its sources.
    pub source_kinds: Vec<SourceKind>,
    /// The kinds were read from the address, not given by the data.
    pub kinds_derived: bool,
}

impl Provenance {
    /// The source kinds as database ids.
    pub fn kind_ids(&self) -> Vec<&'static str> {
        self.source_kinds.iter().map(|k| k.id()).collect()
    }
}

/// A value with its own verified flag inside a larger claim (e.g. a NICE title).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part<T> {
    /// The value, if documented.
    pub value: Option<T>,
    /// Seen in the source.
    pub verified: bool,
}

/// Every claim of one technology, in reference-data order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TechnologyClaims {
    /// Benefits.
    pub benefits: Vec<Benefit>,
    /// Costs.
    pub costs: Vec<Cost>,
    /// Regulatory records (by essential).
    pub regulatory: Vec<Regulatory>,
    /// NICE guidance.
    pub nice: Vec<Nice>,
    /// Workforce and skills.
    pub workforce: Vec<Workforce>,
    /// IT and estates requirements.
    pub infrastructure: Vec<Infrastructure>,
    /// Other evidence statements.
    pub evidence: Vec<Evidence>,
    /// Deployment records.
    pub deployments: Vec<Deployment>,
    /// Pilot results.
    pub pilots: Vec<Pilot>,
    /// Claimed savings.
    pub savings: Vec<Saving>,
    /// Regulatory records as sources state them.
    pub regulatory_records: Vec<RegulatoryEvidence>,
    /// Procurement and funding routes.
    pub funding: Vec<Funding>,
    /// Blocks searched for with nothing found.
    pub searched: Vec<SearchedBlock>,
}

/// A claim as the importer writes it: the same value the pages read, with its
/// provenance stamped by the policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated<T> {
    /// The claim.
    pub value: T,
    /// Provenance.
    pub provenance: Provenance,
}

/// A cost claim, with the structured fields where the reference data gives them.
pub type Cost = Stated<CostItem>;
/// A claimed saving of money or time.
pub type Saving = Stated<String>;
/// A certificate, registration or finding.
pub type RegulatoryEvidence = Stated<RegulatoryRecordItem>;
/// A procurement or funding route.
pub type Funding = Stated<FundingItem>;

/// Public sources searched for a block, nothing found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchedBlock {
    /// The reference data's key.
    pub block: String,
    /// When.
    pub on: chrono::NaiveDate,
    /// What was looked for.
    pub detail: Option<String>,
}

/// A benefit claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Benefit {
    /// e.g. `workforce_time`.
    pub domain: String,
    /// The claim.
    pub statement: String,
    /// Provenance.
    pub provenance: Provenance,
}

/// A regulatory record against one essential.
#[derive(Debug, Clone, PartialEq)]
pub struct Regulatory {
    /// The essential's id, e.g. `uk_mdr_mhra`.
    pub essential_id: String,
    /// `met`, `not_met` or `not_documented`.
    pub status: &'static str,
    /// The statement, if any.
    pub statement: Option<String>,
    /// Provenance.
    pub provenance: Provenance,
}

/// A NICE guidance record.
#[derive(Debug, Clone, PartialEq)]
pub struct Nice {
    /// e.g. `MTG32`.
    pub guidance_ref: String,
    /// Its type.
    pub guidance_type: NiceGuidanceType,
    /// Title.
    pub title: Part<String>,
    /// Publication date as precise as the source: `YYYY-MM-DD` or `YYYY-MM`.
    pub published: Part<String>,
    /// Recommendation wording.
    pub recommendation: Part<String>,
    /// Provenance (verified = the reference itself was seen).
    pub provenance: Provenance,
}

/// A workforce or skills requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct Workforce {
    /// Roles named.
    pub role: Option<String>,
    /// Training hours, where stated.
    pub training_hours: Option<f64>,
    /// The claim.
    pub statement: String,
    /// Provenance.
    pub provenance: Provenance,
}

/// An IT or estates requirement.
#[derive(Debug, Clone, PartialEq)]
pub struct Infrastructure {
    /// `it` or `estates`.
    pub kind: &'static str,
    /// The claim.
    pub statement: String,
    /// Standards: as listed by the source when `standards_stated`, else named in it.
    pub standards: Vec<String>,
    /// The source lists the standards.
    pub standards_stated: bool,
    /// Hosting.
    pub hosting: Option<Hosting>,
    /// Data location.
    pub data_location: Option<DataLocation>,
    /// Provenance.
    pub provenance: Provenance,
}

/// Another evidence statement (`kind` is the reference data's key).
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// e.g. `benefit_context`.
    pub kind: String,
    /// The statement.
    pub statement: String,
    /// Provenance.
    pub provenance: Provenance,
}

/// A deployment record.
#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    /// Organisation or site as written.
    pub site: String,
    /// What the record is.
    pub kind: DeploymentKind,
    /// ICB ODS code, where the reference data gives one.
    pub icb_ods_code: Option<String>,
    /// ICB name as written.
    pub icb_name: Option<String>,
    /// Whether the ICB mapping was seen in the source (inherited from `icb`).
    pub icb_verified: bool,
    /// Why the ICB mapping is qualified.
    pub icb_note: Option<String>,
    /// The result as written.
    pub result: Option<String>,
    /// Start, as precise as stated.
    pub start: Option<PartialDate>,
    /// Stage.
    pub stage: Option<Stage>,
    /// Status.
    pub status: Option<DeploymentStatus>,
    /// Why it stopped.
    pub stop_reason: Option<String>,
    /// Stage and status are the analyst's reading.
    pub stage_status_inferred: bool,
    /// Scale as written.
    pub scale: Option<String>,
    /// Outside England.
    pub nation: Option<Nation>,
    /// Provenance.
    pub provenance: Provenance,
}

/// A pilot result.
#[derive(Debug, Clone, PartialEq)]
pub struct Pilot {
    /// Site.
    pub site: String,
    /// What was measured.
    pub metric: String,
    /// Before.
    pub baseline: Option<String>,
    /// After.
    pub result: String,
    /// When.
    pub period: Option<String>,
    /// Study design.
    pub design: Option<String>,
    /// Sample size as written.
    pub sample_size: Option<String>,
    /// `yes`, `no` or `unknown`.
    pub independent: &'static str,
    /// Provenance.
    pub provenance: Provenance,
}

/// Writes all claims of technology `id`, then removes imported rows that the
/// reference data no longer has. Edited rows are left alone either way: the
/// reference claims that met one are returned ("cost 2"), for the report.
pub async fn write_all(
    db: &mut PgConnection,
    id: i64,
    c: &TechnologyClaims,
) -> sqlx::Result<Vec<String>> {
    // Reference claims whose place holds a claim edited in the app: never
    // overwritten, and reported rather than dropped silently.
    let mut kept = Vec::new();
    for (i, b) in c.benefits.iter().enumerate() {
        let p = &b.provenance;
        let done = sqlx::query(
            "insert into benefit (technology_id, position, domain, statement, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             on conflict (technology_id, position) do update
             set domain = excluded.domain, statement = excluded.statement, source = excluded.source,
                 verified = excluded.verified, verified_on = excluded.verified_on,
                 recheck_by = excluded.recheck_by, note = excluded.note, source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not benefit.edited_in_app",
        )
        .bind(id).bind(i as i32).bind(&b.domain).bind(&b.statement)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("benefit {}", i + 1));
        }
    }
    prune(db, Positioned::Benefit, id, c.benefits.len()).await?;

    for (i, x) in c.costs.iter().enumerate() {
        let p = &x.provenance;
        let done = sqlx::query(
            "insert into cost_item (technology_id, position, statement, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived,
                                    kind, amount_low_pence, amount_high_pence, unit, unit_basis, period, vat, stated_year)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
             on conflict (technology_id, position) do update
             set statement = excluded.statement, source = excluded.source,
                 kind = excluded.kind, amount_low_pence = excluded.amount_low_pence,
                 amount_high_pence = excluded.amount_high_pence, unit = excluded.unit,
                 unit_basis = excluded.unit_basis, period = excluded.period, vat = excluded.vat,
                 stated_year = excluded.stated_year,
                 verified = excluded.verified, verified_on = excluded.verified_on,
                 recheck_by = excluded.recheck_by, note = excluded.note, source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not cost_item.edited_in_app",
        )
        .bind(id).bind(i as i32).bind(&x.value.statement)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .bind(x.value.kind.map(CostKind::id)).bind(x.value.amount.map(low_pence)).bind(x.value.amount.and_then(high_pence))
        .bind(&x.value.unit).bind(x.value.unit_basis.map(UnitBasis::id)).bind(x.value.period.map(CostPeriod::id))
        .bind(x.value.vat.map(Vat::id)).bind(x.value.stated_year)
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("cost {}", i + 1));
        }
    }
    prune(db, Positioned::CostItem, id, c.costs.len()).await?;

    for x in &c.regulatory {
        let p = &x.provenance;
        let done = sqlx::query(
            "insert into regulatory_record (technology_id, essential_id, status, statement, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             on conflict (technology_id, essential_id) do update
             set status = excluded.status, statement = excluded.statement, source = excluded.source,
                 verified = excluded.verified, verified_on = excluded.verified_on,
                 recheck_by = excluded.recheck_by, note = excluded.note, source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not regulatory_record.edited_in_app",
        )
        .bind(id).bind(&x.essential_id).bind(x.status).bind(&x.statement)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("regulatory essential {}", x.essential_id));
        }
    }

    for (i, x) in c.nice.iter().enumerate() {
        let p = &x.provenance;
        let done = sqlx::query(
            "insert into nice_guidance (technology_id, position, guidance_ref, guidance_type, title, title_verified,
                                        published, published_verified, recommendation, recommendation_verified,
                                        source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
             on conflict (technology_id, position) do update
             set guidance_ref = excluded.guidance_ref, guidance_type = excluded.guidance_type,
                 title = excluded.title, title_verified = excluded.title_verified,
                 published = excluded.published, published_verified = excluded.published_verified,
                 recommendation = excluded.recommendation, recommendation_verified = excluded.recommendation_verified,
                 source = excluded.source, verified = excluded.verified, verified_on = excluded.verified_on,
                 recheck_by = excluded.recheck_by, note = excluded.note, source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not nice_guidance.edited_in_app",
        )
        .bind(id).bind(i as i32).bind(&x.guidance_ref).bind(x.guidance_type.code())
        .bind(&x.title.value).bind(x.title.verified)
        .bind(&x.published.value).bind(x.published.verified)
        .bind(&x.recommendation.value).bind(x.recommendation.verified)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("NICE guidance {}", i + 1));
        }
    }
    prune(db, Positioned::NiceGuidance, id, c.nice.len()).await?;

    for (i, x) in c.workforce.iter().enumerate() {
        let p = &x.provenance;
        let done = sqlx::query(
            "insert into workforce_requirement (technology_id, position, role, training_hours, statement,
                                                source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             on conflict (technology_id, position) do update
             set role = excluded.role, training_hours = excluded.training_hours, statement = excluded.statement,
                 source = excluded.source, verified = excluded.verified, verified_on = excluded.verified_on,
                 recheck_by = excluded.recheck_by, note = excluded.note, source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not workforce_requirement.edited_in_app",
        )
        .bind(id).bind(i as i32).bind(&x.role).bind(x.training_hours).bind(&x.statement)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("workforce requirement {}", i + 1));
        }
    }
    prune(db, Positioned::WorkforceRequirement, id, c.workforce.len()).await?;

    for kind in ["it", "estates"] {
        let items: Vec<_> = c.infrastructure.iter().filter(|x| x.kind == kind).collect();
        for (i, x) in items.iter().enumerate() {
            let p = &x.provenance;
            let done = sqlx::query(
                "insert into infrastructure_requirement (technology_id, kind, position, statement, standards,
                                                         source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived,
                                                         standards_stated, hosting, data_location)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                 on conflict (technology_id, kind, position) do update
                 set statement = excluded.statement, standards = excluded.standards,
                     standards_stated = excluded.standards_stated, hosting = excluded.hosting,
                     data_location = excluded.data_location,
                     source = excluded.source, verified = excluded.verified, verified_on = excluded.verified_on,
                     recheck_by = excluded.recheck_by, note = excluded.note, source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
                 where not infrastructure_requirement.edited_in_app",
            )
            .bind(id).bind(kind).bind(i as i32).bind(&x.statement).bind(&x.standards)
            .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
            .bind(x.standards_stated).bind(x.hosting.map(Hosting::id)).bind(x.data_location.map(DataLocation::id))
            .execute(&mut *db)
            .await?;
            if done.rows_affected() == 0 {
                kept.push(format!("{kind} requirement {}", i + 1));
            }
        }
        sqlx::query(
            "delete from infrastructure_requirement
             where technology_id = $1 and kind = $2 and position >= $3 and not edited_in_app",
        )
        .bind(id)
        .bind(kind)
        .bind(items.len() as i32)
        .execute(&mut *db)
        .await?;
    }

    // Evidence items are one per kind in the reference data: position 0.
    for x in &c.evidence {
        let p = &x.provenance;
        let done = sqlx::query(
            "insert into evidence_item (technology_id, kind, position, statement, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived)
             values ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9, $10)
             on conflict (technology_id, kind, position) do update
             set statement = excluded.statement, source = excluded.source, verified = excluded.verified,
                 verified_on = excluded.verified_on, recheck_by = excluded.recheck_by, note = excluded.note, source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not evidence_item.edited_in_app",
        )
        .bind(id).bind(&x.kind).bind(&x.statement)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("{} evidence", x.kind));
        }
    }
    let kinds: Vec<&str> = c.evidence.iter().map(|e| e.kind.as_str()).collect();
    sqlx::query("delete from evidence_item where technology_id = $1 and not (kind = any($2)) and not edited_in_app")
        .bind(id)
        .bind(&kinds)
        .execute(&mut *db)
        .await?;

    for (i, x) in c.deployments.iter().enumerate() {
        let p = &x.provenance;
        let done = sqlx::query(
            "insert into deployment (technology_id, position, site, kind, icb_ods_code, icb_name, icb_verified, icb_note,
                                     result, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived,
                                     go_live_on, go_live_precision, stage_id, status, stop_reason, stage_status_inferred, scale, nation)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                     $17, coalesce($18, 'day'), $19, $20, $21, $22, $23, $24)
             on conflict (technology_id, position) do update
             set go_live_on = excluded.go_live_on, go_live_precision = excluded.go_live_precision,
                 stage_id = excluded.stage_id, status = excluded.status, stop_reason = excluded.stop_reason,
                 stage_status_inferred = excluded.stage_status_inferred, scale = excluded.scale,
                 nation = excluded.nation, site = excluded.site, kind = excluded.kind, icb_ods_code = excluded.icb_ods_code,
                 icb_name = excluded.icb_name, icb_verified = excluded.icb_verified, icb_note = excluded.icb_note,
                 result = excluded.result, source = excluded.source, verified = excluded.verified,
                 verified_on = excluded.verified_on, recheck_by = excluded.recheck_by, note = excluded.note, source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not deployment.edited_in_app",
        )
        .bind(id).bind(i as i32).bind(&x.site).bind(x.kind.as_str()).bind(&x.icb_ods_code).bind(&x.icb_name)
        .bind(x.icb_verified).bind(&x.icb_note).bind(&x.result)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .bind(x.start.map(PartialDate::date)).bind(x.start.map(|d| d.precision().id()))
        .bind(x.stage.map(Stage::id)).bind(x.status.map(DeploymentStatus::id)).bind(&x.stop_reason)
        .bind(x.stage_status_inferred).bind(&x.scale).bind(x.nation.map(Nation::id))
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("deployment {}", i + 1));
        }
    }
    prune(db, Positioned::Deployment, id, c.deployments.len()).await?;

    for (i, x) in c.pilots.iter().enumerate() {
        let p = &x.provenance;
        let done = sqlx::query(
            "insert into pilot_result (technology_id, position, site, metric, baseline, result, period, design,
                                       independent, source, verified, verified_on, recheck_by, note, source_kinds, source_kinds_derived,
                                       sample_size)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
             on conflict (technology_id, position) do update
             set sample_size = excluded.sample_size, site = excluded.site, metric = excluded.metric, baseline = excluded.baseline,
                 result = excluded.result, period = excluded.period, design = excluded.design,
                 independent = excluded.independent, source = excluded.source, verified = excluded.verified,
                 verified_on = excluded.verified_on, recheck_by = excluded.recheck_by, note = excluded.note, source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not pilot_result.edited_in_app",
        )
        .bind(id).bind(i as i32).bind(&x.site).bind(&x.metric).bind(&x.baseline).bind(&x.result)
        .bind(&x.period).bind(&x.design).bind(x.independent)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .bind(&x.sample_size)
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("pilot result {}", i + 1));
        }
    }
    prune(db, Positioned::PilotResult, id, c.pilots.len()).await?;

    for (i, x) in c.savings.iter().enumerate() {
        let p = &x.provenance;
        let statement = &x.value;
        let done = sqlx::query(
            "insert into saving (technology_id, position, statement, source, verified, verified_on, recheck_by, note,
                                 source_kinds, source_kinds_derived)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             on conflict (technology_id, position) do update
             set statement = excluded.statement, source = excluded.source, verified = excluded.verified,
                 verified_on = excluded.verified_on, recheck_by = excluded.recheck_by, note = excluded.note,
                 source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not saving.edited_in_app",
        )
        .bind(id).bind(i as i32).bind(statement)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("saving {}", i + 1));
        }
    }
    prune(db, Positioned::Saving, id, c.savings.len()).await?;

    for (i, x) in c.regulatory_records.iter().enumerate() {
        let p = &x.provenance;
        let done = sqlx::query(
            "insert into regulatory_evidence (technology_id, position, kind, status, statement, source, verified,
                                              verified_on, recheck_by, note, source_kinds, source_kinds_derived)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             on conflict (technology_id, position) do update
             set kind = excluded.kind, status = excluded.status, statement = excluded.statement,
                 source = excluded.source, verified = excluded.verified, verified_on = excluded.verified_on,
                 recheck_by = excluded.recheck_by, note = excluded.note,
                 source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not regulatory_evidence.edited_in_app",
        )
        .bind(id).bind(i as i32).bind(x.value.kind.id()).bind(x.value.status.id()).bind(&x.value.statement)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("regulatory record {}", i + 1));
        }
    }
    prune(
        db,
        Positioned::RegulatoryEvidence,
        id,
        c.regulatory_records.len(),
    )
    .await?;

    for (i, x) in c.funding.iter().enumerate() {
        let p = &x.provenance;
        let done = sqlx::query(
            "insert into funding_route (technology_id, position, kind, amount_low_pence, amount_high_pence, unit,
                                        stated_year, statement, source, verified, verified_on, recheck_by, note,
                                        source_kinds, source_kinds_derived)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             on conflict (technology_id, position) do update
             set kind = excluded.kind, amount_low_pence = excluded.amount_low_pence,
                 amount_high_pence = excluded.amount_high_pence, unit = excluded.unit,
                 stated_year = excluded.stated_year, statement = excluded.statement,
                 source = excluded.source, verified = excluded.verified, verified_on = excluded.verified_on,
                 recheck_by = excluded.recheck_by, note = excluded.note,
                 source_kinds = excluded.source_kinds, source_kinds_derived = excluded.source_kinds_derived
             where not funding_route.edited_in_app",
        )
        .bind(id).bind(i as i32).bind(x.value.kind.id()).bind(x.value.amount.map(low_pence))
        .bind(x.value.amount.and_then(high_pence)).bind(&x.value.unit).bind(x.value.stated_year).bind(&x.value.statement)
        .bind(&p.source).bind(p.verified).bind(p.stamp.verified_on).bind(p.stamp.recheck_by).bind(&p.note).bind(p.kind_ids()).bind(p.kinds_derived)
        .execute(&mut *db)
        .await?;
        if done.rows_affected() == 0 {
            kept.push(format!("funding route {}", i + 1));
        }
    }
    prune(db, Positioned::FundingRoute, id, c.funding.len()).await?;

    // Search records are not claims and are never edited in the app.
    for (i, x) in c.searched.iter().enumerate() {
        sqlx::query(
            "insert into search_record (technology_id, position, block, searched_on, detail) values ($1, $2, $3, $4, $5)
             on conflict (technology_id, position) do update
             set block = excluded.block, searched_on = excluded.searched_on, detail = excluded.detail",
        )
        .bind(id).bind(i as i32).bind(&x.block).bind(x.on).bind(&x.detail)
        .execute(&mut *db)
        .await?;
    }
    sqlx::query("delete from search_record where technology_id = $1 and position >= $2")
        .bind(id)
        .bind(c.searched.len() as i32)
        .execute(&mut *db)
        .await?;
    Ok(kept)
}

/// The lower amount in pence, as the database stores it.
fn low_pence(m: Money) -> i64 {
    i64::try_from(m.low).unwrap_or(i64::MAX)
}

/// The upper amount in pence, only for a range.
fn high_pence(m: Money) -> Option<i64> {
    (m.high != m.low).then(|| i64::try_from(m.high).unwrap_or(i64::MAX))
}

/// The claim tables whose rows are keyed by position.
#[derive(Debug, Clone, Copy)]
enum Positioned {
    Benefit,
    CostItem,
    NiceGuidance,
    WorkforceRequirement,
    Deployment,
    PilotResult,
    Saving,
    RegulatoryEvidence,
    FundingRoute,
}

/// Deletes imported rows past the end of the reference data's list.
async fn prune(db: &mut PgConnection, table: Positioned, id: i64, len: usize) -> sqlx::Result<()> {
    macro_rules! prune_sql {
        ($table:literal) => {
            concat!(
                "delete from ",
                $table,
                " where technology_id = $1 and position >= $2 and not edited_in_app"
            )
        };
    }
    let sql = match table {
        Positioned::Benefit => prune_sql!("benefit"),
        Positioned::CostItem => prune_sql!("cost_item"),
        Positioned::NiceGuidance => prune_sql!("nice_guidance"),
        Positioned::WorkforceRequirement => prune_sql!("workforce_requirement"),
        Positioned::Deployment => prune_sql!("deployment"),
        Positioned::PilotResult => prune_sql!("pilot_result"),
        Positioned::Saving => prune_sql!("saving"),
        Positioned::RegulatoryEvidence => prune_sql!("regulatory_evidence"),
        Positioned::FundingRoute => prune_sql!("funding_route"),
    };
    sqlx::query(sql)
        .bind(id)
        .bind(len as i32)
        .execute(db)
        .await
        .map(|_| ())
}
