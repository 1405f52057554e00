//! `sop generate` (hidden): a seeded corpus of realistic scenarios as JSON
//! Lines, for benchmarks and batch tests.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use crate::generate::{Rng, mixed_scenario};

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
    /// Percentage of embed scenarios in the mix (0 to 100; what is neither
    /// an embed nor a window is a fetch() or XHR call).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=100))]
    embeds: u64,
    /// Percentage of window scenarios in the mix (0 to 100, with the
    /// embeds at most 100).
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=100))]
    windows: u64,
}

/// Runs `sop generate`.
pub fn run(args: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    if args.embeds + args.windows > 100 {
        return Err(format!(
            "--embeds {} and --windows {} add up to more than 100 percent",
            args.embeds, args.windows
        )
        .into());
    }
    let mut rng = Rng::new(args.seed);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for n in 0..args.count {
        let line = mixed_scenario(&mut rng, n, args.embeds, args.windows);
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
