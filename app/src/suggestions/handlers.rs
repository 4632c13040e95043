//! The suggestion forms: a member's correction, a curator's rejection, a
//! supplier's evidence. Each checks its token, then the role, then every
//! field; a refused form comes back with what was typed and the errors beside
//! the fields. A supplier's form for anyone else's technology is not found.

use crate::{
    db::suggestions::{self, Refused},
    domain::{
        FieldError, Role,
        curation::{
            read_correction, read_evidence, read_reject_reason, suggest_href, supplier_block,
        },
    },
    ssr::{
        ServerContext,
        forms::{Fields, plain, read_form_as, refuse_fields, unavailable},
    },
};
use axum::{
    extract::{Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// `POST /suggest`: a member's correction, pending review.
pub async fn suggest(State(state): State<ServerContext>, req: Request) -> Response {
    let (account, posted) =
        match read_form_as::<Fields>(&state, req, Role::Member, "/suggest").await {
            Ok(p) => p,
            Err(r) => return r,
        };
    let block = posted.form.get("block").to_owned();
    let claim: Option<i64> = posted.form.get("claim").trim().parse().ok();
    let technology = posted.form.get("technology").trim().to_owned();
    // The page to show again: the same form, for the same claim or block.
    let path = suggest_href(&block, claim, &technology);
    let correction = match read_correction(&posted.form.0) {
        Ok(c) => c,
        Err(errors) => return refuse_fields(&state, posted, &path, "suggest", errors).await,
    };
    let outcome = async {
        let mut conn = state.pool.acquire().await?;
        let technology = (!technology.is_empty()).then_some(technology.as_str());
        let Some(target) = suggestions::target(&mut conn, &block, claim, technology).await? else {
            return Ok(None);
        };
        suggestions::create_correction(&mut conn, &target, &correction, account.id)
            .await
            .map(Some)
    }
    .await;
    match outcome {
        Ok(Some(_)) => Redirect::to("/account#suggestions").into_response(),
        Ok(None) => plain(
            StatusCode::NOT_FOUND,
            "There is no claim or block to correct there (it may have been withdrawn).",
        ),
        Err(e) => unavailable(&e),
    }
}

/// `POST /curator/suggestions/{id}`: not accepted, with the reason the
/// author sees.
pub async fn reject(
    State(state): State<ServerContext>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let path = format!("/curator/suggestions/{id}");
    let (actor, posted) = match read_form_as::<Fields>(&state, req, Role::Curator, &path).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<i64>() else {
        return plain(StatusCode::NOT_FOUND, "There is no such suggestion.");
    };
    let reason = match read_reject_reason(&posted.form.0) {
        Ok(r) => r,
        Err(e) => return refuse_fields(&state, posted, &path, "reject-suggestion", vec![e]).await,
    };
    let outcome = async {
        let mut tx = state.pool.begin().await?;
        let done = suggestions::reject(&mut tx, id, actor.id, &reason).await?;
        if done.is_ok() {
            tx.commit().await?;
        }
        Ok::<_, sqlx::Error>(done)
    }
    .await;
    match outcome {
        Ok(Ok(())) => Redirect::to("/curator/suggestions").into_response(),
        Ok(Err(Refused::NotFound)) => plain(StatusCode::NOT_FOUND, "There is no such suggestion."),
        Ok(Err(refused)) => {
            let error = FieldError::new("reject_reason", refused.message());
            let mut response =
                refuse_fields(&state, posted, &path, "reject-suggestion", vec![error]).await;
            *response.status_mut() = if refused == Refused::Own {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::CONFLICT
            };
            response
        }
        Err(e) => unavailable(&e),
    }
}

/// `POST /supplier/technologies/{slug}/propose/{block}`: a supplier's evidence
/// about its own technology, pending review.
pub async fn propose(
    State(state): State<ServerContext>,
    Path((slug, block)): Path<(String, String)>,
    req: Request,
) -> Response {
    let path = format!("/supplier/technologies/{slug}/propose/{block}");
    let (account, posted) = match read_form_as::<Fields>(&state, req, Role::Supplier, &path).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let not_yours = || {
        plain(
            StatusCode::NOT_FOUND,
            "There is no technology of yours at this address.",
        )
    };
    let Some(spec) = supplier_block(&block) else {
        return not_yours();
    };
    let own = async {
        let mut conn = state.pool.acquire().await?;
        let Some((supplier, _)) = suggestions::supplier_of(&mut conn, account.id).await? else {
            return Ok(None);
        };
        suggestions::own_technology(&mut conn, &slug, supplier).await
    }
    .await;
    let technology_id = match own {
        Ok(Some((id, _))) => id,
        Ok(None) => return not_yours(),
        Err(e) => return unavailable(&e),
    };
    let evidence = match read_evidence(spec, &posted.form.0) {
        Ok(e) => e,
        Err(errors) => return refuse_fields(&state, posted, &path, "propose", errors).await,
    };
    let stored = async {
        let mut conn = state.pool.acquire().await?;
        suggestions::create_evidence(&mut conn, technology_id, spec.id, &evidence, account.id).await
    }
    .await;
    match stored {
        Ok(_) => Redirect::to("/supplier").into_response(),
        Err(e) => unavailable(&e),
    }
}
