//! Dates as news text writes them, normalised against the document's publication date, with
//! the precision kept: "22 March 2024" (day), "March 2024" (month), "in 2019" (year), and
//! relative phrases — "on Friday", "yesterday", "last week", "in June", "last October",
//! "earlier this year", "two years ago", "over a decade ago", "late 2023" — which need the
//! publication date and are left out when there is none.
//!
//! News is written about the past: a bare weekday or month is the latest one on or before the
//! publication date ("in June" in a March article is last June).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use vigil_core::calendar::{is_full_english_month, month_number, weekday_number};
use vigil_core::words::leaked;

pub use vigil_core::Precision;

/// A date expression: where it is, and what it means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as precise as the text allows.
    pub value: String,
    pub precision: Precision,
}

struct Token<'t> {
    text: &'t str,
    /// Lower case, copied only when the word has capitals.
    lower: std::borrow::Cow<'t, str>,
    /// Character offsets.
    start: usize,
    end: usize,
    /// Byte offsets.
    from: usize,
    to: usize,
}

/// Every date expression in `text`, in order.
pub fn find(text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    // Values are ISO text with four-digit years: an anchor outside them resolves nothing.
    let published = published.filter(|d| (1000..=9999).contains(&d.year()));
    // Line by line: no date expression spans a line break, and memory stays bounded by the
    // longest line rather than the whole document.
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        find_in_line(line, offset, published, &mut out);
        offset += line.chars().count() + 1;
    }
    same_holiday_same_year(&mut out);
    same_month_same_year(&mut out);
    // A resolved value that left the four-digit years (a phrase shifting 9999) is no date.
    out.retain(|m| {
        let v = m.value.as_bytes();
        v.len() >= 4 && v[..4].iter().all(u8::is_ascii_digit) && v.get(4).is_none_or(|&b| b == b'-')
    });
    out
}

/// The word lists of `data/dates.toml`.
const WORD_LISTS: &str = include_str!("../data/dates.toml");

/// The lists as the matchers read them, read once.
#[derive(Deserialize)]
struct Words {
    #[serde(deserialize_with = "leaked")]
    coordinators: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    counted: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    named: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    cues: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    mourning: &'static [&'static str],
    #[serde(deserialize_with = "leaked")]
    declared: &'static [&'static str],
}

static WORDS: std::sync::LazyLock<Words> =
    std::sync::LazyLock::new(|| toml::from_str(WORD_LISTS).expect("data/dates.toml is valid (tested)"));

/// A day and month without a year, after the document has given that month with a year, is in
/// that year: an anniversary piece's "the attacks of 17 and 18 August 2017 ... on the evening
/// of 17 August" is 2017, not this year.
fn same_month_same_year(out: &mut [DateMention]) {
    let mut dated: Vec<(String, i32)> = Vec::new(); // (YYYY-MM, year) given with an explicit year
    for m in out.iter_mut() {
        if m.precision != Precision::Day || m.value.len() != 10 {
            continue;
        }
        let explicit = m.text.split(|c: char| !c.is_ascii_digit()).any(|n| n.len() == 4);
        let month = &m.value[5..7];
        if explicit {
            dated.push((month.to_string(), m.value[..4].parse().unwrap_or(0)));
            continue;
        }
        // Only a written day and month ("17 de agosto"), not "on Friday".
        if !m.text.chars().any(|c| c.is_ascii_digit()) || m.text.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if let Some((_, year)) = dated.iter().rev().find(|(mm, _)| mm == month)
            && let Ok(date) = NaiveDate::parse_from_str(&m.value, "%Y-%m-%d")
            && let Some(moved) = date.with_year(*year)
        {
            m.value = moved.format("%Y-%m-%d").to_string();
        }
    }
}

/// A holiday named without a year, after the document has dated the same holiday, is that
/// day: "the 2019 Easter Sunday bombings ... five years after Easter Sunday".
fn same_holiday_same_year(out: &mut [DateMention]) {
    let mut dated: Vec<(String, String)> = Vec::new();
    for k in 0..out.len() {
        let first = out[k].text.split_whitespace().next().unwrap_or("").to_lowercase();
        if !matches!(first.as_str(), "easter" | "christmas" | "new") {
            continue;
        }
        let year_before =
            k > 0 && out[k - 1].precision == Precision::Year && out[k - 1].end + 1 == out[k].start;
        if year_before || out[k].text.chars().any(|c| c.is_ascii_digit()) {
            dated.push((first, out[k].value.clone()));
        } else if let Some((_, value)) = dated.iter().rev().find(|(w, _)| *w == first) {
            out[k].value = value.clone();
        }
    }
}

