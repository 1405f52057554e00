//! Drives the sans-IO fetch machine by hand for a preflighted request:
//! `PUT` with a custom header from `https://app.example` to
//! `https://api.example`. Each time the machine asks to send something, the
//! example prints it and answers as a server would; then it prints every
//! decision the machine took and what the script may read.
//!
//! Run it: `cargo run -p sop-fetch-model --example preflight_by_hand`
//! (`cargo test` runs it too).

use std::time::Duration;

use sop_fetch_model::{Fetch, HttpResponse, Incoming, Next, PreflightCache, Request};
use sop_origin::{Origin, parse_url};

fn main() {
    let page = Origin::of_url_str("https://app.example").expect("a valid origin");
    let url = parse_url("https://api.example/items/7").expect("a valid URL");
    let mut request = Request::new("PUT", url, page);
    request.header_list.append("X-Token", "abc");

    let mut cache = PreflightCache::new();
    let now = Duration::ZERO;
    let mut fetch = Fetch::new(request, &mut cache, now);
    while let Next::Send(out) = fetch.next() {
        println!(
            "-> {} {}{}",
            out.method,
            out.url,
            if out.preflight { "  (preflight)" } else { "" }
        );
        for (name, value) in out.headers.iter() {
            println!("     {name}: {value}");
        }
        // The server: it allows the page's origin, PUT and X-Token.
        let answer = if out.preflight {
            HttpResponse::new(204)
                .header("Access-Control-Allow-Origin", "https://app.example")
                .header("Access-Control-Allow-Methods", "PUT")
                .header("Access-Control-Allow-Headers", "X-Token")
        } else {
            HttpResponse::new(200)
                .header("Access-Control-Allow-Origin", "https://app.example")
                .body("saved")
        };
        println!("<- {}", answer.status);
        fetch.receive(Incoming::Response(answer), now);
    }

    println!("\nDecisions");
    for entry in fetch.trace().entries() {
        println!("  {entry}");
    }
    let Next::Done(result) = fetch.next() else {
        unreachable!("the loop ends only when the machine is done")
    };
    match result {
        Ok(response) => {
            println!(
                "\nexposed: status {}, body {:?}",
                response.status(),
                response.body()
            );
            assert_eq!(response.status(), 200);
            assert_eq!(response.body(), Some("saved"));
        }
        Err(blocked) => panic!("blocked: {}", blocked.reason),
    }
    // A preflight and the request itself went out.
    assert_eq!(fetch.sent().len(), 2);
    assert!(fetch.sent()[0].preflight);
}

#[test]
fn runs() {
    main();
}
