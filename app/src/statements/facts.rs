//! What the statements state, as plain data: the operator's details, the
//! cookies and the retention periods, each read from the code that enforces
//! it (never typed twice).

use serde::{Deserialize, Serialize};

/// The longest operator setting accepted.
pub const MAX_SETTING: usize = 500;

/// Who runs this copy of the service, from its settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    /// `DATA_CONTROLLER`: the organisation responsible for the personal data.
    pub controller: Option<String>,
    /// `DATA_PROTECTION_CONTACT`: how to reach them (an email address or page).
    pub contact: Option<String>,
    /// `LAWFUL_BASIS`: the UK GDPR lawful basis for the processing.
    pub lawful_basis: Option<String>,
}

impl Operator {
    /// Reads the three settings through `var`; an empty one is unset; one
    /// longer than [`MAX_SETTING`] characters is an error naming it.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let read = |name: &str| -> Result<Option<String>, String> {
            match var(name).map(|v| v.trim().to_owned()) {
                Some(v) if v.chars().count() > MAX_SETTING => {
                    Err(format!("{name} is longer than {MAX_SETTING} characters"))
                }
                Some(v) if !v.is_empty() => Ok(Some(v)),
                _ => Ok(None),
            }
        };
        Ok(Self {
            controller: read("DATA_CONTROLLER")?,
            contact: read("DATA_PROTECTION_CONTACT")?,
            lawful_basis: read("LAWFUL_BASIS")?,
        })
    }
}

/// One cookie the server sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CookieFact {
    /// Its name, exactly as sent.
    pub name: String,
    /// What it is for.
    pub purpose: String,
    /// How long it lasts.
    pub lifetime: String,
}

/// How long personal data is kept, as the code enforces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// A session ends after this many minutes without use.
    pub session_idle_minutes: i32,
    /// And after this many hours at most.
    pub session_hours: i32,
    /// Sign-in attempt counters (address and network address) are deleted
    /// after this many minutes.
    pub sign_in_window_minutes: i32,
    /// A contact's consent is re-confirmed after this many months, or the
    /// contact is hidden.
    pub contact_reconfirm_months: i32,
    /// Email sent is deleted this many days after sending.
    pub mail_days: i32,
    /// A password reset link works for this many minutes.
    pub reset_minutes: i32,
    /// An email change link works for this many hours.
    pub email_change_hours: i32,
    /// The code step of a two-factor sign-in lasts this many minutes.
    pub challenge_minutes: i32,
}

/// Everything the three statements need from the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementFacts {
    /// The operator's details.
    pub operator: Operator,
    /// The cookies, in the order a visitor meets them.
    pub cookies: Vec<CookieFact>,
    /// Retention periods.
    pub retention: Retention,
}

/// "to be completed by the operator" for an unset setting.
pub fn or_to_complete(value: &Option<String>) -> String {
    value
        .clone()
        .unwrap_or_else(|| "To be completed by the operator of this service.".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_settings_are_trimmed_bounded_and_optional() {
        let op = Operator::from_vars(|name| match name {
            "DATA_CONTROLLER" => Some("  NHS Example ICB ".to_owned()),
            "LAWFUL_BASIS" => Some(String::new()),
            _ => None,
        })
        .expect("valid");
        assert_eq!(op.controller.as_deref(), Some("NHS Example ICB"));
        assert_eq!(op.contact, None);
        assert_eq!(op.lawful_basis, None);
        assert!(or_to_complete(&op.contact).contains("To be completed"));
        let long = Operator::from_vars(|name| {
            (name == "DATA_PROTECTION_CONTACT").then(|| "x".repeat(501))
        });
        assert!(
            long.expect_err("too long")
                .contains("DATA_PROTECTION_CONTACT")
        );
    }
}
