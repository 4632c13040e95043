//! "Your organisation": the context a readiness check runs against, and the
//! compact, versioned URL form it travels in, so a check can be shared.
//!
//! ```text
//! ctx=v1.epr-epic.gp-emis.cloud-uk.id-cis2+nhslogin.dspt-met.int-dicom+fhir.cso-y.team-5.works-6.train-8
//! ```
//!
//! One `key-value` per answered question, in [`FIELDS`] order; lists are joined
//! with `+` and `none` means "answered: none of these". A question left out is
//! *not answered*, so every rule that needs it says "unknown", never "met".
//! `+` arrives as a space once a query string is decoded, so lists also split on
//! spaces and commas. Bad parts are dropped one by one with a notice; an unknown
//! version drops the whole context (the notice says so).

use super::FieldError;
use serde::{Deserialize, Serialize};

/// The only version this site writes and reads.
pub const CONTEXT_VERSION: &str = "v1";
/// Longest `ctx` value read.
pub const MAX_CONTEXT_CHARS: usize = 400;
/// Most items in one list answer.
pub const MAX_LIST_ITEMS: usize = 5;
/// Longest vendor name slug.
pub const MAX_VENDOR_CHARS: usize = 24;

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Any of `options` (plus typed names when `free`), or `none`.
    List {
        /// (value, label) choices.
        options: &'static [(&'static str, &'static str)],
        /// Other names may be typed (slugged: "System C" → `system_c`).
        free: bool,
    },
    /// One of (value, label).
    Choice(&'static [(&'static str, &'static str)]),
    /// A whole number in `min..=max`.
    Number {
        /// Smallest allowed.
        min: u32,
        /// Largest allowed.
        max: u32,
        /// What it counts, for messages ("people", "months").
        unit: &'static str,
    },
}

/// One question of the "Your organisation" form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextField {
    /// URL key and form field name.
    pub key: &'static str,
    /// The question.
    pub label: &'static str,
    /// Short name for messages and the readiness table.
    pub short: &'static str,
    /// Help under the question.
    pub hint: &'static str,
    /// How it is answered.
    pub kind: FieldKind,
}

const YES_NO: &[(&str, &str)] = &[("y", "Yes"), ("n", "No")];

