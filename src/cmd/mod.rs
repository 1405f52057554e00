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

/// The lines `eval --help` and `batch --help` give `--mode`, as a literal
/// for `concat!`.
macro_rules! mode_help {
    () => {
        "Modes (--mode):\n  \
        enforce      what the browser does (the default)\n  \
        report-only  the enforce verdict (outcome, reason, message, fix, and the requests a\n               \
        browser would send), plus \"enforcement\": \"report-only\" and \"delivered\":\n               \
        {outcome, reason, status, exposed_headers, body, url, requests}: what script\n               \
        is handed as if the read were allowed and the requests that really reached\n               \
        the servers (the same call run with the policy off)\n  \
        off          the same-origin policy switched off, as Chromium's --disable-web-security:\n               \
        cors and same-origin mode reads go as if same-origin (no preflight, no CORS\n               \
        check, everything but Set-Cookie readable); mixed content, network errors,\n               \
        the redirect limit, the APIs' throws and no-cors's opaque response stay;\n               \
        the verdict says \"enforcement\": \"off\"\n\
        `sop check` always enforces: its expectations are Chromium's.\n\n"
    };
}

pub mod batch;
pub mod check;
pub mod eval;
pub mod explain;
pub mod generate;
pub mod har;
pub mod origin;
pub mod request;
pub mod schema;
pub mod serve;

use std::io::{IsTerminal, Read as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sop_verdict::{FixtureError, FixtureFile, Limits, Scenario};

/// The fixture files named on the command line, and how many could not be
/// used.
pub struct Inputs {
    /// The files that were read, in order.
    pub files: Vec<FixtureFile>,
    /// How many files (or paths) could not be used.
    pub unreadable: usize,
    /// How many were named or found, readable or not.
    pub total: usize,
}

/// `code`, or 2 when an input could not be used (said on stderr).
pub fn exit_code(inputs: &Inputs, code: ExitCode) -> ExitCode {
    if inputs.unreadable == 0 {
        return code;
    }
    eprintln!(
        "sop: {} of {} files could not be used",
        inputs.unreadable, inputs.total
    );
    ExitCode::from(2)
}

/// Reads every fixture file named by `paths` (`-` is stdin). A file that
/// cannot be used is reported on stderr and skipped, so one broken file
/// does not hide the verdicts of the rest.
pub fn read_all(paths: &[PathBuf]) -> Inputs {
    let limits = Limits::default();
    let mut inputs = Inputs {
        files: Vec::new(),
        unreadable: 0,
        total: 0,
    };
    for path in paths {
        let found = if path.as_os_str() == "-" {
            Ok(vec![path.clone()])
        } else {
            sop_verdict::fixture::fixture_paths(std::slice::from_ref(path))
        };
        let read = found.map(|found| {
            found
                .iter()
                .map(|p| {
                    if p.as_os_str() == "-" {
                        read_stdin(&limits)
                    } else {
                        FixtureFile::read(p, &limits)
                    }
                })
                .collect::<Vec<_>>()
        });
        for file in read.unwrap_or_else(|e| vec![Err(e)]) {
            inputs.total += 1;
            match file {
                Ok(file) => inputs.files.push(file),
                Err(e) => {
                    eprintln!("sop: {e}");
                    inputs.unreadable += 1;
                }
            }
        }
    }
    inputs
}

/// Standard input as a fixture file labelled `<stdin>`, within the file
/// size limit.
fn read_stdin(limits: &Limits) -> Result<FixtureFile, FixtureError> {
    let label = Path::new("<stdin>");
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| {
            FixtureError::new(
                label,
                ".",
                format!("cannot read: {}", sop_verdict::fixture::io_words(&e)),
            )
        })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        FixtureError::new(
            label,
            ".",
            format!(
                "not UTF-8: invalid byte at offset {}",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    FixtureFile::parse(label, &text, limits)
}

/// Choosing scenarios by name, shared by explain, eval and check.
#[derive(clap::Args)]
pub struct Select {
    /// Only the scenarios whose name contains NAME, ignoring case.
    #[arg(long)]
    name: Option<String>,
    /// List the scenarios' files and names, one per line, instead of running.
    #[arg(long)]
    list: bool,
}

/// A scenario and the file it is in.
pub type Chosen<'a> = (&'a FixtureFile, &'a Scenario);

impl Select {
    /// The scenarios `--name` selects (all without it), in file order. A
    /// name that matches nothing is an error that suggests the closest.
    pub fn choose<'a>(&self, files: &'a [FixtureFile]) -> Result<Vec<Chosen<'a>>, String> {
        let all = files
            .iter()
            .flat_map(|f| f.scenarios.iter().map(move |s| (f, s)));
        let Some(name) = &self.name else {
            return Ok(all.collect());
        };
        let wanted = name.to_lowercase();
        let chosen: Vec<Chosen<'a>> = all
            .clone()
            .filter(|(_, s)| s.name.to_lowercase().contains(&wanted))
            .collect();
        if chosen.is_empty() {
            return Err(no_match(name, &all.collect::<Vec<_>>()));
        }
        Ok(chosen)
    }

    /// The one scenario `--name` picks, when one is needed: a name that
    /// matches several is an error listing them, unless exactly one of
    /// them is the whole name (`--list` lists them all).
    pub fn choose_one_per_name<'a>(
        &self,
        files: &'a [FixtureFile],
    ) -> Result<Vec<Chosen<'a>>, String> {
        let chosen = self.choose(files)?;
        // `--list` shows every match: that is how to see them.
        let Some(name) = self
            .name
            .as_ref()
            .filter(|_| chosen.len() > 1 && !self.list)
        else {
            return Ok(chosen);
        };
        let wanted = name.to_lowercase();
        let exact: Vec<Chosen<'a>> = chosen
            .iter()
            .copied()
            .filter(|(_, s)| s.name.to_lowercase() == wanted)
            .collect();
        if exact.len() == 1 {
            return Ok(exact);
        }
        // A screenful at most; `--list --name` shows them all.
        const SHOWN: usize = 20;
        let more = match chosen.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => format!("\n  ... and {n} more (--list shows them all)"),
        };
        Err(format!(
            "{} scenarios have {name:?} in their name; give more of the one you mean:\n{}{more}",
            chosen.len(),
            listing(&chosen[..chosen.len().min(SHOWN)])
        ))
    }

    /// Prints the chosen scenarios' files and names, if `--list` asks for
    /// it; true when it did (the caller runs nothing).
    pub fn list(&self, chosen: &[Chosen<'_>]) -> std::io::Result<bool> {
        if self.list {
            for (file, scenario) in chosen {
                outln!("{}: {}", file.path.display(), scenario.name);
            }
        }
        Ok(self.list)
    }
}

