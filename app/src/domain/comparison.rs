//! The comparison of 2–4 technologies: its URL state (`/compare?tech=a&tech=b&diff=1`)
//! and the matrix built from the technologies' claims, row by row in the order an
//! ICB decides, with the rows whose columns differ marked.

use super::{
    Area, CHECKLIST_ESSENTIALS, Claim, DeploymentKind, Freshness, OrgContext, RequirementSources,
    TechnologyDetail, TechnologySlug, VerifiedText, assess, form_pairs,
};
use serde::{Deserialize, Serialize};

/// Most technologies in one comparison.
pub const MAX_COMPARE: usize = 4;

/// Most slugs a notice names (of those not found, or over the maximum).
pub const MAX_NOTED: usize = 10;

/// The comparison's view state, in column order. It travels as its canonical
/// query string, read back by the URL's parser (so never more than
/// [`MAX_COMPARE`] technologies, whatever the entry point).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub struct CompareQuery {
    /// Technology slugs, in column order, distinct, at most [`MAX_COMPARE`].
    pub techs: Vec<String>,
    /// Hide rows where every column says the same.
    pub only_differences: bool,
    /// The organisation's context for the readiness rows.
    pub ctx: OrgContext,
}

/// Something to tell the user about a comparison link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompareNotice {
    /// These were not found (unknown, retired or malformed) and were left out.
    NotFound(Vec<String>),
    /// More than the maximum: these were left out.
    TooMany(Vec<String>),
    /// Part of the organisation details could not be read (the message says which).
    Context(String),
}

impl CompareNotice {
    /// Plain-English text.
    pub fn message(&self) -> String {
        match self {
            Self::NotFound(slugs) => format!(
                "Not found, so left out of the comparison: {}.",
                slugs.join(", ")
            ),
            Self::TooMany(slugs) => format!(
                "You can compare at most {MAX_COMPARE} technologies, so {} {} not added.",
                slugs.join(", "),
                if slugs.len() == 1 { "was" } else { "were" }
            ),
            Self::Context(message) => message.clone(),
        }
    }
}

impl From<String> for CompareQuery {
    fn from(raw: String) -> Self {
        Self::parse_query_string(&raw).0
    }
}

impl From<CompareQuery> for String {
    fn from(q: CompareQuery) -> Self {
        q.to_query_string()
    }
}

impl CompareQuery {
    /// Parses a raw query string: `tech` repeated, `diff=1`. Malformed slugs are
    /// reported as not found, duplicates collapse, and past the maximum the rest
    /// are left out with a notice. Unknown keys are ignored.
    pub fn parse_query_string(raw: &str) -> (Self, Vec<CompareNotice>) {
        Self::from_values(
            form_pairs(raw)
                .into_iter()
                .filter_map(|(k, v)| match k.as_str() {
                    "tech" | "compare" => Some(Tech(v)),
                    "diff" => Some(Diff(v == "1")),
                    "ctx" => Some(Ctx(v)),
                    _ => None,
                }),
        )
    }

    fn from_values(values: impl IntoIterator<Item = Param>) -> (Self, Vec<CompareNotice>) {
        let mut query = Self::default();
        let (mut bad, mut over) = (Vec::new(), Vec::new());
        let mut ctx_notices = Vec::new();
        for value in values {
            match value {
                Diff(on) => query.only_differences = on,
                Ctx(raw) => {
                    let (ctx, messages) = OrgContext::parse(&raw);
                    query.ctx = ctx;
                    ctx_notices.extend(messages.into_iter().map(CompareNotice::Context));
                }
                Tech(slug) => {
                    let slug = slug.trim().to_owned();
                    if slug.is_empty() || query.techs.contains(&slug) || over.contains(&slug) {
                        continue;
                    }
                    // The notices name at most MAX_NOTED of each, so a link with
                    // thousands of slugs costs linear time, not quadratic.
                    if TechnologySlug::parse(&slug).is_err() {
                        if bad.len() < MAX_NOTED && !bad.contains(&slug) {
                            bad.push(slug);
                        }
                    } else if query.techs.len() == MAX_COMPARE {
                        if over.len() < MAX_NOTED {
                            over.push(slug);
                        }
                    } else {
                        query.techs.push(slug);
                    }
                }
            }
        }
        let mut notices = Vec::new();
        if !bad.is_empty() {
            notices.push(CompareNotice::NotFound(bad));
        }
        if !over.is_empty() {
            notices.push(CompareNotice::TooMany(over));
        }
        notices.extend(ctx_notices);
        (query, notices)
    }

