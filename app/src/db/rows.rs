//! Row structs as Postgres returns them, and their conversion into domain types.
//! Keeping these apart from `domain` lets the schema change without changing the
//! wire format.

use crate::domain::curation::{CatalogueStatus, Listing};
use crate::domain::{
    Block, Completeness, Freshness, NiceGuidanceType, Provenance, SourceKind, Stamp,
    TechnologySlug, TechnologySummary, VerifiedText,
};
use chrono::NaiveDate;

/// A technology's place in the catalogue, as stored.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct ListingRow {
    pub catalogue_status: String,
    pub status_changed_on: Option<NaiveDate>,
    pub withdrawn_reason: Option<String>,
}

impl ListingRow {
    /// As the pages show it (the column's check admits only known statuses).
    pub fn to_listing(&self) -> Listing {
        Listing {
            status: CatalogueStatus::parse(&self.catalogue_status)
                .unwrap_or(CatalogueStatus::Listed),
            changed_on: self.status_changed_on,
            withdrawn_reason: self.withdrawn_reason.clone(),
        }
    }
}

/// A technology with its list-level aggregates.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct TechnologyRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub supplier: Option<String>,
    pub supplier_verified: bool,
    pub supplier_note: Option<String>,
    pub type_id: String,
    pub type_label: String,
    pub summary: Option<String>,
    pub summary_verified: bool,
    pub summary_note: Option<String>,
    pub sources: Vec<String>,
    pub clinical_area: Option<String>,
    pub clinical_area_verified: bool,
    pub care_setting_text: Option<String>,
    pub ai_enabled: bool,
    pub inclusion_basis: Vec<String>,
    #[sqlx(flatten)]
    pub listing: ListingRow,
    pub care_settings: Vec<String>,
    pub care_setting_ids: Vec<String>,
    pub nice_types: Vec<String>,
    pub deployment_count: i64,
    pub next_recheck: Option<NaiveDate>,
    pub any_verified: bool,
    pub today: NaiveDate,
    pub has_benefits: bool,
    pub has_costs: bool,
    pub has_regulatory: bool,
    pub has_workforce: bool,
    pub has_it: bool,
    pub has_estates: bool,
    pub has_pilots: bool,
    pub has_adopters: bool,
}

/// Treats data the constraints should have refused as a decode error.
pub(super) fn decode_err(e: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

impl TechnologyRow {
    /// Converts into the list shape.
    pub fn into_summary(self) -> Result<TechnologySummary, sqlx::Error> {
        let slug = TechnologySlug::parse(&self.slug).map_err(decode_err)?;
        let blocks = [
            (Block::Benefits, self.has_benefits),
            (Block::Costs, self.has_costs),
            (Block::Regulatory, self.has_regulatory),
            (Block::Workforce, self.has_workforce),
            (Block::It, self.has_it),
            (Block::Estates, self.has_estates),
            (Block::Pilots, self.has_pilots),
            (Block::Adopters, self.has_adopters),
        ];
        let freshness = if self.any_verified {
            Stamp {
                verified_on: None,
                recheck_by: self.next_recheck,
            }
            .freshness(self.today)
        } else {
            Freshness::Unverified
        };
        Ok(TechnologySummary {
            slug,
            name: self.name,
            supplier: VerifiedText {
                value: self.supplier,
                verified: self.supplier_verified,
                note: self.supplier_note,
            },
            technology_type: self.type_label,
            clinical_area: VerifiedText {
                value: self.clinical_area,
                verified: self.clinical_area_verified,
                note: None,
            },
            summary: VerifiedText {
                value: self.summary,
                verified: self.summary_verified,
                note: self.summary_note,
            },
            care_settings: self.care_settings,
            nice_types: self
                .nice_types
                .iter()
                .filter_map(|t| NiceGuidanceType::parse(t))
                .collect(),
            deployment_count: u32::try_from(self.deployment_count).unwrap_or(u32::MAX),
            freshness,
            completeness: Completeness {
                documented: blocks
                    .into_iter()
                    .filter(|(_, has)| *has)
                    .map(|(b, _)| b)
                    .collect(),
            },
            readiness: None,
        })
    }
}

/// The provenance columns every claim table shares.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct ProvenanceRow {
    pub source: String,
    pub verified: bool,
    pub verified_on: Option<NaiveDate>,
    pub recheck_by: Option<NaiveDate>,
    pub note: Option<String>,
    pub source_kinds: Vec<String>,
    pub source_kinds_derived: bool,
    /// The claim's block and id (for "Suggest a correction").
    pub claim_block: Option<String>,
    pub claim_id: Option<i64>,
}

impl ProvenanceRow {
    /// With freshness on `today`.
    pub fn into_provenance(self, today: NaiveDate) -> Provenance {
        let stamp = Stamp {
            verified_on: self.verified_on,
            recheck_by: self.recheck_by,
        };
        Provenance {
            source: self.source,
            verified: self.verified,
            verified_on: self.verified_on,
            recheck_by: self.recheck_by,
            note: self.note,
            freshness: stamp.freshness(today),
            // The column's domain admits only known ids.
            source_kinds: self
                .source_kinds
                .iter()
                .filter_map(|k| SourceKind::parse(k))
                .collect(),
            kinds_derived: self.source_kinds_derived,
            claim: self.claim_block.zip(self.claim_id),
        }
    }
}
