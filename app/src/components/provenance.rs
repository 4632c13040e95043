//! How a claim shows where it comes from: its source as a link, whether and when
//! it was verified, its re-check date and a badge when a re-check is due.

use super::verified::source_link;
use crate::domain::{Freshness, Provenance};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

/// "25 November 2026". Written out by hand: chrono's formatter would add its
/// whole formatting machinery to the WASM bundle.
pub fn long_date(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

#[cfg(test)]
mod tests {
    use super::long_date;
    use chrono::NaiveDate;

    #[test]
    fn dates_read_as_day_month_year() {
        let d = NaiveDate::from_ymd_opt(2027, 5, 5).expect("valid");
        assert_eq!(long_date(d), "5 May 2027");
    }
}

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
    view! {
        <p class="app-provenance">
            <span class="app-provenance__source">"Source: " {source_link(provenance.source)}</span>
            " "
            {(!dates.is_empty()).then(|| view! { <span class="app-provenance__dates">{dates}</span> " " })}
            <FreshnessBadge freshness=provenance.freshness />
            {provenance.note.map(|n| view! { <span class="app-provenance__note">"Note: " {n}</span> })}
        </p>
    }
}
