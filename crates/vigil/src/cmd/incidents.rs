//! `vigil resolve`, `vigil incidents`, `vigil incident`: reports joined across documents into
//! incidents (vigil-assess decides, the store keeps), listed and shown with their reasons.

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use vigil_assess::assess::{Assessment, Sourced};
use vigil_assess::{Groups, Report, Resolver, Target};
use vigil_extract::Knowledge;
use vigil_store::{IncidentFilter, IncidentRecord, IncidentStore, Membership, SqliteStore, StoredReport};

use super::Settings;
use crate::cli::{IncidentArgs, IncidentFilterArgs, IncidentsArgs, ResolveArgs};
use crate::output::{self, cell, safe};

/// The groups file as resolution and assessment see it: parent and name by id.
pub struct KnowledgeGroups<'k> {
    by_id: std::collections::HashMap<&'k str, &'k vigil_extract::Group>,
}

impl<'k> KnowledgeGroups<'k> {
    pub fn new(knowledge: &'k Knowledge) -> KnowledgeGroups<'k> {
        KnowledgeGroups { by_id: knowledge.groups.iter().map(|g| (g.id.as_str(), g)).collect() }
    }
}

impl Groups for KnowledgeGroups<'_> {
    fn parent(&self, id: &str) -> Option<&str> {
        self.by_id.get(id)?.parent.as_deref()
    }
    fn name(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(|g| g.name.as_str())
    }
}

#[derive(Debug, Default, Serialize)]
pub struct ResolveSummary {
    /// Reports looked at for the first time.
    pub new_reports: usize,
    pub new_incidents: usize,
    pub updated_incidents: usize,
    pub incidents: usize,
    /// Stored reports whose detail could not be read (left unresolved).
    pub unreadable: Vec<String>,
}

