//! The curator's pages: a technology's workspace (every claim by block), the
//! editor of one claim (edit, withdraw, its own history), the form for a new
//! claim, and the re-check queue. Forms post to this feature's handlers.

use super::{claim_editor, curator_workspace, get_recheck_queue, new_claim};
use crate::suggestions::SuggestionPanel;
use crate::{
    accounts::use_form_echo,
    components::{
        Checkbox, Crumb, CsrfField, ErrorSummary, FreshnessBadge, Loaded, Notices, PageMain,
        ScrollTable, SelectInput, TextArea, TextInput, error_title, long_date,
    },
    domain::{
        FieldError, FormEcho, Freshness,
        curation::{
            CatalogueStatus, ChangesQuery, CuratorTechnology, EditorView, FieldSpec, Input,
            RecheckQueue, RevisionEntry,
        },
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

fn trail() -> Vec<Crumb> {
    vec![
        Crumb {
            label: "Home",
            href: "/",
        },
        Crumb {
            label: "Re-check queue",
            href: "/curator/recheck",
        },
    ]
}

/// `/curator/technologies/{slug}`.
#[component]
pub fn WorkspacePage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, curator_workspace);
    view! {
        <PageMain trail=trail()>
            <Loaded data let:w><Workspace w /></Loaded>
        </PageMain>
    }
}

fn freshness_text(f: Freshness, by: Option<chrono::NaiveDate>) -> String {
    match (f, by) {
        (Freshness::Unverified, _) => "To verify".to_owned(),
        (_, Some(by)) => format!("{}, re-check by {}", f.label(), long_date(by)),
        (_, None) => f.label().to_owned(),
    }
}