fn find_in_line(line: &str, offset: usize, published: Option<NaiveDate>, out: &mut Vec<DateMention>) {
    let tokens = tokenize(line);
    let mut i = 0;
    while i < tokens.len() {
        match match_at(line, &tokens, i, published) {
            Some((end, value, precision)) => {
                // "17 y 18 de agosto de 2017", "17 and 18 August": the first day shares the rest.
                if precision == Precision::Day
                    && i >= 2
                    && WORDS.coordinators.contains(&tokens[i - 1].lower.as_ref())
                    && gap(line, &tokens, i - 2) == " "
                    && gap(line, &tokens, i - 1) == " "
                    && tokens[i].text.bytes().all(|b| b.is_ascii_digit())
                    && let Ok(day) = tokens[i - 2].text.parse::<u32>()
                    && let Some(date) =
                        NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok().and_then(|d| d.with_day(day))
                {
                    let first = &tokens[i - 2];
                    out.push(DateMention {
                        text: first.text.to_string(),
                        start: offset + first.start,
                        end: offset + first.end,
                        value: date.format("%Y-%m-%d").to_string(),
                        precision,
                    });
                }
                let (first, last) = (&tokens[i], &tokens[end - 1]);
                out.push(DateMention {
                    text: line[first.from..last.to].to_string(),
                    start: offset + first.start,
                    end: offset + last.end,
                    value,
                    precision,
                });
                i = end;
            }
            None => i += 1,
        }
    }
}

/// Words (letters and digits) with their offsets.
fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut current: Option<(usize, usize)> = None; // (byte, char) where the word started
    let mut chars = 0;
    for (byte, c) in text.char_indices() {
        if c.is_alphanumeric() {
            current.get_or_insert((byte, chars));
        } else if let Some((from, start)) = current.take() {
            tokens.push(token(text, from, byte, start, chars));
        }
        chars += 1;
    }
    if let Some((from, start)) = current {
        tokens.push(token(text, from, text.len(), start, chars));
    }
    tokens
}

fn token(text: &str, from: usize, to: usize, start: usize, end: usize) -> Token<'_> {
    let s = &text[from..to];
    Token { text: s, lower: vigil_core::words::lower(s), start, end, from, to }
}

/// The text between two tokens.
fn gap<'t>(text: &'t str, tokens: &[Token], a: usize) -> &'t str {
    tokens.get(a + 1).map_or("", |next| &text[tokens[a].to..next.from])
}

type Found = (usize, String, Precision);

fn match_at(text: &str, t: &[Token], i: usize, published: Option<NaiveDate>) -> Option<Found> {
    if !may_open(&t[i]) {
        return None;
    }
    iso(text, t, i)
        .or_else(|| published.and_then(|p| holiday(text, t, i, p)))
        .or_else(|| qualified_month(t, i, published))
        .or_else(|| published.and_then(|p| season(t, i, p)))
        .or_else(|| day_month_year(text, t, i, published))
        .or_else(|| month_day_year(text, t, i, published))
        .or_else(|| qualified_year(text, t, i))
        .or_else(|| published.and_then(|p| relative(text, t, i, p)))
        .or_else(|| bare_year(t, i))
}

