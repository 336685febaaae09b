//! Incident resolution: readings of one real-world attack, from many documents, become one
//! incident.
//!
//! Two readings can be the same event when nothing rules it out — countries do not differ,
//! named cities lie within [`NEAR_KM`] of each other, dates overlap at the coarser precision
//! (a day either side of a single day; "March 2024" holds 22 March 2024), and a reading is
//! not of an attack after its own publication — and when enough agrees:
//!
//! | evidence | points |
//! |---|---|
//! | the same day | 3 |
//! | overlapping dates at month or year precision | 1 |
//! | one reading undated, the other dated before its publication, same place | 1 |
//! | the same or a nearby city | 2 |
//! | the same attack type (a different one: −1) | 1 |
//! | the same or a related perpetrator (an unrelated one: −1) | 1 |
//!
//! A reading joins the incident whose best-matching member gives it the most points, at
//! least [`THRESHOLD`]; ties go to the older incident. Tolls are never compared: they change
//! as reports come in. A reading that matches nothing starts an incident.
//!
//! Readings are taken in a fixed order (publication time, document id, reading id), and an
//! incident, once formed, keeps its members: resolving new readings is incremental, and the
//! same store resolves the same way every time.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::assess::Groups;
use crate::report::{DateRange, Precision, Report};

/// Cities this close (km) can be one attack's place ("near Moscow" and Krasnogorsk).
pub const NEAR_KM: f64 = 60.0;
/// Points a reading needs to join an incident.
pub const THRESHOLD: i32 = 3;

/// Where a reading goes: an incident the store already has, or the n-th incident this run
/// creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Existing(i64),
    New(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub report: i64,
    pub target: Target,
    /// Why: the points that joined it, or "no earlier incident matches".
    pub reason: String,
}

#[derive(Debug, Clone)]
struct Key {
    date: Option<DateRange>,
    published: Option<NaiveDate>,
    country: Option<String>,
    city: Option<String>,
    coords: Option<(f64, f64)>,
    attack_type: Option<String>,
    perpetrator: Option<String>,
}

impl Key {
    fn of(report: &Report) -> Key {
        let r = &report.reading;
        Key {
            date: report.date_range(),
            published: report.published_date(),
            country: r.country.clone(),
            city: r.city.clone(),
            // Coordinates stand for a place only when a city was named; a country's are its centre.
            coords: r.city.as_ref().and(r.lat.zip(r.lon)),
            attack_type: r.attack_type.clone().filter(|t| t != "other"),
            perpetrator: r.perpetrator.clone(),
        }
    }
}

struct Cluster {
    target: Target,
    members: Vec<Key>,
}

pub struct Resolver<'g> {
    groups: &'g dyn Groups,
    clusters: Vec<Cluster>,
    /// Clusters by country of any member; readings without a country look at all of them.
    by_country: HashMap<String, Vec<usize>>,
    created: usize,
}

