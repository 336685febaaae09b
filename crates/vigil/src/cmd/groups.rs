//! `vigil group NAME` (key facts at a glance) and `vigil indicators GROUP` (the resurgence
//! scorecard), both built from facts across documents, every line with its citations.

use std::process::ExitCode;
use vigil_core::words::{counted, day, excerpt, summed_toll};

use anyhow::Result;
use chrono::Utc;
use vigil_app::Access;
use vigil_app::groups::{Scope, keep_scorecard, lookup, profile, score};
use vigil_store::Citation;

use super::Settings;
use crate::cli::{GroupArgs, IndicatorsArgs, PeopleArgs};
use crate::output::{self, safe};

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

pub fn show_group(settings: &Settings, args: GroupArgs) -> Result<ExitCode> {
    let store = settings.open(Access::Read)?;
    let group = lookup(settings, &args.name)?;
    let p = profile(&*store, settings, group)?;
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
            "  {:<28} {}, {}  (incidents {})",
            safe(&h.place),
            counted(h.incidents.len(), "incident", "incidents"),
            summed_toll(h.killed, h.killed_unknown, h.incidents.len(), "killed"),
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
            "  {:<8} {}, {}, {}; {} directed, {} enabled, {} inspired, {} claimed, {} alleged",
            y.year,
            counted(y.incidents.len(), "incident", "incidents"),
            summed_toll(y.killed, y.killed_unknown, y.incidents.len(), "killed"),
            summed_toll(y.injured, y.injured_unknown, y.incidents.len(), "injured"),
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
            "  #{:<4} {} {} {}, killed {}, {}, {} {}",
            r.id.unwrap_or_default(),
            r.date.as_deref().unwrap_or("undated"),
            r.attack_type.as_deref().unwrap_or("attack").replace('_', " "),
            safe(r.place.as_deref().or(r.country.as_deref()).unwrap_or("?")),
            r.killed.map_or("?".into(), |k| k.to_string()),
            r.link,
            counted(r.sources as usize, "source", "sources"),
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

pub fn indicators(settings: &Settings, args: IndicatorsArgs) -> Result<ExitCode> {
    let mut store = settings.open(Access::Existing)?;
    let group = lookup(settings, &args.group)?;
    let scope = Scope::new(args.region.as_deref(), args.since)?;
    let scored = score(&mut *store, settings, group, &scope)?;
    // The reading is a judgment: kept, with its reasons, apart from the facts.
    keep_scorecard(&mut *store, &scored, &Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))?;
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

pub fn people(settings: &Settings, args: PeopleArgs) -> Result<ExitCode> {
    let store = settings.open(Access::Read)?;
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
