//! A wrapper that lets a wide table scroll sideways on small screens while
//! staying reachable by keyboard (a focusable, labelled region).

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
