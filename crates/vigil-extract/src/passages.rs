//! How gold annotations are compared with what extraction found, as the reference scorer of a
//! gold set compares them: names normalised, evidence passages matched by containment or shared
//! words.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

/// Names compared as the reference scorer does: NFKC, dashes and quotes folded, lower case,
/// a leading "the"/"al-" and a trailing "'s" dropped, punctuation to spaces.
pub fn norm(s: &str) -> String {
    let folded: String = s
        .nfkc()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '`' | '\u{b4}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect();
    let lower = folded.to_lowercase();
    let mut s = lower.trim();
    for prefix in ["the", "al-", "al "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
            break;
        }
    }
    let s = s.strip_suffix("'s").unwrap_or(s);
    let spaced: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '_' || c == '-' || c.is_whitespace() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a found evidence sentence is the gold passage: one holds the other, or it has at
/// least 60% of the gold passage's words.
pub fn same_passage(gold: &str, found: &str) -> bool {
    same_normal_passage(&norm(gold), &norm(found))
}

pub(crate) fn same_normal_passage(gold: &str, found: &str) -> bool {
    if gold.is_empty() || found.is_empty() {
        return false;
    }
    if gold.contains(found) || found.contains(gold) {
        return true;
    }
    let gw: HashSet<&str> = gold.split_whitespace().collect();
    let fw: HashSet<&str> = found.split_whitespace().collect();
    gw.intersection(&fw).count() as f64 >= 0.6 * gw.len() as f64
}
