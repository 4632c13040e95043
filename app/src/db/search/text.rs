//! The search words as a query: corrected, abbreviations expanded, then
//! stemmed by Postgres as the documents were. The match itself runs in memory
//! ([`super::lexicon`]).
//!
//! Each word is a prefix (`derm:*`), except where the curated list
//! ([`crate::domain::abbreviations`]) knows it: an abbreviation matches as a
//! whole word or by what it stands for (`af` or `atrial & fibrillation`, so
//! "af" never finds "after"), and the words of a meaning also find the
//! abbreviation. A word of four letters or more that no word in the catalogue
//! starts with is also matched by the catalogue's nearest spelling (trigram
//! similarity over `catalogue_word`), and two such neighbours written as one
//! ("hart flow" → "heartflow") likewise. A word far from every word corrects to
//! nothing, so the search stays empty and the page offers its suggestions.
//! The words are only lower-case letters and digits, and are bound, never
//! spliced into SQL.

use super::lexicon::Query;
use crate::domain::{AlsoSearched, abbreviations, search_terms};
use sqlx::PgConnection;
use std::collections::HashMap;

/// Shortest word that is corrected.
const MIN_CORRECTED: usize = 4;
/// Least trigram similarity of a correction, for one word and for two joined.
const WORD_SIMILARITY: f32 = 0.45;
const JOINED_SIMILARITY: f32 = 0.5;

/// One way to match part of the search.
#[derive(Debug, Clone, PartialEq)]
enum Alt {
    /// A word as a prefix: `derm:*`.
    Prefix(String),
    /// A whole word: `af`.
    Exact(String),
    /// All of these groups: `(heart:* & flow:*)`.
    All(Vec<Group>),
}

/// Typed words and the ways to match them (any one will do).
#[derive(Debug, Clone, PartialEq)]
struct Group {
    typed: Vec<String>,
    alts: Vec<Alt>,
    /// A plain word, open to a spelling correction.
    plain: bool,
}

impl Alt {
    fn query(&self) -> Query {
        match self {
            Self::Prefix(w) => Query::Word {
                word: w.clone(),
                prefix: true,
            },
            Self::Exact(w) => Query::Word {
                word: w.clone(),
                prefix: false,
            },
            Self::All(groups) => Query::All(groups.iter().map(Group::query).collect()),
        }
    }
}

impl Group {
    fn query(&self) -> Query {
        match self.alts.as_slice() {
            [one] => one.query(),
            alts => Query::Any(alts.iter().map(Alt::query).collect()),
        }
    }

    fn word(w: &str) -> Self {
        Self {
            typed: vec![w.to_owned()],
            alts: vec![Alt::Prefix(w.to_owned())],
            plain: true,
        }
    }
}

/// The search text as groups, abbreviations and meanings resolved: a run of
/// words that is what an abbreviation means (longest first) becomes one group
/// that also matches the abbreviation; an abbreviation matches itself whole or
/// any of its meanings.
fn groups(terms: &[String]) -> (Vec<Group>, Vec<AlsoSearched>) {
    let list = &*abbreviations::ABBREVIATIONS;
    let (mut out, mut also) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < terms.len() {
        let meaning = list
            .iter()
            .map(|a| (a, a.words()))
            .filter(|(_, words)| terms[i..].starts_with_words(words))
            .max_by_key(|(_, words)| words.len());
        if let Some((a, words)) = meaning {
            let typed: Vec<String> = terms[i..i + words.len()].to_vec();
            out.push(Group {
                alts: vec![
                    Alt::All(typed.iter().map(|w| Group::word(w)).collect()),
                    Alt::Exact(a.term.clone()),
                ],
                typed,
                plain: false,
            });
            also.push(AlsoSearched {
                typed: a.means.clone(),
                searched: a.term.to_uppercase(),
                spelling: false,
            });
            i += words.len();
            continue;
        }
        let term = &terms[i];
        let meanings = abbreviations::meanings(term);
        if meanings.is_empty() {
            out.push(Group::word(term));
        } else {
            let mut alts = vec![Alt::Exact(term.clone())];
            for m in meanings {
                alts.push(Alt::All(
                    m.words()
                        .into_iter()
                        .map(|w| Group {
                            typed: vec![w.to_owned()],
                            alts: vec![Alt::Exact(w.to_owned())],
                            plain: false,
                        })
                        .collect(),
                ));
                also.push(AlsoSearched {
                    typed: term.clone(),
                    searched: m.means.clone(),
                    spelling: false,
                });
            }
            out.push(Group {
                typed: vec![term.clone()],
                alts,
                plain: false,
            });
        }
        i += 1;
    }
    (out, also)
}

/// `terms` starts with these words.
trait StartsWithWords {
    fn starts_with_words(&self, words: &[&str]) -> bool;
}

impl StartsWithWords for [String] {
    fn starts_with_words(&self, words: &[&str]) -> bool {
        !words.is_empty()
            && self.len() >= words.len()
            && self.iter().zip(words).all(|(t, w)| t == w)
    }
}

