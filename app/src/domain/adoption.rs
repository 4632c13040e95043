//! Who has adopted what: the ICB directory grouped by region, an ICB's or a
//! region's documented NHS deployments, and the ICBs' public contact routes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An ICB in the directory with its adoption roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcbSummary {
    /// ODS code (`QRV`).
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// Catalogue technologies with a documented NHS deployment in this ICB.
    pub technologies: i64,
    /// Documented NHS deployments in this ICB (all stages and statuses).
    pub deployments: i64,
}

/// A region and its ICBs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionIcbs {
    /// Region ODS code (`Y56`).
    pub ods_code: String,
    /// Region name.
    pub name: String,
    /// Its ICBs, by name.
    pub icbs: Vec<IcbSummary>,
}

/// One predecessor of a merged ICB, as announced; the code only where given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Predecessor {
    /// As the announcement describes it.
    pub description: String,
    /// ODS code, when the announcement names one.
    pub ods_code: Option<String>,
}

/// An ICB change from April 2026.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcbChange {
    /// The successor's name as announced.
    pub successor: String,
    /// What kind of change.
    pub change_type: String,
    /// Region, where given.
    pub region: Option<String>,
    /// The ICBs it replaces.
    pub predecessors: Vec<Predecessor>,
    /// Where the change was announced.
    pub source: String,
}

/// `/icbs`: every region's ICBs and the 2026 changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcbDirectory {
    /// Regions by name.
    pub regions: Vec<RegionIcbs>,
    /// The April 2026 mergers.
    pub changes: Vec<IcbChange>,
}

/// An ICB's public organisational contact routes (not personal contacts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRoutes {
    /// Public website.
    pub website: Option<String>,
    /// Contact page.
    pub contact_page: Option<String>,
    /// Organisational enquiries mailbox.
    pub enquiries_email: Option<String>,
    /// Seen in the source.
    pub verified: bool,
    /// Where the routes come from.
    pub source: Option<String>,
    /// The reference data's note.
    pub note: Option<String>,
}

/// A documented NHS deployment as the ICB and region pages list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdoptionRecord {
    /// Technology slug.
    pub slug: String,
    /// Technology name.
    pub technology: String,
    /// Technology type label.
    pub technology_type: String,
    /// Organisation or site.
    pub site: String,
    /// ICB code and name, where recorded.
    pub icb: Option<(String, String)>,
    /// Stage label, where recorded.
    pub stage: Option<String>,
    /// `live`, `paused` or `stopped`, where recorded.
    pub status: Option<String>,
    /// Why it stopped.
    pub stop_reason: Option<String>,
    /// Start or go-live, as precise as recorded.
    pub go_live: Option<super::PartialDate>,
    /// The stage and status are the analyst's reading of the source.
    pub stage_status_inferred: bool,
    /// The ICB is inferred from the organisation's location, not stated.
    pub icb_inferred: bool,
    /// Sites, population or users, as written.
    pub scale: Option<String>,
    /// Headline result, where recorded.
    pub result: Option<String>,
    /// Source.
    pub source: String,
    /// Seen in the source.
    pub verified: bool,
    /// When verified.
    pub verified_on: Option<NaiveDate>,
}

/// `/icbs/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IcbProfile {
    /// ODS code.
    pub ods_code: String,
    /// Name.
    pub name: String,
    /// Region code and name.
    pub region: (String, String),
    /// Public routes, where known.
    pub contact: Option<ContactRoutes>,
    /// Its documented deployments, by technology type then technology.
    pub deployments: Vec<AdoptionRecord>,
}

/// `/regions/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionProfile {
    /// Its ICBs with their roll-ups.
    pub region: RegionIcbs,
    /// Documented deployments in its ICBs.
    pub deployments: Vec<AdoptionRecord>,
}

/// Records grouped by technology type, in their order.
pub fn by_type(records: &[AdoptionRecord]) -> Vec<(String, Vec<AdoptionRecord>)> {
    let mut groups: Vec<(String, Vec<AdoptionRecord>)> = Vec::new();
    for r in records {
        match groups.last_mut() {
            Some((t, list)) if *t == r.technology_type => list.push(r.clone()),
            _ => groups.push((r.technology_type.clone(), vec![r.clone()])),
        }
    }
    groups
}

