//! When two frames are one event: places in the same country and cities within 80 km, dates
//! that agree at the coarser precision, and an undated lead near publication.

use vigil_core::Precision;

use super::inputs::Inputs;
use super::{Frame, IncidentFinder};
use crate::places::PlaceFacts;

impl IncidentFinder {
    pub(super) fn merge_or_push(&self, x: &Inputs, frames: &mut Vec<Frame>, frame: Frame) -> usize {
        for (i, f) in frames.iter_mut().enumerate().rev() {
            if compatible(x, f, &frame) {
                for s in frame.sentences {
                    if !f.sentences.contains(&s) {
                        f.sentences.push(s);
                    }
                }
                f.city = f.city.or(frame.city);
                f.region = f.region.or(frame.region);
                f.country = f.country.clone().or(frame.country);
                f.date = match (f.date.take(), frame.date) {
                    (Some(a), Some(b)) => Some(if precision_rank(b.1) < precision_rank(a.1) { b } else { a }),
                    (a, b) => a.or(b),
                };
                f.types.extend(frame.types);
                f.anchors.extend(frame.anchors);
                return i;
            }
        }
        frames.push(frame);
        frames.len() - 1
    }
}

/// Whether two frames can be the same event.
pub(super) fn compatible(x: &Inputs, a: &Frame, b: &Frame) -> bool {
    let places_agree = match (&a.country, &b.country) {
        (Some(ca), Some(cb)) if ca != cb => false,
        _ => match (a.city, b.city) {
            // A place set at another's coordinates is only itself.
            (Some(p), Some(q)) => {
                p == q
                    || !x.places[p].approximate
                        && !x.places[q].approximate
                        && km(&x.places[p], &x.places[q]) < 80.0
            }
            _ => true,
        },
    };
    let some_anchor = a.country.is_some() && b.country.is_some() || a.date.is_some() && b.date.is_some();
    places_agree && dates_fit(x, a, b) && (some_anchor || b.country.is_none() && b.date.is_none())
}

/// Whether the dates of two frames allow them to be one event.
pub(super) fn dates_fit(x: &Inputs, a: &Frame, b: &Frame) -> bool {
    // An undated frame opening a report is about the time of publication (the report's own
    // attack), so a frame dated long before it is another attack ("the Atatürk airport attack in June 2016" in a
    // report on the Reina nightclub attack of 1 January 2017).
    let near_publication = |d: &str| {
        let published = x.published?;
        // The last day the date can mean.
        let year: i32 = d.get(..4)?.parse().ok()?;
        let last = match d.len() {
            4 => chrono::NaiveDate::from_ymd_opt(year, 12, 31)?,
            7 => chrono::NaiveDate::from_ymd_opt(year, d.get(5..7)?.parse().ok()?, 28)?,
            _ => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?,
        };
        Some((published - last).num_days() <= 120)
    };
    let lead = |f: &Frame| f.sentences.first().is_some_and(|&i| i < 2);
    let undated_fits = match (&a.date, &b.date) {
        (None, Some((d, _))) if lead(a) => near_publication(d).unwrap_or(true),
        (Some((d, _)), None) if lead(b) => near_publication(d).unwrap_or(true),
        _ => true,
    };
    undated_fits
        && match (&a.date, &b.date) {
            (Some((da, _)), Some((db, _))) => {
                da.starts_with(db.as_str()) || db.starts_with(da.as_str()) || one_day_apart(da, db)
            }
            _ => true,
        }
}

pub(super) fn one_day_apart(a: &str, b: &str) -> bool {
    let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    matches!((parse(a), parse(b)), (Some(x), Some(y)) if (x - y).num_days().abs() <= 1)
}

pub(super) fn km(a: &PlaceFacts, b: &PlaceFacts) -> f64 {
    let (la, lb) = (a.lat.to_radians(), b.lat.to_radians());
    let dl = (b.lon - a.lon).to_radians();
    let c = (la.sin() * lb.sin() + la.cos() * lb.cos() * dl.cos()).clamp(-1.0, 1.0);
    6371.0 * c.acos()
}

pub(super) fn precision_rank(p: Precision) -> u8 {
    match p {
        Precision::Day => 0,
        Precision::Month => 1,
        Precision::Approx => 2,
        Precision::Year => 3,
    }
}
