//! The member's "We have deployed this" form, their list of submissions, and
//! the curators' queue and review page. Forms post to the server's handlers.

use super::{
    fields::SubmissionFields, get_submission, get_submission_options, my_submissions,
    submission_queue,
};
use crate::{
    accounts::use_form_echo,
    components::{
        Crumb, CsrfField, ErrorSummary, Loaded, PageMain, ScrollTable, TextArea, error_title,
    },
    domain::{SubmissionOptions, SubmissionReview, SubmissionSummary},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

const CONSENT: &str = "I agree that signed-in, approved members of this catalogue may see my name, job title, organisation, email address and phone number (if given) so they can ask me about this deployment. I can withdraw at any time, and I will be asked to re-confirm every year.";

/// `/technologies/{slug}/submit`.
#[component]
pub fn SubmitPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let options = Resource::new(slug, get_submission_options);
    let echo = use_form_echo("submission");
    view! {
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }, Crumb { label: "Technologies", href: "/technologies" }]>
            <Loaded data=options let:o><SubmitForm options=o echo=echo.clone() /></Loaded>
        </PageMain>
    }
}

#[component]
fn SubmitForm(options: SubmissionOptions, echo: crate::domain::FormEcho) -> impl IntoView {
    let (slug, name) = options.technology.clone();
    let title = error_title(&format!("We have deployed {name}"), !echo.errors.is_empty());
    view! {
        <Title text=title />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors=echo.errors.clone() />
                <span class="nhsuk-caption-l">{name.clone()}</span>
                <h1>"Tell us about your deployment"</h1>
                <p>"A curator checks every submission before it is published. Published deployments show that they were submitted by a member and verified by a curator, with the date."</p>
                <form method="post" action=format!("/technologies/{slug}/submit") novalidate>
                    <CsrfField />
                    <SubmissionFields options echo contact_label=CONSENT.to_owned() />
                    <button class="nhsuk-button" type="submit">"Send for review"</button>
                </form>
            </div>
        </div>
    }
}

/// The signed-in account's submissions (on `/account`).
#[component]
pub fn MySubmissions() -> impl IntoView {
    let list = Resource::new(|| (), |_| my_submissions());
    view! {
        <h2 id="submissions">"Your submissions"</h2>
        <Loaded data=list let:l><SubmissionTable list=l curator=false /></Loaded>
    }
}

fn state_label(state: &str) -> &'static str {
    match state {
        "pending" => "Waiting for a curator",
        "approved" => "Published",
        "rejected" => "Not published",
        _ => "Unknown",
    }
}

#[component]
fn SubmissionTable(list: Vec<SubmissionSummary>, curator: bool) -> impl IntoView {
    if list.is_empty() {
        let text = if curator {
            "No submissions are waiting."
        } else {
            "You have not submitted anything yet."
        };
        return view! { <p data-testid="no-submissions">{text}</p> }.into_any();
    }
    view! {
        <ScrollTable label="Submissions".to_owned()>
            <table class="nhsuk-table" data-testid="submissions">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">{if curator { "Waiting for review, oldest first" } else { "Newest first" }}</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"Technology and site"</th>
                        <th class="nhsuk-table__header" scope="col">"Sent"</th>
                        <th class="nhsuk-table__header" scope="col">{if curator { "From" } else { "Status" }}</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {list.into_iter().map(|s| {
                        let (slug, name) = s.technology.clone();
                        let head = if curator {
                            view! { <a href=format!("/curator/submissions/{}", s.id)>{format!("{name}: {}", s.site)}</a> }.into_any()
                        } else {
                            view! { <a href=format!("/technologies/{slug}")>{name}</a> ": " {s.site.clone()} }.into_any()
                        };
                        view! {
                            <tr class="nhsuk-table__row">
                                <th class="nhsuk-table__header" scope="row">{head}</th>
                                <td class="nhsuk-table__cell">{s.submitted_at.format("%-d %B %Y").to_string()}</td>
                                <td class="nhsuk-table__cell">
                                    {if curator { s.submitted_by.clone() } else { state_label(&s.state).to_owned() }}
                                    {s.reject_reason.map(|r| view! { <br /><span class="app-field-note">{format!("Reason: {r}")}</span> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
    .into_any()
}

/// `/curator/submissions`.
#[component]
pub fn QueuePage() -> impl IntoView {
    let list = Resource::new(|| (), |_| submission_queue());
    view! {
        <Title text="Submissions to review" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <h1>"Submissions to review"</h1>
            <p><a href="/curator/contacts">"Contacts to re-confirm"</a></p>
            <Loaded data=list let:l><SubmissionTable list=l curator=true /></Loaded>
        </PageMain>
    }
}

/// `/curator/submissions/{id}`: edit and approve, or reject with a reason.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let review = Resource::new(id, get_submission);
    let edited = use_form_echo("review");
    let rejected = use_form_echo("reject");
    view! {
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }, Crumb { label: "Submissions", href: "/curator/submissions" }]>
            <Loaded data=review let:r><Review r edited=edited.clone() rejected=rejected.clone() /></Loaded>
        </PageMain>
    }
}

#[component]
fn Review(
    r: SubmissionReview,
    edited: crate::domain::FormEcho,
    rejected: crate::domain::FormEcho,
) -> impl IntoView {
    let id = r.summary.id;
    let (slug, name) = r.summary.technology.clone();
    let pending = r.summary.state == "pending";
    // A refused edit comes back with what the curator typed; otherwise the stored values.
    let echo = if edited.values.is_empty() {
        r.values.echo("review")
    } else {
        edited
    };
    let errors: Vec<_> = echo
        .errors
        .iter()
        .chain(rejected.errors.iter())
        .cloned()
        .collect();
    let title = error_title(&format!("Review: {name}"), !errors.is_empty());
    view! {
        <Title text=title />
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors />
                <span class="nhsuk-caption-l"><a href=format!("/technologies/{slug}")>{name}</a></span>
                <h1>{format!("Submission {id}")}</h1>
                <p>{format!("From {}, sent {}. Status: {}.", r.summary.submitted_by, r.summary.submitted_at.format("%-d %B %Y"), state_label(&r.summary.state))}</p>
                {if pending {
                    view! {
                        <form method="post" action=format!("/curator/submissions/{id}/approve") novalidate>
                            <CsrfField />
                            <SubmissionFields options=r.options echo contact_label="The member agreed to be a contact (their consent: only they can give it)".to_owned() />
                            <button class="nhsuk-button" type="submit">"Save and publish"</button>
                        </form>
                        <h2>"Or do not publish it"</h2>
                        <form method="post" action=format!("/curator/submissions/{id}/reject") novalidate>
                            <CsrfField />
                            <TextArea name="reject_reason" label="Reason (the member sees this)" value=rejected.value("reject_reason") error=rejected.error("reject_reason") />
                            <button class="nhsuk-button nhsuk-button--warning" type="submit">"Do not publish"</button>
                        </form>
                    }.into_any()
                } else {
                    view! { <p>"This submission has been reviewed."</p> }.into_any()
                }}
            </div>
        </div>
    }
}
