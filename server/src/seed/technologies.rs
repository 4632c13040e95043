//! Reading `technologies.json` into technology records with every claim. Each
//! `{value, verified, source, note, checked_on?, source_kinds?}` becomes a claim
//! with provenance stamped by the policy in `app::domain::Stamp` (from its own
//! `checked_on` where it has one); nothing missing is filled in. Every key and
//! field must be one this importer knows: anything else is an error naming the
//! file, record and field, never silently dropped.

use super::files::{
    Locator, SeedError, at, flagged, kind, opt_str, read_json, req_array, req_bool, req_str,
};
use app::{
    db::{
        claims::{
            Benefit, Cost, Deployment, Evidence, Funding, Infrastructure, Nice, Part, Pilot,
            Provenance, Regulatory, RegulatoryEvidence, Saving, SearchedBlock, TechnologyClaims,
            Workforce,
        },
        seed::{EssentialRecord, IcbRecord, TaxonomyRecord, TechnologyRecord},
    },
    domain::{
        ClaimKind, CostItem, CostKind, CostPeriod, DataLocation, DeploymentKind, DeploymentStatus,
        FundingItem, FundingKind, Hosting, KindRules, Money, Nation, NiceGuidanceType, PartialDate,
        RecordStatus, RegulatoryKind, RegulatoryRecordItem, SourceKind, Stage, Stamp,
        TechnologySlug, UnitBasis, Vat, ai_enabled_from_type_label, normalise_kinds,
        standards_named,
    },
};
use chrono::NaiveDate;
use serde_json::Value;
use std::{collections::HashSet, path::Path};

/// Every key a technology record may have.
pub const TECHNOLOGY_KEYS: [&str; 32] = [
    "id",
    "product_name",
    "supplier",
    "technology_type",
    "clinical_area",
    "care_setting",
    "care_setting_ids",
    "summary",
    "sources",
    "nice_guidance",
    "regulatory_class",
    "costs",
    "savings",
    "procurement_and_funding",
    "regulatory_records",
    "deployments",
    "pilot_results",
    "it_requirements",
    "estates_requirements",
    "workforce_requirements",
    "benefits",
    "searched_but_not_found",
    "infrastructure",
    "national_context",
    "note",
    "benefit_estimate",
    "controversy",
    "nice_status",
    "benefit_context",
    "benefit_evidence",
    "regulatory_expectation",
    "economic_modelling",
];

/// The provenance fields every claim may carry.
const CLAIM_FIELDS: [&str; 6] = [
    "value",
    "verified",
    "source",
    "note",
    "checked_on",
    "source_kinds",
];

/// The fields of a `{value, verified, note}` field of the technology itself.
const FLAGGED_FIELDS: [&str; 5] = ["value", "verified", "note", "source", "checked_on"];

/// The blocks a `searched_but_not_found` record may name: the list keys.
pub const SEARCHABLE_BLOCKS: [&str; 12] = [
    "costs",
    "savings",
    "procurement_and_funding",
    "regulatory_records",
    "deployments",
    "pilot_results",
    "it_requirements",
    "estates_requirements",
    "workforce_requirements",
    "benefits",
    "nice_guidance",
    "regulatory_class",
];

/// The single-statement keys kept as evidence items, in display order.
pub const EVIDENCE_KEYS: [&str; 10] = [
    "benefit_context",
    "benefit_evidence",
    "benefit_estimate",
    "economic_modelling",
    "national_context",
    "infrastructure",
    "regulatory_expectation",
    "nice_status",
    "controversy",
    "note",
];

/// The essential that a technology's `regulatory_class` speaks to.
const DEVICE_ESSENTIAL: &str = "uk_mdr_mhra";

struct Ctx<'a> {
    loc: Locator<'a>,
    compiled_on: NaiveDate,
    fallback_source: String,
    rules: &'a KindRules,
    /// Product and supplier names, to recognise the supplier's own site.
    names: Vec<String>,
}

