//! Coded datasets read into vigil: a Global Terrorism Database or ACLED CSV export, or a STIX
//! 2.1 bundle. Each row becomes a document of format `dataset` (a sentence written from its
//! coded fields, origin `FILE#gtd-ID`) with one incident reading, so that imported incidents go
//! through the same resolution as reported ones.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use vigil_core::{
    Count, DateOrigin, DocId, Document, EvidenceRef, Facts, Fingerprint, Format, IncidentReading, Language,
    LinkLevel, Precision, Published,
};
use vigil_extract::Knowledge;

use crate::ExportError;

/// The datasets vigil reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Gtd,
    Acled,
    Stix,
}

/// One coded incident as a document with its reading, ready to store.
#[derive(Debug, Clone)]
pub struct Coded {
    pub document: Document,
    pub facts: Facts,
    /// Matches nothing but the same row: coded rows are never near-copies of each other.
    pub fingerprint: Fingerprint,
}

/// Where a row is ("line 5", "object 7") and why it was skipped.
pub type Skipped = (String, String);

/// Every row of `text` (the file `file` of `dataset`) as a document, or where it is ("line 5",
/// "object 7") and why it was skipped; an error when the file is not that dataset at all.
/// `now` is the documents' ingest time.
pub fn read(
    dataset: Dataset,
    text: &str,
    file: &str,
    knowledge: &Knowledge,
    now: DateTime<Utc>,
) -> Result<Vec<Result<Coded, Skipped>>, ExportError> {
    let parsed = match dataset {
        Dataset::Gtd => gtd(text, knowledge)?,
        Dataset::Acled => acled(text, knowledge)?,
        Dataset::Stix => stix(text, knowledge)?,
    };
    Ok(parsed
        .into_iter()
        .map(|row| {
            row.map(|row| {
                let (document, facts) = document(file, &row, now);
                Coded { document, facts, fingerprint: fingerprint(&row.key) }
            })
        })
        .collect())
}

/// One coded incident, ready to store.
struct Row {
    key: String,
    source: String,
    title: String,
    url: Option<String>,
    published: Option<NaiveDate>,
    date: Option<(String, Precision)>,
    place: Place,
    attack_type: Option<String>,
    weapons: Vec<String>,
    target: Option<String>,
    perpetrator: Option<String>,
    perpetrator_name: Option<String>,
    killed: Option<u64>,
    injured: Option<u64>,
    link: LinkLevel,
    note: Option<String>,
}

