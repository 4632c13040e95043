//! The results column: summary, filter chips, sort, the list, the empty state,
//! pagination and the export links. Every link is built from the query.

use super::live::FORM_ID;
use crate::{
    components::{FreshnessBadge, Highlighted, VerifiedValue},
    domain::{
        AlsoSearched, CatalogueQuery, CatalogueResults, MAX_COMPARE, NiceGuidanceType, Sort,
        TechnologySummary, page_links, search_terms,
    },
};
use leptos::prelude::*;

/// The sort select; it belongs to the filter form (`form=`), so a sort change
/// keeps the filters and the filters keep the sort.
#[component]
pub fn SortControl(query: CatalogueQuery) -> impl IntoView {
    view! {
        <div class="nhsuk-form-group app-sort">
            <label class="nhsuk-label" for="sort">"Sort by"</label>
            <select class="nhsuk-select" id="sort" name="sort" form=FORM_ID>
                {Sort::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=query.sort == s>{s.label()}</option>
                }).collect_view()}
            </select>
            " "
            <button class="nhsuk-button nhsuk-button--secondary app-sort__apply" type="submit" form=FORM_ID>"Sort"</button>
        </div>
    }
}

/// Summary, chips, list or empty state, pagination and exports.
#[component]
pub fn ResultsColumn(results: CatalogueResults) -> impl IntoView {
    let chips = results.chips();
    let mut terms = results
        .query
        .q
        .as_deref()
        .map(search_terms)
        .unwrap_or_default();
    for also in &results.also_searched {
        terms.extend(search_terms(&also.searched));
    }
    let also = also_searched(&results.also_searched);
    let query = results.query.clone();
    let export = query.to_query_string();
    let export = |ext: &str| {
        if export.is_empty() {
            format!("/technologies/export.{ext}")
        } else {
            format!("/technologies/export.{ext}?{export}")
        }
    };
    view! {
        <CompareTray results=results.clone() />
        <p class="app-results-summary" id="results" tabindex="-1" data-testid="result-summary" data-announce>{results.summary()}</p>
        {also.map(|text| view! { <p class="app-also-searched" data-testid="also-searched">{text}</p> })}
        {(!chips.is_empty()).then(|| view! {
            <div class="app-chips" data-testid="chips">
                <h2 class="nhsuk-u-visually-hidden">"Active filters"</h2>
                <ul class="app-chips__list">
                    {chips.into_iter().map(|c| view! {
                        <li><a class="app-chip" href=c.href>
                            <span class="nhsuk-u-visually-hidden">"Remove filter "</span>{c.label}
                            <span aria-hidden="true">" ×"</span>
                        </a></li>
                    }).collect_view()}
                </ul>
                <a class="app-chips__clear" href=query.cleared().href()>"Clear all"</a>
            </div>
        })}
        {if results.items.is_empty() {
            view! { <EmptyState results=results.clone() /> }.into_any()
        } else {
            view! {
                <ul class="nhsuk-list app-technology-list" data-testid="results">
                    {results.items.iter().cloned().map(|t| view! { <ResultCard t terms=terms.clone() query=query.clone() /> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Pagination query=query page=results.page pages=results.pages />
        <p class="app-export">
            "Download this view (all pages): "
            <a href=export("csv") download rel="external">"CSV"</a>
            " or "
            <a href=export("json") download rel="external">"JSON"</a>
            "."
        </p>
    }
}

/// The comparison tray: what is picked, with remove links and "Compare now".
#[component]
fn CompareTray(results: CatalogueResults) -> impl IntoView {
    let query = results.query;
    (!results.tray.is_empty()).then(|| {
        let n = results.tray.len();
        view! {
            <div class="app-tray" data-testid="compare-tray" role="region" aria-labelledby="tray-heading">
                <h2 class="nhsuk-heading-s" id="tray-heading">{format!("Comparison ({n} of {MAX_COMPARE} chosen)")}</h2>
                <ul class="nhsuk-list app-tray__list">
                    {results.tray.iter().map(|c| view! {
                        <li>
                            <a href=query.carry_compare(&c.slug.href())>{c.name.clone()}</a>
                            " "
                            <a class="app-tray__remove" href=query.without_compare(c.slug.as_str()).href()>
                                "Remove"<span class="nhsuk-u-visually-hidden">{format!(" {} from the comparison", c.name)}</span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
                {if n >= 2 {
                    view! { <a class="nhsuk-button app-tray__go" href=query.comparison().href()>"Compare now"</a> }.into_any()
                } else {
                    view! { <p>"Add at least one more technology to compare."</p> }.into_any()
                }}
            </div>
        }
    })
}

/// One technology in the list, with search matches marked.
#[component]
fn ResultCard(t: TechnologySummary, terms: Vec<String>, query: CatalogueQuery) -> impl IntoView {
    let slug = t.slug.as_str().to_owned();
    let picked = query.compare.contains(&slug);
    let name = t.name.clone();
    let compare = if picked {
        view! {
            <p class="app-card-compare">
                <strong>"In the comparison"</strong>" "
                <a href=query.without_compare(&slug).href()>"Remove"<span class="nhsuk-u-visually-hidden">{format!(" {name} from the comparison")}</span></a>
            </p>
        }
        .into_any()
    } else {
        view! {
            <p class="app-card-compare">
                <a href=query.add_compare_href(&slug)>"Add to comparison"<span class="nhsuk-u-visually-hidden">{format!(": {name}")}</span></a>
            </p>
        }
        .into_any()
    };
    let page = query.carry_compare(&t.slug.href());
    let care = if t.care_settings.is_empty() {
        "Not yet documented".to_owned()
    } else {
        t.care_settings.join("; ")
    };
    view! {
        <li class="nhsuk-card">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading nhsuk-heading-m">
                    <a class="nhsuk-card__link" href=page>
                        <Highlighted text=t.name terms=terms.clone() />
                    </a>
                </h2>
                <p class="nhsuk-card__description">
                    <VerifiedValue field=t.summary terms=terms.clone() />
                </p>
                <dl class="app-facts">
                    <div><dt>"Supplier"</dt><dd><VerifiedValue field=t.supplier terms=terms.clone() /></dd></div>
                    <div><dt>"Clinical area"</dt><dd><VerifiedValue field=t.clinical_area terms /></dd></div>
                    <div><dt>"Type"</dt><dd>{t.technology_type}</dd></div>
                    <div><dt>"Care settings"</dt><dd>{care}</dd></div>
                    <div><dt>"NICE"</dt><dd>{nice_text(&t.nice_types)}</dd></div>
                    <div><dt>"NHS deployments"</dt><dd>{t.deployment_count.to_string()}</dd></div>
                    <div><dt>"Documented"</dt><dd>{t.completeness.summary()} " " <FreshnessBadge freshness=t.freshness /></dd></div>
                    {t.readiness.map(|r| view! {
                        <div data-testid="card-readiness"><dt>"Readiness for you"</dt><dd>{r.summary()}</dd></div>
                    })}
                </dl>
                {compare}
            </div>
        </li>
    }
}

/// "MTG (Medical technologies guidance), HTE (…)" or a plain "none recorded".
fn nice_text(types: &[NiceGuidanceType]) -> String {
    if types.is_empty() {
        "No NICE guidance recorded".to_owned()
    } else {
        types
            .iter()
            .map(|t| format!("{} ({})", t.code(), t.label()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// "Also searched for “dermatology” (close to “dermatolgy”) and “atrial
/// fibrillation” (what “af” stands for)."
fn also_searched(also: &[AlsoSearched]) -> Option<String> {
    let parts: Vec<String> = also
        .iter()
        .map(|a| {
            if a.spelling {
                format!("“{}” (close to “{}”)", a.searched, a.typed)
            } else if a.searched.chars().all(|c| !c.is_lowercase()) {
                format!("“{}” (short for “{}”)", a.searched, a.typed)
            } else {
                format!(
                    "“{}” (what “{}” stands for)",
                    a.searched,
                    a.typed.to_uppercase()
                )
            }
        })
        .collect();
    match parts.as_slice() {
        [] => None,
        [one] => Some(format!("Also searched for {one}.")),
        [init @ .., last] => Some(format!("Also searched for {} and {last}.", init.join(", "))),
    }
}

/// Nothing matches: say which filter to remove, with what it would give.
#[component]
fn EmptyState(results: CatalogueResults) -> impl IntoView {
    let suggestions = results.suggestions;
    view! {
        <div class="app-empty" data-testid="empty-state">
            <h2 class="nhsuk-heading-m">"No technologies match all of these filters"</h2>
            {if suggestions.is_empty() {
                view! { <p>"Try fewer filters, or " <a href="/technologies">"clear all filters"</a> "."</p> }.into_any()
            } else {
                view! {
                    <p>"Try removing one of these:"</p>
                    <ul class="nhsuk-list nhsuk-list--bullet">
                        {suggestions.into_iter().map(|s| {
                            let noun = if s.count == 1 { "technology" } else { "technologies" };
                            view! {
                                <li><a href=s.href>{format!("Remove {}", s.label)}</a>
                                    {format!(" ({} {noun})", s.count)}</li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

/// Previous, numbered pages and next (NHS.UK numbered pagination).
#[component]
fn Pagination(query: CatalogueQuery, page: u32, pages: u32) -> impl IntoView {
    (pages > 1).then(|| {
        let link = move |n: u32| query.on_page(n).href();
        view! {
            <nav class="nhsuk-pagination nhsuk-pagination--numbered" role="navigation" aria-label="Pagination">
                {(page > 1).then(|| view! {
                    <a href=link(page - 1) class="nhsuk-pagination__previous" rel="prev">
                        <span class="nhsuk-pagination__title">"Previous"<span class="nhsuk-u-visually-hidden">" page"</span></span>
                    </a>
                })}
                <ul class="nhsuk-pagination__list">
                    {page_links(page, pages).into_iter().map(|n| match n {
                        Some(n) if n == page => view! {
                            <li class="nhsuk-pagination__item nhsuk-pagination__item--current">
                                <a class="nhsuk-pagination__link" href=link(n) aria-label=format!("Page {n}") aria-current="page">{n.to_string()}</a>
                            </li>
                        }.into_any(),
                        Some(n) => view! {
                            <li class="nhsuk-pagination__item">
                                <a class="nhsuk-pagination__link" href=link(n) aria-label=format!("Page {n}")>{n.to_string()}</a>
                            </li>
                        }.into_any(),
                        None => view! { <li class="nhsuk-pagination__item nhsuk-pagination__item--ellipsis">"⋯"</li> }.into_any(),
                    }).collect_view()}
                </ul>
                {(page < pages).then(|| view! {
                    <a href=link(page + 1) class="nhsuk-pagination__next" rel="next">
                        <span class="nhsuk-pagination__title">"Next"<span class="nhsuk-u-visually-hidden">" page"</span></span>
                    </a>
                })}
            </nav>
        }
    })
}
