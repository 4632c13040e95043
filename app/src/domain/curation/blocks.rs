//! One specification per editable block: its table, what a claim of it is
//! about (for the re-check policy), and its fields in form order. The edit
//! forms, their validation, the revisions' wording and the SQL that reads and
//! writes a claim are all derived from this table, so a block is described once.

use super::fields::{Check, FieldSpec, Input};
use crate::domain::{
    ClaimKind, CostKind, CostPeriod, DataLocation, DeploymentKind, DeploymentStatus, FundingKind,
    Hosting, NiceGuidanceType, RecordStatus, RegulatoryKind, Stage, UnitBasis, Vat,
};

/// An editable block of a technology: a claim table (or the technology itself).
#[derive(Debug, Clone, Copy)]
pub struct BlockSpec {
    /// The id in URLs, revisions and the `claim` view (`cost`, `it`, …).
    pub id: &'static str,
    /// One claim of it, e.g. "Cost".
    pub label: &'static str,
    /// The block, e.g. "Costs".
    pub plural: &'static str,
    /// Its table.
    pub table: &'static str,
    /// A fixed column value that picks this block's rows out of a shared
    /// table (IT and estates share `infrastructure_requirement`).
    pub scope: Option<(&'static str, &'static str)>,
    /// How long a verification lasts.
    pub claim_kind: ClaimKind,
    /// The column that names one claim in lists and revisions.
    pub headline: &'static str,
    /// The fields a curator edits, in form order.
    pub fields: &'static [FieldSpec],
    /// Checks across fields.
    pub checks: &'static [Check],
    /// Claims carry source, verified flag and dates; the technology does not.
    pub claim: bool,
}

impl BlockSpec {
    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}

macro_rules! choices {
    ($name:ident, $vocab:ty) => {
        fn $name() -> Vec<(&'static str, &'static str)> {
            <$vocab>::ALL.iter().map(|v| (v.id(), v.label())).collect()
        }
    };
}

choices!(cost_kinds, CostKind);
choices!(unit_bases, UnitBasis);
choices!(cost_periods, CostPeriod);
choices!(vat_bases, Vat);
choices!(funding_kinds, FundingKind);
choices!(regulatory_kinds, RegulatoryKind);
choices!(record_statuses, RecordStatus);
choices!(hostings, Hosting);
choices!(data_locations, DataLocation);
choices!(stages, Stage);
choices!(deployment_statuses, DeploymentStatus);

fn deployment_kinds() -> Vec<(&'static str, &'static str)> {
    DeploymentKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect()
}

fn guidance_types() -> Vec<(&'static str, &'static str)> {
    NiceGuidanceType::ALL
        .iter()
        .map(|t| (t.code(), t.label()))
        .collect()
}

fn essential_statuses() -> Vec<(&'static str, &'static str)> {
    vec![
        ("met", "Met"),
        ("not_met", "Not met"),
        ("not_documented", "Not yet documented"),
    ]
}

fn essentials() -> Vec<(&'static str, &'static str)> {
    crate::domain::CHECKLIST_ESSENTIALS
        .iter()
        .map(|e| (*e, *e))
        .collect()
}

fn independence() -> Vec<(&'static str, &'static str)> {
    crate::domain::INDEPENDENT.to_vec()
}

const fn field(name: &'static str, label: &'static str, input: Input) -> FieldSpec {
    FieldSpec {
        name,
        label,
        input,
        required: false,
        fixed: false,
        companion: None,
    }
}

const fn required(name: &'static str, label: &'static str, input: Input) -> FieldSpec {
    FieldSpec {
        required: true,
        ..field(name, label, input)
    }
}

const STATEMENT: FieldSpec = required("statement", "Statement", Input::Long(4000));
const AMOUNT_LOW: FieldSpec = field(
    "amount_low_pence",
    "Amount in pounds (or the lower end of a range)",
    Input::Pounds,
);
const AMOUNT_HIGH: FieldSpec = field(
    "amount_high_pence",
    "Upper end of the range in pounds",
    Input::Pounds,
);
const STATED_YEAR: FieldSpec = field("stated_year", "Year the price was stated", Input::Year);
const RANGE: Check = Check::Above {
    high: "amount_high_pence",
    low: "amount_low_pence",
};

/// The technology's own fields.
pub const TECHNOLOGY: BlockSpec = BlockSpec {
    id: "technology",
    label: "Technology details",
    plural: "Technology details",
    table: "technology",
    scope: None,
    claim_kind: ClaimKind::General,
    headline: "name",
    fields: &[
        required("name", "Name", Input::Text(200)),
        FieldSpec {
            companion: Some("summary_verified"),
            ..field("summary", "Summary", Input::Long(4000))
        },
        FieldSpec {
            companion: Some("clinical_area_verified"),
            ..field("clinical_area", "Clinical area", Input::Text(300))
        },
        field("ai_enabled", "Uses artificial intelligence", Input::Flag),
    ],
    checks: &[],
    claim: false,
};

