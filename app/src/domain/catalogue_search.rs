//! What a catalogue search returns, and the plain-language pieces built from it:
//! the words searched for, highlighted matches, filter chips and the one-line summary.

use super::{CatalogueQuery, FacetKey, TechnologySummary};
use serde::{Deserialize, Serialize};

/// Results per page.
pub const PAGE_SIZE: u32 = 20;
/// Most words of a search that are used.
pub const MAX_TERMS: usize = 12;

/// One option of a facet, with the number of results it would give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FacetOption {
    /// The URL value.
    pub value: String,
    /// What the user reads.
    pub label: String,
    /// Results with this option and the other facets' active filters.
    pub count: i64,
    /// Ticked in the current query.
    pub selected: bool,
}

/// One filter group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Facet {
    /// Which facet (serialised as its URL key).
    pub key: FacetKey,
    /// The group's legend.
    pub label: String,
    /// Every option, including those with no results.
    pub options: Vec<FacetOption>,
}

/// A filter the user could remove to get results back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// "Care setting" or "Search".
    pub label: String,
    /// Results without it.
    pub count: i64,
    /// The view without it.
    pub href: String,
}

/// A word searched for besides what was typed: what an abbreviation stands
/// for, or the catalogue's nearest spelling of a word it does not contain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AlsoSearched {
    /// What was typed ("af", "dermatolgy").
    pub typed: String,
    /// What was searched for as well ("atrial fibrillation", "dermatology").
    pub searched: String,
    /// `true` for a close spelling, `false` for an abbreviation or its meaning.
    pub spelling: bool,
}

/// One page of catalogue results with its facets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueResults {
    /// The query that was run: the request minus values unknown to the catalogue.
    pub query: CatalogueQuery,
    /// How many filter values were unknown and left out.
    pub unknown_filters: usize,
    /// All matching technologies.
    pub total: i64,
    /// The page shown (clamped to the last page).
    pub page: u32,
    /// Number of pages (at least 1).
    pub pages: u32,
    /// This page's technologies, in order.
    pub items: Vec<TechnologySummary>,
    /// Every filter group, in URL key order.
    pub facets: Vec<Facet>,
    /// When nothing matches: what to remove, with how many results each gives.
    pub suggestions: Vec<Suggestion>,
    /// The comparison tray's technologies, in tray order.
    pub tray: Vec<super::MatrixColumn>,
    /// With the organisation's context: each readiness option with how many of
    /// the results (under the other filters) it gives. Empty without a context.
    #[serde(default)]
    pub readiness: Vec<FacetOption>,
    /// Abbreviations' meanings and close spellings searched for as well.
    #[serde(default)]
    pub also_searched: Vec<AlsoSearched>,
}

/// A removable chip for an active filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chip {
    /// "Care setting: Primary care".
    pub label: String,
    /// The view without this filter.
    pub href: String,
}

