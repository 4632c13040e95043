//! Server functions for contacts. The role check happens here, on the server:
//! a visitor who is not an approved member gets a count and nothing else.

use crate::{
    domain::{Contact, ContactsView},
    error::AppError,
};
use leptos::prelude::*;

/// The contacts section of a technology page, as this visitor may see it.
#[server(prefix = "/api", endpoint = "contacts", input = server_fn::codec::GetUrl)]
pub async fn technology_contacts(slug: String) -> Result<ContactsView, AppError> {
    use crate::domain::{Role, TechnologySlug};
    if TechnologySlug::parse(&slug).is_err() {
        return Err(crate::ssr::with_status(AppError::technology_not_found()));
    }
    let visitor = crate::ssr::visitor();
    let pool = crate::ssr::pool()?;
    if visitor.has(Role::Member) {
        let contacts = crate::ssr::db(crate::db::contacts::current_for(&pool, &slug)).await?;
        return Ok(ContactsView::Visible(contacts));
    }
    let count = crate::ssr::db(crate::db::contacts::current_count(&pool, &slug)).await?;
    Ok(if visitor.account.is_some() {
        ContactsView::AwaitingApproval { count }
    } else {
        ContactsView::SignInToView { count }
    })
}

/// Contacts whose consent is past its re-confirm date (curators only).
#[server(prefix = "/api", endpoint = "curator/contacts", input = server_fn::codec::GetUrl)]
pub async fn contacts_due() -> Result<Vec<Contact>, AppError> {
    crate::ssr::require(crate::domain::Role::Curator)?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(crate::db::contacts::due_for_reconfirmation(&pool)).await
}
