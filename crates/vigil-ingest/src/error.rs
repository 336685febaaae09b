//! Per-document errors: each names its input and says why, in words an analyst can act on.

use std::fmt;

/// Why an input could not become a document.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("empty file")]
    Empty,
    #[error("binary file ({0}), not text, HTML, a feed, PDF or JSON Lines")]
    Binary(String),
    #[error("file is {size} bytes, over the {limit}-byte limit (raise it with --max-file-size)")]
    TooLarge { size: u64, limit: u64 },
    #[error("cannot read: {0}")]
    Unreadable(String),
    #[error("malformed {format}: {reason}")]
    Malformed { format: &'static str, reason: String },
    #[error("refused: {0}")]
    Refused(String),
    #[error("no text left after removing markup and boilerplate")]
    NoText,
    #[error("parser failed unexpectedly: {0}")]
    Crashed(String),
}

/// A [`Problem`] with the input it belongs to (a path, `-`, or `path#item-3`).
#[derive(Debug, Clone, PartialEq)]
pub struct DocError {
    pub origin: String,
    pub problem: Problem,
}

impl DocError {
    pub fn new(origin: impl Into<String>, problem: Problem) -> DocError {
        DocError { origin: origin.into(), problem }
    }
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.problem)
    }
}

impl std::error::Error for DocError {}
