//! Readers for the reference files beyond the core taxonomies: regulatory
//! essentials, ICB contact routes and the April 2026 ICB changes.

use super::files::{
    Locator, SeedError, csv_field, flagged, read_csv, read_json, req_array, req_str,
};
use app::db::seed::{ContactRouteRecord, EssentialRecord, FlaggedText, IcbChangeRecord, IcbRecord};
use serde_json::Value;
use std::{collections::HashSet, path::Path};

pub(super) fn read_essentials(file: &Path) -> Result<Vec<EssentialRecord>, SeedError> {
    let loc = Locator::file(file);
    let root = read_json(file)?;
    let mut seen = HashSet::new();
    req_array(&loc, &root, &["items"])?
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = item.get("id").and_then(Value::as_str).unwrap_or("?");
            let loc = loc.record(format!("items[{i}] (id {id:?})"));
            let id = req_str(&loc, item, &["id"])?;
            if !seen.insert(id.clone()) {
                return Err(loc.field_err("id", format!("{id:?} appears twice")));
            }
            let optional_flagged = |key: &str| {
                if item.get(key).is_some() {
                    flagged(&loc, item, key)
                } else {
                    Ok(FlaggedText::default())
                }
            };
            Ok(EssentialRecord {
                name: req_str(&loc, item, &["name"])?,
                category: req_str(&loc, item, &["category"])?,
                owner: optional_flagged("owner")?,
                description: optional_flagged("description")?,
                sources: string_list(&loc, item, "sources")?,
                id,
            })
        })
        .collect()
}

/// A list of strings, or an empty list when the key is absent.
fn string_list(loc: &Locator<'_>, item: &Value, key: &str) -> Result<Vec<String>, SeedError> {
    match item.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(j, s)| match s {
                Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
                _ => Err(loc.field_err(&format!("{key}[{j}]"), "expected text")),
            })
            .collect(),
        Some(_) => Err(loc.field_err(key, "expected a list of text")),
    }
}

pub(super) fn read_contact_routes(
    file: &Path,
    icbs: &[IcbRecord],
) -> Result<Vec<ContactRouteRecord>, SeedError> {
    let loc = Locator::file(file);
    read_csv(
        file,
        &[
            "ods_code",
            "website",
            "contact_page",
            "enquiries_email",
            "verified",
            "source",
            "note",
        ],
    )?
    .into_iter()
    .map(|row| {
        let loc = loc.record(format!("line {}", row.line));
        let ods = csv_field(&loc, &row, "ods_code", None)?;
        if !icbs.iter().any(|i| i.ods_code == ods) {
            return Err(loc.field_err("ods_code", format!("{ods:?} is not an ICB in icbs.csv")));
        }
        let optional = |k: &str| row.fields.get(k).filter(|v| !v.is_empty()).cloned();
        let verified = match csv_field(&loc, &row, "verified", None)?.as_str() {
            "true" => true,
            "false" => false,
            other => {
                return Err(loc.field_err("verified", format!("{other:?} is not true or false")));
            }
        };
        let email = optional("enquiries_email");
        if let Some(e) = email.as_ref().filter(|e| !e.contains('@')) {
            return Err(loc.field_err("enquiries_email", format!("{e:?} is not an email address")));
        }
        let source = optional("source");
        if verified && source.is_none() {
            return Err(loc.field_err("source", "missing, but the route is marked verified"));
        }
        Ok(ContactRouteRecord {
            icb_ods_code: ods,
            website: optional("website"),
            contact_page: optional("contact_page"),
            enquiries_email: email,
            verified,
            source,
            note: optional("note"),
        })
    })
    .collect()
}

pub(super) fn read_icb_changes(
    file: &Path,
    icbs: &[IcbRecord],
) -> Result<Vec<IcbChangeRecord>, SeedError> {
    let loc = Locator::file(file);
    read_csv(
        file,
        &[
            "new_or_changed_icb",
            "change_type",
            "predecessor_icbs",
            "region",
            "source",
        ],
    )?
    .into_iter()
    .map(|row| {
        let loc = loc.record(format!("line {}", row.line));
        let predecessors = csv_field(&loc, &row, "predecessor_icbs", None)?;
        let parts = predecessors
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|part| {
                // A code is taken only where the text names a known ICB code.
                let code = icbs
                    .iter()
                    .find(|i| {
                        part.contains(&format!("({})", i.ods_code))
                            || part.ends_with(&format!(" {}", i.ods_code))
                    })
                    .map(|i| i.ods_code.clone());
                (part.to_owned(), code)
            })
            .collect();
        Ok(IcbChangeRecord {
            successor_name: csv_field(&loc, &row, "new_or_changed_icb", None)?,
            change_type: csv_field(&loc, &row, "change_type", None)?,
            region_name: row.fields.get("region").filter(|v| !v.is_empty()).cloned(),
            source: csv_field(&loc, &row, "source", None)?,
            predecessors,
            parts,
        })
    })
    .collect()
}
