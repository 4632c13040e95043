//! Reading a posted edit form of a block: every field by its specification,
//! the checks across fields, the provenance (source, verified, note), the
//! reason for the change and the version the curator edited.

use super::{BlockSpec, FieldSpec, Value, check_source, fields::Check};
use crate::domain::FieldError;

/// The longest reason accepted.
pub const MAX_REASON: usize = 500;
/// The reason a "Still true" re-check records.
pub const STILL_TRUE: &str = "Re-checked against its source: still true";
/// The longest note accepted.
const MAX_NOTE: usize = 1000;

/// A claim's provenance as posted.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenanced {
    /// The source text.
    pub source: String,
    /// It differs from the stored one (so its kinds are read again).
    pub source_changed: bool,
    /// The curator has seen it in the source.
    pub verified: bool,
    /// A qualification.
    pub note: Option<String>,
}

/// A posted edit form, read.
#[derive(Debug, Clone)]
pub struct ClaimForm {
    /// The fields' values (fixed fields only when adding).
    pub values: Vec<(&'static FieldSpec, Value)>,
    /// Source, verified flag and note (claims only).
    pub provenance: Option<Provenanced>,
    /// Why.
    pub reason: String,
}

fn get<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Field `name` of a posted form, trimmed ("" when absent).
pub(super) fn trimmed<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    get(form, name).trim()
}

/// The reason for a change, from field `name`: required, bounded.
pub fn read_reason(form: &[(String, String)], name: &str) -> Result<String, FieldError> {
    let reason = get(form, name).trim();
    if reason.is_empty() {
        Err(FieldError::new(
            name,
            "Enter the reason for this change (it is shown in the history)",
        ))
    } else if reason.chars().count() > MAX_REASON {
        Err(FieldError::new(
            name,
            format!("The reason must be {MAX_REASON} characters or fewer"),
        ))
    } else {
        Ok(reason.to_owned())
    }
}

/// The version the form was opened at (a hidden field); `None` when missing
/// or not a version number.
pub fn read_version(form: &[(String, String)]) -> Option<i32> {
    get(form, "version")
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|v| *v >= 1)
}

