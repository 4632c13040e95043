//! Withdrawing a contact's consent, which deletes the contact: by the member
//! the contact describes (from "Where you are a contact" on `/account`), or by
//! a curator at the person's request (from the contact's card). The page at
//! `/contacts/{id}/withdraw` shows the entry and one button; its form posts to
//! the same address.

use super::panel::ContactCard;
use crate::{
    components::{Crumb, CsrfField, Loaded, PageMain},
    domain::Contact,
    error::AppError,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// What the withdraw page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    /// The contact.
    pub contact: Contact,
    /// Whether it describes the visitor (otherwise a curator acts on request).
    pub own: bool,
}

/// The contact for its withdraw page: the member it describes, or a curator.
/// Anyone else (and an unknown id) gets 404, so the page tells nobody that
/// the contact exists.
#[server(prefix = "/api", endpoint = "contacts/withdrawal", input = server_fn::codec::GetUrl)]
pub async fn get_withdrawal(id: i64) -> Result<Withdrawal, AppError> {
    use crate::domain::Role;
    let visitor = crate::ssr::visitor();
    let Some(me) = visitor.account.clone() else {
        return Err(crate::ssr::with_status(AppError::SignInRequired));
    };
    let pool = crate::ssr::pool()?;
    let found = crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::contacts::one(&mut conn, id).await
    })
    .await?;
    match found {
        Some((contact, owner)) if owner == Some(me.id) => Ok(Withdrawal { contact, own: true }),
        Some((contact, _)) if visitor.has(Role::Curator) => Ok(Withdrawal {
            contact,
            own: false,
        }),
        _ => Err(crate::ssr::with_status(AppError::NotFound {
            what: "that contact".into(),
        })),
    }
}

/// The contact entries that describe the signed-in member.
#[server(prefix = "/api", endpoint = "contacts/mine", input = server_fn::codec::GetUrl)]
pub async fn get_my_contacts() -> Result<Vec<Contact>, AppError> {
    let Some(me) = crate::ssr::visitor().account else {
        return Err(crate::ssr::with_status(AppError::SignInRequired));
    };
    let pool = crate::ssr::pool()?;
    crate::ssr::db(crate::db::contacts::own(&pool, me.id)).await
}

/// `/contacts/{id}/withdraw`.
#[component]
pub fn WithdrawContactPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let found = Resource::new(id, get_withdrawal);
    view! {
        <Title text="Withdraw consent to be contacted" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }, Crumb { label: "Your account", href: "/account" }]>
            <h1>"Withdraw consent to be contacted"</h1>
            <Loaded data=found let:w>
                {
                    let id = w.contact.id;
                    let own = w.own;
                    view! {
                        <p>{if own {
                            "Other members will no longer see you as a contact for this deployment. The entry is deleted, not hidden. The deployment itself stays in the catalogue."
                        } else {
                            "Do this only when the person has asked. The entry is deleted, not hidden; the deployment itself stays in the catalogue."
                        }}</p>
                        <ul class="nhsuk-list"><ContactCard c=w.contact /></ul>
                        <form method="post" action=format!("/contacts/{id}/withdraw")>
                            <CsrfField />
                            <button class="nhsuk-button nhsuk-button--warning" type="submit">
                                {if own { "Withdraw my consent" } else { "Withdraw at their request" }}
                            </button>
                        </form>
                    }
                }
            </Loaded>
        </PageMain>
    }
}

/// "Where you are a contact" on `/account`.
#[component]
pub fn MyContacts() -> impl IntoView {
    let mine = Resource::new(|| (), |_| get_my_contacts());
    view! {
        <h2 class="nhsuk-heading-m" id="contacts">"Where you are a contact"</h2>
        <Loaded data=mine let:list>
            {if list.is_empty() {
                view! { <p>"You are not listed as a contact for any deployment."</p> }.into_any()
            } else {
                view! {
                    <p>"Other members can see these details because you agreed when you submitted a deployment."</p>
                    <ul class="nhsuk-list" data-testid="my-contacts">
                        {list.into_iter().map(|c| {
                            let id = c.id;
                            let (_, name) = c.technology.clone();
                            view! {
                                <li>
                                    <p class="nhsuk-u-margin-bottom-1">{name}</p>
                                    <ul class="nhsuk-list"><ContactCard c /></ul>
                                    <p><a href=format!("/contacts/{id}/withdraw")>"Withdraw your consent"<span class="nhsuk-u-visually-hidden">{format!(" (contact {id})")}</span></a></p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loaded>
    }
}
