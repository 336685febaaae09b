//! The dashboard of `vigil serve`: server-rendered pages over the same store queries as the
//! command line and the JSON API. No page runs a script; sorting, filtering and paging are
//! links and forms, so every page works from the keyboard and with scripts off. Source text
//! reaches the markup only through askama's escaping or [`crate::output::html`].

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use vigil_core::LinkLevel;
use vigil_store::{
    Backend, DocFilter, IncidentFilter, IncidentRecord, IncidentSort, MarkedSpan, SearchQuery,
};

use crate::charts::{self, Point, Series};
use crate::error::ApiError;
use crate::page::Page;
use crate::params::{Params, given, href};
use crate::state::App;
use vigil_app::filters::LINKS;
use vigil_app::groups::{Scope, lookup, profile_citing, score};
use vigil_export::escape::html as esc;

/// Rows per page of the incident table and of search results.
const ROWS: usize = 50;
const HITS: usize = 20;
/// Documents counted for the search facets.
const FACET_CAP: usize = 2_000;
/// Incidents drawn on the map at most, the largest first.
const MAP_POINTS: usize = 2_000;
/// Characters of a document shown with highlights (longer ones are cut, with a note).
const DOC_CHARS: usize = 200_000;

const NAV: [(&str, &str); 7] = [
    ("/", "Overview"),
    ("/search", "Search"),
    ("/incidents", "Incidents"),
    ("/map", "Map"),
    ("/timeline", "Timeline"),
    ("/groups", "Groups"),
    ("/sources", "Sources"),
];

#[derive(Template)]
#[template(path = "layout.html")]
struct Layout<'a> {
    title: &'a str,
    nav: Vec<(&'static str, &'static str, bool)>,
    q: &'a str,
    body: &'a str,
    version: &'static str,
}

/// A page's error: the status and a sentence for the analyst.
pub struct PageError {
    status: StatusCode,
    message: String,
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError { status: e.status, message: e.message }
    }
}

impl From<vigil_store::StoreError> for PageError {
    fn from(e: vigil_store::StoreError) -> PageError {
        ApiError::from(e).into()
    }
}

impl From<vigil_app::AppError> for PageError {
    fn from(e: vigil_app::AppError) -> PageError {
        ApiError::from(e).into()
    }
}

impl From<vigil_export::ExportError> for PageError {
    fn from(e: vigil_export::ExportError) -> PageError {
        ApiError::from(e).into()
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> PageError {
        PageError { status: StatusCode::INTERNAL_SERVER_ERROR, message: format!("the page failed: {e}") }
    }
}

fn bad(message: impl Into<String>) -> PageError {
    PageError { status: StatusCode::BAD_REQUEST, message: message.into() }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorBody<'a> {
    heading: &'a str,
    message: &'a str,
}

fn wrap(page: &Page) -> Response {
    let nav = NAV.iter().map(|(href, label)| (*href, *label, *href == page.section)).collect();
    let layout =
        Layout { title: &page.title, nav, q: &page.q, body: &page.body, version: env!("CARGO_PKG_VERSION") };
    match layout.render() {
        Ok(html) => (page.status, Html(html)).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("the page failed: {e}")).into_response(),
    }
}

fn error_page(e: PageError) -> Response {
    let heading = if e.status == StatusCode::NOT_FOUND { "Not found" } else { "Cannot show this page" };
    let body = ErrorBody { heading, message: &e.message }.render().unwrap_or_default();
    let mut page = Page::new(heading, "", body);
    page.status = e.status;
    wrap(&page)
}

/// Runs a page's store work off the async threads, on a connection of its own.
async fn render<F>(app: Arc<App>, work: F) -> Response
where
    F: FnOnce(&App, &mut dyn Backend) -> Result<Page, PageError> + Send + 'static,
{
    render_with(app, None, work).await
}

/// [`render`], keeping the page under `cache`'s key and store version when it renders.
async fn render_with<F>(
    app: Arc<App>,
    cache: Option<(String, Option<vigil_app::StoreVersion>)>,
    work: F,
) -> Response
where
    F: FnOnce(&App, &mut dyn Backend) -> Result<Page, PageError> + Send + 'static,
{
    let (budget, _abandon) = app.budget();
    let done = tokio::task::spawn_blocking(move || {
        let mut store = app.store(&budget)?;
        let page = Arc::new(work(&app, &mut *store)?);
        if let Some((key, version)) = cache
            && page.status == StatusCode::OK
        {
            app.pages.keep(key, version, page.clone());
        }
        Ok(page)
    })
    .await;
    answer(done, |page| wrap(&page))
}

/// The response to a page's blocking work: `ok` of what it made, or the error page.
fn answer<T>(
    done: Result<Result<T, PageError>, tokio::task::JoinError>,
    ok: impl FnOnce(T) -> Response,
) -> Response {
    match done {
        Ok(Ok(made)) => ok(made),
        Ok(Err(e)) => error_page(e),
        Err(_) => error_page(PageError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "the request failed".into(),
        }),
    }
}

/// [`render`] through the cache, under `key` (the page's path and query).
async fn render_cached<F>(app: Arc<App>, key: String, work: F) -> Response
where
    F: FnOnce(&App, &mut dyn Backend) -> Result<Page, PageError> + Send + 'static,
{
    let version = app.settings.store.version();
    // The page is taken out of the cache (a shared pointer) and wrapped after the lock is let go.
    if let Some(page) = app.pages.get(&key, &version) {
        return wrap(&page);
    }
    render_with(app, version.is_some().then_some((key, version)), work).await
}

fn key(path: &str, q: &Params) -> String {
    href(path, &q.pairs())
}

fn group_options(app: &App, selected: Option<&str>) -> Vec<(String, String, bool)> {
    let chosen = selected.and_then(|s| app.settings.knowledge.resolve(s)).map(|g| g.id.clone());
    let mut groups: Vec<(String, String, bool)> = app
        .settings
        .knowledge
        .groups
        .iter()
        .map(|g| (g.id.clone(), g.name.clone(), Some(&g.id) == chosen.as_ref()))
        .collect();
    groups.sort_by_key(|a| a.1.to_lowercase());
    groups
}

