//! `CatalogueQuery`: the catalogue's URL state. One type is parsed from the URL
//! (server and browser alike), passed to the search, and written back into every
//! link, so a copied address reopens exactly the same view.
//!
//! Keys (multi-select facets repeat the key, as a GET form with checkboxes sends):
//! - `q`: free text, at most 200 characters
//! - `type`, `setting`, `specialty`, `region`, `icb`, `reg`: taxonomy ids
//! - `nice`: NICE guidance type code (`MTG`, `DG`, `HTE`, `HTG`, `MIB`, `IPG`, `TA`)
//! - `ai`, `deployed`: `yes` / `no`
//! - `evidence`: `routine`, `early`, `briefing`, `unclear`, `none`
//! - `verified`: `high` (≥ 80 %), `medium` (50–80 %), `low` (< 50 %)
//! - `sort`: `relevance` (default: best match when searching, otherwise name order),
//!   `name`, `deployments`, `recent`
//! - `page`: 1-based page number (default 1)
//! - `compare`: technologies picked for comparison (the tray), in the order
//!   picked, at most 4; kept by every link, unlike the filters it is not sorted
//! - `ready`: readiness for the organisation (`yes`, `minor`, `nogap`, `nomajor`);
//!   needs `ctx`
//! - `ctx`: the organisation's context (see [`OrgContext`]); kept by every link
//!
//! The canonical form writes keys in that order, values sorted and deduplicated,
//! and leaves out defaults.

use super::{
    OrgContext, ReadyFilter, TechnologySlug,
    comparison::{CompareNotice, CompareQuery, MAX_COMPARE, with_tray},
    facets::{FACET_COUNT, FACETS, FacetKey, Filters},
    url_codec::{encode, form_pairs},
};
use serde::{Deserialize, Serialize};

/// Longest search text accepted.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most values kept for one facet (more are dropped with a notice).
pub const MAX_VALUES_PER_FACET: usize = 50;

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; without a search term every row matches equally and the
    /// order is by name.
    #[default]
    Relevance,
    /// Name A–Z.
    Name,
    /// Most documented NHS deployments first.
    Deployments,
    /// Most recently verified first.
    Recent,
}

impl Sort {
    /// Every order, as the sort control lists them.
    pub const ALL: [Self; 4] = [Self::Relevance, Self::Name, Self::Deployments, Self::Recent];

    /// The URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Name => "name",
            Self::Deployments => "deployments",
            Self::Recent => "recent",
        }
    }

    fn parse(v: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == v)
    }

    /// The sort control's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Relevance => "Best match",
            Self::Name => "Name (A to Z)",
            Self::Deployments => "Most NHS deployments",
            Self::Recent => "Most recently verified",
        }
    }
}

/// Something the page should tell the user about their link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueryNotice {
    /// Values that are not (or no longer) valid were dropped.
    DroppedValues {
        /// The URL key.
        key: String,
        /// How many values were dropped.
        count: usize,
    },
    /// The page number was not a positive whole number; page 1 is shown.
    BadPage,
    /// The sort was not recognised; the default order is used.
    BadSort,
    /// The search text was longer than allowed and was not used.
    QueryTooLong,
    /// The comparison already had the maximum; these were not added.
    CompareFull(Vec<String>),
    /// Part of the organisation details could not be read (the message says which).
    Context(String),
    /// The readiness filter was not recognised.
    BadReady,
    /// The readiness filter needs the organisation's details.
    ReadyNeedsContext,
}

impl QueryNotice {
    /// The notices to show: all dropped values (those the parser found plus
    /// `unknown` more found by the catalogue) merged into one count, then the rest.
    pub fn merged(notices: &[Self], unknown: usize) -> Vec<Self> {
        let dropped: usize = unknown
            + notices
                .iter()
                .map(|n| match n {
                    Self::DroppedValues { count, .. } => *count,
                    _ => 0,
                })
                .sum::<usize>();
        let dropped = (dropped > 0).then(|| Self::DroppedValues {
            key: String::new(),
            count: dropped,
        });
        dropped
            .into_iter()
            .chain(
                notices
                    .iter()
                    .filter(|n| !matches!(n, Self::DroppedValues { .. }))
                    .cloned(),
            )
            .collect()
    }

