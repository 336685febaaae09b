//! Groups: the list, a group's profile, its resurgence scorecard with the evidence, and the source profiles.

use super::*;

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
