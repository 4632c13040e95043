//! Open data: the whole catalogue as files (`/data/catalogue.json`,
//! `/data/claims.csv`) under CC BY 4.0, their shape, and the "Use the data" page.
//! The server builds and serves the files (`server/src/open_data.rs`) and
//! documents them in `/api/openapi.json`.

pub mod claim_rows;
pub mod model;
pub mod page;

pub use claim_rows::ClaimRow;
pub use model::{CatalogueFile, PublishedTechnology, ReferenceLists, SCHEMA_VERSION};
pub use page::UseTheDataPage;
