//! "We have deployed this": the member's submission form, its validation, and
//! what curators review. Validation here covers every field's format and
//! bounds; the server adds the checks that need the database (known ICB codes).

use super::{FieldError, FormEcho, required_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The four stages of the data model (id, label).
pub const STAGES: [(&str, &str); 4] = [
    ("pilot", "Pilot"),
    ("evaluation", "Evaluation"),
    ("scaling", "Scaling"),
    ("business_as_usual", "Business as usual"),
];
/// Deployment statuses (id, label).
pub const STATUSES: [(&str, &str); 3] = [
    ("live", "Live"),
    ("paused", "Paused"),
    ("stopped", "Stopped"),
];
/// Independent evaluation answers (id, label).
pub const INDEPENDENT: [(&str, &str); 3] =
    [("yes", "Yes"), ("no", "No"), ("unknown", "Don't know")];

/// Every field of the form, in order (the names the form posts).
pub const SUBMISSION_FIELDS: [&str; 21] = [
    "site",
    "icb",
    "setting",
    "stage",
    "status",
    "stop_reason",
    "go_live",
    "scale",
    "result",
    "pilot_metric",
    "pilot_baseline",
    "pilot_result",
    "pilot_period",
    "pilot_design",
    "pilot_sample_size",
    "pilot_independent",
    "pilot_report_url",
    "contact_consent",
    "contact_job_title",
    "contact_phone",
    "contact_method",
];

/// A validated submission, ready to store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionValues {
    /// Organisation or site.
    pub site: String,
    /// ICB code, if given.
    pub icb: Option<String>,
    /// Care setting id, if given.
    pub setting: Option<String>,
    /// Stage id.
    pub stage: String,
    /// Status id.
    pub status: String,
    /// Why it stopped.
    pub stop_reason: Option<String>,
    /// Go-live, as precise as the member knows it (a year, a month or a day).
    pub go_live: Option<super::PartialDate>,
    /// Scale.
    pub scale: Option<String>,
    /// Headline result.
    pub result: Option<String>,
    /// Pilot metric (with `pilot_result`, or neither).
    pub pilot_metric: Option<String>,
    /// Baseline.
    pub pilot_baseline: Option<String>,
    /// Pilot result.
    pub pilot_result: Option<String>,
    /// Period.
    pub pilot_period: Option<String>,
    /// Study design.
    pub pilot_design: Option<String>,
    /// Sample size.
    pub pilot_sample_size: Option<String>,
    /// yes / no / unknown (when a pilot is given).
    pub pilot_independent: Option<String>,
    /// Link to the report.
    pub pilot_report_url: Option<String>,
    /// The member agreed to be a contact.
    pub contact_consent: bool,
    /// Their job title (with consent).
    pub contact_job_title: Option<String>,
    /// Their phone (optional).
    pub contact_phone: Option<String>,
    /// Preferred method (with consent).
    pub contact_method: Option<String>,
}

impl SubmissionValues {
    /// The values as form fields (to fill the form for a curator, or re-show it).
    pub fn echo(&self, form: &str) -> FormEcho {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let values = vec![
            ("site", self.site.clone()),
            ("icb", o(&self.icb)),
            ("setting", o(&self.setting)),
            ("stage", self.stage.clone()),
            ("status", self.status.clone()),
            ("stop_reason", o(&self.stop_reason)),
            ("go_live", self.go_live.map(|d| d.iso()).unwrap_or_default()),
            ("scale", o(&self.scale)),
            ("result", o(&self.result)),
            ("pilot_metric", o(&self.pilot_metric)),
            ("pilot_baseline", o(&self.pilot_baseline)),
            ("pilot_result", o(&self.pilot_result)),
            ("pilot_period", o(&self.pilot_period)),
            ("pilot_design", o(&self.pilot_design)),
            ("pilot_sample_size", o(&self.pilot_sample_size)),
            ("pilot_independent", o(&self.pilot_independent)),
            ("pilot_report_url", o(&self.pilot_report_url)),
            (
                "contact_consent",
                if self.contact_consent {
                    "yes".into()
                } else {
                    String::new()
                },
            ),
            ("contact_job_title", o(&self.contact_job_title)),
            ("contact_phone", o(&self.contact_phone)),
            ("contact_method", o(&self.contact_method)),
        ];
        FormEcho {
            form: form.to_owned(),
            values: values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            errors: Vec::new(),
        }
    }
}