impl Ctx<'_> {
    /// Refuses any field of `item` (at `field`) that is not in `known`.
    fn known_fields(&self, item: &Value, field: &str, known: &[&str]) -> Result<(), SeedError> {
        check_known(&self.loc, item, field, known)
    }

    /// An optional value of a vocabulary, e.g. `costs[0].period`.
    fn vocab<T>(
        &self,
        item: &Value,
        field: &str,
        key: &str,
        parse: fn(&str) -> Option<T>,
        expected: String,
    ) -> Result<Option<T>, SeedError> {
        match self.opt_text(item, field, key)? {
            None => Ok(None),
            Some(v) => parse(&v).map(Some).ok_or_else(|| {
                self.loc.field_err(
                    &format!("{field}.{key}"),
                    format!("{v:?} is not one of {expected}"),
                )
            }),
        }
    }

    /// A required value of a vocabulary.
    fn required_vocab<T>(
        &self,
        item: &Value,
        field: &str,
        key: &str,
        parse: fn(&str) -> Option<T>,
        expected: String,
    ) -> Result<T, SeedError> {
        self.vocab(item, field, key, parse, expected)?
            .ok_or_else(|| self.loc.field_err(&format!("{field}.{key}"), "missing"))
    }

    /// An optional whole year between 1990 and 2100.
    fn year(&self, item: &Value, field: &str, key: &str) -> Result<Option<i32>, SeedError> {
        match item.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .filter(|y| (1990..=2100).contains(y))
                .map(|y| Some(y as i32))
                .ok_or_else(|| {
                    self.loc.field_err(
                        &format!("{field}.{key}"),
                        format!("{n} is not a year between 1990 and 2100"),
                    )
                }),
            Some(other) => Err(self.loc.field_err(
                &format!("{field}.{key}"),
                format!("expected a year, found {}", kind(other)),
            )),
        }
    }

    /// `amount_gbp`: 1 or 2 positive amounts in pounds with at most 2 decimals,
    /// an amount or an ascending range.
    fn amount(&self, item: &Value, field: &str) -> Result<Option<Money>, SeedError> {
        let f = format!("{field}.amount_gbp");
        let items = match item.get("amount_gbp") {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(self.loc.field_err(
                    &f,
                    format!("expected a list of 1 or 2 amounts, found {}", kind(other)),
                ));
            }
        };
        let pence = items
            .iter()
            .map(|v| {
                let p = v
                    .as_f64()
                    .filter(|x| *x > 0.0 && *x < 1e11)
                    .map(|x| x * 100.0);
                match p {
                    Some(p) if (p - p.round()).abs() < 1e-6 => Ok(p.round() as u64),
                    _ => Err(self.loc.field_err(
                        &f,
                        format!("{v} is not a positive amount in pounds with at most 2 decimals"),
                    )),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        match pence.as_slice() {
            [p] => Ok(Some(Money { low: *p, high: *p })),
            [a, b] if a < b => Ok(Some(Money { low: *a, high: *b })),
            [_, _] => Err(self
                .loc
                .field_err(&f, "a range must be ascending (low, high)")),
            _ => Err(self.loc.field_err(
                &f,
                format!("expected 1 or 2 amounts, found {}", pence.len()),
            )),
        }
    }

    /// Provenance of `item` (an object with `verified`, optional `source`/`note`).
    fn provenance(
        &self,
        item: &Value,
        field: &str,
        claim: ClaimKind,
    ) -> Result<Provenance, SeedError> {
        let verified = req_bool(&self.loc, item, &["verified"]).map_err(|e| rename(e, field))?;
        self.provenance_with(verified, item, field, claim)
    }

    /// Provenance of `item` whose verified flag comes from elsewhere (a NICE
    /// record's flag is on its `id`).
    fn provenance_with(
        &self,
        verified: bool,
        item: &Value,
        field: &str,
        claim: ClaimKind,
    ) -> Result<Provenance, SeedError> {
        let source = match item.get("source") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
            None | Some(Value::Null) => self.fallback_source.clone(),
            Some(other) => {
                return Err(self.loc.field_err(
                    &format!("{field}.source"),
                    format!("expected text, found {}", kind(other)),
                ));
            }
        };
        let checked_on = match item.get("checked_on") {
            None | Some(Value::Null) => None,
            Some(Value::String(d)) => {
                Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    self.loc.field_err(
                        &format!("{field}.checked_on"),
                        format!("{d:?} is not a date (YYYY-MM-DD)"),
                    )
                })?)
            }
            Some(other) => {
                return Err(self.loc.field_err(
                    &format!("{field}.checked_on"),
                    format!("expected a date, found {}", kind(other)),
                ));
            }
        };
        let given = source_kinds(&self.loc, item, field)?;
        let kinds_derived = given.is_none();
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let source_kinds = given.unwrap_or_else(|| self.rules.kinds_of(&source, &names));
        Ok(Provenance {
            // A claim's own `checked_on` is when it was read in its source.
            stamp: Stamp::for_import(verified, checked_on.unwrap_or(self.compiled_on), claim),
            source,
            verified,
            note: opt_str(&self.loc, item, &["note"]).map_err(|e| rename(e, field))?,
            source_kinds,
            kinds_derived,
        })
    }

    fn list<'v>(&self, item: &'v Value, key: &str) -> Result<&'v [Value], SeedError> {
        match item.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(self
                .loc
                .field_err(key, format!("expected a list, found {}", kind(other)))),
        }
    }

    fn text(&self, item: &Value, field: &str, key: &str) -> Result<String, SeedError> {
        req_str(&self.loc, item, &[key]).map_err(|e| rename(e, field))
    }

    fn opt_text(&self, item: &Value, field: &str, key: &str) -> Result<Option<String>, SeedError> {
        opt_str(&self.loc, item, &[key]).map_err(|e| rename(e, field))
    }
}

