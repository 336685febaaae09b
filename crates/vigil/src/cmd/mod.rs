//! One module per subcommand; each turns resolved arguments into calls on the libraries.

mod bench;
mod brief;
mod charts;
mod eval;
mod export;
mod extract;
mod groups;
mod import;
mod incidents;
mod ingest;
mod loadbench;
mod pages;
mod params;
mod query;
mod serve;
mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use vigil_assess::SourceProfiles;
use vigil_extract::Knowledge;
use vigil_store::AnalystStore;

use crate::cli::{Cli, Command};

/// What every command may need, resolved once from flags and environment.
#[derive(Clone)]
pub struct Settings {
    pub db: PathBuf,
    pub knowledge: Knowledge,
    /// The source-profile file given with --sources: its path and text.
    pub sources_file: Option<(PathBuf, String)>,
}

impl Settings {
    /// The source profiles for work on `store`: the built-in ones with the analyst's file laid
    /// over them. A file given with --sources is kept in the store, so later commands grade
    /// sources the same way without repeating the flag.
    pub fn sources(&self, store: &mut impl AnalystStore) -> Result<SourceProfiles> {
        let builtin = SourceProfiles::builtin();
        if let Some((path, text)) = &self.sources_file {
            let theirs = SourceProfiles::from_toml(text).with_context(|| format!("in {}", path.display()))?;
            store.set_setting("sources", text)?;
            return Ok(builtin.with(theirs));
        }
        match store.setting("sources")? {
            Some(text) => Ok(builtin.with(
                SourceProfiles::from_toml(&text)
                    .context("the source profiles kept in the store cannot be read")?,
            )),
            None => Ok(builtin),
        }
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let settings = Settings {
        db: cli.db,
        knowledge: knowledge(cli.groups.as_deref())?,
        sources_file: sources(cli.sources.as_deref())?,
    };
    match cli.command {
        Command::Ingest(args) => ingest::run(&settings, args),
        Command::Search(args) => query::search(&settings, args),
        Command::Docs(args) => query::docs(&settings, args),
        Command::Show(args) => query::show(&settings, args),
        Command::Stats(args) => query::stats(&settings, args),
        Command::Resolve(args) => incidents::resolve(&settings, args),
        Command::Incidents(args) => incidents::list(&settings, args),
        Command::Incident(args) => incidents::show(&settings, args),
        Command::Group(args) => groups::show_group(&settings, args),
        Command::People(args) => groups::people(&settings, args),
        Command::Indicators(args) => groups::indicators(&settings, args),
        Command::Brief(args) => brief::run(&settings, args),
        Command::Watch(args) => watch::run(&settings, args),
        Command::Export(args) => export::run(&settings, args),
        Command::Import(args) => import::run(&settings, args),
        Command::Serve(args) => serve::run(&settings, args),
        Command::Extract(args) => extract::run(&settings, args),
        Command::Eval(args) => eval::run(&settings, args),
        Command::Bench(args) => bench::run(&settings, args),
    }
}

/// The built-in knowledge, or an analyst's groups file.
fn knowledge(groups: Option<&Path>) -> Result<Knowledge> {
    let Some(path) = groups else { return Ok(Knowledge::builtin()) };
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Knowledge::from_toml(&text).with_context(|| format!("in {}", path.display()))
}

/// The analyst's source-profile file, read and checked up front.
fn sources(path: Option<&Path>) -> Result<Option<(PathBuf, String)>> {
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    SourceProfiles::from_toml(&text).with_context(|| format!("in {}", path.display()))?;
    Ok(Some((path.to_path_buf(), text)))
}

/// Parser threads: as asked, else one per core.
fn jobs(asked: Option<usize>) -> usize {
    asked.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1)
}
