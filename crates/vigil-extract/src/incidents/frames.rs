//! Frames: a document's sentences read in order, each attack word opening a frame with the
//! nearest place and date of its sentence, or joining the attack the text is about.

use std::collections::HashSet;

use vigil_core::Precision;

use super::clauses::{Rivals, clause_breaks, plural_at, relative_clauses};
use super::date::attached_date;
use super::inputs::Inputs;
use super::merge::dates_fit;
use super::{CueKind, Frame, IncidentFinder, Link, byte_of, tail};
use crate::figures::Quantity;

/// The frames of a document as its sentences are read in order: the attack the text is about
/// (`current`), attacks named where no frame opens (`orphans`), and a first attack that waits
/// for a place (`pending`).
pub(super) struct Scan<'s, 'a> {
    finder: &'s IncidentFinder,
    x: &'s Inputs<'a>,
    lowered: &'s [String],
    venues: Vec<(String, usize)>,
    /// Sentences that count the killed or injured.
    counted: HashSet<(usize, usize)>,
    /// Sentences that revise a toll.
    revised: HashSet<(usize, usize)>,
    pub(super) frames: Vec<Frame>,
    /// Where attacks were named that open no frame.
    pub(super) orphans: Vec<usize>,
    /// The document's first attack word, when nothing near it placed it.
    pending: Option<Frame>,
    current: Option<usize>,
}

impl<'s, 'a> Scan<'s, 'a> {
    pub(super) fn new(finder: &'s IncidentFinder, x: &'s Inputs<'a>, lowered: &'s [String]) -> Scan<'s, 'a> {
        let counted = x
            .figures
            .iter()
            .filter(|f| matches!(f.quantity, Quantity::Killed | Quantity::Injured))
            .map(|f| (f.evidence.start, f.evidence.end))
            .collect();
        let revised =
            x.figures.iter().filter(|f| f.update).map(|f| (f.evidence.start, f.evidence.end)).collect();
        Scan {
            finder,
            x,
            lowered,
            venues: finder.venues(x),
            counted,
            revised,
            frames: Vec::new(),
            orphans: Vec::new(),
            pending: None,
            current: None,
        }
    }

    /// Reads sentence `i`: the attacks it names open or join frames; without an attack word,
    /// what it says goes with the attack before it.
    pub(super) fn sentence(&mut self, i: usize) {
        let lower = &self.lowered[i];
        let (mut triggers, plotted) = self.finder.triggers(lower);
        if triggers.is_empty() {
            if !self.without_attack_word(i, plotted) {
                return;
            }
            // People killed are a sign of an attack even without an attack word ("the 86
            // people who were killed"): it may open the first frame.
            triggers.push((0, false));
        }
        let types = self.finder.types(lower);
        if self.listed_attacks(i, &types) {
            return;
        }
        match self.attacks_on_listed_places(i, &triggers, &types) {
            Listed::All => {}
            Listed::Also(towns) => self.attack_words(i, &triggers, &types, &towns),
            Listed::None => self.attack_words(i, &triggers, &types, &[]),
        }
    }

    /// "attacks on government bases in September at El-Wak, Bula Gadud, Beled Hawo and
    /// Bariire": a plural attack word and a dated list of three or more located towns are an
    /// attack at each,
    /// on the date nearest the list (not a trend: "regular attacks in ..."). When the attack
    /// word has a date of its own ("the October 14 and 28 attacks, with the overrunning of bases
    /// in September at ..."), it is another attack, read with the towns left to the list.
    fn attacks_on_listed_places(&mut self, i: usize, triggers: &[(usize, bool)], types: &[String]) -> Listed {
        let (finder, x, sentence, lower) = (self.finder, self.x, self.x.sentences[i], &self.lowered[i]);
        let Some(&(at, _)) = triggers.iter().find(|&&(at, _)| plural_at(lower, at)) else {
            return Listed::None;
        };
        let before = tail(&lower[..byte_of(lower, at)], 24);
        if finder.lexicon.trends.iter().any(|t| before.contains(t.as_str())) {
            return Listed::None;
        }
        let towns = finder.listed_towns(x, sentence);
        // Two towns may be one attack's ("in Paris and Saint-Denis"); three are a list.
        let Some(&(first, _)) = towns.first().filter(|_| towns.len() >= 3) else { return Listed::None };
        let starts: Vec<usize> = towns.iter().map(|t| t.0).collect();
        let Some(date) = finder.date_in(x, sentence, first, &Rivals::default()) else { return Listed::None };
        let apart = Rivals { at: starts.clone(), ..Rivals::default() };
        let own = finder.date_in(x, sentence, sentence.start + at, &apart);
        let before = self.current;
        for (start, city) in towns {
            let frame = Frame {
                sentences: vec![i],
                types: types.to_vec(),
                city: Some(city),
                country: x.places[city].country.clone(),
                date: Some(date.clone()),
                anchors: vec![start],
                ..Frame::default()
            };
            self.current = Some(finder.merge_or_push(x, &mut self.frames, frame));
        }
        match own {
            // The attack word's own attack stays the one the text is about.
            Some(d) if d != date => {
                self.current = before;
                Listed::Also(starts)
            }
            _ => Listed::All,
        }
    }