/// Every question, in form and URL order.
pub const FIELDS: [ContextField; 14] = [
    ContextField {
        key: "epr",
        label: "Electronic patient record (EPR) in use",
        short: "EPR",
        hint: "Tick all that apply, or type another supplier's name.",
        kind: FieldKind::List {
            options: &[
                ("epic", "Epic"),
                ("oracle_health", "Oracle Health (Cerner)"),
                ("system_c", "System C"),
                ("dedalus", "Dedalus"),
                ("nervecentre", "Nervecentre"),
                ("meditech", "MEDITECH"),
            ],
            free: true,
        },
    },
    ContextField {
        key: "gp",
        label: "GP clinical systems in your area",
        short: "GP systems",
        hint: "Tick all that apply, or type another supplier's name.",
        kind: FieldKind::List {
            options: &[
                ("emis", "EMIS Web"),
                ("tpp", "TPP SystmOne"),
                ("vision", "Vision"),
            ],
            free: true,
        },
    },
    ContextField {
        key: "pacs",
        label: "Picture archiving and communication system (PACS)",
        short: "PACS",
        hint: "Tick all that apply, or type another supplier's name.",
        kind: FieldKind::List {
            options: &[
                ("sectra", "Sectra"),
                ("philips", "Philips"),
                ("ge", "GE HealthCare"),
                ("agfa", "Agfa"),
                ("fujifilm", "Fujifilm"),
            ],
            free: true,
        },
    },
    ContextField {
        key: "ris",
        label: "Radiology information system (RIS)",
        short: "RIS",
        hint: "Tick all that apply, or type another supplier's name.",
        kind: FieldKind::List {
            options: &[
                ("sectra", "Sectra"),
                ("soliton", "Soliton"),
                ("cris", "CRIS (HSS)"),
            ],
            free: true,
        },
    },
    ContextField {
        key: "cloud",
        label: "Hosting policy",
        short: "Hosting policy",
        hint: "Can patient data be held in a supplier's public cloud?",
        kind: FieldKind::Choice(&[
            ("y", "Public cloud allowed"),
            ("uk", "Only if hosted in the UK"),
            ("n", "No public cloud"),
        ]),
    },
    ContextField {
        key: "id",
        label: "Identity services you support",
        short: "Identity",
        hint: "How staff and patients sign in to systems today.",
        kind: FieldKind::List {
            options: &[
                ("cis2", "NHS Care Identity Service 2 (smartcard)"),
                ("nhslogin", "NHS login (patients)"),
                ("sso", "Local single sign-on"),
            ],
            free: false,
        },
    },
    ContextField {
        key: "dspt",
        label: "Data Security and Protection Toolkit (DSPT) status",
        short: "DSPT status",
        hint: "Your latest published status.",
        kind: FieldKind::Choice(&[
            ("exceeded", "Standards Exceeded"),
            ("met", "Standards Met"),
            ("approaching", "Approaching Standards"),
            ("notmet", "Standards Not Met"),
            ("notpub", "Not Published"),
        ]),
    },
    ContextField {
        key: "int",
        label: "Integration you can do today",
        short: "Integration capability",
        hint: "Standards your integration engine or suppliers can already exchange.",
        kind: FieldKind::List {
            options: &[
                ("fhir", "FHIR"),
                ("hl7v2", "HL7 v2"),
                ("dicom", "DICOM"),
                ("im1", "IM1 (GP Connect pairing)"),
                ("gpconnect", "GP Connect"),
            ],
            free: false,
        },
    },
    ContextField {
        key: "cso",
        label: "Clinical Safety Officer in post",
        short: "Clinical Safety Officer",
        hint: "A registered clinician trained in clinical risk management (DCB0160), your own or shared.",
        kind: FieldKind::Choice(YES_NO),
    },
    ContextField {
        key: "team",
        label: "Digital team size",
        short: "Digital team size",
        hint: "Whole people who can work on integration and roll-out, from 0 to 999.",
        kind: FieldKind::Number {
            min: 0,
            max: 999,
            unit: "people",
        },
    },
    ContextField {
        key: "space",
        label: "Clinical space available for new services",
        short: "Space",
        hint: "For example a room for testing sessions or equipment.",
        kind: FieldKind::Choice(YES_NO),
    },
    ContextField {
        key: "power",
        label: "Power and data points can be added where needed",
        short: "Power",
        hint: "For equipment installed on a ward or in a clinic room.",
        kind: FieldKind::Choice(YES_NO),
    },
    ContextField {
        key: "works",
        label: "Estates works possible within (months)",
        short: "Estates works",
        hint: "Months until building works could be done, from 0 to 60. Enter 0 if no works are possible.",
        kind: FieldKind::Number {
            min: 0,
            max: 60,
            unit: "months",
        },
    },
    ContextField {
        key: "train",
        label: "Training capacity (hours per staff member per year)",
        short: "Training capacity",
        hint: "Whole hours from 0 to 200.",
        kind: FieldKind::Number {
            min: 0,
            max: 200,
            unit: "hours",
        },
    },
];

/// The field with `key`.
pub fn context_field(key: &str) -> Option<&'static ContextField> {
    FIELDS.iter().find(|f| f.key == key)
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// Chosen items, sorted and distinct; empty means "none of these".
    List(Vec<String>),
    /// One option's value.
    Choice(String),
    /// A whole number.
    Number(u32),
}

/// The organisation's answers; a question not answered is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgContext {
    answers: Vec<(String, Answer)>,
}

impl OrgContext {
    /// Nothing answered.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// How many questions are answered.
    pub fn answered(&self) -> usize {
        self.answers.len()
    }

    /// "3 of 14 questions answered".
    pub fn answered_summary(&self) -> String {
        format!("{} of {} questions answered", self.answered(), FIELDS.len())
    }

    /// The answer to `key`, if given.
    pub fn get(&self, key: &str) -> Option<&Answer> {
        self.answers.iter().find(|(k, _)| k == key).map(|(_, a)| a)
    }

    /// The list answer to `key` (`Some(empty)` for "none").
    pub fn list(&self, key: &str) -> Option<&[String]> {
        match self.get(key)? {
            Answer::List(items) => Some(items),
            _ => None,
        }
    }

