//! Enforcement modes: `report-only` says what a browser would block and
//! hands the response over anyway; `off` is the policy switched off.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use serde_json::{Value, json};
use sop_verdict::{
    Enforcement, FixtureFile, Limits, Options, Outcome, ScenarioVerdict, Warning, evaluate,
};

fn scenario(value: Value) -> sop_verdict::Scenario {
    let file = FixtureFile::parse(
        "modes.json".as_ref(),
        &value.to_string(),
        &Limits::default(),
    )
    .unwrap();
    file.scenarios.into_iter().next().unwrap()
}

fn run(value: Value, enforcement: Enforcement) -> ScenarioVerdict {
    evaluate(&scenario(value), Options::default().with(enforcement))
}

fn json_of(v: &ScenarioVerdict) -> Value {
    serde_json::to_value(v).unwrap()
}

/// A cross-origin GET whose server says nothing about CORS.
fn no_acao() -> Value {
    json!({
        "name": "no ACAO", "page": "https://app.example/",
        "request": {"url": "https://api.example/data"},
        "responses": [{"url": "https://api.example/data",
                       "headers": {"X-Trace": "7"}, "body": "hi"}]
    })
}

/// A PUT with X-Token whose preflight allows the method but not the header.
fn preflight_fails() -> Value {
    json!({
        "name": "preflight fails", "page": "https://app.example/",
        "request": {"url": "https://api.example/items/7", "method": "PUT",
                    "headers": {"X-Token": "abc"}, "body": "{}"},
        "responses": [
            {"url": "https://api.example/items/7", "method": "OPTIONS", "status": 204,
             "headers": {"Access-Control-Allow-Origin": "https://app.example",
                         "Access-Control-Allow-Methods": "PUT"}},
            {"url": "https://api.example/items/7", "status": 201, "body": "saved"}
        ]
    })
}

#[test]
fn report_only_is_the_enforce_verdict_plus_what_was_delivered() {
    let enforce = run(no_acao(), Enforcement::Enforce);
    let report = run(no_acao(), Enforcement::ReportOnly);
    let v = report.verdicts()[0];
    assert_eq!(v.outcome, Outcome::Blocked);
    assert_eq!(v.reason.unwrap().code(), "missing-allow-origin-header");
    assert!(
        v.message.as_deref().unwrap().ends_with(
            "No 'Access-Control-Allow-Origin' header is present on the requested resource."
        ),
        "{:?}",
        v.message
    );
    assert!(v.fix.as_ref().unwrap().possible);
    let d = v.delivered.as_deref().unwrap();
    assert_eq!(d.outcome, Outcome::Exposed);
    assert_eq!(d.reason, None);
    assert_eq!((d.status, d.body.as_str()), (200, "hi"));
    assert_eq!(d.exposed_headers, ["x-trace"]);
    assert_eq!(d.url, "https://api.example/data");

    // Take away the two keys and it is the enforce verdict.
    let mut report = json_of(&report);
    assert_eq!(report["enforcement"], "report-only");
    assert_eq!(report["delivered"]["body"], "hi");
    // With the policy off a GET goes as a same-origin one: no Origin.
    let delivered = &report["delivered"]["requests"];
    assert_eq!(delivered.as_array().unwrap().len(), 1);
    assert_eq!(delivered[0]["url"], "https://api.example/data");
    assert_eq!(delivered[0]["headers"].get("origin"), None);
    // The Fetch Metadata headers still say where it came from.
    assert_eq!(delivered[0]["headers"]["sec-fetch-site"], "cross-site");
    let object = report.as_object_mut().unwrap();
    object.remove("enforcement");
    object.remove("delivered");
    assert_eq!(report, json_of(&enforce));
}

#[test]
fn report_only_delivers_what_the_servers_answered_without_the_preflight() {
    let report = run(preflight_fails(), Enforcement::ReportOnly);
    let v = report.verdicts()[0];
    // What a browser would do: send the preflight and stop.
    assert_eq!(
        v.reason.unwrap().code(),
        "header-disallowed-by-preflight-response"
    );
    assert!(v.preflight);
    let would: Vec<String> = v.requests().iter().map(|r| r.method.clone()).collect();
    assert_eq!(would, ["OPTIONS"]);
    assert!(
        v.message
            .as_deref()
            .unwrap()
            .contains("Request header field x-token is not allowed")
    );
    // What the harness did: the PUT itself, answered by the server.
    let d = v.delivered.as_deref().unwrap();
    let sent = d.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "PUT");
    assert_eq!(
        sent[0].headers.get("x-token").map(String::as_str),
        Some("abc")
    );
    assert_eq!(
        (d.outcome, d.status, d.body.as_str()),
        (Outcome::Exposed, 201, "saved")
    );
    // The PUT's entry answered the delivering run: no warning that it was
    // never reached (the enforce verdict alone warns so).
    assert!(report.warnings().is_empty(), "{:?}", report.warnings());
    let enforce = run(preflight_fails(), Enforcement::Enforce);
    assert!(matches!(
        enforce.warnings(),
        [Warning::UnreachedResponse { .. }]
    ));
}

