//! Evidence for the markers of a coordinated resurgence: central command activity, training
//! pipelines, financing streams and territorial claims (see the project's DOMAIN notes).
//!
//! A sentence gives evidence when it holds a cue phrase of `data/indicators.toml` and names an
//! armed group (the one named nearest the cue in the sentence, or else in the sentence before:
//! "ISKP ... It also runs training camps", or else the group the document is mostly about).
//! The stance is `against` for cues that are themselves signs of weakness ("divided into two
//! factions"), and for any cue with a negation shortly before it ("no evidence of training
//! camps") or a decline word near it ("controls less territory", "lost significant ground"),
//! unless a word of resistance undoes that ("withstood internal schisms"); `for` otherwise.
//!
//! Not evidence: a Title Case line (a heading, a menu, a headline link); a sentence about the
//! markers themselves ("the markers of a resurgence are ..."); a cue under a supposition ("if
//! the group were funded by ..."); the name of a policy field ("counter-terror financing"); a
//! claim or statement whose speaker is a state body ("the army said in a statement"), and a
//! claim that is denied ("no group claimed responsibility"), since silence is not weakness.
//! These are facts about what the text says; whether a group *is* resurging is a judgment made
//! later, across documents.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use vigil_core::Span;

use crate::fold;
use crate::groups::GroupFacts;

const LEXICON: &str = include_str!("../data/indicators.toml");

#[derive(Debug, Clone, Deserialize)]
struct Lexicon {
    negations: Vec<String>,
    declines: Vec<String>,
    resists: Vec<String>,
    speakers: Vec<String>,
    definitions: Vec<String>,
    conditionals: Vec<String>,
    policy: Vec<String>,
    anaphora: Vec<String>,
    indicator: Vec<IndicatorCues>,
}

#[derive(Debug, Clone, Deserialize)]
struct IndicatorCues {
    indicator: String,
    cues: Vec<String>,
    #[serde(default)]
    claims: Vec<String>,
    #[serde(default)]
    media: Vec<String>,
    #[serde(default)]
    speaker_bound: Vec<String>,
    #[serde(default)]
    against: Vec<String>,
}

/// What kind of cue a pattern is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    /// Evidence for the marker unless negated or declining.
    Plain,
    /// A statement of the group itself; its speaker must be the group.
    Claim,
    /// The group's media (a claim made through them).
    Medium,
    /// A statement that needs its group named close by ("a statement").
    SpeakerBound,
    /// Itself a sign of weakness.
    Against,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorEvidence {
    /// `central_command`, `training_pipeline`, `financing` or `territorial_claim`.
    pub indicator: String,
    /// The group the evidence is about (its id).
    pub group: String,
    /// Where the group was found: `sentence`, `previous sentence`, or `document` (the group
    /// the document is mostly about, when the cue's sentences name none).
    pub group_basis: &'static str,
    /// `for` or `against`.
    pub stance: &'static str,
    /// The cue phrase as written, and its span.
    pub cue: String,
    pub start: usize,
    pub end: usize,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub sentence: String,
}

pub struct IndicatorFinder {
    lexicon: Lexicon,
    /// Pattern i is a cue of `lexicon.indicator[owners[i].0]`, of kind `owners[i].1`.
    owners: Vec<(usize, CueKind)>,
    automaton: AhoCorasick,
}

/// A group named in the text: where, and which.
#[derive(Debug, Clone, Copy)]
struct Named<'g> {
    start: usize,
    end: usize,
    group: &'g str,
}

/// Characters around a cue that its stance words are looked for in.
const NEGATION_BEFORE: usize = 40;
const DECLINE_BEFORE: usize = 40;
const DECLINE_AFTER: usize = 80;
const RESIST_BEFORE: usize = 30;
const CONDITION_BEFORE: usize = 60;
/// How close a group must be named to a speaker-bound cue ("JNIM statement").
const SPEAKER_BEFORE: usize = 80;
const SPEAKER_AFTER: usize = 60;
/// How far before a statement its speaker is looked for.
const SPEAKER_WINDOW: usize = 200;
/// A sentence longer than this (in bytes) is no sentence but a run of text without stops.
const LONGEST_SENTENCE: usize = 5_000;

