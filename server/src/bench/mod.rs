//! `server bench`: the catalogue search at scale. Builds a synthetic, clearly
//! labelled dataset in its own database (never the real one), then measures the
//! search endpoint over HTTP next to the same search run directly against
//! Postgres, at concurrency 1 and 16, and prints p50/p95/p99 and the goals.

mod dataset;
mod load;
pub mod open_data;

use crate::startup::{AppState, build_router};
use anyhow::{Context, bail};
use leptos::prelude::LeptosOptions;
use sqlx::{PgPool, postgres::PgPoolOptions};
use std::time::Duration;

/// The fixed query mix: free text, one to three facets, sorts and deep pages.
pub const QUERY_MIX: [&str; 14] = [
    "q=remote",
    "q=derm",
    "q=virtual+ward",
    "q=synthetic+monitoring&sort=deployments",
    "type=ai_imaging_diagnostics",
    "setting=primary_care&ai=yes",
    "type=digital_therapeutics&setting=home_remote&region=Y56",
    "nice=HTE&deployed=yes&evidence=early",
    "icb=QRV&sort=recent",
    "specialty=mental_health&verified=high&page=5",
    "sort=deployments&page=100",
    "page=400",
    "q=therapy&setting=primary_care&sort=name&page=3",
    "sort=name&page=250",
];

/// What `server bench` measures on the synthetic set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Search latencies, this many passes of the mix per worker.
    Search(usize),
    /// Build time and size of the open-data files.
    OpenData,
}

/// The synthetic dataset's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// 10,000 technologies, 200,000 deployments.
    Standard,
    /// 100,000 technologies, 2,000,000 deployments.
    Large,
}

impl Size {
    /// `standard` or `large`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "standard" => Some(Self::Standard),
            "large" => Some(Self::Large),
            _ => None,
        }
    }

    /// (technologies, deployments).
    pub fn counts(self) -> (u32, u32) {
        match self {
            Self::Standard => (10_000, 200_000),
            Self::Large => (100_000, 2_000_000),
        }
    }

    /// The goal for the search's p95 at concurrency 1, in milliseconds.
    pub fn p95_goal_ms(self) -> f64 {
        match self {
            Self::Standard => 20.0,
            Self::Large => 50.0,
        }
    }
}

/// Runs the benchmark against the database at `database_url`, which it empties
/// first. Refuses a database whose name does not say it is for benchmarks.
pub async fn run(database_url: &str, measure: Measure, size: Size) -> anyhow::Result<()> {
    let db_name = database_url.rsplit('/').next().unwrap_or_default();
    if !db_name.contains("bench") {
        bail!(
            "the benchmark replaces all data in its database; use one whose name contains \"bench\" (got {db_name:?})"
        );
    }
    let pool = PgPoolOptions::new()
        .max_connections(24)
        .acquire_timeout(Duration::from_secs(30))
        .connect(database_url)
        .await
        .context("could not connect to the benchmark database")?;
    crate::startup::migrate(&pool).await?;
    let started = std::time::Instant::now();
    let counts = dataset::build(&pool, size).await?;
    eprintln!(
        "synthetic dataset (benchmark only, not real products): {} technologies, {} deployments, {} NICE records in {:.1} s",
        counts.0,
        counts.1,
        counts.2,
        started.elapsed().as_secs_f64()
    );
    let rounds = match measure {
        Measure::Search(rounds) => rounds,
        Measure::OpenData => {
            return open_data::figures(&pool, "the synthetic set (never published)").await;
        }
    };
    // As a server does when it starts: the first search then finds them.
    let started = std::time::Instant::now();
    app::db::search::prepare(&pool).await?;
    eprintln!(
        "the search's catalogue-wide parts (facet index, options, lexicon) loaded in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let addr = serve(pool.clone()).await?;
    let mut report = Vec::new();
    for concurrency in [1, 16] {
        let http = load::http(addr, concurrency, rounds).await?;
        let raw = load::direct(&pool, concurrency, rounds).await?;
        report.push((concurrency, http, raw));
    }
    load::print(&report, size);
    Ok(())
}

/// Serves the real router on an ephemeral port, in this process.
async fn serve(pool: PgPool) -> anyhow::Result<std::net::SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = build_router(AppState::new(
        LeptosOptions::builder().output_name("techcat").build(),
        pool,
    ));
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok(addr)
}
