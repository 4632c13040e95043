//! The catalogue's server: configuration, the axum router around the Leptos app,
//! and the command-line tasks (migrate, seed) that share its database set-up.

pub mod api;
pub mod auth;
pub mod bench;
pub mod caching;
pub mod config;
pub mod curation;
pub mod headers;
pub mod limits;
pub mod listen;
pub mod open_data;
pub mod openapi;
pub mod organisation;
pub mod seed;
pub mod server_fns;
pub mod spreadsheet;
pub mod startup;
pub mod telemetry;
