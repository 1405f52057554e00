//! Drives the fetch machine over a real HTTP client (ureq) against a real
//! HTTP server (tiny_http) that the example starts on 127.0.0.1, with one
//! preflight cache kept across two requests: the first `PUT` is
//! preflighted, the second is served from the cache and sends no `OPTIONS`.
//!
//! The page is `http://localhost:PORT` and the API `http://127.0.0.1:PORT`:
//! the same server, but another host, so another origin.
//!
//! Run it: `cargo run -p sop-fetch-model --example over_http`
//! (`cargo test` runs it too). It talks to 127.0.0.1 only.

use std::thread;
use std::time::{Duration, Instant};

use sop_fetch_model::{Fetch, HeaderList, HttpResponse, Incoming, Next, PreflightCache, Request};
use sop_origin::{Origin, parse_url};

/// The server answers this many requests (a preflight and two PUTs), then
/// stops, and gives up after a while in any case.
const REQUESTS: usize = 3;
const SERVER_LIFETIME: Duration = Duration::from_secs(20);

fn main() {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a port on 127.0.0.1");
    let port = server.server_addr().to_ip().expect("an IP listener").port();
    let page = format!("http://localhost:{port}");
    let allowed = page.clone();
    let server_thread = thread::spawn(move || serve(server, &allowed));

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        // Never hang on a server that went away.
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .into();
    let mut cache = PreflightCache::new();
    let start = Instant::now();
    let mut preflights = Vec::new();
    for n in 1..=2 {
        // The cache is keyed by URL, among others: both PUTs go to one URL.
        let url = parse_url(&format!("http://127.0.0.1:{port}/items")).expect("a URL");
        let origin = Origin::of_url_str(&page).expect("an origin");
        let mut request = Request::new("PUT", url, origin);
        request
            .header_list
            .append("Content-Type", "application/json");
        request.body = Some(format!("{{\"n\": {n}}}").into());

        let mut fetch = Fetch::new(request, &mut cache, start.elapsed());
        let mut sent_preflight = false;
        while let Next::Send(out) = fetch.next() {
            sent_preflight |= out.preflight;
            println!("-> {} {}", out.method, out.url);
            let answer = send(
                &agent,
                out.method.as_str(),
                out.url.as_str(),
                &out.headers,
                out.body.as_deref(),
            );
            fetch.receive(answer, start.elapsed());
        }
        let Next::Done(result) = fetch.next() else {
            unreachable!("the loop ends only when the machine is done")
        };
        let response = match result {
            Ok(response) => response,
            Err(blocked) => panic!("request {n} blocked: {}", blocked.reason),
        };
        println!(
            "request {n}: status {}, body {:?}, preflight sent: {sent_preflight}",
            response.status(),
            response.body()
        );
        assert_eq!(response.status(), 200);
        preflights.push(sent_preflight);
    }
    // The cache kept the first preflight's answer (Access-Control-Max-Age: 60).
    assert_eq!(preflights, [true, false]);
    assert_eq!(cache.entries().len(), 1);
    let served = server_thread.join().expect("the server thread");
    assert_eq!(served, ["OPTIONS /items", "PUT /items", "PUT /items"]);
}

/// Sends one request with ureq and hands back what came, as the machine
/// takes it. A failed connection is a network error.
fn send(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    headers: &HeaderList,
    body: Option<&str>,
) -> Incoming {
    let mut builder = ureq::http::Request::builder().method(method).uri(url);
    for (name, value) in headers.iter() {
        builder = builder.header(name, value);
    }
    let request = builder
        .body(body.unwrap_or_default().to_owned())
        .expect("a request ureq accepts");
    let Ok(mut response) = agent.run(request) else {
        return Incoming::NetworkError;
    };
    let mut answer = HttpResponse::new(response.status().as_u16());
    for (name, value) in response.headers() {
        answer = answer.header(name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
    }
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Incoming::Response(answer.body(body))
}

/// The API server: it allows `origin` to PUT JSON, and lets browsers cache
/// that for a minute. Returns `METHOD path` of each request it answered.
fn serve(server: tiny_http::Server, origin: &str) -> Vec<String> {
    let header = |name: &str, value: &str| {
        tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
    };
    let mut served = Vec::new();
    let deadline = Instant::now() + SERVER_LIFETIME;
    while served.len() < REQUESTS && Instant::now() < deadline {
        let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        served.push(format!("{} {}", request.method(), request.url()));
        let response = if request.method() == &tiny_http::Method::Options {
            tiny_http::Response::from_string("")
                .with_status_code(204)
                .with_header(header("Access-Control-Allow-Origin", origin))
                .with_header(header("Access-Control-Allow-Methods", "PUT"))
                .with_header(header("Access-Control-Allow-Headers", "Content-Type"))
                .with_header(header("Access-Control-Max-Age", "60"))
        } else {
            tiny_http::Response::from_string("saved")
                .with_header(header("Access-Control-Allow-Origin", origin))
        };
        let _ = request.respond(response);
    }
    served
}

#[test]
fn runs() {
    main();
}
