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

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    /// An estimate: "last week", "late 2023", "over a decade ago".
    Approx,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Approx => "approx",
        }
    }

    pub fn parse(s: &str) -> Option<Precision> {
        Some(match s {
            "day" => Precision::Day,
            "month" => Precision::Month,
            "year" => Precision::Year,
            "approx" => Precision::Approx,
            _ => return None,
        })
    }
}

/// A date expression with its normalised value (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    pub value: String,
    pub precision: Precision,
    pub span: Span,
    pub sentence: Span,
}

/// Everything extracted from one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub groups: Vec<GroupMention>,
    pub dates: Vec<DateMention>,
}
