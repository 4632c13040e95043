//! `GET /organisation`: the "Your organisation" page. Opened plainly it is the
//! Leptos page; sent (`check=1`) its answers are checked here: valid answers go
//! back to the page the user came from with the context in its `ctx`
//! parameter (303), invalid ones re-show the form with the errors beside the
//! fields and what was typed (422). It is a GET form, so the answers stay in
//! the URL and the form works the same with JavaScript off.

use crate::{auth::render, startup::AppState};
use app::{
    domain::{FormEcho, OrgContext, form_pairs, safe_return, with_context},
    readiness::ORGANISATION_FORM,
};
use axum::{
    extract::{Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// The handler.
pub async fn organisation(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| "/organisation".to_owned(), |p| p.as_str().to_owned());
    let pairs = form_pairs(parts.uri.query().unwrap_or_default());
    if !pairs.iter().any(|(k, _)| k == "check") {
        return render::page(&state, parts, &path, None, StatusCode::OK).await;
    }
    let back = safe_return(
        pairs
            .iter()
            .find(|(k, _)| k == "return")
            .map(|(_, v)| v.as_str()),
    );
    match OrgContext::from_form(&pairs) {
        Ok(ctx) => Redirect::to(&with_context(&back, &ctx)).into_response(),
        Err(errors) => {
            let echo = FormEcho {
                form: ORGANISATION_FORM.to_owned(),
                values: pairs,
                errors,
            };
            render::form_again(&state, parts, &path, echo).await
        }
    }
}

/// The "Save to my account" form: the context to keep (empty: forget it).
#[derive(Debug, serde::Deserialize, Default)]
#[serde(default)]
pub struct SaveForm {
    csrf_token: String,
    ctx: String,
    #[serde(rename = "return")]
    return_to: String,
}

impl crate::auth::CsrfToken for SaveForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// `POST /organisation/save`: keeps the organisation's details on the signed-in
/// account (or forgets them), then shows the form again with a confirmation.
pub async fn save(State(state): State<AppState>, request: Request) -> Response {
    let posted = match crate::auth::read_form::<SaveForm>(&state, request).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(account) = posted.visitor.account.clone() else {
        return render::page(
            &state,
            posted.parts,
            "/sign-in",
            None,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    };
    let (ctx, _) = OrgContext::parse(&posted.form.ctx);
    let value = (!ctx.is_empty()).then(|| ctx.encode());
    if let Err(e) =
        app::db::accounts::save_org_context(&state.pool, account.id, value.as_deref()).await
    {
        return crate::auth::unavailable(&e);
    }
    let back = safe_return(Some(&posted.form.return_to));
    let mut href = format!(
        "/organisation?return={}&saved={}",
        app::domain::encode(&back),
        if value.is_some() { "1" } else { "0" }
    );
    if let Some(v) = value {
        href.push_str(&format!("&ctx={v}"));
    }
    Redirect::to(&href).into_response()
}