#[derive(Default)]
struct Place {
    city: Option<String>,
    country: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// A fingerprint that matches nothing but the same row: coded rows are never near-copies of
/// each other, however alike their generated texts read.
fn fingerprint(key: &str) -> Fingerprint {
    let minhash = (0..vigil_core::MINHASH_LEN as u32)
        .map(|i| {
            let id = DocId::for_text(&format!("{key}#{i}"));
            u32::from_str_radix(&id.as_str()[..8], 16).unwrap_or(i)
        })
        .collect();
    Fingerprint { minhash }
}

/// The row as a document: a sentence of its coded fields, and its incident report.
fn document(file: &str, row: &Row, now: DateTime<Utc>) -> (Document, Facts) {
    let place = match (&row.place.city, &row.place.country) {
        (Some(c), Some(k)) => {
            format!("{c}, {}", vigil_extract::places::country_label(k))
        }
        (Some(c), None) => c.clone(),
        (None, Some(k)) => vigil_extract::places::country_label(k),
        (None, None) => "an unknown place".into(),
    };
    let mut text = format!(
        "{}: {} in {place}{}; {} killed, {} injured; perpetrator: {}.",
        row.title,
        row.attack_type.as_deref().unwrap_or("attack").replace('_', " "),
        row.date.as_ref().map_or(String::new(), |(d, _)| format!(" on {d}")),
        row.killed.map_or("unknown".into(), |k| k.to_string()),
        row.injured.map_or("unknown".into(), |k| k.to_string()),
        row.perpetrator_name.as_deref().unwrap_or("unknown"),
    );
    if let Some(note) = &row.note {
        text.push(' ');
        text.push_str(note.trim());
    }
    let chars = text.chars().count();
    let incident = IncidentReading {
        date: row.date.as_ref().map(|d| d.0.clone()),
        date_precision: row.date.as_ref().map(|d| d.1),
        place: row.place.city.clone().or(row.place.country.clone()),
        city: row.place.city.clone(),
        country: row.place.country.clone(),
        lat: row.place.lat,
        lon: row.place.lon,
        target: row.target.clone(),
        attack_type: row.attack_type.clone(),
        weapons: row.weapons.clone(),
        perpetrator: row.perpetrator.clone(),
        killed: row.killed.map(Count::exact),
        injured: row.injured.map(Count::exact),
        claimed_by: if row.link == LinkLevel::Claimed { row.perpetrator.clone() } else { None },
        link: row.link,
        evidence: vec![EvidenceRef { start: 0, end: chars, sentence: String::new() }],
        ..IncidentReading::default()
    };
    let doc = Document {
        id: DocId::for_text(&text),
        title: Some(row.title.clone()),
        source: row.source.clone(),
        url: row.url.clone(),
        author: None,
        published: row.published.map(|date| Published { date, time: None, origin: DateOrigin::Metadata }),
        language: Language { code: "en".into(), confidence: 1.0 },
        format: Format::Dataset,
        origin: format!("{file}#{}", row.key),
        text,
        ingested_at: now,
    };
    (doc, Facts { incidents: vec![incident], ..Facts::default() })
}

/// A group id for a dataset's name: the name, else its part outside or inside parentheses
/// ("Islamic State of Iraq and the Levant (ISIL)"), or either side of a colon.
fn group(knowledge: &Knowledge, name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() || name.eq_ignore_ascii_case("unknown") {
        return None;
    }
    let outside = name.split('(').next().unwrap_or(name);
    let inside = name.split_once('(').and_then(|(_, r)| r.split(')').next()).unwrap_or("");
    // ACLED writes "TTP: Tehrik-i-Taliban Pakistan".
    let (short, long) = name.split_once(':').unwrap_or((name, ""));
    [name, outside, inside, short, long].iter().find_map(|n| knowledge.resolve(n)).map(|g| g.id.clone())
}

/// GTD's attack type names to vigil's.
fn attack_from_gtd(t: &str) -> Option<String> {
    let t = t.to_lowercase();
    Some(
        if t.starts_with("bombing") {
            "bombing"
        } else if t.starts_with("armed assault") || t.starts_with("assassination") {
            "armed_assault"
        } else if t.starts_with("hostage") || t.starts_with("hijacking") {
            "hostage_taking"
        } else if t.starts_with("facility") {
            "arson"
        } else if t.starts_with("unarmed") {
            "other"
        } else {
            return None;
        }
        .to_string(),
    )
}

/// Columns by name, for a CSV file whose header names them.
struct Columns(BTreeMap<String, usize>);

impl Columns {
    fn new(headers: &csv::StringRecord, required: &[&str]) -> Result<Columns, ExportError> {
        let map: BTreeMap<String, usize> =
            headers.iter().enumerate().map(|(i, h)| (h.trim().to_lowercase(), i)).collect();
        let missing: Vec<&&str> = required.iter().filter(|c| !map.contains_key(**c)).collect();
        if !missing.is_empty() {
            return Err(ExportError::Input(format!(
                "not this dataset's CSV export: columns missing: {}",
                missing.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
            )));
        }
        Ok(Columns(map))
    }

    fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        let v = row.get(*self.0.get(name)?)?.trim();
        (!v.is_empty()).then_some(v)
    }
}

fn number(v: Option<&str>) -> Result<Option<f64>, String> {
    match v {
        None => Ok(None),
        Some(s) => s.parse::<f64>().map(Some).map_err(|_| format!("{s:?} is not a number")),
    }
}

fn count(v: Option<&str>) -> Result<Option<u64>, String> {
    Ok(number(v)?.filter(|n| *n >= 0.0).map(|n| n as u64))
}

/// Each row, or where it is ("line 5", "object 7") and why it was skipped.
type Parsed = Vec<Result<Row, (String, String)>>;

