//! STIX 2.1: incidents with their locations, the intrusion sets they are attributed to
//! (relationships and sightings), the reports they rest on, and vigil's assessment as a note.
//! Identifiers are derived from stable keys, so a re-export updates objects instead of
//! duplicating them.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Value, json};
use uuid::Uuid;
use vigil_extract::Knowledge;
use vigil_store::{Backend, IncidentFilter, IncidentRecord};

use crate::{Result, assessment, round6};

/// The namespace of vigil's STIX identifiers: the same key gives the same id in every export,
/// so a re-export updates objects in OpenCTI instead of duplicating them.
const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2b7e_5d3a_4c8e_9a41_7b2d_0e6f_3c95);

/// Where the schema of vigil's property extension is published.
pub(crate) const SCHEMA: &str = "https://github.com/vigil-osint/vigil/blob/main/docs/stix-extension.json";

/// The id of the `extension-definition` of vigil's properties: the same in every bundle.
pub(crate) fn extension_id() -> String {
    sid("extension-definition", "vigil-incident-properties")
}

/// A deterministic STIX identifier from a stable key.
fn sid(kind: &str, key: &str) -> String {
    format!("{kind}--{}", Uuid::new_v5(&NAMESPACE, format!("{kind}:{key}").as_bytes()))
}

/// A STIX timestamp (UTC, milliseconds) from vigil's publication times and dates.
fn stamp(s: Option<&str>) -> String {
    let parsed = s.and_then(|s| {
        DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).ok().or_else(|| {
            NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
                .map(|d| d.and_utc())
        })
    });
    parsed.unwrap_or(DateTime::<Utc>::UNIX_EPOCH).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// STIX confidence from Admiralty credibility (the STIX 2.1 appendix mapping).
fn confidence(credibility: Option<u8>) -> Option<u8> {
    match credibility? {
        1 => Some(90),
        2 => Some(70),
        3 => Some(50),
        4 => Some(30),
        5 => Some(10),
        _ => None,
    }
}

/// Writes one object of the bundle unless an object with its id was written already.
struct Bundle<'w> {
    out: &'w mut dyn Write,
    seen: BTreeSet<String>,
    first: bool,
}

impl Bundle<'_> {
    fn put(&mut self, object: Value) -> Result<()> {
        let id = object["id"].as_str().unwrap_or_default().to_string();
        if !self.seen.insert(id) {
            return Ok(());
        }
        if !self.first {
            self.out.write_all(b",\n")?;
        }
        self.first = false;
        serde_json::to_writer(&mut *self.out, &without_empty(object))?;
        Ok(())
    }
}

/// The validator refuses empty lists, empty strings and nulls: leave such properties out.
fn without_empty(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| {
                    !(v.is_null()
                        || v.as_array().is_some_and(Vec::is_empty)
                        || v.as_str().is_some_and(str::is_empty))
                })
                .map(|(k, v)| (k, without_empty(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_empty).collect()),
        v => v,
    }
}

