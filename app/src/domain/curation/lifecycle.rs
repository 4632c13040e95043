//! A technology's place in the catalogue: a draft until a curator publishes
//! it against the inclusion rule, then listed until withdrawn with a reason.
//! The new-technology form is read here; the SQL is in `db::lifecycle`.

use super::form::{read_reason, trimmed as get};
use crate::domain::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a technology is in the catalogue (the `catalogue_status` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CatalogueStatus {
    /// Being prepared by curators: in no public view.
    Draft,
    /// In the catalogue.
    Listed,
    /// In the catalogue, with its inclusion basis being looked at again.
    UnderReview,
    /// No longer listed: its page stays, with the reason.
    Withdrawn,
}

impl CatalogueStatus {
    /// Every status.
    pub const ALL: [Self; 4] = [
        Self::Draft,
        Self::Listed,
        Self::UnderReview,
        Self::Withdrawn,
    ];

    /// The stored id.
    pub fn id(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Listed => "listed",
            Self::UnderReview => "under_review",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// From the stored id.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.id() == s)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft (not published)",
            Self::Listed => "Listed",
            Self::UnderReview => "Listed, under review",
            Self::Withdrawn => "No longer listed",
        }
    }

    /// In the catalogue's search, facets, counts and exports (the SQL
    /// function `is_listed` says the same).
    pub fn is_listed(self) -> bool {
        matches!(self, Self::Listed | Self::UnderReview)
    }
}

/// A technology's status with when it last changed and, when withdrawn, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// The status.
    pub status: CatalogueStatus,
    /// When it was created as a draft, published or withdrawn in the app.
    pub changed_on: Option<NaiveDate>,
    /// Why it is no longer listed.
    pub withdrawn_reason: Option<String>,
}

impl Listing {
    /// "Status: Draft (not published) since 6 December 2026", "Status: No
    /// longer listed since …: the reason".
    pub fn sentence(&self) -> String {
        let since = self
            .changed_on
            .map(|d| format!(" since {}", crate::domain::long_date(d)))
            .unwrap_or_default();
        let reason = self
            .withdrawn_reason
            .as_ref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        format!("Status: {}{since}{reason}", self.status.label())
    }
}

/// The inclusion rule's bases, as stored in `technology.inclusion_basis`.
pub const BASES: [(&str, &str); 2] = [
    ("nice_guidance", "NICE guidance or briefing"),
    ("nhs_deployment", "at least one documented NHS deployment"),
];

/// The inclusion basis in plain words ("NICE guidance or briefing, and at
/// least one documented NHS deployment"); `None` when it meets neither.
pub fn basis_sentence(basis: &[String]) -> Option<String> {
    let met: Vec<&str> = BASES
        .iter()
        .filter(|(id, _)| basis.iter().any(|b| b == id))
        .map(|(_, label)| *label)
        .collect();
    let mut sentence = met.join(", and ");
    if let Some(first) = sentence.get(0..1) {
        let upper = first.to_uppercase();
        sentence.replace_range(0..1, &upper);
        Some(sentence)
    } else {
        None
    }
}

/// The longest name accepted.
pub const MAX_NAME: usize = 200;
/// The longest slug (the column's check).
pub const MAX_SLUG: usize = 80;

/// A new technology as a curator typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTechnology {
    /// Name.
    pub name: String,
    /// The address, from the name unless typed.
    pub slug: String,
    /// Technology type id (checked against the list by the database).
    pub type_id: String,
    /// The supplier's name: linked to the supplier of that name, or a new one.
    pub supplier: Option<String>,
    /// One-line summary.
    pub summary: Option<String>,
    /// Clinical area.
    pub clinical_area: Option<String>,
    /// Uses AI.
    pub ai_enabled: bool,
    /// Why it is being added.
    pub reason: String,
}

