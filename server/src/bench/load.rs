//! Driving the load: the HTTP endpoint through a minimal keep-alive HTTP/1.1
//! client, and the same search called directly on the pool, each from
//! `concurrency` workers running the query mix `rounds` times.

use super::QUERY_MIX;
use anyhow::{Context, bail};
use app::domain::CatalogueQuery;
use sqlx::PgPool;
use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufStream},
    net::TcpStream,
};

/// One timed request: the index of its query in the mix, and how long it took.
type Sample = (usize, Duration);

/// A load worker's samples.
type Worker = tokio::task::JoinHandle<anyhow::Result<Vec<Sample>>>;

/// Latencies of one run, in completion order.
pub struct Run {
    /// One per request, with the index of its query in the mix.
    pub latencies: Vec<Sample>,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

/// `GET /api/technologies?…` from `concurrency` connections.
pub async fn http(addr: SocketAddr, concurrency: usize, rounds: usize) -> anyhow::Result<Run> {
    // Warm-up: one pass of the mix.
    let mut warm = BufStream::new(TcpStream::connect(addr).await?);
    for qs in QUERY_MIX {
        get(&mut warm, qs).await?;
    }
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|w| {
            tokio::spawn(async move {
                let mut conn = BufStream::new(TcpStream::connect(addr).await?);
                let mut out = Vec::new();
                for i in 0..rounds * QUERY_MIX.len() {
                    let q = (i + w) % QUERY_MIX.len();
                    let t = Instant::now();
                    get(&mut conn, QUERY_MIX[q]).await?;
                    out.push((q, t.elapsed()));
                }
                anyhow::Ok(out)
            })
        })
        .collect();
    collect(workers, started).await
}

/// The same search, called on the pool without HTTP or JSON.
pub async fn direct(pool: &PgPool, concurrency: usize, rounds: usize) -> anyhow::Result<Run> {
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|w| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut out = Vec::new();
                for i in 0..rounds * QUERY_MIX.len() {
                    let q = (i + w) % QUERY_MIX.len();
                    let (query, _) = CatalogueQuery::parse_query_string(QUERY_MIX[q]);
                    let t = Instant::now();
                    app::db::search::search_pooled(&pool, &query).await?;
                    out.push((q, t.elapsed()));
                }
                anyhow::Ok(out)
            })
        })
        .collect();
    collect(workers, started).await
}

async fn collect(workers: Vec<Worker>, started: Instant) -> anyhow::Result<Run> {
    let mut latencies = Vec::new();
    for w in workers {
        latencies.extend(w.await.context("worker panicked")??);
    }
    Ok(Run {
        latencies,
        elapsed: started.elapsed(),
    })
}

/// One request on a keep-alive connection; the body is read and dropped.
async fn get(conn: &mut BufStream<TcpStream>, qs: &str) -> anyhow::Result<()> {
    conn.write_all(
        format!("GET /api/technologies?{qs} HTTP/1.1\r\nHost: bench\r\n\r\n").as_bytes(),
    )
    .await?;
    conn.flush().await?;
    let mut line = String::new();
    conn.read_line(&mut line).await?;
    if !line.starts_with("HTTP/1.1 200") {
        bail!("{qs}: {}", line.trim());
    }
    let mut length = None;
    loop {
        line.clear();
        conn.read_line(&mut line).await?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = Some(value.trim().parse::<usize>()?);
        }
    }
    let mut body = vec![0; length.context("response without content-length")?];
    conn.read_exact(&mut body).await?;
    Ok(())
}

/// The nearest-rank percentile `p` (0–100) of sorted `values`, in milliseconds.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
}

/// Prints the table and the goals (figures only; nothing here fails the run).
#[expect(clippy::print_stdout, reason = "the report is the benchmark's output")]
pub fn print(report: &[(usize, Run, Run)], size: super::Size) {
    let sorted = |r: &Run, only: Option<usize>| {
        let mut v: Vec<Duration> = r
            .latencies
            .iter()
            .filter(|(q, _)| only.is_none_or(|o| o == *q))
            .map(|(_, d)| *d)
            .collect();
        v.sort();
        v
    };
    let (techs, deployments) = size.counts();
    println!(
        "\nsearch latency, ms (query mix of {} searches; {techs} technologies, {deployments} deployments; no response cache exists)",
        QUERY_MIX.len()
    );
    println!(
        "{:<28} {:>6} {:>8} {:>8} {:>8} {:>9}",
        "", "n", "p50", "p95", "p99", "req/s"
    );
    for (concurrency, http, raw) in report {
        for (label, run) in [
            ("HTTP /api/technologies", http),
            ("same search, direct SQL", raw),
        ] {
            let sorted = sorted(run, None);
            println!(
                "{:<28} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>9.0}",
                format!("{label} c={concurrency}"),
                sorted.len(),
                percentile(&sorted, 50.0),
                percentile(&sorted, 95.0),
                percentile(&sorted, 99.0),
                sorted.len() as f64 / run.elapsed.as_secs_f64()
            );
        }
    }
    let goal = size.p95_goal_ms();
    let mut slowest = 0.0_f64;
    if let Some((_, http, raw)) = report.first() {
        println!("\nper query at c=1, ms: HTTP p50 / p95, direct p50 / p95");
        for (q, qs) in QUERY_MIX.iter().enumerate() {
            let (h, r) = (sorted(http, Some(q)), sorted(raw, Some(q)));
            let p95 = percentile(&h, 95.0);
            slowest = slowest.max(p95);
            println!(
                "  {:>7.2} / {:>7.2}   {:>7.2} / {:>7.2}   {qs}",
                percentile(&h, 50.0),
                p95,
                percentile(&r, 50.0),
                percentile(&r, 95.0)
            );
        }
    }
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!("\ngoals:");
    println!(
        "  every query's HTTP p95 at c=1 <= {goal} ms: slowest {slowest:.2} ms: {}",
        verdict(slowest <= goal)
    );
    for (concurrency, http, raw) in report {
        let p95 = |r: &Run| percentile(&sorted(r, None), 95.0);
        let (h, r) = (p95(http), p95(raw));
        let bound = 1.5 * r;
        println!(
            "  c={concurrency}: HTTP p95 {h:.2} ms <= 1.5 x direct p95 ({bound:.2} ms): {}",
            verdict(h <= bound)
        );
        if *concurrency == 1 {
            println!(
                "  c=1: HTTP p95 {h:.2} ms <= {goal} ms: {}",
                verdict(h <= goal)
            );
        } else if size == super::Size::Standard {
            let rate = http.latencies.len() as f64 / http.elapsed.as_secs_f64();
            println!(
                "  c={concurrency}: HTTP {rate:.0} requests/s >= 300: {}",
                verdict(rate >= 300.0)
            );
        }
    }
}
