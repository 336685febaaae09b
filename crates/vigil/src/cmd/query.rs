//! The query commands: `search`, `docs`, `show`, `stats`. Each prints a readable view, or
//! with `--json` the store's answer as it is.

use std::process::ExitCode;

use anyhow::{Result, bail};
use vigil_extract::Knowledge;
use vigil_store::{Backend, DocFilter, DocSummary, SearchQuery};

use vigil_app::Access;

use super::Settings;
use crate::cli::{CheckArgs, Filters, ListArgs, SearchArgs, ShowArgs};
use crate::output::{self, cell, highlight, safe};

fn open(settings: &Settings) -> Result<Box<dyn Backend>> {
    Ok(settings.open(Access::Read)?)
}

fn filter(f: Filters, knowledge: &Knowledge) -> Result<DocFilter> {
    let group = match f.group {
        None => None,
        Some(name) => match knowledge.resolve(&name) {
            Some(g) => Some(g.id.clone()),
            None => bail!(
                "unknown group {:?} (not an id, name or alias in the groups knowledge file)",
                safe(&name)
            ),
        },
    };
    let country = match f.country {
        None => None,
        Some(name) => match vigil_extract::places::country_code(&name) {
            Some(code) => Some(code),
            None => {
                bail!("unknown country {:?} (not an ISO code or a country name vigil knows)", safe(&name))
            }
        },
    };
    Ok(DocFilter {
        source: f.source,
        lang: f.lang,
        group,
        country,
        since: f.since,
        until: f.until,
        limit: f.limit,
        ..DocFilter::default()
    })
}

pub fn search(settings: &Settings, args: SearchArgs) -> Result<ExitCode> {
    let store = open(settings)?;
    let hits = store
        .search(&SearchQuery { text: args.query, filter: filter(args.filters, &settings.knowledge)? })?;
    // As grep and ripgrep: 0 when something matched, 1 when nothing did, 2 on an error.
    let found = if hits.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS };
    if args.json {
        output::json(&hits)?;
        return Ok(found);
    }
    if hits.is_empty() {
        println!("No documents match.");
    }
    for (i, hit) in hits.iter().enumerate() {
        let d = &hit.doc;
        println!(
            "{:>3}. {}  {}  {}  [{}]  score {:.2}",
            i + 1,
            d.id.short(),
            d.published.as_deref().map_or("undated   ", |p| p.get(..10).unwrap_or(p)),
            safe(&d.source),
            d.language,
            hit.score
        );
        println!("     {}", cell(d.title.as_deref().unwrap_or("(untitled)"), 90).trim_end());
        println!("     {}", highlight(&hit.snippet, &hit.highlights));
        if let Some(original) = &d.near_duplicate_of {
            println!("     near-duplicate of {}", original.short());
        }
    }
    Ok(found)
}

pub fn docs(settings: &Settings, args: ListArgs) -> Result<ExitCode> {
    let store = open(settings)?;
    let docs = store.documents(&filter(args.filters, &settings.knowledge)?)?;
    if args.json {
        output::json(&docs)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:<12}  {:<10}  {:<24}  {:<4}  TITLE", "ID", "PUBLISHED", "SOURCE", "LANG");
    for d in &docs {
        println!("{}", row(d));
    }
    Ok(ExitCode::SUCCESS)
}

fn row(d: &DocSummary) -> String {
    let dup = d
        .near_duplicate_of
        .as_ref()
        .map(|o| format!("  [near-duplicate of {}]", o.short()))
        .unwrap_or_default();
    format!(
        "{}  {:<10}  {}  {:<4}  {}{dup}",
        d.id.short(),
        d.published.as_deref().map_or("undated", |p| p.get(..10).unwrap_or(p)),
        cell(&d.source, 24),
        d.language,
        cell(d.title.as_deref().unwrap_or("(untitled)"), 60).trim_end()
    )
}

