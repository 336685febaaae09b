//! Arbitrary and half-formed text through extraction: it never panics, and every fact's
//! evidence is a span inside the text (the invariant the store and the dashboard rely on to
//! quote and highlight it). `PROPTEST_CASES` sets the cases per property (default 256).

use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::Value;
use vigil_extract::{Extractor, dates, sentences};

fn extractor() -> &'static Extractor {
    static BUILT: OnceLock<Extractor> = OnceLock::new();
    BUILT.get_or_init(Extractor::builtin)
}

/// Reporting-like text: the words, names, figures and marks extraction keys on, in any
/// order, with arbitrary text among them.
fn reporting() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "Islamic State",
        "ISKP",
        "ISIS-K",
        "al-Shabaab",
        "Kabul",
        "Kerman",
        "Moscow",
        "Crocus City Hall",
        "Cabo Delgado",
        "Palma",
        "Bondi Beach",
        "killed",
        "injured",
        "wounded",
        "at least",
        "more than",
        "12",
        "1,200",
        "two",
        "dozens of",
        "people",
        "fighters",
        "said",
        "told",
        "according to",
        "claimed",
        "responsibility",
        "inspired",
        "directed",
        "by",
        "on",
        "Monday",
        "22 March 2024",
        "2024-03-22",
        "last week",
        "in March",
        "yesterday",
        "\"",
        "“",
        "”",
        "«",
        "»",
        "'",
        ". ",
        ", ",
        "; ",
        ": ",
        " — ",
        "\n",
        "\n\n",
        "- ",
        "* ",
        "# ",
        "Mr.",
        "Dr.",
        "U.S.",
        "Gen.",
        "Ahmad Shah",
        "Sanaullah Ghafari",
        "(",
        ")",
        "%",
        "$",
        "million",
        "¼",
        "١٢",
        "二十",
        "é",
        "\u{301}",
        "\u{200b}",
        "\u{feff}",
        "İ",
        "ß",
        "ﬁ",
    ];
    let piece = prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>(),
        2 => "[ A-Za-z]{1,10}",
    ];
    prop::collection::vec(piece, 0..160).prop_map(|parts| parts.join(" "))
}

/// Every object in the facts that has a `start` and an `end` is a span of the text: start at
/// most end, end at most the text's length in characters.
fn spans_inside(value: &Value, chars: usize) -> Result<(), TestCaseError> {
    match value {
        Value::Object(map) => {
            if let (Some(start), Some(end)) =
                (map.get("start").and_then(Value::as_u64), map.get("end").and_then(Value::as_u64))
            {
                prop_assert!(
                    start <= end && end as usize <= chars,
                    "span {start}..{end} of {chars} characters"
                );
            }
            map.values().try_for_each(|v| spans_inside(v, chars))
        }
        Value::Array(items) => items.iter().try_for_each(|v| spans_inside(v, chars)),
        _ => Ok(()),
    }
}

proptest! {
    #[test]
    fn extraction_keeps_its_evidence_inside_the_text(text in reporting(), day in 0u32..20_000) {
        let published = NaiveDate::from_ymd_opt(1990, 1, 1).and_then(|d| d.checked_add_days(chrono::Days::new(day.into())));
        let facts = extractor().extract(&text, published).facts();
        let chars = text.chars().count();
        spans_inside(&serde_json::to_value(&facts).unwrap(), chars)?;
    }

    #[test]
    fn any_text_is_split_and_dated(text in prop_oneof![any::<String>(), reporting()], year in -5000i32..15000) {
        let published = NaiveDate::from_ymd_opt(year, 6, 30);
        let chars = text.chars().count();
        for s in sentences::split(&text) {
            prop_assert!(s.start <= s.end && s.end <= chars);
        }
        for d in dates::find(&text, published) {
            prop_assert!(d.start <= d.end && d.end <= chars);
            prop_assert_eq!(text.chars().skip(d.start).take(d.end - d.start).collect::<String>(), d.text);
            let year: i32 = d.value.get(..4).and_then(|y| y.parse().ok()).unwrap_or(-1);
            prop_assert!((1000..=9999).contains(&year), "a four-digit year: {}", d.value);
        }
        let facts = extractor().extract(&text, published).facts();
        spans_inside(&serde_json::to_value(&facts).unwrap(), chars)?;
    }
}
