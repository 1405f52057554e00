//! Allocations per request of the `machine` bench's work (the same
//! fixture and calls), counted with dhat as this binary's allocator; the
//! `machine` bench times the work under the system allocator instead.
//!
//! Run: `cargo bench -p sop-fetch-model --bench machine_allocations`

#![allow(clippy::unwrap_used)] // bench code: a panic is a broken bench

mod common;

use std::hint::black_box;

use common::{baseline, fixture, inputs, one_fetch, quick};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

fn allocations_per_call<T>(n: u64, mut f: impl FnMut() -> T) -> f64 {
    let _profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get().total_blocks;
    for _ in 0..n {
        black_box(f());
    }
    (dhat::HeapStats::get().total_blocks - before) as f64 / n as f64
}

fn main() {
    let n = if quick() { 10 } else { 1_000 };
    let f = fixture();
    // One run first: what is built once per process (the public suffix
    // list) is not the request's.
    assert_eq!(one_fetch(&f, true), 200);
    let traced = allocations_per_call(n, || one_fetch(&f, true));
    let untraced = allocations_per_call(n, || one_fetch(&f, false));
    let inputs = allocations_per_call(n, || inputs(&f));
    let own = untraced - inputs;
    let baseline = allocations_per_call(n, baseline);
    println!("machine: preflighted cross-origin PUT, fresh cache, allocations (dhat)");
    println!("  with trace     {traced:>6.1} allocations/request");
    println!("  without trace  {untraced:>6.1} allocations/request");
    println!("  of which the inputs (cloning the request and the two answers):");
    println!("                 {inputs:>6.1} allocations");
    println!("  the machine's own (without trace, less the inputs):");
    println!("                 {own:>6.1} allocations/request");
    println!("baseline: url::Url::parse of the request URL");
    println!("                 {baseline:>6.1} allocations/parse");
}
