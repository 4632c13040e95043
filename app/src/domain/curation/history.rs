//! Revisions in plain words, and what the curator's pages and the change feed
//! show: the workspace of one technology, a claim's editor, the re-check queue
//! with its freshness summary, and the feed's query (bounded, unknown values
//! dropped with a notice).

use super::{BlockSpec, CLAIM_BLOCKS, FieldSpec, Value, block};
use crate::domain::{Freshness, TechnologySlug, encode, form_pairs};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One field's change, as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The column.
    pub field: String,
    /// Its label.
    pub label: String,
    /// Before, in plain words (`None`: not given).
    pub before: Option<String>,
    /// After.
    pub after: Option<String>,
}

impl Change {
    /// "Amount: £24 → £30".
    pub fn text(&self) -> String {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "not given".to_owned());
        format!(
            "{}: {} → {}",
            self.label,
            show(&self.before),
            show(&self.after)
        )
    }
}

/// The changes between two versions of a record, field by field, in form order.
pub fn diff<'a>(fields: impl IntoIterator<Item = (&'a FieldSpec, Value, Value)>) -> Vec<Change> {
    fields
        .into_iter()
        .filter_map(|(spec, before, after)| {
            let (b, a) = (spec.show(&before), spec.show(&after));
            (b != a).then(|| Change {
                field: spec.name.to_owned(),
                label: spec.label.to_owned(),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// Who a change came from when it was not the curator's own finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Credit {
    /// A member's suggested correction, accepted.
    Member,
    /// A supplier's proposed evidence, checked and accepted.
    Supplier,
}

impl Credit {
    /// The stored id (`revision.credit`).
    pub fn id(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Supplier => "supplier",
        }
    }
}

/// One revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionEntry {
    /// Its number.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// (slug, name) of the technology.
    pub technology: (String, String),
    /// The block id.
    pub block: String,
    /// The record.
    pub record_id: i64,
    /// `add`, `edit`, `verify`, `withdraw` or `publish`.
    pub action: String,
    /// Who suggested it, when not the curator: `member` or `supplier`.
    #[serde(default)]
    pub credit: Option<String>,
    /// The record's one-line text after the change.
    pub headline: Option<String>,
    /// Field by field.
    pub changes: Vec<Change>,
    /// Why.
    pub reason: String,
    /// Who (curators and admins only; `None` on public pages).
    pub by: Option<String>,
}

impl RevisionEntry {
    /// "Cost updated", "Benefit added", …
    pub fn title(&self) -> String {
        let label = block(&self.block).map_or("Record", |b| b.label);
        let title = match (self.block == super::TECHNOLOGY.id, self.action.as_str()) {
            (true, "add") => "Technology added as a draft".to_owned(),
            (true, "publish") => "Technology published in the catalogue".to_owned(),
            (true, "withdraw") => "Technology withdrawn: no longer listed".to_owned(),
            (_, "add") => format!("{label} added"),
            (_, "verify") => format!("{label} re-checked: still true"),
            (_, "withdraw") => format!("{label} withdrawn: no longer true"),
            _ => format!("{label} updated"),
        };
        match self.credit.as_deref() {
            Some("member") => format!("{title} (suggested by a member)"),
            Some("supplier") => {
                format!("{title} (supplier's statement, checked by the catalogue team)")
            }
            _ => title,
        }
    }

    /// The whole entry in one line: "Cost updated: Amount: £24 → £30; Source: …".
    pub fn sentence(&self) -> String {
        let mut parts: Vec<String> = self.changes.iter().map(Change::text).collect();
        if parts.is_empty() {
            parts.extend(self.headline.clone());
        }
        if parts.is_empty() {
            self.title()
        } else {
            format!("{}: {}", self.title(), parts.join("; "))
        }
    }
}

/// A claim in a curator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimLine {
    /// The record.
    pub id: i64,
    /// Its one-line text.
    pub headline: String,
    /// How fresh it is.
    pub freshness: Freshness,
    /// Due a re-check by.
    pub recheck_by: Option<NaiveDate>,
    /// Withdrawn on, with the reason.
    pub withdrawn: Option<(NaiveDate, String)>,
}

/// One block of a curator's workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceBlock {
    /// The block id.
    pub id: String,
    /// "Costs".
    pub plural: String,
    /// Its claims, display order, withdrawn ones last.
    pub claims: Vec<ClaimLine>,
}

