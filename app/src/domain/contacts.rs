//! Consented personal contacts: what members see, and what everyone else is
//! told instead (only how many there are).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a contact prefers to be reached.
pub const CONTACT_METHODS: [(&str, &str); 3] = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("video_call", "Video call"),
];

/// The label of a contact method id.
pub fn contact_method_label(id: &str) -> &'static str {
    CONTACT_METHODS
        .iter()
        .find(|(i, _)| *i == id)
        .map_or("Not recorded", |(_, l)| *l)
}

/// A person who agreed to be contacted about one deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Contact id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Job title.
    pub job_title: String,
    /// Organisation.
    pub organisation: String,
    /// E-mail address.
    pub email: String,
    /// Phone, where given.
    pub phone: Option<String>,
    /// Preferred method id (see `CONTACT_METHODS`).
    pub preferred_method: String,
    /// When consent was recorded.
    pub consent_recorded_on: NaiveDate,
    /// When consent must be re-confirmed by.
    pub reconfirm_by: NaiveDate,
    /// Synthetic demo data.
    pub is_demo: bool,
    /// The deployment's site.
    pub site: String,
    /// The deployment's ICB name, where recorded.
    pub icb_name: Option<String>,
    /// The technology (slug, name), for curator lists.
    pub technology: (String, String),
}

/// What the technology page may show about its contacts to this visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactsView {
    /// Not signed in: the number of current contacts, nothing else.
    SignInToView {
        /// Current contacts.
        count: i64,
    },
    /// Signed in but not (yet) an approved member.
    AwaitingApproval {
        /// Current contacts.
        count: i64,
    },
    /// An approved member: the current contacts.
    Visible(Vec<Contact>),
}

impl ContactsView {
    /// "2 contacts at adopting ICSs" and the like.
    pub fn count_text(count: i64) -> String {
        match count {
            0 => "No contacts at adopting ICSs yet".to_owned(),
            1 => "1 contact at an adopting ICS".to_owned(),
            n => format!("{n} contacts at adopting ICSs"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_naturally() {
        assert_eq!(
            ContactsView::count_text(0),
            "No contacts at adopting ICSs yet"
        );
        assert_eq!(ContactsView::count_text(1), "1 contact at an adopting ICS");
        assert_eq!(ContactsView::count_text(2), "2 contacts at adopting ICSs");
        assert_eq!(contact_method_label("video_call"), "Video call");
        assert_eq!(contact_method_label("pigeon"), "Not recorded");
    }
}
