//! What members and suppliers propose: a member's correction to a claim (or
//! an empty block), a supplier's evidence about its own technology. Both wait
//! for a curator, who applies one through the normal editor or rejects it
//! with a reason the author sees. The forms are read here; the SQL is in
//! `db::suggestions`.

use super::{
    BlockSpec, block, check_source,
    form::{read_reason, trimmed as get},
};
use crate::domain::FieldError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The blocks a supplier may propose evidence for: prices, regulatory
/// certificates and DTAC, IT (integration standards, hosting, data location),
/// workforce and training, estates.
pub const SUPPLIER_BLOCKS: [&str; 5] =
    ["cost", "regulatory_evidence", "it", "workforce", "estates"];

/// The block `id` if a supplier may propose for it.
pub fn supplier_block(id: &str) -> Option<&'static BlockSpec> {
    SUPPLIER_BLOCKS.contains(&id).then(|| block(id)).flatten()
}

/// Who proposed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuggestionKind {
    /// A member's correction.
    Correction,
    /// A supplier's evidence.
    Evidence,
}

impl SuggestionKind {
    /// The stored id.
    pub fn id(self) -> &'static str {
        match self {
            Self::Correction => "correction",
            Self::Evidence => "evidence",
        }
    }

    /// From the stored id.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Correction, Self::Evidence]
            .into_iter()
            .find(|k| k.id() == s)
    }

    /// The revision's credit when applied.
    pub fn credit(self) -> super::Credit {
        match self {
            Self::Correction => super::Credit::Member,
            Self::Evidence => super::Credit::Supplier,
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Correction => "Correction suggested by a member",
            Self::Evidence => "Evidence proposed by the supplier",
        }
    }
}

/// Where a suggestion is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuggestionState {
    /// Waiting for a curator.
    Pending,
    /// Applied by a curator.
    Accepted,
    /// Turned down, with a reason.
    Rejected,
}

impl SuggestionState {
    /// From the stored id.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "accepted" => Some(Self::Accepted),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Waiting for review",
            Self::Accepted => "Accepted",
            Self::Rejected => "Not accepted",
        }
    }
}

/// A suggestion as its author, or a curator, sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Its number.
    pub id: i64,
    /// Correction or evidence.
    pub kind: SuggestionKind,
    /// (slug, name) of the technology.
    pub technology: (String, String),
    /// The block id.
    pub block: String,
    /// The claim it corrects (`None`: an empty block, or new evidence).
    pub record_id: Option<i64>,
    /// The claim's text now, when it corrects one that is still live.
    pub current: Option<String>,
    /// What is wrong (corrections).
    pub what_is_wrong: Option<String>,
    /// The proposed text (evidence: the supplier's summary).
    pub proposed: String,
    /// Evidence: the block's fields as typed, by name.
    pub fields: Vec<(String, String)>,
    /// The source address given.
    pub source: String,
    /// When.
    pub suggested_at: DateTime<Utc>,
    /// Who (curators only; `None` for the author's own view).
    pub by: Option<String>,
    /// The viewer made it (a curator never reviews their own).
    pub mine: bool,
    /// Its state.
    pub state: SuggestionState,
    /// Why it was not accepted.
    pub reject_reason: Option<String>,
    /// When it was reviewed.
    pub reviewed_at: Option<DateTime<Utc>>,
}

impl Suggestion {
    /// The block's name ("Costs").
    pub fn block_label(&self) -> &'static str {
        block(&self.block).map_or("Record", |b| b.plural)
    }

    /// Where a curator applies it: the claim's editor, or the block's add
    /// form, with the suggestion named.
    pub fn apply_href(&self) -> String {
        match self.record_id {
            Some(id) => format!("/curator/claims/{}/{id}?suggestion={}", self.block, self.id),
            None => format!(
                "/curator/technologies/{}/add/{}?suggestion={}",
                self.technology.0, self.block, self.id
            ),
        }
    }
}

/// The suggestion form's address: for claim `claim` of `block`, or (no
/// claim) for the block of technology `technology`.
pub fn suggest_href(block: &str, claim: Option<i64>, technology: &str) -> String {
    use crate::domain::encode;
    match claim {
        Some(id) => format!("/suggest?block={}&claim={id}", encode(block)),
        None => format!(
            "/suggest?block={}&technology={}",
            encode(block),
            encode(technology)
        ),
    }
}

/// What a member is correcting, for the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestTarget {
    /// (slug, name).
    pub technology: (String, String),
    /// The block id.
    pub block: String,
    /// The claim (`None`: the block is empty, or something missing from it).
    pub record_id: Option<i64>,
    /// The claim's text now.
    pub current: Option<String>,
}

impl SuggestTarget {
    /// The block's name.
    pub fn block_label(&self) -> &'static str {
        block(&self.block).map_or("Record", |b| b.plural)
    }
}

/// The longest "what is wrong".
pub const MAX_WRONG: usize = 2000;
/// The longest proposed text.
pub const MAX_PROPOSED: usize = 4000;
/// The longest source address.
pub const MAX_SOURCE_URL: usize = 500;

/// A member's correction, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// What is wrong.
    pub what_is_wrong: String,
    /// The proposed text.
    pub proposed: String,
    /// Where it can be checked.
    pub source: String,
}

