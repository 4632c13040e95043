//! The HTML shell and the router: which page answers which path.

use crate::{
    accounts::{
        AccountDeletedPage, AccountPage, AdminAccountsPage, AuditPage, ChangeEmailPage,
        ChangePasswordPage, ConfirmEmailPage, DeleteAccountPage, FormExpiredPage, ResetPage,
        ResetRequestPage, ResetSentPage, SignInPage, SignUpPage, TwoFactorPage, provide_visitor,
    },
    adoption::{IcbPage, IcbsPage, RegionPage},
    catalogue::CataloguePage,
    compare::ComparePage,
    components::{Footer, Header, NotFoundPage, SkipLink, layout_title},
    contacts::{ContactRemovedPage, CuratorContactsPage, RemoveContactPage, WithdrawContactPage},
    curation::{
        AddClaimPage, ChangesPage, EditorPage, HistoryPage, RecheckPage, TechnologyDetailsPage,
        WithdrawPage, WorkspacePage,
    },
    home::HomePage,
    lifecycle::{NewTechnologyPage, PublishPage, RetirePage},
    open_data::UseTheDataPage,
    readiness::OrganisationPage,
    statements::{AccessibilityPage, CookiesPage, PrivacyPage},
    submissions::{QueuePage, ReviewPage, SubmitPage},
    suggestions::{
        ProposePage, SuggestPage, SuggestionQueuePage, SuggestionReviewPage, SupplierPage,
    },
    technology::TechnologyPage,
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <crate::islands::BrowserScript options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: chrome around the routed pages.
///
/// Every page renders in `SsrMode::Async`: the server knows the outcome (and
/// so the status code: 404, 503) before it sends the first byte, and the whole
/// page is in that HTML (with islands, nothing in the browser would move
/// streamed chunks into place, and the navigation script runs no script of
/// the pages it fetches).
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_visitor();
    view! {
        <Title formatter=layout_title />
        <Meta name="description" content="Proven digital and AI health technologies for NHS integrated care boards: benefits, costs, regulation, workforce, infrastructure and who has adopted them." />
        <Link rel="icon" href="/favicon.ico" sizes="48x48" />
        <Link rel="icon" href="/favicon.svg" sizes="any" type_="image/svg+xml" />
        <Router>
            <SkipLink />
            <Header />
            <Routes fallback=NotFoundPage>
                <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                <Route path=path!("use-the-data") view=UseTheDataPage ssr=SsrMode::Async />
                <Route path=path!("accessibility") view=AccessibilityPage ssr=SsrMode::Async />
                <Route path=path!("privacy") view=PrivacyPage ssr=SsrMode::Async />
                <Route path=path!("cookies") view=CookiesPage ssr=SsrMode::Async />
                <Route path=path!("technologies") view=CataloguePage ssr=SsrMode::Async />
                <Route path=path!("technologies/:slug") view=TechnologyPage ssr=SsrMode::Async />
                <Route path=path!("compare") view=ComparePage ssr=SsrMode::Async />
                <Route path=path!("organisation") view=OrganisationPage ssr=SsrMode::Async />
                <Route path=path!("icbs") view=IcbsPage ssr=SsrMode::Async />
                <Route path=path!("icbs/:code") view=IcbPage ssr=SsrMode::Async />
                <Route path=path!("regions/:code") view=RegionPage ssr=SsrMode::Async />
                <Route path=path!("sign-in") view=SignInPage ssr=SsrMode::Async />
                <Route path=path!("sign-up") view=SignUpPage ssr=SsrMode::Async />
                <Route path=path!("account") view=AccountPage ssr=SsrMode::Async />
                <Route path=path!("account/delete") view=DeleteAccountPage ssr=SsrMode::Async />
                <Route path=path!("account/deleted") view=AccountDeletedPage ssr=SsrMode::Async />
                <Route path=path!("account/password") view=ChangePasswordPage ssr=SsrMode::Async />
                <Route path=path!("account/two-factor") view=TwoFactorPage ssr=SsrMode::Async />
                <Route path=path!("account/email") view=ChangeEmailPage ssr=SsrMode::Async />
                <Route path=path!("account/email/confirm") view=ConfirmEmailPage ssr=SsrMode::Async />
                <Route path=path!("reset-password") view=ResetRequestPage ssr=SsrMode::Async />
                <Route path=path!("reset-password/sent") view=ResetSentPage ssr=SsrMode::Async />
                <Route path=path!("reset-password/new") view=ResetPage ssr=SsrMode::Async />
                <Route path=path!("contacts/:id/withdraw") view=WithdrawContactPage ssr=SsrMode::Async />
                <Route path=path!("contacts/remove") view=RemoveContactPage ssr=SsrMode::Async />
                <Route path=path!("contacts/removed") view=ContactRemovedPage ssr=SsrMode::Async />
                <Route path=path!("form-expired") view=FormExpiredPage ssr=SsrMode::Async />
                <Route path=path!("admin/accounts") view=AdminAccountsPage ssr=SsrMode::Async />
                <Route path=path!("admin/audit") view=AuditPage ssr=SsrMode::Async />
                <Route path=path!("curator/contacts") view=CuratorContactsPage ssr=SsrMode::Async />
                <Route path=path!("curator/submissions") view=QueuePage ssr=SsrMode::Async />
                <Route path=path!("curator/submissions/:id") view=ReviewPage ssr=SsrMode::Async />
                <Route path=path!("technologies/:slug/submit") view=SubmitPage ssr=SsrMode::Async />
                <Route path=path!("technologies/:slug/history") view=HistoryPage ssr=SsrMode::Async />
                <Route path=path!("changes") view=ChangesPage ssr=SsrMode::Async />
                <Route path=path!("curator/recheck") view=RecheckPage ssr=SsrMode::Async />
                <Route path=path!("curator/technologies/:slug") view=WorkspacePage ssr=SsrMode::Async />
                <Route path=path!("curator/technologies/:slug/details") view=TechnologyDetailsPage ssr=SsrMode::Async />
                <Route path=path!("curator/technologies/:slug/add/:block") view=AddClaimPage ssr=SsrMode::Async />
                <Route path=path!("curator/claims/:block/:id") view=EditorPage ssr=SsrMode::Async />
                <Route path=path!("curator/claims/:block/:id/withdraw") view=WithdrawPage ssr=SsrMode::Async />
                <Route path=path!("curator/new-technology") view=NewTechnologyPage ssr=SsrMode::Async />
                <Route path=path!("suggest") view=SuggestPage ssr=SsrMode::Async />
                <Route path=path!("curator/suggestions") view=SuggestionQueuePage ssr=SsrMode::Async />
                <Route path=path!("curator/suggestions/:id") view=SuggestionReviewPage ssr=SsrMode::Async />
                <Route path=path!("supplier") view=SupplierPage ssr=SsrMode::Async />
                <Route path=path!("supplier/technologies/:slug/propose/:block") view=ProposePage ssr=SsrMode::Async />
                <Route path=path!("curator/technologies/:slug/publish") view=PublishPage ssr=SsrMode::Async />
                <Route path=path!("curator/technologies/:slug/withdraw") view=RetirePage ssr=SsrMode::Async />
            </Routes>
            <Footer />
            // What the navigation script reads out after it changes the page
            // (it keeps this element across pages).
            <div id="app-announcer" class="nhsuk-u-visually-hidden" role="status" aria-live="polite" data-testid="announcer"></div>
        </Router>
    }
}

/// Every feature's routes beside its pages, for the server to compose.
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    crate::accounts::routes()
        .merge(crate::submissions::routes())
        .merge(crate::contacts::routes())
        .merge(crate::readiness::routes())
        .merge(crate::open_data::routes())
        .merge(crate::curation::routes())
        .merge(crate::lifecycle::routes())
        .merge(crate::suggestions::routes())
}
