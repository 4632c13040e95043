//! The curator's forms (save, add, withdraw, "still true") and the Atom feed.
//! Each form checks its token, then the role, then every field; a refused
//! form comes back with what was typed and the errors beside the fields. Each
//! write, its revision, the audit entry and the search views' refresh happen
//! in one transaction: a failure half-way saves nothing.

use crate::{
    db::{
        curation::{self, Saved},
        suggestions::{self, Refused},
    },
    domain::{
        FieldError, FormEcho, Role,
        curation::{
            BlockSpec, ChangesQuery, Credit, RevisionEntry, STILL_TRUE, TECHNOLOGY, block,
            read_claim_form, read_reason, read_version,
        },
    },
    ssr::{
        Deadline, ServerContext,
        forms::{Fields, Posted, plain, read_form_as, refuse, refuse_fields, unavailable},
    },
};
use axum::{
    Extension,
    extract::{Path, RawQuery, Request, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

/// Most claims one "still true" form may name.
const MAX_SELECTED: usize = 200;

/// Back to the technology's workspace, at the block just changed.
fn to_workspace(slug: &str, spec: &BlockSpec) -> Response {
    Redirect::to(&format!("/curator/technologies/{slug}#block-{}", spec.id)).into_response()
}

fn not_found() -> Response {
    plain(StatusCode::NOT_FOUND, "There is no such claim.")
}

fn conflict_message(others: &[RevisionEntry]) -> String {
    let what: Vec<String> = others.iter().map(RevisionEntry::sentence).collect();
    let what = if what.is_empty() {
        "it was changed".to_owned()
    } else {
        what.join(" Then: ")
    };
    format!(
        "Another curator saved this record after you opened it, so your changes were not saved. What they changed: {what}. Your changes are still in the form below: check them against theirs, then save again."
    )
}

/// A database error: a refused combination (a constraint) comes back on the
/// form; anything else is 503. Nothing was saved either way.
async fn failed(
    state: &ServerContext,
    posted: Posted<Fields>,
    path: &str,
    form: &str,
    err: &sqlx::Error,
) -> Response {
    let refused = err
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code.starts_with("23"));
    if refused {
        tracing::info!(error = %err, "a curator's values broke a constraint");
        let error = FieldError::new(
            "conflict",
            "These values cannot be saved together (they contradict each other or another record of this technology). Nothing was saved.",
        );
        return refuse_fields(state, posted, path, form, vec![error]).await;
    }
    unavailable(err)
}

/// Shows the form again after another save came first: the typed values, with
/// the version now stored (so saving again is a deliberate overwrite).
async fn conflict(
    state: &ServerContext,
    mut posted: Posted<Fields>,
    path: &str,
    form: &str,
    spec: &BlockSpec,
    id: i64,
    others: &[RevisionEntry],
) -> Response {
    let current = async {
        let mut conn = state.pool.acquire().await?;
        curation::load(&mut conn, spec, id).await
    }
    .await;
    let version = match current {
        Ok(Some(r)) => r.version,
        Ok(None) => return not_found(),
        Err(e) => return unavailable(&e),
    };
    posted.form.0.retain(|(k, _)| k != "version");
    posted.form.0.push(("version".into(), version.to_string()));
    let echo = FormEcho {
        form: form.to_owned(),
        values: std::mem::take(&mut posted.form.0),
        errors: vec![FieldError::new("conflict", conflict_message(others))],
    };
    let mut response = refuse(state, posted.parts, path, echo).await;
    *response.status_mut() = StatusCode::CONFLICT;
    response
}

/// The common start: the form read as a curator, the block and record found.
async fn claim_post(
    state: &ServerContext,
    block_id: &str,
    id: &str,
    req: Request,
    path: &str,
) -> Result<(Posted<Fields>, &'static BlockSpec, i64, i64), Response> {
    let (actor, posted) = read_form_as::<Fields>(state, req, Role::Curator, path).await?;
    let spec = block(block_id).filter(|s| s.claim).ok_or_else(not_found)?;
    let id: i64 = id.parse().map_err(|_| not_found())?;
    Ok((posted, spec, id, actor.id))
}

/// `POST /curator/claims/{block}/{id}`: save an edit.
pub async fn save_claim(
    State(state): State<ServerContext>,
    Path((block_id, id)): Path<(String, String)>,
    req: Request,
) -> Response {
    let path = format!("/curator/claims/{block_id}/{id}");
    let (posted, spec, id, actor) = match claim_post(&state, &block_id, &id, req, &path).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    save(&state, posted, spec, id, actor, &path).await
}

/// `POST /curator/technologies/{slug}/details`: save the technology's fields.
pub async fn save_technology(
    State(state): State<ServerContext>,
    Path(slug): Path<String>,
    req: Request,
) -> Response {
    let path = format!("/curator/technologies/{slug}/details");
    let (actor, posted) = match read_form_as::<Fields>(&state, req, Role::Curator, &path).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let found = async {
        let mut conn = state.pool.acquire().await?;
        curation::technology(&mut conn, &slug).await
    }
    .await;
    let id = match found {
        Ok(Some((id, _, _))) => id,
        Ok(None) => {
            return plain(
                StatusCode::NOT_FOUND,
                "There is no technology at this address.",
            );
        }
        Err(e) => return unavailable(&e),
    };
    save(&state, posted, &TECHNOLOGY, id, actor.id, &path).await
}

async fn save(
    state: &ServerContext,
    posted: Posted<Fields>,
    spec: &'static BlockSpec,
    id: i64,
    actor: i64,
    path: &str,
) -> Response {
    let Some(version) = read_version(&posted.form.0) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "The form is missing its version; open the page again.",
        );
    };
    let stored = async {
        let mut conn = state.pool.acquire().await?;
        curation::load(&mut conn, spec, id).await
    }
    .await;
    let stored = match stored {
        Ok(Some(r)) => r,
        Ok(None) => return not_found(),
        Err(e) => return unavailable(&e),
    };
    let stored_source = stored.row.get("source").and_then(|s| s.as_str());
    let form = match read_claim_form(spec, &posted.form.0, stored_source, false) {
        Ok(f) => f,
        Err(errors) => {
            return refuse_fields(state, posted, path, "claim", errors).await;
        }
    };
    let suggestion = suggestion_id(&posted);
    let technology_id = stored.technology_id;
    let outcome = async {
        let mut tx = state.pool.begin().await?;
        let credit =
            match applying(&mut tx, suggestion, actor, spec, technology_id, Some(id)).await? {
                Ok(credit) => credit,
                Err(message) => return Ok(Err(message)),
            };
        let saved = curation::save(&mut tx, spec, id, version, &form, actor, credit).await?;
        match (&saved, suggestion) {
            (Saved::Done(_), Some(s)) => {
                suggestions::accept(&mut tx, s, actor, spec.id, id).await?
            }
            (Saved::Unchanged(_), Some(_)) => return Ok(Err(UNCHANGED)),
            _ => {}
        }
        if matches!(saved, Saved::Done(_)) {
            tx.commit().await?;
        }
        Ok::<_, sqlx::Error>(Ok(saved))
    }
    .await;
    match outcome {
        Ok(Ok(Saved::Done(slug) | Saved::Unchanged(slug))) => to_workspace(&slug, spec),
        Ok(Ok(Saved::NotFound)) => not_found(),
        Ok(Ok(Saved::Conflict(others))) => {
            conflict(state, posted, path, "claim", spec, id, &others).await
        }
        Ok(Err(message)) => {
            refuse_fields(
                state,
                posted,
                path,
                "claim",
                vec![FieldError::new("suggestion", message)],
            )
            .await
        }
        Err(e) => failed(state, posted, path, "claim", &e).await,
    }
}

