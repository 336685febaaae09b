//! Facts in the shape stores keep them: each with the span it was read from and the sentence
//! around it, so that every figure vigil shows can be traced back to its evidence.

use serde::{Deserialize, Serialize};

use crate::Span;

/// A mention of an armed group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMention {
    /// The group's id in the knowledge file.
    pub group: String,
    /// The text as written.
    pub text: String,
    pub span: Span,
    pub sentence: Span,
}

/// Everything extracted from one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub groups: Vec<GroupMention>,
}
