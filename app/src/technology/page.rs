//! The technology page view.

use super::get_technology;
use crate::components::{Crumb, ErrorView, PageMain, SourceList, VerifiedValue};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/technologies/{slug}`: name, supplier, type, summary and sources.
#[component]
pub fn TechnologyPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let technology = Resource::new(slug, get_technology);
    view! {
        <PageMain trail=vec![
            Crumb { label: "Home", href: "/" },
            Crumb { label: "Technologies", href: "/technologies" },
        ]>
        <Suspense fallback=|| view! { <p>"Loading technology…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorView errors /> }>
                {move || Suspend::new(async move {
                    technology.await.map(|t| {
                        let s = t.summary;
                        view! {
                            <Title text=s.name.clone() />
                                <h1>{s.name}</h1>
                                <p class="nhsuk-lede-text">
                                    <VerifiedValue field=s.summary />
                                </p>
                                <dl class="nhsuk-summary-list">
                                    <div class="nhsuk-summary-list__row">
                                        <dt class="nhsuk-summary-list__key">"Supplier"</dt>
                                        <dd class="nhsuk-summary-list__value">
                                            <VerifiedValue field=s.supplier />
                                        </dd>
                                    </div>
                                    <div class="nhsuk-summary-list__row">
                                        <dt class="nhsuk-summary-list__key">"Type"</dt>
                                        <dd class="nhsuk-summary-list__value">{s.technology_type}</dd>
                                    </div>
                                </dl>
                                <h2>"Sources"</h2>
                                <SourceList sources=t.sources />
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
        </PageMain>
    }
}
