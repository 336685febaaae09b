//! `vigil export`: incidents and documents out of the store in the formats of
//! `vigil_export` (STIX 2.1, GeoJSON, CSV with GTD's columns, JSON Lines), to standard output or
//! a file.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use vigil_app::Access;
use vigil_app::filters::incident_filter;
use vigil_export::Format;

use super::Settings;
use crate::cli::{ExportArgs, ExportFormat};

pub fn run(settings: &Settings, args: ExportArgs) -> Result<ExitCode> {
    let store = settings.open(Access::Read)?;
    let filter = incident_filter(settings, &args.filters.query(), vigil_export::PAGE)?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Geojson => Format::Geojson,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Stix => Format::Stix,
    };
    let written = vigil_export::write(&*store, &settings.knowledge, format, &filter, &mut out)?;
    out.flush()?;
    if let Some(path) = &args.output {
        eprintln!("Wrote {written} incidents to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
