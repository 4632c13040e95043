//! Consented personal contacts: the technology page's contacts panel (members
//! see people; everyone else a count) and the curators' re-confirm list.

mod curator;
#[cfg(feature = "ssr")]
mod handlers;
mod panel;
mod server_fns;

pub use curator::CuratorContactsPage;
pub use panel::ContactsPanel;
pub use server_fns::{contacts_due, technology_contacts};

/// The curators' re-confirm action.
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    crate::ssr::Routes::new().staff(
        "/curator/contacts/{id}/reconfirm",
        axum::routing::post(handlers::reconfirm_contact),
    )
}
