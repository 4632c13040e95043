//! The `bench` binary: the synthetic scale benchmark, kept out of the `server`
//! binary that is deployed.
//!
//! ```text
//! bench [--rounds N | --open-data]
//!                   build the synthetic scale dataset in DATABASE_URL (its name
//!                   must contain "bench") and print search latencies, or the
//!                   open-data files' build times and sizes
//! bench open-data-figures
//!                   print the open-data files' build times and sizes for the
//!                   catalogue in DATABASE_URL (nothing is written)
//! ```

use anyhow::bail;
use server::{bench, config::Config, startup, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = Config::from_env()?;
    if args.first().map(String::as_str) == Some("open-data-figures") {
        let pool = startup::connect(&config).await?;
        startup::migrate(&pool).await?;
        return bench::open_data::figures(&pool, "this catalogue").await;
    }
    let measure = match args.as_slice() {
        [flag, n] if flag == "--rounds" => n
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .map(bench::Measure::Search),
        [flag] if flag == "--open-data" => Some(bench::Measure::OpenData),
        [] => Some(bench::Measure::Search(10)),
        _ => None,
    };
    let Some(measure) = measure else {
        bail!("usage: bench [--rounds N | --open-data | open-data-figures]");
    };
    bench::run(&config.database_url, measure).await
}
