//! Row structs as Postgres returns them, and their conversion into domain types.
//! Keeping these apart from `domain` lets the schema change without changing the
//! wire format.

use crate::domain::{TechnologySlug, TechnologySummary, VerifiedText};

/// A technology joined with its type label.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct TechnologyRow {
    pub slug: String,
    pub name: String,
    pub supplier: Option<String>,
    pub supplier_verified: bool,
    pub supplier_note: Option<String>,
    pub type_label: String,
    pub summary: Option<String>,
    pub summary_verified: bool,
    pub summary_note: Option<String>,
    pub sources: Vec<String>,
}

impl TechnologyRow {
    /// Converts into the list shape. A slug that fails validation means the
    /// database holds data the constraints should have refused.
    pub fn into_summary(self) -> Result<(TechnologySummary, Vec<String>), sqlx::Error> {
        let slug =
            TechnologySlug::parse(&self.slug).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        Ok((
            TechnologySummary {
                slug,
                name: self.name,
                supplier: VerifiedText {
                    value: self.supplier,
                    verified: self.supplier_verified,
                    note: self.supplier_note,
                },
                technology_type: self.type_label,
                summary: VerifiedText {
                    value: self.summary,
                    verified: self.summary_verified,
                    note: self.summary_note,
                },
            },
            self.sources,
        ))
    }
}