fn required(
    form: &[(String, String)],
    name: &str,
    empty: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    let v = get(form, name);
    if v.is_empty() {
        errors.push(FieldError::new(name, empty));
    } else if v.chars().count() > max {
        errors.push(FieldError::new(
            name,
            format!("This must be {max} characters or fewer"),
        ));
    }
    v.to_owned()
}

/// A source address: one `https://` address, bounded.
pub fn read_source_url(form: &[(String, String)], errors: &mut Vec<FieldError>) -> String {
    let v = get(form, "source");
    let message = if v.is_empty() {
        Some("Enter the address where this can be checked".to_owned())
    } else if v.chars().count() > MAX_SOURCE_URL {
        Some(format!(
            "The address must be {MAX_SOURCE_URL} characters or fewer"
        ))
    } else if !v.starts_with("https://") || v.contains(char::is_whitespace) || v.len() < 12 {
        Some("Enter one web address starting with https://".to_owned())
    } else {
        check_source(v).err()
    };
    if let Some(m) = message {
        errors.push(FieldError::new("source", m));
    }
    v.to_owned()
}

/// Reads a member's correction form; every error at once.
pub fn read_correction(form: &[(String, String)]) -> Result<Correction, Vec<FieldError>> {
    let mut errors = Vec::new();
    let what_is_wrong = required(
        form,
        "what_is_wrong",
        "Say what is wrong or missing",
        MAX_WRONG,
        &mut errors,
    );
    let proposed = required(
        form,
        "proposed",
        "Enter the text you propose",
        MAX_PROPOSED,
        &mut errors,
    );
    let source = read_source_url(form, &mut errors);
    if errors.is_empty() {
        Ok(Correction {
            what_is_wrong,
            proposed,
            source,
        })
    } else {
        Err(errors)
    }
}

/// A curator's reason for not accepting (shown to the author).
pub fn read_reject_reason(form: &[(String, String)]) -> Result<String, FieldError> {
    read_reason(form, "reject_reason").map_err(|_| {
        FieldError::new(
            "reject_reason",
            "Enter why it is not accepted (the author sees it), in 500 characters or fewer",
        )
    })
}

/// A supplier's evidence: the block's fields as typed (only the block's own
/// field names, each bounded by its specification when the curator applies
/// it), the summary and the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The block's fields, by name, as typed.
    pub fields: Vec<(String, String)>,
    /// The supplier's summary for the catalogue team.
    pub proposed: String,
    /// Where it can be checked.
    pub source: String,
}

/// Reads a supplier's evidence form for block `spec`: every field is checked
/// as a curator's would be, so what reaches the queue can be applied.
pub fn read_evidence(
    spec: &BlockSpec,
    form: &[(String, String)],
) -> Result<Evidence, Vec<FieldError>> {
    let mut errors = Vec::new();
    for field in spec.fields {
        if let Err(e) = field.read(get(form, field.name)) {
            errors.push(e);
        }
    }
    let proposed = required(
        form,
        "proposed",
        "Say what this is and where it comes from, for the catalogue team",
        MAX_PROPOSED,
        &mut errors,
    );
    let source = read_source_url(form, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let fields = spec
        .fields
        .iter()
        .map(|f| (f.name.to_owned(), get(form, f.name).to_owned()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    Ok(Evidence {
        fields,
        proposed,
        source,
    })
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
    fn a_correction_needs_what_is_wrong_the_text_and_an_https_source() {
        let errors =
            read_correction(&form(&[("source", "javascript:alert(1)")])).expect_err("refused");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["what_is_wrong", "proposed", "source"]);
        let long = "x".repeat(MAX_WRONG + 1);
        let errors = read_correction(&form(&[
            ("what_is_wrong", &long),
            ("proposed", "p"),
            ("source", "https://www.nice.org.uk/guidance/mtg32"),
        ]))
        .expect_err("refused");
        assert_eq!(errors.len(), 1);
        let ok = read_correction(&form(&[
            ("what_is_wrong", " The price changed "),
            ("proposed", "£30 a year"),
            ("source", "https://example.nhs.uk/prices"),
        ]))
        .expect("accepted");
        assert_eq!(ok.what_is_wrong, "The price changed");
    }

    #[test]
    fn suppliers_propose_only_their_blocks_with_checked_fields() {
        assert!(supplier_block("cost").is_some());
        assert!(
            supplier_block("deployment").is_none(),
            "not their own deployments"
        );
        assert!(supplier_block("benefit").is_none());
        let cost = supplier_block("cost").expect("cost");
        let refused =
            read_evidence(cost, &form(&[("amount_low_pence", "lots")])).expect_err("refused");
        assert!(refused.iter().any(|e| e.field == "amount_low_pence"));
        assert!(refused.iter().any(|e| e.field == "statement"));
        let ok = read_evidence(
            cost,
            &form(&[
                ("statement", "£24 per user a year"),
                ("amount_low_pence", "24"),
                ("proposed", "Our 2026 price list"),
                ("source", "https://supplier.example/prices"),
                ("not_a_field", "dropped"),
            ]),
        )
        .expect("accepted");
        assert!(ok.fields.iter().all(|(k, _)| k != "not_a_field"));
        assert_eq!(ok.fields.len(), 2);
    }
}
