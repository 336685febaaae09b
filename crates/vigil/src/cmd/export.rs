//! `vigil export`: incidents and documents out of the store, for the tools analysts already
//! use — STIX 2.1 (OpenCTI, MISP), GeoJSON (QGIS, ArcGIS), CSV in the Global Terrorism
//! Database's column vocabulary (spreadsheets, R, pandas) and JSON Lines. Output is written as
//! it is read: one incident's assessment at a time, never the whole store.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::ExitCode;
use vigil_core::LinkLevel;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Value, json};
use uuid::Uuid;
use vigil_app::Access;
use vigil_assess::assess::Assessment;
use vigil_store::{Backend, DocFilter, IncidentFilter, IncidentRecord};

use super::Settings;
use crate::cli::{ExportArgs, ExportFormat};
use vigil_app::filters::incident_filter;

/// The namespace of vigil's STIX identifiers: the same key gives the same id in every export,
/// so a re-export updates objects in OpenCTI instead of duplicating them.
const NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2b7e_5d3a_4c8e_9a41_7b2d_0e6f_3c95);

pub fn run(settings: &Settings, args: ExportArgs) -> Result<ExitCode> {
    let store = settings.open(Access::Read)?;
    let filter = incident_filter(settings, &args.filters.query(), PAGE)?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let incidents =
        || Pages { store: &*store, filter: filter.clone(), page: Vec::new().into_iter(), done: false };
    let written = match args.format {
        ExportFormat::Csv => csv(&*store, settings, incidents(), &mut out)?,
        ExportFormat::Geojson => geojson(&*store, settings, incidents(), &mut out)?,
        ExportFormat::Jsonl => jsonl(&*store, incidents, &filter, &mut out)?,
        ExportFormat::Stix => stix(&*store, settings, incidents(), &filter, &mut out)?,
    };
    out.flush()?;
    if let Some(path) = &args.output {
        eprintln!("Wrote {written} incidents to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Incidents read a page at a time: an export holds one page and one assessment, however
/// large the store.
pub const PAGE: usize = 500;

struct Pages<'s> {
    store: &'s dyn Backend,
    filter: IncidentFilter,
    page: std::vec::IntoIter<IncidentRecord>,
    done: bool,
}

impl Iterator for Pages<'_> {
    type Item = Result<IncidentRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(r) = self.page.next() {
            return Some(Ok(r));
        }
        if self.done {
            return None;
        }
        match self.store.incidents(&self.filter) {
            Ok(page) => {
                self.done = page.len() < self.filter.limit;
                self.filter.offset += page.len();
                self.page = page.into_iter();
                self.page.next().map(Ok)
            }
            Err(e) => {
                self.done = true;
                Some(Err(e.into()))
            }
        }
    }
}

/// Incidents under a filter (every page from its offset, in its order) as CSV, for the
/// dashboard's download of the current table.
pub fn csv_of(
    store: &dyn Backend,
    settings: &Settings,
    filter: IncidentFilter,
    out: &mut dyn Write,
) -> Result<usize> {
    let pages = Pages { store, filter, page: Vec::new().into_iter(), done: false };
    csv(store, settings, pages, out)
}

fn assessment(store: &dyn Backend, record: &IncidentRecord) -> Result<Assessment> {
    Ok(vigil_app::incidents::assessment(store, record)?)
}

/// GTD's attack type names.
fn gtd_attack(t: Option<&str>) -> &'static str {
    match t {
        Some("bombing") => "Bombing/Explosion",
        Some("armed_assault" | "stabbing") => "Armed Assault",
        Some("vehicle_ramming") => "Unarmed Assault",
        Some("hostage_taking") => "Hostage Taking (Barricade Incident)",
        Some("arson") => "Facility/Infrastructure Attack",
        _ => "Unknown",
    }
}

/// GTD's weapon type names, from vigil's weapon words.
fn gtd_weapon(w: Option<&str>) -> &'static str {
    let Some(w) = w.map(str::to_lowercase) else { return "Unknown" };
    let has = |words: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&["gun", "rifle", "firearm", "pistol", "kalashnikov", "ak-47", "shoot"]) {
        "Firearms"
    } else if has(&["bomb", "explosive", "ied", "grenade", "vest", "suicide", "device", "mine"]) {
        "Explosives"
    } else if has(&["knife", "knives", "blade", "machete", "axe", "sword"]) {
        "Melee"
    } else if has(&["truck", "lorry", "van", "car", "vehicle"]) {
        "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)"
    } else if has(&["fire", "arson", "incendiar", "petrol", "molotov"]) {
        "Incendiary"
    } else {
        "Other"
    }
}

