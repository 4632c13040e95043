//! The page chrome: skip link, header, breadcrumbs, main wrapper and footer.

use leptos::prelude::*;

/// The service name shown in the header and page titles.
pub const SERVICE_NAME: &str = "Proven health technologies catalogue";

/// Formats a page title as "Page – Service".
pub fn layout_title(page: String) -> String {
    if page.is_empty() {
        SERVICE_NAME.to_owned()
    } else {
        format!("{page} – {SERVICE_NAME}")
    }
}

/// First focusable element: jumps to `#maincontent`.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a class="nhsuk-skip-link" href="#maincontent">
            "Skip to main content"
        </a>
    }
}

/// The NHS.UK header with the service name and the main navigation. "Browse
/// technologies" keeps the organisation's details of the page it is on.
#[component]
pub fn Header() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let browse = move || {
        let (ctx, _) = crate::domain::OrgContext::from_query(&location.search.get());
        crate::domain::with_context("/technologies", &ctx)
    };
    view! {
        <header class="nhsuk-header" role="banner">
            <div class="nhsuk-header__container nhsuk-width-container">
                <div class="nhsuk-header__service">
                    <a class="nhsuk-header__service-logo" href="/" aria-label=format!("{SERVICE_NAME} homepage")>
                        <svg
                            class="nhsuk-header__logo"
                            xmlns="http://www.w3.org/2000/svg"
                            viewBox="0 0 200 80"
                            height="40"
                            width="100"
                            focusable="false"
                            role="img"
                            aria-label="NHS"
                        >
                            <title>"NHS"</title>
                            <path
                                fill="currentcolor"
                                d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
                            ></path>
                        </svg>
                        <span class="nhsuk-header__service-name">{SERVICE_NAME}</span>
                    </a>
                </div>
            </div>
            <nav class="nhsuk-header__navigation" aria-label="Menu">
                <div class="nhsuk-header__navigation-container nhsuk-width-container">
                    <ul class="nhsuk-header__navigation-list">
                        <li class="nhsuk-header__navigation-item">
                            <a class="nhsuk-header__navigation-link" href=browse>
                                "Browse technologies"
                            </a>
                        </li>
                        <li class="nhsuk-header__navigation-item">
                            <a class="nhsuk-header__navigation-link" href="/icbs">
                                "Who has adopted what"
                            </a>
                        </li>
                        <li class="nhsuk-header__navigation-item">
                            <a class="nhsuk-header__navigation-link" href="/#what-proven-means">
                                "What “proven” means"
                            </a>
                        </li>
                        <AccountLinks />
                    </ul>
                </div>
            </nav>
        </header>
    }
}

/// Sign in, or the account's links and a sign-out button (a POST form).
#[component]
fn AccountLinks() -> impl IntoView {
    let visitor = crate::accounts::use_visitor();
    let Some(account) = visitor.account.clone() else {
        return view! {
            <li class="nhsuk-header__navigation-item">
                <a class="nhsuk-header__navigation-link" href="/sign-in">"Sign in"</a>
            </li>
        }
        .into_any();
    };
    let admin = visitor.has(crate::domain::Role::Admin);
    let curator = visitor.has(crate::domain::Role::Curator);
    let supplier = visitor.has(crate::domain::Role::Supplier);
    view! {
        <li class="nhsuk-header__navigation-item">
            <a class="nhsuk-header__navigation-link" href="/account">
                <span class="nhsuk-u-visually-hidden">"Your account: "</span>{account.display_name}
            </a>
        </li>
        {curator.then(|| view! {
            <li class="nhsuk-header__navigation-item">
                <a class="nhsuk-header__navigation-link" href="/curator/submissions">"Review"</a>
            </li>
            <li class="nhsuk-header__navigation-item">
                <a class="nhsuk-header__navigation-link" href="/curator/suggestions">"Suggestions"</a>
            </li>
            <li class="nhsuk-header__navigation-item">
                <a class="nhsuk-header__navigation-link" href="/curator/recheck">"Re-check"</a>
            </li>
        })}
        {supplier.then(|| view! {
            <li class="nhsuk-header__navigation-item">
                <a class="nhsuk-header__navigation-link" href="/supplier">"Your evidence"</a>
            </li>
        })}
        {admin.then(|| view! {
            <li class="nhsuk-header__navigation-item">
                <a class="nhsuk-header__navigation-link" href="/admin/accounts">"Accounts"</a>
            </li>
        })}
        <li class="nhsuk-header__navigation-item">
            <form method="post" action="/sign-out" class="app-sign-out">
                <super::CsrfField />
                <button type="submit" class="nhsuk-header__navigation-link app-link-button">"Sign out"</button>
            </form>
        </li>
    }
    .into_any()
}