fn gtd(text: &str, knowledge: &Knowledge) -> Result<Parsed, ExportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let cols = Columns::new(reader.headers()?, &["eventid", "iyear", "imonth", "iday", "country_txt"])?;
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let row = record.map_err(|e| e.to_string()).and_then(|r| gtd_row(&cols, &r, knowledge));
        out.push(row.map_err(|e| (format!("line {line}"), e)));
    }
    Ok(out)
}

fn gtd_row(c: &Columns, r: &csv::StringRecord, knowledge: &Knowledge) -> Result<Row, String> {
    let id = c.get(r, "eventid").ok_or("no eventid")?;
    let part = |name: &str| -> Result<u32, String> {
        c.get(r, name).unwrap_or("0").parse::<u32>().map_err(|_| format!("{name} is not a number"))
    };
    let (year, month, day) = (part("iyear")?, part("imonth")?, part("iday")?);
    if !(1970..=2100).contains(&year) {
        return Err(format!("iyear {year} is out of range"));
    }
    let date = match (month, day) {
        (0, _) => (year.to_string(), Precision::Year),
        (m, 0) => (format!("{year}-{m:02}"), Precision::Month),
        (m, d) => {
            let day =
                NaiveDate::from_ymd_opt(year as i32, m, d).ok_or(format!("{year}-{m}-{d} is not a date"))?;
            (day.to_string(), Precision::Day)
        }
    };
    let country_txt = c.get(r, "country_txt").ok_or("no country_txt")?;
    let country = vigil_extract::places::country_code(country_txt);
    let gname = c.get(r, "gname");
    let weapon = c.get(r, "weaptype1_txt").filter(|w| !w.eq_ignore_ascii_case("unknown"));
    let link = if c.get(r, "claimed") == Some("1") {
        LinkLevel::Claimed
    } else if c.get(r, "guncertain1") == Some("1") {
        LinkLevel::Alleged
    } else {
        LinkLevel::Unknown
    };
    // The row is the dataset's reading of the event, dated by the event: the first day its
    // date allows.
    let row_date = NaiveDate::from_ymd_opt(year as i32, month.max(1), day.max(1));
    Ok(Row {
        key: format!("gtd-{id}"),
        source: "Global Terrorism Database".into(),
        title: format!("GTD {id}"),
        url: None,
        published: row_date,
        date: Some(date),
        place: Place {
            city: c.get(r, "city").filter(|c| !c.eq_ignore_ascii_case("unknown")).map(str::to_string),
            country,
            lat: number(c.get(r, "latitude"))?,
            lon: number(c.get(r, "longitude"))?,
        },
        attack_type: c.get(r, "attacktype1_txt").and_then(attack_from_gtd),
        weapons: weapon.map(|w| vec![w.to_lowercase()]).unwrap_or_default(),
        target: c.get(r, "target1").map(str::to_string),
        perpetrator: gname.and_then(|g| group(knowledge, g)),
        perpetrator_name: gname.map(str::to_string),
        killed: count(c.get(r, "nkill"))?,
        injured: count(c.get(r, "nwound"))?,
        link,
        note: c.get(r, "summary").map(str::to_string),
    })
}

fn acled(text: &str, knowledge: &Knowledge) -> Result<Parsed, ExportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let cols = Columns::new(reader.headers()?, &["event_id_cnty", "event_date", "event_type", "country"])?;
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let row = record.map_err(|e| e.to_string()).and_then(|r| acled_row(&cols, &r, knowledge));
        out.push(row.map_err(|e| (format!("line {line}"), e)));
    }
    Ok(out)
}

/// ACLED dates: "2024-03-22" or "22 March 2024".
fn acled_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().or_else(|| NaiveDate::parse_from_str(s, "%d %B %Y").ok())
}

