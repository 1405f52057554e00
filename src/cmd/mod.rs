//! One module per subcommand, and what they share.

/// `println!` that returns the write error instead of panicking, so a
/// closed pipe (`sop eval ... | head`) ends the program quietly.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

/// `print!` that returns the write error instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)?
    }};
}

pub mod batch;
pub mod check;
pub mod eval;
pub mod explain;
pub mod generate;
pub mod origin;
pub mod request;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use sop_verdict::{FixtureError, FixtureFile, Limits};

/// The fixture files named by `paths`: files as given, folders searched
/// for `*.json` (sorted, so output order is stable).
pub fn fixture_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, FixtureError> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect(path, &mut out)?;
        } else if path.exists() {
            out.push(path.clone());
        } else {
            return Err(FixtureError::new(path, ".", "no such file or folder"));
        }
    }
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), FixtureError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| FixtureError::new(dir, ".", format!("cannot read folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads every fixture file named by `paths`, stopping at the first that
/// cannot be used.
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<FixtureFile>, FixtureError> {
    let limits = Limits::default();
    fixture_files(paths)?
        .iter()
        .map(|p| FixtureFile::read(p, &limits))
        .collect()
}

/// Whether to colour output: a terminal, and NO_COLOR unset.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
