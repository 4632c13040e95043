//! The published data set's shape: `/data/catalogue.json` is a [`CatalogueFile`],
//! and each row of `/data/claims.csv` a [`ClaimRow`]. These types are separate
//! from the page types so the files keep their shape (versioned by
//! [`SCHEMA_VERSION`]) when pages change; they are built from the same
//! [`TechnologyDetail`] the technology page shows, so the files and the pages
//! never disagree.
//!
//! Nothing personal is in these types: no contacts, accounts or submissions.

use crate::domain::{
    Claim, CostKind, CostPeriod, DataLocation, DeploymentKind, FundingKind, Hosting, InfraItem,
    Money, Nation, NiceGuidanceType, Provenance, RecordStatus, RegulatoryKind, SourceKind,
    Standing, TechnologyDetail, UnitBasis, Vat,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The version of the files' shape: the major number changes when a field is
/// removed or changes meaning, the minor when one is added.
pub const SCHEMA_VERSION: &str = "1.0";

/// The licence of the catalogue's own compilation and wording.
pub const LICENCE_NAME: &str = "CC BY 4.0";
/// Where the licence is published.
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";
/// How to credit the catalogue.
pub const ATTRIBUTION: &str =
    "Proven health technologies catalogue for NHS integrated care boards (ICBs)";
/// What the licence does not cover.
pub const SOURCES_TERMS: &str = "The licence covers the catalogue's compilation and wording. \
     Each cited source keeps its own terms: check them before reusing what a source says.";
/// The licence in one CSV cell.
pub const LICENCE_CELL: &str =
    "CC BY 4.0 (the catalogue's compilation); each cited source keeps its own terms";

/// `/data/catalogue.json`: every listed technology with every claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CatalogueFile {
    /// The version of this shape, e.g. `1.0`.
    pub schema_version: String,
    /// When this copy was produced.
    pub generated_at: DateTime<Utc>,
    /// When the published catalogue last changed (the `Last-Modified` header).
    pub last_changed: DateTime<Utc>,
    /// The terms of reuse.
    pub licence: Licence,
    /// The lists the technologies' ids refer to.
    pub reference: ReferenceLists,
    /// Every listed technology, by name.
    pub technologies: Vec<PublishedTechnology>,
}

/// The terms of reuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Licence {
    /// `CC BY 4.0`.
    pub name: String,
    /// The licence's text.
    pub url: String,
    /// How to credit the catalogue.
    pub attribution: String,
    /// What the licence does not cover: each cited source keeps its own terms.
    pub sources: String,
}

impl Licence {
    /// The catalogue's licence.
    pub fn catalogue() -> Self {
        Self {
            name: LICENCE_NAME.to_owned(),
            url: LICENCE_URL.to_owned(),
            attribution: ATTRIBUTION.to_owned(),
            sources: SOURCES_TERMS.to_owned(),
        }
    }
}

/// The reference lists, each entry with its own source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReferenceLists {
    /// NHS England regions.
    pub regions: Vec<RegionEntry>,
    /// Integrated care boards.
    pub icbs: Vec<IcbEntry>,
    /// Care settings.
    pub care_settings: Vec<TermEntry>,
    /// Technology types.
    pub technology_types: Vec<TermEntry>,
    /// Deployment stages.
    pub deployment_stages: Vec<TermEntry>,
    /// The regulatory essentials of the checklist.
    pub regulatory_essentials: Vec<EssentialEntry>,
}

/// An NHS England region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, sqlx::FromRow))]
pub struct RegionEntry {
    /// ODS code, e.g. `Y56`.
    pub ods_code: String,
    /// ONS code, e.g. `E40000003`.
    pub ons_code: String,
    /// Name.
    pub name: String,
    /// Where it comes from.
    pub source: String,
}

/// An integrated care board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, sqlx::FromRow))]
pub struct IcbEntry {
    /// ODS code, e.g. `QMJ`.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// Its region's ODS code.
    pub region_ods_code: String,
    /// Where it comes from.
    pub source: String,
}

