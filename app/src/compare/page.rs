//! `/compare`: the comparison page. Fewer than two technologies gives a page that
//! explains how to build a comparison, with suggestions to add.

use super::{compare_technologies, matrix::Matrix};
use crate::{
    components::{Crumb, Loaded, Notices, PageMain},
    domain::{CompareNotice, CompareQuery, Comparison, MAX_COMPARE},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// `/compare`.
#[component]
pub fn ComparePage() -> impl IntoView {
    let location = use_location();
    let parsed = Memo::new(move |_| CompareQuery::parse_query_string(&location.search.get()));
    let comparison = Resource::new(move || parsed.get().0, compare_technologies);
    view! {
        <Title text="Compare technologies" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }, Crumb { label: "Find technologies", href: "/technologies" }]>
            <Loaded data=comparison loading="Loading the comparison…" let:c>
                <CompareView c notices=parsed.get_untracked().1 />
            </Loaded>
        </PageMain>
    }
}

/// The matrix, or the guide when there is not enough to compare.
#[component]
fn CompareView(c: Comparison, mut notices: Vec<CompareNotice>) -> impl IntoView {
    // One "not found" line: malformed slugs (from the parser) and unknown ones
    // (from the catalogue).
    let mut missing: Vec<String> = notices
        .iter()
        .filter_map(|n| match n {
            CompareNotice::NotFound(slugs) => Some(slugs.clone()),
            CompareNotice::TooMany(_) | CompareNotice::Context(_) => None,
        })
        .flatten()
        .collect();
    missing.extend(c.not_found.iter().cloned());
    notices.retain(|n| !matches!(n, CompareNotice::NotFound(_)));
    if !missing.is_empty() {
        notices.insert(0, CompareNotice::NotFound(missing));
    }
    let notices = view! {
        <Notices messages=notices.iter().map(|n| n.message()).collect() testid="compare-notices" />
    };
    if c.columns.len() < 2 {
        return view! {
            <h1>"Compare technologies"</h1>
            {notices}
            <BuildGuide c />
        }
        .into_any();
    }
    let names: Vec<String> = c.columns.iter().map(|col| col.name.clone()).collect();
    view! {
        <h1 class="nhsuk-heading-l app-print-title">{format!("Comparison: {}", names.join(", "))}</h1>
        {notices}
        <Matrix c />
    }
    .into_any()
}

/// How to build a comparison, what is chosen so far, and suggestions to add.
#[component]
fn BuildGuide(c: Comparison) -> impl IntoView {
    let query = c.query.clone();
    view! {
        <div data-testid="compare-guide">
            <p>{format!("Choose 2 to {MAX_COMPARE} technologies to see them side by side: benefits, costs, regulatory essentials, workforce, IT, estates, adoption and evidence.")}</p>
            <p>"In the " <a href=query.catalogue_href()>"list of technologies"</a>
               ", use “Add to comparison” on each one you want, then “Compare now”."</p>
            {c.columns.first().map(|col| view! {
                <p>"Chosen so far: " <a href=col.slug.href()>{col.name.clone()}</a> "."</p>
            })}
            {(!c.suggestions.is_empty()).then(|| view! {
                <h2 class="nhsuk-heading-m">"Suggestions"</h2>
                <ul class="nhsuk-list nhsuk-list--bullet" data-testid="compare-suggestions">
                    {c.suggestions.iter().map(|s| view! {
                        <li>
                            <a href=s.slug.href()>{s.name.clone()}</a>
                            " – "
                            <a href=query.with(s.slug.as_str()).href()>
                                "Add to comparison"<span class="nhsuk-u-visually-hidden">{format!(": {}", s.name)}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
