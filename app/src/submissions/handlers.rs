//! Posting a submission (approved members) and reviewing it (curators): edit
//! and publish, or reject with a reason. Invalid forms come back with what was
//! typed and the errors beside the fields; nothing partial is saved.

use crate::{
    db::submissions::{self, Reviewed},
    domain::{FieldError, FormEcho, Role, SubmissionValues, submission_echo, validate_submission},
    ssr::{
        ServerContext,
        forms::{Fields, Posted, plain, read_form_as, refuse, unavailable},
    },
};
use axum::{
    extract::{Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// Validates the submission fields, including the choices only the database knows.
async fn check(
    state: &ServerContext,
    fields: &Fields,
) -> Result<Result<SubmissionValues, Vec<FieldError>>, sqlx::Error> {
    let today = crate::db::today(&state.pool).await?;
    let values = match validate_submission(&fields.0, today) {
        Ok(v) => v,
        Err(errors) => return Ok(Err(errors)),
    };
    let (bad_icb, bad_setting) = submissions::unknown_choices(
        &state.pool,
        values.icb.as_deref(),
        values.setting.as_deref(),
    )
    .await?;
    let mut errors = Vec::new();
    if bad_icb {
        errors.push(FieldError::new("icb", "Select an ICB from the list"));
    }
    if bad_setting {
        errors.push(FieldError::new(
            "setting",
            "Select a care setting from the list",
        ));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    Ok(Ok(values))
}

/// `POST /technologies/{slug}/submit`.
pub async fn submit(
    State(state): State<ServerContext>,
    Path(slug): Path<String>,
    req: Request,
) -> Response {
    let path = format!("/technologies/{slug}/submit");
    let (account, posted) = match read_form_as::<Fields>(&state, req, Role::Member, &path).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let values = match check(&state, &posted.form).await {
        Err(e) => return unavailable(&e),
        Ok(Err(errors)) => {
            let echo = submission_echo("submission", &posted.form.0, errors);
            return refuse(&state, posted.parts, &path, echo).await;
        }
        Ok(Ok(v)) => v,
    };
    match submissions::create(&state.pool, &slug, account.id, &values).await {
        Ok(Some(_)) => Redirect::to("/account#submissions").into_response(),
        Ok(None) => plain(
            StatusCode::NOT_FOUND,
            "There is no technology at this address.",
        ),
        Err(e) => unavailable(&e),
    }
}

fn review_path(id: &str) -> String {
    format!("/curator/submissions/{id}")
}

fn answer(outcome: Result<Reviewed, sqlx::Error>) -> Response {
    match outcome {
        Ok(Reviewed::Done) => Redirect::to("/curator/submissions").into_response(),
        Ok(Reviewed::NotFound) => plain(StatusCode::NOT_FOUND, "There is no such submission."),
        Ok(Reviewed::AlreadyReviewed) => plain(
            StatusCode::CONFLICT,
            "This submission has already been reviewed; nothing was changed.",
        ),
        Ok(Reviewed::OwnSubmission) => plain(
            StatusCode::FORBIDDEN,
            "You cannot review your own submission: another curator must. Nothing was changed.",
        ),
        Err(e) => unavailable(&e),
    }
}

/// The common start of a review action: the form read and its token checked,
/// the curator role checked, and the submission number parsed.
async fn review_post(
    state: &ServerContext,
    id: &str,
    req: Request,
) -> Result<(crate::domain::SignedIn, Posted<Fields>, i64), Response> {
    let (actor, posted) = read_form_as(state, req, Role::Curator, &review_path(id)).await?;
    let number = id
        .parse::<i64>()
        .map_err(|_| plain(StatusCode::NOT_FOUND, "There is no such submission."))?;
    Ok((actor, posted, number))
}

/// `POST /curator/submissions/{id}/approve`: save the curator's edits and publish.
pub async fn approve(
    State(state): State<ServerContext>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let (actor, posted, number) = match review_post(&state, &id, req).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let values = match check(&state, &posted.form).await {
        Err(e) => return unavailable(&e),
        Ok(Err(errors)) => {
            let echo = submission_echo("review", &posted.form.0, errors);
            return refuse(&state, posted.parts, &review_path(&id), echo).await;
        }
        Ok(Ok(v)) => v,
    };
    let (token, link) = crate::accounts::new_link_token();
    let origin = state.public_origin.as_str().to_owned();
    let outcome = async {
        let mut tx = state.pool.begin().await?;
        let edited = submissions::update(&mut tx, actor.id, number, &values).await?;
        if edited != Reviewed::Done {
            return Ok(edited);
        }
        let published = submissions::approve(&mut tx, actor.id, number, &link).await?;
        if published == Reviewed::Done
            && let Some(contact) = crate::db::contacts::by_link(&mut *tx, &link).await?
        {
            crate::contacts::tell_published(&mut tx, &contact, &origin, &token).await?;
        }
        tx.commit().await?;
        Ok(published)
    }
    .await;
    answer(outcome)
}

/// `POST /curator/submissions/{id}/reject`: with a reason the member sees.
pub async fn reject(
    State(state): State<ServerContext>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let (actor, posted, number) = match review_post(&state, &id, req).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let mut errors = Vec::new();
    let reason = crate::domain::required_text(
        &mut errors,
        "reject_reason",
        posted.form.get("reject_reason"),
        "the reason",
        1000,
    );
    if !errors.is_empty() {
        let echo = FormEcho {
            form: "reject".into(),
            values: vec![(
                "reject_reason".into(),
                posted.form.get("reject_reason").to_owned(),
            )],
            errors,
        };
        return refuse(&state, posted.parts, &review_path(&id), echo).await;
    }
    let outcome = async {
        let mut tx = state.pool.begin().await?;
        let done = submissions::reject(&mut tx, actor.id, number, &reason).await?;
        tx.commit().await?;
        Ok(done)
    }
    .await;
    answer(outcome)
}
