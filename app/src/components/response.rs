//! What a server-rendered page says about its response: its status and its
//! headers. On the server they go to Leptos's response options; in the
//! browser, which never renders a response, they do nothing.

use http::{HeaderName, HeaderValue, StatusCode};

/// Sets the response's status.
pub fn set_status(status: StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Sets one response header.
pub fn set_header(name: HeaderName, value: HeaderValue) {
    #[cfg(feature = "ssr")]
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(name, value);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = (name, value);
}

/// `303 See Other` to `to` (a browser never renders a page that redirected).
/// A target that is not a valid header value leaves the page as it is.
pub fn redirect(to: &str) {
    if let Ok(value) = HeaderValue::from_str(to) {
        set_status(StatusCode::SEE_OTHER);
        set_header(http::header::LOCATION, value);
    }
}
