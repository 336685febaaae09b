//! Extraction: facts with their evidence, from a document's text.
//!
//! Everything here is a pure function of the text and the knowledge files: no I/O, no clock.
//! Knowledge (groups and their aliases) is data in `data/`, compiled into the binary and
//! replaceable by an analyst's own copy ([`Knowledge::from_toml`]); its automata are built
//! once per [`Extractor`], not per document.
//!
//! Fact kinds so far: armed groups ([`groups`]). Offsets are character offsets into the text.

pub mod eval;
pub mod fold;
pub mod groups;
mod knowledge;

pub use eval::{GroupScores, GroupsGold, Score, score_groups};
pub use groups::{GroupFacts, Mention};
pub use knowledge::{Designation, Group, Knowledge, KnowledgeError};

use serde::Serialize;

/// The facts found in one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extraction {
    pub groups: Vec<GroupFacts>,
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

    pub fn extract(&self, text: &str) -> Extraction {
        Extraction { groups: self.groups.find(text) }
    }

    pub fn knowledge(&self) -> &Knowledge {
        self.groups.knowledge()
    }
}
