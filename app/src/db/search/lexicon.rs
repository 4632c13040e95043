//! The text match in memory: every lexeme of the catalogue's search documents
//! (`catalogue_entry.document`, Postgres's English stemming) with the entries
//! that have it and the weight of its best field there (name A, supplier B,
//! text C). Held in the snapshot beside the facet index, so a search's text
//! match is a few sorted-list merges, not a scan of every matching row with a
//! rank per row (which cost 60–80 ms at 100,000 technologies).
//!
//! The search words are stemmed by Postgres, as the documents were, before
//! they reach here ([`super::text`]); a word Postgres drops (a stop word) is
//! left out of its query, as `to_tsquery` leaves it out. Plain data and loops.

use std::collections::HashMap;

/// Rank of a match in each field weight, A to D (Postgres's `ts_rank` defaults).
const WEIGHT: [f32; 4] = [1.0, 0.4, 0.2, 0.1];

/// A search as a tree of words.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// A word; as a prefix (`derm` finds "dermatology") or whole (`af`).
    Word {
        /// The word (a lexeme once stemmed).
        word: String,
        /// Matches every lexeme it starts.
        prefix: bool,
    },
    /// Every part matches.
    All(Vec<Query>),
    /// Any part matches.
    Any(Vec<Query>),
}

impl Query {
    /// Every word in the tree, once each.
    pub fn words(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_words(&mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn collect_words<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Self::Word { word, .. } => out.push(word),
            Self::All(parts) | Self::Any(parts) => {
                parts.iter().for_each(|p| p.collect_words(out));
            }
        }
    }

    /// The tree with each word replaced by its lexemes (`stems[word]`; a word
    /// of several lexemes needs them all), leaving out words with none and
    /// groups left empty. `None`: nothing is left (stop words only).
    pub fn stemmed(&self, stems: &HashMap<String, Vec<String>>) -> Option<Self> {
        let parts = match self {
            Self::Word { word, prefix } => stems
                .get(word)
                .into_iter()
                .flatten()
                .map(|l| Self::Word {
                    word: l.clone(),
                    prefix: *prefix,
                })
                .collect(),
            Self::All(parts) | Self::Any(parts) => {
                parts.iter().filter_map(|p| p.stemmed(stems)).collect()
            }
        };
        let mut parts: Vec<Self> = parts;
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ if matches!(self, Self::Any(_)) => Some(Self::Any(parts)),
            _ => Some(Self::All(parts)),
        }
    }
}

/// In `tsquery` notation: `(af | (atrial & fibril:*))`.
impl std::fmt::Display for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (parts, op) = match self {
            Self::Word { word, prefix } => {
                return write!(f, "{word}{}", if *prefix { ":*" } else { "" });
            }
            Self::All(parts) => (parts, " & "),
            Self::Any(parts) => (parts, " | "),
        };
        f.write_str("(")?;
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                f.write_str(op)?;
            }
            write!(f, "{p}")?;
        }
        f.write_str(")")
    }
}

/// Entries as positions with their rank, ascending by position.
pub type Hits = Vec<(u32, f32)>;

/// The catalogue's lexemes, sorted (byte order), each with its entries.
#[derive(Debug, Default)]
pub struct Lexicon {
    lexemes: Vec<String>,
    /// Per lexeme: `(position, weight index 0–3)`, ascending by position.
    postings: Vec<Vec<(u32, u8)>>,
}

impl Lexicon {
    /// Builds it from `(position, lexeme, best weight 'A'–'D')` triples.
    pub fn build(rows: impl IntoIterator<Item = (u32, String, char)>) -> Self {
        let mut by_lexeme: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
        for (pos, lexeme, weight) in rows {
            let w = match weight {
                'A' => 0,
                'B' => 1,
                'C' => 2,
                _ => 3,
            };
            by_lexeme.entry(lexeme).or_default().push((pos, w));
        }
        let mut entries: Vec<(String, Vec<(u32, u8)>)> = by_lexeme.into_iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (lexemes, mut postings): (Vec<_>, Vec<_>) = entries.into_iter().unzip();
        for list in &mut postings {
            list.sort_unstable();
            list.dedup_by_key(|(pos, _)| *pos);
        }
        Self { lexemes, postings }
    }

