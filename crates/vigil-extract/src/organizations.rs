//! Organisations that are not armed groups — propaganda outlets, security services,
//! government bodies, international organisations, media, research institutes, companies —
//! from the lexicon `data/organizations.toml`.
//!
//! Names match case-sensitively after folding dashes and quotes (one character for one, so
//! offsets hold), as whole words, the longest first ("UN Security Council" over "UN"); spans
//! already taken by an armed group's name are skipped. A propaganda outlet names the group it
//! speaks for, which incidents use for claims ("claimed through Amaq").

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};
use vigil_core::Span;

use crate::fold::{self, CharOffsets};
use crate::groups::Mention;

const LEXICON: &str = include_str!("../data/organizations.toml");

#[derive(Debug, Clone, Deserialize)]
struct Lexicon {
    organization: Vec<Entry>,
    patterns: Patterns,
}

#[derive(Debug, Clone, Deserialize)]
struct Patterns {
    connectors: Vec<String>,
    articles: Vec<String>,
    heads: Vec<Head>,
    not_after: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Head {
    word: String,
    kind: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Entry {
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    /// For a propaganda outlet: the armed group it speaks for (an id in groups.toml).
    group: Option<String>,
}

/// One organisation named in a document, with every mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganizationFacts {
    pub name: String,
    pub kind: String,
    /// For a propaganda outlet, the group it speaks for.
    pub group: Option<String>,
    pub mentions: Vec<Mention>,
}

pub struct OrganizationMatcher {
    entries: Vec<Entry>,
    patterns: Patterns,
    /// Pattern i is a name of `entries[owners[i]]`.
    owners: Vec<usize>,
    automaton: AhoCorasick,
}

impl OrganizationMatcher {
    pub fn builtin() -> OrganizationMatcher {
        let lexicon: Lexicon = toml::from_str(LEXICON).expect("data/organizations.toml is valid (tested)");
        let (mut patterns, mut owners) = (Vec::new(), Vec::new());
        for (i, e) in lexicon.organization.iter().enumerate() {
            for name in [&e.name].into_iter().chain(&e.aliases) {
                patterns.push(fold::fold(name));
                owners.push(i);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Both)
            .build(&patterns)
            .expect("organisation names are plain strings");
        OrganizationMatcher { entries: lexicon.organization, patterns: lexicon.patterns, owners, automaton }
    }

    /// The organisations named in `text`, in order of first mention.
    pub fn find(&self, text: &str, taken: &[Span]) -> Vec<OrganizationFacts> {
        let folded = fold::fold(text);
        let mut offsets = CharOffsets::new(&folded);
        let taken = fold::Taken::new(taken);
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for m in fold::word_start_matches(&self.automaton, &folded) {
            if !fold::stands_alone(&folded, m.start(), m.end()) {
                continue;
            }
            let (start, end) = (offsets.of(m.start()), offsets.of(m.end()));
            if !taken.overlaps(start, end) {
                found.push((start, end, self.owners[m.pattern().as_usize()]));
            }
        }
        // Names found by their shape: `owner` past the lexicon's entries is a head word.
        let shaped = self.shaped(text, &taken);
        let mut all: Vec<(usize, usize, Option<usize>, Option<&str>)> =
            found.into_iter().map(|(s, e, o)| (s, e, Some(o), None)).collect();
        all.extend(shaped.into_iter().map(|(s, e, kind)| (s, e, None, Some(kind))));
        // The longest wins where they overlap ("Carrow Centre for Homeland Security Studies").
        all.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut kept: Vec<(usize, usize, Option<usize>, Option<&str>)> = Vec::new();
        for m in all {
            if !kept.iter().any(|k| m.0 < k.1 && k.0 < m.1) {
                kept.push(m);
            }
        }
        kept.sort_by_key(|k| k.0);
        let surface = fold::slices(text, &kept.iter().map(|k| (k.0, k.1)).collect::<Vec<_>>());
        let mut out: Vec<OrganizationFacts> = Vec::new();
        for ((start, end, owner, kind), text) in kept.into_iter().zip(surface) {
            let (name, kind, group) = match owner {
                Some(o) => {
                    let e = &self.entries[o];
                    (e.name.clone(), e.kind.clone(), e.group.clone())
                }
                None => (text.clone(), kind.unwrap_or("research").to_string(), None),
            };
            let at = match out.iter().position(|o| o.name == name) {
                Some(at) => at,
                None => {
                    out.push(OrganizationFacts { name, kind, group, mentions: Vec::new() });
                    out.len() - 1
                }
            };
            out[at].mentions.push(Mention { text, start, end });
        }
        out
    }

    /// Runs of capitalised words holding a head word, line by line: (start, end, kind).
    fn shaped(&self, text: &str, taken: &fold::Taken) -> Vec<(usize, usize, &str)> {
        let p = &self.patterns;
        let mut out = Vec::new();
        let mut offset = 0;
        for line in text.split('\n') {
            let words = words(line);
            let mut i = 0;
            while i < words.len() {
                let capital = |w: &Word| w.2.chars().next().is_some_and(char::is_uppercase);
                if !capital(&words[i]) {
                    i += 1;
                    continue;
                }
                // Extend: capitalised words, and connectors followed by a capitalised word,
                // each separated from the last by one space.
                let mut j = i + 1;
                while j < words.len() && words[j].0 == words[j - 1].1 + 1 {
                    // "the State Department on Monday": a day or a month after a connector ends
                    // the name.
                    let calendar = |w: &Word| {
                        let lower = w.2.to_lowercase();
                        vigil_core::calendar::weekday_number(&lower).is_some()
                            || vigil_core::calendar::month_number(&lower).is_some()
                    };
                    let joins = p.connectors.iter().any(|c| c == words[j].2)
                        && words
                            .get(j + 1)
                            .is_some_and(|n| capital(n) && !calendar(n) && n.0 == words[j].1 + 1);
                    if !(capital(&words[j]) || joins) {
                        break;
                    }
                    j += 1;
                }
                let mut run = &words[i..j];
                let next = i.max(j);
                // Leading articles and possessives are not part of the name.
                while let Some(first) = run.first() {
                    if run.len() > 1
                        && (p.articles.iter().any(|a| a == first.2)
                            || first.2.ends_with("'s")
                            || first.2.ends_with("’s"))
                    {
                        run = &run[1..];
                    } else {
                        break;
                    }
                }
                let head = run.iter().rev().find_map(|w| p.heads.iter().find(|h| h.word == w.2));
                let site = words.get(j).is_some_and(|w| p.not_after.iter().any(|n| n == w.2))
                    || run.last().is_some_and(|w| p.not_after.iter().any(|n| n == w.2));
                if let (Some(head), false) = (head, site) {
                    let (start, end) = (run[0].0, run[run.len() - 1].1);
                    let before = line[..run[0].3].trim_end().rsplit(' ').next().unwrap_or("");
                    let alone_ok = run.len() > 1 || matches!(before, "the" | "a" | "an");
                    let (s, e) = (offset + start, offset + end);
                    if alone_ok && !taken.overlaps(s, e) {
                        out.push((s, e, head.kind.as_str()));
                    }
                }
                i = next;
            }
            offset += line.chars().count() + 1;
        }
        out
    }
}

/// A word of a line: start and end in characters, the word, and its start in bytes.
type Word<'l> = (usize, usize, &'l str, usize);

/// The words of a line: (start, end) in characters, the word, and its byte offset. Apostrophes and hyphens
/// inside a word belong to it ("d'études", "Tien-Shan").
fn words(line: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (char, byte)
    let mut chars = 0;
    let mut iter = line.char_indices().peekable();
    while let Some((b, c)) = iter.next() {
        let inner = matches!(c, '\'' | '’' | '-')
            && start.is_some()
            && iter.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some((chars, b));
            }
        } else if let Some((s, sb)) = start.take() {
            out.push((s, chars, &line[sb..b], sb));
        }
        chars += 1;
    }
    if let Some((s, sb)) = start {
        out.push((s, chars, &line[sb..], sb));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_is_valid() {
        let lexicon: Lexicon = toml::from_str(LEXICON).unwrap();
        let kinds = [
            "propaganda_outlet",
            "security_service",
            "government_body",
            "international_organization",
            "media",
            "research",
            "company",
            "platform",
        ];
        for e in &lexicon.organization {
            assert!(kinds.contains(&e.kind.as_str()), "{}: {}", e.name, e.kind);
            if let Some(g) = &e.group {
                assert!(crate::Knowledge::builtin().group(g).is_some(), "{}: unknown group {g}", e.name);
            }
        }
    }

    #[test]
    fn names_kinds_and_offsets() {
        let text = "The claim came through Amaq; the UN Security Council and the FBI\u{2019}s agents reacted. «Амак» too.";
        let found = OrganizationMatcher::builtin().find(text, &[]);
        let names: Vec<(&str, &str, usize)> =
            found.iter().map(|o| (o.name.as_str(), o.kind.as_str(), o.mentions.len())).collect();
        assert_eq!(
            names,
            vec![
                ("Amaq", "propaganda_outlet", 2),
                ("UN Security Council", "international_organization", 1),
                ("FBI", "security_service", 1)
            ]
        );
        for m in found.iter().flat_map(|o| &o.mentions) {
            assert_eq!(Span::new(m.start, m.end).slice(text), Some(m.text.as_str()));
        }
        assert!(OrganizationMatcher::builtin().find("UNESCO and the TASSEL and a fund", &[]).is_empty());
        let text = "Analysts at the Halvorsen Institute for Security Studies and the Harbour Post agree; \
                    the bomber struck Police Lines, and the Forum said so.";
        let found: Vec<(String, String)> =
            OrganizationMatcher::builtin().find(text, &[]).into_iter().map(|o| (o.name, o.kind)).collect();
        assert_eq!(
            found,
            vec![
                ("Halvorsen Institute for Security Studies".into(), "research".into()),
                ("Harbour Post".into(), "media".into()),
                ("Forum".into(), "research".into())
            ]
        );
        // A day after a connector is no part of the name.
        let found = OrganizationMatcher::builtin().find("The Varnholt Institute on Monday said so.", &[]);
        assert_eq!(found.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["Varnholt Institute"]);
    }
}
