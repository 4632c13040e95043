//! The readiness check on a technology page: one line per requirement, with
//! what the source says, what the organisation said, met / gap / unknown, and
//! what closes each gap.

use super::{current_path, use_org_context};
use crate::{
    components::{ScrollTable, source_link},
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
        <ScrollTable label=caption.clone()>
            <table class="nhsuk-table app-readiness" data-testid="readiness-table">
                <caption class="nhsuk-table__caption">{caption}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th scope="col" class="nhsuk-table__header">"Requirement"</th>
                        <th scope="col" class="nhsuk-table__header">"What the source says"</th>
                        <th scope="col" class="nhsuk-table__header">"Your organisation"</th>
                        <th scope="col" class="nhsuk-table__header">"Result"</th>
                        <th scope="col" class="nhsuk-table__header">"What it takes"</th>
                    </tr>
                </thead>
                {Area::ALL.into_iter().map(|area| {
                    let lines: Vec<ReadinessLine> = readiness.area(area).into_iter().cloned().collect();
                    view! {
                        <tbody class="nhsuk-table__body">
                            <tr class="nhsuk-table__row app-matrix__group">
                                <th scope="rowgroup" colspan="5" class="nhsuk-table__header">{area.label()}</th>
                            </tr>
                            {lines.into_iter().map(|l| view! { <Line l /> }).collect_view()}
                        </tbody>
                    }
                }).collect_view()}
            </table>
        </ScrollTable>
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
                {format!("Checked against your organisation's details ({} of 14 questions answered). ", ctx.answered())}
                <a href=form>"Change your organisation's details"</a>
            </p>
        }
        .into_any()
    }
}

#[component]
fn Line(l: ReadinessLine) -> impl IntoView {
    view! {
        <tr class="nhsuk-table__row" data-status=l.status.label()>
            <th scope="row" class="nhsuk-table__header app-readiness__requirement">{l.requirement}</th>
            <td class="nhsuk-table__cell">
                {if l.evidence.is_empty() {
                    view! { <span class="app-not-recorded">"Applies by rule, or not documented"</span> }.into_any()
                } else {
                    l.evidence.into_iter().map(|q| view! { <Evidence q /> }).collect_view().into_any()
                }}
            </td>
            <td class="nhsuk-table__cell">{l.yours}</td>
            <td class="nhsuk-table__cell"><strong class=l.status.tag_class()>{l.status.label()}</strong></td>
            <td class="nhsuk-table__cell">{l.action}</td>
        </tr>
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
