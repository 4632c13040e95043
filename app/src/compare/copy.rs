//! "Copy link" for a comparison (an island): the button appears once the
//! island is hydrated, copies the shared link to the clipboard and says so in
//! a status line. Without JavaScript the link is in a read-only field to copy.

use leptos::prelude::*;

/// The button and its status line.
#[island]
pub fn CopyLink(url: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <button type="button" class="nhsuk-button nhsuk-button--secondary app-copy" hidden=move || !hydrated.get()
            on:click=move |_| { copy_text(&url); copied.set(true); }>
            "Copy link"
        </button>
        <span role="status" class="app-copy__status">{move || copied.get().then_some("Link copied.")}</span>
    }
}

/// Copies `text` to the clipboard (browser only; `navigator.clipboard`).
fn copy_text(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::web_sys::{
            js_sys::{Function, Reflect},
            wasm_bindgen::{JsCast, JsValue},
        };
        let write = || -> Option<()> {
            let navigator = Reflect::get(&window(), &JsValue::from_str("navigator")).ok()?;
            let clipboard = Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
            let write_text: Function = Reflect::get(&clipboard, &JsValue::from_str("writeText"))
                .ok()?
                .dyn_into()
                .ok()?;
            write_text
                .call1(&clipboard, &JsValue::from_str(text))
                .ok()?;
            Some(())
        };
        let _ = write();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}