fn or_dash(v: Option<&str>) -> String {
    v.filter(|v| !v.is_empty()).unwrap_or("—").to_string()
}

fn count(value: Option<u64>, qualifier: Option<&str>) -> String {
    match (value, qualifier) {
        (Some(v), Some(q)) if !q.is_empty() => format!("{q} {v}"),
        (Some(v), _) => v.to_string(),
        (None, _) => String::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Highlighting

/// `text` (the characters from `base` of a document) as HTML with the spans that fall in
/// it marked by kind. Spans nest; one that crosses the end of an enclosing span is cut there.
pub fn highlight(text: &str, base: usize, spans: &[MarkedSpan]) -> String {
    let end_of_text = base + text.chars().count();
    let mut todo: Vec<&MarkedSpan> =
        spans.iter().filter(|s| s.end > base && s.start < end_of_text && s.end > s.start).collect();
    todo.sort_by(|a, b| a.start.max(base).cmp(&b.start.max(base)).then(b.end.cmp(&a.end)));
    let mut next = todo.into_iter().peekable();
    let mut open: Vec<usize> = Vec::new();
    let mut out = String::with_capacity(text.len() * 5 / 4);
    let mut buf = [0u8; 4];
    for (i, c) in text.chars().enumerate() {
        let at = base + i;
        while open.last().is_some_and(|&e| e <= at) {
            open.pop();
            out.push_str("</span>");
        }
        while let Some(s) = next.next_if(|s| s.start.max(base) <= at) {
            let end = open.last().map_or(s.end, |&e| s.end.min(e));
            if end <= at {
                continue;
            }
            out.push_str(&format!("<span class=\"m m-{}\" title=\"{}: {}\">", s.kind, s.kind, esc(&s.label)));
            open.push(end);
        }
        out.push_str(&esc(c.encode_utf8(&mut buf)));
    }
    for _ in open {
        out.push_str("</span>");
    }
    out
}

/// A snippet with its highlighted character ranges as `<mark>`.
fn marked(snippet: &str, ranges: &[[usize; 2]]) -> String {
    let mut out = String::new();
    let mut buf = [0u8; 4];
    for (i, c) in snippet.chars().enumerate() {
        if ranges.iter().any(|r| r[0] == i) {
            out.push_str("<mark>");
        }
        out.push_str(&esc(c.encode_utf8(&mut buf)));
        if ranges.iter().any(|r| r[1] == i + 1) {
            out.push_str("</mark>");
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Overview

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    documents: u64,
    near_duplicates: u64,
    incidents: u64,
    sources: usize,
    groups: usize,
    last_run: Option<String>,
    latest: Vec<Row>,
    top_groups: Vec<(String, String, u64)>,
    top_countries: Vec<(String, String, u64)>,
}

pub async fn home(State(app): State<Arc<App>>) -> Response {
    render_cached(app, "/".into(), |app, store| {
        let stats = store.stats(&DocFilter { limit: 0, ..DocFilter::default() })?;
        let latest = store.incidents(&IncidentFilter { limit: 10, ..IncidentFilter::default() })?;
        let k = &app.settings.knowledge;
        let body = Home {
            documents: stats.documents,
            near_duplicates: stats.near_duplicates,
            incidents: store.count_incidents(&IncidentFilter::default())?,
            sources: stats.by_source.len(),
            groups: stats.by_group.len(),
            last_run: stats
                .last_run
                .as_ref()
                .map(|r| format!("{} — {} stored, {} failed", r.started_at, r.ingested, r.failed)),
            latest: latest.iter().map(|r| Row::of(app, r)).collect(),
            top_groups: stats
                .by_group
                .iter()
                .take(8)
                .map(|c| (format!("/groups/{}", c.key), k.display_name(&c.key), c.documents))
                .collect(),
            top_countries: stats
                .by_country
                .iter()
                .take(8)
                .map(|c| {
                    (
                        href("/search", &[("country", c.key.clone())]),
                        vigil_extract::places::country_label(&c.key),
                        c.documents,
                    )
                })
                .collect(),
        }
        .render()?;
        Ok(Page::new("Overview", "/", body))
    })
    .await
}

// ---------------------------------------------------------------------------------------
// Search

/// Links to the previous and next pages, and which items this page shows.
struct Pager {
    prev: Option<String>,
    next: Option<String>,
    shown: String,
}

struct FacetLink {
    href: String,
    label: String,
    count: u64,
    active: bool,
}

struct FacetView {
    title: &'static str,
    param: &'static str,
    links: Vec<FacetLink>,
}

struct HitView {
    id: String,
    title: String,
    source: String,
    published: String,
    language: String,
    duplicate: Option<String>,
    snippet: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchBody {
    q: String,
    since: String,
    until: String,
    hidden: Vec<(&'static str, String)>,
    active: Vec<(String, String)>,
    facets: Vec<FacetView>,
    counted: u64,
    truncated: bool,
    error: Option<String>,
    hits: Vec<HitView>,
    pager: Pager,
}

pub async fn search(State(app): State<Arc<App>>, Query(pq): Query<Params>) -> Response {
    render(app, move |app, store| {
        let filter = pq.doc_filter(&app.settings, HITS)?;
        let text = given(&pq.q).map(String::from);
        let k = &app.settings.knowledge;
        let (hits, facets, error) = match search_hits(store, text.as_deref(), &filter) {
            Ok(found) => found,
            Err(e) => (Vec::new(), Default::default(), Some(e.message)),
        };
        let label = |param: &str, key: &str| match param {
            "group" => k.display_name(key),
            "country" => vigil_extract::places::country_label(key),
            _ => key.to_string(),
        };
        let facet = |title: &'static str, param: &'static str, counts: &[vigil_store::KeyCount]| {
            let current = pq.pairs().into_iter().find(|(k, _)| *k == param).map(|(_, v)| v);
            FacetView {
                title,
                param,
                links: counts
                    .iter()
                    .map(|c| {
                        let active = current.as_deref().is_some_and(|v| {
                            v.eq_ignore_ascii_case(&c.key)
                                || (param == "group" && k.resolve(v).is_some_and(|g| g.id == c.key))
                        });
                        FacetLink {
                            href: pq.with("/search", param, if active { None } else { Some(&c.key) }),
                            label: label(param, &c.key),
                            count: c.documents,
                            active,
                        }
                    })
                    .collect(),
            }
        };
        let facet_views = vec![
            facet("Group", "group", &facets.group),
            facet("Country", "country", &facets.country),
            facet("Attack type", "type", &facets.attack_type),
            facet("Link level", "link", &facets.link),
            facet("Indicator", "indicator", &facets.indicator),
            facet("Source", "source", &facets.source),
            facet("Language", "lang", &facets.language),
        ];
        let active = pq
            .pairs()
            .into_iter()
            .filter(|(k, _)| !matches!(*k, "q" | "offset" | "sort" | "dir" | "by" | "since" | "until"))
            .map(|(name, v)| (format!("{name}: {}", label(name, &v)), pq.with("/search", name, None)))
            .collect();
        let hidden = pq
            .pairs()
            .into_iter()
            .filter(|(k, _)| !matches!(*k, "q" | "offset" | "since" | "until"))
            .collect();
        let offset = filter.offset;
        let shown =
            if hits.is_empty() { String::new() } else { format!("{}–{}", offset + 1, offset + hits.len()) };
        let next =
            (hits.len() == HITS).then(|| pq.with("/search", "offset", Some(&(offset + HITS).to_string())));
        let prev = (offset > 0)
            .then(|| pq.with("/search", "offset", Some(&offset.saturating_sub(HITS).to_string())));
        let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
        let body = SearchBody {
            q: text.clone().unwrap_or_default(),
            since: given(&pq.since).unwrap_or("").to_string(),
            until: given(&pq.until).unwrap_or("").to_string(),
            hidden,
            active,
            facets: facet_views,
            counted: facets.counted,
            truncated: facets.truncated,
            error,
            hits,
            pager: Pager { prev, next, shown },
        }
        .render()?;
        let title = text.as_deref().map_or("Documents".to_string(), |t| format!("Search: {t}"));
        let mut page = Page::new(title, "/search", body);
        page.q = text.unwrap_or_default();
        page.status = status;
        Ok(page)
    })
    .await
}

fn search_hits(
    store: &dyn Backend,
    text: Option<&str>,
    filter: &DocFilter,
) -> Result<(Vec<HitView>, vigil_store::Facets, Option<String>), PageError> {
    let view = |d: &vigil_store::DocSummary, snippet: String| HitView {
        id: d.id.to_string(),
        title: d.title.clone().unwrap_or_else(|| "(untitled)".into()),
        source: d.source.clone(),
        published: d.published.as_deref().map_or("undated".into(), |p| p.chars().take(10).collect()),
        language: d.language.clone(),
        duplicate: d.near_duplicate_of.as_ref().map(|id| id.to_string()),
        snippet,
    };
    let hits = match text {
        Some(t) => store
            .search(&SearchQuery { text: t.to_string(), filter: filter.clone() })?
            .iter()
            .map(|h| view(&h.doc, marked(&h.snippet, &h.highlights)))
            .collect(),
        None => store.documents(filter)?.iter().map(|d| view(d, String::new())).collect(),
    };
    let facets = store.facets(text, &DocFilter { limit: 0, offset: 0, ..filter.clone() }, FACET_CAP)?;
    Ok((hits, facets, None))
}

// ---------------------------------------------------------------------------------------
// Incidents

struct Row {
    id: i64,
    date: String,
    place: String,
    country: String,
    attack_type: String,
    perpetrator: String,
    killed: String,
    injured: String,
    link: String,
    sources: u64,
    flags: u64,
}

impl Row {
    fn of(app: &App, r: &IncidentRecord) -> Row {
        Row {
            id: r.id.unwrap_or_default(),
            date: r.date.clone().unwrap_or_else(|| "undated".into()),
            // A place that is only the country (its code) is left to the country column.
            place: r
                .place
                .clone()
                .or_else(|| r.city.clone())
                .filter(|p| r.country.as_deref() != Some(p.as_str()))
                .unwrap_or_default(),
            country: r.country.as_deref().map(vigil_extract::places::country_label).unwrap_or_default(),
            attack_type: r.attack_type.clone().unwrap_or_default(),
            perpetrator: r
                .perpetrator
                .as_deref()
                .map_or("unknown".into(), |p| app.settings.knowledge.display_name(p)),
            killed: count(r.killed, r.killed_qualifier.as_deref()),
            injured: count(r.injured, r.injured_qualifier.as_deref()),
            link: r.link.to_string(),
            sources: r.sources,
            flags: r.flags,
        }
    }
}

struct Header {
    label: &'static str,
    href: String,
    aria: &'static str,
    arrow: &'static str,
    numeric: bool,
}

struct FormValues {
    country: String,
    attack_type: String,
    since: String,
    until: String,
    sort: String,
    dir: String,
}

#[derive(Template)]
#[template(path = "incidents.html")]
struct IncidentsBody {
    groups: Vec<(String, String, bool)>,
    links: Vec<(&'static str, bool)>,
    form: FormValues,
    total: u64,
    csv: String,
    map: String,
    timeline: String,
    error: Option<String>,
    headers: Vec<Header>,
    rows: Vec<Row>,
    pager: Pager,
}

pub async fn incidents(State(app): State<Arc<App>>, Query(pq): Query<Params>) -> Response {
    render(app, move |app, store| {
        let filter = pq.incident_filter(&app.settings, ROWS)?;
        let total = store.count_incidents(&filter)?;
        let records = store.incidents(&filter)?;
        let columns: [(&'static str, IncidentSort, bool); 8] = [
            ("Date", IncidentSort::Date, false),
            ("Country", IncidentSort::Country, false),
            ("Type", IncidentSort::Type, false),
            ("Perpetrator", IncidentSort::Perpetrator, false),
            ("Killed", IncidentSort::Killed, true),
            ("Injured", IncidentSort::Injured, true),
            ("Link", IncidentSort::Link, false),
            ("Sources", IncidentSort::Sources, true),
        ];
        let headers = columns
            .iter()
            .map(|(label, sort, numeric)| {
                let current = filter.sort == *sort;
                // A second select reverses; a first sorts numbers and dates largest first and
                // names from A.
                let ascending =
                    if current { !filter.ascending } else { !(*numeric || *sort == IncidentSort::Date) };
                let mut q = pq.clone();
                q.sort = Some(sort.name().to_string());
                q.dir = Some(if ascending { "asc" } else { "desc" }.to_string());
                q.offset = None;
                Header {
                    label,
                    href: href("/incidents", &q.pairs()),
                    aria: match (current, filter.ascending) {
                        (false, _) => "none",
                        (true, true) => "ascending",
                        (true, false) => "descending",
                    },
                    arrow: match (current, filter.ascending) {
                        (false, _) => "",
                        (true, true) => " ▲",
                        (true, false) => " ▼",
                    },
                    numeric: *numeric,
                }
            })
            .collect();
        let offset = filter.offset;
        let mut csv_q = pq.clone();
        csv_q.offset = None;
        let body = IncidentsBody {
            groups: group_options(app, given(&pq.group)),
            links: LINKS.iter().map(|l| (*l, given(&pq.link) == Some(*l))).collect(),
            form: FormValues {
                country: given(&pq.country).unwrap_or("").into(),
                attack_type: given(&pq.attack_type).unwrap_or("").into(),
                since: given(&pq.since).unwrap_or("").into(),
                until: given(&pq.until).unwrap_or("").into(),
                sort: filter.sort.name().into(),
                dir: if filter.ascending { "asc" } else { "desc" }.into(),
            },
            total,
            csv: href("/incidents.csv", &csv_q.pairs()),
            map: pq.with("/map", "sort", None),
            timeline: pq.with("/timeline", "sort", None),
            error: None,
            headers,
            rows: records.iter().map(|r| Row::of(app, r)).collect(),
            pager: Pager {
                prev: (offset > 0)
                    .then(|| pq.with("/incidents", "offset", Some(&offset.saturating_sub(ROWS).to_string()))),
                next: (offset + ROWS < total as usize)
                    .then(|| pq.with("/incidents", "offset", Some(&(offset + ROWS).to_string()))),
                shown: if records.is_empty() {
                    String::new()
                } else {
                    format!("{}–{} of {total}", offset + 1, offset + records.len())
                },
            },
        }
        .render()?;
        Ok(Page::new("Incidents", "/incidents", body))
    })
    .await
}

/// The incident table's current view (filters and order, every page) as the CSV of
/// `vigil export --format csv`.
pub async fn incidents_csv(State(app): State<Arc<App>>, Query(pq): Query<Params>) -> Response {
    let (budget, _abandon) = app.budget();
    let done = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, PageError> {
        let store = app.store(&budget)?;
        let mut filter = pq.incident_filter(&app.settings, vigil_export::PAGE)?;
        filter.offset = 0;
        let mut out = Vec::new();
        vigil_export::csv_of(&*store, &app.settings.knowledge, filter, &mut out)?;
        Ok(out)
    })
    .await;
    answer(done, |csv| {
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"vigil-incidents.csv\""),
            ],
            csv,
        )
            .into_response()
    })
}

struct HistoryView {
    value: String,
    doc: String,
    source: String,
    grade: &'static str,
    published: String,
}

struct FieldView {
    field: String,
    current: String,
    credibility: String,
    reason: String,
    contested: bool,
    uncorroborated: bool,
    history: Vec<HistoryView>,
}

struct SourceView {
    doc: String,
    title: String,
    source: String,
    published: String,
    grade: &'static str,
    grade_note: String,
    counts_as: String,
    named_sourcing: Option<String>,
    evidence: Vec<String>,
}

#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentBody {
    heading: String,
    flags: Vec<String>,
    facts: Vec<(&'static str, String)>,
    map: String,
    map_caption: String,
    fields: Vec<FieldView>,
    independent: usize,
    sources: Vec<SourceView>,
}

const CREDIBILITY: [&str; 6] =
    ["1 confirmed", "2 probably true", "3 possibly true", "4 doubtful", "5 improbable", "6 cannot be judged"];

pub async fn incident(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    render(app, move |app, store| {
        let id: i64 = id.parse().map_err(|_| bad(format!("{id:?} is not an incident number")))?;
        let vigil_app::incidents::AssessedIncident { record, assessment: a } =
            vigil_app::incidents::incident(store, id)?;
        let k = &app.settings.knowledge;
        let c = &a.current;
        let place = [c.place.as_deref(), c.city.as_deref()]
            .into_iter()
            .flatten()
            .next()
            .map(String::from)
            .or_else(|| c.country.as_deref().map(vigil_extract::places::country_label))
            .unwrap_or_else(|| "unknown place".into());
        let heading = format!(
            "#{id} {} in {place}, {}",
            c.attack_type.as_deref().unwrap_or("attack"),
            c.date.as_deref().unwrap_or("undated")
        );
        let perpetrator = c.perpetrator.as_deref().map_or("unknown".into(), |p| k.display_name(p));
        let facts = vec![
            ("Date", format!("{} ({})", or_dash(c.date.as_deref()), or_dash(c.date_precision.as_deref()))),
            ("Place", or_dash(c.place.as_deref())),
            ("City", or_dash(c.city.as_deref())),
            ("Country", c.country.as_deref().map_or("—".into(), vigil_extract::places::country_label)),
            ("Attack type", or_dash(c.attack_type.as_deref())),
            ("Weapons", if c.weapons.is_empty() { "—".into() } else { c.weapons.join(", ") }),
            ("Target", or_dash(c.target.as_deref())),
            ("Perpetrator", perpetrator),
            (
                "Killed",
                or_dash(Some(&count(
                    c.killed.as_ref().map(|k| k.value),
                    c.killed.as_ref().and_then(|k| k.qualifier.as_deref()),
                ))),
            ),
            (
                "Injured",
                or_dash(Some(&count(
                    c.injured.as_ref().map(|k| k.value),
                    c.injured.as_ref().and_then(|k| k.qualifier.as_deref()),
                ))),
            ),
            ("Link level", c.link.to_string()),
            ("Sources", format!("{} independent, {} reports", a.independent_sources, record.reports)),
            (
                "Reported",
                format!(
                    "{} to {}",
                    or_dash(a.first_reported.as_deref()),
                    or_dash(a.last_reported.as_deref())
                ),
            ),
        ];
        let (map, map_caption) = match (c.lat, c.lon) {
            (Some(lat), Some(lon)) => {
                (charts::mini_map(lat, lon, &place), format!("{place} ({lat:.2}, {lon:.2})"))
            }
            _ => (String::new(), "No coordinates for this incident.".into()),
        };
        let fields = a
            .fields
            .iter()
            .map(|f| FieldView {
                field: f.field.replace('_', " "),
                current: match (f.field.as_str(), f.current.as_deref()) {
                    ("perpetrator", Some(id)) => k.display_name(id),
                    (_, v) => or_dash(v),
                },
                credibility: f
                    .credibility
                    .and_then(|c| CREDIBILITY.get(usize::from(c).wrapping_sub(1)))
                    .map_or(String::new(), |s| s.to_string()),
                reason: [Some(f.reason.as_str()), f.credibility_reason.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
                contested: f.contested,
                uncorroborated: f.uncorroborated,
                history: f
                    .history
                    .iter()
                    .map(|h| HistoryView {
                        value: if f.field == "perpetrator" {
                            k.display_name(&h.value)
                        } else {
                            h.value.clone()
                        },
                        doc: h.doc.clone(),
                        source: h.source.clone(),
                        grade: h.grade.as_str(),
                        published: h.published.clone().unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        let mut sources = Vec::new();
        for s in &a.sources {
            let mut evidence = Vec::new();
            if let Some(doc) = vigil_core::DocId::parse(&s.doc) {
                let spans = store.spans(&doc).unwrap_or_default();
                for e in &s.evidence {
                    if let Some(cite) = store.citation(&doc, e.start, e.end)? {
                        evidence.push(highlight(&cite.sentence, e.start, &spans));
                    }
                }
            }
            sources.push(SourceView {
                doc: s.doc.clone(),
                title: s.title.clone().unwrap_or_else(|| "(untitled)".into()),
                source: s.source.clone(),
                published: s.published.clone().unwrap_or_else(|| "undated".into()),
                grade: s.grade.as_str(),
                grade_note: s.grade_note.clone(),
                counts_as: s.counts_as.clone(),
                named_sourcing: s.named_sourcing.clone(),
                evidence,
            });
        }
        let body = IncidentBody {
            heading: heading.clone(),
            flags: a.flags.clone(),
            facts,
            map,
            map_caption,
            fields,
            independent: a.independent_sources,
            sources,
        }
        .render()?;
        Ok(Page::new(heading, "/incidents", body))
    })
    .await
}

// ---------------------------------------------------------------------------------------
// Map and timeline

/// An option of a select: value, label, selected.
type Choice = (&'static str, &'static str, bool);

#[derive(Template)]
#[template(path = "chart.html")]
struct ChartBody {
    heading: &'static str,
    action: &'static str,
    groups: Vec<(String, String, bool)>,
    country: String,
    since: String,
    until: String,
    choices: Vec<(&'static str, Vec<Choice>)>,
    error: Option<String>,
    svg: String,
    caption: String,
    legend: Vec<(&'static str, String)>,
    table_head: Vec<String>,
    table: Vec<Vec<String>>,
}

impl ChartBody {
    fn new(app: &App, pq: &Params, heading: &'static str, action: &'static str) -> ChartBody {
        ChartBody {
            heading,
            action,
            groups: group_options(app, given(&pq.group)),
            country: given(&pq.country).unwrap_or("").into(),
            since: given(&pq.since).unwrap_or("").into(),
            until: given(&pq.until).unwrap_or("").into(),
            choices: Vec::new(),
            error: None,
            svg: String::new(),
            caption: String::new(),
            legend: Vec::new(),
            table_head: Vec::new(),
            table: Vec::new(),
        }
    }
}

fn link_legend() -> Vec<(&'static str, String)> {
    LINKS.iter().map(|l| (charts::link_color(LinkLevel::of(l)), l.to_string())).collect()
}

pub async fn map(State(app): State<Arc<App>>, Query(pq): Query<Params>) -> Response {
    render_cached(app, key("/map", &pq), move |app, store| {
        let mut filter = pq.incident_filter(&app.settings, MAP_POINTS)?;
        filter.sort = IncidentSort::Killed;
        filter.ascending = false;
        filter.offset = 0;
        let total = store.count_incidents(&filter)?;
        let records = store.incidents(&filter)?;
        let k = &app.settings.knowledge;
        let points: Vec<Point> = records
            .iter()
            .filter_map(|r| {
                let (lat, lon) = (r.lat?, r.lon?);
                let casualties = r.killed.unwrap_or(0) + r.injured.unwrap_or(0);
                let row = Row::of(app, r);
                Some(Point {
                    lat,
                    lon,
                    casualties,
                    color: charts::link_color(r.link),
                    label: format!(
                        "#{} {} {} in {}: {} killed, {} injured, {} ({})",
                        row.id,
                        row.date,
                        row.attack_type,
                        if row.place.is_empty() { &row.country } else { &row.place },
                        if row.killed.is_empty() { "?" } else { &row.killed },
                        if row.injured.is_empty() { "?" } else { &row.injured },
                        row.link,
                        r.perpetrator.as_deref().map_or("unknown".into(), |p| k.display_name(p)),
                    ),
                    href: format!("/incidents/{}", row.id),
                })
            })
            .collect();
        let mut body = ChartBody::new(app, &pq, "Map of incidents", "/map");
        body.svg = charts::world_map(&points, "World map of incidents, sized by casualties");
        body.caption = format!(
            "{} of {total} incidents drawn (the {} with coordinates among the largest {}); circle area grows with killed and injured; colour is the link level. Select a circle to open the incident.",
            points.len(),
            points.len(),
            records.len()
        );
        body.legend = link_legend();
        body.table_head = ["Incident", "Place", "Killed + injured", "Link"].map(String::from).to_vec();
        body.table = points
            .iter()
            .take(200)
            .map(|p| {
                vec![
                    format!("<a href=\"{}\">{}</a>", esc(&p.href), esc(&p.label)),
                    format!("{:.2}, {:.2}", p.lat, p.lon),
                    p.casualties.to_string(),
                    esc(LINKS.iter().find(|l| charts::link_color(LinkLevel::of(l)) == p.color).unwrap_or(&"unknown")),
                ]
            })
            .collect();
        Ok(Page::new("Map", "/map", body.render()?))
    })
    .await
}

pub async fn timeline(State(app): State<Arc<App>>, Query(pq): Query<Params>) -> Response {
    render_cached(app, key("/timeline", &pq), move |app, store| {
        let filter = pq.incident_filter(&app.settings, 0)?;
        let by = match given(&pq.by) {
            None | Some("group") | Some("perpetrator") => "perpetrator",
            Some("link") => "link",
            Some(other) => return Err(bad(format!("by: {other:?} (use group or link)"))),
        };
        let months = store.incident_months(&filter, by)?;
        let k = &app.settings.knowledge;
        let mut totals: HashMap<&str, u64> = HashMap::new();
        for m in &months {
            *totals.entry(m.key.as_str()).or_default() += m.incidents;
        }
        // Series: link levels in their fixed order; groups, the eight with most incidents and
        // the rest as "other groups".
        let mut series: Vec<Series> = Vec::new();
        let mut key_of: HashMap<String, String> = HashMap::new();
        if by == "link" {
            for l in LINKS {
                if totals.contains_key(l) {
                    series.push(Series {
                        key: l.into(),
                        label: l.into(),
                        color: charts::link_color(LinkLevel::of(l)),
                    });
                }
            }
        } else {
            let mut ranked: Vec<(&str, u64)> = totals.iter().map(|(k, v)| (*k, *v)).collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            for (i, (key, _)) in ranked.iter().enumerate() {
                if i < 8 {
                    let label =
                        if *key == "unknown" { "unknown perpetrator".into() } else { k.display_name(key) };
                    series.push(Series { key: key.to_string(), label, color: charts::PALETTE[i] });
                } else {
                    key_of.insert(key.to_string(), "other".into());
                }
            }
            if !key_of.is_empty() {
                series.push(Series {
                    key: "other".into(),
                    label: "other groups".into(),
                    color: charts::PALETTE[9],
                });
            }
        }
        let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
        for m in &months {
            let key = key_of.get(&m.key).cloned().unwrap_or_else(|| m.key.clone());
            *counts.entry((m.month.clone(), key)).or_default() += m.incidents;
        }
        let mut body = ChartBody::new(app, &pq, "Timeline of incidents", "/timeline");
        body.choices = vec![(
            "by",
            vec![
                ("group", "stack by group", by == "perpetrator"),
                ("link", "stack by link level", by == "link"),
            ],
        )];
        let total: u64 = months.iter().map(|m| m.incidents).sum();
        body.svg = charts::stacked_months(&counts, &series, "Incidents per month");
        body.caption = format!(
            "{total} dated incidents per month (known at least to the month), stacked by {}.",
            if by == "link" { "link level" } else { "group" }
        );
        body.legend = series.iter().map(|s| (s.color, s.label.clone())).collect();
        body.table_head =
            std::iter::once("Month".to_string()).chain(series.iter().map(|s| s.label.clone())).collect();
        let month_list = charts::month_range(counts.keys().map(|(m, _)| m.as_str()));
        body.table = month_list
            .iter()
            .filter(|m| series.iter().any(|s| counts.contains_key(&((*m).clone(), s.key.clone()))))
            .map(|m| {
                std::iter::once(esc(m))
                    .chain(series.iter().map(|s| {
                        counts.get(&(m.clone(), s.key.clone())).map_or(String::new(), |n| n.to_string())
                    }))
                    .collect()
            })
            .collect();
        Ok(Page::new("Timeline", "/timeline", body.render()?))
    })
    .await
}

// ---------------------------------------------------------------------------------------
// Groups, scorecards, sources

struct GroupRow {
    id: String,
    name: String,
    parent: String,
    kind: String,
    documents: u64,
}

#[derive(Template)]
#[template(path = "groups.html")]
struct GroupsBody {
    groups: Vec<GroupRow>,
}

pub async fn groups(State(app): State<Arc<App>>) -> Response {
    render_cached(app, "/groups".into(), |app, store| {
        let stats = store.stats(&DocFilter { limit: 0, ..DocFilter::default() })?;
        let counts: HashMap<&str, u64> =
            stats.by_group.iter().map(|c| (c.key.as_str(), c.documents)).collect();
        let k = &app.settings.knowledge;
        let mut groups: Vec<GroupRow> = k
            .groups
            .iter()
            .map(|g| GroupRow {
                id: g.id.clone(),
                name: g.name.clone(),
                parent: g.parent.as_deref().map(|p| k.display_name(p)).unwrap_or_default(),
                kind: g.kind.clone().unwrap_or_default(),
                documents: counts.get(g.id.as_str()).copied().unwrap_or(0),
            })
            .collect();
        groups.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.name.cmp(&b.name)));
        Ok(Page::new("Groups", "/groups", GroupsBody { groups }.render()?))
    })
    .await
}

#[derive(Template)]
#[template(path = "group.html")]
struct GroupBody {
    p: vigil_app::groups::Profile,
    /// Strength estimates: the figure, who gives it, the sentence.
    strength: Vec<(String, String, String)>,
}

pub async fn group(State(app): State<Arc<App>>, Path(name): Path<String>) -> Response {
    render_cached(app, format!("/groups/{name}"), move |app, store| {
        let g = lookup(&app.settings, &name)
            .map_err(|e| PageError { status: StatusCode::NOT_FOUND, message: format!("{e:#}") })?;
        let p = profile_citing(store, &app.settings, g, 25)?;
        let strength = p
            .strength
            .iter()
            .map(|f| {
                let value = match (f.low, f.high) {
                    (Some(l), Some(h)) => format!("{l}–{h} {}", f.quantity),
                    _ => format!("{} {}", f.value, f.quantity),
                };
                let value = f.qualifier.as_deref().map_or(value.clone(), |q| format!("{q} {value}"));
                let by = format!(
                    "{}{} ({} {})",
                    f.attributed_to.as_deref().map_or(String::new(), |a| format!("according to {a}, ")),
                    f.cite.source,
                    f.cite.published.as_deref().unwrap_or("undated"),
                    f.cite.doc
                );
                (value, by, esc(&f.cite.sentence))
            })
            .collect();
        let title = p.name.clone();
        Ok(Page::new(title, "/groups", GroupBody { p, strength }.render()?))
    })
    .await
}

struct EvidenceView {
    sentence: String,
    stance: String,
    grade: &'static str,
    doc: String,
    source: String,
    published: String,
    uncorroborated: bool,
}

struct MarkerView {
    title: String,
    status: String,
    reason: String,
    sources_for: usize,
    sources_against: usize,
    evidence: Vec<EvidenceView>,
}

#[derive(Template)]
#[template(path = "scorecard.html")]
struct ScorecardBody {
    group_id: String,
    group_name: String,
    region: String,
    since: String,
    error: Option<String>,
    reading: String,
    reasons: Vec<String>,
    links: String,
    markers: Vec<MarkerView>,
}

/// The cue within its sentence, marked.
fn mark_cue(sentence: &str, cue: &str) -> String {
    let lower = sentence.to_lowercase();
    match (lower.len() == sentence.len()).then(|| lower.find(&cue.to_lowercase())).flatten() {
        Some(at) if !cue.is_empty() => format!(
            "{}<mark>{}</mark>{}",
            esc(&sentence[..at]),
            esc(&sentence[at..at + cue.len()]),
            esc(&sentence[at + cue.len()..])
        ),
        _ => esc(sentence),
    }
}

pub async fn scorecard(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
    Query(pq): Query<Params>,
) -> Response {
    let cache_key = key(&format!("/groups/{name}/indicators"), &pq);
    render_cached(app, cache_key, move |app, store| {
        let g = lookup(&app.settings, &name)
            .map_err(|e| PageError { status: StatusCode::NOT_FOUND, message: format!("{e:#}") })?;
        let since = pq.day(false)?;
        let scope = Scope::new(given(&pq.region), since).map_err(|e| bad(format!("region: {e:#}")))?;
        let s = score(store, &app.settings, g, &scope)?;
        let l = &s.card.links;
        let markers = s
            .card
            .markers
            .iter()
            .map(|m| MarkerView {
                title: m.indicator.replace('_', " "),
                status: m.status.clone(),
                reason: m.reason.clone(),
                sources_for: m.sources_for,
                sources_against: m.sources_against,
                evidence: m
                    .evidence
                    .iter()
                    .map(|e| EvidenceView {
                        sentence: mark_cue(&e.evidence.sentence, &e.evidence.cue),
                        stance: e.evidence.stance.clone(),
                        grade: e.grade.as_str(),
                        doc: e.evidence.doc.clone(),
                        source: e.evidence.source.clone(),
                        published: e.evidence.published.clone().unwrap_or_default(),
                        uncorroborated: e.uncorroborated,
                    })
                    .collect(),
            })
            .collect();
        let body = ScorecardBody {
            group_id: g.id.clone(),
            group_name: g.name.clone(),
            region: given(&pq.region).unwrap_or("").into(),
            since: given(&pq.since).unwrap_or("").into(),
            error: None,
            reading: s.card.reading.clone(),
            reasons: s.card.reasons.clone(),
            links: format!(
                "{} incidents: {} directed, {} enabled, {} inspired, {} claimed, {} alleged, {} unknown",
                l.incidents, l.directed, l.enabled, l.inspired, l.claimed, l.alleged, l.unknown
            ),
            markers,
        }
        .render()?;
        Ok(Page::new(format!("Scorecard: {}", g.name), "/groups", body))
    })
    .await
}

struct SeenSource {
    name: String,
    href: String,
    documents: u64,
    grade: &'static str,
    profile: String,
    note: String,
}

struct ProfileView {
    name: String,
    grade: &'static str,
    aliases: String,
    domains: String,
    note: String,
}

#[derive(Template)]
#[template(path = "sources.html")]
struct SourcesBody {
    seen: Vec<SeenSource>,
    profiles: Vec<ProfileView>,
}

pub async fn sources(State(app): State<Arc<App>>) -> Response {
    render_cached(app, "/sources".into(), |app, store| {
        let profiles = app.settings.sources(store)?;
        let stats = store.stats(&DocFilter { limit: 0, ..DocFilter::default() })?;
        let seen = stats
            .by_source
            .iter()
            .map(|c| {
                let graded = profiles.grade(&c.key, None);
                SeenSource {
                    name: c.key.clone(),
                    href: href("/search", &[("source", c.key.clone())]),
                    documents: c.documents,
                    grade: graded.grade.as_str(),
                    profile: graded.profile.unwrap_or_default(),
                    note: graded.note,
                }
            })
            .collect();
        let profiles = profiles
            .profiles()
            .iter()
            .map(|p| ProfileView {
                name: p.name.clone(),
                grade: p.grade.as_str(),
                aliases: p.aliases.join(", "),
                domains: p.domains.join(", "),
                note: p.note.clone().unwrap_or_default(),
            })
            .collect();
        Ok(Page::new("Sources", "/sources", SourcesBody { seen, profiles }.render()?))
    })
    .await
}

// ---------------------------------------------------------------------------------------
// Documents

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentBody {
    title: String,
    legend: Vec<(&'static str, &'static str, usize)>,
    text: String,
    meta: Vec<(&'static str, String)>,
    url: Option<String>,
    groups: Vec<(String, String, u64)>,
    incidents: Vec<String>,
    copies: Vec<(String, String)>,
}

const KINDS: [(&str, &str); 8] = [
    ("group", "groups"),
    ("person", "people"),
    ("organization", "organisations"),
    ("place", "places"),
    ("date", "dates"),
    ("figure", "figures"),
    ("quote", "quotations"),
    ("indicator", "indicator cues"),
];

pub async fn document(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    render(app, move |app, store| {
        let d = store.document(&id)?;
        let spans = store.spans(&d.doc.id)?;
        let chars = d.text.chars().count();
        let shown: String = d.text.chars().take(DOC_CHARS).collect();
        let mut text = highlight(&shown, 0, &spans);
        if chars > DOC_CHARS {
            text.push_str(&format!("\n\n[… {} more characters not shown]", chars - DOC_CHARS));
        }
        let legend = KINDS
            .iter()
            .map(|(kind, label)| (*kind, *label, spans.iter().filter(|s| s.kind == *kind).count()))
            .filter(|(_, _, n)| *n > 0)
            .collect();
        let k = &app.settings.knowledge;
        let profiles = app.settings.sources(store)?;
        let graded = profiles.grade(&d.doc.source, d.doc.url.as_deref());
        let meta = vec![
            ("Source", d.doc.source.clone()),
            ("Grade", format!("{} — {}", graded.grade.as_str(), graded.note)),
            ("Published", d.doc.published.clone().unwrap_or_else(|| "undated".into())),
            ("Author", or_dash(d.author.as_deref())),
            ("Language", format!("{} ({:.0}%)", d.doc.language, d.language_confidence * 100.0)),
            ("Format", d.doc.format.clone()),
            ("Id", d.doc.id.to_string()),
            ("Ingested", d.ingested_at.clone()),
        ];
        let incidents = d
            .incidents
            .iter()
            .map(|i| {
                format!(
                    "{} {} in {}: {} killed, {} injured ({})",
                    i.date.as_deref().unwrap_or("undated"),
                    i.attack_type.as_deref().unwrap_or("attack"),
                    i.place.as_deref().or(i.country.as_deref()).unwrap_or("unknown place"),
                    i.killed.as_ref().map_or("?".into(), |n| n.value.to_string()),
                    i.injured.as_ref().map_or("?".into(), |n| n.value.to_string()),
                    i.link,
                )
            })
            .collect();
        let body = DocumentBody {
            title: d.doc.title.clone().unwrap_or_else(|| "(untitled)".into()),
            legend,
            text,
            meta,
            url: d.doc.url.clone(),
            groups: d.groups.iter().map(|c| (c.key.clone(), k.display_name(&c.key), c.documents)).collect(),
            incidents,
            copies: d
                .near_duplicates
                .iter()
                .map(|n| {
                    (
                        n.id.to_string(),
                        format!("{} — {}", n.source, n.title.as_deref().unwrap_or("(untitled)")),
                    )
                })
                .collect(),
        }
        .render()?;
        Ok(Page::new(d.doc.title.clone().unwrap_or_else(|| "Document".into()), "/search", body))
    })
    .await
}

pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")],
        include_str!("../static/vigil.css"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(kind: &'static str, start: usize, end: usize, label: &str) -> MarkedSpan {
        MarkedSpan { kind, start, end, label: label.into() }
    }

    #[test]
    fn highlights_nest_and_escape() {
        let text = "He said \"<b>ISKP</b> struck Kabul\".";
        let spans = [
            span("quote", 8, 34, "quote by <x>"),
            span("group", 12, 16, "iskp"),
            span("place", 28, 33, "Kabul"),
        ];
        let html = highlight(text, 0, &spans);
        assert_eq!(
            html,
            "He said <span class=\"m m-quote\" title=\"quote: quote by &lt;x&gt;\">&quot;&lt;b&gt;\
             <span class=\"m m-group\" title=\"group: iskp\">ISKP</span>&lt;/b&gt; struck \
             <span class=\"m m-place\" title=\"place: Kabul\">Kabul</span>&quot;</span>."
        );
        // A span that crosses its container's end is cut there; offsets are characters.
        let html = highlight("ab ç d", 2, &[span("date", 0, 4, "x"), span("figure", 3, 9, "y")]);
        assert_eq!(
            html,
            "<span class=\"m m-date\" title=\"date: x\">a<span class=\"m m-figure\" title=\"figure: y\">b</span></span> ç d"
        );
    }

    #[test]
    fn snippets_mark_matches_and_escape_the_rest() {
        assert_eq!(marked("a <i>Kerman</i> b", &[[5, 11]]), "a &lt;i&gt;<mark>Kerman</mark>&lt;/i&gt; b");
    }

    #[test]
    fn page_addresses_keep_filters_and_reset_the_offset() {
        let q = Params {
            q: Some("Kabul airport".into()),
            group: Some("iskp".into()),
            country: Some(String::new()),
            offset: Some("20".into()),
            ..Params::default()
        };
        assert_eq!(
            q.with("/search", "link", Some("claimed")),
            "/search?q=Kabul+airport&group=iskp&link=claimed"
        );
        assert_eq!(q.with("/search", "offset", Some("40")), "/search?q=Kabul+airport&group=iskp&offset=40");
        assert_eq!(q.with("/search", "group", None), "/search?q=Kabul+airport");
    }
}
