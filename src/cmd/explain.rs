//! `sop explain`: the walkthrough of a scenario.

use std::path::PathBuf;
use std::process::ExitCode;

use sop_verdict::explain::explain;
use sop_verdict::handout::{Handout, html_deck, markdown_deck};
use sop_verdict::{Options, evaluate};

/// Arguments of `sop explain`.
#[derive(clap::Args)]
#[command(
    about = "Explain a scenario step by step: origins, decisions, wire, verdict, message, fix",
    after_help = "PATH is a fixture file, a folder (every *.json below it) or `-` (standard input).\n\
        Without --name, explains every scenario. --name picks the one scenario whose name\n\
        contains NAME, ignoring case (a name that is whole wins over longer ones).\n\n\
        Examples:\n  sop explain fixtures/preflight.json --name 'PUT without Access-Control-Allow-Methods'\n  \
        sop explain fixtures/ --name 'without access-control-allow-methods'\n  \
        sop explain fixtures/ --list\n  \
        NO_COLOR=1 sop explain examples.json | less\n\n\
        For a projector: --brief --no-links, and --width to wrap (the terminal's width by\n\
        default when stdout is a terminal).\n\n\
        Slides and handouts: --format markdown writes headings, the decision table, the wire\n\
        as a Mermaid sequenceDiagram, the console message and the fix (a --- rule between\n\
        scenarios); --format html writes one self-contained page with the wire drawn as SVG:\n  \
        sop explain fixtures/preflight.json --name 'PUT allowed' --format html > handout.html\n\n\
        Exit status: 0; 2 when a file cannot be used (the others are still explained) or\n\
        when --name matches no scenario or several."
)]
pub struct Args {
    /// Fixture files or folders; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    select: super::Select,
    #[command(flatten)]
    show: super::Show,
    /// The walkthrough as terminal text, Markdown (slides) or one
    /// self-contained HTML file (a handout).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Markdown,
    Html,
}

/// Runs `sop explain`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let inputs = super::read_all(&args.paths);
    let chosen = args.select.choose_one_per_name(&inputs.files)?;
    if args.select.list(&chosen)? {
        return Ok(super::exit_code(&inputs, ExitCode::SUCCESS));
    }
    let style = args.show.style();
    if let Format::Text = args.format {
        for (i, (_, scenario)) in chosen.iter().enumerate() {
            if i > 0 {
                outln!("\n{}\n", "-".repeat(72));
            }
            let verdict = evaluate(scenario, Options::default());
            out!("{}", explain(scenario, &verdict, style));
        }
        return Ok(super::exit_code(&inputs, ExitCode::SUCCESS));
    }
    let handouts: Vec<Handout> = chosen
        .iter()
        .map(|(_, scenario)| {
            let mut h = Handout::new(scenario, &evaluate(scenario, Options::default()));
            if style.brief {
                h.keep_failed_decisions();
            }
            h
        })
        .collect();
    match args.format {
        Format::Html => out!("{}", html_deck(&handouts)),
        _ => out!("{}", markdown_deck(&handouts)),
    }
    Ok(super::exit_code(&inputs, ExitCode::SUCCESS))
}