    /// Dates the frames still undated from their neighbouring sentences.
    pub(super) fn finish(&mut self) {
        let mut framed = vec![false; self.x.sentences.len()];
        for &i in self.frames.iter().flat_map(|f| &f.sentences) {
            framed[i] = true;
        }
        for frame in &mut self.frames {
            if frame.date.is_none() {
                self.finder.date_from_neighbours(self.x, frame, &framed);
            }
        }
    }

    /// A sentence with no attack word: a claim of another, dated attack opens it; otherwise
    /// its figures and cues go with the current attack. True when it may still open the first
    /// frame (it counts casualties and no attack came before).
    fn without_attack_word(&mut self, i: usize, plotted: bool) -> bool {
        let (x, sentence, lower) = (self.x, self.x.sentences[i], &self.lowered[i]);
        let casualties = self.counted.contains(&(sentence.start, sentence.end));
        if self.claimed_elsewhere(i) {
            return false;
        }
        let Some(c) = self.current else { return casualties };
        self.occurred_at(i, c);
        // A sentence about a plot ("suspected of planning an attack near the parliament") says
        // nothing of the attack before it.
        // Nor does a general statement ("The faction often claims raids by people inspired by
        // its broadcasts").
        // Nor do the dead of another, earlier event ("Last month 30 herders were killed in the
        // district").
        let revision = self.revised.contains(&(sentence.start, sentence.end));
        let general = !casualties && self.finder.habitual(lower)
            || casualties && !revision && self.finder.earlier(lower, 0);
        if !plotted && !general && (casualties || self.finder.has_cue(lower)) {
            self.frames[c].sentences.push(i);
        }
        // The sentence that counts the dead often dates the attack ("On the afternoon of 17
        // August he drove along the boulevard, killing 13"), unless it revises the count ("the
        // toll rose to 133 on Saturday").
        let update = self.revised.contains(&(sentence.start, sentence.end));
        if casualties && !update && self.frames[c].date.is_none() {
            self.frames[c].date = self.finder.date_in(x, sentence, sentence.start, &Rivals::default());
        }
        false
    }

    /// "The ambush took place in Yobe state", "Это случилось под Мопти": a sentence that says
    /// where the current attack happened places it when only its country was known (and the
    /// place is in that country).
    fn occurred_at(&mut self, i: usize, c: usize) {
        let (finder, x, lower) = (self.finder, self.x, &self.lowered[i]);
        let frame = &self.frames[c];
        if frame.city.is_some()
            || frame.region.is_some()
            || !super::has_phrase(lower, &finder.lexicon.occurrences)
        {
            return;
        }
        let mut probe = Frame::default();
        finder.locate(x, &mut probe, x.sentences[i], 0, &self.venues, &Rivals::default());
        let agrees = frame.country.is_none() || probe.country == frame.country;
        if (probe.city.is_some() || probe.region.is_some()) && agrees {
            let frame = &mut self.frames[c];
            frame.city = probe.city;
            frame.region = probe.region;
            frame.country = probe.country;
            if !frame.sentences.contains(&i) {
                frame.sentences.push(i);
            }
        }
    }

