//! `vigil eval`: extraction scored against the gold annotations in the repository, as
//! precision, recall and F1 per fact kind (groups, and each other kind whose gold file exists:
//! places, people, dates, quotes, incidents with their field accuracy). Tests hold floors on
//! these figures.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use serde::Serialize;
use vigil_extract::eval::{
    IncidentScores, IncidentsGold, IndicatorScores, IndicatorsGold, KindScores, OrganizationsGold,
    PeopleGold, PlacesGold, QuoteScores, QuotesGold, score_incidents, score_indicators, score_organizations,
    score_people, score_places, score_quotes,
};
use vigil_extract::goldset;
use vigil_extract::{
    DateScores, DatesGold, Extraction, Extractor, GroupScores, GroupsGold, Score, score_dates, score_groups,
};
use vigil_ingest::walk::{self, Location};

use super::Settings;
use crate::cli::EvalArgs;
use crate::output::{self, safe};

/// Per document: `(origin, missed, spurious)`.
type Errors = Vec<(String, Vec<String>, Vec<String>)>;

#[derive(Serialize)]
struct Report {
    gold: PathBuf,
    groups: GroupScores,
    places: Option<KindScores>,
    people: Option<KindScores>,
    organizations: Option<KindScores>,
    dates: Option<DateScores>,
    quotes: Option<QuoteScores>,
    incidents: Option<IncidentScores>,
    indicators: Option<IndicatorScores>,
    /// Incident resolution across documents: pairs of matched reports put in one incident,
    /// against pairs the gold gives one event.
    resolution: Option<ResolutionScores>,
}

#[derive(Serialize)]
struct ResolutionScores {
    reports: usize,
    events: usize,
    incidents: usize,
    pairs: Score,
    /// Gold events split over several incidents, and incidents holding several events.
    errors: Vec<String>,
}

pub fn run(settings: &Settings, args: EvalArgs) -> Result<ExitCode> {
    if let Some(set) = &args.gold_set {
        return run_set(settings, set, &args);
    }
    let gold = GroupsGold::from_toml(&read_gold(&args.gold, "groups.toml")?)
        .with_context(|| format!("in {}", args.gold.join("groups.toml").display()))?;
    let dates = optional(&args.gold, "dates.toml", DatesGold::from_toml)?;
    let places = optional(&args.gold, "places.toml", PlacesGold::from_toml)?;
    let people = optional(&args.gold, "people.toml", PeopleGold::from_toml)?;
    let quotes = optional(&args.gold, "quotes.toml", QuotesGold::from_toml)?;
    let organizations = optional(&args.gold, "organizations.toml", OrganizationsGold::from_toml)?;
    let incidents = optional(&args.gold, "incidents.toml", IncidentsGold::from_toml)?;
    let indicators = optional(&args.gold, "indicators.toml", IndicatorsGold::from_toml)?;
    let extractor = Extractor::new(settings.knowledge.clone());
    let mut origins: Vec<&str> = gold.docs.iter().map(|d| d.origin.as_str()).collect();
    origins.extend(dates.iter().flat_map(|d| d.docs.iter().map(|doc| doc.origin.as_str())));
    origins.extend(places.iter().flat_map(|d| d.docs.iter().map(|doc| doc.origin.as_str())));
    origins.extend(people.iter().flat_map(|d| d.docs.iter().map(|doc| doc.origin.as_str())));
    origins.extend(quotes.iter().flat_map(|d| d.docs.iter().map(|doc| doc.origin.as_str())));
    origins.extend(organizations.iter().flat_map(|d| d.docs.iter().map(|doc| doc.origin.as_str())));
    origins.extend(incidents.iter().flat_map(|d| d.docs.iter().map(|doc| doc.origin.as_str())));
    origins.extend(indicators.iter().flat_map(|d| d.docs.iter().map(|doc| doc.origin.as_str())));
    let (extracted, meta) = extract_all(&extractor, &origins)?;
    let report = Report {
        gold: args.gold.clone(),
        groups: score_groups(&gold, &extracted),
        places: places.map(|g| score_places(&g, &extracted)),
        people: people.map(|g| score_people(&g, &extracted)),
        organizations: organizations.map(|g| score_organizations(&g, &extracted)),
        dates: dates.map(|d| score_dates(&d, &extracted)),
        quotes: quotes.map(|g| score_quotes(&g, &extracted)),
        incidents: incidents.map(|g| score_incidents(&g, &extracted)),
        indicators: indicators.map(|g| score_indicators(&g, &extracted)),
        resolution: None,
    };
    let mut report = report;
    report.resolution =
        report.incidents.as_ref().map(|i| score_resolution(&i.aligned, &extracted, &meta, settings));
    if args.json {
        output::json(&report)?;
    } else {
        print(&report, args.errors);
    }
    Ok(ExitCode::SUCCESS)
}