fn acled_row(c: &Columns, r: &csv::StringRecord, knowledge: &Knowledge) -> Result<Row, String> {
    let id = c.get(r, "event_id_cnty").ok_or("no event_id_cnty")?;
    let raw = c.get(r, "event_date").ok_or("no event_date")?;
    let day = acled_date(raw).ok_or(format!("event_date {raw:?} is not a date"))?;
    // time_precision: 1 the day, 2 the week (kept as the month), 3 the month or more.
    let date = match c.get(r, "time_precision").unwrap_or("1") {
        "1" => (day.to_string(), Precision::Day),
        _ => (day.format("%Y-%m").to_string(), Precision::Month),
    };
    let sub = c.get(r, "sub_event_type").unwrap_or("").to_lowercase();
    let event = c.get(r, "event_type").unwrap_or("").to_lowercase();
    let attack_type = if sub.contains("bomb") || sub.contains("explosive") || sub.contains("grenade") {
        Some("bombing")
    } else if sub.contains("abduction") {
        Some("hostage_taking")
    } else if sub == "attack" || event.contains("violence against civilians") || event == "battles" {
        Some("armed_assault")
    } else {
        None
    };
    let actor = c.get(r, "actor1");
    let country_name = c.get(r, "country").ok_or("no country")?;
    let country = vigil_extract::places::country_code(country_name);
    let notes = c.get(r, "notes").map(str::to_string);
    let claimed = notes.as_deref().is_some_and(|n| n.to_lowercase().contains("claimed"));
    Ok(Row {
        key: format!("acled-{id}"),
        source: "ACLED".into(),
        title: format!("ACLED {id}"),
        url: None,
        published: Some(day),
        date: Some(date),
        place: Place {
            city: c.get(r, "location").map(str::to_string),
            country,
            lat: number(c.get(r, "latitude"))?,
            lon: number(c.get(r, "longitude"))?,
        },
        attack_type: attack_type.map(str::to_string),
        weapons: Vec::new(),
        target: None,
        perpetrator: actor.and_then(|a| group(knowledge, a)),
        perpetrator_name: actor.map(str::to_string),
        killed: count(c.get(r, "fatalities"))?,
        injured: None,
        link: if claimed { LinkLevel::Claimed } else { LinkLevel::Unknown },
        note: notes,
    })
}

