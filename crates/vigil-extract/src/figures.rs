//! Figures: numbers that count something an analyst tracks — people killed and injured,
//! fighters, arrests — with their qualifier, their range and who gave them.
//!
//! A figure is a number (digits with thousands separators, or words: "three", "twenty-two",
//! "a dozen") or a range ("4,000 to 6,000", "between 4,000 and 6,000", "4,000-6,000"). Its
//! quantity comes from the words around it, in the corpus languages: "killing at least 40",
//! "133 people were killed", "the death toll rose to 137", "au moins 133 morts", "drei Tote",
//! "погибли 137 человек", "بمقتل تسعة جنود" (killed); "wounding 60", "more than 140 injured" (injured);
//! "4,000 to 6,000 fighters" (fighters); "11 people detained" (arrested). Numbers that count
//! nothing known (years, ages, pages) are not figures. A figure preceded by "rose to",
//! "revised to", "final toll" and the like is an update, which incidents prefer.

use serde::{Deserialize, Serialize};
use vigil_core::Span;
use vigil_core::words::{leaked, leaked_pairs};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quantity {
    Killed,
    Injured,
    Fighters,
    Arrested,
}

impl Quantity {
    pub fn as_str(self) -> &'static str {
        match self {
            Quantity::Killed => "killed",
            Quantity::Injured => "injured",
            Quantity::Fighters => "fighters",
            Quantity::Arrested => "arrested",
        }
    }
}

/// The word lists of `data/figures.toml`.
const WORD_LISTS: &str = include_str!("../data/figures.toml");

/// The lists as the matchers read them, read once.
#[derive(Deserialize)]
struct Words {
    #[serde(deserialize_with = "leaked_pairs")]
    units: &'static [(&'static str, u64)],
    #[serde(deserialize_with = "leaked")]
    at_least: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    more_than: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    about: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    up_to: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    killed_after: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    injured_after: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    fighters_after: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    arrested_after: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    fillers: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    killed_before: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    injured_before: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    fighters_before: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    update_cues: &'static [&'static str],
    #[serde(deserialize_with = "leaked_pairs")]
    vague: &'static [(&'static str, u64)],
    #[serde(deserialize_with = "leaked")]
    singular_marks: &'static [&'static str],
    #[serde(deserialize_with = "singular")]
    singular: &'static [(&'static [&'static str], Quantity)],
    #[serde(deserialize_with = "leaked")]
    not_a_victim: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    attributing: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    function: &'static [&'static str],
}

static WORDS: std::sync::LazyLock<Words> =
    std::sync::LazyLock::new(|| toml::from_str(WORD_LISTS).expect("data/figures.toml is valid (tested)"));

/// One victim written without a number: the words, and what they count.
#[derive(Deserialize)]
struct Singular {
    #[serde(deserialize_with = "leaked")]
    words: &'static [&'static str],
    quantity: Quantity,
}

fn singular<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<&'static [(&'static [&'static str], Quantity)], D::Error> {
    let list: Vec<Singular> = Deserialize::deserialize(d)?;
    Ok(Box::leak(list.into_iter().map(|s| (s.words, s.quantity)).collect::<Vec<_>>().into_boxed_slice()))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub quantity: Quantity,
    /// What is counted, as written ("people", "Afghans", "fighters").
    pub subject: Option<String>,
    /// The value: the number itself, or a range's midpoint.
    pub value: u64,
    pub low: Option<u64>,
    pub high: Option<u64>,
    /// "at least", "more than", "about", "up to"; none for an exact figure.
    pub qualifier: Option<&'static str>,
    /// Who gave the figure ("the Investigative Committee"), when the sentence says.
    pub attributed_to: Option<String>,
    /// The figure was given as a change ("rose to", "revised down to", "final toll").
    pub update: bool,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub evidence: Span,
}

struct Word<'t> {
    text: &'t str,
    lower: std::borrow::Cow<'t, str>,
    start: usize,
    end: usize,
}

