//! One incident's assessment from all its readings: every reported value of each field with
//! its source and publication time (the history), the current value with the rule that chose
//! it, and the value's credibility.
//!
//! Rules for the current value:
//! - **killed, injured**: the latest report, in publication order, from the best sources
//!   (reports from sources graded E are set aside when any other source gives a figure). A
//!   floor ("at least 40") never replaces a larger figure reported before it; an exact figure
//!   does, even a smaller one (an official revision).
//! - **date**: the most precise value; among those, the one the most independent sources state
//!   (then the best grade, then the earliest report). Coarser dates that contain it support it.
//! - **place**: the city the most independent sources name (then the best grade, earliest),
//!   else the country.
//! - **attack type**: the type the most independent sources give; the others are listed.
//! - **perpetrator**: the group with the most independent support, where naming a parent
//!   ("Islamic State") supports its branch ("ISKP"); among equals, the most specific.
//! - **link**: the strongest level any source states (directed, enabled, inspired, claimed,
//!   alleged), but a statement that an attack was directed or enabled and one that it was only
//!   inspired contradict each other: the level with more independent sources wins, ties go to
//!   the later report, and the field is contested.
//!
//! Credibility (Admiralty 1–6) of the current value: more independent sources against it than
//! for it, 5 (improbable); more than a third as many against as for, 4 (doubtful, contested); a
//! smaller minority against, one level below what agreement alone gives; three or more independent
//! sources for it, 1 (confirmed); two, 2 (probably true); one source graded A–C, 3 (possibly
//! true); one graded D or E, 4 (doubtful); one with no grade, 6 (cannot be judged).
//! Independent sources: each outlet counts once, and a syndicated copy counts for the outlet
//! of its original. A value from a single source graded D–F whose sentences name no one
//! ("it is understood that") is flagged `uncorroborated`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vigil_core::LinkLevel;

use crate::kin::{Groups, NEAR_KM, descends, distance_km, related};
use crate::report::{Count, DateRange, IncidentReading, IncidentReport};
use crate::sources::{Grade, SourceProfiles};
use vigil_core::Span;

const SOURCING: &str = include_str!("../data/sourcing.toml");

/// A reading and the text of its evidence sentences (for named sourcing).
pub struct Sourced<'a> {
    pub report: &'a IncidentReport,
    pub sentences: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceEntry {
    /// The readings of this incident the document gave.
    pub reports: Vec<i64>,
    pub doc: String,
    pub title: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub published: Option<String>,
    pub grade: Grade,
    pub grade_note: String,
    /// The outlet this source counts as for independence (a copy's original outlet).
    pub counts_as: String,
    /// The store sequence of the original when this document is a near-duplicate copy.
    pub copy_of: Option<i64>,
    /// The attribution found in its sentences ("according to"), none when they name no one.
    pub named_sourcing: Option<String>,
    /// The first evidence sentence of each of its readings.
    pub evidence: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reported {
    pub value: String,
    pub report: i64,
    pub doc: String,
    pub source: String,
    pub published: Option<String>,
    pub grade: Grade,
    pub evidence: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldAssessment {
    pub field: String,
    pub current: Option<String>,
    /// Why this value: the rule and what it saw.
    pub reason: String,
    pub credibility: Option<u8>,
    pub credibility_reason: Option<String>,
    pub contested: bool,
    pub uncorroborated: bool,
    /// Every reported value, in publication order.
    pub history: Vec<Reported>,
}

/// The current values as typed columns (for filters and tables).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Current {
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub place: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub attack_type: Option<String>,
    pub perpetrator: Option<String>,
    pub killed: Option<Count>,
    pub injured: Option<Count>,
    pub link: LinkLevel,
    /// Weapons any reading names, the most widely reported first.
    #[serde(default)]
    pub weapons: Vec<String>,
    /// The target the most readings name.
    #[serde(default)]
    pub target: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub current: Current,
    pub sources: Vec<SourceEntry>,
    pub independent_sources: usize,
    pub fields: Vec<FieldAssessment>,
    /// Lines an analyst must see: contested fields, uncorroborated values.
    pub flags: Vec<String>,
    pub first_reported: Option<String>,
    pub last_reported: Option<String>,
}

#[derive(Deserialize)]
struct SourcingLexicon {
    version: u32,
    attribution: Vec<String>,
    unnamed: Vec<String>,
}

/// Finds named sourcing in sentences.
pub struct Sourcing {
    attribution: Vec<String>,
    unnamed: Vec<String>,
}

impl Sourcing {
    /// The built-in lexicon, read once per process (assessment runs once per incident).
    pub fn builtin() -> &'static Sourcing {
        static BUILTIN: std::sync::LazyLock<Sourcing> = std::sync::LazyLock::new(|| {
            let lexicon: SourcingLexicon =
                toml::from_str(SOURCING).expect("the built-in sourcing lexicon is valid");
            assert_eq!(lexicon.version, 1);
            Sourcing { attribution: lexicon.attribution, unnamed: lexicon.unnamed }
        });
        &BUILTIN
    }

    /// The attribution phrase of the first sentence that names a source; none when every
    /// sentence is unsourced or hedged ("it is understood that").
    pub fn named(&self, sentences: &[String]) -> Option<String> {
        sentences.iter().find_map(|s| {
            let lower = s.to_lowercase();
            if self.unnamed.iter().any(|u| has_phrase(&lower, u)) {
                return None;
            }
            self.attribution.iter().find(|a| has_phrase(&lower, a)).cloned()
        })
    }
}