    /// "Attackers claimed by the Islamic State have struck a shrine in Iran before, in Shiraz
    /// in 2022": a claim or blame with a city and its own date, other than the current
    /// attack's, is an attack of its own. True when it opened one.
    fn claimed_elsewhere(&mut self, i: usize) -> bool {
        let (finder, x, lower) = (self.finder, self.x, &self.lowered[i]);
        let claims = finder.has_cue(lower)
            && finder
                .cues_in(lower)
                .any(|(_, _, k)| matches!(k, CueKind::Claim | CueKind::Link(Link::Claimed | Link::Alleged)));
        if !claims || finder.unrealised(lower) || lower.contains("arrest") || lower.contains("detain") {
            return false;
        }
        let current_date = self.current.and_then(|c| self.frames[c].date.clone());
        let dated: Vec<(usize, usize, (String, Precision))> = finder
            .dated_cities(x, x.sentences[i])
            .into_iter()
            .map(|(at, p, d, _)| (at, p, d))
            .filter(|(_, _, d)| current_date.as_ref().is_none_or(|f| f.0 != d.0))
            .collect();
        if dated.len() != 1 {
            return false;
        }
        for (at, city, date) in dated {
            let frame = Frame {
                sentences: vec![i],
                types: finder.types(lower),
                city: Some(city),
                country: x.places[city].country.clone(),
                date: Some(date),
                anchors: vec![at],
                ..Frame::default()
            };
            let at = finder.merge_or_push(x, &mut self.frames, frame);
            self.current = self.current.or(Some(at));
        }
        true
    }

    /// "the parliament in Tehran in 2017 and the shrine in Shiraz in 2022": a list of places
    /// each with its own date is a list of attacks. True when the sentence was one.
    fn listed_attacks(&mut self, i: usize, types: &[String]) -> bool {
        let listed = self.finder.listed(self.x, self.x.sentences[i]);
        if listed.len() < 2 {
            return false;
        }
        for (at, city, date) in listed {
            let frame = Frame {
                sentences: vec![i],
                types: types.to_vec(),
                city: Some(city),
                country: self.x.places[city].country.clone(),
                date: Some(date),
                anchors: vec![at],
                ..Frame::default()
            };
            self.current = Some(self.finder.merge_or_push(self.x, &mut self.frames, frame));
        }
        true
    }

    /// Each attack word of sentence `i` (character offset, and whether it is an attacker's act).
    /// `listed` are the starts of towns a list of attacks took (each a rival of every word).
    fn attack_words(&mut self, i: usize, triggers: &[(usize, bool)], types: &[String], listed: &[usize]) {
        let (finder, x, sentence, lower) = (self.finder, self.x, self.x.sentences[i], &self.lowered[i]);
        // Whether this sentence refers back to the current attack ("The attack was the
        // deadliest since the Beslan school siege of 2004"): another attack it names is one in
        // passing, and the text stays with the current one.
        let mut referred = false;
        let clauses = if triggers.len() > 1 { clause_breaks(lower, sentence.start) } else { Vec::new() };
        let relative = relative_clauses(lower, sentence.start);
        for &(at, actor) in triggers {
            let mut frame = Frame {
                sentences: vec![i],
                types: types.to_vec(),
                anchors: vec![sentence.start + at],
                ..Frame::default()
            };
            let rivals = Rivals {
                relative: &relative,
                at: rival_words(triggers, at, actor, &clauses, sentence.start)
                    .into_iter()
                    .chain(listed.iter().copied())
                    .collect(),
                clauses: &clauses,
            };
            finder.locate(x, &mut frame, sentence, at, &self.venues, &rivals);
            // "After the attacks, thousands marched on 26 August": the date is of what
            // followed, unless it is written with the attack ("in the weeks after the attack
            // on 22 March 2024"). An attack that came after another ("The attack came three
            // years after the assassination of Samuel Paty, killed on 16 October 2020") dates
            // the other.
            if finder.sequel(lower, at) && !triggers.iter().any(|&(o, _)| o < at) {
                frame.date = attached_date(x, lower, sentence, at);
            }
            self.heading_place(i, &mut frame, types);
            // "jihadists massacred": an attacker's act is one attack, whatever the attackers' number.
            let Some(frame) = (if actor { Some(frame) } else { self.kind_of_violence(i, at, frame) }) else {
                continue;
            };
            let Some(frame) = self.refers_back(i, at, frame) else {
                referred = true;
                continue;
            };
            let Some(frame) = self.unplaced(i, frame) else { continue };
            self.open(frame, referred);
        }
    }

    /// A heading or lead just before may name the place ("Kabul airport, August 2021." then
    /// "A suicide bomber struck near the Abbey Gate.").
    fn heading_place(&self, i: usize, frame: &mut Frame, types: &[String]) {
        let x = self.x;
        if frame.placed() {
            return;
        }
        let Some(previous) = i.checked_sub(1) else { return };
        if self.current.is_some_and(|c| self.frames[c].sentences.contains(&previous))
            || self.lowered[previous].split_whitespace().count() > 10
        {
            return;
        }
        let mut probe = Frame { sentences: vec![i], types: types.to_vec(), ..Frame::default() };
        let end = x.sentences[previous].end - x.sentences[previous].start;
        self.finder.locate(x, &mut probe, x.sentences[previous], end, &self.venues, &Rivals::default());
        if probe.city.is_some() || probe.region.is_some() {
            frame.city = probe.city;
            frame.region = probe.region;
            frame.country = probe.country;
            frame.date = frame.date.take().or(probe.date);
        }
    }

