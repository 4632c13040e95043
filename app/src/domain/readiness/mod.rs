//! "Is it right for us?": a technology's documented requirements checked
//! against an organisation's context, one line per requirement with met, gap
//! or unknown, and for each gap what it takes to close it.
//!
//! Requirements come only from stored claims: a line cites the claim that
//! supports it. Where the claims say nothing the line is "unknown" and says
//! what to ask; a claim not yet verified in its source also counts as unknown.
//! An unanswered question is unknown too, never met. The deployer's own duties
//! (Clinical Safety Officer, DSPT, a DCB0160 safety case, a DPIA) apply to every
//! technology, by rule.

mod matcher;
mod rules;

pub use rules::assess;

use super::{Claim, EvidenceItem, InfraItem, TechnologyDetail, WorkforceItem};
use serde::{Deserialize, Serialize};

/// What a readiness line is about, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Area {
    /// IT and integration standards.
    Integration,
    /// Sign-in for staff and patients.
    Identity,
    /// Where the data are hosted.
    Hosting,
    /// Buildings, rooms, power, works, equipment.
    Estates,
    /// Roles needed.
    Workforce,
    /// Training time.
    Training,
    /// The deployer's regulatory duties.
    Duties,
}

impl Area {
    /// Every area, in order.
    pub const ALL: [Self; 7] = [
        Self::Integration,
        Self::Identity,
        Self::Hosting,
        Self::Estates,
        Self::Workforce,
        Self::Training,
        Self::Duties,
    ];

    /// Heading.
    pub fn label(self) -> &'static str {
        match self {
            Self::Integration => "IT and integration",
            Self::Identity => "Identity",
            Self::Hosting => "Hosting",
            Self::Estates => "Estates",
            Self::Workforce => "Workforce",
            Self::Training => "Training",
            Self::Duties => "Your regulatory duties",
        }
    }
}

/// A line's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// The organisation has what it needs.
    Met,
    /// A gap closed by the deployer's routine work (a room, training time, a CSO).
    MinorGap,
    /// A gap that needs a policy change, works, a new capability or the supplier.
    MajorGap,
    /// Not documented, not verified, or not answered.
    Unknown,
    /// Always needed before go-live; not scored.
    BeforeGoLive,
}

impl Status {
    /// As shown in the table.
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "Met",
            Self::MinorGap => "Minor gap",
            Self::MajorGap => "Gap",
            Self::Unknown => "Unknown",
            Self::BeforeGoLive => "Before go-live",
        }
    }

    /// NHS.UK tag colour modifier.
    pub fn tag_class(self) -> &'static str {
        match self {
            Self::Met => "nhsuk-tag nhsuk-tag--green",
            Self::MinorGap => "nhsuk-tag nhsuk-tag--yellow",
            Self::MajorGap => "nhsuk-tag nhsuk-tag--red",
            Self::Unknown => "nhsuk-tag nhsuk-tag--grey",
            Self::BeforeGoLive => "nhsuk-tag nhsuk-tag--blue",
        }
    }
}

/// The claim behind a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The claim's text.
    pub text: String,
    /// Its source.
    pub source: String,
    /// Seen in the source.
    pub verified: bool,
}

/// One requirement checked against the context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadinessLine {
    /// What it is about.
    pub area: Area,
    /// The requirement in plain English.
    pub requirement: String,
    /// The claims it rests on (none for rules that apply to everyone or for
    /// "not documented").
    pub evidence: Vec<Quote>,
    /// What the organisation said, in words.
    pub yours: String,
    /// The result.
    pub status: Status,
    /// For a gap, what closes it; for unknown, what to find out.
    pub action: String,
}

/// The texts requirements are read from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementSources {
    /// IT requirements.
    pub it: Vec<Claim<InfraItem>>,
    /// Estates requirements.
    pub estates: Vec<Claim<InfraItem>>,
    /// Workforce requirements.
    pub workforce: Vec<Claim<WorkforceItem>>,
    /// Evidence items of kind `infrastructure` or `regulatory_expectation`.
    pub evidence: Vec<Claim<EvidenceItem>>,
}

impl RequirementSources {
    /// The evidence kinds that state requirements.
    pub const EVIDENCE_KINDS: [&str; 2] = ["infrastructure", "regulatory_expectation"];

    /// The sources on a technology page.
    pub fn of(t: &TechnologyDetail) -> Self {
        Self {
            it: t.it.clone(),
            estates: t.estates.clone(),
            workforce: t.workforce.clone(),
            evidence: t
                .evidence
                .iter()
                .filter(|e| Self::EVIDENCE_KINDS.contains(&e.value.kind.as_str()))
                .cloned()
                .collect(),
        }
    }
}

