//! Wire formats: how vigil's incidents, documents and briefs are written for other tools.
//! STIX 2.1 (OpenCTI, MISP), GeoJSON (QGIS, ArcGIS), CSV in the Global Terrorism Database's
//! column vocabulary (spreadsheets, R, pandas), JSON Lines, and the Markdown and HTML of
//! briefs; and the coded datasets read in (GTD and ACLED CSV, STIX bundles). This is the only crate that knows a wire format; it reads the store through the
//! store traits and the application layer, and writes as it reads: one incident's assessment
//! at a time, never the whole store.

mod brief;
pub mod datasets;
pub mod escape;
mod geo;
mod gtd;
mod lines;
mod stix;

use std::io::Write;

use vigil_assess::assess::Assessment;
use vigil_extract::Knowledge;
use vigil_store::{Backend, IncidentFilter, IncidentRecord};

pub use brief::{html as brief_html, markdown as brief_markdown};

pub type Result<T, E = ExportError> = std::result::Result<T, E>;

/// What writing an export can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    App(#[from] vigil_app::AppError),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A file that is not the dataset it was given as.
    #[error("{0}")]
    Input(String),
}

impl From<vigil_store::StoreError> for ExportError {
    fn from(e: vigil_store::StoreError) -> ExportError {
        ExportError::App(e.into())
    }
}

/// The formats incidents are exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A STIX 2.1 bundle.
    Stix,
    /// A GeoJSON feature collection (RFC 7946).
    Geojson,
    /// CSV with the Global Terrorism Database's columns, then vigil's.
    Csv,
    /// JSON Lines: documents, then incidents with their assessments.
    Jsonl,
}

/// Writes the incidents under `filter` (every page from its offset) in `format`; returns how
/// many incidents were written.
pub fn write(
    store: &dyn Backend,
    knowledge: &Knowledge,
    format: Format,
    filter: &IncidentFilter,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut filter = filter.clone();
    if filter.limit == 0 {
        filter.limit = PAGE;
    }
    let incidents = || Pages { store, filter: filter.clone(), page: Vec::new().into_iter(), done: false };
    match format {
        Format::Csv => gtd::csv(store, knowledge, incidents(), out),
        Format::Geojson => geo::geojson(store, knowledge, incidents(), out),
        Format::Jsonl => lines::jsonl(store, incidents, &filter, out),
        Format::Stix => stix::stix(store, knowledge, incidents(), &filter, out),
    }
}

/// Incidents read a page at a time: an export holds one page and one assessment, however
/// large the store.
pub const PAGE: usize = 500;

pub struct Pages<'s> {
    store: &'s dyn Backend,
    filter: IncidentFilter,
    page: std::vec::IntoIter<IncidentRecord>,
    done: bool,
}

impl Iterator for Pages<'_> {
    type Item = Result<IncidentRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(r) = self.page.next() {
            return Some(Ok(r));
        }
        if self.done {
            return None;
        }
        match self.store.incidents(&self.filter) {
            Ok(page) => {
                self.done = page.len() < self.filter.limit;
                self.filter.offset += page.len();
                self.page = page.into_iter();
                self.page.next().map(Ok)
            }
            Err(e) => {
                self.done = true;
                Some(Err(e.into()))
            }
        }
    }
}

/// Incidents under a filter (every page from its offset, in its order) as CSV, for the
/// dashboard's download of the current table.
pub fn csv_of(
    store: &dyn Backend,
    knowledge: &Knowledge,
    filter: IncidentFilter,
    out: &mut dyn Write,
) -> Result<usize> {
    let pages = Pages { store, filter, page: Vec::new().into_iter(), done: false };
    gtd::csv(store, knowledge, pages, out)
}

fn assessment(store: &dyn Backend, record: &IncidentRecord) -> Result<Assessment> {
    Ok(vigil_app::incidents::assessment(store, record)?)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