    /// "sectarian bombings in Afghanistan and Pakistan", "fewer attacks there than in 2021":
    /// plural, with no city or region and at most a year, is a kind of violence, not an attack
    /// to report; so is a trend ("has stepped up attacks on security forces in Khyber
    /// Pakhtunkhwa since November") unless dated to the day. It opens nothing; undated, what
    /// it says ("claimed the attacks") goes with the current attack. The frame comes back
    /// when it is an attack to report.
    fn kind_of_violence(&mut self, i: usize, at: usize, frame: Frame) -> Option<Frame> {
        let lower = &self.lowered[i];
        if !plural_at(lower, at) {
            return Some(frame);
        }
        let loose_date =
            frame.date.as_ref().is_none_or(|d| matches!(d.1, Precision::Year | Precision::Approx));
        let trend = frame.date.as_ref().is_none_or(|d| d.1 != Precision::Day)
            && self
                .finder
                .lexicon
                .trends
                .iter()
                .any(|t| tail(&lower[..byte_of(lower, at)], 24).contains(t.as_str()));
        if !(frame.city.is_none() && frame.region.is_none() && loose_date || trend) {
            return Some(frame);
        }
        // Attacks in another country are not the current one's ("a bombing in Herat" in a
        // report on Karachi).
        if let Some(c) = self.current
            && frame.date.is_none()
            && !trend
            && !self.finder.habitual(lower)
            && !self.frames[c].sentences.contains(&i)
            && frame
                .country
                .as_ref()
                .is_none_or(|k| self.frames[c].country.as_ref().is_none_or(|own| own == k))
        {
            self.frames[c].sentences.push(i);
            self.frames[c].anchors.extend(frame.anchors);
        }
        None
    }

    /// "the attack" with no city, region or date of its own is the attack the text is about
    /// ("Islamic State claimed responsibility, describing the attack as retaliation"); so is
    /// "the attack" in a sentence about its trial ("four men charged with carrying out the
    /// attack appeared in a Moscow court on Sunday"), whatever place and date the court has,
    /// and "the attack" that a group claimed, whatever its date ("Islamic State claimed the
    /// attack on 29 March" dates the claim). Such a frame joins the current one; otherwise it
    /// comes back.
    fn refers_back(&mut self, i: usize, at: usize, frame: Frame) -> Option<Frame> {
        let lower = &self.lowered[i];
        let Some(c) = self.current else { return Some(frame) };
        let placeless = frame.city.is_none() && frame.region.is_none();
        let unplaced = placeless && frame.date.is_none();
        let words = || lower.split(|c: char| !c.is_alphanumeric());
        let claimed = placeless && words().any(|w| matches!(w, "claimed" | "claims" | "claiming"));
        let judicial = || words().any(|w| self.finder.lexicon.judicial.iter().any(|j| j == w));
        if !(self.finder.anaphoric(lower, at) && (unplaced || claimed || judicial())) {
            return Some(frame);
        }
        let current = &mut self.frames[c];
        if !current.sentences.contains(&i) {
            current.sentences.push(i);
        }
        current.types.extend(frame.types);
        current.anchors.extend(frame.anchors);
        None
    }

