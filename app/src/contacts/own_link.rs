//! The contact's own way out. When a curator publishes someone's details, the
//! person is emailed a link (`/contacts/remove?token=…`, only its SHA-256
//! kept on the contact row) that removes them with one button and no account;
//! `/contacts/removed` confirms it. Demo contacts are never mailed and have no
//! link.

use crate::{
    accounts::use_form_echo,
    components::{Crumb, CsrfField, FormPage, Loaded, PageMain},
    error::AppError,
};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// What the removal page shows of the contact: enough for the person to
/// recognise it, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedContact {
    /// Their name.
    pub name: String,
    /// The technology.
    pub technology: String,
    /// Where it was deployed.
    pub site: String,
}

/// The contact a removal link opens, if it still exists.
#[server(prefix = "/api", endpoint = "contacts/linked", input = server_fn::codec::GetUrl)]
pub async fn get_linked_contact(token: String) -> Result<Option<LinkedContact>, AppError> {
    if !crate::accounts::well_formed_token(&token) {
        return Ok(None);
    }
    let pool = crate::ssr::pool()?;
    let hash = crate::accounts::link_token_hash(&token);
    let found = crate::ssr::db(crate::db::contacts::by_link(&pool, &hash)).await?;
    Ok(found.map(|c| LinkedContact {
        name: c.name,
        technology: c.technology,
        site: c.site,
    }))
}

/// Emails the person whose details were just published, with their removal
/// link. Queued in the publishing transaction.
#[cfg(feature = "ssr")]
pub async fn tell_published(
    tx: &mut sqlx::PgConnection,
    contact: &crate::db::contacts::Linked,
    origin: &str,
    token: &str,
) -> sqlx::Result<()> {
    let body = format!(
        "Dear {name},\n\n\
         Your details are now published in the Proven health technologies catalogue as a \
         contact for {technology} at {site}, as you agreed when you told us about the \
         deployment. Approved members from NHS organisations who are signed in can see your \
         name, job title, organisation, email address, phone number (if you gave one) and how \
         you prefer to be contacted. We ask you to re-confirm each year.\n\n\
         You can remove your details at any time, without signing in, here:\n\n\
         {origin}/contacts/remove?token={token}\n\n\
         Keep this email: the link works until you use it. The privacy notice at \
         {origin}/privacy says what else is kept and for how long.\n",
        name = contact.name,
        technology = contact.technology,
        site = contact.site,
    );
    crate::db::outbox::enqueue(
        &mut *tx,
        &crate::db::outbox::NewMessage {
            to: &contact.email,
            subject: "Your contact details are published",
            body: &body,
            account: contact.account_id,
        },
    )
    .await?;
    Ok(())
}

fn trail() -> Vec<Crumb> {
    vec![Crumb {
        label: "Home",
        href: "/",
    }]
}

/// `/contacts/remove?token=…`.
#[component]
pub fn RemoveContactPage() -> impl IntoView {
    let echo = use_form_echo("remove-contact");
    let token = crate::accounts::link_token(&echo);
    let refused = echo.error("token");
    let form_token = token.clone();
    let found = Resource::new(move || token.clone(), get_linked_contact);
    view! {
        <FormPage title="Remove your contact details" trail=trail() errors=echo.errors.clone()>
            {match refused {
                Some(message) => view! { <p class="nhsuk-inset-text" id="field-token">{message}</p> }.into_any(),
                None => view! {
                    <Loaded data=found let:linked>
                        {match linked {
                            None => view! {
                                <p class="nhsuk-inset-text" data-testid="contact-link-dead">"This link does not match any published contact: your details may already have been removed."</p>
                            }.into_any(),
                            Some(c) => view! {
                                <p data-testid="linked-contact">{format!("{}, contact for {} at {}.", c.name, c.technology, c.site)}</p>
                                <p>"Members will no longer see you as a contact. Your entry is deleted, not hidden. The deployment stays in the catalogue."</p>
                                <form method="post" action="/contacts/remove" novalidate>
                                    <CsrfField />
                                    <input type="hidden" name="token" value=form_token.clone() />
                                    <button class="nhsuk-button nhsuk-button--warning" type="submit">"Remove my details"</button>
                                </form>
                            }.into_any(),
                        }}
                    </Loaded>
                }.into_any(),
            }}
        </FormPage>
    }
}

/// `/contacts/removed`.
#[component]
pub fn ContactRemovedPage() -> impl IntoView {
    view! {
        <Title text="Your contact details were removed" />
        <PageMain trail=trail()>
            <h1 data-testid="contact-removed">"Your contact details were removed"</h1>
            <p>"Members can no longer see you as a contact, and your entry was deleted. If you have an account, you can still sign in; nothing else changed."</p>
        </PageMain>
    }
}
