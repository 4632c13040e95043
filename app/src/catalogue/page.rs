//! The catalogue list view.

use super::list_technologies;
use crate::components::{Crumb, ErrorView, PageMain, VerifiedValue};
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
                                                        <p class="nhsuk-body-s nhsuk-u-margin-bottom-2">
                                                            <span class="nhsuk-u-font-weight-bold">"Supplier: "</span>
                                                            <VerifiedValue field=t.supplier />
                                                            <br />
                                                            <span class="nhsuk-u-font-weight-bold">"Type: "</span>
                                                            {t.technology_type}
                                                        </p>
                                                        <p class="nhsuk-card__description">
                                                            <VerifiedValue field=t.summary />
                                                        </p>
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
