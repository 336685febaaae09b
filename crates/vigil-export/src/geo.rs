//! GeoJSON (RFC 7946): one feature per incident, longitude first, its properties the incident's
//! current values and its documents.

use std::io::Write;

use serde_json::{Value, json};
use vigil_assess::assess::Assessment;
use vigil_extract::Knowledge;
use vigil_store::{Backend, IncidentRecord};

use crate::{Result, assessment, round6};

/// The incident's properties as GeoJSON and JSON Lines give them.
pub(crate) fn properties(knowledge: &Knowledge, r: &IncidentRecord, a: &Assessment) -> Value {
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
        "perpetrator_name": r.perpetrator.as_deref().map(|p| knowledge.display_name(p)),
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

pub(crate) fn geojson(
    store: &dyn Backend,
    knowledge: &Knowledge,
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
            "properties": properties(knowledge, r, &a),
        });
        if i > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *out, &feature)?;
    }
    out.write_all(b"\n]}\n")?;
    Ok(written)
}
