//! `vigil serve`: the store over HTTP — a JSON API under `/api/` for the queries the command
//! line has, described by an OpenAPI document at `/api/openapi.json`. Binds to loopback
//! unless told otherwise. Every response carries a Content-Security-Policy and the other
//! standard protective headers; nothing the server sends asks the browser to fetch from
//! elsewhere.

use std::net::SocketAddr;
use std::pin::pin;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use vigil_app::Access;
use vigil_store::{Backend, Budget, DocFilter, SearchQuery, StoreError};

use super::Settings;
use super::pages;
use super::params::{Params, day, given};
use crate::cli::{BriefFormat, ServeArgs};
use vigil_app::AppError;
use vigil_app::groups::{Scope, lookup, profile, score};

/// Items a page of the API holds unless `limit` says otherwise.
const DEFAULT_LIMIT: usize = 50;
/// Documents counted for a search's facets.
const FACET_CAP: usize = 2_000;

pub struct App {
    pub settings: Settings,
    pub pages: pages::PageCache,
    /// Connections kept between requests: a fresh one starts with an empty page cache.
    pool: std::sync::Mutex<Vec<Box<dyn Backend>>>,
    /// The time one request may spend in the store.
    deadline: Duration,
}

/// What one client may hold of the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Time in the store per request ([`Budget`]).
    pub deadline: Duration,
    /// Time to send a request's headers.
    pub header_timeout: Duration,
    /// Connections served at once.
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            deadline: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            connections: 256,
        }
    }
}

/// Time given to requests in flight to finish after SIGTERM or Ctrl-C.
const GRACE: Duration = Duration::from_secs(10);

/// Connections kept at most; more are opened under load and closed after their request.
const POOLED: usize = 16;

impl App {
    pub fn new(settings: Settings, deadline: Duration) -> App {
        App { settings, pages: pages::PageCache::default(), pool: Default::default(), deadline }
    }

    /// A budget for one request, and a guard that cancels it when dropped: the handler's
    /// future is dropped when its client goes away, and the store work stops with it.
    pub fn budget(&self) -> (Budget, Abandon) {
        let budget = Budget::new(self.deadline);
        (budget.clone(), Abandon(budget))
    }

    /// A connection to the store for one request, bounded by `budget`, back to the pool when
    /// dropped.
    pub fn store(&self, budget: &Budget) -> Result<Pooled<'_>, AppError> {
        let kept = self.pool.lock().ok().and_then(|mut p| p.pop());
        let store = match kept {
            Some(store) => store,
            None => self.settings.open(Access::Serving)?,
        };
        store.set_budget(Some(budget.clone()))?;
        let store = Pooled { app: self, store: Some(store) };
        // A request that waited its whole budget for a thread is not started.
        if budget.spent() {
            return Err(StoreError::Interrupted.into());
        }
        Ok(store)
    }
}

/// Cancels a request's [`Budget`] when dropped.
pub struct Abandon(Budget);

impl Drop for Abandon {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

pub struct Pooled<'a> {
    app: &'a App,
    store: Option<Box<dyn Backend>>,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = dyn Backend;
    fn deref(&self) -> &(dyn Backend + 'static) {
        self.store.as_deref().expect("present until dropped")
    }
}

impl std::ops::DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut (dyn Backend + 'static) {
        self.store.as_deref_mut().expect("present until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let (Some(store), Ok(mut pool)) = (self.store.take(), self.app.pool.lock())
            && pool.len() < POOLED
        {
            pool.push(store);
        }
    }
}

