//! A supplier account's pages: its own technologies with the evidence it may
//! propose for each, what it proposed and what became of it, and the
//! proposal form (the block's fields as a curator enters them, a summary and
//! a source). It never publishes: a curator checks and applies each one.

use super::{SupplierHome, get_supplier_home, panel::SuggestionTable, proposal_form};
use crate::{
    accounts::use_form_echo,
    components::{
        Crumb, CsrfField, ErrorSummary, Loaded, PageMain, TextArea, TextInput, error_title,
    },
    curation::FieldInput,
    domain::{
        FormEcho,
        curation::{EditorView, SUPPLIER_BLOCKS, block},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn trail() -> Vec<Crumb> {
    vec![
        Crumb {
            label: "Home",
            href: "/",
        },
        Crumb {
            label: "Your supplier page",
            href: "/supplier",
        },
    ]
}

/// `/supplier`.
#[component]
pub fn SupplierPage() -> impl IntoView {
    let data = Resource::new(|| (), |()| get_supplier_home());
    view! {
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <Loaded data let:h><Home h /></Loaded>
        </PageMain>
    }
}

#[component]
fn Home(h: SupplierHome) -> impl IntoView {
    let SupplierHome {
        supplier,
        technologies,
        proposals,
    } = h;
    let waiting = proposals
        .iter()
        .filter(|p| p.state == crate::domain::curation::SuggestionState::Pending)
        .count();
    view! {
        <Title text=format!("Evidence from {supplier}") />
        <span class="nhsuk-caption-l">"Supplier account"</span>
        <h1>{supplier.clone()}</h1>
        <p>"Propose evidence about your own technologies. The catalogue team checks each item against its source before it is shown, as \"Supplier's statement, checked by the catalogue team\". You cannot publish or change the catalogue yourself, and you do not see adopters' contacts."</p>
        <p data-testid="supplier-summary">{format!("{} proposed, {waiting} waiting for review.", proposals.len())}</p>
        <h2>"Your technologies"</h2>
        {if technologies.is_empty() {
            view! { <p>"The catalogue lists none of your technologies yet."</p> }.into_any()
        } else {
            view! {
                <ul class="nhsuk-list" data-testid="supplier-technologies">
                    {technologies.into_iter().map(|(slug, name)| view! {
                        <li>
                            <h3 class="nhsuk-heading-s"><a href=format!("/technologies/{slug}")>{name.clone()}</a></h3>
                            <ul class="nhsuk-list nhsuk-list--bullet">
                                {SUPPLIER_BLOCKS.iter().filter_map(|b| block(b)).map(|spec| view! {
                                    <li><a href=format!("/supplier/technologies/{slug}/propose/{}", spec.id)>
                                        {format!("Propose {}", spec.plural.to_lowercase())}
                                        <span class="nhsuk-u-visually-hidden">{format!(" for {name}")}</span>
                                    </a></li>
                                }).collect_view()}
                            </ul>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2>"What you proposed"</h2>
        <SuggestionTable items=proposals caption="Your proposals, newest first" />
    }
}

/// `/supplier/technologies/{slug}/propose/{block}`.
#[component]
pub fn ProposePage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("slug").unwrap_or_default(),
            p.get("block").unwrap_or_default(),
        )
    };
    let data = Resource::new(key, |(slug, block)| proposal_form(slug, block));
    let echo = use_form_echo("propose");
    view! {
        <PageMain trail=trail()>
            <Loaded data let:v><Propose v echo=echo.clone() /></Loaded>
        </PageMain>
    }
}

#[component]
fn Propose(v: EditorView, echo: FormEcho) -> impl IntoView {
    let Some(spec) = v.spec() else {
        return view! { <p>"Evidence of this kind cannot be proposed."</p> }.into_any();
    };
    let (slug, name) = v.technology.clone();
    let title = error_title(
        &format!("Propose {}: {name}", spec.plural.to_lowercase()),
        !echo.errors.is_empty(),
    );
    let action = format!("/supplier/technologies/{slug}/propose/{}", spec.id);
    let fields = spec
        .fields
        .iter()
        .map(|f| view! { <FieldInput spec=f value=echo.value(f.name) error=echo.error(f.name) /> })
        .collect_view();
    view! {
        <Title text=title />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors=echo.errors.clone() />
                <span class="nhsuk-caption-l">{name}</span>
                <h1>{format!("Propose {}", spec.plural.to_lowercase())}</h1>
                <p>"Fill in what your source says. The catalogue team checks it before it appears."</p>
                <form method="post" action=action novalidate>
                    <CsrfField />
                    {fields}
                    <TextInput name="source" label="Source address" value=echo.value("source") error=echo.error("source")
                        hint="A public page where it can be checked, starting with https://" />
                    <TextArea name="proposed" label="What this is, for the catalogue team" value=echo.value("proposed") error=echo.error("proposed") />
                    <button class="nhsuk-button" type="submit">"Send for review"</button>
                </form>
            </div>
        </div>
    }
    .into_any()
}