/// Whether a date expression can start at this word: digits, a month or weekday, or one of the
/// words the patterns below begin with. Most words are none of these, and skip them all.
fn may_open(tok: &Token) -> bool {
    tok.text.starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            tok.lower.as_ref(),
            "in" | "since"
                | "until"
                | "by"
                | "during"
                | "en"
                | "im"
                | "depuis"
                | "last"
                | "this"
                | "next"
                | "earlier"
                | "later"
                | "early"
                | "late"
                | "mid"
                | "the"
                | "end"
                | "start"
                | "beginning"
                | "middle"
                | "ende"
                | "anfang"
                | "mitte"
                | "fin"
                | "début"
                | "debut"
                | "mi"
                | "yesterday"
                | "today"
                | "tonight"
                | "spring"
                | "summer"
                | "autumn"
                | "winter"
                | "over"
                | "more"
                | "nearly"
                | "almost"
                | "about"
                | "some"
                | "around"
                | "a"
                | "an"
                | "few"
                | "several"
                | "easter"
                | "christmas"
                | "new"
        )
        || number_word(&tok.lower).is_some()
        || month_of(tok).is_some()
        || weekday_number(&tok.lower).is_some()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn month(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

fn year_of(tok: &Token) -> Option<i32> {
    (tok.text.len() == 4).then(|| tok.text.parse().ok()).flatten().filter(|y| (1900..=2100).contains(y))
}

fn day_of(tok: &Token) -> Option<u32> {
    let digits = tok.lower.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &tok.lower[digits.len()..];
    let ok = matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "er");
    (ok && !digits.is_empty() && digits.len() <= 2)
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// A month word; "May" and "March" also need a capital letter to be months.
fn month_of(tok: &Token) -> Option<u32> {
    let capital = tok.text.starts_with(|c: char| c.is_uppercase());
    let m = month_number(&tok.lower)?;
    (capital || !is_full_english_month(&tok.lower) || !matches!(m, 3 | 5)).then_some(m)
}

/// `early March`, `in late July`, `earlier in March 2024`, `mid-April`, `début mars`,
/// `Anfang März`: a month, approximately.
fn qualified_month(t: &[Token], i: usize, published: Option<NaiveDate>) -> Option<Found> {
    let mut k = if t[i].lower == "in" { i + 1 } else { i };
    let q = t.get(k)?.lower.as_ref();
    k += 1;
    match q {
        "early" | "late" | "mid" | "début" | "debut" | "fin" | "mi" | "anfang" | "ende" | "mitte" => {}
        "earlier" | "later" => {}
        _ => return None,
    }
    // "earlier in March", "early in December".
    if matches!(q, "early" | "late" | "earlier" | "later") && t.get(k).is_some_and(|x| x.lower == "in") {
        k += 1;
    } else if matches!(q, "earlier" | "later") {
        return None;
    }
    let m = t.get(k).and_then(month_of)?;
    if let Some(y) = t.get(k + 1).and_then(year_of) {
        return Some((k + 2, month(y, m), Precision::Approx));
    }
    let p = published?;
    let y = match q {
        "later" if m >= p.month() => p.year(),
        "later" => p.year() + 1,
        _ if m <= p.month() => p.year(),
        _ => p.year() - 1,
    };
    Some((k + 1, month(y, m), Precision::Approx))
}

/// `last autumn`, `this summer`, `earlier this summer`, `spring 2022`: a year, approximately.
/// Seasons are those of the northern hemisphere, by the month in which each ends.
fn season(t: &[Token], i: usize, p: NaiveDate) -> Option<Found> {
    const SEASONS: [(&str, u32); 4] = [("spring", 5), ("summer", 8), ("autumn", 11), ("winter", 2)];
    let ending = |w: &str| SEASONS.iter().find(|(s, _)| *s == w).map(|(_, end)| *end);
    if ending(&t[i].lower).is_some() {
        let y = t.get(i + 1).and_then(year_of)?;
        return Some((i + 2, y.to_string(), Precision::Approx));
    }
    let (last, k) = match t[i].lower.as_ref() {
        "last" => (true, i + 1),
        "this" => (false, i + 1),
        "earlier" | "later" if t.get(i + 1).is_some_and(|x| x.lower == "this") => (false, i + 2),
        _ => return None,
    };
    let end = ending(&t.get(k)?.lower)?;
    let y = if last && end >= p.month() { p.year() - 1 } else { p.year() };
    Some((k + 1, y.to_string(), Precision::Approx))
}

/// Holidays that name a day: `Easter Sunday`, `Easter`, `New Year's Day`, `New Year's Eve`,
/// `Christmas Day` — the latest one on or before publication.
fn holiday(text: &str, t: &[Token], i: usize, p: NaiveDate) -> Option<Found> {
    let next_is = |k: usize, word: &str| t.get(i + k).is_some_and(|x| x.text == word);
    let (date_in, end): (fn(i32) -> Option<NaiveDate>, usize) = match t[i].text {
        "Easter" => (easter, if next_is(1, "Sunday") { i + 2 } else { i + 1 }),
        "Christmas" if next_is(1, "Day") => (|y| NaiveDate::from_ymd_opt(y, 12, 25), i + 2),
        "New" if next_is(1, "Year") && gap(text, t, i + 1).starts_with(['\'', '’']) && next_is(2, "s") => {
            if next_is(3, "Eve") {
                (|y| NaiveDate::from_ymd_opt(y, 12, 31), i + 4)
            } else if next_is(3, "Day") {
                (|y| NaiveDate::from_ymd_opt(y, 1, 1), i + 4)
            } else {
                return None;
            }
        }
        _ => return None,
    };
    if let Some(y) = t.get(end).and_then(year_of) {
        return Some((end + 1, day(date_in(y)?), Precision::Day));
    }
    // "the 2019 Easter Sunday bombings": the year just before names the holiday's year.
    if let Some(y) = i.checked_sub(1).filter(|&j| gap(text, t, j) == " ").and_then(|j| year_of(&t[j])) {
        return Some((end, day(date_in(y)?), Precision::Day));
    }
    let this = date_in(p.year())?;
    let date = if this <= p { this } else { date_in(p.year() - 1)? };
    Some((end, day(date), Precision::Day))
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus).
fn easter(y: i32) -> Option<NaiveDate> {
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

/// `2024-03-22`.
fn iso(text: &str, t: &[Token], i: usize) -> Option<Found> {
    let y = year_of(&t[i])?;
    let (m, d) = (t.get(i + 1)?, t.get(i + 2)?);
    if gap(text, t, i) != "-" || gap(text, t, i + 1) != "-" || m.text.len() != 2 || d.text.len() != 2 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y, m.text.parse().ok()?, d.text.parse().ok()?)?;
    Some((i + 3, day(date), Precision::Day))
}

/// The year of a day and month written without one: the latest such date on or before
/// publication, unless the date is only weeks ahead — news announces events too ("a ceremony
/// on 27 November" in an article of 21 November).
fn latest(published: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    const AHEAD_DAYS: i64 = 45;
    let y = published.year();
    // Candidates from next year back to the last leap year (for 29 February): the first one
    // not too far ahead.
    (y - 4..=y + 1)
        .rev()
        .filter_map(|year| NaiveDate::from_ymd_opt(year, m, d))
        .find(|date| (*date - published).num_days() <= AHEAD_DAYS)
}

/// `22 March 2024`, `22nd of March, 2024`, `22 March` (year from the publication date).
fn day_month_year(text: &str, t: &[Token], i: usize, published: Option<NaiveDate>) -> Option<Found> {
    let d = day_of(&t[i])?;
    let mut k = i + 1;
    // "22 March"; "25. März" in German style, but not "He was 25. March saw…".
    let between = gap(text, t, i);
    let german_style = between == ". " && t.get(k).is_some_and(|m| !m.lower.is_ascii());
    if !(between.trim().is_empty() || german_style) {
        return None;
    }
    if t.get(k).is_some_and(|w| matches!(w.lower.as_ref(), "of" | "de")) {
        k += 1;
    }
    let m = t.get(k).and_then(month_of)?;
    // "18 de agosto de 2017", "22 March, 2024".
    let y_at = if t.get(k + 1).is_some_and(|w| w.lower == "de") { k + 2 } else { k + 1 };
    if let Some(y) =
        t.get(y_at).and_then(year_of).filter(|_| matches!(gap(text, t, y_at - 1).trim(), "" | ","))
    {
        return Some((y_at + 1, day(NaiveDate::from_ymd_opt(y, m, d)?), Precision::Day));
    }
    Some((k + 1, day(yearless(text, t, i, published?, m, d)?), Precision::Day))
}

/// The year of a day and month written without one at token `i`: a year written earlier in
/// the sentence ("the 2017 bombing ... what was known about the attacker before 22 May"); the
/// next such day after "until" ("ordered detained until 22 May"); else the latest on or before
/// publication, or a few weeks ahead.
fn yearless(text: &str, t: &[Token], i: usize, published: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    for j in (0..i).rev() {
        if gap(text, t, j).contains(['.', '!', '?']) {
            break;
        }
        if let Some(y) = year_of(&t[j]).filter(|&y| y <= published.year()) {
            return NaiveDate::from_ymd_opt(y, m, d);
        }
    }
    let before = i.checked_sub(1).map(|j| t[j].lower.as_ref());
    if matches!(before, Some("until" | "till" | "jusqu'au" | "bis" | "hasta")) {
        return (published.year()..=published.year() + 1)
            .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
            .find(|date| *date >= published);
    }
    latest(published, m, d)
}

/// `March 22, 2024`, `March 22`, `March 2024`, and the same after a weekday ("Friday, March 22").
fn month_day_year(text: &str, t: &[Token], i: usize, published: Option<NaiveDate>) -> Option<Found> {
    let m = month_of(&t[i])?;
    if let Some(y) = t.get(i + 1).and_then(year_of) {
        return Some((i + 2, month(y, m), Precision::Month));
    }
    let d = t.get(i + 1).and_then(day_of).filter(|_| gap(text, t, i).trim().is_empty())?;
    if let Some(y) = t.get(i + 2).and_then(year_of).filter(|_| matches!(gap(text, t, i + 1).trim(), "" | ","))
    {
        return Some((i + 3, day(NaiveDate::from_ymd_opt(y, m, d)?), Precision::Day));
    }
    Some((i + 2, day(yearless(text, t, i, published?, m, d)?), Precision::Day))
}

/// `early 2024`, `late 2023`, `mid-2023`, `the end of 2022`, `the 1990s`.
fn qualified_year(text: &str, t: &[Token], i: usize) -> Option<Found> {
    let w = t[i].lower.as_ref();
    if matches!(w, "early" | "late" | "mid") {
        let y = t.get(i + 1).and_then(year_of).filter(|_| matches!(gap(text, t, i), " " | "-"))?;
        return Some((i + 2, y.to_string(), Precision::Approx));
    }
    let k = if w == "the" { i + 1 } else { i };
    let part = t.get(k).map(|x| x.lower.as_ref());
    if matches!(part, Some("end" | "start" | "beginning" | "middle"))
        && t.get(k + 1).is_some_and(|o| o.lower == "of")
    {
        let y = t.get(k + 2).and_then(year_of)?;
        return Some((k + 3, y.to_string(), Precision::Approx));
    }
    // German and French: "Ende 2022", "Anfang 2024", "fin 2023", "début 2024".
    if matches!(w, "ende" | "anfang" | "mitte" | "fin" | "début" | "debut") {
        let y = t.get(i + 1).and_then(year_of)?;
        return Some((i + 2, y.to_string(), Precision::Approx));
    }
    let decade = w.strip_suffix('s').filter(|d| d.len() == 4 && d.ends_with('0'))?;
    let y: i32 = decade.parse().ok().filter(|y| (1900..=2090).contains(y))?;
    Some((i + 1, y.to_string(), Precision::Approx))
}

/// A year on its own: `in 2019`, `the 2015 Paris attacks` — unless it counts something.
fn bare_year(t: &[Token], i: usize) -> Option<Found> {
    let y = year_of(&t[i])?;
    if t.get(i + 1).is_some_and(|n| WORDS.counted.contains(&n.lower.as_ref())) || !(1950..=2100).contains(&y)
    {
        return None;
    }
    Some((i + 1, y.to_string(), Precision::Year))
}

fn number_word(w: &str) -> Option<u64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    match w {
        "a" | "an" => Some(1),
        "a few" | "few" | "several" => Some(3),
        _ => WORDS
            .iter()
            .position(|n| *n == w)
            .map(|n| n as u64)
            .or_else(|| w.parse().ok().filter(|n| *n < 200)),
    }
}