/// Tokens of a sentence: runs of letters/digits (with inner `,` `.` `'` `-`), and single
/// punctuation marks; character offsets relative to the text.
fn words(sentence: &str, offset: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_alphanumeric() {
            i += 1;
            while i < chars.len() {
                let c = chars[i].1;
                let inner = matches!(c, ',' | '.' | '\'' | '’' | '-')
                    && chars.get(i + 1).is_some_and(|n| n.1.is_alphanumeric())
                    && (c != ',' && c != '.'
                        || chars[i - 1].1.is_ascii_digit() && chars[i + 1].1.is_ascii_digit());
                if c.is_alphanumeric() || inner {
                    i += 1;
                } else {
                    break;
                }
            }
        } else {
            i += 1;
        }
        let from = chars[start].0;
        let to = chars.get(i).map_or(sentence.len(), |c| c.0);
        let text = &sentence[from..to];
        out.push(Word {
            text,
            lower: vigil_core::words::lower(text),
            start: offset + start,
            end: offset + i,
        });
    }
    out
}

/// The number words by length: `number` is asked of every word of a sentence with figures.
static UNITS_BY_LENGTH: std::sync::LazyLock<vigil_core::words::ByLength<u64>> =
    std::sync::LazyLock::new(|| vigil_core::words::ByLength::new(WORDS.units.iter().copied()));

/// Any number word, to skip sentences without figures cheaply.
static NUMBER_WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    aho_corasick::AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(WORDS.units.iter().map(|(w, _)| *w))
        .expect("number words are plain strings")
});

fn has_number_word(text: &str) -> bool {
    NUMBER_WORDS.find_overlapping_iter(text).any(|m| {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(|c| c.is_alphanumeric() && c != '-')
    })
}

/// The value of a number word or digits ("4,000", "1.500" in German, "twenty-two", "133").
fn number(word: &str) -> Option<u64> {
    // Arabic writes "and" as a prefix: "و35 جريحا", "وثلاثة".
    unprefixed_number(word.strip_prefix('و').filter(|r| !r.is_empty()).unwrap_or(word))
}

fn unprefixed_number(word: &str) -> Option<u64> {
    if word.chars().next()?.is_ascii_digit() {
        let digits: String = word.chars().filter(|c| c.is_ascii_digit()).collect();
        // "1.5" is not a count; "4,000" and "1.500" are thousands.
        let grouped = word.split([',', '.']).skip(1).all(|g| g.len() == 3);
        if !word.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') || !grouped {
            return None;
        }
        return digits.parse().ok().filter(|&n| n < 10_000_000);
    }
    if let Some((tens, unit)) = word.split_once('-') {
        let (t, u) = (unprefixed_number(tens)?, unprefixed_number(unit)?);
        return (t >= 20 && t % 10 == 0 && u < 10).then_some(t + u);
    }
    UNITS_BY_LENGTH.get(word)
}

/// Every figure in `text`; `sentences` are its sentence spans.
pub fn find(text: &str, sentences: &[Span]) -> Vec<Figure> {
    let mut out = Vec::new();
    let index = crate::fold::CharIndex::new(text);
    for &sentence in sentences {
        let slice = index.slice(sentence.start, sentence.end);
        // Long runs without sentence ends are not prose worth reading for figures, and a
        // sentence without digits or number words has none.
        if slice.len() > 5_000 {
            continue;
        }
        if slice.bytes().any(|b| b.is_ascii_digit()) || has_number_word(slice) {
            find_in_sentence(slice, sentence, &mut out);
        }
        if SINGULAR_MARKERS.is_match(slice) {
            singular_victims(slice, sentence, &mut out);
        }
    }
    out
}

/// Counts a sentence gives without a number ("dozens of people were injured", "hundreds more
/// were wounded", "des dizaines de blessés"): each quantity with the least its word means.
pub fn vague_counts(sentence: &str) -> Vec<(Quantity, u64)> {
    if !may_count_vaguely(&sentence.to_lowercase()) {
        return Vec::new();
    }
    let words = words(sentence, 0);
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(&(_, least)) = WORDS.vague.iter().find(|(v, _)| *v == w.lower) else { continue };
        let mut end = i + 1;
        while words.get(end).is_some_and(|n| matches!(n.lower.as_ref(), "more" | "of" | "de" | "d'")) {
            end += 1;
        }
        if let Some((quantity, _)) = quantity_after(&words, end).or_else(|| quantity_before(&words, i)) {
            out.push((quantity, least));
        }
    }
    out
}

/// Whether a lower-cased sentence has a word of [`vague_counts`].
pub fn may_count_vaguely(lower: &str) -> bool {
    WORDS.vague.iter().any(|(w, _)| lower.contains(w))
}

static SINGULAR_MARKERS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    aho_corasick::AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(WORDS.singular_marks)
        .expect("singular markers are plain strings")
});