pub fn resolve(settings: &Settings, args: ResolveArgs) -> Result<ExitCode> {
    let mut store = SqliteStore::open(&settings.db)?;
    let summary = resolve_store(&mut store, settings, args.rebuild)?;
    if args.json {
        output::json(&summary)?;
    } else {
        print_resolve(&summary);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn print_resolve(s: &ResolveSummary) {
    println!(
        "Resolved {} new incident reports: {} new incidents, {} updated; {} incidents in the store",
        s.new_reports, s.new_incidents, s.updated_incidents, s.incidents
    );
    for u in &s.unreadable {
        println!("  unreadable report: {}", safe(u));
    }
}

fn to_report(s: &StoredReport) -> Result<Report> {
    Ok(Report {
        id: s.id,
        doc: s.doc.as_str().to_string(),
        doc_seq: s.doc_seq,
        title: s.title.clone(),
        source: s.source.clone(),
        url: s.url.clone(),
        published: s.published.clone(),
        original: s.original,
        original_source: s.original_source.clone(),
        reading: serde_json::from_str(&s.detail)?,
    })
}

/// Assigns the reports no incident holds yet (all of them with `rebuild`), and re-assesses
/// every incident that gained a report.
pub fn resolve_store(store: &mut SqliteStore, settings: &Settings, rebuild: bool) -> Result<ResolveSummary> {
    if rebuild {
        store.clear_incidents()?;
    }
    let stored = store.incident_reports()?;
    let mut summary = ResolveSummary::default();
    let mut reports = Vec::with_capacity(stored.len());
    for s in &stored {
        match to_report(s) {
            Ok(r) => reports.push((s.incident, r)),
            Err(e) => summary.unreadable.push(format!("report {} of document {}: {e}", s.id, s.doc.short())),
        }
    }
    let profiles = settings.sources(store)?;
    let groups = KnowledgeGroups::new(&settings.knowledge);
    let mut resolver = Resolver::new(&groups);
    let mut members: BTreeMap<Target, Vec<&Report>> = BTreeMap::new();
    let mut existing: Vec<(i64, &Report)> =
        reports.iter().filter_map(|(incident, r)| incident.map(|i| (i, r))).collect();
    existing.sort_by_key(|(i, r)| (*i, r.id));
    for &(incident, r) in &existing {
        resolver.add_existing(incident, r);
        members.entry(Target::Existing(incident)).or_default().push(r);
    }
    let fresh: Vec<&Report> = reports.iter().filter(|(i, _)| i.is_none()).map(|(_, r)| r).collect();
    summary.new_reports = fresh.len();
    let assignments = resolver.assign(&fresh);
    let by_id: BTreeMap<i64, &Report> = fresh.iter().map(|r| (r.id, *r)).collect();
    let mut affected = BTreeSet::new();
    for a in &assignments {
        members.entry(a.target).or_default().push(by_id[&a.report]);
        affected.insert(a.target);
    }
    // Evidence sentences of every reading to assess, one read of each document.
    let mut by_doc: BTreeMap<i64, Vec<&Report>> = BTreeMap::new();
    for target in &affected {
        for r in &members[target] {
            by_doc.entry(r.doc_seq).or_default().push(r);
        }
    }
    let mut sentences: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (doc, list) in by_doc {
        let spans: Vec<(usize, usize)> =
            list.iter().flat_map(|r| r.reading.evidence.iter().map(|e| (e.start, e.end))).collect();
        let mut texts = store.passages(doc, &spans)?.into_iter();
        for r in list {
            sentences.insert(r.id, texts.by_ref().take(r.reading.evidence.len()).collect());
        }
    }
    let mut records = Vec::with_capacity(affected.len());
    let mut index = BTreeMap::new();
    for target in &affected {
        let list = &members[target];
        let mut readings = Vec::with_capacity(list.len());
        for r in list {
            readings.push(Sourced { report: r, sentences: sentences.remove(&r.id).unwrap_or_default() });
        }
        let assessment = vigil_assess::assess(&readings, &profiles, &groups);
        let id = match target {
            Target::Existing(id) => Some(*id),
            Target::New(_) => None,
        };
        index.insert(*target, records.len());
        records.push(record(id, list.len(), &assessment)?);
        match target {
            Target::Existing(_) => summary.updated_incidents += 1,
            Target::New(_) => summary.new_incidents += 1,
        }
    }
    let memberships: Vec<Membership> = assignments
        .iter()
        .map(|a| Membership { report: a.report, incident: index[&a.target], reason: a.reason.clone() })
        .collect();
    store.save_incidents(&records, &memberships)?;
    summary.incidents = members.len();
    Ok(summary)
}

fn record(id: Option<i64>, reports: usize, a: &Assessment) -> Result<IncidentRecord> {
    let c = &a.current;
    Ok(IncidentRecord {
        id,
        date: c.date.clone(),
        date_precision: c.date_precision.clone(),
        place: c.place.clone(),
        city: c.city.clone(),
        country: c.country.clone(),
        lat: c.lat,
        lon: c.lon,
        attack_type: c.attack_type.clone(),
        perpetrator: c.perpetrator.clone(),
        killed: c.killed.as_ref().map(|k| k.value),
        killed_qualifier: c.killed.as_ref().and_then(|k| k.qualifier.clone()),
        injured: c.injured.as_ref().map(|k| k.value),
        injured_qualifier: c.injured.as_ref().and_then(|k| k.qualifier.clone()),
        link: c.link.clone(),
        sources: a.independent_sources as u64,
        reports: reports as u64,
        flags: a.flags.len() as u64,
        first_reported: a.first_reported.clone(),
        last_reported: a.last_reported.clone(),
        assessment: serde_json::to_string(a)?,
    })
}

/// A group and all its branches, by id.
pub fn group_and_branches(knowledge: &Knowledge, name: &str) -> Result<Vec<String>> {
    let Some(group) = knowledge.resolve(name) else {
        bail!("unknown group {:?} (not an id, name or alias in the groups knowledge file)", safe(name))
    };
    let groups = KnowledgeGroups::new(knowledge);
    Ok(knowledge
        .groups
        .iter()
        .filter(|g| vigil_assess::resolve::descends(&groups, &g.id, &group.id))
        .map(|g| g.id.clone())
        .collect())
}

pub const LINKS: [&str; 6] = ["directed", "enabled", "inspired", "claimed", "alleged", "unknown"];

/// The incident filters the command line shares (`incidents`, `export`), resolved: group ids
/// with their branches, a country code, a checked link level. `limit` 0 is all.
pub fn incident_filter(settings: &Settings, f: &IncidentFilterArgs, limit: usize) -> Result<IncidentFilter> {
    let groups = match f.group.as_deref() {
        Some(name) => group_and_branches(&settings.knowledge, name)?,
        None => Vec::new(),
    };
    let country = match f.country.as_deref() {
        Some(name) => Some(vigil_extract::places::country_code(name).with_context(|| {
            format!("unknown country {:?} (not an ISO code or a country name vigil knows)", safe(name))
        })?),
        None => None,
    };
    if let Some(link) = f.link.as_deref()
        && !LINKS.contains(&link)
    {
        bail!("unknown link level {:?} (use one of {})", safe(link), LINKS.join(", "));
    }
    Ok(IncidentFilter {
        groups,
        country,
        link: f.link.clone(),
        attack_type: f.attack_type.clone(),
        since: f.since,
        until: f.until,
        limit,
        ..IncidentFilter::default()
    })
}

pub fn list(settings: &Settings, args: IncidentsArgs) -> Result<ExitCode> {
    let store = SqliteStore::open(&settings.db)?;
    let filter = incident_filter(settings, &args.filters, args.limit)?;
    let incidents = store.incidents(&filter)?;
    if args.json {
        output::json(&incidents)?;
        return Ok(ExitCode::SUCCESS);
    }
    if incidents.is_empty() {
        println!("No incidents match (run `vigil resolve` after ingesting, or widen the filters).");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:>5}  {:<10}  {:<24}  {:<15}  {:<22}  {:>7}  {:>7}  {:<9}  {:>3}  flags",
        "id", "date", "place", "type", "perpetrator", "killed", "injured", "link", "src"
    );
    for i in &incidents {
        println!(
            "{:>5}  {:<10}  {:<24}  {:<15}  {:<22}  {:>7}  {:>7}  {:<9}  {:>3}  {}",
            i.id.unwrap_or_default(),
            cell(i.date.as_deref().unwrap_or("?"), 10),
            cell(&place(i), 24),
            cell(i.attack_type.as_deref().unwrap_or("?"), 15),
            cell(
                &i.perpetrator.as_deref().map_or("?".to_string(), |p| settings.knowledge.display_name(p)),
                22
            ),
            count(i.killed, i.killed_qualifier.as_deref()),
            count(i.injured, i.injured_qualifier.as_deref()),
            i.link,
            i.sources,
            if i.flags > 0 { i.flags.to_string() } else { String::new() }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn place(i: &IncidentRecord) -> String {
    match (&i.place, &i.country) {
        (Some(p), Some(c)) if p != c => format!("{p}, {c}"),
        (Some(p), _) => p.clone(),
        (None, Some(c)) => c.clone(),
        (None, None) => "?".into(),
    }
}

fn count(value: Option<u64>, qualifier: Option<&str>) -> String {
    match (value, qualifier) {
        (None, _) => "?".into(),
        (Some(v), Some("at least" | "more than" | "over")) => format!("{v}+"),
        (Some(v), Some(_)) => format!("~{v}"),
        (Some(v), None) => v.to_string(),
    }
}

#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    record: &'a IncidentRecord,
    assessment: Assessment,
}

pub fn show(settings: &Settings, args: IncidentArgs) -> Result<ExitCode> {
    let store = SqliteStore::open(&settings.db)?;
    let record = store.incident(args.id)?;
    let assessment: Assessment =
        serde_json::from_str(&record.assessment).context("the stored assessment cannot be read")?;
    if args.json {
        output::json(&Shown { record: &record, assessment })?;
        return Ok(ExitCode::SUCCESS);
    }
    let k = &settings.knowledge;
    let by = record.perpetrator.as_deref().map_or(String::new(), |p| format!(" by {}", k.display_name(p)));
    println!(
        "Incident {}: {} {}, {}{by}",
        args.id,
        record.attack_type.as_deref().unwrap_or("attack").replace('_', " "),
        safe(&place(&record)),
        record.date.as_deref().unwrap_or("date unknown"),
    );
    println!(
        "  {} reports in {} documents, {} independent sources; first reported {}, last {}",
        record.reports,
        assessment.sources.len(),
        record.sources,
        assessment.first_reported.as_deref().unwrap_or("?"),
        assessment.last_reported.as_deref().unwrap_or("?")
    );
    let refs: BTreeMap<i64, usize> = assessment
        .sources
        .iter()
        .enumerate()
        .flat_map(|(n, s)| s.reports.iter().map(move |r| (*r, n + 1)))
        .collect();
    for f in &assessment.fields {
        let Some(value) = &f.current else { continue };
        let value = if f.field == "perpetrator" { k.display_name(value) } else { value.clone() };
        let cred = f.credibility.map_or(String::new(), |c| format!("  [credibility {c}]"));
        let marks = match (f.contested, f.uncorroborated) {
            (true, true) => "  CONTESTED, UNCORROBORATED",
            (true, false) => "  CONTESTED",
            (false, true) => "  UNCORROBORATED",
            _ => "",
        };
        println!("\n  {}: {}{cred}{marks}", f.field.replace('_', " "), safe(&value));
        println!("    why: {}", safe(&f.reason));
        if let Some(r) = &f.credibility_reason {
            println!("    credibility: {}", safe(r));
        }
        if f.history.len() > 1 || f.field == "killed" || f.field == "injured" {
            for h in &f.history {
                let shown = if f.field == "perpetrator" { k.display_name(&h.value) } else { h.value.clone() };
                println!(
                    "    {}  {:<28} [{}] {}",
                    h.published.as_deref().map_or("undated   ", |p| p.get(..10).unwrap_or(p)),
                    cell(&shown, 28),
                    refs.get(&h.report).copied().unwrap_or_default(),
                    h.grade.as_str()
                );
            }
        }
    }
    if !assessment.flags.is_empty() {
        println!("\n  Flags:");
        for f in &assessment.flags {
            println!("    - {}", safe(f));
        }
    }
    println!("\n  Sources:");
    for (n, s) in assessment.sources.iter().enumerate() {
        let copy = s.copy_of.map_or(String::new(), |_| format!(", a copy of a {} story", safe(&s.counts_as)));
        let sourcing = s
            .named_sourcing
            .as_deref()
            .map_or(" names no source".to_string(), |n| format!(" sourcing: \"{}\"", safe(n)));
        println!(
            "  [{}] {} {} — graded {} ({}){copy};{sourcing}",
            n + 1,
            s.published.as_deref().map_or("undated", |p| p.get(..10).unwrap_or(p)),
            safe(&s.source),
            s.grade.as_str(),
            safe(&s.grade_note)
        );
        let spans: Vec<String> = s.evidence.iter().map(|e| format!("{}-{}", e.start, e.end)).collect();
        let evidence =
            if spans.is_empty() { String::new() } else { format!(", characters {}", spans.join(", ")) };
        println!(
            "      {} (document {}{evidence})",
            safe(s.title.as_deref().unwrap_or("untitled")),
            &s.doc[..s.doc.len().min(12)]
        );
    }
    Ok(ExitCode::SUCCESS)
}
