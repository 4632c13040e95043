//! A member's "Suggest a correction" form, and the curators' queue and review
//! page (apply through the normal editor, or reject with a reason). A curator
//! is never offered their own suggestion to review.

use super::{SuggestionPanel, get_suggest_target, suggestion_queue, suggestion_review};
use crate::{
    accounts::use_form_echo,
    components::{
        Crumb, CsrfField, ErrorSummary, Loaded, PageMain, ScrollTable, TextArea, TextInput,
        error_title, long_date,
    },
    domain::{
        FormEcho,
        curation::{SuggestTarget, Suggestion, SuggestionState, suggest_href},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn home() -> Vec<Crumb> {
    vec![Crumb {
        label: "Home",
        href: "/",
    }]
}

fn queue_trail() -> Vec<Crumb> {
    vec![
        Crumb {
            label: "Home",
            href: "/",
        },
        Crumb {
            label: "Suggestions to review",
            href: "/curator/suggestions",
        },
    ]
}

/// `/suggest?block=…&claim=…` or `/suggest?block=…&technology=…`.
#[component]
pub fn SuggestPage() -> impl IntoView {
    let query = use_query_map();
    let key = move || {
        let q = query.read();
        (
            q.get("block").unwrap_or_default(),
            q.get("claim").and_then(|c| c.parse::<i64>().ok()),
            q.get("technology"),
        )
    };
    let data = Resource::new(key, |(block, claim, technology)| {
        get_suggest_target(block, claim, technology)
    });
    let echo = use_form_echo("suggest");
    view! {
        <PageMain trail=home()>
            <Loaded data let:t><Suggest t echo=echo.clone() /></Loaded>
        </PageMain>
    }
}

#[component]
fn Suggest(t: SuggestTarget, echo: FormEcho) -> impl IntoView {
    let (slug, name) = t.technology.clone();
    let title = error_title(
        &format!("Suggest a correction: {name}"),
        !echo.errors.is_empty(),
    );
    let block_label = t.block_label();
    let claim = t.record_id.map(|id| id.to_string()).unwrap_or_default();
    // Posted to the page's own address, so a refusal answers at the same URL.
    let action = suggest_href(&t.block, t.record_id, &slug);
    view! {
        <Title text=title />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors=echo.errors.clone() />
                <span class="nhsuk-caption-l"><a href=format!("/technologies/{slug}")>{name}</a></span>
                <h1>"Suggest a correction"</h1>
                <p>{format!("About: {block_label}")}</p>
                {match t.current.clone() {
                    Some(c) => view! { <p class="nhsuk-inset-text" data-testid="current-claim">{c}</p> }.into_any(),
                    None => view! { <p>"Tell us what is missing or wrong in this part of the page."</p> }.into_any(),
                }}
                <p>"A curator checks it against the source before anything changes. You can see what became of it on your account page."</p>
                <form method="post" action=action novalidate>
                    <CsrfField />
                    <input type="hidden" name="block" value=t.block.clone() />
                    <input type="hidden" name="claim" value=claim />
                    <input type="hidden" name="technology" value=slug.clone() />
                    <TextArea name="what_is_wrong" label="What is wrong or missing" value=echo.value("what_is_wrong") error=echo.error("what_is_wrong") />
                    <TextArea name="proposed" label="The text you propose" value=echo.value("proposed") error=echo.error("proposed") />
                    <TextInput name="source" label="Source address" value=echo.value("source") error=echo.error("source")
                        hint="Where a curator can check it, starting with https://" />
                    <button class="nhsuk-button" type="submit">"Send the suggestion"</button>
                </form>
            </div>
        </div>
    }
}

/// `/curator/suggestions`: what members and suppliers sent, oldest first.
#[component]
pub fn SuggestionQueuePage() -> impl IntoView {
    let data = Resource::new(|| (), |()| suggestion_queue());
    view! {
        <Title text="Suggestions to review" />
        <PageMain trail=home()>
            <h1>"Suggestions to review"</h1>
            <p>"Corrections from members and evidence from suppliers. Apply one through the editor (it is credited in the history), or say why not: the author sees your reason. Nobody reviews their own."</p>
            <Loaded data let:items><Queue items /></Loaded>
        </PageMain>
    }
}

#[component]
fn Queue(items: Vec<Suggestion>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p data-testid="no-suggestions">"There is nothing to review."</p> }
            .into_any();
    }
    view! {
        <ScrollTable label="Suggestions to review".to_owned()>
            <table class="nhsuk-table" data-testid="suggestion-queue">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">"Waiting, oldest first"</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"Sent"</th>
                        <th class="nhsuk-table__header" scope="col">"Technology"</th>
                        <th class="nhsuk-table__header" scope="col">"What"</th>
                        <th class="nhsuk-table__header" scope="col">"From"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {items.into_iter().map(|s| {
                        let (_, name) = s.technology.clone();
                        let what = format!("{}: {}", s.block_label(), s.proposed);
                        let from = if s.mine {
                            "You (another curator reviews it)".to_owned()
                        } else {
                            s.by.clone().unwrap_or_default()
                        };
                        view! {
                            <tr class="nhsuk-table__row">
                                <td class="nhsuk-table__cell">{long_date(s.suggested_at.date_naive())}</td>
                                <td class="nhsuk-table__cell">{name}</td>
                                <td class="nhsuk-table__cell"><a href=format!("/curator/suggestions/{}", s.id)>{what}</a></td>
                                <td class="nhsuk-table__cell">{from}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
    .into_any()
}

/// `/curator/suggestions/{id}`: apply or reject.
#[component]
pub fn SuggestionReviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, suggestion_review);
    let echo = use_form_echo("reject-suggestion");
    view! {
        <PageMain trail=queue_trail()>
            <Loaded data let:s><Review s echo=echo.clone() /></Loaded>
        </PageMain>
    }
}

#[component]
fn Review(s: Suggestion, echo: FormEcho) -> impl IntoView {
    let (slug, name) = s.technology.clone();
    let title = error_title(
        &format!("Review a suggestion: {name}"),
        !echo.errors.is_empty(),
    );
    let pending = s.state == SuggestionState::Pending;
    let mine = s.mine;
    let apply = s.apply_href();
    // Posted to the page's own address, so a refusal answers at the same URL.
    let reject = format!("/curator/suggestions/{}", s.id);
    let live = s.record_id.is_none() || s.current.is_some();
    let state = match (&s.state, &s.reject_reason) {
        (SuggestionState::Rejected, Some(r)) => format!("Not accepted: {r}"),
        (state, _) => state.label().to_owned(),
    };
    view! {
        <Title text=title />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors=echo.errors.clone() />
                <span class="nhsuk-caption-l"><a href=format!("/curator/technologies/{slug}")>{name}</a></span>
                <h1>"Review a suggestion"</h1>
                <p data-testid="suggestion-state">{state}</p>
                <SuggestionPanel s=s.clone() />
                {match (pending, mine) {
                    (false, _) => ().into_any(),
                    (true, true) => view! {
                        <p class="nhsuk-inset-text" data-testid="own-suggestion">"You made this suggestion, so another curator must review it."</p>
                    }.into_any(),
                    (true, false) => view! {
                        <h2>"Apply it"</h2>
                        {if live {
                            view! { <p><a href=apply>"Open the editor with this suggestion"</a>" and change the record as it says; saving records a revision credited to its author."</p> }.into_any()
                        } else {
                            view! { <p>"The claim it corrects has been withdrawn since, so it cannot be applied; say so below."</p> }.into_any()
                        }}
                        <h2>"Or say why not"</h2>
                        <form method="post" action=reject novalidate>
                            <CsrfField />
                            <TextArea name="reject_reason" label="Why it is not accepted (the author sees this)"
                                value=echo.value("reject_reason") error=echo.error("reject_reason") />
                            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Do not accept"</button>
                        </form>
                    }.into_any(),
                }}
            </div>
        </div>
    }
}
