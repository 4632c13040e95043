//! `/use-the-data`: what data is available, under what licence, and an example
//! `curl` per route. Static text: it renders even when the database is down.

use super::model::{ATTRIBUTION, LICENCE_NAME, LICENCE_URL};
use crate::{
    components::{Crumb, PageMain},
    domain::CatalogueQuery,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The routes the page describes: address, what it holds, format, example.
const ROUTES: [(&str, &str, &str, &str); 6] = [
    (
        "/data/catalogue.json",
        "Every listed technology with every claim of every block (benefits, costs, savings, funding, regulatory checklist and records, NICE guidance, workforce, IT, estates, evidence, deployments, pilot results), each with its source, source kinds, verified flag, verified-on and re-check-by dates; the reference lists (regions, ICBs, care settings, technology types, deployment stages, regulatory essentials); the schema version, when it was generated and the licence.",
        "JSON",
        r#"curl -sS "$CATALOGUE/data/catalogue.json" -o catalogue.json"#,
    ),
    (
        "/data/claims.csv",
        "One row per claim: the technology, the block, the text, the structured fields as columns (amounts in pounds, unit, unit basis, period, VAT, stated year, stage, status, start, nation, standards, hosting, data location, training hours, sample size, independent…), the source and its kinds, verified, verified on, re-check by.",
        "CSV (UTF-8)",
        r#"curl -sS "$CATALOGUE/data/claims.csv" -o claims.csv"#,
    ),
    (
        "/api/technologies",
        "A search: one page of 20 results with the facets and their counts. Takes the same query as the catalogue page (its keys are listed below the table).",
        "JSON",
        r#"curl -sS "$CATALOGUE/api/technologies?q=stroke&type=ai_imaging_diagnostics""#,
    ),
    (
        "/technologies/export.csv",
        "Every technology of a filtered view (all pages), a row each. Also as JSON at /technologies/export.json.",
        "CSV or JSON",
        r#"curl -sS "$CATALOGUE/technologies/export.csv?nice=MTG" -o technologies.csv"#,
    ),
    (
        "/compare/export.csv",
        "A comparison of 2 to 4 technologies: a row per matrix row, a column per technology, the sources in the last column.",
        "CSV",
        r#"curl -sS "$CATALOGUE/compare/export.csv?tech=derm&tech=heartflow-ffrct" -o comparison.csv"#,
    ),
    (
        "/api/openapi.json",
        "The OpenAPI 3.1 description of every route above, with the schema of each response.",
        "JSON",
        r#"curl -sS "$CATALOGUE/api/openapi.json""#,
    ),
];

/// `/use-the-data`
#[component]
pub fn UseTheDataPage() -> impl IntoView {
    let keys = CatalogueQuery::keys()
        .iter()
        .map(|k| k.name)
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <Title text="Use the data" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <div class="app-data">
            <h1>"Use the data"</h1>
            <p class="nhsuk-lede-text">
                "The whole catalogue is open data. Download it, query it and build on it: every claim comes with its source, the kind of source it rests on and when it was last checked."
            </p>

            <h2 id="available">"What is available"</h2>
            // The NHS.UK responsive table: on small screens each row stacks with
            // its cells labelled (the explicit roles keep the table's semantics).
            <table class="nhsuk-table nhsuk-table--responsive app-data-routes" role="table">
                <caption class="nhsuk-table__caption">"Files and routes"</caption>
                <thead class="nhsuk-table__head" role="rowgroup">
                    <tr class="nhsuk-table__row" role="row">
                        <th scope="col" class="nhsuk-table__header" role="columnheader">"Address"</th>
                        <th scope="col" class="nhsuk-table__header" role="columnheader">"What it holds"</th>
                        <th scope="col" class="nhsuk-table__header" role="columnheader">"Format"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body" role="rowgroup">
                    {ROUTES
                        .iter()
                        .map(|(path, what, format, _)| {
                            view! {
                                <tr class="nhsuk-table__row" role="row">
                                    <th scope="row" class="nhsuk-table__header" role="rowheader">
                                        <a href=*path>
                                            <code>{*path}</code>
                                        </a>
                                    </th>
                                    <td class="nhsuk-table__cell" role="cell">
                                        <span class="nhsuk-table__heading" aria-hidden="true">
                                            "What it holds"
                                        </span>
                                        {*what}
                                    </td>
                                    <td class="nhsuk-table__cell" role="cell">
                                        <span class="nhsuk-table__heading" aria-hidden="true">
                                            "Format"
                                        </span>
                                        {*format}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p>
                "The search and the exports read the catalogue page's query string: "
                {keys}
                ". Filter keys may be repeated (any value matches); unknown values are dropped and reported, never an error. "
                <a href="/api/openapi.json">"The OpenAPI document"</a>
                " gives each key's allowed values."
            </p>

            <h2 id="licence">"Licence"</h2>
            <p>
                "The catalogue's own compilation and wording are offered under "
                <a href=LICENCE_URL>{LICENCE_NAME}</a>
                ". Credit “" {ATTRIBUTION} "” and link to this service."
            </p>
            <p>
                "Each cited source keeps its own terms. The licence covers how the catalogue brings facts together and words them, not what a source says: check a source's terms before you reuse its content. The files say so too."
            </p>

            <h2 id="examples">"Examples"</h2>
            <p>
                "Set " <code>"CATALOGUE"</code>
                " to this service's address first, for example "
                <code>"CATALOGUE=https://catalogue.example.nhs.uk"</code> "."
            </p>
            {ROUTES
                .iter()
                .map(|(path, _, _, example)| {
                    view! {
                        <h3 class="nhsuk-heading-s">
                            <code>{*path}</code>
                        </h3>
                        <pre class="app-code" tabindex="0">
                            <code>{*example}</code>
                        </pre>
                    }
                })
                .collect_view()}

            <h2 id="keeping-up-to-date">"Keeping a copy up to date"</h2>
            <p>
                "Both files carry an " <code>"ETag"</code> " and a " <code>"Last-Modified"</code>
                " header from the catalogue's last change. Ask again with either and the answer is "
                <code>"304 Not Modified"</code> " until something changes:"
            </p>
            <pre class="app-code" tabindex="0">
                <code>
                    {r#"curl -sS --etag-save etag.txt --etag-compare etag.txt "$CATALOGUE/data/catalogue.json" -o catalogue.json"#}
                </code>
            </pre>
            <p>
                "The files' shape has a version (" <code>"schema_version"</code>
                " in the JSON): a new minor version adds fields, a new major version changes or removes one."
            </p>

            <h2 id="not-in-the-data">"What is never in the data"</h2>
            <p>
                "Contacts at adopting organisations, accounts, and submissions still under review are never in the files or the API. Contacts are shown only to approved NHS members, on the technology pages."
            </p>
            </div>
        </PageMain>
    }
}