/// `phrase` occurs in `text` as whole words.
fn has_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

struct Row<'a> {
    report: &'a IncidentReport,
    grade: Grade,
    grade_note: String,
    key: String,
    sentences: &'a [String],
}

impl Row<'_> {
    fn reported(&self, value: String, hint: Option<&str>) -> Reported {
        Reported {
            value,
            report: self.report.id,
            doc: self.report.doc.as_str().to_string(),
            source: self.report.source.clone(),
            published: self.report.published.clone(),
            grade: self.grade,
            evidence: self.evidence_for(hint),
        }
    }

    /// The evidence sentence that holds `hint` (a figure), else the first.
    fn evidence_for(&self, hint: Option<&str>) -> Option<Span> {
        let spans = &self.report.reading.evidence;
        if let Some(h) = hint
            && let Some(i) = self.sentences.iter().position(|s| s.contains(h))
            && let Some(span) = spans.get(i)
        {
            return Some(span.span());
        }
        spans.first().map(vigil_core::EvidenceRef::span)
    }
}

/// Assesses one incident from all its readings.
pub fn assess(readings: &[Sourced], profiles: &SourceProfiles, groups: &dyn Groups) -> Assessment {
    let sourcing = Sourcing::builtin();
    let mut rows: Vec<Row> = readings
        .iter()
        .map(|s| {
            let r = s.report;
            let graded = profiles.grade(&r.source, r.url.as_deref());
            Row {
                report: r,
                grade: graded.grade,
                grade_note: graded.note,
                key: r.original_source.trim().to_lowercase(),
                sentences: &s.sentences,
            }
        })
        .collect();
    rows.sort_by(|a, b| order(a.report).cmp(&order(b.report)));
    // One entry per document, in publication order, holding every reading it gave.
    let mut sources: Vec<SourceEntry> = Vec::new();
    let mut by_doc: HashMap<&str, usize> = HashMap::new();
    for row in &rows {
        let r = row.report;
        let sentences = row.sentences;
        if let Some(entry) = by_doc.get(r.doc.as_str()).map(|&i| &mut sources[i]) {
            entry.reports.push(r.id);
            entry.evidence.extend(r.reading.evidence.first().map(vigil_core::EvidenceRef::span));
            if entry.named_sourcing.is_none() {
                entry.named_sourcing = sourcing.named(sentences);
            }
            continue;
        }
        by_doc.insert(r.doc.as_str(), sources.len());
        sources.push(SourceEntry {
            reports: vec![r.id],
            doc: r.doc.as_str().to_string(),
            title: r.title.clone(),
            source: r.source.clone(),
            url: r.url.clone(),
            published: r.published.clone(),
            grade: row.grade,
            grade_note: row.grade_note.clone(),
            counts_as: r.original_source.clone(),
            copy_of: (r.original != r.doc_seq).then_some(r.original),
            named_sourcing: sourcing.named(sentences),
            evidence: r.reading.evidence.first().map(vigil_core::EvidenceRef::span).into_iter().collect(),
        });
    }
    let independent: BTreeSet<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    let named_by_report: HashMap<i64, Option<String>> =
        sources.iter().flat_map(|s| s.reports.iter().map(move |r| (*r, s.named_sourcing.clone()))).collect();
    let named = |id: i64| named_by_report.get(&id).cloned().flatten();
    let key_of: HashMap<i64, &str> = rows.iter().map(|r| (r.report.id, r.key.as_str())).collect();

    let mut current = Current::default();
    let mut fields = vec![
        date_field(&rows, &mut current),
        place_field(&rows, &mut current),
        type_field(&rows, &mut current),
        perpetrator_field(&rows, groups, &mut current),
        count_field("killed", &rows, |r| r.killed.as_ref(), &mut current.killed),
        count_field("injured", &rows, |r| r.injured.as_ref(), &mut current.injured),
        link_field(&rows, &mut current),
    ];

    // Weapons and target: the most widely reported first (ties: first reported).
    let mut weapons: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut targets: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        for w in &r.report.reading.weapons {
            weapons.entry(w.as_str()).or_insert((0, i)).0 += 1;
        }
        if let Some(t) = &r.report.reading.target {
            targets.entry(t.as_str()).or_insert((0, i)).0 += 1;
        }
    }
    let ranked = |counts: HashMap<&str, (usize, usize)>| {
        let mut list: Vec<(&str, (usize, usize))> = counts.into_iter().collect();
        list.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
        list.into_iter().map(|(name, _)| name.to_string()).collect::<Vec<String>>()
    };
    current.weapons = ranked(weapons);
    current.target = ranked(targets).into_iter().next();

    let mut flags = Vec::new();
    // Uncorroborated values, by the one source (graded D-F, naming no one) that states them.
    let mut lone: BTreeMap<(String, Grade), Vec<String>> = BTreeMap::new();
    for f in &mut fields {
        let Some(value) = &f.current else { continue };
        let keys: BTreeSet<&str> = f
            .history
            .iter()
            .filter(|h| &h.value == value)
            .filter_map(|h| key_of.get(&h.report).copied())
            .collect();
        if keys.len() == 1
            && let Some(h) = f.history.iter().find(|h| &h.value == value)
            && !h.grade.is_good()
            && named(h.report).is_none()
        {
            f.uncorroborated = true;
            let shown = if f.field == "perpetrator" { groups.name(value).unwrap_or(value) } else { value };
            lone.entry((h.source.clone(), h.grade))
                .or_default()
                .push(format!("{} {shown}", f.field.replace('_', " ")));
        }
        if f.contested {
            flags.push(format!(
                "{} is contested: {}",
                f.field.replace('_', " "),
                f.credibility_reason.clone().unwrap_or_default()
            ));
        }
    }
    for ((source, grade), values) in lone {
        flags.push(format!(
            "uncorroborated: {} rest on one source ({source}, graded {}) that names no source of its own",
            values.join(", "),
            grade.as_str()
        ));
    }
    Assessment {
        current,
        independent_sources: independent.len(),
        first_reported: rows.first().and_then(|r| r.report.published.clone()),
        last_reported: rows.last().and_then(|r| r.report.published.clone()),
        sources,
        fields,
        flags,
    }
}