    /// Plain-English text for the page.
    pub fn message(&self) -> String {
        match self {
            Self::DroppedValues { count: 1, .. } => {
                "1 filter in your link is no longer available, so it was left out.".into()
            }
            Self::DroppedValues { count, .. } => {
                format!(
                    "{count} filters in your link are no longer available, so they were left out."
                )
            }
            Self::BadPage => {
                "The page number in your link was not valid, so the first page is shown.".into()
            }
            Self::BadSort => {
                "The sort order in your link was not recognised, so the default order is used."
                    .into()
            }
            Self::CompareFull(slugs) => CompareNotice::TooMany(slugs.clone()).message(),
            Self::Context(message) => message.clone(),
            Self::BadReady => {
                "The readiness filter in your link was not recognised, so it was not used.".into()
            }
            Self::ReadyNeedsContext => "The readiness filter needs your organisation's details, so it was not used. Tell us about your organisation first.".into(),
            Self::QueryTooLong => format!(
                "Your search was longer than {MAX_QUERY_CHARS} characters, so it was not used. Try fewer words."
            ),
        }
    }
}

/// The catalogue's view state. Build it with [`CatalogueQuery::from_pairs`]; every
/// field is then valid and in canonical order.
///
/// It travels (as a server function's argument, or inside its answer) as its
/// canonical query string, read back by the same parser as the URL: one bounded
/// reading of every input, whatever the entry point.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub struct CatalogueQuery {
    /// Free-text search.
    pub q: Option<String>,
    /// The facets' selected values (see [`super::FACETS`]).
    pub filters: Filters,
    /// Order.
    pub sort: Sort,
    /// 1-based page.
    pub page: u32,
    /// The comparison tray: technology slugs in the order picked.
    pub compare: Vec<String>,
    /// Show only technologies this ready for the organisation.
    pub ready: Option<ReadyFilter>,
    /// The organisation's context, carried by every link.
    pub ctx: OrgContext,
}

/// Most notices about one link.
const MAX_NOTICES: usize = 20;

/// Adds a notice unless it is already there or there are [`MAX_NOTICES`]: a
/// link repeating a bad key thousands of times gets one notice, in bounded time.
fn note(notices: &mut Vec<QueryNotice>, notice: QueryNotice) {
    if notices.len() < MAX_NOTICES && !notices.contains(&notice) {
        notices.push(notice);
    }
}

/// The allowed values of one query key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyValues {
    /// Text up to this many characters.
    Text(usize),
    /// A value matching this regular expression.
    Pattern(&'static str),
    /// One of these.
    OneOf(Vec<&'static str>),
    /// A whole number from 1.
    Page,
}

/// One key of the catalogue's query string, as `/technologies`, the exports and
/// `GET /api/technologies` read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryKey {
    /// The key.
    pub name: &'static str,
    /// What it does.
    pub meaning: String,
    /// May be given more than once (the values are alternatives).
    pub repeatable: bool,
    /// What it accepts.
    pub values: KeyValues,
}

impl From<String> for CatalogueQuery {
    fn from(raw: String) -> Self {
        Self::parse_query_string(&raw).0
    }
}

impl From<CatalogueQuery> for String {
    fn from(q: CatalogueQuery) -> Self {
        q.to_query_string()
    }
}