/// Every claim block, in the technology page's order.
pub const CLAIM_BLOCKS: [BlockSpec; 13] = [
    BlockSpec {
        id: "benefit",
        label: "Benefit",
        plural: "Benefits",
        table: "benefit",
        scope: None,
        claim_kind: ClaimKind::General,
        headline: "statement",
        fields: &[
            required(
                "domain",
                "Kind of benefit (e.g. workforce_time)",
                Input::Key,
            ),
            STATEMENT,
        ],
        checks: &[],
        claim: true,
    },
    BlockSpec {
        id: "cost",
        label: "Cost",
        plural: "Costs",
        table: "cost_item",
        scope: None,
        claim_kind: ClaimKind::General,
        headline: "statement",
        fields: &[
            STATEMENT,
            field("kind", "What the cost is for", Input::Choice(cost_kinds)),
            AMOUNT_LOW,
            AMOUNT_HIGH,
            field(
                "unit",
                "Unit, as the source says (e.g. per patient)",
                Input::Text(200),
            ),
            field(
                "unit_basis",
                "What the amount multiplies",
                Input::Choice(unit_bases),
            ),
            field(
                "period",
                "How often it is paid",
                Input::Choice(cost_periods),
            ),
            field("vat", "VAT", Input::Choice(vat_bases)),
            STATED_YEAR,
        ],
        checks: &[RANGE],
        claim: true,
    },
    BlockSpec {
        id: "saving",
        label: "Saving",
        plural: "Savings",
        table: "saving",
        scope: None,
        claim_kind: ClaimKind::General,
        headline: "statement",
        fields: &[STATEMENT],
        checks: &[],
        claim: true,
    },
    BlockSpec {
        id: "funding",
        label: "Funding or procurement route",
        plural: "Funding and procurement",
        table: "funding_route",
        scope: None,
        claim_kind: ClaimKind::General,
        headline: "statement",
        fields: &[
            required("kind", "Kind of route", Input::Choice(funding_kinds)),
            STATEMENT,
            AMOUNT_LOW,
            AMOUNT_HIGH,
            field("unit", "Unit, as the source says", Input::Text(200)),
            STATED_YEAR,
        ],
        checks: &[RANGE],
        claim: true,
    },
    BlockSpec {
        id: "regulatory",
        label: "Regulatory essential",
        plural: "Regulatory essentials",
        table: "regulatory_record",
        scope: None,
        claim_kind: ClaimKind::RegulatoryStatus,
        headline: "essential_id",
        fields: &[
            FieldSpec {
                fixed: true,
                ..required("essential_id", "Essential", Input::Choice(essentials))
            },
            required("status", "Status", Input::Choice(essential_statuses)),
            field(
                "reference",
                "Reference (certificate or registration number)",
                Input::Text(200),
            ),
            field("statement", "Statement", Input::Long(4000)),
        ],
        checks: &[],
        claim: true,
    },
    BlockSpec {
        id: "regulatory_evidence",
        label: "Regulatory record",
        plural: "Regulatory records",
        table: "regulatory_evidence",
        scope: None,
        claim_kind: ClaimKind::RegulatoryStatus,
        headline: "statement",
        fields: &[
            required(
                "kind",
                "Certificate or registration",
                Input::Choice(regulatory_kinds),
            ),
            required(
                "status",
                "What the record says",
                Input::Choice(record_statuses),
            ),
            STATEMENT,
        ],
        checks: &[],
        claim: true,
    },
    BlockSpec {
        id: "nice",
        label: "NICE guidance",
        plural: "NICE guidance",
        table: "nice_guidance",
        scope: None,
        claim_kind: ClaimKind::NiceStatus,
        headline: "guidance_ref",
        fields: &[
            required("guidance_ref", "Reference (e.g. MTG32)", Input::NiceRef),
            required("guidance_type", "Type", Input::Choice(guidance_types)),
            FieldSpec {
                companion: Some("title_verified"),
                ..field("title", "Title", Input::Text(500))
            },
            FieldSpec {
                companion: Some("published_verified"),
                ..field(
                    "published",
                    "Published (YYYY-MM or YYYY-MM-DD)",
                    Input::Month,
                )
            },
            FieldSpec {
                companion: Some("recommendation_verified"),
                ..field("recommendation", "Recommendation", Input::Long(4000))
            },
        ],
        checks: &[],
        claim: true,
    },
    BlockSpec {
        id: "workforce",
        label: "Workforce requirement",
        plural: "Workforce and skills",
        table: "workforce_requirement",
        scope: None,
        claim_kind: ClaimKind::General,
        headline: "statement",
        fields: &[
            field("role", "Roles", Input::Text(300)),
            field("fte", "Whole-time equivalents", Input::Decimal(9999.0)),
            field("training_hours", "Training hours", Input::Decimal(99999.0)),
            STATEMENT,
        ],
        checks: &[],
        claim: true,
    },
    BlockSpec {
        id: "it",
        label: "IT requirement",
        plural: "IT infrastructure",
        table: "infrastructure_requirement",
        scope: Some(("kind", "it")),
        claim_kind: ClaimKind::General,
        headline: "statement",
        fields: &[
            STATEMENT,
            field(
                "standards",
                "Integration standards (comma-separated, e.g. FHIR, DICOM)",
                Input::List,
            ),
            field("hosting", "Hosting", Input::Choice(hostings)),
            field(
                "data_location",
                "Where the data is held",
                Input::Choice(data_locations),
            ),
        ],
        checks: &[],
        claim: true,
    },
    BlockSpec {
        id: "estates",
        label: "Estates requirement",
        plural: "Estates",
        table: "infrastructure_requirement",
        scope: Some(("kind", "estates")),
        claim_kind: ClaimKind::General,
        headline: "statement",
        fields: &[STATEMENT],
        checks: &[],
        claim: true,
    },
    BlockSpec {
        id: "deployment",
        label: "Deployment",
        plural: "Deployments",
        table: "deployment",
        scope: None,
        claim_kind: ClaimKind::General,
        headline: "site",
        fields: &[
            required("site", "Organisation or site", Input::Text(300)),
            required(
                "kind",
                "What the record is",
                Input::Choice(deployment_kinds),
            ),
            FieldSpec {
                companion: Some("icb_verified"),
                ..field("icb_ods_code", "ICB code (e.g. QWE)", Input::Icb)
            },
            field("stage_id", "Stage", Input::Choice(stages)),
            field("status", "Status", Input::Choice(deployment_statuses)),
            field("stop_reason", "Why it stopped", Input::Text(500)),
            field(
                "go_live_on",
                "Go-live (YYYY, YYYY-MM or YYYY-MM-DD)",
                Input::PartialDate("go_live_precision"),
            ),
            field("scale", "Scale", Input::Text(500)),
            field("result", "Result", Input::Long(4000)),
        ],
        checks: &[Check::OnlyWhen {
            field: "stop_reason",
            other: "status",
            value: "stopped",
        }],
        claim: true,
    },
    BlockSpec {
        id: "pilot",
        label: "Pilot result",
        plural: "Pilot results",
        table: "pilot_result",
        scope: None,
        claim_kind: ClaimKind::General,
        headline: "metric",
        fields: &[
            required("site", "Site", Input::Text(300)),
            required("metric", "What was measured", Input::Text(500)),
            field("baseline", "Before", Input::Text(500)),
            required("result", "Result", Input::Text(1000)),
            field("period", "Period", Input::Text(200)),
            field("design", "Study design", Input::Text(300)),
            field("sample_size", "Sample size", Input::Text(200)),
            required(
                "independent",
                "Independently evaluated",
                Input::Choice(independence),
            ),
        ],
        checks: &[],
        claim: true,
    },
    BlockSpec {
        id: "evidence",
        label: "Evidence statement",
        plural: "Other evidence",
        table: "evidence_item",
        scope: None,
        claim_kind: ClaimKind::General,
        headline: "statement",
        fields: &[
            required("kind", "Kind (e.g. economic_modelling)", Input::Key),
            STATEMENT,
        ],
        checks: &[],
        claim: true,
    },
];

