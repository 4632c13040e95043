//! Consented personal contacts: the technology page's contacts panel (members
//! see people; everyone else a count) and the curators' re-confirm list.

mod curator;
mod panel;
mod server_fns;

pub use curator::CuratorContactsPage;
pub use panel::ContactsPanel;
pub use server_fns::{contacts_due, technology_contacts};
