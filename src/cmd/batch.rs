//! `sop batch`: JSON Lines in, verdicts out, in order, streaming.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use sop_verdict::batch::{BatchOptions, run_batch};

/// Arguments of `sop batch`.
#[derive(clap::Args)]
#[command(
    about = "Evaluate scenarios given as JSON Lines, streaming one verdict line per scenario",
    after_help = concat!("Each input line is one scenario object (the fixture format's single scenario).\n\
        Each output line is {\"name\": ..., \"verdict\": {...}} (the verdict JSON of `sop eval`\n\
        with the same flags), in input order, or {\"line\": N, \"error\": \"...\"} for a line that\n\
        is not a valid scenario. Memory stays flat however many lines there are.\n\n\
        A verdict holds the contract's fields, the console message, the fix and the warnings;\n\
        the trace only with --trace (unlike `sop eval`, which shows it unless --no-trace).\n\n",
        mode_help!(), "\
        Examples:\n  sop batch scenarios.jsonl > verdicts.jsonl\n  \
        cat a.jsonl b.jsonl | sop batch --jobs 2\n  \
        sop batch --trace one-day.jsonl   # every decision too\n  \
        sop batch --lean big.jsonl   # no trace, fix or warnings: the fast path\n  \
        sop batch --lean --mode report-only harness.jsonl\n\n\
        Exit status: 0; 2 when any line was not a valid scenario (the run goes on) or a\n\
        file cannot be read.")
)]
pub struct Args {
    /// JSON Lines files (default: standard input; `-` also means it).
    paths: Vec<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
    #[command(flatten)]
    detail: super::Detail,
    /// How the same-origin policy is applied (see Modes below).
    #[arg(long, value_enum, default_value_t = super::ModeChoice::Enforce)]
    mode: super::ModeChoice,
}

/// Runs `sop batch`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let options = BatchOptions {
        jobs,
        // Without the trace unless asked: an audit wants each line's
        // reason, message and fix, and the trace would triple the output.
        verdict: args.detail.options(false, args.mode),
        ..BatchOptions::default()
    };
    let mut input: Box<dyn Read + Send> = Box::new(std::io::empty());
    if args.paths.is_empty() {
        input = Box::new(std::io::stdin());
    }
    for path in &args.paths {
        let next: Box<dyn Read + Send> = if path.as_os_str() == "-" {
            Box::new(std::io::stdin())
        } else {
            let cannot = |e: std::io::Error| {
                format!(
                    "{}: cannot read: {}",
                    path.display(),
                    sop_verdict::fixture::io_words(&e)
                )
            };
            // A folder opens, then fails at the first read: say so now.
            if path.is_dir() {
                return Err(format!("{}: cannot read: it is a folder", path.display()).into());
            }
            Box::new(File::open(path).map_err(cannot)?)
        };
        input = Box::new(input.chain(next));
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let summary = run_batch(BufReader::with_capacity(1 << 16, input), &mut out, &options)?;
    if summary.failed > 0 {
        eprintln!(
            "sop: {} of {} lines were not valid scenarios",
            summary.failed, summary.lines
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
