//! Changing your password (`/account/password`), and resetting a forgotten
//! one by email: ask for a link (`/reset-password`), told it is on its way
//! whether or not the address has an account (`/reset-password/sent`), then
//! choose a new password from the link (`/reset-password/new?token=…`).

use super::{context::use_form_echo, use_visitor};
use crate::components::{Crumb, CsrfField, FormPage, PageMain, TextInput};
use leptos::prelude::*;
use leptos_meta::Title;

fn trail() -> Vec<Crumb> {
    vec![Crumb {
        label: "Home",
        href: "/",
    }]
}

/// The hint under every new-password field.
pub const NEW_PASSWORD_HINT: &str =
    "At least 12 characters. Three or four random words work well; common passwords are refused.";

/// `/account/password`.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let echo = use_form_echo("change-password");
    let visitor = use_visitor();
    view! {
        <FormPage title="Change your password" trail=vec![Crumb { label: "Home", href: "/" }, Crumb { label: "Your account", href: "/account" }] errors=echo.errors.clone()>
            {match visitor.account {
                None => view! { <p>"You are not signed in. "<a href="/sign-in">"Sign in"</a>" to change your password."</p> }.into_any(),
                Some(_) => view! {
                    <p>"You stay signed in here; every other session is signed out, and we email you to say the password changed."</p>
                    <form method="post" action="/account/password" novalidate>
                        <CsrfField />
                        <TextInput name="current" label="Current password" error=echo.error("current") input_type="password" autocomplete="current-password" />
                        <TextInput name="password" label="New password" hint=NEW_PASSWORD_HINT error=echo.error("password") input_type="password" autocomplete="new-password" />
                        <TextInput name="confirm" label="Confirm new password" error=echo.error("confirm") input_type="password" autocomplete="new-password" />
                        <button class="nhsuk-button" type="submit">"Change password"</button>
                    </form>
                }.into_any(),
            }}
        </FormPage>
    }
}

/// `/reset-password`: ask for a link.
#[component]
pub fn ResetRequestPage() -> impl IntoView {
    let echo = use_form_echo("reset-request");
    view! {
        <FormPage title="Reset your password" trail=trail() errors=echo.errors.clone()>
            <p>"Enter the email address you sign in with. If it has an account, we will email a link to choose a new password. The link works once, for 30 minutes."</p>
            <form method="post" action="/reset-password" novalidate>
                <CsrfField />
                <TextInput name="email" label="Email address" value=echo.value("email") error=echo.error("email") input_type="email" autocomplete="email" />
                <button class="nhsuk-button" type="submit">"Send me a link"</button>
            </form>
        </FormPage>
    }
}

/// `/reset-password/sent`.
#[component]
pub fn ResetSentPage() -> impl IntoView {
    view! {
        <Title text="Check your email" />
        <PageMain trail=trail()>
            <h1 data-testid="reset-sent">"Check your email"</h1>
            <p>"If the address you entered has an account, we have sent it a link to choose a new password. The link works once, for 30 minutes."</p>
            <p>"Nothing arrived? Check your spam folder, or "<a href="/reset-password">"ask for another link"</a>"."</p>
        </PageMain>
    }
}

/// `/reset-password/new?token=…`: choose a new password.
#[component]
pub fn ResetPage() -> impl IntoView {
    let echo = use_form_echo("reset");
    let token = super::link_token(&echo);
    let dead_link = echo.error("token");
    view! {
        <FormPage title="Choose a new password" trail=trail() errors=echo.errors.clone()>
            {match dead_link {
                Some(message) => view! {
                    <p class="nhsuk-inset-text" id="field-token">{message}</p>
                    <p><a href="/reset-password">"Ask for a new link"</a></p>
                }.into_any(),
                None => view! {
                    <p>"After this, you are signed out everywhere and can sign in with the new password."</p>
                    <form method="post" action="/reset-password/new" novalidate>
                        <CsrfField />
                        <input type="hidden" name="token" value=token />
                        <TextInput name="password" label="New password" hint=NEW_PASSWORD_HINT error=echo.error("password") input_type="password" autocomplete="new-password" />
                        <TextInput name="confirm" label="Confirm new password" error=echo.error("confirm") input_type="password" autocomplete="new-password" />
                        <button class="nhsuk-button" type="submit">"Set new password"</button>
                    </form>
                }.into_any(),
            }}
        </FormPage>
    }
}
