//! Who is visiting, and any refused form coming back: the server's middleware
//! and form handlers put them on the request; these hooks read them while
//! rendering and carry them to the browser for hydration.

use crate::domain::{FormEcho, Visitor};
use leptos::prelude::*;

/// Reads the visitor from the request and provides it to every page (call once, in `App`).
pub fn provide_visitor() {
    let visitor = SharedValue::new(|| from_request::<Visitor>().unwrap_or_default());
    provide_context(visitor.into_inner());
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
