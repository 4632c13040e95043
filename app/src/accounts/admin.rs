//! Admin pages: approve accounts and grant roles; read the audit log.

use super::{get_audit_log, list_accounts, supplier_choices};
use crate::{
    components::{Crumb, CsrfField, Loaded, PageMain, ScrollTable},
    domain::{AccountStatus, AuditEntry, Role, StaffAccount},
};
use leptos::prelude::*;
use leptos_meta::Title;

fn trail() -> Vec<Crumb> {
    vec![Crumb {
        label: "Home",
        href: "/",
    }]
}

/// `/admin/accounts`.
#[component]
pub fn AdminAccountsPage() -> impl IntoView {
    let accounts = Resource::new(|| (), |_| list_accounts());
    let suppliers = Resource::new(|| (), |_| supplier_choices());
    view! {
        <Title text="Accounts" />
        <PageMain trail=trail()>
            <h1>"Accounts"</h1>
            <p>"Approve new accounts after checking the person works in or for an NHS organisation, and grant the curator or admin role, or make an account a supplier account that speaks for one supplier. Every change is written to the "<a href="/admin/audit">"audit log"</a>"."</p>
            <Loaded data=suppliers let:s>
                <Loaded data=accounts let:a><AccountsTable accounts=a suppliers=s.clone() /></Loaded>
            </Loaded>
        </PageMain>
    }
}

#[component]
fn AccountsTable(accounts: Vec<StaffAccount>, suppliers: Vec<(i64, String)>) -> impl IntoView {
    let pending = accounts
        .iter()
        .filter(|a| a.status == AccountStatus::Pending)
        .count();
    view! {
        <p data-testid="pending-count">{match pending {
            0 => "No accounts are waiting for approval.".to_owned(),
            1 => "1 account is waiting for approval.".to_owned(),
            n => format!("{n} accounts are waiting for approval."),
        }}</p>
        <ScrollTable label="Accounts".to_owned()>
            <table class="nhsuk-table">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">"All accounts, waiting for approval first"</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"Name and email"</th>
                        <th class="nhsuk-table__header" scope="col">"Organisation"</th>
                        <th class="nhsuk-table__header" scope="col">"Signed up"</th>
                        <th class="nhsuk-table__header" scope="col">"Status and role"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {accounts.into_iter().map(|a| view! { <AccountRow a suppliers=suppliers.clone() /> }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}

#[component]
fn AccountRow(a: StaffAccount, suppliers: Vec<(i64, String)>) -> impl IntoView {
    let id = a.id;
    let supplier_id = format!("supplier-{id}");
    let linked = a.supplier_id;
    let status_id = format!("status-{id}");
    let role_id = format!("role-{id}");
    let status = a.status;
    let role = a.role;
    let email = a.email.clone();
    view! {
        <tr class="nhsuk-table__row" data-account=email>
            <th class="nhsuk-table__header" scope="row">{a.display_name}<br /><span class="app-field-note">{a.email}</span></th>
            <td class="nhsuk-table__cell">{a.organisation}</td>
            <td class="nhsuk-table__cell">{a.created_at.format("%-d %B %Y").to_string()}</td>
            <td class="nhsuk-table__cell">
                <form method="post" action=format!("/admin/accounts/{id}") novalidate class="app-inline-form">
                    <CsrfField />
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label" for=status_id.clone()>"Status"</label>
                        <select class="nhsuk-select" id=status_id name="status">
                            {AccountStatus::ALL.map(|s| view! {
                                <option value=s.as_str() selected=s == status>{s.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label" for=role_id.clone()>"Role"</label>
                        <select class="nhsuk-select" id=role_id name="role">
                            {Role::ALL.map(|r| view! {
                                <option value=r.as_str() selected=r == role>{r.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="nhsuk-form-group">
                        <label class="nhsuk-label" for=supplier_id.clone()>"Supplier (supplier accounts only)"</label>
                        <select class="nhsuk-select" id=supplier_id name="supplier">
                            <option value="" selected=linked.is_none()>"Not a supplier account"</option>
                            {suppliers.into_iter().map(|(sid, name)| view! {
                                <option value=sid.to_string() selected=linked == Some(sid)>{name}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
                        "Save"<span class="nhsuk-u-visually-hidden">{format!(" account {id}")}</span>
                    </button>
                </form>
            </td>
        </tr>
    }
}

/// `/admin/audit`.
#[component]
pub fn AuditPage() -> impl IntoView {
    let log = Resource::new(|| (), |_| get_audit_log());
    view! {
        <Title text="Audit log" />
        <PageMain trail=trail()>
            <h1>"Audit log"</h1>
            <p>"Every change made by a curator or admin, newest first: who, when, what, and which fields changed. The log keeps ids and field names, never values: the revision history of each technology keeps what the catalogue said, and personal details are never copied here."</p>
            <Loaded data=log let:entries><AuditTable entries /></Loaded>
        </PageMain>
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p>"Nothing has been changed yet."</p> }.into_any();
    }
    view! {
        <ScrollTable label="Audit log".to_owned()>
            <table class="nhsuk-table" data-testid="audit-log">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">"Changes, newest first"</caption>
                <thead class="nhsuk-table__head">
                    <tr class="nhsuk-table__row">
                        <th class="nhsuk-table__header" scope="col">"When (UTC)"</th>
                        <th class="nhsuk-table__header" scope="col">"Who"</th>
                        <th class="nhsuk-table__header" scope="col">"What"</th>
                        <th class="nhsuk-table__header" scope="col">"Fields changed"</th>
                        <th class="nhsuk-table__header" scope="col">"Related records"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">
                    {entries.into_iter().map(|e| view! {
                        <tr class="nhsuk-table__row">
                            <th class="nhsuk-table__header" scope="row">{e.at.format("%-d %B %Y %H:%M:%S").to_string()}</th>
                            <td class="nhsuk-table__cell">{e.actor.unwrap_or_else(|| "The command line, or a former member".to_owned())}</td>
                            <td class="nhsuk-table__cell">{format!("{} ({} {})", e.action, e.entity, e.entity_id)}</td>
                            <td class="nhsuk-table__cell">{if e.fields.is_empty() { "—".to_owned() } else { e.fields.join(", ") }}</td>
                            <td class="nhsuk-table__cell">{if e.ids.is_empty() { "—".to_owned() } else { e.ids.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ") }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
    .into_any()
}