/// Saving a suggestion unchanged applies nothing.
const UNCHANGED: &str = "Nothing differs from what is stored, so the suggestion was not applied: change the record as suggested, or reject the suggestion from the queue.";

/// Locks the suggestion a form applies (if any) for `actor` to apply to
/// `record` (or, adding, to `spec`'s block of `technology_id`): the credit its
/// revision carries, or why it cannot be applied.
async fn applying(
    tx: &mut sqlx::PgConnection,
    suggestion: Option<i64>,
    actor: i64,
    spec: &BlockSpec,
    technology_id: i64,
    record: Option<i64>,
) -> sqlx::Result<Result<Option<Credit>, &'static str>> {
    let Some(id) = suggestion else {
        return Ok(Ok(None));
    };
    let locked = suggestions::lock_for_apply(tx, id, actor, spec.id, technology_id, record).await?;
    Ok(locked
        .map(|kind| Some(kind.credit()))
        .map_err(Refused::message))
}

/// The suggestion a form applies (its hidden field), if any.
fn suggestion_id(posted: &Posted<Fields>) -> Option<i64> {
    posted.form.get("suggestion").trim().parse().ok()
}

/// `POST /curator/technologies/{slug}/add/{block}`: add a claim.
pub async fn add_claim(
    State(state): State<ServerContext>,
    Path((slug, block_id)): Path<(String, String)>,
    req: Request,
) -> Response {
    let path = format!("/curator/technologies/{slug}/add/{block_id}");
    let (actor, posted) = match read_form_as::<Fields>(&state, req, Role::Curator, &path).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(spec) = block(&block_id).filter(|s| s.claim) else {
        return not_found();
    };
    let form = match read_claim_form(spec, &posted.form.0, None, true) {
        Ok(f) => f,
        Err(errors) => {
            return refuse_fields(&state, posted, &path, "claim", errors).await;
        }
    };
    let suggestion = suggestion_id(&posted);
    let outcome = async {
        let mut tx = state.pool.begin().await?;
        let Some((technology_id, _, _)) = curation::technology(&mut tx, &slug).await? else {
            return Ok(Ok(None));
        };
        let credit =
            match applying(&mut tx, suggestion, actor.id, spec, technology_id, None).await? {
                Ok(credit) => credit,
                Err(message) => return Ok(Err(message)),
            };
        let id = curation::add(&mut tx, spec, technology_id, &form, actor.id, credit).await?;
        if let (Some(s), Some(id)) = (suggestion, id) {
            suggestions::accept(&mut tx, s, actor.id, spec.id, id).await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Ok(id))
    }
    .await;
    match outcome {
        Ok(Ok(Some(_))) => to_workspace(&slug, spec),
        Ok(Ok(None)) => plain(
            StatusCode::NOT_FOUND,
            "There is no technology at this address.",
        ),
        Ok(Err(message)) => {
            let error = FieldError::new("suggestion", message);
            refuse_fields(&state, posted, &path, "claim", vec![error]).await
        }
        Err(e) => failed(&state, posted, &path, "claim", &e).await,
    }
}

