//! `sop har`: the report, the formats, the exit codes, and bad input.
//! tests/data/har/handmade.har is written by hand for the edge cases (a
//! navigation, a request that came before its preflight, a redirect, a
//! base64 body, a URL that does not parse, an entry missing its URL); the
//! HARs Chromium recorded are checked in `recorded_hars_match_their_scenarios`.

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn sop(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    // Writing may fail once sop has stopped reading: that is the point of
    // the tests that feed it something broken.
    let _ = pipe.write_all(stdin.unwrap_or_default());
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

const HANDMADE: &str = "tests/data/har/handmade.har";

#[test]
fn each_request_is_judged_with_its_preflight_and_its_hops() {
    let o = sop(&["har", HANDMADE], None);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // The PUT was written before its preflight, which still joins it.
    assert!(out.contains(
        "entry 2  PUT https://api.example/items/7  (fetch from https://app.example/)\n  \
         BLOCKED (header-disallowed-by-preflight-response)   the browser recorded: failed (net::ERR_FAILED): agrees"
    ), "{out}");
    // The cookie says credentials were included: `*` cannot do.
    assert!(
        out.contains("BLOCKED (wildcard-origin-not-allowed)"),
        "{out}"
    );
    assert!(
        out.contains(
            "inferred credentials include: a cookie header went with a cross-origin request"
        ),
        "{out}"
    );
    // The redirect's two entries are one read.
    assert!(
        out.contains(
            "entry 6  GET https://api.example/old  (xhr from https://app.example/)\n  EXPOSED"
        ),
        "{out}"
    );
    assert!(!out.contains("entry 7 "), "{out}");
    // The navigation is said and skipped.
    assert!(out.contains("not judged: a top-level navigation"), "{out}");
    // The image taints; the HAR cannot see that.
    assert!(out.contains("LOADED, NOT READABLE (tainted-canvas)   the browser recorded: status 200: the HAR cannot tell"));
    assert!(
        out.contains("agreement with what the browser recorded: 5 of 5"),
        "{out}"
    );
    // The entry with no URL is reported with its path, and the rest ran.
    assert!(
        text(&o.stderr).contains("log.entries[9].request: cannot be read: missing field `url`"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        out.contains(
            "10 entries: 6 requests judged (6 cross-origin), 5 blocked, 1 not judged, 1 unreadable"
        ),
        "{out}"
    );
}

#[test]
fn jsonl_has_a_line_per_request_and_the_summary_last() {
    let o = sop(
        &["har", HANDMADE, "--format", "jsonl", "--only", "blocked"],
        None,
    );
    let lines: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (summary, requests) = lines.split_last().unwrap();
    assert_eq!(requests.len(), 5);
    for r in requests {
        assert!(r["verdict"]["reason"].is_string(), "{r}");
        assert!(r["recorded"].is_object());
    }
    assert_eq!(requests[0]["entries"], serde_json::json!([1]));
    assert_eq!(requests[1]["entries"], serde_json::json!([2, 3]));
    assert_eq!(
        summary["summary"]["blocked"]["missing-allow-origin-header"],
        1
    );
    assert_eq!(summary["summary"]["agree"], 5);
}

#[test]
fn to_scenarios_writes_a_fixture_file_sop_reads_back() {
    let o = sop(&["har", HANDMADE, "--to-scenarios"], None);
    assert_eq!(o.status.code(), Some(0));
    let fixture = text(&o.stdout);
    let eval = sop(&["eval", "--format", "text", "-"], Some(fixture.as_bytes()));
    let out = text(&eval.stdout);
    assert_eq!(eval.status.code(), Some(0), "{}", text(&eval.stderr));
    assert!(out.contains("entry 2: PUT https://api.example/items/7: blocked (header-disallowed-by-preflight-response) after a preflight"), "{out}");
    assert_eq!(out.lines().count(), 6, "{out}");
}

#[test]
fn fail_on_blocked_exits_1() {
    assert_eq!(
        sop(&["har", HANDMADE, "--fail-on-blocked"], None)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn a_file_that_is_not_a_har_is_refused_with_exit_2() {
    for (input, says) in [
        ("not json at all", "not JSON"),
        ("", "not JSON"),
        ("[]", "not a HAR file"),
        (r#"{"entries": []}"#, "no `log` object"),
        (r#"{"log": {"pages": []}}"#, "`log` has no `entries`"),
        (r#"{"log": {"entries": {}}}"#, "not a HAR file"),
    ] {
        let o = sop(&["har", "-"], Some(input.as_bytes()));
        assert_eq!(o.status.code(), Some(2), "{input}");
        let err = text(&o.stderr);
        assert!(
            err.starts_with("sop: -: ") && err.contains(says),
            "{input}: {err}"
        );
    }
    let o = sop(&["har", "no/such/file.har"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no/such/file.har: cannot read it"));
}

#[test]
fn an_empty_har_is_judged_as_nothing() {
    let o = sop(
        &["har", "-"],
        Some(br#"{"log": {"version": "1.2", "entries": []}}"#),
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).starts_with("0 entries: 0 requests judged"));
}

/// Firefox's export: no `_resourceType`, and the page's `title` is its
/// document title. sop falls back on Sec-Fetch-Dest and the Referer, and
/// says so.
#[test]
fn a_firefox_export_is_judged_from_its_headers() {
    let o = sop(&["har", "tests/data/har/firefox-style.har"], None);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(out.contains(
        "entry 0  GET https://api.shop.example/cart  (fetch from https://www.shop.example/checkout)\n  \
         BLOCKED (missing-allow-origin-header)   the browser recorded: status 200 \
         (this HAR's writer does not record what the policy blocked): the HAR cannot tell"
    ), "{out}");
    assert!(
        out.contains(
            "inferred page https://www.shop.example/checkout: the Referer header, at the origin"
        ),
        "{out}"
    );
    assert!(
        out.contains("inferred initiator fetch: Sec-Fetch-Dest: empty"),
        "{out}"
    );
}

/// One entry that never ends is refused at the limit, not read into memory
/// whole (MAX_ENTRY_BYTES, 128 MiB).
#[test]
fn an_endless_entry_stops_at_the_limit() {
    let mut input = br#"{"log": {"entries": [{"request": {"method": "GET", "url": ""#.to_vec();
    input.resize(input.len() + 140 * 1024 * 1024, b'a');
    let o = sop(&["har", "-"], Some(&input));
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("more than 134217728 bytes without the end of an entry"),
        "{err}"
    );
}

/// The HARs Chromium recorded (see fixtures/har/README.md) and their
/// manifest: one JSON object a line, so the corpus readers, which take
/// every `*.json` below fixtures/, leave it alone.
const RECORDED: &str = "fixtures/har";
const MANIFEST: &str = "fixtures/har/index.jsonl";

fn manifest() -> Vec<serde_json::Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(MANIFEST);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The scenario `name` of fixture file `fixture`, as written.
fn scenario(fixture: &str, name: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let all = match file.get("scenarios") {
        Some(all) => all.as_array().unwrap().clone(),
        None => vec![file],
    };
    all.into_iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{fixture} has no scenario {name:?}"))
}

/// A field as compared: absent is null.
fn field<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v.get(name).unwrap_or(&serde_json::Value::Null)
}

#[test]
fn recorded_hars_match_their_scenarios() {
    let rows = manifest();
    assert!(rows.len() >= 16, "{} recorded scenarios", rows.len());
    let mut problems = Vec::new();
    for row in &rows {
        let (har, fixture, name) = (
            row["har"].as_str().unwrap(),
            row["fixture"].as_str().unwrap(),
            row["scenario"].as_str().unwrap(),
        );
        let s = scenario(fixture, name);
        let embed = s.get("embed").is_some();
        let page = url::Url::parse(s["page"].as_str().unwrap()).unwrap();
        let (target, method) = if embed {
            (s["embed"]["url"].as_str().unwrap(), "GET")
        } else {
            (
                s["request"]["url"].as_str().unwrap(),
                s["request"]["method"].as_str().unwrap_or("GET"),
            )
        };
        let target = page.join(target).unwrap();
        let target = target.as_str().split('#').next().unwrap();
        // sop's verdict for the scenario as written.
        let o = sop(&["eval", fixture, "--name", name], None);
        let eval = text(&o.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|l| l["name"] == name)
            .unwrap_or_else(|| panic!("sop eval gave no verdict for {name}"))["verdict"]
            .clone();
        // sop har's verdict for what Chromium recorded.
        let o = sop(
            &["har", "--format", "jsonl", &format!("{RECORDED}/{har}")],
            None,
        );
        assert_eq!(o.status.code(), Some(0), "{har}: {}", text(&o.stderr));
        assert!(o.stderr.is_empty(), "{har}: {}", text(&o.stderr));
        let judged: Vec<serde_json::Value> = text(&o.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .filter(|l: &serde_json::Value| l.get("summary").is_none())
            .collect();
        let Some(j) = judged
            .iter()
            .find(|j| j["url"] == target && j["method"].as_str() == Some(method))
        else {
            problems.push(format!(
                "{har}: no judgement of {method} {target} among {:?}",
                judged
                    .iter()
                    .map(|j| format!("{} {}", j["method"], j["url"]))
                    .collect::<Vec<_>>()
            ));
            continue;
        };
        if let Some(why) = j.get("not_judged") {
            problems.push(format!("{har}: {method} {target} not judged: {why}"));
            continue;
        }
        let fields: &[&str] = if embed {
            &["loaded", "readable", "reason"]
        } else {
            &["outcome", "reason"]
        };
        for f in fields {
            let (from_har, from_eval, expected) = (
                field(&j["verdict"], f),
                field(&eval, f),
                field(&s["expect"], f),
            );
            if from_har != from_eval || from_eval != expected {
                problems.push(format!(
                    "{har}: {f}: sop har {from_har}, sop eval {from_eval}, expect {expected}"
                ));
            }
        }
        // The HAR cannot always say (a tainted canvas leaves no trace in
        // it): that is accepted only where the manifest says why.
        match (j.get("agrees"), row.get("cannot_tell")) {
            (Some(serde_json::Value::Bool(true)), None) => {}
            (Some(a), Some(_)) => problems.push(format!(
                "{har}: agrees is {a}, yet the manifest says the HAR cannot tell"
            )),
            (None, Some(why)) if why.as_str().is_some_and(|w| !w.is_empty()) => {}
            (a, _) => problems.push(format!(
                "{har}: agrees is {}, and the manifest gives no reason the HAR cannot tell",
                a.map_or("absent".to_owned(), ToString::to_string)
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn recorded_hars_are_devtools_exports_listed_in_the_manifest() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RECORDED);
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".har"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = manifest()
        .iter()
        .map(|r| r["har"].as_str().unwrap().to_owned())
        .collect();
    listed.sort();
    assert_eq!(on_disk, listed, "every HAR has a manifest row, and no more");
    for row in manifest() {
        let har = row["har"].as_str().unwrap();
        let log: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(har)).unwrap()).unwrap();
        let log = &log["log"];
        let s = scenario(
            row["fixture"].as_str().unwrap(),
            row["scenario"].as_str().unwrap(),
        );
        assert_eq!(log["version"], "1.2", "{har}");
        assert_eq!(log["creator"]["name"], "WebInspector", "{har}");
        assert!(
            log["creator"]["version"].as_str().unwrap().contains('.'),
            "{har}"
        );
        // The page is the scenario's own URL: the loopback servers answer
        // for the scenario's host names, so Chromium saw no other.
        let page = url::Url::parse(s["page"].as_str().unwrap()).unwrap();
        assert_eq!(log["pages"][0]["title"], page.as_str(), "{har}");
        let entries = log["entries"].as_array().unwrap();
        assert_eq!(entries[0]["_resourceType"], "document", "{har}");
        assert_eq!(entries[0]["request"]["url"], page.as_str(), "{har}");
        for e in entries {
            // DevTools lists a preflight as its own entry, typed so.
            if e["_initiator"]["type"] == "preflight" {
                assert_eq!(e["_resourceType"], "preflight", "{har}");
                assert_eq!(e["request"]["method"], "OPTIONS", "{har}");
            }
            assert_eq!(e["pageref"], "page_1", "{har}");
            assert!(e["_resourceType"].is_string(), "{har}");
            assert!(
                e["startedDateTime"].as_str().unwrap().ends_with('Z'),
                "{har}"
            );
        }
    }
}
