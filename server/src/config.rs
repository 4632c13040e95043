//! Application settings from the environment. Leptos's own settings (site
//! address, package directory, `LEPTOS_*`) come from `leptos_config` instead.
//!
//! Variables:
//! - `DATABASE_URL` (required): the Postgres connection string.
//! - `APP_DB_MAX_CONNECTIONS` (optional, default 10): pool size per server process.
//! - `MAX_IN_FLIGHT` (optional, default 64): requests one process runs at once;
//!   more are shed with 503 and `Retry-After`.
//! - `PUBLIC_ORIGIN` (optional, default `http://` and the listening address): the
//!   origin of links meant to be shared; `https://…` also turns on HSTS.
//! - `TRUST_PROXY` (optional, default 0): how many proxies in front append to
//!   `X-Forwarded-For`; the client address is read that many entries from the right.
//! - `SIGN_UPS_PER_HOUR` (optional, default 20): new accounts one client
//!   address may make per hour.
//! - `SMTP_URL`, `MAIL_FROM`, `MAIL_DIR` (optional): where email goes
//!   ([`mailer_from_env`]).
//! - `RUST_LOG` (optional): tracing filter, default `info`.

use anyhow::{Context, bail};

/// Settings the server needs beyond Leptos's own.
#[derive(Clone)]
pub struct Config {
    /// Postgres connection string. Kept out of `Debug` output: it may hold a password.
    pub database_url: String,
    /// Upper bound of the connection pool.
    pub max_connections: u32,
    /// Requests one process runs at once.
    pub max_in_flight: usize,
    /// The public origin, when set.
    pub public_origin: Option<app::ssr::PublicOrigin>,
    /// Trusted proxy hops in front of the server.
    pub trust_proxy_hops: usize,
    /// New accounts per client address per hour.
    pub sign_ups_per_hour: i32,
}

/// A positive whole number from variable `name`, or `default` when it is unset.
fn positive<T: std::str::FromStr + PartialOrd + Default>(
    name: &str,
    default: T,
) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse::<T>()
            .ok()
            .filter(|n| *n > T::default())
            .with_context(|| format!("{name} must be a positive whole number")),
        Err(_) => Ok(default),
    }
}

/// The mail sender from `SMTP_URL`, `MAIL_FROM` and `MAIL_DIR` (empty values
/// count as unset); a bad value stops the server at start-up, naming it.
pub fn mailer_from_env() -> anyhow::Result<app::mail::Mailer> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (url, from, dir) = (var("SMTP_URL"), var("MAIL_FROM"), var("MAIL_DIR"));
    app::mail::Mailer::from_settings(url.as_deref(), from.as_deref(), dir.as_deref())
        .map_err(|why| anyhow::anyhow!(why))
}

/// `TRUST_PROXY`: a whole number of proxy hops, 0 when unset.
fn trust_proxy_hops() -> anyhow::Result<usize> {
    match std::env::var("TRUST_PROXY") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= 10)
            .with_context(|| {
                format!(
                    "TRUST_PROXY {v:?} must be the number of proxies in front of the server \
                     (0 to 10; 1 for one load balancer)"
                )
            }),
        _ => Ok(0),
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &"<redacted>")
            .field("max_connections", &self.max_connections)
            .field("max_in_flight", &self.max_in_flight)
            .field("public_origin", &self.public_origin)
            .field("trust_proxy_hops", &self.trust_proxy_hops)
            .field("sign_ups_per_hour", &self.sign_ups_per_hour)
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
        let public_origin = match std::env::var("PUBLIC_ORIGIN") {
            Ok(v) if !v.trim().is_empty() => {
                Some(app::ssr::PublicOrigin::parse(v.trim()).map_err(|why| {
                    anyhow::anyhow!("PUBLIC_ORIGIN {v:?} is not an origin: {why}")
                })?)
            }
            _ => None,
        };
        Ok(Self {
            database_url,
            max_connections: positive("APP_DB_MAX_CONNECTIONS", 10)?,
            max_in_flight: positive("MAX_IN_FLIGHT", crate::startup::DEFAULT_MAX_IN_FLIGHT)?,
            public_origin,
            trust_proxy_hops: trust_proxy_hops()?,
            sign_ups_per_hour: positive(
                "SIGN_UPS_PER_HOUR",
                app::db::throttle::MAX_SIGN_UPS_PER_HOUR,
            )?,
        })
        .and_then(|config| {
            // The statements' operator details: checked now, read per request.
            app::statements::Operator::from_vars(|name| std::env::var(name).ok())
                .map_err(|why| anyhow::anyhow!(why))?;
            Ok(config)
        })
    }
}
