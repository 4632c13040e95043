//! The statements' one server function.

use super::facts::StatementFacts;
use crate::error::AppError;
use leptos::prelude::*;

/// The operator's details, the cookies this server sets (their names as sent:
/// `__Host-` prefixed when the public origin is https) and the retention
/// periods the code enforces.
#[server(prefix = "/api", endpoint = "statements", input = server_fn::codec::GetUrl)]
pub async fn get_statement_facts() -> Result<StatementFacts, AppError> {
    use super::facts::{CookieFact, Operator, Retention};
    use crate::{accounts::cookie_names, db::accounts, db::throttle};
    let operator = Operator::from_vars(|name| std::env::var(name).ok()).unwrap_or_default();
    let secure = use_context::<crate::ssr::PublicOrigin>().is_some_and(|o| o.is_https());
    let (session, csrf) = cookie_names(secure);
    let cookies = vec![
        CookieFact {
            name: csrf.to_owned(),
            purpose: "Protects the forms you send from being forged by another site. Set when you open a page with a form and are not signed in. Strictly necessary.".to_owned(),
            lifetime: "24 hours".to_owned(),
        },
        CookieFact {
            name: session.to_owned(),
            purpose: "Keeps you signed in. Holds a random number; the server keeps only a hash of it. Set when you sign in, removed when you sign out. Strictly necessary.".to_owned(),
            lifetime: format!(
                "Until you sign out, after {} minutes without use, or after {} hours at most",
                accounts::IDLE_MINUTES,
                accounts::ABSOLUTE_HOURS
            ),
        },
    ];
    Ok(StatementFacts {
        operator,
        cookies,
        retention: Retention {
            session_idle_minutes: accounts::IDLE_MINUTES,
            session_hours: accounts::ABSOLUTE_HOURS,
            sign_in_window_minutes: throttle::WINDOW_MINUTES,
            contact_reconfirm_months: crate::db::contacts::RECONFIRM_MONTHS,
            mail_days: crate::db::outbox::KEEP_SENT_DAYS,
            reset_minutes: accounts::RESET_MINUTES,
            email_change_hours: crate::db::email_change::EMAIL_CHANGE_HOURS,
            challenge_minutes: crate::db::two_factor::CHALLENGE_MINUTES,
        },
    })
}
