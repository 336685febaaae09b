//! Publication dates as sources write them: metadata stamps (RFC 3339, RFC 2822, ISO days,
//! PDF dates) and date lines in text ("Published 25 March 2024", "March 25, 2024",
//! "23 mars 2024", "24 марта 2024").
//!
//! This module reads only explicit calendar dates. Relative phrases ("last week") belong to
//! extraction, which resolves them against the publication date found here.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use vigil_core::calendar::month_number;

/// A calendar day with the UTC time of day when the source gave one.
pub type Stamp = (NaiveDate, Option<NaiveTime>);

/// Parses a metadata date value. Offsets are converted to UTC.
pub fn parse_stamp(s: &str) -> Option<Stamp> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let utc = |dt: DateTime<chrono::FixedOffset>| {
        let n = dt.with_timezone(&Utc).naive_utc();
        (n.date(), Some(n.time()))
    };
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return plausible(utc(dt));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return plausible(utc(dt));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return plausible(utc(dt));
        }
    }
    for fmt in
        ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return plausible((dt.date(), Some(dt.time())));
        }
    }
    if let Some(stamp) = parse_pdf_date(s) {
        return Some(stamp);
    }
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return plausible((d, None));
        }
    }
    find_date(s).map(|d| (d, None))
}

/// PDF dates: `D:YYYYMMDDHHmmSS` with an optional `Z` or `+HH'mm'` / `-HH'mm'` offset,
/// converted to UTC.
fn parse_pdf_date(s: &str) -> Option<Stamp> {
    let rest = s.strip_prefix("D:")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let date = NaiveDate::parse_from_str(digits.get(..8)?, "%Y%m%d").ok()?;
    let Some(time) = digits.get(8..14).and_then(|t| NaiveTime::parse_from_str(t, "%H%M%S").ok()) else {
        return plausible((date, None));
    };
    let offset = &rest[digits.len()..];
    let sign = match offset.chars().next() {
        Some('+') => 1,
        Some('-') => -1,
        _ => 0,
    };
    let numbers: String = offset.chars().filter(char::is_ascii_digit).collect();
    let hours: i64 = numbers.get(..2).and_then(|h| h.parse().ok()).unwrap_or(0);
    let minutes: i64 = numbers.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    let utc = date.and_time(time) - chrono::Duration::minutes(sign * (hours * 60 + minutes));
    plausible((utc.date(), Some(utc.time())))
}

fn plausible(stamp: Stamp) -> Option<Stamp> {
    (1900..=2100).contains(&stamp.0.year()).then_some(stamp)
}

/// The date in a document's address: `/2024/11/25/`, `/2024/11/25-slug`, `/2024-11-25/`.
/// A year and month alone (`/2024/11/slug`) make no day, so no date.
pub fn url_date(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next()?;
    let parts: Vec<&str> = path.split('/').collect();
    // The leading digits of a path part, when there are `min..=max` of them.
    let number = |s: &str, min: usize, max: usize| -> Option<u32> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (min..=max).contains(&n).then(|| s[..n].parse().ok()).flatten()
    };
    let day = |y: u32, m: u32, d: u32| {
        NaiveDate::from_ymd_opt(y as i32, m, d).filter(|d| plausible((*d, None)).is_some())
    };
    for (i, part) in parts.iter().enumerate().skip(1) {
        if part.len() >= 10
            && let Some(d) = iso_day(part)
        {
            return Some(d);
        }
        if part.len() == 4
            && let (Some(y), Some(m), Some(d)) = (
                number(part, 4, 4),
                parts.get(i + 1).filter(|p| p.len() <= 2).and_then(|p| number(p, 1, 2)),
                parts.get(i + 2).and_then(|p| number(p, 1, 2)),
            )
            && let Some(date) = day(y, m, d)
        {
            return Some(date);
        }
    }
    None
}

/// Finds the first explicit calendar date in a line of text: `25 March 2024`, `March 25, 2024`,
/// `25th of March 2024`, `2024-03-25`, or the same with French, German, Spanish, Italian,
/// Portuguese or Russian month names.
pub fn find_date(line: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '|' | '·' | '—' | '–'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(d) = iso_day(w) {
            return Some(d);
        }
        let Some(month) = month_number(w) else {
            continue;
        };
        // Day before the month: "25 March 2024", "25th of March, 2024", "25. März 2024".
        let before = i.checked_sub(1).and_then(|j| {
            let j =
                if words[j].eq_ignore_ascii_case("of") || words[j] == "de" { j.checked_sub(1)? } else { j };
            day_number(words[j])
        });
        let mut k = i + 1;
        if words.get(k).is_some_and(|w| *w == "de") {
            k += 1;
        }
        if let Some(day) = before
            && let Some(d) =
                words.get(k).and_then(|y| year_number(y)).and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
        {
            return Some(d);
        }
        // Day after the month: "March 25, 2024".
        if let (Some(day), Some(year)) =
            (words.get(i + 1).and_then(|w| day_number(w)), words.get(i + 2).and_then(|w| year_number(w)))
            && let Some(d) = NaiveDate::from_ymd_opt(year, month, day)
        {
            return Some(d);
        }
    }
    None
}

