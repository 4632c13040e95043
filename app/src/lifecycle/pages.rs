//! The lifecycle pages: the new-technology form (with the drafts not yet
//! published), publishing (which says the inclusion basis it meets, or why it
//! cannot be published) and withdrawing a listed technology. One form per page.

use super::{DraftList, lifecycle, new_technology_form};
use crate::{
    accounts::use_form_echo,
    components::{
        Checkbox, Crumb, CsrfField, ErrorSummary, Loaded, PageMain, SelectInput, TextArea,
        TextInput, error_title,
    },
    domain::{
        FormEcho,
        curation::{CatalogueStatus, LifecycleView, basis_sentence},
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
            label: "Re-check queue",
            href: "/curator/recheck",
        },
    ]
}

/// `/curator/new-technology`.
#[component]
pub fn NewTechnologyPage() -> impl IntoView {
    let data = Resource::new(|| (), |()| new_technology_form());
    let echo = use_form_echo("new-technology");
    view! {
        <PageMain trail=trail()>
            <Loaded data let:d><NewTechnology d echo=echo.clone() /></Loaded>
        </PageMain>
    }
}

#[component]
fn NewTechnology(d: DraftList, echo: FormEcho) -> impl IntoView {
    let title = error_title("Add a technology", !echo.errors.is_empty());
    let DraftList { types, drafts } = d;
    view! {
        <Title text=title />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors=echo.errors.clone() />
                <h1>"Add a technology"</h1>
                <p>"It starts as a draft: it is in no search, filter, count or export until you publish it. Add its claims with their sources first; publishing needs NICE guidance or briefing, or at least one documented NHS deployment."</p>
                <form method="post" action="/curator/new-technology" novalidate>
                    <CsrfField />
                    <TextInput name="name" label="Name" value=echo.value("name") error=echo.error("name") />
                    <TextInput name="slug" label="Address (optional)" value=echo.value("slug") error=echo.error("slug")
                        hint="The last part of its page's address, for example kaia-back-pain. Left empty, it is made from the name." />
                    <SelectInput name="type" label="Type of technology" options=types empty="Select a type"
                        value=echo.value("type") error=echo.error("type") />
                    <TextInput name="supplier" label="Supplier (optional)" value=echo.value("supplier") error=echo.error("supplier")
                        hint="Linked to the supplier of that name when there is one" />
                    <TextArea name="summary" label="Summary (optional)" value=echo.value("summary") error=echo.error("summary") />
                    <TextInput name="clinical_area" label="Clinical area (optional)" value=echo.value("clinical_area") error=echo.error("clinical_area") />
                    <Checkbox name="ai_enabled" label="Uses artificial intelligence".to_owned() checked=!echo.value("ai_enabled").is_empty() />
                    <TextArea name="reason" label="Why it is being added (shown in the history once published)"
                        value=echo.value("reason") error=echo.error("reason") />
                    <button class="nhsuk-button" type="submit">"Add as a draft"</button>
                </form>
                <h2>"Drafts not yet published"</h2>
                {if drafts.is_empty() {
                    view! { <p>"There are no drafts."</p> }.into_any()
                } else {
                    view! {
                        <ul class="nhsuk-list" data-testid="drafts">
                            {drafts.into_iter().map(|(slug, name)| view! {
                                <li><a href=format!("/curator/technologies/{slug}")>{name}</a></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

/// The technology named by the page's `slug`, with its lifecycle.
fn lifecycle_resource() -> Resource<Result<LifecycleView, crate::error::AppError>> {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    Resource::new(slug, lifecycle)
}

/// `/curator/technologies/{slug}/publish`.
#[component]
pub fn PublishPage() -> impl IntoView {
    let data = lifecycle_resource();
    let echo = use_form_echo("publish");
    view! {
        <PageMain trail=trail()>
            <Loaded data let:v><Change v echo=echo.clone() publish=true /></Loaded>
        </PageMain>
    }
}

/// `/curator/technologies/{slug}/withdraw`.
#[component]
pub fn RetirePage() -> impl IntoView {
    let data = lifecycle_resource();
    let echo = use_form_echo("retire");
    view! {
        <PageMain trail=trail()>
            <Loaded data let:v><Change v echo=echo.clone() publish=false /></Loaded>
        </PageMain>
    }
}

/// Publishing or withdrawing, with the reason.
#[component]
fn Change(v: LifecycleView, echo: FormEcho, publish: bool) -> impl IntoView {
    let (slug, name) = v.technology.clone();
    let heading = if publish {
        "Publish this technology"
    } else {
        "Withdraw this technology from the catalogue"
    };
    let title = error_title(&format!("{heading}: {name}"), !echo.errors.is_empty());
    let status = v.listing.status;
    let allowed = if publish {
        !status.is_listed()
    } else {
        status.is_listed()
    };
    let basis = basis_sentence(&v.basis);
    let version = if echo.values.is_empty() {
        v.version.to_string()
    } else {
        echo.value("version")
    };
    let explain = if publish {
        match &basis {
            Some(b) => view! {
                <p data-testid="basis">{format!("It meets the inclusion rule: {b}.")}</p>
                <p>"Publishing puts it in the catalogue's search, filters, counts and exports, and records the basis."</p>
            }
            .into_any(),
            None => view! {
                <div class="nhsuk-warning-callout" data-testid="no-basis">
                    <h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"It cannot be published yet"</span></h2>
                    <p>"It has no NICE guidance or briefing and no documented NHS deployment. Add one of those, with its source, first."</p>
                </div>
            }
            .into_any(),
        }
    } else {
        view! {
            <p>"It leaves the catalogue's search, filters, counts and exports. Its page stays at its address, saying it is no longer listed, with your reason and today's date; its history remains."</p>
        }
        .into_any()
    };
    let button = if publish {
        "Publish"
    } else {
        "Withdraw from the catalogue"
    };
    let button_class = if publish {
        "nhsuk-button"
    } else {
        "nhsuk-button nhsuk-button--warning"
    };
    let label = if publish {
        "Why it is being published (shown in the history)"
    } else {
        "Why it is no longer listed (shown on its page and in the history)"
    };
    let action = format!(
        "/curator/technologies/{slug}/{}",
        if publish { "publish" } else { "withdraw" }
    );
    let not_now = match (publish, status) {
        (true, _) => "It is already listed.",
        (false, CatalogueStatus::Draft) => {
            "A draft is not listed, so there is nothing to withdraw."
        }
        (false, _) => "It is already no longer listed.",
    };
    let sentence = v.listing.sentence();
    view! {
        <Title text=title />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors=echo.errors.clone() />
                <span class="nhsuk-caption-l"><a href=format!("/curator/technologies/{slug}")>{name}</a></span>
                <h1>{heading}</h1>
                <p data-testid="status">{sentence}</p>
                {if allowed {
                    view! {
                        {explain}
                        <form method="post" action=action novalidate>
                            <CsrfField />
                            <input type="hidden" name="version" value=version />
                            <TextArea name="reason" label value=echo.value("reason") error=echo.error("reason") />
                            <button class=button_class type="submit">{button}</button>
                        </form>
                    }
                    .into_any()
                } else {
                    view! { <p>{not_now}</p> }.into_any()
                }}
            </div>
        </div>
    }
}
