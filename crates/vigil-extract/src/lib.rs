//! Extraction: facts with their evidence, from a document's text.
//!
//! Everything here is a pure function of the text and the knowledge files: no I/O, no clock.
//! Knowledge (groups and their aliases) is data in `data/`, compiled into the binary and
//! replaceable by an analyst's own copy ([`Knowledge::from_toml`]); its automata are built
//! once per [`Extractor`], not per document.
//!
//! Fact kinds so far: armed groups ([`groups`]) and dates ([`dates`]); stored facts carry
//! their sentence ([`sentences`]).
//! Offsets are character offsets into the text.

pub mod dates;
pub mod eval;
pub mod fold;
pub mod groups;
mod knowledge;
pub mod sentences;

pub use eval::{DateScores, DatesGold, GroupScores, GroupsGold, Score, score_dates, score_groups};
pub use groups::{GroupFacts, Mention};
pub use knowledge::{Designation, Group, Knowledge, KnowledgeError};

use chrono::NaiveDate;
use serde::Serialize;
use vigil_core::{Facts, GroupMention, Span};

/// The facts found in one document, grouped for reading (`vigil extract`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extraction {
    pub groups: Vec<GroupFacts>,
    /// Date expressions, normalised against the publication date.
    pub dates: Vec<dates::DateMention>,
    /// Sentence spans of the text, the evidence unit of every fact.
    #[serde(skip)]
    pub sentences: Vec<Span>,
}

impl Extraction {
    /// The facts flattened for storage, each with its sentence.
    pub fn facts(&self) -> Facts {
        let groups = self
            .groups
            .iter()
            .flat_map(|g| g.mentions.iter().map(move |m| (g, m)))
            .map(|(g, m)| {
                let span = Span::new(m.start, m.end);
                GroupMention {
                    group: g.id.clone(),
                    text: m.text.clone(),
                    span,
                    sentence: self.sentence_of(span),
                }
            })
            .collect();
        let dates = self
            .dates
            .iter()
            .map(|d| {
                let span = Span::new(d.start, d.end);
                vigil_core::DateMention {
                    text: d.text.clone(),
                    value: d.value.clone(),
                    precision: d.precision,
                    span,
                    sentence: self.sentence_of(span),
                }
            })
            .collect();
        Facts { groups, dates }
    }

    /// The sentence holding the start of `span` (the span itself when none does).
    fn sentence_of(&self, span: Span) -> Span {
        let at = self.sentences.partition_point(|s| s.end <= span.start);
        self.sentences.get(at).filter(|s| s.start <= span.start).copied().unwrap_or(span)
    }
}

/// Holds the knowledge and its compiled matchers; build once, use for every document.
pub struct Extractor {
    groups: groups::GroupMatcher,
}

impl Extractor {
    pub fn new(knowledge: Knowledge) -> Extractor {
        Extractor { groups: groups::GroupMatcher::new(knowledge) }
    }

    /// The knowledge shipped with vigil.
    pub fn builtin() -> Extractor {
        Extractor::new(Knowledge::builtin())
    }

    /// The facts in `text`; relative dates are resolved against `published` when given.
    pub fn extract(&self, text: &str, published: Option<NaiveDate>) -> Extraction {
        Extraction {
            groups: self.groups.find(text),
            dates: dates::find(text, published),
            sentences: sentences::split(text),
        }
    }

    pub fn knowledge(&self) -> &Knowledge {
        self.groups.knowledge()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_carry_their_sentences() {
        let text = "Police made arrests. The attack was claimed by ISIS-K, officials said. Nothing else.";
        let facts = Extractor::builtin().extract(text, None).facts();
        assert_eq!(facts.groups.len(), 1);
        let m = &facts.groups[0];
        assert_eq!((m.group.as_str(), m.span.slice(text)), ("iskp", Some("ISIS-K")));
        assert_eq!(m.sentence.slice(text), Some("The attack was claimed by ISIS-K, officials said."));
    }
}
