//! What a re-import changed, table by table, from content hashes taken before and
//! after the writes (inside the same transaction).

use std::{
    collections::{BTreeMap, HashMap},
    fmt,
};

/// Rows added, changed and removed in one table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableChanges {
    /// New rows.
    pub added: usize,
    /// Rows whose content changed.
    pub changed: usize,
    /// Rows no longer in the reference data.
    pub removed: usize,
}

/// Changes per table, and how many edited rows were left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeReport {
    /// Table name → changes (tables with no change are left out).
    pub tables: BTreeMap<String, TableChanges>,
    /// Rows marked as edited in the app, which the import never overwrites.
    pub edited_left_alone: i64,
    /// Reference records that met an in-app edit and were not applied
    /// ("derm: cost 2"): conflicts for a curator to resolve, never dropped
    /// silently.
    pub not_applied: Vec<String>,
}

impl ChangeReport {
    /// Compares two fingerprints (`(table, id, hash)` rows).
    pub fn between(
        before: &[(String, i64, String)],
        after: &[(String, i64, String)],
        edited: i64,
    ) -> Self {
        let index = |rows: &[(String, i64, String)]| -> HashMap<(String, i64), String> {
            rows.iter()
                .map(|(t, id, h)| ((t.clone(), *id), h.clone()))
                .collect()
        };
        let (old, new) = (index(before), index(after));
        let mut tables: BTreeMap<String, TableChanges> = BTreeMap::new();
        for (key, hash) in &new {
            match old.get(key) {
                None => tables.entry(key.0.clone()).or_default().added += 1,
                Some(h) if h != hash => tables.entry(key.0.clone()).or_default().changed += 1,
                Some(_) => {}
            }
        }
        for key in old.keys().filter(|k| !new.contains_key(*k)) {
            tables.entry(key.0.clone()).or_default().removed += 1;
        }
        Self {
            tables,
            edited_left_alone: edited,
            not_applied: Vec::new(),
        }
    }

    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }
}

impl fmt::Display for ChangeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            write!(f, "no changes")?;
        } else {
            let parts: Vec<String> = self
                .tables
                .iter()
                .map(|(t, c)| {
                    format!(
                        "{t}: {} added, {} changed, {} removed",
                        c.added, c.changed, c.removed
                    )
                })
                .collect();
            write!(f, "{}", parts.join("; "))?;
        }
        write!(
            f,
            " ({} rows edited in the app left alone)",
            self.edited_left_alone
        )?;
        if !self.not_applied.is_empty() {
            const SHOWN: usize = 20;
            let listed: Vec<&str> = self
                .not_applied
                .iter()
                .take(SHOWN)
                .map(String::as_str)
                .collect();
            let more = self.not_applied.len().saturating_sub(SHOWN);
            write!(
                f,
                "; {} reference records not applied because a curator edited that record in the app (check them by hand): {}{}",
                self.not_applied.len(),
                listed.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(t: &str, id: i64, h: &str) -> (String, i64, String) {
        (t.to_owned(), id, h.to_owned())
    }

    #[test]
    fn counts_added_changed_and_removed_rows_per_table() {
        let before = [
            row("benefit", 1, "a"),
            row("benefit", 2, "b"),
            row("cost_item", 3, "c"),
        ];
        let after = [
            row("benefit", 1, "a"),
            row("benefit", 2, "B"),
            row("benefit", 4, "d"),
        ];
        let report = ChangeReport::between(&before, &after, 2);
        assert_eq!(
            report.tables["benefit"],
            TableChanges {
                added: 1,
                changed: 1,
                removed: 0
            }
        );
        assert_eq!(
            report.tables["cost_item"],
            TableChanges {
                added: 0,
                changed: 0,
                removed: 1
            }
        );
        assert_eq!(
            report.to_string(),
            "benefit: 1 added, 1 changed, 0 removed; cost_item: 0 added, 0 changed, 1 removed (2 rows edited in the app left alone)"
        );
    }

    #[test]
    fn identical_fingerprints_mean_no_changes() {
        let rows = [row("technology", 1, "x")];
        assert_eq!(
            ChangeReport::between(&rows, &rows, 0).to_string(),
            "no changes (0 rows edited in the app left alone)"
        );
    }
}
