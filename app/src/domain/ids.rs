//! Identifier newtypes. A value of one of these types has been validated, so code
//! that holds one never re-checks it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a value could not become a domain type. The text is safe to show a user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// A technology slug that cannot exist (wrong characters or length).
    #[error("“{0}” is not a valid technology address")]
    InvalidSlug(String),
}

/// The URL-safe identifier of a technology, e.g. `heartflow-ffrct`: lowercase
/// ASCII letters and digits in groups joined by single hyphens, 1–80 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(value_type = String, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$"))]
pub struct TechnologySlug(String);

impl TechnologySlug {
    /// Longest slug accepted; longer input is rejected rather than truncated.
    pub const MAX_LEN: usize = 80;

    /// Validates `raw` as a slug.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let ok = !raw.is_empty()
            && raw.len() <= Self::MAX_LEN
            && raw.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(DomainError::InvalidSlug(
                raw.chars().take(Self::MAX_LEN).collect(),
            ))
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path of this technology's page.
    pub fn href(&self) -> String {
        format!("/technologies/{}", self.0)
    }
}

impl fmt::Display for TechnologySlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for TechnologySlug {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<TechnologySlug> for String {
    fn from(value: TechnologySlug) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_words_joined_by_hyphens() {
        for ok in ["heartflow-ffrct", "a", "x2", "mtg-32-b"] {
            assert_eq!(
                TechnologySlug::parse(ok).map(|s| s.to_string()),
                Ok(ok.to_owned())
            );
        }
    }

    #[test]
    fn rejects_anything_that_is_not_a_slug() {
        let too_long = "a".repeat(TechnologySlug::MAX_LEN + 1);
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "A",
            "a b",
            "a/b",
            "é",
            "a_b",
            too_long.as_str(),
        ] {
            assert!(
                TechnologySlug::parse(bad).is_err(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn deserialising_validates() {
        let err = serde_json::from_str::<TechnologySlug>("\"Not A Slug\"");
        assert!(err.is_err());
        let ok: TechnologySlug = serde_json::from_str("\"dora\"").expect("valid slug");
        assert_eq!(ok.href(), "/technologies/dora");
    }
}
