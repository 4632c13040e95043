//! The catalogue's shared Leptos application: pages, components, domain types and
//! server functions. Compiled twice: with `ssr` for the server (adds the `db` and
//! `ssr` modules) and with `hydrate` for the browser bundle, which in islands
//! mode keeps only the `#[island]` components (see [`islands`]).

// Deep `view!` trees need more than the default 128 levels of trait checking.
#![recursion_limit = "256"]

pub mod accounts;
pub mod adoption;
pub mod app;
pub mod catalogue;
pub mod compare;
pub mod components;
pub mod contacts;
pub mod curation;
pub mod domain;
pub mod error;
pub mod home;
pub mod islands;
pub mod lifecycle;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod open_data;
pub mod readiness;
pub mod statements;
pub mod submissions;
pub mod suggestions;
pub mod technology;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod ssr;

#[cfg(feature = "ssr")]
pub use app::routes;
pub use app::{App, shell};
