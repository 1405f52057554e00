//! `sop generate` (hidden): a seeded corpus of realistic scenarios as JSON
//! Lines, for benchmarks and batch tests.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use crate::generate::{Rng, scenario};

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
}

/// Runs `sop generate`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut rng = Rng::new(args.seed);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for n in 0..args.count {
        serde_json::to_writer(&mut out, &scenario(&mut rng, n))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