fn singular_victims(sentence: &str, span: Span, out: &mut Vec<Figure>) {
    let words = words(sentence, span.start);
    for (i, _) in words.iter().enumerate() {
        for &(phrase, quantity) in WORDS.singular {
            if words.len() < i + phrase.len()
                || !phrase.iter().enumerate().all(|(k, p)| words[i + k].lower == *p)
            {
                continue;
            }
            let end = i + phrase.len();
            // "a coûté la vie à Dominique Bernard": one named person; a number is counted
            // by the figures themselves.
            if phrase[0] == "coûté" && !words.get(end).is_some_and(|w| w.text.starts_with(char::is_uppercase))
            {
                continue;
            }
            // The subject: the words before, back to the clause's start, skipping an aside
            // between commas ("L'enseignant, âgé de 57 ans, a été tué").
            let mut subject: Vec<&str> = Vec::new();
            let mut k = i;
            let mut commas = 0;
            while k > 0 && subject.len() < 4 {
                k -= 1;
                let w = words[k].lower.as_ref();
                if w == "," {
                    commas += 1;
                    if commas > 2 {
                        break;
                    }
                    continue;
                }
                if matches!(w, "." | ";" | ":" | "(" | ")") || commas == 1 {
                    continue;
                }
                subject.push(w.rsplit(['\'', '’']).next().unwrap_or(w));
            }
            if subject.iter().any(|w| WORDS.not_a_victim.contains(w) || number(w).is_some()) {
                continue;
            }
            out.push(Figure {
                quantity,
                subject: None,
                value: 1,
                low: None,
                high: None,
                qualifier: None,
                attributed_to: attribution(sentence, &words),
                update: false,
                text: slice_words(sentence, &words, i, end, span.start),
                start: words[i].start,
                end: words[end - 1].end,
                evidence: span,
            });
        }
    }
}

fn find_in_sentence(sentence: &str, span: Span, out: &mut Vec<Figure>) {
    let words = words(sentence, span.start);
    let mut i = 0;
    while i < words.len() {
        // "a 40,000-member military wing", "a 2,000-strong force": a size in one word.
        if let Some(value) = size_word(&words[i].lower) {
            let qualifier = qualifier_before(&words, i);
            let start_word = i - qualifier.map_or(0, |(_, n)| n);
            out.push(Figure {
                quantity: Quantity::Fighters,
                subject: words
                    .get(i + 1)
                    .filter(|w| w.text.chars().all(char::is_alphabetic))
                    .map(|w| w.text.to_string()),
                value,
                low: None,
                high: None,
                qualifier: qualifier.map(|(q, _)| q),
                attributed_to: attribution(sentence, &words),
                update: false,
                text: slice_words(sentence, &words, start_word, i + 1, span.start),
                start: words[start_word].start,
                end: words[i].end,
                evidence: span,
            });
            i += 1;
            continue;
        }
        let Some((value, low, high, end)) = figure_at(&words, i) else {
            i += 1;
            continue;
        };
        // "No one was killed" counts nobody.
        if i > 0 && words[i].lower == "one" && matches!(words[i - 1].lower.as_ref(), "no" | "not") {
            i = end;
            continue;
        }
        let qualifier = qualifier_before(&words, i);
        // Cues before the number are read from before its qualifier ("rose to about 100").
        let head = i - qualifier.map_or(0, |(_, n)| n);
        let quantity = quantity_after(&words, end).or_else(|| quantity_before(&words, head));
        if let Some((quantity, subject)) = quantity {
            let start_word = i - qualifier.map_or(0, |(_, n)| n);
            out.push(Figure {
                quantity,
                subject,
                value,
                low,
                high,
                qualifier: qualifier.map(|(q, _)| q),
                attributed_to: attribution(sentence, &words),
                update: is_update(&words, start_word) || toll_update(&words, head).is_some(),
                text: slice_words(sentence, &words, start_word, end, span.start),
                start: words[start_word].start,
                end: words[end - 1].end,
                evidence: span,
            });
        }
        i = end;
    }
}

/// The size in a word such as "40,000-member" or "2,000-strong".
fn size_word(word: &str) -> Option<u64> {
    let (n, what) = word.rsplit_once('-')?;
    if !matches!(what, "member" | "strong" | "man" | "fighter")
        || !n.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    number(n).filter(|&n| n >= 10)
}

