//! `sop har`: judge every request of a DevTools HAR export.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use sop_har::{Audited, audit, report};

/// Arguments of `sop har`.
#[derive(clap::Args)]
#[command(
    about = "Judge every request of a HAR export (DevTools' Network panel, HAR 1.2)",
    after_help = "Reads the HAR as a stream (a file of hundreds of MB runs in flat memory), groups its\n\
        entries into requests with their preflights and redirect hops, rebuilds each as a\n\
        scenario and judges it: sop's verdict, Chromium's console message, the fix sop verified,\n\
        and whether the verdict agrees with what the browser recorded. Whatever the HAR does not\n\
        record (the credentials mode, the page's path) is inferred and listed as inferred.\n\n\
        Formats:\n  \
        text   a paragraph per request, then the summary (the default)\n  \
        jsonl  a line per request: {entry, entries, method, url, api, page, cross_origin,\n         \
        recorded, verdict, agrees, inferred, not_judged}; then {\"summary\": ...}\n\n\
        --to-scenarios writes the rebuilt scenarios as one fixture file instead, to edit and\n\
        run with sop explain or sop eval.\n\n\
        Examples:\n  sop har session.har\n  sop har session.har --only blocked\n  \
        sop har session.har --format jsonl | jq 'select(.verdict.reason)'\n  \
        sop har session.har --to-scenarios > session.json && sop explain session.json --name 'entry 12'\n\n\
        Exit status: 0 when every entry was read; 1 with --fail-on-blocked when something\n\
        was blocked; 2 when the file cannot be read, is not JSON or is not a HAR."
)]
pub struct Args {
    /// The HAR file; `-` reads standard input.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Report only these requests (the summary still counts all).
    #[arg(long, value_enum)]
    only: Option<Only>,
    /// Exit 1 when any request is blocked.
    #[arg(long)]
    fail_on_blocked: bool,
    /// Write the rebuilt scenarios as a fixture file instead of judging.
    #[arg(long)]
    to_scenarios: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Jsonl,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Only {
    /// Blocked reads and elements that did not load or cannot be read.
    Blocked,
    /// Requests that left the page's origin.
    CrossOrigin,
    /// Requests whose verdict disagrees with what the browser recorded.
    Disagreeing,
}

/// Runs `sop har`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let reader: Box<dyn std::io::Read> = if args.file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(&args.file) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("sop: {}: cannot read it: {e}", args.file.display());
                return Ok(ExitCode::from(2));
            }
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut write_error: Option<std::io::Error> = None;
    let mut scenarios = 0usize;
    if args.to_scenarios {
        writeln!(out, "{{\"scenarios\": [")?;
    }
    let mut blocked = false;
    let result = audit(reader, |item| {
        if write_error.is_some() {
            return;
        }
        let written = match item {
            Audited::Judged(j) => {
                blocked |= j.blocked();
                if args.to_scenarios {
                    match &j.scenario {
                        Some(s) => {
                            scenarios += 1;
                            let sep = if scenarios > 1 { ",\n" } else { "" };
                            write!(out, "{sep}{s}")
                        }
                        None => Ok(()),
                    }
                } else if keep(args.only, &j) {
                    match args.format {
                        Format::Text => writeln!(out, "{}", report::text(&j)),
                        Format::Jsonl => {
                            writeln!(out, "{}", serde_json::to_string(&*j).unwrap_or_default())
                        }
                    }
                } else {
                    Ok(())
                }
            }
            Audited::Unreadable(e) => {
                eprintln!(
                    "sop: {}: {}",
                    args.file.display(),
                    report::unreadable_text(&e).trim_end()
                );
                Ok(())
            }
        };
        if let Err(e) = written {
            write_error = Some(e);
        }
    });
    if let Some(e) = write_error {
        return Err(e.into());
    }
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            out.flush()?;
            eprintln!("sop: {}: {e}", args.file.display());
            return Ok(ExitCode::from(2));
        }
    };
    if args.to_scenarios {
        writeln!(out, "\n]}}")?;
    } else {
        match args.format {
            Format::Text => write!(out, "{}", summary.text())?,
            Format::Jsonl => writeln!(out, "{}", serde_json::json!({ "summary": summary }))?,
        }
    }
    out.flush()?;
    Ok(if args.fail_on_blocked && blocked {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn keep(only: Option<Only>, j: &sop_har::Judgement) -> bool {
    match only {
        None => true,
        Some(Only::Blocked) => j.blocked(),
        Some(Only::CrossOrigin) => j.cross_origin,
        Some(Only::Disagreeing) => j.agrees == Some(false),
    }
}
