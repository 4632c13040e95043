//! The statements an NHS service publishes: `/accessibility` (the public
//! sector model statement), `/privacy` (what personal data, why, who sees it,
//! how long it is kept as the code enforces it, and your rights) and
//! `/cookies` (each cookie the server sets). The operator's details come from
//! settings (`DATA_CONTROLLER`, `DATA_PROTECTION_CONTACT`, `LAWFUL_BASIS`);
//! until they are set the pages say so rather than guess.

mod facts;
mod pages;
mod server_fns;

pub use facts::{CookieFact, Operator, Retention, StatementFacts};
pub use pages::{AccessibilityPage, CookiesPage, PrivacyPage};
pub use server_fns::get_statement_facts;