/// A number or range starting at word `i`: (value, low, high, end word).
fn figure_at(words: &[Word], i: usize) -> Option<(u64, Option<u64>, Option<u64>, usize)> {
    let first = &words[i].lower;
    // "a dozen", "un centenar", "une centaine", "a hundred".
    // "plus d'une centaine": the elided article.
    let article = first.strip_prefix("d'").or_else(|| first.strip_prefix("d’")).unwrap_or(first);
    if matches!(article, "a" | "un" | "une" | "one")
        && let Some(n) = words.get(i + 1).and_then(|w| match w.lower.as_ref() {
            "dozen" | "douzaine" | "docena" | "dutzend" => Some(12),
            "hundred" | "centaine" | "centenar" => Some(100),
            "thousand" | "millier" | "millar" => Some(1000),
            _ => None,
        })
    {
        return Some((n, None, None, i + 2));
    }
    let n = number(first)?;
    // Years and times are not counts.
    if first.len() == 4 && (1900..=2100).contains(&n) && !first.contains(',') {
        return None;
    }
    // Nor is the day of a date: "on June 11 that killed", "le 5 mai", "5 мая" (the modal "may"
    // in lower case is no month: "5 may have died").
    let month = |w: Option<&Word>| {
        w.is_some_and(|w| {
            vigil_core::calendar::month_number(&w.lower).is_some() && (w.lower != "may" || w.text != "may")
        })
    };
    if (1..=31).contains(&n) && (i > 0 && month(words.get(i - 1)) || month(words.get(i + 1))) {
        return None;
    }
    let mut end = i + 1;
    // "4,000 to 6,000", "4,000-6,000" (a single token "4,000-6,000" is split by `number`).
    if let (Some(link), Some(next)) = (words.get(end), words.get(end + 1))
        && matches!(link.lower.as_ref(), "to" | "and" | "-" | "–" | "à" | "bis" | "a" | "y" | "et")
        && let Some(m) = number(&next.lower)
        && m > n
    {
        end += 2;
        return Some(((n + m) / 2, Some(n), Some(m), end));
    }
    Some((n, None, None, end))
}

/// Whether `word` (or `word` and `next` as a two-word phrase) is in `list`, without allocating.
fn listed(list: &[&str], word: &str, next: Option<&str>) -> bool {
    let first = word.as_bytes().first();
    list.iter().any(|entry| {
        entry.as_bytes().first() == first
            && match entry.split_once(' ') {
                Some((first, second)) => first == word && next == Some(second),
                None => *entry == word,
            }
    })
}

fn phrase_before(words: &[Word], i: usize, phrases: &[&str]) -> Option<usize> {
    phrases.iter().find_map(|p| {
        let n = p.split(' ').count();
        (i >= n && words[i - n..i].iter().map(|w| w.lower.as_ref()).collect::<Vec<_>>().join(" ") == *p)
            .then_some(n)
    })
}

fn qualifier_before(words: &[Word], i: usize) -> Option<(&'static str, usize)> {
    [
        ("at least", WORDS.at_least),
        ("more than", WORDS.more_than),
        ("about", WORDS.about),
        ("up to", WORDS.up_to),
    ]
    .into_iter()
    .find_map(|(name, phrases)| phrase_before(words, i, phrases).map(|n| (name, n)))
}

