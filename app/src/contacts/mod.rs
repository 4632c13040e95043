//! Consented personal contacts: the technology page's contacts panel (members
//! see people; everyone else a count), the curators' re-confirm list, and
//! withdrawing consent (which deletes the contact): by the member, by a
//! curator on request, or by the person through the link emailed to them when
//! their details were published.

mod curator;
#[cfg(feature = "ssr")]
mod handlers;
mod own_link;
mod panel;
mod server_fns;
mod withdraw;

pub use curator::CuratorContactsPage;
#[cfg(feature = "ssr")]
pub use own_link::tell_published;
pub use own_link::{ContactRemovedPage, RemoveContactPage, get_linked_contact};
pub use panel::ContactsPanel;
pub use server_fns::{contacts_due, technology_contacts};
pub use withdraw::{MyContacts, WithdrawContactPage, get_my_contacts, get_withdrawal};

/// The curators' re-confirm action, and withdrawing consent.
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    use axum::routing::post;
    crate::ssr::Routes::new()
        .staff(
            "/curator/contacts/{id}/reconfirm",
            post(handlers::reconfirm_contact),
        )
        .form("/contacts/{id}/withdraw", post(handlers::withdraw_contact))
        .form("/contacts/remove", post(handlers::remove_by_link))
}
