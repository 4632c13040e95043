//! Keeping the catalogue true: what a curator may edit (one specification per
//! block), how an edit form is read, how a change is put in plain words, and
//! the queries of the change feed and the re-check queue. Plain data: the SQL
//! is in `db::curation`, the forms in the `curation` feature.

mod blocks;
mod fields;
mod form;
mod history;
mod lifecycle;
mod source;
mod suggestion;

pub use blocks::{BlockSpec, CLAIM_BLOCKS, TECHNOLOGY, block};
pub use fields::{FieldSpec, Input, Value, iso_date};
pub use form::{ClaimForm, Provenanced, STILL_TRUE, read_claim_form, read_reason, read_version};
pub use history::{
    Change, ChangeFeed, ChangesQuery, ClaimLine, Credit, CuratorTechnology, EditorView, FEED_PAGE,
    FreshnessRow, RecheckItem, RecheckQueue, RevisionEntry, WorkspaceBlock, diff,
};
pub use lifecycle::{
    BASES, CatalogueStatus, LifecycleView, Listing, NewTechnology, basis_sentence,
    read_new_technology, slug_for,
};
pub use source::check_source;
pub use suggestion::{
    Correction, Evidence, SUPPLIER_BLOCKS, SuggestTarget, Suggestion, SuggestionKind,
    SuggestionState, read_correction, read_evidence, read_reject_reason, suggest_href,
    supplier_block,
};
