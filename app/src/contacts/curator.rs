//! `/curator/contacts`: contacts whose consent has lapsed, hidden from members
//! until a curator records that they re-confirmed.

use super::{contacts_due, panel::ContactCard};
use crate::components::{Crumb, CsrfField, Loaded, PageMain};
use crate::domain::Contact;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/curator/contacts`.
#[component]
pub fn CuratorContactsPage() -> impl IntoView {
    let due = Resource::new(|| (), |_| contacts_due());
    view! {
        <Title text="Contacts to re-confirm" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <h1>"Contacts to re-confirm"</h1>
            <p>"These contacts are past their re-confirm date, so members no longer see them. Ask each person whether they still agree to be contacted; record it here only when they have said yes."</p>
            <Loaded data=due let:list><Due list /></Loaded>
        </PageMain>
    }
}

#[component]
fn Due(list: Vec<Contact>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p data-testid="none-due">"No contacts need re-confirming."</p> }
            .into_any();
    }
    view! {
        <ul class="nhsuk-list" data-testid="due">
            {list.into_iter().map(|c| {
                let id = c.id;
                let (slug, name) = c.technology.clone();
                view! {
                    <li>
                        <p><a href=format!("/technologies/{slug}")>{name}</a></p>
                        <ul class="nhsuk-list"><ContactCard c /></ul>
                        <form method="post" action=format!("/curator/contacts/{id}/reconfirm")>
                            <CsrfField />
                            <button class="nhsuk-button nhsuk-button--secondary" type="submit">
                                "They re-confirmed today"<span class="nhsuk-u-visually-hidden">{format!(" (contact {id})")}</span>
                            </button>
                        </form>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