/// GTD's target type names, from vigil's target words.
fn gtd_target(t: Option<&str>) -> &'static str {
    let Some(t) = t.map(str::to_lowercase) else { return "Unknown" };
    let has = |words: &[&str]| words.iter().any(|x| t.contains(x));
    if has(&["church", "mosque", "shrine", "synagogue", "temple", "worship", "pilgrim"]) {
        "Religious Figures/Institutions"
    } else if has(&["police", "checkpoint"]) {
        "Police"
    } else if has(&["soldier", "military", "army", "base", "troops", "service members"]) {
        "Military"
    } else if has(&["school", "university", "college", "student"]) {
        "Educational Institution"
    } else if has(&["airport", "aircraft"]) {
        "Airports & Aircraft"
    } else if has(&["embassy", "diplomat"]) {
        "Government (Diplomatic)"
    } else if has(&["government", "ministry", "parliament", "official"]) {
        "Government (General)"
    } else if has(&["hotel", "restaurant", "bar", "cafe", "market", "shop", "business"]) {
        "Business"
    } else if has(&["journalist", "newspaper", "media"]) {
        "Journalists & Media"
    } else if has(&["bus", "train", "metro", "station", "transport"]) {
        "Transportation"
    } else if has(&["tourist"]) {
        "Tourists"
    } else if has(&["prison", "jail"]) {
        "Government (General)"
    } else {
        "Private Citizens & Property"
    }
}

/// GTD columns first (named as in its codebook), then vigil's own.
const CSV_COLUMNS: &[&str] = &[
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "country",
    "country_txt",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "attacktype1_txt",
    "weaptype1_txt",
    "targtype1_txt",
    "target1",
    "gname",
    "guncertain1",
    "claimed",
    "nkill",
    "nwound",
    "scite1",
    "scite2",
    "scite3",
    "vigil_id",
    "vigil_date",
    "vigil_date_precision",
    "vigil_killed_qualifier",
    "vigil_injured_qualifier",
    "vigil_link",
    "vigil_link_credibility",
    "vigil_killed_credibility",
    "vigil_perpetrator_credibility",
    "vigil_sources",
    "vigil_reports",
    "vigil_flags",
    "vigil_first_reported",
    "vigil_last_reported",
    "vigil_source_urls",
];

fn credibility(a: &Assessment, field: &str) -> String {
    a.fields
        .iter()
        .find(|f| f.field == field)
        .and_then(|f| f.credibility)
        .map_or(String::new(), |c| c.to_string())
}

