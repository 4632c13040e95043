//! NHS.UK form pieces for server-checked forms: the error summary, text inputs
//! that show the error beside the field and keep what was typed, and the
//! CSRF field every state-changing form carries.

use crate::{accounts::use_visitor, domain::FieldError};
use leptos::prelude::*;

/// The "There is a problem" box at the top, linking to each field.
#[component]
pub fn ErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1" data-testid="error-summary">
                <h2 class="nhsuk-error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <div class="nhsuk-error-summary__body">
                    <ul class="nhsuk-list nhsuk-error-summary__list">
                        {errors.into_iter().map(|e| view! {
                            <li><a href=format!("#field-{}", e.field)>{e.message}</a></li>
                        }).collect_view()}
                    </ul>
                </div>
            </div>
        }
    })
}

/// A labelled text input; with an error, the NHS.UK error styling and message.
#[component]
pub fn TextInput(
    /// The field's `name` (its id is `field-{name}`).
    name: &'static str,
    /// The label.
    label: &'static str,
    /// What was typed before (or the stored value).
    #[prop(optional, into)]
    value: String,
    /// The error to show beside it.
    #[prop(default = None)]
    error: Option<String>,
    /// Hint text.
    #[prop(optional, into)]
    hint: Option<&'static str>,
    /// `type` attribute (default `text`).
    #[prop(default = "text")]
    input_type: &'static str,
    /// `autocomplete` attribute.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Extra input classes (e.g. a width class).
    #[prop(default = "")]
    width: &'static str,
) -> impl IntoView {
    // No `required`/`maxlength`: forms are `novalidate` and the server says what
    // is missing or too long, beside the field, in the NHS.UK pattern.
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = [
        hint.map(|_| hint_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let group = if error.is_some() {
        "nhsuk-form-group nhsuk-form-group--error"
    } else {
        "nhsuk-form-group"
    };
    let input_class = format!(
        "nhsuk-input {width}{}",
        if error.is_some() {
            " nhsuk-input--error"
        } else {
            ""
        }
    );
    view! {
        <div class=group>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id.clone()>{h}</div> })}
            {error.map(|e| view! {
                <span class="nhsuk-error-message" id=error_id.clone()>
                    <span class="nhsuk-u-visually-hidden">"Error: "</span>{e}
                </span>
            })}
            <input
                class=input_class
                id=id
                name=name
                type=input_type
                value=value
                autocomplete=autocomplete
                aria-describedby=(!described.is_empty()).then_some(described)
            />
        </div>
    }
}

/// The hidden CSRF token field.
#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name="csrf_token" value=use_visitor().csrf_token /> }
}

/// "Error: " before the page title when the form came back with errors.
pub fn error_title(title: &str, has_errors: bool) -> String {
    if has_errors {
        format!("Error: {title}")
    } else {
        title.to_owned()
    }
}
