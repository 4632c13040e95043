//! Accepting connections, with what `axum::serve` does not let us set:
//! - `TCP_NODELAY` on every accepted socket, so a response's last small segment
//!   is not held back waiting for the client's delayed ACK (about 40 ms per
//!   request on a keep-alive connection otherwise);
//! - a header read timeout, so a client that sends half a request line (or sits
//!   idle on a keep-alive connection) is closed instead of holding a socket;
//! - graceful shutdown: on the signal, stop accepting and let requests in
//!   flight finish (up to [`Timeouts::shutdown_grace`]).
//!
//! HTTP/1.1 only, as the server is built (a proxy in front may speak HTTP/2).

use axum::{Router, extract::ConnectInfo};
use hyper::{body::Incoming, server::conn::http1};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
    service::TowerToHyperService,
};
use std::{future::Future, pin::pin, time::Duration};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long the server waits on clients.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To receive a request's whole header block (also the idle limit between
    /// requests on a keep-alive connection).
    pub header_read: Duration,
    /// For requests in flight to finish after the shutdown signal.
    pub shutdown_grace: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then finishes the
/// requests in flight. Each request carries the client's address as
/// `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: back off, keep serving.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
        let service = router
            .clone()
            .map_request(move |mut req: http::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(addr));
                req
            });
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(timeouts.header_read)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tracing::info!("no longer accepting; finishing the requests in flight");
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("every request finished"),
        () = tokio::time::sleep(timeouts.shutdown_grace) => {
            tracing::warn!("requests still running after the grace period; stopping anyway");
        }
    }
}
