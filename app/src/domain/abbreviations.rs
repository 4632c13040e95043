//! The curated abbreviations the search understands (`data/search/abbreviations.csv`,
//! compiled into the server): "AF" also finds "atrial fibrillation", and the
//! other way round. Each row names the page it was seen on, or says it is the
//! catalogue's own list.

use std::sync::LazyLock;

/// One abbreviation and one thing it stands for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Abbreviation {
    /// What someone types, lower case.
    pub term: String,
    /// The words it stands for, lower case, space-separated.
    pub means: String,
    /// A source kind, or `catalogue` for the catalogue's own entries.
    pub source_kind: String,
    /// Where it was seen (empty for the catalogue's own entries).
    pub source: String,
    /// Seen in the source's text.
    pub verified: bool,
    /// When it was checked.
    pub verified_on: chrono::NaiveDate,
    /// The words seen, or why it is the catalogue's own.
    pub note: String,
}

impl Abbreviation {
    /// The words it stands for.
    pub fn words(&self) -> Vec<&str> {
        self.means.split(' ').filter(|w| !w.is_empty()).collect()
    }
}

const CSV: &str = include_str!("../../../data/search/abbreviations.csv");

/// Every row of the list (a malformed list fails its unit test, and is empty
/// rather than wrong if it ever reached a build).
pub static ABBREVIATIONS: LazyLock<Vec<Abbreviation>> =
    LazyLock::new(|| parse(CSV).unwrap_or_default());

fn parse(text: &str) -> Result<Vec<Abbreviation>, String> {
    let mut out = Vec::new();
    for (line, row) in csv::Reader::from_reader(text.as_bytes())
        .deserialize::<Abbreviation>()
        .enumerate()
    {
        let row = row.map_err(|e| format!("row {}: {e}", line + 2))?;
        let plain = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ')
        };
        if !plain(&row.term) || row.term.contains(' ') || !plain(&row.means) {
            return Err(format!(
                "row {}: term and meaning must be lower-case words",
                line + 2
            ));
        }
        let own = row.source_kind == "catalogue";
        if own != row.source.is_empty() || (own && row.verified) {
            return Err(format!(
                "row {}: a sourced row needs its address; the catalogue's own has none and is not verified",
                line + 2
            ));
        }
        if !own && crate::domain::SourceKind::parse(&row.source_kind).is_none() {
            return Err(format!(
                "row {}: unknown source kind {}",
                line + 2,
                row.source_kind
            ));
        }
        out.push(row);
    }
    Ok(out)
}

/// What `term` stands for (empty when it is not an abbreviation on the list).
pub fn meanings(term: &str) -> Vec<&'static Abbreviation> {
    ABBREVIATIONS.iter().filter(|a| a.term == term).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_well_formed_and_sourced() {
        let list = parse(CSV).expect("data/search/abbreviations.csv");
        assert!(list.len() >= 20, "{} rows", list.len());
        assert_eq!(ABBREVIATIONS.len(), list.len());
        for a in &list {
            if a.source_kind == "catalogue" {
                assert!(a.source.is_empty() && !a.verified, "{a:?}");
            } else {
                assert!(a.source.starts_with("http"), "{a:?}");
            }
        }
        for term in ["af", "cxr", "copd", "cbt", "msk", "ecg", "ct"] {
            assert!(!meanings(term).is_empty(), "{term} is on the list");
        }
        assert_eq!(meanings("af")[0].words(), ["atrial", "fibrillation"]);
        assert!(meanings("after").is_empty());
    }

    #[test]
    fn bad_rows_are_refused() {
        let head = "term,means,source_kind,source,verified,verified_on,note\n";
        for row in [
            "AF,atrial fibrillation,nhs,https://x,true,2026-12-07,n",
            "af,atrial fibrillation,nhs,,true,2026-12-07,n",
            "af,atrial fibrillation,catalogue,https://x,false,2026-12-07,n",
            "af,atrial fibrillation,catalogue,,true,2026-12-07,n",
            "af,atrial fibrillation,blog,https://x,true,2026-12-07,n",
            "a f,atrial fibrillation,nhs,https://x,true,2026-12-07,n",
        ] {
            assert!(parse(&format!("{head}{row}\n")).is_err(), "{row}");
        }
        assert!(
            parse(&format!(
                "{head}af,atrial fibrillation,nhs,https://x,true,2026-12-07,n\n"
            ))
            .is_ok()
        );
    }
}
