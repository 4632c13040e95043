//! The fields of a submission, shared by the member's form and the curator's
//! review form: the deployment, an optional pilot result, and optionally the
//! member as a contact (only with the consent ticked).

use crate::{
    components::{Checkbox, Radios, SelectInput, TextArea, TextInput},
    domain::{CONTACT_METHODS, FormEcho, INDEPENDENT, STAGES, STATUSES, SubmissionOptions},
};
use leptos::prelude::*;

/// Every field, filled from `echo` with its errors beside it.
#[component]
pub fn SubmissionFields(
    options: SubmissionOptions,
    echo: FormEcho,
    contact_label: String,
) -> impl IntoView {
    let v = |f: &str| echo.value(f);
    let e = |f: &str| echo.error(f);
    view! {
        <h2 class="nhsuk-heading-m">"The deployment"</h2>
        <TextInput name="site" label="Organisation or site" hint="For example, the trust, practice or service that uses it" value=v("site") error=e("site") width="nhsuk-u-width-full" />
        <SelectInput name="icb" label="ICB" empty="Not recorded" options=options.icbs value=v("icb") error=e("icb") />
        <SelectInput name="setting" label="Care setting" empty="Not recorded" options=options.settings value=v("setting") error=e("setting") />
        <Radios name="stage" legend="Stage" options=STAGES.to_vec() value=v("stage") error=e("stage") />
        <Radios name="status" legend="Status" options=STATUSES.to_vec() value=v("status") error=e("status") />
        <TextArea name="stop_reason" label="If it stopped, why" hint="Stopped deployments are evidence too: they are kept and shown" value=v("stop_reason") error=e("stop_reason") />
        <TextInput name="go_live" label="Go-live date (optional)" hint="As precisely as you know it: a year (2024), a month (2024-04) or a day (2024-04-01)" value=v("go_live") error=e("go_live") width="nhsuk-input--width-10" />
        <TextInput name="scale" label="Scale (optional)" hint="Sites, population or users, for example 12 practices, 80,000 patients" value=v("scale") error=e("scale") width="nhsuk-u-width-full" />
        <TextArea name="result" label="Headline result (optional)" value=v("result") error=e("result") />

        <h2 class="nhsuk-heading-m">"Pilot result (optional)"</h2>
        <p>"Give the figures as the evaluation reports them. If you give a pilot result, enter at least what it measured and the result."</p>
        <TextInput name="pilot_metric" label="What it measured" value=v("pilot_metric") error=e("pilot_metric") width="nhsuk-u-width-full" />
        <TextInput name="pilot_baseline" label="Baseline" value=v("pilot_baseline") error=e("pilot_baseline") />
        <TextInput name="pilot_result" label="Result" value=v("pilot_result") error=e("pilot_result") width="nhsuk-u-width-full" />
        <TextInput name="pilot_period" label="Period" hint="For example, April 2023 to March 2024" value=v("pilot_period") error=e("pilot_period") />
        <TextInput name="pilot_design" label="Study design" hint="For example, before and after, service evaluation" value=v("pilot_design") error=e("pilot_design") width="nhsuk-u-width-full" />
        <TextInput name="pilot_sample_size" label="Sample size" value=v("pilot_sample_size") error=e("pilot_sample_size") />
        <Radios name="pilot_independent" legend="Was it independently evaluated?" options=INDEPENDENT.to_vec() value=v("pilot_independent") error=e("pilot_independent") />
        <TextInput name="pilot_report_url" label="Link to the report" input_type="url" value=v("pilot_report_url") error=e("pilot_report_url") width="nhsuk-u-width-full" />

        <h2 class="nhsuk-heading-m">"Be a contact (optional)"</h2>
        <Checkbox name="contact_consent" label=contact_label checked=v("contact_consent") == "yes" error=e("contact_consent") />
        <TextInput name="contact_job_title" label="Job title" value=v("contact_job_title") error=e("contact_job_title") />
        <TextInput name="contact_phone" label="Phone (optional)" input_type="tel" autocomplete="tel" value=v("contact_phone") error=e("contact_phone") />
        <Radios name="contact_method" legend="How do you prefer to be contacted?" options=CONTACT_METHODS.to_vec() value=v("contact_method") error=e("contact_method") />
    }
}