    /// The canonical query string: `tech` in column order, then `diff=1`.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = self.techs.iter().map(|t| format!("tech={t}")).collect();
        if self.only_differences {
            parts.push("diff=1".to_owned());
        }
        if !self.ctx.is_empty() {
            parts.push(format!("ctx={}", self.ctx.encode()));
        }
        parts.join("&")
    }

    /// The comparison page for this state.
    pub fn href(&self) -> String {
        match self.to_query_string() {
            s if s.is_empty() => "/compare".to_owned(),
            s => format!("/compare?{s}"),
        }
    }

    /// The catalogue with these technologies in its comparison tray.
    pub fn catalogue_href(&self) -> String {
        with_tray("/technologies", &self.techs, &self.ctx)
    }

    /// Without `slug`.
    pub fn without(&self, slug: &str) -> Self {
        Self {
            techs: self.techs.iter().filter(|t| *t != slug).cloned().collect(),
            ..self.clone()
        }
    }

    /// With `slug` added at the end, unless it is there already or the
    /// comparison is full (then unchanged).
    pub fn with(&self, slug: &str) -> Self {
        let mut next = self.clone();
        if !next.techs.iter().any(|t| t == slug) && next.techs.len() < MAX_COMPARE {
            next.techs.push(slug.to_owned());
        }
        next
    }

    /// With `slug` moved one column left (`-1`) or right (`+1`).
    pub fn moved(&self, slug: &str, step: isize) -> Self {
        let mut next = self.clone();
        if let Some(i) = next.techs.iter().position(|t| t == slug) {
            let j = i.checked_add_signed(step).filter(|j| *j < next.techs.len());
            if let Some(j) = j {
                next.techs.swap(i, j);
            }
        }
        next
    }

    /// With "only differences" set to `on`.
    pub fn with_differences_only(&self, on: bool) -> Self {
        Self {
            only_differences: on,
            ..self.clone()
        }
    }
}

/// `path` with a comparison tray and the organisation's context as its query
/// (`?compare=a&compare=b&ctx=v1…`), or `path` alone when there are neither.
pub(super) fn with_tray(path: &str, slugs: &[String], ctx: &OrgContext) -> String {
    let mut parts: Vec<String> = slugs.iter().map(|s| format!("compare={s}")).collect();
    if !ctx.is_empty() {
        parts.push(format!("ctx={}", ctx.encode()));
    }
    if parts.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", parts.join("&"))
    }
}

/// A parsed URL parameter.
enum Param {
    Tech(String),
    Diff(bool),
    Ctx(String),
}
use Param::{Ctx, Diff, Tech};

/// One cell: what it says (one line per item), where it comes from, and how
/// fresh it is. An empty `lines` means not yet documented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The values, one per line; empty when not documented.
    pub lines: Vec<String>,
    /// The sources behind the lines, distinct.
    pub sources: Vec<String>,
    /// Whether every line is verified in its source.
    pub verified: bool,
}

impl Cell {
    fn text(lines: Vec<String>) -> Self {
        Self {
            lines,
            sources: Vec::new(),
            verified: true,
        }
    }

    fn from_claims<T>(claims: &[Claim<T>], line: impl Fn(&T) -> String) -> Self {
        let mut sources: Vec<String> = Vec::new();
        for c in claims {
            if !sources.contains(&c.provenance.source) {
                sources.push(c.provenance.source.clone());
            }
        }
        Self {
            lines: claims.iter().map(|c| line(&c.value)).collect(),
            sources,
            verified: claims.iter().all(|c| c.provenance.verified),
        }
    }

    fn verified_text(v: &VerifiedText) -> Self {
        Self {
            lines: v.value.iter().cloned().collect(),
            sources: Vec::new(),
            verified: v.verified,
        }
    }

    /// The cell as one line of plain text (CSV, the differences test).
    pub fn plain(&self) -> String {
        if self.lines.is_empty() {
            "Not yet documented".to_owned()
        } else {
            self.lines.join("; ")
        }
    }
}

/// One row: a label and a cell per column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    /// Row header.
    pub label: String,
    /// One per technology, in column order.
    pub cells: Vec<Cell>,
    /// Whether the columns say different things.
    pub differs: bool,
}

/// A group of rows under a heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixGroup {
    /// Group heading.
    pub title: String,
    /// Its rows.
    pub rows: Vec<MatrixRow>,
}

/// A column: the technology it describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixColumn {
    /// URL identifier.
    pub slug: TechnologySlug,
    /// Product name.
    pub name: String,
}

