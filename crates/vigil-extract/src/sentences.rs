//! Sentence boundaries, as character spans: the evidence unit every fact points back to.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it)
//! followed by a space and a capital letter, digit or opening quote; and at every line break,
//! since stored text keeps one paragraph or heading per line. A full stop does not end a
//! sentence after a known abbreviation ("Dr.", "Gen.", "U.S.", "Jan.") or a single initial
//! ("J. Smith").
//!
//! No sentence is longer than [`LONGEST`] characters: a longer run of text without a stop
//! (a flattened table, a scraped list, a line with its punctuation lost) is cut at its last
//! clause mark or space before the limit. Every later stage does its work per sentence, so
//! this bound keeps extraction linear in the length of any document.

use vigil_core::Span;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen", "rep",
    "st", "mt", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "rev", "hon", "pres",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est",
    "fig", "al", "ca", "cf", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m", "mme", "mlle", "m", "hr",
    "z.b", "bzw", "sr", "sra", "srta", "т.е", "т.д", "г", "brig", "cpl", "pte", "pvt", "cmdr", "supt",
    "insp", "det", "ret",
];

/// A word (lower case, without its full stop) after which a full stop ends no sentence.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains(&word)
}

/// The longest sentence, in characters. Real sentences in news and reports stay far below it.
pub const LONGEST: usize = 1_000;

/// The sentences of `text`, in order, without surrounding spaces; empty lines yield none.
pub fn split(text: &str) -> Vec<Span> {
    // Line by line: a line break always ends a sentence, and memory stays bounded by the
    // longest line.
    let mut spans = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let start = spans.len();
        split_line(line, &mut spans);
        for span in &mut spans[start..] {
            *span = Span::new(span.start + offset, span.end + offset);
        }
        offset += line.chars().count() + 1;
    }
    spans
}

fn split_line(text: &str, spans: &mut Vec<Span>) {
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let end = if c == '\n' {
            Some(i)
        } else if matches!(c, '.' | '!' | '?' | '…') {
            // The run of closing marks after the stop is looked at once, whatever its length.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(chars[j], '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '.' | '!' | '?')
            {
                j += 1;
            }
            if ends_sentence(&chars, i, j) {
                Some(j)
            } else {
                i = j;
                continue;
            }
        } else {
            None
        };
        if let Some(end) = end {
            push(&chars, start, end, spans);
            start = end;
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    push(&chars, start, chars.len(), spans);
}

fn push(chars: &[char], mut start: usize, mut end: usize, spans: &mut Vec<Span>) {
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    loop {
        while start < end && chars[start].is_whitespace() {
            start += 1;
        }
        if start >= end {
            return;
        }
        if end - start <= LONGEST {
            spans.push(Span::new(start, end));
            return;
        }
        let cut = cut_point(chars, start);
        let mut last = cut;
        while last > start && chars[last - 1].is_whitespace() {
            last -= 1;
        }
        spans.push(Span::new(start, last));
        start = cut;
    }
}

/// Where to cut an overlong sentence that starts at `start`: after the last clause mark
/// (`;`, `:`, `,`, a dash) in the second half of the window, else at its last space, else at
/// the limit itself. The search looks at no more than half the window.
fn cut_point(chars: &[char], start: usize) -> usize {
    let limit = start + LONGEST;
    let half = start + LONGEST / 2;
    let clause = (half..limit).rev().find(|&i| {
        matches!(chars[i], ';' | ':' | ',' | '—' | '–') && chars.get(i + 1).is_some_and(|c| c.is_whitespace())
    });
    if let Some(i) = clause {
        return i + 1;
    }
    (half..limit).rev().find(|&i| chars[i].is_whitespace()).unwrap_or(limit)
}

/// Whether the mark at `i` ends a sentence: what follows must start a new one, and a full
/// stop must not close an abbreviation, an initial or a number.
/// `run_end` is where the closing marks after the stop at `i` end.
fn ends_sentence(chars: &[char], i: usize, run_end: usize) -> bool {
    let mut j = run_end;
    if j >= chars.len() {
        return true;
    }
    if !chars[j].is_whitespace() {
        return false;
    }
    while j < chars.len() && chars[j] == ' ' {
        j += 1;
    }
    let Some(&next) = chars.get(j) else { return true };
    let starts = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '«' | '‘' | '\'' | '(' | '„' | '—' | '-' | '\n');
    if !starts {
        return false;
    }
    chars[i] != '.' || !abbreviation_before(chars, i)
}

fn abbreviation_before(chars: &[char], dot: usize) -> bool {
    // Abbreviations are short: the look back stops after a few characters, so a long run of
    // letters and dots costs no more than a short one.
    let mut k = dot;
    while k > 0 && dot - k < 8 && (chars[k - 1].is_alphanumeric() || chars[k - 1] == '.') {
        k -= 1;
    }
    let word: String = chars[k..dot].iter().collect::<String>().to_lowercase();
    let single_initial = word.chars().count() == 1 && chars[k].is_uppercase();
    single_initial || ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        split(text).iter().map(|s| s.slice(text).unwrap().to_string()).collect()
    }

    #[test]
    fn splits_news_prose() {
        let text = "Dr. Farida Noori, a senior fellow, said the U.S. had warned Moscow. \"It was specific,\" she said. Gen. Michael Kurilla testified on March 23. The toll rose to 137.5 per cent? No — to 137!\nISKP claimed it…  Officials doubted it.";
        assert_eq!(
            sentences(text),
            vec![
                "Dr. Farida Noori, a senior fellow, said the U.S. had warned Moscow.",
                "\"It was specific,\" she said.",
                "Gen. Michael Kurilla testified on March 23.",
                "The toll rose to 137.5 per cent?",
                "No — to 137!",
                "ISKP claimed it…",
                "Officials doubted it.",
            ]
        );
    }

    #[test]
    fn quotes_and_lowercase_continuations_stay_together() {
        assert_eq!(sentences("He said: «Нет.» Затем ушёл."), vec!["He said: «Нет.»", "Затем ушёл."]);
        assert_eq!(
            sentences("It was 3 p.m. when J. K. Smith arrived."),
            vec!["It was 3 p.m. when J. K. Smith arrived."]
        );
        assert_eq!(sentences("a.b. c"), vec!["a.b. c"]);
        assert!(split("").is_empty() && split("\n\n  \n").is_empty());
        let dots = ".".repeat(200_000) + "x";
        let spans = split(&dots);
        assert!(spans.iter().all(|s| s.len() <= LONGEST), "a long run of stops is cut to length");
        assert_eq!(spans.iter().map(|s| s.len()).sum::<usize>(), 200_001, "and nothing is lost");
    }

    #[test]
    fn overlong_sentences_are_cut_at_a_clause_mark_or_a_space() {
        let clause = "the convoy was stopped near the border, ";
        let text = clause.repeat(100);
        let spans = split(&text);
        assert!(spans.len() > 3 && spans.iter().all(|s| s.len() <= LONGEST));
        for s in &spans[..spans.len() - 1] {
            assert!(s.slice(&text).unwrap().ends_with("border,"), "cut after a comma");
        }
        let words = "word ".repeat(1_000);
        let spans = split(&words);
        assert!(spans.iter().all(|s| s.slice(&words).unwrap().ends_with("word")), "cut at a space");
        let solid = "x".repeat(2_500);
        assert_eq!(split(&solid).iter().map(|s| s.len()).collect::<Vec<_>>(), vec![1_000, 1_000, 500]);
    }
}
