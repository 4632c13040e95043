//! The deployments table shared by the ICB and region pages.

use crate::{
    components::{ScrollTable, long_date, source_link},
    domain::{AdoptionRecord, status_text},
};
use leptos::prelude::*;

/// Documented deployments of one technology type. `show_icb` adds the ICB column
/// (the region page); stopped and paused deployments are listed like the rest.
#[component]
pub fn AdoptionTable(
    caption: String,
    records: Vec<AdoptionRecord>,
    show_icb: bool,
) -> impl IntoView {
    view! {
        <ScrollTable label=caption.clone()>
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"Technology"</th>
                        <th class="nhsuk-table__header" scope="col">"Organisation or site"</th>
                        {show_icb.then(|| view! { <th class="nhsuk-table__header" scope="col">"ICB"</th> })}
                        <th class="nhsuk-table__header" scope="col">"Stage and status"</th>
                        <th class="nhsuk-table__header" scope="col">"Result and source"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {records.into_iter().map(|r| {
                        let status = [r.stage.clone(), status_text(r.status.as_deref(), r.stop_reason.as_deref())]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>();
                        let status = if status.is_empty() { "Not recorded".to_owned() } else { status.join(", ") };
                        let inferred = r.stage_status_inferred && (r.stage.is_some() || r.status.is_some());
                        view! {
                            <tr class="nhsuk-table__row">
                                <th class="nhsuk-table__header" scope="row"><a href=format!("/technologies/{}", r.slug)>{r.technology}</a></th>
                                <td class="nhsuk-table__cell">
                                    {r.site}
                                    {(r.icb_inferred && !show_icb).then(|| view! { <span class="app-field-note">"ICB inferred from location"</span> })}
                                </td>
                                {show_icb.then(|| view! {
                                    <td class="nhsuk-table__cell">{match r.icb.clone() {
                                        Some((code, name)) => view! {
                                            <a href=format!("/icbs/{code}")>{name}</a>
                                            {r.icb_inferred.then(|| view! { <span class="app-field-note">"ICB inferred from location"</span> })}
                                        }.into_any(),
                                        None => "ICB not recorded".into_any(),
                                    }}</td>
                                })}
                                <td class="nhsuk-table__cell">
                                    {status}
                                    {r.go_live.map(|d| format!("; started {}", d.long()))}
                                    {inferred.then(|| view! { <span class="app-field-note">"Stage as read from the source"</span> })}
                                    {r.scale.map(|s| view! { <span class="app-field-note">"Scale: " {s}</span> })}
                                </td>
                                <td class="nhsuk-table__cell">
                                    {r.result.unwrap_or_else(|| "No result recorded".to_owned())}
                                    <span class="app-field-note">
                                        "Source: " {source_link(r.source)}
                                        {match r.verified_on {
                                            Some(d) => format!(" (verified {})", long_date(d)),
                                            None => " (not independently verified)".to_owned(),
                                        }}
                                    </span>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}
