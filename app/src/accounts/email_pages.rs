//! Changing your email address: ask (`/account/email`, with your password),
//! then open the link sent to the new address and press the button
//! (`/account/email/confirm?token=…`). Opening the link changes nothing by
//! itself, so a mail scanner that follows links cannot make the change.

use super::{context::use_form_echo, use_visitor};
use crate::{
    components::{Crumb, CsrfField, FormPage, Loaded, TextInput},
    error::AppError,
};
use leptos::prelude::*;

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

/// The new address a live change link would set, if the link still works.
#[server(prefix = "/api", endpoint = "account/email-change", input = server_fn::codec::GetUrl)]
pub async fn get_email_change(token: String) -> Result<Option<String>, AppError> {
    if !super::cookies::well_formed(&token) {
        return Ok(None);
    }
    let pool = crate::ssr::pool()?;
    let found = crate::ssr::db(async {
        let mut conn = pool.acquire().await?;
        let hash = super::cookies::token_hash(&token);
        crate::db::email_change::pending(&mut conn, &hash, false).await
    })
    .await?;
    Ok(found.map(|p| p.new_email))
}

/// `/account/email`.
#[component]
pub fn ChangeEmailPage() -> impl IntoView {
    let echo = use_form_echo("change-email");
    let visitor = use_visitor();
    view! {
        <FormPage title="Change your email address" trail=trail() errors=echo.errors.clone()>
            {match visitor.account {
                None => view! { <p>"You are not signed in. "<a href="/sign-in">"Sign in"</a>" to change your email address."</p> }.into_any(),
                Some(a) => view! {
                    <p>{format!("You sign in with {} now. We will email a link to the new address; the change happens when you open it and press the button. We also tell the old address.", a.email)}</p>
                    <form method="post" action="/account/email" novalidate>
                        <CsrfField />
                        <TextInput name="new_email" label="New email address" value=echo.value("new_email") error=echo.error("new_email") input_type="email" autocomplete="email" />
                        <TextInput name="password" label="Your password" error=echo.error("password") input_type="password" autocomplete="current-password" />
                        <button class="nhsuk-button" type="submit">"Send the link"</button>
                    </form>
                }.into_any(),
            }}
        </FormPage>
    }
}

/// `/account/email/confirm?token=…`.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let echo = use_form_echo("confirm-email");
    let token = super::link_token(&echo);
    let form_token = token.clone();
    let refused = echo.error("token");
    let change = Resource::new(move || token.clone(), get_email_change);
    view! {
        <FormPage title="Confirm your new email address" trail=trail() errors=echo.errors.clone()>
            {match refused {
                Some(message) => view! {
                    <p class="nhsuk-inset-text" id="field-token">{message}</p>
                    <p><a href="/account/email">"Change your email address"</a></p>
                }.into_any(),
                None => view! {
                    <Loaded data=change let:found>
                        {match found {
                            None => view! {
                                <p class="nhsuk-inset-text" data-testid="email-link-dead">"This link has expired or has already been used. Links work once, for 24 hours."</p>
                                <p><a href="/account/email">"Ask for a new link"</a></p>
                            }.into_any(),
                            Some(address) => {
                                let token = form_token.clone();
                                view! {
                                    <p>"Sign in with "<strong data-testid="new-email">{address}</strong>" from now on?"</p>
                                    <form method="post" action="/account/email/confirm" novalidate>
                                        <CsrfField />
                                        <input type="hidden" name="token" value=token />
                                        <button class="nhsuk-button" type="submit">"Use this email address"</button>
                                    </form>
                                }.into_any()
                            }
                        }}
                    </Loaded>
                }.into_any(),
            }}
        </FormPage>
    }
}
