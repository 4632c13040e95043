//! The sections of the technology page, in the order an ICB decides: each has a
//! heading with an anchor for the contents list, and says "Not yet documented"
//! when the catalogue has nothing.

use crate::{
    components::{ClaimSource, OrNotRecorded, ScrollTable, VerifiedValue, long_date},
    domain::{
        BenefitItem, Claim, DeploymentItem, EvidenceItem, InfraItem, NiceItem, PilotItem,
        RegulatoryRow, WorkforceItem,
    },
};
use leptos::prelude::*;

/// The page's sections: anchor id and heading.
pub const SECTIONS: [(&str, &str); 11] = [
    ("summary", "Summary"),
    ("readiness", "Is it right for us?"),
    ("benefits", "Benefits"),
    ("costs", "Costs"),
    ("regulatory", "Regulatory essentials"),
    ("workforce", "Workforce and skills"),
    ("it", "IT infrastructure"),
    ("estates", "Estates"),
    ("adoption", "Pilot results and adopters"),
    ("evidence", "Evidence and NICE guidance"),
    ("sources", "Sources"),
];

/// The contents list linking to each section.
#[component]
pub fn Contents() -> impl IntoView {
    view! {
        <nav class="app-contents" aria-label="Contents">
            <h2 class="nhsuk-heading-s">"Contents"</h2>
            <ol class="nhsuk-list app-contents__list">
                {SECTIONS
                    .iter()
                    .map(|(id, title)| view! { <li><a href=format!("#{id}")>{*title}</a></li> })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// A section heading (the heading text comes from `SECTIONS`).
#[component]
pub fn Section(id: &'static str, children: Children) -> impl IntoView {
    let title = SECTIONS
        .iter()
        .find(|(i, _)| *i == id)
        .map_or("", |(_, t)| *t);
    view! {
        <section class="app-section" aria-labelledby=format!("{id}-heading")>
            <h2 id=format!("{id}-heading")>
                <span id=id class="app-anchor"></span>
                {title}
            </h2>
            {children()}
        </section>
    }
}

/// The honest empty state.
#[component]
pub fn NotYetDocumented(what: &'static str) -> impl IntoView {
    view! {
        <div class="nhsuk-inset-text app-empty">
            <p>
                <strong>"Not yet documented."</strong>
                {format!(" The catalogue has no sourced information on {what} for this technology yet. If your organisation has evidence, please share it with the catalogue team so it can be checked and added.")}
            </p>
        </div>
    }
}

/// A list of claims, each rendered by `render` and followed by its source; or the
/// honest empty state when there are none.
fn claim_list<T>(
    items: Vec<Claim<T>>,
    what: &'static str,
    render: impl Fn(T) -> AnyView,
) -> AnyView {
    if items.is_empty() {
        return view! { <NotYetDocumented what /> }.into_any();
    }
    view! {
        <ul class="nhsuk-list app-claims">
            {items
                .into_iter()
                .map(|c| view! { <li class="app-claim">{render(c.value)} <ClaimSource provenance=c.provenance /></li> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// Benefits, each with its domain.
#[component]
pub fn Benefits(items: Vec<Claim<BenefitItem>>) -> impl IntoView {
    claim_list(items, "benefits", |b| {
        view! {
            <strong class="nhsuk-tag nhsuk-tag--blue">{b.domain.replace('_', " ")}</strong>
            " "
            {b.statement}
        }
        .into_any()
    })
}

/// Plain statements with sources (costs and similar).
#[component]
pub fn Statements(items: Vec<Claim<String>>, what: &'static str) -> impl IntoView {
    claim_list(items, what, |s| s.into_any())
}

/// The regulatory checklist: one row per essential.
#[component]
pub fn RegulatoryChecklist(rows: Vec<RegulatoryRow>, name: String) -> impl IntoView {
    view! {
        <table class="nhsuk-table app-regulatory">
            <caption class="nhsuk-table__caption nhsuk-table__caption--s">
                {format!("Regulatory essentials for {name}")}
            </caption>
            <thead class="nhsuk-table__head">
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="col">"Essential"</th>
                    <th class="nhsuk-table__header" scope="col">"Status"</th>
                    <th class="nhsuk-table__header" scope="col">"What the source says"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {rows
                    .into_iter()
                    .map(|row| {
                        let (status, detail) = match row.record {
                            Some(c) if c.value.status != "not_documented" => {
                                let label = if c.value.status == "met" { "Met" } else { "Not met" };
                                (
                                    label,
                                    view! {
                                        {c.value.statement}
                                        <ClaimSource provenance=c.provenance />
                                    }
                                        .into_any(),
                                )
                            }
                            Some(c) => (
                                "Not documented",
                                view! {
                                    {c.provenance.note.map(|n| view! { <span class="app-field-note">{n}</span> })}
                                }
                                    .into_any(),
                            ),
                            None => ("Not documented", ().into_any()),
                        };
                        view! {
                            <tr class="nhsuk-table__row">
                                <th class="nhsuk-table__header" scope="row">{row.essential_name}</th>
                                <td class="nhsuk-table__cell">{status}</td>
                                <td class="nhsuk-table__cell">{detail}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Workforce and skills requirements.
#[component]
pub fn Workforce(items: Vec<Claim<WorkforceItem>>) -> impl IntoView {
    claim_list(items, "workforce and skills", |w| {
        view! {
            {w.role.map(|r| view! { <strong>{r}": "</strong> })}
            {w.statement}
            {w.training_hours.map(|h| view! { " " <span class="app-field-note">{format!("Training: {h} hours")}</span> })}
        }
        .into_any()
    })
}

/// IT or estates requirements, with the standards each names.
#[component]
pub fn Infrastructure(items: Vec<Claim<InfraItem>>, what: &'static str) -> impl IntoView {
    claim_list(items, what, |i| {
        let standards = (!i.standards.is_empty())
            .then(|| view! { " " <span class="app-field-note">{format!("Standards named: {}", i.standards.join(", "))}</span> });
        view! { {i.statement} {standards} }.into_any()
    })
}

/// Deployments per region: a bar chart for the eye (SVG, hidden from assistive
/// technology) and the same figures as a table, which is the accessible version.
#[component]
fn RegionChart(counts: Vec<(String, usize)>, name: String) -> impl IntoView {
    const BAR_ROW: usize = 28;
    const LABEL_WIDTH: usize = 230;
    const BAR_WIDTH: usize = 300;
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let height = counts.len() * BAR_ROW + 4;
    let title = format!("Documented NHS deployments of {name} by region");
    view! {
        <figure class="app-region-chart" data-testid="region-chart">
            <figcaption class="nhsuk-heading-s">{title.clone()}</figcaption>
            <svg aria-hidden="true" focusable="false" width="100%" height=height.to_string()
                viewBox=format!("0 0 {} {height}", LABEL_WIDTH + BAR_WIDTH + 40) preserveAspectRatio="xMinYMin meet">
                {counts.iter().enumerate().map(|(i, (region, n))| {
                    let y = i * BAR_ROW;
                    let w = (BAR_WIDTH * n / max).max(2);
                    view! {
                        <text x="0" y=(y + 18).to_string() class="app-region-chart__label">{region.clone()}</text>
                        <rect x=LABEL_WIDTH.to_string() y=(y + 4).to_string() width=w.to_string() height="18" class="app-region-chart__bar"></rect>
                        <text x=(LABEL_WIDTH + w + 6).to_string() y=(y + 18).to_string() class="app-region-chart__value">{n.to_string()}</text>
                    }
                }).collect_view()}
            </svg>
            <table class="nhsuk-table app-region-chart__table">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">{format!("{title} (table)")}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"Region"</th>
                        <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">"Deployments"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {counts.into_iter().map(|(region, n)| view! {
                        <tr class="nhsuk-table__row">
                            <th class="nhsuk-table__header" scope="row">{region}</th>
                            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{n.to_string()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}

/// Adopters and other deployment records, then pilot results.
#[component]
pub fn Adoption(
    deployments: Vec<Claim<DeploymentItem>>,
    pilots: Vec<Claim<PilotItem>>,
    name: String,
) -> impl IntoView {
    let counted = deployments
        .iter()
        .filter(|d| d.value.kind.counts_as_deployment())
        .count();
    let by_region = crate::domain::deployments_by_region(&deployments);
    view! {
        <p data-testid="deployment-count">
            {match counted {
                0 => "No documented NHS deployments yet.".to_owned(),
                1 => "1 documented NHS deployment.".to_owned(),
                n => format!("{n} documented NHS deployments."),
            }}
        </p>
        {(!by_region.is_empty()).then(|| view! { <RegionChart counts=by_region name=name.clone() /> })}
        <h3 id="adopters">"Adopters"</h3>
        {if deployments.is_empty() {
            view! { <NotYetDocumented what="adopters" /> }.into_any()
        } else {
            view! { <AdoptersTable deployments name=name.clone() /> }.into_any()
        }}
        <h3 id="pilot-results">"Pilot results"</h3>
        {if pilots.is_empty() {
            view! { <NotYetDocumented what="pilot results" /> }.into_any()
        } else {
            view! { <PilotTable pilots name /> }.into_any()
        }}
    }
}

/// A wide, captioned table of records (adopters, pilot results) in a keyboard-
/// scrollable region; `children` are the body rows.
#[component]
fn RecordTable(
    label: &'static str,
    class: &'static str,
    testid: &'static str,
    caption: String,
    columns: &'static [&'static str],
    children: Children,
) -> impl IntoView {
    view! {
        <ScrollTable label=label.to_owned()>
            <table class=format!("nhsuk-table {class}") data-testid=testid>
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        {columns.iter().map(|c| view! { <th class="nhsuk-table__header" scope="col">{*c}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">{children()}</tbody>
            </table>
        </ScrollTable>
    }
}

/// One row per deployment record, stopped and paused ones included.
#[component]
fn AdoptersTable(deployments: Vec<Claim<DeploymentItem>>, name: String) -> impl IntoView {
    const COLUMNS: [&str; 9] = [
        "Organisation or site",
        "ICB and region",
        "Headline result",
        "Stage",
        "Status",
        "Setting",
        "Go-live",
        "Scale",
        "Source and verified on",
    ];
    view! {
        <RecordTable
            label="Adopters"
            class="app-adopters"
            testid="adopters"
            caption=format!("Where {name} is documented in use, with stopped and paused deployments")
            columns=&COLUMNS
        >
            {deployments.into_iter().map(|c| view! { <DeploymentRow claim=c /> }).collect_view()}
        </RecordTable>
    }
}

#[component]
fn DeploymentRow(claim: Claim<DeploymentItem>) -> impl IntoView {
    let d = claim.value;
    let status = d.status_text();
    let icb = match (d.icb_ods_code.clone(), d.icb_name.clone()) {
        (Some(code), Some(name)) => {
            view! { <a href=format!("/icbs/{code}")>{format!("{name} ({code})")}</a> }.into_any()
        }
        (None, Some(name)) => name.into_any(),
        _ => "ICB not recorded".into_any(),
    };
    view! {
        <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="row">
                {d.site}
                <br /><span class="app-field-note">{d.kind.label()}</span>
            </th>
            <td class="nhsuk-table__cell">
                {icb}
                {d.region_name.map(|r| view! { <br /> {r} })}
                {(d.icb_ods_code.is_some() && !d.icb_verified)
                    .then(|| view! { <br /><span class="app-field-note">"ICB mapping inferred, not stated in the source"</span> })}
            </td>
            <td class="nhsuk-table__cell app-table__wide"><OrNotRecorded value=d.result /></td>
            <td class="nhsuk-table__cell"><OrNotRecorded value=d.stage /></td>
            <td class="nhsuk-table__cell" data-status=d.status.clone().unwrap_or_default()><OrNotRecorded value=status /></td>
            <td class="nhsuk-table__cell"><OrNotRecorded value=d.setting /></td>
            <td class="nhsuk-table__cell"><OrNotRecorded value=d.go_live_on.map(long_date) /></td>
            <td class="nhsuk-table__cell"><OrNotRecorded value=d.scale /></td>
            <td class="nhsuk-table__cell"><ClaimSource provenance=claim.provenance /></td>
        </tr>
    }
}

/// Pilot results as comparable rows; free text stays text, nothing is derived.
#[component]
fn PilotTable(pilots: Vec<Claim<PilotItem>>, name: String) -> impl IntoView {
    const COLUMNS: [&str; 9] = [
        "Site",
        "Metric",
        "Baseline",
        "Result",
        "Period",
        "Study design",
        "Sample size",
        "Independent evaluation",
        "Report and verified on",
    ];
    view! {
        <RecordTable
            label="Pilot results"
            class="app-pilots"
            testid="pilot-results"
            caption=format!("Pilot results for {name}, as reported")
            columns=&COLUMNS
        >
                    {pilots.into_iter().map(|c| {
                        let independent = c.value.independent_label();
                        let p = c.value;
                        view! {
                            <tr class="nhsuk-table__row">
                                <th class="nhsuk-table__header" scope="row">{p.site}</th>
                                <td class="nhsuk-table__cell">{p.metric}</td>
                                <td class="nhsuk-table__cell"><OrNotRecorded value=p.baseline /></td>
                                <td class="nhsuk-table__cell app-table__wide">{p.result}</td>
                                <td class="nhsuk-table__cell"><OrNotRecorded value=p.period /></td>
                                <td class="nhsuk-table__cell app-table__wide"><OrNotRecorded value=p.design /></td>
                                <td class="nhsuk-table__cell"><OrNotRecorded value=p.sample_size /></td>
                                <td class="nhsuk-table__cell">{independent}</td>
                                <td class="nhsuk-table__cell"><ClaimSource provenance=c.provenance /></td>
                            </tr>
                        }
                    }).collect_view()}
        </RecordTable>
    }
}

/// NICE guidance, then other evidence statements.
#[component]
pub fn Evidence(nice: Vec<Claim<NiceItem>>, evidence: Vec<Claim<EvidenceItem>>) -> impl IntoView {
    view! {
        {if nice.is_empty() {
            view! { <NotYetDocumented what="NICE guidance" /> }.into_any()
        } else {
            nice.into_iter()
                .map(|c| {
                    let g = c.value;
                    view! {
                        <div class="nhsuk-card">
                            <div class="nhsuk-card__content">
                                <h3 class="nhsuk-card__heading nhsuk-heading-s">
                                    {format!("{} {}: ", g.reference, g.guidance_type.label())}
                                    <VerifiedValue field=g.title />
                                </h3>
                                <dl class="nhsuk-summary-list">
                                    <div class="nhsuk-summary-list__row">
                                        <dt class="nhsuk-summary-list__key">"Published"</dt>
                                        <dd class="nhsuk-summary-list__value"><VerifiedValue field=g.published /></dd>
                                    </div>
                                    <div class="nhsuk-summary-list__row">
                                        <dt class="nhsuk-summary-list__key">"Recommendation"</dt>
                                        <dd class="nhsuk-summary-list__value"><VerifiedValue field=g.recommendation /></dd>
                                    </div>
                                </dl>
                                <ClaimSource provenance=c.provenance />
                            </div>
                        </div>
                    }
                })
                .collect_view()
                .into_any()
        }}
        {(!evidence.is_empty())
            .then(|| {
                view! {
                    <h3>"Other evidence"</h3>
                    <ul class="nhsuk-list app-claims">
                        {evidence
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <li class="app-claim">
                                        <strong>{c.value.kind_label()}": "</strong>
                                        {c.value.statement}
                                        <ClaimSource provenance=c.provenance />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
    }
}
