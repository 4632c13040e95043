//! Presentational pieces shared by the feature pages, in NHS.UK design-system markup.

mod error_view;
mod forms;
mod layout;
mod loaded;
mod provenance;
pub mod response;
mod table;
mod verified;

#[cfg(feature = "ssr")]
pub use error_view::error_document;
pub use error_view::{ErrorPage, ErrorView, NotFoundPage};
pub use forms::{
    Checkbox, CheckboxGroup, CsrfField, ErrorSummary, FORM_MARKER, Radios, SelectInput, TextArea,
    TextInput, error_title,
};
pub use layout::{
    Breadcrumbs, Crumb, Footer, FormPage, Header, PageMain, SERVICE_NAME, SkipLink, layout_title,
};
pub use loaded::Loaded;
pub use provenance::{ClaimSource, FreshnessBadge, long_date};
pub use table::{Notices, OrNotRecorded, ScrollTable};
pub use verified::{Highlighted, SourceList, VerifiedValue, source_link};
