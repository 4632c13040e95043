//! The "contacts at adopting ICSs" part of a technology page.

use crate::{
    accounts::use_visitor,
    components::{Loaded, long_date},
    domain::{Contact, ContactsView, Role, contact_method_label},
    error::AppError,
};
use leptos::prelude::*;

/// Shows the contacts this visitor may see for `slug`, from the page's
/// [`super::technology_contacts`] resource.
#[component]
pub fn ContactsPanel(
    slug: String,
    contacts: Resource<Result<ContactsView, AppError>>,
) -> impl IntoView {
    let member = use_visitor().has(Role::Member);
    view! {
        <h3 id="contacts">"Contacts at adopting ICSs"</h3>
        <Loaded data=contacts loading="Loading contacts…" let:c><Contacts view=c /></Loaded>
        {member.then(|| view! {
            <p><a href=format!("/technologies/{slug}/submit")>"We have deployed this: tell us about it"</a></p>
        })}
    }
}

#[component]
fn Contacts(view: ContactsView) -> impl IntoView {
    match view {
        ContactsView::SignInToView { count } => view! {
            <p data-testid="contacts-hidden">
                {ContactsView::count_text(count)}
                {(count > 0).then(|| view! { ": "<a href="/sign-in">"sign in to view"</a> })}
                "."
            </p>
        }
        .into_any(),
        ContactsView::AwaitingApproval { count } => view! {
            <p data-testid="contacts-hidden">
                {ContactsView::count_text(count)}
                {(count > 0).then_some(": you can see them once an administrator approves your account")}
                "."
            </p>
        }
        .into_any(),
        ContactsView::Visible(list) if list.is_empty() => view! {
            <p data-testid="contacts-none">"No one at an adopting ICS has agreed to be contacted about this technology yet."</p>
        }
        .into_any(),
        ContactsView::Visible(list) => view! {
            <p>"These people agreed to be contacted about their deployment. Please respect their preferred method."</p>
            <ul class="nhsuk-list app-contacts" data-testid="contacts">
                {list.into_iter().map(|c| view! { <ContactCard c /> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

/// One contact, labelled "Demo data" when synthetic.
#[component]
pub fn ContactCard(c: Contact) -> impl IntoView {
    let curator = crate::accounts::use_visitor().has(crate::domain::Role::Curator);
    let (id, name) = (c.id, c.name.clone());
    view! {
        <li class="nhsuk-card app-contact">
            <div class="nhsuk-card__content">
                {c.is_demo.then(|| view! { <strong class="nhsuk-tag nhsuk-tag--orange">"Demo data"</strong> " " })}
                <h4 class="nhsuk-card__heading nhsuk-heading-s">{c.name}</h4>
                <p class="nhsuk-body-s">{format!("{}, {}", c.job_title, c.organisation)}</p>
                <p class="nhsuk-body-s">
                    {format!("About: {}{}", c.site, c.icb_name.map(|i| format!(" ({i})")).unwrap_or_default())}
                </p>
                <p class="nhsuk-body-s">
                    <a href=format!("mailto:{}", c.email)>{c.email.clone()}</a>
                    {c.phone.map(|p| format!(" · {p}"))}
                    {format!(" · prefers {}", contact_method_label(&c.preferred_method).to_lowercase())}
                </p>
                <p class="app-field-note">{format!("Consent recorded {}; re-confirm by {}", long_date(c.consent_recorded_on), long_date(c.reconfirm_by))}</p>
                {curator.then(|| view! {
                    <p class="nhsuk-body-s"><a href=format!("/contacts/{id}/withdraw")>"Withdraw at their request"<span class="nhsuk-u-visually-hidden">{format!(" ({name})")}</span></a></p>
                })}
            </div>
        </li>
    }
}