/// `file: name`, one per line, indented.
fn listing(chosen: &[Chosen<'_>]) -> String {
    chosen
        .iter()
        .map(|(f, s)| format!("  {}: {}", f.path.display(), s.name))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The error for a name no scenario contains, with the closest names.
fn no_match(name: &str, all: &[Chosen<'_>]) -> String {
    let wanted = name.to_lowercase();
    // A typo in part of a name: the edit distance from `name` to the
    // closest stretch of a scenario's name.
    let most = (wanted.chars().count() / 3).max(1);
    let mut near: Vec<(usize, Chosen<'_>)> = all
        .iter()
        .map(|&c| (substring_distance(&wanted, &c.1.name.to_lowercase()), c))
        .filter(|(d, _)| *d <= most)
        .collect();
    if near.is_empty() {
        // Otherwise the names that share the most words with it.
        let words: Vec<&str> = wanted.split_whitespace().collect();
        let shared = |s: &Scenario| {
            let lower = s.name.to_lowercase();
            let theirs: Vec<&str> = lower.split_whitespace().collect();
            words.iter().filter(|w| theirs.contains(w)).count()
        };
        let best = all.iter().map(|c| shared(c.1)).max().unwrap_or(0);
        if best > 0 {
            near = all
                .iter()
                .filter(|c| shared(c.1) == best)
                .map(|&c| (0, c))
                .collect();
        }
    }
    // Only the closest: a near miss says which scenario was meant.
    let best = near.iter().map(|(d, _)| *d).min().unwrap_or(0);
    near.retain(|(d, _)| *d == best);
    near.truncate(5);
    if near.is_empty() {
        return format!(
            "no scenario name contains {name:?} ({} scenarios; --list shows them)",
            all.len()
        );
    }
    let near: Vec<Chosen<'_>> = near.into_iter().map(|(_, c)| c).collect();
    format!(
        "no scenario name contains {name:?}; did you mean:\n{}",
        listing(&near)
    )
}

/// The fewest single-character edits that turn `needle` into some stretch
/// of `hay` (Sellers' algorithm: where the stretch starts and ends is free).
fn substring_distance(needle: &str, hay: &str) -> usize {
    let hay: Vec<char> = hay.chars().collect();
    let mut row = vec![0; hay.len() + 1];
    for (i, n) in needle.chars().enumerate() {
        let mut next = vec![i + 1; hay.len() + 1];
        for (j, h) in hay.iter().enumerate() {
            let substitute = row[j] + usize::from(n != *h);
            next[j + 1] = substitute.min(row[j + 1] + 1).min(next[j] + 1);
        }
        row = next;
    }
    row.into_iter().min().unwrap_or(0)
}

/// Whether to colour output: a terminal, and NO_COLOR unset.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `--mode` of `eval` and `batch`: how the same-origin policy is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeChoice {
    /// What the browser does
    Enforce,
    /// The enforce verdict, plus what script is handed as if allowed
    ReportOnly,
    /// The same-origin policy switched off
    Off,
}

impl From<ModeChoice> for sop_verdict::Enforcement {
    fn from(m: ModeChoice) -> Self {
        match m {
            ModeChoice::Enforce => sop_verdict::Enforcement::Enforce,
            ModeChoice::ReportOnly => sop_verdict::Enforcement::ReportOnly,
            ModeChoice::Off => sop_verdict::Enforcement::Off,
        }
    }
}

/// What a verdict holds beyond its outcome fields and console message,
/// shared by `eval` and `batch` so the same flags give the same JSON.
#[derive(clap::Args)]
pub struct Detail {
    /// Only the outcome fields and the message: no trace, fix or warnings
    /// (the fast path).
    #[arg(long, conflicts_with_all = ["trace", "no_trace"])]
    lean: bool,
    /// Include the trace: every decision, with its anchor.
    #[arg(long, overrides_with = "no_trace")]
    trace: bool,
    /// Leave the trace out.
    #[arg(long, overrides_with = "trace")]
    no_trace: bool,
}

impl Detail {
    /// The evaluation options these flags ask for, with the trace when
    /// neither `--trace` nor `--no-trace` is given and `traced_by_default`.
    pub fn options(&self, traced_by_default: bool, mode: ModeChoice) -> sop_verdict::Options {
        let options = if self.lean {
            sop_verdict::Options::lean()
        } else {
            sop_verdict::Options {
                trace: self.trace || (traced_by_default && !self.no_trace),
                ..sop_verdict::Options::default()
            }
        };
        options.with(mode.into())
    }
}

/// When to colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always, even into a pipe (for `less -R`).
    Always,
    /// Never.
    Never,
}

/// How a walkthrough is shown (`explain`, and `request`'s text).
#[derive(clap::Args, Debug)]
pub struct Show {
    /// Only the failing step, the wire, the verdict, the message and the
    /// fix: for a projector.
    #[arg(long)]
    brief: bool,
    /// Leave out the links into the standards.
    #[arg(long)]
    no_links: bool,
    /// Colour: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Wrap lines at this many columns, at spaces (URLs stay whole); 0 never
    /// wraps. Default: the terminal's width when stdout is a terminal.
    #[arg(long, value_name = "COLUMNS")]
    width: Option<usize>,
}

impl Show {
    /// The style these flags ask for.
    pub fn style(&self) -> sop_verdict::explain::Style {
        let color = match self.color {
            ColorChoice::Auto => use_color(),
            ColorChoice::Always => true,
            ColorChoice::Never => false,
        };
        let width = match self.width {
            Some(0) => None,
            Some(columns) => Some(columns),
            None => terminal_size::terminal_size_of(std::io::stdout())
                .map(|(terminal_size::Width(w), _)| usize::from(w)),
        };
        sop_verdict::explain::Style {
            color,
            links: !self.no_links,
            brief: self.brief,
            width,
        }
    }
}