impl CatalogueResults {
    /// The label of `value` in facet `key`, or the value itself.
    pub fn option_label(&self, key: FacetKey, value: &str) -> String {
        self.facets
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| f.options.iter().find(|o| o.value == value))
            .map_or_else(|| value.to_owned(), |o| o.label.clone())
    }

    /// The legend of facet `key`.
    pub fn facet_label(&self, key: FacetKey) -> String {
        self.facets
            .iter()
            .find(|f| f.key == key)
            .map_or_else(|| key.spec().label.to_owned(), |f| f.label.clone())
    }

    /// Chips for the search text and every selected value, in URL order.
    pub fn chips(&self) -> Vec<Chip> {
        let q = &self.query;
        let search = q.q.iter().map(|text| Chip {
            label: format!("Search: {text}"),
            href: q.without_search().href(),
        });
        let filters = self.facets.iter().flat_map(|f| {
            q.facet(f.key).iter().map(move |v| Chip {
                label: format!("{}: {}", f.label, self.option_label(f.key, v)),
                href: q.without(f.key, v).href(),
            })
        });
        let ready = q.ready.map(|r| Chip {
            label: format!("Readiness: {}", r.label()),
            href: q.with_ready(None).href(),
        });
        search.chain(filters).chain(ready).collect()
    }

    /// "12 technologies match “derm”: Primary care; AI-enabled: Yes." Plain text
    /// for the summary line and the screen-reader announcement.
    pub fn summary(&self) -> String {
        let noun = if self.total == 1 {
            "technology matches"
        } else {
            "technologies match"
        };
        let mut text = match self.total {
            0 => "No technologies match".to_owned(),
            n => format!("{n} {noun}"),
        };
        if let Some(q) = &self.query.q {
            text.push_str(&format!(" “{q}”"));
        }
        let mut filters: Vec<String> = self
            .query
            .active_keys()
            .into_iter()
            .map(|key| {
                let values: Vec<String> = self
                    .query
                    .facet(key)
                    .iter()
                    .map(|v| self.option_label(key, v))
                    .collect();
                format!("{} {}", self.facet_label(key), values.join(" or "))
            })
            .collect();
        if let Some(r) = self.query.ready {
            filters.push(format!("readiness {}", r.label()));
        }
        if filters.is_empty() {
            if self.query.q.is_none() {
                text = match self.total {
                    0 => "The catalogue is empty".to_owned(),
                    n => format!("All {n} technologies in the catalogue"),
                };
            }
        } else {
            text.push_str(": ");
            text.push_str(&filters.join("; "));
        }
        text.push('.');
        if self.pages > 1 {
            text.push_str(&format!(" Page {} of {}.", self.page, self.pages));
        }
        text
    }
}