/// Phrases resolved against the publication date `p`.
fn relative(text: &str, t: &[Token], i: usize, p: NaiveDate) -> Option<Found> {
    let w = t[i].lower.as_ref();
    match w {
        "yesterday" => return Some((i + 1, day(p.pred_opt()?), Precision::Day)),
        "today" | "tonight" => return Some((i + 1, day(p), Precision::Day)),
        _ => {}
    }
    if matches!(w, "earlier" | "later")
        && t.get(i + 1).is_some_and(|x| x.lower == "in")
        && t.get(i + 2).is_some_and(|x| x.lower == "the")
        && t.get(i + 3).is_some_and(|x| x.lower == "week")
    {
        return Some((i + 4, day(p), Precision::Approx));
    }
    if matches!(w, "last" | "this" | "next" | "earlier" | "later") {
        return shifted(t, i, p);
    }
    if matches!(w, "in" | "since" | "until" | "by" | "during" | "en" | "im" | "depuis") {
        // "in June": the latest June on or before publication.
        let m = t.get(i + 1).and_then(month_of)?;
        if t.get(i + 2).and_then(year_of).is_some() || t.get(i + 2).and_then(day_of).is_some() {
            return None; // "in June 2023" / "in June 5": the month patterns take it from the month
        }
        let y = if m <= p.month() { p.year() } else { p.year() - 1 };
        return Some((i + 2, month(y, m), Precision::Month));
    }
    if let Some(wd) = weekday_number(w) {
        if i > 0 && WORDS.named.contains(&t[i - 1].text) {
            return None;
        }
        // "Friday, March 22": the date that follows says it all.
        if t.get(i + 1).is_some_and(|n| month_of(n).is_some() || day_of(n).is_some()) {
            return None;
        }
        let today = p.weekday().num_days_from_monday();
        if future(text, t, i) {
            let ahead = (wd + 7 - today) % 7;
            return Some((i + 1, day(p.checked_add_days(Days::new(ahead.into()))?), Precision::Day));
        }
        let back = (today + 7 - wd) % 7;
        return Some((i + 1, day(p.checked_sub_days(Days::new(back.into()))?), Precision::Day));
    }
    ago(text, t, i, p)
}