fn order(r: &IncidentReport) -> (Option<&str>, &str, i64) {
    (r.published.as_deref(), r.doc.as_str(), r.id)
}

/// Independent sources among the rows whose reports satisfy `pred`.
fn support<'a>(rows: &'a [Row], pred: impl Fn(&IncidentReport) -> bool) -> BTreeSet<&'a str> {
    rows.iter().filter(|r| pred(r.report)).map(|r| r.key.as_str()).collect()
}

fn best_grade(rows: &[Row], pred: impl Fn(&IncidentReport) -> bool) -> Grade {
    rows.iter().filter(|r| pred(r.report)).map(|r| r.grade).min().unwrap_or(Grade::F)
}

fn credibility(field: &mut FieldAssessment, for_: usize, against: usize, grade: Grade) {
    let (level, reason) = if against > for_ {
        (5, format!("improbable: {against} independent sources say otherwise, {for_} say this"))
    } else if against > 0 && against * 3 > for_ {
        field.contested = true;
        (4, format!("doubtful: {for_} independent sources say this, {against} say otherwise"))
    } else if against > 0 {
        // A small minority differs: one level lower than agreement alone would give.
        let level = if for_ >= 3 { 2 } else { 3 };
        (level, format!("{for_} independent sources say this; {against} differ"))
    } else if for_ >= 3 {
        (1, format!("confirmed by {for_} independent sources"))
    } else if for_ == 2 {
        (2, "probably true: two independent sources".to_string())
    } else if grade.is_good() {
        (3, format!("possibly true: one source, graded {}", grade.as_str()))
    } else if grade == Grade::F {
        (6, "cannot be judged: one source, with no grade".to_string())
    } else {
        (4, format!("doubtful: one source, graded {}", grade.as_str()))
    };
    field.credibility = Some(level);
    field.credibility_reason = Some(reason);
}

