//! Batch evaluation against the floor, on the same generated lines in the
//! same run: the floor reads each line, parses it as JSON and parses its
//! URLs with the `url` crate, and nothing else; end to end is
//! `sop_verdict::batch::run_batch` on one thread (parse, validate,
//! evaluate, serialise the verdict line).
//!
//! Run: `cargo bench -p sop --bench batch` (`-- --lines N` to change the
//! corpus size; default 5 000, each run timed 41 times). `-- --only K`
//! runs only the K-th of the nine runs, once, and prints nothing
//! (`--only none`: none of them), for counting a run's instructions under
//! callgrind without the clock's noise: the run's count is its total less
//! the `none` total.

#![allow(clippy::unwrap_used)] // bench code: a panic is a broken bench

// The generator is the binary's, not the library's: included by path.
#[path = "../src/generate.rs"]
mod generate;

use std::hint::black_box;
use std::io::BufRead;
use std::time::Instant;

use sop_verdict::Options;
use sop_verdict::batch::{BatchOptions, evaluate_line, run_batch};

/// The `sop` binary's allocator, so the bench times what the command does
/// (the floor runs on it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `lines` generated scenarios, `embeds` percent of them embed scenarios
/// and `windows` percent window scenarios (as `sop generate --embeds
/// --windows` writes them).
fn corpus(lines: u64, embeds: u64, windows: u64) -> Vec<u8> {
    let mut rng = generate::Rng::new(1);
    let mut out = Vec::new();
    for n in 0..lines {
        let line = generate::mixed_scenario(&mut rng, n, embeds, windows);
        serde_json::to_writer(&mut out, &line).unwrap();
        out.push(b'\n');
    }
    out
}

/// The floor: each line read, parsed as JSON, and its URLs parsed.
fn floor(input: &[u8]) -> usize {
    let mut urls = 0;
    for line in input.lines() {
        let line = line.unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let page = url::Url::parse(v["page"].as_str().unwrap()).unwrap();
        let target = v["request"]["url"]
            .as_str()
            .or(v["embed"]["url"].as_str())
            .or(v["other"]["url"].as_str());
        urls += page.join(target.unwrap()).unwrap().as_str().len();
        for r in v["responses"].as_array().unwrap() {
            urls += url::Url::parse(r["url"].as_str().unwrap())
                .unwrap()
                .as_str()
                .len();
        }
    }
    urls
}

/// Every verdict line is built and handed to the writer; the writer drops
/// it (the floor writes nothing either, and a growing buffer would time
/// the kernel's page faults).
fn end_to_end(input: &[u8], verdict: Options) -> usize {
    let options = BatchOptions {
        jobs: 1,
        verdict,
        ..BatchOptions::default()
    };
    let summary = run_batch(input, &mut std::io::sink(), &options).unwrap();
    usize::try_from(summary.lines).unwrap()
}

/// The default verdicts a line at a time (`batch::evaluate_line` on each),
/// as the batch ran before it evaluated lines in stages: what the stages
/// save, measured in the same run.
fn line_at_a_time(input: &[u8]) -> usize {
    let options = BatchOptions::default();
    let mut out = Vec::new();
    let mut lines = 0;
    for (number, line) in (1..).zip(input.split(|b| *b == b'\n')) {
        if !line.is_empty() {
            out.clear();
            black_box(evaluate_line(number, Ok(line), &options, &mut out));
            lines += 1;
        }
    }
    lines
}

/// The fewest seconds each of `runs` took, over `rounds` rounds. The runs
/// take turns within each round, so load on a shared machine falls on all
/// of them alike; and since load only ever adds time, the fastest of many
/// short rounds is the steadiest figure (medians of nine long rounds moved
/// by a fifth from one bench run to the next on this machine; minima of
/// 41 short ones by a few hundredths).
fn time(rounds: usize, runs: &mut [&mut dyn FnMut() -> usize]) -> Vec<f64> {
    let mut times = vec![Vec::new(); runs.len()];
    for _ in 0..rounds {
        for (run, t) in runs.iter_mut().zip(&mut times) {
            let start = Instant::now();
            black_box(run());
            t.push(start.elapsed().as_secs_f64());
        }
    }
    times
        .into_iter()
        .map(|t| t.into_iter().fold(f64::INFINITY, f64::min))
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = !args.iter().any(|a| a == "--bench");
    let lines: u64 = args
        .iter()
        .position(|a| a == "--lines")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(if quick { 500 } else { 5_000 });
    let rounds = if quick { 1 } else { 41 };
    let input = corpus(lines, 0, 0);
    // The document side in the mix: a third embeds, a sixth windows.
    let mixed = corpus(lines, 33, 17);
    // `sop batch`'s default: reason, message, fix and warnings, no trace.
    let default = BatchOptions::default().verdict;
    // `sop batch --trace` (and `sop eval`): everything.
    let traced = Options::default();
    let runs: &mut [&mut dyn FnMut() -> usize] = &mut [
        &mut || floor(&input),
        &mut || end_to_end(&input, default),
        &mut || end_to_end(&input, traced),
        &mut || end_to_end(&input, Options::lean()),
        &mut || floor(&mixed),
        &mut || end_to_end(&mixed, default),
        &mut || end_to_end(&mixed, traced),
        &mut || end_to_end(&mixed, Options::lean()),
        &mut || line_at_a_time(&input),
    ];
    if let Some(only) = args.iter().position(|a| a == "--only") {
        // Start-up work every run shares (reading the public suffix list)
        // is done first, so the `none` run counts it too.
        let first = input
            .split_inclusive(|b| *b == b'\n')
            .next()
            .unwrap_or_default();
        black_box(end_to_end(first, default));
        let which = args.get(only + 1).and_then(|k| k.parse::<usize>().ok());
        if let Some(run) = which.and_then(|k| runs.get_mut(k)) {
            black_box(run());
        }
        return;
    }
    let times = time(rounds, runs);
    let per_s = |s: f64| lines as f64 / s;
    for (label, bytes, at) in [
        ("", input.len(), 0),
        (
            " with embeds (a third) and windows (a sixth)",
            mixed.len(),
            4,
        ),
    ] {
        let floor_s = times[at];
        println!("{lines} generated scenarios{label}, {bytes} bytes, one thread");
        println!(
            "  floor (read + JSON + URLs)    {:>10.0} lines/s",
            per_s(floor_s)
        );
        for (name, s) in [
            ("  sop batch (default)", times[at + 1]),
            ("  sop batch --trace", times[at + 2]),
            ("  sop batch --lean", times[at + 3]),
        ]
        .into_iter()
        .chain((at == 0).then(|| ("  default, a line at a time", times[8])))
        {
            println!(
                "{name:<30}{:>10.0} verdicts/s   {:.2}x the floor's time",
                per_s(s),
                s / floor_s
            );
        }
    }
}