/// Whether the clause before token `i` speaks of the future ("will meet on Monday", "is due to
/// open on Friday"), looking back to the start of the sentence or eight words.
fn future(text: &str, t: &[Token], i: usize) -> bool {
    let before = &t[i.saturating_sub(6)..i];
    if before.iter().any(|w| WORDS.declared.contains(&w.lower.as_ref()))
        && t[i.saturating_sub(4)..(i + 6).min(t.len())]
            .iter()
            .any(|w| WORDS.mourning.contains(&w.lower.as_ref()))
    {
        return true;
    }
    for k in (i.saturating_sub(8)..i).rev() {
        if gap(text, t, k).contains(['.', '!', '?', ';']) {
            return false;
        }
        if WORDS.cues.contains(&t[k].lower.as_ref()) {
            // "had been scheduled for Wednesday", "was due on Friday": a plan of the past.
            let before = |n: usize| k.checked_sub(n).map(|j| t[j].lower.as_ref());
            return !matches!(before(1), Some("was" | "were" | "had" | "been"));
        }
    }
    false
}

/// `last week`, `this month`, `last October`, `next year`, `earlier this year`, `last Friday`.
fn shifted(t: &[Token], i: usize, p: NaiveDate) -> Option<Found> {
    let w = t[i].lower.as_ref();
    let (w, k) = if matches!(w, "earlier" | "later") && t.get(i + 1).is_some_and(|x| x.lower == "this") {
        ("this", i + 2)
    } else {
        (w, i + 1)
    };
    if matches!(t[i].lower.as_ref(), "earlier" | "later") && k == i + 1 {
        return None;
    }
    let unit = t.get(k)?;
    let step: i32 = match w {
        "last" => -1,
        "next" => 1,
        _ => 0,
    };

    match unit.lower.as_ref() {
        "week" => {
            let d = p.checked_add_signed(chrono::Duration::days(7 * i64::from(step)))?;
            Some((k + 1, day(d), Precision::Approx))
        }
        "month" => {
            let d = if step < 0 {
                p.checked_sub_months(Months::new(1))?
            } else if step > 0 {
                p.checked_add_months(Months::new(1))?
            } else {
                p
            };
            Some((
                k + 1,
                month(d.year(), d.month()),
                if k == i + 2 { Precision::Approx } else { Precision::Month },
            ))
        }
        "year" => Some((
            k + 1,
            (p.year() + step).to_string(),
            if k == i + 2 { Precision::Approx } else { Precision::Year },
        )),
        "night" if step < 0 => Some((k + 1, day(p.pred_opt()?), Precision::Day)),
        // Last weekend: its Saturday, approximately.
        "weekend" if step < 0 => {
            let back = match (p.weekday().num_days_from_monday() + 2) % 7 {
                0 => 7,
                n => n,
            };
            Some((k + 1, day(p.checked_sub_days(Days::new(back.into()))?), Precision::Approx))
        }
        "morning" | "afternoon" | "evening" if step == 0 => Some((k + 1, day(p), Precision::Day)),
        _ => {
            if let Some(wd) = weekday_number(&unit.lower) {
                let today = p.weekday().num_days_from_monday();
                if step > 0 {
                    let ahead = match (wd + 7 - today) % 7 {
                        0 => 7,
                        n => n,
                    };
                    return Some((k + 1, day(p.checked_add_days(Days::new(ahead.into()))?), Precision::Day));
                }
                let back = (today + 7 - wd) % 7;
                let back = if step < 0 && back == 0 { 7 } else { back };
                return Some((k + 1, day(p.checked_sub_days(Days::new(back.into()))?), Precision::Day));
            }
            let m = month_of(unit)?;
            let y = match step {
                -1 if m < p.month() => p.year(),
                -1 => p.year() - 1,
                1 if m > p.month() => p.year(),
                1 => p.year() + 1,
                _ => p.year(),
            };
            Some((k + 1, month(y, m), Precision::Month))
        }
    }
}

