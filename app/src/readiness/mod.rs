//! "Is it right for us?": the "Your organisation" form, the readiness check on
//! a technology page, and the 5-year cost view. Everything is computed from
//! the page's URL and the technology's claims, so it works the same with
//! JavaScript on or off and a copied link shows the same answer.

mod check;
mod cost_view;
#[cfg(feature = "ssr")]
mod handlers;
mod organisation;

pub use check::ReadinessCheck;
pub use cost_view::{CostSection, use_cost_assumptions};
pub use organisation::OrganisationPage;

use crate::domain::OrgContext;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// "Save to my account" on the organisation form.
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    crate::ssr::Routes::new().form("/organisation/save", axum::routing::post(handlers::save))
}

/// The page's organisation context and the notices about its `ctx` parameter.
pub fn use_org_context() -> (OrgContext, Vec<String>) {
    OrgContext::from_query(&use_location().search.get_untracked())
}

/// The current page's path and query, for "return to" links.
pub fn current_path() -> String {
    let location = use_location();
    let search = location.search.get_untracked();
    let path = location.pathname.get_untracked();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{}", search.trim_start_matches('?'))
    }
}
