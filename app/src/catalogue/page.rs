//! The catalogue list view.

use super::list_technologies;
use crate::{
    components::{Crumb, ErrorView, FreshnessBadge, PageMain, VerifiedValue},
    domain::NiceGuidanceType,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/technologies`: every technology, sorted by name.
#[component]
pub fn CataloguePage() -> impl IntoView {
    let technologies = Resource::new(|| (), |_| list_technologies());
    view! {
        <Title text="Browse technologies" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
        <Suspense fallback=|| view! { <p>"Loading technologies…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorView errors /> }>
                {move || Suspend::new(async move {
                    technologies.await.map(|list| {
                        let count = list.len();
                        view! {
                            <h1>"Browse technologies"</h1>
                                <p data-testid="result-count">
                                    {format!("{count} technologies, sorted by name.")}
                                </p>
                                <ul class="nhsuk-list app-technology-list">
                                    {list
                                        .into_iter()
                                        .map(|t| {
                                            view! {
                                                <li class="nhsuk-card nhsuk-card--clickable">
                                                    <div class="nhsuk-card__content">
                                                        <h2 class="nhsuk-card__heading nhsuk-heading-m">
                                                            <a class="nhsuk-card__link" href=t.slug.href()>
                                                                {t.name}
                                                            </a>
                                                        </h2>
                                                        <p class="nhsuk-card__description">
                                                            <VerifiedValue field=t.summary />
                                                        </p>
                                                        <dl class="app-facts">
                                                            <div><dt>"Supplier"</dt><dd><VerifiedValue field=t.supplier /></dd></div>
                                                            <div><dt>"Type"</dt><dd>{t.technology_type}</dd></div>
                                                            <div><dt>"Care settings"</dt><dd>{if t.care_settings.is_empty() { "Not yet documented".to_owned() } else { t.care_settings.join("; ") }}</dd></div>
                                                            <div><dt>"NICE"</dt><dd>{nice_text(&t.nice_types)}</dd></div>
                                                            <div><dt>"NHS deployments"</dt><dd>{t.deployment_count.to_string()}</dd></div>
                                                            <div><dt>"Documented"</dt><dd>{t.completeness.summary()} " " <FreshnessBadge freshness=t.freshness /></dd></div>
                                                        </dl>
                                                    </div>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
        </PageMain>
    }
}

/// "MTG, HTE" or "None".
fn nice_text(types: &[NiceGuidanceType]) -> String {
    if types.is_empty() {
        "No NICE guidance recorded".to_owned()
    } else {
        types
            .iter()
            .map(|t| format!("{} ({})", t.code(), t.label()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
