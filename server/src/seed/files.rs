//! Parsing and validating the reference files. Nothing here touches the database:
//! the loader writes only once every file has passed.

use app::db::seed::{
    ContactRouteRecord, EssentialRecord, FlaggedText, IcbChangeRecord, IcbRecord, RegionRecord,
    SpecialtyGroupRecord, SpecialtyRecord, StageRecord, TaxonomyRecord, TechnologyRecord,
};
use serde_json::Value;
use std::{
    collections::{HashMap, HashSet},
    fmt,
    path::{Path, PathBuf},
};

/// A problem in a reference file, located precisely enough to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError {
    /// The file.
    pub file: PathBuf,
    /// Which record (e.g. `line 7` or `technologies[3] (id "dora")`), if any.
    pub record: Option<String>,
    /// Which field, if any.
    pub field: Option<String>,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(r) = &self.record {
            write!(f, ": record {r}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field \"{field}\"")?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl std::error::Error for SeedError {}

/// Everything the seed loader writes, validated.
#[derive(Debug, Clone, Default)]
pub struct ReferenceData {
    /// From `regions.csv`.
    pub regions: Vec<RegionRecord>,
    /// From `icbs.csv`.
    pub icbs: Vec<IcbRecord>,
    /// From `taxonomies.json` → `care_settings`.
    pub care_settings: Vec<TaxonomyRecord>,
    /// From `taxonomies.json` → `technology_types`.
    pub technology_types: Vec<TaxonomyRecord>,
    /// From `taxonomies.json` → `clinical_specialties`.
    pub specialties: Vec<SpecialtyRecord>,
    /// From `taxonomies.json` → `clinical_specialties.catalogue_groups`.
    pub specialty_groups: Vec<SpecialtyGroupRecord>,
    /// From `taxonomies.json` → `evidence_scales.deployment_maturity_catalogue`.
    pub stages: Vec<StageRecord>,
    /// From `regulatory_essentials.json`.
    pub essentials: Vec<EssentialRecord>,
    /// From `icb_contacts.csv`.
    pub contact_routes: Vec<ContactRouteRecord>,
    /// From `icb_changes_2026.csv`.
    pub icb_changes: Vec<IcbChangeRecord>,
    /// From `technologies.json`.
    pub technologies: Vec<TechnologyRecord>,
}

/// Reads and validates every reference file in `dir`.
pub fn read_reference_data(dir: &Path) -> Result<ReferenceData, SeedError> {
    let regions = read_regions(&dir.join("regions.csv"))?;
    let icbs = read_icbs(&dir.join("icbs.csv"), &regions)?;
    let taxonomies = dir.join("taxonomies.json");
    let tax = read_json(&taxonomies)?;
    let care_settings = read_care_settings(&taxonomies, &tax)?;
    let technology_types = read_technology_types(&taxonomies, &tax)?;
    let specialties = read_specialties(&taxonomies, &tax)?;
    let specialty_groups = read_specialty_groups(&taxonomies, &tax)?;
    let stages = read_stages(&taxonomies, &tax)?;
    let essentials = super::reference::read_essentials(&dir.join("regulatory_essentials.json"))?;
    let contact_routes =
        super::reference::read_contact_routes(&dir.join("icb_contacts.csv"), &icbs)?;
    let icb_changes = super::reference::read_icb_changes(&dir.join("icb_changes_2026.csv"), &icbs)?;
    let technologies = super::technologies::read_technologies(
        &dir.join("technologies.json"),
        &technology_types,
        &care_settings,
        &icbs,
        &essentials,
    )?;
    Ok(ReferenceData {
        regions,
        icbs,
        care_settings,
        technology_types,
        specialties,
        specialty_groups,
        stages,
        essentials,
        contact_routes,
        icb_changes,
        technologies,
    })
}

/// Builds errors for one file, optionally for one record of it.
#[derive(Clone)]
pub(super) struct Locator<'a> {
    file: &'a Path,
    record: Option<String>,
}

impl<'a> Locator<'a> {
    pub(super) fn file(file: &'a Path) -> Self {
        Self { file, record: None }
    }
    pub(super) fn record(&self, record: String) -> Self {
        Self {
            file: self.file,
            record: Some(record),
        }
    }
    pub(super) fn err(&self, field: Option<&str>, problem: impl Into<String>) -> SeedError {
        SeedError {
            file: self.file.to_path_buf(),
            record: self.record.clone(),
            field: field.map(str::to_owned),
            problem: problem.into(),
        }
    }
    pub(super) fn field_err(&self, field: &str, problem: impl Into<String>) -> SeedError {
        self.err(Some(field), problem)
    }
}

