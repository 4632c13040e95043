//! Member submissions ("We have deployed this") and their review by curators.

mod fields;
#[cfg(feature = "ssr")]
mod handlers;
mod pages;
mod server_fns;

pub use pages::{MySubmissions, QueuePage, ReviewPage, SubmitPage};
pub use server_fns::{get_submission, get_submission_options, my_submissions, submission_queue};

/// The submission form's and the review actions' routes.
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    use axum::routing::post;
    crate::ssr::Routes::new()
        .form("/technologies/{slug}/submit", post(handlers::submit))
        .staff("/curator/submissions/{id}/approve", post(handlers::approve))
        .staff("/curator/submissions/{id}/reject", post(handlers::reject))
}