fn field(name: &str, history: Vec<Reported>) -> FieldAssessment {
    FieldAssessment {
        field: name.to_string(),
        current: None,
        reason: "no source reports it".to_string(),
        credibility: None,
        credibility_reason: None,
        contested: false,
        uncorroborated: false,
        history,
    }
}

/// Picks the candidate with the most independent support, then the best grade, then the
/// earliest report (rows are in publication order); `rank` breaks ties before grade.
fn vote<'a, K: Ord + Clone>(
    rows: &'a [Row],
    candidates: impl Iterator<Item = (K, usize)>,
    supports: impl Fn(&K, &IncidentReport) -> bool,
    rank: impl Fn(&K) -> i64,
) -> Option<(K, BTreeSet<&'a str>)> {
    vote_by(candidates, |k| (support(rows, |r| supports(k, r)), best_grade(rows, |r| supports(k, r))), rank)
}

/// [`vote`] with each candidate's independent support and best grade computed by `score`.
fn vote_by<'a, K: Ord + Clone>(
    candidates: impl Iterator<Item = (K, usize)>,
    score: impl Fn(&K) -> (BTreeSet<&'a str>, Grade),
    rank: impl Fn(&K) -> i64,
) -> Option<(K, BTreeSet<&'a str>)> {
    let mut best: Option<(K, BTreeSet<&str>, i64, Grade, usize)> = None;
    for (k, first_row) in candidates {
        let (s, g) = score(&k);
        let rk = rank(&k);
        let better = match &best {
            None => true,
            Some((_, bs, brk, bg, bfirst)) => {
                (s.len(), rk, std::cmp::Reverse(g), std::cmp::Reverse(first_row))
                    > (bs.len(), *brk, std::cmp::Reverse(*bg), std::cmp::Reverse(*bfirst))
            }
        };
        if better {
            best = Some((k, s, rk, g, first_row));
        }
    }
    best.map(|(k, s, ..)| (k, s))
}

/// Distinct values in order of first report, with that row's index.
fn distinct<K: Ord + Clone>(rows: &[Row], value: impl Fn(&IncidentReport) -> Option<K>) -> Vec<(K, usize)> {
    let mut seen = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(v) = value(r.report) {
            seen.entry(v).or_insert(i);
        }
    }
    let mut out: Vec<(K, usize)> = seen.into_iter().collect();
    out.sort_by_key(|(_, i)| *i);
    out
}

fn date_field(rows: &[Row], current: &mut Current) -> FieldAssessment {
    let history =
        rows.iter().filter_map(|r| Some(r.reported(r.report.reading.date.clone()?, None))).collect();
    let mut f = field("date", history);
    // Parsed once: every reading's range, and every value's.
    let ranges: HashMap<i64, DateRange> =
        rows.iter().filter_map(|r| Some((r.report.id, crate::report::date_range(r.report)?))).collect();
    let candidates = distinct(rows, |r| r.reading.date.clone().filter(|_| ranges.contains_key(&r.id)));
    let parsed: HashMap<String, DateRange> =
        candidates.iter().filter_map(|(k, _)| Some((k.clone(), DateRange::parse(k)?))).collect();
    let contains = |k: &String, r: &IncidentReport| {
        let (Some(want), Some(got)) = (parsed.get(k), ranges.get(&r.id)) else { return false };
        got.first <= want.first && want.last <= got.last
    };
    let precision = |k: &String| parsed.get(k).map_or(0, |d| d.precision as i64);
    // Readings grouped by range: a candidate is scored against each distinct range once.
    let mut by_range: BTreeMap<(NaiveDate, NaiveDate), (BTreeSet<&str>, Grade)> = BTreeMap::new();
    for r in rows {
        if let Some(range) = ranges.get(&r.report.id) {
            let e = by_range.entry((range.first, range.last)).or_insert_with(|| (BTreeSet::new(), Grade::F));
            e.0.insert(r.key.as_str());
            e.1 = e.1.min(r.grade);
        }
    }
    let score = |k: &String| {
        let mut keys = BTreeSet::new();
        let mut grade = Grade::F;
        if let Some(want) = parsed.get(k) {
            for ((first, last), (sources, g)) in &by_range {
                if *first <= want.first && want.last <= *last {
                    keys.extend(sources.iter().copied());
                    grade = grade.min(*g);
                }
            }
        }
        (keys, grade)
    };
    // The most precise level first: a day beats a month however many say "March".
    let top = candidates.iter().map(|(k, _)| precision(k)).max();
    let Some((value, for_)) =
        vote_by(candidates.into_iter().filter(|(k, _)| Some(precision(k)) == top), score, |_| 0)
    else {
        return f;
    };
    let chosen = parsed.get(&value).copied();
    let against = support(rows, |r| match (ranges.get(&r.id).copied(), chosen) {
        (Some(got), Some(want)) => got.last < want.first || got.first > want.last,
        _ => false,
    });
    credibility(&mut f, for_.len(), against.len(), best_grade(rows, |r| contains(&value, r)));
    f.reason = format!(
        "the most precise date, stated or contained by {} of {} independent sources",
        for_.len(),
        support(rows, |r| r.reading.date.is_some()).len()
    );
    current.date_precision = chosen.map(|c| format!("{:?}", c.precision).to_lowercase());
    current.date = Some(value.clone());
    f.current = Some(value);
    f
}

