//! The 5-year cost view on a technology page: the assumptions form (a GET
//! form, values kept in the URL), the year-by-year table with what each row
//! rests on, and the stated time or money benefits beside it.

use super::use_org_context;
use crate::{
    components::{ScrollTable, TextInput, source_link},
    domain::{
        ASSUMPTIONS, BenefitFigure, BenefitItem, Category, Claim, CostAssumptions, CostItem,
        CostRow, CostView, FieldError, PilotItem, RowState, WorkforceItem, cost_view, form_pairs,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The page's cost assumptions, the errors in them, and the values as typed.
pub fn use_cost_assumptions() -> (CostAssumptions, Vec<FieldError>, Vec<(String, String)>) {
    let pairs = form_pairs(&use_location().search.get_untracked());
    let (a, errors) = CostAssumptions::from_pairs(&pairs);
    (a, errors, pairs)
}

/// The cost claims as a 5-year view.
#[component]
pub fn CostSection(
    slug: String,
    name: String,
    costs: Vec<Claim<CostItem>>,
    savings: Vec<Claim<String>>,
    workforce: Vec<Claim<WorkforceItem>>,
    benefits: Vec<Claim<BenefitItem>>,
    pilots: Vec<Claim<PilotItem>>,
) -> impl IntoView {
    let (assumptions, errors, typed) = use_cost_assumptions();
    let (ctx, _) = use_org_context();
    let view_data = cost_view(
        &costs,
        &savings,
        &workforce,
        &benefits,
        &pilots,
        &assumptions,
    );
    let value = |key: &str| {
        typed
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let error = |key: &str| {
        errors
            .iter()
            .find(|e| e.field == key)
            .map(|e| e.message.clone())
    };
    let missing: Vec<&str> = view_data
        .rows
        .iter()
        .filter(|r| r.state == RowState::NotDocumented)
        .map(|r| r.category.label())
        .collect();
    view! {
        <h3 id="five-year-cost">{format!("Cost over {} years", view_data.years)}</h3>
        <p>"Worked out only from the costs stated above and your assumptions. A cost the sources do not state is shown as “Not documented” and left out of the total: it is never estimated."</p>
        <form method="get" action=format!("/technologies/{slug}#five-year-cost") novalidate class="app-cost-form" data-testid="cost-form">
            {(!ctx.is_empty()).then(|| view! { <input type="hidden" name="ctx" value=ctx.encode() /> })}
            <div class="app-cost-form__fields">
                {ASSUMPTIONS.iter().map(|(key, label, hint, ..)| view! {
                    <TextInput name=*key label=*label hint=*hint value=value(key) error=error(key) width="nhsuk-input--width-10" />
                }).collect_view()}
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Work out the costs"</button>
        </form>
        <p class="app-cost-total" data-testid="cost-total">
            <strong>{format!("Total over {} years: {}. ", view_data.years, view_data.total.text())}</strong>
            <strong class="nhsuk-tag nhsuk-tag--orange">{view_data.total_label()}</strong>
        </p>
        {(!missing.is_empty()).then(|| view! {
            <p data-testid="cost-missing">{format!("Not documented, so not in the total: {}.", missing.join(", ").to_lowercase())}</p>
        })}
        <CostTable v=view_data.clone() name />
        {(!view_data.set_aside.is_empty()).then(|| view! {
            <h3>"Stated with the costs, never in a total"</h3>
            <ul class="nhsuk-list nhsuk-list--bullet" data-testid="cost-set-aside">
                {view_data.set_aside.iter().cloned().map(|(label, s)| view! {
                    <li><strong>{label}": "</strong><Sources r=vec![s] /></li>
                }).collect_view()}
            </ul>
        })}
        <h3>"Time released and savings stated"</h3>
        <Benefits figures=view_data.benefits />
    }
}

#[component]
fn CostTable(v: CostView, name: String) -> impl IntoView {
    let years = v.years as usize;
    let caption = format!("{name}: costs by year, in pounds as stated in the sources");
    let (one_off, recurring): (Vec<CostRow>, Vec<CostRow>) =
        v.rows.iter().cloned().partition(|r| r.category.one_off());
    let group = move |title: &'static str, rows: Vec<CostRow>| {
        view! {
            <tbody class="nhsuk-table__body">
                <tr class="nhsuk-table__row app-matrix__group">
                    <th scope="rowgroup" colspan=(years + 3).to_string() class="nhsuk-table__header">{title}</th>
                </tr>
                {rows.into_iter().map(|r| view! { <Row r years /> }).collect_view()}
            </tbody>
        }
    };
    view! {
        <ScrollTable label=caption.clone()>
            <table class="nhsuk-table app-cost-table" data-testid="cost-table">
                <caption class="nhsuk-table__caption">{caption}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th scope="col" class="nhsuk-table__header">"Cost"</th>
                        {(1..=years).map(|y| view! { <th scope="col" class="nhsuk-table__header app-num">{format!("Year {y}")}</th> }).collect_view()}
                        <th scope="col" class="nhsuk-table__header app-num">"Total"</th>
                        <th scope="col" class="nhsuk-table__header">"Basis and source"</th>
                    </tr>
                </thead>
                {group("One-off costs", one_off)}
                {group("Recurring costs", recurring)}
                <tfoot>
                    <tr class="nhsuk-table__row app-cost-table__total">
                        <th scope="row" class="nhsuk-table__header">"Total of what is documented"</th>
                        {v.year_totals.iter().map(|m| view! { <td class="nhsuk-table__cell app-num">{m.text()}</td> }).collect_view()}
                        <td class="nhsuk-table__cell app-num">{v.total.text()}</td>
                        <td class="nhsuk-table__cell">{v.total_label()}</td>
                    </tr>
                </tfoot>
            </table>
        </ScrollTable>
    }
}

#[component]
fn Row(r: CostRow, years: usize) -> impl IntoView {
    let span = (years + 1).to_string();
    let label = r.category.label();
    let cells = match r.state {
        RowState::Calculated { years: ys, basis } => {
            let total = ys.iter().fold(crate::domain::Money::default(), |acc, m| {
                crate::domain::Money {
                    low: acc.low.saturating_add(m.low),
                    high: acc.high.saturating_add(m.high),
                }
            });
            view! {
                {ys.into_iter().map(|m| view! { <td class="nhsuk-table__cell app-num">{m.text()}</td> }).collect_view()}
                <td class="nhsuk-table__cell app-num">{total.text()}</td>
                <td class="nhsuk-table__cell">{basis}<Sources r=r.sources /></td>
            }
            .into_any()
        }
        RowState::NeedsInput { missing, basis } => {
            let names: Vec<&str> = missing
                .iter()
                .filter_map(|m| ASSUMPTIONS.iter().find(|a| a.0 == m).map(|a| a.1))
                .collect();
            view! {
                <td class="nhsuk-table__cell" colspan=span>{format!("Enter {} above to work this out", names.join(" and ").to_lowercase())}</td>
                <td class="nhsuk-table__cell">{basis}<Sources r=r.sources /></td>
            }
            .into_any()
        }
        RowState::NotTotalled(why) => view! {
            <td class="nhsuk-table__cell" colspan=span>{format!("Stated, not totalled: {why}")}</td>
            <td class="nhsuk-table__cell"><Sources r=r.sources /></td>
        }
        .into_any(),
        RowState::NotDocumented => view! {
            <td class="nhsuk-table__cell app-not-recorded" colspan=span>"Not documented"</td>
            <td class="nhsuk-table__cell app-not-recorded">{not_documented_hint(r.category)}</td>
        }
        .into_any(),
    };
    view! {
        <tr class="nhsuk-table__row">
            <th scope="row" class="nhsuk-table__header">{label}</th>
            {cells}
        </tr>
    }
}

/// What to ask for when a category is not documented.
fn not_documented_hint(c: Category) -> &'static str {
    match c {
        Category::TrainingBackfill => {
            "Training hours are not documented, so backfill cannot be worked out"
        }
        _ => "Ask the supplier or an adopting site",
    }
}

#[component]
fn Sources(r: Vec<crate::domain::CostSource>) -> impl IntoView {
    r.into_iter()
        .map(|s| {
            view! {
                <span class="app-provenance">
                    " “"{s.text}"” "
                    {s.detail.map(|d| view! { <span class="app-cost-facts">"("{d}") "</span> })}
                    "Source: "{source_link(s.source)}
                    {(!s.verified).then_some(" (not yet verified)")}
                </span>
            }
        })
        .collect_view()
}

#[component]
fn Benefits(figures: Vec<BenefitFigure>) -> impl IntoView {
    if figures.is_empty() {
        return view! {
            <p data-testid="benefit-figures">"No figures for time released or savings are documented for this technology."</p>
        }
        .into_any();
    }
    view! {
        <p>"As stated in the sources, beside the costs and not netted against them: they come from different places, populations and years."</p>
        <ul class="nhsuk-list nhsuk-list--bullet" data-testid="benefit-figures">
            {figures.into_iter().map(|f| view! {
                <li>
                    <strong>{f.kind}": "</strong>{f.text}
                    {f.independent.map(|i| format!(" Independent evaluation: {i}."))}
                    <span class="app-provenance">" Source: "{source_link(f.source)}{(!f.verified).then_some(" (not yet verified)")}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
