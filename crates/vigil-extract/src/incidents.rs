//! Incidents: attacks as frames built around trigger words, filled from the facts already
//! found (places, dates, groups, figures) in the trigger's sentence and its neighbours, and
//! merged when they describe the same event.
//!
//! - A trigger is an attack word in one of the corpus languages ("attack", "bombing", "blast",
//!   "shooting", "stabbing", "attentat", "Anschlag", "atentado", "теракт"). Each trigger opens
//!   a frame with the nearest place and date of its sentence; a frame without them borrows
//!   them from the next sentence, or joins the frame before it.
//! - Frames merge when their places agree (same country, and cities within 80 km) and their
//!   dates agree at the coarser precision (a day and its month) or one is unknown: "the Crocus
//!   City Hall attack" in paragraph 5 is the "shooting in Krasnogorsk" of paragraph 1, while
//!   "the 2017 Manchester Arena bombing" mentioned in passing is an incident of its own.
//! - Sentences without a trigger add their figures and claims to the frame before them.
//! - Killed and injured: the last figure given as an update ("rose to 137"), else the largest.
//! - Perpetrator: the most specific group the frame's sentences name with a claim or blame
//!   cue ("claimed by", "blamed on", "carried out by"), else one named next to the trigger
//!   ("an ISKP suicide bomber").
//! - Link level: cue phrases of the frame's sentences (data in `data/incidents.toml`), the
//!   strongest unnegated level wins — directed, enabled, inspired, claimed, alleged — and the
//!   cues are kept as evidence. "No evidence of training or logistical support" counts
//!   against direction and for inspiration.

use serde::{Deserialize, Serialize};
use vigil_core::{Precision, Span};

use crate::dates::DateMention;
use crate::figures::{Figure, Quantity};
use crate::groups::GroupFacts;
use crate::places::{Kind, PlaceFacts};

const LEXICON: &str = include_str!("../data/incidents.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Link {
    Unknown,
    Alleged,
    Claimed,
    Inspired,
    Enabled,
    Directed,
}