/// Reads an edit (`adding = false`) or add form of block `spec`.
/// `stored_source` is the claim's source before the edit: when the posted
/// source is the same, it is kept without being checked again.
pub fn read_claim_form(
    spec: &BlockSpec,
    form: &[(String, String)],
    stored_source: Option<&str>,
    adding: bool,
) -> Result<ClaimForm, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut values = Vec::new();
    for field in spec.fields.iter().filter(|f| adding || !f.fixed) {
        match field.read(get(form, field.name)) {
            Ok(v) => values.push((field, v)),
            Err(e) => errors.push(e),
        }
    }
    let value = |name: &str| values.iter().find(|(f, _)| f.name == name).map(|(_, v)| v);
    for check in spec.checks {
        match *check {
            Check::Above { high, low } => match (value(high), value(low)) {
                (Some(Value::Int(h)), Some(Value::Int(l))) if h <= l => errors.push(
                    FieldError::new(high, "The upper end must be more than the amount"),
                ),
                (Some(Value::Int(_)), Some(Value::Null)) => errors.push(FieldError::new(
                    low,
                    "Enter the amount (the lower end) as well as the upper end",
                )),
                _ => {}
            },
            Check::OnlyWhen {
                field,
                other,
                value: wanted,
            } => {
                let given = value(field).is_some_and(|v| !v.is_null());
                let allowed = matches!(value(other), Some(Value::Text(t)) if t == wanted);
                if given && !allowed {
                    let other_label = spec.field(other).map_or(other, |f| f.label);
                    errors.push(FieldError::new(
                        field,
                        format!(
                            "Leave this empty unless {} is {wanted}",
                            other_label.to_lowercase()
                        ),
                    ));
                }
            }
        }
    }
    let provenance = if spec.claim {
        let typed = get(form, "source").trim();
        let untouched = stored_source.is_some_and(|s| s.trim() == typed);
        let source = if untouched {
            Ok(typed.to_owned())
        } else {
            check_source(typed)
        };
        let note = get(form, "note").trim();
        if note.chars().count() > MAX_NOTE {
            errors.push(FieldError::new(
                "note",
                format!("The note must be {MAX_NOTE} characters or fewer"),
            ));
        }
        match source {
            Ok(source) => Some(Provenanced {
                source,
                source_changed: !untouched,
                verified: matches!(get(form, "verified"), "yes" | "true" | "on"),
                note: (!note.is_empty()).then(|| note.to_owned()),
            }),
            Err(m) => {
                errors.push(FieldError::new("source", m));
                None
            }
        }
    } else {
        None
    };
    let reason = read_reason(form, "reason").map_err(|e| errors.push(e)).ok();
    match reason {
        Some(reason) if errors.is_empty() => Ok(ClaimForm {
            values,
            provenance,
            reason,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::curation::block;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_cost_edit_is_read_with_its_structured_fields() {
        let cost = block("cost").expect("cost");
        let f = read_claim_form(
            cost,
            &form(&[
                ("statement", "£30 per person a year"),
                ("amount_low_pence", "30"),
                ("period", "annual"),
                ("source", "https://www.nice.org.uk/guidance/MTG32"),
                ("verified", "yes"),
                ("reason", "Price list 2026"),
            ]),
            Some("www.example.org"),
            false,
        )
        .expect("valid");
        assert_eq!(f.reason, "Price list 2026");
        let p = f.provenance.expect("a claim");
        assert!(p.verified && p.source_changed);
        assert!(
            f.values
                .iter()
                .any(|(s, v)| s.name == "amount_low_pence" && *v == Value::Int(3000))
        );
    }

    #[test]
    fn refusals_name_their_fields() {
        let cost = block("cost").expect("cost");
        let errors = read_claim_form(
            cost,
            &form(&[
                ("statement", ""),
                ("amount_low_pence", "-3"),
                ("amount_high_pence", "10"),
                ("period", "weekly"),
                ("source", "javascript:alert(1)"),
                ("reason", "  "),
            ]),
            None,
            true,
        )
        .expect_err("invalid");
        assert_eq!(
            fields(&errors),
            [
                "statement",
                "amount_low_pence",
                "period",
                "source",
                "reason"
            ]
        );
    }

    #[test]
    fn ranges_and_dependent_fields_are_checked() {
        let cost = block("cost").expect("cost");
        let base = [
            ("statement", "x"),
            ("source", "www.nhs.uk"),
            ("reason", "r"),
        ];
        let with = |extra: &[(&str, &str)]| {
            let mut f = form(&base);
            f.extend(form(extra));
            read_claim_form(cost, &f, None, false)
        };
        let e =
            with(&[("amount_low_pence", "30"), ("amount_high_pence", "20")]).expect_err("range");
        assert_eq!(fields(&e), ["amount_high_pence"]);
        let e = with(&[("amount_high_pence", "20")]).expect_err("no low");
        assert_eq!(fields(&e), ["amount_low_pence"]);
        let deployment = block("deployment").expect("deployment");
        let mut f = form(&[
            ("site", "A trust"),
            ("kind", "nhs_deployment"),
            ("status", "live"),
            ("stop_reason", "money"),
            ("source", "www.nhs.uk"),
            ("reason", "r"),
        ]);
        let e = read_claim_form(deployment, &f, None, false).expect_err("stop reason");
        assert_eq!(fields(&e), ["stop_reason"]);
        f[2].1 = "stopped".into();
        assert!(read_claim_form(deployment, &f, None, false).is_ok());
    }

    #[test]
    fn an_untouched_source_is_never_refused() {
        let saving = block("saving").expect("saving");
        let stored = "asylumrights.net copy of HTE24 section 2";
        let f = form(&[("statement", "x"), ("source", stored), ("reason", "typo")]);
        let read = read_claim_form(saving, &f, Some(stored), false).expect("kept");
        assert!(!read.provenance.expect("claim").source_changed);
        let odd = "notes from a meeting";
        let f = form(&[("statement", "x"), ("source", odd), ("reason", "typo")]);
        assert!(read_claim_form(saving, &f, Some(odd), false).is_ok());
        assert!(read_claim_form(saving, &f, Some("www.nhs.uk"), false).is_err());
    }

    #[test]
    fn fixed_fields_are_read_only_when_adding_and_versions_must_be_positive() {
        let reg = block("regulatory").expect("regulatory");
        let f = form(&[("status", "met"), ("source", "www.nhs.uk"), ("reason", "r")]);
        let edit = read_claim_form(reg, &f, None, false).expect("edit");
        assert!(edit.values.iter().all(|(s, _)| s.name != "essential_id"));
        assert!(read_claim_form(reg, &f, None, true).is_err());
        assert_eq!(read_version(&form(&[("version", "3")])), Some(3));
        assert_eq!(read_version(&form(&[("version", "0")])), None);
        assert_eq!(read_version(&form(&[("version", "x")])), None);
    }
}
