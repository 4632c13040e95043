//! The 5-year cost view: stated prices read from the cost claims, multiplied
//! out with the user's assumptions, year by year. A category with no stated
//! cost is listed as "not documented" and the total says what it leaves out:
//! nothing is ever filled in with a guess. A price is used in a total only
//! when its reading is unambiguous (one amount or range, a stated unit or
//! period); any other is shown as stated, with the reason it is not totalled.

mod assumptions;
mod reading;

pub use assumptions::{ASSUMPTIONS, CostAssumptions};
pub use reading::{Money, Reading, has_figure, pounds, read_cost, states_saving};

use super::{
    BenefitItem, Claim, CostItem, CostKind, CostPeriod, PilotItem, UnitBasis, WorkforceItem,
    hours_label,
};
use reading::{category_of, thousands};
use serde::{Deserialize, Serialize};

/// What a cost is for, in table order: one-off, then recurring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    /// Licence set-up.
    LicenceSetup,
    /// Implementation.
    Implementation,
    /// Integration.
    Integration,
    /// Hardware.
    Hardware,
    /// Estates works.
    EstatesWorks,
    /// Training and backfill.
    TrainingBackfill,
    /// Licence or price per unit, or per year.
    LicencePerUnit,
    /// Support and maintenance.
    Support,
    /// Staff to run it.
    RunningStaff,
}

impl Category {
    /// Every category, in table order.
    pub const ALL: [Self; 9] = [
        Self::LicenceSetup,
        Self::Implementation,
        Self::Integration,
        Self::Hardware,
        Self::EstatesWorks,
        Self::TrainingBackfill,
        Self::LicencePerUnit,
        Self::Support,
        Self::RunningStaff,
    ];

    /// Row label.
    pub fn label(self) -> &'static str {
        match self {
            Self::LicenceSetup => "Licence set-up",
            Self::Implementation => "Implementation",
            Self::Integration => "Integration",
            Self::Hardware => "Hardware",
            Self::EstatesWorks => "Estates works",
            Self::TrainingBackfill => "Training and backfill",
            Self::LicencePerUnit => "Licence or price per unit",
            Self::Support => "Support",
            Self::RunningStaff => "Staff to run it",
        }
    }

    /// One-off (year 1) rather than recurring.
    pub fn one_off(self) -> bool {
        self < Self::LicencePerUnit
    }
}

/// The claim behind a row or figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostSource {
    /// What the claim says.
    pub text: String,
    /// Its source.
    pub source: String,
    /// Seen in the source.
    pub verified: bool,
    /// Its structured facts in words (unit, period, VAT, year stated), and
    /// why it is only shown, where it is.
    #[serde(default)]
    pub detail: Option<String>,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowState {
    /// Worked out: one amount per year (year 1 first).
    Calculated {
        /// Per year.
        years: Vec<Money>,
        /// How ("£45 per person × 1,000 a year").
        basis: String,
    },
    /// A stated price needing an assumption the user has not given.
    NeedsInput {
        /// The assumptions missing.
        missing: Vec<String>,
        /// What is known.
        basis: String,
    },
    /// Stated, not totalled, with why.
    NotTotalled(String),
    /// No cost documented.
    NotDocumented,
}

/// One category's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostRow {
    /// Category.
    pub category: Category,
    /// Result.
    pub state: RowState,
    /// The claims behind it.
    pub sources: Vec<CostSource>,
}

/// A stated benefit with a figure for time released or money saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitFigure {
    /// Where it was stated ("Benefit", "Pilot result at X").
    pub kind: String,
    /// What it says.
    pub text: String,
    /// Its source.
    pub source: String,
    /// Seen in the source.
    pub verified: bool,
    /// For pilot results, whether independently evaluated.
    pub independent: Option<String>,
}

