//! What the list and the technology page show about a technology.

use super::{
    Freshness, NiceGuidanceType, RelianceShares, TechnologySlug,
    claims::{
        BenefitItem, Claim, CostItem, DeploymentItem, EvidenceItem, FundingItem, InfraItem,
        NiceItem, PilotItem, Provenance, RegulatoryRecordItem, RegulatoryRow, SearchRecord,
        WorkforceItem,
    },
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A statement from the reference data with its verification flag. `value` is
/// `None` when the source did not document it; the UI then says so instead of
/// leaving a blank or guessing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VerifiedText {
    /// The statement, if documented.
    pub value: Option<String>,
    /// Whether the statement was seen in the cited source.
    pub verified: bool,
    /// Why the value is missing or qualified, from the reference data.
    pub note: Option<String>,
}

/// The report's blocks of information an ICB needs about a technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// Benefits.
    Benefits,
    /// Costs.
    Costs,
    /// Regulatory essentials.
    Regulatory,
    /// Skills and workforce.
    Workforce,
    /// IT infrastructure.
    It,
    /// Estates.
    Estates,
    /// Pilot results.
    Pilots,
    /// Who has adopted it.
    Adopters,
}

impl Block {
    /// All blocks, in page order.
    pub const ALL: [Self; 8] = [
        Self::Benefits,
        Self::Costs,
        Self::Regulatory,
        Self::Workforce,
        Self::It,
        Self::Estates,
        Self::Pilots,
        Self::Adopters,
    ];

    /// Short name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Benefits => "benefits",
            Self::Costs => "costs",
            Self::Regulatory => "regulatory essentials",
            Self::Workforce => "workforce and skills",
            Self::It => "IT infrastructure",
            Self::Estates => "estates",
            Self::Pilots => "pilot results",
            Self::Adopters => "NHS adopters",
        }
    }
}

/// Which of the report's blocks are documented for a technology.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Completeness {
    /// The documented blocks, in page order.
    pub documented: Vec<Block>,
}

impl Completeness {
    /// "6 of 8 blocks documented".
    pub fn summary(&self) -> String {
        format!(
            "{} of {} blocks documented",
            self.documented.len(),
            Block::ALL.len()
        )
    }

    /// The blocks not yet documented.
    pub fn missing(&self) -> Vec<Block> {
        Block::ALL
            .into_iter()
            .filter(|b| !self.documented.contains(b))
            .collect()
    }
}

/// One row of the catalogue list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TechnologySummary {
    /// URL identifier.
    pub slug: TechnologySlug,
    /// Product name.
    pub name: String,
    /// Supplier (company or developer), where documented.
    pub supplier: VerifiedText,
    /// Label of the technology type.
    pub technology_type: String,
    /// Clinical area, where documented.
    pub clinical_area: VerifiedText,
    /// One-line summary, where documented.
    pub summary: VerifiedText,
    /// Care setting labels.
    pub care_settings: Vec<String>,
    /// Types of NICE guidance it has.
    pub nice_types: Vec<NiceGuidanceType>,
    /// Documented NHS deployments (records that count).
    pub deployment_count: u32,
    /// The most urgent re-check state of its verified claims.
    pub freshness: Freshness,
    /// Which blocks are documented.
    pub completeness: Completeness,
    /// With the organisation's context (catalogue results only): the tally of
    /// its readiness check.
    #[serde(default)]
    pub readiness: Option<super::Tally>,
}