    /// The entries matching a stemmed query, with their rank: the sum over
    /// the words matched of the best field's weight (the best alternative of
    /// an `Any`).
    pub fn matches(&self, query: &Query) -> Hits {
        match query {
            Query::Word { word, prefix } => self.word(word, *prefix),
            Query::All(parts) => {
                let mut lists: Vec<Hits> = parts.iter().map(|p| self.matches(p)).collect();
                lists.sort_by_key(Vec::len);
                let mut lists = lists.into_iter();
                let first = lists.next().unwrap_or_default();
                lists.fold(first, |acc, next| intersect(&acc, &next))
            }
            Query::Any(parts) => {
                let mut all: Hits = parts.iter().flat_map(|p| self.matches(p)).collect();
                best_per_position(&mut all);
                all
            }
        }
    }

    /// One word's entries: the lexeme's, or every lexeme's it starts.
    fn word(&self, word: &str, prefix: bool) -> Hits {
        let from = self.lexemes.partition_point(|l| l.as_str() < word);
        let to = if prefix {
            from + self.lexemes[from..].partition_point(|l| l.starts_with(word))
        } else {
            from + usize::from(self.lexemes.get(from).is_some_and(|l| l == word))
        };
        let mut hits: Hits = self.postings[from..to]
            .iter()
            .flatten()
            .map(|&(pos, w)| (pos, WEIGHT[w as usize]))
            .collect();
        if to - from > 1 {
            best_per_position(&mut hits);
        }
        hits
    }
}

/// Sorts by position and keeps each position once, with its best rank.
fn best_per_position(hits: &mut Hits) {
    hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    hits.dedup_by_key(|(pos, _)| *pos);
}

/// Positions in both, their ranks added.
fn intersect(a: &[(u32, f32)], b: &[(u32, f32)]) -> Hits {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str, prefix: bool) -> Query {
        Query::Word {
            word: w.to_owned(),
            prefix,
        }
    }

    fn lexicon() -> Lexicon {
        Lexicon::build([
            (0, "heartflow".to_owned(), 'A'),
            (0, "heart".to_owned(), 'C'),
            (1, "heart".to_owned(), 'A'),
            (1, "failur".to_owned(), 'C'),
            (2, "af".to_owned(), 'C'),
            (3, "after".to_owned(), 'A'),
            (3, "atrial".to_owned(), 'C'),
            (3, "fibril".to_owned(), 'C'),
        ])
    }

    fn positions(hits: &Hits) -> Vec<u32> {
        hits.iter().map(|(p, _)| *p).collect()
    }

    #[test]
    fn prefixes_span_lexemes_and_whole_words_do_not() {
        let lx = lexicon();
        assert_eq!(lx.lexemes.len(), 7);
        assert_eq!(positions(&lx.matches(&word("heart", true))), vec![0, 1]);
        assert_eq!(
            lx.matches(&word("heart", true))[0].1,
            1.0,
            "the name's weight is the best"
        );
        assert_eq!(positions(&lx.matches(&word("af", false))), vec![2]);
        assert_eq!(positions(&lx.matches(&word("af", true))), vec![2, 3]);
        assert!(lx.matches(&word("zz", true)).is_empty());
        assert!(lx.matches(&word("hear", false)).is_empty());
    }

    #[test]
    fn all_intersects_adding_ranks_and_any_unites_keeping_the_best() {
        let lx = lexicon();
        let af = Query::Any(vec![
            word("af", false),
            Query::All(vec![word("atrial", true), word("fibril", true)]),
        ]);
        let hits = lx.matches(&af);
        assert_eq!(positions(&hits), vec![2, 3]);
        assert!((hits[1].1 - 0.4).abs() < 1e-6, "two text words: {hits:?}");
        let heart_failure = Query::All(vec![word("heart", true), word("failur", true)]);
        assert_eq!(positions(&lx.matches(&heart_failure)), vec![1]);
    }

    #[test]
    fn stop_words_leave_the_query_and_a_query_of_them_is_nothing() {
        let q = Query::All(vec![
            word("the", true),
            Query::Any(vec![word("remote", true), word("of", false)]),
        ]);
        let stems: HashMap<String, Vec<String>> = [
            ("the".to_owned(), vec![]),
            ("of".to_owned(), vec![]),
            ("remote".to_owned(), vec!["remot".to_owned()]),
        ]
        .into_iter()
        .collect();
        assert_eq!(q.words(), vec!["of", "remote", "the"]);
        assert_eq!(q.stemmed(&stems), Some(word("remot", true)));
        assert_eq!(word("the", true).stemmed(&stems), None);
    }
}
