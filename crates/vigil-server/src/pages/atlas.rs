//! The world map of incidents and the timeline of incidents per month, by link level or perpetrator.

use super::*;

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
