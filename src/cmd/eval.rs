//! `sop eval`: the verdict of every scenario.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;
use sop_verdict::{ScenarioVerdict, evaluate};

/// Arguments of `sop eval`.
#[derive(clap::Args)]
#[command(
    about = "Evaluate scenarios and print their verdicts",
    after_help = concat!("PATH is a fixture file or a folder (every *.json below it).\n\n\
        Formats:\n  \
        jsonl  one line per scenario: {\"file\", \"name\", \"verdict\"} (the default)\n  \
        json   one array of those objects\n  \
        text   one line per scenario: outcome and reason (in report-only, then what was\n         \
        delivered)\n\n\
        A verdict holds every field of the fixture contract (outcome, reason, preflight, status,\n\
        exposed_headers, body, requests, url), the console message, the fix, the warnings and\n\
        the trace (--no-trace leaves it out, --lean all three: `sop batch` gives the same JSON\n\
        for the same flags, but leaves the trace out unless --trace);\n\
        a steps scenario's verdict is {\"steps\": [verdict, ...]}. Expectations are ignored.\n\n\
        PATH `-` reads standard input. --name keeps the scenarios whose name contains NAME,\n\
        ignoring case.\n\n", mode_help!(), "\
        Examples:\n  sop eval fixtures/\n  sop eval --format text fixtures/preflight.json\n  \
        sop eval --format text --name preflight fixtures/\n  \
        sop eval --mode report-only fixtures/preflight.json\n  cat scenario.json | sop eval -\n\n\
        Exit status: 0; 2 when a file cannot be read or is not a valid fixture (the verdicts\n\
        of the other files are still printed) or when --name matches no scenario.")
)]
pub struct Args {
    /// Fixture files or folders; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    select: super::Select,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// How the same-origin policy is applied (see Modes below).
    #[arg(long, value_enum, default_value_t = super::ModeChoice::Enforce)]
    mode: super::ModeChoice,
    #[command(flatten)]
    detail: super::Detail,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Jsonl,
    Json,
    Text,
}

/// Runs `sop eval`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let inputs = super::read_all(&args.paths);
    let chosen = args.select.choose(&inputs.files)?;
    if args.select.list(&chosen)? {
        return Ok(super::exit_code(&inputs, ExitCode::SUCCESS));
    }
    // With the trace unless asked not to: one file's verdicts are read by
    // a person or a test.
    let options = args.detail.options(true, args.mode);
    let mut all = Vec::new();
    for (file, scenario) in chosen {
        let verdict = evaluate(scenario, options);
        // On stderr too, so a typo in a response URL is seen whatever the
        // format and wherever stdout goes.
        for w in verdict.warnings() {
            eprintln!("warning: {}: {}: {w}", file.path.display(), scenario.name);
        }
        let line = json!({"file": file.path.display().to_string(), "name": scenario.name, "verdict": verdict});
        match args.format {
            Format::Jsonl => outln!("{}", serde_json::to_string(&line)?),
            Format::Json => all.push(line),
            Format::Text => outln!(
                "{}: {}: {}",
                file.path.display(),
                scenario.name,
                summary(&verdict)
            ),
        }
    }
    if let Format::Json = args.format {
        outln!("{}", serde_json::to_string_pretty(&all)?);
    }
    Ok(super::exit_code(&inputs, ExitCode::SUCCESS))
}

/// `blocked (reason)`, `exposed 200`, or one per step joined with ` | `.
pub fn summary(v: &ScenarioVerdict) -> String {
    match v {
        ScenarioVerdict::Embed(e) => return e.summary(),
        ScenarioVerdict::Window(w) => return w.summary(),
        _ => {}
    }
    v.verdicts()
        .iter()
        .map(|v| {
            let preflight = if v.preflight {
                " after a preflight"
            } else {
                ""
            };
            let mut line = match v.reason {
                Some(r) => format!("{} ({r}){preflight}", v.outcome.as_str()),
                None => format!("{} {}{preflight}", v.outcome.as_str(), v.status),
            };
            if let Some(d) = &v.delivered {
                line += &match d.reason {
                    Some(r) => format!("; delivered {} ({r})", d.outcome.as_str()),
                    None => format!("; delivered {} {}", d.outcome.as_str(), d.status),
                };
            }
            line
        })
        .collect::<Vec<_>>()
        .join(" | ")
}
