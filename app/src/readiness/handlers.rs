//! `POST /organisation/save`: keeps the organisation's details on the
//! signed-in account (or forgets them). The form itself is a GET form that the
//! page checks ([`super::OrganisationPage`]).

use crate::{
    domain::OrgContext,
    domain::safe_return,
    ssr::{
        ServerContext,
        forms::{CsrfToken, read_form, unavailable},
        render,
    },
};
use axum::{
    extract::{Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

/// The "Save to my account" form: the context to keep (empty: forget it).
#[derive(Debug, serde::Deserialize, Default)]
#[serde(default)]
pub struct SaveForm {
    csrf_token: String,
    ctx: String,
    #[serde(rename = "return")]
    return_to: String,
}

impl CsrfToken for SaveForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// `POST /organisation/save`: keeps the organisation's details on the signed-in
/// account (or forgets them), then shows the form again with a confirmation.
pub async fn save(State(state): State<ServerContext>, request: Request) -> Response {
    let posted = match read_form::<SaveForm>(&state, request).await {
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
        crate::db::accounts::save_org_context(&state.pool, account.id, value.as_deref()).await
    {
        return unavailable(&e);
    }
    let back = safe_return(Some(&posted.form.return_to));
    let mut href = format!(
        "/organisation?return={}&saved={}",
        crate::domain::encode(&back),
        if value.is_some() { "1" } else { "0" }
    );
    if let Some(v) = value {
        href.push_str(&format!("&ctx={v}"));
    }
    Redirect::to(&href).into_response()
}