impl IndicatorFinder {
    pub fn builtin() -> IndicatorFinder {
        let lexicon: Lexicon = toml::from_str(LEXICON).expect("data/indicators.toml is valid (tested)");
        let (mut patterns, mut owners) = (Vec::new(), Vec::new());
        for (i, ind) in lexicon.indicator.iter().enumerate() {
            let kinds = [
                (&ind.cues, CueKind::Plain),
                (&ind.claims, CueKind::Claim),
                (&ind.media, CueKind::Medium),
                (&ind.speaker_bound, CueKind::SpeakerBound),
                (&ind.against, CueKind::Against),
            ];
            for (cues, kind) in kinds {
                for cue in cues {
                    patterns.push(cue.clone());
                    owners.push((i, kind));
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("cues are plain strings");
        IndicatorFinder { lexicon, owners, automaton }
    }

    /// Evidence in `text`; cues inside `names` (organisations: "US Central Command") are names,
    /// not evidence.
    pub fn find(
        &self,
        text: &str,
        sentences: &[Span],
        groups: &[GroupFacts],
        names: &[Span],
    ) -> Vec<IndicatorEvidence> {
        let index = fold::CharIndex::new(text);
        let slice = |s: Span| index.slice(s.start, s.end);
        let mut mentions: Vec<Named> = groups
            .iter()
            .flat_map(|g| g.mentions.iter().map(move |m| Named { start: m.start, end: m.end, group: &g.id }))
            .collect();
        mentions.sort_unstable_by_key(|m| (m.start, m.end));
        let main_group = main_group(&mentions);
        // (branch, parent) of each group named with a parent.
        let branches: Vec<(&str, &str)> =
            groups.iter().filter_map(|g| g.parent.as_deref().map(|p| (g.id.as_str(), p))).collect();
        let mut names = names.to_vec();
        names.sort_unstable_by_key(|n| (n.start, n.end));
        let mut out = Vec::new();
        // Evidence from a group's claims: (index in `out`, says how the claim was made).
        let mut claims: Vec<(usize, bool)> = Vec::new();
        for (i, &sentence) in sentences.iter().enumerate() {
            let raw = slice(sentence);
            if raw.len() > LONGEST_SENTENCE {
                continue;
            }
            let lower = fold::fold_lower(raw);
            let mut cues = self.automaton.find_iter(&lower).peekable();
            if cues.peek().is_none() {
                continue;
            }
            let here = named_in(&mentions, sentence);
            let before = i.checked_sub(1).map_or(&[][..], |p| named_in(&mentions, sentences[p]));
            let fallback = match (before.first(), main_group) {
                (Some(g), _) => Some((g.group, "previous sentence")),
                (None, Some(g)) => Some((g, "document")),
                (None, None) => None,
            };
            if here.is_empty() && fallback.is_none()
                || heading(raw)
                || self.has_any(&lower, &self.lexicon.definitions)
            {
                continue;
            }
            let chars: Vec<usize> = lower.char_indices().map(|(b, _)| b).collect();
            let (first_new, first_claim, mut how) = (out.len(), claims.len(), false);
            for m in cues {
                if lower[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric) {
                    continue;
                }
                let start = sentence.start + chars.partition_point(|&b| b < m.start());
                let end = sentence.start + chars.partition_point(|&b| b < m.end());
                if overlaps(&names, Span::new(start, end)) {
                    continue;
                }
                let (owner, kind) = self.owners[m.pattern().as_usize()];
                let indicator = &self.lexicon.indicator[owner].indicator;
                let cue = Cue { lower: &lower, start: m.start(), kind };
                if self.supposed(&cue) || self.policy_field(&cue) || in_title(raw, &lower, m.start(), m.end())
                {
                    continue;
                }
                let at = Span::new(start, end);
                let byte_of = |c: usize| chars.get(c - sentence.start).copied().unwrap_or(lower.len());
                let Some((group, group_basis)) = self.group_of(&cue, at, here, &names, fallback, byte_of)
                else {
                    continue;
                };
                // The parent named with one of its branches ("ISKP, the Islamic State's branch")
                // stands for the branch: the evidence is about the most specific group.
                let group = here
                    .iter()
                    .find(|g| branches.iter().any(|&(branch, parent)| branch == g.group && parent == group))
                    .map_or(group, |g| g.group);
                let Some(stance) = self.stance(&cue) else {
                    continue;
                };
                // The group's statement or media says how a claim was made.
                how |= matches!(kind, CueKind::Medium | CueKind::SpeakerBound);
                // One piece of evidence per indicator and sentence.
                if out[first_new..].iter().any(|e: &IndicatorEvidence| &e.indicator == indicator) {
                    continue;
                }
                if matches!(kind, CueKind::Claim | CueKind::Medium | CueKind::SpeakerBound) {
                    claims.push((out.len(), false));
                }
                out.push(IndicatorEvidence {
                    indicator: indicator.clone(),
                    group: group.to_string(),
                    group_basis,
                    stance,
                    cue: slice(at).to_string(),
                    start,
                    end,
                    evidence: Evidence {
                        start: sentence.start,
                        end: sentence.end,
                        sentence: raw.to_string(),
                    },
                });
            }
            for claim in &mut claims[first_claim..] {
                claim.1 = how;
            }
        }
        one_claim_per_group(out, &claims)
    }

    /// The group a cue is about, and where it was found; `None` when the cue is no evidence
    /// about a group (a state body's statement, a bare "statement" far from any group).
    /// `byte_of` turns a character offset in the sentence into a byte offset in `cue.lower`.
    fn group_of<'g>(
        &self,
        cue: &Cue,
        at: Span,
        here: &[Named<'g>],
        names: &[Span],
        fallback: Option<(&'g str, &'static str)>,
        byte_of: impl Fn(usize) -> usize,
    ) -> Option<(&'g str, &'static str)> {
        let preceding = here.iter().rev().find(|g| g.end <= at.start);
        // "The group has withstood ... (a group named later)": the subject is the group of the
        // sentence before.
        if preceding.is_none() && fallback.is_some() && self.anaphoric(cue.lower) {
            return fallback;
        }
        let nearest = preceding.or_else(|| here.iter().find(|g| g.start >= at.end)).or(here.first());
        if matches!(cue.kind, CueKind::Plain | CueKind::Against) {
            return nearest.map(|g| (g.group, "sentence")).or(fallback);
        }
        // A statement: its speaker is whoever is named nearest before it.
        let group_end = preceding.map_or(0, |g| g.end);
        let first_after = names.partition_point(|n| n.start < group_end);
        let organisation =
            names[first_after..].iter().take_while(|n| n.start < at.start).any(|n| n.end <= at.start);
        let from = preceding.map_or(0, |g| byte_of(g.end));
        let between = tail(&cue.lower[from..cue.start], SPEAKER_WINDOW);
        let after_group = preceding.is_some() && between.len() == cue.start - from;
        if organisation || self.state_speaker(between, after_group) {
            return None;
        }
        match cue.kind {
            CueKind::SpeakerBound => {
                let close_before = preceding.filter(|g| at.start - g.end <= SPEAKER_BEFORE);
                let close_after =
                    here.iter().find(|g| g.start >= at.end && g.start - at.end <= SPEAKER_AFTER);
                close_before.or(close_after).map(|g| (g.group, "sentence"))
            }
            _ => nearest.map(|g| (g.group, "sentence")).or(fallback),
        }
    }

    /// A state speaker named in `between` (the text from the group named before a statement,
    /// or from the sentence start, to the statement), unless the word follows the group's name
    /// directly (`after_group`: "Houthi military spokesman").
    fn state_speaker(&self, between: &str, after_group: bool) -> bool {
        self.lexicon
            .speakers
            .iter()
            .any(|word| find_words(between, word).any(|at| !(after_group && between[..at].trim().is_empty())))
    }

    /// `for` or `against`, or `None` for a claim that is denied.
    fn stance(&self, cue: &Cue) -> Option<&'static str> {
        let before = &cue.lower[..cue.start];
        let negated = self.has_any(tail(before, NEGATION_BEFORE), &self.lexicon.negations);
        match cue.kind {
            CueKind::Claim | CueKind::Medium | CueKind::SpeakerBound => (!negated).then_some("for"),
            CueKind::Against => {
                let resisted = self.has_any(tail(before, RESIST_BEFORE), &self.lexicon.resists);
                Some(if resisted || negated { "for" } else { "against" })
            }
            CueKind::Plain => {
                if negated {
                    return Some("against");
                }
                let near = format!(
                    "{}{}",
                    tail(before, DECLINE_BEFORE),
                    head(&cue.lower[cue.start..], DECLINE_AFTER)
                );
                let declining = self.lexicon.declines.iter().any(|d| {
                    find_words(&near, d)
                        .any(|at| !self.has_any(tail(&near[..at], RESIST_BEFORE), &self.lexicon.resists))
                });
                Some(if declining { "against" } else { "for" })
            }
        }
    }

    /// A sentence whose subject points back to a group named before ("The group ...", "It ...").
    fn anaphoric(&self, lower: &str) -> bool {
        let opening = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
        self.lexicon.anaphora.iter().any(|a| opening.starts_with(a.as_str()))
    }

    /// A cue under a supposition in its clause ("if the group were funded").
    fn supposed(&self, cue: &Cue) -> bool {
        let before = tail(&cue.lower[..cue.start], CONDITION_BEFORE);
        let clause = before.rsplit([';', '.', ':']).next().unwrap_or(before);
        self.has_any(clause, &self.lexicon.conditionals)
    }

    /// A cue that names a policy field ("counter-terror financing").
    fn policy_field(&self, cue: &Cue) -> bool {
        let before = tail(&cue.lower[..cue.start], 24);
        self.lexicon.policy.iter().any(|p| before.ends_with(p.as_str()))
    }

    fn has_any(&self, window: &str, words: &[String]) -> bool {
        words.iter().any(|w| find_words(window, w).next().is_some())
    }
}

/// A cue found in a sentence's lower-cased text (byte offsets into it).
struct Cue<'s> {
    lower: &'s str,
    start: usize,
    kind: CueKind,
}

/// A document that reports a group's claim more than once gives one piece of evidence of it:
/// the first sentence that says how the claim was made, or else the first.
fn one_claim_per_group(out: Vec<IndicatorEvidence>, claims: &[(usize, bool)]) -> Vec<IndicatorEvidence> {
    let mut kept: Vec<(&str, usize, bool)> = Vec::new();
    for &(at, how) in claims {
        let group = out[at].group.as_str();
        match kept.iter_mut().find(|k| k.0 == group) {
            Some(k) if how && !k.2 => *k = (group, at, how),
            Some(_) => {}
            None => kept.push((group, at, how)),
        }
    }
    let mut keep = vec![true; out.len()];
    for &(at, _) in claims {
        keep[at] = false;
    }
    for k in &kept {
        keep[k.1] = true;
    }
    out.into_iter().zip(keep).filter(|(_, k)| *k).map(|(e, _)| e).collect()
}

/// The group the document is mostly about: at least three mentions and half of all.
fn main_group<'g>(mentions: &[Named<'g>]) -> Option<&'g str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for m in mentions {
        match counts.iter_mut().find(|(id, _)| *id == m.group) {
            Some(c) => c.1 += 1,
            None => counts.push((m.group, 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
        .filter(|(_, n)| *n >= 3 && *n * 2 >= mentions.len())
        .map(|(id, _)| *id)
}

/// Whether `span` overlaps one of `sorted` (spans in order of their starts, not nested).
fn overlaps(sorted: &[Span], span: Span) -> bool {
    let at = sorted.partition_point(|n| n.start < span.end);
    sorted[..at].iter().rev().take(8).any(|n| n.end > span.start)
}

/// The group mentions inside `s`, in text order (`mentions` are in order of their starts).
fn named_in<'m, 'g>(mentions: &'m [Named<'g>], s: Span) -> &'m [Named<'g>] {
    let from = mentions.partition_point(|m| m.start < s.start);
    let to = from + mentions[from..].partition_point(|m| m.start < s.end);
    &mentions[from..to]
}

