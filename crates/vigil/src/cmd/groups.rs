//! `vigil group NAME` (key facts at a glance) and `vigil indicators GROUP` (the resurgence
//! scorecard), both built from facts across documents, every line with its citations.

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, Utc};
use serde::Serialize;
use vigil_assess::assess::Assessment;
use vigil_assess::scorecard::{Evidence, LinkShare, Scorecard, scorecard};
use vigil_extract::{Designation, Group};
use vigil_store::{
    AnalystStore, Citation, CitedFigure, CitedQuote, Coverage, DocFilter, IncidentFilter, IncidentRecord,
    IncidentStore, Judgment, ProfileStore, SqliteStore, Store,
};

use super::Settings;
use super::incidents::group_and_branches;
use crate::cli::{GroupArgs, IndicatorsArgs, PeopleArgs};
use crate::output::{self, safe};

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hotspot {
    pub place: String,
    pub country: Option<String>,
    pub incidents: Vec<i64>,
    pub killed: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outlet {
    pub name: String,
    pub mentions: usize,
    pub documents: usize,
    pub cite: Citation,
}

#[derive(Debug, Clone, Serialize)]
pub struct Year {
    pub year: String,
    pub incidents: Vec<i64>,
    pub killed: u64,
    pub injured: u64,
    pub links: LinkShare,
}

/// An incident with the citations of its sources (the first evidence sentence of each).
#[derive(Debug, Clone, Serialize)]
pub struct CitedIncident {
    #[serde(flatten)]
    pub record: IncidentRecord,
    pub sources: Vec<Citation>,
    /// The killed field's credibility and flags, from the assessment.
    pub killed_credibility: Option<u8>,
    pub flags: Vec<String>,
    /// Toll changes: (published, value, citation index into `sources`).
    pub killed_history: Vec<(Option<String>, String, Option<usize>)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub aliases: Vec<String>,
    pub parent: Option<Named>,
    pub branches: Vec<Named>,
    pub regions: Vec<String>,
    pub designations: Vec<Designation>,
    pub note: Option<String>,
    pub coverage: Coverage,
    pub hotspots: Vec<Hotspot>,
    pub strength: Vec<CitedFigure>,
    pub outlets: Vec<Outlet>,
    pub years: Vec<Year>,
    pub incidents: Vec<CitedIncident>,
    /// The latest quotations that name the group, newest first.
    pub quotes: Vec<CitedQuote>,
}

pub fn lookup<'k>(settings: &'k Settings, name: &str) -> Result<&'k Group> {
    settings.knowledge.resolve(name).with_context(|| {
        format!("unknown group {:?} (not an id, name or alias in the groups knowledge file)", safe(name))
    })
}

