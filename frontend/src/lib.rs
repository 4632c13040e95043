//! The browser entry point. Pages are rendered on the server only; the WASM
//! bundle holds just the islands (the interactive parts, `#[island]` in the
//! app crate), which the navigation script (`app/src/nav.js`) hydrates one by
//! one after this runs.

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the navigation script once the bundle is loaded, before it
/// hydrates the page's islands.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Links the app crate, whose `#[island]` functions are the bundle's exports.
    app::islands::link();
    leptos::mount::hydrate_islands();
}
