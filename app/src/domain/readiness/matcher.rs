//! Reading requirement texts: each claim's words (and the facts its structured
//! fields state) with its source, whole-word matching, and the line builder
//! that turns an unverified claim's result into "unknown".

use super::{Area, Quote, ReadinessLine, Status};
use crate::domain::{Claim, DataLocation, Hosting, InfraItem, OrgContext};

/// One requirement text with where it came from. `facts` is what the source
/// states in structured fields (standards, hosting, data location), written so
/// the same rules read it; the quote is always the claim's own words.
pub(super) struct Text<'a> {
    pub(super) text: &'a str,
    pub(super) facts: String,
    pub(super) source: &'a str,
    pub(super) verified: bool,
}

impl Text<'_> {
    fn quote(&self) -> Quote {
        Quote {
            text: self.text.to_owned(),
            source: self.source.to_owned(),
            verified: self.verified,
        }
    }
}

pub(super) fn texts<T>(claims: &[Claim<T>], text: impl Fn(&T) -> &str) -> Vec<Text<'_>> {
    claims
        .iter()
        .map(|c| Text {
            text: text(&c.value),
            facts: String::new(),
            source: &c.provenance.source,
            verified: c.provenance.verified,
        })
        .collect()
}

/// IT claims with their structured facts: the standards the source lists,
/// "hosted in the cloud", "data held in the UK" / "in the US".
pub(super) fn infra_texts(claims: &[Claim<InfraItem>]) -> Vec<Text<'_>> {
    claims
        .iter()
        .map(|c| {
            let i = &c.value;
            let mut facts: Vec<String> = Vec::new();
            if i.standards_stated {
                facts.extend(i.standards.iter().cloned());
            }
            if i.hosting == Some(Hosting::Cloud) {
                facts.push("hosted in the cloud".to_owned());
            }
            match i.data_location {
                Some(DataLocation::Uk) => facts.push("data held in the UK".to_owned()),
                Some(DataLocation::Us) => facts.push("data held in the US".to_owned()),
                Some(DataLocation::Eu) => facts.push("data held in the EU".to_owned()),
                None => {}
            }
            Text {
                text: &i.statement,
                facts: facts.join("; "),
                source: &c.provenance.source,
                verified: c.provenance.verified,
            }
        })
        .collect()
}

/// `needle` in `hay` as a whole word (ASCII letters and digits around it end it).
pub(super) fn has_word(hay: &str, needle: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
    hay.match_indices(needle).any(|(i, m)| {
        boundary(hay[..i].chars().next_back()) && boundary(hay[i + m.len()..].chars().next())
    })
}

pub(super) fn has_word_ci(hay: &str, needle: &str) -> bool {
    has_word(&hay.to_lowercase(), &needle.to_lowercase())
}

/// What the texts matching `pred` say: their quotes, and whether all are verified.
pub(super) fn matching(
    texts: &[Text<'_>],
    pred: impl Fn(&str) -> bool,
) -> Option<(Vec<Quote>, bool)> {
    let hits: Vec<&Text<'_>> = texts
        .iter()
        .filter(|t| pred(t.text) || (!t.facts.is_empty() && pred(&t.facts)))
        .collect();
    (!hits.is_empty()).then(|| {
        (
            hits.iter().map(|t| t.quote()).collect(),
            hits.iter().all(|t| t.verified),
        )
    })
}

/// A text test for one rule.
pub(super) type Rule = fn(&str) -> bool;

/// Builds lines; an unverified claim turns a would-be result into unknown.
pub(super) struct Lines<'c> {
    pub(super) ctx: &'c OrgContext,
    pub(super) out: Vec<ReadinessLine>,
}

impl Lines<'_> {
    pub(super) fn push(
        &mut self,
        area: Area,
        requirement: &str,
        evidence: Option<(Vec<Quote>, bool)>,
        key: Option<&str>,
        status: Status,
        action: &str,
    ) {
        let (evidence, verified) = evidence.unwrap_or((Vec::new(), true));
        let (status, action) = if !verified
            && matches!(status, Status::MinorGap | Status::MajorGap | Status::Met)
        {
            (
                Status::Unknown,
                "The claim behind this requirement is not yet verified in its source; ask the supplier to confirm it.".to_owned(),
            )
        } else if status == Status::Met {
            (status, String::new())
        } else {
            (status, action.to_owned())
        };
        self.out.push(ReadinessLine {
            area,
            requirement: requirement.to_owned(),
            evidence,
            yours: key.map_or_else(|| "–".to_owned(), |k| self.ctx.describe(k)),
            status,
            action,
        });
    }

    /// Met when `key`'s list holds any of `wanted`; a gap when answered
    /// without them; unknown when not answered.
    pub(super) fn list_has(&self, key: &str, wanted: &[&str], gap: Status) -> Status {
        match self.ctx.list(key) {
            None => Status::Unknown,
            Some(items) if items.iter().any(|i| wanted.contains(&i.as_str())) => Status::Met,
            Some(_) => gap,
        }
    }

    pub(super) fn yes_no(&self, key: &str, gap: Status) -> Status {
        match self.ctx.choice(key) {
            Some("y") => Status::Met,
            Some(_) => gap,
            None => Status::Unknown,
        }
    }
}
