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
use serde::Deserialize;
use vigil_core::{Precision, Span};

use crate::dates::DateMention;
use crate::figures::{Figure, Quantity};
use crate::groups::{GroupFacts, Mention};
use crate::places::{Kind, PlaceFacts};

const LEXICON: &str = include_str!("../data/incidents.toml");

/// How an attack is tied to its group: the one vocabulary of [`vigil_core::LinkLevel`].
pub use vigil_core::LinkLevel as Link;

/// The reading of an attack that extraction fills, in the one shape every crate shares.
pub use vigil_core::{Count, EvidenceRef as EvidenceSentence, IncidentReading as Incident, LinkCue as Cue};

#[derive(Deserialize)]
struct Lexicon {
    triggers: Vec<Trigger>,
    /// Attackers ("gunmen") and violent verbs ("stormed"): each pair, in that order, is a
    /// trigger.
    attackers: Vec<String>,
    attacker_verbs: Vec<String>,
    types: Vec<TypeCue>,
    links: Vec<LinkCue>,
    claim_cues: Vec<String>,
    blame_cues: Vec<String>,
    negations: Vec<String>,
    targets: Vec<String>,
    weapons: Vec<String>,
    outlets: Vec<String>,
    /// Words after which a place is a location ("in", "near", "à", "в").
    locatives: Vec<String>,
    /// Verbs after which a place is an actor ("Washington warned").
    actor_verbs: Vec<String>,
    /// Words before a date that make it the bound of a period, not an event's date
    /// ("its leader since 2020").
    period_words: Vec<String>,
    /// Words before an attack word that make the sentence about what followed it ("after the
    /// attack", "tras los atentados").
    sequel_words: Vec<String>,
    /// Capitalised words that end a venue's name ("Hall", "Arena", "Gate").
    venue_words: Vec<String>,
    /// Verbs next to which a date is the date of a statement, not of the attack.
    reporting_verbs: Vec<String>,
    /// Words before a trigger that make it an attack that did not happen.
    unrealised: Vec<String>,
    /// Words shortly before a direction or enabling cue that make it an open question.
    uncertain: Vec<String>,
    /// Words before plural attack words that make them a trend ("stepped up attacks").
    trends: Vec<String>,
    /// Words around a toll that make it a whole conflict's, not one attack's ("the war has cost
    /// 9,000 lives", "fighting that has killed 3,000 people since 2016").
    #[serde(default)]
    aggregates: Vec<String>,
    /// Means of a statement: a date right after one is the statement's ("in a statement on
    /// Friday").
    media: Vec<String>,
    /// Words after a name that make it a part of a town ("the Ortaköy neighbourhood").
    parts_of_town: Vec<String>,
    /// Nouns for a group's own people after its name ("ISKP suicide bomber").
    own_people: Vec<String>,
    /// Those of them an operation sends, which make the attack directed.
    operatives: Vec<String>,
    /// Words between such a noun and the group's name ("gunmen from ISWAP").
    member_links: Vec<String>,
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

/// The facts of a document that incidents are built from.
pub struct Inputs<'a> {
    pub text: &'a str,
    pub sentences: &'a [Span],
    pub places: &'a [PlaceFacts],
    pub dates: &'a [DateMention],
    pub groups: &'a [GroupFacts],
    pub figures: &'a [Figure],
    pub published: Option<chrono::NaiveDate>,
    /// Character spans to text, built on first use.
    index: std::cell::OnceCell<crate::fold::CharIndex<'a>>,
    /// Where the facts are, built on first use.
    positions: std::cell::OnceCell<Positions>,
}

/// The mentions of a document's facts sorted by where they start, so that the facts of a
/// sentence are found by binary search rather than by a pass over the whole document: the
/// work per sentence stays the same however long the document is.
struct Positions {
    /// (start, end, place, k): the k-th mention of a place.
    places: Vec<(usize, usize, usize, usize)>,
    /// (start, end, group, k): the k-th mention of a group.
    groups: Vec<(usize, usize, usize, usize)>,
    /// (start, index into the dates).
    dates: Vec<(usize, usize)>,
    /// The ends of the figures that revise a toll.
    revisions: Vec<usize>,
}

impl Positions {
    fn new(x: &Inputs) -> Positions {
        let mut places: Vec<(usize, usize, usize, usize)> = x
            .places
            .iter()
            .enumerate()
            .flat_map(|(p, place)| {
                place.mentions.iter().enumerate().map(move |(k, m)| (m.start, m.end, p, k))
            })
            .collect();
        places.sort_unstable();
        let mut groups: Vec<(usize, usize, usize, usize)> = x
            .groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| {
                group.mentions.iter().enumerate().map(move |(k, m)| (m.start, m.end, g, k))
            })
            .collect();
        groups.sort_unstable();
        let mut dates: Vec<(usize, usize)> = x.dates.iter().enumerate().map(|(i, d)| (d.start, i)).collect();
        dates.sort_unstable();
        let mut revisions: Vec<usize> = x.figures.iter().filter(|f| f.update).map(|f| f.end).collect();
        revisions.sort_unstable();
        Positions { places, groups, dates, revisions }
    }
}

