//! The JSON API under `/api/`: the queries the command line has, each run off the async
//! threads on a pooled store connection under the request's budget.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};
use vigil_app::briefs::Subject;
use vigil_app::groups::{Scope, lookup, profile, score};
use vigil_store::{Backend, DocFilter, SearchQuery};

use crate::error::ApiError;
use crate::params::{Params, day, given};
use crate::state::App;

/// Items a page of the API holds unless `limit` says otherwise.
const DEFAULT_LIMIT: usize = 50;
/// Documents counted for a search's facets.
const FACET_CAP: usize = 2_000;

pub(crate) type ApiResult = Result<Json<Value>, ApiError>;

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
    .map_err(|_| ApiError::new("internal", "the request failed"))?
    .map(Json)
}

fn paged(items: Vec<Value>, limit: usize, offset: usize) -> Value {
    let next = (items.len() == limit).then_some(offset + limit);
    json!({"items": items, "limit": limit, "offset": offset, "next_offset": next})
}

pub(crate) async fn documents(State(app): State<Arc<App>>, Query(q): Query<Params>) -> ApiResult {
    blocking(app, move |app, store| {
        let filter = q.doc_filter(&app.settings, q.page(DEFAULT_LIMIT)?.0)?;
        let items = store.documents(&filter)?.into_iter().map(|d| json!(d)).collect();
        Ok(paged(items, filter.limit, filter.offset))
    })
    .await
}

pub(crate) async fn search(State(app): State<Arc<App>>, Query(q): Query<Params>) -> ApiResult {
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

pub(crate) async fn document(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    blocking(app, move |_, store| Ok(json!(store.document(&id)?))).await
}

pub(crate) async fn stats(State(app): State<Arc<App>>) -> ApiResult {
    blocking(app, move |_, store| Ok(json!(store.stats(&DocFilter::default())?))).await
}

pub(crate) async fn incidents(State(app): State<Arc<App>>, Query(q): Query<Params>) -> ApiResult {
    blocking(app, move |app, store| {
        let filter = q.incident_filter(&app.settings, q.page(DEFAULT_LIMIT)?.0)?;
        let items = store.incidents(&filter)?.into_iter().map(|i| json!(i)).collect();
        Ok(paged(items, filter.limit, filter.offset))
    })
    .await
}

pub(crate) async fn incident(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
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

pub(crate) async fn groups(State(app): State<Arc<App>>) -> ApiResult {
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

pub(crate) async fn group(State(app): State<Arc<App>>, Path(name): Path<String>) -> ApiResult {
    blocking(app, move |app, store| {
        let g = lookup(&app.settings, &name).map_err(|e| ApiError::not_found(format!("{e:#}")))?;
        Ok(json!(profile(store, &app.settings, g)?))
    })
    .await
}

pub(crate) async fn indicators(
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
pub(crate) struct PeopleQuery {
    name: Option<String>,
    limit: Option<String>,
}

pub(crate) async fn people(State(app): State<Arc<App>>, Query(q): Query<PeopleQuery>) -> ApiResult {
    blocking(app, move |_, store| {
        let (limit, _) = Params { limit: q.limit.clone(), ..Params::default() }.page(DEFAULT_LIMIT)?;
        Ok(json!({"items": store.people(q.name.as_deref(), limit, 3)?}))
    })
    .await
}

pub(crate) async fn sources(State(app): State<Arc<App>>) -> ApiResult {
    blocking(app, move |app, store| {
        let profiles = app.settings.sources(store)?;
        Ok(json!({"items": profiles.profiles()}))
    })
    .await
}

#[derive(Deserialize)]
pub(crate) struct BriefQuery {
    group: Option<String>,
    country: Option<String>,
    region: Option<String>,
    since: Option<String>,
    format: Option<String>,
}

pub(crate) async fn brief(State(app): State<Arc<App>>, Query(q): Query<BriefQuery>) -> ApiResult {
    blocking(app, move |app, store| {
        let render = match q.format.as_deref().unwrap_or("md") {
            "md" => vigil_export::brief_markdown,
            "html" => vigil_export::brief_html,
            other => return Err(ApiError::bad("format", format!("{other:?}: use md or html"))),
        };
        let place = q.country.as_deref().or(q.region.as_deref());
        let subject = match (q.group.as_deref(), place) {
            _ if q.country.is_some() && q.region.is_some() => None,
            (Some(g), None) => Some(Subject::Group(g)),
            (None, Some(p)) => Some(Subject::Place(p)),
            _ => None,
        };
        let subject =
            subject.ok_or_else(|| ApiError::bad("group", "give one of group, country or region"))?;
        let since = day("since", q.since.as_deref(), false)?;
        let brief = vigil_app::briefs::build(store, &app.settings, subject, since)?;
        let (text, cited) = (render(&brief), brief.notes.list.len());
        Ok(json!({"format": q.format.as_deref().unwrap_or("md"), "sources": cited, "text": text}))
    })
    .await
}

pub(crate) async fn openapi() -> Json<Value> {
    Json(crate::openapi::openapi_document())
}

pub(crate) async fn fallback() -> ApiError {
    ApiError::not_found("no such endpoint (see /api/openapi.json)")
}