/// For each probe: whether a catalogue word starts with it, and the nearest
/// catalogue word (at least `min` similar), one query for all of them.
async fn lookup(
    db: &mut PgConnection,
    probes: &[String],
    min: &[f32],
) -> sqlx::Result<Vec<(bool, Option<String>)>> {
    if probes.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_as(
        "select k.known,
                case when k.known then null else
                    (select w.word from catalogue_word w
                     where w.word % t.term and similarity(w.word, t.term) >= t.least
                     order by similarity(w.word, t.term) desc, left(w.word, 1) = left(t.term, 1) desc, w.word
                     limit 1)
                end
         from unnest($1::text[], $2::real[]) with ordinality as t(term, least, n)
         cross join lateral (
             select exists (select 1 from catalogue_word w
                            where w.word collate \"C\" >= t.term and w.word collate \"C\" < t.term || '~') as known
         ) k
         order by t.n",
    )
    .bind(probes)
    .bind(min)
    .fetch_all(db)
    .await
}

/// The search text as a query of words (not yet stemmed), with what was
/// searched for besides the typed words.
pub async fn query(
    db: &mut PgConnection,
    q: &str,
) -> sqlx::Result<Option<(Query, Vec<AlsoSearched>)>> {
    let terms = search_terms(q);
    if terms.is_empty() {
        return Ok(None);
    }
    let (mut groups, mut also) = groups(&terms);
    // First each plain word long enough: is it a catalogue word's start, and
    // if not, its nearest spelling.
    let singles: Vec<usize> = (0..groups.len())
        .filter(|&i| groups[i].plain && groups[i].typed[0].len() >= MIN_CORRECTED)
        .collect();
    let probes: Vec<String> = singles
        .iter()
        .map(|&i| groups[i].typed[0].clone())
        .collect();
    let found = lookup(db, &probes, &vec![WORD_SIMILARITY; probes.len()]).await?;
    let known = |i: usize| {
        singles
            .iter()
            .position(|&s| s == i)
            .is_none_or(|k| found.get(k).is_none_or(|(known, _)| *known))
    };
    // Then, only where a word is unknown, it and its neighbour written as one.
    let pairs: Vec<usize> = (0..groups.len().saturating_sub(1))
        .filter(|&i| groups[i].plain && groups[i + 1].plain && (!known(i) || !known(i + 1)))
        .collect();
    let joined: Vec<String> = pairs
        .iter()
        .map(|&i| format!("{}{}", groups[i].typed[0], groups[i + 1].typed[0]))
        .collect();
    let found_pairs = lookup(db, &joined, &vec![JOINED_SIMILARITY; joined.len()]).await?;
    for (k, &i) in singles.iter().enumerate() {
        if let Some((false, Some(near))) = found.get(k) {
            groups[i].alts.push(Alt::Prefix(near.clone()));
            also.push(AlsoSearched {
                typed: groups[i].typed[0].clone(),
                searched: near.clone(),
                spelling: true,
            });
        }
    }
    // Pairs, right to left so the indices stay valid; a word joins one pair.
    let mut joined_at: Vec<(usize, String)> = Vec::new();
    for (k, &i) in pairs.iter().enumerate() {
        let taken = joined_at.iter().any(|(j, _)| *j + 1 == i);
        if let (false, Some((false, Some(near)))) = (taken, found_pairs.get(k)) {
            joined_at.push((i, near.clone()));
        }
    }
    for (i, near) in joined_at.into_iter().rev() {
        let second = groups.remove(i + 1);
        let first = groups.remove(i);
        let typed = format!("{} {}", first.typed.join(" "), second.typed.join(" "));
        also.push(AlsoSearched {
            typed,
            searched: near.clone(),
            spelling: true,
        });
        groups.insert(
            i,
            Group {
                typed: [first.typed.clone(), second.typed.clone()].concat(),
                alts: vec![Alt::All(vec![first, second]), Alt::Prefix(near)],
                plain: false,
            },
        );
    }
    Ok(Some((
        Query::All(groups.iter().map(Group::query).collect()),
        also,
    )))
}

/// The query with its words stemmed as Postgres stemmed the documents
/// (`to_tsvector('english', …)`, one query for every word); `None` when only
/// stop words are left.
pub async fn stemmed(db: &mut PgConnection, query: &Query) -> sqlx::Result<Option<Query>> {
    let words = query.words();
    let stems: HashMap<String, Vec<String>> = sqlx::query_as(
        "select w, coalesce((select array_agg(lexeme) from unnest(to_tsvector('english', w))), '{}')
         from unnest($1::text[]) as w",
    )
    .bind(&words)
    .fetch_all(db)
    .await?
    .into_iter()
    .collect();
    Ok(query.stemmed(&stems))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(q: &str) -> String {
        let (groups, _) = groups(&search_terms(q));
        groups
            .iter()
            .map(|g| g.query().to_string())
            .collect::<Vec<_>>()
            .join(" & ")
    }

    #[test]
    fn words_are_prefixes_and_abbreviations_whole_words_or_their_meaning() {
        assert_eq!(render("derm skin"), "derm:* & skin:*");
        assert_eq!(render("AF"), "(af | (atrial & fibrillation))");
        assert_eq!(
            render("ct scan"),
            "(ct | (computerised & tomography) | (computed & tomography)) & scan:*"
        );
    }

    #[test]
    fn a_meaning_also_finds_its_abbreviation() {
        assert_eq!(
            render("atrial fibrillation detection"),
            "((atrial:* & fibrillation:*) | af) & detection:*"
        );
        let (_, also) = groups(&search_terms("chest x-ray"));
        assert_eq!(also[0].searched, "CXR");
        assert!(!also[0].spelling);
    }
}
