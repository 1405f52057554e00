//! Every scenario of the fixture corpus, run through the handle the C
//! functions use (create, next, receive, decision) with the fixture's
//! servers answering, decides what `sop eval` decides.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use std::path::Path;

use serde_json::{Value, json};
use sop_capi::{SopCache, SopFetch, SopStatus, Step};
use sop_verdict::servers::Servers;
use sop_verdict::{FixtureFile, Limits, Options, evaluate};

/// Drives one script call to its end; the decision, or the thrown error.
fn drive(input: &Value, servers: &Servers<'_>, cache: &SopCache, now: f64) -> Value {
    let mut fetch = match SopFetch::new(&input.to_string(), Some(cache), now) {
        Ok(fetch) => fetch,
        Err(e) => {
            assert_eq!(e.status, SopStatus::ScriptThrows, "{e}");
            let thrown: Value = serde_json::from_str(&e.message).unwrap();
            return json!({"outcome": "blocked", "reason": thrown["reason"],
                          "message": thrown["message"], "thrown": true});
        }
    };
    let mut rounds = 0;
    while let Step::Send(request) = fetch.next().unwrap() {
        let out = fetch.pending().unwrap().clone();
        let request: Value = serde_json::from_str(&request).unwrap();
        assert_eq!(request["method"], out.method.as_str());
        assert_eq!(request["preflight"], out.preflight);
        fetch.receive(servers.answer(&out), now).unwrap();
        rounds += 1;
        assert!(rounds < 50, "the fetch does not end");
    }
    let error = fetch.receive(servers.answer(&dummy()), now).unwrap_err();
    assert_eq!(error.status, SopStatus::WrongState);
    serde_json::from_str(&fetch.decision().unwrap()).unwrap()
}

fn dummy() -> sop_fetch_model::Outgoing {
    sop_fetch_model::Outgoing {
        preflight: false,
        method: "GET".into(),
        url: sop_origin::parse_url("https://nowhere.example/")
            .unwrap()
            .into(),
        headers: Default::default(),
        include_credentials: false,
        body: None,
    }
}

/// The fields the machine's decision shares with a scenario's verdict:
/// all but `warnings` (about the scenario's server list) and `fix` (tried
/// on every answer the scenario lists, where the machine knows only those
/// that came).
fn same_decision(got: &Value, expected: &Value, what: &str) {
    if got.get("thrown").is_some() {
        for field in ["outcome", "reason", "message"] {
            assert_eq!(got[field], expected[field], "{what}: {field}");
        }
        assert_eq!(expected["requests"], json!([]), "{what}: nothing was sent");
        return;
    }
    let strip = |v: &Value| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("warnings");
        v.as_object_mut().unwrap().remove("fix");
        v
    };
    assert_eq!(strip(got), strip(expected), "{what}");
    assert_eq!(
        got["fix"].is_null(),
        expected["fix"].is_null(),
        "{what}: fix"
    );
}

#[test]
fn every_fixture_scenario_decides_as_sop_eval() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut decided = 0;
    let mut thrown = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let file = FixtureFile::read(&path, &Limits::default()).unwrap();
        let raw: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let raws: Vec<Value> = match raw.get("scenarios") {
            Some(all) => all.as_array().unwrap().clone(),
            None => vec![raw.clone()],
        };
        for (scenario, raw) in file.scenarios.iter().zip(&raws) {
            // The C functions drive a script's fetch() or XHR call; an
            // element's load is not (yet) theirs.
            if scenario.kind() != "fetch" {
                continue;
            }
            let what = format!("{}: {}", path.display(), scenario.name);
            let servers = Servers::new(&scenario.responses);
            let verdict = serde_json::to_value(evaluate(scenario, Options::default())).unwrap();
            let input = |request: &Value| {
                let mut input = json!({"page": raw["page"], "request": request});
                if let Some(profile) = raw.get("profile") {
                    input["profile"] = profile.clone();
                }
                input
            };
            // Each scenario is one page: one cache for its steps.
            let cache = SopCache::new();
            let got = match raw.get("steps") {
                None => vec![drive(&input(&raw["request"]), &servers, &cache, 0.0)],
                Some(steps) => {
                    let mut now = 0.0;
                    let mut all = Vec::new();
                    for step in steps.as_array().unwrap() {
                        now += step.get("wait").and_then(Value::as_f64).unwrap_or(0.0);
                        all.push(drive(&input(&step["request"]), &servers, &cache, now));
                    }
                    all
                }
            };
            let expected = match verdict.get("steps") {
                Some(steps) => steps.as_array().unwrap().clone(),
                None => vec![verdict.clone()],
            };
            assert_eq!(got.len(), expected.len(), "{what}");
            for (got, expected) in got.iter().zip(&expected) {
                same_decision(got, expected, &what);
                decided += 1;
                thrown += usize::from(got.get("thrown").is_some());
            }
        }
    }
    assert!(decided > 300, "only {decided} decisions");
    assert!(thrown >= 5, "only {thrown} script exceptions");
}
