//! NHS.UK form pieces for server-checked forms: the error summary, text inputs
//! that show the error beside the field and keep what was typed, and the
//! CSRF field every state-changing form carries.

use crate::domain::FieldError;
use leptos::prelude::*;

/// The "There is a problem" box at the top, linking to each field. With
/// JavaScript on it takes focus when the page loads (the NHS.UK pattern), so
/// screen readers announce it and keyboard users start from it.
#[component]
pub fn ErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <FocusOnArrival id=String::from("error-summary") />
            <div id="error-summary" class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1" data-testid="error-summary">
                <h2 class="nhsuk-error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <div class="nhsuk-error-summary__body">
                    <ul class="nhsuk-list nhsuk-error-summary__list">
                        {errors.into_iter().map(|e| view! {
                            // rel=external: a plain fragment jump, not a client-side navigation.
                            <li><a href=format!("#field-{}", e.field) rel="external">{e.message}</a></li>
                        }).collect_view()}
                    </ul>
                </div>
            </div>
        }
    })
}

/// Puts focus on the element `id` once the page has arrived (an island; it
/// renders nothing of its own).
#[island]
pub fn FocusOnArrival(id: String) -> impl IntoView {
    Effect::new(move |_| crate::islands::focus_element(&id));
}

/// A labelled text input; with an error, the NHS.UK error styling and message.
#[component]
pub fn TextInput(
    /// The field's `name` (its id is `field-{name}`).
    #[prop(into)]
    name: String,
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
    let described = described_by(&name, hint.is_some(), error.is_some());
    let input_class = format!(
        "nhsuk-input {width}{}",
        if error.is_some() {
            " nhsuk-input--error"
        } else {
            ""
        }
    );
    let (group, message) = error_parts(&name, error);
    view! {
        <div class=group>
            <label class="nhsuk-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id.clone()>{h}</div> })}
            {message}
            <input
                class=input_class
                id=id
                name=name
                type=input_type
                value=value
                autocomplete=autocomplete
                aria-describedby=described
            />
        </div>
    }
}

/// The response header by which a server-rendered page says it holds a form,
/// so the server sets the CSRF cookie with it (and only with it). The server's
/// session layer removes it before the response leaves.
pub const FORM_MARKER: &str = "x-techcat-form";

/// The hidden CSRF token field. Rendering it on the server marks the response
/// as holding a form.
#[component]
pub fn CsrfField() -> impl IntoView {
    super::response::set_header(
        http::HeaderName::from_static(FORM_MARKER),
        http::HeaderValue::from_static("1"),
    );
    view! { <input type="hidden" name="csrf_token" value=crate::accounts::csrf_token() /> }
}

/// "Error: " before the page title when the form came back with errors.
pub fn error_title(title: &str, has_errors: bool) -> String {
    if has_errors {
        format!("Error: {title}")
    } else {
        title.to_owned()
    }
}