/// A gold file that may be absent (an analyst's own gold set may cover fewer kinds).
fn optional<T, E: std::error::Error + Send + Sync + 'static>(
    dir: &Path,
    name: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>> {
    let path = dir.join(name);
    if !path.exists() {
        return Ok(None);
    }
    let text = read_gold(dir, name)?;
    Ok(Some(parse(&text).with_context(|| format!("in {}", path.display()))?))
}

fn read_gold(dir: &Path, name: &str) -> Result<String> {
    let path = dir.join(name);
    std::fs::read_to_string(&path).with_context(|| format!("cannot read gold annotations {}", path.display()))
}

/// Resolves every extracted incident of the gold documents as `vigil resolve` would, and
/// scores the pairs of gold-matched reports: same incident vs same gold event.
fn score_resolution(
    aligned: &[(String, usize, String)],
    extracted: &HashMap<String, Extraction>,
    meta: &HashMap<String, Meta>,
    settings: &Settings,
) -> ResolutionScores {
    let mut origins: Vec<&String> = extracted.keys().collect();
    origins.sort();
    let mut reports = Vec::new();
    let mut keys = HashMap::new();
    for origin in origins {
        let m = &meta[origin];
        for (i, incident) in extracted[origin].incidents.iter().enumerate() {
            let id = reports.len() as i64;
            keys.insert((origin.as_str(), i), id);
            reports.push(vigil_core::IncidentReport {
                id,
                doc: vigil_core::DocId::for_text(origin),
                doc_seq: id,
                title: None,
                source: m.source.clone(),
                url: None,
                published: m.published.clone(),
                original: id,
                original_source: m.source.clone(),
                reading: incident.stored(),
            });
        }
    }
    let groups = vigil_app::groups::KnowledgeGroups::new(&settings.knowledge);
    let mut resolver = vigil_assess::Resolver::new(&groups);
    let assignments = resolver.assign(&reports.iter().collect::<Vec<_>>());
    let target: HashMap<i64, vigil_assess::Target> =
        assignments.iter().map(|a| (a.report, a.target)).collect();
    let labelled: Vec<(vigil_assess::Target, &str)> = aligned
        .iter()
        .filter_map(|(origin, i, event)| Some((target[keys.get(&(origin.as_str(), *i))?], event.as_str())))
        .collect();
    let describe = |t: vigil_assess::Target| -> String {
        let members: Vec<String> = aligned
            .iter()
            .filter(|(o, i, _)| keys.get(&(o.as_str(), *i)).is_some_and(|id| target[id] == t))
            .map(|(o, i, e)| {
                let r = &reports[keys[&(o.as_str(), *i)] as usize].reading;
                format!(
                    "{} ({} {} {})",
                    o.rsplit('/').next().unwrap_or(o),
                    r.date.as_deref().unwrap_or("?"),
                    r.city.as_deref().or(r.country.as_deref()).unwrap_or("?"),
                    e
                )
            })
            .collect();
        members.join("; ")
    };
    let mut errors = Vec::new();
    let events: BTreeSet<&str> = labelled.iter().map(|l| l.1).collect();
    for event in &events {
        let targets: BTreeSet<vigil_assess::Target> =
            labelled.iter().filter(|l| l.1 == *event).map(|l| l.0).collect();
        if targets.len() > 1 {
            let parts: Vec<String> = targets.iter().map(|t| format!("[{}]", describe(*t))).collect();
            errors.push(format!("{event} split: {}", parts.join(" ")));
        }
    }
    let targets: BTreeSet<vigil_assess::Target> = labelled.iter().map(|l| l.0).collect();
    for t in targets {
        let held: BTreeSet<&str> = labelled.iter().filter(|l| l.0 == t).map(|l| l.1).collect();
        if held.len() > 1 {
            errors.push(format!(
                "one incident holds {}: {}",
                held.into_iter().collect::<Vec<_>>().join(", "),
                describe(t)
            ));
        }
    }
    let (mut gold, mut found, mut correct) = (0, 0, 0);
    for (a, x) in labelled.iter().enumerate() {
        for y in &labelled[a + 1..] {
            let same_event = x.1 == y.1;
            let same_incident = x.0 == y.0;
            gold += usize::from(same_event);
            found += usize::from(same_incident);
            correct += usize::from(same_event && same_incident);
        }
    }
    ResolutionScores {
        reports: labelled.len(),
        events: labelled.iter().map(|l| l.1).collect::<BTreeSet<_>>().len(),
        incidents: labelled.iter().map(|l| l.0).collect::<BTreeSet<_>>().len(),
        pairs: Score::new(gold, found, correct),
        errors,
    }
}

