//! `sop check`: compare verdicts with the scenarios' expectations.

use std::path::PathBuf;
use std::process::ExitCode;

use sop_verdict::check;

/// Arguments of `sop check`.
#[derive(clap::Args)]
#[command(
    about = "Check scenarios' expectations against sop's verdicts",
    after_help = "Evaluates every scenario and compares the fields its `expect` gives (in `requests`,\n\
        only the headers named; null means absent). Prints each mismatch as expected/actual,\n\
        then the line `N passed, N failed`.\n\n\
        Examples:\n  sop check fixtures/\n  sop check fixtures/preflight.json fixtures/redirects.json\n\n\
        Exit status: 0 when all pass, 1 when any fails, 2 when input cannot be read."
)]
pub struct Args {
    /// Fixture files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Print every scenario, not only failures.
    #[arg(long, short)]
    verbose: bool,
}

/// Runs `sop check`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let files = super::read_all(&args.paths)?;
    let (mut passed, mut failed, mut unchecked) = (0usize, 0usize, 0usize);
    for file in &files {
        for scenario in &file.scenarios {
            let has_expect = scenario.expect.is_some()
                || scenario
                    .steps
                    .as_ref()
                    .is_some_and(|s| s.iter().any(|s| s.expect.is_some()));
            if !has_expect {
                unchecked += 1;
                continue;
            }
            let mismatches = check(scenario);
            if mismatches.is_empty() {
                passed += 1;
                if args.verbose {
                    outln!("ok   {}: {}", file.path.display(), scenario.name);
                }
            } else {
                failed += 1;
                outln!("FAIL {}: {}", file.path.display(), scenario.name);
                for m in mismatches {
                    outln!("     {m}");
                }
            }
        }
    }
    if unchecked > 0 {
        outln!("({unchecked} scenarios have no expectation)");
    }
    outln!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