/// Where `word` occurs in `window` starting at a word start and, unless it ends in a space or
/// is a stem (ends in a letter that a longer word continues), ending at a word end.
fn find_words<'w>(window: &'w str, word: &'w str) -> impl Iterator<Item = usize> + 'w {
    window.match_indices(word).map(|(at, _)| at).filter(move |&at| {
        let starts = !window[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        let after = window[at + word.len()..].chars().next();
        let ends = word.ends_with(' ') || !after.is_some_and(char::is_alphanumeric) || !word.is_ascii();
        starts && ends
    })
}

/// The last `n` characters of `s`.
fn tail(s: &str, n: usize) -> &str {
    let from = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(b, _)| b);
    if n == 0 { &s[s.len()..] } else { &s[from..] }
}

/// The first `n` characters of `s`.
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(b, _)| &s[..b])
}

/// A capitalised cue inside a run of capitalised words in mid-sentence: part of a title or a
/// name ("the report “Al-Shabaab: Financial Assessment”"), not a report of the marker. Nouns
/// that a language capitalises anyway stand after a lower-case word ("die Finanzierung").
fn in_title(raw: &str, lower: &str, start: usize, end: usize) -> bool {
    // `lower` keeps `raw`'s characters one for one, so its character positions are raw's.
    let from = lower[..start].chars().count();
    let to = from + lower[start..end].chars().count();
    // Most cues are written in lower case: look no further for those.
    if from == 0 || !raw.chars().nth(from).is_some_and(char::is_uppercase) {
        return false;
    }
    let chars: Vec<char> = raw.chars().collect();
    let word_before = chars[..from]
        .iter()
        .rev()
        .skip_while(|c| !c.is_alphanumeric())
        .take_while(|c| c.is_alphanumeric() || **c == '-' || **c == '\'')
        .last();
    let word_after = chars[to..].iter().find(|c| c.is_alphanumeric());
    word_before.is_some_and(|c| c.is_uppercase()) && word_after.is_some_and(|c| c.is_uppercase())
}

