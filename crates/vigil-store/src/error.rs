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
    #[error("cannot take the resolution lock {path}: {detail}")]
    Lock { path: PathBuf, detail: String },
    #[error("store error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}
