//! Home page view. Static text: it needs no data, so it renders even when the
//! database is down.

use crate::components::PageMain;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/`
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Find proven digital and AI health technologies" />
        <PageMain>
            <h1>"Find proven digital and AI health technologies"</h1>
            <p class="nhsuk-lede-text">
                "A catalogue for integrated care boards (ICBs) deciding what to adopt. For each technology it brings together the benefits, costs, regulatory essentials, workforce and skills, IT and estates needs, pilot results and where in the NHS it is already in use."
            </p>
            <p>"It is written for ICB digital leads, clinical leads and boards."</p>
            <a class="nhsuk-button" href="/technologies" role="button" draggable="false">
                "Browse technologies"
            </a>
            <p>
                "Is it right for you? "
                <a href="/organisation?return=%2Ftechnologies">"Tell us about your organisation"</a>
                ": your IT, hosting, identity, estates and workforce. Each technology then shows, requirement by requirement, what you have, the gaps and what closes them, and the catalogue can show what you are ready for."
            </p>

            <h2 id="what-proven-means">"What “proven” means here"</h2>
            <p>"A technology is in this catalogue when it has at least one of:"</p>
            <ul class="nhsuk-list nhsuk-list--bullet">
                <li>"guidance or a briefing from NICE (for example medical technologies guidance, diagnostics guidance, an early value assessment or a medtech innovation briefing)"</li>
                <li>"at least one documented deployment in the NHS"</li>
            </ul>
            <p>"Inclusion is not an endorsement. Read the evidence and its sources before you decide."</p>

            <h2 id="about-the-data">"About the data"</h2>
            <p>"Every fact comes from a public source that is shown beside it. Facts that were seen only second-hand, or inferred, are marked “Not independently verified”. Where nothing is known yet, the catalogue says “Not yet documented” rather than guessing."</p>
        </PageMain>
    }
}