/// A term of one of the catalogue's taxonomies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, sqlx::FromRow))]
pub struct TermEntry {
    /// The id the technologies use.
    pub id: String,
    /// In words.
    pub label: String,
    /// What it means, where defined.
    pub meaning: Option<String>,
    /// `false`: defined by the catalogue, not taken from the cited source.
    pub verified: bool,
    /// Where it comes from.
    pub source: String,
}

/// A regulatory essential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, sqlx::FromRow))]
pub struct EssentialEntry {
    /// The id the checklist uses, e.g. `dtac`.
    pub id: String,
    /// Name.
    pub name: String,
    /// e.g. `clinical_safety`.
    pub category: String,
    /// Who owns it, where documented.
    pub owner: Option<String>,
    /// The owner was seen in the source.
    pub owner_verified: bool,
    /// What it is, where documented.
    pub description: Option<String>,
    /// The description was seen in the source.
    pub description_verified: bool,
    /// What it applies to, where documented.
    pub applies_to: Option<String>,
    /// Where it is described.
    pub sources: Vec<String>,
}

/// Where a claim comes from and when it was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClaimSource {
    /// The source: a web address (often without its scheme) or a description.
    pub source: String,
    /// The kinds of its sources.
    pub source_kinds: Vec<SourceKind>,
    /// The kinds were read from the source address by the catalogue, not stated.
    pub source_kinds_derived: bool,
    /// The claim was seen in the source.
    pub verified: bool,
    /// When it was verified.
    pub verified_on: Option<NaiveDate>,
    /// When it is due a re-check.
    pub recheck_by: Option<NaiveDate>,
    /// A qualification.
    pub note: Option<String>,
}

impl From<&Provenance> for ClaimSource {
    fn from(p: &Provenance) -> Self {
        Self {
            source: p.source.clone(),
            source_kinds: p.source_kinds.clone(),
            source_kinds_derived: p.kinds_derived,
            verified: p.verified,
            verified_on: p.verified_on,
            recheck_by: p.recheck_by,
            note: p.note.clone(),
        }
    }
}

/// A technology with every claim of every block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublishedTechnology {
    /// The id in addresses: `/technologies/{slug}`.
    pub slug: String,
    /// Product name.
    pub name: String,
    /// Supplier, where documented.
    pub supplier: Option<String>,
    /// The supplier was seen in the source.
    pub supplier_verified: bool,
    /// Id of its technology type (`reference.technology_types`).
    pub technology_type: String,
    /// Ids of its care settings (`reference.care_settings`).
    pub care_settings: Vec<String>,
    /// The care setting as the source words it.
    pub care_setting_text: Option<String>,
    /// Clinical area, where documented.
    pub clinical_area: Option<String>,
    /// The clinical area was seen in the source.
    pub clinical_area_verified: bool,
    /// One-line summary, where documented.
    pub summary: Option<String>,
    /// The summary was seen in the source.
    pub summary_verified: bool,
    /// Uses AI (derived from its type).
    pub ai_enabled: bool,
    /// Why it is listed: `nice_guidance`, `nhs_deployment`.
    pub inclusion_basis: Vec<String>,
    /// Sources about the technology as a whole.
    pub sources: Vec<String>,
    /// Benefits.
    pub benefits: Vec<Benefit>,
    /// Costs as stated, with their structured reading.
    pub costs: Vec<Cost>,
    /// Claimed savings of money or time.
    pub savings: Vec<Saving>,
    /// How others paid for or bought it.
    pub funding: Vec<Funding>,
    /// The catalogue's reading of each regulatory essential, with the record it
    /// rests on.
    pub regulatory_checklist: Vec<ChecklistEntry>,
    /// Certificates, registrations and findings as sources state them.
    pub regulatory_records: Vec<RegulatoryRecord>,
    /// NICE guidance.
    pub nice_guidance: Vec<Guidance>,
    /// Workforce and skills.
    pub workforce: Vec<Workforce>,
    /// IT requirements.
    pub it: Vec<Requirement>,
    /// Estates requirements.
    pub estates: Vec<Requirement>,
    /// Other evidence.
    pub evidence: Vec<Evidence>,
    /// Deployment records (only `nhs_deployment` counts as an NHS deployment).
    pub deployments: Vec<Deployment>,
    /// Pilot results.
    pub pilots: Vec<Pilot>,
    /// Blocks searched for in public sources with nothing found.
    pub searched_without_result: Vec<Search>,
}

