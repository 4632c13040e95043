//! The facet index: every listed technology's facet values as bit sets, in
//! name order, with the other orders precomputed. Built from one snapshot of
//! `catalogue_entry` (see [`super::snapshot`]), it does a search's filtering,
//! facet counting, ordering and paging in memory, in one pass over the
//! candidates. Only the text match, the readiness tallies and the page's rows
//! come from Postgres. Plain data and loops: no SQL here.

use crate::domain::{FACET_COUNT, Sort};
use chrono::{Datelike, NaiveDate};
use std::{cmp::Reverse, collections::HashMap};

/// One technology as the snapshot reads it.
#[derive(Debug, Clone)]
pub struct IndexRow {
    /// `technology.id`.
    pub id: i64,
    /// Lower-cased name: the name order and the relevance name tiers.
    pub name_key: String,
    /// URL slug (breaks ties between equal names).
    pub slug: String,
    /// Documented NHS deployments.
    pub deployments: i32,
    /// When a claim was last verified.
    pub last_verified: Option<NaiveDate>,
    /// Each facet's values, in [`crate::domain::FACETS`] order.
    pub values: Vec<Vec<String>>,
}

/// Where one facet's bits live in an entry's row of words, and its values.
#[derive(Debug, Default)]
struct FacetBits {
    offset: usize,
    words: usize,
    code: HashMap<String, usize>,
}

/// The catalogue's facet index. Entries are numbered by position in name order.
#[derive(Debug, Default)]
pub struct CatalogueIndex {
    ids: Vec<i64>,
    names: Vec<String>,
    position: HashMap<i64, u32>,
    facets: Vec<FacetBits>,
    stride: usize,
    /// `stride` words per entry: each facet's values as bits.
    masks: Vec<u64>,
    /// Position of each entry in the deployments and recently-verified orders.
    rank_deployments: Vec<u32>,
    rank_recent: Vec<u32>,
    /// Entries in those orders.
    by_deployments: Vec<u32>,
    by_recent: Vec<u32>,
    /// Catalogue-wide count per facet value (by code).
    totals: Vec<Vec<i64>>,
}

/// What a search asks of the index.
#[derive(Debug, Clone, Copy)]
pub struct Probe<'a> {
    /// Each facet's selected values (empty: no filter), in facet order.
    pub filters: [&'a [String]; FACET_COUNT],
    /// With search text: the entries (positions) that match it, ascending,
    /// with their text rank.
    pub text: Option<&'a [(u32, f32)]>,
    /// With a readiness filter: the ids it accepts.
    pub scope: Option<&'a [i64]>,
    /// Also collect the matches without the readiness scope.
    pub want_unscoped: bool,
}

/// The outcome of one pass: the matches and every facet's counts.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// Matching entries, by position (ascending).
    hits: Vec<u32>,
    /// Matches without the readiness scope (ids), when asked for.
    pub unscoped: Vec<i64>,
    /// Per facet, per value code: matches under the other facets' filters.
    counts: Vec<Vec<i64>>,
    /// Per facet: entries failing only that facet (the result count without it).
    near: [i64; FACET_COUNT],
    /// Text rank per hit position (with search text).
    ranks: HashMap<u32, f32>,
}

impl Evaluation {
    /// Number of matches.
    pub fn total(&self) -> i64 {
        self.hits.len() as i64
    }

    /// Results there would be without facet `i`'s filter.
    pub fn without_facet(&self, i: usize) -> i64 {
        self.total() + self.near.get(i).copied().unwrap_or(0)
    }
}