/// Checks a posted submission (`fields` by name). Returns the values, or every
/// error at once, each beside its field. `today` bounds the go-live date.
pub fn validate_submission(
    fields: &[(String, String)],
    today: NaiveDate,
) -> Result<SubmissionValues, Vec<FieldError>> {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let mut errors = Vec::new();
    let optional = |errors: &mut Vec<FieldError>, name: &str, what: &str, max: usize| {
        let v = get(name);
        if v.chars().count() > max {
            errors.push(FieldError::new(
                name,
                format!("{what} must be {max} characters or fewer"),
            ));
        }
        (!v.is_empty()).then_some(v)
    };
    let site = required_text(
        &mut errors,
        "site",
        &get("site"),
        "the organisation or site",
        200,
    );
    let icb = get("icb");
    if !icb.is_empty() && !super::is_icb_code(&icb) {
        errors.push(FieldError::new("icb", "Select an ICB from the list"));
    }
    let setting = get("setting");
    let setting_ok =
        setting.len() <= 40 && setting.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if !setting.is_empty() && !setting_ok {
        errors.push(FieldError::new(
            "setting",
            "Select a care setting from the list",
        ));
    }
    let stage = get("stage");
    if !STAGES.iter().any(|(id, _)| *id == stage) {
        errors.push(FieldError::new(
            "stage",
            "Select the stage the deployment is at",
        ));
    }
    let status = get("status");
    if !STATUSES.iter().any(|(id, _)| *id == status) {
        errors.push(FieldError::new(
            "status",
            "Select whether it is live, paused or stopped",
        ));
    }
    let stop_reason = optional(&mut errors, "stop_reason", "The reason", 500);
    if status == "stopped" && stop_reason.is_none() {
        errors.push(FieldError::new(
            "stop_reason",
            "Enter why the deployment stopped",
        ));
    }
    let go_live_raw = get("go_live");
    let go_live = if go_live_raw.is_empty() {
        None
    } else {
        match super::PartialDate::parse(&go_live_raw) {
            Ok(d) if d.year() >= 1990 && d.date() <= today + chrono::Days::new(366 * 2) => Some(d),
            Ok(_) => {
                errors.push(FieldError::new(
                    "go_live",
                    "Go-live date must be between 1990 and 2 years from today",
                ));
                None
            }
            Err(_) => {
                errors.push(FieldError::new(
                    "go_live",
                    "Go-live date must be a year, a month or a real date, like 2024, 2024-04 or 2024-04-01",
                ));
                None
            }
        }
    };
    let scale = optional(&mut errors, "scale", "Scale", 200);
    let result = optional(&mut errors, "result", "The headline result", 1000);
    let pilot_metric = optional(&mut errors, "pilot_metric", "The metric", 200);
    let pilot_baseline = optional(&mut errors, "pilot_baseline", "The baseline", 200);
    let pilot_result = optional(&mut errors, "pilot_result", "The pilot result", 500);
    let pilot_period = optional(&mut errors, "pilot_period", "The period", 100);
    let pilot_design = optional(&mut errors, "pilot_design", "The study design", 300);
    let pilot_sample_size = optional(&mut errors, "pilot_sample_size", "The sample size", 100);
    let pilot_report_url = optional(&mut errors, "pilot_report_url", "The link", 500);
    let any_pilot = [
        &pilot_metric,
        &pilot_baseline,
        &pilot_result,
        &pilot_period,
        &pilot_design,
        &pilot_sample_size,
        &pilot_report_url,
    ]
    .iter()
    .any(|v| v.is_some());
    if any_pilot && pilot_metric.is_none() {
        errors.push(FieldError::new(
            "pilot_metric",
            "Enter what the pilot measured",
        ));
    }
    if any_pilot && pilot_result.is_none() {
        errors.push(FieldError::new("pilot_result", "Enter the pilot's result"));
    }
    if let Some(url) = &pilot_report_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        errors.push(FieldError::new(
            "pilot_report_url",
            "Enter the link to the report as a full web address starting https://",
        ));
    }
    let independent = get("pilot_independent");
    let pilot_independent = if any_pilot {
        if independent.is_empty() {
            Some("unknown".to_owned())
        } else if INDEPENDENT.iter().any(|(id, _)| *id == independent) {
            Some(independent)
        } else {
            errors.push(FieldError::new(
                "pilot_independent",
                "Select yes, no or don't know",
            ));
            None
        }
    } else {
        None
    };
    let contact_consent = get("contact_consent") == "yes";
    let contact_job_title = optional(&mut errors, "contact_job_title", "Job title", 100);
    let contact_phone = optional(&mut errors, "contact_phone", "Phone number", 40);
    let method = get("contact_method");
    let contact_method = (!method.is_empty()).then_some(method);
    if contact_consent {
        if contact_job_title.is_none() {
            errors.push(FieldError::new("contact_job_title", "Enter your job title"));
        }
        match contact_method.as_deref() {
            Some(m) if super::CONTACT_METHODS.iter().any(|(id, _)| *id == m) => {}
            _ => errors.push(FieldError::new(
                "contact_method",
                "Select how you prefer to be contacted",
            )),
        }
        if contact_method.as_deref() == Some("phone") && contact_phone.is_none() {
            errors.push(FieldError::new(
                "contact_phone",
                "Enter a phone number, or choose another way to be contacted",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SubmissionValues {
        site,
        icb: (!icb.is_empty()).then_some(icb),
        setting: (!setting.is_empty()).then_some(setting),
        stage,
        status,
        stop_reason,
        go_live,
        scale,
        result,
        pilot_metric,
        pilot_baseline,
        pilot_result,
        pilot_period,
        pilot_design,
        pilot_sample_size,
        pilot_independent,
        pilot_report_url,
        contact_consent,
        contact_job_title: contact_consent.then_some(contact_job_title).flatten(),
        contact_phone: contact_consent.then_some(contact_phone).flatten(),
        contact_method: contact_consent.then_some(contact_method).flatten(),
    })
}

/// The posted fields as an echo (for re-showing the form).
pub fn submission_echo(
    form: &str,
    fields: &[(String, String)],
    errors: Vec<FieldError>,
) -> FormEcho {
    FormEcho {
        form: form.to_owned(),
        values: fields
            .iter()
            .filter(|(k, _)| SUBMISSION_FIELDS.contains(&k.as_str()))
            .cloned()
            .collect(),
        errors,
    }
}

/// What the submission form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionOptions {
    /// The technology (slug, name).
    pub technology: (String, String),
    /// ICBs (code, name).
    pub icbs: Vec<(String, String)>,
    /// Care settings (id, label).
    pub settings: Vec<(String, String)>,
}

/// Where a submission stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionSummary {
    /// Id.
    pub id: i64,
    /// Technology (slug, name).
    pub technology: (String, String),
    /// Site.
    pub site: String,
    /// Who sent it ("name, organisation").
    pub submitted_by: String,
    /// When.
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    /// pending / approved / rejected.
    pub state: String,
    /// The curator's reason, when rejected.
    pub reject_reason: Option<String>,
}

