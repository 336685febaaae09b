//! `vigil import`: coded incidents (GTD and ACLED CSV exports, STIX 2.1 bundles, read by
//! `vigil_export::datasets`) stored beside the reporting, each row a document with its reading,
//! then resolved with the rest.

use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::Utc;
use serde::Serialize;
use vigil_app::Access;
use vigil_export::datasets::{self, Dataset};
use vigil_store::{Added, add_document};

use super::Settings;
use crate::cli::{ImportArgs, ImportFormat};
use crate::output::{self, safe};

#[derive(Debug, Default, Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub imported: usize,
    pub duplicates: usize,
    /// `line N: reason` (`object N` in a STIX bundle) for each row skipped.
    pub skipped: Vec<String>,
    pub resolution: Option<vigil_app::resolve::ResolveSummary>,
}

pub fn run(settings: &Settings, args: ImportArgs) -> Result<ExitCode> {
    let text = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let text = String::from_utf8_lossy(&text);
    let name = args.file.display().to_string();
    let dataset = match args.format {
        ImportFormat::Gtd => Dataset::Gtd,
        ImportFormat::Acled => Dataset::Acled,
        ImportFormat::Stix => Dataset::Stix,
    };
    let parsed = datasets::read(dataset, &text, &name, &settings.knowledge, Utc::now())?;
    let mut store = settings.open(Access::Create)?;
    let mut summary = ImportSummary { rows: parsed.len(), ..ImportSummary::default() };
    let mut batch = store.batch()?;
    for row in parsed {
        let row = match row {
            Ok(r) => r,
            Err((at, reason)) => {
                summary.skipped.push(format!("{at}: {reason}"));
                continue;
            }
        };
        match add_document(batch.as_mut(), &row.document, &row.fingerprint, &row.facts)? {
            Added::Duplicate => summary.duplicates += 1,
            _ => summary.imported += 1,
        }
    }
    batch.commit()?;
    summary.resolution = Some(vigil_app::resolve::resolve_incidents(&mut *store, settings, false)?);
    if args.json {
        output::json(&summary)?;
    } else {
        println!(
            "Imported {} of {} rows from {} ({} already stored, {} skipped)",
            summary.imported,
            summary.rows,
            safe(&name),
            summary.duplicates,
            summary.skipped.len()
        );
        for s in &summary.skipped {
            println!("  skipped {}", safe(s));
        }
        if let Some(r) = &summary.resolution {
            super::incidents::print_resolve(r);
        }
    }
    Ok(ExitCode::SUCCESS)
}