fn place_field(rows: &[Row], current: &mut Current) -> FieldAssessment {
    let history = rows
        .iter()
        .filter_map(|r| {
            let x = &r.report.reading;
            let name = x.city.clone().or(x.place.clone()).or(x.country.clone())?;
            Some(r.reported(
                match &x.country {
                    Some(c) if c != &name => format!("{name}, {c}"),
                    _ => name,
                },
                None,
            ))
        })
        .collect();
    let mut f = field("place", history);
    let cities = distinct(rows, |r| r.reading.city.clone());
    // Each city's coordinates, as first given.
    let mut coords: HashMap<&str, (f64, f64)> = HashMap::new();
    for r in rows {
        if let (Some(c), Some(p)) = (&r.report.reading.city, r.report.reading.lat.zip(r.report.reading.lon)) {
            coords.entry(c.as_str()).or_insert(p);
        }
    }
    let near = |city: &String, r: &IncidentReport| {
        r.reading.city.as_ref() == Some(city)
            || match (coords.get(city.as_str()), r.reading.lat.zip(r.reading.lon)) {
                (Some(&p), Some(q)) => r.reading.city.is_some() && distance_km(p, q) <= NEAR_KM,
                _ => false,
            }
    };
    if let Some((city, _)) = vote(rows, cities.into_iter(), |c, r| r.reading.city.as_ref() == Some(c), |_| 0)
    {
        let row =
            rows.iter().find(|x| x.report.reading.city.as_ref() == Some(&city)).expect("a row names it");
        let x = &row.report.reading;
        let for_ = support(rows, |r| near(&city, r));
        let against = support(rows, |r| {
            r.reading.country.is_some() && r.reading.country != x.country
                || (r.reading.city.is_some() && !near(&city, r))
        });
        credibility(&mut f, for_.len(), against.len(), best_grade(rows, |r| near(&city, r)));
        f.reason = format!(
            "the city the most independent sources name ({} name it or a place within {NEAR_KM:.0} km)",
            for_.len()
        );
        current.place = Some(city.clone());
        current.city = Some(city.clone());
        current.country = x.country.clone();
        current.lat = x.lat;
        current.lon = x.lon;
        f.current = Some(match &x.country {
            Some(c) => format!("{city}, {c}"),
            None => city,
        });
        return f;
    }
    let countries = distinct(rows, |r| r.reading.country.clone());
    if let Some((country, for_)) =
        vote(rows, countries.into_iter(), |c, r| r.reading.country.as_ref() == Some(c), |_| 0)
    {
        let against = support(rows, |r| r.reading.country.as_ref().is_some_and(|c| c != &country));
        credibility(
            &mut f,
            for_.len(),
            against.len(),
            best_grade(rows, |r| r.reading.country.as_ref() == Some(&country)),
        );
        f.reason = "no city named; the country the most independent sources give".to_string();
        let row = rows
            .iter()
            .find(|x| x.report.reading.country.as_ref() == Some(&country))
            .expect("a row names it");
        current.place = row.report.reading.place.clone();
        current.country = Some(country.clone());
        current.lat = row.report.reading.lat;
        current.lon = row.report.reading.lon;
        f.current = Some(country);
    }
    f
}