#[component]
fn Workspace(w: CuratorTechnology) -> impl IntoView {
    let slug = w.slug.clone();
    let lifecycle_link = if w.listing.status.is_listed() {
        view! { <li><a href=format!("/curator/technologies/{slug}/withdraw")>"Withdraw it from the catalogue"</a></li> }
    } else {
        view! { <li><a href=format!("/curator/technologies/{slug}/publish")>"Publish it in the catalogue"</a></li> }
    };
    view! {
        <Title text=format!("Edit {}", w.name) />
        <span class="nhsuk-caption-l">"Curator workspace"</span>
        <h1>{w.name.clone()}</h1>
        <p data-testid="listing">{w.listing.sentence()}</p>
        <ul class="nhsuk-list">
            {lifecycle_link}
            {(w.listing.status != CatalogueStatus::Draft).then(|| view! {
                <li><a href=format!("/technologies/{slug}")>"The public page"</a></li>
            })}
            <li><a href=format!("/curator/technologies/{slug}/details")>"Edit the technology's details"</a></li>
            <li><a href=format!("/technologies/{slug}/history")>"History of changes"</a></li>
            <li><a href=format!("/curator/recheck?technology={slug}")>"Its claims to re-check"</a></li>
        </ul>
        {w.blocks.into_iter().map(|b| {
            let add = format!("/curator/technologies/{slug}/add/{}", b.id);
            let heading_id = format!("block-{}", b.id);
            let empty = b.claims.is_empty();
            view! {
                <h2 id=heading_id>{b.plural.clone()}</h2>
                {if empty {
                    view! { <p>"Not yet documented."</p> }.into_any()
                } else {
                    view! {
                        <ul class="nhsuk-list nhsuk-list--border" data-testid=format!("claims-{}", b.id)>
                            {b.claims.into_iter().map(|c| {
                                let href = format!("/curator/claims/{}/{}", b.id, c.id);
                                let state = match &c.withdrawn {
                                    Some((on, _)) => format!("Withdrawn on {}", long_date(*on)),
                                    None => freshness_text(c.freshness, c.recheck_by),
                                };
                                view! {
                                    <li>
                                        <a href=href>{c.headline.clone()}</a>
                                        <br /><span class="app-field-note">{state}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <p><a href=add>{format!("Add to {}", b.plural.to_lowercase())}</a></p>
            }
        }).collect_view()}
    }
}

/// The value a field shows: what was typed (a refused form), else the stored one.
fn shown(echo: &FormEcho, ed: &EditorView, name: &str) -> String {
    if echo.values.is_empty() {
        ed.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    } else {
        echo.value(name)
    }
}

/// One field of a block, by its kind.
#[component]
pub(crate) fn FieldInput(
    spec: &'static FieldSpec,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let hint = match spec.input {
        Input::Pounds => Some("In pounds, for example 24 or 1,250.50"),
        Input::List => Some("Separate them with commas"),
        _ => None,
    };
    match spec.input {
        Input::Long(_) => view! { <TextArea name=spec.name label=spec.label value error /> }.into_any(),
        Input::Choice(options) => {
            let options = options()
                .into_iter()
                .map(|(id, label)| (id.to_owned(), label.to_owned()))
                .collect();
            let empty = if spec.required { "Select one" } else { "Not recorded" };
            view! { <SelectInput name=spec.name label=spec.label options empty value error /> }.into_any()
        }
        Input::Flag => {
            view! { <Checkbox name=spec.name label=spec.label.to_owned() checked=!value.is_empty() error /> }.into_any()
        }
        _ => {
            let width = match spec.input {
                Input::Pounds | Input::Year | Input::Decimal(_) | Input::Icb | Input::NiceRef
                | Input::Month | Input::PartialDate(_) => "nhsuk-input--width-10",
                _ => "",
            };
            match hint {
                Some(hint) => view! { <TextInput name=spec.name label=spec.label value error hint width /> }.into_any(),
                None => view! { <TextInput name=spec.name label=spec.label value error width /> }.into_any(),
            }
        }
    }
}

/// The edit (or add) form of a claim or of the technology's details.
#[component]
fn EditForm(ed: EditorView, echo: FormEcho, action: String, button: &'static str) -> impl IntoView {
    let Some(spec) = ed.spec() else {
        return view! { <p>"This block cannot be edited."</p> }.into_any();
    };
    let adding = ed.record_id.is_none();
    let version = if echo.values.is_empty() {
        ed.version.to_string()
    } else {
        echo.value("version")
    };
    let fields = spec
        .fields
        .iter()
        .filter(|f| adding || !f.fixed)
        .map(|f| {
            let value = shown(&echo, &ed, f.name);
            view! { <FieldInput spec=f value error=echo.error(f.name) /> }
        })
        .collect_view();
    let provenance = spec.claim.then(|| {
        view! {
            <TextInput name="source" label="Source" value=shown(&echo, &ed, "source") error=echo.error("source")
                hint="An https:// address, a site's address as stored (www.nice.org.uk/guidance/MTG32) or github:owner/repository; separate several with ;" />
            <Checkbox name="verified" label="I have checked this against its source today".to_owned()
                checked=!shown(&echo, &ed, "verified").is_empty() error=echo.error("verified") />
            <TextInput name="note" label="Note (optional qualification)" value=shown(&echo, &ed, "note") error=echo.error("note") />
        }
    });
    view! {
        <form method="post" action=action novalidate>
            <CsrfField />
            <input type="hidden" name="version" value=version />
            {ed.suggestion.as_ref().map(|s| view! { <input type="hidden" name="suggestion" value=s.id.to_string() /> })}
            {fields}
            {provenance}
            <TextArea name="reason" label="Reason for this change (shown in the public history)"
                value=echo.value("reason") error=echo.error("reason") />
            <button class="nhsuk-button" type="submit">{button}</button>
        </form>
    }
    .into_any()
}

/// The conflict notice, when another save came first.
#[component]
fn ConflictNotice(error: Option<String>) -> impl IntoView {
    error.map(|message| {
        view! {
            <div class="nhsuk-warning-callout" id="field-conflict" tabindex="-1">
                <h2 class="nhsuk-warning-callout__label">
                    <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Someone else saved this first"</span>
                </h2>
                <p>{message}</p>
            </div>
        }
    })
}

/// A record's revisions (curators see who).
#[component]
pub fn RevisionList(entries: Vec<RevisionEntry>, links: bool) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p data-testid="no-changes">"No changes have been made in the app yet."</p> }.into_any();
    }
    view! {
        <ol class="nhsuk-list app-revisions" data-testid="revisions">
            {entries.into_iter().map(|e| {
                let (slug, name) = e.technology.clone();
                let when = e.at.format("%-d %B %Y, %H:%M UTC").to_string();
                let by = e.by.clone().map(|b| format!(" by {b}"));
                view! {
                    <li class="app-revision">
                        <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
                            <time datetime=e.at.to_rfc3339()>{when}</time>{by}
                            {links.then(|| view! { " · " <a href=format!("/technologies/{slug}")>{name}</a> })}
                        </p>
                        <p class="nhsuk-u-margin-bottom-1"><strong>{e.title()}</strong>
                            {e.headline.clone().map(|h| format!(": {h}"))}</p>
                        {(!e.changes.is_empty()).then(|| view! {
                            <ul class="nhsuk-list nhsuk-body-s nhsuk-u-margin-bottom-1">
                                {e.changes.iter().map(|c| view! { <li>{c.text()}</li> }).collect_view()}
                            </ul>
                        })}
                        <p class="nhsuk-body-s">{format!("Reason: {}", e.reason)}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// The claim named by the page's `block` and `id` parameters.
fn claim_resource() -> Resource<Result<EditorView, crate::error::AppError>> {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("block").unwrap_or_default(),
            p.get("id").unwrap_or_default(),
        )
    };
    let query = use_query_map();
    let key = move || {
        let (block, id) = key();
        (block, id, suggestion_param(&query))
    };
    Resource::new(key, |(block, id, suggestion)| {
        claim_editor(block, id, suggestion)
    })
}

/// The `suggestion` a form applies, from the address.
fn suggestion_param(query: &Memo<leptos_router::params::ParamsMap>) -> Option<i64> {
    query.read().get("suggestion").and_then(|s| s.parse().ok())
}

/// `/curator/claims/{block}/{id}`.
#[component]
pub fn EditorPage() -> impl IntoView {
    let data = claim_resource();
    let edited = use_form_echo("claim");
    view! {
        <PageMain trail=trail()>
            <Loaded data let:v><Editor v edited=edited.clone() /></Loaded>
        </PageMain>
    }
}

/// `/curator/claims/{block}/{id}/withdraw`: "no longer true", with a reason.
#[component]
pub fn WithdrawPage() -> impl IntoView {
    let data = claim_resource();
    let echo = use_form_echo("withdraw");
    view! {
        <PageMain trail=trail()>
            <Loaded data let:v><Withdraw v echo=echo.clone() /></Loaded>
        </PageMain>
    }
}

#[component]
fn Withdraw(v: EditorView, echo: FormEcho) -> impl IntoView {
    let Some(spec) = v.spec().filter(|s| s.claim) else {
        return view! { <p>"This record cannot be withdrawn."</p> }.into_any();
    };
    let (slug, name) = v.technology.clone();
    let id = v.record_id.unwrap_or_default();
    let title = error_title(
        &format!("Withdraw a {}: {name}", spec.label.to_lowercase()),
        !echo.errors.is_empty(),
    );
    let headline = v
        .values
        .iter()
        .find(|(k, _)| k == spec.headline)
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    let version = if echo.values.is_empty() {
        v.version.to_string()
    } else {
        echo.value("version")
    };
    let action = format!("/curator/claims/{}/{id}/withdraw", spec.id);
    view! {
        <Title text=title />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors=echo.errors.clone() />
                <span class="nhsuk-caption-l"><a href=format!("/curator/technologies/{slug}")>{name}</a></span>
                <h1>{format!("Withdraw this {}", spec.label.to_lowercase())}</h1>
                <ConflictNotice error=echo.error("conflict") />
                {match v.withdrawn.clone() {
                    Some((on, reason)) => view! {
                        <p>{format!("It was withdrawn on {}: {reason}", long_date(on))}</p>
                    }.into_any(),
                    None => view! {
                        <p class="nhsuk-inset-text" data-testid="withdraw-claim">{headline}</p>
                        <p>"Withdrawing hides this claim from the catalogue's pages, counts, filters and exports. It stays in the history, with your reason."</p>
                        <form method="post" action=action novalidate>
                            <CsrfField />
                            <input type="hidden" name="version" value=version />
                            <TextArea name="withdraw_reason" label="Why it is no longer true (shown in the public history)"
                                value=echo.value("withdraw_reason") error=echo.error("withdraw_reason") />
                            <button class="nhsuk-button nhsuk-button--warning" type="submit">"Withdraw this claim"</button>
                        </form>
                        <p><a href=format!("/curator/claims/{}/{id}", spec.id)>"Back to the claim"</a></p>
                    }.into_any(),
                }}
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn Editor(v: EditorView, edited: FormEcho) -> impl IntoView {
    let Some(spec) = v.spec() else {
        return view! { <p>"This block cannot be edited."</p> }.into_any();
    };
    let (slug, name) = v.technology.clone();
    let errors: Vec<FieldError> = edited.errors.clone();
    let title = error_title(
        &format!("Edit {}: {name}", spec.label.to_lowercase()),
        !errors.is_empty(),
    );
    let id = v.record_id.unwrap_or_default();
    let action = if spec.claim {
        format!("/curator/claims/{}/{id}", spec.id)
    } else {
        format!("/curator/technologies/{slug}/details")
    };
    let state = match (&v.withdrawn, v.verified_on) {
        (Some((on, reason)), _) => format!("Withdrawn on {}: {reason}", long_date(*on)),
        (None, Some(on)) => format!(
            "Verified on {}{}",
            long_date(on),
            v.recheck_by
                .map(|by| format!("; re-check by {}", long_date(by)))
                .unwrap_or_default()
        ),
        (None, None) if spec.claim => "Not independently verified".to_owned(),
        (None, None) => String::new(),
    };
    let conflict = edited.error("conflict");
    let live = v.withdrawn.is_none();
    let history = v.history.clone();
    view! {
        <Title text=title />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors />
                <span class="nhsuk-caption-l"><a href=format!("/curator/technologies/{slug}")>{name.clone()}</a></span>
                <h1>{if spec.claim { format!("Edit {}", spec.label.to_lowercase()) } else { "Edit the technology's details".to_owned() }}</h1>
                <p data-testid="claim-state">{state}</p>
                <ConflictNotice error=conflict />
                {v.suggestion.clone().map(|s| view! { <SuggestionPanel s error=edited.error("suggestion") /> })}
                {if live {
                    view! {
                        <EditForm ed=v.clone() echo=edited.clone() action=action.clone() button="Save changes" />
                        {spec.claim.then(|| view! {
                            <h2>"No longer true?"</h2>
                            <p><a href=format!("{action}/withdraw")>"Withdraw this claim"</a>" (it leaves the catalogue's pages, counts, filters and exports, and stays in the history)"</p>
                        })}
                    }.into_any()
                } else {
                    view! { <p>"A withdrawn claim cannot be edited."</p> }.into_any()
                }}
                <h2>"History of this record"</h2>
                <RevisionList entries=history links=false />
            </div>
        </div>
    }
    .into_any()
}

/// `/curator/technologies/{slug}/details`.
#[component]
pub fn TechnologyDetailsPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, |slug| {
        claim_editor("technology".to_owned(), slug, None)
    });
    let edited = use_form_echo("claim");
    view! {
        <PageMain trail=trail()>
            <Loaded data let:v><Editor v edited=edited.clone() /></Loaded>
        </PageMain>
    }
}

/// `/curator/technologies/{slug}/add/{block}`.
#[component]
pub fn AddClaimPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("slug").unwrap_or_default(),
            p.get("block").unwrap_or_default(),
        )
    };
    let query = use_query_map();
    let key = move || {
        let (slug, block) = key();
        (slug, block, suggestion_param(&query))
    };
    let data = Resource::new(key, |(slug, block, suggestion)| {
        new_claim(slug, block, suggestion)
    });
    let echo = use_form_echo("claim");
    view! {
        <PageMain trail=trail()>
            <Loaded data let:v><AddClaim v echo=echo.clone() /></Loaded>
        </PageMain>
    }
}

#[component]
fn AddClaim(v: EditorView, echo: FormEcho) -> impl IntoView {
    let Some(spec) = v.spec() else {
        return view! { <p>"This block cannot be edited."</p> }.into_any();
    };
    let (slug, name) = v.technology.clone();
    let title = error_title(
        &format!("Add a {}: {name}", spec.label.to_lowercase()),
        !echo.errors.is_empty(),
    );
    let action = format!("/curator/technologies/{slug}/add/{}", spec.id);
    view! {
        <Title text=title />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors=echo.errors.clone() />
                <span class="nhsuk-caption-l"><a href=format!("/curator/technologies/{slug}")>{name}</a></span>
                <h1>{format!("Add to {}", spec.plural.to_lowercase())}</h1>
                {v.suggestion.clone().map(|s| view! { <SuggestionPanel s error=echo.error("suggestion") /> })}
                <EditForm ed=v.clone() echo action button="Add this claim" />
            </div>
        </div>
    }
    .into_any()
}

/// `/curator/recheck`: claims to verify, due or overdue, with the freshness summary.
#[component]
pub fn RecheckPage() -> impl IntoView {
    let location = use_location();
    let data = Resource::new(move || location.search.get(), get_recheck_queue);
    let echo = use_form_echo("recheck");
    view! {
        <Title text=error_title("Claims to re-check", !echo.errors.is_empty()) />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <ErrorSummary errors=echo.errors.clone() />
            <h1>"Claims to re-check"</h1>
            <p><a href="/curator/submissions">"Submissions to review"</a>" · "<a href="/curator/new-technology">"Add a technology"</a>" · "<a href="/changes">"All changes"</a></p>
            <Loaded data let:q><Queue q echo=echo.clone() /></Loaded>
        </PageMain>
    }
}

#[component]
fn Queue(q: RecheckQueue, echo: FormEcho) -> impl IntoView {
    let query = q.query.clone();
    let href = {
        let query = query.clone();
        move |p: i64| query.href("/curator/recheck", p)
    };
    let pages =
        (q.total + crate::domain::curation::FEED_PAGE - 1) / crate::domain::curation::FEED_PAGE;
    let technologies: Vec<(String, String)> = q.technologies.clone();
    let blocks: Vec<(String, String)> = ChangesQuery::blocks()
        .into_iter()
        .map(|(id, l)| (id.to_owned(), l.to_owned()))
        .collect();
    view! {
        <Notices messages=query.notices.clone() testid="notices" />
        <h2>"How fresh the catalogue is"</h2>
        <ScrollTable label="Freshness by block".to_owned()>
            <table class="nhsuk-table" data-testid="freshness">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">"Live claims by block: count (share)"</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"Block"</th>
                        <th class="nhsuk-table__header" scope="col">"Fresh"</th>
                        <th class="nhsuk-table__header" scope="col">"Due within 30 days"</th>
                        <th class="nhsuk-table__header" scope="col">"Overdue"</th>
                        <th class="nhsuk-table__header" scope="col">"Not verified"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {q.summary.iter().map(|r| view! {
                        <tr class="nhsuk-table__row">
                            <th class="nhsuk-table__header" scope="row">{r.block.clone()}</th>
                            <td class="nhsuk-table__cell">{format!("{} ({})", r.fresh, r.share(r.fresh))}</td>
                            <td class="nhsuk-table__cell">{format!("{} ({})", r.due, r.share(r.due))}</td>
                            <td class="nhsuk-table__cell">{format!("{} ({})", r.overdue, r.share(r.overdue))}</td>
                            <td class="nhsuk-table__cell">{format!("{} ({})", r.unverified, r.share(r.unverified))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
        <h2>"Claims to re-check"</h2>
        <form method="get" action="/curator/recheck" class="app-inline-filters">
            <SelectInput name="technology" label="Technology" options=technologies empty="All technologies"
                value=query.technology.clone().unwrap_or_default() />
            <SelectInput name="block" label="Block" options=blocks empty="All blocks"
                value=query.block.clone().unwrap_or_default() />
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Show"</button>
        </form>
        <p data-testid="recheck-total">{format!("{} claims to verify or re-check, oldest re-check date first.", q.total)}</p>
        {(!q.items.is_empty()).then(|| {
            let error = echo.error("selected");
            view! {
                <form method="post" action="/curator/recheck" novalidate>
                    <CsrfField />
                    <input type="hidden" name="return" value=query.href("/curator/recheck", query.page) />
                    {error.map(|e| view! { <p class="nhsuk-error-message" id="field-selected"><span class="nhsuk-u-visually-hidden">"Error: "</span>{e}</p> })}
                    <ScrollTable label="Claims to re-check".to_owned()>
                        <table class="nhsuk-table" data-testid="recheck">
                            <caption class="nhsuk-table__caption nhsuk-table__caption--s">{format!("Page {} of {}", query.page, pages.max(1))}</caption>
                            <thead class="nhsuk-table__head">
                                <tr class="nhsuk-table__row">
                                    <th class="nhsuk-table__header" scope="col">"Select"</th>
                                    <th class="nhsuk-table__header" scope="col">"Claim"</th>
                                    <th class="nhsuk-table__header" scope="col">"State"</th>
                                    <th class="nhsuk-table__header" scope="col">"Actions"</th>
                                </tr>
                            </thead>
                            <tbody class="nhsuk-table__body">
                                {q.items.iter().map(|i| {
                                    let key = i.key();
                                    let check_id = format!("select-{}-{}", i.block, i.id);
                                    let (slug, name) = i.technology.clone();
                                    let label = crate::domain::curation::block(&i.block).map_or("Claim", |b| b.label);
                                    view! {
                                        <tr class="nhsuk-table__row">
                                            <td class="nhsuk-table__cell">
                                                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                                                    <div class="nhsuk-checkboxes__item">
                                                        <input class="nhsuk-checkboxes__input" id=check_id.clone() name="selected" type="checkbox" value=key.clone() />
                                                        <label class="nhsuk-label nhsuk-checkboxes__label" for=check_id>
                                                            <span class="nhsuk-u-visually-hidden">{format!("Select {}: {}", name, i.headline)}</span>
                                                        </label>
                                                    </div>
                                                </div>
                                            </td>
                                            <td class="nhsuk-table__cell">
                                                <a href=format!("/technologies/{slug}")>{name.clone()}</a>
                                                {format!(" · {label}")}<br /><span>{i.headline.clone()}</span>
                                            </td>
                                            <td class="nhsuk-table__cell"><FreshnessBadge freshness=i.freshness />
                                                {i.recheck_by.map(|by| view! { <br /><span class="app-field-note">{format!("Re-check by {}", long_date(by))}</span> })}
                                            </td>
                                            <td class="nhsuk-table__cell">
                                                <button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-row-button" type="submit" name="claim" value=key.clone()
                                                    aria-label=format!("Still true: {}", i.headline)>"Still true"</button>
                                                <a href=format!("/curator/claims/{}/{}", i.block, i.id) aria-label=format!("Changed: edit {}", i.headline)>"Changed"</a>
                                                " · "
                                                <a href=format!("/curator/claims/{}/{}/withdraw", i.block, i.id) aria-label=format!("No longer true: withdraw {}", i.headline)>"No longer true"</a>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </ScrollTable>
                    <button class="nhsuk-button" type="submit">"Still true: every selected claim"</button>
                </form>
            }
        })}
        <PageLinks total_pages=pages page=query.page href />
    }
}

/// Previous and next page links.
#[component]
pub fn PageLinks(
    total_pages: i64,
    page: i64,
    href: impl Fn(i64) -> String + 'static,
) -> impl IntoView {
    (total_pages > 1).then(|| {
        view! {
            <nav class="nhsuk-pagination" role="navigation" aria-label="Pagination">
                <ul class="nhsuk-list nhsuk-pagination__list">
                    {(page > 1).then(|| view! {
                        <li class="nhsuk-pagination-item--previous">
                            <a class="nhsuk-pagination__link nhsuk-pagination__link--prev" href=href(page - 1)>
                                <span class="nhsuk-pagination__title">"Previous"</span>
                                <span class="nhsuk-u-visually-hidden">":"</span>
                                <span class="nhsuk-pagination__page">{format!("Page {}", page - 1)}</span>
                            </a>
                        </li>
                    })}
                    {(page < total_pages).then(|| view! {
                        <li class="nhsuk-pagination-item--next">
                            <a class="nhsuk-pagination__link nhsuk-pagination__link--next" href=href(page + 1)>
                                <span class="nhsuk-pagination__title">"Next"</span>
                                <span class="nhsuk-u-visually-hidden">":"</span>
                                <span class="nhsuk-pagination__page">{format!("Page {}", page + 1)}</span>
                            </a>
                        </li>
                    })}
                </ul>
            </nav>
        }
    })
}
