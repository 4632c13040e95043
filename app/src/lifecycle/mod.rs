//! A technology's lifecycle in the app (issue 20): a curator adds a draft,
//! publishes it when it meets the inclusion rule, and withdraws a listed one
//! with a reason. Each change is a revision, so it appears in `/changes`.

#[cfg(feature = "ssr")]
pub mod handlers;
mod pages;
mod server_fns;

pub use pages::{NewTechnologyPage, PublishPage, RetirePage};
pub use server_fns::{DraftList, lifecycle, new_technology_form};

/// The lifecycle forms (curators and admins).
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    use axum::routing::post;
    crate::ssr::Routes::new()
        .staff("/curator/new-technology", post(handlers::create))
        .staff(
            "/curator/technologies/{slug}/publish",
            post(handlers::publish),
        )
        .staff(
            "/curator/technologies/{slug}/withdraw",
            post(handlers::withdraw),
        )
}