fn type_field(rows: &[Row], current: &mut Current) -> FieldAssessment {
    let history =
        rows.iter().filter_map(|r| Some(r.reported(r.report.reading.attack_type.clone()?, None))).collect();
    let mut f = field("attack_type", history);
    let candidates = distinct(rows, |r| r.reading.attack_type.clone().filter(|t| t != "other"));
    let others: Vec<String> = candidates.iter().map(|(k, _)| k.clone()).collect();
    let Some((value, for_)) =
        vote(rows, candidates.into_iter(), |k, r| r.reading.attack_type.as_ref() == Some(k), |_| 0)
    else {
        return f;
    };
    // Several types are not a contradiction (a shooting and an arson in one attack).
    credibility(&mut f, for_.len(), 0, best_grade(rows, |r| r.reading.attack_type.as_ref() == Some(&value)));
    let also: Vec<&str> = others.iter().filter(|o| **o != value).map(String::as_str).collect();
    f.reason = if also.is_empty() {
        format!("given by {} independent sources", for_.len())
    } else {
        format!("given by the most independent sources ({}); also reported: {}", for_.len(), also.join(", "))
    };
    current.attack_type = Some(value.clone());
    f.current = Some(value);
    f
}

fn perpetrator_field(rows: &[Row], groups: &dyn Groups, current: &mut Current) -> FieldAssessment {
    let history =
        rows.iter().filter_map(|r| Some(r.reported(r.report.reading.perpetrator.clone()?, None))).collect();
    let mut f = field("perpetrator", history);
    let candidates = distinct(rows, |r| r.reading.perpetrator.clone());
    let depth = |g: &String| {
        let mut d = 0;
        let mut at = groups.parent(g);
        while let Some(p) = at
            && d < 16
        {
            d += 1;
            at = groups.parent(p);
        }
        d
    };
    // Naming a group or its parent supports it: "Islamic State" claims are consistent with ISKP.
    let supports = |g: &String, r: &IncidentReport| {
        r.reading.perpetrator.as_ref().is_some_and(|p| descends(groups, g, p))
    };
    let Some((value, for_)) = vote(rows, candidates.into_iter(), supports, depth) else { return f };
    let against =
        support(rows, |r| r.reading.perpetrator.as_ref().is_some_and(|p| !related(groups, p, &value)));
    credibility(&mut f, for_.len(), against.len(), best_grade(rows, |r| supports(&value, r)));
    let name = groups.name(&value).unwrap_or(&value).to_string();
    f.reason = format!(
        "the most specific group with the most independent support ({} name {name} or a group it belongs to)",
        for_.len()
    );
    if against.len() > for_.len() {
        f.reason.push_str("; more sources name another group");
    }
    current.perpetrator = Some(value.clone());
    f.current = Some(value);
    f
}

fn count_field(
    name: &str,
    rows: &[Row],
    get: impl Fn(&IncidentReading) -> Option<&Count>,
    out: &mut Option<Count>,
) -> FieldAssessment {
    let history = rows
        .iter()
        .filter_map(|r| {
            let c = get(&r.report.reading)?;
            Some(r.reported(c.to_string(), Some(&c.value.to_string())))
        })
        .collect();
    let mut f = field(name, history);
    let reporting: Vec<&Row> = rows.iter().filter(|r| get(&r.report.reading).is_some()).collect();
    if reporting.is_empty() {
        return f;
    }
    // Set aside unreliable sources when anyone else gives a figure.
    let trusted: Vec<&Row> = if reporting.iter().any(|r| r.grade != Grade::E) {
        reporting.iter().copied().filter(|r| r.grade != Grade::E).collect()
    } else {
        reporting.clone()
    };
    let mut chosen: Option<(&Row, &Count)> = None;
    let mut kept_floor = 0;
    for row in &trusted {
        let c = get(&row.report.reading).expect("filtered on a figure");
        match chosen {
            Some((_, prev)) if c.is_lower_bound() && c.value < prev.value => kept_floor += 1,
            _ => chosen = Some((row, c)),
        }
    }
    let (row, count) = chosen.expect("one row at least");
    let for_ = support(rows, |r| get(&r.reading).is_some_and(|c| c.value == count.value));
    credibility(&mut f, for_.len(), 0, row.grade);
    f.reason = format!(
        "the latest figure ({}, {}){}{}",
        row.report.source,
        row.report.published.as_deref().map_or("undated", |p| p.get(..10).unwrap_or(p)),
        if kept_floor > 0 { "; later floors below it do not replace it" } else { "" },
        if trusted.len() < reporting.len() { "; figures from sources graded E set aside" } else { "" },
    );
    *out = Some(count.clone());
    f.current = Some(count.to_string());
    f
}