/// How many lines of each result (before-go-live lines are not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Tally {
    /// Met.
    pub met: usize,
    /// Minor gaps.
    pub minor: usize,
    /// Other gaps.
    pub major: usize,
    /// Unknown.
    pub unknown: usize,
}

impl Tally {
    /// "1 gap, 2 minor gaps, 5 unknown, 3 met".
    pub fn summary(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        [
            plural(self.major, "gap", "gaps"),
            plural(self.minor, "minor gap", "minor gaps"),
            format!("{} unknown", self.unknown),
            format!("{} met", self.met),
        ]
        .join(", ")
    }
}

/// The catalogue's readiness filter (`ready=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReadyFilter {
    /// Every requirement met.
    Yes,
    /// Only minor gaps, nothing unknown.
    Minor,
    /// No known gaps; some requirements not documented or not answered.
    NoGap,
    /// No gap beyond minor ones; unknowns allowed.
    NoMajor,
}

impl ReadyFilter {
    /// Every option, in the order shown.
    pub const ALL: [Self; 4] = [Self::Yes, Self::Minor, Self::NoGap, Self::NoMajor];

    /// URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::Minor => "minor",
            Self::NoGap => "nogap",
            Self::NoMajor => "nomajor",
        }
    }

    /// From a URL value.
    pub fn parse(v: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == v)
    }

    /// Label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Yes => "Ready for us: every requirement met",
            Self::Minor => "Ready with minor gaps",
            Self::NoGap => "No known gaps (some requirements not documented)",
            Self::NoMajor => "No major gaps known (minor gaps or unknowns)",
        }
    }

    /// Whether a technology with `tally` passes.
    pub fn accepts(self, t: Tally) -> bool {
        match self {
            Self::Yes => t.major == 0 && t.minor == 0 && t.unknown == 0,
            Self::Minor => t.major == 0 && t.unknown == 0,
            Self::NoGap => t.major == 0 && t.minor == 0,
            Self::NoMajor => t.major == 0,
        }
    }
}

/// The readiness check of one technology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    /// Lines in area order.
    pub lines: Vec<ReadinessLine>,
}

impl Readiness {
    /// Counts of the scored lines.
    pub fn tally(&self) -> Tally {
        let mut t = Tally::default();
        for l in &self.lines {
            match l.status {
                Status::Met => t.met += 1,
                Status::MinorGap => t.minor += 1,
                Status::MajorGap => t.major += 1,
                Status::Unknown => t.unknown += 1,
                Status::BeforeGoLive => {}
            }
        }
        t
    }

    /// The lines of one area.
    pub fn area(&self, area: Area) -> Vec<&ReadinessLine> {
        self.lines.iter().filter(|l| l.area == area).collect()
    }

    /// The worst result in an area, for the comparison matrix: a gap beats
    /// unknown beats met.
    pub fn area_summary(&self, area: Area) -> String {
        let lines = self.area(area);
        let count = |s: Status| lines.iter().filter(|l| l.status == s).count();
        let parts: Vec<String> = [
            (Status::MajorGap, "gap"),
            (Status::MinorGap, "minor gap"),
            (Status::Unknown, "unknown"),
            (Status::Met, "met"),
            (Status::BeforeGoLive, "before go-live"),
        ]
        .into_iter()
        .filter(|(s, _)| count(*s) > 0)
        .map(|(s, word)| format!("{} {word}", count(s)))
        .collect();
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_follow_the_tally() {
        let t = |met, minor, major, unknown| Tally {
            met,
            minor,
            major,
            unknown,
        };
        assert!(ReadyFilter::Yes.accepts(t(5, 0, 0, 0)));
        assert!(!ReadyFilter::Yes.accepts(t(5, 1, 0, 0)));
        assert!(ReadyFilter::Minor.accepts(t(5, 1, 0, 0)));
        assert!(!ReadyFilter::Minor.accepts(t(5, 1, 0, 1)));
        assert!(ReadyFilter::NoGap.accepts(t(5, 0, 0, 3)));
        assert!(!ReadyFilter::NoGap.accepts(t(5, 1, 0, 3)));
        assert!(ReadyFilter::NoMajor.accepts(t(0, 2, 0, 3)));
        assert!(!ReadyFilter::NoMajor.accepts(t(9, 0, 1, 0)));
        for f in ReadyFilter::ALL {
            assert_eq!(ReadyFilter::parse(f.as_str()), Some(f));
        }
        assert_eq!(
            t(1, 2, 1, 0).summary(),
            "1 gap, 2 minor gaps, 0 unknown, 1 met"
        );
    }
}
