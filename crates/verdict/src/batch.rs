//! Batch evaluation: scenarios as JSON Lines in, verdicts as JSON Lines out,
//! in input order, in constant memory, on as many threads as asked.
//!
//! Each input line is one scenario object (the fixture format's single
//! scenario). Each output line is `{"name": ..., "verdict": ...}` (the same
//! verdict JSON as `sop eval`), or `{"line": N, "error": "..."}` for a line
//! that is not a valid scenario. Blank lines are skipped.
//!
//! ```
//! use sop_verdict::batch::{BatchOptions, run_batch};
//! let input = concat!(
//!     r#"{"name": "a", "page": "https://app.example/", "request": {"url": "/x"}}"#, "\n",
//!     "not json\n",
//! );
//! let mut out = Vec::new();
//! let summary = run_batch(input.as_bytes(), &mut out, &BatchOptions::default()).unwrap();
//! assert_eq!((summary.lines, summary.failed), (2, 1));
//! let text = String::from_utf8(out).unwrap();
//! assert!(text.lines().next().unwrap().starts_with(r#"{"name":"a","verdict":{"outcome":"exposed""#));
//! assert!(text.lines().nth(1).unwrap().starts_with(r#"{"line":2,"error":"#));
//! ```

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::sync::mpsc;

use serde::Serialize;

use crate::evaluate::{Options, ScenarioVerdict, evaluate};
use crate::fixture::{FixtureError, Scenario, UrlMemo, with_url_memo};
use crate::limits::Limits;

/// How to run a batch.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    /// Worker threads (1: evaluate on the calling thread).
    pub jobs: usize,
    /// Lines handed to a worker at a time.
    pub chunk_lines: usize,
    /// The most chunks read ahead of the writer (bounds memory).
    pub max_chunks_in_flight: usize,
    /// Limits on each scenario; `max_file_bytes` bounds each line.
    pub limits: Limits,
    /// What each verdict includes (by default, as `sop batch`: everything
    /// but the trace).
    pub verdict: Options,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            jobs: 1,
            chunk_lines: 256,
            max_chunks_in_flight: 16,
            limits: Limits::default(),
            verdict: Options {
                trace: false,
                ..Options::default()
            },
        }
    }
}

/// What a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Non-blank lines read.
    pub lines: u64,
    /// Lines that were not valid scenarios.
    pub failed: u64,
}

/// One input line: its number and bytes (or why it could not be read).
type Line = (u64, Result<Vec<u8>, String>);

#[derive(Serialize)]
struct VerdictLine<'a> {
    name: &'a str,
    verdict: &'a ScenarioVerdict,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    line: u64,
    error: &'a str,
}

/// Evaluates one line into `out` (one output line); returns whether the
/// line was a valid scenario. `line` is the line's bytes, or why it could
/// not be read.
///
/// The line stands alone: it is its own stage, and no URL memo is lent
/// (see `fixture::url_memo`).
pub fn evaluate_line(
    number: u64,
    line: Result<&[u8], &str>,
    options: &BatchOptions,
    out: &mut Vec<u8>,
) -> bool {
    evaluate_stage(&[(number, line)], options, None, out) == 0
}

/// Lines evaluated together, step by step: all of them parsed and
/// validated, then all evaluated, then all written. Each step's code then
/// stays in the instruction cache from one line to the next instead of
/// being pushed out by the other steps' (a verdict touches more code than
/// the cache holds): about a quarter fewer instruction-cache misses and a
/// tenth less time than a line at a time (docs/performance.md, "Issue 17,
/// tenth cut"). More lines than this gained nothing more.
const STAGE_LINES: usize = 32;

/// On one thread, lines are read into a group of [`STAGE_LINES`], which
/// stops growing at this many bytes so that a few long lines are not held
/// together.
const GROUP_BYTES: usize = 1 << 16;

