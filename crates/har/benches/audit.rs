//! `sop har` against the floor, on the same generated HAR in the same run:
//! the floor parses the whole file with serde_json into a `Value` (what a
//! script that loads a HAR does); the audit streams it, groups, rebuilds,
//! judges and serialises every verdict line. Both read from a file.
//! Reported: entries per second, their ratio, and the peak heap of each
//! (dhat) at two sizes, to show the audit's memory stays flat.
//!
//! Run: `cargo bench -p sop-har --bench audit` (`-- --entries N`; default
//! 100 000).

#![allow(clippy::unwrap_used)] // bench code: a panic is a broken bench

use std::hint::black_box;
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use serde_json::{Value, json};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// A HAR of `n` entries: a mix of exposed and blocked fetches, preflights
/// written after their request, redirect hops and images, from one page.
fn write_har(path: &Path, n: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    write!(
        f,
        r#"{{"log": {{"version": "1.2", "creator": {{"name": "WebInspector", "version": "537.36"}},
"pages": [{{"id": "page_1", "title": "https://app.example/"}}], "entries": ["#
    )
    .unwrap();
    let header = |n: &str, v: &str| json!({"name": n, "value": v});
    let mut i = 0;
    let mut first = true;
    let mut put = |f: &mut std::io::BufWriter<std::fs::File>, e: Value| {
        if !first {
            f.write_all(b",\n").unwrap();
        }
        first = false;
        serde_json::to_writer(&mut *f, &e).unwrap();
    };
    while i < n {
        let url = format!("https://api{}.example/items/{i}", i % 7);
        let origin = header("Origin", "https://app.example");
        let cors = header("Sec-Fetch-Mode", "cors");
        match i % 5 {
            0 => put(
                &mut f,
                json!({"pageref": "page_1", "_resourceType": "fetch",
                "request": {"method": "GET", "url": url, "headers": [origin, cors, header("Accept", "*/*")]},
                "response": {"status": 200, "headers": [header("Access-Control-Allow-Origin", "*"),
                    header("Content-Type", "application/json")], "content": {"text": "{\"ok\": true}"}}}),
            ),
            1 => put(
                &mut f,
                json!({"pageref": "page_1", "_resourceType": "fetch",
                "request": {"method": "GET", "url": url, "headers": [origin, cors]},
                "response": {"status": 200, "headers": [header("Content-Type", "text/plain")],
                    "_error": "net::ERR_FAILED"}}),
            ),
            2 => {
                put(
                    &mut f,
                    json!({"pageref": "page_1", "_resourceType": "fetch",
                    "request": {"method": "PUT", "url": url, "headers": [origin, cors, header("X-Token", "t")]},
                    "response": {"status": 204, "headers": [header("Access-Control-Allow-Origin", "https://app.example")]}}),
                );
                put(
                    &mut f,
                    json!({"pageref": "page_1", "_resourceType": "preflight",
                    "_initiator": {"type": "preflight", "url": url},
                    "request": {"method": "OPTIONS", "url": url, "headers": [origin,
                        header("Access-Control-Request-Method", "PUT"),
                        header("Access-Control-Request-Headers", "x-token")]},
                    "response": {"status": 204, "headers": [header("Access-Control-Allow-Origin", "https://app.example"),
                        header("Access-Control-Allow-Methods", "PUT"), header("Access-Control-Allow-Headers", "x-token")]}}),
                );
                i += 1;
            }
            3 => {
                let to = format!("https://cdn.example/moved/{i}");
                put(
                    &mut f,
                    json!({"pageref": "page_1", "_resourceType": "xhr",
                    "request": {"method": "GET", "url": url, "headers": [origin, cors]},
                    "response": {"status": 302, "headers": [header("Location", &to),
                        header("Access-Control-Allow-Origin", "*")], "redirectURL": to}}),
                );
                put(
                    &mut f,
                    json!({"pageref": "page_1", "_resourceType": "xhr",
                    "request": {"method": "GET", "url": to, "headers": [header("Origin", "null"), cors]},
                    "response": {"status": 200, "headers": [header("Access-Control-Allow-Origin", "*")],
                        "content": {"text": "moved"}}}),
                );
                i += 1;
            }
            _ => put(
                &mut f,
                json!({"pageref": "page_1", "_resourceType": "image",
                "request": {"method": "GET", "url": format!("https://cdn.example/{i}.png"),
                    "headers": [header("Sec-Fetch-Mode", "no-cors"), header("Sec-Fetch-Dest", "image")]},
                "response": {"status": 200, "headers": [header("Content-Type", "image/png")],
                    "content": {"text": "iVBORw0KGgo=", "encoding": "base64"}}}),
            ),
        }
        i += 1;
    }
    f.write_all(b"]}}\n").unwrap();
    f.flush().unwrap();
}

fn floor(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["log"]["entries"].as_array().unwrap().len()
}

fn audit(path: &Path) -> usize {
    let file = std::fs::File::open(path).unwrap();
    let mut sink = std::io::sink();
    let summary = sop_har::audit(file, |item| {
        if let sop_har::Audited::Judged(j) = item {
            serde_json::to_writer(&mut sink, &*j).unwrap();
        }
    })
    .unwrap();
    summary.entries
}

/// The median seconds of `rounds` runs.
fn seconds(rounds: usize, mut f: impl FnMut() -> usize) -> f64 {
    let mut t: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

/// The peak heap bytes while `f` runs.
fn peak(f: impl FnOnce() -> usize) -> u64 {
    let _profiler = dhat::Profiler::builder().testing().build();
    black_box(f());
    dhat::HeapStats::get().max_bytes as u64
}

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .windows(2)
        .find(|w| w[0] == "--entries")
        .map_or(if quick { 2_000 } else { 100_000 }, |w| {
            w[1].parse().unwrap()
        });
    let rounds = if quick { 1 } else { 5 };
    let dir = std::env::temp_dir().join(format!("sop-har-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.har");
    let small = dir.join("small.har");
    write_har(&big, n);
    write_har(&small, n / 10);
    let mb = std::fs::metadata(&big).unwrap().len() as f64 / 1e6;
    assert_eq!(floor(&big), audit(&big));
    let floor_s = seconds(rounds, || floor(&big));
    let audit_s = seconds(rounds, || audit(&big));
    println!("{n} entries ({mb:.1} MB), medians of {rounds} runs:");
    println!(
        "  floor (serde_json into a Value): {:>9.0} entries/s",
        n as f64 / floor_s
    );
    println!(
        "  sop har (full verdicts):         {:>9.0} entries/s  ({:.2}x the floor's time)",
        n as f64 / audit_s,
        audit_s / floor_s
    );
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!(
        "  peak heap, {} entries: floor {:.1} MiB, sop har {:.1} MiB",
        n / 10,
        mib(peak(|| floor(&small))),
        mib(peak(|| audit(&small)))
    );
    println!(
        "  peak heap, {n} entries: floor {:.1} MiB, sop har {:.1} MiB",
        mib(peak(|| floor(&big))),
        mib(peak(|| audit(&big)))
    );
    let _ = std::fs::remove_dir_all(&dir);
}