/// The quantity named after the number ("133 people were killed"), with what is counted.
fn quantity_after(words: &[Word], end: usize) -> Option<(Quantity, Option<String>)> {
    let mut subject = None;
    let mut j = end;
    // Where a noun may name what is counted: right after the number (or the last of several).
    let mut noun_at = end;
    let mut limit = (end + 6).min(words.len());
    while j < limit {
        let w = words[j].lower.as_ref();
        // An aside between commas: "Twenty-two people, many of them children, were killed".
        if w == "," {
            match (j + 1..(j + 10).min(words.len())).find(|&k| words[k].lower == ",") {
                Some(close) => {
                    limit = (close + 5).min(words.len());
                    j = close + 1;
                    continue;
                }
                None => return None,
            }
        }
        let next = words.get(j + 1).map(|n| n.lower.as_ref());
        // "four US soldiers and four Nigerien soldiers were killed": the figures share the
        // verb after the last of them.
        if matches!(w, "and" | "et" | "und" | "y" | "и") && next.and_then(number).is_some() {
            j += 2;
            noun_at = j;
            limit = (j + 6).min(words.len());
            continue;
        }
        let is = |list: &[&str]| listed(list, w, next);
        if is(WORDS.killed_after) {
            // "30 Menschen getötet oder verletzt", "killed or wounded": the dead and the hurt
            // together count neither.
            let or_hurt = (j + 1..(j + 3).min(words.len())).any(|k| {
                matches!(words[k].lower.as_ref(), "or" | "oder" | "ou" | "o" | "или")
                    && words.get(k + 1).is_some_and(|n| listed(WORDS.injured_after, &n.lower, None))
            });
            return (!or_hurt).then_some((Quantity::Killed, subject));
        }
        if is(WORDS.injured_after) {
            return Some((Quantity::Injured, subject));
        }
        if is(WORDS.fighters_after) && j == end {
            return Some((Quantity::Fighters, Some(words[j].text.to_string())));
        }
        // "7,000 to 50,000 troops" is a strength; "28 troops were killed" a toll.
        if j == end && matches!(w, "troops" | "troupes") {
            let after = words[j + 1..(j + 5).min(words.len())].iter().any(|x| {
                listed(WORDS.killed_after, &x.lower, None) || listed(WORDS.injured_after, &x.lower, None)
            });
            let before = words[end.saturating_sub(8)..end].iter().any(|x| {
                listed(WORDS.killed_before, &x.lower, None) || listed(WORDS.injured_before, &x.lower, None)
            });
            let toll = after || before;
            if !toll {
                return Some((Quantity::Fighters, Some(words[j].text.to_string())));
            }
        }
        if is(WORDS.arrested_after) {
            return Some((Quantity::Arrested, subject));
        }
        if !WORDS.fillers.contains(&w) {
            // One capitalised or plain noun may name what is counted ("Afghans", "Britons").
            if j == noun_at
                && words[j].text.chars().all(char::is_alphabetic)
                && (subject.is_none() || j > end)
            {
                subject = Some(words[j].text.to_string());
                j += 1;
                continue;
            }
            return None;
        }
        if j == end
            && matches!(w, "people" | "civilians" | "worshippers" | "afghans" | "personnes" | "человек")
        {
            subject = Some(words[j].text.to_string());
        }
        j += 1;
    }
    None
}

/// The quantity named before the number ("killing at least 40", "the toll rose to 137").
fn quantity_before(words: &[Word], i: usize) -> Option<(Quantity, Option<String>)> {
    let from = i.saturating_sub(7);
    // The nearest cue wins: "killing 40 and wounding 60".
    for j in (from..i).rev() {
        let w = words[j].lower.as_ref();
        let next = (j + 1 < i).then(|| words[j + 1].lower.as_ref());
        let is = |list: &[&str]| listed(list, w, next);
        // A cue beyond a clause break is another figure's; an update verb right before the
        // number may still make it a toll ("lowering an earlier figure, and it has since risen
        // to about 90").
        if matches!(w, "." | ";" | "(" | ")") || (w == "," && j + 1 < i && j + 3 < i) {
            break;
        }
        if is(WORDS.injured_before) {
            return Some((Quantity::Injured, None));
        }
        if is(WORDS.killed_before) {
            return Some((Quantity::Killed, None));
        }
        if is(WORDS.fighters_before) {
            return Some((Quantity::Fighters, None));
        }
    }
    toll_update(words, i)
}

/// "The number of people killed in Friday night's attack ... rose to 133", "the death toll
/// from Sunday's bombings rose to 290", "Число погибших ... достигло 137": an update verb right
/// before the number, and the toll's subject earlier in the sentence.
fn toll_update(words: &[Word], i: usize) -> Option<(Quantity, Option<String>)> {
    // Qualifiers between the verb and the number do not count: "revised down to about 253".
    let mut skip = 0;
    while i > skip
        && matches!(
            words[i - skip - 1].lower.as_ref(),
            "about"
                | "around"
                | "roughly"
                | "approximately"
                | "nearly"
                | "almost"
                | "some"
                | "least"
                | "than"
        )
    {
        skip += if matches!(words[i - skip - 1].lower.as_ref(), "least" | "than") { 2 } else { 1 };
    }
    let at = |k: usize| i.checked_sub(k + skip).map(|j| words[j].lower.as_ref());
    let updated = match at(1)? {
        // "rose to", "revised down to", "revised the figure down to"
        "to" | "at" | "à" | "auf" | "a" | "до" => {
            // "revised the death toll from the twin bombings in Kerman down to 84".
            at(2).is_some_and(|w| WORDS.update_cues.contains(&w))
                || at(2) == Some("up")
                    && (3..=6).any(|k| at(k).is_some_and(|w| WORDS.update_cues.contains(&w)))
                || at(2) == Some("down")
                    && (3..=16).any(|k| at(k).is_some_and(|w| WORDS.update_cues.contains(&w)))
        }
        w => WORDS.update_cues.contains(&w) || w == "reached",
    };
    if !updated {
        return None;
    }
    for j in (i.saturating_sub(30)..i).rev() {
        let w = words[j].lower.as_ref();
        if WORDS.injured_after.contains(&w) || WORDS.injured_before.contains(&w) {
            return Some((Quantity::Injured, None));
        }
        if matches!(
            w,
            "toll"
                | "bilan"
                | "killed"
                | "dead"
                | "погибших"
                | "morts"
                | "tués"
                | "muertos"
                | "toten"
                | "victims"
                | "figure"
                | "tally"
                | "count"
        ) {
            return Some((Quantity::Killed, None));
        }
    }
    None
}

