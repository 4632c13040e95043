//! Building the pool, running migrations, and assembling the router. `build_router`
//! is pure (no I/O), so tests drive the same router the binary serves.

use crate::config::Config;
use crate::limits::Limits;
use anyhow::Context;
use app::ssr::{Deadline, PublicOrigin};
use app::{App, shell};
use axum::{
    Router,
    extract::{FromRef, State},
    http::{HeaderValue, StatusCode, header},
    response::IntoResponse,
    routing::{get, post},
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

/// Shared state of the router. Holds nothing that matters beyond one request:
/// any number of server processes can share one Postgres.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    /// Leptos's site settings.
    pub leptos_options: LeptosOptions,
    /// The database pool.
    pub pool: PgPool,
    /// The open-data files last built by this process (a disposable cache).
    pub open_data: Arc<crate::open_data::FileCache>,
    /// The places for running requests, and the page for when there is none.
    pub limits: Arc<Limits>,
    /// The origin of links meant to be shared.
    pub public_origin: PublicOrigin,
}

/// Requests one process runs at once unless `MAX_IN_FLIGHT` says otherwise.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 64;

impl AppState {
    /// The state for `pool` with the default limits, the listening address as
    /// the public origin, and an empty open-data cache.
    pub fn new(leptos_options: LeptosOptions, pool: PgPool) -> Self {
        let public_origin = PublicOrigin::for_address(leptos_options.site_addr);
        let limits = Arc::new(limits_for(&leptos_options, DEFAULT_MAX_IN_FLIGHT));
        Self {
            leptos_options,
            pool,
            open_data: Arc::default(),
            limits,
            public_origin,
        }
    }

    /// The same state with the settings of `config`.
    #[must_use]
    pub fn configured(mut self, config: &Config) -> Self {
        self.limits = Arc::new(self.limits.with_places(config.max_in_flight));
        if let Some(origin) = &config.public_origin {
            self.public_origin = origin.clone();
        }
        self
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

/// The whole HTTP surface: Leptos pages and server functions, `/healthz`, the
/// static bundle, and compression of everything.
pub fn build_router(state: AppState) -> Router {
    // `/organisation` is served by its own handler, which renders the same page.
    let routes: Vec<_> = generate_route_list(App)
        .into_iter()
        .filter(|r| r.path() != "/organisation")
        .collect();
    let pkg_route = state.leptos_options.site_pkg_dir_route_base();
    let pkg_dir = std::path::Path::new(state.leptos_options.site_root.as_ref())
        .join(state.leptos_options.site_pkg_dir.as_ref());
    // Only content-hashed names may be cached forever.
    let pkg_cache = if state.leptos_options.hash_files {
        IMMUTABLE
    } else {
        "no-cache"
    };
    let context = page_context(&state);
    let leptos_options = state.leptos_options.clone();
    // The forms' work is database work: each must answer by its request's
    // database deadline. (The curator and admin actions rebuild the search
    // views, which takes longer at scale: they have the whole-request timeout.)
    let forms = Router::<AppState>::new()
        .route("/sign-in", post(crate::auth::sign_in))
        .route("/sign-up", post(crate::auth::sign_up))
        .route("/sign-out", post(crate::auth::sign_out))
        .route("/technologies/{slug}/submit", post(crate::curation::submit))
        .route("/organisation", get(crate::organisation::organisation))
        .route("/organisation/save", post(crate::organisation::save))
        .route_layer(axum::middleware::from_fn_with_state(
            state.limits.clone(),
            crate::limits::db_deadline,
        ));
    let staff_actions = Router::<AppState>::new()
        .route(
            "/admin/accounts/{id}",
            post(crate::auth::admin_update_account),
        )
        .route(
            "/curator/contacts/{id}/reconfirm",
            post(crate::curation::reconfirm_contact),
        )
        .route(
            "/curator/submissions/{id}/approve",
            post(crate::curation::approve),
        )
        .route(
            "/curator/submissions/{id}/reject",
            post(crate::curation::reject),
        );
    // Pages, server functions and forms know who is visiting (session layer);
    // the public API, exports, health check and static files do not need to.
    let with_sessions = Router::<AppState>::new()
        .merge(forms)
        .merge(staff_actions)
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(leptos_options.clone())
        })
        // Paths no route claims are rendered by the app too (its "page not
        // found"), with the same context as every page.
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(axum::middleware::from_fn(crate::server_fns::error_status))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::session_layer,
        ));
    Router::<AppState>::new()
        .route("/healthz", get(healthz))
        .route("/api/technologies", get(crate::api::search_json))
        .route("/api/openapi.json", get(crate::openapi::openapi_json))
        .route("/technologies/export.csv", get(crate::api::export_csv))
        .route("/technologies/export.json", get(crate::api::export_json))
        .route("/compare/export.csv", get(crate::api::compare_csv))
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
            crate::api::canonical_catalogue_url,
        ))
        .layer(axum::middleware::from_fn(crate::api::no_trailing_slash))
        .route(
            "/data/catalogue.json",
            get(crate::open_data::catalogue_json),
        )
        .route("/data/claims.csv", get(crate::open_data::claims_csv))
        // Outermost last. From the outside in: the request's deadline and
        // timeout (so reading the body counts), the body limit, compression,
        // the pages' ETag (of the uncompressed body, with the final headers),
        // the security headers (which hash the uncompressed page), shedding.
        .layer(axum::middleware::from_fn_with_state(
            state.limits.clone(),
            crate::limits::shed,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.public_origin.clone(),
            crate::headers::security_headers,
        ))
        .layer(axum::middleware::from_fn(crate::caching::conditional))
        .layer(
            // The open-data files come precompressed from their cache (or are
            // sent raw to a client that takes no gzip): never compressed again.
            CompressionLayer::new().compress_when(DefaultPredicate::new().and(
                |_: StatusCode, _: Version, _: &HeaderMap, ext: &Extensions| {
                    ext.get::<crate::open_data::Precompressed>().is_none()
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

/// What every server-rendered page has in its context: the pool and the
/// public origin. The per-request nonce Leptos provides is taken away: the
/// CSP allows the inline scripts by hash, and without a random attribute equal
/// pages are equal bytes, so their `ETag` holds.
pub fn page_context(state: &AppState) -> impl Fn() + Clone + Send + 'static {
    let (pool, origin) = (state.pool.clone(), state.public_origin.clone());
    move || {
        let _ = take_context::<leptos::nonce::Nonce>();
        provide_context(pool.clone());
        provide_context(origin.clone());
    }
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
    migrate(&connect(&config).await?).await?;
    let pool = connect_web(&config).await?;
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
