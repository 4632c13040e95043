//! The public side of curation: a technology's history and the change feed
//! across the catalogue (`/changes`, and `/changes.atom` in `handlers`).
//! Dated changes in plain words, never naming who made them.

use super::{
    get_change_feed,
    pages::{PageLinks, RevisionList},
};
use crate::{
    components::{Crumb, Loaded, Notices, PageMain, SelectInput},
    domain::curation::{ChangeFeed, ChangesQuery},
};
use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::{use_location, use_params_map};

/// `/technologies/{slug}/history`.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let key = move || {
        let slug = params.read().get("slug").unwrap_or_default();
        let page = ChangesQuery::parse(&location.search.get()).page;
        format!("technology={}&page={page}", crate::domain::encode(&slug))
    };
    let data = Resource::new(key, |q| get_change_feed(q, true));
    view! {
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }, Crumb { label: "Technologies", href: "/technologies" }]>
            <Loaded data let:f><History f /></Loaded>
        </PageMain>
    }
}

#[component]
fn History(f: ChangeFeed) -> impl IntoView {
    let (slug, name) = f.technology.clone().unwrap_or_default();
    let pages = f.pages();
    let page = f.query.page;
    let base = format!("/technologies/{slug}/history");
    let href = move |p: i64| {
        if p > 1 {
            format!("{base}?page={p}")
        } else {
            base.clone()
        }
    };
    view! {
        <Title text=format!("History of changes: {name}") />
        <span class="nhsuk-caption-l"><a href=format!("/technologies/{slug}")>{name.clone()}</a></span>
        <h1>"History of changes"</h1>
        <p>"Every change the catalogue team has made to this technology's information in the app, newest first, with the reason. The information imported from the reference data is not listed here."</p>
        <p><a href=format!("/changes?technology={slug}")>"This technology in the change feed"</a></p>
        <RevisionList entries=f.entries links=false />
        <PageLinks total_pages=pages page href />
    }
}

/// `/changes`.
#[component]
pub fn ChangesPage() -> impl IntoView {
    let location = use_location();
    let data = Resource::new(move || location.search.get(), |q| get_change_feed(q, false));
    view! {
        <Title text="Changes to the catalogue" />
        <Link rel="alternate" type_="application/atom+xml" href="/changes.atom" title="Changes to the catalogue (Atom)" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <h1>"Changes to the catalogue"</h1>
            <Loaded data let:f><Feed f /></Loaded>
        </PageMain>
    }
}

#[component]
fn Feed(f: ChangeFeed) -> impl IntoView {
    let query = f.query.clone();
    let pages = f.pages();
    let atom = query.href("/changes.atom", 1);
    let href = {
        let query = query.clone();
        move |p: i64| query.href("/changes", p)
    };
    let blocks: Vec<(String, String)> = ChangesQuery::blocks()
        .into_iter()
        .map(|(id, l)| (id.to_owned(), l.to_owned()))
        .collect();
    let scope = f
        .technology
        .clone()
        .map(|(slug, name)| view! { <p>"Showing changes to "<a href=format!("/technologies/{slug}")>{name}</a>". "<a href="/changes">"Show every technology"</a></p> });
    view! {
        <Notices messages=query.notices.clone() testid="notices" />
        <p>"Every correction, addition, re-check and withdrawal made by the catalogue team, newest first. "
            <a href=atom>"Follow these changes (Atom feed)"</a></p>
        {scope}
        <form method="get" action="/changes" class="app-inline-filters">
            {query.technology.clone().map(|t| view! { <input type="hidden" name="technology" value=t /> })}
            <SelectInput name="block" label="Block" options=blocks empty="All blocks"
                value=query.block.clone().unwrap_or_default() />
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Show"</button>
        </form>
        <p data-testid="changes-total">{format!("{} changes", f.total)}</p>
        <RevisionList entries=f.entries links=true />
        <PageLinks total_pages=pages page=query.page href />
    }
}