/// A technology as its curators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuratorTechnology {
    /// Its id.
    pub id: i64,
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Its place in the catalogue.
    pub listing: super::Listing,
    /// Every block.
    pub blocks: Vec<WorkspaceBlock>,
}

/// A claim's (or the technology's) editor, or a new claim's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorView {
    /// The block id.
    pub block: String,
    /// The record (`None` when adding).
    pub record_id: Option<i64>,
    /// (slug, name).
    pub technology: (String, String),
    /// The version being edited.
    pub version: i32,
    /// The form's text by field name (fields, then source, verified, note).
    pub values: Vec<(String, String)>,
    /// Verified on.
    pub verified_on: Option<NaiveDate>,
    /// Due a re-check by.
    pub recheck_by: Option<NaiveDate>,
    /// Withdrawn on, with the reason.
    pub withdrawn: Option<(NaiveDate, String)>,
    /// This record's revisions, newest first.
    pub history: Vec<RevisionEntry>,
    /// The suggestion this form applies, when opened from the queue.
    #[serde(default)]
    pub suggestion: Option<super::Suggestion>,
}

impl EditorView {
    /// The block's specification.
    pub fn spec(&self) -> Option<&'static BlockSpec> {
        block(&self.block)
    }
}

/// Freshness counts of one block's live claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FreshnessRow {
    /// The block's name ("Costs"), or "All claims".
    pub block: String,
    /// Verified, not near its re-check date.
    pub fresh: i64,
    /// Within 30 days of it.
    pub due: i64,
    /// Past it.
    pub overdue: i64,
    /// Never verified.
    pub unverified: i64,
}

impl FreshnessRow {
    /// All claims counted.
    pub fn total(&self) -> i64 {
        self.fresh + self.due + self.overdue + self.unverified
    }

    /// `n` as a whole percentage of the total ("0%" when there are none).
    pub fn share(&self, n: i64) -> String {
        let total = self.total();
        if total == 0 {
            return "0%".to_owned();
        }
        format!("{}%", (n * 100 + total / 2) / total)
    }
}

/// A claim waiting in the re-check queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecheckItem {
    /// The block id.
    pub block: String,
    /// The record.
    pub id: i64,
    /// (slug, name).
    pub technology: (String, String),
    /// Its one-line text.
    pub headline: String,
    /// Unverified, due or overdue.
    pub freshness: Freshness,
    /// Due by.
    pub recheck_by: Option<NaiveDate>,
}

impl RecheckItem {
    /// `cost:12`: how a form names it.
    pub fn key(&self) -> String {
        format!("{}:{}", self.block, self.id)
    }
}

/// The re-check queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecheckQueue {
    /// The filters it was read with.
    pub query: ChangesQuery,
    /// Per block, then all claims.
    pub summary: Vec<FreshnessRow>,
    /// One page of claims to re-check, oldest first.
    pub items: Vec<RecheckItem>,
    /// How many match.
    pub total: i64,
    /// The technologies (slug, name) for the filter.
    pub technologies: Vec<(String, String)>,
}

/// A page of the change feed, or of one technology's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeFeed {
    /// The filters it was read with.
    pub query: ChangesQuery,
    /// One page, newest first.
    pub entries: Vec<RevisionEntry>,
    /// How many match.
    pub total: i64,
    /// (slug, name) of the technology whose history this is, if one.
    pub technology: Option<(String, String)>,
}

impl ChangeFeed {
    /// Pages in all.
    pub fn pages(&self) -> i64 {
        (self.total + FEED_PAGE - 1) / FEED_PAGE
    }
}

/// Items on a page of the queue or the feed.
pub const FEED_PAGE: i64 = 50;
/// Pages reachable (bounds the offset).
const MAX_PAGE: i64 = 1000;

/// A block filter, a technology filter and a page: the query of `/changes`
/// and `/curator/recheck`. Unknown values are dropped with a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ChangesQuery {
    /// A technology's slug.
    pub technology: Option<String>,
    /// A block id.
    pub block: Option<String>,
    /// From 1.
    pub page: i64,
    /// What was dropped, in words.
    pub notices: Vec<String>,
}