impl<'a> Inputs<'a> {
    pub fn new(
        text: &'a str,
        sentences: &'a [Span],
        places: &'a [PlaceFacts],
        dates: &'a [DateMention],
        groups: &'a [GroupFacts],
        figures: &'a [Figure],
        published: Option<chrono::NaiveDate>,
    ) -> Inputs<'a> {
        Inputs {
            text,
            sentences,
            places,
            dates,
            groups,
            figures,
            published,
            index: Default::default(),
            positions: Default::default(),
        }
    }

    fn positions(&self) -> &Positions {
        self.positions.get_or_init(|| Positions::new(self))
    }

    /// The place mentions wholly within characters `start..end`, as (place, mention), in the
    /// order of the places and then of the text.
    fn places_in(&self, start: usize, end: usize) -> Vec<(usize, &'a Mention)> {
        let all = &self.positions().places;
        let from = all.partition_point(|m| m.0 < start);
        let mut out: Vec<(usize, usize)> =
            all[from..].iter().take_while(|m| m.0 < end).filter(|m| m.1 <= end).map(|m| (m.2, m.3)).collect();
        out.sort_unstable();
        let places = self.places;
        out.into_iter().map(|(p, k)| (p, &places[p].mentions[k])).collect()
    }

    /// The group mentions that start within characters `start..end`, as (group, mention), in
    /// the order of the groups and then of the text.
    fn groups_in(&self, start: usize, end: usize) -> Vec<(usize, &'a Mention)> {
        let all = &self.positions().groups;
        let from = all.partition_point(|m| m.0 < start);
        let mut out: Vec<(usize, usize)> =
            all[from..].iter().take_while(|m| m.0 < end).map(|m| (m.2, m.3)).collect();
        out.sort_unstable();
        let groups = self.groups;
        out.into_iter().map(|(g, k)| (g, &groups[g].mentions[k])).collect()
    }

    /// The group named last before character `at` (of two named at the same place, the later
    /// in the document's list of groups).
    fn group_before(&self, at: usize) -> Option<&'a GroupFacts> {
        let all = &self.positions().groups;
        let before = &all[..all.partition_point(|m| m.0 < at)];
        let last = before.last()?.0;
        before.iter().rev().take_while(|m| m.0 == last).map(|m| m.2).max().map(|g| &self.groups[g])
    }

    /// The dates that start within characters `from..=to`, in the document's order of dates.
    fn dates_between(&self, from: usize, to: usize) -> Vec<&'a DateMention> {
        let all = &self.positions().dates;
        let first = all.partition_point(|d| d.0 < from);
        let mut out: Vec<usize> = all[first..].iter().take_while(|d| d.0 <= to).map(|d| d.1).collect();
        out.sort_unstable();
        out.into_iter().map(|i| &self.dates[i]).collect()
    }

    /// Whether a figure that revises a toll ends within six characters before `at` ("revised
    /// the toll down to 84 on Thursday").
    fn revision_just_before(&self, at: usize) -> bool {
        let ends = &self.positions().revisions;
        let first = ends.partition_point(|&e| e + 6 < at);
        ends.get(first).is_some_and(|&e| e <= at)
    }

    /// The text between two character offsets (clamped to the text), in constant time.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.index.get_or_init(|| crate::fold::CharIndex::new(self.text)).slice(start, end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Located,
    Actor,
    /// A part of a town named like a town elsewhere ("the Ortaköy neighbourhood").
    Part,
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

    /// The cues in a lower-cased sentence: (byte start, byte end, kind), overlapping ones too.
    fn cues_in<'s>(&'s self, lower: &'s str) -> impl Iterator<Item = (usize, usize, CueKind)> + 's {
        self.cues
            .find_overlapping_iter(lower)
            .map(|m| (m.start(), m.end(), self.cue_kinds[m.pattern().as_usize()]))
    }

    pub fn find(&self, x: &Inputs) -> Vec<Incident> {
        let lowered: Vec<String> =
            x.sentences.iter().map(|s| crate::fold::fold_lower(x.slice(s.start, s.end))).collect();
        let venues = self.venues(x);
        // Sentences that count the killed or injured.
        let counted: std::collections::HashSet<(usize, usize)> = x
            .figures
            .iter()
            .filter(|f| matches!(f.quantity, Quantity::Killed | Quantity::Injured))
            .map(|f| (f.evidence.start, f.evidence.end))
            .collect();
        // Sentences that revise a toll.
        let revised: std::collections::HashSet<(usize, usize)> =
            x.figures.iter().filter(|f| f.update).map(|f| (f.evidence.start, f.evidence.end)).collect();
        let mut frames: Vec<Frame> = Vec::new();
        // Where attacks were named that open no frame.
        let mut orphans: Vec<usize> = Vec::new();
        // The document's first attack word, when nothing near it placed it.
        let mut pending: Option<Frame> = None;
        let mut current: Option<usize> = None;
        for (i, sentence) in x.sentences.iter().enumerate() {
            let lower = &lowered[i];
            let (mut triggers, plotted) = self.triggers(lower);
            if triggers.is_empty() {
                let casualties = counted.contains(&(sentence.start, sentence.end));
                // "Attackers claimed by the Islamic State have struck a shrine in Iran before,
                // in Shiraz in 2022": a claim or blame with a city and its own date, other than
                // the current attack's, is an attack of its own.
                let claims = self.has_cue(lower)
                    && self.cues_in(lower).any(|(_, _, k)| {
                        matches!(k, CueKind::Claim | CueKind::Link(Link::Claimed | Link::Alleged))
                    });
                if claims && !self.unrealised(lower) && !lower.contains("arrest") && !lower.contains("detain")
                {
                    let dated: Vec<(usize, usize, (String, Precision))> = self
                        .dated_cities(x, *sentence)
                        .into_iter()
                        .map(|(at, p, d, _)| (at, p, d))
                        .filter(|(_, _, d)| {
                            current.is_none_or(|c| frames[c].date.as_ref().is_none_or(|f| f.0 != d.0))
                        })
                        .collect();
                    if dated.len() == 1 {
                        for (at, city, date) in dated {
                            let frame = Frame {
                                sentences: vec![i],
                                types: self.types(lower),
                                city: Some(city),
                                country: x.places[city].country.clone(),
                                date: Some(date),
                                anchors: vec![at],
                                ..Frame::default()
                            };
                            let at = self.merge_or_push(x, &mut frames, frame);
                            if current.is_none() {
                                current = Some(at);
                            }
                        }
                        continue;
                    }
                }
                match current {
                    Some(c) => {
                        // A sentence about a plot ("suspected of planning an attack near the
                        // parliament") says nothing of the attack before it.
                        if !plotted && (casualties || self.has_cue(lower)) {
                            frames[c].sentences.push(i);
                        }
                        // The sentence that counts the dead often dates the attack ("On the
                        // afternoon of 17 August he drove along the boulevard, killing 13"),
                        // unless it revises the count ("the toll rose to 133 on Saturday").
                        let update = revised.contains(&(sentence.start, sentence.end));
                        if casualties && !update && frames[c].date.is_none() {
                            frames[c].date = self.date_in(x, *sentence, sentence.start, &Rivals::default());
                        }
                        continue;
                    }
                    // People killed are a sign of an attack even without an attack word
                    // ("the 86 people who were killed"): it may open the first frame.
                    None if casualties => triggers.push((0, false)),
                    None => continue,
                }
            }
            let types = self.types(lower);
            // "the parliament in Tehran in 2017 and the shrine in Shiraz in 2022": a list of
            // places each with its own date is a list of attacks.
            let listed = self.listed(x, *sentence);
            if listed.len() >= 2 {
                for (at, city, date) in listed {
                    let frame = Frame {
                        sentences: vec![i],
                        types: types.clone(),
                        city: Some(city),
                        country: x.places[city].country.clone(),
                        date: Some(date),
                        anchors: vec![at],
                        ..Frame::default()
                    };
                    current = Some(self.merge_or_push(x, &mut frames, frame));
                }
                continue;
            }
            // Whether this sentence refers back to the current attack ("The attack was the
            // deadliest since the Beslan school siege of 2004"): another attack it names is
            // one in passing, and the text stays with the current one.
            let mut referred = false;
            let clauses = if triggers.len() > 1 { clause_breaks(lower, sentence.start) } else { Vec::new() };
            let relative = relative_clauses(lower, sentence.start);
            for &(at, actor) in &triggers {
                let mut frame = Frame {
                    sentences: vec![i],
                    types: types.clone(),
                    anchors: vec![sentence.start + at],
                    ..Frame::default()
                };
                // Other attacks named in the sentence ("the attack was the deadliest since the
                // Beslan school siege of 2004") keep the places and dates nearer to them.
                // An attacker's act ("a gunman shot a police officer") is a part of the attack
                // named in its clause ("The attack began shortly after midnight on 1 January,
                // when a gunman shot..."), not a rival to it.
                let rivals = Rivals {
                    relative: &relative,
                    at: triggers
                        .iter()
                        .filter(|&&(o, other_actor)| {
                            let (low, high) = (sentence.start + o.min(at), sentence.start + o.max(at));
                            o.abs_diff(at) > 20
                                && (!(actor || other_actor) || clauses.iter().any(|&b| b > low && b <= high))
                        })
                        .map(|&(o, _)| sentence.start + o)
                        .collect(),
                    clauses: &clauses,
                };
                self.locate(x, &mut frame, *sentence, at, &venues, &rivals);
                // "After the attacks, thousands marched on 26 August": the date is of what followed,
                // unless it is written with the attack ("in the weeks after the attack on 22
                // March 2024").
                // An attack that came after another ("The attack came three years after the
                // assassination of Samuel Paty, killed on 16 October 2020") dates the other.
                if self.sequel(lower, at) && !triggers.iter().any(|&(o, _)| o < at) {
                    frame.date = attached_date(x, lower, *sentence, at);
                }
                // A heading or lead just before may name the place ("Kabul airport, August
                // 2021." then "A suicide bomber struck near the Abbey Gate.").
                if !frame.placed()
                    && let Some(previous) = i.checked_sub(1)
                    && current.is_none_or(|c| !frames[c].sentences.contains(&previous))
                    && lowered[previous].split_whitespace().count() <= 10
                {
                    let mut probe = Frame { sentences: vec![i], types: types.clone(), ..Frame::default() };
                    let end = x.sentences[previous].end - x.sentences[previous].start;
                    self.locate(x, &mut probe, x.sentences[previous], end, &venues, &Rivals::default());
                    if probe.city.is_some() || probe.region.is_some() {
                        frame.city = probe.city;
                        frame.region = probe.region;
                        frame.country = probe.country;
                        frame.date = frame.date.or(probe.date);
                    }
                }
                // "sectarian bombings in Afghanistan and Pakistan", "fewer attacks there than in
                // 2021": plural, with no city or region and at most a year, is a kind of
                // violence, not an attack to report.
                // It opens nothing; what it says (a claim of "the attacks") goes with the
                // attack the text is about.
                let loose_date =
                    frame.date.as_ref().is_none_or(|d| matches!(d.1, Precision::Year | Precision::Approx));
                // "has stepped up attacks on security forces in Khyber Pakhtunkhwa since
                // November": a trend of attacks, wherever, unless dated to the day.
                let trend = plural_at(lower, at)
                    && frame.date.as_ref().is_none_or(|d| d.1 != Precision::Day)
                    && self
                        .lexicon
                        .trends
                        .iter()
                        .any(|t| tail(&lower[..byte_of(lower, at)], 24).contains(t.as_str()));
                if (frame.city.is_none() && frame.region.is_none() && loose_date || trend)
                    && plural_at(lower, at)
                {
                    // Undated, what it says ("claimed the attacks") may be of the current
                    // attack; dated, it is of other years.
                    if let Some(c) = current
                        && frame.date.is_none()
                        && !trend
                        && !frames[c].sentences.contains(&i)
                    {
                        frames[c].sentences.push(i);
                        frames[c].anchors.extend(frame.anchors);
                    }
                    continue;
                }
                // "the attack" with no city, region or date of its own is the attack the text is
                // about ("Islamic State claimed responsibility, describing the attack as
                // retaliation for operations in Syria").
                // So is "the attack" in a sentence about its trial ("four men charged with
                // carrying out the attack appeared in a Moscow court on Sunday"), whatever
                // place and date the court has.
                // And "the attack" that a group claimed, whatever its date: "Islamic State
                // claimed the attack on 29 March" dates the claim, not the attack.
                let placeless = frame.city.is_none() && frame.region.is_none();
                let unplaced = placeless && frame.date.is_none();
                let words = || lower.split(|c: char| !c.is_alphanumeric());
                let claimed = placeless && words().any(|w| matches!(w, "claimed" | "claims" | "claiming"));
                if let Some(c) = current
                    && self.anaphoric(lower, at)
                    && (unplaced || claimed || words().any(|w| JUDICIAL.contains(&w)))
                {
                    if !frames[c].sentences.contains(&i) {
                        frames[c].sentences.push(i);
                    }
                    frames[c].types.extend(frame.types);
                    frames[c].anchors.extend(frame.anchors);
                    referred = true;
                    continue;
                }
                if !frame.placed() {
                    match current {
                        // No place: the frame before it goes on, when the dates allow.
                        Some(c) if dates_fit(x, &frames[c], &frame) => {
                            if !frames[c].sentences.contains(&i) {
                                frames[c].sentences.push(i);
                            }
                            frames[c].date = frames[c].date.take().or(frame.date);
                            frames[c].types.extend(frame.types);
                            frames[c].anchors.extend(frame.anchors);
                            continue;
                        }
                        // Another attack this one cannot be placed for: its figures are not the
                        // current attack's ("and for the December 2019 attack on a camp, in
                        // which 71 soldiers died").
                        Some(_) => {
                            orphans.extend(frame.anchors);
                            continue;
                        }
                        // The first attack of a document may be placed by its neighbours.
                        None => {
                            for n in [i + 1, i.wrapping_sub(1)] {
                                if let Some(next) = x.sentences.get(n) {
                                    self.locate(x, &mut frame, *next, 0, &venues, &Rivals::default());
                                }
                            }
                            // Still unplaced, it waits for the first placed attack its dates
                            // fit ("Officials revised the toll from the Easter Sunday bombings
                            // down to about 253" before "The attacks struck ... in Colombo").
                            if !frame.placed() {
                                if pending.is_none() {
                                    pending = Some(frame);
                                }
                                continue;
                            }
                        }
                    }
                }
                if current.is_none()
                    && let Some(first) = pending.take_if(|p| dates_fit(x, &frame, p))
                {
                    frame.sentences.extend(first.sentences);
                    frame.anchors.extend(first.anchors);
                    frame.types.extend(first.types);
                    frame.date = frame.date.take().or(first.date);
                }
                let at = self.merge_or_push(x, &mut frames, frame);
                if !referred {
                    current = Some(at);
                }
            }
        }
        for frame in &mut frames {
            if frame.date.is_none() {
                self.date_from_neighbours(x, frame);
            }
        }
        let owners = figure_owners(x, &frames, &orphans);
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
            // "attacks in Syria" with no city, region or date is a kind of event, not one attack.
            .filter(|(_, f)| f.city.is_some() || f.region.is_some() || f.date.is_some())
            .map(|(k, f)| {
                let mut figures: Vec<usize> = f
                    .sentences
                    .iter()
                    .flat_map(|&i| by_sentence[i].iter().copied())
                    .filter(|&figure| owners[figure].is_none_or(|o| o == k))
                    .collect();
                figures.sort_unstable();
                figures.dedup();
                self.incident(x, &lowered, &said, f, &figures)
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

    /// Cities written as locations and followed at once by their own date ("in Tehran in
    /// 2017"), in text order, when they are coordinated as a list ("in Tehran in 2017 and a
    /// shrine in Shiraz in 2022"): a few words with "and" or a comma between one item's date
    /// and the next city. Otherwise ("an attack in Berlin on Monday ... was shot dead near
    /// Milan on Friday") they are one attack and what followed it, and nothing is listed.
    fn listed(&self, x: &Inputs, sentence: Span) -> Vec<(usize, usize, (String, Precision))> {
        let items = self.dated_cities(x, sentence);
        let coordinated = items.windows(2).all(|pair| {
            let gap = crate::fold::fold_lower(x.slice(pair[0].3, pair[1].0.max(pair[0].3)));
            let words = gap.split_whitespace().count();
            words <= 6
                && (gap.contains(',')
                    || gap.contains(';')
                    || gap
                        .split_whitespace()
                        .any(|w| matches!(w, "and" | "or" | "et" | "und" | "y" | "e" | "и")))
        });
        if !coordinated {
            return Vec::new();
        }
        items.into_iter().map(|(at, p, d, _)| (at, p, d)).collect()
    }

    /// Located cities each followed within a few characters by a date: (city start, place,
    /// date, date end).
    fn dated_cities(&self, x: &Inputs, sentence: Span) -> Vec<(usize, usize, (String, Precision), usize)> {
        let mut out: Vec<(usize, usize, (String, Precision), usize)> = Vec::new();
        for (p, m) in x.places_in(sentence.start, sentence.end) {
            if x.places[p].kind != Kind::City || self.place_role(x, m.start, m.end) != Role::Located {
                continue;
            }
            let date = x.dates_between(m.end, m.end + 12).into_iter().next();
            if let Some(d) = date.filter(|d| !out.iter().any(|(_, _, (v, _), _)| *v == d.value)) {
                out.push((m.start, p, (d.value.clone(), d.precision), d.end));
            }
        }
        out.sort_by_key(|o| o.0);
        out
    }

    /// Venues the document places ("Crocus City Hall in Krasnogorsk", "the Abbey Gate of Kabul
    /// airport"): a capitalised name ending in a venue word, followed within a few words by a
    /// city. A later "the Crocus City Hall attack" is placed there.
    fn venues(&self, x: &Inputs) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (p, place) in x.places.iter().enumerate().filter(|(_, p)| p.kind == Kind::City) {
            for m in &place.mentions {
                let head = x.slice(m.start.saturating_sub(60), m.start);
                if let Some(name) = venue_before(head, &self.lexicon.venue_words)
                    && seen.insert(name.clone())
                {
                    out.push((name, p));
                }
            }
        }
        out
    }

    /// Character offsets (within the lower-cased sentence) of each attack trigger, and whether
    /// it is an attacker's act ("gunmen stormed") rather than a word for an attack.
    /// The second value says whether the sentence names an attack that did not happen ("suspected
    /// of planning an attack near the parliament").
    fn triggers(&self, lower: &str) -> (Vec<(usize, bool)>, bool) {
        let mut out = Vec::new();
        let mut plotted = false;
        for m in self.triggers.find_overlapping_iter(lower) {
            let (at, end) = (m.start(), m.end());
            let before_ok = !lower[..at].chars().next_back().is_some_and(char::is_alphanumeric);
            // Triggers are word starts: "attack" matches "attacks", "attacker" does not
            // open a frame on its own since it names a person, not an event.
            let rest_len = lower[end..].find(|c: char| !c.is_alphanumeric()).unwrap_or(lower.len() - end);
            let after_ok =
                matches!(&lower[end..end + rest_len], "" | "s" | "es" | "ed" | "en" | "e" | "а" | "е" | "ом");
            if !(before_ok && after_ok) {
                continue;
            }
            if self.unrealised(&lower[..at]) {
                plotted = true;
                continue;
            }
            out.push((lower[..at].chars().count(), m.pattern().as_usize() >= self.lexicon.triggers.len()));
        }
        out.sort_unstable();
        out.dedup_by_key(|t| t.0);
        (out, plotted)
    }

    /// Whether the trigger at character `at` is what something followed ("after the attack",
    /// "tras los atentados"), so that its sentence's date is not the attack's.
    fn sequel(&self, lower: &str, at: usize) -> bool {
        let before = &lower[..byte_of(lower, at)];
        let window = tail(before, 40);
        let words: Vec<&str> = window.split_whitespace().collect();
        // The cue, then a few short words: "after the", "tras los", "nach dem", "one year
        // after a truck was (driven into)".
        words.iter().rev().take(5).any(|w| self.lexicon.sequel_words.iter().any(|s| s == w))
            && words.last().is_some_and(|w| w.len() <= 6)
    }

    /// Whether the trigger at character `at` is a definite reference back ("the attack",
    /// "this bombing", "l'attentat", "der Anschlag").
    fn anaphoric(&self, lower: &str, at: usize) -> bool {
        let before = &lower[..byte_of(lower, at)];
        let last = before.split_whitespace().next_back().unwrap_or("");
        matches!(
            last,
            "the" | "this" | "that" | "l'attentat" | "der" | "den" | "dem" | "el" | "este" | "этот"
        ) || before.ends_with("l'")
    }

    /// Whether the words just before a trigger make it an attack that did not happen: a plot,
    /// a threat, a plan ("a plot to attack", "the threat of an attack", "plans for a bombing").
    fn unrealised(&self, before: &str) -> bool {
        let window = tail(before, 40);
        self.unrealised
            .find_overlapping_iter(window)
            .any(|m| !window[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric))
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

    fn has_cue(&self, lower: &str) -> bool {
        self.cues.is_match(lower)
    }

    /// Fills a frame's place and date from `sentence`, nearest to character `at` within it.
    /// A place counts as where the attack happened when it is written as a location ("in
    /// Kerman", "the Kabul airport bombing"), not as an actor ("Washington warned", "the US
    /// blamed"); a country needs a locative preposition; a region spanning several countries
    /// places nothing.
    /// Mentions nearer to one of `rivals` (other attack words of the sentence) than to `at` are
    /// left to them.
    fn locate(
        &self,
        x: &Inputs,
        frame: &mut Frame,
        sentence: Span,
        at: usize,
        venues: &[(String, usize)],
        rivals: &Rivals,
    ) {
        let anchor = sentence.start + at;
        let distance = |start: usize| start.abs_diff(anchor);
        let mut best_city: Option<(usize, usize)> = None;
        let mut best_city_at = 0;
        let mut best_region: Option<(usize, usize)> = None;
        let mut best_country: Option<(usize, String)> = None;
        for (p, m) in x.places_in(sentence.start, sentence.end) {
            let place = &x.places[p];
            let Some(country) = &place.country else { continue };
            if rivals.claim(m.start, anchor) {
                continue;
            }
            let role = self.place_role(x, m.start, m.end);
            if matches!(role, Role::Actor | Role::Part)
                || place.kind == Kind::Country && role != Role::Located
            {
                continue;
            }
            let d = if role == Role::Located { distance(m.start) / 2 } else { distance(m.start) };
            match place.kind {
                Kind::City if best_city.is_none_or(|(bd, _)| d < bd) => {
                    best_city = Some((d, p));
                    best_city_at = m.start;
                }
                Kind::Region if best_region.is_none_or(|(bd, _)| d < bd) => best_region = Some((d, p)),
                Kind::Country if best_country.as_ref().is_none_or(|(bd, _)| d < *bd) => {
                    best_country = Some((d, country.clone()))
                }
                _ => {}
            }
        }
        // "Barcelona and Cambrils": of two cities joined as one place, the first leads.
        if best_city.is_some() && best_city_at > sentence.start {
            for (p, m) in x.places_in(sentence.start, best_city_at - 1) {
                if x.places[p].kind != Kind::City {
                    continue;
                }
                let between = x.slice(m.end, best_city_at).trim().to_lowercase();
                if ["and", "y", "et", "und", "e", "и", "&"].contains(&between.as_str()) {
                    best_city = Some((0, p));
                }
            }
        }
        if best_city.is_none()
            && let slice = x.slice(sentence.start, sentence.end)
        {
            best_city = venues.iter().find(|(v, _)| slice.contains(v.as_str())).map(|&(_, p)| (0, p));
        }
        if !frame.placed() {
            frame.city = best_city.map(|(_, p)| p);
            frame.region = best_region.map(|(_, p)| p);
            frame.country = frame
                .city
                .or(frame.region)
                .and_then(|p| x.places[p].country.clone())
                .or(best_country.map(|(_, c)| c));
        }
        if frame.date.is_none() {
            frame.date = self.date_in(x, sentence, anchor, rivals);
        }
    }

    /// The date of an attack in `sentence`: the one nearest to character `anchor`, leaving out
    /// dates after publication (a trial, an anniversary), dates of statements ("on Thursday
    /// claimed") and, where another is given, estimates.
    fn date_in(
        &self,
        x: &Inputs,
        sentence: Span,
        anchor: usize,
        rivals: &Rivals,
    ) -> Option<(String, Precision)> {
        let published = x.published.map(|p| p.format("%Y-%m-%d").to_string());
        x.dates_between(sentence.start, sentence.end)
            .into_iter()
            .filter(|d| d.end <= sentence.end)
            .filter(|d| !rivals.claim(d.start, anchor))
            .filter(|d| published.as_ref().is_none_or(|p| d.value.as_str() <= p.as_str()))
            .filter(|d| !self.reported_on(x, d.start, d.end))
            // "revised the toll down to 84 on Thursday": the date of the revision.
            .filter(|d| !x.revision_just_before(d.start))
            .filter(|d| !self.period_bound(x, d.start))
            .min_by_key(|d| d.start.abs_diff(anchor) + if d.precision == Precision::Approx { 200 } else { 0 })
            .map(|d| refined(x, d, sentence, anchor, rivals))
    }

    /// A date for a frame without one, from the sentences just before and after its own.
    fn date_from_neighbours(&self, x: &Inputs, frame: &mut Frame) {
        let mut near: Vec<usize> = Vec::new();
        for &i in &frame.sentences {
            for n in [i + 1, i.wrapping_sub(1)] {
                if n < x.sentences.len() && !frame.sentences.contains(&n) && !near.contains(&n) {
                    near.push(n);
                }
            }
        }
        if let Some(date) = near
            .into_iter()
            .find_map(|n| self.date_in(x, x.sentences[n], x.sentences[n].start, &Rivals::default()))
        {
            frame.date = Some(date);
        }
    }

    /// Whether a date bounds a period ("since 2020", "seit 2019") rather than dating an event.
    fn period_bound(&self, x: &Inputs, start: usize) -> bool {
        let before = x.slice(start.saturating_sub(12), start).to_lowercase();
        let word = before.split_whitespace().next_back().unwrap_or("");
        self.lexicon.period_words.iter().any(|w| w == word)
    }

    /// Whether a date is the date of a statement: a reporting verb right before or after it.
    fn reported_on(&self, x: &Inputs, start: usize, end: usize) -> bool {
        // "said on Friday", "claimed responsibility on Thursday", "on Thursday claimed".
        let before = x.slice(start.saturating_sub(40), start);
        let after = x.slice(end, end + 40);
        let near_after: Vec<String> = after.split_whitespace().take(3).map(|w| w.to_lowercase()).collect();
        let near_before: Vec<String> =
            before.split_whitespace().rev().take(3).map(|w| w.to_lowercase()).collect();
        let verb = |w: &String| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            self.lexicon.reporting_verbs.iter().any(|v| v == w)
        };
        // "through its Amaq news agency on 4 January", "in a statement on Friday".
        let medium = |w: &String| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            self.lexicon.media.iter().any(|m| m == w)
        };
        near_after.iter().any(verb) || near_before.iter().any(|w| verb(w) || medium(w))
    }

    /// How a place mention is used: as the location of something, as an actor, or neither.
    fn place_role(&self, x: &Inputs, start: usize, end: usize) -> Role {
        let before = x.slice(start.saturating_sub(30), start).to_lowercase();
        let after = x.slice(end, end + 30).to_lowercase();
        let next_word: String = after
            .trim_start_matches(['\'', '’', 's'])
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
        // "in central Berlin", "in northern Nigeria": the word before the direction.
        let before_word = match words.as_slice() {
            [direction, word, ..] if DIRECTIONS.contains(direction) => word,
            [word, ..] => word,
            [] => "",
        }
        .trim_matches(|c: char| !c.is_alphabetic() && c != '\'')
        .to_string();
        // After a locative the place is where, whatever verb follows ("the bombing in
        // Peshawar has risen to 100": the subject is the toll, not the city).
        if self.lexicon.locatives.contains(&before_word) {
            return Role::Located;
        }
        if after.starts_with([' ', ',']) && self.lexicon.actor_verbs.contains(&next_word) {
            return Role::Actor;
        }
        // "the Ortaköy neighbourhood", "the Esenyurt quarter": a part of the city the text is
        // in, named like some town elsewhere.
        if after.starts_with(' ') && self.lexicon.parts_of_town.contains(&next_word) {
            return Role::Part;
        }
        // "near Tongo Tongo, Niger": a country after a place name and a comma.
        let trimmed = before.trim_end();
        if let Some(head) = trimmed.strip_suffix(',')
            && x.slice(start.saturating_sub(30), start).trim_end().strip_suffix(',').is_some_and(|h| {
                h.split_whitespace()
                    .next_back()
                    .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
            })
            && !head.is_empty()
        {
            return Role::Located;
        }
        Role::Other
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
                f.anchors.extend(frame.anchors);
                return i;
            }
        }
        frames.push(frame);
        frames.len() - 1
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
        let count = |q: Quantity| -> Option<Count> {
            let of: Vec<&&Figure> = figures.iter().filter(|fig| fig.quantity == q).collect();
            // Of the revised tolls, the latest: by the date written nearest to each ("has risen
            // to 359, police said on Wednesday" over "by Monday the toll stood at 290"), an
            // undated one being as of the revision before it; then the last in the text.
            let published = x.published.map(|p| p.format("%Y-%m-%d").to_string());
            let mut as_of = String::new();
            let mut latest: Option<(String, &Figure)> = None;
            for fig in of.iter().filter(|fig| fig.update) {
                // The statement's date follows the figure ("rose to 359, police said on
                // Wednesday"); one before it may be the attack's ("the bombings on Sunday").
                if let Some(d) = x
                    .dates_between(fig.evidence.start, fig.evidence.end)
                    .into_iter()
                    .filter(|d| d.end <= fig.evidence.end)
                    .filter(|d| published.as_ref().is_none_or(|p| d.value <= *p))
                    .min_by_key(|d| (d.start < fig.start, d.start.abs_diff(fig.start)))
                {
                    as_of = d.value.clone();
                }
                if latest.as_ref().is_none_or(|(when, _)| as_of >= *when) {
                    latest = Some((as_of.clone(), fig));
                }
            }
            if let Some((_, update)) = latest {
                return Some(Count { value: update.value, qualifier: update.qualifier.map(String::from) });
            }
            // "killed 13 US service members and about 170 Afghans": figures of one sentence
            // joined by "and" count different people, so they add up ("including 5 children"
            // would be a part, and does not).
            let mut best: Option<Count> = None;
            let mut i = 0;
            while i < of.len() {
                let (mut value, mut qualifier, mut j) = (of[i].value, of[i].qualifier, i);
                while j + 1 < of.len() && of[j + 1].evidence == of[i].evidence {
                    let between = crate::fold::fold_lower(x.slice(of[j].end, of[j + 1].start));
                    // "13 American service members were killed; ... the number of Afghan dead at
                    // around 170": the clause after a semicolon counts others.
                    let joined = (between.split_whitespace().any(|w| w == "and")
                        && between.split_whitespace().count() <= 8
                        || between.contains(';') && !of[j].update && !of[j + 1].update)
                        && !["including", "among", "of whom", "of them", "and another", "in all", "in total"]
                            .iter()
                            .any(|w| between.contains(w));
                    if !joined {
                        break;
                    }
                    j += 1;
                    value += of[j].value;
                    qualifier = qualifier.or(of[j].qualifier);
                }
                if best.as_ref().is_none_or(|b| value > b.value) {
                    best = Some(Count { value, qualifier: qualifier.map(String::from) });
                }
                i = j + 1;
            }
            // "Dozens of people were injured, and two police officers were wounded": a number
            // below what the frame says without one counts only some of them.
            let b = best?;
            let vague = spans
                .iter()
                .zip(&f.sentences)
                .filter(|(_, i)| crate::figures::may_count_vaguely(&lowered[**i]))
                .flat_map(|(s, _)| crate::figures::vague_counts(x.slice(s.start, s.end)))
                .filter(|(quantity, _)| *quantity == q)
                .map(|(_, least)| least)
                .max();
            match vague {
                Some(least) if b.value < least => None,
                _ => Some(b),
            }
        };
        let text_of = |i: usize| lowered[i].as_str();
        let joined: String = f.sentences.iter().map(|&i| text_of(i)).collect::<Vec<_>>().join(" ");

        // Groups named in the frame's sentences, with the cue kind of their sentence.
        let mut claimed: Vec<&GroupFacts> = Vec::new();
        let mut blamed: Vec<&GroupFacts> = Vec::new();
        let mut named: Vec<&GroupFacts> = Vec::new();
        // The claim and blame cues of each sentence: (character offset, kind).
        let cues_of = |i: usize| said[i].get_or_init(|| self.cues_in(&lowered[i]).collect());
        let said: Vec<Vec<(usize, CueKind)>> = f
            .sentences
            .iter()
            .map(|&i| {
                let lower = text_of(i);
                cues_of(i)
                    .iter()
                    .filter(|c| matches!(c.2, CueKind::Claim | CueKind::Blame))
                    .map(|c| (lower[..c.0].chars().count(), c.2))
                    .collect()
            })
            .collect();
        // The group mentions of the frame's sentences, in the order of the groups and then of
        // the text.
        let mut mentions: Vec<(usize, usize, usize)> = spans
            .iter()
            .enumerate()
            .flat_map(|(k, s)| x.groups_in(s.start, s.end).into_iter().map(move |(g, m)| (g, m.start, k)))
            .collect();
        mentions.sort_unstable();
        for &(g, start, k) in &mentions {
            let g = &x.groups[g];
            // The claim or blame cue nearest to the name is what the sentence says of the
            // group: "The government has blamed National Thowheeth Jama'ath, and the Islamic
            // State has claimed responsibility".
            let at = start - spans[k].start;
            let nearest = said[k].iter().min_by_key(|c| c.0.abs_diff(at)).map(|c| c.1);
            match nearest {
                Some(CueKind::Claim) => claimed.push(g),
                Some(_) => blamed.push(g),
                None => named.push(g),
            }
        }
        let claimant = most_specific(&claimed);
        let claimed_by = claimant.map(|g| g.id.clone());
        let mut responsible = claimed.clone();
        responsible.extend(&blamed);
        // A group officials name that is no part of the claiming movement ("officials named
        // National Thowheeth Jama'ath as the main suspect"; the Islamic State claimed the
        // attacks) is the attackers' own: it is the perpetrator, with the link the officials'
        // word gives.
        let named_apart: Vec<&GroupFacts> =
            blamed.iter().copied().filter(|b| claimed.iter().all(|c| !related(b, c))).collect();
        // "The Islamic State claimed it" in a report about its Khorasan branch (the group it
        // names most, at least half of all its group mentions): the branch did it. Claims
        // of a province's attacks are made in the name of the whole movement.
        let total: usize = x.groups.iter().map(|g| g.mentions.len()).sum();
        let main = x
            .groups
            .iter()
            .max_by_key(|g| g.mentions.len())
            .filter(|main| main.mentions.len() >= 3 && main.mentions.len() * 2 >= total);
        // Or, for an attack outside the claiming movement's own regions, its one branch that
        // the document names and that operates in the attack's country ("Islamic State claimed
        // the attack" on Palma, in a report that also names ISIS-Mozambique).
        let country = f.country.clone();
        let branch_of = |g: &GroupFacts| {
            main.filter(|m| m.parent.as_deref() == Some(g.id.as_str())).or_else(|| {
                let c = country.as_deref().filter(|c| !g.regions.iter().any(|r| r == c))?;
                let mut local = x.groups.iter().filter(|b| {
                    b.parent.as_deref() == Some(g.id.as_str()) && b.regions.iter().any(|r| r == c)
                });
                let only = local.next()?;
                local.next().is_none().then_some(only)
            })
        };
        let perpetrator = match claimant {
            Some(c) if let Some(branch) = branch_of(c) => Some(branch),
            // The movement itself claiming what officials lay on a local group is claiming
            // the local group's attack; a branch's own claim names its own fighters.
            Some(c)
                if c.parent.is_none()
                    && let Some(apart) = most_specific(&named_apart) =>
            {
                Some(apart)
            }
            _ => most_specific(&responsible)
                .or_else(|| (f.sentences.len() == 1).then(|| most_specific(&named)).flatten())
                .map(|p| branch_of(p).unwrap_or(p)),
        };
        let mut perpetrator = perpetrator.map(|g| g.id.clone());

        // The claim counts for the link when it is the perpetrator's (or its branch's).
        let claim_is_theirs = claimant.is_some_and(|c| {
            perpetrator.as_deref().is_some_and(|p| x.groups.iter().any(|g| g.id == p && related(g, c)))
        });
        let (mut link, mut link_cues) =
            self.link(x, &f, lowered, &cues_of, perpetrator.is_some(), claim_is_theirs);
        // Another group's claim is not the perpetrator's: the officials' word is.
        if claimant.is_some() && !claim_is_theirs && perpetrator.is_some() && link == Link::Claimed {
            link = Link::Alleged;
        }
        // "An ISKP suicide bomber struck Abbey Gate", "Islamic State gunmen stormed the hall": the
        // text names the group's own people as the attackers, so the group is the perpetrator;
        // one its operation sent (a suicide bomber) makes the attack directed, its members in
        // general ("ISIS militants attacked the town") are the report's allegation.
        if let Some((g, start, end, level)) = mentions.iter().find_map(|&(g, start, k)| {
            let g = &x.groups[g];
            let m = g.mentions.iter().find(|m| m.start == start)?;
            if m.end > spans[k].end {
                return None;
            }
            let level = |noun: &String| {
                if self.lexicon.operatives.contains(noun) { Link::Directed } else { Link::Alleged }
            };
            let after = crate::fold::fold_lower(x.slice(m.end, m.end + 20));
            let noun = self.lexicon.own_people.iter().find(|n| {
                after
                    .strip_prefix(' ')
                    .and_then(|a| a.strip_prefix(n.as_str()))
                    .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
            });
            if let Some(noun) = noun {
                return Some((g, m.start, m.end + 1 + noun.chars().count(), level(noun)));
            }
            // "gunmen from Islamic State West Africa Province", "fighters of the Islamic State".
            let before = crate::fold::fold_lower(x.slice(m.start.saturating_sub(40), m.start));
            let head = before.strip_suffix("the ").unwrap_or(&before);
            let (noun, taken) = self.lexicon.member_links.iter().find_map(|l| {
                let rest = head.strip_suffix(' ')?.strip_suffix(l.as_str())?.strip_suffix(' ')?;
                self.lexicon.own_people.iter().find_map(|n| {
                    let rest = rest.strip_suffix(n.as_str())?;
                    // The phrase and the article are ASCII: bytes are characters.
                    (!rest.ends_with(char::is_alphanumeric)).then_some((n, before.len() - rest.len()))
                })
            })?;
            Some((g, m.start.saturating_sub(taken), m.end, level(noun)))
        }) && (perpetrator.is_none()
            || perpetrator.as_deref().is_some_and(|p| x.groups.iter().any(|o| o.id == p && related(o, g))))
        {
            perpetrator = perpetrator.or(Some(g.id.clone()));
            link_cues.push(Cue { link: level, text: x.slice(start, end).to_string(), start, end });
            link = link.max(level);
        }
        // "The group's fighters previously attacked the parliament in Tehran", "its fighters
        // were responsible for the ambush": the group named last before is the perpetrator,
        // and an attack by its own fighters is directed by it.
        if perpetrator.is_none()
            && let Some(&first) = f.sentences.first()
            && let Some((at, phrase)) =
                GROUP_ANAPHORS.iter().find_map(|a| lowered[first].find(a).map(|at| (at, *a)))
        {
            // "Its" is the subject of the sentence before: the group named first in it; else
            // the group named last before.
            let opening = x.sentences[first].start;
            let previous = first.checked_sub(1).map(|p| x.sentences[p]);
            let first_in_previous = previous.and_then(|p| {
                x.groups_in(p.start, p.end)
                    .into_iter()
                    .min_by_key(|(_, m)| m.start)
                    .map(|(g, _)| &x.groups[g])
            });
            if let Some(g) = first_in_previous.or_else(|| x.group_before(opening)) {
                perpetrator = Some(g.id.clone());
                let start = opening + lowered[first][..at].chars().count();
                let end = start + phrase.chars().count();
                link_cues.push(Cue {
                    link: Link::Directed,
                    text: x.slice(start, end).to_string(),
                    start,
                    end,
                });
                if matches!(link, Link::Unknown | Link::Alleged) {
                    link = Link::Directed;
                }
            }
        }
        let city = f.city.map(|p| &x.places[p]);
        let region = f.region.map(|p| &x.places[p]);
        let located = city.or(region);
        let attack_type = pick_type(&f.types);
        let terms = self.terms_in(&joined);
        Incident {
            date: f.date.as_ref().map(|d| d.0.clone()),
            date_precision: f.date.as_ref().map(|d| d.1),
            place: located.map(|p| p.name.clone()).or(f.country.clone()),
            city: city.map(|p| p.name.clone()),
            country: f.country.clone(),
            lat: located.map(|p| p.lat),
            lon: located.map(|p| p.lon),
            target: terms.iter().find_map(|t| match t {
                Term::Target(i) => Some(self.lexicon.targets[*i].clone()),
                _ => None,
            }),
            attack_type,
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
                    sentence: x.slice(s.start, s.end).to_string(),
                })
                .collect(),
        }
    }

    /// A toll of a whole conflict: an aggregate word up to 80 characters before the figure or
    /// 40 after it, inside its sentence.
    fn aggregate(&self, x: &Inputs, fig: &Figure) -> bool {
        let from = fig.start.saturating_sub(80).max(fig.evidence.start);
        let to = (fig.end + 40).min(fig.evidence.end);
        if from >= to {
            return false;
        }
        let around = crate::fold::fold_lower(x.slice(from, to));
        self.lexicon.aggregates.iter().any(|w| around.contains(w.as_str()))
    }

    /// The link level the frame's sentences support, with the cues found.
    fn link<'c>(
        &self,
        x: &Inputs,
        f: &Frame,
        lowered: &[String],
        cues_of: &dyn Fn(usize) -> &'c Vec<(usize, usize, CueKind)>,
        blamed: bool,
        claimed: bool,
    ) -> (Link, Vec<Cue>) {
        let mut cues = Vec::new();
        for &i in &f.sentences {
            let lower = &lowered[i];
            for &(at, to, kind) in cues_of(i) {
                let CueKind::Link(level) = kind else { continue };
                // "investigating whether it was directed by": an open question says nothing.
                if matches!(level, Link::Directed | Link::Enabled)
                    && self.uncertain.find(tail(&lower[..at], 40)).is_some()
                {
                    continue;
                }
                let negated = self.negated(&lower[..at]);
                // "no evidence of training" speaks against direction: inspiration.
                let link = match (level, negated) {
                    (Link::Directed | Link::Enabled, true) => Link::Inspired,
                    (l, false) => l,
                    (_, true) => continue,
                };
                let start = x.sentences[i].start + lower[..at].chars().count();
                let end = start + lower[at..to].chars().count();
                let text = x.slice(start, end).to_string();
                cues.push(Cue { link, text, start, end });
            }
        }
        cues.sort_by_key(|c| c.start);
        let mut link = cues.iter().map(|c| c.link).max().unwrap_or(Link::Unknown);
        // A group's claim outweighs others' attribution ("attacks claimed by the Islamic
        // State and attributed by officials to ISKP" are claimed).
        if claimed && link < Link::Claimed {
            link = Link::Claimed;
        } else if link == Link::Unknown && blamed {
            link = Link::Alleged;
        } else if link == Link::Alleged && !blamed {
            // "Officials blamed Israel and the United States": an accusation with no group in
            // it links the attack to no group.
            link = Link::Unknown;
        }
        (link, cues)
    }

    fn negated(&self, before: &str) -> bool {
        let window = tail(before, 40);
        self.negations
            .find_overlapping_iter(window)
            .any(|m| !window[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric))
    }
}

