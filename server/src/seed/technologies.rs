//! Reading `technologies.json` into technology records with every claim. Each
//! `{value, verified, source, note}` becomes a claim with provenance stamped by
//! the policy in `app::domain::Stamp`; nothing missing is filled in.

use super::files::{
    Locator, SeedError, flagged, kind, opt_str, read_json, req_array, req_bool, req_str,
};
use app::{
    db::{
        claims::{
            Benefit, Cost, Deployment, Evidence, Infrastructure, Nice, Part, Pilot, Provenance,
            Regulatory, TechnologyClaims, Workforce,
        },
        seed::{EssentialRecord, IcbRecord, TaxonomyRecord, TechnologyRecord},
    },
    domain::{
        ClaimKind, DeploymentKind, NiceGuidanceType, Stamp, TechnologySlug,
        ai_enabled_from_type_label, standards_named,
    },
};
use chrono::NaiveDate;
use serde_json::Value;
use std::{collections::HashSet, path::Path};

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
}

impl Ctx<'_> {
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
        Ok(Provenance {
            source,
            verified,
            stamp: Stamp::for_import(verified, self.compiled_on, claim),
            note: opt_str(&self.loc, item, &["note"]).map_err(|e| rename(e, field))?,
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
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let id = item.get("id").and_then(Value::as_str).unwrap_or("?");
            let ctx = Ctx {
                loc: loc.record(format!("technologies[{i}] (id {id:?})")),
                compiled_on,
                fallback_source: format!(
                    "Reference data record {id:?} (no source given for this field)"
                ),
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

fn read_claims(
    ctx: &Ctx<'_>,
    item: &Value,
    icbs: &[IcbRecord],
) -> Result<TechnologyClaims, SeedError> {
    let mut c = TechnologyClaims::default();
    for (j, b) in ctx.list(item, "benefits")?.iter().enumerate() {
        let f = format!("benefits[{j}]");
        c.benefits.push(Benefit {
            domain: ctx.text(b, &f, "domain")?,
            statement: ctx.text(b, &f, "value")?,
            provenance: ctx.provenance(b, &f, ClaimKind::General)?,
        });
    }
    for (j, x) in ctx.list(item, "costs")?.iter().enumerate() {
        let f = format!("costs[{j}]");
        c.costs.push(Cost {
            statement: ctx.text(x, &f, "value")?,
            provenance: ctx.provenance(x, &f, ClaimKind::General)?,
        });
    }
    if let Some(reg) = item.get("regulatory_class") {
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
    for (j, w) in ctx.list(item, "workforce_requirements")?.iter().enumerate() {
        let f = format!("workforce_requirements[{j}]");
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
    for (key, infra_kind) in [
        ("it_requirements", "it"),
        ("estates_requirements", "estates"),
    ] {
        for (j, x) in ctx.list(item, key)?.iter().enumerate() {
            let f = format!("{key}[{j}]");
            let statement = ctx.text(x, &f, "value")?;
            c.infrastructure.push(Infrastructure {
                kind: infra_kind,
                standards: standards_named(&statement)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
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
    for (j, p) in ctx.list(item, "pilot_results")?.iter().enumerate() {
        let f = format!("pilot_results[{j}]");
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
            independent,
            provenance: ctx.provenance(p, &f, ClaimKind::General)?,
        });
    }
    Ok(c)
}

fn read_nice(ctx: &Ctx<'_>, g: &Value, j: usize) -> Result<Nice, SeedError> {
    let f = format!("nice_guidance[{j}]");
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
    let site = ctx.text(d, &f, "site")?;
    let result = ctx.opt_text(d, &f, "result")?;
    let icb = d.get("icb");
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
    Ok(Deployment {
        kind: DeploymentKind::classify(&site, result.as_deref().unwrap_or_default()),
        icb_verified: icb_verified && icb_ods_code.is_some(),
        icb_ods_code,
        icb_name,
        icb_note,
        site,
        result,
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
