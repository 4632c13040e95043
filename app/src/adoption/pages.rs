//! The ICB directory, an ICB's page and a region's page.

use super::{get_icb, get_region, list_icbs, table::AdoptionTable};
use crate::{
    components::{Crumb, Loaded, PageMain, ScrollTable, source_link},
    domain::{ContactRoutes, IcbDirectory, IcbProfile, RegionIcbs, RegionProfile, by_type},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/icbs`.
#[component]
pub fn IcbsPage() -> impl IntoView {
    let directory = Resource::new(|| (), |_| list_icbs());
    view! {
        <Title text="Integrated care boards" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <h1>"Integrated care boards"</h1>
            <Loaded data=directory let:d><Directory d /></Loaded>
        </PageMain>
    }
}

#[component]
fn Directory(d: IcbDirectory) -> impl IntoView {
    let icbs: usize = d.regions.iter().map(|r| r.icbs.len()).sum();
    view! {
        <p>{format!("The {icbs} ICBs of 2023 to 2026 by NHS England region, with how many catalogue technologies each has documented NHS deployments of (at any stage, including paused and stopped).")}</p>
        {d.regions.into_iter().map(|r| view! {
            <h2 class="nhsuk-heading-m"><a href=format!("/regions/{}", r.ods_code)>{r.name.clone()}</a></h2>
            <IcbTable region=r />
        }).collect_view()}
        <h2 class="nhsuk-heading-m" id="changes-2026">"Changes from 1 April 2026"</h2>
        <p>"ICBs merging from April 2026, as announced. Codes are shown only where the announcement gives them."</p>
        <ScrollTable label="ICB changes from 1 April 2026".to_owned()>
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">"ICB changes from 1 April 2026"</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"Successor (as announced)"</th>
                        <th class="nhsuk-table__header" scope="col">"Change"</th>
                        <th class="nhsuk-table__header" scope="col">"Predecessors"</th>
                        <th class="nhsuk-table__header" scope="col">"Source"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {d.changes.into_iter().map(|c| view! {
                        <tr class="nhsuk-table__row">
                            <th class="nhsuk-table__header" scope="row">{c.successor}</th>
                            <td class="nhsuk-table__cell">{c.change_type}</td>
                            <td class="nhsuk-table__cell">
                                <ul class="nhsuk-list">
                                    {c.predecessors.into_iter().map(|p| view! {
                                        <li>{match p.ods_code {
                                            Some(code) => view! { <a href=format!("/icbs/{code}")>{p.description}</a> }.into_any(),
                                            None => view! { {p.description} " (code unknown)" }.into_any(),
                                        }}</li>
                                    }).collect_view()}
                                </ul>
                            </td>
                            <td class="nhsuk-table__cell">{source_link(c.source)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}

/// A region's ICBs with their roll-ups.
#[component]
fn IcbTable(region: RegionIcbs) -> impl IntoView {
    view! {
        <table class="nhsuk-table">
            <caption class="nhsuk-table__caption nhsuk-table__caption--s">{format!("ICBs in {}", region.name)}</caption>
            <thead class="nhsuk-table__head">
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="col">"ICB"</th>
                    <th class="nhsuk-table__header" scope="col">"ODS code"</th>
                    <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">"Technologies with documented deployments"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {region.icbs.into_iter().map(|i| view! {
                    <tr class="nhsuk-table__row" data-icb=i.ods_code.clone()>
                        <th class="nhsuk-table__header" scope="row"><a href=format!("/icbs/{}", i.ods_code)>{i.name}</a></th>
                        <td class="nhsuk-table__cell">{i.ods_code.clone()}</td>
                        <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{i.technologies.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// `/icbs/{code}`.
#[component]
pub fn IcbPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let icb = Resource::new(code, get_icb);
    view! {
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }, Crumb { label: "ICBs", href: "/icbs" }]>
            <Loaded data=icb let:i><Icb i /></Loaded>
        </PageMain>
    }
}

#[component]
fn Icb(i: IcbProfile) -> impl IntoView {
    let count = i.deployments.len();
    view! {
        <Title text=i.name.clone() />
        <span class="nhsuk-caption-l">{format!("ICB {} · ", i.ods_code)}<a href=format!("/regions/{}", i.region.0)>{i.region.1.clone()}</a></span>
        <h1>{i.name.clone()}</h1>
        <h2 class="nhsuk-heading-m">"Public contact routes"</h2>
        <Routes contact=i.contact />
        <h2 class="nhsuk-heading-m">"Documented NHS deployments"</h2>
        <p data-testid="icb-deployment-count">{match count {
            0 => "No documented NHS deployments of catalogue technologies yet.".to_owned(),
            1 => "1 documented NHS deployment.".to_owned(),
            n => format!("{n} documented NHS deployments."),
        }}</p>
        {by_type(&i.deployments).into_iter().map(|(t, records)| view! {
            <AdoptionTable caption=t records show_icb=false />
        }).collect_view()}
    }
}

/// The organisational routes: public, unlike personal contacts.
#[component]
fn Routes(contact: Option<ContactRoutes>) -> impl IntoView {
    let Some(c) = contact else {
        return view! { <p class="app-not-documented">"Not yet documented."</p> }.into_any();
    };
    let row = |label: &'static str, value: Option<String>, link: Option<String>| {
        view! {
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">{label}</dt>
                <dd class="nhsuk-summary-list__value">{match (value, link) {
                    (Some(v), Some(href)) => view! { <a href=href>{v}</a> }.into_any(),
                    (Some(v), None) => v.into_any(),
                    (None, _) => view! { <span class="app-not-documented">"Not yet documented"</span> }.into_any(),
                }}</dd>
            </div>
        }
    };
    let web = |v: &Option<String>| {
        v.as_ref().map(|u| {
            if u.starts_with("http") {
                u.clone()
            } else {
                format!("https://{u}")
            }
        })
    };
    view! {
        <dl class="nhsuk-summary-list">
            {row("Website", c.website.clone(), web(&c.website))}
            {row("Contact page", c.contact_page.clone(), web(&c.contact_page))}
            {row("Enquiries email", c.enquiries_email.clone(), c.enquiries_email.as_ref().map(|e| format!("mailto:{e}")))}
        </dl>
        <p class="app-field-note">
            {if c.verified { "Verified in its source. " } else { "Not independently verified. " }}
            {c.source.map(|s| view! { "Source: " {source_link(s)} ". " })}
            {c.note}
        </p>
    }
    .into_any()
}

/// `/regions/{code}`.
#[component]
pub fn RegionPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let region = Resource::new(code, get_region);
    view! {
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }, Crumb { label: "ICBs", href: "/icbs" }]>
            <Loaded data=region let:r><Region r /></Loaded>
        </PageMain>
    }
}

#[component]
fn Region(r: RegionProfile) -> impl IntoView {
    let name = r.region.name.clone();
    view! {
        <Title text=name.clone() />
        <span class="nhsuk-caption-l">{format!("NHS England region {}", r.region.ods_code)}</span>
        <h1>{name.clone()}</h1>
        <IcbTable region=r.region />
        <h2 class="nhsuk-heading-m">{format!("Documented NHS deployments in {name}")}</h2>
        <p data-testid="region-deployment-count">{format!("{} documented NHS deployments with a known ICB.", r.deployments.len())}</p>
        {by_type(&r.deployments).into_iter().map(|(t, records)| view! {
            <AdoptionTable caption=t records show_icb=true />
        }).collect_view()}
    }
}
