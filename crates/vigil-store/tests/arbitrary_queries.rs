//! Arbitrary queries: the translation never panics, and whatever it accepts is a valid FTS5
//! expression that the index runs (a refused query is refused by vigil, with its reason,
//! never by FTS5 or SQLite). `PROPTEST_CASES` sets the cases per property (default 256).

use proptest::prelude::*;
use vigil_store::{DocFilter, SearchQuery, SqliteStore, Store, StoreError, to_fts5};

fn query() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "Kerman",
        "ISIS-K",
        "al-Naba",
        "Crocus City Hall",
        "AND",
        "OR",
        "NOT",
        "and",
        "(",
        ")",
        "\"",
        "“",
        "”",
        "«",
        "»",
        "„",
        "*",
        "Kho*",
        "a*",
        "**",
        "-",
        "^",
        ":",
        "+",
        "NEAR",
        "NEAR(",
        "col:",
        "{",
        "}",
        "'",
        "\\",
        "\u{0}",
        "\t",
        "\n",
        "é",
        "\u{301}",
        "\u{200b}",
        "Исламское",
        "داعش",
        "0",
        "1.5",
        " ",
    ];
    let piece = prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|parts| parts.join(" "))
}

proptest! {
    #[test]
    fn accepted_queries_run_and_refused_ones_say_why(text in query()) {
        thread_local! {
            static STORE: SqliteStore = SqliteStore::in_memory().unwrap();
        }
        let translated = to_fts5(&text);
        let searched = STORE.with(|store| {
            store.search(&SearchQuery { text: text.clone(), filter: DocFilter { limit: 10, ..DocFilter::default() } })
        });
        match (translated, searched) {
            (Ok(fts), Ok(_)) => prop_assert!(fts.matches('"').count() % 2 == 0, "{fts}"),
            (Err(StoreError::Query(why)), Err(StoreError::Query(again))) => {
                prop_assert_eq!(&why, &again);
                prop_assert!(!why.contains("fts5") && !why.contains("syntax error"), "{why}");
            }
            (t, s) => prop_assert!(false, "{text:?}: translated {t:?}, searched {s:?}"),
        }
    }

    #[test]
    fn any_string_is_translated_or_refused(text in any::<String>()) {
        match to_fts5(&text) {
            Ok(fts) => prop_assert!(!fts.is_empty()),
            Err(e) => prop_assert!(matches!(e, StoreError::Query(_))),
        }
    }
}