/// An error as the API reports it: a stable code, a message, and the HTTP status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn bad(parameter: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_parameter",
            message: format!("{parameter}: {}", message.into()),
        }
    }

    fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, code: "not_found", message: message.into() }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound(_) | StoreError::NoIncident(_) => ApiError::not_found(e.to_string()),
            StoreError::Ambiguous(_) => {
                ApiError { status: StatusCode::BAD_REQUEST, code: "ambiguous_id", message: e.to_string() }
            }
            StoreError::Query(_) => {
                ApiError { status: StatusCode::BAD_REQUEST, code: "bad_query", message: e.to_string() }
            }
            StoreError::Interrupted => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "deadline_exceeded",
                message: e.to_string(),
            },
            _ => ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "store_error",
                message: e.to_string(),
            },
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        match e {
            AppError::Store(store) => store.into(),
            e => ApiError { status: StatusCode::BAD_REQUEST, code: "bad_request", message: e.to_string() },
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> ApiError {
        let e = match e.downcast::<StoreError>() {
            Ok(store) => return store.into(),
            Err(e) => e,
        };
        match e.downcast::<AppError>() {
            Ok(app) => app.into(),
            Err(e) => {
                ApiError { status: StatusCode::BAD_REQUEST, code: "bad_request", message: format!("{e:#}") }
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({"error": {"code": self.code, "message": self.message}}));
        (self.status, body).into_response()
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

/// Runs store work off the async threads, on a connection of its own.
async fn blocking<F>(app: Arc<App>, work: F) -> ApiResult
where
    F: FnOnce(&App, &mut dyn Backend) -> Result<Value, ApiError> + Send + 'static,
{
    let (budget, _abandon) = app.budget();
    tokio::task::spawn_blocking(move || {
        let mut store = app.store(&budget)?;
        work(&app, &mut *store)
    })
    .await
    .map_err(|_| ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        code: "internal",
        message: "the request failed".into(),
    })?
    .map(Json)
}

fn paged(items: Vec<Value>, limit: usize, offset: usize) -> Value {
    let next = (items.len() == limit).then_some(offset + limit);
    json!({"items": items, "limit": limit, "offset": offset, "next_offset": next})
}

async fn documents(State(app): State<Arc<App>>, Query(q): Query<Params>) -> ApiResult {
    blocking(app, move |app, store| {
        let filter = q.doc_filter(&app.settings, q.page(DEFAULT_LIMIT)?.0)?;
        let items = store.documents(&filter)?.into_iter().map(|d| json!(d)).collect();
        Ok(paged(items, filter.limit, filter.offset))
    })
    .await
}

async fn search(State(app): State<Arc<App>>, Query(q): Query<Params>) -> ApiResult {
    blocking(app, move |app, store| {
        let text = given(&q.q).map(String::from).ok_or_else(|| ApiError::bad("q", "a query is required"))?;
        let filter = q.doc_filter(&app.settings, q.page(DEFAULT_LIMIT)?.0)?;
        let (limit, offset) = (filter.limit, filter.offset);
        let facets =
            store.facets(Some(&text), &DocFilter { limit: 0, offset: 0, ..filter.clone() }, FACET_CAP)?;
        let hits = store.search(&SearchQuery { text, filter })?;
        let mut out = paged(hits.into_iter().map(|h| json!(h)).collect(), limit, offset);
        out["facets"] = json!(facets);
        Ok(out)
    })
    .await
}

async fn document(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    blocking(app, move |_, store| Ok(json!(store.document(&id)?))).await
}

async fn stats(State(app): State<Arc<App>>) -> ApiResult {
    blocking(app, move |_, store| Ok(json!(store.stats(&DocFilter::default())?))).await
}

async fn incidents(State(app): State<Arc<App>>, Query(q): Query<Params>) -> ApiResult {
    blocking(app, move |app, store| {
        let filter = q.incident_filter(&app.settings, q.page(DEFAULT_LIMIT)?.0)?;
        let items = store.incidents(&filter)?.into_iter().map(|i| json!(i)).collect();
        Ok(paged(items, filter.limit, filter.offset))
    })
    .await
}

async fn incident(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    blocking(app, move |_, store| {
        let id: i64 = id.parse().map_err(|_| ApiError::bad("id", "an incident number"))?;
        let vigil_app::incidents::AssessedIncident { record, assessment } =
            vigil_app::incidents::incident(store, id)?;
        let mut out = json!(record);
        out["assessment"] = json!(assessment);
        Ok(out)
    })
    .await
}

async fn groups(State(app): State<Arc<App>>) -> ApiResult {
    blocking(app, move |app, _| {
        let items: Vec<Value> = app
            .settings
            .knowledge
            .groups
            .iter()
            .map(|g| json!({"id": g.id, "name": g.name, "parent": g.parent, "kind": g.kind}))
            .collect();
        Ok(json!({"items": items}))
    })
    .await
}

async fn group(State(app): State<Arc<App>>, Path(name): Path<String>) -> ApiResult {
    blocking(app, move |app, store| {
        let g = lookup(&app.settings, &name).map_err(|e| ApiError::not_found(format!("{e:#}")))?;
        Ok(json!(profile(store, &app.settings, g)?))
    })
    .await
}

async fn indicators(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
    Query(q): Query<Params>,
) -> ApiResult {
    blocking(app, move |app, store| {
        let g = lookup(&app.settings, &name).map_err(|e| ApiError::not_found(format!("{e:#}")))?;
        let scope = Scope::new(given(&q.region), q.day(false)?)
            .map_err(|e| ApiError::bad("region", format!("{e:#}")))?;
        Ok(json!(score(store, &app.settings, g, &scope)?))
    })
    .await
}

#[derive(Deserialize)]
struct PeopleQuery {
    name: Option<String>,
    limit: Option<String>,
}

async fn people(State(app): State<Arc<App>>, Query(q): Query<PeopleQuery>) -> ApiResult {
    blocking(app, move |_, store| {
        let (limit, _) = Params { limit: q.limit.clone(), ..Params::default() }.page(DEFAULT_LIMIT)?;
        Ok(json!({"items": store.people(q.name.as_deref(), limit, 3)?}))
    })
    .await
}

async fn sources(State(app): State<Arc<App>>) -> ApiResult {
    blocking(app, move |app, store| {
        let profiles = app.settings.sources(store)?;
        Ok(json!({"items": profiles.profiles()}))
    })
    .await
}

#[derive(Deserialize)]
struct BriefQuery {
    group: Option<String>,
    country: Option<String>,
    region: Option<String>,
    since: Option<String>,
    format: Option<String>,
}

async fn brief(State(app): State<Arc<App>>, Query(q): Query<BriefQuery>) -> ApiResult {
    blocking(app, move |app, store| {
        let format = match q.format.as_deref().unwrap_or("md") {
            "md" => BriefFormat::Md,
            "html" => BriefFormat::Html,
            other => return Err(ApiError::bad("format", format!("{other:?}: use md or html"))),
        };
        let place = q.country.as_deref().or(q.region.as_deref());
        if q.group.is_some() == place.is_some() || (q.country.is_some() && q.region.is_some()) {
            return Err(ApiError::bad("group", "give one of group, country or region"));
        }
        let since = day("since", q.since.as_deref(), false)?;
        let (text, cited) =
            super::brief::render(store, &app.settings, q.group.as_deref(), place, since, format)?;
        Ok(json!({"format": q.format.as_deref().unwrap_or("md"), "sources": cited, "text": text}))
    })
    .await
}

async fn openapi() -> Json<Value> {
    Json(openapi_document())
}

/// Headers on every response: no scripts, frames, objects or requests to anywhere else.
async fn protect(mut response: Response) -> Response {
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    set(h, header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(h, header::HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    response
}

async fn fallback() -> ApiError {
    ApiError::not_found("no such endpoint (see /api/openapi.json)")
}

/// The names a `Host` header may give: IP addresses, `localhost` and its subdomains, and the
/// names the analyst allowed. A web page whose own name was made to resolve to this machine
/// (DNS rebinding) sends that name, and is refused: without the check it could read the whole
/// store from the analyst's browser.
#[derive(Debug, Clone, Default)]
pub struct Hosts {
    allowed: Vec<String>,
}

impl Hosts {
    pub fn allowing(names: &[String]) -> Hosts {
        Hosts { allowed: names.iter().map(|n| n.trim_end_matches('.').to_ascii_lowercase()).collect() }
    }

    /// Whether a `Host` header value names this server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        // The port, after the last colon of a name or after the brackets of an IPv6 address.
        let name = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((address, port))
                    if port.is_empty() || port.strip_prefix(':').is_some_and(all_digits) =>
                {
                    return address.parse::<std::net::Ipv6Addr>().is_ok();
                }
                _ => return false,
            },
            None => match host.rsplit_once(':') {
                Some((name, port)) if all_digits(port) => name,
                Some(_) => return false,
                None => host.as_str(),
            },
        };
        let name = name.trim_end_matches('.');
        name.parse::<std::net::Ipv4Addr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || self.allowed.iter().any(|a| a == name)
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Refuses, with 421, a request whose `Host` names no address of this server.
async fn check_host(
    State(hosts): State<Arc<Hosts>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request.headers().get(header::HOST).map(|h| h.to_str().unwrap_or("\u{fffd}"));
    match host {
        Some(host) if !hosts.allows(host) => ApiError {
            status: StatusCode::MISDIRECTED_REQUEST,
            code: "unknown_host",
            message: format!(
                "this server does not answer to the name {:?}; start it with --allow-host NAME to allow a name",
                host.chars().filter(|c| !c.is_control()).take(100).collect::<String>()
            ),
        }
        .into_response(),
        _ => next.run(request).await,
    }
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
        .route("/api/openapi.json", get(openapi))
        .route("/api/stats", get(stats))
        .route("/api/documents", get(documents))
        .route("/api/documents/{id}", get(document))
        .route("/api/search", get(search))
        .route("/api/incidents", get(incidents))
        .route("/api/incidents/{id}", get(incident))
        .route("/api/groups", get(groups))
        .route("/api/groups/{name}", get(group))
        .route("/api/indicators/{group}", get(indicators))
        .route("/api/people", get(people))
        .route("/api/sources", get(sources))
        .route("/api/brief", get(brief))
        .fallback(fallback)
        .layer(axum::middleware::from_fn_with_state(Arc::new(hosts), check_host))
        .layer(axum::middleware::map_response(protect))
        .with_state(app)
}

pub fn run(settings: &Settings, args: ServeArgs) -> Result<ExitCode> {
    let addr: SocketAddr = args
        .addr
        .parse()
        .with_context(|| format!("{:?} is not an address (use 127.0.0.1:8080)", args.addr))?;
    if !addr.ip().is_loopback() {
        if !args.allow_remote {
            bail!(
                "{addr} is reachable from other machines; add --allow-remote to serve there (vigil has no accounts yet)"
            );
        }
        eprintln!("warning: serving on {addr}: anyone who can reach this machine can read the store");
    }
    // Fail now, not at the first request, when there is no store.
    settings.open(Access::Existing)?;
    let limits = Limits {
        deadline: Duration::from_secs_f64(args.deadline),
        header_timeout: Duration::from_secs_f64(args.header_timeout),
        connections: args.max_connections as usize,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let router = router(settings.clone(), Hosts::allowing(&args.allow_host), limits.deadline);
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
        let bound = listener.local_addr()?;
        println!("vigil serve: http://{bound}/ (API description at http://{bound}/api/openapi.json)");
        use std::io::Write as _;
        std::io::stdout().flush()?;
        let unfinished = serve(listener, router, &limits, stop_signal()).await;
        match unfinished {
            0 => eprintln!("vigil serve: stopped"),
            n => eprintln!(
                "vigil serve: stopped; {n} connection(s) still busy after {} s were closed",
                GRACE.as_secs()
            ),
        }
        anyhow::Ok(())
    })?;
    // Blocking store work of a closed connection stops at its cancelled budget.
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(ExitCode::SUCCESS)
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

/// The OpenAPI 3.1 description of the API.
pub fn openapi_document() -> Value {
    let q = |name: &str, description: &str| json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "string"}});
    let int = |name: &str, description: &str| json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "integer", "minimum": 0}});
    let path = |name: &str, description: &str| json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}});
    let paging = [int("limit", "page size, 1 to 500 (default 50)"), int("offset", "items skipped")];
    let doc_filters = [
        q("source", "outlet, exact, any case"),
        q("lang", "ISO 639-1 language code"),
        q("group", "a group's name, alias or id"),
        q("country", "an ISO code or country name"),
        q("since", "YYYY, YYYY-MM or YYYY-MM-DD"),
        q("until", "YYYY, YYYY-MM or YYYY-MM-DD"),
        q("link", "documents reporting an attack with this link level"),
        q("type", "documents reporting an attack of this type"),
        q(
            "indicator",
            "documents with evidence for this indicator (central_command, training_pipeline, financing, territorial_claim)",
        ),
    ];
    let ok = |description: &str| json!({"200": {"description": description, "content": {"application/json": {}}}, "400": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}});
    let op = |summary: &str, params: Vec<Value>, description: &str| json!({"get": {"summary": summary, "parameters": params, "responses": ok(description)}});
    let with = |mut v: Vec<Value>, more: &[Value]| {
        v.extend(more.iter().cloned());
        v
    };
    json!({
        "openapi": "3.1.0",
        "info": {"title": "vigil", "version": env!("CARGO_PKG_VERSION"), "description": "Incidents, documents, groups and assessments of a vigil store. Errors are {\"error\": {\"code\", \"message\"}} with codes bad_parameter, bad_query, bad_request, ambiguous_id, not_found, store_error, internal."},
        "paths": {
            "/api/stats": op("Counts by source, language, group, country and month", vec![], "statistics"),
            "/api/documents": op("Documents, newest first", with(doc_filters.to_vec(), &paging), "a page of documents"),
            "/api/documents/{id}": op("One document with its facts", vec![path("id", "document id or a prefix of 4+ characters")], "the document"),
            "/api/search": op("Full-text search with the filters of /api/documents", with(with(vec![json!({"name": "q", "in": "query", "required": true, "schema": {"type": "string"}, "description": "the query language of vigil search"})], &doc_filters), &paging), "a page of hits with highlighted snippets, and facet counts (group, country, attack type, link, indicator, source, language, year) over the first 2,000 matching documents"),
            "/api/incidents": op("Incidents, most recent first", with(vec![q("group", "a group and its branches"), q("country", "ISO code or name"), q("link", "directed, enabled, inspired, claimed, alleged or unknown"), q("type", "attack type"), q("since", "incident date on or after"), q("until", "incident date on or before"), q("sort", "date, killed, injured, sources, country, perpetrator, type or link"), q("dir", "desc (default) or asc")], &paging), "a page of incidents"),
            "/api/incidents/{id}": op("One incident with its assessment: field histories, rules, credibility, sources", vec![path("id", "incident number")], "the incident"),
            "/api/groups": op("The groups of the knowledge file", vec![], "groups"),
            "/api/groups/{name}": op("A group's profile, every line cited", vec![path("name", "name, alias or id")], "the profile"),
            "/api/indicators/{group}": op("A group's resurgence scorecard", vec![path("group", "name, alias or id"), q("region", "a country or named region"), q("since", "evidence and incidents on or after")], "the scorecard"),
            "/api/people": op("People across documents", vec![q("name", "part of a name"), int("limit", "at most, 1 to 500")], "people"),
            "/api/sources": op("Source profiles and their grades", vec![], "profiles"),
            "/api/brief": op("A cited brief", vec![q("group", "a group"), q("country", "a country"), q("region", "a named region"), q("since", "what changed since"), q("format", "md or html")], "the brief's text and the number of sources cited"),
            "/api/openapi.json": op("This description", vec![], "OpenAPI 3.1"),
        },
        "components": {"responses": {"Error": {"description": "an error with a stable code", "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}}}}}},
    })
}

#[cfg(test)]
mod tests {
    use super::Hosts;

    #[test]
    fn hosts_are_addresses_localhost_and_the_names_allowed() {
        let hosts = Hosts::allowing(&["Vigil.Example.org.".to_string()]);
        for ok in [
            "127.0.0.1:8080",
            "10.1.2.3",
            "[::1]:8080",
            "[::1]",
            "localhost",
            "app.localhost:80",
            "vigil.example.org",
            "VIGIL.example.org:443",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "[::1",
            "[::1]x",
            "localhost:x",
            "",
            "vigil.example",
        ] {
            assert!(!hosts.allows(refused), "{refused}");
        }
    }
}
