//! `sop batch`'s line reader and its workers: whatever the bytes, the
//! buffer size, the line limit, the number of jobs or interrupted reads,
//! the output is the same, one line per non-blank input line, and nothing
//! panics; a read error ends the batch with that error. The first input
//! byte picks the buffer size, the line limit and which of these to try.
//!
//! (No `#![forbid(unsafe_code)]` here: libFuzzer's entry point is an
//! exported C symbol, which the `fuzz_target!` macro declares.)
#![no_main]

use std::io::{self, BufReader, Read};

use libfuzzer_sys::fuzz_target;
use sop_verdict::batch::{BatchOptions, run_batch};
use sop_verdict::{Limits, Options};

fuzz_target!(|data: &[u8]| {
    let Some((&knob, input)) = data.split_first() else {
        return;
    };
    let capacity = usize::from(knob & 0x0f) + 1;
    let max_line = if knob & 0x10 == 0 { 64 } else { 1 << 20 };
    let options = |jobs| BatchOptions {
        jobs,
        chunk_lines: 2,
        max_chunks_in_flight: 2,
        limits: Limits {
            max_file_bytes: max_line,
            ..Limits::default()
        },
        verdict: Options::lean(),
    };
    let run = |capacity, jobs| {
        let mut out = Vec::new();
        let summary = run_batch(
            BufReader::with_capacity(capacity, input),
            &mut out,
            &options(jobs),
        )
        .expect("writing to a Vec cannot fail");
        (summary, out)
    };
    let (summary, small) = run(capacity, 1);
    let output_lines = small.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(
        output_lines as u64, summary.lines,
        "one output line per input line"
    );
    assert_eq!(
        run(1 << 16, 1),
        (summary, small.clone()),
        "the buffer size changes nothing"
    );
    if knob & 0x20 != 0 {
        assert_eq!(
            run(capacity, 2),
            (summary, small.clone()),
            "jobs change nothing"
        );
    }
    if knob & 0x40 != 0 {
        let mut out = Vec::new();
        let reader = Flaky {
            data: input,
            interrupt: false,
            fail_at_end: false,
        };
        let again = run_batch(
            BufReader::with_capacity(capacity, reader),
            &mut out,
            &options(1),
        );
        assert_eq!(again.ok(), Some(summary), "interrupted reads are retried");
        assert_eq!(out, small);
    }
    if knob & 0x80 != 0 {
        let reader = Flaky {
            data: input,
            interrupt: false,
            fail_at_end: true,
        };
        let failed = run_batch(
            BufReader::with_capacity(capacity, reader),
            &mut Vec::new(),
            &options(1),
        );
        assert!(
            failed.is_err(),
            "a read error ends the batch with that error"
        );
    }
});

/// A reader interrupted before every other read, as by a signal, and that
/// can fail instead of ending.
struct Flaky<'a> {
    data: &'a [u8],
    interrupt: bool,
    fail_at_end: bool,
}

impl Read for Flaky<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt {
            return Err(io::ErrorKind::Interrupted.into());
        }
        if self.data.is_empty() && self.fail_at_end {
            return Err(io::Error::other("the disk went away"));
        }
        self.data.read(buf)
    }
}
