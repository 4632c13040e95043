//! `/account/two-factor`: set up an authenticator app (a QR code drawn on the
//! server, and the key to type instead), see the recovery codes once, make new
//! ones, or (members only) turn two-factor sign-in off. Every form posts to
//! this address. Also the code step of the sign-in page.

use super::{context::use_form_echo, use_visitor};
use crate::{
    components::{Crumb, CsrfField, FormPage, Loaded, TextInput},
    domain::FieldError,
    error::AppError,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An enrolment in progress: what the app needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    /// The secret in base32, in groups of four, to type by hand.
    pub key: String,
    /// The `otpauth://` address as a QR code (an SVG we drew).
    pub qr_svg: String,
}

/// The signed-in account's two-factor state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactor {
    /// When it was turned on ("6 December 2026"), if it is on.
    pub on_since: Option<String>,
    /// An enrolment in progress.
    pub setup: Option<Setup>,
    /// Unused recovery codes.
    pub recovery_left: i64,
    /// A curator or admin: it must be on, and cannot be turned off.
    pub required: bool,
}

/// The signed-in account's two-factor state.
#[server(prefix = "/api", endpoint = "account/two-factor", input = server_fn::codec::GetUrl)]
pub async fn get_two_factor() -> Result<TwoFactor, AppError> {
    use super::totp;
    let Some(me) = crate::ssr::visitor().account else {
        return Err(crate::ssr::with_status(AppError::SignInRequired));
    };
    let pool = crate::ssr::pool()?;
    let (auth, left) = crate::ssr::db(async {
        let auth = crate::db::two_factor::authenticator(&pool, me.id).await?;
        let left = crate::db::two_factor::recovery_left(&pool, me.id).await?;
        Ok((auth, left))
    })
    .await?;
    let on_since = auth
        .as_ref()
        .and_then(|a| a.confirmed_at)
        .map(|t| t.format("%-d %B %Y").to_string());
    let setup = match &auth {
        Some(a) if a.confirmed_at.is_none() => {
            let uri = totp::otpauth_uri(&a.secret, &me.email);
            Some(Setup {
                key: totp::grouped(&a.secret),
                qr_svg: totp::qr_svg(&uri).ok_or(AppError::Internal)?,
            })
        }
        _ => None,
    };
    Ok(TwoFactor {
        on_since,
        setup,
        recovery_left: left,
        required: me.role.is_staff(),
    })
}

/// `/account/two-factor`.
#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let echo = use_form_echo("two-factor");
    let visitor = use_visitor();
    let codes: Vec<String> = echo
        .values
        .iter()
        .filter(|(k, _)| k == "recovery")
        .map(|(_, v)| v.clone())
        .collect();
    let signed_in = visitor.account.is_some();
    let state = Resource::new(|| (), |_| get_two_factor());
    let errors = echo.errors.clone();
    view! {
        <FormPage title="Two-factor sign-in" trail=vec![Crumb { label: "Home", href: "/" }, Crumb { label: "Your account", href: "/account" }] errors=echo.errors.clone()>
            {if !codes.is_empty() {
                view! { <RecoveryCodes codes /> }.into_any()
            } else if !signed_in {
                view! { <p>"You are not signed in. "<a href="/sign-in">"Sign in"</a>" to set up two-factor sign-in."</p> }.into_any()
            } else {
                view! {
                    <Loaded data=state let:tf>
                        <TwoFactorState tf=tf errors=errors.clone() />
                    </Loaded>
                }.into_any()
            }}
        </FormPage>
    }
}

/// The recovery codes, shown once, after setting up or making new ones.
#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    view! {
        <div class="nhsuk-inset-text" data-testid="two-factor-on">
            <p>"Two-factor sign-in is on. From now on, signing in asks for a code from your authenticator app."</p>
        </div>
        <h2 class="nhsuk-heading-m">"Save your recovery codes"</h2>
        <p>"If you lose your phone, each of these codes signs you in once instead of a code from the app. Keep them somewhere safe, such as a password manager. They are shown only now: we keep only a scrambled form of them."</p>
        <ul class="nhsuk-list app-recovery-codes" data-testid="recovery-codes">
            {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
        </ul>
        <p><a href="/account">"I have saved them: go to your account"</a></p>
    }
}

