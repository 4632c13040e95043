//! The readiness check on a technology page: one line per requirement, with
//! what the source says, what the organisation said, met / gap / unknown, and
//! what closes each gap.

use super::{current_path, use_org_context};
use crate::{
    components::source_link,
    domain::{
        Area, OrgContext, Quote, ReadinessLine, RequirementSources, assess, organisation_href,
    },
};
use leptos::prelude::*;

/// The check for one technology against the page's context.
#[component]
pub fn ReadinessCheck(sources: RequirementSources, name: String) -> impl IntoView {
    let (ctx, _) = use_org_context();
    let readiness = assess(&sources, &ctx);
    let tally = readiness.tally();
    let form = organisation_href(&format!("{}#readiness", current_path()), &ctx);
    let caption = format!("Requirements of {name} checked against your organisation");
    view! {
        <Intro ctx=ctx.clone() form />
        <p class="app-readiness-summary" data-testid="readiness-summary">
            <strong>{tally.summary()}</strong>
            {(tally.unknown > 0).then_some(" Unknown means the catalogue does not document the requirement, or you have not answered the question it depends on: ask the supplier or an adopting site.")}
        </p>
        // The NHS.UK responsive table: on small screens each row stacks, every
        // cell labelled with its column (the explicit roles keep the table's
        // semantics when CSS makes rows blocks).
        <table class="nhsuk-table nhsuk-table--responsive app-readiness" role="table" data-testid="readiness-table">
            <caption class="nhsuk-table__caption">{caption}</caption>
            <thead class="nhsuk-table__head" role="rowgroup">
                <tr class="nhsuk-table__row" role="row">
                    {COLUMNS.iter().map(|c| view! { <th scope="col" role="columnheader" class="nhsuk-table__header">{*c}</th> }).collect_view()}
                </tr>
            </thead>
            {Area::ALL.into_iter().map(|area| {
                let lines: Vec<ReadinessLine> = readiness.area(area).into_iter().cloned().collect();
                view! {
                    <tbody class="nhsuk-table__body" role="rowgroup">
                        <tr class="nhsuk-table__row app-readiness__area" role="row">
                            <th scope="rowgroup" colspan="5" role="rowheader" class="nhsuk-table__header">{area.label()}</th>
                        </tr>
                        {lines.into_iter().map(|l| view! { <Line l /> }).collect_view()}
                    </tbody>
                }
            }).collect_view()}
        </table>
    }
}

/// What the check is based on, and the way to the form.
#[component]
fn Intro(ctx: OrgContext, form: String) -> impl IntoView {
    if ctx.is_empty() {
        view! {
            <div class="nhsuk-inset-text" data-testid="readiness-intro">
                <p>"Every requirement below is unknown until you tell us about your organisation: your IT, hosting policy, identity services, estates and workforce."</p>
                <p><a href=form>"Tell us about your organisation"</a></p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <p data-testid="readiness-intro">
                {format!("Checked against your organisation's details ({}). ", ctx.answered_summary())}
                <a href=form>"Change your organisation's details"</a>
            </p>
        }
        .into_any()
    }
}

/// The column headings, in order.
const COLUMNS: [&str; 5] = [
    "Requirement",
    "What the source says",
    "Your organisation",
    "Result",
    "What it takes",
];

#[component]
fn Line(l: ReadinessLine) -> impl IntoView {
    let evidence = if l.evidence.is_empty() {
        view! { <span class="app-not-recorded">"Applies by rule, or not documented"</span> }
            .into_any()
    } else {
        view! { <span>{l.evidence.into_iter().map(|q| view! { <Evidence q /> }).collect_view()}</span> }.into_any()
    };
    let action = if l.action.is_empty() {
        "–".to_owned()
    } else {
        l.action
    };
    view! {
        <tr class="nhsuk-table__row" role="row" data-status=l.status.label()>
            <th scope="row" role="rowheader" class="nhsuk-table__header app-readiness__requirement">{l.requirement}</th>
            <Cell column=1>{evidence}</Cell>
            <Cell column=2><span>{l.yours}</span></Cell>
            <Cell column=3><strong class=l.status.tag_class()>{l.status.label()}</strong></Cell>
            <Cell column=4><span>{action}</span></Cell>
        </tr>
    }
}

/// A cell with its column heading for the stacked small-screen layout.
#[component]
fn Cell(column: usize, children: Children) -> impl IntoView {
    view! {
        <td role="cell" class="nhsuk-table__cell">
            <span class="nhsuk-table__heading" aria-hidden="true">{COLUMNS[column]}</span>
            {children()}
        </td>
    }
}

#[component]
fn Evidence(q: Quote) -> impl IntoView {
    view! {
        <p class="app-readiness__quote">
            "“"{q.text}"”"
            <span class="app-provenance">
                " Source: "{source_link(q.source)}
                {(!q.verified).then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--grey">"Not yet verified"</strong> })}
            </span>
        </p>
    }
}
