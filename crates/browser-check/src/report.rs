//! What the check prints and records: the table of disagreements, the
//! evidence for each failed scenario, and `fixtures/CHROMIUM-VERSION`.

use std::fmt::Write as _;

use crate::compare::{Category, Row};
use crate::servers::{Answer, Arrival};

/// Column headings of the table.
const HEADINGS: [&str; 5] = ["scenario", "field", "fixture", "chromium", "sop"];
/// Cells wider than this overflow their column instead of widening it.
const MAX_WIDTH: usize = 48;

/// The table of disagreements: one line per field, columns aligned.
/// A `*` marks the cells that differ from Chromium's. A table of console
/// messages only has no fixture column (fixtures hold no messages).
pub fn table(rows: &[(String, Row)]) -> String {
    let fixture_column = rows.iter().any(|(_, r)| r.category == Category::Contract);
    let keep = |cells: [String; 5]| -> Vec<String> {
        cells
            .into_iter()
            .enumerate()
            .filter(|(i, _)| fixture_column || *i != 2)
            .map(|(_, c)| c)
            .collect()
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(scenario, r)| {
            let mark = |v: &str, differs: bool| {
                if differs {
                    format!("*{v}")
                } else {
                    v.to_owned()
                }
            };
            keep([
                scenario.clone(),
                r.field.clone(),
                mark(&r.fixture, r.chromium_disagrees()),
                r.chromium.clone(),
                mark(&r.sop, r.sop_disagrees()),
            ])
        })
        .collect();
    let headings = keep(HEADINGS.map(str::to_owned));
    let mut widths: Vec<usize> = headings.iter().map(String::len).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count().min(MAX_WIDTH));
        }
    }
    let mut out = String::new();
    let mut line = |row: &[String]| {
        let mut l = String::new();
        for (i, (c, &w)) in row.iter().zip(&widths).enumerate() {
            if i + 1 == row.len() {
                l.push_str(c);
            } else {
                let _ = write!(l, "{c:<w$}  ");
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&headings);
    let rules: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    line(&rules);
    for row in &cells {
        line(row);
    }
    out
}

/// One arrival as a log line: `-> METHOD url  [answer]` and its headers.
pub fn arrival_lines(a: &Arrival) -> Vec<String> {
    let answer = match a.answer {
        Answer::Page => "page".to_owned(),
        Answer::Entry(s) => s.to_string(),
        Answer::NotFound => "404 (no entry)".to_owned(),
        Answer::NetworkError => "network error".to_owned(),
    };
    let step = a
        .step
        .map_or_else(|| "load".to_owned(), |s| format!("step {s}"));
    let mut out = vec![format!("-> {} {}  [{step}; {answer}]", a.method, a.url)];
    out.extend(a.headers.iter().map(|(n, v)| format!("     {n}: {v}")));
    out
}

/// What `fixtures/CHROMIUM-VERSION` records about a run.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionRecord {
    /// Chromium's version number (`156.0.8078.108`).
    pub version: String,
    /// The browser's own product string (`HeadlessChrome/156...`).
    pub product: String,
    /// The executable.
    pub executable: String,
    /// When the run ended, UTC (`2026-05-01T10:20:30Z`).
    pub date: String,
    /// Scenarios replayed.
    pub replayed: usize,
    /// Scenarios that passed.
    pub passed: usize,
    /// Scenarios that failed.
    pub failed: usize,
    /// `spec`-profile scenarios skipped.
    pub skipped_spec: usize,
    /// Seconds the run took.
    pub seconds: f64,
}

/// The version file's text.
pub fn version_file(r: &VersionRecord) -> String {
    format!(
        "# Written by sop-browser-check (crates/browser-check) after a run over this folder.\n\
         chromium: {}\n\
         product: {}\n\
         executable: {}\n\
         date: {}\n\
         scenarios: {} replayed, {} skipped (spec profile)\n\
         result: {} passed, {} failed\n\
         run time: {:.1} s\n",
        r.version,
        r.product,
        r.executable,
        r.date,
        r.replayed,
        r.skipped_spec,
        r.passed,
        r.failed,
        r.seconds
    )
}

/// The version number in a product string: `HeadlessChrome/156.0.1` ->
/// `156.0.1`.
pub fn version_number(product: &str) -> &str {
    product.rsplit('/').next().unwrap_or(product)
}

/// Seconds since the Unix epoch as an ISO 8601 UTC time.
pub fn utc_timestamp(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(utc_timestamp(4_102_444_799), "2099-12-31T23:59:59Z");
    }

    #[test]
    fn versions() {
        assert_eq!(
            version_number("HeadlessChrome/156.0.8078.108"),
            "156.0.8078.108"
        );
        assert_eq!(version_number("156.0"), "156.0");
    }

    #[test]
    fn the_table_aligns_and_marks_disagreements() {
        let rows = vec![(
            "preflight.json: x".to_owned(),
            Row {
                category: Category::Contract,
                field: "expect.preflight".to_owned(),
                fixture: "true".to_owned(),
                chromium: "true".to_owned(),
                sop: "false".to_owned(),
            },
        )];
        let t = table(&rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(
            lines[0].starts_with("scenario           field             fixture  chromium  sop")
        );
        assert!(lines[2].ends_with("true     true      *false"), "{t}");
    }

    #[test]
    fn a_message_table_has_no_fixture_column() {
        let rows = vec![(
            "modes.json: x".to_owned(),
            Row {
                category: Category::Message,
                field: "expect.message".to_owned(),
                fixture: String::new(),
                chromium: "\"a\"".to_owned(),
                sop: "null".to_owned(),
            },
        )];
        let t = table(&rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "scenario       field           chromium  sop");
        assert_eq!(lines[2], "modes.json: x  expect.message  \"a\"       *null");
    }

    #[test]
    fn the_version_file_says_what_ran() {
        let text = version_file(&VersionRecord {
            version: "156.0.8078.108".to_owned(),
            product: "HeadlessChrome/156.0.8078.108".to_owned(),
            executable: "/usr/bin/chromium".to_owned(),
            date: "2026-01-02T03:04:05Z".to_owned(),
            replayed: 10,
            passed: 9,
            failed: 1,
            skipped_spec: 2,
            seconds: 12.34,
        });
        assert!(text.contains("\nchromium: 156.0.8078.108\n"));
        assert!(text.contains("\nresult: 9 passed, 1 failed\n"));
        assert!(text.contains("\nrun time: 12.3 s\n"));
    }
}
