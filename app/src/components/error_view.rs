//! Error pages. They show only `AppError`'s own user-facing text and set the HTTP
//! status during server rendering.

use super::{Crumb, PageMain};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// Renders an `AppError` as the content of a page's main area and sets the
/// response status code.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(error.status_code());
    }
    let title = error.title();
    let advice = match &error {
        AppError::NotFound { .. } => view! {
            <p>"If you typed the web address, check it is correct."</p>
            <p>"If you pasted the web address, check you copied the entire address."</p>
            <p><a href="/technologies">"Browse all technologies"</a></p>
        }
        .into_any(),
        AppError::SignInRequired => view! {
            <p><a href="/sign-in">"Sign in"</a>" or "<a href="/sign-up">"create an account"</a>"."</p>
        }
        .into_any(),
        AppError::Unavailable => view! {
            <p>"Nothing you did caused this. Please try again in a few moments."</p>
        }
        .into_any(),
        _ => view! { <p><a href="/">"Go to the homepage"</a></p> }.into_any(),
    };
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <p data-testid="error-message">{error.to_string()}</p>
        {advice}
    }
}

/// The fallback of an `ErrorBoundary`: shows the first error that is an
/// `AppError`, and a generic one for anything else (whose text is not shown).
#[component]
pub fn ErrorView(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let error = errors
        .read()
        .iter()
        .find_map(|(_, e)| e.downcast_ref::<AppError>().cloned())
        .unwrap_or(AppError::Internal);
    view! { <ErrorPage error /> }
}

/// The router's fallback for paths that match no page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
            <ErrorPage error=AppError::NotFound { what: "a page at this address".into() } />
        </PageMain>
    }
}
