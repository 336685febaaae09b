//! Briefs: a cited report for a group, a country or a region, built from the store. Bottom
//! line up front, key facts, indicators, incidents, what changed since a date, quotes and a
//! numbered source list. Every statement drawn from the documents carries footnotes to a
//! stored document and span. The same store gives the same brief: nothing in it depends on the
//! clock. `vigil-export` writes a brief as Markdown or HTML.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use vigil_core::words::{counted, day, excerpt, summed_toll};
use vigil_store::{Backend, Citation, IncidentFilter};

use crate::groups::{CitedIncident, Scope, cite_incident, lookup, profile, score};
use crate::{Result, Settings};

/// What a brief is about.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// A group (an id, name or alias), with its branches.
    Group(&'a str),
    /// A country (a code or name) or a named region.
    Place(&'a str),
}

/// A piece of text with the footnotes that support it.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    /// Footnote numbers (1-based) into the brief's notes.
    pub notes: Vec<usize>,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), notes: Vec::new() }
    }
}

/// A part of a brief, in reading order.
#[derive(Debug)]
pub enum Block {
    Heading(String),
    Para(Cell),
    List(Vec<Cell>),
    Table { header: Vec<String>, rows: Vec<Vec<Cell>> },
}

/// The brief's numbered sources: every citation once, numbered in order of first use.
#[derive(Debug, Default)]
pub struct Notes {
    pub list: Vec<Citation>,
    index: HashMap<(String, usize, usize), usize>,
}

impl Notes {
    /// The footnote number for a citation (the same span always gets the same number).
    fn cite(&mut self, c: &Citation) -> usize {
        let key = (c.doc.as_str().to_string(), c.start, c.end);
        if let Some(n) = self.index.get(&key) {
            return *n;
        }
        self.list.push(c.clone());
        self.index.insert(key, self.list.len());
        self.list.len()
    }

    fn cite_all<'a>(&mut self, cs: impl IntoIterator<Item = &'a Citation>) -> Vec<usize> {
        let mut seen = BTreeSet::new();
        cs.into_iter().map(|c| self.cite(c)).filter(|n| seen.insert(*n)).collect()
    }
}

/// A brief: its title, its blocks and the sources they cite.
#[derive(Debug)]
pub struct Brief {
    pub title: String,
    pub blocks: Vec<Block>,
    pub notes: Notes,
}

/// The brief on `subject`; `since` adds what changed since that day.
pub fn build(
    store: &mut dyn Backend,
    settings: &Settings,
    subject: Subject,
    since: Option<NaiveDate>,
) -> Result<Brief> {
    match subject {
        Subject::Group(g) => group_brief(store, settings, g, since),
        Subject::Place(p) => place_brief(store, settings, p, since),
    }
}

fn incident_row(i: &CitedIncident, notes: &mut Notes, k: &vigil_extract::Knowledge) -> Vec<Cell> {
    let r = &i.record;
    let sources = notes.cite_all(i.sources.iter().take(4));
    let killed = match (r.killed, &r.killed_qualifier) {
        (Some(v), Some(q)) => format!("{q} {v}"),
        (Some(v), None) => v.to_string(),
        (None, _) => "unknown".into(),
    };
    let killed = match i.killed_credibility {
        Some(c) => format!("{killed} (credibility {c})"),
        None => killed,
    };
    vec![
        Cell::plain(r.date.clone().unwrap_or_else(|| "undated".into())),
        Cell::plain(place_of(r)),
        Cell::plain(r.attack_type.as_deref().unwrap_or("unknown").replace('_', " ")),
        Cell::plain(r.perpetrator.as_deref().map_or("unattributed".to_string(), |p| k.display_name(p))),
        Cell::plain(killed),
        Cell::plain(r.injured.map_or("unknown".into(), |v| v.to_string())),
        Cell::plain(r.link.to_string()),
        Cell { text: format!("{} independent", r.sources), notes: sources },
        Cell::plain(if i.flags.is_empty() { String::new() } else { i.flags.join("; ") }),
    ]
}

