//! Showing a claim honestly: its value or "not yet documented", and whether it was
//! verified against its source.

use crate::domain::{VerifiedText, highlight};
use leptos::prelude::*;

/// A field value with its verification status. Never renders a blank: a missing
/// value reads "Not yet documented", with the reference data's note if it has one.
/// Words starting with one of `terms` (a search) are marked.
#[component]
pub fn VerifiedValue(field: VerifiedText, #[prop(optional)] terms: Vec<String>) -> impl IntoView {
    match field.value {
        Some(value) => view! {
            <Highlighted text=value terms />
            {(!field.verified)
                .then(|| {
                    view! {
                        " "
                        <strong class="nhsuk-tag nhsuk-tag--grey">"Not independently verified"</strong>
                    }
                })}
        }
        .into_any(),
        None => view! {
            <span class="app-not-documented">"Not yet documented"</span>
            {field.note.map(|note| view! { " " <span class="app-field-note">"("{note}")"</span> })}
        }
        .into_any(),
    }
}

/// `text` with the words that start with one of `terms` wrapped in `<mark>`.
#[component]
pub fn Highlighted(text: String, terms: Vec<String>) -> impl IntoView {
    if terms.is_empty() {
        return text.into_any();
    }
    highlight(&text, &terms)
        .into_iter()
        .map(|(run, hit)| {
            if hit {
                view! { <mark class="app-match">{run}</mark> }.into_any()
            } else {
                run.into_any()
            }
        })
        .collect_view()
        .into_any()
}

/// The list of sources behind a page, each as a link where it is a web address.
#[component]
pub fn SourceList(sources: Vec<String>) -> impl IntoView {
    if sources.is_empty() {
        return view! { <p>"No sources are recorded yet."</p> }.into_any();
    }
    view! {
        <ul class="nhsuk-list nhsuk-list--bullet app-sources">
            {sources.into_iter().map(|s| view! { <li>{source_link(s)}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Turns a source reference (or several, separated by " ; ") into links. References are stored without a scheme
/// (`www.nice.org.uk/guidance/MTG32`) or as `github:owner/repo path`.
pub fn source_link(reference: String) -> AnyView {
    let parts: Vec<String> = reference.split(" ; ").map(str::to_owned).collect();
    let last = parts.len().saturating_sub(1);
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let sep = (i < last).then_some("; ");
            match source_url(&part) {
                Some(url) => {
                    view! { <a href=url rel="noopener noreferrer">{part}</a> {sep} }.into_any()
                }
                None => view! { <span>{part}</span> {sep} }.into_any(),
            }
        })
        .collect_view()
        .into_any()
}

/// The https URL a stored source reference points at, if it is a plain web address.
pub fn source_url(reference: &str) -> Option<String> {
    let r = reference.trim();
    let host = r.split('/').next()?;
    let looks_like_host = host.contains('.')
        && !r.contains(char::is_whitespace)
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    looks_like_host.then(|| format!("https://{r}"))
}

#[cfg(test)]
mod tests {
    use super::source_url;

    #[test]
    fn web_references_become_https_links() {
        assert_eq!(
            source_url("www.nice.org.uk/guidance/MTG32").as_deref(),
            Some("https://www.nice.org.uk/guidance/MTG32")
        );
    }

    #[test]
    fn other_references_stay_text() {
        assert_eq!(source_url("github:nhsx/open-cyber data/x.csv"), None);
        assert_eq!(source_url("NICE overview copy ; other"), None);
        assert_eq!(source_url(""), None);
    }
}
