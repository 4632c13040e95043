//! Consented personal contacts: the technology page's contacts panel (members
//! see people; everyone else a count), the curators' re-confirm list, and
//! withdrawing consent (which deletes the contact).

mod curator;
#[cfg(feature = "ssr")]
mod handlers;
mod panel;
mod server_fns;
mod withdraw;

pub use curator::CuratorContactsPage;
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
}