/// STIX 2.1: each `incident` becomes a row, placed by its `located-at` location, attributed
/// by its `attributed-to` intrusion set, and published by the first report that refers to it.
fn stix(text: &str, knowledge: &Knowledge) -> Result<Parsed, ExportError> {
    let bundle: Value =
        serde_json::from_str(text).map_err(|e| ExportError::Input(format!("not a JSON document: {e}")))?;
    if bundle["type"] != "bundle" {
        return Err(ExportError::Input(format!("not a STIX bundle (its type is {})", bundle["type"])));
    }
    let objects =
        bundle["objects"].as_array().ok_or_else(|| ExportError::Input("the bundle has no objects".into()))?;
    let by_id: BTreeMap<&str, &Value> = objects.iter().filter_map(|o| Some((o["id"].as_str()?, o))).collect();
    let mut located: BTreeMap<&str, &Value> = BTreeMap::new();
    let mut attributed: BTreeMap<&str, &Value> = BTreeMap::new();
    let mut reported: BTreeMap<&str, &Value> = BTreeMap::new();
    for o in objects {
        match o["type"].as_str() {
            Some("relationship") => {
                let (Some(s), Some(t)) = (o["source_ref"].as_str(), o["target_ref"].as_str()) else {
                    continue;
                };
                let Some(target) = by_id.get(t) else { continue };
                match o["relationship_type"].as_str() {
                    Some("located-at") if target["type"] == "location" => {
                        located.insert(s, target);
                    }
                    Some("attributed-to")
                        if target["type"] == "intrusion-set" || target["type"] == "threat-actor" =>
                    {
                        attributed.insert(s, target);
                    }
                    _ => {}
                }
            }
            Some("report") => {
                for r in o["object_refs"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                    reported.entry(r).or_insert(o);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (index, o) in objects.iter().enumerate() {
        if o["type"] != "incident" {
            continue;
        }
        let at = format!("object {}", index + 1);
        out.push(stix_incident(o, &located, &attributed, &reported, knowledge).map_err(|e| (at, e)));
    }
    Ok(out)
}

/// One of vigil's properties of a STIX object: in vigil's property extension, or as the
/// custom `x_vigil_` property of bundles written before the extension.
fn vigil<'o>(o: &'o Value, name: &str) -> &'o Value {
    let extended = &o["extensions"][crate::stix::extension_id()][name];
    if extended.is_null() { &o[format!("x_vigil_{name}")] } else { extended }
}

fn stix_incident(
    o: &Value,
    located: &BTreeMap<&str, &Value>,
    attributed: &BTreeMap<&str, &Value>,
    reported: &BTreeMap<&str, &Value>,
    knowledge: &Knowledge,
) -> Result<Row, String> {
    let id = o["id"].as_str().ok_or("an incident without an id")?;
    let name = o["name"].as_str().ok_or(format!("{id} has no name"))?;
    let date = vigil(o, "date")
        .as_str()
        .map(str::to_string)
        .or_else(|| o["first_seen"].as_str().and_then(|s| s.get(..10)).map(str::to_string))
        .and_then(|d| {
            let p = match d.len() {
                4 => Precision::Year,
                7 => Precision::Month,
                10 => Precision::Day,
                _ => return None,
            };
            Some((d, p))
        });
    let location = located.get(id);
    let set = attributed.get(id);
    let report = reported.get(id);
    let set_name = set.and_then(|s| s["name"].as_str());
    let perpetrator = set.and_then(|s| {
        std::iter::once(&s["name"])
            .chain(s["aliases"].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .find_map(|n| group(knowledge, n))
    });
    let num = |v: &Value| v.as_u64();
    Ok(Row {
        key: format!("stix-{id}"),
        source: report
            .and_then(|r| r["x_vigil_source"].as_str())
            .map_or("STIX import".to_string(), str::to_string),
        title: name.to_string(),
        url: report.and_then(|r| r["external_references"][0]["url"].as_str()).map(str::to_string),
        published: report
            .and_then(|r| r["published"].as_str())
            .and_then(|p| NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok()),
        date,
        place: Place {
            city: location.and_then(|l| l["city"].as_str()).map(str::to_string),
            country: location.and_then(|l| l["country"].as_str()).map(|c| c.to_uppercase()),
            lat: location.and_then(|l| l["latitude"].as_f64()),
            lon: location.and_then(|l| l["longitude"].as_f64()),
        },
        attack_type: vigil(o, "attack_type").as_str().map(str::to_string),
        weapons: Vec::new(),
        target: None,
        perpetrator,
        perpetrator_name: set_name.map(str::to_string),
        killed: num(vigil(o, "killed")),
        injured: num(vigil(o, "injured")),
        // A level the bundle names wins; otherwise an intrusion set it is attributed to makes
        // the link alleged.
        link: match vigil(o, "link").as_str().and_then(LinkLevel::parse).filter(|l| *l != LinkLevel::Unknown)
        {
            Some(level) => level,
            None if set.is_some() => LinkLevel::Alleged,
            None => LinkLevel::Unknown,
        },
        note: o["description"].as_str().map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(incident_properties: &str) -> String {
        format!(
            r#"{{"type": "bundle", "id": "bundle--1", "objects": [
                {{"type": "incident", "spec_version": "2.1", "id": "incident--1", "name": "An attack", {incident_properties}}}
            ]}}"#
        )
    }

    fn read_one(text: &str) -> IncidentReading {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let mut rows = read(Dataset::Stix, text, "b.json", &Knowledge::builtin(), now).unwrap();
        rows.remove(0).unwrap().facts.incidents.remove(0)
    }

    #[test]
    fn vigil_properties_come_from_the_extension_or_older_custom_properties() {
        let extension = crate::stix::extension_id();
        let extended = bundle(&format!(
            r#""extensions": {{"{extension}": {{"extension_type": "property-extension", "date": "2024-08-23", "killed": 3, "link": "claimed"}}}}"#
        ));
        let custom =
            bundle(r#""x_vigil_date": "2024-08-23", "x_vigil_killed": 3, "x_vigil_link": "claimed""#);
        for text in [extended, custom] {
            let r = read_one(&text);
            assert_eq!(r.date.as_deref(), Some("2024-08-23"));
            assert_eq!((r.killed.map(|k| k.value), r.link), (Some(3), LinkLevel::Claimed));
        }
    }

    #[test]
    fn a_file_of_another_kind_is_refused_whole() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let k = Knowledge::builtin();
        assert!(matches!(read(Dataset::Stix, "[1, 2]", "x.json", &k, now), Err(ExportError::Input(_))));
        let e = read(Dataset::Gtd, "a,b\n1,2\n", "x.csv", &k, now).unwrap_err().to_string();
        assert!(e.contains("columns missing: eventid"), "{e}");
    }
}
