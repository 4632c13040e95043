//! Plain data shared by server, browser and host tests. No `leptos`, no `sqlx`,
//! no I/O: everything here can be unit-tested on its own.

#[cfg(feature = "ssr")]
pub mod abbreviations;
mod accounts;
mod adoption;
mod catalogue_query;
mod catalogue_search;
mod claims;
mod classify;
mod comparison;
mod contacts;
mod costs;
pub mod curation;
mod facets;
mod ids;
mod org_context;
mod partial_date;
mod provenance;
mod readiness;
mod source_kinds;
mod submissions;
mod technology;
mod url_codec;
mod vocab;

pub use accounts::{
    AccountStatus, AuditEntry, CSRF_COOKIE, FieldError, FormEcho, MAX_EMAIL, MAX_NAME,
    MAX_ORGANISATION, MAX_PASSWORD, MIN_PASSWORD, NewAccount, Role, SIGN_IN_BARRED, SIGN_IN_FAILED,
    SIGN_IN_LOCKED, SignInForm, SignUpForm, SignedIn, StaffAccount, Visitor, check_email_field,
    check_new_password, csrf_cookie_name, normalise_email, required_text, sign_in_wait, wait_words,
};
pub use adoption::{
    AdoptionRecord, ContactRoutes, IcbChange, IcbDirectory, IcbProfile, IcbSummary, Predecessor,
    RegionIcbs, RegionProfile, by_type, deployments_by_region, is_icb_code, is_region_code,
};
pub use catalogue_query::{
    CatalogueQuery, KeyValues, MAX_QUERY_CHARS, MAX_VALUES_PER_FACET, QueryKey, QueryNotice, Sort,
};
pub use catalogue_search::{
    AlsoSearched, CatalogueResults, Chip, Facet, FacetOption, PAGE_SIZE, Suggestion, highlight,
    page_count, page_links, search_terms,
};
pub use claims::{
    BenefitItem, CHECKLIST_ESSENTIALS, Claim, CostItem, DeploymentItem, EvidenceItem, FundingItem,
    InfraItem, NiceItem, PilotItem, Provenance, RegulatoryRecordItem, RegulatoryRow,
    RegulatoryStatus, SearchRecord, WorkforceItem, hours_label, status_text,
};
pub use classify::{
    DeploymentKind, NiceGuidanceType, ai_enabled_from_type_label, slug_id, specialty_groups,
    standards_named,
};
pub use comparison::{
    Cell, CompareNotice, CompareQuery, Comparison, MAX_COMPARE, MatrixColumn, MatrixGroup,
    MatrixRow, build_matrix,
};
pub use contacts::{CONTACT_METHODS, Contact, ContactsView, contact_method_label};
pub use costs::{
    ASSUMPTIONS, BenefitFigure, Category, CostAssumptions, CostRow, CostSource, CostView, Money,
    Reading, RowState, cost_view, pounds, read_cost,
};
pub use facets::{
    FACET_COUNT, FACETS, FacetKey, FacetSpec, Filters, Options as FacetOptions,
    Values as FacetValues, short_label,
};
pub use ids::{DomainError, TechnologySlug};
pub use org_context::{
    Answer, ContextField, FIELDS, FieldKind, OrgContext, context_field, organisation_href,
    safe_return, with_context,
};
pub use partial_date::{DatePrecision, PartialDate, PartialDateError, long_date};
pub use provenance::{ClaimKind, DUE_WINDOW_DAYS, Freshness, Stamp};
pub use readiness::{
    Area, Quote, Readiness, ReadinessLine, ReadyFilter, RequirementSources, Status, Tally, assess,
};
pub use source_kinds::{
    KindRules, Reliance, RelianceShares, SourceKind, host_of, kinds_text, normalise_kinds,
    reliance_of, source_addresses, supplier_only,
};
pub use submissions::{
    INDEPENDENT, STAGES, STATUSES, SUBMISSION_FIELDS, SubmissionOptions, SubmissionReview,
    SubmissionSummary, SubmissionValues, submission_echo, validate_submission,
};
pub use technology::{Block, Completeness, TechnologyDetail, TechnologySummary, VerifiedText};
pub use url_codec::{encode, form_pairs};
pub use vocab::{
    CostKind, CostPeriod, DataLocation, DeploymentStatus, FundingKind, Hosting, Nation,
    RecordStatus, RegulatoryKind, Stage, Standing, UnitBasis, Vat,
};