pub(crate) fn stix(
    store: &dyn Backend,
    knowledge: &Knowledge,
    incidents: impl Iterator<Item = Result<IncidentRecord>>,
    filter: &IncidentFilter,
    out: &mut dyn Write,
) -> Result<usize> {
    let vigil = sid("identity", "vigil");
    let epoch = stamp(None);
    // The bundle's own id is a fresh identifier in STIX; vigil derives it from the export's
    // filters, so the same store and filters give the same bundle.
    writeln!(
        out,
        "{{\"type\":\"bundle\",\"id\":\"{}\",\"objects\":[",
        sid("bundle", &format!("{filter:?}"))
    )?;
    let mut b = Bundle { out, seen: BTreeSet::new(), first: true };
    b.put(json!({
        "type": "identity", "spec_version": "2.1", "id": vigil, "created": epoch, "modified": epoch,
        "name": "vigil", "identity_class": "system",
        "description": "Incidents resolved and assessed by vigil from open-source reporting",
    }))?;
    let extension = extension_id();
    b.put(json!({
        "type": "extension-definition", "spec_version": "2.1", "id": extension, "created": epoch,
        "modified": epoch, "created_by_ref": vigil, "name": "vigil incident properties",
        "description": "vigil's reading of an incident (date as reported, tolls, attack type, link level) and of a report (the vigil document it rests on)",
        "schema": SCHEMA, "version": "1.0.0", "extension_types": ["property-extension"],
    }))?;
    // Documents: each becomes a report of the incidents it gave, written at the end.
    let mut reports: BTreeMap<String, (Value, Vec<String>)> = BTreeMap::new();
    let mut written = 0;
    for r in incidents {
        let r = &r?;
        written += 1;
        let a = assessment(store, r)?;
        let id = r.id.unwrap_or_default();
        let created = stamp(r.first_reported.as_deref());
        let modified = stamp(r.last_reported.as_deref().or(r.first_reported.as_deref()));
        let incident = sid("incident", &id.to_string());
        let place = r
            .city
            .clone()
            .or_else(|| r.country.as_deref().map(vigil_extract::places::country_label))
            .unwrap_or_else(|| "unknown place".into());
        let name = format!(
            "{} in {place}, {}",
            r.attack_type.as_deref().unwrap_or("attack").replace('_', " "),
            r.date.as_deref().unwrap_or("date unknown")
        );
        let link_credibility = a.fields.iter().find(|f| f.field == "link").and_then(|f| f.credibility);
        b.put(json!({
            "type": "incident", "spec_version": "2.1", "id": incident, "created": created, "modified": modified,
            "created_by_ref": vigil, "name": name,
            "description": format!(
                "{} killed, {} injured; link: {}; {} independent sources in {} reports.",
                r.killed.map_or("unknown".into(), |k| k.to_string()),
                r.injured.map_or("unknown".into(), |k| k.to_string()),
                r.link, r.sources, r.reports
            ),
            "confidence": confidence(link_credibility),
            "extensions": {extension.as_str(): {
                "extension_type": "property-extension", "date": r.date, "killed": r.killed,
                "injured": r.injured, "attack_type": r.attack_type, "link": r.link,
            }},
        }))?;
        if r.lat.is_some() || r.country.is_some() {
            let key = format!("{}|{}", r.country.as_deref().unwrap_or(""), r.city.as_deref().unwrap_or(""));
            let location = sid("location", &key);
            let mut loc = json!({
                "type": "location", "spec_version": "2.1", "id": location, "created": epoch, "modified": epoch,
                "created_by_ref": vigil, "name": place, "country": r.country, "city": r.city,
            });
            if let (Some(lat), Some(lon)) = (r.lat, r.lon) {
                loc["latitude"] = json!(round6(lat));
                loc["longitude"] = json!(round6(lon));
            }
            if r.country.is_none() && r.lat.is_none() {
                loc["region"] = json!("unknown");
            }
            b.put(loc)?;
            b.put(json!({
                "type": "relationship", "spec_version": "2.1", "id": sid("relationship", &format!("{incident}|located-at|{location}")),
                "created": created, "modified": modified, "created_by_ref": vigil,
                "relationship_type": "located-at", "source_ref": incident, "target_ref": location,
            }))?;
        }
        if let Some(p) = &r.perpetrator {
            let group = knowledge.group(p);
            let set = sid("intrusion-set", p);
            let aliases: Vec<String> = group
                .map(|g| {
                    g.aliases
                        .iter()
                        .chain(&g.acronyms)
                        .cloned()
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect()
                })
                .unwrap_or_default();
            b.put(json!({
                "type": "intrusion-set", "spec_version": "2.1", "id": set, "created": epoch, "modified": epoch,
                "created_by_ref": vigil, "name": knowledge.display_name(p), "aliases": aliases,
                "description": group.and_then(|g| g.note.clone()),
            }))?;
            let perp_credibility =
                a.fields.iter().find(|f| f.field == "perpetrator").and_then(|f| f.credibility);
            b.put(json!({
                "type": "relationship", "spec_version": "2.1", "id": sid("relationship", &format!("{incident}|attributed-to|{set}")),
                "created": created, "modified": modified, "created_by_ref": vigil,
                "relationship_type": "attributed-to", "source_ref": incident, "target_ref": set,
                "confidence": confidence(perp_credibility),
            }))?;
            if let Some(date) = r.date.as_deref() {
                // The first day the date allows: "2024-03" is 1 March 2024.
                let seen =
                    stamp(Some(&format!("{date}{}", &"-01-01"[(date.len().saturating_sub(4)).min(6)..])));
                let mut sighting = json!({
                    "type": "sighting", "spec_version": "2.1", "id": sid("sighting", &format!("{incident}|{set}")),
                    "created": created, "modified": modified, "created_by_ref": vigil,
                    "sighting_of_ref": set, "first_seen": seen, "count": 1,
                    "description": format!("{name}, attributed to {}", knowledge.display_name(p)),
                });
                if r.lat.is_some() || r.country.is_some() {
                    let key =
                        format!("{}|{}", r.country.as_deref().unwrap_or(""), r.city.as_deref().unwrap_or(""));
                    sighting["where_sighted_refs"] = json!([sid("location", &key)]);
                }
                b.put(sighting)?;
            }
        }
        // vigil's judgments: a note with the link level's reasons and every field's credibility.
        let lines: Vec<String> = a
            .fields
            .iter()
            .filter(|f| f.current.is_some())
            .map(|f| {
                format!(
                    "{}: {} — {}{}",
                    f.field,
                    f.current.as_deref().unwrap_or(""),
                    f.reason,
                    f.credibility_reason.as_deref().map_or(String::new(), |c| format!(
                        " (credibility {}: {c})",
                        f.credibility.unwrap_or(6)
                    ))
                )
            })
            .chain(a.flags.iter().map(|f| format!("flag: {f}")))
            .collect();
        b.put(json!({
            "type": "note", "spec_version": "2.1", "id": sid("note", &incident), "created": created, "modified": modified,
            "created_by_ref": vigil, "abstract": format!("vigil assessment of {name}"), "content": lines.join("\n"),
            "authors": ["vigil"], "object_refs": [incident],
        }))?;
        for s in &a.sources {
            let outlet = sid("identity", &format!("source:{}", s.source.to_lowercase()));
            b.put(json!({
                "type": "identity", "spec_version": "2.1", "id": outlet, "created": epoch, "modified": epoch,
                "created_by_ref": vigil, "name": s.source, "identity_class": "organization",
                "description": format!("source graded {} ({})", s.grade.as_str(), s.grade_note),
            }))?;
            let entry = reports.entry(s.doc.clone()).or_insert_with(|| {
                let mut refs = vec![];
                if let Some(u) = &s.url {
                    refs.push(json!({"source_name": s.source, "url": u}));
                }
                (
                    json!({
                        "type": "report", "spec_version": "2.1", "id": sid("report", &s.doc),
                        "created": stamp(s.published.as_deref()), "modified": stamp(s.published.as_deref()),
                        "created_by_ref": outlet, "name": s.title.clone().unwrap_or_else(|| format!("{} report", s.source)),
                        "published": stamp(s.published.as_deref()), "report_types": ["threat-report"],
                        "external_references": refs,
                        "extensions": {extension.as_str(): {"extension_type": "property-extension", "document": s.doc}},
                    }),
                    Vec::new(),
                )
            });
            entry.1.push(incident.clone());
        }
    }
    for (_, (mut report, refs)) in reports {
        let refs: Vec<String> = refs.into_iter().collect::<BTreeSet<_>>().into_iter().collect();
        report["object_refs"] = json!(refs);
        b.put(report)?;
    }
    b.out.write_all(b"\n]}\n")?;
    Ok(written)
}
