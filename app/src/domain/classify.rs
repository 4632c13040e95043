//! Rules that derive catalogue facts from the reference data's wording. Each rule
//! is documented and tested here, and the UI says where a value is derived.

use serde::{Deserialize, Serialize};

/// What a deployment record is. Only `NhsDeployment` counts as a documented NHS
/// deployment (inclusion rule, counts, "adopted in" filters); the others are kept
/// and shown as what they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeploymentKind {
    /// A named NHS organisation, site or programme in the UK uses it.
    NhsDeployment,
    /// A national funding or commissioning programme (e.g. the MedTech Funding Mandate).
    NationalProgramme,
    /// A national estimate of potential use, not use.
    NationalEstimate,
    /// National context (e.g. a trial whose products are not confirmed).
    NationalContext,
    /// A total reported by the company.
    CompanyReported,
    /// An assessment the technology did not pass.
    FailedAssessment,
    /// A review of studies rather than a named site.
    EvidenceReview,
}

impl DeploymentKind {
    /// All kinds, in display order.
    pub const ALL: [Self; 7] = [
        Self::NhsDeployment,
        Self::NationalProgramme,
        Self::NationalEstimate,
        Self::NationalContext,
        Self::CompanyReported,
        Self::FailedAssessment,
        Self::EvidenceReview,
    ];

    /// The id stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NhsDeployment => "nhs_deployment",
            Self::NationalProgramme => "national_programme",
            Self::NationalEstimate => "national_estimate",
            Self::NationalContext => "national_context",
            Self::CompanyReported => "company_reported",
            Self::FailedAssessment => "failed_assessment",
            Self::EvidenceReview => "evidence_review",
        }
    }

    /// Parses a stored id.
    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == id)
    }

    /// Whether the record counts as a documented NHS deployment.
    pub fn counts_as_deployment(self) -> bool {
        matches!(self, Self::NhsDeployment)
    }

    /// How the record is described to users.
    pub fn label(self) -> &'static str {
        match self {
            Self::NhsDeployment => "NHS deployment",
            Self::NationalProgramme => "National programme",
            Self::NationalEstimate => "National estimate (not a deployment)",
            Self::NationalContext => "National context (not a deployment)",
            Self::CompanyReported => "Company-reported figure (not independently documented)",
            Self::FailedAssessment => "Assessment not passed",
            Self::EvidenceReview => "Evidence review (no named site)",
        }
    }

    /// Classifies a deployment record from its site and result wording. The rules
    /// look for the reference data's own labels; anything else is a deployment.
    pub fn classify(site: &str, result: &str) -> Self {
        let site_l = site.to_lowercase();
        let result_l = result.to_lowercase();
        if site_l.contains("national estimate") {
            Self::NationalEstimate
        } else if site_l.contains("national context") {
            Self::NationalContext
        } else if site_l.starts_with("company-reported") || site_l.contains("company-reported") {
            Self::CompanyReported
        } else if result_l.contains("not compliant") || result_l.contains("did not pass") {
            Self::FailedAssessment
        } else if site_l.contains("funding mandate") {
            Self::NationalProgramme
        } else if site_l.contains("studies") && site_l.contains("review") {
            Self::EvidenceReview
        } else {
            Self::NhsDeployment
        }
    }
}

/// NICE guidance types. The reference data writes early value assessments as
/// "HTE (early value assessment)"; only the code is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum NiceGuidanceType {
    /// Medical technologies guidance.
    #[serde(rename = "MTG")]
    Mtg,
    /// Diagnostics guidance.
    #[serde(rename = "DG")]
    Dg,
    /// HealthTech early value assessment (early use).
    #[serde(rename = "HTE")]
    Hte,
    /// HealthTech guidance.
    #[serde(rename = "HTG")]
    Htg,
    /// Medtech innovation briefing (no recommendation).
    #[serde(rename = "MIB")]
    Mib,
    /// Interventional procedures guidance.
    #[serde(rename = "IPG")]
    Ipg,
    /// Technology appraisal.
    #[serde(rename = "TA")]
    Ta,
}

impl NiceGuidanceType {
    /// All types.
    pub const ALL: [Self; 7] = [
        Self::Mtg,
        Self::Dg,
        Self::Hte,
        Self::Htg,
        Self::Mib,
        Self::Ipg,
        Self::Ta,
    ];