fn is_update(words: &[Word], i: usize) -> bool {
    words[i.saturating_sub(8)..i].iter().any(|w| WORDS.update_cues.contains(&w.lower.as_ref()))
}

/// Who gave the figure: "according to X", "X said" — X up to six words.
fn attribution(sentence: &str, words: &[Word]) -> Option<String> {
    let base = words.first()?.start;
    let take = |from: usize, to: usize| -> Option<String> {
        (from < to).then(|| slice_words(sentence, words, from, to, base))
    };
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map(|n| n.lower.as_ref());
        if (w.lower == "according" && next == Some("to"))
            || matches!(w.lower.as_ref(), "selon" | "laut" | "según")
        {
            let from = if w.lower == "according" { i + 2 } else { i + 1 };
            let to = (from..words.len().min(from + 6))
                .find(|&j| matches!(words[j].lower.as_ref(), "," | "." | ";" | ")" | "(" | "that"))
                .unwrap_or(words.len().min(from + 6));
            return take(from, to).map(|s| strip_article(&s));
        }
        if WORDS.attributing.contains(&w.lower.as_ref()) && i > 0 {
            // The speaker: back to a clause break, or over an aside between dashes ("UN
            // experts and others – including X – estimate"), six words at most.
            let mut to = i;
            if matches!(words[i - 1].lower.as_ref(), "–" | "—" | "-")
                && let Some(open) =
                    (i.saturating_sub(12)..i - 1).rev().find(|&j| words[j].lower == words[i - 1].lower)
            {
                to = open;
            }
            // "Observers have cited", "officials also said": the speaker ends before these.
            while to > 1
                && matches!(words[to - 1].lower.as_ref(), "have" | "has" | "had" | "also" | "now" | "widely")
            {
                to -= 1;
            }
            let from = (to.saturating_sub(6)..to)
                .rev()
                .find(|&j| matches!(words[j].lower.as_ref(), "," | "." | ";" | "\"" | "”" | "“"))
                .map_or(to.saturating_sub(6), |j| j + 1);
            if from < to
                && !matches!(words[from].lower.as_ref(), "he" | "she" | "it" | "they" | "who")
                && let Some(who) = take(from, to).map(|s| strip_article(&s)).filter(|s| plausible_source(s))
            {
                return Some(who);
            }
        }
    }
    None
}

/// Whether words before an attributing verb can be who gave a figure: not a phrase of
/// function words ("With a reported strength", "an estimated 2,500").
fn plausible_source(who: &str) -> bool {
    let words: Vec<String> = who.split_whitespace().map(|w| w.to_lowercase()).collect();
    words.last().is_some_and(|w| !WORDS.function.contains(&w.as_str()))
        && words.iter().any(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !WORDS.function.contains(&w.as_str())
        })
}

fn strip_article(s: &str) -> String {
    for a in ["the ", "The ", "a ", "A "] {
        if let Some(rest) = s.strip_prefix(a) {
            return rest.to_string();
        }
    }
    s.to_string()
}