    /// A frame with no place: the current attack goes on when the dates allow; another attack
    /// this one cannot be placed for keeps its figures from the current one ("and for the
    /// December 2019 attack on a camp, in which 71 soldiers died"); the first attack of a
    /// document may be placed by its neighbours, or waits for the first placed attack its
    /// dates fit ("Officials revised the toll from the Easter Sunday bombings down to about
    /// 253" before "The attacks struck ... in Colombo"). A placed frame comes back.
    fn unplaced(&mut self, i: usize, mut frame: Frame) -> Option<Frame> {
        let x = self.x;
        if frame.placed() {
            return Some(frame);
        }
        // "a car bomb there two years ago": an attack before the current one.
        let earlier = frame
            .anchors
            .first()
            .is_some_and(|&a| self.finder.earlier(&self.lowered[i], a - x.sentences[i].start));
        match self.current {
            Some(c) if dates_fit(x, &self.frames[c], &frame) && !earlier => {
                let current = &mut self.frames[c];
                if !current.sentences.contains(&i) {
                    current.sentences.push(i);
                }
                current.date = current.date.take().or(frame.date);
                current.types.extend(frame.types);
                current.anchors.extend(frame.anchors);
                None
            }
            Some(_) => {
                self.orphans.extend(frame.anchors);
                None
            }
            None => {
                for n in [i + 1, i.wrapping_sub(1)] {
                    if let Some(next) = x.sentences.get(n) {
                        self.finder.locate(x, &mut frame, *next, 0, &self.venues, &Rivals::default());
                    }
                }
                if frame.placed() {
                    return Some(frame);
                }
                if self.pending.is_none() {
                    self.pending = Some(frame);
                }
                None
            }
        }
    }

    /// Opens a placed frame, or merges it with one it can be; the waiting first attack joins
    /// it when the dates fit. Unless the sentence referred back, it becomes the current attack.
    fn open(&mut self, mut frame: Frame, referred: bool) {
        let x = self.x;
        if self.current.is_none()
            && let Some(first) = self.pending.take_if(|p| dates_fit(x, &frame, p))
        {
            frame.sentences.extend(first.sentences);
            frame.anchors.extend(first.anchors);
            frame.types.extend(first.types);
            frame.date = frame.date.take().or(first.date);
        }
        let at = self.finder.merge_or_push(x, &mut self.frames, frame);
        if !referred {
            self.current = Some(at);
        }
    }
}

/// What a list of attacked towns left of a sentence's attack words.
enum Listed {
    /// No such list: the attack words are read as usual.
    None,
    /// The list was the sentence's attacks.
    All,
    /// The attack word is another attack too; these towns are the list's.
    Also(Vec<usize>),
}

/// The other attack words of a sentence that may claim its places and dates from the one at
/// `at`: those more than 20 characters away, except that an attacker's act ("a gunman shot a
/// police officer") is a part of the attack named in its clause ("The attack began shortly
/// after midnight on 1 January, when a gunman shot..."), not a rival to it.
fn rival_words(
    triggers: &[(usize, bool)],
    at: usize,
    actor: bool,
    clauses: &[usize],
    start: usize,
) -> Vec<usize> {
    triggers
        .iter()
        .filter(|&&(o, other_actor)| {
            let (low, high) = (start + o.min(at), start + o.max(at));
            o.abs_diff(at) > 20 && (!(actor || other_actor) || clauses.iter().any(|&b| b > low && b <= high))
        })
        .map(|&(o, _)| start + o)
        .collect()
}

impl IncidentFinder {
    /// Character offsets (within the lower-cased sentence) of each attack trigger, and whether
    /// it is an attacker's act ("gunmen stormed") rather than a word for an attack.
    /// The second value says whether the sentence names an attack that did not happen ("suspected
    /// of planning an attack near the parliament").
    pub(super) fn triggers(&self, lower: &str) -> (Vec<(usize, bool)>, bool) {
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

    /// Whether words around the trigger at character `at` put its attack before another ("a
    /// week earlier", "two years ago", "a previous attack").
    pub(super) fn earlier(&self, lower: &str, at: usize) -> bool {
        let from = byte_of(lower, at.saturating_sub(60));
        let to = byte_of(lower, at + 40);
        super::has_phrase(&lower[from..to], &self.lexicon.earlier)
    }

    /// Whether the trigger at character `at` is what something followed ("after the attack",
    /// "tras los atentados"), so that its sentence's date is not the attack's.
    pub(super) fn sequel(&self, lower: &str, at: usize) -> bool {
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
    pub(super) fn anaphoric(&self, lower: &str, at: usize) -> bool {
        let before = &lower[..byte_of(lower, at)];
        let last = before.split_whitespace().next_back().unwrap_or("");
        matches!(
            last,
            "the" | "this" | "that" | "l'attentat" | "der" | "den" | "dem" | "el" | "este" | "этот"
        ) || before.ends_with("l'")
    }

    /// Whether the words just before a trigger make it an attack that did not happen: a plot,
    /// a threat, a plan ("a plot to attack", "the threat of an attack", "plans for a bombing").
    pub(super) fn unrealised(&self, before: &str) -> bool {
        let window = tail(before, 40);
        self.unrealised
            .find_overlapping_iter(window)
            .any(|m| !window[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric))
    }
}
