//! `/accessibility`, `/privacy` and `/cookies`.

use super::{
    facts::{StatementFacts, or_to_complete},
    get_statement_facts,
};
use crate::components::{Crumb, Loaded, PageMain};
use leptos::prelude::*;
use leptos_meta::Title;

fn trail() -> Vec<Crumb> {
    vec![Crumb {
        label: "Home",
        href: "/",
    }]
}

/// How to report a problem or ask about your data: the operator's contact,
/// or a plain statement that it is still to be set.
#[component]
fn Contact(facts: StatementFacts) -> impl IntoView {
    view! {
        <p data-testid="operator-contact">
            {match facts.operator.contact {
                Some(c) => format!("Contact: {c}"),
                None => "Contact: to be completed by the operator of this service.".to_owned(),
            }}
        </p>
    }
}

/// `/accessibility`: the public sector model accessibility statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let facts = Resource::new(|| (), |_| get_statement_facts());
    view! {
        <Title text="Accessibility statement" />
        <PageMain trail=trail()>
            <h1>"Accessibility statement"</h1>
            <p>"This statement applies to the proven health technologies catalogue. We want as many people as possible to be able to use it: you should be able to change colours and font sizes, zoom in up to 400% without the text spilling off the screen, move through it using only a keyboard, use it with JavaScript turned off, and listen to it with a screen reader."</p>

            <h2 id="compliance">"Compliance status"</h2>
            <p>"This service aims to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard. It is partially compliant: the checks we run pass, but it has not yet had a full manual audit by accessibility specialists or testing with assistive-technology users, so we cannot yet say it is fully compliant."</p>

            <h2 id="testing">"How we tested this service"</h2>
            <p>"These checks run on every change, before it is released:"</p>
            <ul>
                <li>"Automated checks with axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on every page in browser tests in Chromium, with JavaScript on and with it off, including every form shown with its errors. A change with any violation is not released."</li>
                <li>"Keyboard journeys in the browser tests: the skip link is the first stop and jumps to the main content; searching and ticking a filter work with the keyboard alone."</li>
                <li>"Every form and page is tested with JavaScript turned off, so the service works without it."</li>
            </ul>

            <h2 id="known-issues">"Known issues"</h2>
            <ul>
                <li>"Some wide tables (the comparison matrix and the audit log) scroll sideways on small screens; the scrolling area can be reached and moved with the keyboard."</li>
                <li>"The sources the catalogue links to are other organisations' documents (often PDF files), which we do not control and which may not be accessible."</li>
            </ul>

            <h2 id="report">"Reporting accessibility problems"</h2>
            <p>"If you find a problem not listed here, or need information in a different format, tell us. Say which page and what went wrong."</p>
            <Loaded data=facts let:f><Contact facts=f /></Loaded>

            <h2 id="enforcement">"Enforcement procedure"</h2>
            <p>"The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS)."</p>
        </PageMain>
    }
}

/// `/privacy`: the privacy notice.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let facts = Resource::new(|| (), |_| get_statement_facts());
    view! {
        <Title text="Privacy notice" />
        <PageMain trail=trail()>
            <h1>"Privacy notice"</h1>
            <p>"Most of the catalogue is about technologies and organisations, not people, and you can use all of it without an account. This notice explains the personal data the service does hold."</p>
            <Loaded data=facts let:f><Privacy facts=f /></Loaded>
        </PageMain>
    }
}

