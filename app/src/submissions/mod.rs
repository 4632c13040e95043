//! Member submissions ("We have deployed this") and their review by curators.

mod fields;
mod pages;
mod server_fns;

pub use pages::{MySubmissions, QueuePage, ReviewPage, SubmitPage};
pub use server_fns::{get_submission, get_submission_options, my_submissions, submission_queue};
