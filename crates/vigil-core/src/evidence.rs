//! Spans and evidence: how every fact points back at the text that supports it.

use serde::{Deserialize, Serialize};

use crate::DocId;

/// A half-open range of character (not byte) offsets into a document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers, or `None` when it runs past the end of `text`.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        let mut indices = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
        let start = indices.nth(self.start)?;
        let end = if self.is_empty() { start } else { indices.nth(self.len() - 1)? };
        Some(&text[start..end])
    }
}

/// Where a fact was read: the document, the exact span, and the sentence around it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub document: DocId,
    pub span: Span,
    pub sentence: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_counts_characters_not_bytes() {
        let text = "Kyiv denied it — «нет», said officials.";
        let start = text.chars().position(|c| c == '«').unwrap();
        assert_eq!(Span::new(start, start + 5).slice(text), Some("«нет»"));
        assert_eq!(Span::new(0, 0).slice(text), Some(""));
        let n = text.chars().count();
        assert_eq!(Span::new(n - 1, n).slice(text), Some("."));
        assert_eq!(Span::new(n, n + 1).slice(text), None);
    }
}
