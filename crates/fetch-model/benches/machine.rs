//! The fetch machine alone on a typical cross-origin preflighted request
//! (PUT with a custom header and JSON content type): build the request,
//! send the preflight, validate its answer, send the request, CORS-check
//! and filter the response. No JSON, no I/O.
//!
//! Reported as nanoseconds per request and as a ratio to a baseline measured
//! in the same run on the same machine: parsing the request's URL with the
//! `url` crate. Timed under the system allocator: a counting allocator
//! takes a lock on every allocation and free, which would charge the
//! machine (29 allocations) far more than the baseline (one). The
//! allocations are counted by the `machine_allocations` bench.
//!
//! Run: `cargo bench -p sop-fetch-model --bench machine`

#![allow(clippy::unwrap_used)] // bench code: a panic is a broken bench

mod common;

use std::hint::black_box;
use std::time::Instant;

use common::{baseline, fixture, inputs, one_fetch, quick};

/// Median nanoseconds per call over `rounds` rounds of `iters` calls.
fn measure<T>(rounds: usize, iters: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut per_call: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(f());
            }
            start.elapsed().as_nanos() as f64 / iters as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    per_call[per_call.len() / 2]
}

fn main() {
    let (rounds, iters) = if quick() { (3, 200) } else { (31, 20_000) };
    let f = fixture();
    assert_eq!(one_fetch(&f, true), 200);
    // Warm up.
    measure(3, iters, || one_fetch(&f, true));
    let traced_ns = measure(rounds, iters, || one_fetch(&f, true));
    let untraced_ns = measure(rounds, iters, || one_fetch(&f, false));
    let baseline_ns = measure(rounds, iters, baseline);
    let inputs_ns = measure(rounds, iters, || inputs(&f));
    println!(
        "machine: preflighted cross-origin PUT, fresh cache, system allocator ({} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("  with trace     {traced_ns:>8.0} ns/request");
    println!("  without trace  {untraced_ns:>8.0} ns/request");
    println!("  of which the inputs (cloning the request and the two answers):");
    println!("                 {inputs_ns:>8.0} ns");
    println!("baseline: url::Url::parse of the request URL");
    println!("                 {baseline_ns:>8.0} ns/parse");
    println!(
        "ratio to baseline: with trace {:.1}x, without {:.1}x",
        traced_ns / baseline_ns,
        untraced_ns / baseline_ns
    );
}
