//! The command line: `sop-browser-check [--filter SUBSTRING] [--jobs N]
//! [--verbose] [--record-har DIR] [PATH...]`.

use std::path::PathBuf;

/// The usage text.
pub const USAGE: &str = "\
Usage: sop-browser-check [--filter SUBSTRING] [--jobs N] [--verbose]
                         [--record-har DIR] [PATH...]

Replays every scenario of the fixture files (default: fixtures/) in headless
Chromium and reports, field by field, where the browser disagrees with the
fixture's `expect` and where sop disagrees with the browser: fetch scenarios
(the script's fetch() or XMLHttpRequest), embed scenarios (an element loads
a resource, then script reads it) and window scenarios (the page's script
reaches a frame, popup, parent or opener). Scenarios of the `spec` profile
are skipped. Ends with `N passed, N failed`; exits 0 when none failed, 1
otherwise, 2 when it cannot run.

  PATH                fixture files or folders of *.json (default fixtures/)
  --filter SUBSTRING  only scenarios whose `file.json: name` contains it
  --jobs N            accepted for compatibility; scenarios always run one at
                      a time (their URLs are fixed, so concurrent scenarios
                      could not be told apart at the servers)
  --verbose           print every scenario's traffic, not only failures'
  --record-har DIR    write each fetch and embed scenario's traffic as DevTools
                      exports it (HAR 1.2, with content) to
                      DIR/<file>--<scenario>.har
  -h, --help          this text

Chromium: $SOP_CHROMIUM, else /usr/bin/chromium. It needs ports 80, 443 and
any other port the scenarios' URLs name on 127.0.0.1 (run as root).
After a run over whole folders without --filter, writes CHROMIUM-VERSION
into each folder.";

/// The parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// Only scenarios whose label contains this.
    pub filter: Option<String>,
    /// Requested parallelism (scenarios run one at a time regardless).
    pub jobs: usize,
    /// Print every scenario's traffic.
    pub verbose: bool,
    /// Write each fetch and embed scenario's HAR into this folder.
    pub record_har: Option<PathBuf>,
    /// Files or folders.
    pub paths: Vec<PathBuf>,
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Run the check.
    Run(Args),
    /// Print the usage.
    Help,
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut out = Args {
        filter: None,
        jobs: 1,
        verbose: false,
        record_har: None,
        paths: Vec::new(),
    };
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
            "--filter" => out.filter = Some(value("--filter")?),
            "--jobs" | "-j" => {
                let v = value("--jobs")?;
                out.jobs = v
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--jobs needs a positive number, not {v:?}"))?;
            }
            "--verbose" | "-v" => out.verbose = true,
            "--record-har" => out.record_har = Some(PathBuf::from(value("--record-har")?)),
            f if f.starts_with('-') && f != "-" => return Err(format!("unknown option {f}")),
            _ => out.paths.push(PathBuf::from(a)),
        }
    }
    if out.paths.is_empty() {
        out.paths.push(PathBuf::from("fixtures"));
    }
    Ok(Command::Run(out))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn p(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn defaults_to_the_fixtures_folder() {
        assert_eq!(
            p(&[]),
            Ok(Command::Run(Args {
                filter: None,
                jobs: 1,
                verbose: false,
                record_har: None,
                paths: vec![PathBuf::from("fixtures")]
            }))
        );
    }

    #[test]
    fn reads_options_and_paths() {
        let Ok(Command::Run(a)) = p(&["--filter", "preflight", "--jobs=2", "a.json", "-v", "dir"])
        else {
            panic!()
        };
        assert_eq!(a.filter.as_deref(), Some("preflight"));
        assert_eq!(a.jobs, 2);
        assert!(a.verbose);
        assert_eq!(a.record_har, None);
        assert_eq!(a.paths, vec![PathBuf::from("a.json"), PathBuf::from("dir")]);
        let Ok(Command::Run(a)) = p(&["--record-har", "out/har", "x.json"]) else {
            panic!()
        };
        assert_eq!(a.record_har, Some(PathBuf::from("out/har")));
        assert_eq!(a.paths, vec![PathBuf::from("x.json")]);
    }

    #[test]
    fn refuses_bad_input() {
        assert!(p(&["--filter"]).is_err());
        assert!(p(&["--record-har"]).is_err());
        assert!(p(&["--jobs", "0"]).is_err());
        assert!(p(&["--nope"]).is_err());
        assert_eq!(p(&["-h"]), Ok(Command::Help));
    }
}