/// A group's own people, referred to back ("its fighters", "the group's fighters").
const GROUP_ANAPHORS: &[&str] = &[
    "its fighters",
    "the group's fighters",
    "its militants",
    "the group's militants",
    "its gunmen",
    "the group's gunmen",
    "its operatives",
    "the group's operatives",
    "its suicide bombers",
];

/// Words of courts, trials and arrests: a sentence with one speaks of an attack's aftermath.
const JUDICIAL: &[&str] = &[
    "arrested",
    "detained",
    "arrest",
    "arrests",
    "interpellation",
    "interpellé",
    "interpellés",
    "festgenommen",
    "festnahme",
    "detenido",
    "detenidos",
    "задержан",
    "задержаны",
    "court",
    "charged",
    "convicted",
    "sentenced",
    "trial",
    "tribunal",
    "indicted",
    "jailed",
    "verdict",
    "procès",
    "condamné",
    "prozess",
    "verurteilt",
    "juicio",
    "condenado",
    "суд",
    "приговор",
];

/// The other attack words of a sentence, and where its clauses break, both as character
/// offsets into the text.
#[derive(Default)]
struct Rivals<'a> {
    at: Vec<usize>,
    clauses: &'a [usize],
    /// Where relative clauses open (", where", ", who"): what they say after the attack word
    /// is of something else ("on the road to the cemetery where Soleimani, killed in a drone
    /// strike in Baghdad in 2020, is buried").
    relative: &'a [usize],
}