/// What resolution needs to know of a gold document.
struct Meta {
    source: String,
    published: Option<String>,
}

/// Extracts every file the gold names, keyed by document origin.
fn extract_all(
    extractor: &Extractor,
    origins: &[&str],
) -> Result<(HashMap<String, Extraction>, HashMap<String, Meta>)> {
    let files: BTreeSet<&str> = origins.iter().map(|o| o.split('#').next().unwrap_or(o)).collect();
    let mut out = HashMap::new();
    let mut meta = HashMap::new();
    let now = Utc::now();
    for file in files {
        let read = extract_file(extractor, Path::new(file), now)
            .context("a gold document cannot be read (run vigil eval from the repository root)")?;
        for (doc, facts) in read {
            out.insert(doc.origin.clone(), facts);
            let published = doc.published.as_ref().map(|p| p.to_iso());
            meta.insert(doc.origin.clone(), Meta { source: doc.source.clone(), published });
        }
    }
    if let Some(missing) = origins.iter().find(|o| !out.contains_key(**o)) {
        bail!("the gold annotates {missing}, which is not a document vigil reads");
    }
    Ok((out, meta))
}

/// The documents of one file and their facts, read and extracted as `vigil extract` does.
fn extract_file(
    extractor: &Extractor,
    path: &Path,
    now: chrono::DateTime<Utc>,
) -> Result<Vec<(vigil_core::Document, Extraction)>> {
    let input = walk::read(&Location::File(path.to_path_buf()), 50 << 20)?;
    let docs = vigil_ingest::parse(&input).into_iter().flatten();
    Ok(docs
        .map(|draft| {
            let doc = vigil_ingest::finish(draft, &input, &Default::default(), now);
            let facts = extractor.extract(&doc.text, doc.published.map(|p| p.date));
            (doc, facts)
        })
        .collect())
}

fn print(r: &Report, errors: bool) {
    println!("vigil eval: {} documents annotated in {}", r.groups.documents, r.gold.display());
    println!(
        "{:<22} {:>6} {:>6} {:>8} {:>10} {:>7} {:>6}",
        "fact kind", "gold", "found", "correct", "precision", "recall", "F1"
    );
    let row = |name: &str, s: &Score| {
        println!(
            "{name:<22} {:>6} {:>6} {:>8} {:>10.3} {:>7.3} {:>6.3}",
            s.gold, s.found, s.correct, s.precision, s.recall, s.f1
        )
    };
    row("groups (per document)", &r.groups.groups);
    row("group mentions", &r.groups.mentions);
    if let Some(p) = &r.places {
        row("place mentions", &p.score);
    }
    if let Some(p) = &r.people {
        row("people", &p.score);
    }
    if let Some(o) = &r.organizations {
        row("organisation mentions", &o.score);
    }
    if let Some(d) = &r.dates {
        row("date expressions", &d.detection);
        println!("{:<22} {:>49.3}", "dates normalised", d.normalised);
    }
    if let Some(q) = &r.quotes {
        row("quotes", &q.found);
        row("quotes with speaker", &q.attributed);
    }
    if let Some(i) = &r.incidents {
        row("incidents", &i.incidents);
        for (field, right, of) in &i.fields {
            let accuracy = if *of == 0 { 1.0 } else { *right as f64 / *of as f64 };
            println!(
                "{:<22} {:>6} {:>6} {:>8} {:>10} {:>7} {:>6.3}",
                format!("  {field}"),
                of,
                "",
                right,
                "",
                "",
                accuracy
            );
        }
    }
    if let Some(i) = &r.indicators {
        row("indicator evidence", &i.found);
        for (field, right) in [("stance", i.stance_right), ("group", i.group_right)] {
            let accuracy = if i.matched == 0 { 1.0 } else { right as f64 / i.matched as f64 };
            println!(
                "{:<22} {:>6} {:>6} {:>8} {:>10} {:>7} {:>6.3}",
                format!("  {field}"),
                i.matched,
                "",
                right,
                "",
                "",
                accuracy
            );
        }
    }
    if let Some(res) = &r.resolution {
        row("incident resolution", &res.pairs);
        println!(
            "{:<22} {} matched reports of {} events resolved into {} incidents (pairs of reports scored)",
            "", res.reports, res.events, res.incidents
        );
    }
    if errors && let Some(res) = &r.resolution {
        for e in &res.errors {
            println!("\nresolution: {}", safe(e));
        }
    }
    if errors {
        let kinds: [(&str, Option<&Errors>); 6] = [
            ("places", r.places.as_ref().map(|k| &k.errors)),
            ("people", r.people.as_ref().map(|k| &k.errors)),
            ("organisations", r.organizations.as_ref().map(|k| &k.errors)),
            ("quotes", r.quotes.as_ref().map(|k| &k.errors)),
            ("incidents", r.incidents.as_ref().map(|k| &k.errors)),
            ("indicators", r.indicators.as_ref().map(|k| &k.errors)),
        ];
        for (kind, list) in kinds {
            for (origin, missed, spurious) in list.into_iter().flatten() {
                println!("\n{} ({kind})", safe(origin));
                missed.iter().for_each(|m| println!("  missed   {}", safe(m)));
                spurious.iter().for_each(|s| println!("  spurious {}", safe(s)));
            }
        }
        for e in r.dates.iter().flat_map(|d| &d.errors) {
            println!("\n{} (dates)", safe(&e.origin));
            e.missed.iter().for_each(|m| println!("  missed   {}", safe(m)));
            e.spurious.iter().for_each(|s| println!("  spurious {}", safe(s)));
            e.misread.iter().for_each(|m| println!("  misread  {}", safe(m)));
        }
        for (origin, missed, spurious) in &r.groups.errors {
            if !missed.is_empty() || !spurious.is_empty() {
                println!("\n{}", safe(origin));
                missed.iter().for_each(|m| println!("  missed   {}", safe(m)));
                spurious.iter().for_each(|s| println!("  spurious {}", safe(s)));
            }
        }
    }
}