/// Evaluates `lines` (each its number and its bytes, or why it could not
/// be read) into `out`, a line each, in a stage (see [`STAGE_LINES`]);
/// returns how many were not valid scenarios. URLs parsed on earlier
/// lines are shared from `memo`, if given, rather than parsed again.
fn evaluate_stage(
    lines: &[(u64, Result<&[u8], &str>)],
    options: &BatchOptions,
    memo: Option<&mut UrlMemo>,
    out: &mut Vec<u8>,
) -> u64 {
    let read = || -> Vec<Result<Scenario, String>> {
        lines
            .iter()
            .map(|(_, line)| read_scenario(*line, &options.limits))
            .collect()
    };
    let unchecked = match memo {
        Some(memo) => with_url_memo(memo, read),
        None => read(),
    };
    let parsed: Vec<Result<Scenario, String>> = unchecked
        .into_iter()
        .map(|scenario| scenario?.checked(&options.limits).map_err(line_error))
        .collect();
    let verdicts: Vec<Result<(&str, ScenarioVerdict), &str>> = parsed
        .iter()
        .map(|scenario| match scenario {
            Ok(scenario) => Ok((scenario.name.as_str(), evaluate(scenario, options.verdict))),
            Err(error) => Err(error.as_str()),
        })
        .collect();
    let mut failed = 0;
    for ((number, _), verdict) in lines.iter().zip(&verdicts) {
        let written = match verdict {
            Ok((name, verdict)) => {
                crate::line_writer::write(&mut *out, &VerdictLine { name, verdict })
            }
            Err(error) => {
                failed += 1;
                crate::line_writer::write(
                    &mut *out,
                    &ErrorLine {
                        line: *number,
                        error,
                    },
                )
            }
        };
        if written.is_err() {
            // Serialising our own types into memory cannot fail; say so if it did.
            out.extend_from_slice(
                br#"{"line":0,"error":"internal: could not serialise the verdict"}"#,
            );
        }
        out.push(b'\n');
    }
    failed
}

/// Evaluates `lines` into `out`, [`STAGE_LINES`] at a time, through
/// `memo` (this thread's URLs parsed before); returns how many were not
/// valid scenarios.
fn evaluate_lines(
    lines: &[(u64, Result<&[u8], &str>)],
    options: &BatchOptions,
    memo: &mut UrlMemo,
    out: &mut Vec<u8>,
) -> u64 {
    lines
        .chunks(STAGE_LINES)
        .map(|stage| evaluate_stage(stage, options, Some(&mut *memo), out))
        .sum()
}

/// The scenario on a line, read but not yet checked beyond its JSON
/// ([`Scenario::checked`]), or what is wrong with the line.
fn read_scenario(line: Result<&[u8], &str>, limits: &Limits) -> Result<Scenario, String> {
    match line {
        Err(e) => Err(e.to_owned()),
        Ok(bytes) => match std::str::from_utf8(bytes) {
            Err(e) => Err(format!(
                "not UTF-8: invalid byte at offset {}",
                e.valid_up_to()
            )),
            Ok(text) => Scenario::read_json(text, limits).map_err(line_error),
        },
    }
}

/// What is wrong with a line, as its error line says it: where in the
/// scenario, then what.
fn line_error(e: FixtureError) -> String {
    format!("{}: {}", e.path, e.message)
}

/// Lines read one after another into one buffer, evaluated as a group.
#[derive(Default)]
struct Group {
    /// The lines' bytes, end to end.
    bytes: Vec<u8>,
    /// Each line's number and its span in `bytes`, or why it was not read.
    lines: Vec<(u64, Result<Range<usize>, String>)>,
}

impl Group {
    fn push(&mut self, number: u64, line: Result<&[u8], &str>) {
        let span = match line {
            Ok(line) => {
                let start = self.bytes.len();
                self.bytes.extend_from_slice(line);
                Ok(start..self.bytes.len())
            }
            Err(why) => Err(why.to_owned()),
        };
        self.lines.push((number, span));
    }

