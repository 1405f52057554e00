//! `sop check`: compare verdicts with the scenarios' expectations.

use std::path::PathBuf;
use std::process::ExitCode;

use sop_verdict::{FixtureFile, Scenario, check};

/// Arguments of `sop check`.
#[derive(clap::Args)]
#[command(
    about = "Check scenarios' expectations against sop's verdicts",
    after_help = "Evaluates every scenario and compares the fields its `expect` gives (in `requests`,\n\
        only the headers named; null means absent). Prints each mismatch as expected/actual\n\
        at its JSON path, how many scenarios have no expectation, then the line\n\
        `N passed, N failed`. A file that cannot be used is reported and the rest are checked.\n\
        PATH `-` reads standard input; --name checks only the scenarios whose name contains\n\
        NAME, ignoring case.\n\n\
        Examples:\n  sop check fixtures/\n  sop check fixtures/preflight.json fixtures/redirects.json\n  \
        sop check --name redirect fixtures/\n\n\
        Exit status: 0 when all pass; 1 when any fails; 2 when a file cannot be used (even if\n\
        the rest pass) or --name matches nothing; 3 when nothing was checked (no scenarios,\n\
        or none with an expectation), unless --allow-empty."
)]
pub struct Args {
    /// Fixture files or folders; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    select: super::Select,
    /// Print every scenario, not only failures.
    #[arg(long, short)]
    verbose: bool,
    /// Exit 0 even when no scenario had an expectation to check.
    #[arg(long)]
    allow_empty: bool,
    /// Show every warning, also the responses a passing scenario's read
    /// never reached (likely mistakes always show).
    #[arg(long)]
    warnings: bool,
}

/// The exit status of a run that checked nothing: a mistyped folder or a
/// corpus without expectations must not pass in CI.
const NOTHING_CHECKED: u8 = 3;

/// Runs `sop check`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let inputs = super::read_all(&args.paths);
    let chosen = args.select.choose(&inputs.files)?;
    if args.select.list(&chosen)? {
        return Ok(super::exit_code(&inputs, ExitCode::SUCCESS));
    }
    let (mut passed, mut failed, mut unchecked) = (0usize, 0usize, 0usize);
    let mut quiet_warnings = 0usize;
    for (file, scenario) in &chosen {
        let has_expect = scenario.has_expect();
        if !has_expect {
            unchecked += 1;
            continue;
        }
        let checked = check(scenario);
        if checked.mismatches.is_empty() {
            passed += 1;
            if args.verbose {
                outln!("ok   {}: {}", file.path.display(), scenario.name);
            }
        } else {
            failed += 1;
            outln!("FAIL {}: {}", file.path.display(), scenario.name);
            // Paths from the file's root, like every other error's.
            let at = scenario_path(file, scenario);
            for m in &checked.mismatches {
                outln!("     {at}{m}");
            }
        }
        // A likely mistake always shows (a typo in a response URL must not
        // pass for a CORS failure); an entry the read never reached shows
        // with a failure, or with --warnings.
        let failing = !checked.mismatches.is_empty();
        for w in &checked.warnings {
            if w.likely_mistake() || failing || args.warnings {
                eprintln!("warning: {}: {}: {w}", file.path.display(), scenario.name);
            } else {
                quiet_warnings += 1;
            }
        }
    }
    if quiet_warnings > 0 {
        let s = if quiet_warnings == 1 { "" } else { "s" };
        eprintln!(
            "({quiet_warnings} more warning{s} on passing scenarios: responses the read never \
             asked for; --warnings shows them)"
        );
    }
    match unchecked {
        0 => {}
        1 => outln!("(1 scenario has no expectation)"),
        n => outln!("({n} scenarios have no expectation)"),
    }
    outln!("{passed} passed, {failed} failed");
    let code = if failed > 0 {
        ExitCode::from(1)
    } else if passed == 0 && !args.allow_empty && inputs.unreadable == 0 {
        // (With unusable files the exit status is 2, which says more.)
        eprintln!(
            "sop: nothing was checked: {}; --allow-empty lets this pass",
            match chosen.len() {
                0 => "no scenarios found".to_owned(),
                1 => "the only scenario has no expectation".to_owned(),
                n => format!("none of the {n} scenarios has an expectation"),
            }
        );
        ExitCode::from(NOTHING_CHECKED)
    } else {
        ExitCode::SUCCESS
    };
    Ok(super::exit_code(&inputs, code))
}

/// The JSON path prefix of `scenario` in `file` (`scenarios[3].`).
fn scenario_path(file: &FixtureFile, scenario: &Scenario) -> String {
    let i = file
        .scenarios
        .iter()
        .position(|s| std::ptr::eq(s, scenario))
        .unwrap_or_default();
    file.scenario_path(i)
}
