//! The dashboard of `vigil serve`: server-rendered pages over the same store queries as the
//! command line and the JSON API. No page runs a script; sorting, filtering and paging are
//! links and forms, so every page works from the keyboard and with scripts off. Source text
//! reaches the markup only through askama's escaping or [`vigil_export::escape::html`]. One
//! module per page family: `home`, `search`, `incidents`, `atlas` (map and timeline), `groups`
//! (profiles, scorecards, sources) and `documents`; this one holds what they share (the layout,
//! errors, rendering off the async threads and through the page cache, highlighting).

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

mod atlas;
mod documents;
mod groups;
mod home;
mod incidents;
mod search;

pub use atlas::{map, timeline};
pub use documents::document;
pub use groups::{group, groups, scorecard, sources};
pub use home::home;
pub use incidents::{incident, incidents, incidents_csv};
pub use search::search;

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

/// Links to the previous and next pages, and which items this page shows.
struct Pager {
    prev: Option<String>,
    next: Option<String>,
    shown: String,
}

pub async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")],
        include_str!("../../static/vigil.css"),
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