impl Rivals<'_> {
    /// Whether a mention at `start` belongs to another attack word than the one at `anchor`:
    /// it lies in that word's clause ("Insurgents seized the town in August 2020, and an
    /// assault on Palma began on 24 March 2021"), or, with no clause break between the two
    /// words, nearer to it.
    fn claim(&self, start: usize, anchor: usize) -> bool {
        if self.relative.iter().any(|&b| anchor < b && b <= start) {
            return true;
        }
        self.at.iter().any(|&r| {
            let (low, high) = (anchor.min(r), anchor.max(r));
            match self.clauses.iter().find(|&&b| b > low && b <= high) {
                Some(&b) if r > anchor => start >= b,
                Some(&b) => start < b,
                None => start.abs_diff(r) < start.abs_diff(anchor),
            }
        })
    }
}

/// Where relative clauses open in a lower-cased sentence, as character offsets into the text.
fn relative_clauses(lower: &str, offset: usize) -> Vec<usize> {
    const OPENINGS: &[&str] = &[", where ", " where ", ", who ", ", whose ", ", which "];
    if !lower.contains(" wh") {
        return Vec::new();
    }
    OPENINGS
        .iter()
        .flat_map(|b| lower.match_indices(b).map(|(i, _)| offset + lower[..i].chars().count()))
        .collect()
}

