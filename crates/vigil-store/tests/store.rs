//! The store's behaviour through its interface, and what is particular to the SQLite file:
//! migrations, WAL, and clear errors for missing, foreign and damaged files.

use vigil_store::{SqliteStore, Store, StoreError, conformance};

#[test]
fn sqlite_store_conforms() {
    conformance::all(&|| Box::new(SqliteStore::in_memory().unwrap()) as Box<dyn Store>);
}

#[test]
fn sqlite_store_keeps_incidents() {
    conformance::incidents_are_resolved_listed_and_cleared(&mut SqliteStore::in_memory().unwrap());
}

#[test]
fn a_file_store_conforms_and_persists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    {
        let mut store = SqliteStore::create(&path).unwrap();
        conformance::runs_are_recorded(&mut store);
        conformance::exact_duplicates_are_skipped(&mut store);
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.documents(&Default::default()).unwrap().len(), 1);
    let mode: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn migrations_bring_a_new_file_to_the_latest_version_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let store = SqliteStore::create(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SqliteStore::known_version());
    drop(store);
    let store = SqliteStore::create(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SqliteStore::known_version(), "reopening is a no-op");
}

#[test]
fn refuses_a_store_from_a_newer_vigil() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    drop(SqliteStore::create(&path).unwrap());
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let err = SqliteStore::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::NewerSchema { found: 99, .. }), "{err}");
}

#[test]
fn clear_errors_for_missing_foreign_and_damaged_files() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let err = SqliteStore::open(&missing).err().unwrap();
    assert!(matches!(err, StoreError::Missing(_)) && err.to_string().contains("vigil ingest"), "{err}");
    assert!(!missing.exists(), "opening for a query does not create a store");

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "this is a text file, not a database ".repeat(200)).unwrap();
    let err = SqliteStore::open(&junk).err().unwrap();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");

    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let err = SqliteStore::open(&foreign).err().unwrap();
    assert!(err.to_string().contains("another application"), "{err}");
}

#[test]
fn a_version_1_store_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../migrations/0001_documents.sql")).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO documents (id, title, source, source_key, language, language_confidence, format, origin, text, ingested_at, minhash) \
             VALUES ('0123456789abcdef0123456789abcdef', 'Old', 'Wire', 'wire', 'en', 1.0, 'text', 'old.txt', 'Kept across upgrades.', '2026-01-01T00:00:00Z', x'00')",
            [],
        )
        .unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SqliteStore::known_version());
    let docs = store.documents(&Default::default()).unwrap();
    assert_eq!(docs.len(), 1, "documents survive the upgrade");
    assert!(store.document("0123").unwrap().groups.is_empty(), "old documents have no facts yet");
    conformance::facts_are_stored_and_filter_documents(&mut store);
}
