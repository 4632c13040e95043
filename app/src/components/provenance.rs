//! How a claim shows where it comes from: its source as a link, whether and when
//! it was verified, its re-check date and a badge when a re-check is due.

use super::verified::source_link;
use crate::domain::{Freshness, Provenance, kinds_text, supplier_only};
use leptos::prelude::*;

pub use crate::domain::long_date;

/// A tag for a freshness state (none for current claims).
#[component]
pub fn FreshnessBadge(freshness: Freshness) -> impl IntoView {
    let class = match freshness {
        Freshness::Current => return ().into_any(),
        Freshness::Due => "nhsuk-tag nhsuk-tag--yellow",
        Freshness::Overdue => "nhsuk-tag nhsuk-tag--red",
        Freshness::Unverified => "nhsuk-tag nhsuk-tag--grey",
    };
    view! { <strong class=class>{freshness.label()}</strong> }.into_any()
}

/// The provenance line under a claim.
#[component]
pub fn ClaimSource(provenance: Provenance) -> impl IntoView {
    let dates = match (provenance.verified_on, provenance.recheck_by) {
        (Some(on), Some(by)) => {
            format!("Verified {} · re-check by {}", long_date(on), long_date(by))
        }
        _ => String::new(),
    };
    let supplier = supplier_only(&provenance.source_kinds);
    // Signed-in members may suggest a correction to any stored claim.
    let suggest = provenance
        .claim
        .clone()
        .filter(|_| crate::accounts::use_visitor().has(crate::domain::Role::Member))
        .map(|(block, id)| {
            view! {
                " "
                <a class="app-provenance__suggest" href=crate::domain::curation::suggest_href(&block, Some(id), "")>
                    "Suggest a correction"<span class="nhsuk-u-visually-hidden">" to this claim"</span>
                </a>
            }
        });
    let supplier_label = match (supplier, provenance.verified_on) {
        (true, Some(on)) => format!(
            "Supplier's statement, checked by the catalogue team on {}",
            long_date(on)
        ),
        _ => "Supplier's statement".to_owned(),
    };
    let rests_on = (!provenance.source_kinds.is_empty()).then(|| {
        let how = if provenance.kinds_derived {
            " (read from the address)"
        } else {
            ""
        };
        view! {
            <span class="app-provenance__kinds">
                {format!("Rests on: {}{how}", kinds_text(&provenance.source_kinds))}
            </span>
            " "
        }
    });
    view! {
        <p class="app-provenance">
            {supplier.then(|| view! { <strong class="nhsuk-tag nhsuk-tag--orange app-supplier-tag">{supplier_label}</strong> " " })}
            <span class="app-provenance__source">"Source: " {source_link(provenance.source)}</span>
            " "
            {rests_on}
            {(!dates.is_empty()).then(|| view! { <span class="app-provenance__dates">{dates}</span> " " })}
            <FreshnessBadge freshness=provenance.freshness />
            {provenance.note.map(|n| view! { <span class="app-provenance__note">"Note: " {n}</span> })}
            {suggest}
        </p>
    }
}
