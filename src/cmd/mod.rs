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
use std::path::PathBuf;

use sop_verdict::{FixtureError, FixtureFile, Limits};

/// Reads every fixture file named by `paths`, stopping at the first that
/// cannot be used.
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<FixtureFile>, FixtureError> {
    let limits = Limits::default();
    sop_verdict::fixture::fixture_paths(paths)?
        .iter()
        .map(|p| FixtureFile::read(p, &limits))
        .collect()
}

/// Whether to colour output: a terminal, and NO_COLOR unset.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