pub fn show(settings: &Settings, args: ShowArgs) -> Result<ExitCode> {
    let store = open(settings)?;
    let d = store.document(&args.id)?;
    if args.json {
        output::json(&d)?;
        return Ok(ExitCode::SUCCESS);
    }
    let field = |name: &str, value: Option<&str>| {
        if let Some(v) = value {
            println!("{name:<10} {}", safe(v));
        }
    };
    field("id", Some(d.doc.id.as_str()));
    field("title", d.doc.title.as_deref());
    field("source", Some(&d.doc.source));
    field("author", d.author.as_deref());
    field("url", d.doc.url.as_deref());
    let published = d
        .doc
        .published
        .as_deref()
        .map(|p| format!("{p} (from {})", d.doc.published_origin.as_deref().unwrap_or("?")));
    field("published", published.as_deref());
    field("language", Some(&format!("{} ({:.2})", d.doc.language, d.language_confidence)));
    field("format", Some(&d.doc.format));
    field("origin", Some(&d.doc.origin));
    field("ingested", Some(&d.ingested_at));
    if let Some(original) = &d.doc.near_duplicate_of {
        let similarity = d.doc.similarity.map_or(String::new(), |s| format!(" (similarity {s:.2})"));
        field("copy of", Some(&format!("{original}{similarity}")));
    }
    if !d.groups.is_empty() {
        let knowledge = &settings.knowledge;
        let groups: Vec<String> = d
            .groups
            .iter()
            .map(|c| format!("{} ({})", knowledge.display_name(&c.key), c.documents))
            .collect();
        field("groups", Some(&groups.join(", ")));
    }
    if !d.countries.is_empty() {
        let countries: Vec<String> = d
            .countries
            .iter()
            .map(|c| {
                let name = vigil_extract::places::country_label(&c.key);
                format!("{name} ({})", c.documents)
            })
            .collect();
        field("countries", Some(&countries.join(", ")));
    }
    if !d.people.is_empty() {
        let people: Vec<String> = d.people.iter().map(|c| format!("{} ({})", c.key, c.documents)).collect();
        field("people", Some(&people.join(", ")));
    }
    if !d.dates.is_empty() {
        let dates: Vec<String> = d.dates.iter().map(|m| format!("{} = {}", m.text, m.value)).collect();
        field("dates", Some(&dates.join("; ")));
    }
    for i in &d.incidents {
        let killed = i.killed.as_ref().map_or(String::new(), |k| format!(", {} killed", k.value));
        let injured = i.injured.as_ref().map_or(String::new(), |k| format!(", {} injured", k.value));
        let by = i
            .perpetrator
            .as_deref()
            .map_or(String::new(), |p| format!(", {} ({})", settings.knowledge.display_name(p), i.link));
        let line = format!(
            "{} {} {}{killed}{injured}{by}",
            i.date.as_deref().unwrap_or("undated"),
            i.place.as_deref().unwrap_or("unplaced"),
            i.attack_type.as_deref().unwrap_or("attack"),
        );
        field("incident", Some(&line));
    }
    println!("\n{}\n", safe(&d.text));
    if !d.near_duplicates.is_empty() {
        println!("Near-duplicates ({}):", d.near_duplicates.len());
        for n in &d.near_duplicates {
            println!("  {}", row(n));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn stats(settings: &Settings, args: ListArgs) -> Result<ExitCode> {
    let store = open(settings)?;
    let s = store.stats(&filter(args.filters, &settings.knowledge)?)?;
    if args.json {
        output::json(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} documents: {} originals, {} near-duplicates", s.documents, s.originals, s.near_duplicates);
    let knowledge = &settings.knowledge;
    let by_group: Vec<vigil_store::KeyCount> = s
        .by_group
        .iter()
        .map(|c| vigil_store::KeyCount { key: knowledge.display_name(&c.key), documents: c.documents })
        .collect();
    let by_country: Vec<vigil_store::KeyCount> = s
        .by_country
        .iter()
        .map(|c| {
            let name = vigil_extract::places::country_label(&c.key);
            vigil_store::KeyCount { key: format!("{name} ({})", c.key), documents: c.documents }
        })
        .collect();
    let sections = [
        ("Sources", &s.by_source),
        ("Languages", &s.by_language),
        ("Groups mentioned", &by_group),
        ("Countries named", &by_country),
        ("Months", &s.by_month),
    ];
    for (title, counts) in sections {
        println!("\n{title}");
        for c in counts {
            println!("  {:>6}  {}", c.documents, safe(&c.key));
        }
    }
    if let Some(run) = &s.last_run {
        let state = run.finished_at.as_deref().map_or("interrupted".to_string(), |f| format!("finished {f}"));
        println!(
            "\nLast ingest: {} documents stored, {} duplicates, {} near-duplicates, {} failed ({state})",
            run.ingested, run.duplicates, run.near_duplicates, run.failed
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil check`: the store's full integrity check, read-only.
pub fn check(settings: &Settings, args: CheckArgs) -> Result<ExitCode> {
    let store = open(settings)?;
    let problems = store.problems(true)?;
    let sound = problems.is_empty();
    if args.json {
        output::json(
            &serde_json::json!({"store": settings.store.to_string(), "sound": sound, "problems": problems}),
        )?;
    } else if sound {
        println!("{}: sound (full integrity check)", safe(&settings.store.to_string()));
    } else {
        println!("{}: damaged, {} problem(s):", safe(&settings.store.to_string()), problems.len());
        for p in &problems {
            println!("  {}", safe(p));
        }
        println!(
            "Restore a backup, or rebuild: sqlite3 STORE .recover | sqlite3 recovered.db, then vigil resolve --rebuild --db recovered.db"
        );
    }
    Ok(if sound { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