/// Refuses any field of the object `item` (found at `field`) not in `known`.
fn check_known(
    loc: &Locator<'_>,
    item: &Value,
    field: &str,
    known: &[&str],
) -> Result<(), SeedError> {
    let Value::Object(map) = item else {
        return Err(loc.field_err(field, format!("expected an object, found {}", kind(item))));
    };
    match map.keys().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(unknown) => Err(loc.field_err(
            &format!("{field}.{unknown}"),
            format!(
                "unknown field (this importer knows {}); nothing was loaded",
                known.join(", ")
            ),
        )),
    }
}

/// A claim's `source_kinds`, if given: a non-empty list of known kinds.
fn source_kinds(
    loc: &Locator<'_>,
    item: &Value,
    field: &str,
) -> Result<Option<Vec<SourceKind>>, SeedError> {
    let f = format!("{field}.source_kinds");
    let items = match item.get("source_kinds") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(other) => {
            return Err(loc.field_err(&f, format!("expected a non-empty list, found {other}")));
        }
    };
    let kinds = items
        .iter()
        .map(|v| {
            v.as_str().and_then(SourceKind::parse).ok_or_else(|| {
                loc.field_err(
                    &f,
                    format!("{v} is not a source kind ({})", SourceKind::expected()),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(normalise_kinds(kinds)))
}

/// The host → kind rules learned from the claims whose kinds the file gives
/// (malformed items are skipped here; the full read reports them).
fn learn_rules(items: &[Value]) -> KindRules {
    let mut examples: Vec<(String, Vec<SourceKind>)> = Vec::new();
    for t in items {
        let Value::Object(map) = t else { continue };
        for v in map.values() {
            let claims: Vec<&Value> = match v {
                Value::Array(list) => list.iter().collect(),
                other => vec![other],
            };
            for c in claims {
                let (Some(Value::String(src)), Some(Value::Array(kinds))) =
                    (c.get("source"), c.get("source_kinds"))
                else {
                    continue;
                };
                let kinds: Vec<SourceKind> = kinds
                    .iter()
                    .filter_map(|k| k.as_str().and_then(SourceKind::parse))
                    .collect();
                examples.push((src.clone(), kinds));
            }
        }
    }
    KindRules::learn(examples.iter().map(|(s, k)| (s.as_str(), k.as_slice())))
}

/// Prefixes an error's field with the list element it is in, e.g. `benefits[2].value`.
fn rename(mut e: SeedError, prefix: &str) -> SeedError {
    e.field = Some(match e.field {
        Some(f) => format!("{prefix}.{f}"),
        None => prefix.to_owned(),
    });
    e
}

pub(super) fn read_technologies(
    file: &Path,
    types: &[TaxonomyRecord],
    settings: &[TaxonomyRecord],
    icbs: &[IcbRecord],
    essentials: &[EssentialRecord],
) -> Result<Vec<TechnologyRecord>, SeedError> {
    let loc = Locator::file(file);
    let root = read_json(file)?;
    let compiled = req_str(&loc, &root, &["meta", "enriched", "date"])?;
    let compiled_on = NaiveDate::parse_from_str(&compiled, "%Y-%m-%d").map_err(|_| {
        loc.field_err(
            "meta.enriched.date",
            format!("{compiled:?} is not a date (YYYY-MM-DD)"),
        )
    })?;
    if !essentials.iter().any(|e| e.id == DEVICE_ESSENTIAL) {
        return Err(loc.err(
            None,
            format!("regulatory_essentials.json has no {DEVICE_ESSENTIAL:?} item"),
        ));
    }
    let items = req_array(&loc, &root, &["technologies"])?;
    if items.is_empty() {
        return Err(loc.field_err("technologies", "the list is empty"));
    }
    let mut seen = HashSet::new();
    let rules = learn_rules(items);
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = item.get("id").and_then(Value::as_str).unwrap_or("?");
            let name_of = |key: &str| {
                at(item, &[key, "value"])
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let ctx = Ctx {
                loc: loc.record(format!("technologies[{i}] (id {id:?})")),
                compiled_on,
                fallback_source: format!(
                    "Reference data record {id:?} (no source given for this field)"
                ),
                rules: &rules,
                names: [name_of("product_name"), name_of("supplier")]
                    .into_iter()
                    .flatten()
                    .collect(),
            };
            read_technology(&ctx, item, types, settings, icbs, &mut seen)
        })
        .collect()
}

fn read_technology(
    ctx: &Ctx<'_>,
    item: &Value,
    types: &[TaxonomyRecord],
    settings: &[TaxonomyRecord],
    icbs: &[IcbRecord],
    seen: &mut HashSet<String>,
) -> Result<TechnologyRecord, SeedError> {
    let loc = &ctx.loc;
    check_known(loc, item, "technology", &TECHNOLOGY_KEYS).map_err(|e| SeedError {
        // `technology.x` reads oddly: the unknown key is the field.
        field: e
            .field
            .map(|f| f.trim_start_matches("technology.").to_owned()),
        ..e
    })?;
    for key in [
        "product_name",
        "supplier",
        "technology_type",
        "clinical_area",
        "care_setting",
        "summary",
    ] {
        if let Some(v) = item.get(key) {
            check_known(loc, v, key, &FLAGGED_FIELDS)?;
        }
    }
    let slug = req_str(loc, item, &["id"])?;
    TechnologySlug::parse(&slug).map_err(|e| loc.field_err("id", e.to_string()))?;
    if !seen.insert(slug.clone()) {
        return Err(loc.field_err("id", format!("{slug:?} appears twice")));
    }
    let technology_type_id = req_str(loc, item, &["technology_type", "value"])?;
    let type_label = types
        .iter()
        .find(|t| t.id == technology_type_id)
        .map(|t| t.label.clone())
        .ok_or_else(|| {
            loc.field_err(
                "technology_type.value",
                format!("{technology_type_id:?} is not a technology type in taxonomies.json"),
            )
        })?;
    let sources = req_array(loc, item, &["sources"])?
        .iter()
        .enumerate()
        .map(|(j, s)| match s {
            Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
            other => Err(loc.field_err(
                &format!("sources[{j}]"),
                format!("expected text, found {}", kind(other)),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let care_setting_ids = req_array(loc, item, &["care_setting_ids"])?
        .iter()
        .enumerate()
        .map(|(j, s)| match s.as_str() {
            Some(id) if settings.iter().any(|c| c.id == id) => Ok(id.to_owned()),
            _ => Err(loc.field_err(
                &format!("care_setting_ids[{j}]"),
                format!("{s} is not a care setting in taxonomies.json"),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let claims = read_claims(ctx, item, icbs)?;
    let mut inclusion_basis = Vec::new();
    if !claims.nice.is_empty() {
        inclusion_basis.push("nice_guidance");
    }
    if claims
        .deployments
        .iter()
        .any(|d| d.kind.counts_as_deployment())
    {
        inclusion_basis.push("nhs_deployment");
    }
    Ok(TechnologyRecord {
        name: req_str(loc, item, &["product_name", "value"])?,
        supplier: flagged(loc, item, "supplier")?,
        summary: flagged(loc, item, "summary")?,
        clinical_area: flagged(loc, item, "clinical_area")?,
        ai_enabled: ai_enabled_from_type_label(&type_label),
        technology_type_id,
        care_setting_ids,
        care_setting_text: opt_str(loc, item, &["care_setting", "value"])?,
        inclusion_basis,
        sources,
        claims,
        slug,
    })
}

/// `fields` plus the provenance fields every claim may carry.
fn with_claim_fields(fields: &[&'static str]) -> Vec<&'static str> {
    CLAIM_FIELDS.iter().chain(fields).copied().collect()
}

fn read_claims(
    ctx: &Ctx<'_>,
    item: &Value,
    icbs: &[IcbRecord],
) -> Result<TechnologyClaims, SeedError> {
    let mut c = TechnologyClaims::default();
    let known = with_claim_fields(&["domain"]);
    for (j, b) in ctx.list(item, "benefits")?.iter().enumerate() {
        let f = format!("benefits[{j}]");
        ctx.known_fields(b, &f, &known)?;
        c.benefits.push(Benefit {
            domain: ctx.text(b, &f, "domain")?,
            statement: ctx.text(b, &f, "value")?,
            provenance: ctx.provenance(b, &f, ClaimKind::General)?,
        });
    }
    let known = with_claim_fields(&[
        "amount_gbp",
        "unit",
        "unit_basis",
        "period",
        "vat",
        "stated_year",
        "kind",
    ]);
    for (j, x) in ctx.list(item, "costs")?.iter().enumerate() {
        let f = format!("costs[{j}]");
        ctx.known_fields(x, &f, &known)?;
        c.costs.push(Cost {
            value: CostItem {
                statement: ctx.text(x, &f, "value")?,
                kind: ctx.vocab(x, &f, "kind", CostKind::parse, CostKind::expected())?,
                amount: ctx.amount(x, &f)?,
                unit: ctx.opt_text(x, &f, "unit")?,
                unit_basis: ctx.vocab(
                    x,
                    &f,
                    "unit_basis",
                    UnitBasis::parse,
                    UnitBasis::expected(),
                )?,
                period: ctx.vocab(x, &f, "period", CostPeriod::parse, CostPeriod::expected())?,
                vat: ctx.vocab(x, &f, "vat", Vat::parse, Vat::expected())?,
                stated_year: ctx.year(x, &f, "stated_year")?,
            },
            provenance: ctx.provenance(x, &f, ClaimKind::General)?,
        });
    }
    let known = with_claim_fields(&[]);
    for (j, x) in ctx.list(item, "savings")?.iter().enumerate() {
        let f = format!("savings[{j}]");
        ctx.known_fields(x, &f, &known)?;
        c.savings.push(Saving {
            value: ctx.text(x, &f, "value")?,
            provenance: ctx.provenance(x, &f, ClaimKind::General)?,
        });
    }
    let known = with_claim_fields(&["kind", "status"]);
    for (j, x) in ctx.list(item, "regulatory_records")?.iter().enumerate() {
        let f = format!("regulatory_records[{j}]");
        ctx.known_fields(x, &f, &known)?;
        c.regulatory_records.push(RegulatoryEvidence {
            value: RegulatoryRecordItem {
                kind: ctx.required_vocab(
                    x,
                    &f,
                    "kind",
                    RegulatoryKind::parse,
                    RegulatoryKind::expected(),
                )?,
                status: ctx.required_vocab(
                    x,
                    &f,
                    "status",
                    RecordStatus::parse,
                    RecordStatus::expected(),
                )?,
                statement: ctx.text(x, &f, "value")?,
            },
            provenance: ctx.provenance(x, &f, ClaimKind::RegulatoryStatus)?,
        });
    }
    let known = with_claim_fields(&["kind", "amount_gbp", "unit", "stated_year"]);
    for (j, x) in ctx
        .list(item, "procurement_and_funding")?
        .iter()
        .enumerate()
    {
        let f = format!("procurement_and_funding[{j}]");
        ctx.known_fields(x, &f, &known)?;
        c.funding.push(Funding {
            value: FundingItem {
                kind: ctx.required_vocab(
                    x,
                    &f,
                    "kind",
                    FundingKind::parse,
                    FundingKind::expected(),
                )?,
                amount: ctx.amount(x, &f)?,
                unit: ctx.opt_text(x, &f, "unit")?,
                stated_year: ctx.year(x, &f, "stated_year")?,
                statement: ctx.text(x, &f, "value")?,
            },
            provenance: ctx.provenance(x, &f, ClaimKind::General)?,
        });
    }
    for (j, x) in ctx.list(item, "searched_but_not_found")?.iter().enumerate() {
        let f = format!("searched_but_not_found[{j}]");
        ctx.known_fields(x, &f, &["on", "block", "detail"])?;
        let block = ctx.text(x, &f, "block")?;
        if !SEARCHABLE_BLOCKS.contains(&block.as_str()) {
            return Err(ctx.loc.field_err(
                &format!("{f}.block"),
                format!(
                    "{block:?} is not a block of this file ({})",
                    SEARCHABLE_BLOCKS.join(", ")
                ),
            ));
        }
        let on = ctx.text(x, &f, "on")?;
        c.searched.push(SearchedBlock {
            on: NaiveDate::parse_from_str(&on, "%Y-%m-%d").map_err(|_| {
                ctx.loc.field_err(
                    &format!("{f}.on"),
                    format!("{on:?} is not a date (YYYY-MM-DD)"),
                )
            })?,
            detail: ctx.opt_text(x, &f, "detail")?,
            block,
        });
    }
    if let Some(reg) = item.get("regulatory_class") {
        ctx.known_fields(reg, "regulatory_class", &CLAIM_FIELDS)?;
        let value = ctx.opt_text(reg, "regulatory_class", "value")?;
        let provenance = ctx.provenance(reg, "regulatory_class", ClaimKind::RegulatoryStatus)?;
        if value.is_none() && provenance.verified {
            return Err(ctx
                .loc
                .field_err("regulatory_class.verified", "is true but there is no value"));
        }
        c.regulatory.push(Regulatory {
            essential_id: DEVICE_ESSENTIAL.to_owned(),
            status: if value.is_some() {
                "met"
            } else {
                "not_documented"
            },
            statement: value,
            provenance,
        });
    }
    for (j, g) in ctx.list(item, "nice_guidance")?.iter().enumerate() {
        c.nice.push(read_nice(ctx, g, j)?);
    }
    let known = with_claim_fields(&["role", "training_hours"]);
    for (j, w) in ctx.list(item, "workforce_requirements")?.iter().enumerate() {
        let f = format!("workforce_requirements[{j}]");
        ctx.known_fields(w, &f, &known)?;
        let training_hours = match w.get("training_hours") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_f64().is_some_and(|h| h >= 0.0) => n.as_f64(),
            Some(other) => {
                return Err(ctx.loc.field_err(
                    &format!("{f}.training_hours"),
                    format!("expected a number of hours, found {other}"),
                ));
            }
        };
        c.workforce.push(Workforce {
            role: ctx.opt_text(w, &f, "role")?,
            training_hours,
            statement: ctx.text(w, &f, "value")?,
            provenance: ctx.provenance(w, &f, ClaimKind::General)?,
        });
    }
    for (key, infra_kind, extra) in [
        (
            "it_requirements",
            "it",
            &["standards", "hosting", "data_location"][..],
        ),
        ("estates_requirements", "estates", &[][..]),
    ] {
        let known = with_claim_fields(extra);
        for (j, x) in ctx.list(item, key)?.iter().enumerate() {
            let f = format!("{key}[{j}]");
            ctx.known_fields(x, &f, &known)?;
            let statement = ctx.text(x, &f, "value")?;
            let stated = match x.get("standards") {
                None | Some(Value::Null) => None,
                Some(Value::Array(list)) => Some(
                    list.iter()
                        .map(|v| match v {
                            Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
                            other => Err(ctx.loc.field_err(
                                &format!("{f}.standards"),
                                format!("expected names of standards, found {other}"),
                            )),
                        })
                        .collect::<Result<Vec<_>, _>>()?,
                ),
                Some(other) => {
                    return Err(ctx.loc.field_err(
                        &format!("{f}.standards"),
                        format!("expected a list, found {}", kind(other)),
                    ));
                }
            };
            c.infrastructure.push(Infrastructure {
                kind: infra_kind,
                standards_stated: stated.is_some(),
                standards: stated.unwrap_or_else(|| {
                    standards_named(&statement)
                        .into_iter()
                        .map(str::to_owned)
                        .collect()
                }),
                hosting: ctx.vocab(x, &f, "hosting", Hosting::parse, Hosting::expected())?,
                data_location: ctx.vocab(
                    x,
                    &f,
                    "data_location",
                    DataLocation::parse,
                    DataLocation::expected(),
                )?,
                statement,
                provenance: ctx.provenance(x, &f, ClaimKind::General)?,
            });
        }
    }
    for key in EVIDENCE_KEYS {
        let Some(x) = item.get(key) else { continue };
        if !x.is_object() {
            return Err(ctx
                .loc
                .field_err(key, "expected an object {value, verified, source}"));
        }
        ctx.known_fields(x, key, &CLAIM_FIELDS)?;
        let kind = if key == "nice_status" {
            ClaimKind::NiceStatus
        } else {
            ClaimKind::General
        };
        c.evidence.push(Evidence {
            kind: key.to_owned(),
            statement: ctx.text(x, key, "value")?,
            provenance: ctx.provenance(x, key, kind)?,
        });
    }
    for (j, d) in ctx.list(item, "deployments")?.iter().enumerate() {
        c.deployments.push(read_deployment(ctx, d, j, icbs)?);
    }
    let known = [
        "site",
        "metric",
        "baseline",
        "result",
        "period",
        "design",
        "sample_size",
        "independent",
        "verified",
        "source",
        "note",
        "checked_on",
        "source_kinds",
    ];
    for (j, p) in ctx.list(item, "pilot_results")?.iter().enumerate() {
        let f = format!("pilot_results[{j}]");
        ctx.known_fields(p, &f, &known)?;
        let independent = match p.get("independent") {
            None | Some(Value::Null) => "unknown",
            Some(Value::Bool(true)) => "yes",
            Some(Value::Bool(false)) => "no",
            Some(other) => {
                return Err(ctx.loc.field_err(
                    &format!("{f}.independent"),
                    format!("expected true, false or null, found {other}"),
                ));
            }
        };
        c.pilots.push(Pilot {
            site: ctx.text(p, &f, "site")?,
            metric: ctx.text(p, &f, "metric")?,
            baseline: ctx.opt_text(p, &f, "baseline")?,
            result: ctx.text(p, &f, "result")?,
            period: ctx.opt_text(p, &f, "period")?,
            design: ctx.opt_text(p, &f, "design")?,
            sample_size: ctx.opt_text(p, &f, "sample_size")?,
            independent,
            provenance: ctx.provenance(p, &f, ClaimKind::General)?,
        });
    }
    Ok(c)
}

fn read_nice(ctx: &Ctx<'_>, g: &Value, j: usize) -> Result<Nice, SeedError> {
    let f = format!("nice_guidance[{j}]");
    check_known(
        &ctx.loc,
        g,
        &f,
        &[
            "id",
            "title",
            "type",
            "date",
            "recommendation",
            "source",
            "note",
            "checked_on",
            "source_kinds",
        ],
    )?;
    for part in ["id", "title", "type", "date", "recommendation"] {
        if let Some(v) = g.get(part) {
            check_known(
                &ctx.loc,
                v,
                &format!("{f}.{part}"),
                &["value", "verified", "note"],
            )?;
        }
    }
    let part_text = |key: &str| -> Result<Part<String>, SeedError> {
        Ok(Part {
            value: opt_str(&ctx.loc, g, &[key, "value"]).map_err(|e| rename(e, &f))?,
            verified: req_bool(&ctx.loc, g, &[key, "verified"]).map_err(|e| rename(e, &f))?,
        })
    };
    let guidance_ref = req_str(&ctx.loc, g, &["id", "value"]).map_err(|e| rename(e, &f))?;
    if !is_nice_ref(&guidance_ref) {
        return Err(ctx.loc.field_err(
            &format!("{f}.id.value"),
            format!("{guidance_ref:?} is not a NICE reference like MTG32"),
        ));
    }
    let raw_type = req_str(&ctx.loc, g, &["type", "value"]).map_err(|e| rename(e, &f))?;
    let guidance_type = NiceGuidanceType::parse(&raw_type).ok_or_else(|| {
        ctx.loc.field_err(
            &format!("{f}.type.value"),
            format!("{raw_type:?} is not a NICE guidance type"),
        )
    })?;
    let date = part_text("date")?;
    if let Some(d) = &date.value {
        let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok();
        let month =
            d.len() == 7 && NaiveDate::parse_from_str(&format!("{d}-01"), "%Y-%m-%d").is_ok();
        if !day && !month {
            return Err(ctx.loc.field_err(
                &format!("{f}.date.value"),
                format!("{d:?} is not a date (YYYY-MM-DD or YYYY-MM)"),
            ));
        }
    }
    let id_verified = req_bool(&ctx.loc, g, &["id", "verified"]).map_err(|e| rename(e, &f))?;
    let provenance = ctx.provenance_with(id_verified, g, &f, ClaimKind::NiceStatus)?;
    Ok(Nice {
        guidance_ref,
        guidance_type,
        title: part_text("title")?,
        published: Part {
            verified: date.verified && date.value.is_some(),
            value: date.value,
        },
        recommendation: part_text("recommendation")?,
        provenance,
    })
}

fn read_deployment(
    ctx: &Ctx<'_>,
    d: &Value,
    j: usize,
    icbs: &[IcbRecord],
) -> Result<Deployment, SeedError> {
    let f = format!("deployments[{j}]");
    ctx.known_fields(
        d,
        &f,
        &[
            "site",
            "result",
            "source",
            "verified",
            "note",
            "checked_on",
            "source_kinds",
            "icb",
            "icb_ods",
            "start",
            "stage",
            "status",
            "stage_status_inferred",
            "stop_reason",
            "scale",
            "nation",
        ],
    )?;
    let site = ctx.text(d, &f, "site")?;
    let result = ctx.opt_text(d, &f, "result")?;
    let icb = d.get("icb");
    if let Some(i) = icb {
        check_known(
            &ctx.loc,
            i,
            &format!("{f}.icb"),
            &["value", "verified", "note"],
        )?;
    }
    let icb_name = icb
        .map(|i| opt_str(&ctx.loc, i, &["value"]))
        .transpose()
        .map_err(|e| rename(e, &format!("{f}.icb")))?
        .flatten();
    let icb_verified = match icb {
        Some(i) => {
            req_bool(&ctx.loc, i, &["verified"]).map_err(|e| rename(e, &format!("{f}.icb")))?
        }
        None => false,
    };
    let icb_note = icb
        .map(|i| opt_str(&ctx.loc, i, &["note"]))
        .transpose()
        .map_err(|e| rename(e, &format!("{f}.icb")))?
        .flatten();
    let icb_ods_code = match d.get("icb_ods") {
        None | Some(Value::Null) => None,
        Some(Value::String(code)) if icbs.iter().any(|i| &i.ods_code == code) => Some(code.clone()),
        Some(Value::Object(o)) => match o.get("value") {
            Some(Value::String(code)) if icbs.iter().any(|i| &i.ods_code == code) => {
                Some(code.clone())
            }
            None | Some(Value::Null) => None,
            Some(other) => {
                return Err(ctx.loc.field_err(
                    &format!("{f}.icb_ods.value"),
                    format!("{other} is not an ICB in icbs.csv"),
                ));
            }
        },
        Some(other) => {
            return Err(ctx.loc.field_err(
                &format!("{f}.icb_ods"),
                format!("{other} is not an ICB in icbs.csv"),
            ));
        }
    };
    let start = ctx
        .opt_text(d, &f, "start")?
        .map(|s| {
            // YYYY or YYYY-MM, kept at that precision.
            PartialDate::parse(&s)
                .ok()
                .filter(|p| p.precision() != app::domain::DatePrecision::Day)
                .ok_or_else(|| {
                    ctx.loc.field_err(
                        &format!("{f}.start"),
                        format!("{s:?} is not a date written as YYYY or YYYY-MM"),
                    )
                })
        })
        .transpose()?;
    let status = ctx.vocab(
        d,
        &f,
        "status",
        DeploymentStatus::parse,
        DeploymentStatus::expected(),
    )?;
    let stop_reason = ctx.opt_text(d, &f, "stop_reason")?;
    if stop_reason.is_some() && status != Some(DeploymentStatus::Stopped) {
        return Err(ctx.loc.field_err(
            &format!("{f}.stop_reason"),
            "a stop reason needs status \"stopped\"",
        ));
    }
    let nation = ctx.vocab(d, &f, "nation", Nation::parse, Nation::expected())?;
    if nation.is_some() && icb_ods_code.is_some() {
        return Err(ctx.loc.field_err(
            &format!("{f}.nation"),
            "a deployment outside England cannot also have an English ICB (icb_ods)",
        ));
    }
    let stage_status_inferred = match d.get("stage_status_inferred") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(ctx.loc.field_err(
                &format!("{f}.stage_status_inferred"),
                format!("expected true or false, found {other}"),
            ));
        }
    };
    Ok(Deployment {
        kind: DeploymentKind::classify(&site, result.as_deref().unwrap_or_default()),
        icb_verified: icb_verified && icb_ods_code.is_some(),
        icb_ods_code,
        icb_name,
        icb_note,
        site,
        result,
        start,
        stage: ctx.vocab(d, &f, "stage", Stage::parse, Stage::expected())?,
        status,
        stop_reason,
        stage_status_inferred,
        scale: ctx.opt_text(d, &f, "scale")?,
        nation,
        provenance: ctx.provenance(d, &f, ClaimKind::General)?,
    })
}

/// 2–4 capital letters then digits, e.g. `MTG32`, `HTE8`.
fn is_nice_ref(r: &str) -> bool {
    let letters = r.chars().take_while(char::is_ascii_uppercase).count();
    (2..=4).contains(&letters)
        && r.len() > letters
        && r[letters..].bytes().all(|b| b.is_ascii_digit())
}
