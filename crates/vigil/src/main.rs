//! The `vigil` binary: parses the command line, resolves settings once, and hands them to
//! one module per subcommand. All the work happens in the library crates.

mod cli;
mod cmd;
mod output;
mod pipeline;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: extraction allocates many short strings, which the system allocator serves slowly.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    die_quietly_on_closed_pipe();
    quiet_contained_panics();
    let cli = cli::Cli::parse();
    init_logging(cli.verbose);
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", output::safe(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// `vigil docs | head` should end quietly when `head` exits, as Unix tools do, rather than
/// fail on a write to a closed pipe.
fn die_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Panics that a parser guard contains are reported as per-document errors; only other
/// panics (real bugs) reach the default hook and its message.
fn quiet_contained_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !vigil_ingest::guard::is_containing() {
            default(info);
        }
    }));
}

fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("VIGIL_LOG").unwrap_or_else(|_| level.into());
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}