    /// Evaluates every line into `out` (see [`evaluate_lines`]).
    fn evaluate(&self, options: &BatchOptions, memo: &mut UrlMemo, out: &mut Vec<u8>) -> u64 {
        let lines: Vec<(u64, Result<&[u8], &str>)> = self
            .lines
            .iter()
            .map(|(number, span)| {
                let line = match span {
                    Ok(span) => Ok(self.bytes.get(span.clone()).unwrap_or_default()),
                    Err(why) => Err(why.as_str()),
                };
                (*number, line)
            })
            .collect();
        evaluate_lines(&lines, options, memo, out)
    }

    fn len(&self) -> u64 {
        self.lines.len() as u64
    }
}

/// Reads lines from `input`, bounded by `max` bytes each: a longer line is
/// skipped to its end and reported. Blank lines are skipped.
struct Lines<R> {
    input: R,
    max: usize,
    number: u64,
    /// A line that spans refills of the input's buffer, gathered here.
    gathered: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    /// Hands the next line to `f` and returns what it returned: borrowed
    /// straight from the input's buffer when the whole line is there (the
    /// usual case), else gathered first. `None` at the end of the input.
    fn next_line<T>(
        &mut self,
        mut f: impl FnMut(u64, Result<&[u8], &str>) -> T,
    ) -> Option<io::Result<T>> {
        loop {
            let available = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if available.is_empty() {
                return None;
            }
            if let Some(end) = memchr::memchr(b'\n', available)
                && end <= self.max
            {
                self.number += 1;
                let line = &available[..end];
                let result = (!is_blank(line)).then(|| f(self.number, Ok(line)));
                self.input.consume(end + 1);
                match result {
                    Some(result) => return Some(Ok(result)),
                    None => continue,
                }
            }
            match self.gather() {
                Err(e) => return Some(Err(e)),
                Ok(None) => return None,
                Ok(Some(fits)) => {
                    self.number += 1;
                    if !fits {
                        let why = format!("line is longer than the limit of {} bytes", self.max);
                        return Some(Ok(f(self.number, Err(&why))));
                    }
                    if !is_blank(&self.gathered) {
                        return Some(Ok(f(self.number, Ok(&self.gathered))));
                    }
                }
            }
        }
    }