    /// The code, e.g. `MTG`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Mtg => "MTG",
            Self::Dg => "DG",
            Self::Hte => "HTE",
            Self::Htg => "HTG",
            Self::Mib => "MIB",
            Self::Ipg => "IPG",
            Self::Ta => "TA",
        }
    }

    /// The name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Self::Mtg => "Medical technologies guidance",
            Self::Dg => "Diagnostics guidance",
            Self::Hte => "Early value assessment",
            Self::Htg => "HealthTech guidance",
            Self::Mib => "Medtech innovation briefing",
            Self::Ipg => "Interventional procedures guidance",
            Self::Ta => "Technology appraisal",
        }
    }

    /// Reads a type as the reference data writes it: the code, optionally
    /// followed by a parenthesised explanation.
    pub fn parse(raw: &str) -> Option<Self> {
        let code = raw.split(['(', ' ']).next().unwrap_or_default().trim();
        Self::ALL
            .into_iter()
            .find(|t| t.code().eq_ignore_ascii_case(code))
    }
}

/// AI-enabled is derived from the technology type: the types whose taxonomy label
/// names AI. Shown as "derived from type".
pub fn ai_enabled_from_type_label(type_label: &str) -> bool {
    type_label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word == "AI")
}

/// Integration standards named in a requirement's text, in a fixed order.
pub fn standards_named(text: &str) -> Vec<&'static str> {
    const STANDARDS: [(&str, &str); 8] = [
        ("FHIR", "FHIR"),
        ("DICOM", "DICOM"),
        ("HL7", "HL7"),
        ("IM1", "IM1"),
        ("GP CONNECT", "GP Connect"),
        ("PACS", "PACS"),
        ("NHS LOGIN", "NHS login"),
        ("SNOMED", "SNOMED CT"),
    ];
    let upper = text.to_uppercase();
    STANDARDS
        .iter()
        .filter(|(needle, _)| upper.contains(needle))
        .map(|(_, name)| *name)
        .collect()
}

/// The catalogue's specialty groups a technology belongs to, derived from the
/// head of its clinical area ("Respiratory / oncology - chest X-ray …") and, for
/// imaging technologies, its type. Ids are the slugs of the group labels in
/// `taxonomies.json` (`clinical_specialties.catalogue_groups`).
pub fn specialty_groups(clinical_area: Option<&str>, type_id: &str) -> Vec<&'static str> {
    const RULES: [(&str, &str); 22] = [
        ("cardiology", "cardiology"),
        ("stroke", "stroke_and_neurology"),
        ("neurolog", "stroke_and_neurology"),
        ("respiratory", "respiratory"),
        ("oncology", "oncology_incl_radiotherapy"),
        ("breast screening", "oncology_incl_radiotherapy"),
        ("dermatology", "dermatology"),
        ("radiology", "radiology_and_imaging"),
        ("pathology", "pathology"),
        ("mental health", "mental_health"),
        ("neurodevelopmental", "mental_health"),
        ("musculoskeletal", "musculoskeletal"),
        ("trauma", "musculoskeletal"),
        ("renal", "renal"),
        ("diabetes", "diabetes_endocrine_and_weight_management"),
        ("obesity", "diabetes_endocrine_and_weight_management"),
        ("weight", "diabetes_endocrine_and_weight_management"),
        ("ophthalmology", "ophthalmology"),
        ("maternity", "maternity"),
        ("frailty", "elderly_care_and_frailty"),
        ("cross-specialty", "cross_specialty_administrative"),
        ("administrative", "cross_specialty_administrative"),
    ];
    let head = clinical_area
        .map(|a| a.split(" - ").next().unwrap_or(a).to_lowercase())
        .unwrap_or_default();
    let mut groups: Vec<&'static str> = RULES
        .iter()
        .filter(|(needle, _)| head.contains(needle))
        .map(|(_, id)| *id)
        .collect();
    if matches!(type_id, "ai_imaging_diagnostics" | "imaging_simulation") {
        groups.push("radiology_and_imaging");
    }
    groups.sort_unstable();
    groups.dedup();
    groups
}

