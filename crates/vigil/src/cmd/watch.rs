//! `vigil watch`: saved queries (a group, a place, an indicator, free text) and what is new for
//! each since its last run.

use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::Utc;
use serde::Serialize;
use vigil_app::Access;
use vigil_assess::scorecard::MARKERS;
use vigil_store::{Backend, Watch, WatchHits, WatchTarget};

use super::Settings;
use crate::cli::{WatchAddArgs, WatchArgs, WatchCommand, WatchKind, WatchRunArgs};
use crate::output::{self, safe};
use vigil_app::groups::group_and_branches;
use vigil_core::words::day;

pub fn run(settings: &Settings, args: WatchArgs) -> Result<ExitCode> {
    let mut store = settings.open(Access::Existing)?;
    match args.command {
        WatchCommand::Add(a) => add(&mut *store, settings, a),
        WatchCommand::List { json } => {
            let watches = store.watches()?;
            if json {
                output::json(&watches)?;
            } else if watches.is_empty() {
                println!("No watches (add one with `vigil watch add NAME QUERY`).");
            }
            for w in watches.iter().filter(|_| !json) {
                println!(
                    "{:<20} {:<10} {:<30} last run {}",
                    safe(&w.name),
                    kind(&w.target),
                    safe(&w.query),
                    w.last_run_at.as_deref().unwrap_or("never")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        WatchCommand::Remove { name } => {
            if !store.remove_watch(&name)? {
                bail!("no watch named {:?}", safe(&name));
            }
            println!("Removed watch {}", safe(&name));
            Ok(ExitCode::SUCCESS)
        }
        WatchCommand::Run(a) => run_watches(&mut *store, a),
    }
}

fn kind(t: &WatchTarget) -> &'static str {
    match t {
        WatchTarget::Group(_) => "group",
        WatchTarget::Place(_) => "place",
        WatchTarget::Indicator(_) => "indicator",
        WatchTarget::Text(_) => "text",
    }
}

/// What the query means: as the analyst said, or the first reading that fits — a group, a
/// resurgence marker, a country or region, else free text.
fn target(settings: &Settings, query: &str, asked: Option<WatchKind>) -> Result<WatchTarget> {
    let marker = query.trim().to_lowercase().replace([' ', '-'], "_");
    let group = || group_and_branches(&settings.knowledge, query).ok();
    let place = || vigil_extract::places::region_countries(query).map(|(_, codes)| codes);
    Ok(match asked {
        Some(WatchKind::Group) => WatchTarget::Group(group_and_branches(&settings.knowledge, query)?),
        Some(WatchKind::Place) => match place() {
            Some(codes) => WatchTarget::Place(codes),
            None => bail!("unknown place {:?} (not a country or a named region vigil knows)", safe(query)),
        },
        Some(WatchKind::Indicator) => {
            if !MARKERS.contains(&marker.as_str()) {
                bail!("unknown indicator {:?} (use one of {})", safe(query), MARKERS.join(", "));
            }
            WatchTarget::Indicator(marker)
        }
        Some(WatchKind::Text) => WatchTarget::Text(query.to_string()),
        None => {
            if let Some(ids) = group() {
                WatchTarget::Group(ids)
            } else if MARKERS.contains(&marker.as_str()) {
                WatchTarget::Indicator(marker)
            } else if let Some(codes) = place() {
                WatchTarget::Place(codes)
            } else {
                WatchTarget::Text(query.to_string())
            }
        }
    })
}

fn add(store: &mut dyn Backend, settings: &Settings, a: WatchAddArgs) -> Result<ExitCode> {
    let t = target(settings, &a.query, a.kind)?;
    if let WatchTarget::Text(q) = &t {
        vigil_store::to_fts5(q)?;
    }
    let seen = if a.from_start { 0 } else { store.latest_seq()? };
    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    store.add_watch(&a.name, &a.query, &t, &now, seen)?;
    println!(
        "Watching {} ({} watch); `vigil watch run` reports what is stored {}.",
        safe(&a.name),
        kind(&t),
        if a.from_start { "from the start" } else { "from now on" }
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Report<'a> {
    watch: &'a Watch,
    #[serde(flatten)]
    hits: WatchHits,
}

fn run_watches(store: &mut dyn Backend, a: WatchRunArgs) -> Result<ExitCode> {
    let watches: Vec<Watch> =
        store.watches()?.into_iter().filter(|w| a.name.as_ref().is_none_or(|n| *n == w.name)).collect();
    if let Some(name) = &a.name
        && watches.is_empty()
    {
        bail!("no watch named {:?}", safe(name));
    }
    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut reports = Vec::new();
    for w in &watches {
        let hits = store.watch_hits(&w.target, w.last_seq)?;
        if !a.peek {
            store.mark_watch(&w.name, hits.up_to, &now)?;
        }
        reports.push(Report { watch: w, hits });
    }
    if a.json {
        output::json(&reports)?;
        return Ok(ExitCode::SUCCESS);
    }
    if reports.is_empty() {
        println!("No watches (add one with `vigil watch add NAME QUERY`).");
    }
    for r in &reports {
        let h = &r.hits;
        println!(
            "{} ({} {}): {} new documents, {} incidents reported in them{}",
            safe(&r.watch.name),
            kind(&r.watch.target),
            safe(&r.watch.query),
            h.documents.len(),
            h.incidents.len(),
            if h.indicators.is_empty() {
                String::new()
            } else {
                format!(", {} evidence sentences", h.indicators.len())
            }
        );
        for d in h.documents.iter().take(20) {
            println!(
                "  {} {} {} — {}",
                d.id.short(),
                day(d.published.as_deref()),
                safe(&d.source),
                safe(d.title.as_deref().unwrap_or("untitled"))
            );
        }
        for i in &h.incidents {
            println!(
                "  incident #{} {} {} killed {} ({})",
                i.id.unwrap_or_default(),
                i.date.as_deref().unwrap_or("undated"),
                safe(i.place.as_deref().or(i.country.as_deref()).unwrap_or("?")),
                i.killed.map_or("?".into(), |k| k.to_string()),
                i.link
            );
        }
        for e in &h.indicators {
            println!(
                "  {} {} \"{}\" [{}]",
                e.stance,
                safe(&e.cue),
                safe(&vigil_core::words::excerpt(&e.cite.sentence, 120)),
                e.cite.doc.short()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
