//! The catalogue's facets, specified once. [`FACETS`] says, for each filter
//! group, its URL key, its legend, what it filters on (for the API's
//! documentation), which values its key accepts, the `catalogue_entry` column it
//! matches and whether that column holds many values, and where its options come
//! from. The URL codec ([`super::CatalogueQuery`]), the SQL matchers and counts
//! (`db::search`) and the filter panel are all derived from it; code names a
//! facet by [`FacetKey`], so a misspelt facet does not compile.

use super::{CHECKLIST_ESSENTIALS, NiceGuidanceType};
use serde::{Deserialize, Serialize};

/// How one facet's URL values are validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// A lowercase taxonomy id (`primary_care`) or digits (specialty codes).
    Id,
    /// An ODS code (`Y56`, `QRV`).
    Ods,
    /// One of a fixed list of (value, label), which are also its options.
    OneOf(&'static [(&'static str, &'static str)]),
    /// A NICE guidance type code (`MTG`).
    Nice,
}

impl Values {
    /// Whether `v` is a well-formed value (the catalogue may still not know it).
    pub fn accepts(self, v: &str) -> bool {
        match self {
            Self::Id => {
                !v.is_empty()
                    && v.len() <= 60
                    && v.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            }
            Self::Ods => {
                (2..=5).contains(&v.len())
                    && v.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            }
            Self::OneOf(list) => list.iter().any(|(value, _)| *value == v),
            Self::Nice => NiceGuidanceType::parse(v).is_some_and(|t| t.code() == v),
        }
    }

    /// The pattern a well-formed value matches, for the API's documentation
    /// (`None` for the listed kinds, whose values are documented instead).
    pub fn pattern(self) -> Option<&'static str> {
        match self {
            Self::Id => Some("^[a-z0-9_]{1,60}$"),
            Self::Ods => Some("^[A-Z0-9]{2,5}$"),
            Self::OneOf(_) | Self::Nice => None,
        }
    }

    /// Every value, for the listed kinds.
    pub fn listed(self) -> Option<Vec<&'static str>> {
        match self {
            Self::OneOf(list) => Some(list.iter().map(|(v, _)| *v).collect()),
            Self::Nice => Some(NiceGuidanceType::ALL.iter().map(|t| t.code()).collect()),
            Self::Id | Self::Ods => None,
        }
    }
}

/// Where a facet's options (and their labels) come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Options {
    /// A reference table: a query answering `value, label, position`.
    Table(&'static str),
    /// The list its [`Values::OneOf`] names.
    Listed,
    /// The NICE guidance types.
    NiceTypes,
    /// The essentials of the regulatory checklist.
    Essentials,
}

/// One facet's specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FacetSpec {
    /// Which facet.
    pub key: FacetKey,
    /// The URL key (and the facet's key in the API's answers).
    pub name: &'static str,
    /// The filter group's legend.
    pub label: &'static str,
    /// What it filters on, in words, for the API's documentation.
    pub meaning: &'static str,
    /// Which URL values are well-formed.
    pub values: Values,
    /// The `catalogue_entry` column it matches.
    pub column: &'static str,
    /// The column holds many values (a text array, matched by overlap); else
    /// one (matched by `= any`).
    pub multi: bool,
    /// Where the options come from.
    pub options: Options,
}

const YES_NO: &[(&str, &str)] = &[("yes", "Yes"), ("no", "No")];
const EVIDENCE: &[(&str, &str)] = &[
    ("routine", "NICE recommends for routine use"),
    ("early", "NICE early value assessment"),
    ("briefing", "NICE briefing only"),
    ("unclear", "NICE guidance, recommendation not recorded"),
    ("none", "No NICE recommendation"),
];
const VERIFICATION: &[(&str, &str)] = &[
    ("high", "80% or more verified"),
    ("medium", "50% to 80% verified"),
    ("low", "Under 50% verified"),
];

/// Declares [`FacetKey`] and [`FACETS`] from one list, so every key has
/// exactly one specification, in canonical URL order.
macro_rules! facet_table {
    ($($variant:ident { $($field:ident: $value:expr),* $(,)? }),* $(,)?) => {
        /// A catalogue facet. Serialised as its URL key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        #[serde(rename_all = "lowercase")]
        pub enum FacetKey { $($variant),* }

        /// Every facet, in canonical URL order (a [`FacetKey`]'s position).
        pub const FACETS: &[FacetSpec] = &[
            $(FacetSpec { key: FacetKey::$variant, $($field: $value),* }),*
        ];
    };
}

