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
    super::response::set_status(error.status_code());
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
        AppError::TwoFactorNeeded => view! {
            <p><a href="/account/two-factor">"Set up two-factor sign-in"</a></p>
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

/// A whole page for `error`, rendered without a request or the database: what
/// the server sends when it cannot run the page itself (the request took too
/// long, or too many are running). It carries no script, so it needs no
/// hydration and holds no inline script for the CSP to allow.
#[cfg(feature = "ssr")]
pub fn error_document(options: LeptosOptions, error: AppError) -> String {
    use super::{Footer, Header, SkipLink, layout_title};
    use leptos_meta::HashedStylesheet;
    use leptos_router::{components::Router, location::RequestUrl};
    let owner = Owner::new();
    owner.with(|| {
        provide_context(RequestUrl::new("/"));
        leptos_meta::provide_meta_context();
        crate::accounts::provide_visitor();
        let title = layout_title(error.title().to_owned());
        view! {
            <!DOCTYPE html>
            <html lang="en-GB">
                <head>
                    <meta charset="utf-8" />
                    <meta name="viewport" content="width=device-width, initial-scale=1" />
                    <title>{title}</title>
                    <HashedStylesheet options id="leptos" />
                </head>
                <body>
                    <Router>
                        <SkipLink />
                        <Header />
                        <PageMain trail=vec![Crumb { label: "Home", href: "/" }]>
                            <ErrorPage error />
                        </PageMain>
                        <Footer />
                    </Router>
                </body>
            </html>
        }
        .to_html()
    })
}
