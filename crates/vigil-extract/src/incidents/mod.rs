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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use vigil_core::{Precision, Span};

mod clauses;
mod date;
mod frames;
mod inputs;
mod lexicon;
mod link;
mod merge;
mod perpetrator;
mod place;
#[cfg(test)]
mod tests;
mod tolls;

pub use inputs::Inputs;

use crate::figures::{Figure, Quantity};
use lexicon::Lexicon;
use tolls::{figure_owners, is_attacker_word, toll};

const LEXICON: &str = include_str!("../../data/incidents.toml");

/// How an attack is tied to its group: the one vocabulary of [`vigil_core::LinkLevel`].
pub use vigil_core::LinkLevel as Link;

/// The reading of an attack that extraction fills, in the one shape every crate shares.
pub use vigil_core::{Count, EvidenceRef as EvidenceSentence, IncidentReading as Incident, LinkCue as Cue};

pub struct IncidentFinder {
    lexicon: Lexicon,
    /// Trigger words, over lower-cased folded sentences.
    triggers: AhoCorasick,
    /// Claim cues, blame cues and link phrases; `cue_kinds[i]` is what pattern i signals.
    cues: AhoCorasick,
    cue_kinds: Vec<CueKind>,
    /// Attack-type words, targets and weapons; `term_kinds[i]` is what pattern i names.
    terms: AhoCorasick,
    term_kinds: Vec<Term>,
    /// The lexicon's `unrealised` and `negations` cues.
    unrealised: AhoCorasick,
    negations: AhoCorasick,
    /// The lexicon's `uncertain` words.
    uncertain: AhoCorasick,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Term {
    /// Index into the lexicon's `types`.
    Type(usize),
    Target(usize),
    Weapon(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    Claim,
    Blame,
    Link(Link),
}

/// The cues of one sentence (byte start, byte end, kind), found when first needed.
type SentenceCues = std::cell::OnceCell<Vec<(usize, usize, CueKind)>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Located,
    Actor,
    /// A part of a town named like a town elsewhere ("the Ortaköy neighbourhood").
    Part,
    /// Where a group or a person is based, not where the attack happened ("has headquarters in
    /// Raqqa", "born in Tunisia").
    Seat,
    Other,
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
    /// Where the attack is named (character offsets of its trigger words, or of its city in a
    /// list): a figure in a sentence shared by several attacks belongs to the one named last
    /// before it.
    anchors: Vec<usize>,
}

impl Frame {
    fn placed(&self) -> bool {
        self.city.is_some() || self.region.is_some() || self.country.is_some()
    }
}

impl Default for IncidentFinder {
    fn default() -> Self {
        IncidentFinder::builtin()
    }
}

impl IncidentFinder {
    pub fn builtin() -> IncidentFinder {
        let lexicon: Lexicon = toml::from_str(LEXICON).expect("data/incidents.toml is valid (tested)");
        let build = |patterns: &[&str]| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(patterns)
                .expect("cue phrases are plain strings")
        };
        let mut triggers: Vec<String> = lexicon.triggers.iter().map(|t| t.word.clone()).collect();
        for a in &lexicon.attackers {
            triggers.extend(lexicon.attacker_verbs.iter().map(|v| format!("{a} {v}")));
        }
        let mut cues: Vec<&str> = Vec::new();
        let mut cue_kinds = Vec::new();
        for c in &lexicon.claim_cues {
            cues.push(c);
            cue_kinds.push(CueKind::Claim);
        }
        for c in &lexicon.blame_cues {
            cues.push(c);
            cue_kinds.push(CueKind::Blame);
        }
        for l in &lexicon.links {
            for p in &l.phrases {
                cues.push(p);
                cue_kinds.push(CueKind::Link(l.link));
            }
        }
        let mut terms: Vec<&str> = Vec::new();
        let mut term_kinds = Vec::new();
        for (i, t) in lexicon.types.iter().enumerate() {
            for w in &t.words {
                terms.push(w);
                term_kinds.push(Term::Type(i));
            }
        }
        for (i, t) in lexicon.targets.iter().enumerate() {
            terms.push(t);
            term_kinds.push(Term::Target(i));
        }
        for (i, w) in lexicon.weapons.iter().enumerate() {
            terms.push(w);
            term_kinds.push(Term::Weapon(i));
        }
        IncidentFinder {
            triggers: build(&triggers.iter().map(String::as_str).collect::<Vec<_>>()),
            cues: build(&cues),
            cue_kinds,
            terms: build(&terms),
            term_kinds,
            unrealised: build(&lexicon.unrealised.iter().map(String::as_str).collect::<Vec<_>>()),
            negations: build(&lexicon.negations.iter().map(String::as_str).collect::<Vec<_>>()),
            uncertain: build(&lexicon.uncertain.iter().map(String::as_str).collect::<Vec<_>>()),
            lexicon,
        }
    }