fn csv(
    store: &dyn Backend,
    settings: &Settings,
    incidents: impl Iterator<Item = Result<IncidentRecord>>,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    let mut written = 0;
    for r in incidents {
        let r = &r?;
        written += 1;
        let a = assessment(store, r)?;
        let id = r.id.unwrap_or_default();
        let date = r.date.as_deref().unwrap_or("");
        // GTD writes numbers, with 0 for an unknown month or day.
        let part =
            |i: usize| date.split('-').nth(i).and_then(|p| p.parse::<u32>().ok()).unwrap_or(0).to_string();
        let (year, month, day) = (part(0), part(1), part(2));
        let approx = if r.date_precision.as_deref() == Some("day") || date.is_empty() {
            String::new()
        } else {
            date.to_string()
        };
        let perp_credibility = credibility(&a, "perpetrator");
        let perp_contested = a.fields.iter().any(|f| f.field == "perpetrator" && f.contested);
        let specificity = if r.city.is_some() {
            "1"
        } else if r.country.is_some() {
            "5"
        } else {
            ""
        };
        let cites: Vec<String> = a
            .sources
            .iter()
            .take(3)
            .map(|s| {
                format!(
                    "{}, \"{}\", {}",
                    s.source,
                    s.title.as_deref().unwrap_or("untitled"),
                    s.published.as_deref().unwrap_or("undated")
                )
            })
            .collect();
        // At most 25 URLs: a cell is for reading, the JSON exports carry every source.
        let urls: Vec<&str> = a.sources.iter().filter_map(|s| s.url.as_deref()).take(25).collect();
        let claimed = match r.link {
            LinkLevel::Claimed | LinkLevel::Directed | LinkLevel::Enabled => "1",
            LinkLevel::Unknown => "",
            LinkLevel::Inspired | LinkLevel::Alleged => "0",
        };
        let record = [
            format!("vigil-{id}"),
            year,
            month,
            day,
            approx,
            r.country.clone().unwrap_or_default(),
            r.country.as_deref().map(vigil_extract::places::country_label).unwrap_or_default(),
            r.city.clone().unwrap_or_default(),
            r.lat.map_or(String::new(), |v| format!("{v:.6}")),
            r.lon.map_or(String::new(), |v| format!("{v:.6}")),
            specificity.to_string(),
            gtd_attack(r.attack_type.as_deref()).to_string(),
            gtd_weapon(a.current.weapons.first().map(String::as_str)).to_string(),
            gtd_target(a.current.target.as_deref()).to_string(),
            a.current.target.clone().unwrap_or_default(),
            r.perpetrator.as_deref().map_or("Unknown".to_string(), |p| settings.knowledge.display_name(p)),
            if r.perpetrator.is_some() && (perp_contested || r.link == LinkLevel::Alleged) {
                "1"
            } else {
                "0"
            }
            .to_string(),
            claimed.to_string(),
            r.killed.map_or(String::new(), |v| v.to_string()),
            r.injured.map_or(String::new(), |v| v.to_string()),
            cites.first().cloned().unwrap_or_default(),
            cites.get(1).cloned().unwrap_or_default(),
            cites.get(2).cloned().unwrap_or_default(),
            id.to_string(),
            date.to_string(),
            r.date_precision.clone().unwrap_or_default(),
            r.killed_qualifier.clone().unwrap_or_default(),
            r.injured_qualifier.clone().unwrap_or_default(),
            r.link.to_string(),
            credibility(&a, "link"),
            credibility(&a, "killed"),
            perp_credibility,
            r.sources.to_string(),
            r.reports.to_string(),
            a.flags.join(" | "),
            r.first_reported.clone().unwrap_or_default(),
            r.last_reported.clone().unwrap_or_default(),
            urls.join(" "),
        ];
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(written)
}

/// The incident's properties as GeoJSON and JSON Lines give them.
fn properties(settings: &Settings, r: &IncidentRecord, a: &Assessment) -> Value {
    json!({
        "id": r.id,
        "date": r.date,
        "date_precision": r.date_precision,
        "place": r.place,
        "city": r.city,
        "country": r.country,
        "attack_type": r.attack_type,
        "weapons": a.current.weapons,
        "target": a.current.target,
        "perpetrator": r.perpetrator,
        "perpetrator_name": r.perpetrator.as_deref().map(|p| settings.knowledge.display_name(p)),
        "killed": r.killed,
        "killed_qualifier": r.killed_qualifier,
        "injured": r.injured,
        "injured_qualifier": r.injured_qualifier,
        "link": r.link,
        "sources": r.sources,
        "reports": r.reports,
        "flags": a.flags,
        "first_reported": r.first_reported,
        "last_reported": r.last_reported,
        "documents": a.sources.iter().map(|s| json!({
            "doc": s.doc, "source": s.source, "title": s.title, "url": s.url,
            "published": s.published, "grade": s.grade
        })).collect::<Vec<_>>(),
    })
}

fn geojson(
    store: &dyn Backend,
    settings: &Settings,
    incidents: impl Iterator<Item = Result<IncidentRecord>>,
    out: &mut dyn Write,
) -> Result<usize> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
    let mut written = 0;
    for (i, r) in incidents.enumerate() {
        let r = &r?;
        written += 1;
        let a = assessment(store, r)?;
        // RFC 7946: longitude first; an incident placed only by name has no geometry.
        let geometry = match (r.lon, r.lat) {
            (Some(lon), Some(lat)) => json!({"type": "Point", "coordinates": [round6(lon), round6(lat)]}),
            _ => Value::Null,
        };
        let feature = json!({
            "type": "Feature",
            "id": format!("vigil-{}", r.id.unwrap_or_default()),
            "geometry": geometry,
            "properties": properties(settings, r, &a),
        });
        if i > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *out, &feature)?;
    }
    out.write_all(b"\n]}\n")?;
    Ok(written)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// One line per document (its facts summarised as the store keeps them), then one per incident
/// with its assessment; each line says which it is in `type`.
fn jsonl<I: Iterator<Item = Result<IncidentRecord>>>(
    store: &dyn Backend,
    incidents: impl Fn() -> I,
    filter: &IncidentFilter,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut docs: BTreeSet<String> = BTreeSet::new();
    let whole_store = filter.groups.is_empty()
        && filter.country.is_none()
        && filter.link.is_none()
        && filter.since.is_none()
        && filter.until.is_none();
    if whole_store {
        for d in store.documents(&DocFilter::default())? {
            docs.insert(d.id.as_str().to_string());
        }
    }
    // First the documents the incidents rest on (ids only are held), then the incidents.
    for r in incidents() {
        docs.extend(assessment(store, &r?)?.sources.iter().map(|s| s.doc.clone()));
    }
    for id in &docs {
        let d = store.document(id)?;
        let line = json!({"type": "document", "document": d});
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    let mut written = 0;
    for r in incidents() {
        let r = r?;
        let a = assessment(store, &r)?;
        let line = json!({"type": "incident", "incident": r, "assessment": a});
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
        written += 1;
    }
    Ok(written)
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

fn stix(
    store: &dyn Backend,
    settings: &Settings,
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
            "x_vigil_date": r.date, "x_vigil_killed": r.killed, "x_vigil_injured": r.injured,
            "x_vigil_attack_type": r.attack_type, "x_vigil_link": r.link,
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
            let group = settings.knowledge.group(p);
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
                "created_by_ref": vigil, "name": settings.knowledge.display_name(p), "aliases": aliases,
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
                    "description": format!("{name}, attributed to {}", settings.knowledge.display_name(p)),
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
                        "external_references": refs, "x_vigil_document": s.doc,
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