    /// Reads one line into `gathered` across refills; `Some(false)` when it
    /// is longer than `max` (then it is skipped to its end, not kept),
    /// `None` at the end of the input.
    fn gather(&mut self) -> io::Result<Option<bool>> {
        self.gathered.clear();
        let mut fits = true;
        let mut seen_any = false;
        loop {
            let available = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            seen_any = true;
            let (chunk, done) = match memchr::memchr(b'\n', available) {
                Some(i) => (&available[..i], Some(i + 1)),
                None => (available, None),
            };
            if fits {
                if self.gathered.len() + chunk.len() > self.max {
                    fits = false;
                    self.gathered = Vec::new();
                } else {
                    self.gathered.extend_from_slice(chunk);
                }
            }
            let used = done.unwrap_or(chunk.len());
            self.input.consume(used);
            if done.is_some() {
                break;
            }
        }
        Ok(seen_any.then_some(fits))
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

impl<R: BufRead> Lines<R> {
    /// Reads lines into `group` (emptied first) until it holds
    /// [`STAGE_LINES`] lines or at least [`GROUP_BYTES`] bytes, or the input
    /// ends. After a read error the group keeps the lines read before it.
    fn fill(&mut self, group: &mut Group) -> io::Result<()> {
        group.lines.clear();
        group.bytes = recycled(std::mem::take(&mut group.bytes));
        while group.lines.len() < STAGE_LINES && group.bytes.len() < GROUP_BYTES {
            match self.next_line(|number, line| group.push(number, line)) {
                None => break,
                Some(read) => read?,
            }
        }
        Ok(())
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_line(|number, line| (number, line.map(<[u8]>::to_vec).map_err(str::to_owned)))
    }
}

/// Runs a batch from `input` to `output`.
pub fn run_batch<R: BufRead + Send, W: Write>(
    input: R,
    output: &mut W,
    options: &BatchOptions,
) -> io::Result<BatchSummary> {
    let max = usize::try_from(options.limits.max_file_bytes).unwrap_or(usize::MAX);
    let mut lines = Lines {
        input,
        max,
        number: 0,
        gathered: Vec::new(),
    };
    let mut summary = BatchSummary::default();
    if options.jobs <= 1 {
        let mut group = Group::default();
        let mut memo = UrlMemo::default();
        let mut out = Vec::new();
        loop {
            let read = lines.fill(&mut group);
            if group.lines.is_empty() {
                read?;
                break;
            }
            out = recycled(out);
            summary.failed += group.evaluate(options, &mut memo, &mut out);
            summary.lines += group.len();
            output.write_all(&out)?;
            read?;
        }
        output.flush()?;
        return Ok(summary);
    }
    run_parallel(&mut lines, output, options, &mut summary)?;
    output.flush()?;
    Ok(summary)
}

/// A chunk's output buffer that grew past this (a line with a very long
/// body, say) is let go once written, so memory in flight returns to what
/// ordinary chunks need: 256 traced verdicts are about 600 KiB.
const KEEP_BUFFER_BYTES: usize = 1 << 20;

/// `out` emptied for the next chunk, or a new buffer in place of one that
/// outgrew [`KEEP_BUFFER_BYTES`].
fn recycled(mut out: Vec<u8>) -> Vec<u8> {
    if out.capacity() > KEEP_BUFFER_BYTES {
        return Vec::new();
    }
    out.clear();
    out
}

/// Chunks of lines go to workers through a bounded queue; results come back
/// tagged with their chunk number and are written in order. A chunk is read
/// only when a token is free, and a token is returned only when its chunk
/// is written, so at most `max_chunks_in_flight` chunks are in memory.
///
/// A token is the buffer its chunk's verdict lines are written into,
/// emptied and handed back by the writer, so the same buffers go round. A
/// buffer grown on a worker and freed by the writer, chunk after chunk,
/// left the allocator holding about twice the memory in flight (73 to 95
/// MB, against 46 to 55 now, on a million mixed lines with two jobs).
fn run_parallel<R: BufRead + Send, W: Write>(
    lines: &mut Lines<R>,
    output: &mut W,
    options: &BatchOptions,
    summary: &mut BatchSummary,
) -> io::Result<()> {
    let in_flight = options.max_chunks_in_flight.max(options.jobs);
    let (job_tx, job_rx) = mpsc::sync_channel::<(u64, Vec<Line>, Vec<u8>)>(in_flight);
    let job_rx = std::sync::Mutex::new(job_rx);
    let (result_tx, result_rx) = mpsc::channel::<(u64, Vec<u8>, u64, u64)>();
    let (token_tx, token_rx) = mpsc::sync_channel::<Vec<u8>>(in_flight);
    for _ in 0..in_flight {
        // The channel has room for exactly these tokens.
        let _ = token_tx.send(Vec::new());
    }
    std::thread::scope(|scope| -> io::Result<()> {
        for _ in 0..options.jobs {
            let result_tx = result_tx.clone();
            let job_rx = &job_rx;
            scope.spawn(move || {
                let mut memo = UrlMemo::default();
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((chunk_no, chunk, mut out)) = job else {
                        return;
                    };
                    let lines: Vec<(u64, Result<&[u8], &str>)> = chunk
                        .iter()
                        .map(|(number, line)| (*number, line.as_deref().map_err(String::as_str)))
                        .collect();
                    let failed = evaluate_lines(&lines, options, &mut memo, &mut out);
                    if result_tx
                        .send((chunk_no, out, chunk.len() as u64, failed))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
        drop(result_tx);
        // The reader: on this thread's scope, a thread of its own so the
        // writer below can run at the same time.
        let reader = scope.spawn(move || -> io::Result<()> {
            let mut chunk_no = 0u64;
            let mut chunk = Vec::with_capacity(options.chunk_lines);
            let send = |chunk: Vec<Line>, chunk_no: &mut u64| -> bool {
                let Ok(out) = token_rx.recv() else {
                    return false;
                };
                let ok = job_tx.send((*chunk_no, chunk, out)).is_ok();
                *chunk_no += 1;
                ok
            };
            for line in lines {
                chunk.push(line?);
                if chunk.len() == options.chunk_lines {
                    let full =
                        std::mem::replace(&mut chunk, Vec::with_capacity(options.chunk_lines));
                    if !send(full, &mut chunk_no) {
                        return Ok(());
                    }
                }
            }
            if !chunk.is_empty() {
                send(chunk, &mut chunk_no);
            }
            Ok(())
        });
        // The writer: in chunk order.
        let mut pending: BTreeMap<u64, (Vec<u8>, u64, u64)> = BTreeMap::new();
        let mut next = 0u64;
        let mut write_error = None;
        for (chunk_no, out, count, failed) in result_rx {
            pending.insert(chunk_no, (out, count, failed));
            while let Some((out, count, failed)) = pending.remove(&next) {
                if write_error.is_none()
                    && let Err(e) = output.write_all(&out)
                {
                    write_error = Some(e);
                }
                summary.lines += count;
                summary.failed += failed;
                next += 1;
                let _ = token_tx.send(recycled(out));
            }
            if write_error.is_some() {
                break;
            }
        }
        drop(token_tx);
        if let Some(e) = write_error {
            return Err(e);
        }
        match reader.join() {
            Ok(r) => r,
            Err(_) => Err(io::Error::other("the reader thread panicked")),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"{"name": "n", "page": "https://a.example/", "request": {"url": "/x"}}"#;

    /// The line writer writes every fixture scenario's verdict, traced
    /// and lean, enforced and report-only, byte for byte as serde_json
    /// does (the trace's words carry quotes and the corpus's headers
    /// other escapes).
    #[test]
    fn verdict_lines_are_written_as_serde_json_writes_them() {
        use crate::{Enforcement, FixtureFile, fixture::fixture_paths};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut lines = 0;
        for path in fixture_paths(&[dir]).unwrap() {
            let file = FixtureFile::read(&path, &Limits::default()).unwrap();
            for scenario in &file.scenarios {
                for options in [
                    Options::default(),
                    Options::lean(),
                    Options {
                        enforcement: Enforcement::ReportOnly,
                        ..Options::default()
                    },
                ] {
                    let verdict = evaluate(scenario, options);
                    let line = VerdictLine {
                        name: &scenario.name,
                        verdict: &verdict,
                    };
                    let mut ours = Vec::new();
                    crate::line_writer::write(&mut ours, &line).unwrap();
                    let theirs = serde_json::to_vec(&line).unwrap();
                    assert!(ours == theirs, "{}: {}", path.display(), scenario.name);
                    lines += 1;
                }
            }
        }
        assert!(lines > 1_000, "only {lines} lines");
    }

    /// An output buffer goes round emptied and keeps its room, unless it
    /// outgrew the bound, which is then given back.
    #[test]
    fn output_buffers_go_round_empty_and_bounded() {
        let mut out = Vec::with_capacity(4096);
        out.extend_from_slice(b"{}\n");
        let out = recycled(out);
        assert!(out.is_empty());
        assert!(out.capacity() >= 4096);
        let mut big = Vec::with_capacity(KEEP_BUFFER_BYTES + 1);
        big.push(b'x');
        assert_eq!(recycled(big).capacity(), 0);
        let at_bound = Vec::<u8>::with_capacity(KEEP_BUFFER_BYTES);
        assert!(recycled(at_bound).capacity() >= KEEP_BUFFER_BYTES);
    }

    /// The output's lines as (line number or name, whether an error).
    fn run(input: &str, capacity: usize, jobs: usize, max: u64) -> (BatchSummary, Vec<String>) {
        let reader = io::BufReader::with_capacity(capacity, input.as_bytes());
        let mut options = BatchOptions {
            jobs,
            chunk_lines: 2,
            ..BatchOptions::default()
        };
        options.limits.max_file_bytes = max;
        let mut out = Vec::new();
        let summary = run_batch(reader, &mut out, &options).unwrap();
        (summary, labels(out, "/verdict/outcome"))
    }

    /// Each output line as `error at N`, or a verdict line's string at the
    /// JSON pointer `label` (`/verdict/outcome`, `/name`).
    fn labels(out: Vec<u8>, label: &str) -> Vec<String> {
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                match v.get("line") {
                    Some(n) => format!("error at {n}"),
                    None => v.pointer(label).unwrap().as_str().unwrap().to_owned(),
                }
            })
            .collect()
    }

    /// A reader that fails once `good` bytes are read.
    struct FailingAfter<'a> {
        good: &'a [u8],
    }

    impl io::Read for FailingAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.good.is_empty() {
                return Err(io::Error::other("the disk went away"));
            }
            let n = self.good.len().min(buf.len());
            buf[..n].copy_from_slice(&self.good[..n]);
            self.good = &self.good[n..];
            Ok(n)
        }
    }

    /// On one thread the lines read before a read error are still
    /// evaluated and written (they were read into the same group as the
    /// error), and then the error is returned.
    #[test]
    fn a_read_error_comes_after_the_lines_before_it() {
        let input = format!("{OK}\n{OK}\nnot json\n");
        let reader = io::BufReader::with_capacity(
            16,
            FailingAfter {
                good: input.as_bytes(),
            },
        );
        let mut out = Vec::new();
        let error = run_batch(reader, &mut out, &BatchOptions::default()).unwrap_err();
        assert_eq!(error.to_string(), "the disk went away");
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(
            text.lines()
                .nth(2)
                .unwrap()
                .starts_with(r#"{"line":3,"error":"#)
        );
    }

    /// More lines than a stage and a group holds: every line is written once,
    /// in order, on one thread and two.
    #[test]
    fn lines_beyond_a_stage_come_out_in_order() {
        let input: String = (0..(STAGE_LINES * 3 + 5))
            .map(|n| {
                if n % 7 == 3 {
                    "not json\n".to_owned()
                } else {
                    format!("{}\n", OK.replace(r#""n""#, &format!(r#""n{n}""#)))
                }
            })
            .collect();
        for jobs in [1, 2] {
            let options = BatchOptions {
                jobs,
                chunk_lines: STAGE_LINES + 3,
                ..BatchOptions::default()
            };
            let mut out = Vec::new();
            let summary = run_batch(input.as_bytes(), &mut out, &options).unwrap();
            let names = labels(out, "/name");
            let expected: Vec<String> = (0..(STAGE_LINES * 3 + 5))
                .map(|n| {
                    if n % 7 == 3 {
                        format!("error at {}", n + 1)
                    } else {
                        format!("n{n}")
                    }
                })
                .collect();
            assert_eq!(names, expected, "jobs {jobs}");
            assert_eq!(
                summary.failed,
                expected.iter().filter(|n| n.starts_with("error")).count() as u64
            );
        }
    }

    #[test]
    fn lines_in_the_buffer_across_refills_blank_long_and_unterminated() {
        let long = format!(
            r#"{{"name": "{}", "page": "https://a.example/", "request": {{"url": "/"}}}}"#,
            "x".repeat(200)
        );
        let input = format!("{OK}\n\n  \t\n{OK}\r\n{long}\nnot json\n{OK}");
        let expected = ["exposed", "exposed", "error at 5", "error at 6", "exposed"];
        // Buffers smaller and larger than a line, one and two jobs: the
        // same lines, numbered from 1 with blank lines counted.
        for capacity in [7, 64, 1 << 16] {
            for jobs in [1, 2] {
                let (summary, lines) = run(&input, capacity, jobs, 150);
                assert_eq!(lines, expected, "capacity {capacity}, jobs {jobs}");
                assert_eq!((summary.lines, summary.failed), (5, 2));
            }
        }
        // Without the tight limit the long line is a scenario.
        let (summary, lines) = run(&input, 64, 1, 1 << 20);
        assert_eq!(lines[2], "exposed");
        assert_eq!(summary.failed, 1);
    }
}
