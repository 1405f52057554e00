//! What both machine benches run: a cross-origin preflighted `PUT` with a
//! JSON `Content-Type` and a custom header, its two answers, and the
//! baseline, so the timing bench and the allocation count measure the
//! same work.

use std::hint::black_box;
use std::time::Duration;

use sop_fetch_model::{Fetch, HttpResponse, Incoming, Next, PreflightCache, Profile, Request};
use sop_origin::{Origin, parse_url};

const URL: &str = "https://api.example/v1/items/42?expand=owner";

/// The request and the servers' two answers, built once.
pub struct Fixture {
    request: Request,
    preflight_answer: HttpResponse,
    answer: HttpResponse,
}

pub fn fixture() -> Fixture {
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
pub fn one_fetch(f: &Fixture, trace: bool) -> u16 {
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
pub fn inputs(f: &Fixture) -> usize {
    let (r, a, b) = (
        f.request.clone(),
        f.preflight_answer.clone(),
        f.answer.clone(),
    );
    r.header_list.len() + a.headers.len() + b.headers.len()
}

/// The baseline: parsing the request's URL with the `url` crate.
pub fn baseline() -> usize {
    parse_url(black_box(URL)).unwrap().as_str().len()
}

/// `cargo test --benches` passes no `--bench`: a quick run keeps it fast.
pub fn quick() -> bool {
    !std::env::args().any(|a| a == "--bench")
}