#[test]
fn report_only_delivers_even_an_allowed_read_as_the_policy_off_run_reads_it() {
    let mut s = no_acao();
    s["responses"][0]["headers"]["Access-Control-Allow-Origin"] = json!("*");
    let v = run(s, Enforcement::ReportOnly);
    let v = v.verdicts()[0];
    assert_eq!(v.outcome, Outcome::Exposed);
    assert_eq!(
        v.exposed_headers,
        Vec::<String>::new(),
        "CORS: X-Trace not exposed"
    );
    let d = v.delivered.as_deref().unwrap();
    assert_eq!(
        d.exposed_headers,
        ["access-control-allow-origin", "x-trace"]
    );
}

#[test]
fn report_only_delivers_a_block_that_is_not_the_policy() {
    let mut s = no_acao();
    s["request"]["url"] = json!("http://api.example/data");
    s["responses"][0]["url"] = json!("http://api.example/data");
    let v = run(s, Enforcement::ReportOnly);
    let v = v.verdicts()[0];
    assert_eq!(v.reason.unwrap().code(), "mixed-content");
    let d = v.delivered.as_deref().unwrap();
    assert_eq!(d.outcome, Outcome::Blocked);
    assert_eq!(d.reason.unwrap().code(), "mixed-content");
    assert!(d.sent.is_empty());
}

#[test]
fn report_only_steps_each_deliver() {
    let s = json!({
        "name": "steps", "page": "https://app.example/",
        "steps": [
            {"request": {"url": "https://api.example/a"}},
            {"wait": 1, "request": {"url": "https://app.example/b"}}
        ],
        "responses": [{"url": "https://api.example/a", "body": "a"},
                      {"url": "https://app.example/b", "body": "b"}]
    });
    let v = run(s, Enforcement::ReportOnly);
    let steps = v.verdicts();
    assert_eq!(steps[0].outcome, Outcome::Blocked);
    assert_eq!(steps[1].outcome, Outcome::Exposed);
    let bodies: Vec<&str> = steps
        .iter()
        .map(|v| v.delivered.as_deref().unwrap().body.as_str())
        .collect();
    assert_eq!(bodies, ["a", "b"]);
    assert_eq!(json_of(&v)["steps"][0]["enforcement"], "report-only");
}

#[test]
fn report_only_lean_keeps_delivered_without_trace_or_fix() {
    let options = Options::lean().with(Enforcement::ReportOnly);
    let v = evaluate(&scenario(no_acao()), options);
    let v = v.verdicts()[0];
    assert!(v.trace.is_empty() && v.fix.is_none());
    assert_eq!(v.delivered.as_deref().unwrap().body, "hi");
}

#[test]
fn enforce_json_has_no_mode_keys() {
    for s in [no_acao(), preflight_fails()] {
        let v = json_of(&run(s, Enforcement::Enforce));
        assert!(v.get("enforcement").is_none() && v.get("delivered").is_none());
    }
    assert_eq!(Options::default().enforcement, Enforcement::Enforce);
    assert_eq!(Options::lean().enforcement, Enforcement::Enforce);
}

#[test]
fn off_reads_what_the_server_sent_without_preflight() {
    let v = run(preflight_fails(), Enforcement::Off);
    let json = json_of(&v);
    assert_eq!(json["enforcement"], "off");
    assert!(json.get("delivered").is_none());
    let v = v.verdicts()[0];
    assert_eq!(
        (v.outcome, v.status, v.body.as_str()),
        (Outcome::Exposed, 201, "saved")
    );
    assert!(!v.preflight);
    assert_eq!(v.message, None);
    assert!(
        v.trace
            .iter()
            .any(|t| t.step == "same-origin policy" && t.detail.starts_with("off"))
    );
}

#[test]
fn off_keeps_mixed_content_no_cors_and_the_apis_throws() {
    let mut s = no_acao();
    s["request"]["url"] = json!("http://api.example/data");
    let v = run(s, Enforcement::Off);
    let v = v.verdicts()[0];
    assert_eq!(v.reason.unwrap().code(), "mixed-content");
    assert!(v.message.as_deref().unwrap().starts_with("Mixed Content:"));
    assert!(!v.fix.as_ref().unwrap().possible);

    let mut s = no_acao();
    s["request"]["mode"] = json!("no-cors");
    let v = run(s, Enforcement::Off);
    assert_eq!(v.verdicts()[0].outcome, Outcome::Opaque);

    let mut s = no_acao();
    s["request"]["mode"] = json!("same-origin");
    let v = run(s, Enforcement::Off);
    assert_eq!(v.verdicts()[0].body, "hi");

    let mut s = no_acao();
    s["request"]["method"] = json!("TRACE");
    let v = run(s, Enforcement::Off);
    assert_eq!(v.verdicts()[0].reason.unwrap().code(), "forbidden-method");
}
