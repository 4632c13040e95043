//! The sections of the technology page, in the order an ICB decides: each has a
//! heading with an anchor for the contents list, and says "Not yet documented"
//! when the catalogue has nothing.

use crate::{
    components::{ClaimSource, OrNotRecorded, ScrollTable, VerifiedValue},
    domain::{
        BenefitItem, Claim, CostItem, DeploymentItem, EvidenceItem, FundingItem, InfraItem,
        NiceItem, PilotItem, RecordStatus, RegulatoryKind, RegulatoryRecordItem, RegulatoryRow,
        SearchRecord, Standing, WorkforceItem,
    },
};
use leptos::prelude::*;

/// The page's sections: anchor id and heading.
pub const SECTIONS: [(&str, &str); 13] = [
    ("summary", "Summary"),
    ("readiness", "Is it right for us?"),
    ("benefits", "Benefits"),
    ("costs", "Costs"),
    ("savings", "Savings"),
    ("funding", "Procurement and funding"),
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

/// The honest empty state; with a search record, says what was searched and when.
#[component]
pub fn NotYetDocumented(
    what: &'static str,
    /// The block (`cost`, `it`, …) a member may suggest content for.
    block: &'static str,
    #[prop(default = None)] searched: Option<SearchRecord>,
) -> impl IntoView {
    let slug = leptos_router::hooks::use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let suggest = crate::accounts::use_visitor()
        .has(crate::domain::Role::Member)
        .then(|| {
            view! {
                <p><a href=crate::domain::curation::suggest_href(block, None, &slug)>
                    "Suggest a correction"<span class="nhsuk-u-visually-hidden">{format!(": {what}")}</span>
                </a></p>
            }
        });
    view! {
        <div class="nhsuk-inset-text app-empty">
            <p>
                <strong>"Not yet documented."</strong>
                {format!(" The catalogue has no sourced information on {what} for this technology yet.")}
            </p>
            {searched.map(|s| view! { <p data-testid="searched-not-found">{s.sentence()}</p> })}
            <p>"If your organisation has evidence, please share it with the catalogue team so it can be checked and added."</p>
            {suggest}
        </div>
    }
}

/// A list of claims, each rendered by `render` and followed by its source; or the
/// honest empty state (with its search record, if any) when there are none.
fn claim_list<T>(
    items: Vec<Claim<T>>,
    what: &'static str,
    block: &'static str,
    searched: Option<SearchRecord>,
    render: impl Fn(T) -> AnyView,
) -> AnyView {
    if items.is_empty() {
        return view! { <NotYetDocumented what block searched /> }.into_any();
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
pub fn Benefits(
    items: Vec<Claim<BenefitItem>>,
    #[prop(default = None)] searched: Option<SearchRecord>,
) -> impl IntoView {
    claim_list(items, "benefits", "benefit", searched, |b| {
        view! {
            <strong class="nhsuk-tag nhsuk-tag--blue">{b.domain.replace('_', " ")}</strong>
            " "
            {b.statement}
        }
        .into_any()
    })
}

/// Plain statements with sources (savings and similar).
#[component]
pub fn Statements(
    items: Vec<Claim<String>>,
    what: &'static str,
    /// The block id.
    block: &'static str,
    #[prop(default = None)] searched: Option<SearchRecord>,
) -> impl IntoView {
    claim_list(items, what, block, searched, |s| s.into_any())
}

/// Costs as stated, each with its structured facts; the two kinds that are
/// never totalled say so, and old prices are marked.
#[component]
pub fn Costs(
    items: Vec<Claim<CostItem>>,
    this_year: i32,
    #[prop(default = None)] searched: Option<SearchRecord>,
) -> impl IntoView {
    claim_list(items, "costs", "cost", searched, move |c| {
        let never = c.kind.filter(|k| !k.totalled()).map(|k| {
            view! { <strong class="nhsuk-tag nhsuk-tag--grey">{format!("{}: never added into a total", k.label())}</strong> " " }
        });
        let age = c.age_warning(this_year).map(|w| {
            view! { " " <strong class="nhsuk-tag nhsuk-tag--orange">{w}</strong> }
        });
        let facts = c.facts();
        view! {
            {never}
            {c.statement}
            {age}
            {(!facts.is_empty()).then(|| view! { <span class="app-field-note app-cost-facts">{facts.join(" · ")}</span> })}
        }
        .into_any()
    })
}

/// How others paid for or bought it.
#[component]
pub fn Funding(
    items: Vec<Claim<FundingItem>>,
    #[prop(default = None)] searched: Option<SearchRecord>,
) -> impl IntoView {
    claim_list(
        items,
        "procurement and funding routes",
        "funding",
        searched,
        |f| {
            let value = f.amount.map(|m| {
                let mut v = m.text();
                if let Some(u) = &f.unit {
                    v.push_str(&format!(" ({u})"));
                }
                if let Some(y) = f.stated_year {
                    v.push_str(&format!(", stated in {y}"));
                }
                view! { " " <span class="app-field-note">{format!("Value: {v}")}</span> }
            });
            view! {
                <strong class="nhsuk-tag nhsuk-tag--blue">{f.kind.label()}</strong>
                " "
                {f.statement}
                {value}
            }
            .into_any()
        },
    )
}

/// The tag for a checklist standing.
fn standing_tag(standing: Standing) -> &'static str {
    match standing {
        Standing::Met => "nhsuk-tag nhsuk-tag--green",
        Standing::SupplierSays => "nhsuk-tag nhsuk-tag--yellow",
        Standing::NotMet => "nhsuk-tag nhsuk-tag--red",
        Standing::Recorded | Standing::NotDocumented => "nhsuk-tag nhsuk-tag--grey",
    }
}

/// One regulatory record: what it says, its status in words, and its source.
fn record_item(c: Claim<RegulatoryRecordItem>) -> impl IntoView {
    let status = match c.value.status {
        RecordStatus::Holds => None,
        other => {
            Some(view! { <strong class="nhsuk-tag nhsuk-tag--grey">{other.label()}</strong> " " })
        }
    };
    view! {
        <li class="app-claim">
            <strong>{c.value.kind.label()}": "</strong>
            {status}
            {c.value.statement}
            <ClaimSource provenance=c.provenance />
        </li>
    }
}

/// The regulatory checklist, one row per essential with its standing by the
/// rule (met only on a verified record that holds, resting on a source other
/// than the supplier), then records of other jurisdictions and other records.
#[component]
pub fn RegulatoryChecklist(
    rows: Vec<RegulatoryRow>,
    records: Vec<Claim<RegulatoryRecordItem>>,
    name: String,
    #[prop(default = None)] searched: Option<SearchRecord>,
) -> impl IntoView {
    let (by_essential, unmatched): (Vec<_>, Vec<_>) = records
        .into_iter()
        .partition(|c| c.value.kind.essential().is_some());
    let (fda, other): (Vec<_>, Vec<_>) = unmatched
        .into_iter()
        .partition(|c| c.value.kind == RegulatoryKind::Fda);
    let none_recorded = rows.iter().all(|r| r.standing == Standing::NotDocumented);
    // The NHS.UK responsive table: on small screens each row stacks with its
    // cells labelled (the explicit roles keep the table's semantics).
    let heading = |text: &'static str| {
        view! { <span class="nhsuk-table__heading" aria-hidden="true">{text}</span> }
    };
    view! {
        <table class="nhsuk-table nhsuk-table--responsive app-regulatory" role="table">
            <caption class="nhsuk-table__caption nhsuk-table__caption--s">
                {format!("Regulatory essentials for {name}")}
            </caption>
            <thead class="nhsuk-table__head" role="rowgroup">
                <tr class="nhsuk-table__row" role="row">
                    <th class="nhsuk-table__header" scope="col" role="columnheader">"Essential"</th>
                    <th class="nhsuk-table__header" scope="col" role="columnheader">"Status"</th>
                    <th class="nhsuk-table__header" scope="col" role="columnheader">"What the sources say"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body" role="rowgroup">
                {rows
                    .into_iter()
                    .map(|row| {
                        let first = match row.record {
                            Some(c) if c.value.status != "not_documented" => view! {
                                // A div: the source line is itself a paragraph.
                                <div class="app-claim">{c.value.statement} <ClaimSource provenance=c.provenance /></div>
                            }
                                .into_any(),
                            Some(c) => view! {
                                {c.provenance.note.map(|n| view! { <span class="app-field-note">{n}</span> })}
                            }
                                .into_any(),
                            None => ().into_any(),
                        };
                        let mine: Vec<_> = by_essential
                            .iter()
                            .filter(|c| c.value.kind.essential() == Some(row.essential_id.as_str()))
                            .cloned()
                            .collect();
                        let records = (!mine.is_empty()).then(|| view! {
                            <ul class="nhsuk-list app-claims">{mine.into_iter().map(record_item).collect_view()}</ul>
                        });
                        view! {
                            <tr class="nhsuk-table__row" role="row" data-essential=row.essential_id.clone()>
                                <th class="nhsuk-table__header" scope="row" role="rowheader">{row.essential_name}</th>
                                <td class="nhsuk-table__cell" role="cell" data-standing=row.standing.id()>
                                    {heading("Status")}
                                    <strong class=standing_tag(row.standing)>{row.standing.label()}</strong>
                                </td>
                                <td class="nhsuk-table__cell" role="cell">{heading("What the sources say")}{first}{records}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {(none_recorded && fda.is_empty() && other.is_empty())
            .then(|| searched.map(|s| view! { <p class="app-field-note" data-testid="searched-not-found">{s.sentence()}</p> }))}
        {(!fda.is_empty()).then(|| view! {
            <h3>"Other jurisdictions"</h3>
            <p>"Clearances outside the UK. They do not meet a UK requirement."</p>
            <ul class="nhsuk-list app-claims" data-testid="other-jurisdictions">{fda.into_iter().map(record_item).collect_view()}</ul>
        })}
        {(!other.is_empty()).then(|| view! {
            <h3>"Other regulatory records"</h3>
            <ul class="nhsuk-list app-claims">{other.into_iter().map(record_item).collect_view()}</ul>
        })}
    }
}

/// Workforce and skills requirements.
#[component]
pub fn Workforce(
    items: Vec<Claim<WorkforceItem>>,
    #[prop(default = None)] searched: Option<SearchRecord>,
) -> impl IntoView {
    claim_list(items, "workforce and skills", "workforce", searched, |w| {
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
pub fn Infrastructure(
    items: Vec<Claim<InfraItem>>,
    what: &'static str,
    /// The block id (`it` or `estates`).
    block: &'static str,
    #[prop(default = None)] searched: Option<SearchRecord>,
) -> impl IntoView {
    claim_list(items, what, block, searched, |i| {
        let label = if i.standards_stated {
            "Standards"
        } else {
            "Standards named"
        };
        let mut facts = Vec::new();
        if !i.standards.is_empty() {
            facts.push(format!("{label}: {}", i.standards.join(", ")));
        }
        if let Some(h) = i.hosting {
            facts.push(format!("Hosting: {}", h.label()));
        }
        if let Some(d) = i.data_location {
            facts.push(format!("Data held in: {}", d.label()));
        }
        let facts = (!facts.is_empty())
            .then(|| view! { " " <span class="app-field-note">{facts.join(" · ")}</span> });
        view! { {i.statement} {facts} }.into_any()
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
    #[prop(default = None)] searched_deployments: Option<SearchRecord>,
    #[prop(default = None)] searched_pilots: Option<SearchRecord>,
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
            view! { <NotYetDocumented what="adopters" block="deployment" searched=searched_deployments /> }.into_any()
        } else {
            view! { <AdoptersTable deployments name=name.clone() /> }.into_any()
        }}
        <h3 id="pilot-results">"Pilot results"</h3>
        {if pilots.is_empty() {
            view! { <NotYetDocumented what="pilot results" block="pilot" searched=searched_pilots /> }.into_any()
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
        "Start",
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
    let icb = match (d.nation, d.icb_ods_code.clone(), d.icb_name.clone()) {
        (Some(nation), _, _) => format!("{} (outside the ICB system)", nation.label()).into_any(),
        (None, Some(code), Some(name)) => {
            view! { <a href=format!("/icbs/{code}")>{format!("{name} ({code})")}</a> }.into_any()
        }
        (None, None, Some(name)) => name.into_any(),
        _ => "ICB not recorded".into_any(),
    };
    let inferred = d.stage_status_inferred && (d.stage.is_some() || d.status.is_some());
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
                    .then(|| view! { <br /><span class="app-field-note">"ICB inferred from location"</span> })}
            </td>
            <td class="nhsuk-table__cell app-table__wide"><OrNotRecorded value=d.result /></td>
            {if inferred {
                view! {
                    <td class="nhsuk-table__cell">
                        <OrNotRecorded value=d.stage />
                        <br /><span class="app-field-note">"Stage as read from the source"</span>
                    </td>
                }
                    .into_any()
            } else {
                view! { <td class="nhsuk-table__cell"><OrNotRecorded value=d.stage /></td> }.into_any()
            }}
            <td class="nhsuk-table__cell" data-status=d.status.clone().unwrap_or_default()><OrNotRecorded value=status /></td>
            <td class="nhsuk-table__cell"><OrNotRecorded value=d.setting /></td>
            <td class="nhsuk-table__cell"><OrNotRecorded value=d.go_live.map(|g| g.long()) /></td>
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
            view! { <NotYetDocumented what="NICE guidance" block="nice" /> }.into_any()
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
