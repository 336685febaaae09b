//! Folding before matching: dashes, apostrophes, quotes and unusual spaces become their ASCII
//! forms, and (for case-insensitive matching) letters become lower case — always one
//! character for one character, so a character offset in folded text is the same offset in
//! the original.

/// Typographic variants to their plain forms.
#[inline]
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return if c == '`' { '\'' } else { c };
    }
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' | '\u{00b4}' | '`' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
        '\u{00a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
        _ => c,
    }
}

/// Lower case where it is a single character (it almost always is).
#[inline]
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(text.chars().map(fold_char));
    out
}

pub fn fold_lower(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(text.chars().map(|c| lower_char(fold_char(c))));
    out
}

/// Character spans already claimed by other facts, asked whether a span overlaps any of them
/// in logarithmic time: a document naming many groups costs no more per name than one naming
/// few.
pub struct Taken {
    /// Sorted by start.
    spans: Vec<vigil_core::Span>,
    /// The furthest end of the spans up to each one.
    reach: Vec<usize>,
}

impl Taken {
    pub fn new(spans: &[vigil_core::Span]) -> Taken {
        let mut spans = spans.to_vec();
        spans.sort_unstable_by_key(|s| (s.start, s.end));
        let reach = spans
            .iter()
            .scan(0, |far, s| {
                *far = (*far).max(s.end);
                Some(*far)
            })
            .collect();
        Taken { spans, reach }
    }

    /// Whether characters `start..end` overlap a taken span.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        let before_end = self.spans.partition_point(|s| s.start < end);
        before_end > 0 && self.reach[before_end - 1] > start
    }
}

/// Converts byte offsets of a string to character offsets. Each query costs the distance from
/// the one before, forwards or backwards, so the near-ascending offsets of overlapping matches
/// cost no more than ascending ones.
pub struct CharOffsets<'t> {
    text: &'t str,
    byte: usize,
    char: usize,
}

impl<'t> CharOffsets<'t> {
    pub fn new(text: &'t str) -> CharOffsets<'t> {
        CharOffsets { text, byte: 0, char: 0 }
    }

    /// The character offset of byte offset `byte` (which must be on a character boundary).
    pub fn of(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.char -= self.text[byte..self.byte].chars().count();
        } else {
            self.char += self.text[self.byte..byte].chars().count();
        }
        self.byte = byte;
        self.char
    }
}

/// The text of each character span; `spans` must lie within the text.
pub fn slices(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
    // One pass to the last offset wanted, keeping only the offsets wanted: no index of every
    // character of the text.
    let mut wanted: Vec<usize> = spans.iter().flat_map(|&(s, e)| [s, e]).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut bytes: Vec<usize> = Vec::with_capacity(wanted.len());
    let ends = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
    for (i, b) in ends.enumerate() {
        if bytes.len() == wanted.len() {
            break;
        }
        if wanted[bytes.len()] == i {
            bytes.push(b);
        }
    }
    bytes.resize(wanted.len(), text.len());
    let byte_of = |c: usize| wanted.binary_search(&c).map_or(text.len(), |k| bytes[k]);
    spans
        .iter()
        .map(|&(s, e)| {
            let from = byte_of(s);
            text[from..byte_of(e).max(from)].to_string()
        })
        .collect()
}

/// A text with the byte offset of each character, so that character spans slice it in
/// constant time.
pub struct CharIndex<'t> {
    text: &'t str,
    /// `bytes[i]` is where character `i` starts; one more entry for the end of the text.
    bytes: Vec<usize>,
}

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> CharIndex<'t> {
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        CharIndex { text, bytes }
    }

    /// The text of characters `start..end`, clamped to the text (empty when reversed).
    pub fn slice(&self, start: usize, end: usize) -> &'t str {
        let last = self.bytes.len() - 1;
        let start = start.min(last);
        &self.text[self.bytes[start]..self.bytes[end.clamp(start, last)]]
    }
}

/// The matches of `automaton` that start where a word can (at the text's start or after a
/// character that is not a letter or digit), leftmost-longest and without overlaps. The
/// automaton must be built with anchored starts (`StartKind::Both`). On a large automaton this
/// is several times faster than a search from every byte, since most searches end after a
/// byte or two, and names never start inside a word.
pub fn word_start_matches<'a>(
    automaton: &'a aho_corasick::AhoCorasick,
    text: &'a str,
) -> impl Iterator<Item = aho_corasick::Match> + 'a {
    let mut after_word = false;
    let mut resume = 0;
    text.char_indices().filter_map(move |(i, c)| {
        let opens = !after_word && !c.is_whitespace() && i >= resume;
        after_word = c.is_alphanumeric();
        if !opens {
            return None;
        }
        let input = aho_corasick::Input::new(text).range(i..).anchored(aho_corasick::Anchored::Yes);
        let found = automaton.find(input)?;
        resume = found.end();
        Some(found)
    })
}

/// No letter or digit touches `text[start..end]` (byte offsets) on either side.
pub fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_by_character_spans() {
        let text = "Атака в «Крокусе», Moscow";
        assert_eq!(
            slices(text, &[(8, 17), (0, 5), (19, 25), (19, 99)]),
            vec!["«Крокусе»", "Атака", "Moscow", "Moscow"]
        );
    }

    #[test]
    fn folding_keeps_character_offsets() {
        let text = "ISIS\u{2013}K\u{2019}s «Исламское государство»\u{a0}İ";
        let folded = fold_lower(text);
        assert_eq!(folded.chars().count(), text.chars().count());
        assert!(folded.starts_with("isis-k's «исламское государство» "));
        let mut offsets = CharOffsets::new(&folded);
        let at = folded.find("исламское").unwrap();
        assert_eq!(offsets.of(at), 10);
        let end = folded.find("»").unwrap();
        assert_eq!((offsets.of(end), offsets.of(at), offsets.of(0)), (31, 10, 0), "backwards too");
        assert_eq!(slices(text, &[(0, 6), (10, 19)]), vec!["ISIS\u{2013}K", "Исламское"]);
        let index = CharIndex::new(text);
        assert_eq!(index.slice(10, 19), "Исламское");
        let last = text.chars().count() - 1;
        assert_eq!(
            (index.slice(5, 2), index.slice(last, 999), index.slice(999, 1000)),
            ("", "İ", ""),
            "clamped"
        );
        assert!(stands_alone("an IS flag", 3, 5) && !stands_alone("ISIS", 0, 2));
    }

    #[test]
    fn taken_spans_overlap_as_a_scan_would_say() {
        let spans: Vec<vigil_core::Span> =
            [(40, 45), (3, 30), (5, 8), (50, 51)].iter().map(|&(s, e)| vigil_core::Span::new(s, e)).collect();
        let taken = Taken::new(&spans);
        for start in 0..60 {
            for end in start + 1..62 {
                let scan = spans.iter().any(|t| start < t.end && t.start < end);
                assert_eq!(taken.overlaps(start, end), scan, "{start}..{end}");
            }
        }
        assert!(!Taken::new(&[]).overlaps(0, 10));
    }
}