/// What the page shows for the account's state.
#[component]
fn TwoFactorState(tf: TwoFactor, errors: Vec<FieldError>) -> impl IntoView {
    let error = move |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let required = tf.required.then(|| view! {
        <p class="nhsuk-inset-text" data-testid="two-factor-required">"Curators and admins must sign in with a code from an authenticator app as well as their password. The curator and admin pages open once this is set up."</p>
    });
    match (tf.on_since, tf.setup) {
        (Some(since), _) => {
            let off_error = error("off_code");
            view! {
                {required}
                <p data-testid="two-factor-status">{format!("Two-factor sign-in has been on since {since}. You have {} unused recovery {}.", tf.recovery_left, if tf.recovery_left == 1 { "code" } else { "codes" })}</p>
                <h2 class="nhsuk-heading-m">"Make new recovery codes"</h2>
                <p>"The old codes stop working."</p>
                <form method="post" action="/account/two-factor" novalidate>
                    <CsrfField />
                    <input type="hidden" name="action" value="recovery" />
                    <TextInput name="code" label="Code from your authenticator app" error=error("code") autocomplete="one-time-code" width="nhsuk-input--width-10" />
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Make new recovery codes"</button>
                </form>
                {(!tf.required).then(|| view! {
                    <h2 class="nhsuk-heading-m">"Turn off two-factor sign-in"</h2>
                    <form method="post" action="/account/two-factor" novalidate>
                        <CsrfField />
                        <input type="hidden" name="action" value="off" />
                        <TextInput name="off_code" label="Code from your authenticator app (to turn it off)" error=off_error autocomplete="one-time-code" width="nhsuk-input--width-10" />
                        <button class="nhsuk-button nhsuk-button--warning" type="submit">"Turn off two-factor sign-in"</button>
                    </form>
                })}
            }.into_any()
        }
        (None, Some(setup)) => view! {
            {required}
            <ol class="nhsuk-list nhsuk-list--number">
                <li>"Open an authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator)."</li>
                <li>"Scan this QR code with it, or type the key below."</li>
                <li>"Enter the 6-digit code the app then shows."</li>
            </ol>
            <figure class="app-qr">
                <div class="app-qr__code" role="img" aria-label="QR code for your authenticator app" inner_html=setup.qr_svg></div>
                <figcaption>"Key to type instead: "<code data-testid="two-factor-key">{setup.key}</code></figcaption>
            </figure>
            <form method="post" action="/account/two-factor" novalidate>
                <CsrfField />
                <input type="hidden" name="action" value="confirm" />
                <TextInput name="code" label="Code from your authenticator app" hint="6 digits, like 123456" error=error("code") autocomplete="one-time-code" width="nhsuk-input--width-10" />
                <button class="nhsuk-button" type="submit">"Turn on two-factor sign-in"</button>
            </form>
        }.into_any(),
        (None, None) => view! {
            {required}
            <p data-testid="two-factor-status">"Two-factor sign-in is off. With it on, signing in asks for your password and a code from an authenticator app on your phone, so a stolen password alone cannot open your account."</p>
            <form method="post" action="/account/two-factor">
                <CsrfField />
                <input type="hidden" name="action" value="start" />
                <button class="nhsuk-button" type="submit">"Set up two-factor sign-in"</button>
            </form>
        }.into_any(),
    }
}

/// The code step of the sign-in page: the right password opened `challenge`.
#[component]
pub fn CodeStep(challenge: String, error: Option<String>) -> impl IntoView {
    view! {
        <h1>"Enter your security code"</h1>
        <p>"Open your authenticator app and enter the 6-digit code it shows for the Proven health technologies catalogue. You have 5 minutes."</p>
        <form method="post" action="/sign-in" novalidate>
            <CsrfField />
            <input type="hidden" name="challenge" value=challenge />
            <TextInput name="code" label="Security code" hint="Lost your phone? Enter one of your recovery codes instead." error=error autocomplete="one-time-code" width="nhsuk-input--width-10" />
            <button class="nhsuk-button" type="submit">"Continue"</button>
        </form>
        <p><a href="/sign-in">"Start again"</a></p>
    }
}