/// A submission opened for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionReview {
    /// Where it stands.
    pub summary: SubmissionSummary,
    /// What the member sent (or the curator last saved).
    pub values: SubmissionValues,
    /// The options for the form.
    pub options: SubmissionOptions,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_minimal_submission_is_accepted() {
        let ok = validate_submission(
            &fields(&[
                ("site", " Example Trust "),
                ("stage", "pilot"),
                ("status", "live"),
            ]),
            today(),
        )
        .expect("valid");
        assert_eq!(ok.site, "Example Trust");
        assert_eq!(ok.pilot_independent, None);
        assert!(!ok.contact_consent);
    }

    #[test]
    fn every_error_is_reported_beside_its_field() {
        let errors = validate_submission(
            &fields(&[
                ("site", ""),
                ("icb", "nope"),
                ("stage", "forever"),
                ("status", "stopped"),
                ("go_live", "2024-02-30"),
                ("pilot_baseline", "40%"),
                ("pilot_report_url", "report.pdf"),
                ("contact_consent", "yes"),
                ("contact_method", "phone"),
            ]),
            today(),
        )
        .expect_err("invalid");
        let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            names,
            [
                "site",
                "icb",
                "stage",
                "stop_reason",
                "go_live",
                "pilot_metric",
                "pilot_result",
                "pilot_report_url",
                "contact_job_title",
                "contact_phone"
            ]
        );
    }

    #[test]
    fn bounds_are_enforced() {
        let long = "x".repeat(1001);
        let errors = validate_submission(
            &fields(&[
                ("site", "S"),
                ("stage", "pilot"),
                ("status", "live"),
                ("result", &long),
                ("go_live", "1900-01-01"),
            ]),
            today(),
        )
        .expect_err("too long");
        assert_eq!(
            errors[0].message,
            "Go-live date must be between 1990 and 2 years from today"
        );
        assert_eq!(
            errors[1].message,
            "The headline result must be 1000 characters or fewer"
        );
    }

    #[test]
    fn contact_details_are_kept_only_with_consent() {
        let ok = validate_submission(
            &fields(&[
                ("site", "S"),
                ("stage", "pilot"),
                ("status", "live"),
                ("contact_job_title", "Lead"),
                ("contact_method", "email"),
            ]),
            today(),
        )
        .expect("valid");
        assert_eq!((ok.contact_job_title, ok.contact_method), (None, None));
    }

    #[test]
    fn values_round_trip_through_the_echo() {
        let v = validate_submission(
            &fields(&[
                ("site", "S"),
                ("icb", "QRV"),
                ("stage", "scaling"),
                ("status", "stopped"),
                ("stop_reason", "funding"),
                ("go_live", "2024-04-01"),
                ("pilot_metric", "m"),
                ("pilot_result", "r"),
                ("contact_consent", "yes"),
                ("contact_job_title", "Lead"),
                ("contact_method", "email"),
            ]),
            today(),
        )
        .expect("valid");
        let again = validate_submission(&v.echo("x").values, today()).expect("valid again");
        assert_eq!(again, v);
        assert_eq!(v.pilot_independent.as_deref(), Some("unknown"));
    }
}
