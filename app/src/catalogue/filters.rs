//! The filter panel: a GET form with the search box and one flat fieldset of
//! checkboxes per facet, each option with the number of results it would give.

use super::live::FORM_ID;
use crate::domain::{CatalogueResults, Facet, FacetOption, MAX_QUERY_CHARS, organisation_href};
use leptos::prelude::*;

/// The form. With JavaScript, ticking a box or changing the sort applies at
/// once (`super::live`); `data-keep-focus` asks the navigation script to keep
/// focus on the control used.
#[component]
pub fn FilterPanel(results: CatalogueResults) -> impl IntoView {
    let active = results.query.active_filter_count();
    let q = results.query.q.clone().unwrap_or_default();
    let tray = results.query.compare.clone();
    let ctx = results.query.ctx.clone();
    let readiness = results.readiness.clone();
    let form_href = organisation_href(&results.query.href(), &ctx);
    let skip = match results.total {
        1 => "Skip to the result".to_owned(),
        n => format!("Skip to the {n} results"),
    };
    view! {
        // On small screens the filters come first: this jumps past them.
        <a class="app-skip-to-results" href="#results">{skip}</a>
        <form id=FORM_ID method="get" action="/technologies" class="app-filters" data-keep-focus>
            // The comparison tray rides along with every filter change.
            {tray.into_iter().map(|slug| view! { <input type="hidden" name="compare" value=slug /> }).collect_view()}
            {(!ctx.is_empty()).then(|| view! { <input type="hidden" name="ctx" value=ctx.encode() /> })}
            <div class="nhsuk-form-group">
                <label class="nhsuk-label nhsuk-label--s" for="q">"Search technologies"</label>
                <div class="nhsuk-hint" id="q-hint">"Name, supplier, clinical area, summary or NICE guidance. Word beginnings match: “derm” finds dermatology."</div>
                <input class="nhsuk-input" id="q" name="q" type="search" value=q.clone() prop:value=q
                    maxlength=MAX_QUERY_CHARS.to_string() aria-describedby="q-hint" autocomplete="off" />
            </div>
            <button class="nhsuk-button nhsuk-button--secondary app-search-button" id="search-button" type="submit">"Search"</button>
            <details class="app-filters__groups" open>
                <summary class="app-filters__toggle">
                    {if active == 0 { "Filters".to_owned() } else { format!("Filters ({active} selected)") }}
                </summary>
                <ReadinessGroup options=readiness form_href />
                {results.facets.into_iter().map(|f| view! { <FacetGroup facet=f /> }).collect_view()}
                <button class="nhsuk-button" id="apply-filters" type="submit" data-testid="apply-filters">"Apply filters"</button>
            </details>
        </form>
    }
}

/// Groups longer than this are shown in a disclosure, closed unless one of
/// their options is ticked (the legend stays reachable; opening shows every option).
const LONG_GROUP: usize = 12;

/// One facet as a fieldset of checkboxes; options with no results stay visible,
/// marked "(0)" and greyed.
#[component]
fn FacetGroup(facet: Facet) -> impl IntoView {
    if facet.options.len() > LONG_GROUP {
        let open = facet.options.iter().any(|o| o.selected);
        let summary = format!("{} ({} options)", facet.label, facet.options.len());
        return view! {
            <details class="nhsuk-details app-facet-details" open=open>
                <summary class="nhsuk-details__summary">
                    <span class="nhsuk-details__summary-text">{summary}</span>
                </summary>
                <div class="nhsuk-details__text"><FacetFieldset facet /></div>
            </details>
        }
        .into_any();
    }
    view! { <FacetFieldset facet /> }.into_any()
}

/// The fieldset itself.
#[component]
fn FacetFieldset(facet: Facet) -> impl IntoView {
    let key = facet.key.name();
    view! {
        <fieldset class="nhsuk-fieldset app-facet" data-facet=key>
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{facet.label}</legend>
            <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                {facet.options.into_iter().map(|o| {
                    let id = format!("f-{key}-{}", o.value);
                    let class = option_label_class(&o, "checkboxes");
                    view! {
                        <div class="nhsuk-checkboxes__item">
                            <input class="nhsuk-checkboxes__input" id=id.clone() name=key
                                type="checkbox" value=o.value checked=o.selected />
                            <label class=class for=id>
                                {o.label}
                                " "
                                <span class="app-facet__count">{format!("({})", o.count)}</span>
                            </label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// "Readiness for your organisation": radios with counts once the organisation's
/// details are given; before that, the way to give them.
#[component]
fn ReadinessGroup(options: Vec<FacetOption>, form_href: String) -> impl IntoView {
    if options.is_empty() {
        return view! {
            <div class="app-facet" data-facet="ready">
                <p class="nhsuk-body-s"><strong>"Readiness for your organisation"</strong><br />
                    <a href=form_href>"Tell us about your organisation"</a>
                    " to filter by what you could adopt with the IT, estates and workforce you have."
                </p>
            </div>
        }
        .into_any();
    }
    let none_selected = options.iter().all(|o| !o.selected);
    view! {
        <fieldset class="nhsuk-fieldset app-facet" data-facet="ready">
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Readiness for your organisation"</legend>
            <div class="nhsuk-hint nhsuk-body-s"><a href=form_href>"Change your organisation's details"</a></div>
            <div class="nhsuk-radios nhsuk-radios--small">
                <div class="nhsuk-radios__item">
                    <input class="nhsuk-radios__input" id="f-ready-any" name="ready" type="radio" value=""
                        checked=none_selected />
                    <label class="nhsuk-label nhsuk-radios__label" for="f-ready-any">"Any"</label>
                </div>
                {options.into_iter().map(|o| {
                    let id = format!("f-ready-{}", o.value);
                    let class = option_label_class(&o, "radios");
                    view! {
                        <div class="nhsuk-radios__item">
                            <input class="nhsuk-radios__input" id=id.clone() name="ready" type="radio" value=o.value
                                checked=o.selected />
                            <label class=class for=id>
                                {o.label}" "<span class="app-facet__count">{format!("({})", o.count)}</span>
                            </label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
    .into_any()
}

/// An option's label classes (`control`: `checkboxes` or `radios`), greyed when
/// it would give no results and is not selected.
fn option_label_class(o: &FacetOption, control: &str) -> String {
    let zero = if o.count == 0 && !o.selected {
        " app-facet__label--zero"
    } else {
        ""
    };
    format!("nhsuk-label nhsuk-{control}__label{zero}")
}