    /// What the attack struck: of the target words of the frame's sentences, one written as the
    /// object of the attack ("into a crowd", "at the Bataclan concert hall", "attacked a
    /// mosque") before any other, never one that is the subject of a report or an act ("police
    /// said", "police shot the attacker"); then the earliest.
    fn target(&self, lowered: &[String], f: &Frame) -> Option<String> {
        let mut best: Option<(i32, usize, usize, usize)> = None;
        for (k, &i) in f.sentences.iter().enumerate() {
            let lower = lowered[i].as_str();
            for m in self.terms.find_overlapping_iter(lower) {
                let Term::Target(t) = self.term_kinds[m.pattern().as_usize()] else { continue };
                if lower[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric) {
                    continue;
                }
                let words_before: Vec<&str> = lower[..m.start()].split_whitespace().rev().take(3).collect();
                let struck = words_before.iter().any(|w| self.lexicon.target_cues.iter().any(|c| c == w));
                let rest = &lower[m.end()..];
                let next = rest.split_whitespace().find(|w| !matches!(*w, "officers" | "officer" | "forces"));
                let acting = next.is_some_and(|w| {
                    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                    self.lexicon.reporting_verbs.iter().chain(&self.lexicon.actor_verbs).any(|v| v == w)
                });
                let score = i32::from(struck) * 2 - i32::from(acting) * 3;
                let key = (-score, k, m.start(), t);
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
            }
        }
        best.filter(|b| b.0 < 3).map(|b| self.lexicon.targets[b.3].clone())
    }

    /// The cues in a lower-cased sentence: (byte start, byte end, kind), overlapping ones too.
    fn cues_in<'s>(&'s self, lower: &'s str) -> impl Iterator<Item = (usize, usize, CueKind)> + 's {
        self.cues
            .find_overlapping_iter(lower)
            .map(|m| (m.start(), m.end(), self.cue_kinds[m.pattern().as_usize()]))
    }

    pub fn find(&self, x: &Inputs) -> Vec<Incident> {
        let lowered: Vec<String> =
            x.sentences.iter().map(|s| crate::fold::fold_lower(x.slice(s.start, s.end))).collect();
        let mut scan = frames::Scan::new(self, x, &lowered);
        for i in 0..x.sentences.len() {
            scan.sentence(i);
        }
        scan.finish();
        let (frames, orphans) = (std::mem::take(&mut scan.frames), std::mem::take(&mut scan.orphans));
        self.incidents(x, &lowered, frames, &orphans)
    }