const INCIDENT_HEADER: [&str; 9] =
    ["Date", "Place", "Type", "Perpetrator", "Killed", "Injured", "Link", "Sources", "Flags"];

fn place_of(r: &vigil_store::IncidentRecord) -> String {
    let country = r.country.as_deref().map(vigil_extract::places::country_label);
    match (&r.city, country) {
        (Some(city), Some(c)) => format!("{city}, {c}"),
        (Some(city), None) => city.clone(),
        (None, Some(c)) => c,
        (None, None) => r.place.clone().unwrap_or_else(|| "unknown".into()),
    }
}

/// What changed since `since`: incidents first reported then, and tolls revised then.
fn changes(incidents: &[CitedIncident], since: NaiveDate, notes: &mut Notes) -> Vec<Cell> {
    let since = since.to_string();
    let mut out = Vec::new();
    for i in incidents {
        let r = &i.record;
        let label = format!("{} ({})", place_of(r), r.date.as_deref().unwrap_or("undated"));
        if r.first_reported.as_deref().is_some_and(|f| f >= since.as_str()) {
            out.push(Cell {
                text: format!(
                    "First reported: {label}, {} killed",
                    r.killed.map_or("unknown".into(), |k| k.to_string())
                ),
                notes: notes.cite_all(i.sources.iter().take(2)),
            });
            continue;
        }
        let before: Vec<&(Option<String>, String, Option<usize>)> =
            i.killed_history.iter().filter(|h| h.0.as_deref().is_some_and(|p| p < since.as_str())).collect();
        let after: Vec<&(Option<String>, String, Option<usize>)> =
            i.killed_history.iter().filter(|h| h.0.as_deref().is_some_and(|p| p >= since.as_str())).collect();
        if let (Some(old), Some(new)) = (before.last(), after.last())
            && old.1 != new.1
        {
            let cite: Vec<&Citation> =
                [old.2, new.2].iter().flatten().filter_map(|n| i.sources.get(*n)).collect();
            out.push(Cell {
                text: format!(
                    "Toll for {label} reported as {} on {}, after {} on {}",
                    new.1,
                    day(new.0.as_deref()),
                    old.1,
                    day(old.0.as_deref())
                ),
                notes: notes.cite_all(cite),
            });
        }
    }
    if out.is_empty() {
        out.push(Cell::plain(format!("Nothing new in the store since {since}.")));
    }
    out
}

