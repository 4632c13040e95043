//! What runs in the browser. Pages render on the server only (Leptos islands);
//! the WASM bundle carries just these islands, each beside the page it serves:
//!
//! - `catalogue::live::LiveFilters`: a ticked box or a new sort applies at
//!   once;
//! - `compare::copy::CopyLink`: "Copy link" for a comparison;
//! - `components::forms::FocusOnArrival`: the error summary takes focus.
//!
//! Moving between pages stays in the document with JavaScript on: the small
//! navigation script in the page head (`nav.js`, inlined by [`BrowserScript`])
//! fetches the next page's HTML, morphs the body into it and hydrates the
//! islands it brings; it also loads the bundle after the first page's load.
//! Without JavaScript every link and form works as plain HTML.

use leptos::prelude::*;

/// The header the navigation script sends with every request it makes.
pub const NAV_REQUEST_HEADER: &str = "techcat-nav";
/// To the script, a redirect's target: `fetch()` follows a redirect without
/// showing its fragment (`…#readiness`), so the server answers the script's
/// redirects as `204` with the target here, and the script follows it.
pub const NAV_REDIRECT_HEADER: &str = "techcat-redirect";
/// To the script, the address of the page sent, when the server served the
/// canonical page straight away instead of redirecting to it (saving a round
/// trip on every filter change).
pub const NAV_LOCATION_HEADER: &str = "techcat-location";

/// The navigation script's source (see the module docs).
const NAV_SOURCE: &str = include_str!("nav.js");

/// The navigation script as the shell inlines it in every page: without its
/// comment lines and indentation, which the source keeps for readers.
pub fn nav_script() -> &'static str {
    static SCRIPT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        NAV_SOURCE
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    &SCRIPT
}

/// A no-op the WASM entry calls so that the linker keeps this crate, whose
/// `#[island]` functions are the bundle's exports.
pub fn link() {}

/// The script in every page's head: the navigation script, which also loads
/// the islands bundle once the page has loaded and the browser is idle (no
/// preload hints: the page's first paint never waits for, or competes with,
/// the bundle). It stands in for Leptos's `HydrationScripts`.
#[component]
pub fn BrowserScript(options: leptos::config::LeptosOptions) -> impl IntoView {
    // As Leptos's own islands scripts do: the server is not rendering for a
    // hydration of the whole page, so it writes no values for one.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let (js, wasm) = bundle_paths(&options);
    view! { <script data-js=js data-wasm=wasm inner_html=nav_script()></script> }
}

/// The bundle's JS glue and WASM addresses, with their content hashes when
/// the build made them (read once from the hash file beside the server).
fn bundle_paths(options: &leptos::config::LeptosOptions) -> (String, String) {
    let pkg = format!("/{}", options.site_pkg_dir.trim_matches('/'));
    let name = options.output_name.to_string();
    let (mut js, mut wasm) = (name.clone(), name);
    if options.hash_files {
        let hashes = bundle_hashes(options);
        if let Some(h) = hashes.get("js") {
            js = format!("{js}.{h}");
        }
        if let Some(h) = hashes.get("wasm") {
            wasm = format!("{wasm}.{h}");
        }
    } else if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
        // wasm-bindgen's own name, when cargo-leptos did not rename it.
        wasm.push_str("_bg");
    }
    (format!("{pkg}/{js}.js"), format!("{pkg}/{wasm}.wasm"))
}

/// `js: HASH` / `wasm: HASH` lines of cargo-leptos's hash file, read once.
fn bundle_hashes(
    options: &leptos::config::LeptosOptions,
) -> &'static std::collections::HashMap<String, String> {
    static HASHES: std::sync::OnceLock<std::collections::HashMap<String, String>> =
        std::sync::OnceLock::new();
    HASHES.get_or_init(|| {
        let path = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
        let text = path
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        parse_hashes(&text)
    })
}

fn parse_hashes(text: &str) -> std::collections::HashMap<String, String> {
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(file, hash)| (file.trim().to_owned(), hash.trim().to_owned()))
        .filter(|(_, hash)| !hash.is_empty())
        .collect()
}

/// Moves keyboard focus to the element with this id, if there is one
/// (browser only).
pub fn focus_element(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = leptos::prelude::document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_file_names_the_bundle() {
        let hashes = parse_hashes("js: abc-_1\nwasm: DEF\ncss: xyz\n\nbroken\n");
        assert_eq!(hashes.get("js").map(String::as_str), Some("abc-_1"));
        assert_eq!(hashes.get("wasm").map(String::as_str), Some("DEF"));
        assert_eq!(hashes.len(), 3);
    }

    #[test]
    fn the_inlined_script_keeps_the_code_and_drops_the_comments() {
        let script = nav_script();
        assert!(
            script.len() < NAV_SOURCE.len() * 3 / 4,
            "comments and indentation dropped"
        );
        assert!(!script.lines().any(|l| l.starts_with("//")));
        let code = |s: &str| {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("//"))
                .count()
        };
        assert_eq!(
            script.lines().count(),
            code(NAV_SOURCE),
            "every code line kept"
        );
        // Nothing that would end the inline <script> element early.
        assert!(!script.to_ascii_lowercase().contains("</script"));
    }
}
