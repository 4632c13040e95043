//! `/organisation`: the "Your organisation" form. A GET form, so it works with
//! JavaScript off and the answers stay in the URL. Sent (`?check=1`), the page
//! checks the answers itself: invalid ones re-show the form with the errors
//! beside the fields and what was typed (422); valid ones send the user back
//! to the page they came from with the answers in its `ctx` parameter (303).

use super::use_org_context;
use crate::{
    accounts::use_visitor,
    components::{
        CheckboxGroup, Crumb, CsrfField, ErrorSummary, Notices, PageMain, Radios, TextInput,
        error_title, response,
    },
    domain::{FIELDS, FieldKind, FormEcho, OrgContext, form_pairs, safe_return, with_context},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// The form's name in a [`crate::domain::FormEcho`].
const ORGANISATION_FORM: &str = "organisation";

/// `/organisation?return=…&ctx=…`.
#[component]
pub fn OrganisationPage() -> impl IntoView {
    let pairs = form_pairs(&use_location().search.get_untracked());
    let return_to = safe_return(
        pairs
            .iter()
            .find(|(k, _)| k == "return")
            .map(|(_, v)| v.as_str()),
    );
    let echo = check(&pairs, &return_to);
    let (ctx, notices) = use_org_context();
    // Refused: what was typed. Opened from a link: the link's answers.
    let values = if echo.errors.is_empty() {
        ctx.form_values()
    } else {
        echo.values.clone()
    };
    let title = error_title("Your organisation", !echo.errors.is_empty());
    let clear = with_context(&return_to, &OrgContext::default());
    let back = return_to.clone();
    let saved = pairs
        .iter()
        .find(|(k, _)| k == "saved")
        .map(|(_, v)| v == "1");
    let account = SaveToAccount {
        signed_in: use_visitor().account.is_some(),
        stored: use_visitor()
            .account
            .and_then(|a| a.org_context)
            .map(|raw| OrgContext::parse(&raw).0)
            .filter(|c| !c.is_empty()),
        current: ctx.clone(),
        return_to: return_to.clone(),
        saved,
    };
    view! {
        <Title text=title />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <div class="nhsuk-grid-row">
                <div class="nhsuk-grid-column-two-thirds">
                    <ErrorSummary errors=echo.errors.clone() />
                    <h1>"Your organisation"</h1>
                    <Notices messages=notices testid="context-notices" />
                    <p>"Tell us about your IT, estates and workforce, and each technology page and comparison will show, requirement by requirement, what you already have, where the gaps are and what closes them."</p>
                    <p>"Answer what you know. A question you leave as “Don't know” stays unknown in every check: it is never counted as met. Your answers are kept in the page address, so you can bookmark or share the result. Nothing is stored unless you are signed in and choose to save them to your account."</p>
                    <form method="get" action="/organisation" novalidate data-testid="organisation-form">
                        <input type="hidden" name="check" value="1" />
                        <input type="hidden" name="return" value=return_to.clone() />
                        {FIELDS.iter().map(|f| field_view(f, &values, echo.error(f.key))).collect_view()}
                        <button class="nhsuk-button" type="submit">"Use these details"</button>
                    </form>
                    <p>
                        <a href=back>"Go back without changing anything"</a>
                        " · "
                        <a href=clear data-testid="clear-context">"Clear all answers"</a>
                    </p>
                    {account.view()}
                </div>
            </div>
        </PageMain>
    }
}

/// The sent form's errors and what was typed (`check=1`); none when the page
/// was opened plainly. Valid answers redirect (303) to `return_to` with them.
fn check(pairs: &[(String, String)], return_to: &str) -> FormEcho {
    if !pairs.iter().any(|(k, _)| k == "check") {
        return FormEcho::default();
    }
    match OrgContext::from_form(pairs) {
        Ok(ctx) => {
            response::redirect(&with_context(return_to, &ctx));
            FormEcho::default()
        }
        Err(errors) => {
            response::set_status(http::StatusCode::UNPROCESSABLE_ENTITY);
            FormEcho {
                form: ORGANISATION_FORM.to_owned(),
                values: pairs.to_vec(),
                errors,
            }
        }
    }
}

/// Keeping the details on the visitor's account.
struct SaveToAccount {
    signed_in: bool,
    stored: Option<OrgContext>,
    current: OrgContext,
    return_to: String,
    saved: Option<bool>,
}

impl SaveToAccount {
    fn view(self) -> AnyView {
        if !self.signed_in {
            return view! {
                <p class="nhsuk-body-s">"Signed in, you can keep these details on your account. "<a href="/sign-in">"Sign in"</a></p>
            }
            .into_any();
        }
        let confirmation = self.saved.map(|saved| {
            let text = if saved {
                "Saved: these details are kept on your account."
            } else {
                "Your saved details were removed from your account."
            };
            view! { <div class="nhsuk-inset-text" role="status" data-testid="saved-context"><p>{text}</p></div> }
        });
        let use_stored = self
            .stored
            .as_ref()
            .filter(|s| **s != self.current)
            .map(|s| {
                let href = with_context(&self.return_to, s);
                view! {
                    <p>"Your account has other details saved ("{s.answered_summary()}"). "
                        <a href=href data-testid="use-saved-context">"Use your saved details"</a></p>
                }
            });
        let save = (!self.current.is_empty()).then(|| {
            view! {
                <form method="post" action="/organisation/save">
                    <CsrfField />
                    <input type="hidden" name="ctx" value=self.current.encode() />
                    <input type="hidden" name="return" value=self.return_to.clone() />
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save these details to my account"</button>
                </form>
            }
        });
        let forget = self.stored.is_some().then(|| {
            view! {
                <form method="post" action="/organisation/save">
                    <CsrfField />
                    <input type="hidden" name="ctx" value="" />
                    <input type="hidden" name="return" value=self.return_to.clone() />
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Remove the details saved to my account"</button>
                </form>
            }
        });
        view! {
            <h2 class="nhsuk-heading-m">"Your account"</h2>
            {confirmation}
            {use_stored}
            {save}
            {forget}
        }
        .into_any()
    }
}

/// One question, by the kind of answer it takes.
fn field_view(
    f: &'static crate::domain::ContextField,
    values: &[(String, String)],
    error: Option<String>,
) -> AnyView {
    let given: Vec<String> = values
        .iter()
        .filter(|(k, _)| k == f.key)
        .map(|(_, v)| v.clone())
        .collect();
    match f.kind {
        FieldKind::List { options, free } => {
            let mut options = options.to_vec();
            options.push(("none", "None of these"));
            let other_name = format!("{}_other", f.key);
            let other = values
                .iter()
                .find(|(k, _)| *k == other_name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            view! {
                <CheckboxGroup name=f.key legend=f.label hint=f.hint options checked=given error>
                    {free.then(|| view! {
                        <TextInput name=other_name label="Other suppliers (separate names with commas)" value=other width="nhsuk-u-width-two-thirds" />
                    })}
                </CheckboxGroup>
            }
            .into_any()
        }
        FieldKind::Choice(options) => {
            let mut options = options.to_vec();
            options.push(("", "Don't know"));
            view! {
                <Radios name=f.key legend=f.label options value=given.into_iter().next().unwrap_or_default() error hint=f.hint />
            }
            .into_any()
        }
        FieldKind::Number { .. } => view! {
            <TextInput name=f.key label=f.label hint=f.hint value=given.into_iter().next().unwrap_or_default() error width="nhsuk-input--width-4" />
        }
        .into_any(),
    }
}
