//! What a claim rests on: the kind of each source (NICE, an NHS organisation, a
//! regulator's register, research, a Health Innovation Network, the press, the
//! supplier…), how to read it from a source address when the reference data
//! does not say, and the shares of a technology's claims that rest on
//! independent, secondary or only the supplier's sources.

use super::vocab::vocabulary;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

vocabulary! {
    /// The kind of one source, as `meta.enriched_v2` enumerates them; the label
    /// says it in words.
    SourceKind {
        /// nice.org.uk.
        Nice = "nice" => "NICE",
        /// A regulator or its register (MHRA, FDA databases, CQC, SHTG…).
        Regulator = "regulator" => "regulator's register",
        /// An NHS organisation.
        Nhs = "nhs" => "NHS organisation",
        /// A Health Innovation Network (formerly AHSN).
        HealthInnovationNetwork = "health_innovation_network" => "Health Innovation Network",
        /// A research paper or trial registry.
        Research = "research" => "research paper or trial registry",
        /// A press report.
        Press = "press" => "press report",
        /// The supplier's own statement.
        Supplier = "supplier" => "supplier's own statement",
        /// The supplier's G-Cloud listing (written by the supplier).
        SupplierListing = "supplier_listing" => "supplier's G-Cloud listing",
        /// Any other website.
        Other = "other" => "other website",
    }
}

/// How far a source is from the supplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reliance {
    /// NICE, a regulator, the NHS, research or a Health Innovation Network.
    Independent,
    /// The press or another website.
    Secondary,
    /// The supplier alone.
    Supplier,
}

impl SourceKind {
    /// Independent, secondary or the supplier.
    pub fn reliance(self) -> Reliance {
        match self {
            Self::Nice
            | Self::Regulator
            | Self::Nhs
            | Self::HealthInnovationNetwork
            | Self::Research => Reliance::Independent,
            Self::Press | Self::Other => Reliance::Secondary,
            Self::Supplier | Self::SupplierListing => Reliance::Supplier,
        }
    }
}

/// The kinds of a claim's sources, sorted and without repeats.
pub fn normalise_kinds(kinds: impl IntoIterator<Item = SourceKind>) -> Vec<SourceKind> {
    let mut out: Vec<SourceKind> = kinds.into_iter().collect();
    out.sort();
    out.dedup();
    out
}

/// What a claim with these source kinds rests on: independent if any source
/// is, else secondary if any is, else the supplier alone; `None` without kinds.
pub fn reliance_of(kinds: &[SourceKind]) -> Option<Reliance> {
    let has = |r| kinds.iter().any(|k| k.reliance() == r);
    if has(Reliance::Independent) {
        Some(Reliance::Independent)
    } else if has(Reliance::Secondary) {
        Some(Reliance::Secondary)
    } else if has(Reliance::Supplier) {
        Some(Reliance::Supplier)
    } else {
        None
    }
}

/// Whether a claim rests only on the supplier's own words (its site or its
/// G-Cloud listing): shown with a "Supplier's statement" tag.
pub fn supplier_only(kinds: &[SourceKind]) -> bool {
    reliance_of(kinds) == Some(Reliance::Supplier)
}

/// "NICE; press report".
pub fn kinds_text(kinds: &[SourceKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("; ")
}

/// How many of a set of claims rest on each kind of reliance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelianceShares {
    /// Claims with at least one independent source.
    pub independent: u32,
    /// Claims with a secondary source and no independent one.
    pub secondary: u32,
    /// Claims resting on the supplier alone.
    pub supplier: u32,
    /// Claims whose sources' kinds are not known.
    pub unknown: u32,
}

impl RelianceShares {
    /// Counts each claim's reliance.
    pub fn add(&mut self, kinds: &[SourceKind]) {
        match reliance_of(kinds) {
            Some(Reliance::Independent) => self.independent += 1,
            Some(Reliance::Secondary) => self.secondary += 1,
            Some(Reliance::Supplier) => self.supplier += 1,
            None => self.unknown += 1,
        }
    }

