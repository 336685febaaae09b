//! Search: hits with highlighted snippets, facet links over the first matches, and paging.

use super::*;

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
