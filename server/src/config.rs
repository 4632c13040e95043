//! Application settings from the environment. Leptos's own settings (site
//! address, package directory, `LEPTOS_*`) come from `leptos_config` instead.
//!
//! Variables:
//! - `DATABASE_URL` (required): the Postgres connection string.
//! - `APP_DB_MAX_CONNECTIONS` (optional, default 10): pool size per server process.
//! - `RUST_LOG` (optional): tracing filter, default `info`.

use anyhow::{Context, bail};

/// Settings the server needs beyond Leptos's own.
#[derive(Clone)]
pub struct Config {
    /// Postgres connection string. Kept out of `Debug` output: it may hold a password.
    pub database_url: String,
    /// Upper bound of the connection pool.
    pub max_connections: u32,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &"<redacted>")
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

impl Config {
    /// Reads the settings, failing fast and naming the variable that is wrong.
    pub fn from_env() -> anyhow::Result<Self> {
        let database_url = match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => url,
            _ => bail!(
                "DATABASE_URL is not set. Set it to a Postgres connection string \
                 (e.g. postgres://user@127.0.0.1:5432/techcat), or start the app with \
                 scripts/run, which provides a local database."
            ),
        };
        let max_connections = match std::env::var("APP_DB_MAX_CONNECTIONS") {
            Ok(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .context("APP_DB_MAX_CONNECTIONS must be a positive whole number")?,
            Err(_) => 10,
        };
        Ok(Self {
            database_url,
            max_connections,
        })
    }
}