impl<'g> Resolver<'g> {
    pub fn new(groups: &'g dyn Groups) -> Resolver<'g> {
        Resolver { groups, clusters: Vec::new(), by_country: HashMap::new(), created: 0 }
    }

    /// A member of an incident the store already holds. Give members in incident id order.
    pub fn add_existing(&mut self, incident: i64, report: &Report) {
        let index = match self.clusters.iter().rposition(|c| c.target == Target::Existing(incident)) {
            Some(i) => i,
            None => {
                self.clusters.push(Cluster { target: Target::Existing(incident), members: Vec::new() });
                self.clusters.len() - 1
            }
        };
        self.add_member(index, Key::of(report));
    }

    fn add_member(&mut self, index: usize, key: Key) {
        if let Some(country) = &key.country {
            let list = self.by_country.entry(country.clone()).or_default();
            if list.last() != Some(&index) && !list.contains(&index) {
                list.push(index);
                list.sort_unstable();
            }
        }
        self.clusters[index].members.push(key);
    }

    /// Assigns new readings, in the fixed order, to incidents old and new.
    pub fn assign(&mut self, reports: &[&Report]) -> Vec<Assignment> {
        let mut order: Vec<&Report> = reports.to_vec();
        order.sort_by(|a, b| {
            (a.published.as_deref(), a.doc.as_str(), a.id).cmp(&(
                b.published.as_deref(),
                b.doc.as_str(),
                b.id,
            ))
        });
        let mut out = Vec::with_capacity(order.len());
        for report in order {
            let key = Key::of(report);
            let best = self.best_match(&key);
            let (index, reason) = match best {
                Some((index, _, reasons)) => (index, reasons.join(", ")),
                None => {
                    self.clusters.push(Cluster { target: Target::New(self.created), members: Vec::new() });
                    self.created += 1;
                    (self.clusters.len() - 1, "no earlier incident matches".to_string())
                }
            };
            out.push(Assignment { report: report.id, target: self.clusters[index].target, reason });
            self.add_member(index, key);
        }
        out
    }

    fn best_match(&self, key: &Key) -> Option<(usize, i32, Vec<String>)> {
        let all: Vec<usize>;
        let candidates: &[usize] = match key.country.as_ref().and_then(|c| self.by_country.get(c)) {
            Some(list) => list,
            None if key.country.is_some() => &[],
            None => {
                all = (0..self.clusters.len()).collect();
                &all
            }
        };
        let mut best: Option<(usize, i32, Vec<String>)> = None;
        for &index in candidates {
            let found = self.clusters[index]
                .members
                .iter()
                .filter_map(|m| self.compare(key, m))
                .max_by_key(|(points, _)| *points);
            if let Some((points, reasons)) = found
                && points >= THRESHOLD
                && best.as_ref().is_none_or(|(_, p, _)| points > *p)
            {
                best = Some((index, points, reasons));
            }
        }
        best
    }

    /// Points for two readings being one event, with the reasons; none when something rules
    /// it out.
    fn compare(&self, a: &Key, b: &Key) -> Option<(i32, Vec<String>)> {
        let mut points = 0;
        let mut reasons = Vec::new();
        if let (Some(x), Some(y)) = (&a.country, &b.country)
            && x != y
        {
            return None;
        }
        match (a.coords, b.coords) {
            (Some(p), Some(q)) => {
                let km = distance_km(p, q);
                if km > NEAR_KM {
                    return None;
                }
                points += 2;
                if a.city == b.city {
                    reasons.push(format!("same city ({})", a.city.as_deref().unwrap_or_default()));
                } else {
                    reasons.push(format!(
                        "{} and {} {km:.0} km apart",
                        a.city.as_deref().unwrap_or_default(),
                        b.city.as_deref().unwrap_or_default()
                    ));
                }
            }
            _ if a.city.is_some() && a.city == b.city => {
                points += 2;
                reasons.push(format!("same city ({})", a.city.as_deref().unwrap_or_default()));
            }
            _ => {}
        }
        let same_place = points > 0;
        match (a.date, b.date) {
            (Some(x), Some(y)) => {
                if !x.overlaps(&y) {
                    return None;
                }
                if x.precision == Precision::Day && y.precision == Precision::Day {
                    points += 3;
                    reasons.push(if x.first == y.first {
                        format!("same day ({})", x.first)
                    } else {
                        format!("dates a day apart ({}, {})", x.first, y.first)
                    });
                } else {
                    points += 1;
                    reasons.push("dates agree at the coarser precision".to_string());
                }
            }
            // A reading cannot be of an attack that happened after it was published.
            (Some(x), None) if b.published.is_some_and(|p| x.first > p) => return None,
            (None, Some(y)) if a.published.is_some_and(|p| y.first > p) => return None,
            // An undated mention of an attack in the same place refers back to one before it.
            (Some(_), None) | (None, Some(_)) if same_place => {
                points += 1;
                reasons.push("an undated mention of an earlier attack there".to_string());
            }
            _ => {}
        }
        match (&a.attack_type, &b.attack_type) {
            (Some(x), Some(y)) if x == y => {
                points += 1;
                reasons.push(format!("same attack type ({x})"));
            }
            (Some(_), Some(_)) => points -= 1,
            _ => {}
        }
        match (&a.perpetrator, &b.perpetrator) {
            (Some(x), Some(y)) if related(self.groups, x, y) => {
                points += 1;
                reasons.push(format!("same perpetrator ({})", self.groups.name(x).unwrap_or(x)));
            }
            (Some(_), Some(_)) => points -= 1,
            _ => {}
        }
        Some((points, reasons))
    }
}

/// The same group, or one a branch of the other ("ISIS" and "ISKP").
pub fn related(groups: &dyn Groups, a: &str, b: &str) -> bool {
    a == b || descends(groups, a, b) || descends(groups, b, a)
}

/// True when `child` is `ancestor` or one of its branches, however deep.
pub fn descends(groups: &dyn Groups, child: &str, ancestor: &str) -> bool {
    let mut at = Some(child);
    for _ in 0..16 {
        match at {
            Some(g) if g == ancestor => return true,
            Some(g) => at = groups.parent(g),
            None => return false,
        }
    }
    false
}

/// Great-circle distance in kilometres.
pub fn distance_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::{Count, Reading};

