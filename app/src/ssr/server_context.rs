//! What every handler and page on the server shares: the site settings, the
//! pool, the public origin and the open-data cache. Nothing in it matters beyond
//! one request, so any number of server processes can share one Postgres.

use crate::open_data::FileCache;
use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, provide_context, take_context};
use sqlx::PgPool;
use std::sync::Arc;

use super::PublicOrigin;

/// The shared server-side context. Handlers take the parts they need
/// (`State<PgPool>`, `State<ServerContext>`).
#[derive(Clone, Debug, FromRef)]
pub struct ServerContext {
    /// Leptos's site settings.
    pub leptos_options: LeptosOptions,
    /// The database pool.
    pub pool: PgPool,
    /// The origin of links meant to be shared.
    pub public_origin: PublicOrigin,
    /// The open-data files last built by this process (a disposable cache).
    pub open_data: Arc<FileCache>,
    /// How many proxies in front of the server append to `X-Forwarded-For`
    /// (`TRUST_PROXY`; 0 when clients connect directly).
    pub trust_proxy_hops: usize,
    /// New accounts one client address may make per hour (`SIGN_UPS_PER_HOUR`).
    pub sign_ups_per_hour: i32,
}

impl ServerContext {
    /// The context for `pool`, with the listening address as the public origin
    /// and an empty open-data cache.
    pub fn new(leptos_options: LeptosOptions, pool: PgPool) -> Self {
        let public_origin = PublicOrigin::for_address(leptos_options.site_addr);
        Self {
            leptos_options,
            pool,
            public_origin,
            open_data: Arc::default(),
            trust_proxy_hops: 0,
            sign_ups_per_hour: crate::db::throttle::MAX_SIGN_UPS_PER_HOUR,
        }
    }

    /// What every server-rendered page has in its context: the pool and the
    /// public origin. The per-request nonce Leptos provides is taken away: the
    /// CSP allows the inline scripts by hash, and without a random attribute
    /// equal pages are equal bytes, so their `ETag` holds.
    pub fn page_context(&self) -> impl Fn() + Clone + Send + 'static {
        let (pool, origin) = (self.pool.clone(), self.public_origin.clone());
        move || {
            let _ = take_context::<leptos::nonce::Nonce>();
            provide_context(pool.clone());
            provide_context(origin.clone());
        }
    }
}