/// The cost view of one technology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostView {
    /// Years shown.
    pub years: u32,
    /// One row per category, in order.
    pub rows: Vec<CostRow>,
    /// Total per year of the calculated rows.
    pub year_totals: Vec<Money>,
    /// Total over all years of the calculated rows.
    pub total: Money,
    /// Benefits with figures, beside the costs.
    pub benefits: Vec<BenefitFigure>,
    /// Cost statements never added into a total (an economic evaluation's
    /// difference from usual care, notes on pricing), with their label.
    #[serde(default)]
    pub set_aside: Vec<(String, CostSource)>,
}

impl CostView {
    /// The calculated categories.
    pub fn covered(&self) -> Vec<Category> {
        self.rows
            .iter()
            .filter(|r| matches!(r.state, RowState::Calculated { .. }))
            .map(|r| r.category)
            .collect()
    }

    /// Whether every category is calculated.
    pub fn complete(&self) -> bool {
        self.covered().len() == Category::ALL.len()
    }

    /// The label of the total.
    pub fn total_label(&self) -> String {
        let covered = self.covered();
        if self.complete() {
            "Complete: every category is documented".to_owned()
        } else if covered.is_empty() {
            "Incomplete: no cost can be totalled from what is documented".to_owned()
        } else {
            format!(
                "Incomplete: covers only {}",
                covered
                    .iter()
                    .map(|c| c.label().to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        }
    }
}

/// How a structured cost item multiplies out with the assumptions.
fn structured(item: &CostItem, price: Money, a: &CostAssumptions, n: usize) -> RowState {
    let Some(basis) = item.unit_basis else {
        return RowState::NotTotalled("what the amount multiplies is not stated".to_owned());
    };
    let Some(period) = item.period else {
        return RowState::NotTotalled("the period is not stated".to_owned());
    };
    let unit = item.unit.clone().unwrap_or_else(|| "unit".to_owned());
    let (key, count) = match basis {
        UnitBasis::Other => {
            return RowState::NotTotalled("the unit is not defined".to_owned());
        }
        UnitBasis::PerUnit => ("units", a.units),
        UnitBasis::PerSite => ("sites", a.sites),
    };
    if matches!(period, CostPeriod::PerUse | CostPeriod::PerCourse) && basis == UnitBasis::PerSite {
        return RowState::NotTotalled(
            "a price for each use stated per site cannot be multiplied out".to_owned(),
        );
    }
    let stated = format!("{} per {unit} {}", price.text(), period.label());
    let Some(count) = count else {
        return RowState::NeedsInput {
            missing: vec![key.to_owned()],
            basis: stated,
        };
    };
    let times = match basis {
        UnitBasis::PerUnit => format!("{} a year", thousands(u64::from(count))),
        _ if count == 1 => "1 site".to_owned(),
        _ => format!("{count} sites"),
    };
    let count = u64::from(count);
    match period {
        CostPeriod::OneOff => one_off_state(price.times(count), n, format!("{stated} × {times}")),
        CostPeriod::Annual | CostPeriod::PerUse | CostPeriod::PerCourse => {
            per_year_state(price.times(count), n, format!("{stated} × {times}"))
        }
        CostPeriod::Monthly => per_year_state(
            price.times(count.saturating_mul(12)),
            n,
            format!("{stated} × 12 months × {times}"),
        ),
    }
}

/// The row a structured cost goes in: its kind, then its period.
fn structured_category(item: &CostItem) -> Category {
    let one_off = item.period == Some(CostPeriod::OneOff);
    match item.kind {
        Some(CostKind::Licence) if one_off => Category::LicenceSetup,
        Some(CostKind::Implementation) if one_off => Category::Implementation,
        // A yearly registration or licence fee per patient is a price per unit.
        Some(CostKind::Licence | CostKind::Implementation) => Category::LicencePerUnit,
        Some(CostKind::Training) => Category::TrainingBackfill,
        Some(CostKind::Hardware) => Category::Hardware,
        Some(CostKind::Integration) => Category::Integration,
        _ => category_of(&item.statement),
    }
}

/// Builds the view from a technology's cost, saving, workforce, benefit and
/// pilot claims. Structured amounts feed it directly; a cost stated only as
/// text is read from its words.
pub fn cost_view(
    costs: &[Claim<CostItem>],
    savings: &[Claim<String>],
    workforce: &[Claim<WorkforceItem>],
    benefits: &[Claim<BenefitItem>],
    pilots: &[Claim<PilotItem>],
    a: &CostAssumptions,
) -> CostView {
    let years = a.years();
    let n = years as usize;
    let mut rows: Vec<CostRow> = Category::ALL
        .iter()
        .map(|c| CostRow {
            category: *c,
            state: RowState::NotDocumented,
            sources: Vec::new(),
        })
        .collect();
    let mut figures = Vec::new();
    let mut set_aside = Vec::new();
    for c in costs {
        let item = &c.value;
        let facts = item.facts();
        let source = CostSource {
            text: item.statement.clone(),
            source: c.provenance.source.clone(),
            verified: c.provenance.verified,
            detail: (!facts.is_empty()).then(|| facts.join(" · ")),
        };
        if let Some(kind) = item.kind.filter(|k| !k.totalled()) {
            set_aside.push((kind.label().to_owned(), source));
            continue;
        }
        if let Some(price) = item.amount {
            let state = structured(item, price, a, n);
            merge(
                &mut rows,
                structured_category(item),
                state,
                source,
                Combine::Alternatives,
            );
            continue;
        }
        let category = category_of(&item.statement);
        let state = match read_cost(&item.statement) {
            Reading::Saving => {
                figures.push(BenefitFigure {
                    kind: "Saving stated with the costs".to_owned(),
                    text: source.text,
                    source: source.source,
                    verified: source.verified,
                    independent: None,
                });
                continue;
            }
            Reading::Unclear(why) => RowState::NotTotalled(why),
            Reading::PerUnit { price, unit } => match a.units {
                Some(u) => per_year_state(
                    price.times(u64::from(u)),
                    n,
                    format!(
                        "{} per {unit} × {} a year",
                        price.text(),
                        thousands(u64::from(u))
                    ),
                ),
                None => RowState::NeedsInput {
                    missing: vec!["units".to_owned()],
                    basis: format!("{} per {unit}", price.text()),
                },
            },
            Reading::PerYear { price } => match a.sites {
                Some(s) => per_year_state(
                    price.times(u64::from(s)),
                    n,
                    format!("{} a year × {s} sites", price.text()),
                ),
                None => RowState::NeedsInput {
                    missing: vec!["sites".to_owned()],
                    basis: format!("{} a year", price.text()),
                },
            },
            Reading::OneOff { price } => {
                one_off_state(Some(price), n, format!("{} once", price.text()))
            }
        };
        merge(&mut rows, category, state, source, Combine::Alternatives);
    }
    for s in savings {
        figures.push(BenefitFigure {
            kind: "Saving claimed".to_owned(),
            text: s.value.clone(),
            source: s.provenance.source.clone(),
            verified: s.provenance.verified,
            independent: None,
        });
    }
    // Training and backfill: only where hours are documented.
    if let Some((centihours, c)) = workforce
        .iter()
        .find_map(|c| Some((c.value.training_centihours()?, c)))
    {
        let hours = hours_label(centihours);
        let source = CostSource {
            text: c.value.statement.clone(),
            source: c.provenance.source.clone(),
            verified: c.provenance.verified,
            detail: None,
        };
        let state = match (a.staff, a.rate) {
            (Some(staff), Some(rate)) => one_off_state(
                // Hundredths of an hour × whole pounds an hour = pence.
                Money::exact(centihours).times(u64::from(staff) * u64::from(rate)),
                n,
                format!(
                    "{hours} h × {} staff × {} an hour",
                    thousands(u64::from(staff)),
                    pounds(u64::from(rate) * 100)
                ),
            ),
            (staff, rate) => RowState::NeedsInput {
                missing: [("staff", staff), ("rate", rate)]
                    .into_iter()
                    .filter(|(_, v)| v.is_none())
                    .map(|(k, _)| k.to_owned())
                    .collect(),
                basis: format!("{hours} h of training per person"),
            },
        };
        // Backfill is a cost of its own beside any training charge: it adds.
        merge(
            &mut rows,
            Category::TrainingBackfill,
            state,
            source,
            Combine::Adds,
        );
    }
    for b in benefits {
        let about_savings = matches!(
            b.value.domain.as_str(),
            "workforce_time" | "cost" | "throughput"
        );
        if has_figure(&b.value.statement) && (about_savings || states_saving(&b.value.statement)) {
            figures.push(BenefitFigure {
                kind: "Benefit".to_owned(),
                text: b.value.statement.clone(),
                source: b.provenance.source.clone(),
                verified: b.provenance.verified,
                independent: None,
            });
        }
    }
    for p in pilots {
        let text = format!("{}: {}", p.value.metric, p.value.result);
        if has_figure(&text) && states_saving(&text) {
            figures.push(BenefitFigure {
                kind: format!("Pilot result at {}", p.value.site),
                text,
                source: p.provenance.source.clone(),
                verified: p.provenance.verified,
                independent: Some(p.value.independent_label().to_owned()),
            });
        }
    }
    let mut year_totals = vec![Money::default(); n];
    for r in &rows {
        if let RowState::Calculated { years, .. } = &r.state {
            for (t, y) in year_totals.iter_mut().zip(years) {
                *t = t.plus(*y).unwrap_or(*t);
            }
        }
    }
    let total = year_totals
        .iter()
        .fold(Money::default(), |acc, y| acc.plus(*y).unwrap_or(acc));
    CostView {
        years,
        rows,
        year_totals,
        total,
        benefits: figures,
        set_aside,
    }
}

/// The same amount every year; overflow is "not totalled".
fn per_year_state(each: Option<Money>, years: usize, basis: String) -> RowState {
    match each {
        Some(m) => RowState::Calculated {
            years: vec![m; years],
            basis,
        },
        None => RowState::NotTotalled("the numbers are too large to total".to_owned()),
    }
}

/// The amount in year 1 only.
fn one_off_state(amount: Option<Money>, years: usize, basis: String) -> RowState {
    match amount {
        Some(m) => {
            let mut ys = vec![Money::default(); years];
            ys[0] = m;
            RowState::Calculated { years: ys, basis }
        }
        None => RowState::NotTotalled("the numbers are too large to total".to_owned()),
    }
}

/// How a second calculated amount combines with one already in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Combine {
    /// Two prices for one thing may be alternatives (a list price and a NICE
    /// figure, say): adding them would be a guess, so the row is not totalled.
    Alternatives,
    /// A separate cost of the same category (training backfill beside a
    /// training charge): the amounts add.
    Adds,
}

/// Adds a claim's result to its category's row; anything not calculated makes
/// the row not totalled, and a second calculated amount combines as `how` says.
fn merge(
    rows: &mut [CostRow],
    category: Category,
    state: RowState,
    source: CostSource,
    how: Combine,
) {
    let Some(row) = rows.iter_mut().find(|r| r.category == category) else {
        return;
    };
    row.sources.push(source);
    row.state = match (
        std::mem::replace(&mut row.state, RowState::NotDocumented),
        state,
    ) {
        (RowState::NotDocumented, s) | (s, RowState::NotDocumented) => s,
        (
            RowState::Calculated {
                years: a,
                basis: ba,
            },
            RowState::Calculated {
                years: b,
                basis: bb,
            },
        ) if how == Combine::Adds => RowState::Calculated {
            years: a
                .iter()
                .zip(&b)
                .map(|(x, y)| x.plus(*y).unwrap_or(*x))
                .collect(),
            basis: format!("{ba}; {bb}"),
        },
        (RowState::Calculated { .. }, RowState::Calculated { .. }) => RowState::NotTotalled(
            "more than one price is stated for this; they may be alternatives, so a curator must confirm which applies"
                .to_owned(),
        ),
        (RowState::NotTotalled(why), _) | (_, RowState::NotTotalled(why)) => {
            RowState::NotTotalled(why)
        }
        (RowState::NeedsInput { missing, basis }, _)
        | (_, RowState::NeedsInput { missing, basis }) => RowState::NeedsInput { missing, basis },
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Freshness, Provenance};

    fn claim<T>(value: T) -> Claim<T> {
        Claim {
            value,
            provenance: Provenance {
                source: "www.nice.org.uk/x".to_owned(),
                verified: true,
                verified_on: None,
                recheck_by: None,
                note: None,
                freshness: Freshness::Current,
                source_kinds: Vec::new(),
                kinds_derived: false,
                claim: None,
            },
        }
    }

    fn assume(raw: &str) -> CostAssumptions {
        let (a, errors) = CostAssumptions::from_pairs(&crate::domain::form_pairs(raw));
        assert!(errors.is_empty(), "{errors:?}");
        a
    }

    fn text_cost(text: &str) -> CostItem {
        CostItem {
            statement: text.to_owned(),
            kind: None,
            amount: None,
            unit: None,
            unit_basis: None,
            period: None,
            vat: None,
            stated_year: None,
        }
    }

    fn view(costs: &[&str], a: &CostAssumptions) -> CostView {
        let costs: Vec<Claim<CostItem>> = costs.iter().map(|c| claim(text_cost(c))).collect();
        cost_view(&costs, &[], &[], &[], &[], a)
    }

    fn priced(
        kind: CostKind,
        amount: (u64, u64),
        unit: &str,
        basis: Option<UnitBasis>,
        period: Option<CostPeriod>,
    ) -> Claim<CostItem> {
        claim(CostItem {
            kind: Some(kind),
            amount: Some(Money {
                low: amount.0,
                high: amount.1,
            }),
            unit: Some(unit.to_owned()),
            unit_basis: basis,
            period,
            stated_year: Some(2018),
            ..text_cost("stated")
        })
    }

    #[test]
    fn space_from_depression_totals_the_licence_and_shows_the_training_charge_untotalled() {
        let costs = vec![
            priced(
                CostKind::Licence,
                (2_400, 2_400),
                "person",
                Some(UnitBasis::PerUnit),
                Some(CostPeriod::Annual),
            ),
            priced(
                CostKind::Training,
                (50_000, 200_000),
                "service",
                Some(UnitBasis::PerSite),
                None,
            ),
        ];
        let v = cost_view(&costs, &[], &[], &[], &[], &assume("units=1000"));
        assert_eq!(v.total.text(), "£120,000");
        assert!(matches!(
            row(&v, Category::LicencePerUnit),
            RowState::Calculated { .. }
        ));
        assert!(
            matches!(row(&v, Category::TrainingBackfill), RowState::NotTotalled(why) if why == "the period is not stated")
        );
        assert!(v.total_label().starts_with("Incomplete"));
    }

    #[test]
    fn per_site_prices_multiply_the_sites_and_undefined_units_are_not_totalled() {
        let setup = priced(
            CostKind::Implementation,
            (36_000, 36_000),
            "CCG",
            Some(UnitBasis::PerSite),
            Some(CostPeriod::OneOff),
        );
        let v = cost_view(
            std::slice::from_ref(&setup),
            &[],
            &[],
            &[],
            &[],
            &assume("sites=3&years=2"),
        );
        assert_eq!(
            v.year_totals.iter().map(|m| m.text()).collect::<Vec<_>>(),
            ["£1,080", "£0"]
        );
        let v = cost_view(
            std::slice::from_ref(&setup),
            &[],
            &[],
            &[],
            &[],
            &CostAssumptions::default(),
        );
        assert!(
            matches!(row(&v, Category::Implementation), RowState::NeedsInput { missing, .. } if missing == &["sites"])
        );
        let one = cost_view(&[setup], &[], &[], &[], &[], &assume("sites=1"));
        assert!(
            matches!(row(&one, Category::Implementation), RowState::Calculated { basis, .. } if basis == "£360 per CCG one-off × 1 site")
        );
        let monthly = priced(
            CostKind::Licence,
            (25_000, 2_000_000),
            "instance",
            Some(UnitBasis::PerSite),
            Some(CostPeriod::Monthly),
        );
        let v = cost_view(&[monthly], &[], &[], &[], &[], &assume("sites=1&years=1"));
        assert_eq!(v.total.text(), "£3,000 to £240,000");
        let undefined = priced(
            CostKind::Licence,
            (3_820, 3_820),
            "unit (not defined)",
            Some(UnitBasis::Other),
            Some(CostPeriod::PerUse),
        );
        let v = cost_view(&[undefined], &[], &[], &[], &[], &assume("units=10"));
        assert!(
            matches!(row(&v, Category::LicencePerUnit), RowState::NotTotalled(why) if why == "the unit is not defined")
        );
    }

    #[test]
    fn savings_and_never_totalled_kinds_stay_out_of_every_total() {
        let costs = vec![
            priced(
                CostKind::IncrementalVsUsualCare,
                (31_900, 31_900),
                "patient",
                None,
                Some(CostPeriod::PerCourse),
            ),
            claim(CostItem {
                kind: Some(CostKind::PricingNote),
                ..text_cost("needs no training costs")
            }),
        ];
        let savings = vec![claim("Saves £214 per patient".to_owned())];
        let v = cost_view(
            &costs,
            &savings,
            &[],
            &[],
            &[],
            &assume("units=1000&sites=5"),
        );
        assert_eq!(v.total, Money::default());
        assert!(v.rows.iter().all(|r| r.state == RowState::NotDocumented));
        assert_eq!(v.set_aside.len(), 2);
        assert_eq!(v.benefits.len(), 1);
        assert_eq!(v.benefits[0].kind, "Saving claimed");
    }

    #[test]
    fn two_prices_for_one_category_are_alternatives_never_added() {
        let costs = vec![
            claim(text_cost("£700 per test")),
            priced(
                CostKind::Licence,
                (88_800, 88_800),
                "test",
                Some(UnitBasis::PerUnit),
                Some(CostPeriod::PerUse),
            ),
        ];
        // HeartFlow: £700 a test in the text, £888 a test in a structured item.
        let v = cost_view(&costs, &[], &[], &[], &[], &assume("units=100"));
        assert_eq!(v.total, Money::default());
        assert!(
            matches!(row(&v, Category::LicencePerUnit), RowState::NotTotalled(why) if why.contains("alternatives"))
        );
        let r = v
            .rows
            .iter()
            .find(|r| r.category == Category::LicencePerUnit)
            .expect("row");
        assert_eq!(r.sources.len(), 2, "both prices are shown");
        let one = vec![costs[1].clone()];
        let v = cost_view(&one, &[], &[], &[], &[], &assume("units=100"));
        assert_eq!(v.total.text(), "£444,000");
        assert_eq!(
            costs[1].value.age_warning(2026).as_deref(),
            Some("stated in 2018: may be out of date")
        );
        assert_eq!(costs[1].value.age_warning(2021), None);
    }

    fn row(v: &CostView, c: Category) -> &RowState {
        &v.rows
            .iter()
            .find(|r| r.category == c)
            .expect("every category has a row")
            .state
    }

    #[test]
    fn a_per_unit_price_is_multiplied_out_for_each_year_and_the_total_is_incomplete() {
        let v = view(&["£45 per person (NICE MTG70)"], &assume("units=1,000"));
        assert_eq!(v.years, 5);
        let RowState::Calculated { years, basis } = row(&v, Category::LicencePerUnit) else {
            panic!("{v:#?}")
        };
        assert_eq!(years, &vec![Money::exact(4_500_000); 5]);
        assert_eq!(basis, "£45 per person × 1,000 a year");
        assert_eq!(v.total.text(), "£225,000");
        assert_eq!(v.year_totals[4].text(), "£45,000");
        assert!(!v.complete());
        assert_eq!(
            v.total_label(),
            "Incomplete: covers only licence or price per unit"
        );
        assert_eq!(*row(&v, Category::Hardware), RowState::NotDocumented);
    }

    #[test]
    fn ranges_carry_through_and_years_and_sites_change_the_arithmetic() {
        let v = view(&["£5 to £7.50 per output"], &assume("units=200&years=2"));
        assert_eq!(v.total.text(), "£2,000 to £3,000");
        let v = view(&["£12,000 a year"], &assume("sites=3&years=10"));
        assert_eq!(v.year_totals.len(), 10);
        assert_eq!(v.total.text(), "£360,000");
        let one_off = view(
            &["One-off set-up fee £2,500", "£1 per test"],
            &assume("units=10&years=3"),
        );
        assert_eq!(
            one_off
                .year_totals
                .iter()
                .map(|m| m.text())
                .collect::<Vec<_>>(),
            ["£2,510", "£10", "£10"]
        );
    }

    #[test]
    fn missing_assumptions_and_unclear_prices_are_never_guessed() {
        let v = view(
            &["£700 per test", "Average about £20,000 per centre"],
            &CostAssumptions::default(),
        );
        assert_eq!(v.total, Money::default());
        assert!(matches!(
            row(&v, Category::LicencePerUnit),
            RowState::NotTotalled(_)
        ));
        let v = view(&["£700 per test"], &CostAssumptions::default());
        assert!(
            matches!(row(&v, Category::LicencePerUnit), RowState::NeedsInput { missing, .. } if missing == &["units"])
        );
        assert_eq!(
            v.total_label(),
            "Incomplete: no cost can be totalled from what is documented"
        );
        let none = view(&[], &assume("units=5"));
        assert!(none.rows.iter().all(|r| r.state == RowState::NotDocumented));
    }

    #[test]
    fn training_backfill_needs_documented_hours_staff_and_rate() {
        let w = vec![claim(WorkforceItem {
            role: None,
            training_hours: Some("1".to_owned()),
            statement: "staff might need an hour".to_owned(),
        })];
        let v = cost_view(&[], &[], &w, &[], &[], &assume("staff=20&rate=40"));
        assert_eq!(v.year_totals[0].text(), "£800");
        assert_eq!(v.year_totals[1], Money::default());
        let v = cost_view(&[], &[], &w, &[], &[], &assume("staff=20"));
        assert!(
            matches!(row(&v, Category::TrainingBackfill), RowState::NeedsInput { missing, .. } if missing == &["rate"])
        );
    }

    #[test]
    fn savings_and_figures_go_beside_the_costs() {
        let b = vec![
            claim(BenefitItem {
                domain: "workforce_time".into(),
                statement: "Saves 10 to 30 minutes per plan".into(),
            }),
            claim(BenefitItem {
                domain: "equity".into(),
                statement: "Wider access for rural patients".into(),
            }),
        ];
        let costs = vec![claim(text_cost(
            "NICE estimated cost saving of £214 per patient",
        ))];
        let v = cost_view(&costs, &[], &[], &b, &[], &CostAssumptions::default());
        assert_eq!(v.benefits.len(), 2);
        assert_eq!(v.benefits[0].kind, "Saving stated with the costs");
        assert!(
            v.rows.iter().all(|r| r.state == RowState::NotDocumented),
            "a saving is not a cost"
        );
        assert!(has_figure("86 hours in the first month"));
        assert!(has_figure("£9.1m"));
        assert!(!has_figure("Reduced waiting times"));
        assert!(!has_figure("MTG32 published 2017"));
        let programme = vec![claim(BenefitItem {
            domain: "equity".into(),
            statement: "6 weekly sessions of about 20 minutes".into(),
        })];
        let v = cost_view(&[], &[], &[], &programme, &[], &CostAssumptions::default());
        assert!(v.benefits.is_empty(), "session length is not time released");
    }

    #[test]
    fn the_largest_allowed_inputs_do_not_overflow() {
        let v = view(
            &["£999,999,999 per test"],
            &assume("units=1000000&years=10"),
        );
        assert!(v.total.low > 0);
        assert_eq!(v.year_totals.len(), 10);
    }
}