    /// The incidents of a document's frames, each with the figures of its sentences that are
    /// its own.
    fn incidents(
        &self,
        x: &Inputs,
        lowered: &[String],
        frames: Vec<Frame>,
        orphans: &[usize],
    ) -> Vec<Incident> {
        let owners = figure_owners(x, &frames, orphans, &self.lexicon.toll_prepositions);
        // The cues of each sentence, found when first needed (a sentence may be in several
        // frames).
        let said: Vec<SentenceCues> = vec![std::cell::OnceCell::new(); x.sentences.len()];
        // The figures of each sentence.
        let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); x.sentences.len()];
        for (k, fig) in x.figures.iter().enumerate() {
            if let Ok(i) = x.sentences.binary_search_by_key(&fig.evidence.start, |s| s.start) {
                by_sentence[i].push(k);
            }
        }
        frames
            .into_iter()
            .enumerate()
            .filter_map(|(k, f)| {
                let mut figures: Vec<usize> = f
                    .sentences
                    .iter()
                    .flat_map(|&i| by_sentence[i].iter().copied())
                    .filter(|&figure| owners[figure].is_none_or(|o| o == k))
                    .collect();
                figures.sort_unstable();
                figures.dedup();
                // "attacks in Syria" with no city, region or date is a kind of event, not one
                // attack; an attack in a country that counts its own dead or injured is one.
                let counted = || {
                    figures
                        .iter()
                        .any(|&k| matches!(x.figures[k].quantity, Quantity::Killed | Quantity::Injured))
                };
                let one = f.city.is_some() || f.region.is_some() || f.date.is_some();
                (one || f.country.is_some() && counted())
                    .then(|| self.incident(x, lowered, &said, f, &figures))
            })
            // A place and the word "attack" with nothing else known (no date, type,
            // casualties or perpetrator) is talk about attacks, not a report of one.
            .filter(|i| {
                i.date.is_some()
                    || i.attack_type.is_some()
                    || i.killed.is_some()
                    || i.injured.is_some()
                    || i.perpetrator.is_some()
            })
            .collect()
    }

    /// The incident a frame describes, counting the victims of `figures` (indices into the
    /// document's figures).
    fn incident(
        &self,
        x: &Inputs,
        lowered: &[String],
        said: &[SentenceCues],
        mut f: Frame,
        figures: &[usize],
    ) -> Incident {
        f.sentences.sort_unstable();
        let spans: Vec<Span> = f.sentences.iter().map(|&i| x.sentences[i]).collect();
        let figures: Vec<&Figure> =
            figures.iter().map(|&k| &x.figures[k]).filter(|fig| !self.aggregate(x, fig)).collect();
        let joined: String = f.sentences.iter().map(|&i| lowered[i].as_str()).collect::<Vec<_>>().join(" ");
        // The claim and blame cues of each sentence: (byte start, byte end, kind).
        let cues_of = |i: usize| said[i].get_or_init(|| self.cues_in(&lowered[i]).collect());
        let who = self.attribution(x, lowered, &cues_of, &f, &spans);
        let (perpetrator, link, link_cues) = self.tie(x, lowered, &cues_of, &f, &spans, &who);
        let city = f.city.map(|p| &x.places[p]);
        let located = city.or(f.region.map(|p| &x.places[p]));
        let terms = self.terms_in(&joined);
        Incident {
            date: f.date.as_ref().map(|d| d.0.clone()),
            date_precision: f.date.as_ref().map(|d| d.1),
            place: located.map(|p| p.name.clone()).or(f.country.clone()),
            city: city.map(|p| p.name.clone()),
            country: f.country.clone(),
            lat: located.map(|p| p.lat),
            lon: located.map(|p| p.lon),
            target: self.target(lowered, &f),
            attack_type: pick_type(&f.types),
            weapons: terms
                .iter()
                .filter_map(|t| match t {
                    Term::Weapon(i) => Some(self.lexicon.weapons[*i].clone()),
                    _ => None,
                })
                .collect(),
            perpetrator,
            attackers: figures
                .iter()
                .find(|fig| fig.subject.as_deref().is_some_and(is_attacker_word))
                .map(|fig| fig.value),
            killed: toll(x, lowered, &f, &spans, &figures, Quantity::Killed),
            injured: toll(x, lowered, &f, &spans, &figures, Quantity::Injured),
            claimed_by: who.claimant.map(|g| g.id.clone()),
            claim_outlet: self.lexicon.outlets.iter().find(|o| joined.contains(&o.to_lowercase())).cloned(),
            link,
            link_cues,
            evidence: spans
                .iter()
                .map(|s| EvidenceSentence {
                    start: s.start,
                    end: s.end,
                    sentence: x.slice(s.start, s.end).to_string(),
                })
                .collect(),
        }
    }

    /// The terms (type words, targets, weapons) that start a word of a lower-cased text.
    fn terms_in(&self, lower: &str) -> Vec<Term> {
        let mut out: Vec<Term> = self
            .terms
            .find_overlapping_iter(lower)
            .filter(|m| !lower[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric))
            .map(|m| self.term_kinds[m.pattern().as_usize()])
            .collect();
        out.sort_unstable_by_key(|t| match t {
            Term::Type(i) => (0, *i),
            Term::Target(i) => (1, *i),
            Term::Weapon(i) => (2, *i),
        });
        out.dedup();
        out
    }

    fn types(&self, lower: &str) -> Vec<String> {
        self.terms_in(lower)
            .into_iter()
            .filter_map(|t| match t {
                Term::Type(i) => Some(self.lexicon.types[i].attack_type.clone()),
                _ => None,
            })
            .collect()
    }

    /// Whether a lower-cased sentence is a general statement ("the faction often claims raids").
    fn habitual(&self, lower: &str) -> bool {
        has_phrase(lower, &self.lexicon.habitual)
    }

    fn has_cue(&self, lower: &str) -> bool {
        self.cues.is_match(lower)
    }
}

fn pick_type(types: &[String]) -> Option<String> {
    const ORDER: &[&str] =
        &["bombing", "armed_assault", "vehicle_ramming", "stabbing", "hostage_taking", "arson"];
    ORDER.iter().find(|t| types.iter().any(|x| x == *t)).map(|t| t.to_string())
}

/// Whether one of `phrases` stands in `text` as whole words.
fn has_phrase(text: &str, phrases: &[String]) -> bool {
    phrases.iter().any(|p| {
        text.match_indices(p.as_str()).any(|(at, _)| {
            !text[..at].ends_with(char::is_alphanumeric)
                && !text[at + p.len()..].starts_with(char::is_alphanumeric)
        })
    })
}

/// The byte offset of character `at` of `s` (its length past the end).
fn byte_of(s: &str, at: usize) -> usize {
    s.char_indices().nth(at).map_or(s.len(), |(i, _)| i)
}

/// The last `chars` characters of `s`.
fn tail(s: &str, chars: usize) -> &str {
    match chars.checked_sub(1).and_then(|n| s.char_indices().rev().nth(n)) {
        Some((i, _)) => &s[i..],
        None if chars == 0 => "",
        None => s,
    }
}
