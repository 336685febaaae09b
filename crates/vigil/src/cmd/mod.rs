//! One module per subcommand; each turns resolved arguments into calls on the libraries.

mod bench;
mod brief;
mod eval;
mod export;
mod extract;
mod groups;
mod import;
mod incidents;
mod ingest;
mod loadbench;
mod query;
mod serve;
mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use vigil_assess::SourceProfiles;
use vigil_extract::Knowledge;

use crate::cli::{Cli, Command};

pub use vigil_app::Settings;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let settings = Settings {
        store: cli.db,
        knowledge: knowledge(cli.groups.as_deref())?,
        sources_file: sources(cli.sources.as_deref())?,
    };
    match cli.command {
        Command::Ingest(args) => ingest::run(&settings, args),
        Command::Search(args) => query::search(&settings, args),
        Command::Docs(args) => query::docs(&settings, args),
        Command::Show(args) => query::show(&settings, args),
        Command::Stats(args) => query::stats(&settings, args),
        Command::Check(args) => query::check(&settings, args),
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
        Command::Bench(args) if args.serve => loadbench::run(&settings, args),
        Command::Bench(args) => bench::run(&settings, args),
        // Generated from the command line's definition.
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "vigil", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            page.render(&mut std::io::stdout()).context("cannot write the manual page")?;
            Ok(ExitCode::SUCCESS)
        }
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