    /// The choice made for `key`.
    pub fn choice(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Answer::Choice(v) => Some(v),
            _ => None,
        }
    }

    /// The number given for `key`.
    pub fn number(&self, key: &str) -> Option<u32> {
        match self.get(key)? {
            Answer::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// Sets (or with `None` clears) the answer to `key`, keeping [`FIELDS`] order.
    pub fn set(&mut self, key: &str, answer: Option<Answer>) {
        self.answers.retain(|(k, _)| k != key);
        if let Some(a) = answer {
            self.answers.push((key.to_owned(), a));
        }
        self.answers
            .sort_by_key(|(k, _)| FIELDS.iter().position(|f| f.key == k).unwrap_or(usize::MAX));
    }

    /// Reads a `ctx` value. Parts that cannot be read are left out, each with a
    /// notice; an unknown version or an over-long value leaves the context empty.
    pub fn parse(raw: &str) -> (Self, Vec<String>) {
        let raw = raw.trim().to_lowercase();
        let mut context = Self::default();
        let mut notices = Vec::new();
        if raw.is_empty() {
            return (context, notices);
        }
        if raw.chars().count() > MAX_CONTEXT_CHARS {
            notices.push(format!(
                "The organisation details in your link are longer than {MAX_CONTEXT_CHARS} characters, so they were not used. Enter them again."
            ));
            return (context, notices);
        }
        let mut parts = raw.split('.');
        let version = parts.next().unwrap_or_default();
        if version != CONTEXT_VERSION {
            notices.push(format!(
                "The organisation details in your link use a format this site cannot read ({}), so they were not used. Enter them again.",
                shorten(version)
            ));
            return (context, notices);
        }
        for part in parts.filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('-').unwrap_or((part, ""));
            let Some(field) = context_field(key) else {
                notices.push(format!(
                    "“{}” in your link is not an organisation detail this site knows, so it was left out.",
                    shorten(key)
                ));
                continue;
            };
            if context.get(key).is_some() {
                notices.push(format!(
                    "{} was given twice in your link; the first answer was used.",
                    field.short
                ));
                continue;
            }
            match read_value(field, split_list(value)) {
                Ok(answer) => context.set(key, Some(answer)),
                Err(message) => notices.push(format!("{message}, so it was left out.")),
            }
        }
        (context, notices)
    }

    /// Reads the `ctx` parameter of a query string (empty when there is none).
    pub fn from_query(search: &str) -> (Self, Vec<String>) {
        let raw = super::form_pairs(search)
            .into_iter()
            .find(|(k, _)| k == "ctx")
            .map(|(_, v)| v)
            .unwrap_or_default();
        Self::parse(&raw)
    }

    /// The canonical `ctx` value; empty when nothing is answered.
    pub fn encode(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut out = CONTEXT_VERSION.to_owned();
        for (key, answer) in &self.answers {
            out.push('.');
            out.push_str(key);
            out.push('-');
            match answer {
                Answer::List(items) if items.is_empty() => out.push_str("none"),
                Answer::List(items) => out.push_str(&items.join("+")),
                Answer::Choice(v) => out.push_str(v),
                Answer::Number(n) => out.push_str(&n.to_string()),
            }
        }
        out
    }

    /// Reads the form (`key=value`, list keys repeated, `<key>_other` for typed
    /// names). Returns every error at once, keyed by field, or the context.
    pub fn from_form(pairs: &[(String, String)]) -> Result<Self, Vec<FieldError>> {
        let mut context = Self::default();
        let mut errors = Vec::new();
        for field in &FIELDS {
            let mut values: Vec<String> = pairs
                .iter()
                .filter(|(k, _)| k == field.key)
                .map(|(_, v)| v.trim().to_lowercase())
                .filter(|v| !v.is_empty())
                .collect();
            if let FieldKind::List { free: true, .. } = field.kind {
                let other = pairs
                    .iter()
                    .find(|(k, _)| *k == format!("{}_other", field.key))
                    .map(|(_, v)| v.as_str())
                    .unwrap_or_default();
                values.extend(other.split(',').map(slug_vendor).filter(|v| !v.is_empty()));
            }
            if values.is_empty() {
                continue;
            }
            if !matches!(field.kind, FieldKind::List { .. }) && values.len() > 1 {
                errors.push(FieldError::new(
                    field.key,
                    format!("{}: choose one answer", field.short),
                ));
                continue;
            }
            match read_value(field, values) {
                Ok(answer) => context.set(field.key, Some(answer)),
                Err(message) => errors.push(FieldError::new(field.key, message)),
            }
        }
        if errors.is_empty() {
            Ok(context)
        } else {
            Err(errors)
        }
    }

    /// The context as form values (what the form shows when opened from a link).
    pub fn form_values(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (key, answer) in &self.answers {
            match answer {
                Answer::List(items) if items.is_empty() => {
                    out.push((key.clone(), "none".to_owned()));
                }
                Answer::List(items) => {
                    let field = context_field(key);
                    let mut typed = Vec::new();
                    for item in items {
                        let known = matches!(field.map(|f| f.kind), Some(FieldKind::List { options, .. }) if options.iter().any(|(v, _)| v == item));
                        if known {
                            out.push((key.clone(), item.clone()));
                        } else {
                            typed.push(item.clone());
                        }
                    }
                    if !typed.is_empty() {
                        out.push((format!("{key}_other"), typed.join(", ")));
                    }
                }
                Answer::Choice(v) => out.push((key.clone(), v.clone())),
                Answer::Number(n) => out.push((key.clone(), n.to_string())),
            }
        }
        out
    }

    /// The answer in words, for the readiness table ("Not answered" when absent).
    pub fn describe(&self, key: &str) -> String {
        let Some(field) = context_field(key) else {
            return "Not answered".to_owned();
        };
        match (self.get(key), field.kind) {
            (None, _) => "Not answered".to_owned(),
            (Some(Answer::List(items)), _) if items.is_empty() => "None".to_owned(),
            (Some(Answer::List(items)), FieldKind::List { options, .. }) => items
                .iter()
                .map(|i| option_label(options, i).unwrap_or(i).to_owned())
                .collect::<Vec<_>>()
                .join(", "),
            (Some(Answer::Choice(v)), FieldKind::Choice(options)) => {
                option_label(options, v).unwrap_or(v).to_owned()
            }
            (Some(Answer::Number(n)), FieldKind::Number { unit, .. }) => format!("{n} {unit}"),
            (Some(other), _) => format!("{other:?}"),
        }
    }
}