/// A benefit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Benefit {
    /// e.g. `workforce_time`.
    pub domain: String,
    /// The claim.
    pub statement: String,
    /// Its source.
    pub provenance: ClaimSource,
}

/// A cost. Amounts are in pence; a range has low < high, a single amount low = high.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Cost {
    /// The claim as written.
    pub statement: String,
    /// What it is for.
    pub kind: Option<CostKind>,
    /// Lowest amount, in pence.
    pub amount_low_pence: Option<u64>,
    /// Highest amount, in pence.
    pub amount_high_pence: Option<u64>,
    /// The unit as the source words it.
    pub unit: Option<String>,
    /// What the amount multiplies.
    pub unit_basis: Option<UnitBasis>,
    /// How often it is paid.
    pub period: Option<CostPeriod>,
    /// VAT basis.
    pub vat: Option<Vat>,
    /// The year the price was stated.
    pub stated_year: Option<i32>,
    /// Its source.
    pub provenance: ClaimSource,
}

/// A claimed saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Saving {
    /// The claim.
    pub statement: String,
    /// Its source.
    pub provenance: ClaimSource,
}

/// A funding or procurement route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Funding {
    /// The claim.
    pub statement: String,
    /// What kind of route.
    pub kind: FundingKind,
    /// Lowest value, in pence.
    pub amount_low_pence: Option<u64>,
    /// Highest value, in pence.
    pub amount_high_pence: Option<u64>,
    /// What the value is for.
    pub unit: Option<String>,
    /// The year stated.
    pub stated_year: Option<i32>,
    /// Its source.
    pub provenance: ClaimSource,
}

/// One regulatory essential for one technology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChecklistEntry {
    /// The essential (`reference.regulatory_essentials`).
    pub essential: String,
    /// The catalogue's reading from the records: `met` needs a verified record
    /// resting on a source that is not the supplier's.
    pub standing: Standing,
    /// The record of the first reference file for this essential, if any.
    pub record: Option<ChecklistRecord>,
}

/// The status the first reference file records for an essential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChecklistRecord {
    /// e.g. `met`, `not_met`, `not_applicable`.
    pub status: String,
    /// What the source says, where recorded.
    pub statement: Option<String>,
    /// Its source.
    pub provenance: ClaimSource,
}

/// A certificate, registration or finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RegulatoryRecord {
    /// The claim.
    pub statement: String,
    /// What it is about.
    pub kind: RegulatoryKind,
    /// What it says.
    pub status: RecordStatus,
    /// Its source.
    pub provenance: ClaimSource,
}

/// NICE guidance or a briefing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Guidance {
    /// e.g. `MTG46`.
    pub reference: String,
    /// Its type.
    pub guidance_type: NiceGuidanceType,
    /// Title, where documented.
    pub title: Option<String>,
    /// The title was seen in the source.
    pub title_verified: bool,
    /// Publication date as the source gives it.
    pub published: Option<String>,
    /// The date was seen in the source.
    pub published_verified: bool,
    /// The recommendation, where documented.
    pub recommendation: Option<String>,
    /// The recommendation was seen in the source.
    pub recommendation_verified: bool,
    /// Its source.
    pub provenance: ClaimSource,
}

/// A workforce or skills requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Workforce {
    /// Roles.
    pub role: Option<String>,
    /// Training hours per person, as stated.
    pub training_hours: Option<String>,
    /// The claim.
    pub statement: String,
    /// Its source.
    pub provenance: ClaimSource,
}

/// An IT or estates requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Requirement {
    /// The claim.
    pub statement: String,
    /// Integration standards.
    pub standards: Vec<String>,
    /// `standards` is what the source lists (otherwise names found in the statement).
    pub standards_stated: bool,
    /// Where it is hosted, where stated.
    pub hosting: Option<Hosting>,
    /// Where the data is held, where stated.
    pub data_location: Option<DataLocation>,
    /// Its source.
    pub provenance: ClaimSource,
}

