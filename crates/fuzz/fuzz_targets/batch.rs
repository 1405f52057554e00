//! `sop batch`'s line reader and its workers: whatever the bytes, the
//! buffer size, the line limit, the number of jobs or interrupted reads,
//! the output is the same, one line per non-blank input line, and nothing
//! panics; a read or write error ends the batch with that error. The first input
//! byte picks the buffer size, the line limit and which of these to try.
//!
//! (No `#![forbid(unsafe_code)]` here: libFuzzer's entry point is an
//! exported C symbol, which the `fuzz_target!` macro declares.)
#![no_main]

use std::io::{self, BufReader, Read, Write};

use libfuzzer_sys::fuzz_target;
use sop_verdict::batch::{BatchOptions, BatchSummary, run_batch};
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
    let (summary, small) = run(input, capacity, &options(1)).expect("a slice never fails to read");
    let output_lines = small.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(
        output_lines as u64, summary.lines,
        "one output line per input line"
    );
    let expected = Some((summary, small));
    assert_eq!(
        run(input, 1 << 16, &options(1)).ok(),
        expected,
        "the buffer size changes nothing"
    );
    // The rest run on one thread or two, as the knob says.
    let jobs = if knob & 0x20 != 0 { 2 } else { 1 };
    assert_eq!(
        run(input, capacity, &options(jobs)).ok(),
        expected,
        "jobs change nothing"
    );
    if knob & 0x40 != 0 {
        assert_eq!(
            run(Flaky::new(input, false), capacity, &options(jobs)).ok(),
            expected,
            "interrupted reads are retried"
        );
    }
    if knob & 0x80 != 0 {
        assert!(
            run(Flaky::new(input, true), capacity, &options(jobs)).is_err(),
            "a read error ends the batch with it"
        );
        // A reader that went away (a closed pipe): the batch ends with the
        // write error once output no longer fits.
        let Some((_, small)) = &expected else { return };
        let mut full = Full {
            room: small.len() / 2,
        };
        let written = run_batch(
            BufReader::with_capacity(capacity, input),
            &mut full,
            &options(jobs),
        );
        assert_eq!(
            written.is_err(),
            !small.is_empty(),
            "a write error ends the batch"
        );
    }
});

/// Runs a batch from `reader` through a buffer of `capacity` bytes.
fn run(
    reader: impl Read + Send,
    capacity: usize,
    options: &BatchOptions,
) -> io::Result<(BatchSummary, Vec<u8>)> {
    let mut out = Vec::new();
    let summary = run_batch(
        BufReader::with_capacity(capacity, reader),
        &mut out,
        options,
    )?;
    Ok((summary, out))
}

/// An output with room for so many bytes, then an error.
struct Full {
    room: usize,
}

impl Write for Full {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.room == 0 && !buf.is_empty() {
            return Err(io::ErrorKind::BrokenPipe.into());
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A reader interrupted before every other read, as by a signal, and that
/// can fail instead of ending.
struct Flaky<'a> {
    data: &'a [u8],
    interrupt: bool,
    fail_at_end: bool,
}

impl Flaky<'_> {
    fn new(data: &[u8], fail_at_end: bool) -> Flaky<'_> {
        Flaky {
            data,
            interrupt: false,
            fail_at_end,
        }
    }
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
