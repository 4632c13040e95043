//! One integration-test binary (one link step) for the server crate: database
//! queries and constraints, the seed loader, and HTTP through the real router.
//! Each `#[sqlx::test]` runs on its own fresh database on the cluster named by
//! `DATABASE_URL`, with all migrations applied.

mod abuse;
mod account_email;
mod accounts;
mod adoption;
mod builders;
mod caching;
mod catalogue_http;
mod cli;
mod compare;
mod constraints;
mod contacts;
mod curation;
mod enriched;
mod erasure;
mod fuzz;
mod helpers;
mod http;
mod import;
mod lifecycle;
mod limits;
mod mail;
mod open_data;
mod outage;
mod readiness;
mod search;
mod search_quality;
mod seed;
mod static_files;
mod submissions;
mod suggestions;
mod trust;
mod two_factor;
