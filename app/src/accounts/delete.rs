//! Deleting your own account (`/account/delete`): the page says what goes and
//! what stays, asks for the password again, and the handler erases the
//! account in one transaction (`db::erasure`), ends the session and lands on
//! `/account/deleted`.

use super::{context::use_form_echo, use_visitor};
use crate::components::{Crumb, CsrfField, FormPage, PageMain, TextInput};
use leptos::prelude::*;
use leptos_meta::Title;

fn trail() -> Vec<Crumb> {
    vec![
        Crumb {
            label: "Home",
            href: "/",
        },
        Crumb {
            label: "Your account",
            href: "/account",
        },
    ]
}

/// `/account/delete`.
#[component]
pub fn DeleteAccountPage() -> impl IntoView {
    let echo = use_form_echo("delete-account");
    let visitor = use_visitor();
    view! {
        <FormPage title="Delete your account" trail=trail() errors=echo.errors.clone()>
            {match visitor.account {
                None => view! { <p>"You are not signed in. "<a href="/sign-in">"Sign in"</a>" to delete your account."</p> }.into_any(),
                Some(a) => view! {
                    <p>{format!("This deletes the account for {} at once. It cannot be undone.", a.email)}</p>
                    <h2 class="nhsuk-heading-s">"What is deleted"</h2>
                    <ul>
                        <li>"Your name, organisation, email address and password"</li>
                        <li>"Your sessions: you are signed out everywhere"</li>
                        <li>"Any contact entry that shows you to other members, and the contact details in your submissions"</li>
                        <li>"Your suggested corrections and supplier proposals"</li>
                        <li>"Records of attempts to sign in with your email address"</li>
                    </ul>
                    <h2 class="nhsuk-heading-s">"What stays"</h2>
                    <ul>
                        <li>"Deployments you submitted, without your name"</li>
                        <li>"Changes you made to the catalogue as a curator, credited to \"a former member\""</li>
                    </ul>
                    <form method="post" action="/account/delete" novalidate>
                        <CsrfField />
                        <TextInput name="password" label="Your password" hint="To confirm it is you" error=echo.error("password") input_type="password" autocomplete="current-password" />
                        <button class="nhsuk-button nhsuk-button--warning" type="submit">"Delete my account"</button>
                    </form>
                    <p><a href="/account">"Keep my account"</a></p>
                }.into_any(),
            }}
        </FormPage>
    }
}

/// `/account/deleted`: where deleting lands.
#[component]
pub fn AccountDeletedPage() -> impl IntoView {
    view! {
        <Title text="Your account has been deleted" />
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <h1 data-testid="account-deleted">"Your account has been deleted"</h1>
            <p class="nhsuk-inset-text">"Your personal details have been erased and you have been signed out. You can still use the catalogue without an account."</p>
            <p><a href="/technologies">"Browse technologies"</a></p>
        </PageMain>
    }
}