/// Where the clauses of a lower-cased sentence break (", and", "; ", ", while"), as character
/// offsets into the text.
fn clause_breaks(lower: &str, offset: usize) -> Vec<usize> {
    const BREAKS: &[&str] =
        &[", and ", "; ", ", while ", ", whereas ", ", but ", " and for ", ", et ", ", und ", ", y "];
    let mut out: Vec<usize> = BREAKS
        .iter()
        .flat_map(|b| lower.match_indices(b).map(|(i, _)| offset + lower[..i].chars().count()))
        .collect();
    out.sort_unstable();
    out
}

/// The date written with the attack word at character `at` of a sentence, in its own phrase
/// ("the attack on 22 March 2024", "a series of bombings in Turkey during 2016",
/// "l'attentat du 13 novembre"), which dates the attack itself.
fn attached_date(x: &Inputs, lower: &str, sentence: Span, at: usize) -> Option<(String, Precision)> {
    let word = lower.chars().skip(at).take_while(|c| c.is_alphanumeric() || *c == '-').count();
    let after = sentence.start + at + word;
    let date = x.dates_between(after, after + 40).into_iter().find(|d| d.end <= sentence.end)?;
    let between = x.slice(after, date.start);
    (!between.contains([',', ';', ':', '(', '—'])).then(|| refined(x, date, sentence, at, &Rivals::default()))
}