/// An incident's sources as citations, from its stored assessment.
pub fn cite_incident(store: &SqliteStore, record: IncidentRecord) -> Result<CitedIncident> {
    let id = record.id.unwrap_or_default();
    let full = store.incident(id)?;
    let assessment: Assessment = serde_json::from_str(&full.assessment)
        .with_context(|| format!("the stored assessment of incident {id} cannot be read"))?;
    let mut sources = Vec::new();
    let mut by_report = BTreeMap::new();
    for s in &assessment.sources {
        let Some(span) = s.evidence.first() else { continue };
        let Some(doc) = vigil_core::DocId::parse(&s.doc) else { continue };
        if let Some(c) = store.citation(&doc, span.start, span.end)? {
            s.reports.iter().for_each(|r| {
                by_report.insert(*r, sources.len());
            });
            sources.push(c);
        }
    }
    let killed = assessment.fields.iter().find(|f| f.field == "killed");
    Ok(CitedIncident {
        record,
        sources,
        killed_credibility: killed.and_then(|f| f.credibility),
        flags: assessment.flags.clone(),
        killed_history: killed
            .map(|f| {
                f.history
                    .iter()
                    .map(|h| (h.published.clone(), h.value.clone(), by_report.get(&h.report).copied()))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

pub fn profile(store: &SqliteStore, settings: &Settings, group: &Group) -> Result<Profile> {
    profile_citing(store, settings, group, usize::MAX)
}

/// A group's profile with its `cited` latest incidents (and only those) in `incidents`, with
/// their citations; hotspots and years still count every incident. The dashboard shows the
/// latest few, and citing thousands would cost it seconds on a large store.
pub fn profile_citing(
    store: &SqliteStore,
    settings: &Settings,
    group: &Group,
    cited: usize,
) -> Result<Profile> {
    let k = &settings.knowledge;
    let ids = group_and_branches(k, &group.id)?;
    let named =
        |id: &str| Named { id: id.to_string(), name: k.group(id).map_or(id.to_string(), |g| g.name.clone()) };
    let records = store.incidents(&IncidentFilter { groups: ids.clone(), ..IncidentFilter::default() })?;
    let mut hotspots: BTreeMap<(String, Option<String>), Hotspot> = BTreeMap::new();
    let mut years: BTreeMap<String, Year> = BTreeMap::new();
    for r in &records {
        let id = r.id.unwrap_or_default();
        let place = r
            .place
            .clone()
            .or_else(|| r.country.as_deref().map(vigil_extract::places::country_label))
            .unwrap_or_else(|| "unknown".into());
        let h = hotspots.entry((place.clone(), r.country.clone())).or_insert_with(|| Hotspot {
            place,
            country: r.country.clone(),
            incidents: Vec::new(),
            killed: 0,
        });
        h.incidents.push(id);
        h.killed += r.killed.unwrap_or(0);
        let year = r.date.as_deref().and_then(|d| d.get(..4)).unwrap_or("undated").to_string();
        let y = years.entry(year.clone()).or_insert_with(|| Year {
            year,
            incidents: Vec::new(),
            killed: 0,
            injured: 0,
            links: LinkShare::default(),
        });
        y.incidents.push(id);
        y.killed += r.killed.unwrap_or(0);
        y.injured += r.injured.unwrap_or(0);
        y.links.add(&r.link);
    }
    let mut incidents = Vec::with_capacity(records.len().min(cited));
    for r in records.into_iter().take(cited) {
        incidents.push(cite_incident(store, r)?);
    }
    let mut hotspots: Vec<Hotspot> = hotspots.into_values().collect();
    hotspots.sort_by(|a, b| b.incidents.len().cmp(&a.incidents.len()).then(b.killed.cmp(&a.killed)));
    let mut outlets: BTreeMap<String, (usize, BTreeSet<String>, Citation)> = BTreeMap::new();
    for o in store.group_organizations(&ids, "propaganda_outlet")? {
        let e = outlets.entry(o.name.clone()).or_insert_with(|| (0, BTreeSet::new(), o.cite.clone()));
        e.0 += 1;
        e.1.insert(o.cite.doc.as_str().to_string());
    }
    let mut outlets: Vec<Outlet> = outlets
        .into_iter()
        .map(|(name, (mentions, docs, cite))| Outlet { name, mentions, documents: docs.len(), cite })
        .collect();
    outlets.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.name.cmp(&b.name)));
    let mut quotes = store.group_quotes(&ids)?;
    quotes.reverse();
    quotes.truncate(5);
    let mut seen = BTreeSet::new();
    let aliases: Vec<String> =
        group.aliases.iter().chain(&group.acronyms).filter(|a| seen.insert(a.as_str())).cloned().collect();
    Ok(Profile {
        id: group.id.clone(),
        name: group.name.clone(),
        kind: group.kind.clone(),
        aliases,
        parent: group.parent.as_deref().map(named),
        branches: k
            .groups
            .iter()
            .filter(|g| g.parent.as_deref() == Some(&group.id))
            .map(|g| named(&g.id))
            .collect(),
        regions: group.regions.clone(),
        designations: group.designations.clone(),
        note: group.note.clone(),
        coverage: store.group_coverage(&ids)?,
        hotspots,
        strength: store.group_figures(&ids, "fighters")?,
        outlets,
        years: years.into_values().rev().collect(),
        incidents,
        quotes,
    })
}

/// `[document 1234abcd, characters 10-52]`
pub fn cite_short(c: &Citation) -> String {
    format!(
        "[{} {}, {}, chars {}-{}]",
        safe(&c.source),
        day(c.published.as_deref()),
        c.doc.short(),
        c.start,
        c.end
    )
}

pub fn day(published: Option<&str>) -> &str {
    published.map_or("undated", |p| p.get(..10).unwrap_or(p))
}

pub fn show_group(settings: &Settings, args: GroupArgs) -> Result<ExitCode> {
    let store = SqliteStore::open(&settings.db)?;
    let group = lookup(settings, &args.name)?;
    let p = profile(&store, settings, group)?;
    if args.json {
        output::json(&p)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} ({})", safe(&p.name), p.id);
    if let Some(kind) = &p.kind {
        println!("  kind         {}", safe(kind));
    }
    if !p.aliases.is_empty() {
        println!("  aliases      {}", safe(&p.aliases.join(", ")));
    }
    if let Some(parent) = &p.parent {
        println!("  part of      {}", safe(&parent.name));
    }
    if !p.branches.is_empty() {
        let names: Vec<&str> = p.branches.iter().map(|b| b.name.as_str()).collect();
        println!("  branches     {}", safe(&names.join(", ")));
    }
    if !p.regions.is_empty() {
        println!("  regions      {}", safe(&p.regions.join(", ")));
    }
    for d in &p.designations {
        let year = d.year.map_or(String::new(), |y| format!(" ({y})"));
        println!(
            "  designated   {}: {}{year}, {} — {}",
            safe(&d.by),
            safe(&d.list),
            safe(&d.status),
            safe(&d.source)
        );
    }
    println!(
        "  reporting    {} documents, {} to {}",
        p.coverage.documents,
        day(p.coverage.first_published.as_deref()),
        day(p.coverage.last_published.as_deref())
    );
    println!("\nRegional hotspots (places of its incidents):");
    if p.hotspots.is_empty() {
        println!("  none in the store");
    }
    for h in p.hotspots.iter().take(10) {
        let ids: Vec<String> = h.incidents.iter().map(|i| format!("#{i}")).collect();
        println!(
            "  {:<28} {} incidents, {} killed  (incidents {})",
            safe(&h.place),
            h.incidents.len(),
            h.killed,
            ids.join(" ")
        );
    }
    println!("\nStrength estimates:");
    if p.strength.is_empty() {
        println!("  none in the store");
    }
    for f in &p.strength {
        let value = match (f.low, f.high) {
            (Some(l), Some(h)) => format!("{l}–{h}"),
            _ => f.value.to_string(),
        };
        let q = f.qualifier.as_deref().map_or(String::new(), |q| format!("{q} "));
        let by = f
            .attributed_to
            .as_deref()
            .map_or("unattributed".to_string(), |a| format!("according to {}", safe(a)));
        println!("  {q}{value} fighters, {by} {}", cite_short(&f.cite));
    }
    println!("\nPropaganda outlets named with it:");
    if p.outlets.is_empty() {
        println!("  none in the store");
    }
    for o in &p.outlets {
        println!("  {:<28} {} documents {}", safe(&o.name), o.documents, cite_short(&o.cite));
    }
    println!("\nIncidents by year:");
    for y in &p.years {
        let l = &y.links;
        println!(
            "  {:<8} {:>3} incidents, {:>4} killed, {:>4} injured; {} directed, {} enabled, {} inspired, {} claimed, {} alleged",
            y.year,
            y.incidents.len(),
            y.killed,
            y.injured,
            l.directed,
            l.enabled,
            l.inspired,
            l.claimed,
            l.alleged
        );
    }
    println!("\nIncidents (most recent first; `vigil incident ID` for histories):");
    for i in p.incidents.iter().take(15) {
        let r = &i.record;
        let sources: Vec<String> = i.sources.iter().take(3).map(cite_short).collect();
        println!(
            "  #{:<4} {} {} {}, killed {}, {}, {} sources {}",
            r.id.unwrap_or_default(),
            r.date.as_deref().unwrap_or("undated"),
            r.attack_type.as_deref().unwrap_or("attack").replace('_', " "),
            safe(r.place.as_deref().or(r.country.as_deref()).unwrap_or("?")),
            r.killed.map_or("?".into(), |k| k.to_string()),
            r.link,
            r.sources,
            sources.join(" ")
        );
    }
    println!("\nLatest quotes about it:");
    if p.quotes.is_empty() {
        println!("  none in the store");
    }
    for q in &p.quotes {
        let who = q.speaker.as_deref().unwrap_or("unattributed");
        println!("  \"{}\" — {} {}", safe(&q.text), safe(who), cite_short(&q.cite));
    }
    Ok(ExitCode::SUCCESS)
}

/// Where a scorecard looks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scope {
    pub region: Option<String>,
    pub countries: Vec<String>,
    pub since: Option<NaiveDate>,
}

impl Scope {
    pub fn new(region: Option<&str>, since: Option<NaiveDate>) -> Result<Scope> {
        let (region, countries) = match region {
            None => (None, Vec::new()),
            Some(name) => match vigil_extract::places::region_countries(name) {
                Some((name, codes)) => (Some(name), codes),
                None => {
                    bail!("unknown region {:?} (not a country or a named region vigil knows)", safe(name))
                }
            },
        };
        Ok(Scope { region, countries, since })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoredGroup {
    pub group: Named,
    pub scope: Scope,
    #[serde(flatten)]
    pub card: Scorecard,
}

/// The scorecard of a group (and its branches) within a scope.
pub fn score(
    store: &mut SqliteStore,
    settings: &Settings,
    group: &Group,
    scope: &Scope,
) -> Result<ScoredGroup> {
    let profiles = settings.sources(store)?;
    let ids = group_and_branches(&settings.knowledge, &group.id)?;
    let mut in_region: Option<BTreeSet<String>> = None;
    if !scope.countries.is_empty() {
        let mut docs = BTreeSet::new();
        for code in &scope.countries {
            let filter = DocFilter { country: Some(code.clone()), ..DocFilter::default() };
            docs.extend(store.documents(&filter)?.into_iter().map(|d| d.id.as_str().to_string()));
        }
        in_region = Some(docs);
    }
    let since = scope.since.map(|d| d.to_string());
    let evidence: Vec<Evidence> = store
        .group_indicators(&ids)?
        .into_iter()
        .filter(|e| in_region.as_ref().is_none_or(|docs| docs.contains(e.cite.doc.as_str())))
        .filter(|e| since.as_deref().is_none_or(|s| e.cite.published.as_deref().is_some_and(|p| p >= s)))
        .map(|e| Evidence {
            indicator: e.indicator,
            stance: e.stance,
            cue: e.cue,
            group_basis: e.group_basis,
            doc: e.cite.doc.as_str().to_string(),
            source: e.cite.source,
            url: e.cite.url,
            published: e.cite.published,
            counts_as: e.cite.counts_as,
            start: e.cite.start,
            end: e.cite.end,
            sentence: e.cite.sentence,
        })
        .collect();
    let mut links = LinkShare::default();
    let filter = IncidentFilter { groups: ids, since: scope.since, ..IncidentFilter::default() };
    for i in store.incidents(&filter)? {
        if scope.countries.is_empty() || i.country.as_ref().is_some_and(|c| scope.countries.contains(c)) {
            links.add(&i.link);
        }
    }
    Ok(ScoredGroup {
        group: Named { id: group.id.clone(), name: group.name.clone() },
        scope: scope.clone(),
        card: scorecard(&evidence, links, &profiles),
    })
}

pub fn indicators(settings: &Settings, args: IndicatorsArgs) -> Result<ExitCode> {
    let mut store = SqliteStore::open(&settings.db)?;
    let group = lookup(settings, &args.group)?;
    let scope = Scope::new(args.region.as_deref(), args.since)?;
    let scored = score(&mut store, settings, group, &scope)?;
    // The reading is a judgment: kept, with its reasons, apart from the facts.
    store.save_judgment(&Judgment {
        id: None,
        kind: "scorecard".into(),
        subject: group.id.clone(),
        scope: serde_json::to_string(&scope)?,
        made_at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        reading: scored.card.reading.clone(),
        body: serde_json::to_string(&scored)?,
    })?;
    if args.json {
        output::json(&scored)?;
        return Ok(ExitCode::SUCCESS);
    }
    let region = scope.region.as_deref().map_or(String::new(), |r| format!(" in {r}"));
    let since = scope.since.map_or(String::new(), |s| format!(" since {s}"));
    println!("Indicator scorecard: {}{region}{since}", safe(&group.name));
    println!("\n  Reading: {}", scored.card.reading.to_uppercase());
    for r in &scored.card.reasons {
        println!("    - {}", safe(r));
    }
    for m in &scored.card.markers {
        println!("\n  {:<20} {}", m.indicator.replace('_', " "), m.status.to_uppercase());
        println!("    {}", safe(&m.reason));
        for e in m.evidence.iter().take(args.evidence) {
            let mut flag = if e.uncorroborated { " UNCORROBORATED".to_string() } else { String::new() };
            if e.evidence.group_basis == "document" {
                flag.push_str(", group inferred from the document");
            }
            println!(
                "    {} {:<7} \"{}\" [{} {}, graded {}{flag}, {}, chars {}-{}]",
                if e.evidence.stance == "for" { "+" } else { "-" },
                safe(&e.evidence.cue),
                safe(&excerpt(&e.evidence.sentence, 140)),
                safe(&e.evidence.source),
                day(e.evidence.published.as_deref()),
                e.grade.as_str(),
                &e.evidence.doc[..12.min(e.evidence.doc.len())],
                e.evidence.start,
                e.evidence.end
            );
        }
        if m.evidence.len() > args.evidence {
            println!("    ... {} more (--evidence N, or --json)", m.evidence.len() - args.evidence);
        }
    }
    let l = &scored.card.links;
    println!(
        "\n  Incidents: {} — {} directed, {} enabled, {} inspired, {} claimed only, {} alleged, {} unknown",
        l.incidents, l.directed, l.enabled, l.inspired, l.claimed, l.alleged, l.unknown
    );
    Ok(ExitCode::SUCCESS)
}

/// The first `max` characters of a sentence, on a word boundary.
pub fn excerpt(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.trim().to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end())
}

pub fn people(settings: &Settings, args: PeopleArgs) -> Result<ExitCode> {
    let store = SqliteStore::open(&settings.db)?;
    let cites = if args.name.is_some() { 10 } else { 1 };
    let people = store.people(args.name.as_deref(), args.limit, cites)?;
    if args.json {
        output::json(&people)?;
        return Ok(ExitCode::SUCCESS);
    }
    if people.is_empty() {
        println!("No people match.");
    }
    for p in &people {
        let roles = if p.roles.is_empty() { String::new() } else { format!(" — {}", p.roles.join("; ")) };
        println!(
            "{}{}\n  {} documents, {} mentions, {} quotes, {} to {}",
            safe(&p.name),
            safe(&roles),
            p.documents,
            p.mentions,
            p.quotes,
            day(p.first_published.as_deref()),
            day(p.last_published.as_deref())
        );
        if p.spellings.len() > 1 {
            println!("  also written: {}", safe(&p.spellings.join(", ")));
        }
        for c in &p.cites {
            println!("  {} \"{}\"", cite_short(c), safe(&excerpt(&c.sentence, 120)));
        }
    }
    Ok(ExitCode::SUCCESS)
}
