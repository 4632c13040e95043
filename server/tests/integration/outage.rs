//! A database outage and recovery, without restarting the app. A TCP proxy sits
//! between the app's pool and the real Postgres: "down" closes every open
//! connection and refuses new ones, exactly what the app sees when Postgres stops;
//! "hang" closes them and then accepts new ones but never answers, what the app
//! sees when the database host stops responding (no refusal, only silence).

use crate::helpers::{assert_no_internal_text, get, router, seed_real_data};
use http::StatusCode;
use server::{config::Config, startup::pool_options};
use sqlx::{
    PgPool,
    postgres::{PgConnectOptions, PgPoolOptions},
};
use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};
use tokio::{net::TcpListener, sync::watch};

/// A switchable TCP forwarder to Postgres.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    silent: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
}

impl Proxy {
    async fn start(target: (String, u16)) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicBool::new(true));
        let silent = Arc::new(AtomicBool::new(false));
        let (cut, _) = watch::channel(0u64);
        let (up2, silent2, cut2) = (up.clone(), silent.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                if silent2.load(Ordering::SeqCst) {
                    // Held open, never answered.
                    tokio::spawn(async move {
                        let _held = client;
                        std::future::pending::<()>().await;
                    });
                    continue;
                }
                if !up2.load(Ordering::SeqCst) {
                    drop(client); // refused: closed before the handshake
                    continue;
                }
                let target = target.clone();
                let mut cut_rx = cut2.subscribe();
                tokio::spawn(async move {
                    let Ok(mut server) = tokio::net::TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut_rx.changed() => {} // dropping both ends resets the connection
                    }
                });
            }
        });
        Self {
            port,
            up,
            silent,
            cut,
        }
    }

    /// Cuts every connection and answers no new one.
    fn hang(&self) {
        self.silent.store(true, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }

    fn up(&self) {
        self.silent.store(false, Ordering::SeqCst);
        self.up.store(true, Ordering::SeqCst);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_database_outage_gives_503_and_recovery_needs_no_restart(
    _opts: PgPoolOptions,
    connect: PgConnectOptions,
) {
    // Arrange: seed directly, then give the app a pool that goes through the proxy.
    let (proxy, app) = app_behind_proxy(&connect).await;

    // Act: the database goes away.
    proxy.down();

    // Assert: friendly 503s, nothing internal.
    let page = get(&app, "/technologies").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.body.contains("Sorry, the service is unavailable"));
    assert!(page.body.contains("temporarily unavailable"));
    assert_no_internal_text(&page.body);
    let detail = get(&app, "/technologies/heartflow-ffrct").await;
    assert_eq!(detail.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_no_internal_text(&detail.body);
    assert_eq!(
        get(&app, "/healthz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    // The home page needs no data and stays up.
    assert_eq!(get(&app, "/").await.status, StatusCode::OK);

    // Act: the database comes back.
    proxy.up();

    // Assert: 200 again within 5 seconds, same router, same pool.
    let took = recovery(&app).await;
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    eprintln!(
        "recovered {} ms after the database came back",
        took.as_millis()
    );
}

/// The real data seeded directly, a proxy in front of the database, and the
/// app on a pool through the proxy (configured as the server's), serving.
async fn app_behind_proxy(connect: &PgConnectOptions) -> (Proxy, axum::Router) {
    let direct = PgPool::connect_with(connect.clone())
        .await
        .expect("direct pool");
    seed_real_data(&direct).await;
    let proxy = Proxy::start((connect.get_host().to_owned(), connect.get_port())).await;
    let config = Config {
        database_url: String::new(),
        max_connections: 4,
        max_in_flight: 64,
        public_origin: None,
        trust_proxy_hops: 0,
        sign_ups_per_hour: app::db::throttle::MAX_SIGN_UPS_PER_HOUR,
    };
    let pool = pool_options(&config)
        .connect_with(connect.clone().host("127.0.0.1").port(proxy.port))
        .await
        .expect("pool via proxy");
    let app = router(pool);
    assert_eq!(get(&app, "/technologies").await.status, StatusCode::OK);
    (proxy, app)
}

/// Waits for `/technologies` to answer 200 again (at most 5 s); how long it took.
async fn recovery(app: &axum::Router) -> Duration {
    let back = Instant::now();
    loop {
        let status = get(app, "/technologies").await.status;
        if status == StatusCode::OK {
            return back.elapsed();
        }
        assert!(
            back.elapsed() < Duration::from_secs(5),
            "still {status} after 5 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_silent_database_still_gets_every_request_answered_within_2_seconds(
    _opts: PgPoolOptions,
    connect: PgConnectOptions,
) {
    // Arrange: real data; the app's pool goes through the proxy.
    let (proxy, app) = app_behind_proxy(&connect).await;

    // Act: the database stops answering; eight requests arrive at once, each
    // of which needs the database (several of them more than once).
    proxy.hang();
    let uris = [
        "/technologies",
        "/technologies?q=ai&sort=name",
        "/technologies/heartflow-ffrct",
        "/compare?tech=heartflow-ffrct&tech=derm",
        "/icbs",
        "/api/technologies?q=ai",
        "/technologies/export.csv",
        "/compare/export.csv?tech=heartflow-ffrct&tech=derm",
    ];
    let started = Instant::now();
    let mut tasks = Vec::new();
    for uri in uris {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let page = get(&app, uri).await;
            (uri, page, started.elapsed())
        }));
    }

    // Assert: each is a 503 with the friendly text, within the 2 s bound
    // (the request's database budget is 1.5 s, shared by all its queries).
    for task in tasks {
        let (uri, page, took) = task.await.expect("request task");
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert!(page.body.contains("temporarily unavailable"), "{uri}");
        assert_no_internal_text(&page.body);
        assert!(
            took < Duration::from_secs(2),
            "{uri} took {} ms",
            took.as_millis()
        );
    }

    // Act and assert: the database answers again; so does the app.
    proxy.up();
    recovery(&app).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn the_web_pool_cancels_long_statements_and_the_command_pool_does_not(
    _opts: PgPoolOptions,
    connect: PgConnectOptions,
) {
    // Arrange: the two pools the binary makes, on this test's database.
    let url = format!(
        "postgres://{}@{}:{}/{}",
        connect.get_username(),
        connect.get_host(),
        connect.get_port(),
        connect.get_database().expect("a database")
    );
    let config = Config {
        database_url: url,
        max_connections: 2,
        max_in_flight: 64,
        public_origin: None,
        trust_proxy_hops: 0,
        sign_ups_per_hour: app::db::throttle::MAX_SIGN_UPS_PER_HOUR,
    };
    let web = server::startup::connect_web(&config)
        .await
        .expect("web pool");
    let commands = server::startup::connect(&config).await.expect("pool");

    // Act
    let web_timeout: String = sqlx::query_scalar("show statement_timeout")
        .fetch_one(&web)
        .await
        .expect("show");
    let command_timeout: String = sqlx::query_scalar("show statement_timeout")
        .fetch_one(&commands)
        .await
        .expect("show");
    let slow = sqlx::query("select pg_sleep(2)").execute(&web).await;

    // Assert: the budget on the web pool only; a statement past it is
    // cancelled and reported as "unavailable", not as a bug.
    assert_eq!(web_timeout, "1500ms");
    assert_eq!(command_timeout, "0");
    let err = slow.expect_err("cancelled");
    assert!(app::db::is_unavailable(&err), "{err:?}");
    sqlx::query("select pg_sleep(1.6)")
        .execute(&commands)
        .await
        .expect("no timeout for the command-line tasks");
}
