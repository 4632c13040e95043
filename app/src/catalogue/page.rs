//! `/technologies`: the filterable catalogue. The URL is the state: the page
//! parses it into a [`CatalogueQuery`], asks the server for that view, and every
//! control leads to another URL. Without JavaScript the filters are a GET form;
//! with it, the same form navigates in place (address bar, Back and Forward
//! included), focus stays on the control used, and the new count is announced.

use super::{
    filters::FilterPanel,
    results::{ResultsColumn, SortControl},
    search_catalogue,
};
use crate::{
    components::{Crumb, Loaded, Notices, PageMain, focus_element},
    domain::{CatalogueQuery, CatalogueResults, QueryNotice},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// The filter form's id (the sort control outside it joins it by `form=`).
pub(super) const FORM_ID: &str = "catalogue-filters";

/// Client-side state shared by the controls: which control to refocus after an
/// update, and the text for the screen-reader announcement.
#[derive(Clone, Copy)]
pub(super) struct LiveUpdate {
    /// Id of the control the user last used.
    pub focus: RwSignal<Option<String>>,
    /// Text of the `aria-live` region.
    pub announcement: RwSignal<String>,
}

/// `/technologies`.
#[component]
pub fn CataloguePage() -> impl IntoView {
    let location = use_location();
    let parsed = Memo::new(move |_| CatalogueQuery::parse_query_string(&location.search.get()));
    let results = Resource::new(move || parsed.get().0, search_catalogue);
    let live = LiveUpdate {
        focus: RwSignal::new(None),
        announcement: RwSignal::new(String::new()),
    };
    provide_context(live);
    view! {
        <Title text="Find technologies" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <h1>"Find technologies"</h1>
            <div class="nhsuk-u-visually-hidden" role="status" aria-live="polite" data-testid="announcer">
                {move || live.announcement.get()}
            </div>
            <Loaded data=results loading="Loading technologies…" keep_previous=true let:r>
                <Catalogue results=r notices=parsed.get_untracked().1 />
            </Loaded>
        </PageMain>
    }
}

/// The filters beside the results for one response.
#[component]
fn Catalogue(results: CatalogueResults, notices: Vec<QueryNotice>) -> impl IntoView {
    let notices = QueryNotice::merged(&notices, results.unknown_filters);
    let live = expect_context::<LiveUpdate>();
    let summary = results.summary();
    // After a client-side update: announce the new count and put focus back on
    // the control the user used (its element was re-rendered).
    // The effect reads no signal, so it runs once, when this response mounts.
    Effect::new(move |_| {
        if let Some(id) = live.focus.get_untracked() {
            focus_element(&id);
            live.announcement.set(summary.clone());
        }
    });
    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-one-third">
                <FilterPanel results=results.clone() />
            </div>
            <div class="nhsuk-grid-column-two-thirds">
                <Notices messages=notices.iter().map(|n| n.message()).collect() testid="notices" />
                <SortControl query=results.query.clone() />
                <ResultsColumn results />
            </div>
        </div>
    }
}

/// The canonical URL of what the filter form holds, and the id of the focused
/// control (browser only).
pub(super) fn form_target() -> Option<(String, Option<String>)> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::{wasm_bindgen::JsCast, web_sys};
        let form = document()
            .get_element_by_id(FORM_ID)?
            .dyn_into::<web_sys::HtmlFormElement>()
            .ok()?;
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        let focused = document()
            .active_element()
            .map(|e| e.id())
            .filter(|id| !id.is_empty());
        let (query, _) = CatalogueQuery::parse_query_string(&String::from(params.to_string()));
        Some((query.href(), focused))
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Asks the filter form to submit, as its Apply button would (browser only).
pub(super) fn request_submit() {
    #[cfg(feature = "hydrate")]
    {
        use leptos::{wasm_bindgen::JsCast, web_sys};
        if let Some(form) = document()
            .get_element_by_id(FORM_ID)
            .and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok())
        {
            let _ = form.request_submit();
        }
    }
}
