//! The overview page: what the store holds, the latest incidents and documents.

use super::*;

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
