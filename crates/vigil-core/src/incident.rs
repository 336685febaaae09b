//! An attack as one document reports it, written once for every crate: extraction fills it,
//! stores keep it (its fields filtered on as columns, the whole as JSON), resolution and
//! assessment read it, imports build it from dataset rows, exports write it out.

use serde::{Deserialize, Serialize};

use crate::{DocId, LinkLevel, Precision, Span};

/// A count as a report gives it ("at least 40": value 40, qualifier "at least").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub value: u64,
    #[serde(default)]
    pub qualifier: Option<String>,
}

impl Count {
    pub fn exact(value: u64) -> Count {
        Count { value, qualifier: None }
    }

    /// True for a figure that is only a floor ("at least", "more than", "over").
    pub fn is_lower_bound(&self) -> bool {
        matches!(
            self.qualifier.as_deref(),
            Some("at least" | "more than" | "over" | "above" | "upwards of" | "no fewer than" | "dozens of")
        )
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.qualifier {
            Some(q) => write!(f, "{q} {}", self.value),
            None => write!(f, "{}", self.value),
        }
    }
}

/// A phrase that ties the attack to its group at a level ("claimed responsibility"), with its
/// character span in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkCue {
    pub link: LinkLevel,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A sentence that reports the attack, by character span. Its text is carried when the
/// reading is shown on its own (`vigil extract --json`) and left out of the stored copy, whose
/// document holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRef {
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sentence: String,
}

impl EvidenceRef {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// One document's reading of an attack. Deserialising ignores unknown fields and leaves
/// missing ones empty, so readings stored by older versions still load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IncidentReading {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    pub date_precision: Option<Precision>,
    /// The most specific place named: a city, else a region, else a country.
    pub place: Option<String>,
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub target: Option<String>,
    pub attack_type: Option<String>,
    pub weapons: Vec<String>,
    /// The group held responsible (its id in the groups file).
    pub perpetrator: Option<String>,
    pub attackers: Option<u64>,
    pub killed: Option<Count>,
    pub injured: Option<Count>,
    pub claimed_by: Option<String>,
    pub claim_outlet: Option<String>,
    pub link: LinkLevel,
    pub link_cues: Vec<LinkCue>,
    pub evidence: Vec<EvidenceRef>,
}

impl IncidentReading {
    /// The first sentence that reports it (an empty span when none is kept).
    pub fn sentence(&self) -> Span {
        self.evidence.first().map_or(Span::new(0, 0), EvidenceRef::span)
    }

    /// The copy a store keeps: evidence sentences by span only.
    pub fn stored(&self) -> IncidentReading {
        let mut stored = self.clone();
        for e in &mut stored.evidence {
            e.sentence = String::new();
        }
        stored
    }
}

/// A reading with the provenance that resolution and grading need.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentReport {
    /// The store's id for this reading.
    pub id: i64,
    pub doc: DocId,
    /// The document's sequence number in its store.
    pub doc_seq: i64,
    pub title: Option<String>,
    pub source: String,
    pub url: Option<String>,
    /// Publication time, ISO 8601, when known.
    pub published: Option<String>,
    /// The near-duplicate cluster's original (the document itself when it is nobody's copy):
    /// copies of one story are one source.
    pub original: i64,
    /// The original's source: a syndicated copy counts for the outlet that wrote it.
    pub original_source: String,
    pub reading: IncidentReading,
}

impl IncidentReport {
    /// The day of publication, when known.
    pub fn published_date(&self) -> Option<chrono::NaiveDate> {
        let p = self.published.as_deref()?;
        chrono::NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_load_with_missing_and_unknown_fields() {
        let r: IncidentReading = serde_json::from_str(
            r#"{"link":"claimed","killed":{"value":40,"qualifier":"at least"},"new_field":1}"#,
        )
        .unwrap();
        assert!(r.killed.as_ref().unwrap().is_lower_bound());
        assert_eq!(r.link, LinkLevel::Claimed);
        assert_eq!(r.evidence, vec![]);
        assert_eq!(r.sentence(), Span::new(0, 0));
    }

    #[test]
    fn the_stored_copy_keeps_spans_not_sentences() {
        let r = IncidentReading {
            evidence: vec![EvidenceRef { start: 3, end: 9, sentence: "A blast.".into() }],
            ..IncidentReading::default()
        };
        let stored = serde_json::to_value(r.stored()).unwrap();
        assert_eq!(stored["evidence"][0]["end"], 9);
        assert!(stored["evidence"][0].get("sentence").is_none(), "{stored}");
        assert_eq!(r.sentence(), Span::new(3, 9));
    }
}
