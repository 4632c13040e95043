//! Open data: the whole catalogue as files (`/data/catalogue.json`,
//! `/data/claims.csv`) under CC BY 4.0, their shape, and the "Use the data"
//! page; and behind `ssr` the routes that serve them, the JSON search API, the
//! CSV and JSON exports, and their OpenAPI document (`/api/openapi.json`).

#[cfg(feature = "ssr")]
pub mod api;
pub mod claim_rows;
#[cfg(feature = "ssr")]
pub mod files;
pub mod model;
#[cfg(feature = "ssr")]
pub mod openapi;
pub mod page;
#[cfg(feature = "ssr")]
mod spreadsheet;

pub use claim_rows::ClaimRow;
#[cfg(feature = "ssr")]
pub use files::{FileCache, Precompressed};
pub use model::{CatalogueFile, PublishedTechnology, ReferenceLists, SCHEMA_VERSION};
pub use page::UseTheDataPage;

/// The open routes: the API, the exports, the open-data files and the API's
/// document.
#[cfg(feature = "ssr")]
pub fn routes() -> crate::ssr::Routes {
    use axum::routing::get;
    crate::ssr::Routes::new()
        .open("/api/technologies", get(api::search_json))
        .open("/api/openapi.json", get(openapi::openapi_json))
        .open("/technologies/export.csv", get(api::export_csv))
        .open("/technologies/export.json", get(api::export_json))
        .open("/compare/export.csv", get(api::compare_csv))
        .open("/data/catalogue.json", get(files::catalogue_json))
        .open("/data/claims.csv", get(files::claims_csv))
}
