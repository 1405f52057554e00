//! The fetch machine alone on a typical cross-origin preflighted request
//! (PUT with a custom header and JSON content type): build the request,
//! send the preflight, validate its answer, send the request, CORS-check
//! and filter the response. No JSON, no I/O.
//!
//! Reported as nanoseconds per request and as a ratio to a baseline measured
//! in the same run on the same machine: parsing the request's URL with the
//! `url` crate. Allocations per request are counted with dhat.
//!
//! Run: `cargo bench -p sop-fetch-model --bench machine`

#![allow(clippy::unwrap_used)] // bench code: a panic is a broken bench

use std::hint::black_box;
use std::time::{Duration, Instant};

use sop_fetch_model::{Fetch, HttpResponse, Incoming, Next, PreflightCache, Profile, Request};
use sop_origin::{Origin, parse_url};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const URL: &str = "https://api.example/v1/items/42?expand=owner";

struct Fixture {
    request: Request,
    preflight_answer: HttpResponse,
    answer: HttpResponse,
}

fn fixture() -> Fixture {
    let mut request = Request::new(
        "PUT",
        parse_url(URL).unwrap(),
        Origin::of_url_str("https://app.example").unwrap(),
    );
    request
        .header_list
        .append("Content-Type", "application/json");
    request.header_list.append("X-Request-Id", "5f1c2a");
    request.header_list.append("Accept", "application/json");
    request.body = Some("{\"name\":\"x\"}".into());
    let preflight_answer = HttpResponse::new(204)
        .header("Access-Control-Allow-Origin", "https://app.example")
        .header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
        .header("Access-Control-Allow-Headers", "content-type, x-request-id")
        .header("Access-Control-Max-Age", "600")
        .header("Vary", "Origin");
    let answer = HttpResponse::new(200)
        .header("Access-Control-Allow-Origin", "https://app.example")
        .header("Access-Control-Expose-Headers", "ETag")
        .header("Content-Type", "application/json")
        .header("ETag", "\"abc\"")
        .header("Cache-Control", "no-store")
        .body("{\"id\":42}");
    Fixture {
        request,
        preflight_answer,
        answer,
    }
}

/// One fetch through the machine with a fresh cache (so the preflight is
/// always sent), with or without the trace.
fn one_fetch(f: &Fixture, trace: bool) -> u16 {
    let mut cache = PreflightCache::new();
    let mut fetch = Fetch::configured(
        f.request.clone(),
        &mut cache,
        Duration::ZERO,
        Profile::chromium(),
        trace,
    );
    let Next::Send(pre) = fetch.next() else {
        unreachable!()
    };
    assert!(pre.preflight);
    fetch.receive(
        Incoming::Response(f.preflight_answer.clone()),
        Duration::ZERO,
    );
    let Next::Send(_) = fetch.next() else {
        unreachable!()
    };
    fetch.receive(Incoming::Response(f.answer.clone()), Duration::ZERO);
    let Next::Done(Ok(response)) = fetch.next() else {
        unreachable!()
    };
    response.status()
}

/// What the caller hands the machine: the request and the two answers,
/// cloned as `one_fetch` clones them (part of its cost, not the machine's).
fn inputs(f: &Fixture) -> usize {
    let (r, a, b) = (
        f.request.clone(),
        f.preflight_answer.clone(),
        f.answer.clone(),
    );
    r.header_list.len() + a.headers.len() + b.headers.len()
}

fn baseline() -> usize {
    parse_url(black_box(URL)).unwrap().as_str().len()
}

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

fn allocations_per_call<T>(n: u64, mut f: impl FnMut() -> T) -> f64 {
    let _profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get().total_blocks;
    for _ in 0..n {
        black_box(f());
    }
    (dhat::HeapStats::get().total_blocks - before) as f64 / n as f64
}

fn main() {
    // `cargo test --benches` passes --bench too; a quick run keeps it fast.
    let quick = !std::env::args().any(|a| a == "--bench");
    let (rounds, iters) = if quick { (3, 200) } else { (31, 20_000) };
    let f = fixture();
    assert_eq!(one_fetch(&f, true), 200);
    // Warm up.
    measure(3, iters, || one_fetch(&f, true));
    let traced_ns = measure(rounds, iters, || one_fetch(&f, true));
    let untraced_ns = measure(rounds, iters, || one_fetch(&f, false));
    let baseline_ns = measure(rounds, iters, baseline);
    let inputs_ns = measure(rounds, iters, || inputs(&f));
    // For profiling the timed path alone (valgrind), skip the counting pass.
    let count = std::env::var_os("SOP_BENCH_NO_ALLOCS").is_none();
    let allocs = |f: &mut dyn FnMut() -> usize| {
        if count {
            allocations_per_call(1_000, f)
        } else {
            f64::NAN
        }
    };
    let traced_allocs = allocs(&mut || one_fetch(&f, true) as usize);
    let untraced_allocs = allocs(&mut || one_fetch(&f, false) as usize);
    let baseline_allocs = allocs(&mut baseline);
    let inputs_allocs = allocs(&mut || inputs(&f));
    println!(
        "machine: preflighted cross-origin PUT, fresh cache ({} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "  with trace     {traced_ns:>8.0} ns/request   {traced_allocs:>6.1} allocations/request"
    );
    println!(
        "  without trace  {untraced_ns:>8.0} ns/request   {untraced_allocs:>6.1} allocations/request"
    );
    println!("  of which the inputs (cloning the request and the two answers):");
    println!("                 {inputs_ns:>8.0} ns          {inputs_allocs:>6.1} allocations");
    println!("baseline: url::Url::parse of the request URL");
    println!(
        "                 {baseline_ns:>8.0} ns/parse     {baseline_allocs:>6.1} allocations/parse"
    );
    println!(
        "ratio to baseline: with trace {:.1}x, without {:.1}x",
        traced_ns / baseline_ns,
        untraced_ns / baseline_ns
    );
}