/// A line in Title Case without a closing stop: a heading, a menu or a headline link, whose
/// words are labels, not reports ("Global Fight Against Terrorism Funding").
fn heading(line: &str) -> bool {
    let trimmed = line.trim_end();
    if trimmed.ends_with(['.', '!', '?', '"', '\u{201d}', '\u{bb}', ')']) {
        return false;
    }
    let mut long = 0;
    for word in trimmed.split_whitespace() {
        let letters: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        if letters.chars().count() < 4 {
            continue;
        }
        if !letters.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric()) {
            return false;
        }
        long += 1;
    }
    long >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Extractor, sentences};

    fn indicators(text: &str) -> Vec<(String, String, &'static str, String)> {
        let groups = Extractor::builtin().extract(text, None).groups;
        IndicatorFinder::builtin()
            .find(text, &sentences::split(text), &groups, &[])
            .into_iter()
            .map(|e| (e.indicator, e.group, e.stance, e.cue))
            .collect()
    }

    #[test]
    fn cues_with_their_group_and_stance() {
        let found = indicators(
            "ISKP runs training camps in Kunar and raises money through cryptocurrency transfers. \
             Investigators found no evidence of training in Afghanistan for the Solingen attacker of the Islamic State.",
        );
        assert_eq!(found[0], ("training_pipeline".into(), "iskp".into(), "for", "training camps".into()));
        assert!(found.iter().any(|f| f.0 == "financing" && f.1 == "iskp" && f.2 == "for"));
        assert!(
            found.iter().any(|f| f.0 == "training_pipeline" && f.1 == "islamic-state" && f.2 == "against")
        );
    }

    #[test]
    fn cues_inside_organisation_names_are_not_evidence() {
        let text = "US Central Command said ISKP lost a commander. ISKP's central command issued the order.";
        let found: Vec<String> =
            Extractor::builtin().extract(text, None).indicators.into_iter().map(|e| e.cue).collect();
        assert_eq!(found, vec!["central command".to_string()], "only the second sentence");
    }

    #[test]
    fn a_sentence_without_a_group_counts_for_the_document_s_main_group() {
        let text = "ISKP claimed the attack. ISKP has grown. Analysts watch ISKP closely.\n\n\
                    Police arrested four men. It is understood that the gunmen were each promised a payment.";
        let found = Extractor::builtin().extract(text, None).indicators;
        let payment = found.iter().find(|e| e.cue == "payment").expect("a financing cue");
        assert_eq!((payment.group.as_str(), payment.group_basis), ("iskp", "document"));
    }

    /// (indicator, group, stance) of each piece of evidence in `text`.
    fn readings(text: &str) -> Vec<(String, String, &'static str)> {
        Extractor::builtin()
            .extract(text, None)
            .indicators
            .into_iter()
            .map(|e| (e.indicator, e.group, e.stance))
            .collect()
    }

    fn reading(indicator: &str, group: &str, stance: &'static str) -> (String, String, &'static str) {
        (indicator.to_string(), group.to_string(), stance)
    }

    #[test]
    fn a_claim_reported_twice_is_one_piece_of_evidence_and_says_how_it_was_made() {
        let text = "ISKP claimed responsibility for the market bombing on Friday.\n\n\
                    Police cordoned off the square. In a statement carried by its Amaq outlet, \
                    ISKP said two of its members had carried out the attack.";
        let found = Extractor::builtin().extract(text, None).indicators;
        let claims: Vec<&str> = found.iter().map(|e| e.cue.as_str()).collect();
        assert_eq!(claims.len(), 1, "{claims:?}");
        assert!(found[0].evidence.sentence.contains("Amaq"), "{:?}", found[0].evidence.sentence);
    }

    #[test]
    fn statements_of_the_state_and_denied_claims_are_no_evidence_about_the_group() {
        assert!(
            readings("The army said in a statement that ISKP fighters had attacked a checkpoint.").is_empty()
        );
        assert!(readings("No group has claimed responsibility, though officials suspect ISKP.").is_empty());
        assert_eq!(
            readings("Houthi military spokesman Example Name claimed the attack on a cargo ship."),
            vec![reading("central_command", "houthis", "for")]
        );
    }

    #[test]
    fn decline_splits_and_resistance_decide_the_stance() {
        assert_eq!(
            readings("Al-Shabaab controls less territory than it did five years ago."),
            vec![reading("territorial_claim", "al-shabaab", "against")]
        );
        assert_eq!(
            readings("Boko Haram is divided into two factions with rival leaders."),
            vec![reading("central_command", "boko-haram", "against")]
        );
        assert_eq!(
            readings("Al-Shabaab lost a commander in May. The group has withstood internal schisms before."),
            vec![reading("central_command", "al-shabaab", "for")]
        );
    }

    #[test]
    fn headings_titles_suppositions_and_policy_fields_are_no_evidence() {
        assert!(readings("ISKP Financing And Recruitment Networks").is_empty(), "a heading");
        assert!(readings("The report “ISKP: Financial Networks Revisited” was published in May.").is_empty());
        assert!(readings("If ISKP were funded by wealthy donors, the picture would change.").is_empty());
        assert!(
            readings("Donors pledged support for counter-terrorism financing programmes aimed at ISKP.")
                .is_empty()
        );
        assert!(
            readings(
                "Analysts list the markers: a media office, training camps and funding streams for ISKP."
            )
            .is_empty()
        );
    }

    #[test]
    fn evidence_about_a_parent_named_with_its_branch_is_the_branch_s() {
        assert_eq!(
            readings("ISKP, the Islamic State's branch in Afghanistan, runs training camps in Kunar."),
            vec![reading("training_pipeline", "iskp", "for")]
        );
    }

    #[test]
    fn no_group_no_evidence() {
        assert!(indicators("The ministry raised funding for schools and training camps.").is_empty());
    }
}
