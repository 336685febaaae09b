//! A rendered page before its layout (title, navigation section, body, status), and the cache
//! of whole-store pages kept until the store changes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;

/// A rendered page: its title, the section of the navigation it belongs to, its body.
pub struct Page {
    pub title: String,
    /// The navigation section it belongs to (its path).
    pub section: &'static str,
    /// The search box's text.
    pub q: String,
    pub body: String,
    pub status: StatusCode,
}

impl Page {
    pub fn new(title: impl Into<String>, section: &'static str, body: String) -> Page {
        Page { title: title.into(), section, q: String::new(), body, status: StatusCode::OK }
    }
}

/// Pages that aggregate over the whole store (overview, groups, profiles, scorecards,
/// sources, map, timeline), kept once rendered until the store's files change: a profile of
/// a group with thousands of incidents costs far more to build than to send.
#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<String, (StoreVersion, Arc<Page>)>>,
}

/// What changes when anything is written to the store (none: it cannot be told, and nothing
/// is kept).
type StoreVersion = Option<vigil_app::StoreVersion>;

const CACHED_PAGES: usize = 512;

impl PageCache {
    /// The page kept under `key` for this store version; none when the version cannot be told.
    pub fn get(&self, key: &str, version: &StoreVersion) -> Option<Arc<Page>> {
        version.as_ref()?;
        let entries = self.entries.lock().ok()?;
        entries.get(key).filter(|(v, _)| v == version).map(|(_, page)| page.clone())
    }

    /// Keeps `page` under `key` for this store version (all pages are let go at the cap).
    pub fn keep(&self, key: String, version: StoreVersion, page: Arc<Page>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CACHED_PAGES {
                entries.clear();
            }
            entries.insert(key, (version, page));
        }
    }
}