impl CatalogueQuery {
    /// Every key the query string understands, in canonical order; other keys
    /// are ignored. Documentation is generated from this list.
    pub fn keys() -> Vec<QueryKey> {
        let mut keys = vec![QueryKey {
            name: "q",
            meaning: "Search text (name, supplier, summary, clinical area).".to_owned(),
            repeatable: false,
            values: KeyValues::Text(MAX_QUERY_CHARS),
        }];
        for spec in FACETS {
            keys.push(QueryKey {
                name: spec.name,
                meaning: format!(
                    "{} Up to {MAX_VALUES_PER_FACET} values; any of them matches.",
                    spec.meaning
                ),
                repeatable: true,
                values: match (spec.values.pattern(), spec.values.listed()) {
                    (Some(pattern), _) => KeyValues::Pattern(pattern),
                    (None, listed) => KeyValues::OneOf(listed.unwrap_or_default()),
                },
            });
        }
        keys.extend([
            QueryKey {
                name: "sort",
                meaning: "Result order (relevance without a search text is by name).".to_owned(),
                repeatable: false,
                values: KeyValues::OneOf(Sort::ALL.iter().map(|s| s.as_str()).collect()),
            },
            QueryKey {
                name: "page",
                meaning: format!(
                    "Page of {} results; past the last page gives the last.",
                    super::PAGE_SIZE
                ),
                repeatable: false,
                values: KeyValues::Page,
            },
            QueryKey {
                name: "compare",
                meaning: format!(
                    "A technology in the comparison tray (slug), up to {MAX_COMPARE}."
                ),
                repeatable: true,
                values: KeyValues::Pattern("^[a-z0-9]+(-[a-z0-9]+)*$"),
            },
            QueryKey {
                name: "ctx",
                meaning: "The organisation's IT, estates and workforce context, as the \
                          organisation form encodes it; adds a readiness tally to each result."
                    .to_owned(),
                repeatable: false,
                values: KeyValues::Text(crate::domain::org_context::MAX_CONTEXT_CHARS),
            },
            QueryKey {
                name: "ready",
                meaning: "With ctx: only technologies this ready for the organisation.".to_owned(),
                repeatable: false,
                values: KeyValues::OneOf(ReadyFilter::ALL.iter().map(|r| r.as_str()).collect()),
            },
        ]);
        keys
    }
}

