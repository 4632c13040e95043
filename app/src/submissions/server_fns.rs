//! Server functions for submissions; each checks the role on the server.

use crate::{
    domain::{SubmissionOptions, SubmissionReview, SubmissionSummary},
    error::AppError,
};
use leptos::prelude::*;

/// What the submission form for `slug` offers (approved members).
#[server(prefix = "/api", endpoint = "submission-options", input = server_fn::codec::GetUrl)]
pub async fn get_submission_options(slug: String) -> Result<SubmissionOptions, AppError> {
    use crate::{domain::Role, ssr::with_status};
    crate::ssr::require(Role::Member)?;
    if crate::domain::TechnologySlug::parse(&slug).is_err() {
        return Err(with_status(AppError::technology_not_found()));
    }
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::submissions::options(&mut conn, &slug).await
    })
    .await?
    .ok_or_else(|| with_status(AppError::technology_not_found()))
}

/// The visitor's own submissions (any signed-in account).
#[server(prefix = "/api", endpoint = "my-submissions", input = server_fn::codec::GetUrl)]
pub async fn my_submissions() -> Result<Vec<SubmissionSummary>, AppError> {
    use crate::ssr::with_status;
    let Some(account) = crate::ssr::visitor().account else {
        return Err(with_status(AppError::SignInRequired));
    };
    let pool = crate::ssr::pool()?;
    crate::ssr::db(crate::db::submissions::for_member(&pool, account.id)).await
}

/// The curator queue.
#[server(prefix = "/api", endpoint = "curator/submissions", input = server_fn::codec::GetUrl)]
pub async fn submission_queue() -> Result<Vec<SubmissionSummary>, AppError> {
    crate::ssr::require(crate::domain::Role::Curator)?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(crate::db::submissions::pending(&pool)).await
}

/// One submission for review (curators).
#[server(prefix = "/api", endpoint = "curator/submission", input = server_fn::codec::GetUrl)]
pub async fn get_submission(id: String) -> Result<SubmissionReview, AppError> {
    use crate::{domain::Role, ssr::with_status};
    crate::ssr::require(Role::Curator)?;
    let not_found = || {
        with_status(AppError::NotFound {
            what: "a submission at this address".into(),
        })
    };
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let pool = crate::ssr::pool()?;
    crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        crate::db::submissions::review(&mut conn, id).await
    })
    .await?
    .ok_or_else(not_found)
}