/// The words of a search, lower-cased: runs of letters and digits. At most
/// [`MAX_TERMS`]; punctuation and operators are never passed on.
pub fn search_terms(q: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if !terms.contains(&word) {
            terms.push(word);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// `text` split into runs, `true` where a word starts with a search term (the
/// same prefix rule the search uses), for `<mark>` highlighting.
pub fn highlight(text: &str, terms: &[String]) -> Vec<(String, bool)> {
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut push = |s: &str, hit: bool| match runs.last_mut() {
        Some((last, h)) if *h == hit => last.push_str(s),
        _ => runs.push((s.to_owned(), hit)),
    };
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(char::is_alphanumeric).unwrap_or(rest.len());
        push(&rest[..start], false);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let word = &rest[..end];
        let lower = word.to_lowercase();
        match terms.iter().find(|t| lower.starts_with(t.as_str())) {
            // Mark the matched prefix only, on a char boundary of the original.
            Some(t) if !word.is_empty() => {
                let cut = word
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([word.len()])
                    .find(|&i| word[..i].to_lowercase().len() >= t.len())
                    .unwrap_or(word.len());
                push(&word[..cut], true);
                push(&word[cut..], false);
            }
            _ => push(word, false),
        }
        rest = &rest[end..];
    }
    runs.retain(|(s, _)| !s.is_empty());
    runs
}

/// Number of pages for `total` results.
pub fn page_count(total: i64) -> u32 {
    let pages = (total.max(0) as u64).div_ceil(u64::from(PAGE_SIZE)).max(1);
    u32::try_from(pages).unwrap_or(u32::MAX)
}

/// The page numbers to link, with `None` for a gap: first, last, and two either
/// side of the current page.
pub fn page_links(page: u32, pages: u32) -> Vec<Option<u32>> {
    let mut out = Vec::new();
    for n in 1..=pages {
        let near = n.abs_diff(page) <= 2;
        if n == 1 || n == pages || near {
            out.push(Some(n));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FACETS;

    #[test]
    fn every_group_without_a_table_has_fixed_options() {
        for spec in FACETS {
            let db_backed = matches!(
                spec.name,
                "type" | "setting" | "specialty" | "region" | "icb"
            );
            assert_eq!(spec.fixed_options().is_none(), db_backed, "{}", spec.name);
        }
        let (q, notices) = CatalogueQuery::parse_query_string(
            &FACETS
                .iter()
                .filter_map(|spec| spec.fixed_options().map(|o| (spec.name, o)))
                .flat_map(|(k, o)| o.into_iter().map(move |(v, _)| format!("{k}={v}")))
                .collect::<Vec<_>>()
                .join("&"),
        );
        assert!(
            notices.is_empty(),
            "every fixed option is a valid URL value: {notices:?}"
        );
        assert_eq!(q.active_filter_count(), 2 + 7 + 10 + 2 + 5 + 3);
    }

    #[test]
    fn terms_are_words_without_operators() {
        assert_eq!(
            search_terms("Skin  LESION & derm:* | !x'); drop"),
            ["skin", "lesion", "derm", "x", "drop"]
        );
        assert_eq!(search_terms("  ,,, "), Vec::<String>::new());
        assert_eq!(search_terms(&"a ".repeat(40)).len(), 1);
    }

    #[test]
    fn highlight_marks_word_prefixes_only() {
        let runs = highlight(
            "Dermatology: teledermatology for DERM.",
            &["derm".to_owned()],
        );
        assert_eq!(
            runs,
            [
                ("Derm".to_owned(), true),
                ("atology: teledermatology for ".to_owned(), false),
                ("DERM".to_owned(), true),
                (".".to_owned(), false),
            ]
        );
        assert_eq!(
            highlight("Éclair", &["éc".to_owned()])[0],
            ("Éc".to_owned(), true)
        );
    }

    #[test]
    fn pages_cover_the_total() {
        assert_eq!(
            (
                page_count(0),
                page_count(20),
                page_count(21),
                page_count(57)
            ),
            (1, 1, 2, 3)
        );
        assert_eq!(
            page_links(6, 12),
            [
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                None,
                Some(12)
            ]
        );
        assert_eq!(page_links(1, 2), [Some(1), Some(2)]);
    }

    fn results(qs: &str, total: i64) -> CatalogueResults {
        let facet = |key: FacetKey, label: &str, opts: &[(&str, &str)]| Facet {
            key,
            label: label.into(),
            options: opts
                .iter()
                .map(|(v, l)| FacetOption {
                    value: (*v).into(),
                    label: (*l).into(),
                    count: 1,
                    selected: false,
                })
                .collect(),
        };
        CatalogueResults {
            query: CatalogueQuery::parse_query_string(qs).0,
            unknown_filters: 0,
            total,
            page: 1,
            pages: page_count(total),
            items: Vec::new(),
            readiness: Vec::new(),
            also_searched: Vec::new(),
            facets: vec![
                facet(
                    FacetKey::Setting,
                    "Care setting",
                    &[("primary_care", "Primary care"), ("home", "Home")],
                ),
                facet(FacetKey::Ai, "AI-enabled", &[("yes", "Yes")]),
            ],
            suggestions: Vec::new(),
            tray: Vec::new(),
        }
    }

    #[test]
    fn the_summary_names_the_search_and_filters() {
        assert_eq!(
            results("q=derm&setting=home&setting=primary_care&ai=yes", 12).summary(),
            "12 technologies match “derm”: Care setting Home or Primary care; AI-enabled Yes."
        );
        assert_eq!(
            results("", 57).summary(),
            "All 57 technologies in the catalogue. Page 1 of 3."
        );
        assert_eq!(
            results("ai=yes", 0).summary(),
            "No technologies match: AI-enabled Yes."
        );
        assert_eq!(results("q=x", 1).summary(), "1 technology matches “x”.");
    }

    #[test]
    fn chips_remove_one_filter_each() {
        let chips = results("q=derm&setting=home&ai=yes&page=2", 3).chips();
        let got: Vec<(&str, &str)> = chips
            .iter()
            .map(|c| (c.label.as_str(), c.href.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Search: derm", "/technologies?setting=home&ai=yes"),
                ("Care setting: Home", "/technologies?q=derm&ai=yes"),
                ("AI-enabled: Yes", "/technologies?q=derm&setting=home"),
            ]
        );
    }
}