fn group_brief(
    store: &mut dyn Backend,
    settings: &Settings,
    name: &str,
    since: Option<NaiveDate>,
) -> Result<Brief> {
    let k = &settings.knowledge;
    let group = lookup(settings, name)?;
    let p = profile(store, settings, group)?;
    let scored = score(store, settings, group, &Scope::new(None, None)?)?;
    let mut notes = Notes::default();
    let mut blocks = Vec::new();
    blocks.push(Block::Para(Cell::plain(format!(
        "Scope: {} and its branches; {} documents in the store name it, published {} to {}{}.",
        p.name,
        p.coverage.documents,
        day(p.coverage.first_published.as_deref()),
        day(p.coverage.last_published.as_deref()),
        since.map_or(String::new(), |s| format!("; changes since {s}"))
    ))));

    blocks.push(Block::Heading("Bottom line".into()));
    let mut bottom = Vec::new();
    let present: Vec<&vigil_assess::scorecard::Marker> =
        scored.card.markers.iter().filter(|m| m.status == "present").collect();
    let marker_notes = notes.cite_all(
        present
            .iter()
            .filter_map(|m| m.evidence.iter().find(|e| e.evidence.stance == "for"))
            .filter_map(|e| citation_of(store, e).ok().flatten())
            .collect::<Vec<_>>()
            .iter(),
    );
    bottom.push(Cell {
        text: format!(
            "vigil reads the evidence as {}: {}.",
            scored.card.reading.to_uppercase(),
            scored.card.reasons.join("; ")
        ),
        notes: marker_notes,
    });
    let l = &scored.card.links;
    if let Some(worst) = p
        .incidents
        .iter()
        .filter(|i| i.record.killed.is_some())
        .max_by_key(|i| (i.record.killed, std::cmp::Reverse(i.record.id)))
    {
        bottom.push(Cell {
            text: format!(
                "{} attributed to it ({} directed or enabled, {} inspired, {} claimed only); the deadliest in the store: {}, {}, {} killed.",
                if l.incidents == 1 { "1 incident is".to_string() } else { format!("{} incidents are", l.incidents) },
                l.organised(),
                l.inspired,
                l.claimed,
                place_of(&worst.record),
                worst.record.date.as_deref().unwrap_or("undated"),
                worst.record.killed.unwrap_or(0)
            ),
            notes: notes.cite_all(worst.sources.iter().take(3)),
        });
    }
    if let Some(f) = p.strength.last() {
        bottom.push(Cell {
            text: format!("Latest strength estimate: {}.", strength(f)),
            notes: vec![notes.cite(&f.cite)],
        });
    }
    blocks.push(Block::List(bottom));

    blocks.push(Block::Heading("Key facts".into()));
    let mut rows = vec![vec![
        Cell::plain("Also known as"),
        Cell::plain(p.aliases.iter().take(8).cloned().collect::<Vec<_>>().join(", ")),
    ]];
    if let Some(parent) = &p.parent {
        rows.push(vec![Cell::plain("Part of"), Cell::plain(parent.name.clone())]);
    }
    if !p.branches.is_empty() {
        rows.push(vec![
            Cell::plain("Branches"),
            Cell::plain(p.branches.iter().map(|b| b.name.clone()).collect::<Vec<_>>().join(", ")),
        ]);
    }
    for d in &p.designations {
        rows.push(vec![
            Cell::plain("Designation"),
            Cell::plain(format!(
                "{}: {} ({}), per the groups knowledge file: {}",
                d.by,
                d.list,
                d.year.map_or("year not recorded".into(), |y| y.to_string()),
                d.source
            )),
        ]);
    }
    for f in &p.strength {
        rows.push(vec![
            Cell::plain("Strength estimate"),
            Cell { text: strength(f), notes: vec![notes.cite(&f.cite)] },
        ]);
    }
    if !p.outlets.is_empty() {
        let names: Vec<String> = p.outlets.iter().map(|o| o.name.clone()).collect();
        let cites = notes.cite_all(p.outlets.iter().map(|o| &o.cite));
        rows.push(vec![Cell::plain("Propaganda outlets"), Cell { text: names.join(", "), notes: cites }]);
    }
    let hot: Vec<&crate::groups::Hotspot> = p.hotspots.iter().take(5).collect();
    if !hot.is_empty() {
        let text = hot
            .iter()
            .map(|h| format!("{} ({})", h.place, counted(h.incidents.len(), "incident", "incidents")))
            .collect::<Vec<_>>()
            .join(", ");
        let cites: Vec<Citation> = hot
            .iter()
            .filter_map(|h| {
                p.incidents
                    .iter()
                    .find(|i| i.record.id == h.incidents.first().copied())
                    .and_then(|i| i.sources.first().cloned())
            })
            .collect();
        rows.push(vec![Cell::plain("Hotspots"), Cell { text, notes: notes.cite_all(cites.iter()) }]);
    }
    blocks.push(Block::Table { header: vec!["Fact".into(), "Value".into()], rows });

    blocks.push(Block::Heading("Indicators of resurgence".into()));
    let mut rows = Vec::new();
    for m in &scored.card.markers {
        let cites: Vec<Citation> =
            m.evidence.iter().take(3).filter_map(|e| citation_of(store, e).ok().flatten()).collect();
        rows.push(vec![
            Cell::plain(m.indicator.replace('_', " ")),
            Cell::plain(m.status.clone()),
            Cell { text: m.reason.clone(), notes: notes.cite_all(cites.iter()) },
        ]);
    }
    blocks.push(Block::Table { header: vec!["Marker".into(), "Status".into(), "Why".into()], rows });
    let weak: Vec<&vigil_assess::scorecard::GradedEvidence> =
        scored.card.markers.iter().flat_map(|m| m.evidence.iter()).filter(|e| e.uncorroborated).collect();
    if !weak.is_empty() {
        blocks.push(Block::Para(Cell::plain(
            "Uncorroborated claims (one source graded D–F whose sentence names no source):",
        )));
        let mut items = Vec::new();
        for e in weak {
            let cite = citation_of(store, e)?;
            items.push(Cell {
                text: format!(
                    "{} ({}, graded {}): “{}”",
                    e.evidence.indicator.replace('_', " "),
                    e.evidence.source,
                    e.grade.as_str(),
                    excerpt(&e.evidence.sentence, 200)
                ),
                notes: cite.iter().map(|c| notes.cite(c)).collect(),
            });
        }
        blocks.push(Block::List(items));
    }

    blocks.push(Block::Heading("Incidents".into()));
    if p.incidents.is_empty() {
        blocks.push(Block::Para(Cell::plain("No incidents in the store are attributed to it.")));
    } else {
        let rows = p.incidents.iter().map(|i| incident_row(i, &mut notes, k)).collect();
        blocks.push(Block::Table { header: INCIDENT_HEADER.iter().map(|h| h.to_string()).collect(), rows });
    }
    if let Some(since) = since {
        blocks.push(Block::Heading(format!("What changed since {since}")));
        blocks.push(Block::List(changes(&p.incidents, since, &mut notes)));
    }
    blocks.push(Block::Heading("Quotes".into()));
    if p.quotes.is_empty() {
        blocks.push(Block::Para(Cell::plain("No quotations in the store name it.")));
    } else {
        let items = p
            .quotes
            .iter()
            .map(|q| {
                let who = match (&q.speaker, &q.role) {
                    (Some(s), Some(r)) => format!("{s}, {r}"),
                    (Some(s), None) => s.clone(),
                    _ => "unattributed".into(),
                };
                Cell {
                    text: format!("“{}” — {who}", q.text.trim_matches(|c: char| "\"“”".contains(c))),
                    notes: vec![notes.cite(&q.cite)],
                }
            })
            .collect();
        blocks.push(Block::List(items));
    }
    Ok(Brief { title: format!("Brief: {}", p.name), blocks, notes })
}