/// Another evidence statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Evidence {
    /// e.g. `study`, `nice`.
    pub kind: String,
    /// The claim.
    pub statement: String,
    /// Its source.
    pub provenance: ClaimSource,
}

/// A deployment record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Deployment {
    /// Organisation, site or programme.
    pub site: String,
    /// What the record is.
    pub kind: DeploymentKind,
    /// The ICB's ODS code, where known.
    pub icb_ods_code: Option<String>,
    /// The ICB's name.
    pub icb_name: Option<String>,
    /// The ICB was seen in the source (rather than matched by the catalogue).
    pub icb_verified: bool,
    /// The region's name.
    pub region: Option<String>,
    /// Care setting.
    pub care_setting: Option<String>,
    /// Stage.
    pub stage: Option<String>,
    /// e.g. `live`, `stopped`.
    pub status: Option<String>,
    /// Why it stopped.
    pub stop_reason: Option<String>,
    /// Start as stated: `2021`, `2021-04` or `2021-04-01`.
    pub start: Option<String>,
    /// Stage and status were inferred by the catalogue from the wording.
    pub stage_status_inferred: bool,
    /// A UK nation outside England, where the record is about one.
    pub nation: Option<Nation>,
    /// Scale.
    pub scale: Option<String>,
    /// Result.
    pub result: Option<String>,
    /// Its source.
    pub provenance: ClaimSource,
}

/// A pilot result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Pilot {
    /// Where.
    pub site: String,
    /// What was measured.
    pub metric: String,
    /// Before.
    pub baseline: Option<String>,
    /// After.
    pub result: String,
    /// When, as stated.
    pub period: Option<String>,
    /// Study design.
    pub design: Option<String>,
    /// Sample size as stated.
    pub sample_size: Option<String>,
    /// Independent of the supplier: `yes`, `no` or `unclear`.
    pub independent: String,
    /// Its source.
    pub provenance: ClaimSource,
}

/// A block searched for in public sources with nothing found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Search {
    /// The block (`costs`, `regulatory_records`…).
    pub block: String,
    /// When.
    pub searched_on: NaiveDate,
    /// What was looked for.
    pub detail: Option<String>,
}

fn amounts(m: Option<Money>) -> (Option<u64>, Option<u64>) {
    (m.map(|m| m.low), m.map(|m| m.high))
}

fn requirements(claims: &[Claim<InfraItem>]) -> Vec<Requirement> {
    claims
        .iter()
        .map(|c| Requirement {
            statement: c.value.statement.clone(),
            standards: c.value.standards.clone(),
            standards_stated: c.value.standards_stated,
            hosting: c.value.hosting,
            data_location: c.value.data_location,
            provenance: (&c.provenance).into(),
        })
        .collect()
}

