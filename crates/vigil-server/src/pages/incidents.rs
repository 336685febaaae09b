//! The incident table (filters, sorting, paging, CSV download) and one incident's page: every field's value, rule, history and sources.

use super::*;

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
