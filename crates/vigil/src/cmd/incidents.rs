//! `vigil resolve`, `vigil incidents`, `vigil incident`: reports joined across documents into
//! incidents (vigil-assess decides, the store keeps), listed and shown with their reasons.

use std::collections::BTreeMap;
use std::process::ExitCode;
use vigil_core::words::counted;

use anyhow::Result;
use serde::Serialize;
use vigil_app::Access;
use vigil_app::filters::incident_filter;
use vigil_app::resolve::{ResolveSummary, resolve_incidents};
use vigil_assess::assess::Assessment;
use vigil_store::IncidentRecord;

use super::Settings;
use crate::cli::{IncidentArgs, IncidentsArgs, ResolveArgs};
use crate::output::{self, cell, safe};

pub fn resolve(settings: &Settings, args: ResolveArgs) -> Result<ExitCode> {
    let mut store = settings.open(Access::Existing)?;
    let summary = resolve_incidents(&mut *store, settings, args.rebuild)?;
    if args.json {
        output::json(&summary)?;
    } else {
        print_resolve(&summary);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn print_resolve(s: &ResolveSummary) {
    println!(
        "Resolved {}: {}, {} updated; {} in the store",
        counted(s.new_reports, "new incident report", "new incident reports"),
        counted(s.new_incidents, "new incident", "new incidents"),
        s.updated_incidents,
        counted(s.incidents, "incident", "incidents")
    );
    for u in &s.unreadable {
        println!("  unreadable report: {}", safe(u));
    }
}

pub fn list(settings: &Settings, args: IncidentsArgs) -> Result<ExitCode> {
    let store = settings.open(Access::Read)?;
    let filter = incident_filter(settings, &args.filters.query(), args.limit)?;
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
    let store = settings.open(Access::Read)?;
    let vigil_app::incidents::AssessedIncident { record, assessment } =
        vigil_app::incidents::incident(store.as_ref(), args.id)?;
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