// ---------- CSV ----------

/// One CSV record: the file line it starts on and its fields by header name.
pub(super) struct CsvRow {
    pub(super) line: u64,
    pub(super) fields: HashMap<String, String>,
}

/// A format a CSV field must have, with its description for error messages.
pub(super) struct Format {
    check: fn(&str) -> bool,
    expected: &'static str,
}

/// A CSV file as header-indexed rows.
pub(super) fn read_csv(file: &Path, required: &[&str]) -> Result<Vec<CsvRow>, SeedError> {
    let loc = Locator::file(file);
    let text = std::fs::read_to_string(file)
        .map_err(|e| loc.err(None, format!("cannot read the file ({e})")))?;
    // Line numbers come from byte offsets. On CRLF files the csv crate reports a
    // record as starting at the previous line's '\n', so skip line ends first.
    let bytes = text.as_bytes();
    let line_at = |byte: u64| {
        let mut at = (byte as usize).min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        1 + bytes[..at].iter().filter(|b| **b == b'\n').count() as u64
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| loc.err(None, format!("cannot read the header row ({e})")))?
        .clone();
    for column in required {
        if !headers.iter().any(|h| h == *column) {
            return Err(loc.field_err(column, "column missing from the header row"));
        }
    }
    let mut rows = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|e| {
            let line = e.position().map_or(0, |p| line_at(p.byte()));
            loc.record(format!("line {line}"))
                .err(None, format!("malformed CSV ({e})"))
        })?;
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        let fields = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_owned(), v.trim().to_owned()))
            .collect();
        rows.push(CsvRow { line, fields });
    }
    if rows.is_empty() {
        return Err(loc.err(None, "the file has no records"));
    }
    Ok(rows)
}

/// A required, non-empty CSV field, optionally of a given format.
pub(super) fn csv_field(
    loc: &Locator<'_>,
    row: &CsvRow,
    name: &str,
    format: Option<Format>,
) -> Result<String, SeedError> {
    let value = row.fields.get(name).cloned().unwrap_or_default();
    if value.is_empty() {
        return Err(loc.field_err(name, "missing or empty"));
    }
    match format {
        Some(f) if !(f.check)(&value) => {
            Err(loc.field_err(name, format!("{value:?} is not {}", f.expected)))
        }
        _ => Ok(value),
    }
}