facet_table! {
    Type {
        name: "type",
        label: "Technology type",
        meaning: "Technology type id (reference.technology_types in /data/catalogue.json).",
        values: Values::Id,
        column: "type_id",
        multi: false,
        options: Options::Table("select id, label, 0 from technology_type"),
    },
    Setting {
        name: "setting",
        label: "Care setting",
        meaning: "Care setting id (reference.care_settings).",
        values: Values::Id,
        column: "settings",
        multi: true,
        options: Options::Table("select id, label, 0 from care_setting"),
    },
    Specialty {
        name: "specialty",
        label: "Clinical specialty",
        meaning: "Clinical specialty group id.",
        values: Values::Id,
        column: "specialties",
        multi: true,
        options: Options::Table("select id, label, position from specialty_group"),
    },
    Ai {
        name: "ai",
        label: "AI-enabled",
        meaning: "Whether it uses AI.",
        values: Values::OneOf(YES_NO),
        column: "ai",
        multi: false,
        options: Options::Listed,
    },
    Nice {
        name: "nice",
        label: "NICE guidance",
        meaning: "Has NICE guidance of this type.",
        values: Values::Nice,
        column: "nice",
        multi: true,
        options: Options::NiceTypes,
    },
    Reg {
        name: "reg",
        label: "Regulatory essential met (confirmed by a source other than the supplier)",
        meaning: "Meets this regulatory essential (reference.regulatory_essentials).",
        values: Values::Id,
        column: "reg",
        multi: true,
        options: Options::Essentials,
    },
    Deployed {
        name: "deployed",
        label: "Documented NHS deployment",
        meaning: "Has at least one documented NHS deployment.",
        values: Values::OneOf(YES_NO),
        column: "deployed",
        multi: false,
        options: Options::Listed,
    },
    Region {
        name: "region",
        label: "Adopted in region",
        meaning: "Deployed in this NHS England region (ODS code).",
        values: Values::Ods,
        column: "regions",
        multi: true,
        options: Options::Table("select ods_code, name, 0 from region"),
    },
    Icb {
        name: "icb",
        label: "Adopted in ICB",
        meaning: "Deployed in this ICB (ODS code).",
        values: Values::Ods,
        column: "icbs",
        multi: true,
        options: Options::Table("select ods_code, name, 0 from icb"),
    },
    Evidence {
        name: "evidence",
        label: "Evidence level",
        meaning: "Evidence level.",
        values: Values::OneOf(EVIDENCE),
        column: "evidence",
        multi: false,
        options: Options::Listed,
    },
    Verified {
        name: "verified",
        label: "Claims verified",
        meaning: "Share of its claims verified: high, medium or low.",
        values: Values::OneOf(VERIFICATION),
        column: "verification",
        multi: false,
        options: Options::Listed,
    },
}

/// How many facets there are.
pub const FACET_COUNT: usize = FACETS.len();

impl FacetKey {
    /// Its specification.
    pub fn spec(self) -> &'static FacetSpec {
        &FACETS[self as usize]
    }

    /// Its URL key.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The facet with this URL key.
    pub fn parse(name: &str) -> Option<Self> {
        FACETS.iter().find(|f| f.name == name).map(|f| f.key)
    }

    /// Every facet, in canonical order.
    pub fn all() -> impl Iterator<Item = Self> {
        FACETS.iter().map(|f| f.key)
    }
}

impl FacetSpec {
    /// The options that are not rows of a reference table, in display order
    /// (value, label); `None` for a table's.
    pub fn fixed_options(&self) -> Option<Vec<(String, String)>> {
        let owned = |(v, l): (&str, String)| (v.to_owned(), l);
        match self.options {
            Options::Table(_) => None,
            Options::Listed => Some(match self.values {
                Values::OneOf(list) => list
                    .iter()
                    .map(|(v, l)| owned((v, (*l).to_owned())))
                    .collect(),
                _ => Vec::new(),
            }),
            Options::NiceTypes => Some(
                NiceGuidanceType::ALL
                    .iter()
                    .map(|t| owned((t.code(), format!("{} ({})", t.label(), t.code()))))
                    .collect(),
            ),
            Options::Essentials => Some(
                CHECKLIST_ESSENTIALS
                    .iter()
                    .map(|id| owned((id, format!("{}: met", essential_short_label(id)))))
                    .collect(),
            ),
        }
    }
}

