//! Any query: translated or refused by vigil with a reason; what is accepted, FTS5 runs.
#![no_main]
mod common;

use libfuzzer_sys::fuzz_target;
use vigil_store::{DocFilter, SearchQuery, SqliteStore, Store, StoreError};

thread_local! {
    static STORE: SqliteStore = SqliteStore::in_memory().expect("a store in memory");
}

fuzz_target!(init: common::abort_on_uncontained_panics(), |data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let searched = STORE.with(|store| {
        store.search(&SearchQuery { text: text.clone(), filter: DocFilter { limit: 10, ..DocFilter::default() } })
    });
    match searched {
        Ok(_) => {}
        Err(StoreError::Query(why)) => assert!(!why.contains("fts5") && !why.contains("syntax error"), "{text:?}: {why}"),
        Err(e) => panic!("{text:?}: {e}"),
    }
});
