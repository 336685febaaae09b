//! Armed groups: every alias in the knowledge file, matched in one pass with Aho-Corasick
//! automata built once, resolved to the group's canonical entry.
//!
//! Rules: aliases match case-insensitively after folding dashes and quotes, except acronyms,
//! which match only exactly as written ("IS" the group, never "is" the verb); the longest
//! alias that stands as a word wins ("Islamic State Khorasan Province" over "Islamic State";
//! in "IS-Khorasan", "IS" when "IS-K" would cut a word); a match must stand as a word (no
//! letter or digit touching either end); and a short acronym among words in capitals ("THIS IS
//! WHY") is a shouted word, not a group.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Serialize;

use crate::fold::{self, CharOffsets};
use crate::knowledge::Knowledge;

/// One group found in a document, with every mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupFacts {
    /// The group's id in the knowledge file.
    pub id: String,
    /// Its canonical name.
    pub name: String,
    pub parent: Option<String>,
    /// Where it operates (country codes and named regions), from the knowledge file.
    #[serde(skip)]
    pub regions: Vec<String>,
    /// The names this document used for it, in order of first use.
    pub aliases: Vec<String>,
    pub mentions: Vec<Mention>,
}

/// Where a name occurs: character offsets into the document's text, and the text there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

pub struct GroupMatcher {
    knowledge: Knowledge,
    /// Case-insensitive aliases, over lower-cased folded text; `owners[i]` is pattern i's group.
    anycase: AhoCorasick,
    anycase_owners: Vec<usize>,
    /// Acronyms, over folded text with case kept.
    exact: AhoCorasick,
    exact_owners: Vec<usize>,
}

impl GroupMatcher {
    pub fn new(knowledge: Knowledge) -> GroupMatcher {
        let (mut anycase, mut anycase_owners, mut exact, mut exact_owners) = (vec![], vec![], vec![], vec![]);
        for (i, g) in knowledge.groups.iter().enumerate() {
            for alias in g.aliases.iter().chain([&g.name]) {
                if g.acronyms.contains(alias) {
                    exact.push(fold::fold(alias));
                    exact_owners.push(i);
                } else {
                    anycase.push(fold::fold_lower(alias));
                    anycase_owners.push(i);
                }
            }
        }
        let build = |patterns: &[String]| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                // A DFA: a few hundred aliases make a small one, and it is the fastest to search.
                .kind(Some(AhoCorasickKind::DFA))
                .build(patterns)
                .expect("alias patterns are plain strings")
        };
        GroupMatcher {
            anycase: build(&anycase),
            anycase_owners,
            exact: build(&exact),
            exact_owners,
            knowledge,
        }
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    pub fn find(&self, text: &str) -> Vec<GroupFacts> {
        let folded = fold::fold(text);
        let lowered = fold::fold_lower(text);
        // (start, end, group) in characters. Each automaton reports bytes of the string it
        // searched, converted with that string's own offsets.
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        let mut offsets = CharOffsets::new(&lowered);
        for m in self.anycase.find_overlapping_iter(&lowered) {
            if fold::stands_alone(&lowered, m.start(), m.end()) {
                found.push((
                    offsets.of(m.start()),
                    offsets.of(m.end()),
                    self.anycase_owners[m.pattern().as_usize()],
                ));
            }
        }
        let mut offsets = CharOffsets::new(&folded);
        for m in self.exact.find_overlapping_iter(&folded) {
            if fold::stands_alone(&folded, m.start(), m.end()) && !shouted(&folded, m.start(), m.end()) {
                found.push((
                    offsets.of(m.start()),
                    offsets.of(m.end()),
                    self.exact_owners[m.pattern().as_usize()],
                ));
            }
        }
        self.resolve(text, longest_first(found))
    }

