//! Claims as the pages show them: each value with its provenance and freshness.

use super::{
    CostKind, CostPeriod, DataLocation, DeploymentKind, Freshness, FundingKind, Hosting, Money,
    Nation, NiceGuidanceType, PartialDate, RecordStatus, RegulatoryKind, SourceKind, Standing,
    UnitBasis, Vat, VerifiedText,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a claim comes from and how fresh it is (computed by the server for today).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Source reference (URL without scheme, or a description).
    pub source: String,
    /// Seen in the source.
    pub verified: bool,
    /// When verified.
    pub verified_on: Option<NaiveDate>,
    /// When due a re-check.
    pub recheck_by: Option<NaiveDate>,
    /// Qualification.
    pub note: Option<String>,
    /// Re-check state today.
    pub freshness: Freshness,
    /// The kinds of its sources (sorted).
    #[serde(default)]
    pub source_kinds: Vec<SourceKind>,
    /// The kinds were read from the source address, not given by the data.
    #[serde(default)]
    pub kinds_derived: bool,
    /// The claim's block and id, when it is one stored record (for "Suggest
    /// a correction").
    #[serde(default)]
    pub claim: Option<(String, i64)>,
}

/// A value with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim<T> {
    /// The claim itself.
    pub value: T,
    /// Its provenance.
    pub provenance: Provenance,
}

/// A benefit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitItem {
    /// e.g. `workforce_time`.
    pub domain: String,
    /// The claim.
    pub statement: String,
}

/// A workforce or skills requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkforceItem {
    /// Roles.
    pub role: Option<String>,
    /// Training hours as stated.
    pub training_hours: Option<String>,
    /// The claim.
    pub statement: String,
}

impl WorkforceItem {
    /// The documented training time per person in hundredths of an hour
    /// (`"1"` → 100, `"1.5"` → 150); `None` when not documented or not a plain
    /// number with at most two decimals.
    pub fn training_centihours(&self) -> Option<u64> {
        let text = self.training_hours.as_deref()?.trim();
        let (whole, part) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 6 || part.len() > 2 || !digits(whole) || !digits(part)
        {
            return None;
        }
        let fraction = format!("{part:0<2}").parse::<u64>().ok()?;
        Some(whole.parse::<u64>().ok()? * 100 + fraction)
    }
}

/// Hundredths of an hour as written: `100` → "1", `150` → "1.5".
pub fn hours_label(centihours: u64) -> String {
    let (whole, part) = (centihours / 100, centihours % 100);
    match part {
        0 => whole.to_string(),
        p if p % 10 == 0 => format!("{whole}.{}", p / 10),
        p => format!("{whole}.{p:02}"),
    }
}

/// An IT or estates requirement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfraItem {
    /// The claim.
    pub statement: String,
    /// Integration standards: as the source lists them when `standards_stated`,
    /// otherwise the names found in the statement.
    pub standards: Vec<String>,
    /// `standards` is what the source lists.
    #[serde(default)]
    pub standards_stated: bool,
    /// Where it is hosted, where stated.
    #[serde(default)]
    pub hosting: Option<Hosting>,
    /// Where the data is held, where stated.
    #[serde(default)]
    pub data_location: Option<DataLocation>,
}

/// A cost as stated, with its structured reading where the source gives one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostItem {
    /// The claim as written.
    pub statement: String,
    /// What it is for.
    pub kind: Option<CostKind>,
    /// The amount or range.
    pub amount: Option<Money>,
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
}

impl CostItem {
    /// A price stated more than 3 years before `this_year`: "stated in 2018: may
    /// be out of date".
    pub fn age_warning(&self, this_year: i32) -> Option<String> {
        let year = self.stated_year?;
        (this_year - year > 3).then(|| format!("stated in {year}: may be out of date"))
    }

