//! The `sop` command line.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[macro_use]
mod cmd;
mod generate;
mod serve;

/// mimalloc rather than the system's: a verdict allocates many small,
/// short-lived strings, and with glibc's malloc and free they cost a sixth
/// of a batch line (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A browser-style same-origin policy simulator: what a real browser lets a
/// script read, which requests reach the servers, why, and how to fix it.
#[derive(Parser)]
#[command(
    name = "sop",
    version,
    about,
    after_help = "Examples:\n  \
        sop explain fixtures/preflight.json --name 'PUT allowed but its header is not'\n  \
        sop check fixtures/\n  \
        sop eval --format json fixtures/redirects.json\n  \
        sop origin https://app.example/ https://api.example/v1\n  \
        sop request --page https://app.example/ -X PUT -H 'X-Token: 1' https://api.example/items \\\n      \
        --respond 'OPTIONS 204; Access-Control-Allow-Origin: https://app.example'\n  \
        sop schema > docs/scenario.schema.json\n  \
        sop serve   # the playground, a page on http://127.0.0.1:8765/\n\n\
        Each subcommand's --help ends with its exit status."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Eval(cmd::eval::Args),
    Batch(cmd::batch::Args),
    Check(cmd::check::Args),
    Explain(cmd::explain::Args),
    Origin(cmd::origin::Args),
    Request(Box<cmd::request::Args>),
    Schema(cmd::schema::Args),
    Har(cmd::har::Args),
    Serve(cmd::serve::Args),
    #[command(hide = true)]
    Generate(cmd::generate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Eval(args) => cmd::eval::run(&args),
        Command::Batch(args) => cmd::batch::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Explain(args) => cmd::explain::run(&args),
        Command::Origin(args) => cmd::origin::run(&args),
        Command::Request(args) => cmd::request::run(&args),
        Command::Schema(args) => cmd::schema::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
        Command::Generate(args) => cmd::generate::run(&args),
        Command::Har(args) => cmd::har::run(&args),
    };
    match result {
        Ok(code) => code,
        // A reader that went away (`sop eval ... | head`) is not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sop: {e}");
            ExitCode::from(2)
        }
    }
}