/// The comparison, ready to render or export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The state that was shown (not-found slugs removed).
    pub query: CompareQuery,
    /// Slugs in the link that were not found.
    pub not_found: Vec<String>,
    /// The columns.
    pub columns: Vec<MatrixColumn>,
    /// The row groups, in decision order.
    pub groups: Vec<MatrixGroup>,
    /// Technologies to suggest when fewer than two are chosen.
    pub suggestions: Vec<MatrixColumn>,
    /// The day it was put together (the print header's date).
    pub prepared_on: chrono::NaiveDate,
}

impl Comparison {
    /// The groups with only the rows to show: all, or those that differ.
    pub fn visible_groups(&self) -> Vec<MatrixGroup> {
        self.groups
            .iter()
            .map(|g| MatrixGroup {
                title: g.title.clone(),
                rows: g
                    .rows
                    .iter()
                    .filter(|r| !self.query.only_differences || r.differs)
                    .cloned()
                    .collect(),
            })
            .filter(|g| !g.rows.is_empty())
            .collect()
    }
}

/// Builds the matrix rows for `techs` (columns in order), with the readiness
/// rows when the organisation's context is given.
pub fn build_matrix(techs: &[TechnologyDetail], ctx: &OrgContext) -> Vec<MatrixGroup> {
    let row = |label: &str, cell: &dyn Fn(&TechnologyDetail) -> Cell| {
        let cells: Vec<Cell> = techs.iter().map(cell).collect();
        let differs = cells.windows(2).any(|w| w[0].plain() != w[1].plain());
        MatrixRow {
            label: label.to_owned(),
            cells,
            differs,
        }
    };
    let group = |title: &str, rows: Vec<MatrixRow>| MatrixGroup {
        title: title.to_owned(),
        rows,
    };
    let documented = |t: &TechnologyDetail| {
        t.deployments
            .iter()
            .filter(|d| d.value.kind == DeploymentKind::NhsDeployment)
            .cloned()
            .collect::<Vec<_>>()
    };
    let readiness: Vec<_> = techs
        .iter()
        .map(|t| assess(&RequirementSources::of(t), ctx))
        .collect();
    let readiness_cell = |t: &TechnologyDetail, area: Option<Area>| {
        let i = techs
            .iter()
            .position(|x| x.summary.slug == t.summary.slug)
            .unwrap_or(0);
        let r = &readiness[i];
        Cell::text(vec![match area {
            Some(a) => r.area_summary(a),
            None => r.tally().summary(),
        }])
    };
    let mut groups = vec![
        group(
            "Overview",
            vec![
                row("Type", &|t| {
                    Cell::text(vec![t.summary.technology_type.clone()])
                }),
                row("Supplier", &|t| Cell::verified_text(&t.summary.supplier)),
                row("Care settings", &|t| {
                    Cell::text(t.summary.care_settings.clone())
                }),
                row("AI-enabled", &|t| {
                    Cell::text(vec![if t.ai_enabled { "Yes" } else { "No" }.to_owned()])
                }),
                row("Clinical area", &|t| {
                    Cell::verified_text(&t.summary.clinical_area)
                }),
                row("Summary", &|t| Cell::verified_text(&t.summary.summary)),
            ],
        ),
        group(
            "Benefits",
            vec![row("Benefits", &|t| {
                Cell::from_claims(&t.benefits, |b| b.statement.clone())
            })],
        ),
        group(
            "Costs",
            vec![row(
                "Costs as stated (one-off or recurring where the source says)",
                &|t| {
                    Cell::from_claims(&t.costs, |c| {
                        let facts = c.facts();
                        if facts.is_empty() {
                            c.statement.clone()
                        } else {
                            format!("{} ({})", c.statement, facts.join(" · "))
                        }
                    })
                },
            )],
        ),
        group(
            "Savings",
            vec![row("Savings claimed (never netted against costs)", &|t| {
                Cell::from_claims(&t.savings, Clone::clone)
            })],
        ),
        group(
            "Procurement and funding",
            vec![row("How others paid for or bought it", &|t| {
                Cell::from_claims(&t.funding, |f| {
                    format!("{}: {}", f.kind.label(), f.statement)
                })
            })],
        ),
        group(
            "Regulatory essentials",
            CHECKLIST_ESSENTIALS
                .iter()
                .map(|id| {
                    let name = techs
                        .iter()
                        .flat_map(|t| &t.regulatory)
                        .find(|r| r.essential_id == *id)
                        .map_or_else(|| (*id).to_owned(), |r| r.essential_name.clone());
                    row(&name, &|t| regulatory_cell(t, id))
                })
                .collect(),
        ),
        group(
            "Workforce and skills",
            vec![row("Roles and training", &|t| {
                Cell::from_claims(&t.workforce, |w| w.statement.clone())
            })],
        ),
        group(
            "IT infrastructure",
            vec![
                row("IT requirements", &|t| {
                    Cell::from_claims(&t.it, |i| i.statement.clone())
                }),
                row("Integration standards named", &|t| {
                    let mut standards: Vec<String> =
                        t.it.iter()
                            .flat_map(|c| c.value.standards.clone())
                            .collect();
                    standards.sort();
                    standards.dedup();
                    Cell::text(standards)
                }),
            ],
        ),
        group(
            "Estates",
            vec![row("Estates requirements", &|t| {
                Cell::from_claims(&t.estates, |i| i.statement.clone())
            })],
        ),
        group(
            "Adoption and pilot results",
            vec![
                row("Documented NHS deployments", &|t| {
                    Cell::text(vec![documented(t).len().to_string()])
                }),
                row("ICBs", &|t| {
                    let mut icbs: Vec<String> = documented(t)
                        .iter()
                        .filter_map(|d| d.value.icb_name.clone())
                        .collect();
                    icbs.sort();
                    icbs.dedup();
                    Cell::text(icbs)
                }),
                row("Stages and statuses", &|t| {
                    let deployments = documented(t);
                    let stages = tally(deployments.iter().filter_map(|d| d.value.stage.clone()));
                    let statuses = tally(deployments.iter().filter_map(|d| d.value.status_text()));
                    Cell::text(stages.into_iter().chain(statuses).collect())
                }),
                row("Pilot results", &|t| {
                    Cell::from_claims(&t.pilots, |p| {
                        format!("{}: {} ({})", p.site, p.result, p.metric)
                    })
                }),
            ],
        ),
        group(
            "Evidence and NICE guidance",
            vec![row("NICE guidance", &|t| {
                Cell::from_claims(&t.nice, |n| {
                    let title = n.title.value.clone().unwrap_or_default();
                    format!("{} ({}) {title}", n.reference, n.guidance_type.label())
                        .trim_end()
                        .to_owned()
                })
            })],
        ),
        group(
            "Freshness",
            vec![
                row("Last verified", &|t| {
                    Cell::text(last_verified(t).into_iter().collect())
                }),
                row("Re-check by", &|t| {
                    Cell::text(next_recheck(t).into_iter().collect())
                }),
                row("Status", &|t| {
                    Cell::text(vec![freshness_label(t.summary.freshness)])
                }),
                row("What its claims rest on", &|t| {
                    Cell::text(vec![t.reliance_shares().summary()])
                }),
            ],
        ),
    ];
    if !ctx.is_empty() {
        let mut rows = vec![row("Result for your organisation", &|t| {
            readiness_cell(t, None)
        })];
        rows.extend(
            Area::ALL
                .iter()
                .map(|a| row(a.label(), &|t| readiness_cell(t, Some(*a)))),
        );
        groups.insert(1, group("Readiness for your organisation", rows));
    }
    groups
}

