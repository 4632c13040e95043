//! The controlled vocabularies of the reference data's structured fields
//! (`meta.enriched_v2` in `technologies.json`): cost kinds, bases and periods,
//! VAT, regulatory record kinds and statuses, funding kinds, nations and
//! hosting. Each is an enum whose ids are the file's, the database's and the
//! URL's; the importer refuses any other value, naming the allowed ones.

use serde::{Deserialize, Serialize};

/// Declares a vocabulary: the enum, `ALL`, `id()`, `parse()` and `label()`.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $id:literal => $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $id)] $variant,)+
        }

        impl $name {
            /// Every value, in the file's order.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The id in the reference data and the database.
            pub fn id(self) -> &'static str {
                match self { $(Self::$variant => $id,)+ }
            }

            /// The value with this id.
            pub fn parse(id: &str) -> Option<Self> {
                match id { $($id => Some(Self::$variant),)+ _ => None }
            }

            /// What it means, in words.
            pub fn label(self) -> &'static str {
                match self { $(Self::$variant => $label,)+ }
            }

            /// The ids, for error messages: `a, b or c`.
            pub fn expected() -> String {
                let ids: Vec<&str> = Self::ALL.iter().map(|v| v.id()).collect();
                match ids.split_last() {
                    Some((last, [])) => (*last).to_owned(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                }
            }
        }

        // Written out rather than derived: the derive does not see `serde(rename)`
        // through the macro, and this way each id's meaning is documented too.
        #[cfg(feature = "ssr")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let meanings: Vec<String> = Self::ALL
                    .iter()
                    .map(|v| format!("`{}`: {}", v.id(), v.label()))
                    .collect();
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::Type::String)
                    .enum_values(Some(Self::ALL.iter().map(|v| v.id())))
                    .description(Some(meanings.join("; ")))
                    .into()
            }
        }

        #[cfg(feature = "ssr")]
        impl utoipa::ToSchema for $name {}
    };
}

/// The macro, for the other vocabularies of the domain (source kinds).
pub(super) use vocabulary;

vocabulary! {
    /// What a cost is for.
    CostKind {
        /// A licence or price of use.
        Licence = "licence" => "Licence",
        /// Implementation.
        Implementation = "implementation" => "Implementation",
        /// Training.
        Training = "training" => "Training",
        /// Hardware.
        Hardware = "hardware" => "Hardware",
        /// Integration.
        Integration = "integration" => "Integration",
        /// Something else.
        Other = "other" => "Other cost",
        /// The cost difference an economic evaluation found: never totalled.
        IncrementalVsUsualCare = "incremental_vs_usual_care" => "Difference from usual care (economic evaluation)",
        /// A statement about pricing without a usable price: never totalled.
        PricingNote = "pricing_note" => "Note on pricing",
    }
}

impl CostKind {
    /// Whether an amount of this kind may ever be added into a total.
    pub fn totalled(self) -> bool {
        !matches!(self, Self::IncrementalVsUsualCare | Self::PricingNote)
    }
}

vocabulary! {
    /// What an amount multiplies.
    UnitBasis {
        /// The units a year (patients, tests, referrals…).
        PerUnit = "per_unit" => "per unit",
        /// The sites or services.
        PerSite = "per_site" => "per site or service",
        /// Not safely multipliable.
        Other = "other" => "unit not defined",
    }
}

vocabulary! {
    /// How often an amount is paid.
    CostPeriod {
        /// Once.
        OneOff = "one_off" => "one-off",
        /// Each year.
        Annual = "annual" => "a year",
        /// Each month.
        Monthly = "monthly" => "a month",
        /// Each use.
        PerUse = "per_use" => "each use",
        /// Each course of treatment.
        PerCourse = "per_course" => "each course",
    }
}

vocabulary! {
    /// Whether a price includes VAT.
    Vat {
        /// Excluding VAT.
        Ex = "ex" => "excluding VAT",
        /// Including VAT.
        Inc = "inc" => "including VAT",
        /// Zero-rated.
        Zero = "zero" => "zero-rated for VAT",
        /// Not stated.
        Unknown = "unknown" => "VAT basis not stated",
    }
}

vocabulary! {
    /// What a regulatory record is about.
    RegulatoryKind {
        /// UKCA marking.
        Ukca = "ukca" => "UKCA marking",
        /// CE marking.
        Ce = "ce" => "CE marking",
        /// MHRA registration.
        Mhra = "mhra" => "MHRA registration",
        /// US FDA clearance (another jurisdiction).
        Fda = "fda" => "US FDA clearance",
        /// DTAC.
        Dtac = "dtac" => "DTAC",
        /// DCB0129.
        Dcb0129 = "dcb0129" => "DCB0129 clinical safety",
        /// Cyber Essentials.
        CyberEssentials = "cyber_essentials" => "Cyber Essentials",
        /// DSPT.
        Dspt = "dspt" => "DSPT",
        /// Another certificate or finding.
        Other = "other" => "Other record",
    }
}

