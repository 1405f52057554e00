//! `sop batch`'s line reader and its workers: whatever the bytes, the
//! buffer size, the line limit or the number of jobs, the output is the
//! same, one line per non-blank input line, and nothing panics. The first
//! input byte picks the reader's buffer size and the line limit.
//!
//! (No `#![forbid(unsafe_code)]` here: libFuzzer's entry point is an
//! exported C symbol, which the `fuzz_target!` macro declares.)
#![no_main]

use std::io::BufReader;

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
        assert_eq!(run(capacity, 2), (summary, small), "jobs change nothing");
    }
});