/// A year made more precise by a later date of its sentence that falls within it ("during 2016,
/// including at Istanbul's Atatürk Airport in June").
fn refined(
    x: &Inputs,
    d: &DateMention,
    sentence: Span,
    anchor: usize,
    rivals: &Rivals,
) -> (String, Precision) {
    x.dates_between(d.start + 1, sentence.end)
        .into_iter()
        .filter(|r| r.end <= sentence.end && !rivals.claim(r.start, anchor))
        .filter(|r| r.value.len() > d.value.len() && r.value.starts_with(d.value.as_str()))
        .find(|r| d.precision == Precision::Year && r.precision != Precision::Approx)
        .map_or((d.value.clone(), d.precision), |r| (r.value.clone(), r.precision))
}

/// Whether the word starting at character `at` is an English plural ("attacks", "bombings").
fn plural_at(lower: &str, at: usize) -> bool {
    let word: String = lower.chars().skip(at).take_while(|c| c.is_alphanumeric() || *c == '-').collect();
    word.len() > 3 && word.ends_with('s') && !word.ends_with("ss")
}

fn precision_rank(p: Precision) -> u8 {
    match p {
        Precision::Day => 0,
        Precision::Month => 1,
        Precision::Approx => 2,
        Precision::Year => 3,
    }
}

/// Words between a locative and a place that keep it a location ("in central Berlin").
const DIRECTIONS: &[&str] = &[
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "downtown",
    "suburban",
    "rural",
    "occupied",
    "neighbouring",
    "neighboring",
];

/// The venue name ending right before a city: "Crocus City Hall in " + Krasnogorsk.
fn venue_before(head: &str, venue_words: &[String]) -> Option<String> {
    // The link words between a venue and its city.
    let mut rest = head.trim_end();
    for link in
        [" in", " near", " outside", " on the outskirts of", " at", ",", " of", " en", " à", " bei", " в"]
    {
        if let Some(r) = rest.strip_suffix(link) {
            rest = r.trim_end();
            break;
        }
    }
    let mut words: Vec<&str> = rest.split(' ').collect();
    // "Crocus City Hall concert venue near Moscow", "Crocus City Hall, a large music venue in
    // Krasnogorsk": a few lower-case words may describe the venue before its city.
    for _ in 0..4 {
        match words.last() {
            Some(w)
                if w.chars().next().is_some_and(char::is_lowercase) && w.chars().all(char::is_alphabetic) =>
            {
                words.pop();
            }
            _ => break,
        }
    }
    let last = words.last()?.trim_matches(|c: char| !c.is_alphanumeric());
    if !venue_words.iter().any(|v| v == last) {
        return None;
    }
    // Capitalised words back from the venue word, at most five.
    let name: Vec<&str> = words
        .iter()
        .rev()
        .take(5)
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .copied()
        .collect();
    (name.len() >= 2).then(|| {
        let name: Vec<&str> = name.into_iter().rev().collect();
        name.join(" ").trim_matches(|c: char| !c.is_alphanumeric()).to_string()
    })
}

