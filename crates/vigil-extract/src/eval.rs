//! Scoring extraction against gold annotations: precision, recall and F1 per fact kind.
//!
//! Gold files are TOML in `examples/gold/` (format in their header comments). Scoring is pure:
//! the caller extracts and hands over `(origin, Extraction)` pairs.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::Extraction;

#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("gold file is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("gold file: {0}")]
    Invalid(String),
}

/// Gold annotations of armed-group mentions.
#[derive(Debug, Clone, Deserialize)]
pub struct GroupsGold {
    pub version: u32,
    #[serde(rename = "doc")]
    pub docs: Vec<GoldDoc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// The document's origin as vigil reports it (path, with `#item-N` / `#line-N`).
    pub origin: String,
    #[serde(default)]
    pub mentions: Vec<GoldMention>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldMention {
    pub group: String,
    pub text: String,
}

impl GroupsGold {
    pub fn from_toml(text: &str) -> Result<GroupsGold, GoldError> {
        let gold: GroupsGold = toml::from_str(text)?;
        unique_origins(gold.docs.iter().map(|d| d.origin.as_str()))?;
        Ok(gold)
    }
}

/// Gold annotations of date expressions.
#[derive(Debug, Clone, Deserialize)]
pub struct DatesGold {
    pub version: u32,
    #[serde(rename = "doc")]
    pub docs: Vec<DatesGoldDoc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatesGoldDoc {
    pub origin: String,
    #[serde(default)]
    pub dates: Vec<GoldDate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDate {
    pub text: String,
    pub value: String,
    pub precision: String,
}

impl DatesGold {
    pub fn from_toml(text: &str) -> Result<DatesGold, GoldError> {
        let gold: DatesGold = toml::from_str(text)?;
        unique_origins(gold.docs.iter().map(|d| d.origin.as_str()))?;
        for doc in &gold.docs {
            if let Some(d) = doc.dates.iter().find(|d| vigil_core::Precision::parse(&d.precision).is_none()) {
                return Err(GoldError::Invalid(format!(
                    "{}: precision {:?} is not day, month, year or approx",
                    doc.origin, d.precision
                )));
            }
        }
        Ok(gold)
    }
}

/// Date extraction scored as detection (the expression's text, per document) and, for the
/// expressions found, normalisation (value and precision both right).
#[derive(Debug, Clone, Serialize)]
pub struct DateScores {
    pub documents: usize,
    pub detection: Score,
    /// Share of correctly detected expressions whose value and precision are right.
    pub normalised: f64,
    pub errors: Vec<DateErrors>,
}

/// One document's date errors, each as `text=value/precision`.
#[derive(Debug, Clone, Serialize)]
pub struct DateErrors {
    pub origin: String,
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
    /// Found, but with a wrong value or precision.
    pub misread: Vec<String>,
}

pub fn score_dates(gold: &DatesGold, extracted: &HashMap<String, Extraction>) -> DateScores {
    let empty = Extraction::default();
    let (mut counts, mut right) = ((0, 0, 0), 0);
    let mut errors = Vec::new();
    for doc in &gold.docs {
        let found = extracted.get(&doc.origin).unwrap_or(&empty);
        let mut want: Vec<(String, String)> =
            doc.dates.iter().map(|d| (d.text.clone(), format!("{}/{}", d.value, d.precision))).collect();
        let mut got: Vec<(String, String)> = found
            .dates
            .iter()
            .map(|d| (d.text.clone(), format!("{}/{}", d.value, d.precision.as_str())))
            .collect();
        let (gold_n, found_n) = (want.len(), got.len());
        let mut misread = Vec::new();
        // Exact pairs first (same text and value), so that two "Friday"s are not cross-matched.
        let mut exact = 0;
        want.retain(|w| match got.iter().position(|g| g == w) {
            Some(at) => {
                got.remove(at);
                exact += 1;
                false
            }
            None => true,
        });
        right += exact;
        want.retain(|(text, value)| match got.iter().position(|(t, _)| t == text) {
            Some(at) => {
                let (_, v) = got.remove(at);
                if v == *value {
                    right += 1;
                } else {
                    misread.push(format!("{text}={v}, gold {value}"));
                }
                false
            }
            None => true,
        });
        let correct = gold_n - want.len();
        counts = (counts.0 + gold_n, counts.1 + found_n, counts.2 + correct);
        let show =
            |v: Vec<(String, String)>| v.into_iter().map(|(t, v)| format!("{t}={v}")).collect::<Vec<_>>();
        if !want.is_empty() || !got.is_empty() || !misread.is_empty() {
            errors.push(DateErrors {
                origin: doc.origin.clone(),
                missed: show(want),
                spurious: show(got),
                misread,
            });
        }
    }
    let normalised =
        if counts.2 == 0 { 0.0 } else { (right as f64 / counts.2 as f64 * 1000.0).round() / 1000.0 };
    DateScores {
        documents: gold.docs.len(),
        detection: Score::new(counts.0, counts.1, counts.2),
        normalised,
        errors,
    }
}

/// Gold annotations of place mentions (`places.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct PlacesGold {
    pub version: u32,
    #[serde(rename = "doc")]
    pub docs: Vec<PlacesGoldDoc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlacesGoldDoc {
    pub origin: String,
    #[serde(default)]
    pub places: Vec<GoldPlace>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPlace {
    pub text: String,
    pub kind: String,
    /// ISO 3166-1 alpha-2, or empty for regions spanning several countries.
    pub country: String,
}

/// Gold annotations of organisations that are not armed groups (`organizations.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct OrganizationsGold {
    pub version: u32,
    #[serde(rename = "doc")]
    pub docs: Vec<OrganizationsGoldDoc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrganizationsGoldDoc {
    pub origin: String,
    #[serde(default)]
    pub organizations: Vec<GoldOrganization>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldOrganization {
    pub text: String,
    pub kind: String,
}

/// Gold annotations of named people (`people.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct PeopleGold {
    pub version: u32,
    #[serde(rename = "doc")]
    pub docs: Vec<PeopleGoldDoc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PeopleGoldDoc {
    pub origin: String,
    #[serde(default)]
    pub people: Vec<GoldPerson>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPerson {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub affiliation: String,
    #[serde(default)]
    pub mentions: Vec<String>,
}

/// Gold annotations of direct quotations (`quotes.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct QuotesGold {
    pub version: u32,
    #[serde(rename = "doc")]
    pub docs: Vec<QuotesGoldDoc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct QuotesGoldDoc {
    pub origin: String,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    pub speaker: String,
    pub text: String,
}

/// Gold annotations of incidents (`incidents.toml`).
#[derive(Debug, Clone, Deserialize)]
pub struct IncidentsGold {
    pub version: u32,
    #[serde(rename = "doc")]
    pub docs: Vec<IncidentsGoldDoc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IncidentsGoldDoc {
    pub origin: String,
    #[serde(default)]
    pub incidents: Vec<GoldIncident>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldIncident {
    /// The real-world event, shared by every document that reports it.
    pub event: String,
    pub date: Option<String>,
    pub country: Option<String>,
    pub city: Option<String>,
    pub attack_type: Option<String>,
    pub killed: Option<u64>,
    pub injured: Option<u64>,
    pub perpetrator: Option<String>,
    pub link: Option<String>,
    #[serde(default)]
    pub evidence: String,
}

/// Gold annotations of indicator evidence (`indicators.toml`): passages about a named group
/// that bear on the resurgence markers, with their polarity.
#[derive(Debug, Clone, Deserialize)]
pub struct IndicatorsGold {
    pub version: u32,
    #[serde(rename = "doc")]
    pub docs: Vec<IndicatorsGoldDoc>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IndicatorsGoldDoc {
    pub origin: String,
    #[serde(default)]
    pub indicators: Vec<GoldIndicator>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldIndicator {
    pub indicator: String,
    /// `for` or `against`.
    pub polarity: String,
    /// The group id the passage is about.
    pub group: String,
    /// The passage, as written in the document.
    pub evidence: String,
}

macro_rules! gold_parser {
    ($ty:ty) => {
        impl $ty {
            pub fn from_toml(text: &str) -> Result<$ty, GoldError> {
                let gold: $ty = toml::from_str(text)?;
                unique_origins(gold.docs.iter().map(|d| d.origin.as_str()))?;
                Ok(gold)
            }
        }
    };
}
gold_parser!(PlacesGold);
gold_parser!(PeopleGold);
gold_parser!(OrganizationsGold);
gold_parser!(QuotesGold);
gold_parser!(IncidentsGold);
gold_parser!(IndicatorsGold);

/// A fact kind scored as a list per document, with what was missed and spurious.
#[derive(Debug, Clone, Serialize)]
pub struct KindScores {
    pub documents: usize,
    pub score: Score,
    /// Per document: `(origin, missed, spurious)`.
    pub errors: Vec<(String, Vec<String>, Vec<String>)>,
}

/// Scores per-document lists with `key`: multiset overlap of gold and found keys.
fn score_lists<'g, D: 'g>(
    docs: impl Iterator<Item = &'g D>,
    extracted: &HashMap<String, Extraction>,
    gold_keys: impl Fn(&D) -> (String, Vec<String>),
    found_keys: impl Fn(&Extraction) -> Vec<String>,
) -> KindScores {
    let empty = Extraction::default();
    let (mut counts, mut documents) = ((0, 0, 0), 0);
    let mut errors = Vec::new();
    for doc in docs {
        documents += 1;
        let (origin, mut want) = gold_keys(doc);
        let mut got = found_keys(extracted.get(&origin).unwrap_or(&empty));
        let (g, f, c) = overlap(&mut want, &mut got);
        counts = (counts.0 + g, counts.1 + f, counts.2 + c);
        if !want.is_empty() || !got.is_empty() {
            errors.push((origin, want, got));
        }
    }
    KindScores { documents, score: Score::new(counts.0, counts.1, counts.2), errors }
}

/// Place mentions: the text as written and the country it resolves to (`Kabul@AF`; regions
/// spanning several countries have none, `Sahel@`).
pub fn score_places(gold: &PlacesGold, extracted: &HashMap<String, Extraction>) -> KindScores {
    score_lists(
        gold.docs.iter(),
        extracted,
        |d| (d.origin.clone(), d.places.iter().map(|p| format!("{}@{}", p.text, p.country)).collect()),
        |x| {
            x.places
                .iter()
                .flat_map(|p| {
                    p.mentions.iter().map(|m| format!("{}@{}", m.text, p.country.as_deref().unwrap_or("")))
                })
                .collect()
        },
    )
}

/// Organisation mentions: the text as written (the kind is not scored).
pub fn score_organizations(gold: &OrganizationsGold, extracted: &HashMap<String, Extraction>) -> KindScores {
    score_lists(
        gold.docs.iter(),
        extracted,
        |d| (d.origin.clone(), d.organizations.iter().map(|o| o.text.clone()).collect()),
        |x| x.organizations.iter().flat_map(|o| o.mentions.iter().map(|m| m.text.clone())).collect(),
    )
}

/// People: each distinct person per document, by name (case-insensitive).
pub fn score_people(gold: &PeopleGold, extracted: &HashMap<String, Extraction>) -> KindScores {
    score_lists(
        gold.docs.iter(),
        extracted,
        |d| (d.origin.clone(), d.people.iter().map(|p| p.name.to_lowercase()).collect()),
        |x| x.people.iter().map(|p| p.name.to_lowercase()).collect(),
    )
}

/// Quotes scored twice: found (the quoted text matches) and attributed (and its speaker is
/// right: the same name case-insensitively, or one name containing the other as whole words).
#[derive(Debug, Clone, Serialize)]
pub struct QuoteScores {
    pub documents: usize,
    pub found: Score,
    pub attributed: Score,
    /// Per document: `(origin, missed, spurious)` as `speaker: text`.
    pub errors: Vec<(String, Vec<String>, Vec<String>)>,
}

pub fn score_quotes(gold: &QuotesGold, extracted: &HashMap<String, Extraction>) -> QuoteScores {
    let empty = Extraction::default();
    let (mut found_n, mut attributed_n, mut gold_n, mut got_n) = (0, 0, 0, 0);
    let mut errors = Vec::new();
    for doc in &gold.docs {
        let x = extracted.get(&doc.origin).unwrap_or(&empty);
        let mut got: Vec<(String, String)> =
            x.quotes.iter().map(|q| (q.speaker.clone().unwrap_or_default(), q.text.clone())).collect();
        gold_n += doc.quotes.len();
        got_n += got.len();
        let mut missed = Vec::new();
        for q in &doc.quotes {
            match got.iter().position(|(_, text)| same_quote(text, &q.text)) {
                Some(at) => {
                    let (speaker, text) = got.remove(at);
                    found_n += 1;
                    if same_speaker(&speaker, &q.speaker) {
                        attributed_n += 1;
                    } else {
                        missed.push(format!("{}: {} (found speaker {speaker:?})", q.speaker, short(&text)));
                    }
                }
                None => missed.push(format!("{}: {}", q.speaker, short(&q.text))),
            }
        }
        let spurious: Vec<String> = got.iter().map(|(s, t)| format!("{s}: {}", short(t))).collect();
        if !missed.is_empty() || !spurious.is_empty() {
            errors.push((doc.origin.clone(), missed, spurious));
        }
    }
    QuoteScores {
        documents: gold.docs.len(),
        found: Score::new(gold_n, got_n, found_n),
        attributed: Score::new(gold_n, got_n, attributed_n),
        errors,
    }
}

/// Indicator evidence: found when the same marker is given for the gold passage (see
/// [`crate::passages::same_passage`]), each gold passage matched once; then whether its stance and
/// its group are right.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorScores {
    pub documents: usize,
    pub found: Score,
    /// Of the passages found, how many have the gold stance, and the gold group.
    pub matched: usize,
    pub stance_right: usize,
    pub group_right: usize,
    /// Per document: `(origin, missed, spurious)`; a wrong stance or group counts as missed.
    pub errors: Vec<(String, Vec<String>, Vec<String>)>,
}

pub fn score_indicators(gold: &IndicatorsGold, extracted: &HashMap<String, Extraction>) -> IndicatorScores {
    let empty = Extraction::default();
    let (mut gold_n, mut got_n, mut matched, mut stance_right, mut group_right) = (0, 0, 0, 0, 0);
    let mut errors = Vec::new();
    for doc in &gold.docs {
        let x = extracted.get(&doc.origin).unwrap_or(&empty);
        let mut got: Vec<&crate::indicators::IndicatorEvidence> = x.indicators.iter().collect();
        gold_n += doc.indicators.len();
        got_n += got.len();
        let mut missed = Vec::new();
        for g in &doc.indicators {
            let label = format!("{} {} {}: {}", g.indicator, g.polarity, g.group, short(&g.evidence));
            let same = |e: &&crate::indicators::IndicatorEvidence| {
                e.indicator == g.indicator && crate::passages::same_passage(&g.evidence, &e.evidence.sentence)
            };
            // Prefer the found passage that also has the right stance and group.
            let best = got
                .iter()
                .position(|e| same(e) && e.stance == g.polarity && e.group == g.group)
                .or_else(|| got.iter().position(|e| same(e) && e.stance == g.polarity))
                .or_else(|| got.iter().position(same));
            let Some(at) = best else {
                missed.push(label);
                continue;
            };
            let e = got.remove(at);
            matched += 1;
            stance_right += usize::from(e.stance == g.polarity);
            group_right += usize::from(e.group == g.group);
            if e.stance != g.polarity || e.group != g.group {
                missed.push(format!("{label} (found {} {})", e.stance, e.group));
            }
        }
        let spurious: Vec<String> = got
            .iter()
            .map(|e| format!("{} {} {}: {}", e.indicator, e.stance, e.group, short(&e.evidence.sentence)))
            .collect();
        if !missed.is_empty() || !spurious.is_empty() {
            errors.push((doc.origin.clone(), missed, spurious));
        }
    }
    IndicatorScores {
        documents: gold.docs.len(),
        found: Score::new(gold_n, got_n, matched),
        matched,
        stance_right,
        group_right,
        errors,
    }
}

fn short(text: &str) -> String {
    let cut: String = text.chars().take(60).collect();
    if cut.len() < text.len() { format!("{cut}…") } else { cut }
}

fn normal(text: &str) -> String {
    crate::fold::fold_lower(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The same quotation: one text contains the other, or they open with the same 20 characters.
fn same_quote(a: &str, b: &str) -> bool {
    let (a, b) = (normal(a), normal(b));
    let (a, b) =
        (a.trim_matches(|c: char| !c.is_alphanumeric()), b.trim_matches(|c: char| !c.is_alphanumeric()));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a.contains(b) || b.contains(a) || (a.chars().take(20).eq(b.chars().take(20)) && a.chars().count() >= 20)
}

fn same_speaker(found: &str, gold: &str) -> bool {
    let (f, g) = (normal(found), normal(gold));
    if f.is_empty() || g.is_empty() {
        return f == g;
    }
    let words = |s: &str| format!(" {s} ");
    f == g || words(&g).contains(&words(&f)) || words(&f).contains(&words(&g))
}

/// Incidents: found (matched to a gold incident of the same document) and, for matched ones,
/// the accuracy of each field.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentScores {
    pub documents: usize,
    pub incidents: Score,
    /// `(field, right, compared)`, compared over matched incidents where either side has a value.
    pub fields: Vec<(String, usize, usize)>,
    pub errors: Vec<(String, Vec<String>, Vec<String>)>,
    /// Matched incidents: `(origin, index among the document's extracted incidents, gold
    /// event)`, for scoring resolution across documents.
    #[serde(skip)]
    pub aligned: Vec<(String, usize, String)>,
}

pub fn score_incidents(gold: &IncidentsGold, extracted: &HashMap<String, Extraction>) -> IncidentScores {
    let empty = Extraction::default();
    let (mut gold_n, mut got_n, mut matched_n) = (0, 0, 0);
    let names = ["date", "country", "killed", "injured", "perpetrator", "link"];
    let mut fields = vec![(0usize, 0usize); names.len()];
    let mut errors = Vec::new();
    let mut aligned = Vec::new();
    for doc in &gold.docs {
        let x = extracted.get(&doc.origin).unwrap_or(&empty);
        let mut free: Vec<usize> = (0..x.incidents.len()).collect();
        gold_n += doc.incidents.len();
        got_n += x.incidents.len();
        let mut missed = Vec::new();
        for g in &doc.incidents {
            let best = free
                .iter()
                .copied()
                .filter_map(|i| incident_match(g, &x.incidents[i]).map(|score| (score, i)))
                .max_by_key(|&(score, i)| (score, std::cmp::Reverse(i)));
            let Some((_, i)) = best else {
                missed.push(describe_gold(g));
                continue;
            };
            free.retain(|&f| f != i);
            matched_n += 1;
            aligned.push((doc.origin.clone(), i, g.event.clone()));
            let found = &x.incidents[i];
            let pairs: [(Option<String>, Option<String>); 6] = [
                (g.date.clone(), found.date.clone()),
                (g.country.clone(), found.country.clone()),
                (g.killed.map(|k| k.to_string()), found.killed.as_ref().map(|k| k.value.to_string())),
                (g.injured.map(|k| k.to_string()), found.injured.as_ref().map(|k| k.value.to_string())),
                (g.perpetrator.clone(), found.perpetrator.clone()),
                (g.link.clone(), Some(found.link.as_str().to_string())),
            ];
            for (k, (want, got)) in pairs.into_iter().enumerate() {
                if want.is_some() || got.is_some() {
                    fields[k].1 += 1;
                    if want == got {
                        fields[k].0 += 1;
                    } else {
                        missed.push(format!("{} {}: found {got:?}, gold {want:?}", g.event, names[k]));
                    }
                }
            }
        }
        let spurious: Vec<String> = free.iter().map(|&i| describe(&x.incidents[i])).collect();
        if !missed.is_empty() || !spurious.is_empty() {
            errors.push((doc.origin.clone(), missed, spurious));
        }
    }
    IncidentScores {
        documents: gold.docs.len(),
        incidents: Score::new(gold_n, got_n, matched_n),
        fields: names.iter().zip(fields).map(|(n, (right, of))| (n.to_string(), right, of)).collect(),
        errors,
        aligned,
    }
}

/// How well an extracted incident fits a gold one; none when they cannot be the same event.
/// Countries must not disagree; dates must agree (at the coarser precision) unless the city
/// is the same, so that a wrong date is scored as a wrong field, not as a missed incident.
fn incident_match(g: &GoldIncident, found: &crate::incidents::Incident) -> Option<u32> {
    let country = match (&g.country, &found.country) {
        (Some(a), Some(b)) if a != b => return None,
        (Some(_), Some(_)) => 2,
        _ => 0,
    };
    let city = g.city.is_some() && g.city == found.city;
    let date = match (&g.date, &found.date) {
        (Some(a), Some(b)) if a == b => 3,
        (Some(a), Some(b)) if a.starts_with(b.as_str()) || b.starts_with(a.as_str()) => 2,
        (Some(_), Some(_)) if !city => return None,
        _ => 0,
    };
    (country + date > 0).then_some(country + date + u32::from(city))
}

fn describe_gold(g: &GoldIncident) -> String {
    format!(
        "{} {} {} {}",
        g.event,
        g.date.as_deref().unwrap_or("?"),
        g.city.as_deref().or(g.country.as_deref()).unwrap_or("?"),
        g.attack_type.as_deref().unwrap_or("?")
    )
}

fn describe(i: &crate::incidents::Incident) -> String {
    format!(
        "{} {} {} killed {}",
        i.date.as_deref().unwrap_or("?"),
        i.place.as_deref().unwrap_or("?"),
        i.attack_type.as_deref().unwrap_or("?"),
        i.killed.as_ref().map_or("?".to_string(), |k| k.value.to_string())
    )
}

/// A document annotated twice would be counted twice.
fn unique_origins<'a>(origins: impl Iterator<Item = &'a str>) -> Result<(), GoldError> {
    let mut seen = std::collections::HashSet::new();
    for origin in origins {
        if !seen.insert(origin) {
            return Err(GoldError::Invalid(format!("{origin} is annotated twice")));
        }
    }
    Ok(())
}

/// Counts and the measures derived from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    pub gold: usize,
    pub found: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    pub fn new(gold: usize, found: usize, correct: usize) -> Score {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let (precision, recall) = (ratio(correct, found), ratio(correct, gold));
        let f1 =
            if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        Score { gold, found, correct, precision: round(precision), recall: round(recall), f1: round(f1) }
    }
}

/// Group recognition scored two ways: which groups each document names (document level), and
/// each mention (the group and the text as written, counted per document).
#[derive(Debug, Clone, Serialize)]
pub struct GroupScores {
    pub documents: usize,
    pub groups: Score,
    pub mentions: Score,
    /// Per document: `(origin, missed, spurious)` mentions as `group:text`, for error analysis.
    pub errors: Vec<(String, Vec<String>, Vec<String>)>,
}

/// Scores extractions against gold; documents without gold are ignored, gold documents without
/// an extraction count as found nothing.
pub fn score_groups(gold: &GroupsGold, extracted: &HashMap<String, Extraction>) -> GroupScores {
    let empty = Extraction::default();
    let (mut docs, mut mentions) = ((0, 0, 0), (0, 0, 0));
    let mut errors = Vec::new();
    for doc in &gold.docs {
        let found = extracted.get(&doc.origin).unwrap_or(&empty);
        let mut want: Vec<String> = doc.mentions.iter().map(|m| format!("{}:{}", m.group, m.text)).collect();
        let mut got: Vec<String> = found
            .groups
            .iter()
            .flat_map(|g| g.mentions.iter().map(move |m| format!("{}:{}", g.id, m.text)))
            .collect();
        let (gold_n, found_n, correct) = overlap(&mut want, &mut got);
        mentions = (mentions.0 + gold_n, mentions.1 + found_n, mentions.2 + correct);
        let mut want_ids: Vec<String> = doc.mentions.iter().map(|m| m.group.clone()).collect();
        let mut got_ids: Vec<String> = found.groups.iter().map(|g| g.id.clone()).collect();
        want_ids.sort();
        want_ids.dedup();
        let (gold_n, found_n, correct) = overlap(&mut want_ids, &mut got_ids);
        docs = (docs.0 + gold_n, docs.1 + found_n, docs.2 + correct);
        if !want.is_empty() || !got.is_empty() {
            errors.push((doc.origin.clone(), want, got));
        }
    }
    GroupScores {
        documents: gold.docs.len(),
        groups: Score::new(docs.0, docs.1, docs.2),
        mentions: Score::new(mentions.0, mentions.1, mentions.2),
        errors,
    }
}

/// Multiset overlap; leaves in `want` what was missed and in `got` what was spurious.
fn overlap(want: &mut Vec<String>, got: &mut Vec<String>) -> (usize, usize, usize) {
    let (gold, found) = (want.len(), got.len());
    let mut correct = 0;
    want.retain(|w| match got.iter().position(|g| g == w) {
        Some(at) => {
            got.remove(at);
            correct += 1;
            false
        }
        None => true,
    });
    (gold, found, correct)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Extractor;

    #[test]
    fn scores_documents_and_mentions() {
        let gold = GroupsGold::from_toml(
            "version = 1\n[[doc]]\norigin = \"a\"\nmentions = [{ group = \"iskp\", text = \"ISKP\" }, { group = \"iskp\", text = \"ISKP\" }, { group = \"taliban\", text = \"Taliban\" }]\n[[doc]]\norigin = \"b\"\n",
        )
        .unwrap();
        let x = Extractor::builtin();
        let extracted: HashMap<String, Extraction> = [
            ("a".to_string(), x.extract("ISKP and ISKP again; Hamas too.", None)),
            ("b".to_string(), x.extract("Nothing here.", None)),
        ]
        .into();
        let s = score_groups(&gold, &extracted);
        assert_eq!((s.mentions.gold, s.mentions.found, s.mentions.correct), (3, 3, 2));
        assert_eq!((s.groups.gold, s.groups.found, s.groups.correct), (2, 2, 1));
        assert_eq!(s.groups.f1, 0.5);
        assert_eq!(s.errors[0].1, vec!["taliban:Taliban"]);
        assert_eq!(s.errors[0].2, vec!["hamas:Hamas"]);
        assert!(
            GroupsGold::from_toml("version = 1\n[[doc]]\norigin = \"a\"\n[[doc]]\norigin = \"a\"\n").is_err()
        );
    }
}
