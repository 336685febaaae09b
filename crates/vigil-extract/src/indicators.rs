//! Evidence for the markers of a coordinated resurgence: central command activity, training
//! pipelines, financing streams and territorial claims (see the project's DOMAIN notes).
//!
//! A sentence gives evidence when it holds a cue phrase of `data/indicators.toml` and names an
//! armed group (in the sentence, or else in the sentence before: "ISKP ... It also runs
//! training camps"). The stance is `against` when a negation stands shortly before the cue
//! ("no evidence of training camps"), `for` otherwise. These are facts about what the text
//! says; whether a group *is* resurging is a judgment made later, across documents.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use vigil_core::Span;

use crate::fold;
use crate::groups::GroupFacts;

const LEXICON: &str = include_str!("../data/indicators.toml");

#[derive(Debug, Clone, Deserialize)]
struct Lexicon {
    negations: Vec<String>,
    indicator: Vec<IndicatorCues>,
}

#[derive(Debug, Clone, Deserialize)]
struct IndicatorCues {
    indicator: String,
    cues: Vec<String>,
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
    /// Pattern i is a cue of `lexicon.indicator[owners[i]]`.
    owners: Vec<usize>,
    automaton: AhoCorasick,
}

impl IndicatorFinder {
    pub fn builtin() -> IndicatorFinder {
        let lexicon: Lexicon = toml::from_str(LEXICON).expect("data/indicators.toml is valid (tested)");
        let (mut patterns, mut owners) = (Vec::new(), Vec::new());
        for (i, ind) in lexicon.indicator.iter().enumerate() {
            for cue in &ind.cues {
                patterns.push(cue.clone());
                owners.push(i);
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
        // Group mentions in text order: (start, group id).
        let mut mentions: Vec<(usize, &str)> =
            groups.iter().flat_map(|g| g.mentions.iter().map(move |m| (m.start, g.id.as_str()))).collect();
        mentions.sort_unstable();
        let group_in = |s: Span| -> Option<&str> {
            let from = mentions.partition_point(|m| m.0 < s.start);
            mentions[from..].iter().take_while(|m| m.0 < s.end).map(|m| m.1).next()
        };
        // The group the document is mostly about: at least three mentions and half of all.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for (_, g) in &mentions {
            match counts.iter_mut().find(|(id, _)| id == g) {
                Some(c) => c.1 += 1,
                None => counts.push((g, 1)),
            }
        }
        let main_group = counts
            .iter()
            .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
            .filter(|(_, n)| *n >= 3 && *n * 2 >= mentions.len())
            .map(|(id, _)| *id);
        let mut out = Vec::new();
        for (i, &sentence) in sentences.iter().enumerate() {
            let raw = slice(sentence);
            if raw.len() > 5_000 {
                continue;
            }
            let lower = fold::fold_lower(raw);
            let mut cues = self.automaton.find_iter(&lower).peekable();
            if cues.peek().is_none() {
                continue;
            }
            let found = match group_in(sentence) {
                Some(g) => Some((g, "sentence")),
                None => match i.checked_sub(1).and_then(|p| group_in(sentences[p])) {
                    Some(g) => Some((g, "previous sentence")),
                    None => main_group.map(|g| (g, "document")),
                },
            };
            let Some((group, group_basis)) = found else {
                continue;
            };
            for m in cues {
                if lower[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric) {
                    continue;
                }
                let start = sentence.start + lower[..m.start()].chars().count();
                let end = start + lower[m.start()..m.end()].chars().count();
                if names.iter().any(|n| n.start < end && start < n.end) {
                    continue;
                }
                let indicator = &self.lexicon.indicator[self.owners[m.pattern().as_usize()]].indicator;
                // One piece of evidence per indicator and sentence.
                if out.iter().any(|e: &IndicatorEvidence| {
                    e.evidence.start == sentence.start && &e.indicator == indicator
                }) {
                    continue;
                }
                out.push(IndicatorEvidence {
                    indicator: indicator.clone(),
                    group: group.to_string(),
                    group_basis,
                    stance: if self.negated(&lower[..m.start()]) { "against" } else { "for" },
                    cue: slice(Span::new(start, end)).to_string(),
                    start,
                    end,
                    evidence: Evidence {
                        start: sentence.start,
                        end: sentence.end,
                        sentence: raw.to_string(),
                    },
                });
            }
        }
        out
    }

    /// A negation within the 40 characters before a cue.
    fn negated(&self, before: &str) -> bool {
        let window: String = before.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
        self.lexicon.negations.iter().any(|n| {
            window
                .match_indices(n.as_str())
                .any(|(at, _)| !window[..at].chars().next_back().is_some_and(char::is_alphanumeric))
        })
    }
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

    #[test]
    fn no_group_no_evidence() {
        assert!(indicators("The ministry raised funding for schools and training camps.").is_empty());
    }
}