    pub(crate) struct TestGroups;
    impl Groups for TestGroups {
        fn parent(&self, id: &str) -> Option<&str> {
            (id == "iskp").then_some("isis")
        }
        fn name(&self, id: &str) -> Option<&str> {
            match id {
                "iskp" => Some("ISKP"),
                "isis" => Some("Islamic State"),
                _ => None,
            }
        }
    }

    pub(crate) fn report(id: i64, published: &str, reading: Reading) -> Report {
        Report {
            id,
            doc: format!("doc{id}"),
            doc_seq: id,
            title: None,
            source: format!("Outlet {id}"),
            url: None,
            published: Some(published.to_string()),
            original: id,
            original_source: format!("Outlet {id}"),
            reading,
        }
    }

    pub(crate) fn moscow(date: &str, killed: u64) -> Reading {
        Reading {
            date: Some(date.to_string()),
            city: Some("Moscow".into()),
            place: Some("Moscow".into()),
            country: Some("RU".into()),
            lat: Some(55.75),
            lon: Some(37.62),
            attack_type: Some("armed_assault".into()),
            perpetrator: Some("iskp".into()),
            killed: Some(Count { value: killed, qualifier: None }),
            link: "claimed".into(),
            ..Reading::default()
        }
    }

    #[test]
    fn reports_of_one_attack_join_and_others_do_not() {
        let krasnogorsk = Reading {
            city: Some("Krasnogorsk".into()),
            place: Some("Krasnogorsk".into()),
            lat: Some(55.82),
            lon: Some(37.33),
            perpetrator: Some("isis".into()),
            ..moscow("2024-03", 133)
        };
        let kerman = Reading {
            city: Some("Kerman".into()),
            country: Some("IR".into()),
            lat: Some(30.28),
            lon: Some(57.08),
            ..moscow("2024-01-03", 84)
        };
        let later_moscow = moscow("2024-11-02", 1);
        let reports = [
            report(1, "2024-03-22T21:00:00Z", moscow("2024-03-22", 40)),
            report(2, "2024-03-23T09:00:00Z", krasnogorsk),
            report(3, "2024-01-04T09:00:00Z", kerman),
            report(4, "2024-11-02T09:00:00Z", later_moscow),
        ];
        let mut resolver = Resolver::new(&TestGroups);
        let out = resolver.assign(&reports.iter().collect::<Vec<_>>());
        let target = |id| out.iter().find(|a| a.report == id).unwrap().target;
        assert_eq!(target(1), target(2), "{out:?}");
        assert_ne!(target(1), target(3));
        assert_ne!(target(1), target(4), "another attack in the same city months later");
        assert!(out.iter().any(|a| a.reason.contains("km apart")), "{out:?}");
    }

    #[test]
    fn new_readings_join_existing_incidents_and_the_order_is_fixed() {
        let first = report(1, "2024-03-22T21:00:00Z", moscow("2024-03-22", 40));
        let second = report(2, "2024-03-26T09:00:00Z", moscow("2024-03-22", 139));
        let mut resolver = Resolver::new(&TestGroups);
        resolver.add_existing(7, &first);
        let out = resolver.assign(&[&second]);
        assert_eq!(out[0].target, Target::Existing(7));

        let undated = Reading { date: None, ..moscow("x", 0) };
        let third = report(3, "2024-03-21T09:00:00Z", undated);
        let mut a = Resolver::new(&TestGroups);
        let mut b = Resolver::new(&TestGroups);
        assert_eq!(a.assign(&[&first, &second, &third]), b.assign(&[&third, &second, &first]));
    }

    #[test]
    fn a_reading_is_not_of_an_attack_after_its_publication() {
        let undated = Reading { date: None, ..moscow("x", 0) };
        let early = report(1, "2023-05-01T09:00:00Z", undated);
        let attack = report(2, "2024-03-22T21:00:00Z", moscow("2024-03-22", 40));
        let out = Resolver::new(&TestGroups).assign(&[&early, &attack]);
        assert_ne!(out[0].target, out[1].target);
    }

    #[test]
    fn distances() {
        let km = distance_km((55.75, 37.62), (55.82, 37.33));
        assert!((15.0..25.0).contains(&km), "{km}");
    }
}