/// The technology page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnologyDetail {
    /// The fields the list shows.
    pub summary: TechnologySummary,
    /// The care setting as the source describes it.
    pub care_setting_text: Option<String>,
    /// Derived from the technology type.
    pub ai_enabled: bool,
    /// Why it is in the catalogue (`nice_guidance`, `nhs_deployment`).
    pub inclusion_basis: Vec<String>,
    /// Listed, or no longer listed (with the reason and date).
    pub listing: super::curation::Listing,
    /// Sources listed for the technology as a whole.
    pub sources: Vec<String>,
    /// The id of its technology type.
    pub type_id: String,
    /// The ids of its care settings, in the order of `summary.care_settings`.
    pub care_setting_ids: Vec<String>,
    /// Benefits.
    pub benefits: Vec<Claim<BenefitItem>>,
    /// The date the page was read for (freshness and the age of prices).
    pub as_of: NaiveDate,
    /// Costs as stated, with their structured reading.
    pub costs: Vec<Claim<CostItem>>,
    /// Claimed savings of money or time (never costs).
    pub savings: Vec<Claim<String>>,
    /// How others paid for or bought it.
    pub funding: Vec<Claim<FundingItem>>,
    /// The regulatory checklist.
    pub regulatory: Vec<RegulatoryRow>,
    /// Every regulatory record, in the reference data's order.
    pub regulatory_records: Vec<Claim<RegulatoryRecordItem>>,
    /// NICE guidance.
    pub nice: Vec<Claim<NiceItem>>,
    /// Workforce and skills.
    pub workforce: Vec<Claim<WorkforceItem>>,
    /// IT requirements.
    pub it: Vec<Claim<InfraItem>>,
    /// Estates requirements.
    pub estates: Vec<Claim<InfraItem>>,
    /// Other evidence statements.
    pub evidence: Vec<Claim<EvidenceItem>>,
    /// Deployment records (all kinds; only some count).
    pub deployments: Vec<Claim<DeploymentItem>>,
    /// Pilot results.
    pub pilots: Vec<Claim<PilotItem>>,
    /// Blocks searched for in public sources with nothing found.
    pub searched: Vec<SearchRecord>,
}

impl TechnologyDetail {
    /// The provenance of every claim on the page.
    pub fn provenances(&self) -> Vec<&Provenance> {
        fn of<T>(claims: &[Claim<T>]) -> impl Iterator<Item = &Provenance> {
            claims.iter().map(|c| &c.provenance)
        }
        of(&self.benefits)
            .chain(of(&self.costs))
            .chain(of(&self.savings))
            .chain(of(&self.funding))
            .chain(
                self.regulatory
                    .iter()
                    .filter_map(|r| r.record.as_ref())
                    // "not documented" is the absence of a claim, as in the catalogue view
                    .filter(|c| c.value.status != "not_documented")
                    .map(|c| &c.provenance),
            )
            .chain(of(&self.regulatory_records))
            .chain(of(&self.nice))
            .chain(of(&self.workforce))
            .chain(of(&self.it))
            .chain(of(&self.estates))
            .chain(of(&self.evidence))
            .chain(of(&self.deployments))
            .chain(of(&self.pilots))
            .collect()
    }

    /// How many of its claims rest on independent, secondary or only the
    /// supplier's sources.
    pub fn reliance_shares(&self) -> RelianceShares {
        let mut shares = RelianceShares::default();
        for p in self.provenances() {
            shares.add(&p.source_kinds);
        }
        shares
    }

    /// The regulatory records of a kind that speaks to checklist essential
    /// `essential_id` (derived rather than stored on each row, so every record
    /// crosses the wire once).
    pub fn records_for<'a>(
        &'a self,
        essential_id: &'a str,
    ) -> impl Iterator<Item = &'a Claim<RegulatoryRecordItem>> {
        self.regulatory_records
            .iter()
            .filter(move |c| c.value.kind.essential() == Some(essential_id))
    }

    /// The search record for a block of the reference data (`costs`,
    /// `regulatory_records`…), if public sources were searched for it.
    pub fn searched_for(&self, block: &str) -> Option<&SearchRecord> {
        self.searched.iter().find(|s| s.block == block)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completeness_counts_documented_blocks_of_eight() {
        let c = Completeness {
            documented: vec![Block::Benefits, Block::It, Block::Adopters],
        };
        assert_eq!(c.summary(), "3 of 8 blocks documented");
        assert_eq!(c.missing().len(), 5);
        assert!(!c.missing().contains(&Block::It));
    }
}
