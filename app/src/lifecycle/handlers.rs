//! The lifecycle forms: add a draft, publish, withdraw. Each checks its token,
//! then the role (curator), then every field; a refused form comes back with
//! what was typed and the error beside the field. The change, its revision and
//! the search views' refresh commit together or not at all.

use crate::{
    db::lifecycle::{self, Outcome},
    domain::{
        FieldError, Role,
        curation::{read_new_technology, read_reason, read_version},
    },
    ssr::{
        ServerContext,
        forms::{Fields, Posted, plain, read_form_as, refuse_fields, unavailable},
    },
};
use axum::{
    extract::{Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

fn to_workspace(slug: &str) -> Response {
    Redirect::to(&format!("/curator/technologies/{slug}")).into_response()
}

/// `POST /curator/new-technology`: a new draft.
pub async fn create(State(state): State<ServerContext>, req: Request) -> Response {
    let path = "/curator/new-technology";
    let (actor, posted) = match read_form_as::<Fields>(&state, req, Role::Curator, path).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let types = async {
        let mut conn = state.pool.acquire().await?;
        lifecycle::types(&mut conn).await
    }
    .await;
    let types: Vec<String> = match types {
        Ok(t) => t.into_iter().map(|(id, _)| id).collect(),
        Err(e) => return unavailable(&e),
    };
    let new = match read_new_technology(&posted.form.0, &types) {
        Ok(n) => n,
        Err(errors) => return refuse_fields(&state, posted, path, "new-technology", errors).await,
    };
    let outcome = async {
        let mut tx = state.pool.begin().await?;
        let created = lifecycle::create(&mut tx, &new, actor.id).await?;
        if created.is_some() {
            tx.commit().await?;
        }
        Ok::<_, sqlx::Error>(created)
    }
    .await;
    match outcome {
        Ok(Some(slug)) => to_workspace(&slug),
        Ok(None) => {
            let error = FieldError::new(
                "slug",
                format!(
                    "Another technology already has the address {}: choose another",
                    new.slug
                ),
            );
            refuse_fields(&state, posted, path, "new-technology", vec![error]).await
        }
        Err(e) => unavailable(&e),
    }
}

/// The version and reason of a publish or withdraw form, or the refusal.
async fn version_and_reason(
    state: &ServerContext,
    posted: Posted<Fields>,
    path: &str,
    form: &str,
) -> Result<(Posted<Fields>, i32, String), Response> {
    let Some(version) = read_version(&posted.form.0) else {
        return Err(plain(
            StatusCode::BAD_REQUEST,
            "The form is missing its version; open the page again.",
        ));
    };
    match read_reason(&posted.form.0, "reason") {
        Ok(reason) => Ok((posted, version, reason)),
        Err(e) => Err(refuse_fields(state, posted, path, form, vec![e]).await),
    }
}

/// What an outcome other than `Done` says, beside the form.
fn refusal(outcome: &Outcome) -> Option<FieldError> {
    let message = match outcome {
        Outcome::Done(_) | Outcome::NotFound => return None,
        Outcome::Conflict => {
            "Another curator changed this technology after you opened the page. Check its status below, then try again."
                .to_owned()
        }
        Outcome::NoBasis => {
            "It cannot be published: it has no NICE guidance or briefing and no documented NHS deployment. Add one of those first."
                .to_owned()
        }
        Outcome::NotFrom(status) => format!("It cannot be done now: the technology is {}.", status.label().to_lowercase()),
    };
    Some(FieldError::new("reason", message))
}

async fn change(
    state: ServerContext,
    slug: String,
    req: Request,
    action: &str,
    form: &'static str,
) -> Response {
    let path = format!("/curator/technologies/{slug}/{action}");
    let (actor, posted) = match read_form_as::<Fields>(&state, req, Role::Curator, &path).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (posted, version, reason) = match version_and_reason(&state, posted, &path, form).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let outcome = async {
        let mut tx = state.pool.begin().await?;
        let outcome = if action == "publish" {
            lifecycle::publish(&mut tx, &slug, version, &reason, actor.id).await?
        } else {
            lifecycle::withdraw(&mut tx, &slug, version, &reason, actor.id).await?
        };
        if matches!(outcome, Outcome::Done(_)) {
            tx.commit().await?;
        }
        Ok::<_, sqlx::Error>(outcome)
    }
    .await;
    match outcome {
        Ok(Outcome::Done(slug)) => to_workspace(&slug),
        Ok(Outcome::NotFound) => plain(
            StatusCode::NOT_FOUND,
            "There is no technology at this address.",
        ),
        Ok(other) => {
            let errors = refusal(&other).into_iter().collect();
            let mut response = refuse_fields(&state, posted, &path, form, errors).await;
            *response.status_mut() = StatusCode::CONFLICT;
            response
        }
        Err(e) => unavailable(&e),
    }
}

/// `POST /curator/technologies/{slug}/publish`.
pub async fn publish(
    State(state): State<ServerContext>,
    Path(slug): Path<String>,
    req: Request,
) -> Response {
    change(state, slug, req, "publish", "publish").await
}

/// `POST /curator/technologies/{slug}/withdraw`: no longer listed.
pub async fn withdraw(
    State(state): State<ServerContext>,
    Path(slug): Path<String>,
    req: Request,
) -> Response {
    change(state, slug, req, "withdraw", "retire").await
}