/// The block with `id` (a claim block or the technology).
pub fn block(id: &str) -> Option<&'static BlockSpec> {
    if id == TECHNOLOGY.id {
        return Some(&TECHNOLOGY);
    }
    CLAIM_BLOCKS.iter().find(|b| b.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn block_ids_are_unique_and_found() {
        let ids: HashSet<_> = CLAIM_BLOCKS.iter().map(|b| b.id).collect();
        assert_eq!(ids.len(), CLAIM_BLOCKS.len());
        for b in &CLAIM_BLOCKS {
            assert_eq!(block(b.id).map(|x| x.table), Some(b.table));
            assert!(b.claim);
        }
        assert_eq!(block("technology").map(|b| b.id), Some(TECHNOLOGY.id));
        assert!(block("costs").is_none());
    }

    #[test]
    fn every_headline_and_check_names_a_column_of_the_block() {
        for b in CLAIM_BLOCKS.iter().chain([&TECHNOLOGY]) {
            assert!(b.field(b.headline).is_some(), "{}: {}", b.id, b.headline);
            let names: HashSet<_> = b.fields.iter().map(|f| f.name).collect();
            assert_eq!(names.len(), b.fields.len(), "{}: a field twice", b.id);
            for c in b.checks {
                for name in c.fields() {
                    assert!(b.field(name).is_some(), "{}: {name}", b.id);
                }
            }
        }
    }

    #[test]
    fn every_choice_offers_values() {
        for b in CLAIM_BLOCKS.iter() {
            for f in b.fields {
                if let Input::Choice(options) = f.input {
                    assert!(!options().is_empty(), "{}.{}", b.id, f.name);
                }
            }
        }
    }
}
