//! `/technologies`: the filterable catalogue. The URL is the state: the page
//! parses it into a [`CatalogueQuery`], asks the server for that view, and every
//! control leads to another URL. Without JavaScript the filters are a GET form;
//! with it, the same form applies as soon as a box is ticked and the page
//! changes in place (address bar, Back and Forward included), focus stays on
//! the control used, and the new count is announced (see [`super::live`]).

use super::{
    filters::FilterPanel,
    live::LiveFilters,
    results::{ResultsColumn, SortControl},
    search_catalogue,
};
use crate::{
    components::{Crumb, Loaded, Notices, PageMain},
    domain::{CatalogueQuery, CatalogueResults, QueryNotice},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// `/technologies`.
#[component]
pub fn CataloguePage() -> impl IntoView {
    let location = use_location();
    let parsed = Memo::new(move |_| CatalogueQuery::parse_query_string(&location.search.get()));
    let results = Resource::new(move || parsed.get().0, search_catalogue);
    view! {
        <Title text="Find technologies" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <h1>"Find technologies"</h1>
            <Loaded data=results loading="Loading technologies…" let:r>
                <Catalogue results=r notices=parsed.get_untracked().1 />
            </Loaded>
        </PageMain>
    }
}

/// The filters beside the results for one response.
#[component]
fn Catalogue(results: CatalogueResults, notices: Vec<QueryNotice>) -> impl IntoView {
    let notices = QueryNotice::merged(&notices, results.unknown_filters);
    view! {
        <LiveFilters>
            <div class="nhsuk-grid-column-one-third">
                <FilterPanel results=results.clone() />
            </div>
            <div class="nhsuk-grid-column-two-thirds">
                <Notices messages=notices.iter().map(|n| n.message()).collect() testid="notices" />
                <SortControl query=results.query.clone() />
                <ResultsColumn results />
            </div>
        </LiveFilters>
    }
}
