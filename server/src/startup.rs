//! Building the pool, running migrations, and assembling the router. `build_router`
//! is pure (no I/O), so tests drive the same router the binary serves.

use crate::config::Config;
use crate::limits::Limits;
use anyhow::Context;
use app::ssr::{Deadline, ServerContext};
use app::{App, shell};
use axum::{
    Router,
    extract::{FromRef, State},
    http::{HeaderValue, StatusCode, header},
    response::IntoResponse,
    routing::get,
};
use http::{Extensions, HeaderMap, Version};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sqlx::{
    PgPool,
    postgres::{PgConnectOptions, PgPoolOptions},
};
use std::{str::FromStr, sync::Arc, time::Duration};
use tower_http::{
    compression::{CompressionLayer, DefaultPredicate, Predicate},
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
};

/// How long a request waits for a database connection before the page reports
/// the catalogue unavailable (503). Short, so an outage is reported promptly;
/// the request's deadline (`Deadline::BUDGET`) usually ends the wait first.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

/// Long-lived caching for the content-hashed bundle under `/pkg`.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The router's state: the shared server-side context every feature's
/// handlers take, and this process's limits.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    /// What handlers and pages share (settings, pool, origin, open-data cache).
    pub context: ServerContext,
    /// The places for running requests, and the page for when there is none.
    pub limits: Arc<Limits>,
}

/// Requests one process runs at once unless `MAX_IN_FLIGHT` says otherwise.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 64;

impl AppState {
    /// The state for `pool` with the default limits, the listening address as
    /// the public origin, and an empty open-data cache.
    pub fn new(leptos_options: LeptosOptions, pool: PgPool) -> Self {
        let limits = Arc::new(limits_for(&leptos_options, DEFAULT_MAX_IN_FLIGHT));
        Self {
            context: ServerContext::new(leptos_options, pool),
            limits,
        }
    }

    /// The same state with the settings of `config`.
    #[must_use]
    pub fn configured(mut self, config: &Config) -> Self {
        self.limits = Arc::new(self.limits.with_places(config.max_in_flight));
        if let Some(origin) = &config.public_origin {
            self.context.public_origin = origin.clone();
        }
        self.context.trust_proxy_hops = config.trust_proxy_hops;
        self.context.sign_ups_per_hour = config.sign_ups_per_hour;
        self
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.context.leptos_options.clone()
    }
}

impl FromRef<AppState> for PgPool {
    fn from_ref(state: &AppState) -> Self {
        state.context.pool.clone()
    }
}

fn limits_for(options: &LeptosOptions, max_in_flight: usize) -> Limits {
    let page = app::components::error_document(options.clone(), app::error::AppError::Unavailable);
    Limits::new(max_in_flight, page)
}

/// The pool options every process uses. Connections are checked before use, so
/// connections broken by a database restart are replaced rather than handed out.
pub fn pool_options(config: &Config) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(config.max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .test_before_acquire(true)
}

/// Connects to `DATABASE_URL`, failing with a message that names it. For the
/// command-line tasks (migrate, seed, bench): no statement timeout.
pub async fn connect(config: &Config) -> anyhow::Result<PgPool> {
    pool_options(config)
        .connect(&config.database_url)
        .await
        .context("could not connect to the database named by DATABASE_URL")
}

/// The web server's pool: as [`connect`], and every statement is cancelled by
/// Postgres itself after the request budget, so a query whose request has
/// given up stops using the database too.
pub async fn connect_web(config: &Config) -> anyhow::Result<PgPool> {
    let options = PgConnectOptions::from_str(&config.database_url)
        .context("DATABASE_URL is not a Postgres connection string")?
        .options([("statement_timeout", web_statement_timeout())]);
    pool_options(config)
        .connect_with(options)
        .await
        .context("could not connect to the database named by DATABASE_URL")
}

/// The web pool's `statement_timeout`, in milliseconds: the request budget.
pub fn web_statement_timeout() -> String {
    Deadline::BUDGET.as_millis().to_string()
}

/// Applies any pending migrations from `migrations/`.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    sqlx::migrate!("../migrations")
        .run(pool)
        .await
        .context("could not apply database migrations")
}

