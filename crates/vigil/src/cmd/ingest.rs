//! `vigil ingest`: run the pipeline with a progress display, then print the summary.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use vigil_ingest::Overrides;

use crate::cli::PublishedArg;

use vigil_app::{Access, StoreAddress};

use super::Settings;
use crate::cli::IngestArgs;
use crate::output::{self, megabytes, safe};
use crate::pipeline::{self, Options, Tally};

pub fn run(settings: &Settings, args: IngestArgs) -> Result<ExitCode> {
    let db = &settings.store;
    let mut store = settings.open(Access::Create).with_context(|| format!("cannot open the store {db}"))?;
    let opts = Options {
        paths: args.paths,
        overrides: Overrides {
            source: args.source,
            file_time: matches!(args.published, Some(PublishedArg::FileTime)),
            published: match args.published {
                Some(PublishedArg::Date(p)) => Some(p),
                _ => None,
            },
        },
        max_file_size: args.max_file_size,
        jobs: super::jobs(args.jobs),
        extractor: std::sync::Arc::new(vigil_extract::Extractor::new(settings.knowledge.clone())),
    };
    let tally = with_progress(|progress| pipeline::run(store.as_mut(), &opts, progress))?;
    // New incident reports join the store's incidents (incremental, see `vigil resolve`).
    let resolution = vigil_app::resolve::resolve_incidents(&mut *store, settings, false).context(
        "the documents are stored, but resolving their incidents failed (retry with `vigil resolve`)",
    )?;
    if args.json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            tally: &'a Tally,
            resolution: &'a vigil_app::resolve::ResolveSummary,
        }
        output::json(&Out { tally: &tally, resolution: &resolution })?;
    } else {
        print_summary(&tally, db);
        super::incidents::print_resolve(&resolution);
    }
    if tally.nothing_read() {
        eprintln!("error: nothing could be ingested from the given paths");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// A spinner on a terminal; a log line every few seconds otherwise.
fn with_progress<T>(work: impl FnOnce(&mut dyn FnMut(&Tally)) -> T) -> T {
    let line = |t: &Tally| {
        format!(
            "{} documents stored, {} duplicates, {} failed, {} read",
            t.stored,
            t.duplicates,
            t.failed,
            megabytes(t.bytes)
        )
    };
    if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("valid template"));
        let result = work(&mut |t| {
            bar.set_message(line(t));
            bar.tick();
        });
        bar.finish_and_clear();
        result
    } else {
        let mut last = Instant::now();
        work(&mut |t| {
            if last.elapsed().as_secs() >= 5 {
                eprintln!("ingest: {}", line(t));
                last = Instant::now();
            }
        })
    }
}

fn print_summary(t: &Tally, db: &StoreAddress) {
    let rate = if t.elapsed_secs > 0.0 { t.bytes as f64 / 1e6 / t.elapsed_secs } else { 0.0 };
    println!(
        "Ingested {} documents from {} inputs ({}) in {:.1} s ({rate:.1} MB/s) into {}",
        t.stored,
        t.inputs,
        megabytes(t.bytes),
        t.elapsed_secs,
        db
    );
    println!("  new documents      {:>7}", t.new);
    println!("  near-duplicates    {:>7}  (stored, linked to the earliest copy)", t.near_duplicates);
    println!("  exact duplicates   {:>7}  (skipped)", t.duplicates);
    println!(
        "  undated            {:>7}  (no publication date in metadata, text or address; relative dates stay unresolved)",
        t.undated
    );
    println!("  failed             {:>7}", t.failed);
    for f in &t.failures {
        println!("    {}: {}", safe(&f.origin), safe(&f.reason));
    }
    if !t.warnings.is_empty() {
        println!("  warnings           {:>7}", t.warnings.len());
        for w in &t.warnings {
            println!("    {}: {}", safe(&w.origin), safe(&w.reason));
        }
    }
}