    /// The structured facts in words: "£24 · person · a year · zero-rated for VAT · stated in 2018".
    pub fn facts(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(kind) = self.kind {
            out.push(kind.label().to_owned());
        }
        if let Some(m) = self.amount {
            out.push(m.text());
        }
        if let Some(unit) = &self.unit {
            out.push(format!("per {unit}"));
        }
        if let Some(p) = self.period {
            out.push(p.label().to_owned());
        }
        if let Some(v) = self.vat {
            out.push(v.label().to_owned());
        }
        if let Some(y) = self.stated_year {
            out.push(format!("stated in {y}"));
        }
        out
    }
}

/// How others paid for or bought a technology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingItem {
    /// The claim.
    pub statement: String,
    /// What kind of route.
    pub kind: FundingKind,
    /// The value, where stated.
    pub amount: Option<Money>,
    /// What the value is for, as the source words it.
    pub unit: Option<String>,
    /// The year stated.
    pub stated_year: Option<i32>,
}

/// A certificate, registration or finding as a source states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegulatoryRecordItem {
    /// The claim.
    pub statement: String,
    /// What it is about.
    pub kind: RegulatoryKind,
    /// What it says.
    pub status: RecordStatus,
}

/// Public sources were searched for a block on a date and nothing was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRecord {
    /// The reference data's key of the block (`costs`, `regulatory_records`…).
    pub block: String,
    /// When.
    pub searched_on: NaiveDate,
    /// What was looked for, where recorded.
    pub detail: Option<String>,
}

impl SearchRecord {
    /// "Public sources were searched for this on 1 December 2026 and nothing was
    /// found (detail)."
    pub fn sentence(&self) -> String {
        let on = super::long_date(self.searched_on);
        match &self.detail {
            Some(d) => format!(
                "Public sources were searched for this on {on} and nothing was found ({d})."
            ),
            None => format!("Public sources were searched for this on {on} and nothing was found."),
        }
    }
}

/// A NICE guidance record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NiceItem {
    /// e.g. `MTG32`.
    pub reference: String,
    /// Type.
    pub guidance_type: NiceGuidanceType,
    /// Title.
    pub title: VerifiedText,
    /// Published (`YYYY-MM-DD` or `YYYY-MM`).
    pub published: VerifiedText,
    /// Recommendation.
    pub recommendation: VerifiedText,
}

/// A deployment record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentItem {
    /// Organisation or site.
    pub site: String,
    /// What the record is.
    pub kind: DeploymentKind,
    /// ICB code, where recorded.
    pub icb_ods_code: Option<String>,
    /// ICB name (from the ICB table when the code is known).
    pub icb_name: Option<String>,
    /// Whether the ICB mapping was seen in the source.
    pub icb_verified: bool,
    /// Why the mapping is qualified.
    pub icb_note: Option<String>,
    /// Region name, where the ICB is known.
    pub region_name: Option<String>,
    /// Care setting label, where recorded.
    pub setting: Option<String>,
    /// Stage label (one of the four stages), where recorded.
    pub stage: Option<String>,
    /// live / paused / stopped, where recorded.
    pub status: Option<String>,
    /// Why it stopped, where recorded.
    pub stop_reason: Option<String>,
    /// Start or go-live, as precise as recorded.
    pub go_live: Option<PartialDate>,
    /// The stage and status are the analyst's reading of the source.
    #[serde(default)]
    pub stage_status_inferred: bool,
    /// Outside England: the UK nation (never an English ICB).
    #[serde(default)]
    pub nation: Option<Nation>,
    /// Sites, population or users, as written.
    pub scale: Option<String>,
    /// Result as written.
    pub result: Option<String>,
}

impl DeploymentItem {
    /// "Live", "Paused" or "Stopped: reason"; `None` when not recorded.
    pub fn status_text(&self) -> Option<String> {
        status_text(self.status.as_deref(), self.stop_reason.as_deref())
    }
}

/// A deployment status as people read it, with the reason when stopped.
pub fn status_text(status: Option<&str>, stop_reason: Option<&str>) -> Option<String> {
    let label = match status? {
        "live" => "Live",
        "paused" => "Paused",
        "stopped" => "Stopped",
        other => other,
    };
    Some(match stop_reason {
        Some(why) => format!("{label}: {why}"),
        None => label.to_owned(),
    })
}

