//! The `sop` command line.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// A browser-style same-origin policy simulator.
#[derive(Parser)]
#[command(name = "sop", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Origin(cmd::origin::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Origin(args) => cmd::origin::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sop: {e}");
            ExitCode::from(2)
        }
    }
}
