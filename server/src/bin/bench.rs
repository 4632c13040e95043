//! The `bench` binary: the synthetic scale benchmark, kept out of the `server`
//! binary that is deployed.
//!
//! ```text
//! bench [--size standard|large] [--rounds N | --open-data]
//!                   build the synthetic scale dataset in DATABASE_URL (its name
//!                   must contain "bench") and print search latencies, or the
//!                   open-data files' build times and sizes; standard is 10,000
//!                   technologies and 200,000 deployments, large 100,000 and
//!                   2,000,000
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
    let mut measure = Some(bench::Measure::Search(10));
    let mut size = Some(bench::Size::Standard);
    let mut rest = args.iter().map(String::as_str);
    while let Some(arg) = rest.next() {
        match arg {
            "--rounds" => {
                measure = rest
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .map(bench::Measure::Search);
            }
            "--open-data" => measure = Some(bench::Measure::OpenData),
            "--size" => size = rest.next().and_then(bench::Size::parse),
            _ => measure = None,
        }
    }
    let (Some(measure), Some(size)) = (measure, size) else {
        bail!(
            "usage: bench [--size standard|large] [--rounds N | --open-data] | open-data-figures"
        );
    };
    bench::run(&config.database_url, measure, size).await
}