/// `POST /curator/claims/{block}/{id}/withdraw`: "no longer true".
pub async fn withdraw_claim(
    State(state): State<ServerContext>,
    Path((block_id, id)): Path<(String, String)>,
    req: Request,
) -> Response {
    let path = format!("/curator/claims/{block_id}/{id}/withdraw");
    let (posted, spec, id, actor) = match claim_post(&state, &block_id, &id, req, &path).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(version) = read_version(&posted.form.0) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "The form is missing its version; open the page again.",
        );
    };
    let reason = match read_reason(&posted.form.0, "withdraw_reason") {
        Ok(r) => r,
        Err(e) => {
            return refuse_fields(&state, posted, &path, "withdraw", vec![e]).await;
        }
    };
    let outcome = async {
        let mut tx = state.pool.begin().await?;
        let done = curation::withdraw(&mut tx, spec, id, version, &reason, actor).await?;
        if matches!(done, Saved::Done(_)) {
            tx.commit().await?;
        }
        Ok::<_, sqlx::Error>(done)
    }
    .await;
    match outcome {
        Ok(Saved::Done(slug)) => to_workspace(&slug, spec),
        Ok(Saved::Conflict(others)) => {
            conflict(&state, posted, &path, "withdraw", spec, id, &others).await
        }
        Ok(_) => not_found(),
        Err(e) => failed(&state, posted, &path, "withdraw", &e).await,
    }
}