/// `two years ago`, `three weeks ago`, `over a decade ago`, `5 days ago`.
fn ago(text: &str, t: &[Token], i: usize, p: NaiveDate) -> Option<Found> {
    let mut k = i;
    let mut approx = false;
    if matches!(t[k].lower.as_ref(), "over" | "more" | "nearly" | "almost" | "about" | "some" | "around") {
        approx = true;
        k += if t[k].lower == "more" && t.get(k + 1).is_some_and(|x| x.lower == "than") { 2 } else { 1 };
    }
    let first = t.get(k)?.lower.as_ref();
    // "5,000 years ago" and "1.5 years" are not "000 years" and "5 years".
    if k > 0 && matches!(gap(text, t, k - 1), "," | ".") && t[k - 1].text.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let (n, k) = if first == "a" && t.get(k + 1).is_some_and(|x| x.lower == "few") {
        (3, k + 2)
    } else {
        (number_word(first)?, k + 1)
    };
    let unit = t.get(k)?.lower.as_ref();
    if t.get(k + 1).is_none_or(|x| x.lower != "ago") || !gap(text, t, k).trim().is_empty() {
        return None;
    }
    let approx = approx || matches!(first, "several" | "few") || (first == "a" && n == 3);
    let end = k + 2;
    let found = match unit.trim_end_matches('s') {
        "day" => {
            (day(p.checked_sub_days(Days::new(n))?), if approx { Precision::Approx } else { Precision::Day })
        }
        "week" => (day(p.checked_sub_days(Days::new(7 * n))?), Precision::Approx),
        "month" => {
            let d = p.checked_sub_months(Months::new(n as u32))?;
            (month(d.year(), d.month()), Precision::Approx)
        }
        "year" => ((p.year() - n as i32).to_string(), Precision::Approx),
        "decade" => ((p.year() - 10 * n as i32).to_string(), Precision::Approx),
        _ => return None,
    };
    Some((end, found.0, found.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_load_whole() {
        let w = &*WORDS;
        for list in [w.coordinators, w.counted, w.cues, w.mourning, w.declared] {
            assert!(!list.is_empty() && list.iter().all(|x| *x == x.to_lowercase()), "{list:?}");
        }
        assert!(w.named.contains(&"Bloody"), "named days keep their capitals");
    }

    /// Publication date of the test article: Monday 25 March 2024.
    fn published() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 25).unwrap()
    }

    fn one(phrase: &str) -> Option<(String, String, Precision)> {
        let found = find(phrase, Some(published()));
        found.into_iter().next().map(|d| (d.text, d.value, d.precision))
    }

    /// Expected value and precision <- surface forms, against Monday 25 March 2024.
    #[test]
    fn normalises_news_phrasing() {
        use Precision::*;
        let corpus: &[(&str, Precision, &[&str])] = &[
            (
                "2024-03-22",
                Day,
                &[
                    "22 March 2024",
                    "March 22, 2024",
                    "22nd of March, 2024",
                    "2024-03-22",
                    "on Friday",
                    "Friday",
                    "last Friday",
                    "on March 22",
                    "22 March",
                    "22 mars 2024",
                    "22 марта 2024",
                ],
            ),
            ("2024-03-24", Day, &["yesterday", "on Sunday"]),
            ("2024-03-25", Day, &["today", "this morning", "on Monday"]),
            ("2024-03", Month, &["March 2024", "this month", "in March"]),
            ("2024-02", Month, &["last month", "in February"]),
            ("2023-10", Month, &["last October", "in October", "October 2023"]),
            ("2023-06", Month, &["in June"]),
            ("2024", Year, &["this year", "in 2024"]),
            ("2023", Year, &["last year", "in 2023", "since 2023"]),
            ("2024-03-18", Approx, &["last week"]),
            ("2024-03", Approx, &["earlier this month"]),
            ("2024", Approx, &["early 2024", "earlier this year"]),
            ("2023", Approx, &["late 2023", "mid-2023", "the end of 2023"]),
            ("2014", Approx, &["over a decade ago", "a decade ago"]),
            ("2022", Approx, &["two years ago", "2 years ago"]),
            ("2024-03-04", Approx, &["three weeks ago"]),
            ("1990", Approx, &["the 1990s"]),
        ];
        for (value, precision, forms) in corpus {
            for form in *forms {
                let found = one(form);
                assert!(
                    found.as_ref().is_some_and(|(_, v, p)| v == value && p == precision),
                    "{form:?} gave {found:?}, want {value} ({precision:?})"
                );
            }
        }
    }

    #[test]
    fn review_cases() {
        assert_eq!(one("5,000 years ago"), None);
        assert_eq!(one("a few days ago").map(|f| f.2), Some(Precision::Approx));
        let december = NaiveDate::from_ymd_opt(2023, 12, 20).unwrap();
        assert_eq!(find("a ceremony on 5 January", Some(december))[0].value, "2024-01-05");
        let leap_after = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert_eq!(find("on 29 February", Some(leap_after))[0].value, "2024-02-29");
        assert_eq!(one("Easter 2019").map(|f| f.1), Some("2019-04-21".into()));
        assert_eq!(one("later in April").map(|f| f.1), Some("2024-04".into()));
        assert!(
            find("He was 25. March saw more arrests.", Some(published()))
                .iter()
                .all(|d| d.text != "25. March")
        );
        assert!(one("the Good Friday Agreement").is_none());
        assert_eq!(one("last weekend").map(|f| (f.1, f.2)), Some(("2024-03-23".into(), Precision::Approx)));
        assert_eq!(one("last night").map(|f| (f.1, f.2)), Some(("2024-03-24".into(), Precision::Day)));
    }

    #[test]
    fn a_weekday_before_a_date_is_not_a_second_date() {
        let found = find("on Friday, March 22, police said", Some(published()));
        assert_eq!(found.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(), vec!["March 22"]);
    }

    #[test]
    fn qualified_months_seasons_and_holidays() {
        use Precision::*;
        let corpus: &[(&str, Precision, &[&str])] = &[
            (
                "2024-03",
                Approx,
                &[
                    "early March",
                    "in early March",
                    "earlier in March",
                    "earlier in March 2024",
                    "mid-March",
                    "début mars",
                ],
            ),
            ("2023-12", Approx, &["late December", "late December 2023"]),
            ("2023", Approx, &["last autumn", "the end of 2023", "Ende 2023", "spring 2023"]),
            ("2024", Approx, &["this summer", "earlier this winter"]),
            ("2023-04-09", Day, &["Easter Sunday", "Easter"]),
            ("2024-01-01", Day, &["New Year's Day", "New Year’s Day"]),
            ("2023-12-25", Day, &["Christmas Day"]),
            ("2017-08-18", Day, &["18 de agosto de 2017"]),
            ("2024-01", Month, &["en janvier", "im Januar"]),
            ("2024-03-22", Day, &["vendredi", "am Freitagabend", "в пятницу", "el viernes"]),
        ];
        for (value, precision, forms) in corpus {
            for form in *forms {
                let found = find(form, Some(published()));
                let last = found.last().map(|d| (d.value.clone(), d.precision));
                assert_eq!(last, Some((value.to_string(), *precision)), "{form:?}: {found:?}");
            }
        }
        assert_eq!(easter(2019), NaiveDate::from_ymd_opt(2019, 4, 21));
        assert_eq!(easter(2024), NaiveDate::from_ymd_opt(2024, 3, 31));
        let review = NaiveDate::from_ymd_opt(2019, 4, 22).unwrap();
        assert_eq!(find("the Easter Sunday bombings", Some(review))[0].value, "2019-04-21");
        let anniversary = NaiveDate::from_ymd_opt(2018, 8, 17).unwrap();
        let found = find(
            "Los atentados del 17 y 18 de agosto de 2017. En la tarde del 17 de agosto, una furgoneta.",
            Some(anniversary),
        );
        let values: Vec<(&str, &str)> = found.iter().map(|d| (d.text.as_str(), d.value.as_str())).collect();
        assert_eq!(
            values,
            vec![
                ("17", "2017-08-17"),
                ("18 de agosto de 2017", "2017-08-18"),
                ("17 de agosto", "2017-08-17")
            ]
        );
        let later = NaiveDate::from_ymd_opt(2024, 4, 19).unwrap();
        let found =
            find("A Review of the 2019 Easter Sunday Bombings\nFive years after Easter Sunday,", Some(later));
        let values: Vec<&str> = found.iter().map(|d| d.value.as_str()).collect();
        assert_eq!(values, vec!["2019", "2019-04-21", "2019-04-21"], "{found:?}");
        assert_eq!(find("Easter Sunday", Some(later))[0].value, "2024-03-31", "no earlier year: the latest");
    }

    #[test]
    fn future_weekdays_look_ahead() {
        assert_eq!(
            one("next Monday").map(|f| f.1),
            Some("2024-04-01".into()),
            "on a Monday, next Monday is a week on"
        );
        assert_eq!(
            one("a ceremony on 5 April").map(|f| f.1),
            Some("2024-04-05".into()),
            "weeks ahead: announced"
        );
        assert_eq!(one("since 30 June").map(|f| f.1), Some("2023-06-30".into()), "months ahead: last year");
        assert_eq!(one("The court will rule on Thursday.").map(|f| f.1), Some("2024-03-28".into()));
        assert_eq!(
            one("He was arrested. On Thursday he appeared in court.").map(|f| f.1),
            Some("2024-03-21".into())
        );
    }

    #[test]
    fn plans_mourning_and_deadlines() {
        let value = |phrase: &str| one(phrase).map(|f| f.1);
        // Monday 25 March 2024.
        assert_eq!(value("He declared Sunday a national day of mourning."), Some("2024-03-31".into()));
        assert_eq!(value("Il a décrété une journée de deuil national dimanche."), Some("2024-03-31".into()));
        assert_eq!(value("The match had been scheduled for Saturday night."), Some("2024-03-23".into()));
        assert_eq!(value("They were ordered detained until 22 May."), Some("2024-05-22".into()));
        assert_eq!(value("Russia observed a national day of mourning on Sunday."), Some("2024-03-24".into()));
        let found =
            find("The inquiry into the 2017 bombing asks what was known before 22 May.", Some(published()));
        assert_eq!(found.last().map(|d| d.value.as_str()), Some("2017-05-22"));
    }

    #[test]
    fn leaves_numbers_and_words_alone() {
        for text in [
            "2000 fighters",
            "4,000 to 6,000 fighters",
            "it may rise",
            "to march on",
            "the group is 1",
            "one year",
        ] {
            assert_eq!(find(text, Some(published())), vec![], "{text}");
        }
        assert!(find("on Friday", None).is_empty(), "relative dates need a publication date");
        assert_eq!(find("22 March 2024", None).len(), 1, "absolute ones do not");
    }

    #[test]
    fn spans_are_characters_and_cover_the_phrase() {
        let text = "Аналитики: «Атака 22 марта 2024 года» — and last week, ISKP…";
        let found = find(text, Some(published()));
        assert_eq!(found.len(), 2);
        for d in &found {
            let span: String = text.chars().skip(d.start).take(d.end - d.start).collect();
            assert_eq!(span, d.text);
        }
        assert_eq!(found[0].text, "22 марта 2024");
        assert_eq!(found[1].text, "last week");
    }
}
