//! Store errors, worded for the analyst who has to act on them.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store at {0} (create one with `vigil ingest PATH --db {0}`)")]
    Missing(PathBuf),
    #[error("{path} is not a vigil store or is damaged: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path} was written by a newer vigil (schema version {found}; this build knows up to {known})")]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("bad query: {0}")]
    Query(String),
    #[error("no incident {0} (list them with `vigil incidents`)")]
    NoIncident(i64),
    #[error("no document matches {0:?}")]
    NotFound(String),
    #[error("{0:?} matches more than one document; give more of the id")]
    Ambiguous(String),
    #[error(
        "{0} is read-only (a read-only folder, file or mount): query and export commands can read it, but writing needs a writable copy"
    )]
    ReadOnly(PathBuf),
    #[error(
        "{path} is damaged: {detail}. Nothing was written. Run `vigil check --db {path}` for every problem; to recover, restore a backup or rebuild it: `sqlite3 {path} .recover | sqlite3 recovered.db`, then `vigil resolve --rebuild --db recovered.db`"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("cannot take the resolution lock {path}: {detail}")]
    Lock { path: PathBuf, detail: String },
    #[error(
        "the query was stopped at its time limit, or because its client went away; narrow it (fewer terms, longer prefixes, a filter)"
    )]
    Interrupted,
    #[error("cannot encode a value for the store: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("store error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::OperationInterrupted) => StoreError::Interrupted,
            _ => StoreError::Sqlite(e),
        }
    }
}
