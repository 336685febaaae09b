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

use rustc_hash::FxHashMap;

use chrono::{Datelike, NaiveDate};

use crate::kin::{Groups, NEAR_KM, distance_km, related};
use crate::report::{DateRange, IncidentReport, Precision};

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
    /// Cosine of the latitude, for quick distances.
    cos_lat: f64,
    attack_type: Option<String>,
    perpetrator: Option<String>,
}

impl Key {
    fn of(report: &IncidentReport) -> Key {
        let r = &report.reading;
        Key {
            date: crate::report::date_range(report),
            published: report.published_date(),
            country: r.country.clone(),
            city: r.city.clone(),
            // Coordinates stand for a place only when a city was named; a country's are its centre.
            coords: r.city.as_ref().and(r.lat.zip(r.lon)),
            cos_lat: r.lat.map_or(1.0, |l| l.to_radians().cos()),
            attack_type: r.attack_type.clone().filter(|t| t != "other"),
            perpetrator: r.perpetrator.clone(),
        }
    }
}

struct Cluster {
    target: Target,
    /// Distinct member keys: a reading that says what a member already says adds nothing to
    /// compare against.
    members: Vec<Key>,
    seen: rustc_hash::FxHashSet<String>,
}

pub struct Resolver<'g> {
    groups: &'g dyn Groups,
    clusters: Vec<Cluster>,
    existing: FxHashMap<i64, usize>,
    /// Small numbers for country codes and city names, so index keys are cheap to hash.
    names: FxHashMap<String, u32>,
    /// Members by (country, year, month) of every month their dates may fall in (a day either
    /// side), under their country (NONE for none) and under ANY.
    by_month: FxHashMap<(u32, i32, u32), Vec<Member>>,
    /// Members with coordinates by (one-degree cell, year, month), entered in every cell near
    /// theirs: a reading with coordinates looks only at its own cell.
    by_cell: FxHashMap<(i32, i32, i32, u32), Vec<Member>>,
    /// Members without coordinates by (country, year, month), for readings with coordinates.
    placeless: FxHashMap<(u32, i32, u32), Vec<Member>>,
    /// Members by (country, city), likewise: undated mentions are found through their city.
    by_city: FxHashMap<(u32, u32), Vec<Member>>,
    created: usize,
}

/// A member: (cluster, index among its distinct keys).
type Member = (u32, u32);

const NONE: u32 = 0;
const ANY: u32 = 1;

