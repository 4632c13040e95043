//! The catalogue's server: configuration, the axum router around the Leptos app,
//! and the command-line tasks (migrate, seed) that share its database set-up.

pub mod bench;
pub mod caching;
pub mod config;
pub mod headers;
pub mod limits;
pub mod listen;
pub mod navigation;
pub mod paths;
pub mod seed;
pub mod server_fns;
pub mod startup;
pub mod telemetry;
