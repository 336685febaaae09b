//! One document: its text with the extracted spans marked, and its facts.

use super::*;

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
