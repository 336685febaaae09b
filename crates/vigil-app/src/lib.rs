//! vigil's use cases, each written once over the store traits: where a store is and how it is
//! opened, the settings every command resolves at the edge, incident resolution, group
//! profiles, scorecards and the filters the command line and the server share.
//!
//! The command line, the server and the exports call this crate; it calls the libraries below
//! it (`vigil-store`, `vigil-assess`, `vigil-extract`). It knows no wire format, no terminal
//! and no HTTP: it hands back typed values and [`AppError`]s.

pub mod briefs;
pub mod filters;
pub mod groups;
pub mod incidents;
pub mod resolve;
mod settings;
pub mod store;

pub use settings::Settings;
pub use store::{Access, StoreAddress, StoreVersion};

use thiserror::Error;
use vigil_store::StoreError;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// What a use case can fail with. Each variant has a stable [`AppError::code`].
#[derive(Debug, Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Address(String),
    #[error("unknown group {0:?} (not an id, name or alias in the groups knowledge file)")]
    UnknownGroup(String),
    #[error("unknown region {0:?} (not a country or a named region vigil knows)")]
    UnknownRegion(String),
    #[error("unknown country {0:?} (not an ISO code or a country name vigil knows)")]
    UnknownCountry(String),
    #[error("unknown link level {given:?} (use one of {known})")]
    UnknownLink { given: String, known: String },
    #[error("in {origin}: {source}")]
    Sources { origin: String, source: vigil_assess::sources::SourcesError },
    #[error("the stored assessment of incident {id} cannot be read: {source}")]
    Assessment { id: i64, source: serde_json::Error },
    #[error("cannot write a judgment: {0}")]
    Judgment(serde_json::Error),
}

impl AppError {
    /// A stable name for the kind of error, for programs that read it (the API's codes).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Store(e) => match e {
                StoreError::NotFound(_) | StoreError::NoIncident(_) => "not_found",
                StoreError::Ambiguous(_) => "ambiguous_id",
                StoreError::Query(_) => "bad_query",
                _ => "store_error",
            },
            AppError::Address(_) => "bad_address",
            AppError::UnknownGroup(_) => "unknown_group",
            AppError::UnknownRegion(_) => "unknown_region",
            AppError::UnknownCountry(_) => "unknown_country",
            AppError::UnknownLink { .. } => "unknown_link",
            AppError::Sources { .. } => "bad_sources",
            AppError::Assessment { .. } | AppError::Judgment(_) => "store_error",
        }
    }
}
