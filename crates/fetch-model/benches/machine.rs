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

/// The fewest nanoseconds per call each of `runs` took, over `rounds`
/// rounds of `iters` calls. The runs take turns within each round, so load
/// on a shared machine falls on all of them alike; and since load only
/// ever adds time, the fastest round is the steadiest figure.
fn measure<const N: usize>(rounds: usize, iters: usize, runs: [&dyn Fn() -> usize; N]) -> [f64; N] {
    let mut fastest = [f64::INFINITY; N];
    for _ in 0..rounds {
        for (run, best) in runs.iter().zip(&mut fastest) {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(run());
            }
            *best = best.min(start.elapsed().as_nanos() as f64 / iters as f64);
        }
    }
    fastest
}

fn main() {
    let (rounds, iters) = if quick() { (3, 200) } else { (61, 5_000) };
    let f = fixture();
    assert_eq!(one_fetch(&f, true), 200);
    let [traced_ns, untraced_ns, baseline_ns, inputs_ns] = measure(
        rounds,
        iters,
        [
            &|| usize::from(one_fetch(&f, true)),
            &|| usize::from(one_fetch(&f, false)),
            &baseline,
            &|| inputs(&f),
        ],
    );
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