/// "Met", "Not met" or "Not documented", with the record's source.
/// "Label (count)" per distinct value, in first-seen order.
fn tally(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(seen, _)| *seen == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    counts
        .into_iter()
        .map(|(v, n)| format!("{v} ({n})"))
        .collect()
}

fn regulatory_cell(t: &TechnologyDetail, id: &str) -> Cell {
    let Some(row) = t.regulatory.iter().find(|r| r.essential_id == id) else {
        return Cell::text(vec![super::Standing::NotDocumented.label().to_owned()]);
    };
    let mut lines = vec![row.standing.label().to_owned()];
    let mut sources = Vec::new();
    let mut verified = true;
    if let Some(c) = row
        .record
        .as_ref()
        .filter(|c| c.value.status != "not_documented")
    {
        lines.extend(c.value.statement.clone());
        sources.push(c.provenance.source.clone());
        verified &= c.provenance.verified;
    }
    for c in t.records_for(id) {
        lines.push(format!("{}: {}", c.value.kind.label(), c.value.statement));
        if !sources.contains(&c.provenance.source) {
            sources.push(c.provenance.source.clone());
        }
        verified &= c.provenance.verified;
    }
    Cell {
        lines,
        sources,
        verified,
    }
}

fn last_verified(t: &TechnologyDetail) -> Option<String> {
    t.provenances()
        .iter()
        .filter_map(|p| p.verified_on)
        .max()
        .map(|d| d.to_string())
}