/// Does any bit of `a` meet a bit of `b`?
fn meets(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

/// Adds one to `counts` at every bit set in `words`.
fn tally(words: &[u64], counts: &mut [i64]) {
    for (w, &word) in words.iter().enumerate() {
        let mut rest = word;
        while rest != 0 {
            let bit = rest.trailing_zeros() as usize;
            if let Some(c) = counts.get_mut(w * 64 + bit) {
                *c += 1;
            }
            rest &= rest - 1;
        }
    }
}

impl CatalogueIndex {
    /// Builds the index from rows in name order (`name_key`, then `slug`).
    pub fn build(mut rows: Vec<IndexRow>) -> Self {
        rows.sort_by(|a, b| (&a.name_key, &a.slug).cmp(&(&b.name_key, &b.slug)));
        let mut facets: Vec<FacetBits> = (0..FACET_COUNT).map(|_| FacetBits::default()).collect();
        for row in &rows {
            for (f, values) in facets.iter_mut().zip(&row.values) {
                for v in values {
                    let next = f.code.len();
                    f.code.entry(v.clone()).or_insert(next);
                }
            }
        }
        let mut stride = 0;
        for f in &mut facets {
            f.offset = stride;
            f.words = f.code.len().div_ceil(64).max(1);
            stride += f.words;
        }
        let n = rows.len();
        let mut masks = vec![0_u64; n * stride];
        let mut totals: Vec<Vec<i64>> = facets.iter().map(|f| vec![0; f.code.len()]).collect();
        for (pos, row) in rows.iter().enumerate() {
            let base = pos * stride;
            for ((f, values), total) in facets.iter().zip(&row.values).zip(&mut totals) {
                for v in values {
                    if let Some(&c) = f.code.get(v) {
                        let word = &mut masks[base + f.offset + c / 64];
                        if *word & (1 << (c % 64)) == 0 {
                            *word |= 1 << (c % 64);
                            total[c] += 1;
                        }
                    }
                }
            }
        }
        let order = |key: &dyn Fn(usize) -> (Reverse<i64>, usize)| {
            let mut by: Vec<u32> = (0..n as u32).collect();
            by.sort_by_key(|&p| key(p as usize));
            let mut rank = vec![0_u32; n];
            for (r, &p) in by.iter().enumerate() {
                rank[p as usize] = r as u32;
            }
            (by, rank)
        };
        let (by_deployments, rank_deployments) =
            order(&|p| (Reverse(i64::from(rows[p].deployments)), p));
        // Most recent first, never-verified last.
        let (by_recent, rank_recent) = order(&|p| {
            let days = rows[p]
                .last_verified
                .map_or(i64::MIN, |d| i64::from(d.num_days_from_ce()));
            (Reverse(days), p)
        });
        Self {
            position: rows
                .iter()
                .enumerate()
                .map(|(p, r)| (r.id, p as u32))
                .collect(),
            ids: rows.iter().map(|r| r.id).collect(),
            names: rows.into_iter().map(|r| r.name_key).collect(),
            facets,
            stride,
            masks,
            rank_deployments,
            rank_recent,
            by_deployments,
            by_recent,
            totals,
        }
    }

    /// Number of technologies indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The position of technology `id`, if listed.
    pub fn position_of(&self, id: i64) -> Option<u32> {
        self.position.get(&id).copied()
    }

    /// The selected values of facet `f` as bits (values no entry has set none).
    fn selection(&self, f: usize, values: &[String]) -> Vec<u64> {
        let bits = &self.facets[f];
        let mut words = vec![0_u64; bits.words];
        for v in values {
            if let Some(&c) = bits.code.get(v) {
                words[c / 64] |= 1 << (c % 64);
            }
        }
        words
    }

    /// Positions of `ids` that the index knows, ascending.
    fn positions(&self, ids: impl Iterator<Item = i64>) -> Vec<u32> {
        let mut out: Vec<u32> = ids
            .filter_map(|id| self.position.get(&id).copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// One pass over the candidates: the matches, and every facet's counts
    /// under the other facets' filters (a facet counts the matches plus the
    /// entries that fail only that facet). Where nothing but a facet's own
    /// filter applies, its counts are the catalogue-wide ones, read not counted.
    pub fn evaluate(&self, probe: &Probe<'_>) -> Evaluation {
        let active: Vec<usize> = (0..FACET_COUNT)
            .filter(|&f| !probe.filters[f].is_empty())
            .collect();
        let selections: Vec<Vec<u64>> = (0..FACET_COUNT)
            .map(|f| self.selection(f, probe.filters[f]))
            .collect();
        let narrowed = probe.text.is_some() || probe.scope.is_some();
        // Facets whose counts need counting (the rest read `totals`).
        let counted: Vec<bool> = (0..FACET_COUNT)
            .map(|f| narrowed || active.iter().any(|&a| a != f))
            .collect();
        let mut counts: Vec<Vec<i64>> = self
            .totals
            .iter()
            .zip(&counted)
            .map(|(t, &c)| if c { vec![0; t.len()] } else { t.clone() })
            .collect();
        let mut scope_bits = Vec::new();
        if let Some(scope) = probe.scope {
            scope_bits = vec![0_u64; self.len().div_ceil(64)];
            for p in self.positions(scope.iter().copied()) {
                scope_bits[p as usize / 64] |= 1 << (p % 64);
            }
        }
        let mut ranks = HashMap::new();
        let candidates: Vec<u32> = match probe.text {
            Some(text) => {
                ranks.extend(text.iter().copied());
                text.iter().map(|&(p, _)| p).collect()
            }
            None => (0..self.len() as u32).collect(),
        };
        let mut out = Evaluation {
            counts: Vec::new(),
            ..Evaluation::default()
        };
        for pos in candidates {
            let row = &self.masks[pos as usize * self.stride..][..self.stride];
            let (mut fails, mut failed) = (0, usize::MAX);
            for &f in &active {
                let bits = &self.facets[f];
                if !meets(&row[bits.offset..][..bits.words], &selections[f]) {
                    fails += 1;
                    failed = f;
                    if fails > 1 {
                        break;
                    }
                }
            }
            if fails == 0 && probe.want_unscoped {
                out.unscoped.push(self.ids[pos as usize]);
            }
            let in_scope =
                probe.scope.is_none() || scope_bits[pos as usize / 64] & (1 << (pos % 64)) != 0;
            if !in_scope || fails > 1 {
                continue;
            }
            if fails == 1 {
                out.near[failed] += 1;
                if counted[failed] {
                    let bits = &self.facets[failed];
                    tally(&row[bits.offset..][..bits.words], &mut counts[failed]);
                }
                continue;
            }
            out.hits.push(pos);
            for (f, bits) in self.facets.iter().enumerate() {
                if counted[f] {
                    tally(&row[bits.offset..][..bits.words], &mut counts[f]);
                }
            }
        }
        out.counts = counts;
        out.ranks = ranks;
        out
    }

    /// How many results facet `f`'s value gives, from an evaluation.
    pub fn count(&self, eval: &Evaluation, f: usize, value: &str) -> i64 {
        self.facets[f]
            .code
            .get(value)
            .and_then(|&c| eval.counts.get(f)?.get(c).copied())
            .unwrap_or(0)
    }

    /// Matches of a probe ignoring its search text (for the empty state's
    /// "without your search words").
    pub fn without_text(&self, probe: &Probe<'_>) -> i64 {
        self.evaluate(&Probe {
            text: None,
            want_unscoped: false,
            ..*probe
        })
        .total()
    }

    /// The ids of the matches in `sort` order, skipping `offset` and taking at
    /// most `limit`. `name_query`: the lower-cased search text, so that a name
    /// equal to it, then one starting with it, comes first in relevance order.
    pub fn order(
        &self,
        eval: &Evaluation,
        sort: Sort,
        name_query: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Vec<i64> {
        let hits = &eval.hits;
        let wanted = offset.saturating_add(limit).min(hits.len());
        let ordered: Vec<u32> = match sort {
            Sort::Relevance if !eval.ranks.is_empty() => {
                let tier = |p: u32| match name_query {
                    Some(q) if self.names[p as usize] == q => 0,
                    Some(q) if self.names[p as usize].starts_with(q) => 1,
                    _ => 2,
                };
                let mut v = hits.clone();
                v.sort_by(|&a, &b| {
                    let (ra, rb) = (eval.ranks[&a], eval.ranks[&b]);
                    (tier(a), rb, a)
                        .partial_cmp(&(tier(b), ra, b))
                        .unwrap_or(std::cmp::Ordering::Equal)
                });
                v
            }
            Sort::Relevance | Sort::Name => hits.clone(),
            Sort::Deployments => {
                self.in_order(hits, &self.by_deployments, &self.rank_deployments, wanted)
            }
            Sort::Recent => self.in_order(hits, &self.by_recent, &self.rank_recent, wanted),
        };
        ordered
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|p| self.ids[p as usize])
            .collect()
    }

    /// The first `wanted` of `hits` in a precomputed order: a walk of that
    /// order when the hits are many, a sort by rank when they are few.
    fn in_order(&self, hits: &[u32], by: &[u32], rank: &[u32], wanted: usize) -> Vec<u32> {
        if hits.len() * 16 > by.len() {
            let mut marked = vec![0_u64; by.len().div_ceil(64)];
            for &p in hits {
                marked[p as usize / 64] |= 1 << (p % 64);
            }
            by.iter()
                .copied()
                .filter(|&p| marked[p as usize / 64] & (1 << (p % 64)) != 0)
                .take(wanted)
                .collect()
        } else {
            let mut v = hits.to_vec();
            v.sort_unstable_by_key(|&p| rank[p as usize]);
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FacetKey;

    fn row(
        id: i64,
        name: &str,
        deployments: i32,
        day: Option<u32>,
        facets: &[(FacetKey, &[&str])],
    ) -> IndexRow {
        let mut values = vec![Vec::new(); FACET_COUNT];
        for (key, vs) in facets {
            values[*key as usize] = vs.iter().map(|v| (*v).to_owned()).collect();
        }
        IndexRow {
            id,
            name_key: name.to_owned(),
            slug: name.replace(' ', "-"),
            deployments,
            last_verified: day.and_then(|d| NaiveDate::from_ymd_opt(2026, 1, d)),
            values,
        }
    }

    fn index() -> CatalogueIndex {
        use FacetKey::*;
        CatalogueIndex::build(vec![
            row(
                1,
                "delta",
                5,
                Some(3),
                &[(Type, &["ai"]), (Setting, &["home", "primary"])],
            ),
            row(
                2,
                "alpha",
                9,
                None,
                &[(Type, &["app"]), (Setting, &["primary"])],
            ),
            row(
                3,
                "charlie",
                1,
                Some(9),
                &[(Type, &["ai"]), (Setting, &["acute"])],
            ),
            row(
                4,
                "bravo",
                9,
                Some(1),
                &[(Type, &["app"]), (Setting, &["home"])],
            ),
        ])
    }

    fn probe<'a>(filters: &[(FacetKey, &'a [String])]) -> Probe<'a> {
        let mut all: [&[String]; FACET_COUNT] = [&[]; FACET_COUNT];
        for (k, v) in filters {
            all[*k as usize] = v;
        }
        Probe {
            filters: all,
            text: None,
            scope: None,
            want_unscoped: false,
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn unfiltered_counts_are_the_totals_and_name_order_is_the_default() {
        let ix = index();
        let eval = ix.evaluate(&probe(&[]));
        assert_eq!(eval.total(), 4);
        assert_eq!(ix.count(&eval, FacetKey::Setting as usize, "home"), 2);
        assert_eq!(ix.count(&eval, FacetKey::Type as usize, "ai"), 2);
        assert_eq!(ix.count(&eval, FacetKey::Type as usize, "nobody"), 0);
        assert_eq!(
            ix.order(&eval, Sort::Relevance, None, 0, 10),
            vec![2, 4, 3, 1]
        );
    }

    #[test]
    fn a_facet_counts_under_the_other_filters_only() {
        let ix = index();
        let ai = strings(&["ai"]);
        let home = strings(&["home"]);
        let eval = ix.evaluate(&probe(&[(FacetKey::Type, &ai), (FacetKey::Setting, &home)]));
        assert_eq!(ix.order(&eval, Sort::Name, None, 0, 10), vec![1]);
        // Type counts under the setting filter: home has one ai and one app.
        assert_eq!(ix.count(&eval, FacetKey::Type as usize, "ai"), 1);
        assert_eq!(ix.count(&eval, FacetKey::Type as usize, "app"), 1);
        // Setting counts under the type filter: ai technologies are in home,
        // primary and acute once each.
        assert_eq!(ix.count(&eval, FacetKey::Setting as usize, "acute"), 1);
        assert_eq!(ix.count(&eval, FacetKey::Setting as usize, "primary"), 1);
        assert_eq!(eval.without_facet(FacetKey::Type as usize), 2);
        assert_eq!(eval.without_facet(FacetKey::Setting as usize), 2);
    }

    #[test]
    fn a_value_no_technology_has_matches_nothing() {
        let ix = index();
        let none = strings(&["nobody"]);
        let eval = ix.evaluate(&probe(&[(FacetKey::Setting, &none)]));
        assert_eq!(eval.total(), 0);
        assert_eq!(eval.without_facet(FacetKey::Setting as usize), 4);
    }

    #[test]
    fn orders_break_ties_by_name_and_put_the_never_verified_last() {
        let ix = index();
        let eval = ix.evaluate(&probe(&[]));
        assert_eq!(
            ix.order(&eval, Sort::Deployments, None, 0, 10),
            vec![2, 4, 1, 3]
        );
        assert_eq!(ix.order(&eval, Sort::Recent, None, 0, 10), vec![3, 1, 4, 2]);
        assert_eq!(ix.order(&eval, Sort::Recent, None, 1, 2), vec![1, 4]);
        assert_eq!(ix.order(&eval, Sort::Name, None, 3, 10), vec![1]);
        assert!(ix.order(&eval, Sort::Name, None, 9, 10).is_empty());
    }

    #[test]
    fn text_and_scope_narrow_the_candidates_and_rank_names_first() {
        let ix = index();
        let mut text: Vec<(u32, f32)> = [(1, 0.9_f32), (3, 0.5), (4, 0.1)]
            .into_iter()
            .filter_map(|(id, rank)| Some((ix.position_of(id)?, rank)))
            .collect();
        text.sort_by_key(|&(p, _)| p);
        let scope = [1, 4];
        let p = Probe {
            text: Some(&text),
            want_unscoped: true,
            ..probe(&[])
        };
        let eval = ix.evaluate(&p);
        assert_eq!(eval.total(), 3);
        assert_eq!(ix.order(&eval, Sort::Relevance, None, 0, 10), vec![1, 3, 4]);
        // A name starting with the search text comes before a better text rank.
        assert_eq!(
            ix.order(&eval, Sort::Relevance, Some("bra"), 0, 10),
            vec![4, 1, 3]
        );
        assert_eq!(
            ix.order(&eval, Sort::Relevance, Some("bravo"), 0, 1),
            vec![4]
        );
        let scoped = ix.evaluate(&Probe {
            scope: Some(&scope),
            ..p
        });
        assert_eq!(ix.order(&scoped, Sort::Name, None, 0, 10), vec![4, 1]);
        assert_eq!(scoped.unscoped.len(), 3);
        assert_eq!(ix.count(&scoped, FacetKey::Type as usize, "ai"), 1);
        assert_eq!(
            ix.without_text(&Probe {
                scope: Some(&scope),
                ..probe(&[])
            }),
            2
        );
    }

    #[test]
    fn facets_with_more_than_64_values_use_more_words() {
        let rows: Vec<IndexRow> = (0..130)
            .map(|i| {
                let code = format!("v{i}");
                row(
                    i,
                    &format!("n{i:03}"),
                    0,
                    None,
                    &[(FacetKey::Icb, &[code.as_str()])],
                )
            })
            .collect();
        let ix = CatalogueIndex::build(rows);
        let picked = strings(&["v129", "v3"]);
        let eval = ix.evaluate(&probe(&[(FacetKey::Icb, &picked)]));
        assert_eq!(ix.order(&eval, Sort::Name, None, 0, 10), vec![3, 129]);
        assert_eq!(ix.count(&eval, FacetKey::Icb as usize, "v100"), 1);
    }
}
