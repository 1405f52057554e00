//! `sop serve`: the playground over real HTTP, started as a user starts
//! it, on a free port.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

/// A running `sop serve`, stopped when dropped.
struct Served {
    child: Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `sop serve --port 0 ARGS` and reads its address from the first
/// line it prints.
fn serve(args: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(["serve", "--port", "0"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("sop playground: ")
        .unwrap_or_else(|| panic!("the first line is {first:?}"))
        .to_owned();
    Served { child, url }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// The status, content type and body of `method url` with `body`.
fn call(method: &str, url: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    let request = ureq::http::Request::builder()
        .method(method)
        .uri(url)
        .body(body.to_vec())
        .unwrap();
    let mut response = agent().run(request).unwrap();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    (response.status().as_u16(), content_type, body)
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap()
}

const BLOCKED: &str = r#"{"name": "no ACAO", "page": "https://app.example/",
  "request": {"url": "https://api.example/data", "mode": "corz"},
  "responses": [{"url": "https://api.example/data", "body": "secret"}]}"#;

#[test]
fn serves_the_page_the_corpus_and_verdicts_over_http() {
    let served = serve(&[]);
    assert!(
        served.url.starts_with("http://127.0.0.1:"),
        "{}",
        served.url
    );

    let (status, content_type, page) = call("GET", &served.url, b"");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    assert!(String::from_utf8_lossy(&page).contains("id=\"scenario-picker\""));

    // The corpus defaults to fixtures/ and keeps each file's scenarios.
    let (status, _, corpus) = call("GET", &format!("{}api/corpus", served.url), b"");
    assert_eq!(status, 200);
    let corpus = json_of(&corpus);
    let files = corpus["files"].as_array().unwrap();
    let preflight = files
        .iter()
        .find(|f| f["file"] == "fixtures/preflight.json")
        .expect("fixtures/preflight.json is offered");
    let first = &preflight["scenarios"][0];
    let kinds: Vec<&str> = files
        .iter()
        .flat_map(|f| f["scenarios"].as_array().unwrap())
        .filter_map(|s| s["kind"].as_str())
        .collect();
    for kind in ["fetch", "embed", "window"] {
        assert!(kinds.contains(&kind), "no {kind} scenario offered");
    }

    // Evaluating a corpus scenario gives the verdict `sop eval` prints.
    let text = first["scenario"].to_string();
    let (status, _, answer) = call(
        "POST",
        &format!("{}api/evaluate", served.url),
        text.as_bytes(),
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
    let answer = json_of(&answer);
    let eval = Command::new(env!("CARGO_BIN_EXE_sop"))
        .args([
            "eval",
            "--name",
            first["name"].as_str().unwrap(),
            "fixtures/preflight.json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&eval.stdout);
    let eval: Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(answer["verdict"], eval["verdict"]);
    assert!(
        answer["explanation"]
            .as_str()
            .unwrap()
            .starts_with("Scenario: ")
    );
}

#[test]
fn refuses_bad_requests_with_json_errors() {
    let served = serve(&["fixtures/preflight.json"]);
    let evaluate = format!("{}api/evaluate", served.url);

    let (status, content_type, body) = call("POST", &evaluate, BLOCKED.as_bytes());
    assert_eq!(
        (status, content_type.as_str()),
        (422, "application/json; charset=utf-8")
    );
    let error = &json_of(&body)["error"];
    assert_eq!(error["path"], "request.mode");
    assert_eq!(error["line"], 2);
    assert_eq!(error["scenario"], "no ACAO");

    // One byte over the limit is refused; the limit itself is read.
    let limit = 1024 * 1024;
    let (status, _, body) = call("POST", &evaluate, &vec![b' '; limit + 1]);
    assert_eq!(status, 413, "{}", String::from_utf8_lossy(&body));
    let (status, _, body) = call("POST", &evaluate, &vec![b' '; limit]);
    assert_eq!(status, 422);
    assert!(
        json_of(&body)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("empty")
    );

    let (status, _, body) = call("GET", &format!("{}nowhere", served.url), b"");
    assert_eq!(
        (status, json_of(&body)["error"]["status"].clone()),
        (404, json!(404))
    );
    let (status, _, _) = call("PUT", &evaluate, b"{}");
    assert_eq!(status, 405);
}

#[test]
fn a_port_in_use_exits_2() {
    let served = serve(&["fixtures/preflight.json"]);
    let port = served.url.rsplit(':').next().unwrap().trim_end_matches('/');
    let out = Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(["serve", "--port", port, "fixtures/preflight.json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen on 127.0.0.1:"));
}
