//! `sop explain`: the walkthrough of a scenario.

use std::path::PathBuf;
use std::process::ExitCode;

use sop_verdict::explain::{Style, explain};
use sop_verdict::{FixtureFile, Limits, Options, evaluate};

/// Arguments of `sop explain`.
#[derive(clap::Args)]
#[command(
    about = "Explain a scenario step by step: origins, decisions, wire, verdict, message, fix",
    after_help = "Without --name, explains every scenario in the file.\n\n\
        Examples:\n  sop explain fixtures/preflight.json --name 'PUT without Access-Control-Allow-Methods'\n  \
        NO_COLOR=1 sop explain examples.json | less\n\n\
        Colour is used when stdout is a terminal and NO_COLOR is not set."
)]
pub struct Args {
    /// A fixture file.
    path: PathBuf,
    /// The scenario to explain (default: all in the file).
    #[arg(long)]
    name: Option<String>,
}

/// Runs `sop explain`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let file = FixtureFile::read(&args.path, &Limits::default())?;
    let chosen: Vec<_> = file
        .scenarios
        .iter()
        .filter(|s| args.name.as_ref().is_none_or(|n| *n == s.name))
        .collect();
    if chosen.is_empty() {
        let names: Vec<&str> = file.scenarios.iter().map(|s| s.name.as_str()).collect();
        return Err(format!(
            "{}: no scenario named {:?}; the file has: {}",
            args.path.display(),
            args.name.as_deref().unwrap_or_default(),
            names.join(", ")
        )
        .into());
    }
    let style = Style {
        color: super::use_color(),
        ..Style::default()
    };
    for (i, scenario) in chosen.iter().enumerate() {
        if i > 0 {
            outln!("\n{}\n", "-".repeat(72));
        }
        let verdict = evaluate(scenario, Options::default());
        out!("{}", explain(scenario, &verdict, style));
    }
    Ok(ExitCode::SUCCESS)
}
