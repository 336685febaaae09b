//! One module per subcommand; each turns resolved arguments into calls on the libraries.

mod bench;
mod eval;
mod extract;
mod ingest;
mod query;

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest::run(&cli.db, args),
        Command::Search(args) => query::search(&cli.db, args),
        Command::Docs(args) => query::docs(&cli.db, args),
        Command::Show(args) => query::show(&cli.db, args),
        Command::Stats(args) => query::stats(&cli.db, args),
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Bench(args) => bench::run(args),
    }
}

/// Parser threads: as asked, else one per core.
fn jobs(asked: Option<usize>) -> usize {
    asked.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1)
}
