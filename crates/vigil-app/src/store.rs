//! Where a store is, and the one place that opens it: the rest of vigil holds a
//! `Box<dyn Backend>` and never names an implementation.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use vigil_store::{Backend, SqliteStore, Store, StoreError};

use crate::{AppError, Result};

/// A store's address as the analyst gives it (`--db`, `VIGIL_DB`): a path, `sqlite:PATH`, or a
/// server's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreAddress {
    Sqlite(PathBuf),
}

/// What the opener should do when it reaches the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// An existing store; a missing one is an error, not a new empty store.
    Existing,
    /// Creates the store (and upgrades its schema) as needed: ingest and import.
    Create,
    /// An existing store, held open to answer many reads (the server's connections).
    Serving,
    /// An existing store, only read: query and export commands. Works on read-only media.
    Read,
}

impl StoreAddress {
    /// Reads an address: `postgres://…` and `postgresql://…` name a server, `sqlite:PATH` and
    /// anything else a SQLite file.
    pub fn parse(text: &str) -> Result<StoreAddress> {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Err(AppError::Address(format!(
                "{:?}: this build of vigil has no PostgreSQL store; give a SQLite file (vigil.db or sqlite:PATH)",
                redact(text)
            )));
        }
        let path = text.strip_prefix("sqlite:").unwrap_or(text);
        let path = path.strip_prefix("//").unwrap_or(path);
        if path.is_empty() {
            return Err(AppError::Address("an empty path names no store".into()));
        }
        Ok(StoreAddress::Sqlite(PathBuf::from(path)))
    }

    /// Opens the store, for `access`.
    pub fn open(&self, access: Access) -> Result<Box<dyn Backend>> {
        match self {
            StoreAddress::Sqlite(path) => Ok(Box::new(open_sqlite(path, access)?)),
        }
    }

    /// A value that changes whenever anything is written to the store, read without opening
    /// it; none when it cannot be told. Pages that aggregate the whole store are kept under it.
    pub fn version(&self) -> Option<StoreVersion> {
        match self {
            StoreAddress::Sqlite(path) => sqlite_version(path),
        }
    }

    /// The file behind the store, for messages and for tools that work beside it.
    pub fn file(&self) -> Option<&Path> {
        match self {
            StoreAddress::Sqlite(path) => Some(path),
        }
    }
}

impl std::str::FromStr for StoreAddress {
    type Err = AppError;
    fn from_str(text: &str) -> Result<StoreAddress> {
        StoreAddress::parse(text)
    }
}

impl fmt::Display for StoreAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreAddress::Sqlite(path) => write!(f, "{}", path.display()),
        }
    }
}

fn open_sqlite(path: &Path, access: Access) -> Result<SqliteStore> {
    Ok(match access {
        Access::Create => {
            // Before the first write of a run: a damaged store is refused, not written further.
            let store = SqliteStore::create(path)?;
            let problems = store.problems(false)?;
            if let Some(first) = problems.first() {
                let more = match problems.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    detail: format!("{first}{more}"),
                }
                .into());
            }
            store
        }
        Access::Existing => SqliteStore::open(path)?,
        Access::Read => SqliteStore::open_read_only(path)?,
        Access::Serving => {
            let store = SqliteStore::open(path)?;
            store.tune_for_reading()?;
            store
        }
    })
}

/// What changes when anything is written to a SQLite store: the database file (written at
/// each checkpoint) and its write-ahead log while it holds writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreVersion {
    file: (SystemTime, u64),
    log: Option<(SystemTime, u64)>,
}

fn sqlite_version(db: &Path) -> Option<StoreVersion> {
    let file = std::fs::metadata(db).ok()?;
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let log = std::fs::metadata(Path::new(&wal))
        .ok()
        .filter(|m| m.len() > 0)
        .and_then(|m| Some((m.modified().ok()?, m.len())));
    Some(StoreVersion { file: (file.modified().ok()?, file.len()), log })
}

/// A server URL without its password, for messages.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = rest.split_once('/').map_or((rest, ""), |(a, t)| (a, t));
    let Some((user, host)) = authority.rsplit_once('@') else { return url.to_string() };
    let user = user.split_once(':').map_or(user, |(u, _)| u);
    let slash = if rest.contains('/') { "/" } else { "" };
    format!("{scheme}://{user}:***@{host}{slash}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_paths_or_urls() {
        let sqlite = |p: &str| StoreAddress::Sqlite(PathBuf::from(p));
        assert_eq!(StoreAddress::parse("vigil.db").unwrap(), sqlite("vigil.db"));
        assert_eq!(StoreAddress::parse("sqlite:team/v.db").unwrap(), sqlite("team/v.db"));
        assert_eq!(StoreAddress::parse("sqlite:///tmp/v.db").unwrap(), sqlite("/tmp/v.db"));
        assert!(StoreAddress::parse("").is_err());
        assert!(StoreAddress::parse("sqlite:").is_err());
    }

    #[test]
    fn a_server_url_is_refused_without_its_password() {
        let e = StoreAddress::parse("postgres://analyst:s3cret@db.local/vigil").unwrap_err().to_string();
        assert!(e.contains("no PostgreSQL store"), "{e}");
        assert!(e.contains("analyst:***@db.local/vigil"), "{e}");
        assert!(!e.contains("s3cret"), "{e}");
    }

    #[test]
    fn a_missing_store_is_an_error_unless_created() {
        let dir = tempfile::tempdir().unwrap();
        let address = StoreAddress::Sqlite(dir.path().join("v.db"));
        assert!(address.open(Access::Existing).is_err());
        assert!(address.version().is_none());
        let store = address.open(Access::Create).unwrap();
        assert_eq!(store.latest_seq().unwrap(), 0);
        drop(store);
        assert!(address.version().is_some());
        assert!(address.open(Access::Serving).is_ok());
    }
}