/// `POST /curator/recheck`: "Still true" for one claim (`claim`) or every
/// ticked one (`selected`).
pub async fn still_true(State(state): State<ServerContext>, req: Request) -> Response {
    let path = "/curator/recheck";
    let (actor, posted) = match read_form_as::<Fields>(&state, req, Role::Curator, path).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let one = posted.form.get("claim");
    let keys: Vec<&str> = if one.is_empty() {
        posted.form.all("selected").take(MAX_SELECTED + 1).collect()
    } else {
        vec![one]
    };
    let claims: Vec<(&'static BlockSpec, i64)> = keys
        .iter()
        .filter_map(|k| {
            let (b, id) = k.split_once(':')?;
            Some((block(b).filter(|s| s.claim)?, id.parse().ok()?))
        })
        .collect();
    let back = {
        let r = posted.form.get("return");
        let q = ChangesQuery::parse(r.split_once('?').map_or("", |(_, q)| q));
        q.href(path, q.page)
    };
    if claims.is_empty() || keys.len() > MAX_SELECTED {
        let message = if claims.is_empty() {
            "Select at least one claim that is still true".to_owned()
        } else {
            format!("Select at most {MAX_SELECTED} claims at a time")
        };
        let error = FieldError::new("selected", message);
        return refuse_fields(&state, posted, &back, "recheck", vec![error]).await;
    }
    let outcome = async {
        let mut tx = state.pool.begin().await?;
        let n = curation::still_true(&mut tx, &claims, STILL_TRUE, actor.id).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(n)
    }
    .await;
    match outcome {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(e) => unavailable(&e),
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// The feed as Atom (RFC 4287): the newest 50 changes matching the query,
/// with no personal data.
pub fn atom(origin: &str, q: &ChangesQuery, entries: &[RevisionEntry]) -> String {
    let self_href = format!("{origin}{}", q.href("/changes.atom", 1));
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |e| e.at.to_rfc3339());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>Changes to the proven health technologies catalogue</title>\n  <id>{id}</id>\n  <updated>{updated}</updated>\n  <author><name>The catalogue team</name></author>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{self_href}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{alt}\"/>\n",
        id = xml_escape(&format!("{origin}/changes")),
        self_href = xml_escape(&self_href),
        alt = xml_escape(&format!("{origin}{}", q.href("/changes", 1))),
    );
    for e in entries {
        let (slug, name) = &e.technology;
        let mut body = e.sentence();
        body.push_str(&format!(". Reason: {}", e.reason));
        xml.push_str(&format!(
            "  <entry>\n    <title>{title}</title>\n    <id>{origin_id}/changes#revision-{id}</id>\n    <updated>{at}</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n    <summary>{body}</summary>\n  </entry>\n",
            title = xml_escape(&format!("{name}: {}", e.title())),
            origin_id = xml_escape(origin),
            id = e.id,
            at = e.at.to_rfc3339(),
            link = xml_escape(&format!("{origin}/technologies/{slug}/history")),
            body = xml_escape(&body),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// `GET /changes.atom`.
pub async fn atom_feed(
    State(state): State<ServerContext>,
    Extension(deadline): Extension<Deadline>,
    RawQuery(raw): RawQuery,
) -> Response {
    let q = ChangesQuery::parse(raw.as_deref().unwrap_or_default());
    let pool = state.pool.clone();
    let found = deadline
        .run(async {
            let mut conn = pool.acquire().await?;
            curation::changes(&mut conn, &q, false).await
        })
        .await;
    match found {
        Ok((entries, _)) => (
            [
                (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=60"),
            ],
            atom(state.public_origin.as_str(), &q, &entries),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