impl Link {
    pub fn as_str(self) -> &'static str {
        match self {
            Link::Unknown => "unknown",
            Link::Alleged => "alleged",
            Link::Claimed => "claimed",
            Link::Inspired => "inspired",
            Link::Enabled => "enabled",
            Link::Directed => "directed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub value: u64,
    pub qualifier: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cue {
    pub link: Link,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceSentence {
    pub start: usize,
    pub end: usize,
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    pub date: Option<String>,
    pub date_precision: Option<Precision>,
    /// The most specific place named: a city, else a region, else a country.
    pub place: Option<String>,
    pub city: Option<String>,
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
    pub link: Link,
    pub link_cues: Vec<Cue>,
    pub evidence: Vec<EvidenceSentence>,
}

#[derive(Deserialize)]
struct Lexicon {
    triggers: Vec<Trigger>,
    types: Vec<TypeCue>,
    links: Vec<LinkCue>,
    claim_cues: Vec<String>,
    blame_cues: Vec<String>,
    negations: Vec<String>,
    targets: Vec<String>,
    weapons: Vec<String>,
    outlets: Vec<String>,
}

#[derive(Deserialize)]
struct Trigger {
    /// Lower-case word or phrase, matched at the start of a word.
    word: String,
}

#[derive(Deserialize)]
struct TypeCue {
    attack_type: String,
    /// Lower-case word prefixes.
    words: Vec<String>,
}

#[derive(Deserialize)]
struct LinkCue {
    link: Link,
    phrases: Vec<String>,
}

pub struct IncidentFinder {
    lexicon: Lexicon,
}

/// The facts of a document that incidents are built from.
pub struct Inputs<'a> {
    pub text: &'a str,
    pub sentences: &'a [Span],
    pub places: &'a [PlaceFacts],
    pub dates: &'a [DateMention],
    pub groups: &'a [GroupFacts],
    pub figures: &'a [Figure],
    pub published: Option<chrono::NaiveDate>,
}

/// A frame while it is being built.
#[derive(Debug, Clone, Default)]
struct Frame {
    sentences: Vec<usize>,
    city: Option<usize>,
    region: Option<usize>,
    country: Option<String>,
    date: Option<(String, Precision)>,
    types: Vec<String>,
}

impl Default for IncidentFinder {
    fn default() -> Self {
        IncidentFinder::builtin()
    }
}

impl IncidentFinder {
    pub fn builtin() -> IncidentFinder {
        IncidentFinder { lexicon: toml::from_str(LEXICON).expect("data/incidents.toml is valid (tested)") }
    }

    pub fn find(&self, x: &Inputs) -> Vec<Incident> {
        let lowered: Vec<String> =
            x.sentences.iter().map(|s| s.slice(x.text).unwrap_or("").to_lowercase()).collect();
        let mut frames: Vec<Frame> = Vec::new();
        let mut current: Option<usize> = None;
        for (i, sentence) in x.sentences.iter().enumerate() {
            let lower = &lowered[i];
            let triggers = self.triggers(lower);
            if triggers.is_empty() {
                if let Some(c) = current
                    && (self.mentions_casualties(x, *sentence) || self.has_cue(lower))
                {
                    frames[c].sentences.push(i);
                }
                continue;
            }
            for at in triggers {
                let mut frame = Frame { sentences: vec![i], ..Frame::default() };
                self.locate(x, &mut frame, *sentence, at);
                frame.types = self.types(lower);
                if frame.city.is_none()
                    && frame.region.is_none()
                    && frame.country.is_none()
                    && frame.date.is_none()
                {
                    match current {
                        // No place, no date: the frame before it goes on.
                        Some(c) => {
                            if !frames[c].sentences.contains(&i) {
                                frames[c].sentences.push(i);
                            }
                            frames[c].types.extend(frame.types);
                            continue;
                        }
                        None => {
                            if let Some(next) = x.sentences.get(i + 1) {
                                self.locate(x, &mut frame, *next, 0);
                            }
                        }
                    }
                }
                current = Some(self.merge_or_push(x, &mut frames, frame));
            }
        }
        frames
            .into_iter()
            .filter(|f| f.city.is_some() || f.region.is_some() || f.country.is_some() || f.date.is_some())
            .map(|f| self.incident(x, &lowered, f))
            .collect()
    }

    /// Character offsets (within the lower-cased sentence) of each attack trigger.
    fn triggers(&self, lower: &str) -> Vec<usize> {
        let mut out = Vec::new();
        for t in &self.lexicon.triggers {
            let mut from = 0;
            while let Some(found) = lower[from..].find(&t.word) {
                let at = from + found;
                let end = at + t.word.len();
                let before_ok = !lower[..at].chars().next_back().is_some_and(char::is_alphanumeric);
                // Triggers are word starts: "attack" matches "attacks", "attacker" does not
                // open a frame on its own since it names a person, not an event.
                let rest: String = lower[end..].chars().take_while(|c| c.is_alphanumeric()).collect();
                let after_ok =
                    rest.is_empty() || matches!(rest.as_str(), "s" | "es" | "en" | "e" | "а" | "е" | "ом");
                if before_ok && after_ok {
                    out.push(lower[..at].chars().count());
                }
                from = end;
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn types(&self, lower: &str) -> Vec<String> {
        let mut out = Vec::new();
        for t in &self.lexicon.types {
            if t.words.iter().any(|w| contains_word_start(lower, w)) {
                out.push(t.attack_type.clone());
            }
        }
        out
    }

    fn has_cue(&self, lower: &str) -> bool {
        self.lexicon.claim_cues.iter().chain(&self.lexicon.blame_cues).any(|c| lower.contains(c.as_str()))
            || self.lexicon.links.iter().any(|l| l.phrases.iter().any(|p| lower.contains(p.as_str())))
    }

    fn mentions_casualties(&self, x: &Inputs, sentence: Span) -> bool {
        x.figures
            .iter()
            .any(|f| f.evidence == sentence && matches!(f.quantity, Quantity::Killed | Quantity::Injured))
    }

    /// Fills a frame's place and date from `sentence`, nearest to character `at` within it.
    fn locate(&self, x: &Inputs, frame: &mut Frame, sentence: Span, at: usize) {
        let anchor = sentence.start + at;
        let distance = |start: usize| start.abs_diff(anchor);
        let mut best_city: Option<(usize, usize)> = None;
        let mut best_region: Option<(usize, usize)> = None;
        let mut best_country: Option<(usize, String)> = None;
        for (p, place) in x.places.iter().enumerate() {
            for m in place.mentions.iter().filter(|m| m.start >= sentence.start && m.end <= sentence.end) {
                let d = distance(m.start);
                match place.kind {
                    Kind::City if best_city.is_none_or(|(bd, _)| d < bd) => best_city = Some((d, p)),
                    Kind::Region if best_region.is_none_or(|(bd, _)| d < bd) => best_region = Some((d, p)),
                    Kind::Country if best_country.as_ref().is_none_or(|(bd, _)| d < *bd) => {
                        if let Some(c) = &place.country {
                            best_country = Some((d, c.clone()));
                        }
                    }
                    _ => {}
                }
            }
        }
        if frame.city.is_none() {
            frame.city = best_city.map(|(_, p)| p);
        }
        if frame.region.is_none() {
            frame.region = best_region.map(|(_, p)| p);
        }
        if frame.country.is_none() {
            frame.country = frame
                .city
                .or(frame.region)
                .and_then(|p| x.places[p].country.clone())
                .or(best_country.map(|(_, c)| c));
        }
        if frame.date.is_none() {
            let published = x.published.map(|p| p.format("%Y-%m-%d").to_string());
            frame.date = x
                .dates
                .iter()
                .filter(|d| d.start >= sentence.start && d.end <= sentence.end)
                // A date after publication is a trial or an anniversary, not the attack.
                .filter(|d| published.as_ref().is_none_or(|p| d.value.as_str() <= p.as_str()))
                .min_by_key(|d| (precision_rank(d.precision), distance(d.start)))
                .map(|d| (d.value.clone(), d.precision));
        }
    }

    fn merge_or_push(&self, x: &Inputs, frames: &mut Vec<Frame>, frame: Frame) -> usize {
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
                return i;
            }
        }
        frames.push(frame);
        frames.len() - 1
    }

    fn incident(&self, x: &Inputs, lowered: &[String], mut f: Frame) -> Incident {
        f.sentences.sort_unstable();
        let spans: Vec<Span> = f.sentences.iter().map(|&i| x.sentences[i]).collect();
        let inside = |start: usize| spans.iter().any(|s| s.start <= start && start < s.end);
        let figures: Vec<&Figure> = x.figures.iter().filter(|fig| inside(fig.start)).collect();
        let count = |q: Quantity| -> Option<Count> {
            let of: Vec<&&Figure> = figures.iter().filter(|fig| fig.quantity == q).collect();
            let chosen =
                of.iter().rev().find(|fig| fig.update).or_else(|| of.iter().max_by_key(|fig| fig.value))?;
            Some(Count { value: chosen.value, qualifier: chosen.qualifier })
        };
        let text_of = |i: usize| lowered[i].as_str();
        let joined: String = f.sentences.iter().map(|&i| text_of(i)).collect::<Vec<_>>().join(" ");

        // Groups named in the frame's sentences, with the cue kind of their sentence.
        let mut claimed: Vec<&GroupFacts> = Vec::new();
        let mut blamed: Vec<&GroupFacts> = Vec::new();
        let mut named: Vec<&GroupFacts> = Vec::new();
        for g in x.groups {
            for m in &g.mentions {
                let Some(k) = f
                    .sentences
                    .iter()
                    .position(|&i| x.sentences[i].start <= m.start && m.start < x.sentences[i].end)
                else {
                    continue;
                };
                let lower = text_of(f.sentences[k]);
                if self.lexicon.claim_cues.iter().any(|c| lower.contains(c.as_str())) {
                    claimed.push(g);
                } else if self.lexicon.blame_cues.iter().any(|c| lower.contains(c.as_str())) {
                    blamed.push(g);
                } else {
                    named.push(g);
                }
            }
        }
        let claimed_by = most_specific(&claimed).map(|g| g.id.clone());
        let mut responsible = claimed.clone();
        responsible.extend(&blamed);
        let perpetrator = most_specific(&responsible)
            .or_else(|| (f.sentences.len() == 1).then(|| most_specific(&named)).flatten())
            .map(|g| g.id.clone());

        let (link, link_cues) = self.link(x, &f, lowered, perpetrator.is_some(), claimed_by.is_some());
        let city = f.city.map(|p| &x.places[p]);
        let region = f.region.map(|p| &x.places[p]);
        let located = city.or(region);
        let attack_type = pick_type(&f.types);
        Incident {
            date: f.date.as_ref().map(|d| d.0.clone()),
            date_precision: f.date.as_ref().map(|d| d.1),
            place: located.map(|p| p.name.clone()).or(f.country.clone()),
            city: city.map(|p| p.name.clone()),
            country: f.country.clone(),
            lat: located.map(|p| p.lat),
            lon: located.map(|p| p.lon),
            target: self.lexicon.targets.iter().find(|t| contains_word_start(&joined, t)).cloned(),
            attack_type,
            weapons: self
                .lexicon
                .weapons
                .iter()
                .filter(|w| contains_word_start(&joined, w))
                .cloned()
                .collect(),
            perpetrator,
            attackers: figures
                .iter()
                .find(|fig| fig.subject.as_deref().is_some_and(is_attacker_word))
                .map(|fig| fig.value),
            killed: count(Quantity::Killed),
            injured: count(Quantity::Injured),
            claimed_by,
            claim_outlet: self.lexicon.outlets.iter().find(|o| joined.contains(&o.to_lowercase())).cloned(),
            link,
            link_cues,
            evidence: spans
                .iter()
                .map(|s| EvidenceSentence {
                    start: s.start,
                    end: s.end,
                    sentence: s.slice(x.text).unwrap_or("").to_string(),
                })
                .collect(),
        }
    }

    /// The link level the frame's sentences support, with the cues found.
    fn link(
        &self,
        x: &Inputs,
        f: &Frame,
        lowered: &[String],
        blamed: bool,
        claimed: bool,
    ) -> (Link, Vec<Cue>) {
        let mut cues = Vec::new();
        for &i in &f.sentences {
            let lower = &lowered[i];
            for cue in &self.lexicon.links {
                for phrase in &cue.phrases {
                    let mut from = 0;
                    while let Some(found) = lower[from..].find(phrase.as_str()) {
                        let at = from + found;
                        from = at + phrase.len();
                        let negated = self.negated(&lower[..at]);
                        // "no evidence of training" speaks against direction: inspiration.
                        let link = match (cue.link, negated) {
                            (Link::Directed | Link::Enabled, true) => Link::Inspired,
                            (l, false) => l,
                            (_, true) => continue,
                        };
                        let start = x.sentences[i].start + lower[..at].chars().count();
                        let end = start + phrase.chars().count();
                        let text: String = x.text.chars().skip(start).take(end - start).collect();
                        cues.push(Cue { link, text, start, end });
                    }
                }
            }
        }
        cues.sort_by_key(|c| c.start);
        let mut link = cues.iter().map(|c| c.link).max().unwrap_or(Link::Unknown);
        if link == Link::Unknown {
            link = if claimed {
                Link::Claimed
            } else if blamed {
                Link::Alleged
            } else {
                Link::Unknown
            };
        }
        (link, cues)
    }

    fn negated(&self, before: &str) -> bool {
        let window: String = before.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
        self.lexicon.negations.iter().any(|n| contains_word_start(&window, n))
    }
}

fn precision_rank(p: Precision) -> u8 {
    match p {
        Precision::Day => 0,
        Precision::Month => 1,
        Precision::Approx => 2,
        Precision::Year => 3,
    }
}

/// Whether two frames can be the same event.
fn compatible(x: &Inputs, a: &Frame, b: &Frame) -> bool {
    let places_agree = match (&a.country, &b.country) {
        (Some(ca), Some(cb)) if ca != cb => false,
        _ => match (a.city, b.city) {
            (Some(p), Some(q)) => p == q || km(&x.places[p], &x.places[q]) < 80.0,
            _ => true,
        },
    };
    let dates_agree = match (&a.date, &b.date) {
        (Some((da, _)), Some((db, _))) => {
            da.starts_with(db.as_str()) || db.starts_with(da.as_str()) || one_day_apart(da, db)
        }
        _ => true,
    };
    let some_anchor = a.country.is_some() && b.country.is_some() || a.date.is_some() && b.date.is_some();
    places_agree && dates_agree && (some_anchor || b.country.is_none() && b.date.is_none())
}

fn one_day_apart(a: &str, b: &str) -> bool {
    let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    matches!((parse(a), parse(b)), (Some(x), Some(y)) if (x - y).num_days().abs() <= 1)
}

fn km(a: &PlaceFacts, b: &PlaceFacts) -> f64 {
    let (la, lb) = (a.lat.to_radians(), b.lat.to_radians());
    let dl = (b.lon - a.lon).to_radians();
    let c = (la.sin() * lb.sin() + la.cos() * lb.cos() * dl.cos()).clamp(-1.0, 1.0);
    6371.0 * c.acos()
}

/// The group that no other candidate is a branch of: ISKP rather than the Islamic State.
fn most_specific<'g>(groups: &[&'g GroupFacts]) -> Option<&'g GroupFacts> {
    groups
        .iter()
        .find(|g| !groups.iter().any(|other| other.parent.as_deref() == Some(g.id.as_str())))
        .copied()
}

fn pick_type(types: &[String]) -> Option<String> {
    const ORDER: &[&str] =
        &["bombing", "armed_assault", "vehicle_ramming", "stabbing", "hostage_taking", "arson"];
    ORDER.iter().find(|t| types.iter().any(|x| x == *t)).map(|t| t.to_string())
}

fn is_attacker_word(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "gunmen" | "attackers" | "assailants" | "bombers" | "militants")
}

/// `needle` occurs in `hay` at the start of a word.
fn contains_word_start(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(found) = hay[from..].find(needle) {
        let at = from + found;
        if !hay[..at].chars().next_back().is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = at + needle.len();
    }
    false
}
