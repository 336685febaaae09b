//! Incident resolution over a store: the reports no incident holds yet are assigned (all of
//! them on a rebuild), every incident that gained a report is assessed again, and both are
//! written back with their reasons.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use vigil_assess::assess::{Assessment, Sourced};
use vigil_assess::{IncidentReport, Resolver, Target};
use vigil_store::{Backend, IncidentRecord, Membership};

use crate::groups::KnowledgeGroups;
use crate::{AppError, Result, Settings};

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

/// Assigns the reports no incident holds yet (all of them with `rebuild`), and re-assesses
/// every incident that gained a report.
pub fn resolve_incidents(
    store: &mut dyn Backend,
    settings: &Settings,
    rebuild: bool,
) -> Result<ResolveSummary> {
    // Under the store's resolution lock from the first read to the last write: a concurrent
    // ingest, import or resolve waits, then finds these reports assigned.
    let _lock = store.resolution_lock()?;
    if rebuild {
        store.clear_incidents()?;
    }
    let stored = store.incident_reports()?;
    let mut summary = ResolveSummary::default();
    let mut reports = Vec::with_capacity(stored.len());
    for s in stored {
        match s.unreadable {
            None => reports.push((s.incident, s.report)),
            Some(e) => summary.unreadable.push(format!(
                "report {} of document {}: {e}",
                s.report.id,
                s.report.doc.short()
            )),
        }
    }
    let profiles = settings.sources(store)?;
    let groups = KnowledgeGroups::new(&settings.knowledge);
    let mut resolver = Resolver::new(&groups);
    let mut members: BTreeMap<Target, Vec<&IncidentReport>> = BTreeMap::new();
    let mut existing: Vec<(i64, &IncidentReport)> =
        reports.iter().filter_map(|(incident, r)| incident.map(|i| (i, r))).collect();
    existing.sort_by_key(|(i, r)| (*i, r.id));
    for &(incident, r) in &existing {
        resolver.add_existing(incident, r);
        members.entry(Target::Existing(incident)).or_default().push(r);
    }
    let fresh: Vec<&IncidentReport> = reports.iter().filter(|(i, _)| i.is_none()).map(|(_, r)| r).collect();
    summary.new_reports = fresh.len();
    let assignments = resolver.assign(&fresh);
    let by_id: BTreeMap<i64, &IncidentReport> = fresh.iter().map(|r| (r.id, *r)).collect();
    let mut affected = BTreeSet::new();
    for a in &assignments {
        members.entry(a.target).or_default().push(by_id[&a.report]);
        affected.insert(a.target);
    }
    // Evidence sentences of every reading to assess, one read of each document.
    let mut by_doc: BTreeMap<i64, Vec<&IncidentReport>> = BTreeMap::new();
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
        link: c.link,
        sources: a.independent_sources as u64,
        reports: reports as u64,
        flags: a.flags.len() as u64,
        first_reported: a.first_reported.clone(),
        last_reported: a.last_reported.clone(),
        assessment: serde_json::to_string(a).map_err(AppError::Judgment)?,
    })
}