/// The id for a catalogue group label: lower case, words joined by `_`
/// ("Oncology (incl. radiotherapy)" → `oncology_incl_radiotherapy`).
pub fn slug_id(label: &str) -> String {
    label
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployment_records_are_classified_from_their_own_labels() {
        let cases = [
            (
                "England (national estimate)",
                "could be used by 150,000",
                DeploymentKind::NationalEstimate,
            ),
            (
                "EDITH trial (England, national context)",
                "",
                DeploymentKind::NationalContext,
            ),
            (
                "Company-reported cumulative NHS use",
                "",
                DeploymentKind::CompanyReported,
            ),
            (
                "NHS England DET assessment pilot",
                "Assessed as 'Not compliant with the DET Assessment Criteria'",
                DeploymentKind::FailedAssessment,
            ),
            (
                "NHS England MedTech Funding Mandate 2021/22 (national)",
                "",
                DeploymentKind::NationalProgramme,
            ),
            (
                "UK observational studies (SHTG review)",
                "",
                DeploymentKind::EvidenceReview,
            ),
            (
                "Royal Berkshire NHS Foundation Trust",
                "deployed",
                DeploymentKind::NhsDeployment,
            ),
            (
                "NHS Grampian (Scotland) - GEMINI evaluation",
                "",
                DeploymentKind::NhsDeployment,
            ),
        ];
        for (site, result, expected) in cases {
            assert_eq!(DeploymentKind::classify(site, result), expected, "{site}");
        }
    }

    #[test]
    fn only_nhs_deployments_count() {
        let counting: Vec<_> = DeploymentKind::ALL
            .into_iter()
            .filter(|k| k.counts_as_deployment())
            .collect();
        assert_eq!(counting, [DeploymentKind::NhsDeployment]);
        for k in DeploymentKind::ALL {
            assert_eq!(DeploymentKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn nice_types_are_read_with_or_without_explanation() {
        assert_eq!(
            NiceGuidanceType::parse("HTE (early value assessment)"),
            Some(NiceGuidanceType::Hte)
        );
        assert_eq!(NiceGuidanceType::parse("MTG"), Some(NiceGuidanceType::Mtg));
        assert_eq!(NiceGuidanceType::parse("dg"), Some(NiceGuidanceType::Dg));
        assert_eq!(NiceGuidanceType::parse("Guidance"), None);
        assert_eq!(NiceGuidanceType::parse(""), None);
    }

    #[test]
    fn ai_is_derived_from_the_word_ai_in_the_type_label() {
        assert!(ai_enabled_from_type_label(
            "AI diagnostics - imaging (radiology)"
        ));
        assert!(ai_enabled_from_type_label(
            "Ambient voice technology / AI clinical documentation (scribes)"
        ));
        assert!(!ai_enabled_from_type_label(
            "Remote monitoring and virtual ward platforms"
        ));
        assert!(!ai_enabled_from_type_label(
            "Workflow automation / robotic process automation (RPA)"
        ));
    }

    #[test]
    fn standards_are_found_in_requirement_text() {
        assert_eq!(
            standards_named("Anonymised DICOM data sent from PACS via HL7 v2"),
            ["DICOM", "HL7", "PACS"]
        );
        assert!(standards_named("A smartphone with a camera").is_empty());
    }

    #[test]
    fn specialty_groups_come_from_the_clinical_area_head() {
        assert_eq!(
            specialty_groups(
                Some("Respiratory / oncology - chest X-ray for suspected lung cancer"),
                "ai_imaging_diagnostics"
            ),
            [
                "oncology_incl_radiotherapy",
                "radiology_and_imaging",
                "respiratory"
            ]
        );
        assert_eq!(
            specialty_groups(
                Some("Mental health / sleep - insomnia"),
                "digital_therapeutics"
            ),
            ["mental_health"]
        );
        // The words after " - " describe the condition, not the specialty.
        assert_eq!(
            specialty_groups(Some("Pathology / urology - prostate cancer biopsies"), "x"),
            ["pathology"]
        );
        assert!(specialty_groups(None, "workflow_rpa").is_empty());
        assert_eq!(
            slug_id("Oncology (incl. radiotherapy)"),
            "oncology_incl_radiotherapy"
        );
        assert_eq!(
            slug_id("Diabetes, endocrine and weight management"),
            "diabetes_endocrine_and_weight_management"
        );
    }
}