/// The values selected for each facet, in [`FACETS`] order: well-formed,
/// sorted and deduplicated once the parser has read them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters([Vec<String>; FACET_COUNT]);

impl Filters {
    /// The values of one facet.
    pub fn get(&self, key: FacetKey) -> &[String] {
        &self.0[key as usize]
    }

    /// Replaces the values of one facet.
    pub fn set(&mut self, key: FacetKey, values: Vec<String>) {
        self.0[key as usize] = values;
    }

    /// Each facet with its values, in canonical order.
    pub fn iter(&self) -> impl Iterator<Item = (FacetKey, &[String])> {
        FacetKey::all().map(|k| (k, self.get(k)))
    }
}

/// A reference-table label shortened for a filter list: examples in brackets
/// and the words every ICB name shares are left out ("NHS Kent and Medway
/// Integrated Care Board" → "Kent and Medway").
pub fn short_label(label: &str) -> String {
    let base = label.split(" (").next().unwrap_or(label);
    let base = base.strip_prefix("NHS ").unwrap_or(base);
    base.strip_suffix(" Integrated Care Board")
        .unwrap_or(base)
        .trim()
        .to_owned()
}

/// A short name for a regulatory essential in the filter list.
fn essential_short_label(id: &str) -> &str {
    match id {
        "uk_mdr_mhra" => "UKCA/CE marking (MHRA)",
        "dtac" => "DTAC",
        "dcb0129" => "DCB0129 clinical safety",
        "dcb0160" => "DCB0160 clinical safety",
        "dspt" => "DSPT",
        "dpia" => "DPIA",
        "cyber_essentials" => "Cyber Essentials",
        "iso_13485" => "ISO 13485",
        "iec_62304" => "IEC 62304",
        "wcag" => "WCAG accessibility",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_is_its_own_position_and_named_once() {
        for (i, spec) in FACETS.iter().enumerate() {
            assert_eq!(spec.key as usize, i, "{}", spec.name);
            assert_eq!(FacetKey::parse(spec.name), Some(spec.key));
            assert_eq!(
                serde_json::to_value(spec.key).expect("serialises"),
                serde_json::Value::String(spec.name.to_owned()),
                "the API names a facet by its URL key"
            );
        }
        let mut names: Vec<&str> = FACETS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FACET_COUNT);
        let mut columns: Vec<&str> = FACETS.iter().map(|f| f.column).collect();
        columns.sort_unstable();
        columns.dedup();
        assert_eq!(columns.len(), FACET_COUNT, "one column per facet");
        assert_eq!(FacetKey::parse("verification"), None);
    }

    #[test]
    fn fixed_options_are_values_the_facet_accepts() {
        for spec in FACETS {
            let Some(options) = spec.fixed_options() else {
                assert!(matches!(spec.options, Options::Table(_)), "{}", spec.name);
                continue;
            };
            assert!(!options.is_empty(), "{}", spec.name);
            for (value, label) in options {
                assert!(spec.values.accepts(&value), "{}={value}", spec.name);
                assert!(!label.is_empty());
            }
        }
        let reg = FacetKey::Reg.spec().fixed_options().expect("listed");
        assert_eq!(reg.len(), CHECKLIST_ESSENTIALS.len());
        assert_eq!(reg[1], ("dtac".to_owned(), "DTAC: met".to_owned()));
        assert_eq!(
            FacetKey::Nice.spec().values.listed().map(|l| l.len()),
            Some(NiceGuidanceType::ALL.len())
        );
    }

    #[test]
    fn listed_options_come_from_the_values() {
        for spec in FACETS {
            if spec.options == Options::Listed {
                assert!(matches!(spec.values, Values::OneOf(_)), "{}", spec.name);
            }
        }
    }

    #[test]
    fn short_labels_drop_examples_and_shared_words() {
        assert_eq!(
            short_label("AI diagnostics - imaging (radiology, stroke, chest X-ray)"),
            "AI diagnostics - imaging"
        );
        assert_eq!(
            short_label("NHS Kent and Medway Integrated Care Board"),
            "Kent and Medway"
        );
        assert_eq!(short_label("London"), "London");
    }
}
