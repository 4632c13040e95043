//! A wrapper that lets a wide table scroll sideways on small screens while
//! staying reachable by keyboard (a focusable, labelled region), and the other
//! small shared boxes of a page.

use leptos::prelude::*;

/// Wraps one table; `label` names the region (usually the table's caption).
#[component]
pub fn ScrollTable(label: String, children: Children) -> impl IntoView {
    view! {
        <div class="app-table-scroll" role="region" aria-label=label tabindex="0">
            {children()}
        </div>
    }
}

/// "Not recorded", in secondary text, for a field a record leaves empty.
#[component]
pub fn OrNotRecorded(value: Option<String>) -> impl IntoView {
    match value {
        Some(v) => v.into_any(),
        None => view! { <span class="app-not-recorded">"Not recorded"</span> }.into_any(),
    }
}

/// Plain notices about the page's link (dropped filters, unreadable details):
/// an inset box, or nothing when there are none.
#[component]
pub fn Notices(
    /// The messages, one paragraph each.
    messages: Vec<String>,
    /// `data-testid` of the box.
    testid: &'static str,
) -> impl IntoView {
    (!messages.is_empty()).then(|| {
        view! {
            <div class="nhsuk-inset-text app-notices" data-testid=testid>
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                {messages.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
            </div>
        }
    })
}