/// `prefix` then uppercase letters or digits, `len` characters in all.
fn is_code(v: &str, prefix: char, len: usize) -> bool {
    v.len() == len
        && v.starts_with(prefix)
        && v[1..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

const REGION_ODS: Format = Format {
    check: |v| is_code(v, 'Y', 3),
    expected: "a region ODS code like Y56",
};
const REGION_ONS: Format = Format {
    check: |v| is_code(v, 'E', 9),
    expected: "an ONS code like E40000003",
};
const ICB_ODS: Format = Format {
    check: |v| is_code(v, 'Q', 3),
    expected: "an ICB ODS code like QRV",
};

fn read_regions(file: &Path) -> Result<Vec<RegionRecord>, SeedError> {
    let loc = Locator::file(file);
    let mut seen = HashSet::new();
    read_csv(file, &["name", "ods_code", "ons_code", "source"])?
        .into_iter()
        .map(|row| {
            let loc = loc.record(format!("line {}", row.line));
            let ods_code = csv_field(&loc, &row, "ods_code", Some(REGION_ODS))?;
            if !seen.insert(ods_code.clone()) {
                return Err(loc.field_err("ods_code", format!("{ods_code} appears twice")));
            }
            Ok(RegionRecord {
                ons_code: csv_field(&loc, &row, "ons_code", Some(REGION_ONS))?,
                name: csv_field(&loc, &row, "name", None)?,
                source: csv_field(&loc, &row, "source", None)?,
                ods_code,
            })
        })
        .collect()
}

fn read_icbs(file: &Path, regions: &[RegionRecord]) -> Result<Vec<IcbRecord>, SeedError> {
    let loc = Locator::file(file);
    let mut seen = HashSet::new();
    read_csv(file, &["name", "ods_code", "region", "source"])?
        .into_iter()
        .map(|row| {
            let loc = loc.record(format!("line {}", row.line));
            let ods_code = csv_field(&loc, &row, "ods_code", Some(ICB_ODS))?;
            if !seen.insert(ods_code.clone()) {
                return Err(loc.field_err("ods_code", format!("{ods_code} appears twice")));
            }
            let region_name = csv_field(&loc, &row, "region", None)?;
            let region_ods_code = regions
                .iter()
                .find(|r| r.name == region_name)
                .map(|r| r.ods_code.clone())
                .ok_or_else(|| {
                    loc.field_err(
                        "region",
                        format!("{region_name:?} is not a region in regions.csv"),
                    )
                })?;
            Ok(IcbRecord {
                name: csv_field(&loc, &row, "name", None)?,
                source: csv_field(&loc, &row, "source", None)?,
                ods_code,
                region_ods_code,
            })
        })
        .collect()
}

// ---------- JSON ----------

pub(super) fn read_json(file: &Path) -> Result<Value, SeedError> {
    let loc = Locator::file(file);
    let text = std::fs::read_to_string(file)
        .map_err(|e| loc.err(None, format!("cannot read the file ({e})")))?;
    serde_json::from_str(&text).map_err(|e| loc.err(None, format!("not valid JSON ({e})")))
}

/// `value[path]` walked through nested objects, e.g. `["product_name", "value"]`.
pub(super) fn at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

pub(super) fn req_str(
    loc: &Locator<'_>,
    value: &Value,
    path: &[&str],
) -> Result<String, SeedError> {
    let field = path.join(".");
    match at(value, path) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
        Some(Value::String(_)) => Err(loc.field_err(&field, "is empty")),
        Some(other) => Err(loc.field_err(&field, format!("expected text, found {}", kind(other)))),
        None => Err(loc.field_err(&field, "missing")),
    }
}

pub(super) fn opt_str(
    loc: &Locator<'_>,
    value: &Value,
    path: &[&str],
) -> Result<Option<String>, SeedError> {
    match at(value, path) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(other) => Err(loc.field_err(
            &path.join("."),
            format!("expected text or null, found {}", kind(other)),
        )),
    }
}

pub(super) fn req_bool(loc: &Locator<'_>, value: &Value, path: &[&str]) -> Result<bool, SeedError> {
    match at(value, path) {
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(loc.field_err(
            &path.join("."),
            format!("expected true or false, found {}", kind(other)),
        )),
        None => Err(loc.field_err(&path.join("."), "missing")),
    }
}

pub(super) fn req_array<'v>(
    loc: &Locator<'_>,
    value: &'v Value,
    path: &[&str],
) -> Result<&'v Vec<Value>, SeedError> {
    match at(value, path) {
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(loc.field_err(
            &path.join("."),
            format!("expected a list, found {}", kind(other)),
        )),
        None => Err(loc.field_err(&path.join("."), "missing")),
    }
}

pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `{value, verified, note?}`: a missing value cannot be verified.
pub(super) fn flagged(
    loc: &Locator<'_>,
    value: &Value,
    key: &str,
) -> Result<FlaggedText, SeedError> {
    if !matches!(value.get(key), Some(Value::Object(_))) {
        return Err(loc.field_err(key, "missing or not an object {value, verified}"));
    }
    let text = FlaggedText {
        value: opt_str(loc, value, &[key, "value"])?,
        verified: req_bool(loc, value, &[key, "verified"])?,
        note: opt_str(loc, value, &[key, "note"])?,
    };
    if text.value.is_none() && text.verified {
        return Err(loc.field_err(&format!("{key}.verified"), "is true but there is no value"));
    }
    Ok(text)
}

fn taxonomy_id(loc: &Locator<'_>, item: &Value) -> Result<String, SeedError> {
    let id = req_str(loc, item, &["id"])?;
    let valid = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if valid {
        Ok(id)
    } else {
        Err(loc.field_err("id", format!("{id:?} is not a lowercase_id")))
    }
}

fn read_care_settings(file: &Path, tax: &Value) -> Result<Vec<TaxonomyRecord>, SeedError> {
    let loc = Locator::file(file);
    let source = req_str(&loc, tax, &["care_settings", "source"])?;
    let mut seen = HashSet::new();
    req_array(&loc, tax, &["care_settings", "values"])?
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let loc = loc.record(format!("care_settings.values[{i}]"));
            let id = taxonomy_id(&loc, item)?;
            if !seen.insert(id.clone()) {
                return Err(loc.field_err("id", format!("{id:?} appears twice")));
            }
            let verified = req_bool(&loc, item, &["verified"])?;
            Ok(TaxonomyRecord {
                label: req_str(&loc, item, &["label"])?,
                source: if verified {
                    source.clone()
                } else {
                    "Catalogue-defined setting (not on the cited NHS England page)".to_owned()
                },
                verified,
                id,
            })
        })
        .collect()
}