/// Documented NHS deployments per region, most first (then by name), with the
/// ones whose region is not known last as "Region not recorded".
/// The line for deployments in Scotland, Wales and Northern Ireland.
pub const OTHER_NATIONS: &str = "Other UK nations";

pub fn deployments_by_region(
    deployments: &[super::Claim<super::DeploymentItem>],
) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let (mut unknown, mut nations) = (0, 0);
    for d in deployments
        .iter()
        .filter(|d| d.value.kind.counts_as_deployment())
    {
        match &d.value.region_name {
            Some(region) => match counts.iter_mut().find(|(r, _)| r == region) {
                Some((_, n)) => *n += 1,
                None => counts.push((region.clone(), 1)),
            },
            None if d.value.nation.is_some() => nations += 1,
            None => unknown += 1,
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // Outside England: never against an English region or ICB.
    if nations > 0 {
        counts.push((OTHER_NATIONS.to_owned(), nations));
    }
    if unknown > 0 {
        counts.push(("Region not recorded".to_owned(), unknown));
    }
    counts
}

/// Whether `code` looks like an ICB ODS code (`Q` and two letters or digits).
pub fn is_icb_code(code: &str) -> bool {
    code.len() == 3
        && code.starts_with('Q')
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Whether `code` looks like a region ODS code (`Y` and two digits).
pub fn is_region_code(code: &str) -> bool {
    code.len() == 3 && code.starts_with('Y') && code[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_before_any_lookup() {
        assert!(is_icb_code("QRV") && is_icb_code("Q3A"));
        assert!(!is_icb_code("qrv") && !is_icb_code("QR") && !is_icb_code("Y56"));
        assert!(is_region_code("Y56") && !is_region_code("Y5X") && !is_region_code("QRV"));
    }

    #[test]
    fn records_group_by_type_in_order() {
        let rec = |t: &str, name: &str| AdoptionRecord {
            slug: name.to_lowercase(),
            technology: name.into(),
            technology_type: t.into(),
            site: "Site".into(),
            icb: None,
            stage: None,
            status: None,
            stop_reason: None,
            go_live: None,
            stage_status_inferred: false,
            icb_inferred: false,
            scale: None,
            result: None,
            source: "s".into(),
            verified: false,
            verified_on: None,
        };
        let groups = by_type(&[rec("A", "X"), rec("A", "Y"), rec("B", "Z")]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].1.len(), 2);
        assert_eq!(groups[1].0, "B");
    }

    #[test]
    fn deployments_roll_up_by_region_with_unknown_last() {
        use crate::domain::{Claim, DeploymentItem, DeploymentKind, Freshness, Provenance};
        let d = |kind: DeploymentKind, region: Option<&str>| Claim {
            value: DeploymentItem {
                site: "s".into(),
                kind,
                icb_ods_code: None,
                icb_name: None,
                icb_verified: false,
                icb_note: None,
                region_name: region.map(str::to_owned),
                setting: None,
                stage: None,
                status: None,
                stop_reason: None,
                go_live: None,
                stage_status_inferred: false,
                nation: None,
                scale: None,
                result: None,
            },
            provenance: Provenance {
                source: "x".into(),
                verified: false,
                verified_on: None,
                recheck_by: None,
                note: None,
                freshness: Freshness::Unverified,
                source_kinds: Vec::new(),
                kinds_derived: false,
                claim: None,
            },
        };
        let mut scotland = d(DeploymentKind::NhsDeployment, None);
        scotland.value.nation = Some(crate::domain::Nation::Scotland);
        let counts = deployments_by_region(&[
            d(DeploymentKind::NhsDeployment, Some("London")),
            d(DeploymentKind::NhsDeployment, None),
            scotland,
            d(DeploymentKind::NhsDeployment, Some("Midlands")),
            d(DeploymentKind::NhsDeployment, Some("London")),
            d(DeploymentKind::NationalEstimate, Some("London")),
        ]);
        assert_eq!(
            counts,
            [
                ("London".to_owned(), 2),
                ("Midlands".to_owned(), 1),
                (OTHER_NATIONS.to_owned(), 1),
                ("Region not recorded".to_owned(), 1)
            ]
        );
    }
}
