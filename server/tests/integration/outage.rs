//! A database outage and recovery, without restarting the app. A TCP proxy sits
//! between the app's pool and the real Postgres: "down" closes every open
//! connection and refuses new ones, exactly what the app sees when Postgres stops.

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
    cut: watch::Sender<u64>,
}

impl Proxy {
    async fn start(target: (String, u16)) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicBool::new(true));
        let (cut, _) = watch::channel(0u64);
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
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
        Self { port, up, cut }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }

    fn up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn a_database_outage_gives_503_and_recovery_needs_no_restart(
    _opts: PgPoolOptions,
    connect: PgConnectOptions,
) {
    // Arrange: seed directly, then give the app a pool that goes through the proxy.
    let direct = PgPool::connect_with(connect.clone())
        .await
        .expect("direct pool");
    seed_real_data(&direct).await;
    let proxy = Proxy::start((connect.get_host().to_owned(), connect.get_port())).await;
    let config = Config {
        database_url: String::new(),
        max_connections: 4,
    };
    let app_pool = pool_options(&config)
        .connect_with(connect.clone().host("127.0.0.1").port(proxy.port))
        .await
        .expect("pool via proxy");
    let app = router(app_pool);
    assert_eq!(get(&app, "/technologies").await.status, StatusCode::OK);

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
    let back = Instant::now();

    // Assert: 200 again within 5 seconds, same router, same pool.
    loop {
        let status = get(&app, "/technologies").await.status;
        if status == StatusCode::OK {
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(5),
            "still {status} after 5 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    eprintln!(
        "recovered {} ms after the database came back",
        back.elapsed().as_millis()
    );
}