fn read_technology_types(file: &Path, tax: &Value) -> Result<Vec<TaxonomyRecord>, SeedError> {
    let loc = Locator::file(file);
    let mut seen = HashSet::new();
    req_array(&loc, tax, &["technology_types", "values"])?
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let loc = loc.record(format!("technology_types.values[{i}]"));
            let id = taxonomy_id(&loc, item)?;
            if !seen.insert(id.clone()) {
                return Err(loc.field_err("id", format!("{id:?} appears twice")));
            }
            let evidence: Vec<String> = match item.get("evidence") {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            };
            // The taxonomy is the catalogue's own (not an official NHS list), so it is
            // never "verified"; the source names where NHS/NICE use the same grouping.
            let source = if evidence.is_empty() {
                "Catalogue-defined taxonomy".to_owned()
            } else {
                format!(
                    "Catalogue-defined taxonomy; same grouping used in: {}",
                    evidence.join("; ")
                )
            };
            Ok(TaxonomyRecord {
                label: req_str(&loc, item, &["label"])?,
                verified: false,
                source,
                id,
            })
        })
        .collect()
}

fn read_specialties(file: &Path, tax: &Value) -> Result<Vec<SpecialtyRecord>, SeedError> {
    let loc = Locator::file(file);
    let source = req_str(&loc, tax, &["clinical_specialties", "source"])?;
    req_array(
        &loc,
        tax,
        &["clinical_specialties", "treatment_function_codes"],
    )?
    .iter()
    .enumerate()
    .map(|(i, item)| {
        let loc = loc.record(format!(
            "clinical_specialties.treatment_function_codes[{i}]"
        ));
        let code = req_str(&loc, item, &["code"])?;
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(loc.field_err("code", format!("{code:?} is not a three-digit code")));
        }
        Ok(SpecialtyRecord {
            code,
            name: req_str(&loc, item, &["name"])?,
            verified: req_bool(&loc, item, &["verified"])?,
            source: source.clone(),
        })
    })
    .collect()
}

fn read_specialty_groups(file: &Path, tax: &Value) -> Result<Vec<SpecialtyGroupRecord>, SeedError> {
    let loc = Locator::file(file);
    let mut seen = HashSet::new();
    req_array(&loc, tax, &["clinical_specialties", "catalogue_groups"])?
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let loc = loc.record(format!("clinical_specialties.catalogue_groups[{i}]"));
            let label = match item {
                Value::String(s) if !s.trim().is_empty() => s.trim().to_owned(),
                _ => return Err(loc.field_err("value", "expected a group name")),
            };
            let id = app::domain::slug_id(&label);
            if id.is_empty() || !seen.insert(id.clone()) {
                return Err(loc.field_err("value", format!("{label:?} repeats another group")));
            }
            Ok(SpecialtyGroupRecord {
                id,
                label,
                position: i32::try_from(i).unwrap_or(i32::MAX),
            })
        })
        .collect()
}

fn read_stages(file: &Path, tax: &Value) -> Result<Vec<StageRecord>, SeedError> {
    let loc = Locator::file(file);
    let path = ["evidence_scales", "deployment_maturity_catalogue"];
    let verified = req_bool(&loc, tax, &[path[0], path[1], "verified"])?;
    let note = opt_str(&loc, tax, &[path[0], path[1], "note"])?;
    req_array(&loc, tax, &[path[0], path[1], "values"])?
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let loc = loc.record(format!("deployment_maturity_catalogue.values[{i}]"));
            let id = taxonomy_id(&loc, item)?;
            Ok(StageRecord {
                label: stage_label(&id),
                meaning: req_str(&loc, item, &["meaning"])?,
                ordinal: i as i32,
                verified,
                source: note
                    .clone()
                    .unwrap_or_else(|| "Catalogue-defined scale".to_owned()),
                id,
            })
        })
        .collect()
}

/// `business_as_usual` → "Business as usual".
fn stage_label(id: &str) -> String {
    let words = id.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
