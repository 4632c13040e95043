//! Sign in, create an account, your account, and the page a refused form
//! (expired or forged token) lands on. Every form is a plain POST handled by
//! the server, so it works the same with JavaScript on or off.

use super::{context::use_form_echo, password_pages::NEW_PASSWORD_HINT, use_visitor};
use crate::{
    components::{Crumb, CsrfField, ErrorSummary, PageMain, TextInput, error_title},
    domain::{AccountStatus, MIN_PASSWORD},
};
use leptos::prelude::*;
use leptos_meta::Title;

fn home() -> Vec<Crumb> {
    vec![Crumb {
        label: "Home",
        href: "/",
    }]
}

/// `/sign-in`.
#[component]
pub fn SignInPage() -> impl IntoView {
    let echo = use_form_echo("sign-in");
    let query = leptos_router::hooks::use_query_map().read_untracked();
    let reset_done = query.get("reset").as_deref() == Some("done");
    let email_changed = query.get("email").as_deref() == Some("changed");
    let visitor = use_visitor();
    let challenge = echo.value("challenge");
    if !challenge.is_empty() {
        let title = error_title("Enter your security code", !echo.errors.is_empty());
        return view! {
            <Title text=title />
            <PageMain trail=home()>
                <div class="nhsuk-grid-row">
                    <div class="nhsuk-grid-column-two-thirds">
                        <ErrorSummary errors=echo.errors.clone() />
                        <super::two_factor_page::CodeStep challenge error=echo.error("code") />
                    </div>
                </div>
            </PageMain>
        }
        .into_any();
    }
    let title = error_title("Sign in", !echo.errors.is_empty());
    view! {
        <Title text=title />
        <PageMain trail=home()>
            <div class="nhsuk-grid-row">
                <div class="nhsuk-grid-column-two-thirds">
                    <ErrorSummary errors=echo.errors.clone() />
                    <h1>"Sign in"</h1>
                    {visitor.account.as_ref().map(|a| view! {
                        <p class="nhsuk-inset-text">{format!("You are signed in as {}.", a.email)}</p>
                    })}
                    {email_changed.then(|| view! {
                        <p class="nhsuk-inset-text" data-testid="email-changed">"Your email address has changed, and we told the old address. Sign in with the new one."</p>
                    })}
                    {reset_done.then(|| view! {
                        <p class="nhsuk-inset-text" data-testid="reset-done">"Your password has been reset and you were signed out everywhere. Sign in with the new password."</p>
                    })}
                    <p>"Signed-in members of NHS organisations can see the people at other ICSs who have agreed to be contacted about a technology they implemented."</p>
                    <form method="post" action="/sign-in" novalidate>
                        <CsrfField />
                        <TextInput name="email" label="Email address" value=echo.value("email") error=echo.error("email") input_type="email" autocomplete="email" />
                        <TextInput name="password" label="Password" error=echo.error("password") input_type="password" autocomplete="current-password" />
                        <button class="nhsuk-button" type="submit">"Sign in"</button>
                    </form>
                    <p><a href="/reset-password">"Forgotten your password?"</a></p>
                    <p>"No account yet? "<a href="/sign-up">"Create an account"</a></p>
                </div>
            </div>
        </PageMain>
    }
    .into_any()
}

/// `/sign-up`.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let echo = use_form_echo("sign-up");
    let title = error_title("Create an account", !echo.errors.is_empty());
    let errors = echo.errors.clone();
    let err = move |f: &str| {
        errors
            .iter()
            .find(|e| e.field == f)
            .map(|e| e.message.clone())
    };
    view! {
        <Title text=title />
        <PageMain trail=home()>
            <div class="nhsuk-grid-row">
                <div class="nhsuk-grid-column-two-thirds">
                    <ErrorSummary errors=echo.errors.clone() />
                    <h1>"Create an account"</h1>
                    <p>"Accounts are for people working in or for NHS organisations. An administrator checks and approves each new account; until then you can sign in but not see contacts or submit."</p>
                    <form method="post" action="/sign-up" novalidate>
                        <CsrfField />
                        <TextInput name="display_name" label="Your name" value=echo.value("display_name") error=err("display_name") autocomplete="name" />
                        <TextInput name="organisation" label="Organisation" hint="For example, the ICB, trust or practice you work for" value=echo.value("organisation") error=err("organisation") autocomplete="organization" />
                        <TextInput name="email" label="Email address" hint="Use your work address" value=echo.value("email") error=err("email") input_type="email" autocomplete="email" />
                        <TextInput name="password" label="Password" hint=NEW_PASSWORD_HINT error=err("password") input_type="password" autocomplete="new-password" />
                        <TextInput name="confirm" label="Confirm password" error=err("confirm") input_type="password" autocomplete="new-password" />
                        <button class="nhsuk-button" type="submit">"Create account"</button>
                    </form>
                    <p>"Already have an account? "<a href="/sign-in">"Sign in"</a></p>
                </div>
            </div>
        </PageMain>
    }
}

const _: () = assert!(MIN_PASSWORD == 12, "NEW_PASSWORD_HINT names the minimum");

