//! One document's reading of an attack as resolution sees it: the shared
//! [`vigil_core::IncidentReport`] (the reading with its document, source, publication time and
//! the original of its near-duplicate cluster), and the days its date may stand for.

use chrono::NaiveDate;

pub use vigil_core::{Count, IncidentReading, IncidentReport, LinkCue};

/// The days a report's date may stand for: a day, a whole month or a whole year.
pub fn date_range(report: &IncidentReport) -> Option<DateRange> {
    DateRange::parse(report.reading.date.as_deref()?)
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
}
