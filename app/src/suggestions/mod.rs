//! What members and suppliers know, through review (issue 20): a member's
//! "Suggest a correction" on any claim or empty block, a supplier account's
//! evidence about its own technologies, the curators' queue (apply through
//! the normal editor, or reject with a reason), and each author's list of
//! what they proposed and what became of it.

#[cfg(feature = "ssr")]
pub mod handlers;
mod pages;
mod panel;
mod server_fns;
mod supplier;

pub use pages::{SuggestPage, SuggestionQueuePage, SuggestionReviewPage};
pub use panel::{MySuggestions, SuggestionPanel};
pub use server_fns::{
    SupplierHome, get_my_suggestions, get_suggest_target, get_supplier_home, proposal_form,
    suggestion_queue, suggestion_review,
};
pub use supplier::{ProposePage, SupplierPage};

/// The suggestion and proposal forms.
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    use axum::routing::post;
    crate::ssr::Routes::new()
        .staff("/curator/suggestions/{id}", post(handlers::reject))
        .form("/suggest", post(handlers::suggest))
        .form(
            "/supplier/technologies/{slug}/propose/{block}",
            post(handlers::propose),
        )
}
