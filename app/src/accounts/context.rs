//! Who is visiting, and any refused form coming back: the server's middleware
//! and form handlers put them on the request; these hooks read them while
//! rendering and carry them to the browser for hydration.

use crate::domain::{FormEcho, Visitor};
use leptos::prelude::*;

/// Reads the visitor from the request and provides it to every page (call once, in `App`).
///
/// The CSRF token of a visitor who is not signed in stays out of what is sent
/// for hydration: a page without a form is then the same for every anonymous
/// reader (so caches can share it) and never hands one visitor's token to
/// another. A form reads the token itself (`CsrfField`).
pub fn provide_visitor() {
    let visitor = SharedValue::new(|| {
        let mut visitor = from_request::<Visitor>().unwrap_or_default();
        if visitor.account.is_none() {
            visitor.csrf_token.clear();
        }
        visitor
    });
    provide_context(visitor.into_inner());
}

/// The CSRF token a form carries: the session's for a signed-in visitor; for
/// anyone else the request's on the server (the one its cookie holds, or a new
/// one the server sets with this page). Pages render on the server only.
pub fn csrf_token() -> String {
    let visitor = use_visitor();
    if visitor.account.is_some() {
        return visitor.csrf_token;
    }
    #[cfg(feature = "ssr")]
    {
        from_request::<Visitor>()
            .map(|v| v.csrf_token)
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    String::new()
}

/// The visitor (anonymous when nobody signed in).
pub fn use_visitor() -> Visitor {
    use_context::<Visitor>().unwrap_or_default()
}

/// The refused `form` coming back with what was typed and its errors; empty
/// when the page was simply opened.
pub fn use_form_echo(form: &'static str) -> FormEcho {
    SharedValue::new(move || {
        from_request::<FormEcho>()
            .filter(|e| e.form == form)
            .unwrap_or_default()
    })
    .into_inner()
}

/// The token of an emailed link: from the address (`?token=…`) when the link
/// was opened, or from the refused form that came back carrying it.
pub fn link_token(echo: &FormEcho) -> String {
    leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("token")
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| echo.value("token"))
}

#[cfg(feature = "ssr")]
fn from_request<T: Clone + Send + Sync + 'static>() -> Option<T> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<T>()
        .cloned()
}

#[cfg(not(feature = "ssr"))]
fn from_request<T>() -> Option<T> {
    None
}