/// A pilot result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PilotItem {
    /// Site.
    pub site: String,
    /// Metric.
    pub metric: String,
    /// Baseline.
    pub baseline: Option<String>,
    /// Result.
    pub result: String,
    /// Period.
    pub period: Option<String>,
    /// Design.
    pub design: Option<String>,
    /// Sample size, as written.
    pub sample_size: Option<String>,
    /// `yes`, `no` or `unknown`.
    pub independent: String,
}

impl PilotItem {
    /// The independent-evaluation answer as people read it.
    pub fn independent_label(&self) -> &'static str {
        match self.independent.as_str() {
            "yes" => "Yes",
            "no" => "No (company-authored or company-reported)",
            _ => "Unknown",
        }
    }
}

/// Another evidence statement (`kind` as in the reference data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    /// e.g. `benefit_context`.
    pub kind: String,
    /// The statement.
    pub statement: String,
}

impl EvidenceItem {
    /// A heading for the kind.
    pub fn kind_label(&self) -> &'static str {
        match self.kind.as_str() {
            "benefit_context" => "Context for the benefits",
            "benefit_evidence" => "Evidence for the benefits",
            "benefit_estimate" => "Estimated reach",
            "economic_modelling" => "Economic modelling",
            "national_context" => "National context",
            "infrastructure" => "Infrastructure (summary)",
            "regulatory_expectation" => "Regulatory expectation",
            "nice_status" => "NICE status",
            "controversy" => "Concerns raised",
            _ => "Note",
        }
    }
}

/// One row of the regulatory checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegulatoryRow {
    /// Essential id.
    pub essential_id: String,
    /// Its name.
    pub essential_name: String,
    /// The record of the first reference file, if any (status, statement, provenance).
    pub record: Option<Claim<RegulatoryStatus>>,
    /// The standing by the checklist rule.
    pub standing: Standing,
}

/// A technology's status against one essential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegulatoryStatus {
    /// `met`, `not_met` or `not_documented`.
    pub status: String,
    /// What the source says.
    pub statement: Option<String>,
}

/// The essentials shown as a checklist on every technology page, in order. The
/// other items of `regulatory_essentials.json` are frameworks or guidance that
/// describe rather than certify (e.g. NICE guidance types).
pub const CHECKLIST_ESSENTIALS: [&str; 10] = [
    "uk_mdr_mhra",
    "dtac",
    "dcb0129",
    "dcb0160",
    "dspt",
    "dpia",
    "cyber_essentials",
    "iso_13485",
    "iec_62304",
    "wcag",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_hours_read_as_hundredths_of_an_hour() {
        let item = |h: Option<&str>| WorkforceItem {
            role: None,
            training_hours: h.map(str::to_owned),
            statement: String::new(),
        };
        assert_eq!(item(Some("1")).training_centihours(), Some(100));
        assert_eq!(item(Some(" 1.5 ")).training_centihours(), Some(150));
        assert_eq!(item(Some("0.25")).training_centihours(), Some(25));
        for bad in [
            None,
            Some(""),
            Some("-1"),
            Some("1.234"),
            Some("an hour"),
            Some(".5"),
        ] {
            assert_eq!(item(bad).training_centihours(), None, "{bad:?}");
        }
        assert_eq!(hours_label(100), "1");
        assert_eq!(hours_label(150), "1.5");
        assert_eq!(hours_label(25), "0.25");
    }

    #[test]
    fn status_reads_plainly_with_the_stop_reason() {
        assert_eq!(status_text(None, None), None);
        assert_eq!(status_text(Some("live"), None).as_deref(), Some("Live"));
        assert_eq!(status_text(Some("paused"), None).as_deref(), Some("Paused"));
        assert_eq!(
            status_text(Some("stopped"), Some("contract ended")).as_deref(),
            Some("Stopped: contract ended")
        );
    }
}