/// The original text from word `from` to the end of word `to - 1`.
fn slice_words(sentence: &str, words: &[Word], from: usize, to: usize, base: usize) -> String {
    let (s, e) = (words[from].start - base, words[to - 1].end - base);
    sentence.chars().skip(s).take(e - s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_load_whole() {
        let w = &*WORDS;
        for list in
            [w.at_least, w.about, w.killed_after, w.injured_after, w.fillers, w.update_cues, w.attributing]
        {
            assert!(!list.is_empty() && list.iter().all(|x| *x == x.to_lowercase()), "{list:?}");
        }
        assert_eq!(w.units.iter().find(|(u, _)| *u == "dozen"), Some(&("dozen", 12)));
        assert!(w.singular.iter().any(|(words, q)| *words == ["was", "killed"] && *q == Quantity::Killed));
    }
    use crate::sentences;

    fn figures(text: &str) -> Vec<(Quantity, u64, Option<&'static str>, String)> {
        find(text, &sentences::split(text))
            .into_iter()
            .map(|f| (f.quantity, f.value, f.qualifier, f.text))
            .collect()
    }

    #[test]
    fn days_of_dates_count_nobody() {
        let counted = |text: &str| -> Vec<(Quantity, u64)> {
            figures(text).into_iter().map(|(q, v, _, _)| (q, v)).collect()
        };
        assert_eq!(
            counted("The group claimed the attack on June 11 that killed over 100 soldiers."),
            [(Quantity::Killed, 100)]
        );
        assert_eq!(counted("L'attaque du 5 mai a fait 12 morts."), [(Quantity::Killed, 12)]);
        assert_eq!(counted("As many as 5 may have been killed."), [(Quantity::Killed, 5)]);
    }

    #[test]
    fn arabic_tolls() {
        let counted = |text: &str| -> Vec<(Quantity, u64)> {
            figures(text).into_iter().map(|(q, v, _, _)| (q, v)).collect()
        };
        // "The attack killed nine soldiers at least."
        assert_eq!(counted("أسفر الهجوم عن مقتل تسعة جنود على الأقل."), [(Quantity::Killed, 9)]);
        // "20 dead and 35 wounded", the "and" written onto the number.
        assert_eq!(counted("سقط 20 قتيلا و35 جريحا."), [(Quantity::Killed, 20), (Quantity::Injured, 35)]);
        // "Three ministers met in 2024": a number counts nobody killed.
        assert!(counted("اجتمع ثلاثة وزراء في 2024.").is_empty());
    }

    #[test]
    fn counts_without_a_number() {
        assert_eq!(
            vague_counts("Dozens of people were injured, and two police officers were wounded."),
            vec![(Quantity::Injured, 24)]
        );
        assert_eq!(vague_counts("Hundreds more were injured."), vec![(Quantity::Injured, 200)]);
        assert_eq!(vague_counts("Dozens of flights were cancelled."), vec![]);
    }

    #[test]
    fn revisions_far_from_their_verb() {
        let found = figures(
            "Officials revised the death toll from the twin bombings in the city of Kerman down to 84 on \
             Thursday, lowering an earlier figure, and it has since risen to about 90.",
        );
        let killed: Vec<u64> = found.iter().filter(|f| f.0 == Quantity::Killed).map(|f| f.1).collect();
        assert_eq!(killed, vec![84, 90]);
    }

    #[test]
    fn single_victims_without_a_number() {
        let killed = |text: &str| -> Vec<u64> {
            figures(text).into_iter().filter(|f| f.0 == Quantity::Killed).map(|f| f.1).collect()
        };
        assert_eq!(killed("A teacher was stabbed to death outside the school."), vec![1]);
        assert_eq!(killed("L'enseignant, âgé de 57 ans, a été tué vendredi."), vec![1]);
        assert_eq!(killed("L'attaque qui a coûté la vie à Dominique Bernard."), vec![1]);
        assert_eq!(killed("The gunman was shot dead by police."), Vec::<u64>::new());
        assert_eq!(killed("No one was killed."), Vec::<u64>::new());
        assert_eq!(figures("Trois autres personnes ont été blessées.")[0].1, 3);
        let found = figures("Les attentats ont fait 16 morts et plus d'une centaine de blessés.");
        assert_eq!((found[1].0, found[1].1), (Quantity::Injured, 100));
        let found = figures("Causaron 16 muertos y más de un centenar de heridos.");
        assert_eq!((found[1].0, found[1].1, found[1].2), (Quantity::Injured, 100, Some("more than")));
    }

    #[test]
    fn coordinated_figures_share_their_verb() {
        let found = figures("In the ambush, four US soldiers and four Nigerien soldiers were killed.");
        let killed: Vec<u64> = found.iter().filter(|f| f.0 == Quantity::Killed).map(|f| f.1).collect();
        assert_eq!(killed, vec![4, 4]);
    }

    #[test]
    fn casualties_in_several_phrasings() {
        use Quantity::*;
        assert_eq!(
            figures("Gunmen opened fire, killing at least 40 people and wounding more than 100."),
            vec![
                (Killed, 40, Some("at least"), "at least 40".into()),
                (Injured, 100, Some("more than"), "more than 100".into())
            ]
        );
        assert_eq!(figures("The death toll rose to 137, officials said.")[0].1, 137);
        assert!(
            find("The death toll rose to 137.", &sentences::split("The death toll rose to 137."))[0].update
        );
        assert_eq!(figures("Some 133 people were killed and 140 were injured.")[0].2, Some("about"));
        let who = figures("Nice remembered the 86 people who were killed.");
        assert_eq!((who[0].0, who[0].1), (Quantity::Killed, 86));
        let text = "Police raised the toll to 359. The ministry revised the figure down to about 253.";
        let f = find(text, &sentences::split(text));
        let last = f.last().unwrap();
        assert_eq!(
            (last.quantity, last.value, last.qualifier, last.update),
            (Killed, 253, Some("about"), true),
            "{f:?}"
        );
        assert_eq!(figures("Twenty-two people died.")[0].1, 22);
        assert_eq!(figures("Au moins 133 morts.")[0].0, Killed);
        assert_eq!(figures("Drei Menschen wurden getötet, acht verletzt.").len(), 2);
        assert_eq!(figures("Погибли 137 человек.")[0].1, 137);
        // German nouns of the dead, and the dead and hurt counted together.
        let f = figures("Der Angriff mit 5 Todesopfern und 17 teils schwer Verletzten.");
        assert_eq!(f.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(), [(Killed, 5), (Injured, 17)]);
        assert!(figures("Rund 40 Menschen wurden getötet oder verletzt.").iter().all(|x| x.0 != Killed));
    }

    #[test]
    fn ranges_and_non_figures() {
        let f = find(
            "Estimates range from 4,000 to 6,000 fighters, according to UN monitors.",
            &sentences::split("Estimates range from 4,000 to 6,000 fighters, according to UN monitors."),
        );
        assert_eq!((f[0].quantity, f[0].low, f[0].high), (Quantity::Fighters, Some(4000), Some(6000)));
        assert_eq!(f[0].attributed_to.as_deref(), Some("UN monitors"));
        assert!(figures("In 2019, 3 of the 12 chapters and page 40 were read.").is_empty());
        let text =
            "UN reports put ISKP's strength at roughly 4,000 to 6,000, a range that included families.";
        let f = find(text, &sentences::split(text));
        assert_eq!(
            (f[0].quantity, f[0].low, f[0].high),
            (Quantity::Fighters, Some(4000), Some(6000)),
            "{f:?}"
        );
        assert_eq!(f[0].qualifier, Some("about"));
    }

    #[test]
    fn strength_estimates_and_who_gave_them() {
        let one = |text: &str| find(text, &sentences::split(text)).into_iter().next().expect("a figure");
        let f = one(
            "Regional officials and others – among them two monitoring teams – estimate the strength of ISKP at between 4,000 and 6,000 fighters.",
        );
        assert_eq!((f.quantity, f.low, f.high), (Quantity::Fighters, Some(4000), Some(6000)));
        assert_eq!(f.attributed_to.as_deref(), Some("Regional officials and others"));
        let f = one("With a reported strength of 3,000 fighters, the group is the largest in the province.");
        assert_eq!((f.quantity, f.value), (Quantity::Fighters, 3000));
        assert_eq!(f.attributed_to, None, "'With a' is no source");
        let f = one("The movement keeps a 12,000-member armed wing.");
        assert_eq!((f.quantity, f.value), (Quantity::Fighters, 12000));
        let f = one("Observers have cited figures ranging from 2,000 to 9,000 troops.");
        assert_eq!((f.quantity, f.low, f.high), (Quantity::Fighters, Some(2000), Some(9000)));
        assert_eq!(f.attributed_to.as_deref(), Some("Observers"));
        let f = one("Officials said 14 troops were killed in the ambush.");
        assert_eq!(f.quantity, Quantity::Killed, "a toll of troops is no strength");
    }

    #[test]
    fn offsets_point_at_the_figure() {
        let text = "Überblick. Mehr als 140 Menschen wurden verletzt.";
        let f = &find(text, &sentences::split(text))[0];
        assert_eq!(Span::new(f.start, f.end).slice(text), Some(f.text.as_str()));
        assert_eq!(f.value, 140);
    }
}