impl From<&TechnologyDetail> for PublishedTechnology {
    fn from(t: &TechnologyDetail) -> Self {
        let s = &t.summary;
        let src = |p: &Provenance| ClaimSource::from(p);
        Self {
            slug: s.slug.as_str().to_owned(),
            name: s.name.clone(),
            supplier: s.supplier.value.clone(),
            supplier_verified: s.supplier.verified,
            technology_type: t.type_id.clone(),
            care_settings: t.care_setting_ids.clone(),
            care_setting_text: t.care_setting_text.clone(),
            clinical_area: s.clinical_area.value.clone(),
            clinical_area_verified: s.clinical_area.verified,
            summary: s.summary.value.clone(),
            summary_verified: s.summary.verified,
            ai_enabled: t.ai_enabled,
            inclusion_basis: t.inclusion_basis.clone(),
            sources: t.sources.clone(),
            benefits: t
                .benefits
                .iter()
                .map(|c| Benefit {
                    domain: c.value.domain.clone(),
                    statement: c.value.statement.clone(),
                    provenance: src(&c.provenance),
                })
                .collect(),
            costs: t
                .costs
                .iter()
                .map(|c| {
                    let (low, high) = amounts(c.value.amount);
                    Cost {
                        statement: c.value.statement.clone(),
                        kind: c.value.kind,
                        amount_low_pence: low,
                        amount_high_pence: high,
                        unit: c.value.unit.clone(),
                        unit_basis: c.value.unit_basis,
                        period: c.value.period,
                        vat: c.value.vat,
                        stated_year: c.value.stated_year,
                        provenance: src(&c.provenance),
                    }
                })
                .collect(),
            savings: t
                .savings
                .iter()
                .map(|c| Saving {
                    statement: c.value.clone(),
                    provenance: src(&c.provenance),
                })
                .collect(),
            funding: t
                .funding
                .iter()
                .map(|c| {
                    let (low, high) = amounts(c.value.amount);
                    Funding {
                        statement: c.value.statement.clone(),
                        kind: c.value.kind,
                        amount_low_pence: low,
                        amount_high_pence: high,
                        unit: c.value.unit.clone(),
                        stated_year: c.value.stated_year,
                        provenance: src(&c.provenance),
                    }
                })
                .collect(),
            regulatory_checklist: t
                .regulatory
                .iter()
                .map(|r| ChecklistEntry {
                    essential: r.essential_id.clone(),
                    standing: r.standing,
                    record: r
                        .record
                        .as_ref()
                        .filter(|c| c.value.status != "not_documented")
                        .map(|c| ChecklistRecord {
                            status: c.value.status.clone(),
                            statement: c.value.statement.clone(),
                            provenance: src(&c.provenance),
                        }),
                })
                .collect(),
            regulatory_records: t
                .regulatory_records
                .iter()
                .map(|c| RegulatoryRecord {
                    statement: c.value.statement.clone(),
                    kind: c.value.kind,
                    status: c.value.status,
                    provenance: src(&c.provenance),
                })
                .collect(),
            nice_guidance: t
                .nice
                .iter()
                .map(|c| Guidance {
                    reference: c.value.reference.clone(),
                    guidance_type: c.value.guidance_type,
                    title: c.value.title.value.clone(),
                    title_verified: c.value.title.verified,
                    published: c.value.published.value.clone(),
                    published_verified: c.value.published.verified,
                    recommendation: c.value.recommendation.value.clone(),
                    recommendation_verified: c.value.recommendation.verified,
                    provenance: src(&c.provenance),
                })
                .collect(),
            workforce: t
                .workforce
                .iter()
                .map(|c| Workforce {
                    role: c.value.role.clone(),
                    training_hours: c.value.training_hours.clone(),
                    statement: c.value.statement.clone(),
                    provenance: src(&c.provenance),
                })
                .collect(),
            it: requirements(&t.it),
            estates: requirements(&t.estates),
            evidence: t
                .evidence
                .iter()
                .map(|c| Evidence {
                    kind: c.value.kind.clone(),
                    statement: c.value.statement.clone(),
                    provenance: src(&c.provenance),
                })
                .collect(),
            deployments: t
                .deployments
                .iter()
                .map(|c| {
                    let d = &c.value;
                    Deployment {
                        site: d.site.clone(),
                        kind: d.kind,
                        icb_ods_code: d.icb_ods_code.clone(),
                        icb_name: d.icb_name.clone(),
                        icb_verified: d.icb_verified,
                        region: d.region_name.clone(),
                        care_setting: d.setting.clone(),
                        stage: d.stage.clone(),
                        status: d.status.clone(),
                        stop_reason: d.stop_reason.clone(),
                        start: d.go_live.map(|g| g.iso()),
                        stage_status_inferred: d.stage_status_inferred,
                        nation: d.nation,
                        scale: d.scale.clone(),
                        result: d.result.clone(),
                        provenance: src(&c.provenance),
                    }
                })
                .collect(),
            pilots: t
                .pilots
                .iter()
                .map(|c| {
                    let p = &c.value;
                    Pilot {
                        site: p.site.clone(),
                        metric: p.metric.clone(),
                        baseline: p.baseline.clone(),
                        result: p.result.clone(),
                        period: p.period.clone(),
                        design: p.design.clone(),
                        sample_size: p.sample_size.clone(),
                        independent: p.independent.clone(),
                        provenance: src(&c.provenance),
                    }
                })
                .collect(),
            searched_without_result: t
                .searched
                .iter()
                .map(|s| Search {
                    block: s.block.clone(),
                    searched_on: s.searched_on,
                    detail: s.detail.clone(),
                })
                .collect(),
        }
    }
}
