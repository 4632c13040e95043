//! `/data/claims.csv`: a row per claim of a [`PublishedTechnology`], every value
//! as text (empty when the block has no such field or the source does not say).
//! The JSON file holds the same claims with their full structure.

use super::model::{ClaimSource, LICENCE_CELL, PublishedTechnology};
use crate::domain::{CostKind, CostPeriod, DataLocation, Hosting, Nation, UnitBasis, Vat};
use serde::{Deserialize, Serialize};

/// Declares [`ClaimRow`] with its column names and cells in field order.
macro_rules! claim_row {
    ($($(#[$meta:meta])* $field:ident,)+) => {
        /// One claim. Field order is column order.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        pub struct ClaimRow {
            $($(#[$meta])* pub $field: String,)+
        }

        impl ClaimRow {
            /// The CSV header, in column order.
            pub const COLUMNS: &'static [&'static str] = &[$(stringify!($field),)+];

            /// The cells, in column order.
            pub fn cells(&self) -> Vec<&str> {
                vec![$(self.$field.as_str(),)+]
            }
        }
    };
}

claim_row! {
    /// The technology's id in addresses.
    technology_slug,
    /// The technology's name.
    technology_name,
    /// `benefit`, `cost`, `saving`, `funding`, `regulatory`,
    /// `regulatory_evidence`, `nice`, `workforce`, `it`, `estates`, `evidence`,
    /// `deployment` or `pilot`.
    block,
    /// The claim's kind within its block (benefit domain, cost kind, funding
    /// kind, regulatory essential or record kind, NICE guidance type, evidence
    /// kind, deployment kind).
    kind,
    /// The claim as written (a deployment's site, a NICE title, a pilot's result).
    text,
    /// Lowest amount in pounds, e.g. `1250.00`.
    #[cfg_attr(feature = "ssr", schema(pattern = r"^([0-9]+\.[0-9]{2})?$"))]
    amount_low_gbp,
    /// Highest amount in pounds.
    #[cfg_attr(feature = "ssr", schema(pattern = r"^([0-9]+\.[0-9]{2})?$"))]
    amount_high_gbp,
    /// The unit as the source words it.
    unit,
    /// What a cost multiplies.
    unit_basis,
    /// How often a cost is paid.
    period,
    /// VAT basis.
    vat,
    /// The year a price was stated.
    #[cfg_attr(feature = "ssr", schema(pattern = r"^([0-9]{4})?$"))]
    stated_year,
    /// NICE guidance reference, e.g. `MTG46`.
    reference,
    /// NICE's recommendation.
    recommendation,
    /// A deployment's or pilot's site.
    site,
    /// A deployment's ICB (ODS code).
    icb_ods_code,
    /// A deployment's ICB (name).
    icb_name,
    /// A deployment's region.
    region,
    /// A deployment's care setting.
    care_setting,
    /// A deployment's stage.
    stage,
    /// A deployment's or regulatory record's status.
    status,
    /// Why a deployment stopped.
    stop_reason,
    /// A deployment's start: `2021`, `2021-04` or `2021-04-01`.
    #[cfg_attr(feature = "ssr", schema(pattern = r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$"))]
    start,
    /// A UK nation outside England.
    nation,
    /// A deployment's scale.
    scale,
    /// Integration standards, joined with `; `.
    standards,
    /// Where it is hosted.
    hosting,
    /// Where the data is held.
    data_location,
    /// Roles.
    role,
    /// Training hours per person.
    training_hours,
    /// What a pilot measured.
    metric,
    /// A pilot's baseline.
    baseline,
    /// A deployment's result.
    result,
    /// A pilot's period.
    study_period,
    /// A pilot's design.
    design,
    /// A pilot's sample size.
    sample_size,
    /// Whether a pilot was independent of the supplier.
    independent,
    /// The source.
    source,
    /// The kinds of its sources, joined with `; `.
    source_kinds,
    /// `true` when the kinds were read from the address by the catalogue.
    #[cfg_attr(feature = "ssr", schema(pattern = "^(true|false)$"))]
    source_kinds_derived,
    /// `true` when the claim was seen in the source.
    #[cfg_attr(feature = "ssr", schema(pattern = "^(true|false)$"))]
    verified,
    /// When verified.
    #[cfg_attr(feature = "ssr", schema(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"))]
    verified_on,
    /// When due a re-check.
    #[cfg_attr(feature = "ssr", schema(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"))]
    recheck_by,
    /// A qualification.
    note,
    /// The terms of reuse.
    licence,
}

fn text(v: Option<&str>) -> String {
    v.unwrap_or_default().to_owned()
}

fn gbp(pence: Option<u64>) -> String {
    pence
        .map(|p| format!("{}.{:02}", p / 100, p % 100))
        .unwrap_or_default()
}

/// A vocabulary value's id, or empty.
fn id<T>(v: Option<T>, id: fn(T) -> &'static str) -> String {
    v.map(id).unwrap_or_default().to_owned()
}

impl ClaimRow {
    fn new(
        t: &PublishedTechnology,
        block: &str,
        kind: String,
        text: String,
        p: &ClaimSource,
    ) -> Self {
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        Self {
            technology_slug: t.slug.clone(),
            technology_name: t.name.clone(),
            block: block.to_owned(),
            kind,
            text,
            source: p.source.clone(),
            source_kinds: p
                .source_kinds
                .iter()
                .map(|k| k.id())
                .collect::<Vec<_>>()
                .join("; "),
            source_kinds_derived: p.source_kinds_derived.to_string(),
            verified: p.verified.to_string(),
            verified_on: date(p.verified_on),
            recheck_by: date(p.recheck_by),
            note: p.note.clone().unwrap_or_default(),
            licence: LICENCE_CELL.to_owned(),
            ..Self::default()
        }
    }
}

impl PublishedTechnology {
    /// Its claims as CSV rows, block by block in page order.
    pub fn claim_rows(&self) -> Vec<ClaimRow> {
        let mut rows = Vec::new();
        let row = |block: &str, kind: String, text: String, p: &ClaimSource| {
            ClaimRow::new(self, block, kind, text, p)
        };
        for b in &self.benefits {
            rows.push(row(
                "benefit",
                b.domain.clone(),
                b.statement.clone(),
                &b.provenance,
            ));
        }
        for c in &self.costs {
            rows.push(ClaimRow {
                amount_low_gbp: gbp(c.amount_low_pence),
                amount_high_gbp: gbp(c.amount_high_pence),
                unit: text(c.unit.as_deref()),
                unit_basis: id(c.unit_basis, UnitBasis::id),
                period: id(c.period, CostPeriod::id),
                vat: id(c.vat, Vat::id),
                stated_year: c.stated_year.map(|y| y.to_string()).unwrap_or_default(),
                ..row(
                    "cost",
                    id(c.kind, CostKind::id),
                    c.statement.clone(),
                    &c.provenance,
                )
            });
        }
        for s in &self.savings {
            rows.push(row(
                "saving",
                String::new(),
                s.statement.clone(),
                &s.provenance,
            ));
        }
        for f in &self.funding {
            rows.push(ClaimRow {
                amount_low_gbp: gbp(f.amount_low_pence),
                amount_high_gbp: gbp(f.amount_high_pence),
                unit: text(f.unit.as_deref()),
                stated_year: f.stated_year.map(|y| y.to_string()).unwrap_or_default(),
                ..row(
                    "funding",
                    f.kind.id().to_owned(),
                    f.statement.clone(),
                    &f.provenance,
                )
            });
        }
        for e in &self.regulatory_checklist {
            if let Some(r) = &e.record {
                rows.push(ClaimRow {
                    status: r.status.clone(),
                    ..row(
                        "regulatory",
                        e.essential.clone(),
                        r.statement.clone().unwrap_or_default(),
                        &r.provenance,
                    )
                });
            }
        }
        for r in &self.regulatory_records {
            rows.push(ClaimRow {
                status: r.status.id().to_owned(),
                ..row(
                    "regulatory_evidence",
                    r.kind.id().to_owned(),
                    r.statement.clone(),
                    &r.provenance,
                )
            });
        }
        for g in &self.nice_guidance {
            rows.push(ClaimRow {
                reference: g.reference.clone(),
                recommendation: text(g.recommendation.as_deref()),
                ..row(
                    "nice",
                    g.guidance_type.code().to_owned(),
                    text(g.title.as_deref()),
                    &g.provenance,
                )
            });
        }
        for w in &self.workforce {
            rows.push(ClaimRow {
                role: text(w.role.as_deref()),
                training_hours: text(w.training_hours.as_deref()),
                ..row(
                    "workforce",
                    String::new(),
                    w.statement.clone(),
                    &w.provenance,
                )
            });
        }
        for (block, list) in [("it", &self.it), ("estates", &self.estates)] {
            for r in list {
                rows.push(ClaimRow {
                    standards: r.standards.join("; "),
                    hosting: id(r.hosting, Hosting::id),
                    data_location: id(r.data_location, DataLocation::id),
                    ..row(block, String::new(), r.statement.clone(), &r.provenance)
                });
            }
        }
        for e in &self.evidence {
            rows.push(row(
                "evidence",
                e.kind.clone(),
                e.statement.clone(),
                &e.provenance,
            ));
        }
        for d in &self.deployments {
            rows.push(ClaimRow {
                site: d.site.clone(),
                icb_ods_code: text(d.icb_ods_code.as_deref()),
                icb_name: text(d.icb_name.as_deref()),
                region: text(d.region.as_deref()),
                care_setting: text(d.care_setting.as_deref()),
                stage: text(d.stage.as_deref()),
                status: text(d.status.as_deref()),
                stop_reason: text(d.stop_reason.as_deref()),
                start: text(d.start.as_deref()),
                nation: id(d.nation, Nation::id),
                scale: text(d.scale.as_deref()),
                result: text(d.result.as_deref()),
                ..row(
                    "deployment",
                    d.kind.as_str().to_owned(),
                    d.site.clone(),
                    &d.provenance,
                )
            });
        }
        for p in &self.pilots {
            rows.push(ClaimRow {
                site: p.site.clone(),
                metric: p.metric.clone(),
                baseline: text(p.baseline.as_deref()),
                study_period: text(p.period.as_deref()),
                design: text(p.design.as_deref()),
                sample_size: text(p.sample_size.as_deref()),
                independent: p.independent.clone(),
                ..row("pilot", String::new(), p.result.clone(), &p.provenance)
            });
        }
        rows
    }
}