    /// Groups in order of first mention, each with its mentions and the names used.
    fn resolve(&self, text: &str, spans: Vec<(usize, usize, usize)>) -> Vec<GroupFacts> {
        let surface = fold::slices(text, &spans.iter().map(|&(s, e, _)| (s, e)).collect::<Vec<_>>());
        let mut out: Vec<GroupFacts> = Vec::new();
        for ((start, end, owner), text) in spans.into_iter().zip(surface) {
            let group = &self.knowledge.groups[owner];
            let at = match out.iter().position(|f| f.id == group.id) {
                Some(at) => at,
                None => {
                    out.push(GroupFacts {
                        id: group.id.clone(),
                        name: group.name.clone(),
                        parent: group.parent.clone(),
                        regions: group.regions.clone(),
                        aliases: Vec::new(),
                        mentions: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            let facts = &mut out[at];
            if !facts.aliases.contains(&text) {
                facts.aliases.push(text.clone());
            }
            facts.mentions.push(Mention { text, start, end });
        }
        out
    }
}

/// Sorted by start; where spans overlap, the longer one stays.
fn longest_first(mut spans: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    // Longest first, then earliest: each span is kept unless it overlaps one already kept.
    spans.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut kept: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
    for span in spans {
        if !kept.iter().any(|k| span.0 < k.1 && k.0 < span.1) {
            kept.push(span);
        }
    }
    kept.sort_by_key(|k| k.0);
    kept
}

/// A short acronym next to another word in capitals, as in a shouted headline.
fn shouted(text: &str, start: usize, end: usize) -> bool {
    if text[start..end].chars().count() > 3 {
        return false;
    }
    // The neighbouring words, looked for within a short window so that long runs without
    // spaces cost nothing.
    let window = |s: &str, back: bool| -> String {
        let chars: Box<dyn Iterator<Item = char>> =
            if back { Box::new(s.chars().rev()) } else { Box::new(s.chars()) };
        let word: String =
            chars.take(40).skip_while(|c| c.is_whitespace()).take_while(|c| !c.is_whitespace()).collect();
        let word: String = if back { word.chars().rev().collect() } else { word };
        word.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
    };
    let capitals = |w: &String| w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase());
    let neighbours: Vec<String> = [window(&text[..start], true), window(&text[end..], false)]
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect();
    // Every neighbour in capitals: a shouted line, not a name among ordinary words.
    !neighbours.is_empty() && neighbours.iter().all(capitals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(text: &str) -> Vec<(String, Vec<String>)> {
        let matcher = GroupMatcher::new(Knowledge::builtin());
        matcher
            .find(text)
            .into_iter()
            .map(|g| (g.id, g.mentions.into_iter().map(|m| m.text).collect()))
            .collect()
    }

    fn ids(text: &str) -> Vec<String> {
        groups(text).into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn aliases_resolve_to_one_group() {
        let found = groups(
            "ISIS-K, also known as ISKP or Islamic State Khorasan Province, claimed it; IS\u{2013}K denied nothing.",
        );
        assert_eq!(
            found,
            vec![(
                "iskp".to_string(),
                vec![
                    "ISIS-K".into(),
                    "ISKP".into(),
                    "Islamic State Khorasan Province".into(),
                    "IS\u{2013}K".into()
                ]
            )]
        );
        assert_eq!(
            ids("Daesh and the Islamic State (IS) are one group, as are ISIL and داعش."),
            vec!["islamic-state"]
        );
    }

    #[test]
    fn the_verb_is_not_the_group() {
        assert!(ids("The group is active and this is a test. Is it?").is_empty());
        assert_eq!(ids("IS claimed the attack."), vec!["islamic-state"]);
        assert!(ids("THIS IS WHY WE WATCH").is_empty(), "shouted capitals");
        assert!(ids("Isis Thompson testified.").is_empty(), "a first name is not ISIS");
        assert_eq!(
            ids("the IS (ISIL) group"),
            vec!["islamic-state"],
            "one capitalised neighbour is not shouting"
        );
        assert!(ids(&"IS,".repeat(20_000)).len() <= 1, "long runs without spaces stay cheap");
    }

    #[test]
    fn the_longest_name_wins_and_words_stand_alone() {
        assert_eq!(ids("The Pakistani Taliban and the Afghan Taliban disagree."), vec!["ttp", "taliban"]);
        assert_eq!(ids("al-Qaeda in the Arabian Peninsula (AQAP) and al-Qaeda"), vec!["aqap", "al-qaeda"]);
        assert!(ids("PHAMASCOPE and Hamasville are not Hamas-like words?").iter().all(|id| id == "hamas"));
        assert_eq!(groups("Hamasville").len(), 0);
        assert_eq!(
            ids("IS-Khorasan fighters"),
            vec!["islamic-state"],
            "a shorter name when the longer one cuts a word"
        );
    }

    #[test]
    fn offsets_are_characters_into_the_original() {
        let text = "«Исламское государство» взяло ответственность; ИГИЛ — запрещённая организация.";
        let matcher = GroupMatcher::new(Knowledge::builtin());
        let found = matcher.find(text);
        assert_eq!(found.len(), 1);
        for m in &found[0].mentions {
            let span: String = text.chars().skip(m.start).take(m.end - m.start).collect();
            assert_eq!(span, m.text);
        }
        assert_eq!(found[0].mentions.len(), 2);
    }
}
