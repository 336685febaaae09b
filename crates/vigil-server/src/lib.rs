//! vigil's HTTP server: the dashboard's pages and the JSON API over one store, on loopback
//! unless told otherwise. Every response carries a Content-Security-Policy and the other
//! standard protective headers; nothing the server sends asks the browser to fetch from
//! elsewhere. Requests run their store work on pooled connections under a time budget; the
//! accept loop bounds connections and header time, and stops gracefully on SIGTERM.
//!
//! - [`api`]: the JSON endpoints; [`openapi`] describes them.
//! - [`pages`]: the dashboard (askama templates in `templates/`), [`charts`] its SVG maps and
//!   timelines, [`params`] the query parameters both share.
//! - [`error`]: errors to HTTP statuses and stable codes; [`hosts`]: the `Host` check and the
//!   protective headers; [`state`]: the settings, page cache and connection pool.

mod api;
pub mod charts;
mod error;
mod hosts;
pub mod openapi;
mod page;
pub mod pages;
pub mod params;
mod state;

use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use vigil_app::{Access, Settings};

pub use error::ApiError;
pub use hosts::Hosts;
pub use state::{Abandon, App, Limits, Pooled};

/// Time given to requests in flight to finish after SIGTERM or Ctrl-C.
pub const GRACE: Duration = Duration::from_secs(10);

/// What `vigil serve` is asked for.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: String,
    /// Serve on an address other machines can reach.
    pub allow_remote: bool,
    /// Host names to answer to besides addresses and `localhost`.
    pub allow_host: Vec<String>,
    pub limits: Limits,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0:?} is not an address (use 127.0.0.1:8080)")]
    Address(String),
    #[error(
        "{0} is reachable from other machines; add --allow-remote to serve there (vigil has no accounts yet)"
    )]
    Remote(SocketAddr),
    #[error(transparent)]
    App(#[from] vigil_app::AppError),
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

pub fn router(settings: Settings, hosts: Hosts, deadline: Duration) -> Router {
    let app = Arc::new(App::new(settings, deadline));
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/incidents", get(pages::incidents))
        .route("/incidents.csv", get(pages::incidents_csv))
        .route("/incidents/{id}", get(pages::incident))
        .route("/map", get(pages::map))
        .route("/timeline", get(pages::timeline))
        .route("/groups", get(pages::groups))
        .route("/groups/{name}", get(pages::group))
        .route("/groups/{name}/indicators", get(pages::scorecard))
        .route("/sources", get(pages::sources))
        .route("/documents/{id}", get(pages::document))
        .route("/static/vigil.css", get(pages::stylesheet))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/stats", get(api::stats))
        .route("/api/documents", get(api::documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/search", get(api::search))
        .route("/api/incidents", get(api::incidents))
        .route("/api/incidents/{id}", get(api::incident))
        .route("/api/groups", get(api::groups))
        .route("/api/groups/{name}", get(api::group))
        .route("/api/indicators/{group}", get(api::indicators))
        .route("/api/people", get(api::people))
        .route("/api/sources", get(api::sources))
        .route("/api/brief", get(api::brief))
        .fallback(api::fallback)
        .layer(axum::middleware::from_fn_with_state(Arc::new(hosts), hosts::check_host))
        .layer(axum::middleware::map_response(hosts::protect))
        .with_state(app)
}

/// Serves the store of `settings` until SIGTERM or Ctrl-C. `bound` is told the address
/// listened on once the server accepts connections; returns how many connections were still
/// busy when it stopped.
pub fn run(
    settings: &Settings,
    config: &Config,
    bound: impl FnOnce(SocketAddr),
) -> Result<usize, ServeError> {
    let addr: SocketAddr = config.addr.parse().map_err(|_| ServeError::Address(config.addr.clone()))?;
    if !addr.ip().is_loopback() {
        if !config.allow_remote {
            return Err(ServeError::Remote(addr));
        }
        eprintln!("warning: serving on {addr}: anyone who can reach this machine can read the store");
    }
    // Fail now, not at the first request, when there is no store.
    settings.open(Access::Existing)?;
    let limits = config.limits.clone();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServeError::Runtime)?;
    let router = router(settings.clone(), Hosts::allowing(&config.allow_host), limits.deadline);
    let unfinished = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Listen { addr, source })?;
        bound(listener.local_addr().map_err(|source| ServeError::Listen { addr, source })?);
        Ok::<_, ServeError>(serve(listener, router, &limits, stop_signal()).await)
    })?;
    // Blocking store work of a closed connection stops at its cancelled budget.
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(unfinished)
}

/// Serves connections until `stop` completes, then lets the requests in flight finish (up to
/// [`GRACE`]) and returns how many connections were still open. Each connection holds one of
/// `limits.connections` slots, and one whose headers take longer than
/// `limits.header_timeout` is closed.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: &Limits,
    stop: impl std::future::Future<Output = ()>,
) -> usize {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.connections));
    let (closing, closed) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    let mut stop = pin!(stop);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut stop => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was accepted:
                // wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let mut closed = closed.clone();
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
        connections.spawn(async move {
            let _slot = slot;
            let mut connection = pin!(http.serve_connection(TokioIo::new(stream), service));
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = closed.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = closing.send(true);
    let drained =
        tokio::time::timeout(GRACE, async { while connections.join_next().await.is_some() {} }).await;
    if drained.is_ok() { 0 } else { connections.len() }
}

/// Completes at SIGTERM or Ctrl-C (SIGINT).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            }
            _ => std::future::pending().await,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
