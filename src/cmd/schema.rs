//! `sop schema`: the JSON Schema of the scenario format.

use std::process::ExitCode;

/// Arguments of `sop schema`.
#[derive(clap::Args)]
#[command(
    about = "Print the JSON Schema of the scenario format (docs/scenario.schema.json)",
    after_help = "Examples:\n  \
        sop schema > docs/scenario.schema.json\n\n\
        A fixture file may name it for editors, which then complete and check its fields:\n  \
        {\"$schema\": \"../docs/scenario.schema.json\", \"scenarios\": [...]}\n\n\
        Exit status: 0."
)]
pub struct Args {}

/// Runs `sop schema`.
pub fn run(_: &Args) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let schema = sop_verdict::fixture::json_schema();
    outln!("{}", serde_json::to_string_pretty(&schema)?);
    Ok(ExitCode::SUCCESS)
}