impl ChangesQuery {
    /// Reads `technology`, `block` and `page` from a query string.
    pub fn parse(raw: &str) -> Self {
        let mut q = Self {
            page: 1,
            ..Self::default()
        };
        for (k, v) in form_pairs(raw).into_iter().take(20) {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k.as_str() {
                "technology" => match TechnologySlug::parse(v) {
                    Ok(_) => q.technology = Some(v.to_owned()),
                    Err(_) => q.notices.push("The technology in the link was not recognised, so it was left out.".to_owned()),
                },
                "block" => match block(v) {
                    Some(b) => q.block = Some(b.id.to_owned()),
                    None => q.notices.push("The block in the link was not recognised, so it was left out.".to_owned()),
                },
                "page" => match v.parse::<i64>() {
                    Ok(p) if (1..=MAX_PAGE).contains(&p) => q.page = p,
                    _ => q.notices.push("The page number in the link was not recognised, so the first page is shown.".to_owned()),
                },
                _ => {}
            }
        }
        q.notices.dedup();
        q
    }

    /// The query string of this view at `page` (without notices).
    pub fn href(&self, path: &str, page: i64) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.technology {
            parts.push(format!("technology={}", encode(t)));
        }
        if let Some(b) = &self.block {
            parts.push(format!("block={b}"));
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }

    /// Rows to skip.
    pub fn offset(&self) -> i64 {
        (self.page.clamp(1, MAX_PAGE) - 1) * FEED_PAGE
    }

    /// The blocks offered as a filter (id, name).
    pub fn blocks() -> Vec<(&'static str, &'static str)> {
        CLAIM_BLOCKS.iter().map(|b| (b.id, b.plural)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::curation::block;

    #[test]
    fn a_change_reads_in_plain_words() {
        let cost = block("cost").expect("cost");
        let amount = cost.field("amount_low_pence").expect("amount");
        let changes = diff([
            (amount, Value::Int(2400), Value::Int(3000)),
            (cost.field("unit").expect("unit"), Value::Null, Value::Null),
        ]);
        assert_eq!(changes.len(), 1);
        let entry = RevisionEntry {
            id: 1,
            at: DateTime::<Utc>::default(),
            technology: ("x".into(), "X".into()),
            block: "cost".into(),
            record_id: 4,
            action: "edit".into(),
            credit: None,
            headline: None,
            changes,
            reason: "r".into(),
            by: None,
        };
        assert_eq!(
            entry.sentence(),
            "Cost updated: Amount in pounds (or the lower end of a range): £24 → £30"
        );
        let verify = RevisionEntry {
            action: "verify".into(),
            changes: vec![],
            headline: Some("£30 a year".into()),
            ..entry
        };
        assert_eq!(verify.sentence(), "Cost re-checked: still true: £30 a year");
        let suggested = RevisionEntry {
            action: "edit".into(),
            credit: Some("member".into()),
            ..verify.clone()
        };
        assert_eq!(suggested.title(), "Cost updated (suggested by a member)");
        let published = RevisionEntry {
            block: "technology".into(),
            action: "publish".into(),
            ..verify
        };
        assert_eq!(published.title(), "Technology published in the catalogue");
    }

    #[test]
    fn the_feed_query_drops_what_it_does_not_know() {
        let q = ChangesQuery::parse("technology=heartflow-ffrct&block=cost&page=2");
        assert_eq!(q.technology.as_deref(), Some("heartflow-ffrct"));
        assert_eq!(
            (q.block.as_deref(), q.page, q.notices.len()),
            (Some("cost"), 2, 0)
        );
        assert_eq!(
            q.href("/changes", 3),
            "/changes?technology=heartflow-ffrct&block=cost&page=3"
        );
        let q = ChangesQuery::parse("technology=%3Cscript%3E&block=nope&page=-1");
        assert_eq!((q.technology, q.block, q.page), (None, None, 1));
        assert_eq!(q.notices.len(), 3);
        assert_eq!(ChangesQuery::parse("page=99999").page, 1);
        assert_eq!(ChangesQuery::parse("").href("/changes", 1), "/changes");
    }

    #[test]
    fn shares_round_and_never_divide_by_zero() {
        let row = FreshnessRow {
            block: "Costs".into(),
            fresh: 2,
            due: 0,
            overdue: 0,
            unverified: 1,
        };
        assert_eq!(
            (row.share(2), row.share(1)),
            ("67%".to_owned(), "33%".to_owned())
        );
        assert_eq!(FreshnessRow::default().share(0), "0%");
    }
}
