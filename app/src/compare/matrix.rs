//! The comparison table: a column per technology (with remove and move links),
//! row groups in decision order, differing rows marked in words as well as
//! colour, sources behind each cell and, in print, as numbered footnotes.

use super::copy::CopyLink;
use crate::{
    components::{Highlighted, long_date, source_link},
    domain::{Cell, CompareQuery, Comparison, MatrixColumn, with_context},
};
use leptos::prelude::*;

/// The toolbar, the table and the print footnotes.
#[component]
pub fn Matrix(c: Comparison) -> impl IntoView {
    let query = c.query.clone();
    let groups = c.visible_groups();
    let differing: usize = c
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .filter(|r| r.differs)
        .count();
    // Every source in order of first appearance: the print footnotes.
    let mut sources: Vec<String> = Vec::new();
    for cell in groups.iter().flat_map(|g| &g.rows).flat_map(|r| &r.cells) {
        for s in &cell.sources {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
    }
    let footnote = {
        let sources = sources.clone();
        move |cell: &Cell| -> Vec<usize> {
            cell.sources
                .iter()
                .filter_map(|s| sources.iter().position(|x| x == s).map(|i| i + 1))
                .collect()
        }
    };
    let columns = c.columns.clone();
    let caption = format!(
        "{} technologies compared{}",
        columns.len(),
        if query.only_differences {
            ", showing only the rows that differ"
        } else {
            ""
        }
    );
    let prepared = long_date(c.prepared_on);
    view! {
        <p class="app-print-only">{format!("Prepared on {prepared} from the catalogue of proven digital and AI health technologies.")}</p>
        <Toolbar query=query.clone() differing />
        <div class="app-matrix-scroll" role="region" aria-labelledby="matrix-caption" tabindex="0">
            <table class="nhsuk-table app-matrix" data-testid="matrix">
                <caption class="nhsuk-table__caption" id="matrix-caption">{caption}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th scope="col" class="nhsuk-table__header app-matrix__corner">"Technology"</th>
                        {columns.iter().enumerate().map(|(i, col)| view! {
                            <ColumnHeader col=col.clone() query=query.clone() first=i == 0 last=i + 1 == columns.len() />
                        }).collect_view()}
                    </tr>
                </thead>
                {groups.into_iter().map(|g| {
                    let span = (columns.len() + 1).to_string();
                    view! {
                        <tbody class="nhsuk-table__body">
                            <tr class="nhsuk-table__row app-matrix__group">
                                <th scope="rowgroup" colspan=span class="nhsuk-table__header">{g.title}</th>
                            </tr>
                            {g.rows.into_iter().map(|r| {
                                let class = if r.differs { "nhsuk-table__row app-matrix__row--differs" } else { "nhsuk-table__row" };
                                view! {
                                    <tr class=class>
                                        <th scope="row" class="nhsuk-table__header">
                                            {r.label}
                                            {r.differs.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--orange app-differs">"Differs"</strong> })}
                                        </th>
                                        {r.cells.iter().map(|cell| view! { <MatrixCell cell=cell.clone() refs=footnote(cell) /> }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    }
                }).collect_view()}
            </table>
        </div>
        <section class="app-print-only app-footnotes" aria-labelledby="footnotes-heading">
            <h2 id="footnotes-heading" class="nhsuk-heading-s">"Sources"</h2>
            <ol>{sources.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
        </section>
    }
}

/// "Show only differences", CSV, and the link to share.
#[component]
fn Toolbar(query: CompareQuery, differing: usize) -> impl IntoView {
    let toggle = query.with_differences_only(!query.only_differences);
    let toggle_text = if query.only_differences {
        "Show all rows".to_owned()
    } else {
        format!("Show only differences ({differing} rows)")
    };
    let csv = format!("/compare/export.csv?{}", query.to_query_string());
    let path = query.href();
    let url = format!("{}{path}", origin());
    let copy_url = url.clone();
    view! {
        <div class="app-compare-tools app-no-print">
            <p>
                <a href=toggle.href() data-testid="toggle-differences">{toggle_text}</a>
                " · "
                <a href=csv download rel="external">"Download as CSV"</a>
                " · "
                <a href=query.catalogue_href()>"Add or change technologies"</a>
            </p>
            <div class="nhsuk-form-group">
                <label class="nhsuk-label" for="share-url">"Link to this comparison"</label>
                <input class="nhsuk-input" id="share-url" type="text" readonly value=url />
                <CopyLink url=copy_url />
            </div>
        </div>
        <p class="app-print-only">{format!("From: {path}")}</p>
    }
}

/// A column heading: the name linking to the full page, and its controls.
#[component]
fn ColumnHeader(col: MatrixColumn, query: CompareQuery, first: bool, last: bool) -> impl IntoView {
    let slug = col.slug.as_str().to_owned();
    let name = col.name.clone();
    view! {
        <th scope="col" class="nhsuk-table__header">
            <a href=with_context(&col.slug.href(), &query.ctx)>{col.name}</a>
            <span class="app-column-tools app-no-print">
                <a href=query.without(&slug).href()>"Remove"<span class="nhsuk-u-visually-hidden">{format!(" {name}")}</span></a>
                {(!first).then(|| view! {
                    " " <a href=query.moved(&slug, -1).href()>"Move left"<span class="nhsuk-u-visually-hidden">{format!(": {name}")}</span></a>
                })}
                {(!last).then(|| view! {
                    " " <a href=query.moved(&slug, 1).href()>"Move right"<span class="nhsuk-u-visually-hidden">{format!(": {name}")}</span></a>
                })}
            </span>
        </th>
    }
}

/// One cell: its lines, whether they are verified, and its sources.
#[component]
fn MatrixCell(cell: Cell, refs: Vec<usize>) -> impl IntoView {
    let body = match cell.lines.len() {
        0 => view! { <span class="app-not-documented">"Not yet documented"</span> }.into_any(),
        1 => view! { <Highlighted text=cell.lines[0].clone() terms=Vec::new() /> }.into_any(),
        _ => view! {
            <ul class="nhsuk-list nhsuk-list--bullet app-cell-list">
                {cell.lines.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    let refs_text = (!refs.is_empty()).then(|| {
        let list: Vec<String> = refs.iter().map(ToString::to_string).collect();
        view! { <sup class="app-print-only">{format!("[{}]", list.join(", "))}</sup> }
    });
    view! {
        <td class="nhsuk-table__cell">
            {body}
            {(!cell.verified && !cell.lines.is_empty()).then(|| view! {
                " " <strong class="nhsuk-tag nhsuk-tag--grey">"Not independently verified"</strong>
            })}
            {refs_text}
            {(!cell.sources.is_empty()).then(|| view! {
                <details class="nhsuk-details app-cell-sources app-no-print">
                    <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">"Sources"</span></summary>
                    <div class="nhsuk-details__text">
                        <ul class="nhsuk-list">{cell.sources.into_iter().map(|s| view! { <li>{source_link(s)}</li> }).collect_view()}</ul>
                    </div>
                </details>
            })}
        </td>
    }
}

/// The site's public origin (`https://host`), for the link to share: the
/// server's `PUBLIC_ORIGIN` setting (pages render on the server only).
fn origin() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::ssr::PublicOrigin>()
            .map(|o| o.as_str().to_owned())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    String::new()
}