/// The months a date range may fall in, a day either side.
fn months(range: &DateRange) -> Vec<(i32, u32)> {
    let (Some(first), Some(last)) = (range.first.pred_opt(), range.last.succ_opt()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = (first.year(), first.month());
    while (y, m) <= (last.year(), last.month()) && out.len() < 14 {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The one-degree cell of a point.
fn cell((lat, lon): (f64, f64)) -> (i32, i32) {
    (lat.floor() as i32, lon.floor() as i32)
}

/// The cells within reach of [`NEAR_KM`] of a point's cell (more of them east and west where
/// degrees of longitude are short).
fn cells_near((lat, lon): (f64, f64)) -> Vec<(i32, i32)> {
    let (y, x) = cell((lat, lon));
    let wide = 1 + i32::from(lat.abs() > 45.0) + i32::from(lat.abs() > 65.0) * 2;
    let mut out = Vec::new();
    for dy in -1..=1 {
        for dx in -wide..=wide {
            out.push((y + dy, x + dx));
        }
    }
    out
}

impl<'g> Resolver<'g> {
    pub fn new(groups: &'g dyn Groups) -> Resolver<'g> {
        Resolver {
            groups,
            clusters: Vec::new(),
            existing: FxHashMap::default(),
            names: FxHashMap::default(),
            by_month: FxHashMap::default(),
            by_cell: FxHashMap::default(),
            placeless: FxHashMap::default(),
            by_city: FxHashMap::default(),
            created: 0,
        }
    }

    fn name_id(&mut self, name: &str) -> u32 {
        let next = self.names.len() as u32 + 2;
        *self.names.entry(name.to_string()).or_insert(next)
    }

    fn known(&self, name: &str) -> Option<u32> {
        self.names.get(name).copied()
    }

    /// A member of an incident the store already holds.
    pub fn add_existing(&mut self, incident: i64, report: &IncidentReport) {
        let index = match self.existing.get(&incident) {
            Some(&i) => i,
            None => {
                self.clusters.push(Cluster {
                    target: Target::Existing(incident),
                    members: Vec::new(),
                    seen: Default::default(),
                });
                self.existing.insert(incident, self.clusters.len() - 1);
                self.clusters.len() - 1
            }
        };
        self.add_member(index, Key::of(report));
    }

    fn add_member(&mut self, index: usize, key: Key) {
        let signature = format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            key.date,
            // Publication matters only to an undated member.
            key.published.filter(|_| key.date.is_none()),
            key.country,
            key.city,
            key.coords,
            key.attack_type,
            key.perpetrator
        );
        if !self.clusters[index].seen.insert(signature) {
            return;
        }
        let at: Member = (index as u32, self.clusters[index].members.len() as u32);
        let country = match &key.country {
            Some(c) => self.name_id(c),
            None => NONE,
        };
        if let Some(range) = &key.date {
            for (y, m) in months(range) {
                self.by_month.entry((country, y, m)).or_default().push(at);
                self.by_month.entry((ANY, y, m)).or_default().push(at);
                match key.coords {
                    Some(p) => {
                        for (cy, cx) in cells_near(p) {
                            self.by_cell.entry((cy, cx, y, m)).or_default().push(at);
                        }
                    }
                    None => {
                        self.placeless.entry((country, y, m)).or_default().push(at);
                        self.placeless.entry((ANY, y, m)).or_default().push(at);
                    }
                }
            }
        }
        if let Some(city) = &key.city {
            let city = self.name_id(city);
            self.by_city.entry((country, city)).or_default().push(at);
            self.by_city.entry((ANY, city)).or_default().push(at);
        }
        self.clusters[index].members.push(key);
    }

    /// Assigns new readings, in the fixed order, to incidents old and new.
    pub fn assign(&mut self, reports: &[&IncidentReport]) -> Vec<Assignment> {
        let mut order: Vec<&IncidentReport> = reports.to_vec();
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
            let (index, reason) = match self.best_match(&key) {
                Some((index, _, reasons)) => (index, reasons.join(", ")),
                None => {
                    self.clusters.push(Cluster {
                        target: Target::New(self.created),
                        members: Vec::new(),
                        seen: Default::default(),
                    });
                    self.created += 1;
                    (self.clusters.len() - 1, "no earlier incident matches".to_string())
                }
            };
            out.push(Assignment { report: report.id, target: self.clusters[index].target, reason });
            self.add_member(index, key);
        }
        out
    }

    /// Members that could be the same event: those whose dates share a month with the
    /// reading's (near it, when both have coordinates), and those in its city.
    fn candidates(&self, key: &Key) -> Vec<Member> {
        let mut out = Vec::new();
        // A country never seen has no members under it.
        let countries: Vec<u32> = match &key.country {
            Some(c) => self.known(c).into_iter().chain([NONE]).collect(),
            None => vec![ANY],
        };
        if let Some(range) = &key.date {
            for (y, m) in months(range) {
                match key.coords {
                    Some(p) => {
                        let (cy, cx) = cell(p);
                        out.extend(self.by_cell.get(&(cy, cx, y, m)).into_iter().flatten());
                        for &c in &countries {
                            out.extend(self.placeless.get(&(c, y, m)).into_iter().flatten());
                        }
                    }
                    None => {
                        for &c in &countries {
                            out.extend(self.by_month.get(&(c, y, m)).into_iter().flatten());
                        }
                    }
                }
            }
        }
        if let Some(city) = key.city.as_deref().and_then(|c| self.known(c)) {
            for &c in &countries {
                out.extend(self.by_city.get(&(c, city)).into_iter().flatten());
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn best_match(&self, key: &Key) -> Option<(usize, i32, Vec<String>)> {
        let mut best: Option<(usize, usize, i32)> = None;
        for (index, member) in self.candidates(key) {
            let (index, member) = (index as usize, member as usize);
            let Some(points) = self.compare(key, &self.clusters[index].members[member], None) else {
                continue;
            };
            // Older incidents first on ties: candidates come in cluster order.
            if points >= THRESHOLD && best.is_none_or(|(_, _, p)| points > p) {
                best = Some((index, member, points));
            }
        }
        let (index, member, points) = best?;
        let mut reasons = Vec::new();
        self.compare(key, &self.clusters[index].members[member], Some(&mut reasons));
        Some((index, points, reasons))
    }

    /// Points for two readings being one event, with the reasons; none when something rules
    /// it out.
    /// With `reasons`, says why in words (only for the winner: words cost allocations).
    fn compare(&self, a: &Key, b: &Key, mut reasons: Option<&mut Vec<String>>) -> Option<i32> {
        let mut points = 0;
        // The cheap exclusions first: dates that cannot meet, then countries.
        if let (Some(x), Some(y)) = (a.date, b.date)
            && !x.overlaps(&y)
        {
            return None;
        }
        if let (Some(x), Some(y)) = (&a.country, &b.country)
            && x != y
        {
            return None;
        }
        match (a.coords, b.coords) {
            (Some(p), Some(q)) => {
                if near_km(p, q, a.cos_lat) > NEAR_KM {
                    return None;
                }
                points += 2;
                if a.city == b.city {
                    note(&mut reasons, || format!("same city ({})", a.city.as_deref().unwrap_or_default()));
                } else {
                    note(&mut reasons, || {
                        format!(
                            "{} and {} {:.0} km apart",
                            a.city.as_deref().unwrap_or_default(),
                            b.city.as_deref().unwrap_or_default(),
                            distance_km(p, q)
                        )
                    });
                }
            }
            _ if a.city.is_some() && a.city == b.city => {
                points += 2;
                note(&mut reasons, || format!("same city ({})", a.city.as_deref().unwrap_or_default()));
            }
            _ => {}
        }
        let same_place = points > 0;
        match (a.date, b.date) {
            (Some(x), Some(y)) => {
                if x.precision == Precision::Day && y.precision == Precision::Day {
                    points += 3;
                    note(&mut reasons, || {
                        if x.first == y.first {
                            format!("same day ({})", x.first)
                        } else {
                            format!("dates a day apart ({}, {})", x.first, y.first)
                        }
                    });
                } else {
                    points += 1;
                    note(&mut reasons, || "dates agree at the coarser precision".to_string());
                }
            }
            // A reading cannot be of an attack that happened after it was published.
            (Some(x), None) if b.published.is_some_and(|p| x.first > p) => return None,
            (None, Some(y)) if a.published.is_some_and(|p| y.first > p) => return None,
            // An undated mention of an attack in the same place refers back to one before it.
            (Some(_), None) | (None, Some(_)) if same_place => {
                points += 1;
                note(&mut reasons, || "an undated mention of an earlier attack there".to_string());
            }
            _ => {}
        }
        match (&a.attack_type, &b.attack_type) {
            (Some(x), Some(y)) if x == y => {
                points += 1;
                note(&mut reasons, || format!("same attack type ({x})"));
            }
            (Some(_), Some(_)) => points -= 1,
            _ => {}
        }
        match (&a.perpetrator, &b.perpetrator) {
            (Some(x), Some(y)) if related(self.groups, x, y) => {
                points += 1;
                note(&mut reasons, || format!("same perpetrator ({})", self.groups.name(x).unwrap_or(x)));
            }
            (Some(_), Some(_)) => points -= 1,
            _ => {}
        }
        Some(points)
    }
}

fn note(reasons: &mut Option<&mut Vec<String>>, reason: impl FnOnce() -> String) {
    if let Some(list) = reasons.as_deref_mut() {
        list.push(reason());
    }
}

/// Distance in kilometres on a flat map around the points (good to a fraction of a percent at
/// the distances that matter here, and without trigonometry per comparison).
fn near_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64), cos_lat: f64) -> f64 {
    let dy = lat2 - lat1;
    let dx = (lon2 - lon1) * cos_lat;
    (dy * dy + dx * dx).sqrt() * 111.2
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::report::{Count, IncidentReading};

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

    pub(crate) fn report(id: i64, published: &str, reading: IncidentReading) -> IncidentReport {
        IncidentReport {
            id,
            doc: vigil_core::DocId::for_text(&format!("doc{id}")),
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

    pub(crate) fn moscow(date: &str, killed: u64) -> IncidentReading {
        IncidentReading {
            date: Some(date.to_string()),
            city: Some("Moscow".into()),
            place: Some("Moscow".into()),
            country: Some("RU".into()),
            lat: Some(55.75),
            lon: Some(37.62),
            attack_type: Some("armed_assault".into()),
            perpetrator: Some("iskp".into()),
            killed: Some(Count { value: killed, qualifier: None }),
            link: vigil_core::LinkLevel::Claimed,
            ..IncidentReading::default()
        }
    }

    #[test]
    fn reports_of_one_attack_join_and_others_do_not() {
        let krasnogorsk = IncidentReading {
            city: Some("Krasnogorsk".into()),
            place: Some("Krasnogorsk".into()),
            lat: Some(55.82),
            lon: Some(37.33),
            perpetrator: Some("isis".into()),
            ..moscow("2024-03", 133)
        };
        let kerman = IncidentReading {
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

        let undated = IncidentReading { date: None, ..moscow("x", 0) };
        let third = report(3, "2024-03-21T09:00:00Z", undated);
        let mut a = Resolver::new(&TestGroups);
        let mut b = Resolver::new(&TestGroups);
        assert_eq!(a.assign(&[&first, &second, &third]), b.assign(&[&third, &second, &first]));
    }

    #[test]
    fn a_reading_is_not_of_an_attack_after_its_publication() {
        let undated = IncidentReading { date: None, ..moscow("x", 0) };
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
