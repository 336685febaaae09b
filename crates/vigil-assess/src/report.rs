//! One document's reading of an attack: the incident as extraction stored it, with the
//! provenance resolution and grading need (document, source, publication time, the original
//! of its near-duplicate cluster).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A count as extraction reports it ("at least 40": value 40, qualifier "at least").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub value: u64,
    #[serde(default)]
    pub qualifier: Option<String>,
}

impl Count {
    /// True for a figure that is only a floor ("at least", "more than", "over").
    pub fn is_lower_bound(&self) -> bool {
        matches!(
            self.qualifier.as_deref(),
            Some("at least" | "more than" | "over" | "above" | "upwards of" | "no fewer than" | "dozens of")
        )
    }

    pub fn display(&self) -> String {
        match &self.qualifier {
            Some(q) => format!("{q} {}", self.value),
            None => self.value.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanRef {
    pub start: usize,
    pub end: usize,
}

/// The incident as `vigil extract --json` prints it (unknown fields are ignored, missing ones
/// are empty, so readings stored by older versions still load).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reading {
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub place: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub target: Option<String>,
    pub attack_type: Option<String>,
    pub weapons: Vec<String>,
    pub perpetrator: Option<String>,
    pub attackers: Option<u64>,
    pub killed: Option<Count>,
    pub injured: Option<Count>,
    pub claimed_by: Option<String>,
    pub claim_outlet: Option<String>,
    pub link: String,
    pub link_cues: Vec<LinkCue>,
    pub evidence: Vec<SpanRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkCue {
    pub link: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A reading with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The store's id for this reading.
    pub id: i64,
    /// The document's id (hex) and its store sequence number.
    pub doc: String,
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
    pub reading: Reading,
}

impl Report {
    pub fn published_date(&self) -> Option<NaiveDate> {
        let p = self.published.as_deref()?;
        NaiveDate::parse_from_str(p.get(..10)?, "%Y-%m-%d").ok()
    }

    /// The days the reported date may stand for: a day, a whole month or a whole year.
    pub fn date_range(&self) -> Option<DateRange> {
        DateRange::parse(self.reading.date.as_deref()?)
    }
}

/// An inclusive range of days with the precision it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub precision: Precision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl DateRange {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn parse(s: &str) -> Option<DateRange> {
        let parts: Vec<&str> = s.split('-').collect();
        let year: i32 = parts.first()?.parse().ok()?;
        match parts.len() {
            1 => Some(DateRange {
                first: NaiveDate::from_ymd_opt(year, 1, 1)?,
                last: NaiveDate::from_ymd_opt(year, 12, 31)?,
                precision: Precision::Year,
            }),
            2 => {
                let month: u32 = parts[1].parse().ok()?;
                let first = NaiveDate::from_ymd_opt(year, month, 1)?;
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)?
                };
                Some(DateRange { first, last: next.pred_opt()?, precision: Precision::Month })
            }
            3 => {
                let day = NaiveDate::from_ymd_opt(year, parts[1].parse().ok()?, parts[2].parse().ok()?)?;
                Some(DateRange { first: day, last: day, precision: Precision::Day })
            }
            _ => None,
        }
    }

    /// Overlap, allowing a day either side of a single day (reports in other time zones, or
    /// an attack that ran past midnight).
    pub fn overlaps(&self, other: &DateRange) -> bool {
        let slack = |r: &DateRange| if r.precision == Precision::Day { 1 } else { 0 };
        let days = i64::from(slack(self) + slack(other));
        (self.first - other.last).num_days() <= days && (other.first - self.last).num_days() <= days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_by_precision() {
        let march = DateRange::parse("2024-03").unwrap();
        assert_eq!(march.last, NaiveDate::from_ymd_opt(2024, 3, 31).unwrap());
        let day = DateRange::parse("2024-03-22").unwrap();
        assert!(march.overlaps(&day) && day.overlaps(&march));
        let next = DateRange::parse("2024-03-23").unwrap();
        assert!(day.overlaps(&next), "a day either side");
        let later = DateRange::parse("2024-03-25").unwrap();
        assert!(!day.overlaps(&later));
        assert!(DateRange::parse("2024").unwrap().overlaps(&day));
        assert!(!DateRange::parse("2023").unwrap().overlaps(&day));
        assert_eq!(DateRange::parse("2024-13"), None);
        assert_eq!(DateRange::parse("soon"), None);
    }

    #[test]
    fn readings_load_with_missing_and_unknown_fields() {
        let r: Reading = serde_json::from_str(
            r#"{"link":"claimed","killed":{"value":40,"qualifier":"at least"},"new_field":1}"#,
        )
        .unwrap();
        assert!(r.killed.unwrap().is_lower_bound());
        assert_eq!(r.evidence, vec![]);
    }
}
