//! The `server` binary.
//!
//! ```text
//! server            serve the catalogue (migrates first)
//! server migrate    apply pending migrations and exit
//! server seed [--if-empty | --if-changed] [--dir DIR]
//!                   load the reference data (default dir: data/reference)
//! server create-admin --email E --name N --organisation O
//! server reset-two-factor --email E
//!                   create an approved admin; the password is read from
//!                   TECHCAT_ADMIN_PASSWORD or standard input (no default)
//! server demo-contacts [--limit N]
//!                   add clearly labelled synthetic demo contacts (fictional
//!                   names, example.org addresses) to up to N deployments
//!                   (default 10); never run by the default run or the tests
//! ```
//! Every command needs `DATABASE_URL`. The synthetic benchmark is a binary of
//! its own (`bench`), so it is not part of what is deployed.

use anyhow::bail;
use server::{config::Config, seed, startup, telemetry};
use std::path::PathBuf;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = Config::from_env()?;
    match args.first().map(String::as_str) {
        None | Some("serve") => startup::serve(config).await,
        Some("migrate") => {
            let pool = startup::connect(&config).await?;
            startup::migrate(&pool).await?;
            eprintln!("migrations applied");
            Ok(())
        }
        Some("seed") => {
            let mut dir = PathBuf::from("data/reference");
            let mut when = seed::When::Always;
            let mut rest = args[1..].iter();
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--if-empty" => when = seed::When::IfEmpty,
                    "--if-changed" => when = seed::When::IfChanged,
                    "--dir" => match rest.next() {
                        Some(d) => dir = PathBuf::from(d),
                        None => bail!("--dir needs a directory"),
                    },
                    other => bail!("unknown seed option {other:?}"),
                }
            }
            let pool = startup::connect(&config).await?;
            startup::migrate(&pool).await?;
            let outcome = seed::run_when(&pool, &dir, when).await?;
            eprintln!("{outcome}");
            Ok(())
        }
        Some("create-admin") => {
            let pool = startup::connect(&config).await?;
            startup::migrate(&pool).await?;
            let done = app::accounts::create_admin(&pool, &args[1..]).await?;
            eprintln!("{done}");
            Ok(())
        }
        Some("reset-two-factor") => {
            let email = match args.get(1..) {
                Some([flag, email]) if flag == "--email" => email.clone(),
                _ => bail!("usage: server reset-two-factor --email E"),
            };
            let pool = startup::connect(&config).await?;
            startup::migrate(&pool).await?;
            let done = app::accounts::reset_two_factor(&pool, &email).await?;
            eprintln!("{done}");
            Ok(())
        }
        Some("demo-contacts") => {
            let limit = match args.get(1..) {
                Some([flag, n]) if flag == "--limit" => n.parse().ok().filter(|n| *n > 0),
                Some([]) | None => Some(10),
                _ => None,
            };
            let Some(limit) = limit else {
                bail!("usage: server demo-contacts [--limit N]");
            };
            let pool = startup::connect(&config).await?;
            startup::migrate(&pool).await?;
            let mut conn = pool.acquire().await?;
            let added = app::db::contacts::create_demo(&mut conn, limit).await?;
            eprintln!(
                "added {added} synthetic demo contacts (labelled \"Demo data\"; never exported)"
            );
            Ok(())
        }
        Some(other) => {
            bail!(
                "unknown command {other:?}; expected serve, migrate, seed, create-admin, reset-two-factor or demo-contacts (the benchmark is the `bench` binary)"
            )
        }
    }
}
