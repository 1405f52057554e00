//! `sop generate` (hidden): a seeded corpus of realistic scenarios as JSON
//! Lines, for benchmarks and batch tests.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use crate::generate::{Rng, embed_scenario, scenario};

/// Arguments of `sop generate`.
#[derive(clap::Args)]
#[command(about = "Write COUNT generated scenarios as JSON Lines (for benchmarks)")]
pub struct Args {
    /// How many scenarios.
    #[arg(long, default_value_t = 1000)]
    count: u64,
    /// The seed: the same seed gives the same lines.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Percentage of embed scenarios in the mix (0 to 100; the rest are
    /// fetch() and XHR calls).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=100))]
    embeds: u64,
}

/// Runs `sop generate`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut rng = Rng::new(args.seed);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for n in 0..args.count {
        let line = if args.embeds > 0 && rng.chance(args.embeds) {
            embed_scenario(&mut rng, n)
        } else {
            scenario(&mut rng, n)
        };
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
