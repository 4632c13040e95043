//! The catalogue's live filters (an island): with JavaScript, ticking a box,
//! choosing a radio or a new sort applies at once, as the form's Apply button
//! would. The navigation script sends the form (its `data-keep-focus` puts
//! focus back on the control used and reads out the new count), the server
//! answers with the canonical URL, and the new results replace the old in the
//! same document. Everything the island wraps is rendered on the server.

use leptos::prelude::*;

/// The filter form's id (the sort control outside it joins it by `form=`).
pub(super) const FORM_ID: &str = "catalogue-filters";

/// Wraps the filters and results; a `change` from one of the form's boxes,
/// radios or selects submits the form.
#[island]
pub fn LiveFilters(children: Children) -> impl IntoView {
    view! { <div class="nhsuk-grid-row" on:change=apply>{children()}</div> }
}

/// Submits the filter form after a change to one of its choice controls (a
/// typed search waits for Enter or the Search button).
fn apply(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::{wasm_bindgen::JsCast, web_sys};
        let Some(target) = ev.target() else { return };
        let form = if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
            matches!(input.type_().as_str(), "checkbox" | "radio")
                .then(|| input.form())
                .flatten()
        } else if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
            select.form()
        } else {
            None
        };
        if let Some(form) = form.filter(|f| f.id() == FORM_ID) {
            let _ = form.request_submit();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}