impl RegulatoryKind {
    /// The checklist essential this kind of record can meet; `None` for FDA
    /// (another jurisdiction) and other records, which never meet a UK one.
    pub fn essential(self) -> Option<&'static str> {
        match self {
            Self::Ukca | Self::Ce | Self::Mhra => Some("uk_mdr_mhra"),
            Self::Dtac => Some("dtac"),
            Self::Dcb0129 => Some("dcb0129"),
            Self::CyberEssentials => Some("cyber_essentials"),
            Self::Dspt => Some("dspt"),
            Self::Fda | Self::Other => None,
        }
    }
}

vocabulary! {
    /// What a regulatory record says.
    RecordStatus {
        /// The certificate or registration is held.
        Holds = "holds" => "holds",
        /// Not found on the register.
        NotHeld = "not_held" => "not found on the register",
        /// In progress.
        InProgress = "in_progress" => "in progress",
        /// No longer current.
        Historical = "historical" => "no longer current",
        /// A condition of use.
        Condition = "condition" => "condition of use",
        /// An assessment finding.
        Finding = "finding" => "assessment finding",
    }
}

vocabulary! {
    /// A technology's standing against one checklist essential (the rule is
    /// the `regulatory_standing` view; see migration 0009).
    Standing {
        /// A verified record that holds, resting on a source that is not the supplier's.
        Met = "met" => "Met",
        /// A record that holds, resting only on the supplier.
        SupplierSays = "supplier_says" => "Supplier says so, not independently confirmed",
        /// A record that it is not held.
        NotMet = "not_met" => "Not met",
        /// Something else recorded (in progress, a condition, a finding, unverified).
        Recorded = "recorded" => "Recorded, not confirmed as met",
        /// Nothing recorded.
        NotDocumented = "not_documented" => "Not yet documented",
    }
}

vocabulary! {
    /// How a technology was bought or paid for.
    FundingKind {
        /// A grant.
        Grant = "grant" => "Grant",
        /// National or regional programme funding.
        ProgrammeFunding = "programme_funding" => "Programme funding",
        /// A charity.
        Charity = "charity" => "Charity funding",
        /// A contract award.
        ContractAward = "contract_award" => "Contract award",
        /// A framework listing (e.g. G-Cloud).
        FrameworkListing = "framework_listing" => "Framework listing",
    }
}

vocabulary! {
    /// A UK nation outside England (outside the ICB system).
    Nation {
        /// NHS Scotland.
        Scotland = "scotland" => "Scotland",
        /// NHS Wales.
        Wales = "wales" => "Wales",
        /// Health and social care in Northern Ireland.
        NorthernIreland = "northern_ireland" => "Northern Ireland",
    }
}

vocabulary! {
    /// Where a system is hosted.
    Hosting {
        /// Cloud.
        Cloud = "cloud" => "Cloud",
        /// On the organisation's premises.
        OnPremise = "on_premise" => "On premises",
        /// Both.
        Hybrid = "hybrid" => "Hybrid (cloud and on premises)",
    }
}

vocabulary! {
    /// Where the data is held.
    DataLocation {
        /// United Kingdom.
        Uk = "UK" => "UK",
        /// European Union.
        Eu = "EU" => "EU",
        /// United States.
        Us = "US" => "US",
    }
}

vocabulary! {
    /// A deployment's stage.
    Stage {
        /// Pilot.
        Pilot = "pilot" => "Pilot",
        /// Evaluation.
        Evaluation = "evaluation" => "Evaluation",
        /// Scaling.
        Scaling = "scaling" => "Scaling",
        /// Business as usual.
        BusinessAsUsual = "business_as_usual" => "Business as usual",
    }
}

vocabulary! {
    /// A deployment's status.
    DeploymentStatus {
        /// Live.
        Live = "live" => "Live",
        /// Paused.
        Paused = "paused" => "Paused",
        /// Stopped.
        Stopped = "stopped" => "Stopped",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_list_for_errors() {
        for k in CostKind::ALL {
            assert_eq!(CostKind::parse(k.id()), Some(*k));
        }
        assert_eq!(CostKind::parse("subscription"), None);
        assert_eq!(Vat::expected(), "ex, inc, zero or unknown");
        assert_eq!(DataLocation::parse("UK"), Some(DataLocation::Uk));
    }

    #[test]
    fn only_uk_kinds_meet_an_essential() {
        assert_eq!(RegulatoryKind::Ukca.essential(), Some("uk_mdr_mhra"));
        assert_eq!(RegulatoryKind::Fda.essential(), None);
        assert_eq!(RegulatoryKind::Other.essential(), None);
        assert!(!CostKind::PricingNote.totalled());
        assert!(CostKind::Training.totalled());
    }
}