/// `vigil eval --gold-set PATH`: a `vigil-gold/1` set (`PATH/gold.json` over `PATH/docs/`),
/// each document read and extracted as `vigil extract FILE --json` would.
fn run_set(settings: &Settings, dir: &Path, args: &EvalArgs) -> Result<ExitCode> {
    let path = dir.join("gold.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the gold set {}", path.display()))?;
    let gold = goldset::GoldSet::from_json(&text).with_context(|| format!("in {}", path.display()))?;
    let extractor = Extractor::new(settings.knowledge.clone());
    let now = Utc::now();
    let mut predicted = HashMap::new();
    for file in gold.files() {
        let doc_path = dir.join("docs").join(file);
        let read = extract_file(&extractor, &doc_path, now).with_context(|| {
            format!("the gold set annotates {}, which cannot be read", doc_path.display())
        })?;
        let values = read.iter().map(|(_, facts)| serde_json::to_value(facts)).collect::<Result<_, _>>()?;
        predicted.insert(file.to_string(), goldset::merge(values));
    }
    let scores = goldset::score(&gold, &predicted);
    if args.json {
        output::json(&SetReport { gold: dir, scores: &scores })?;
    } else {
        print_set(dir, &scores, args.errors);
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct SetReport<'a> {
    gold: &'a Path,
    #[serde(flatten)]
    scores: &'a goldset::SetScores,
}

fn print_set(dir: &Path, s: &goldset::SetScores, errors: bool) {
    println!("vigil eval: {} documents annotated in {}", s.documents, dir.join("gold.json").display());
    println!(
        "{:<22} {:>6} {:>6} {:>8} {:>10} {:>7} {:>6}",
        "fact kind", "gold", "found", "correct", "precision", "recall", "F1"
    );
    for (kind, k) in &s.kinds {
        println!(
            "{kind:<22} {:>6} {:>6} {:>8} {:>10.3} {:>7.3} {:>6.3}",
            k.gold, k.found, k.gold_found, k.precision, k.recall, k.f1
        );
    }
    println!("{:<22} {:>6} {:>15}", "matched field", "of", "accuracy");
    for (field, right, of) in &s.fields {
        let accuracy = if *of == 0 { 1.0 } else { *right as f64 / *of as f64 };
        println!("{:<22} {:>6} {:>8} {:>6.3}", format!("  {field}"), of, right, accuracy);
    }
    if errors {
        for e in &s.errors {
            println!("\n{} ({})", safe(&e.file), e.kind);
            e.missed.iter().for_each(|m| println!("  missed   {}", safe(m)));
            e.spurious.iter().for_each(|m| println!("  spurious {}", safe(m)));
            e.wrong.iter().for_each(|m| println!("  wrong    {}", safe(m)));
        }
    }
}