#[component]
fn Privacy(facts: StatementFacts) -> impl IntoView {
    let r = facts.retention.clone();
    view! {
        <h2 id="controller">"Who is responsible for your data"</h2>
        <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Data controller"</dt>
                <dd class="nhsuk-summary-list__value" data-testid="controller">{or_to_complete(&facts.operator.controller)}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Contact for data protection"</dt>
                <dd class="nhsuk-summary-list__value">{or_to_complete(&facts.operator.contact)}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Lawful basis"</dt>
                <dd class="nhsuk-summary-list__value">{or_to_complete(&facts.operator.lawful_basis)}</dd>
            </div>
        </dl>

        <h2 id="what">"What we hold, why, and who sees it"</h2>
        <table class="nhsuk-table">
            <caption class="nhsuk-table__caption nhsuk-table__caption--s">"Personal data in the service"</caption>
            <thead class="nhsuk-table__head">
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="col">"Data"</th>
                    <th class="nhsuk-table__header" scope="col">"Why"</th>
                    <th class="nhsuk-table__header" scope="col">"Who sees it"</th>
                    <th class="nhsuk-table__header" scope="col">"How long it is kept"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">"Your account: name, organisation, email address, a hash of your password (never the password)"</th>
                    <td class="nhsuk-table__cell">"To let you sign in, and so an admin can check you work in or for an NHS organisation before approving you"</td>
                    <td class="nhsuk-table__cell">"You, and the service's admins"</td>
                    <td class="nhsuk-table__cell">"Until you delete your account (on your account page), which erases it at once"</td>
                </tr>
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">"Contact details you agreed to share (name, job title, organisation, email, phone, preferred method)"</th>
                    <td class="nhsuk-table__cell">"So that people at other ICBs considering a technology can ask someone who implemented it"</td>
                    <td class="nhsuk-table__cell">"Signed-in, approved members and curators only; never in exports, the API or search"</td>
                    <td class="nhsuk-table__cell">{format!("Until consent is withdrawn, which deletes them. Consent is re-confirmed every {} months; until it is, members no longer see them", r.contact_reconfirm_months)}</td>
                </tr>
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">"Your sessions (a hash of the session cookie)"</th>
                    <td class="nhsuk-table__cell">"To keep you signed in"</td>
                    <td class="nhsuk-table__cell">"Nobody; the server reads it on each request"</td>
                    <td class="nhsuk-table__cell">{format!("Until you sign out, after {} minutes without use, or after {} hours at most; then deleted", r.session_idle_minutes, r.session_hours)}</td>
                </tr>
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">"Attempts to sign in: the email address typed and the network address it came from"</th>
                    <td class="nhsuk-table__cell">"To stop people guessing passwords"</td>
                    <td class="nhsuk-table__cell">"Nobody; the server counts them"</td>
                    <td class="nhsuk-table__cell">{format!("{} minutes, then deleted (new accounts from a network address: 1 hour)", r.sign_in_window_minutes)}</td>
                </tr>
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">"Email we send you (account notices, reset and address change links, and the removal link when your contact details are published), with your address"</th>
                    <td class="nhsuk-table__cell">"To tell you about changes to your account, let you reset a forgotten password or change your address, and let you remove your contact details"</td>
                    <td class="nhsuk-table__cell">"Nobody; the server sends it"</td>
                    <td class="nhsuk-table__cell">{format!("{} days after sending, then deleted. A reset link works once, for {} minutes; an address change link once, for {} hours; the new address waits unused until then", r.mail_days, r.reset_minutes, r.email_change_hours)}</td>
                </tr>
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">"Two-factor sign-in: your authenticator app's secret key and a hash of each recovery code"</th>
                    <td class="nhsuk-table__cell">"To check the code you type when you sign in (curators and admins must use it; members may)"</td>
                    <td class="nhsuk-table__cell">"Nobody; the server checks codes"</td>
                    <td class="nhsuk-table__cell">{format!("Until you turn it off or delete your account. The step between password and code lasts {} minutes", r.challenge_minutes)}</td>
                </tr>
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">"What you submit: deployments, suggested corrections, supplier evidence"</th>
                    <td class="nhsuk-table__cell">"To keep the catalogue true; published facts never name you"</td>
                    <td class="nhsuk-table__cell">"You, and curators, who see your name beside it"</td>
                    <td class="nhsuk-table__cell">"Deployments you submitted stay in the catalogue without your name when you delete your account; your suggestions are deleted with it"</td>
                </tr>
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="row">"Changes made by curators and admins"</th>
                    <td class="nhsuk-table__cell">"Accountability for what the catalogue says"</td>
                    <td class="nhsuk-table__cell">"Curators and admins see who made each change; the public history never names anyone"</td>
                    <td class="nhsuk-table__cell">"As long as the catalogue. The audit log keeps record ids and field names, never the values; a deleted account's changes show \"a former member\""</td>
                </tr>
            </tbody>
        </table>

        <h2 id="rights">"Your rights"</h2>
        <p>"Under UK GDPR you have the right to be informed, to access your data, to have it corrected or erased, to restrict or object to its use, and to data portability."</p>
        <ul>
            <li>"See and correct: your account page shows what is held about you."</li>
            <li>"Erase: delete your account from your account page. Your name, organisation, email, password hash, sessions, suggestions and contact entries are deleted at once; deployments you submitted stay without your name."</li>
            <li>"Withdraw consent to be contacted: from your account page, with the link in the email sent when your details were published (no sign-in needed), or ask a curator. Each deletes the contact entry."</li>
            <li>"Anything else, or a complaint: use the contact above. You can also complain to the Information Commissioner's Office (ICO)."</li>
        </ul>
        <p>"The service sets only the cookies it needs to work: see "<a href="/cookies">"cookies"</a>"."</p>
    }
}

/// `/cookies`: each cookie, its purpose and its lifetime.
#[component]
pub fn CookiesPage() -> impl IntoView {
    let facts = Resource::new(|| (), |_| get_statement_facts());
    view! {
        <Title text="Cookies" />
        <PageMain trail=trail()>
            <h1>"Cookies"</h1>
            <p>"Cookies are small files saved on your device. This service uses only the cookies it needs to work, so it does not ask for your consent to them. It sets no analytics or advertising cookies and none from other sites."</p>
            <Loaded data=facts let:f><CookieTable facts=f /></Loaded>
        </PageMain>
    }
}

#[component]
fn CookieTable(facts: StatementFacts) -> impl IntoView {
    view! {
        <table class="nhsuk-table" data-testid="cookies">
            <caption class="nhsuk-table__caption nhsuk-table__caption--s">"Cookies this service sets"</caption>
            <thead class="nhsuk-table__head">
                <tr class="nhsuk-table__row">
                    <th class="nhsuk-table__header" scope="col">"Name"</th>
                    <th class="nhsuk-table__header" scope="col">"Purpose"</th>
                    <th class="nhsuk-table__header" scope="col">"Expires"</th>
                </tr>
            </thead>
            <tbody class="nhsuk-table__body">
                {facts.cookies.into_iter().map(|c| view! {
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="row"><code data-testid="cookie-name">{c.name}</code></th>
                        <td class="nhsuk-table__cell">{c.purpose}</td>
                        <td class="nhsuk-table__cell">{c.lifetime}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
