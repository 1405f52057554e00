//! The command line: `sop-playground-check [--sop PATH] [--fixtures DIR]
//! [--screenshot PATH]`.

use std::path::{Path, PathBuf};

/// The usage text.
pub const USAGE: &str = "\
Usage: sop-playground-check [--sop PATH] [--fixtures DIR] [--screenshot PATH]

Starts `sop serve --port 0 DIR`, opens its page in headless Chromium and
drives it as a reader would: for a fetch that is blocked, one exposed after
a preflight, a steps scenario, an embed and a window scenario, types the
name into the filter, picks the scenario, clicks Evaluate, and compares the
verdict the page shows with `sop eval`, the walkthrough with `sop explain`,
and checks a decoded diagram per read. It also posts a scenario with a
mistake and checks the error names its JSON path and marks its line, and
that the page asked nothing of any host but the playground's server. Saves
a screenshot. Exits 0 when all agree, 1 on any disagreement, 2 when it
cannot run.

  --sop PATH         the sop binary (default: target/release/sop, else
                     target/debug/sop)
  --fixtures DIR     the corpus to serve (default: fixtures)
  --screenshot PATH  where to save the PNG (default: target/playground.png)
  -h, --help         this text

Chromium: $SOP_CHROMIUM, else /usr/bin/chromium.";

/// The parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// The sop binary.
    pub sop: PathBuf,
    /// The corpus folder.
    pub fixtures: PathBuf,
    /// Where the screenshot goes.
    pub screenshot: PathBuf,
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Run the check.
    Run(Args),
    /// Print the usage.
    Help,
}

/// Parses the arguments after the program name; `exists` says whether a
/// default sop binary is there.
pub fn parse(
    args: impl IntoIterator<Item = String>,
    exists: impl Fn(&Path) -> bool,
) -> Result<Command, String> {
    let mut sop = None;
    let mut fixtures = PathBuf::from("fixtures");
    let mut screenshot = PathBuf::from("target/playground.png");
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (a.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--sop" => sop = Some(PathBuf::from(value("--sop")?)),
            "--fixtures" => fixtures = PathBuf::from(value("--fixtures")?),
            "--screenshot" => screenshot = PathBuf::from(value("--screenshot")?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let sop = match sop {
        Some(path) => path,
        None => ["target/release/sop", "target/debug/sop"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| exists(p))
            .ok_or("no sop binary in target/ (cargo build --release, or give --sop PATH)")?,
    };
    Ok(Command::Run(Args {
        sop,
        fixtures,
        screenshot,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str], present: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(|s| (*s).to_owned()), |path| {
            present.iter().any(|p| Path::new(p) == path)
        })
    }

    #[test]
    fn defaults_to_the_release_binary_then_the_debug_one() {
        let both = ["target/release/sop", "target/debug/sop"];
        let Ok(Command::Run(a)) = p(&[], &both) else {
            panic!("no run")
        };
        assert_eq!(a.sop, PathBuf::from("target/release/sop"));
        assert_eq!(a.fixtures, PathBuf::from("fixtures"));
        assert_eq!(a.screenshot, PathBuf::from("target/playground.png"));
        let Ok(Command::Run(a)) = p(&[], &both[1..]) else {
            panic!("no run")
        };
        assert_eq!(a.sop, PathBuf::from("target/debug/sop"));
        assert!(p(&[], &[]).is_err());
    }

    #[test]
    fn reads_options() {
        let Ok(Command::Run(a)) = p(
            &["--sop", "x/sop", "--screenshot=s.png", "--fixtures", "f"],
            &[],
        ) else {
            panic!("no run")
        };
        assert_eq!(
            (a.sop, a.fixtures, a.screenshot),
            ("x/sop".into(), "f".into(), "s.png".into())
        );
        assert!(p(&["--sop"], &[]).is_err());
        assert!(p(&["stray"], &[]).is_err());
        assert_eq!(p(&["-h"], &[]), Ok(Command::Help));
    }
}
