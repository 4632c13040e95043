//! Keeping the catalogue true (issue 19): curators edit, add, re-check and
//! withdraw every claim, each change a revision; the public history of a
//! technology and the change feed (`/changes`, `/changes.atom`).

mod feed;
#[cfg(feature = "ssr")]
pub mod handlers;
mod pages;
mod server_fns;

pub use feed::{ChangesPage, HistoryPage};
pub(crate) use pages::FieldInput;
pub use pages::{
    AddClaimPage, EditorPage, RecheckPage, TechnologyDetailsPage, WithdrawPage, WorkspacePage,
};
pub use server_fns::{
    claim_editor, curator_workspace, get_change_feed, get_recheck_queue, new_claim,
};

/// The curators' forms and the Atom feed.
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    use axum::routing::{get, post};
    crate::ssr::Routes::new()
        .staff("/curator/claims/{block}/{id}", post(handlers::save_claim))
        .staff(
            "/curator/claims/{block}/{id}/withdraw",
            post(handlers::withdraw_claim),
        )
        .staff(
            "/curator/technologies/{slug}/details",
            post(handlers::save_technology),
        )
        .staff(
            "/curator/technologies/{slug}/add/{block}",
            post(handlers::add_claim),
        )
        .staff("/curator/recheck", post(handlers::still_true))
        .open("/changes.atom", get(handlers::atom_feed))
}