/// One step of a breadcrumb trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    /// Link text.
    pub label: &'static str,
    /// Link target.
    pub href: &'static str,
}

/// The breadcrumb trail above a page's main content; on small screens the
/// design system shows only a back link to the last crumb.
#[component]
pub fn Breadcrumbs(trail: Vec<Crumb>) -> impl IntoView {
    let parent = trail.last().cloned();
    view! {
        <nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">
            <ol class="nhsuk-breadcrumb__list">
                {trail
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li class="nhsuk-breadcrumb__list-item">
                                <a class="nhsuk-breadcrumb__link" href=c.href>
                                    {c.label}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            {parent
                .map(|c| {
                    view! {
                        <a class="nhsuk-back-link" href=c.href>
                            <span class="nhsuk-u-visually-hidden">"Back to "</span>
                            {c.label}
                        </a>
                    }
                })}
        </nav>
    }
}

/// A page's main landmark, preceded by its breadcrumbs (none on the home page).
#[component]
pub fn PageMain(#[prop(optional)] trail: Vec<Crumb>, children: Children) -> impl IntoView {
    view! {
        <div class="nhsuk-width-container">
            {(!trail.is_empty()).then(|| view! { <Breadcrumbs trail /> })}
            <main class="nhsuk-main-wrapper" id="maincontent">
                {children()}
            </main>
        </div>
    }
}

/// The NHS.UK footer with the catalogue's own support links.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="nhsuk-footer" role="contentinfo">
            <div class="nhsuk-width-container">
                <div class="nhsuk-footer__meta">
                    <h2 class="nhsuk-u-visually-hidden">"Support links"</h2>
                    <ul class="nhsuk-footer__list">
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href="/technologies">
                                "All technologies"
                            </a>
                        </li>
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href="/#about-the-data">
                                "About the data"
                            </a>
                        </li>
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href="/use-the-data">
                                "Use the data"
                            </a>
                        </li>
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href="/changes">
                                "Changes to the catalogue"
                            </a>
                        </li>
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href="/accessibility">
                                "Accessibility statement"
                            </a>
                        </li>
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href="/privacy">
                                "Privacy"
                            </a>
                        </li>
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href="/cookies">
                                "Cookies"
                            </a>
                        </li>
                    </ul>
                    <p class="nhsuk-body-s">
                        "Every fact in this catalogue links to its public source. Check the source before you rely on it."
                    </p>
                </div>
            </div>
        </footer>
    }
}

/// The frame of a page built around one form: the title (with "Error: " first
/// when the form came back refused), the breadcrumbs, the error summary and
/// the heading, in the two-thirds column the NHS.UK form pattern uses.
#[component]
pub fn FormPage(
    /// The heading, and the page title.
    title: &'static str,
    /// The breadcrumbs.
    trail: Vec<Crumb>,
    /// The refused form's errors (none when the page was simply opened).
    errors: Vec<crate::domain::FieldError>,
    children: Children,
) -> impl IntoView {
    let page_title = super::error_title(title, !errors.is_empty());
    view! {
        <leptos_meta::Title text=page_title />
        <PageMain trail>
            <div class="nhsuk-grid-row">
                <div class="nhsuk-grid-column-two-thirds">
                    <super::ErrorSummary errors />
                    <h1>{title}</h1>
                    {children()}
                </div>
            </div>
        </PageMain>
    }
}