fn link_field(rows: &[Row], current: &mut Current) -> FieldAssessment {
    let history = rows
        .iter()
        .filter(|r| r.report.reading.link != LinkLevel::Unknown)
        .map(|r| {
            let cues: Vec<&str> = r.report.reading.link_cues.iter().map(|c| c.text.as_str()).collect();
            let value = if cues.is_empty() {
                r.report.reading.link.to_string()
            } else {
                format!("{} ({})", r.report.reading.link, cues.join("; "))
            };
            r.reported(value, None)
        })
        .collect();
    let mut f = field("link", history);
    current.link = LinkLevel::Unknown;
    let level = |r: &IncidentReport| r.reading.link;
    let organised = |r: &IncidentReport| r.reading.link.organised();
    let inspired = |r: &IncidentReport| r.reading.link == LinkLevel::Inspired;
    let Some(top) = rows.iter().map(|r| level(r.report)).max().filter(|l| *l > LinkLevel::Unknown) else {
        return f;
    };
    let for_org = support(rows, organised);
    let for_insp = support(rows, inspired);
    let value = if !for_org.is_empty() && !for_insp.is_empty() {
        let latest = |p: &dyn Fn(&IncidentReport) -> bool| rows.iter().rposition(|r| p(r.report));
        let org_wins = (for_org.len(), latest(&organised)) > (for_insp.len(), latest(&inspired));
        let (winner, w, l) = if org_wins {
            (organised as fn(&IncidentReport) -> bool, &for_org, &for_insp)
        } else {
            (inspired as fn(&IncidentReport) -> bool, &for_insp, &for_org)
        };
        let best = rows
            .iter()
            .filter(|r| winner(r.report))
            .map(|r| level(r.report))
            .max()
            .unwrap_or(LinkLevel::Unknown);
        credibility(&mut f, w.len(), l.len(), best_grade(rows, winner));
        f.reason = format!(
            "sources disagree: {} independent sources say directed or enabled, {} say inspired",
            for_org.len(),
            for_insp.len()
        );
        best
    } else {
        let at_top = |r: &IncidentReport| level(r) == top;
        credibility(&mut f, support(rows, at_top).len(), 0, best_grade(rows, at_top));
        f.reason = "the strongest link any source states".to_string();
        top
    };
    current.link = value;
    f.current = Some(value.to_string());
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::IncidentReading;
    use crate::resolve::tests::{TestGroups, moscow, report};

    fn sourced<'a>(r: &'a IncidentReport, sentence: &str) -> Sourced<'a> {
        Sourced { report: r, sentences: vec![sentence.to_string()] }
    }

    fn profiles() -> SourceProfiles {
        SourceProfiles::from_toml(
            "version = 1\n[[source]]\nname = \"Outlet 1\"\ngrade = \"B\"\n[[source]]\nname = \"Outlet 2\"\ngrade = \"C\"\n[[source]]\nname = \"Outlet 4\"\ngrade = \"E\"\n",
        )
        .unwrap()
    }

    #[test]
    fn tolls_follow_the_latest_report_but_floors_do_not_lower_them() {
        let a = report(1, "2024-03-22T21:00:00Z", moscow("2024-03-22", 40));
        let b = report(2, "2024-03-26T09:00:00Z", moscow("2024-03-22", 139));
        let mut floor = moscow("2024-03-22", 130);
        floor.killed = Some(Count { value: 130, qualifier: Some("more than".into()) });
        let c = report(3, "2024-04-01T09:00:00Z", floor);
        let input = [sourced(&a, "x said"), sourced(&b, "y said"), sourced(&c, "z said")];
        let out = assess(&input, &profiles(), &TestGroups);
        let killed = out.fields.iter().find(|f| f.field == "killed").unwrap();
        assert_eq!(killed.current.as_deref(), Some("139"), "{killed:?}");
        assert!(killed.reason.contains("floors"), "{}", killed.reason);
        assert_eq!(killed.history.len(), 3);
        assert_eq!(out.current.killed.as_ref().unwrap().value, 139);
        assert_eq!(out.independent_sources, 3);
        let date = out.fields.iter().find(|f| f.field == "date").unwrap();
        assert_eq!(date.credibility, Some(1), "{date:?}");
    }

    #[test]
    fn syndicated_copies_are_one_source() {
        let a = report(1, "2024-03-22T21:00:00Z", moscow("2024-03-22", 40));
        let mut b = report(2, "2024-03-22T22:00:00Z", moscow("2024-03-22", 40));
        b.original = 1;
        b.original_source = a.source.clone();
        let out = assess(&[sourced(&a, "said"), sourced(&b, "said")], &profiles(), &TestGroups);
        assert_eq!(out.independent_sources, 1);
        assert_eq!(out.sources[1].copy_of, Some(1));
        let killed = out.fields.iter().find(|f| f.field == "killed").unwrap();
        assert_eq!(killed.credibility, Some(3), "one source graded B: {killed:?}");
    }

    #[test]
    fn different_actors_are_contested_and_unsourced_single_claims_flagged() {
        let a = report(1, "2024-03-22T21:00:00Z", moscow("2024-03-22", 40));
        let b = report(
            2,
            "2024-03-23T21:00:00Z",
            IncidentReading { perpetrator: Some("other".into()), ..moscow("2024-03-22", 40) },
        );
        let c = report(
            3,
            "2024-03-24T21:00:00Z",
            IncidentReading { perpetrator: Some("isis".into()), ..moscow("2024-03-22", 40) },
        );
        let out = assess(
            &[sourced(&a, "said"), sourced(&b, "said"), sourced(&c, "said")],
            &profiles(),
            &TestGroups,
        );
        let perp = out.fields.iter().find(|f| f.field == "perpetrator").unwrap();
        assert_eq!(perp.current.as_deref(), Some("iskp"), "ISIS supports its branch: {perp:?}");
        assert!(perp.contested && perp.credibility == Some(4), "{perp:?}");
        assert!(out.flags.iter().any(|f| f.starts_with("perpetrator is contested")), "{:?}", out.flags);

        let lone = report(5, "2024-03-25T21:00:00Z", moscow("2024-03-22", 12));
        let out =
            assess(&[sourced(&lone, "It is understood that 12 people were paid.")], &profiles(), &TestGroups);
        assert!(out.fields.iter().all(|f| f.current.is_none() || f.uncorroborated), "{:?}", out.fields);
        assert!(out.flags.iter().any(|f| f.contains("uncorroborated")));
        let named = assess(&[sourced(&lone, "Officials said 12 people died.")], &profiles(), &TestGroups);
        assert!(named.fields.iter().all(|f| !f.uncorroborated));
    }

    #[test]
    fn directed_and_inspired_contradict() {
        let a = report(
            1,
            "2024-03-22T21:00:00Z",
            IncidentReading { link: LinkLevel::Inspired, ..moscow("2024-03-22", 1) },
        );
        let b = report(
            2,
            "2024-03-23T21:00:00Z",
            IncidentReading { link: LinkLevel::Directed, ..moscow("2024-03-22", 1) },
        );
        let c = report(
            3,
            "2024-03-24T21:00:00Z",
            IncidentReading { link: LinkLevel::Claimed, ..moscow("2024-03-22", 1) },
        );
        let out = assess(
            &[sourced(&a, "said"), sourced(&b, "said"), sourced(&c, "said")],
            &profiles(),
            &TestGroups,
        );
        let link = out.fields.iter().find(|f| f.field == "link").unwrap();
        assert_eq!(link.current.as_deref(), Some("directed"), "a tie goes to the later report");
        assert!(link.contested);
        let plain = assess(&[sourced(&c, "said")], &profiles(), &TestGroups);
        assert_eq!(plain.current.link, LinkLevel::Claimed);
    }

    #[test]
    fn unreliable_tolls_are_set_aside() {
        let a = report(1, "2024-03-22T21:00:00Z", moscow("2024-03-22", 40));
        let amaq = report(4, "2024-03-23T21:00:00Z", moscow("2024-03-22", 400));
        let out = assess(&[sourced(&a, "said"), sourced(&amaq, "said")], &profiles(), &TestGroups);
        assert_eq!(out.current.killed.unwrap().value, 40);
    }

    #[test]
    fn sourcing_phrases() {
        let s = Sourcing::builtin();
        assert_eq!(s.named(&["Police said four died.".into()]).as_deref(), Some("said"));
        assert_eq!(s.named(&["It is understood that police said so.".into()]), None);
        assert_eq!(s.named(&["The unsaid truth.".into()]), None);
    }
}
