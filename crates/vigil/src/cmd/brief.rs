//! `vigil brief`: a cited report for a group, a country or a region (built by
//! `vigil_app::briefs`, written by `vigil_export`), printed or saved to a file.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use vigil_app::Access;
use vigil_app::briefs::{self, Subject};

use super::Settings;
use crate::cli::{BriefArgs, BriefFormat};

pub fn run(settings: &Settings, args: BriefArgs) -> Result<ExitCode> {
    let mut store = settings.open(Access::Existing)?;
    let place = match (&args.country, &args.region) {
        (Some(_), Some(_)) => bail!("give one of --group, --country or --region"),
        (c, r) => c.as_deref().or(r.as_deref()),
    };
    let subject = match (args.group.as_deref(), place) {
        (Some(g), None) => Subject::Group(g),
        (None, Some(p)) => Subject::Place(p),
        _ => bail!("give one of --group, --country or --region"),
    };
    let brief = briefs::build(&mut *store, settings, subject, args.since)?;
    let text = match args.format {
        BriefFormat::Md => vigil_export::brief_markdown(&brief),
        BriefFormat::Html => vigil_export::brief_html(&brief),
    };
    let cited = brief.notes.list.len();
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("Wrote {} ({cited} sources cited)", path.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
