//! What every command may need, resolved once at the edge (flags, environment, files read by
//! the binary) and handed inward as a plain value.

use std::path::PathBuf;

use vigil_assess::SourceProfiles;
use vigil_extract::Knowledge;
use vigil_store::{AnalystStore, Backend};

use crate::store::{Access, StoreAddress};
use crate::{AppError, Result};

#[derive(Clone)]
pub struct Settings {
    pub store: StoreAddress,
    pub knowledge: Knowledge,
    /// The source-profile file given with --sources: its path and text.
    pub sources_file: Option<(PathBuf, String)>,
}

impl Settings {
    /// Opens the store these settings name.
    pub fn open(&self, access: Access) -> Result<Box<dyn Backend>> {
        self.store.open(access)
    }

    /// The source profiles for work on `store`: the built-in ones with the analyst's file laid
    /// over them. A file given with --sources is kept in the store, so later commands grade
    /// sources the same way without repeating the flag.
    pub fn sources(&self, store: &mut dyn AnalystStore) -> Result<SourceProfiles> {
        let builtin = SourceProfiles::builtin();
        if let Some((path, text)) = &self.sources_file {
            let theirs = SourceProfiles::from_toml(text)
                .map_err(|source| AppError::Sources { origin: path.display().to_string(), source })?;
            store.set_setting("sources", text)?;
            return Ok(builtin.with(theirs));
        }
        match store.setting("sources")? {
            Some(text) => Ok(builtin.with(SourceProfiles::from_toml(&text).map_err(|source| {
                AppError::Sources { origin: "the source profiles kept in the store".into(), source }
            })?)),
            None => Ok(builtin),
        }
    }
}