fn next_recheck(t: &TechnologyDetail) -> Option<String> {
    t.provenances()
        .iter()
        .filter_map(|p| p.recheck_by)
        .min()
        .map(|d| d.to_string())
}

fn freshness_label(f: Freshness) -> String {
    f.label().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_each_value_in_first_seen_order() {
        let values = ["Pilot", "Stopped: funding", "Pilot", "Business as usual"];
        assert_eq!(
            tally(values.into_iter().map(str::to_owned)),
            ["Pilot (2)", "Stopped: funding (1)", "Business as usual (1)"]
        );
        assert!(tally(std::iter::empty()).is_empty());
    }

    #[test]
    fn the_link_keeps_order_collapses_duplicates_and_caps_at_four() {
        let (q, notices) =
            CompareQuery::parse_query_string("tech=b&tech=a&tech=b&tech=c&tech=d&tech=e&diff=1");
        assert_eq!(q.techs, ["b", "a", "c", "d"]);
        assert!(q.only_differences);
        assert_eq!(notices, [CompareNotice::TooMany(vec!["e".into()])]);
        assert_eq!(q.to_query_string(), "tech=b&tech=a&tech=c&tech=d&diff=1");
        let (q2, none) = CompareQuery::parse_query_string(&q.to_query_string());
        assert!(none.is_empty());
        assert_eq!(q2, q);
    }

    #[test]
    fn malformed_slugs_are_not_found() {
        let (q, notices) =
            CompareQuery::parse_query_string("tech=Bad%20Slug&tech=derm&tech=%3Cx%3E");
        assert_eq!(q.techs, ["derm"]);
        assert_eq!(
            notices[0].message(),
            "Not found, so left out of the comparison: Bad Slug, <x>."
        );
    }

    #[test]
    fn remove_add_and_reorder_keep_the_rest() {
        let (q, _) = CompareQuery::parse_query_string("tech=a&tech=b&tech=c&diff=1");
        assert_eq!(q.without("b").href(), "/compare?tech=a&tech=c&diff=1");
        assert_eq!(
            q.moved("b", -1).href(),
            "/compare?tech=b&tech=a&tech=c&diff=1"
        );
        assert_eq!(q.moved("c", 1), q, "the last column cannot move right");
        assert_eq!(q.moved("a", -1), q);
        assert_eq!(
            q.with("d").with("e").techs,
            ["a", "b", "c", "d"],
            "a fifth changes nothing"
        );
        assert_eq!(q.with("a"), q);
        assert_eq!(
            q.with_differences_only(false).href(),
            "/compare?tech=a&tech=b&tech=c"
        );
    }

    fn row(label: &str, texts: &[&[&str]]) -> MatrixRow {
        let cells: Vec<Cell> = texts
            .iter()
            .map(|lines| Cell::text(lines.iter().map(|l| (*l).to_owned()).collect()))
            .collect();
        let differs = cells.windows(2).any(|w| w[0].plain() != w[1].plain());
        MatrixRow {
            label: label.into(),
            cells,
            differs,
        }
    }

    #[test]
    fn only_differences_hides_agreeing_rows_and_empty_groups() {
        let comparison = |only: bool| Comparison {
            query: CompareQuery {
                techs: vec!["a".into(), "b".into()],
                only_differences: only,
                ctx: OrgContext::default(),
            },
            not_found: Vec::new(),
            columns: Vec::new(),
            groups: vec![
                MatrixGroup {
                    title: "Overview".into(),
                    rows: vec![
                        row("Type", &[&["X"], &["X"]]),
                        row("AI", &[&["Yes"], &["No"]]),
                    ],
                },
                MatrixGroup {
                    title: "Estates".into(),
                    rows: vec![row("Estates", &[&[], &[]])],
                },
            ],
            suggestions: Vec::new(),
            prepared_on: chrono::NaiveDate::MIN,
        };
        assert_eq!(comparison(false).visible_groups().len(), 2);
        let only = comparison(true).visible_groups();
        assert_eq!(only.len(), 1, "a group with no differing row is left out");
        assert_eq!(only[0].rows.len(), 1);
        assert_eq!(only[0].rows[0].label, "AI");
    }

    #[test]
    fn empty_cells_read_not_yet_documented_and_compare_equal() {
        let r = row("Costs", &[&[], &[]]);
        assert!(!r.differs);
        assert_eq!(r.cells[0].plain(), "Not yet documented");
        let r = row("Costs", &[&["£700 per test"], &[]]);
        assert!(r.differs);
        assert_eq!(
            row("x", &[&["a", "b"], &["a", "b"]]).cells[0].plain(),
            "a; b"
        );
    }
}