fn iso_day(w: &str) -> Option<NaiveDate> {
    let w = w.trim_start_matches(|c: char| !c.is_ascii_digit());
    let day = w.get(..10)?;
    if w[10..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok().and_then(|d| plausible((d, None))).map(|s| s.0)
}

fn day_number(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix.to_ascii_lowercase().as_str(), "" | "st" | "nd" | "rd" | "th" | "er") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(w: &str) -> Option<i32> {
    let w = w.trim_end_matches(['.', ',', ':', ';']);
    let w = w.strip_suffix("г").unwrap_or(w);
    (w.len() == 4).then(|| w.parse().ok()).flatten().filter(|y| (1900..=2100).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_in_addresses() {
        assert_eq!(url_date("https://news.example/2024/11/25/raid-on-a-village"), Some(day(2024, 11, 25)));
        assert_eq!(url_date("https://news.example/world/2024/11/25-raid"), Some(day(2024, 11, 25)));
        assert_eq!(url_date("https://news.example/2024-11-25/raid"), Some(day(2024, 11, 25)));
        assert_eq!(url_date("https://news.example/news/2026/1/30/slug"), Some(day(2026, 1, 30)));
        assert_eq!(url_date("https://news.example/news/2024/11/raid"), None, "no day");
        assert_eq!(url_date("https://news.example/2024/13/40/x"), None);
        assert_eq!(url_date("https://news.example/story/071220214-amp"), None);
        assert_eq!(url_date("https://news.example/a?d=2024/11/25"), None, "not in the query");
    }

    /// Expected value <- surface forms.
    #[test]
    fn finds_dates_in_lines() {
        let corpus: &[(NaiveDate, &[&str])] = &[
            (
                day(2024, 3, 25),
                &[
                    "Published 25 March 2024",
                    "Updated: March 25, 2024 14:05 GMT",
                    "25th of March, 2024",
                    "Monday 25 Mar 2024 | 09:10",
                    "posted 2024-03-25T09:10:00Z",
                    "le 25 mars 2024",
                    "Veröffentlicht am 25. März 2024",
                    "25 de marzo de 2024",
                    "25 марта 2024 г.",
                ],
            ),
            (day(2019, 4, 21), &["Sunday, April 21st, 2019", "21 avril 2019"]),
        ];
        for (want, forms) in corpus {
            for form in *forms {
                assert_eq!(find_date(form), Some(*want), "{form}");
            }
        }
        for none in
            ["May the group return?", "March 2024", "on 45 March 2024", "Published today", "32 May 2024"]
        {
            assert_eq!(find_date(none), None, "{none}");
        }
    }

    #[test]
    fn parses_metadata_stamps_to_utc() {
        let t = |h, m, s| Some(NaiveTime::from_hms_opt(h, m, s).unwrap());
        assert_eq!(parse_stamp("2024-03-22T21:40:00Z"), Some((day(2024, 3, 22), t(21, 40, 0))));
        assert_eq!(parse_stamp("2024-03-23T01:10:00+03:00"), Some((day(2024, 3, 22), t(22, 10, 0))));
        assert_eq!(parse_stamp("Fri, 22 Mar 2024 18:05:00 GMT"), Some((day(2024, 3, 22), t(18, 5, 0))));
        assert_eq!(parse_stamp("2024-03-22"), Some((day(2024, 3, 22), None)));
        assert_eq!(parse_stamp("D:20240322101500+01'00'"), Some((day(2024, 3, 22), t(9, 15, 0))));
        assert_eq!(parse_stamp("D:20240323013000+03'00'"), Some((day(2024, 3, 22), t(22, 30, 0))));
        assert_eq!(parse_stamp("D:20240322220000-05'30"), Some((day(2024, 3, 23), t(3, 30, 0))));
        assert_eq!(parse_stamp("D:20240618000000Z"), Some((day(2024, 6, 18), t(0, 0, 0))));
        assert_eq!(parse_stamp("D:20240618"), Some((day(2024, 6, 18), None)));
        assert_eq!(parse_stamp("22 March 2024"), Some((day(2024, 3, 22), None)));
        assert_eq!(parse_stamp("yesterday"), None);
        assert_eq!(parse_stamp("0001-01-01T00:00:00Z"), None);
    }
}