/// The address for a name: lower-case words joined by `-`, at most
/// [`MAX_SLUG`] characters ("Kaia Back Pain" → `kaia-back-pain`).
pub fn slug_for(name: &str) -> String {
    let mut slug = String::new();
    for word in name
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let extra = usize::from(!slug.is_empty()) + word.len();
        if slug.len() + extra > MAX_SLUG {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug
}

fn optional(
    form: &[(String, String)],
    name: &str,
    label: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let v = get(form, name);
    if v.chars().count() > max {
        errors.push(FieldError::new(
            name,
            format!("{label} must be {max} characters or fewer"),
        ));
    }
    (!v.is_empty()).then(|| v.to_owned())
}

/// Reads the new-technology form; every error at once. `types` are the ids
/// of the technology types.
pub fn read_new_technology(
    form: &[(String, String)],
    types: &[String],
) -> Result<NewTechnology, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = get(form, "name");
    if name.is_empty() {
        errors.push(FieldError::new("name", "Enter the technology's name"));
    } else if name.chars().count() > MAX_NAME {
        errors.push(FieldError::new(
            "name",
            format!("The name must be {MAX_NAME} characters or fewer"),
        ));
    }
    let typed = get(form, "slug");
    let slug = if typed.is_empty() {
        slug_for(name)
    } else {
        typed.to_owned()
    };
    let valid_slug = crate::domain::TechnologySlug::parse(&slug).is_ok() && slug.len() <= MAX_SLUG;
    if !(valid_slug || typed.is_empty() && name.is_empty()) {
        errors.push(FieldError::new(
            "slug",
            "Enter an address of lower-case letters, digits and single hyphens (for example kaia-back-pain), at most 80 characters",
        ));
    }
    let type_id = get(form, "type");
    if !types.iter().any(|t| t == type_id) {
        errors.push(FieldError::new("type", "Select the type of technology"));
    }
    let supplier = optional(form, "supplier", "The supplier's name", 200, &mut errors);
    let summary = optional(form, "summary", "The summary", 4000, &mut errors);
    let clinical_area = optional(form, "clinical_area", "The clinical area", 300, &mut errors);
    let ai_enabled = !get(form, "ai_enabled").is_empty();
    let reason = read_reason(form, "reason").map_err(|e| errors.push(e)).ok();
    match reason {
        Some(reason) if errors.is_empty() => Ok(NewTechnology {
            name: name.to_owned(),
            slug,
            type_id: type_id.to_owned(),
            supplier,
            summary,
            clinical_area,
            ai_enabled,
            reason,
        }),
        _ => Err(errors),
    }
}

/// What a curator sees of a technology's place in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleView {
    /// (slug, name).
    pub technology: (String, String),
    /// Its status now.
    pub listing: Listing,
    /// The technology's version (the forms name it).
    pub version: i32,
    /// The inclusion bases its documented claims meet now.
    pub basis: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn slugs_come_from_names_within_the_limit() {
        assert_eq!(slug_for("Kaia Back Pain"), "kaia-back-pain");
        assert_eq!(slug_for("  AI: triage (v2)! "), "ai-triage-v2");
        assert_eq!(slug_for("Ünïcode only"), "n-code-only");
        let long = "word ".repeat(40);
        let slug = slug_for(&long);
        assert!(slug.len() <= MAX_SLUG && slug.ends_with("word"), "{slug}");
    }

    #[test]
    fn a_new_technology_needs_name_type_and_reason() {
        let types = vec!["digital_therapeutic".to_owned()];
        let errors =
            read_new_technology(&form(&[("slug", "Bad Slug")]), &types).expect_err("refused");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "slug", "type", "reason"]);
        let ok = read_new_technology(
            &form(&[
                ("name", "Example Tool"),
                ("type", "digital_therapeutic"),
                ("reason", "NICE published guidance"),
                ("ai_enabled", "on"),
            ]),
            &types,
        )
        .expect("accepted");
        assert_eq!(ok.slug, "example-tool");
        assert!(ok.ai_enabled && ok.supplier.is_none());
    }

    #[test]
    fn the_basis_is_said_in_words() {
        assert_eq!(basis_sentence(&[]), None);
        assert_eq!(
            basis_sentence(&["nhs_deployment".to_owned()]).as_deref(),
            Some("At least one documented NHS deployment")
        );
        assert_eq!(
            basis_sentence(&["nhs_deployment".to_owned(), "nice_guidance".to_owned()]).as_deref(),
            Some("NICE guidance or briefing, and at least one documented NHS deployment")
        );
    }
}