fn citation_of(store: &dyn Backend, e: &vigil_assess::scorecard::GradedEvidence) -> Result<Option<Citation>> {
    let Some(doc) = vigil_core::DocId::parse(&e.evidence.doc) else { return Ok(None) };
    Ok(store.citation(&doc, e.evidence.start, e.evidence.end)?)
}

fn strength(f: &vigil_store::CitedFigure) -> String {
    let value = match (f.low, f.high) {
        (Some(l), Some(h)) => format!("{l}–{h}"),
        _ => f.value.to_string(),
    };
    let q = f.qualifier.as_deref().map_or(String::new(), |q| format!("{q} "));
    let by = f.attributed_to.as_deref().map_or(String::new(), |a| format!(", according to {a}"));
    format!("{q}{value} fighters ({}, {}{by})", f.cite.source, day(f.cite.published.as_deref()))
}

fn place_brief(
    store: &mut dyn Backend,
    settings: &Settings,
    name: &str,
    since: Option<NaiveDate>,
) -> Result<Brief> {
    let k = &settings.knowledge;
    let scope = Scope::new(Some(name), None)?;
    let region = scope.region.clone().unwrap_or_else(|| name.to_string());
    let mut notes = Notes::default();
    let mut incidents = Vec::new();
    for code in &scope.countries {
        for r in
            store.incidents(&IncidentFilter { country: Some(code.clone()), ..IncidentFilter::default() })?
        {
            incidents.push(cite_incident(store, r)?);
        }
    }
    incidents.sort_by(|a, b| (b.record.date.clone(), a.record.id).cmp(&(a.record.date.clone(), b.record.id)));
    let mut by_group: BTreeMap<String, Vec<&CitedIncident>> = BTreeMap::new();
    for i in &incidents {
        if let Some(p) = &i.record.perpetrator {
            by_group.entry(p.clone()).or_default().push(i);
        }
    }
    let mut blocks = vec![Block::Para(Cell::plain(format!(
        "Scope: incidents in {region} ({}){}.",
        scope.countries.join(", "),
        since.map_or(String::new(), |s| format!("; changes since {s}"))
    )))];
    blocks.push(Block::Heading("Bottom line".into()));
    let killed: u64 = incidents.iter().filter_map(|i| i.record.killed).sum();
    let untolled = incidents.iter().filter(|i| i.record.killed.is_none()).count();
    let mut bottom = vec![Cell::plain(format!(
        "{} in the store took place in {region}, {} in all; {} of them attributed to a group.",
        counted(incidents.len(), "incident", "incidents"),
        summed_toll(killed, untolled, incidents.len(), "killed"),
        incidents.iter().filter(|i| i.record.perpetrator.is_some()).count()
    ))];
    if let Some(worst) = incidents
        .iter()
        .filter(|i| i.record.killed.is_some())
        .max_by_key(|i| (i.record.killed, std::cmp::Reverse(i.record.id)))
    {
        bottom.push(Cell {
            text: format!(
                "The deadliest: {}, {}, {} killed.",
                place_of(&worst.record),
                worst.record.date.as_deref().unwrap_or("undated"),
                worst.record.killed.unwrap_or(0)
            ),
            notes: notes.cite_all(worst.sources.iter().take(3)),
        });
    }
    blocks.push(Block::List(bottom));
    blocks.push(Block::Heading("Groups active".into()));
    let mut rows = Vec::new();
    let mut ranked: Vec<(&String, &Vec<&CitedIncident>)> = by_group.iter().collect();
    ranked.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    for (id, list) in ranked {
        let group = k.group(id).cloned();
        let reading = match &group {
            Some(g) => score(store, settings, g, &scope)?.card.reading,
            None => "not in the groups file".into(),
        };
        let cites: BTreeSet<usize> =
            list.iter().filter_map(|i| i.sources.first()).map(|c| notes.cite(c)).collect();
        rows.push(vec![
            Cell::plain(k.display_name(id)),
            Cell {
                text: format!(
                    "{}, {}",
                    counted(list.len(), "incident", "incidents"),
                    summed_toll(
                        list.iter().filter_map(|i| i.record.killed).sum::<u64>(),
                        list.iter().filter(|i| i.record.killed.is_none()).count(),
                        list.len(),
                        "killed"
                    )
                ),
                notes: cites.into_iter().collect(),
            },
            Cell::plain(reading),
        ]);
    }
    if rows.is_empty() {
        blocks.push(Block::Para(Cell::plain("No incident there is attributed to a group.")));
    } else {
        blocks.push(Block::Table {
            header: vec!["Group".into(), "Incidents here".into(), "Scorecard reading here".into()],
            rows,
        });
    }
    blocks.push(Block::Heading("Incidents".into()));
    if incidents.is_empty() {
        blocks.push(Block::Para(Cell::plain("No incidents in the store took place there.")));
    } else {
        let rows = incidents.iter().map(|i| incident_row(i, &mut notes, k)).collect();
        blocks.push(Block::Table { header: INCIDENT_HEADER.iter().map(|h| h.to_string()).collect(), rows });
    }
    if let Some(since) = since {
        blocks.push(Block::Heading(format!("What changed since {since}")));
        blocks.push(Block::List(changes(&incidents, since, &mut notes)));
    }
    Ok(Brief { title: format!("Brief: {region}"), blocks, notes })
}