/// Where the form returns to: a path on this site (`/…`, not `//…`), else
/// the catalogue.
pub fn safe_return(raw: Option<&str>) -> String {
    match raw.map(str::trim) {
        Some(r)
            if r.starts_with('/')
                && !r.starts_with("//")
                && !r.contains('\\')
                && r.len() <= 2000
                && !r.chars().any(char::is_control) =>
        {
            r.to_owned()
        }
        _ => "/technologies".to_owned(),
    }
}

/// `path` (with its query) with `ctx` set as its context: any `ctx` there is
/// replaced, and an empty context removes it. The fragment is kept.
pub fn with_context(path: &str, ctx: &OrgContext) -> String {
    let (path, fragment) = path
        .split_once('#')
        .map_or((path, None), |(p, f)| (p, Some(f)));
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let mut parts: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("ctx=") && *p != "ctx")
        .map(str::to_owned)
        .collect();
    if !ctx.is_empty() {
        parts.push(format!("ctx={}", ctx.encode()));
    }
    let mut out = base.to_owned();
    if !parts.is_empty() {
        out.push('?');
        out.push_str(&parts.join("&"));
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The "Your organisation" form, opened from `current` (the page to return to).
pub fn organisation_href(current: &str, ctx: &OrgContext) -> String {
    let mut href = format!("/organisation?return={}", super::encode(current));
    if !ctx.is_empty() {
        href.push_str(&format!("&ctx={}", ctx.encode()));
    }
    href
}

fn option_label<'a>(options: &'a [(&str, &'a str)], value: &str) -> Option<&'a str> {
    options.iter().find(|(v, _)| *v == value).map(|(_, l)| *l)
}

/// Splits a list value on `+`, spaces (a decoded `+`) and commas.
fn split_list(value: &str) -> Vec<String> {
    value
        .split(['+', ' ', ','])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A typed supplier name as a slug: lower case, runs of other characters as `_`.
pub fn slug_vendor(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// Checks one field's values (already lower-cased); the error reads as a
/// sentence about that field.
fn read_value(field: &ContextField, values: Vec<String>) -> Result<Answer, String> {
    match field.kind {
        FieldKind::List { options, free } => {
            let mut items = values;
            if items.iter().any(|v| v == "none") {
                return if items.len() == 1 {
                    Ok(Answer::List(Vec::new()))
                } else {
                    Err(format!(
                        "{}: “None” cannot be chosen with other answers",
                        field.short
                    ))
                };
            }
            items.sort();
            items.dedup();
            if items.is_empty() {
                return Err(format!("{}: no answer was given", field.short));
            }
            if items.len() > MAX_LIST_ITEMS {
                return Err(format!(
                    "{}: give at most {MAX_LIST_ITEMS} answers",
                    field.short
                ));
            }
            for item in &items {
                let known = options.iter().any(|(v, _)| v == item);
                let valid_free = free
                    && item.len() <= MAX_VENDOR_CHARS
                    && item
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if !known && !valid_free {
                    return Err(if free {
                        format!(
                            "{}: supplier names must be at most {MAX_VENDOR_CHARS} letters or numbers (“{}” is not)",
                            field.short,
                            shorten(item)
                        )
                    } else {
                        format!(
                            "{}: “{}” is not one of the choices",
                            field.short,
                            shorten(item)
                        )
                    });
                }
            }
            Ok(Answer::List(items))
        }
        FieldKind::Choice(options) => {
            let value = values.into_iter().next().unwrap_or_default();
            if options.iter().any(|(v, _)| *v == value) {
                Ok(Answer::Choice(value))
            } else {
                Err(format!(
                    "{}: “{}” is not one of the choices",
                    field.short,
                    shorten(&value)
                ))
            }
        }
        FieldKind::Number { min, max, unit } => {
            let value = values.into_iter().next().unwrap_or_default();
            read_number(&value, min, max)
                .map(Answer::Number)
                .ok_or_else(|| {
                    format!(
                        "{} must be a whole number of {unit} from {min} to {max}",
                        field.short
                    )
                })
        }
    }
}

/// A whole number in `min..=max` written with digits only (commas allowed as
/// thousands separators); anything else is `None`, never clamped.
pub fn read_number(value: &str, min: u32, max: u32) -> Option<u32> {
    let digits: String = value.trim().chars().filter(|c| *c != ',').collect();
    if digits.is_empty() || digits.len() > 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
}

/// At most 30 characters of user text, for messages.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(30).collect();
    if text.chars().count() > 30 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    const FULL: &str = "v1.epr-epic.gp-emis+tpp.pacs-sectra.ris-none.cloud-uk.id-cis2+nhslogin.dspt-met.int-dicom+fhir.cso-y.team-5.space-n.power-y.works-6.train-8";

    #[test]
    fn a_full_context_round_trips_in_canonical_order() {
        let (c, notices) = OrgContext::parse(FULL);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(c.answered(), 14);
        assert_eq!(c.answered_summary(), "14 of 14 questions answered");
        assert_eq!(c.encode(), FULL);
        assert_eq!(c.list("ris"), Some(&[][..]), "none is an answer");
        assert_eq!(c.number("team"), Some(5));
        assert_eq!(c.choice("cloud"), Some("uk"));
        assert_eq!(
            OrgContext::from_form(&c.form_values()).expect("valid"),
            c,
            "form values round trip"
        );
    }

    #[test]
    fn the_context_is_read_from_a_query_string() {
        let (c, n) = OrgContext::from_query("?type=x&ctx=v1.int-dicom%2Bfhir&page=2");
        assert!(n.is_empty());
        assert_eq!(c.encode(), "v1.int-dicom+fhir");
        assert!(OrgContext::from_query("type=x").0.is_empty());
    }

    #[test]
    fn lists_split_on_decoded_plus_percent_2b_and_commas_and_are_sorted() {
        for raw in [
            "v1.int-fhir+dicom",
            "v1.int-fhir dicom",
            "V1.INT-DICOM,FHIR",
            "v1.int-dicom+fhir+dicom",
        ] {
            let (c, n) = OrgContext::parse(raw);
            assert!(n.is_empty(), "{raw}: {n:?}");
            assert_eq!(c.encode(), "v1.int-dicom+fhir", "{raw}");
        }
        let (c, _) = OrgContext::parse(&crate::domain::form_pairs("ctx=v1.int-fhir%2Bdicom")[0].1);
        assert_eq!(c.encode(), "v1.int-dicom+fhir");
    }

    #[test]
    fn unknown_version_gives_an_empty_context_with_a_notice() {
        for raw in ["v2.team-5", "abc", "team-5"] {
            let (c, n) = OrgContext::parse(raw);
            assert!(c.is_empty(), "{raw}");
            assert_eq!(n.len(), 1);
            assert!(n[0].contains("format this site cannot read"), "{n:?}");
        }
        let (c, n) = OrgContext::parse(&format!("v1.{}", "team-5.".repeat(80)));
        assert!(c.is_empty());
        assert!(n[0].contains("longer than 400"));
    }

    #[test]
    fn bad_parts_are_dropped_one_by_one_and_never_clamped() {
        let (c, n) = OrgContext::parse(
            "v1.team-1000.train--3.works-12.cloud-maybe.zzz-1.int-fhir+none.cso-y.cso-n.id-cis2+x",
        );
        assert_eq!(c.encode(), "v1.cso-y.works-12");
        assert_eq!(n.len(), 7, "{n:?}");
        assert!(n.iter().any(|m| {
            m.contains("Digital team size must be a whole number of people from 0 to 999")
        }));
        assert!(n.iter().any(|m| m.contains("given twice")));
        assert!(n.iter().any(|m| m.contains("“zzz”")));
        assert!(n.iter().any(|m| m.contains("“None” cannot be chosen")));
        let (c, n) = OrgContext::parse("v1.pacs-a+b+c+d+e+f");
        assert!(c.is_empty() && n[0].contains("at most 5"));
    }

    #[test]
    fn the_form_reports_every_error_beside_its_field() {
        let errors = OrgContext::from_form(&pairs(&[
            ("team", "-1"),
            ("train", "1e12"),
            ("works", "61"),
            ("cloud", "moon"),
            ("int", "none"),
            ("int", "fhir"),
            ("cso", "y"),
        ]))
        .expect_err("refused");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["cloud", "int", "team", "works", "train"]);
        assert_eq!(
            errors[4].message,
            "Training capacity must be a whole number of hours from 0 to 200"
        );
    }

    #[test]
    fn typed_supplier_names_become_slugs_and_come_back_as_typed_text() {
        let c = OrgContext::from_form(&pairs(&[
            ("epr", "epic"),
            ("epr_other", "Lorenzo (DXC), System C"),
            ("gp", ""),
            ("team", "0"),
        ]))
        .expect("valid");
        assert_eq!(c.encode(), "v1.epr-epic+lorenzo_dxc+system_c.team-0");
        assert_eq!(c.describe("epr"), "Epic, lorenzo_dxc, System C");
        assert_eq!(c.describe("gp"), "Not answered");
        assert_eq!(c.describe("team"), "0 people");
        let long = OrgContext::from_form(&pairs(&[("pacs_other", &"x".repeat(30))]));
        assert!(long.expect_err("refused")[0].message.contains("at most 24"));
    }

    #[test]
    fn the_form_returns_only_to_this_site_with_the_context_replaced() {
        assert_eq!(
            safe_return(Some("/technologies/derm?units=5")),
            "/technologies/derm?units=5"
        );
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "",
            "javascript:x",
        ] {
            assert_eq!(safe_return(Some(bad)), "/technologies", "{bad}");
        }
        assert_eq!(safe_return(None), "/technologies");
        let (c, _) = OrgContext::parse("v1.cso-y");
        assert_eq!(
            with_context("/technologies?type=x&ctx=v1.team-3&page=2#costs", &c),
            "/technologies?type=x&page=2&ctx=v1.cso-y#costs"
        );
        assert_eq!(
            with_context("/compare?ctx=v1.team-3", &OrgContext::default()),
            "/compare"
        );
        assert_eq!(
            organisation_href("/technologies?type=x&page=2", &c),
            "/organisation?return=%2Ftechnologies%3Ftype%3Dx%26page%3D2&ctx=v1.cso-y"
        );
    }

    #[test]
    fn numbers_are_digits_only_within_bounds() {
        assert_eq!(read_number("1,000", 0, 1_000_000), Some(1000));
        assert_eq!(read_number(" 7 ", 0, 10), Some(7));
        for bad in ["", "-1", "1.5", "1e3", "11", "999999999999", "+3"] {
            assert_eq!(read_number(bad, 0, 10), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn any_context_the_form_accepts_round_trips_through_the_url(
            team in proptest::option::of(0u32..=999),
            train in proptest::option::of(0u32..=200),
            ints in proptest::sample::subsequence(vec!["fhir", "hl7v2", "dicom", "im1", "gpconnect"], 0..=5),
            cloud in proptest::option::of(prop_oneof![Just("y"), Just("uk"), Just("n")]),
            vendor in "[a-z][a-z0-9 ]{0,20}",
        ) {
            let mut form = vec![("epr_other".to_owned(), vendor)];
            if let Some(t) = team { form.push(("team".into(), t.to_string())); }
            if let Some(t) = train { form.push(("train".into(), t.to_string())); }
            if let Some(c) = cloud { form.push(("cloud".into(), c.to_owned())); }
            form.extend(ints.iter().map(|i| ("int".to_owned(), (*i).to_owned())));
            let c = OrgContext::from_form(&form).expect("valid");
            let (back, notices) = OrgContext::parse(&c.encode());
            prop_assert!(notices.is_empty());
            prop_assert_eq!(back, c);
        }

        #[test]
        fn parsing_never_panics(raw in ".{0,500}") {
            let _ = OrgContext::parse(&raw);
        }
    }
}