/// The whole HTTP surface: Leptos pages and server functions, every feature's
/// routes (`app::routes`), `/healthz`, the static bundle, and compression of
/// everything.
pub fn build_router(state: AppState) -> Router {
    let context = state.context.clone();
    let options = &context.leptos_options;
    let pkg_route = options.site_pkg_dir_route_base();
    let pkg_dir =
        std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    // Only content-hashed names may be cached forever.
    let pkg_cache = if options.hash_files {
        IMMUTABLE
    } else {
        "no-cache"
    };
    let page_context = context.page_context();
    let leptos_options = options.clone();
    let features = app::routes();
    // The forms' work is database work: each must answer by its request's
    // database deadline. (The staff actions rebuild the search views, which
    // takes longer at scale: they have the whole-request timeout.)
    let forms = features
        .forms
        .with_state::<AppState>(context.clone())
        .route_layer(axum::middleware::from_fn_with_state(
            state.limits.clone(),
            crate::limits::db_deadline,
        ));
    // Pages, server functions and forms know who is visiting (session layer);
    // the public API, exports, health check and static files do not need to.
    let with_sessions = Router::<AppState>::new()
        .merge(forms)
        .merge(features.staff.with_state::<AppState>(context.clone()))
        .leptos_routes_with_context(
            &state,
            generate_route_list(App),
            page_context.clone(),
            move || shell(leptos_options.clone()),
        )
        // Paths no route claims are rendered by the app too (its "page not
        // found"), with the same context as every page.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(page_context, shell))
        .layer(axum::middleware::from_fn(crate::server_fns::error_status))
        .layer(axum::middleware::from_fn_with_state(
            context.clone(),
            app::accounts::session_layer,
        ))
        .layer(axum::middleware::from_fn(crate::caching::policy));
    Router::<AppState>::new()
        .route("/healthz", get(healthz))
        .merge(features.open.with_state::<AppState>(context.clone()))
        .nest_service(
            pkg_route.trim_end_matches('/'),
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(pkg_cache),
                ))
                .service(
                    ServeDir::new(pkg_dir)
                        .precompressed_br()
                        .precompressed_gzip(),
                ),
        )
        .merge(with_sessions)
        .layer(axum::middleware::from_fn(
            app::catalogue::canonical_catalogue_url,
        ))
        .layer(axum::middleware::from_fn(crate::paths::no_trailing_slash))
        .layer(axum::middleware::from_fn(
            crate::navigation::redirects_for_script,
        ))
        // Outermost last. From the outside in: the request's deadline and
        // timeout (so reading the body counts), the body limit, compression,
        // the pages' ETag (of the uncompressed body, with the final headers),
        // the security headers (which hash the uncompressed page), shedding.
        .layer(axum::middleware::from_fn_with_state(
            state.limits.clone(),
            crate::limits::shed,
        ))
        .layer(axum::middleware::from_fn_with_state(
            context.public_origin.clone(),
            crate::headers::security_headers,
        ))
        .layer(axum::middleware::from_fn(crate::caching::conditional))
        .layer(
            // The open-data files come precompressed from their cache (or are
            // sent raw to a client that takes no gzip): never compressed again.
            CompressionLayer::new().compress_when(DefaultPredicate::new().and(
                |_: StatusCode, _: Version, _: &HeaderMap, ext: &Extensions| {
                    ext.get::<app::open_data::Precompressed>().is_none()
                },
            )),
        )
        .layer(axum::middleware::from_fn(crate::limits::limit_body))
        .layer(axum::middleware::from_fn_with_state(
            state.limits.clone(),
            crate::limits::budget,
        ))
        .with_state(state)
}

/// `GET /healthz`: 200 when the database answers within the acquire timeout, else 503.
async fn healthz(State(pool): State<PgPool>) -> impl IntoResponse {
    match tokio::time::timeout(ACQUIRE_TIMEOUT, app::db::health::ping(&pool)).await {
        Ok(Ok(())) => (StatusCode::OK, "ok\n"),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable\n")
        }
        Err(_) => {
            tracing::warn!("health check timed out");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable\n")
        }
    }
}

/// Connects, migrates and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let conf = get_configuration(None).context("could not read the Leptos configuration")?;
    let leptos_options = conf.leptos_options;
    let addr = leptos_options.site_addr;
    let mailer = crate::config::mailer_from_env()?;
    migrate(&connect(&config).await?).await?;
    let pool = connect_web(&config).await?;
    tokio::spawn(housekeeping(pool.clone()));
    tokio::spawn(prepare_search(pool.clone()));
    tracing::info!("{}", mailer.describe());
    tokio::spawn(app::mail::run(pool.clone(), mailer));
    let router = build_router(AppState::new(leptos_options, pool).configured(&config));
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("could not listen on {addr} (set LEPTOS_SITE_ADDR to change it)")
    })?;
    tracing::info!("serving the catalogue at http://{addr}");
    crate::listen::serve(
        listener,
        router,
        crate::listen::Timeouts::default(),
        shutdown_signal(),
    )
    .await;
    Ok(())
}

/// Loads the search's catalogue-wide parts before the first visitor asks (at
/// 100,000 technologies that takes a while); a failure only means the first
/// search loads them.
async fn prepare_search(pool: PgPool) {
    let started = std::time::Instant::now();
    match app::db::search::prepare(&pool).await {
        Ok(()) => tracing::info!(took = ?started.elapsed(), "search prepared"),
        Err(e) => tracing::warn!(error = %e, "could not prepare the search; the first one will"),
    }
}

/// Every minute, deletes what is past its retention (sessions, sign-in
/// counters, sent mail, reset links). Each replica runs it; the deletes are
/// idempotent.
async fn housekeeping(pool: PgPool) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        match app::db::housekeeping::sweep(&pool).await {
            Ok(swept) if swept != app::db::housekeeping::Swept::default() => {
                tracing::info!(?swept, "housekeeping");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "housekeeping failed; will try again"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