/// For each figure, the frame it belongs to when its sentence is shared by several frames that
/// name their attack in it: the one named last before the figure ("gunmen killed more than 140
/// people at Crocus City Hall ... and twin bombings in Kerman"; "the ambush near Tongo Tongo,
/// in which four soldiers were killed, and the attack on Inates, in which 71 died"), else the
/// one named first after it. `None` leaves the figure to every frame of its sentence; attacks
/// named without a frame (`orphans`) take their figures from all.
fn figure_owners(x: &Inputs, frames: &[Frame], orphans: &[usize]) -> Vec<Option<usize>> {
    // Every place an attack is named: (offset, frame, k), the frame's k-th anchor, sorted by
    // offset; the frame after the last stands for the orphans.
    let mut anchors: Vec<(usize, usize, usize)> = frames
        .iter()
        .map(|f| f.anchors.as_slice())
        .chain([orphans])
        .enumerate()
        .flat_map(|(k, list)| list.iter().enumerate().map(move |(j, &a)| (a, k, j)))
        .collect();
    anchors.sort_unstable();
    x.figures
        .iter()
        .map(|fig| {
            let sentence = fig.evidence;
            let from = anchors.partition_point(|a| a.0 < sentence.start);
            let mut within: Vec<(usize, usize, usize)> = anchors[from..]
                .iter()
                .take_while(|a| a.0 < sentence.end)
                .map(|&(a, k, j)| (k, j, a))
                .collect();
            within.sort_unstable();
            let named: Vec<(usize, usize)> = within.into_iter().map(|(k, _, a)| (k, a)).collect();
            let mut framed: Vec<usize> = named.iter().map(|&(k, _)| k).collect();
            framed.sort_unstable();
            framed.dedup();
            if framed.len() < 2 {
                return None;
            }
            let before = named.iter().filter(|&&(_, a)| a <= fig.start).max_by_key(|&&(_, a)| a);
            let after = named.iter().filter(|&&(_, a)| a > fig.start).min_by_key(|&&(_, a)| a);
            before.or(after).map(|&(k, _)| k)
        })
        .collect()
}

