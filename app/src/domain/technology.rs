//! What the list and the technology page show about a technology.

use super::TechnologySlug;
use serde::{Deserialize, Serialize};

/// A statement from the reference data with its verification flag. `value` is
/// `None` when the source did not document it; the UI then says so instead of
/// leaving a blank or guessing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedText {
    /// The statement, if documented.
    pub value: Option<String>,
    /// Whether the statement was seen in the cited source.
    pub verified: bool,
    /// Why the value is missing or qualified, from the reference data.
    pub note: Option<String>,
}

/// One row of the catalogue list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnologySummary {
    /// URL identifier.
    pub slug: TechnologySlug,
    /// Product name.
    pub name: String,
    /// Supplier (company or developer), where documented.
    pub supplier: VerifiedText,
    /// Label of the technology type.
    pub technology_type: String,
    /// One-line summary, where documented.
    pub summary: VerifiedText,
}

/// The technology page (this first slice grows with the full data model).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnologyDetail {
    /// The fields the list shows.
    pub summary: TechnologySummary,
    /// Where the facts about this technology come from (URLs without scheme,
    /// or `github:owner/repo path` references), in the order of the reference data.
    pub sources: Vec<String>,
}
