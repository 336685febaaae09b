//! `vigil serve`: the dashboard and the JSON API of `vigil_server` over the store, until
//! SIGTERM or Ctrl-C.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use vigil_server::{Config, Limits};

use super::Settings;
use crate::cli::ServeArgs;

pub fn run(settings: &Settings, args: ServeArgs) -> Result<ExitCode> {
    let config = Config {
        addr: args.addr.clone(),
        allow_remote: args.allow_remote,
        allow_host: args.allow_host.clone(),
        limits: Limits {
            deadline: Duration::from_secs_f64(args.deadline),
            header_timeout: Duration::from_secs_f64(args.header_timeout),
            connections: args.max_connections as usize,
        },
    };
    let unfinished = vigil_server::run(settings, &config, |bound| {
        println!("vigil serve: http://{bound}/ (API description at http://{bound}/api/openapi.json)");
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
    })?;
    match unfinished {
        0 => eprintln!("vigil serve: stopped"),
        n => eprintln!(
            "vigil serve: stopped; {n} connection(s) still busy after {} s were closed",
            vigil_server::GRACE.as_secs()
        ),
    }
    Ok(ExitCode::SUCCESS)
}
