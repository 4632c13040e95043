//! The technology page view: every block the report asks for, each claim with its
//! source, verification and re-check date.

use super::{
    get_technology,
    sections::{
        Adoption, Benefits, Contents, Costs, Evidence, Funding, Infrastructure,
        RegulatoryChecklist, Section, Statements, Workforce,
    },
};
use crate::{
    components::{
        Crumb, ErrorSummary, FreshnessBadge, Loaded, Notices, PageMain, SourceList, VerifiedValue,
        error_title,
    },
    contacts::{ContactsPanel, technology_contacts},
    domain::{CompareQuery, ContactsView, MAX_COMPARE, RequirementSources, TechnologyDetail},
    error::AppError,
    readiness::{CostSection, ReadinessCheck, use_cost_assumptions, use_org_context},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};

/// `/technologies/{slug}`.
#[component]
pub fn TechnologyPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let technology = Resource::new(slug, get_technology);
    // Made here, once per page, not inside the technology's view: that view may
    // be built more than once while the page renders, and each build would fetch
    // (and maybe serialise) the contacts again.
    let contacts = Resource::new(slug, technology_contacts);
    view! {
        <PageMain trail=vec![
            Crumb { label: "Home", href: "/" },
            Crumb { label: "Technologies", href: "/technologies" },
        ]>
            <Loaded data=technology loading="Loading technology…" let:t><Technology t contacts /></Loaded>
        </PageMain>
    }
}

/// "Add to comparison": goes to the comparison of the technologies picked so far
/// (carried in `?compare=`) plus this one.
#[component]
fn AddToComparison(slug: String) -> impl IntoView {
    let location = use_location();
    let picked = CompareQuery::parse_query_string(&location.search.get_untracked()).0;
    let next = picked.with(&slug);
    let text = if picked.techs.contains(&slug) {
        format!("View the comparison ({} chosen)", picked.techs.len())
    } else if next == picked {
        format!("View the comparison: {MAX_COMPARE} already chosen, the maximum")
    } else {
        "Add to comparison".to_owned()
    };
    view! {
        <p class="app-add-compare" data-testid="add-to-comparison">
            <a href=next.href()>{text}</a>
            {(!picked.techs.is_empty() && next != picked).then(|| {
                format!(" (with the {} you chose)", picked.techs.len())
            })}
        </p>
    }
}

