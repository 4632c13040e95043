//! How a suggestion reads: the panel a curator sees beside the editor that
//! applies it, and the author's list with each one's state and, when it was
//! not accepted, the curator's reason.

use super::get_my_suggestions;
use crate::{
    components::{Loaded, ScrollTable, long_date},
    domain::curation::{Suggestion, SuggestionKind, SuggestionState, block},
};
use leptos::prelude::*;

/// A suggestion in full; `error` when applying it was refused.
#[component]
pub fn SuggestionPanel(
    s: Suggestion,
    #[prop(default = None)] error: Option<String>,
) -> impl IntoView {
    let when = s.suggested_at.format("%-d %B %Y").to_string();
    let by = s.by.clone().map(|b| format!(" by {b}")).unwrap_or_default();
    let labels = block(&s.block).map(|spec| spec.fields);
    let fields: Vec<(String, String)> = s
        .fields
        .iter()
        .map(|(k, v)| {
            let label = labels
                .and_then(|fs| fs.iter().find(|f| f.name == k))
                .map_or(k.clone(), |f| f.label.to_owned());
            (label, v.clone())
        })
        .collect();
    let class = if error.is_some() {
        "nhsuk-inset-text app-suggestion nhsuk-form-group--error"
    } else {
        "nhsuk-inset-text app-suggestion"
    };
    view! {
        <div class=class id="field-suggestion" data-testid="suggestion">
            <h2 class="nhsuk-heading-s">{format!("{} ({})", s.kind.label(), s.block_label())}</h2>
            {error.map(|e| view! { <p class="nhsuk-error-message"><span class="nhsuk-u-visually-hidden">"Error: "</span>{e}</p> })}
            <p class="nhsuk-body-s">{format!("Sent on {when}{by}")}</p>
            {s.current.clone().map(|c| view! { <p><strong>"The claim now: "</strong>{c}</p> })}
            {s.what_is_wrong.clone().map(|w| view! { <p><strong>"What is wrong: "</strong>{w}</p> })}
            <p><strong>{if s.kind == SuggestionKind::Correction { "Proposed text: " } else { "The supplier's summary: " }}</strong>{s.proposed.clone()}</p>
            {(!fields.is_empty()).then(|| view! {
                <dl class="nhsuk-summary-list">
                    {fields.into_iter().map(|(label, value)| view! {
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">{label}</dt>
                            <dd class="nhsuk-summary-list__value">{value}</dd>
                        </div>
                    }).collect_view()}
                </dl>
            })}
            <p><strong>"Source: "</strong><a href=s.source.clone() rel="noopener noreferrer">{s.source.clone()}</a></p>
        </div>
    }
}

/// What became of it, in words.
fn outcome(s: &Suggestion) -> String {
    let on = s
        .reviewed_at
        .map(|d| format!(" on {}", long_date(d.date_naive())))
        .unwrap_or_default();
    match (s.state, &s.reject_reason) {
        (SuggestionState::Rejected, Some(r)) => format!("Not accepted{on}. Reason: {r}"),
        (SuggestionState::Accepted, _) => format!("Accepted{on}: the catalogue was changed"),
        (state, _) => state.label().to_owned(),
    }
}

/// The author's suggestions, newest first.
#[component]
pub fn SuggestionTable(items: Vec<Suggestion>, caption: &'static str) -> impl IntoView {
    if items.is_empty() {
        return view! { <p>"None yet."</p> }.into_any();
    }
    view! {
        <ScrollTable label=caption.to_owned()>
            <table class="nhsuk-table" data-testid="my-suggestions">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"Sent"</th>
                        <th class="nhsuk-table__header" scope="col">"Technology"</th>
                        <th class="nhsuk-table__header" scope="col">"What"</th>
                        <th class="nhsuk-table__header" scope="col">"What became of it"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {items.into_iter().map(|s| {
                        let (slug, name) = s.technology.clone();
                        let text = outcome(&s);
                        view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{long_date(s.suggested_at.date_naive())}</td>
                                <td class="nhsuk-table__cell"><a href=format!("/technologies/{slug}")>{name}</a></td>
                                <td class="nhsuk-table__cell">{format!("{}: {}", s.block_label(), s.proposed)}</td>
                                <td class="nhsuk-table__cell" data-state=format!("{:?}", s.state)>{text}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
    .into_any()
}

/// The signed-in member's corrections, on their account page.
#[component]
pub fn MySuggestions() -> impl IntoView {
    let data = Resource::new(|| (), |()| get_my_suggestions());
    view! {
        <h2 id="suggestions">"Your suggested corrections"</h2>
        <Loaded data let:items>
            <SuggestionTable items caption="Corrections you suggested, newest first" />
        </Loaded>
    }
}