/// `/account`: who you are signed in as and where your account stands.
#[component]
pub fn AccountPage() -> impl IntoView {
    let visitor = use_visitor();
    let changed = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("changed")
        .unwrap_or_default();
    let notice = match changed.as_str() {
        "password" => Some((
            "password-changed",
            "Your password has been changed. Every other session was signed out, and we emailed you to say so.",
        )),
        "email-sent" => Some((
            "email-sent",
            "We have emailed a link to the new address. Your email address changes when you open it and press the button (within 24 hours).",
        )),
        "two-factor-off" => Some((
            "two-factor-off",
            "Two-factor sign-in is off. We emailed you to say so.",
        )),
        _ => None,
    };
    view! {
        <Title text="Your account" />
        <PageMain trail=home()>
            <h1>"Your account"</h1>
            {match visitor.account {
                None => view! {
                    <p>"You are not signed in."</p>
                    <p><a href="/sign-in">"Sign in"</a>" or "<a href="/sign-up">"create an account"</a>"."</p>
                }.into_any(),
                Some(a) => {
                    let status = a.status;
                    let needs_two_factor = a.needs_two_factor();
                    view! {
                        {notice.map(|(id, text)| view! {
                            <p class="nhsuk-inset-text" data-testid=id>{text}</p>
                        })}
                        {needs_two_factor.then(|| view! {
                            <div class="nhsuk-warning-callout" data-testid="two-factor-needed">
                                <h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Set up two-factor sign-in"</span></h2>
                                <p>"Curators and admins sign in with a code from an authenticator app as well as their password. Your curator and admin pages open once you "<a href="/account/two-factor">"set up two-factor sign-in"</a>"."</p>
                            </div>
                        })}
                        <dl class="nhsuk-summary-list">
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">"Name"</dt>
                                <dd class="nhsuk-summary-list__value">{a.display_name}</dd>
                            </div>
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">"Email address"</dt>
                                <dd class="nhsuk-summary-list__value">{a.email}</dd>
                            </div>
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">"Role"</dt>
                                <dd class="nhsuk-summary-list__value">{a.role.label()}</dd>
                            </div>
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">"Status"</dt>
                                <dd class="nhsuk-summary-list__value" data-testid="account-status">{status.label()}</dd>
                            </div>
                        </dl>
                        {(status == AccountStatus::Pending).then(|| view! {
                            <p class="nhsuk-inset-text">"An administrator needs to approve your account before you can see contacts or submit deployments. No email is sent: check back here."</p>
                        })}
                        <SavedOrganisation saved=a.org_context.clone() />
                        <crate::submissions::MySubmissions />
                        {(a.role != crate::domain::Role::Supplier).then(|| view! { <crate::suggestions::MySuggestions /> })}
                        <crate::contacts::MyContacts />
                        <h2 class="nhsuk-heading-m" id="security">"Signing in"</h2>
                        <p><a href="/account/password">"Change your password"</a></p>
                        <p><a href="/account/email">"Change your email address"</a></p>
                        <p><a href="/account/two-factor">{if a.two_factor { "Two-factor sign-in (on)" } else { "Two-factor sign-in (off)" }}</a></p>
                        <h2 class="nhsuk-heading-m" id="your-data">"Your data"</h2>
                        <p>"The "<a href="/privacy">"privacy notice"</a>" says what is kept about you and for how long."</p>
                        <p><a href="/account/delete">"Delete your account"</a></p>
                    }.into_any()
                }
            }}
        </PageMain>
    }
}

/// The organisation's details kept on the account, with links to use or change them.
#[component]
fn SavedOrganisation(saved: Option<String>) -> impl IntoView {
    use crate::domain::{OrgContext, organisation_href, with_context};
    let ctx = saved.map(|s| OrgContext::parse(&s).0).unwrap_or_default();
    view! {
        <h2 class="nhsuk-heading-m">"Your organisation's details"</h2>
        {if ctx.is_empty() {
            view! {
                <p>"None saved. "<a href=organisation_href("/account", &ctx)>"Tell us about your organisation"</a>
                " to check technologies against your IT, estates and workforce."</p>
            }.into_any()
        } else {
            view! {
                <p data-testid="account-context">{format!("Saved: {}. ", ctx.answered_summary())}
                    <a href=with_context("/technologies", &ctx)>"Browse technologies with them"</a>" · "
                    <a href=organisation_href("/account", &ctx)>"Change them"</a></p>
            }.into_any()
        }}
    }
}

/// Where a form with an expired or forged token lands (served with 403).
#[component]
pub fn FormExpiredPage() -> impl IntoView {
    view! {
        <Title text="This form has expired" />
        <PageMain trail=home()>
            <h1>"This form has expired"</h1>
            <p data-testid="error-message">"We could not accept the form because it was sent from an old page, after your session ended, or not from this site. Nothing was saved."</p>
            <p>"Go back, reload the page and try again, or "<a href="/sign-in">"sign in again"</a>"."</p>
        </PageMain>
    }
}