#[component]
fn Technology(
    t: TechnologyDetail,
    contacts: Resource<Result<ContactsView, AppError>>,
) -> impl IntoView {
    let sources = RequirementSources::of(&t);
    let (_, cost_errors, _) = use_cost_assumptions();
    let (_, context_notices) = use_org_context();
    let shares = t.reliance_shares();
    let searched = |block: &str| t.searched_for(block).cloned();
    let (
        s_costs,
        s_savings,
        s_funding,
        s_reg,
        s_work,
        s_it,
        s_estates,
        s_dep,
        s_pilots,
        s_benefits,
    ) = (
        searched("costs"),
        searched("savings"),
        searched("procurement_and_funding"),
        searched("regulatory_records"),
        searched("workforce_requirements"),
        searched("it_requirements"),
        searched("estates_requirements"),
        searched("deployments"),
        searched("pilot_results"),
        searched("benefits"),
    );
    let s = t.summary;
    let slug = s.slug.as_str().to_owned();
    let (name_regulatory, name_adoption) = (s.name.clone(), s.name.clone());
    let completeness = s.completeness.clone();
    let missing: Vec<&str> = completeness
        .missing()
        .into_iter()
        .map(|b| b.label())
        .collect();
    let (name_readiness, name_costs) = (s.name.clone(), s.name.clone());
    let (cost_slug, cost_claims, cost_workforce, cost_benefits, cost_pilots, cost_savings) = (
        slug.clone(),
        t.costs.clone(),
        t.workforce.clone(),
        t.benefits.clone(),
        t.pilots.clone(),
        t.savings.clone(),
    );
    let this_year = chrono::Datelike::year(&t.as_of);
    let no_longer_listed = (t.listing.status == crate::domain::curation::CatalogueStatus::Withdrawn)
        .then(|| {
            let when = t
                .listing
                .changed_on
                .map(|d| format!("Withdrawn on {}. ", crate::domain::long_date(d)))
                .unwrap_or_default();
            let why = t.listing.withdrawn_reason.clone().unwrap_or_default();
            view! {
                <div class="nhsuk-warning-callout" data-testid="no-longer-listed">
                    <h2 class="nhsuk-warning-callout__label">
                        <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"No longer listed"</span>
                    </h2>
                    <p>{format!("{when}Reason: {why}")}</p>
                    <p>"It is not in the catalogue's search, filters, counts or exports. This page and its history are kept as they were."</p>
                </div>
            }
        });
    view! {
        <Title text=error_title(&s.name, !cost_errors.is_empty()) />
        <ErrorSummary errors=cost_errors />
        <span class="nhsuk-caption-l">{s.technology_type.clone()}</span>
        <h1>{s.name.clone()}</h1>
        {no_longer_listed}
        <Notices messages=context_notices testid="context-notices" />
        <AddToComparison slug=s.slug.as_str().to_owned() />
        <p class="nhsuk-body-s" data-testid="history-links">
            <a href=format!("/technologies/{slug}/history")>"History of changes to this page"</a>
            {crate::accounts::use_visitor().has(crate::domain::Role::Curator).then(|| view! {
                " · "<a href=format!("/curator/technologies/{slug}")>"Edit this technology (curators)"</a>
            })}
        </p>
        <p class="app-completeness" data-testid="completeness">
            <strong>{completeness.summary()}</strong>
            {(!missing.is_empty()).then(|| format!(". Not yet documented: {}.", missing.join(", ")))}
            " "
            <FreshnessBadge freshness=s.freshness />
        </p>
        <p class="app-reliance" data-testid="reliance" data-independent=shares.independent.to_string()
            data-secondary=shares.secondary.to_string() data-supplier=shares.supplier.to_string()
            data-total=shares.total().to_string()>
            <strong>"What its claims rest on: "</strong>
            {shares.summary()}
            ". "
            <span class="app-field-note">"Independent: NICE, regulators, the NHS, research and Health Innovation Networks. Secondary: the press and other websites. The supplier alone: its own pages and G-Cloud listings."</span>
        </p>
        <Contents />

        <Section id="summary">
            <p class="nhsuk-lede-text"><VerifiedValue field=s.summary /></p>
            <dl class="nhsuk-summary-list">
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Supplier"</dt>
                    <dd class="nhsuk-summary-list__value"><VerifiedValue field=s.supplier /></dd>
                </div>
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Type"</dt>
                    <dd class="nhsuk-summary-list__value">{s.technology_type}</dd>
                </div>
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Clinical area"</dt>
                    <dd class="nhsuk-summary-list__value"><VerifiedValue field=s.clinical_area /></dd>
                </div>
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Care settings"</dt>
                    <dd class="nhsuk-summary-list__value">
                        {if s.care_settings.is_empty() { "Not yet documented".to_owned() } else { s.care_settings.join("; ") }}
                        {t.care_setting_text.map(|c| view! { <span class="app-field-note">{format!("As the source puts it: {c}")}</span> })}
                    </dd>
                </div>
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"AI-enabled"</dt>
                    <dd class="nhsuk-summary-list__value">
                        {if t.ai_enabled { "Yes" } else { "No" }}
                        " "<span class="app-field-note">"(derived from the technology type)"</span>
                    </dd>
                </div>
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Why it is listed"</dt>
                    <dd class="nhsuk-summary-list__value">{inclusion_text(&t.inclusion_basis)}</dd>
                </div>
            </dl>
        </Section>
        <Section id="readiness"><ReadinessCheck sources name=name_readiness /></Section>
        <Section id="benefits"><Benefits items=t.benefits searched=s_benefits /></Section>
        <Section id="costs">
            <Costs items=t.costs this_year searched=s_costs />
            <CostSection slug=cost_slug name=name_costs costs=cost_claims workforce=cost_workforce
                benefits=cost_benefits pilots=cost_pilots savings=cost_savings />
        </Section>
        <Section id="savings">
            <p>"Savings the sources claim, in money or time. They are never netted against the costs or added into a cost total."</p>
            <Statements items=t.savings what="savings" block="saving" searched=s_savings />
        </Section>
        <Section id="funding"><Funding items=t.funding searched=s_funding /></Section>
        <Section id="regulatory">
            <RegulatoryChecklist rows=t.regulatory records=t.regulatory_records name=name_regulatory searched=s_reg />
        </Section>
        <Section id="workforce"><Workforce items=t.workforce searched=s_work /></Section>
        <Section id="it"><Infrastructure items=t.it what="IT infrastructure" block="it" searched=s_it /></Section>
        <Section id="estates"><Infrastructure items=t.estates what="estates" block="estates" searched=s_estates /></Section>
        <Section id="adoption">
            <Adoption deployments=t.deployments pilots=t.pilots name=name_adoption
                searched_deployments=s_dep searched_pilots=s_pilots />
            <ContactsPanel slug=slug contacts />
        </Section>
        <Section id="evidence"><Evidence nice=t.nice evidence=t.evidence /></Section>
        <Section id="sources"><SourceList sources=t.sources /></Section>
    }
}

/// Plain-English inclusion basis.
fn inclusion_text(basis: &[String]) -> String {
    crate::domain::curation::basis_sentence(basis).unwrap_or_else(|| {
        "Under review: no NICE guidance or documented NHS deployment recorded".into()
    })
}