/// `aria-describedby` for field `name`: its hint and error ids, when shown.
fn described_by(name: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "hint"), (error, "error")]
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, part)| format!("field-{name}-{part}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// Error styling and message shared by every input component here.
fn error_parts(name: &str, error: Option<String>) -> (&'static str, impl IntoView + use<>) {
    let group = if error.is_some() {
        "nhsuk-form-group nhsuk-form-group--error"
    } else {
        "nhsuk-form-group"
    };
    let id = format!("field-{name}-error");
    let message = error.map(|e| {
        view! {
            <span class="nhsuk-error-message" id=id>
                <span class="nhsuk-u-visually-hidden">"Error: "</span>{e}
            </span>
        }
    });
    (group, message)
}

/// A labelled select with a first "not recorded" option.
#[component]
pub fn SelectInput(
    /// Field name.
    name: &'static str,
    /// Label.
    label: &'static str,
    /// (value, label) options.
    options: Vec<(String, String)>,
    /// The text of the empty first option.
    empty: &'static str,
    /// Selected value.
    #[prop(into)]
    value: String,
    /// Error beside it.
    #[prop(default = None)]
    error: Option<String>,
) -> impl IntoView {
    let described = described_by(name, false, error.is_some());
    let (group, message) = error_parts(name, error);
    view! {
        <div class=group>
            <label class="nhsuk-label" for=format!("field-{name}")>{label}</label>
            {message}
            <select class="nhsuk-select" id=format!("field-{name}") name=name aria-describedby=described>
                <option value="" selected=value.is_empty()>{empty}</option>
                {options.into_iter().map(|(v, l)| {
                    let selected = v == value;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A fieldset of radios; the first radio carries the field id the error summary links to.
#[component]
pub fn Radios(
    /// Field name.
    name: &'static str,
    /// Legend.
    legend: &'static str,
    /// (value, label) options.
    options: Vec<(&'static str, &'static str)>,
    /// Checked value.
    #[prop(into)]
    value: String,
    /// Error beside it.
    #[prop(default = None)]
    error: Option<String>,
    /// Hint.
    #[prop(optional, into)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let (group, message) = error_parts(name, error);
    view! {
        <div class=group>
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                {hint.map(|h| view! { <div class="nhsuk-hint">{h}</div> })}
                {message}
                <div class="nhsuk-radios nhsuk-radios--inline">
                    {options.into_iter().enumerate().map(|(i, (v, l))| {
                        let id = if i == 0 { format!("field-{name}") } else { format!("field-{name}-{v}") };
                        view! {
                            <div class="nhsuk-radios__item">
                                <input class="nhsuk-radios__input" id=id.clone() name=name type="radio" value=v checked=v == value />
                                <label class="nhsuk-label nhsuk-radios__label" for=id>{l}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A labelled textarea.
#[component]
pub fn TextArea(
    /// Field name.
    name: &'static str,
    /// Label.
    label: &'static str,
    /// Text.
    #[prop(into)]
    value: String,
    /// Error beside it.
    #[prop(default = None)]
    error: Option<String>,
    /// Hint.
    #[prop(optional, into)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("field-{name}-hint");
    let described = described_by(name, hint.is_some(), error.is_some());
    let class = if error.is_some() {
        "nhsuk-textarea nhsuk-textarea--error"
    } else {
        "nhsuk-textarea"
    };
    let (group, message) = error_parts(name, error);
    view! {
        <div class=group>
            <label class="nhsuk-label" for=format!("field-{name}")>{label}</label>
            {hint.map(|h| view! { <div class="nhsuk-hint" id=hint_id.clone()>{h}</div> })}
            {message}
            <textarea class=class id=format!("field-{name}") name=name rows="3"
                aria-describedby=described>{value}</textarea>
        </div>
    }
}

/// One checkbox (value `yes`).
#[component]
pub fn Checkbox(
    /// Field name.
    name: &'static str,
    /// Label.
    label: String,
    /// Ticked.
    checked: bool,
    /// Error beside it.
    #[prop(default = None)]
    error: Option<String>,
) -> impl IntoView {
    let (group, message) = error_parts(name, error);
    view! {
        <div class=group>
            {message}
            <div class="nhsuk-checkboxes">
                <div class="nhsuk-checkboxes__item">
                    <input class="nhsuk-checkboxes__input" id=format!("field-{name}") name=name type="checkbox" value="yes" checked=checked />
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=format!("field-{name}")>{label}</label>
                </div>
            </div>
        </div>
    }
}

/// A fieldset of checkboxes sharing one `name`; the first carries the field id
/// the error summary links to.
#[component]
pub fn CheckboxGroup(
    /// Field name.
    name: &'static str,
    /// Legend.
    legend: &'static str,
    /// Hint.
    #[prop(optional, into)]
    hint: Option<&'static str>,
    /// (value, label) options.
    options: Vec<(&'static str, &'static str)>,
    /// Ticked values.
    checked: Vec<String>,
    /// Error beside it.
    #[prop(default = None)]
    error: Option<String>,
    /// More fields inside the fieldset (e.g. an "other" text input).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let described = described_by(name, hint.is_some(), error.is_some());
    let (group, message) = error_parts(name, error);
    view! {
        <div class=group>
            <fieldset class="nhsuk-fieldset" aria-describedby=described>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                {hint.map(|h| view! { <div class="nhsuk-hint" id=format!("field-{name}-hint")>{h}</div> })}
                {message}
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                    {options.into_iter().enumerate().map(|(i, (v, l))| {
                        let id = if i == 0 { format!("field-{name}") } else { format!("field-{name}-{v}") };
                        let on = checked.iter().any(|c| c == v);
                        view! {
                            <div class="nhsuk-checkboxes__item">
                                <input class="nhsuk-checkboxes__input" id=id.clone() name=name type="checkbox" value=v checked=on />
                                <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{l}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
                {children.map(|c| c())}
            </fieldset>
        </div>
    }
}
