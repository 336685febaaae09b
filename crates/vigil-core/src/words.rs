//! Small word helpers for the parsers that look at every word of a text, where an allocation
//! or a hash per word shows in the throughput.

use std::borrow::Cow;

/// A word in lower case, copied only when it has capitals: most words are already lower case.
pub fn lower(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) { Cow::Owned(word.to_lowercase()) } else { Cow::Borrowed(word) }
}

/// Words with a value each, bucketed by their length in bytes: a lookup compares a word with
/// the few words of its length (first byte first), which is cheaper than hashing it, and most
/// words looked up are in no list at all.
pub struct ByLength<T> {
    buckets: Vec<Vec<(&'static str, T)>>,
}

impl<T: Copy> ByLength<T> {
    /// The first value given for a word is the one kept.
    pub fn new(words: impl IntoIterator<Item = (&'static str, T)>) -> ByLength<T> {
        let mut buckets: Vec<Vec<(&'static str, T)>> = Vec::new();
        for (word, value) in words {
            if buckets.len() <= word.len() {
                buckets.resize_with(word.len() + 1, Vec::new);
            }
            if !buckets[word.len()].iter().any(|(other, _)| *other == word) {
                buckets[word.len()].push((word, value));
            }
        }
        ByLength { buckets }
    }

    pub fn get(&self, word: &str) -> Option<T> {
        let first = *word.as_bytes().first()?;
        self.buckets
            .get(word.len())?
            .iter()
            .find(|(w, _)| w.as_bytes()[0] == first && *w == word)
            .map(|&(_, value)| value)
    }
}

/// "1 incident", "3 incidents": a count with its noun in the right number.
pub fn counted(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// A toll summed over `of` incidents of which `unknown` give no figure: "45 killed", "45 killed
/// (no figure for 2)", or "killed unknown" when none gives one. An unknown toll is never a 0.
pub fn summed_toll(total: u64, unknown: usize, of: usize, word: &str) -> String {
    match unknown {
        0 => format!("{total} {word}"),
        u if u >= of => format!("{word} unknown"),
        u => format!("{total} {word} (no figure for {u})"),
    }
}

/// The day of an ISO 8601 time ("2024-03-22T21:00:00Z" is "2024-03-22"), or "undated".
pub fn day(published: Option<&str>) -> &str {
    published.map_or("undated", |p| p.get(..10).unwrap_or(p))
}

/// At most `max` characters of `s`, cut at a word with an ellipsis.
pub fn excerpt(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.trim().to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end())
}

/// Word lists read from a data file once, as the string slices matchers compare with: for
/// `#[serde(deserialize_with = "...")]` on a field of a lexicon kept in a static. The lists live
/// as long as the process, so they are leaked.
pub fn leaked<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static [&'static str], D::Error> {
    let words: Vec<String> = serde::Deserialize::deserialize(d)?;
    Ok(Box::leak(words.into_iter().map(leak).collect::<Vec<_>>().into_boxed_slice()))
}

/// [`leaked`] for words with a value each (`[["dozen", 12], ...]`).
pub fn leaked_pairs<'de, D, T>(d: D) -> Result<&'static [(&'static str, T)], D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let pairs: Vec<(String, T)> = serde::Deserialize::deserialize(d)?;
    Ok(Box::leak(pairs.into_iter().map(|(w, v)| (leak(w), v)).collect::<Vec<_>>().into_boxed_slice()))
}

fn leak(word: String) -> &'static str {
    Box::leak(word.into_boxed_str())
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_and_tolls_read_right() {
        assert_eq!(super::counted(1, "incident", "incidents"), "1 incident");
        assert_eq!(super::counted(0, "incident", "incidents"), "0 incidents");
        assert_eq!(super::summed_toll(45, 0, 3, "killed"), "45 killed");
        assert_eq!(super::summed_toll(45, 1, 3, "killed"), "45 killed (no figure for 1)");
        assert_eq!(super::summed_toll(0, 2, 2, "killed"), "killed unknown");
    }

    use super::*;

    #[test]
    fn lookups_and_lower_case() {
        let index = ByLength::new([("may", 5), ("mai", 5), ("march", 3), ("may", 9)]);
        assert_eq!(
            (index.get("may"), index.get("march"), index.get("mars"), index.get("")),
            (Some(5), Some(3), None, None)
        );
        assert!(matches!(lower("march"), Cow::Borrowed("march")));
        assert_eq!(lower("März"), "märz");
    }
}