    /// All claims counted.
    pub fn total(&self) -> u32 {
        self.independent + self.secondary + self.supplier + self.unknown
    }

    /// A count as a whole percentage of the total ("0" when there are none).
    pub fn percent(&self, n: u32) -> u32 {
        match self.total() {
            0 => 0,
            t => ((u64::from(n) * 100 + u64::from(t) / 2) / u64::from(t)) as u32,
        }
    }

    /// "62% independent, 25% secondary, 13% the supplier alone (of 40 claims)".
    pub fn summary(&self) -> String {
        if self.total() == 0 {
            return "No claims recorded".to_owned();
        }
        let mut text = format!(
            "{}% independent, {}% secondary, {}% the supplier alone",
            self.percent(self.independent),
            self.percent(self.secondary),
            self.percent(self.supplier)
        );
        if self.unknown > 0 {
            text.push_str(&format!(", {}% not known", self.percent(self.unknown)));
        }
        text.push_str(&format!(" (of {} claims)", self.total()));
        text
    }
}

/// The addresses in a claim's `source` (several are separated by `;`).
pub fn source_addresses(source: &str) -> impl Iterator<Item = &str> {
    source.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// The host of a source address, lowercased, without scheme or `www.`; `None`
/// for the `github:owner/repo path` notation or text that is not an address.
pub fn host_of(address: &str) -> Option<String> {
    let a = address.trim();
    if a.starts_with("github:") {
        return None;
    }
    let a = a
        .strip_prefix("https://")
        .or_else(|| a.strip_prefix("http://"))
        .unwrap_or(a);
    let host = a.split(['/', '?', '#', ' ']).next()?.trim_end_matches('.');
    if !host.contains('.') || host.contains(char::is_whitespace) {
        return None;
    }
    let host = host.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

/// Reads source kinds from addresses where the reference data does not give
/// them. It uses, in order: the kinds the same file gives for the same host
/// (learned from the newer items, [`KindRules::learn`]), then fixed rules for
/// NICE, regulators, Health Innovation Networks, the NHS and research hosts,
/// the supplier's own site (a host naming the product or supplier), known press
/// hosts, and otherwise "other website".
#[derive(Debug, Clone, Default)]
pub struct KindRules {
    learned: HashMap<String, SourceKind>,
}

const REGULATOR_HOSTS: [&str; 8] = [
    "fda.gov",
    "innolitics.com",
    "cqc.org.uk",
    "mhra",
    "gov.uk",
    "shtg.scot",
    "inahta",
    "healthcareimprovementscotland",
];
const HIN_HOSTS: [&str; 9] = [
    "ahsn",
    "healthinnovation",
    "healthinnowest",
    "uclpartners",
    "digitalhealth.london",
    "nhsaccelerator",
    "sctt.org.uk",
    "ahsc.org",
    "innovationagency",
];
const RESEARCH_HOSTS: [&str; 30] = [
    "ncbi.nlm.nih.gov",
    "pubmed",
    "doi.org",
    "bmj.com",
    "thelancet",
    "jmir.org",
    "nature.com",
    "springer",
    "wiley",
    "biomedcentral",
    "medrxiv",
    "arxiv",
    "isrctn",
    "clinicaltrials.gov",
    ".ac.uk",
    "jamanetwork",
    "dovepress",
    "elsevier",
    "frontiersin",
    "sciencedirect",
    "tandfonline",
    "researchgate",
    "openrepository",
    "nihr",
    "plos",
    "mdpi",
    "sagepub",
    "europepmc",
    "ahajournals",
    "ersjournals",
];
const PRESS_HOSTS: [&str; 24] = [
    "digitalhealth.net",
    "htn.co.uk",
    "hsj.co.uk",
    "pharmaphorum",
    "pharmatimes",
    "bbc.co",
    "theguardian",
    "telegraph",
    "healthtechdigital",
    "healthcare-management.uk",
    "med-technews",
    "mobihealthnews",
    "healthbusinessuk",
    "nationalhealthexecutive",
    "buildingbetterhealthcare",
    "openaccessgovernment",
    "publictechnology",
    "computerworld",
    "hospitalmanagement",
    "nsmedicaldevices",
    "pulsetoday",
    "nursingtimes",
    "healthcareitnews",
    "news",
];
/// Words too common in names to identify a supplier's site.
const NAME_STOPWORDS: [&str; 16] = [
    "health",
    "digital",
    "care",
    "systems",
    "system",
    "technologies",
    "technology",
    "medical",
    "limited",
    "group",
    "solutions",
    "software",
    "platform",
    "services",
    "clinical",
    "therapy",
];

impl KindRules {
    /// Learns host → kind from addresses whose kinds the data gives: a claim with
    /// one address and one kind. A host seen with two different kinds is not used.
    pub fn learn<'a>(examples: impl IntoIterator<Item = (&'a str, &'a [SourceKind])>) -> Self {
        let mut seen: HashMap<String, Option<SourceKind>> = HashMap::new();
        for (source, kinds) in examples {
            let addresses: Vec<&str> = source_addresses(source).collect();
            let ([address], [kind]) = (addresses.as_slice(), kinds) else {
                continue;
            };
            let Some(host) = host_of(address) else {
                continue;
            };
            seen.entry(host)
                .and_modify(|k| {
                    if *k != Some(*kind) {
                        *k = None;
                    }
                })
                .or_insert(Some(*kind));
        }
        Self {
            learned: seen
                .into_iter()
                .filter_map(|(h, k)| Some((h, k?)))
                .collect(),
        }
    }

    /// The kind of one address for a technology called `names` (product and
    /// supplier names).
    pub fn kind_of(&self, address: &str, names: &[&str]) -> SourceKind {
        let Some(host) = host_of(address) else {
            return SourceKind::Other;
        };
        if let Some(k) = self.learned.get(&host) {
            return *k;
        }
        let has = |list: &[&str]| list.iter().any(|p| host.contains(p));
        if host.contains("digitalmarketplace.service.gov.uk") {
            SourceKind::SupplierListing
        } else if host == "nice.org.uk" || host.ends_with(".nice.org.uk") {
            SourceKind::Nice
        } else if has(&REGULATOR_HOSTS) {
            SourceKind::Regulator
        } else if has(&HIN_HOSTS) {
            SourceKind::HealthInnovationNetwork
        } else if host.ends_with(".nhs.uk")
            || host == "nhs.uk"
            || host.contains(".nhs.")
            || host.ends_with("nhs.scot")
            || host.ends_with("nhs.wales")
            || host.ends_with("hscni.net")
        {
            SourceKind::Nhs
        } else if names_supplier(&host, names) {
            SourceKind::Supplier
        } else if has(&RESEARCH_HOSTS) || host.contains("trial") {
            SourceKind::Research
        } else if has(&PRESS_HOSTS) {
            SourceKind::Press
        } else {
            SourceKind::Other
        }
    }

    /// The kinds of every address in `source`.
    pub fn kinds_of(&self, source: &str, names: &[&str]) -> Vec<SourceKind> {
        let kinds = normalise_kinds(source_addresses(source).map(|a| self.kind_of(a, names)));
        if kinds.is_empty() {
            vec![SourceKind::Other]
        } else {
            kinds
        }
    }
}

/// Whether `host` carries a distinctive word of the product or supplier name
/// ("skin-analytics.com" for Skin Analytics, "oviva.com" for Oviva).
fn names_supplier(host: &str, names: &[&str]) -> bool {
    let squashed: String = host.chars().filter(char::is_ascii_alphanumeric).collect();
    let joined: Vec<String> = names
        .iter()
        .map(|n| {
            n.to_ascii_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect()
        })
        .collect();
    let words = names.iter().flat_map(|n| {
        n.split(|c: char| !c.is_ascii_alphanumeric())
            .map(str::to_ascii_lowercase)
            .filter(|w| w.len() >= 4 && !NAME_STOPWORDS.contains(&w.as_str()))
            .collect::<Vec<_>>()
    });
    joined
        .iter()
        .any(|j| j.len() >= 4 && squashed.contains(j.as_str()))
        || words.into_iter().any(|w| squashed.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use SourceKind::*;

    #[test]
    fn ids_round_trip() {
        for k in SourceKind::ALL {
            assert_eq!(SourceKind::parse(k.id()), Some(*k));
        }
        assert_eq!(SourceKind::parse("blog"), None);
    }

    #[test]
    fn reliance_prefers_the_most_independent_source() {
        assert_eq!(reliance_of(&[Press, Nice]), Some(Reliance::Independent));
        assert_eq!(reliance_of(&[Supplier, Other]), Some(Reliance::Secondary));
        assert_eq!(
            reliance_of(&[Supplier, SupplierListing]),
            Some(Reliance::Supplier)
        );
        assert_eq!(reliance_of(&[]), None);
        assert!(supplier_only(&[SupplierListing]));
        assert!(!supplier_only(&[SupplierListing, Press]));
    }

    #[test]
    fn shares_are_rounded_percentages_of_all_claims() {
        let mut s = RelianceShares::default();
        for kinds in [&[Nice][..], &[Nhs], &[Press], &[Supplier]] {
            s.add(kinds);
        }
        assert_eq!((s.independent, s.secondary, s.supplier), (2, 1, 1));
        assert_eq!(
            s.summary(),
            "50% independent, 25% secondary, 25% the supplier alone (of 4 claims)"
        );
        assert_eq!(RelianceShares::default().summary(), "No claims recorded");
    }

    #[test]
    fn hosts_drop_scheme_www_and_path() {
        assert_eq!(
            host_of("https://www.nice.org.uk/guidance/mtg32").as_deref(),
            Some("nice.org.uk")
        );
        assert_eq!(host_of("github:nhsx/open-cyber data/x.csv"), None);
        assert_eq!(host_of("Reference data record"), None);
    }

    #[test]
    fn fixed_rules_read_common_hosts() {
        let r = KindRules::default();
        let names = ["DERM", "Skin Analytics"];
        let cases = [
            ("www.nice.org.uk/guidance/hte24", Nice),
            ("www.england.nhs.uk/elective-care/x", Nhs),
            ("www.uhb.nhs.uk/news", Nhs),
            ("pmc.ncbi.nlm.nih.gov/articles/PMC1", Research),
            ("www.isrctn.com/ISRCTN1", Research),
            ("healthinnovationoxford.org/x", HealthInnovationNetwork),
            ("www.digitalhealth.net/2024/x", Press),
            ("skin-analytics.com/faq/", Supplier),
            (
                "www.applytosupply.digitalmarketplace.service.gov.uk/g-cloud/services/1",
                SupplierListing,
            ),
            ("510k.innolitics.com/search/K1", Regulator),
            ("www.gov.uk/government/news/x", Regulator),
            ("example.com/page", Other),
            ("github:owner/repo path", Other),
        ];
        for (address, kind) in cases {
            assert_eq!(r.kind_of(address, &names), kind, "{address}");
        }
    }

    #[test]
    fn learned_hosts_win_and_conflicting_ones_are_ignored() {
        let nice = [Nice];
        let press = [Press];
        let r = KindRules::learn([
            ("dev.littlesis.org/relationships/1", &nice[..]),
            ("example.com/a", &nice[..]),
            ("example.com/b", &press[..]),
        ]);
        assert_eq!(r.kind_of("dev.littlesis.org/other", &[]), Nice);
        assert_eq!(r.kind_of("example.com/c", &[]), Other);
        assert_eq!(
            r.kinds_of("www.nice.org.uk/x ; www.digitalhealth.net/y", &[]),
            vec![Nice, Press]
        );
    }
}