impl CatalogueQuery {
    /// Parses URL pairs. Never fails: invalid parts are dropped or defaulted, and
    /// each such repair is reported as a notice. Unknown keys are ignored.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<QueryNotice>) {
        let mut query = Self {
            page: 1,
            ..Self::default()
        };
        let mut notices = Vec::new();
        let (mut bad_compare, mut over) = (0, Vec::new());
        let mut raw: [Vec<&str>; FACET_COUNT] = Default::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "q" => {
                    if value.chars().count() > MAX_QUERY_CHARS {
                        note(&mut notices, QueryNotice::QueryTooLong);
                    } else if !value.is_empty() {
                        query.q = Some(collapse_spaces(value));
                    }
                }
                "page" => match value.parse::<u32>() {
                    Ok(n) if n >= 1 => query.page = n,
                    _ if value.is_empty() => {}
                    _ => note(&mut notices, QueryNotice::BadPage),
                },
                "compare" => {
                    if TechnologySlug::parse(value).is_err() {
                        bad_compare += 1;
                    } else if !query.compare.iter().any(|c| c == value) {
                        if query.compare.len() < MAX_COMPARE {
                            query.compare.push(value.to_owned());
                        } else if over.len() < super::comparison::MAX_NOTED
                            && !over.iter().any(|c| c == value)
                        {
                            over.push(value.to_owned());
                        }
                    }
                }
                "ctx" => {
                    let (ctx, messages) = OrgContext::parse(value);
                    query.ctx = ctx;
                    for m in messages {
                        note(&mut notices, QueryNotice::Context(m));
                    }
                }
                "ready" => match ReadyFilter::parse(value) {
                    Some(r) => query.ready = Some(r),
                    None if value.is_empty() => {}
                    None => note(&mut notices, QueryNotice::BadReady),
                },
                "sort" => match Sort::parse(value) {
                    Some(s) => query.sort = s,
                    None if value.is_empty() => {}
                    None => note(&mut notices, QueryNotice::BadSort),
                },
                _ => {
                    if let Some(facet) = FacetKey::parse(key)
                        && !value.is_empty()
                    {
                        raw[facet as usize].push(value);
                    }
                }
            }
        }
        for (spec, values) in FACETS.iter().zip(raw) {
            let mut kept: Vec<String> = values
                .iter()
                .filter(|v| spec.values.accepts(v))
                .map(|v| (*v).to_owned())
                .collect();
            kept.sort();
            kept.dedup();
            let invalid = values.iter().filter(|v| !spec.values.accepts(v)).count();
            let over = kept.len().saturating_sub(MAX_VALUES_PER_FACET);
            kept.truncate(MAX_VALUES_PER_FACET);
            if invalid + over > 0 {
                notices.push(QueryNotice::DroppedValues {
                    key: spec.name.to_owned(),
                    count: invalid + over,
                });
            }
            query.filters.set(spec.key, kept);
        }
        if bad_compare > 0 {
            notices.push(QueryNotice::DroppedValues {
                key: "compare".to_owned(),
                count: bad_compare,
            });
        }
        if !over.is_empty() {
            notices.push(QueryNotice::CompareFull(over));
        }
        if query.ready.is_some() && query.ctx.is_empty() {
            query.ready = None;
            notices.push(QueryNotice::ReadyNeedsContext);
        }
        (query, notices)
    }

    /// Parses a raw query string (`a=1&b=2`, with or without `?`), decoding it as a
    /// browser encodes a GET form.
    pub fn parse_query_string(raw: &str) -> (Self, Vec<QueryNotice>) {
        let pairs = form_pairs(raw);
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The values of one facet, as URL text.
    pub fn facet(&self, key: FacetKey) -> &[String] {
        self.filters.get(key)
    }

    /// The canonical query string (without `?`), e.g. `q=derm&setting=primary_care&page=2`.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(q) = &self.q {
            parts.push(format!("q={}", encode(q)));
        }
        for (key, values) in self.filters.iter() {
            let mut values = values.to_vec();
            values.sort();
            values.dedup();
            let name = key.name();
            parts.extend(values.iter().map(|v| format!("{name}={}", encode(v))));
        }
        if let Some(r) = self.ready {
            parts.push(format!("ready={}", r.as_str()));
        }
        if self.sort != Sort::default() {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.extend(self.compare.iter().map(|c| format!("compare={c}")));
        if !self.ctx.is_empty() {
            parts.push(format!("ctx={}", self.ctx.encode()));
        }
        parts.join("&")
    }

    /// The catalogue path for this query.
    pub fn href(&self) -> String {
        match self.to_query_string() {
            s if s.is_empty() => "/technologies".to_owned(),
            s => format!("/technologies?{s}"),
        }
    }

    /// This query with `value` of `key` removed, back on page 1 (for filter chips).
    pub fn without(&self, key: FacetKey, value: &str) -> Self {
        let mut next = self.clone();
        let kept: Vec<String> = self
            .facet(key)
            .iter()
            .filter(|v| *v != value)
            .cloned()
            .collect();
        next.filters.set(key, kept);
        next.page = 1;
        next
    }

    /// This query on another page.
    pub fn on_page(&self, page: u32) -> Self {
        Self {
            page: page.max(1),
            ..self.clone()
        }
    }

    /// This view with `slug` added to the comparison tray (unchanged when it is
    /// there already or the tray is full).
    pub fn with_compare(&self, slug: &str) -> Self {
        let mut next = self.clone();
        if !next.compare.iter().any(|c| c == slug) && next.compare.len() < MAX_COMPARE {
            next.compare.push(slug.to_owned());
        }
        next
    }

    /// The link an "Add to comparison" control follows: this view with `slug`
    /// appended to the tray even when it is full, so the page can say that the
    /// maximum was reached (the parser keeps the first four).
    pub fn add_compare_href(&self, slug: &str) -> String {
        let mut next = self.clone();
        if !next.compare.iter().any(|c| c == slug) {
            next.compare.push(slug.to_owned());
        }
        next.href()
    }

    /// This view with `slug` taken out of the comparison tray.
    pub fn without_compare(&self, slug: &str) -> Self {
        Self {
            compare: self
                .compare
                .iter()
                .filter(|c| *c != slug)
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    /// The whole catalogue again, keeping only the comparison tray and the
    /// organisation's context.
    pub fn cleared(&self) -> Self {
        Self {
            page: 1,
            compare: self.compare.clone(),
            ctx: self.ctx.clone(),
            ..Self::default()
        }
    }

    /// The comparison of the tray's technologies.
    pub fn comparison(&self) -> CompareQuery {
        CompareQuery {
            techs: self.compare.clone(),
            only_differences: false,
            ctx: self.ctx.clone(),
        }
    }

    /// `path` with the tray and the context carried along (`?compare=…&ctx=…`),
    /// for links to pages that show them.
    pub fn carry_compare(&self, path: &str) -> String {
        with_tray(path, &self.compare, &self.ctx)
    }

    /// This view with another readiness filter (or none), back on page 1.
    pub fn with_ready(&self, ready: Option<ReadyFilter>) -> Self {
        Self {
            ready,
            page: 1,
            ..self.clone()
        }
    }

    /// This query without its search text, back on page 1.
    pub fn without_search(&self) -> Self {
        Self {
            q: None,
            page: 1,
            ..self.clone()
        }
    }

    /// The facet keys with at least one value selected, in canonical order.
    pub fn active_keys(&self) -> Vec<FacetKey> {
        FacetKey::all()
            .filter(|k| !self.facet(*k).is_empty())
            .collect()
    }

    /// This query with every value of `key` removed, back on page 1.
    pub fn without_key(&self, key: FacetKey) -> Self {
        let mut next = self.clone();
        next.filters.set(key, Vec::new());
        next.page = 1;
        next
    }

    /// How many facet values are selected.
    pub fn active_filter_count(&self) -> usize {
        self.filters.iter().map(|(_, values)| values.len()).sum()
    }
}

/// Runs of whitespace become one space.
fn collapse_spaces(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_parser_reads_is_described_once() {
        let keys = CatalogueQuery::keys();
        let names: Vec<&str> = keys.iter().map(|k| k.name).collect();
        for spec in FACETS {
            let facet = spec.name;
            let key = keys.iter().find(|k| k.name == facet).expect("listed");
            assert!(key.repeatable);
            assert!(
                key.meaning.len() > "Up to 50 values; any of them matches.".len() + 5,
                "{facet} has a meaning"
            );
        }
        for other in ["q", "sort", "page", "compare", "ctx", "ready"] {
            assert!(names.contains(&other), "{other}");
        }
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        // Each key's documented values are values the parser accepts.
        let sort = keys.iter().find(|k| k.name == "sort").expect("sort");
        let KeyValues::OneOf(sorts) = &sort.values else {
            panic!("sort is a list")
        };
        for v in sorts {
            let (q, notices) = CatalogueQuery::from_pairs([("sort", *v)]);
            assert!(notices.is_empty(), "{v}");
            assert_eq!(q.sort.as_str(), *v);
        }
    }

    fn parse(s: &str) -> (CatalogueQuery, Vec<QueryNotice>) {
        CatalogueQuery::parse_query_string(s)
    }

    #[test]
    fn the_empty_query_is_the_default_view() {
        let (q, notices) = parse("");
        assert_eq!(
            (q.page, q.sort, q.active_filter_count()),
            (1, Sort::Relevance, 0)
        );
        assert!(notices.is_empty());
        assert_eq!(q.href(), "/technologies");
    }

    #[test]
    fn canonical_form_orders_keys_sorts_values_and_drops_defaults() {
        let (q, notices) = parse(
            "page=1&setting=primary_care&type=workflow_rpa&setting=home_remote&setting=primary_care&sort=relevance&q=derm",
        );
        assert!(notices.is_empty());
        assert_eq!(
            q.to_query_string(),
            "q=derm&type=workflow_rpa&setting=home_remote&setting=primary_care"
        );
    }

    #[test]
    fn canonical_strings_round_trip() {
        for s in [
            "q=skin+lesion&nice=HTE&nice=MTG&deployed=yes&region=Y56&icb=QRV&evidence=routine&verified=high&sort=deployments&page=3",
            "ai=no&ai=yes&reg=uk_mdr_mhra",
            "q=caf%C3%A9+%26+co",
        ] {
            let (q, notices) = parse(s);
            assert!(notices.is_empty(), "{s}: {notices:?}");
            assert_eq!(q.to_query_string(), s);
        }
    }

    #[test]
    fn invalid_values_are_dropped_with_one_notice_per_key() {
        let (q, notices) = parse("nice=XYZ&nice=MTG&ai=maybe&region=y56&type=Bad%20Id");
        assert_eq!(q.facet(FacetKey::Nice), ["MTG"]);
        assert!(
            q.facet(FacetKey::Ai).is_empty()
                && q.facet(FacetKey::Region).is_empty()
                && q.facet(FacetKey::Type).is_empty()
        );
        assert_eq!(notices.len(), 4);
        assert!(notices.contains(&QueryNotice::DroppedValues {
            key: "nice".into(),
            count: 1
        }));
        assert_eq!(
            notices[0].message(),
            "1 filter in your link is no longer available, so it was left out."
        );
    }

    #[test]
    fn the_comparison_tray_keeps_its_order_and_its_maximum() {
        let (q, notices) =
            parse("compare=b&compare=a&type=x&compare=b&compare=c&compare=d&compare=e&compare=Bad");
        assert_eq!(q.compare, ["b", "a", "c", "d"]);
        assert_eq!(
            q.to_query_string(),
            "type=x&compare=b&compare=a&compare=c&compare=d"
        );
        assert_eq!(notices.len(), 2);
        assert!(notices.contains(&QueryNotice::CompareFull(vec!["e".into()])));
        assert_eq!(q.with_compare("f"), q, "a fifth changes nothing");
        assert_eq!(q.without_compare("a").compare, ["b", "c", "d"]);
        assert_eq!(
            q.cleared().href(),
            "/technologies?compare=b&compare=a&compare=c&compare=d"
        );
        assert_eq!(
            q.without(FacetKey::Type, "x").compare.len(),
            4,
            "filters keep the tray"
        );
        assert_eq!(
            q.comparison().href(),
            "/compare?tech=b&tech=a&tech=c&tech=d"
        );
        assert_eq!(
            parse("").0.carry_compare("/technologies/derm"),
            "/technologies/derm"
        );
    }

    #[test]
    fn dropped_values_of_all_keys_make_one_notice() {
        let (_, notices) = parse("nice=XYZ&icb=qq&page=0");
        let merged = QueryNotice::merged(&notices, 1);
        assert_eq!(merged.len(), 2);
        assert_eq!(
            merged[0].message(),
            "3 filters in your link are no longer available, so they were left out."
        );
        assert_eq!(merged[1], QueryNotice::BadPage);
        assert!(QueryNotice::merged(&[], 0).is_empty());
    }

    #[test]
    fn malformed_page_and_sort_fall_back_with_notices() {
        for bad in ["page=0", "page=-2", "page=abc", "page=99999999999"] {
            let (q, notices) = parse(bad);
            assert_eq!(q.page, 1, "{bad}");
            assert_eq!(notices, [QueryNotice::BadPage], "{bad}");
        }
        let (q, notices) = parse("sort=price");
        assert_eq!(
            (q.sort, notices),
            (Sort::Relevance, vec![QueryNotice::BadSort])
        );
    }

    #[test]
    fn an_over_long_search_is_refused_with_a_message() {
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        let (q, notices) = parse(&format!("q={long}"));
        assert_eq!(q.q, None);
        assert_eq!(notices, [QueryNotice::QueryTooLong]);
        let ok = "é".repeat(MAX_QUERY_CHARS);
        assert_eq!(
            parse(&format!("q={ok}")).0.q.as_deref(),
            Some(ok.as_str()),
            "characters, not bytes"
        );
    }

    #[test]
    fn too_many_values_for_one_facet_are_capped() {
        let many: Vec<String> = (0..MAX_VALUES_PER_FACET + 5)
            .map(|i| format!("type=t{i:03}"))
            .collect();
        let (q, notices) = parse(&many.join("&"));
        assert_eq!(q.facet(FacetKey::Type).len(), MAX_VALUES_PER_FACET);
        assert_eq!(
            notices,
            [QueryNotice::DroppedValues {
                key: "type".into(),
                count: 5
            }]
        );
    }

    #[test]
    fn removing_a_chip_resets_to_page_one_and_keeps_the_rest() {
        let (q, _) = parse("q=derm&setting=primary_care&setting=home_remote&page=4");
        assert_eq!(
            q.without(FacetKey::Setting, "home_remote").href(),
            "/technologies?q=derm&setting=primary_care"
        );
    }

    #[test]
    fn control_characters_in_the_search_become_spaces() {
        let (q, _) = CatalogueQuery::from_pairs([("q", "heart\0flow\nscan")]);
        assert_eq!(q.q.as_deref(), Some("heart flow scan"));
        let (q, _) = parse("q=heart%00flow%0Ascan");
        assert_eq!(q.q.as_deref(), Some("heartflow scan"));
    }

    #[test]
    fn dropping_a_whole_facet_keeps_the_others() {
        let (q, _) = parse("type=a&setting=b&setting=c&page=2");
        assert_eq!(q.active_keys(), [FacetKey::Type, FacetKey::Setting]);
        assert_eq!(
            q.without_key(FacetKey::Setting).href(),
            "/technologies?type=a"
        );
        assert_eq!(q.without_search().page, 1);
        assert_eq!(
            q.on_page(3).to_query_string(),
            "type=a&setting=b&setting=c&page=3"
        );
    }

    mod properties {
        use super::super::*;
        use crate::domain::facets::{FacetSpec, Values};
        use proptest::prelude::*;

        /// Any well-formed, sorted, deduplicated values of one facet.
        fn facet_values(spec: &FacetSpec) -> BoxedStrategy<Vec<String>> {
            let listed = spec.values.listed();
            match (spec.values.pattern(), listed) {
                (_, Some(list)) => proptest::sample::subsequence(list.clone(), 0..=list.len())
                    .prop_map(|v| {
                        let mut v: Vec<String> = v.into_iter().map(str::to_owned).collect();
                        v.sort();
                        v
                    })
                    .boxed(),
                (Some(_), None) => {
                    let pattern = match spec.values {
                        Values::Ods => "[A-Z0-9]{2,5}",
                        _ => "[a-z0-9_]{1,8}",
                    };
                    proptest::collection::btree_set(pattern, 0..4)
                        .prop_map(|s| s.into_iter().collect())
                        .boxed()
                }
                (None, None) => Just(Vec::new()).boxed(),
            }
        }

        /// Any normalised query: what `from_pairs` can return without notices.
        fn normalised() -> impl Strategy<Value = CatalogueQuery> {
            let text = proptest::option::of("[ a-zA-Z0-9&=+%#?é€/\u{1F600}~*-]{0,60}")
                .prop_map(|q| q.map(|q| collapse_spaces(&q)).filter(|q| !q.is_empty()));
            let facets: Vec<BoxedStrategy<Vec<String>>> = FACETS.iter().map(facet_values).collect();
            (
                text,
                facets,
                (
                    proptest::sample::select(Sort::ALL.to_vec()),
                    1..=u32::MAX,
                    proptest::collection::vec("[a-z0-9]{1,6}(-[a-z0-9]{1,4})?", 0..6),
                    proptest::sample::select(vec![
                        "",
                        "v1.cso-y",
                        "v1.gp-emis+tpp.int-dicom+fhir.team-3",
                        "v1.epr-none.cloud-uk.works-0",
                    ]),
                    proptest::option::of(proptest::sample::select(ReadyFilter::ALL.to_vec())),
                ),
            )
                .prop_map(|(q, facets, (sort, page, picked, ctx, ready))| {
                    let ctx = OrgContext::parse(ctx).0;
                    let ready = ready.filter(|_| !ctx.is_empty());
                    let mut compare: Vec<String> = Vec::new();
                    for slug in picked {
                        if !compare.contains(&slug) && compare.len() < MAX_COMPARE {
                            compare.push(slug);
                        }
                    }
                    let mut filters = Filters::default();
                    for (key, values) in FacetKey::all().zip(facets) {
                        filters.set(key, values);
                    }
                    CatalogueQuery {
                        q,
                        filters,
                        sort,
                        page,
                        compare,
                        ready,
                        ctx,
                    }
                })
        }

        /// Any query string a user might paste, valid or not.
        fn messy_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
            let mut keys: Vec<&str> = FACETS.iter().map(|f| f.name).collect();
            keys.extend(["q", "sort", "page", "compare", "other"]);
            let key = proptest::sample::select(keys);
            proptest::collection::vec(
                (key.prop_map(str::to_owned), "[ a-zA-Z0-9_&%+é-]{0,12}"),
                0..12,
            )
        }

        proptest! {
            #[test]
            fn parse_of_encode_is_identity(q in normalised()) {
                let (parsed, notices) = CatalogueQuery::parse_query_string(&q.to_query_string());
                prop_assert!(notices.is_empty(), "{:?}", notices);
                prop_assert_eq!(parsed, q);
            }

            #[test]
            fn normalising_is_idempotent(pairs in messy_pairs()) {
                let (once, _) = CatalogueQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                let encoded = once.to_query_string();
                let (twice, notices) = CatalogueQuery::parse_query_string(&encoded);
                prop_assert!(notices.is_empty(), "{:?}", notices);
                prop_assert_eq!(twice.to_query_string(), encoded);
                prop_assert_eq!(twice, once);
            }
        }
    }
}