/// Whether two frames can be the same event.
fn compatible(x: &Inputs, a: &Frame, b: &Frame) -> bool {
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
fn dates_fit(x: &Inputs, a: &Frame, b: &Frame) -> bool {
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

/// Whether two groups are one, or one is the other's branch.
fn related(a: &GroupFacts, b: &GroupFacts) -> bool {
    a.id == b.id || a.parent.as_deref() == Some(b.id.as_str()) || b.parent.as_deref() == Some(a.id.as_str())
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

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use chrono::NaiveDate;

    use super::*;
    use crate::{Extraction, Extractor};

    static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::builtin);

    fn extract(text: &str, published: &str) -> Extraction {
        EXTRACTOR.extract(text, NaiveDate::parse_from_str(published, "%Y-%m-%d").ok())
    }

    #[test]
    fn a_report_is_one_incident_with_its_fields() {
        let text = "Gunmen opened fire at a concert hall in Krasnogorsk on Friday, killing at least 40 people.\n\
                    The death toll rose to 133 on Saturday, officials said. More than 140 people were injured.\n\
                    The Islamic State group claimed responsibility for the attack through Amaq.";
        let found = extract(text, "2024-03-23").incidents;
        assert_eq!(found.len(), 1, "{found:#?}");
        let i = &found[0];
        assert_eq!(
            (i.date.as_deref(), i.city.as_deref(), i.country.as_deref()),
            (Some("2024-03-22"), Some("Krasnogorsk"), Some("RU"))
        );
        assert_eq!(i.attack_type.as_deref(), Some("armed_assault"));
        assert_eq!(i.killed, Some(Count { value: 133, qualifier: None }), "the update wins");
        assert_eq!(
            i.injured.as_ref().map(|c| (c.value, c.qualifier.as_deref())),
            Some((140, Some("more than")))
        );
        assert_eq!(
            (i.perpetrator.as_deref(), i.claimed_by.as_deref()),
            (Some("islamic-state"), Some("islamic-state"))
        );
        assert_eq!((i.link, i.claim_outlet.as_deref()), (Link::Claimed, Some("Amaq")));
        for e in &i.evidence {
            assert_eq!(Span::new(e.start, e.end).slice(text), Some(e.sentence.as_str()));
        }
    }

    #[test]
    fn a_town_placed_at_the_coordinates_of_a_city_is_not_that_city() {
        // Korvani is no town of the gazetteer: it is placed at Kirkuk, the place named beside
        // it, and that says nothing of how far apart the two attacks were.
        let text = "Militants attacked Korvani town in Kirkuk province, killing two soldiers.\n\
                    In a separate attack, gunmen opened fire on a checkpoint in Kirkuk, killing four police officers.";
        let found = extract(text, "2021-12-07").incidents;
        let places: Vec<Option<&str>> = found.iter().map(|i| i.city.as_deref()).collect();
        assert_eq!(places, [Some("Korvani"), Some("Kirkuk")], "{found:#?}");
    }

    #[test]
    fn a_claim_dated_after_the_attack_is_the_attack_s_and_names_the_local_branch() {
        let text = "Insurgents attacked the town of Mocímboa da Praia in Cabo Delgado, Mozambique, on 5 August.\n\
                    Islamic State claimed the attack on 9 August, saying its fighters held the port.\n\
                    The United States calls the local group ISIS-Mozambique.";
        let found = extract(text, "2020-08-20").incidents;
        assert_eq!(found.len(), 1, "the claim's date makes no second attack: {found:#?}");
        let i = &found[0];
        assert_eq!(i.date.as_deref(), Some("2020-08-05"));
        assert_eq!((i.perpetrator.as_deref(), i.link), (Some("is-mozambique"), Link::Claimed));
    }

    #[test]
    fn what_follows_an_attack_stays_with_it() {
        // A manhunt's end in another city on another day is not a second attack.
        let text = "The man suspected of driving a truck into a market in central Berlin on Monday, in an attack \
                    that killed 12 people, was shot dead by police near Milan early on Friday, officials said.\n\
                    Islamic State claimed the attack through Amaq, describing it as retaliation for operations in Syria.";
        let found = extract(text, "2016-12-23").incidents;
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].city.as_deref(), found[0].date.as_deref()),
            (Some("Berlin"), Some("2016-12-19"))
        );
        assert_eq!((found[0].perpetrator.as_deref(), found[0].link), (Some("islamic-state"), Link::Claimed));

        // The toll is the city's, even with a verb after it; killed figures joined by "and" add up.
        let text = "The number of people killed in the bombing in Peshawar has risen to about 100.\n\
                    The bombing outside the airport in Kabul on Thursday killed 13 US service members and about 170 Afghans.";
        let found = extract(text, "2023-01-31").incidents;
        let cities: Vec<(Option<&str>, Option<u64>)> =
            found.iter().map(|i| (i.city.as_deref(), i.killed.as_ref().map(|k| k.value))).collect();
        assert_eq!(cities, vec![(Some("Peshawar"), Some(100)), (Some("Kabul"), Some(183))]);
        let part =
            extract("A bomb in Kabul on Thursday killed 20 people, including 5 children.", "2023-01-31");
        assert_eq!(part.incidents[0].killed.as_ref().map(|k| k.value), Some(20), "a part is not added");

        // A trial and a trend are not attacks of their own.
        let text = "Gunmen attacked a concert hall in Krasnogorsk on Friday, killing 145 people.\n\
                    Four men charged with carrying out the attack appeared in a Moscow court on Sunday.\n\
                    The group has carried out fewer attacks in Afghanistan than in 2021.";
        let found = extract(text, "2024-03-25").incidents;
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].city.as_deref(), Some("Krasnogorsk"));

        // "Its fighters" are the group the sentence before is about, and they act on its orders.
        let text = "Islamic State Khorasan Province has grown since 2021. Its fighters were responsible for \
                    the bombing in Kerman on 3 January 2024.";
        let found = extract(text, "2024-01-10").incidents;
        assert_eq!((found[0].perpetrator.as_deref(), found[0].link), (Some("iskp"), Link::Directed));
        assert_eq!(found[0].link_cues[0].text, "Its fighters");

        // Nobody claiming is not a claim.
        let text = "A bomb exploded in Kerman on Wednesday, killing 84 people. No group immediately claimed \
                    responsibility for the attack.";
        let found = extract(text, "2024-01-04").incidents;
        assert_eq!((found.len(), found[0].link), (1, Link::Unknown));
    }

    #[test]
    fn attacks_in_passing_and_lists_are_incidents_of_their_own() {
        let text = "A bomb exploded in Kerman on Wednesday, killing 84 people.\n\
                    The group's fighters previously attacked the parliament in Tehran in 2017 and a shrine in Shiraz in 2022.";
        let found = extract(text, "2024-01-04").incidents;
        let places: Vec<(Option<&str>, Option<&str>)> =
            found.iter().map(|i| (i.city.as_deref(), i.date.as_deref())).collect();
        assert_eq!(
            places,
            vec![
                (Some("Kerman"), Some("2024-01-03")),
                (Some("Tehran"), Some("2017")),
                (Some("Shiraz"), Some("2022"))
            ]
        );
    }

    #[test]
    fn each_attack_of_a_sentence_keeps_its_own_place_date_and_toll() {
        // Figures go to the attack named last before them; clauses keep their dates.
        let text = "Three weeks after gunmen killed more than 140 people in Moscow, and three months \
                    after twin suicide bombings in Kerman, analysts are divided.";
        let found = extract(text, "2024-04-15").incidents;
        let tolls: Vec<(Option<&str>, Option<u64>)> =
            found.iter().map(|i| (i.city.as_deref(), i.killed.as_ref().map(|k| k.value))).collect();
        assert_eq!(tolls, vec![(Some("Moscow"), Some(140)), (Some("Kerman"), None)]);

        let text = "Insurgents seized the port town of Kerman in August 2020, and an assault on \
                    Herat that began on 24 March 2021 killed 12 people.";
        let found = extract(text, "2024-04-15").incidents;
        let dated: Vec<(Option<&str>, Option<&str>)> =
            found.iter().map(|i| (i.city.as_deref(), i.date.as_deref())).collect();
        assert_eq!(dated, vec![(Some("Kerman"), Some("2020-08")), (Some("Herāt"), Some("2021-03-24"))]);
    }

    #[test]
    fn an_attack_compared_with_an_older_one_stays_the_subject() {
        let text = "Gunmen stormed a concert hall in Krasnogorsk, killing 145 people.\n\
                    The attack was the deadliest in Russia since the Beslan school siege of 2004.\n\
                    The Islamic State claimed responsibility for the attack.";
        let found = extract(text, "2025-03-22").incidents;
        let seen: Vec<(Option<&str>, Option<&str>, Option<&str>)> =
            found.iter().map(|i| (i.city.as_deref(), i.date.as_deref(), i.perpetrator.as_deref())).collect();
        assert_eq!(
            seen,
            vec![(Some("Krasnogorsk"), None, Some("islamic-state")), (Some("Beslan"), Some("2004"), None)]
        );
    }

    #[test]
    fn officials_naming_a_local_group_outweigh_the_movements_claim() {
        let text = "Suicide bombers struck churches in Colombo on Sunday, killing 250 people.\n\
                    Officials named National Thowheeth Jama'ath as the main suspect, and the \
                    Islamic State claimed responsibility on Tuesday.";
        let found = extract(text, "2019-04-24").incidents;
        assert_eq!(found[0].perpetrator.as_deref(), Some("ntj"));
        assert_eq!(found[0].claimed_by.as_deref(), Some("islamic-state"));
        assert_eq!(found[0].link, Link::Alleged);
    }

    #[test]
    fn the_latest_revision_of_a_toll_counts() {
        let text = "The toll from the bombings in Colombo on Sunday has risen to 359, police said on \
                    Wednesday.\nBy Monday the toll had risen to 290.\nDozens of people were injured, \
                    and two officers were wounded.";
        let found = extract(text, "2019-04-24").incidents;
        assert_eq!(found[0].killed.as_ref().map(|k| k.value), Some(359));
        assert_eq!(found[0].injured, None, "two of dozens is not the count");
    }

    #[test]
    fn dates_of_statements_and_asides_do_not_date_the_attack() {
        let text = "Officials revised the toll from the twin bombings in Kerman down to 84 on Thursday.\n\
                    The explosions struck crowds on Wednesday, January 3, on the road to the cemetery \
                    where Soleimani, killed in a drone strike in Baghdad in 2020, is buried.\n\
                    The Islamic State claimed the bombings through its Amaq news agency on 4 January.";
        let found = extract(text, "2024-01-06").incidents;
        let seen: Vec<(Option<&str>, Option<&str>)> =
            found.iter().map(|i| (i.city.as_deref(), i.date.as_deref())).collect();
        assert_eq!(seen, vec![(Some("Kerman"), Some("2024-01-03"))]);
    }

    #[test]
    fn the_groups_own_people_direct_and_plots_stay_apart() {
        let text = "An ISKP suicide bomber struck the airport in Kabul on 26 August 2021, killing 183 people.\n\
                    Two men arrested in Gera had been in contact with ISKP and were suspected of planning an \
                    attack in Stockholm.";
        let found = extract(text, "2024-03-28").incidents;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].perpetrator.as_deref(), Some("iskp"));
        assert_eq!(found[0].link, Link::Directed);
        assert_eq!(found[0].link_cues[0].text, "ISKP suicide bomber");
        assert_eq!(found[0].evidence.len(), 1, "the plot is not the attack's");
    }

    #[test]
    fn the_groups_members_named_as_attackers_are_an_allegation_not_command() {
        let text = "Islamic State militants attacked a police post in Kirkuk on Sunday, killing three officers, \
                    a local official said.";
        let found = extract(text, "2021-12-07").incidents;
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].perpetrator.as_deref(), found[0].link), (Some("islamic-state"), Link::Alleged));
        // A claim of the same group is stronger than the report's word.
        let claimed = format!("{text}\nThe Islamic State claimed responsibility for the attack on Monday.");
        assert_eq!(extract(&claimed, "2021-12-07").incidents[0].link, Link::Claimed);
    }

    #[test]
    fn arabic_reports_name_attacks_with_their_day() {
        // "An attack on a military base in Maiduguri, Nigeria, on Thursday 29 January 2026."
        let text = "وقع هجوم على قاعدة عسكرية في مدينة مايدوغوري في نيجيريا يوم الخميس 29 يناير 2026.";
        let found = extract(text, "2026-01-30").incidents;
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            (found[0].date.as_deref(), found[0].city.as_deref(), found[0].country.as_deref()),
            (Some("2026-01-29"), Some("Maiduguri"), Some("NG"))
        );
        // "Thursday" is a day, not the Algerian town that also goes by that name.
        let places = extract("التقى الوزير بالسفير الخميس في نيجيريا.", "2026-01-30").places;
        assert!(places.iter().all(|p| p.name != "Khemis Miliana"), "{places:?}");
    }

    #[test]
    fn ambushes_beheadings_and_overrun_bases_are_attacks() {
        for text in [
            "Insurgents ambushed an army convoy near Mocímboa da Praia on Monday, killing four soldiers.",
            "The beheading of four villagers near Mocímboa da Praia on Monday was claimed by the Islamic State.",
            "Al-Shabaab fighters overran a military base near Kismayo on Monday, killing four soldiers.",
        ] {
            assert_eq!(extract(text, "2024-05-28").incidents.len(), 1, "{text}");
        }
        // A raid by the police is no attack of a group's.
        let text = "Police raided a flat near Kismayo on Monday and arrested four men.";
        assert!(extract(text, "2024-05-28").incidents.is_empty());
    }

    #[test]
    fn attackers_from_a_group_name_it() {
        let text = "Gunmen from Islamic State West Africa Province stormed an army camp near Maiduguri on \
                    Sunday, killing six soldiers.";
        let found = extract(text, "2025-01-06").incidents;
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].perpetrator.as_deref(), found[0].link), (Some("iswap"), Link::Alleged));
        assert_eq!(found[0].link_cues[0].text, "Gunmen from Islamic State West Africa Province");
        // Members of something that is no group name nobody.
        let text = "Gunmen from a nearby village stormed an army camp near Maiduguri on Sunday, killing six soldiers.";
        assert_eq!(extract(text, "2025-01-06").incidents[0].perpetrator, None);
    }

    #[test]
    fn trends_questions_and_aftermath_add_no_attack() {
        let text = "A suicide bomber struck a mosque in Peshawar on Monday, killing 100 people.\n\
                    The group has stepped up attacks on security forces in Khyber Pakhtunkhwa province since November.\n\
                    Police arrested four men suspected of taking part in the attack in Bryansk.\n\
                    Investigators are examining whether the attack was directed by the Islamic State.";
        let found = extract(text, "2023-01-31").incidents;
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].evidence.len(), 3);
        assert!(found[0].link_cues.iter().all(|c| c.link != Link::Directed));
    }

    #[test]
    fn tolls_of_different_people_add_up() {
        let text = "A suicide bomber struck near the airport in Kabul on 26 August 2021. US officials \
                    said 13 service members were killed; Afghan officials put the number of Afghan dead \
                    at around 170.";
        let found = extract(text, "2024-06-01").incidents;
        let killed = found[0].killed.as_ref().map(|k| (k.value, k.qualifier.as_deref()));
        assert_eq!(killed, Some((183, Some("about"))));
    }

    #[test]
    fn plots_and_actors_are_not_attacks() {
        let text = "Police in Vienna arrested a man over a plot to attack the concerts.";
        assert!(extract(text, "2024-08-08").incidents.is_empty());
        let text = "A suicide bombing struck Kabul airport. Washington warned of an attack in advance.";
        let found = extract(text, "2021-08-27").incidents;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].country.as_deref(), Some("AF"));
    }

    #[test]
    fn link_levels_follow_their_cues() {
        let text = "A man drove a truck into a crowd in New Orleans on Wednesday, killing 14 people. \
                    The FBI said he acted alone and was inspired by the Islamic State, with no evidence of training by the group.";
        let i = &extract(text, "2025-01-02").incidents[0];
        assert_eq!(i.link, Link::Inspired);
        assert!(i.link_cues.iter().all(|c| c.link == Link::Inspired), "{:?}", i.link_cues);
        assert_eq!(i.attack_type.as_deref(), Some("vehicle_ramming"));
        let text = "Officials blamed the Islamic State for the bombing in Peshawar on Monday.";
        assert_eq!(extract(text, "2023-01-31").incidents[0].link, Link::Alleged);
    }

    #[test]
    fn any_input_is_safe() {
        for text in
            ["", "attack", "attack in", "«attack»", "\u{301}attack", &"attack in Kabul. ".repeat(2000)]
        {
            let _ = extract(text, "2024-01-01");
        }
    }
}
