//! The command line: each subcommand, the exit codes, and the error
//! messages for bad files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sop(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that `out` is a refusal: exit status 2, and standard error
/// holds `words`.
#[track_caller]
fn refused_with(out: &Output, words: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    assert!(stderr(out).contains(words), "{}", stderr(out));
}

/// A scratch file holding `text`, unique per test.
fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sop-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const BLOCKED: &str = r#"{"scenarios": [
  {"name": "no ACAO", "note": "n", "page": "https://app.example/",
   "request": {"url": "https://api.example/data"},
   "responses": [{"url": "https://api.example/data", "body": "secret"}],
   "expect": {"outcome": "blocked", "reason": "missing-allow-origin-header", "preflight": false}},
  {"name": "star", "page": "https://app.example/",
   "request": {"url": "https://api.example/data"},
   "responses": [{"url": "https://api.example/data", "headers": {"Access-Control-Allow-Origin": "*"}, "body": "ok"}],
   "expect": {"outcome": "exposed", "body": "ok", "status": 200}}
]}"#;

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn eval_jsonl_has_every_contract_field() {
    let f = scratch("eval.json", BLOCKED);
    let out = sop(&["eval", p(&f)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["name"], "no ACAO");
    let v = &lines[0]["verdict"];
    for field in [
        "outcome",
        "reason",
        "preflight",
        "status",
        "exposed_headers",
        "body",
        "requests",
        "url",
        "message",
        "fix",
        "trace",
    ] {
        assert!(v.get(field).is_some(), "verdict lacks {field}: {v}");
    }
    assert_eq!(v["outcome"], "blocked");
    assert_eq!(v["reason"], "missing-allow-origin-header");
    assert_eq!(v["requests"][0]["headers"]["origin"], "https://app.example");
    assert_eq!(v["fix"]["possible"], true);
    assert_eq!(
        v["fix"]["changes"][0]["set"]["Access-Control-Allow-Origin"],
        "https://app.example"
    );
    assert_eq!(lines[1]["verdict"]["body"], "ok");
}

#[test]
fn eval_steps_verdict_is_a_list() {
    let f = scratch(
        "steps.json",
        r#"{"name": "s", "page": "https://a.example/", "steps": [
            {"request": {"url": "/x"}}, {"wait": 1, "request": {"url": "/y"}}],
            "responses": [{"url": "https://a.example/x"}]}"#,
    );
    let out = sop(&["eval", "--format", "json", p(&f)]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let steps = v[0]["verdict"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1]["status"], 404, "no entry for /y: 404");
}

#[test]
fn check_passes_and_fails_with_exit_codes() {
    let good = scratch("good.json", BLOCKED);
    let out = sop(&["check", p(&good)]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with("2 passed, 0 failed\n"),
        "{}",
        stdout(&out)
    );

    let bad = scratch(
        "bad.json",
        &BLOCKED.replace("missing-allow-origin-header", "allow-origin-mismatch"),
    );
    let out = sop(&["check", p(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("FAIL"), "{text}");
    // The path from the file's root, as in every other error.
    assert!(text.contains("     scenarios[0].expect.reason: expected \"allow-origin-mismatch\", actual \"missing-allow-origin-header\""), "{text}");
    assert!(text.ends_with("1 passed, 1 failed\n"), "{text}");
}

#[test]
fn check_unreadable_input_exits_2() {
    let out = sop(&["check", "/nonexistent/fixture.json"]);
    refused_with(&out, "/nonexistent/fixture.json");
}

#[test]
fn bad_files_name_the_file_and_the_json_path() {
    let cases = [
        (
            "unknown-field.json",
            r#"{"scenarios": [{"name": "a", "page": "https://a.example/", "request": {"url": "/", "methd": "GET"}}]}"#,
            "scenarios[0].request.methd: unknown field `methd`, expected one of",
        ),
        (
            "bad-mode.json",
            r#"{"scenarios": [{"name": "a", "page": "https://a.example/", "request": {"url": "/"}}, {"name": "b", "page": "https://a.example/", "request": {"url": "/", "mode": "corz"}}]}"#,
            "scenarios[1].request.mode: unknown value `corz`",
        ),
        (
            "wrong-type.json",
            r#"{"name": "a", "page": "https://a.example/", "request": {"url": 5}}"#,
            "request.url: expected a string, found the number 5",
        ),
        (
            "bad-reason.json",
            r#"{"name": "a", "page": "https://a.example/", "request": {"url": "/"}, "expect": {"outcome": "blocked", "reason": "nope"}}"#,
            "expect.reason: unknown reason `nope`",
        ),
        (
            "dup.json",
            r#"{"scenarios": [{"name": "a", "page": "https://a.example/", "request": {"url": "/"}}, {"name": "a", "page": "https://a.example/", "request": {"url": "/"}}]}"#,
            "scenarios[1].name: duplicate scenario name \"a\"",
        ),
        ("not-json.json", "{\"name\": ", "not valid JSON"),
        (
            "bad-page.json",
            r#"{"name": "a", "page": "not a url", "request": {"url": "/"}}"#,
            "page: expected an absolute URL",
        ),
        (
            "bad-header.json",
            r#"{"name": "a", "page": "https://a.example/", "request": {"url": "/", "headers": {"X Bad": "1"}}}"#,
            "request.headers[0]: expected a header name",
        ),
        (
            "crlf.json",
            r#"{"name": "a", "page": "https://a.example/", "request": {"url": "/", "headers": {"X-A": "1\r\nX-B: 2"}}}"#,
            "request.headers.X-A: expected a header value without CR, LF or NUL",
        ),
        (
            "status.json",
            r#"{"name": "a", "page": "https://a.example/", "request": {"url": "/"}, "responses": [{"url": "https://a.example/", "status": 1000}]}"#,
            "responses[0].status: expected a status from 100 to 999",
        ),
    ];
    for (name, text, expected) in cases {
        let f = scratch(name, text);
        let out = sop(&["eval", p(&f)]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains(p(&f)),
            "{name}: the message names the file: {err}"
        );
        assert!(
            err.contains(expected),
            "{name}: expected {expected:?} in {err}"
        );
    }
}

#[test]
fn explain_walks_through_and_respects_no_color() {
    let f = scratch("explain.json", BLOCKED);
    let out = sop(&["explain", p(&f), "--name", "no ACAO"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for part in [
        "Page",
        "same origin: no",
        "Decisions",
        "https://fetch.spec.whatwg.org/#concept-cors-check",
        "On the wire",
        "BLOCKED (missing-allow-origin-header)",
        "Console",
        "Access to fetch at 'https://api.example/data' from origin 'https://app.example' has been blocked by CORS policy",
        "Fix",
        "Access-Control-Allow-Origin: https://app.example",
    ] {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }
    assert!(!text.contains('\x1b'), "no colour when piped with NO_COLOR");

    let out = sop(&["explain", p(&f), "--name", "nope"]);
    refused_with(
        &out,
        "no scenario name contains \"nope\" (2 scenarios; --list shows them)",
    );
}

#[test]
fn origin_text_and_json() {
    let out = sop(&[
        "origin",
        "--format",
        "json",
        "https://a.example.co.uk:8443/x",
        "http://b.example.co.uk/",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["a"]["origin"], "https://a.example.co.uk:8443");
    assert_eq!(v["a"]["registrable_domain"], "example.co.uk");
    assert_eq!(v["a"]["site"], "https://example.co.uk");
    assert_eq!(v["a"]["trustworthy"], true);
    assert_eq!(v["b"]["trustworthy"], false);
    assert_eq!(v["same_origin"], false);
    assert_eq!(v["same_site"], false);
    assert_eq!(v["schemelessly_same_site"], true);

    let out = sop(&["origin", "https://xn--bcher-kva.example/"]);
    let text = stdout(&out);
    assert!(
        text.contains("unicode             https://bücher.example"),
        "{text}"
    );

    let out = sop(&["origin", "https://exa mple/"]);
    refused_with(&out, "cannot parse \"https://exa mple/\" as a URL");
}

#[test]
fn request_ad_hoc() {
    let out = sop(&[
        "request",
        "--page",
        "https://app.example/",
        "-X",
        "PUT",
        "-H",
        "X-Token: 1",
        "https://api.example/items",
        "--respond",
        "OPTIONS 204; Access-Control-Allow-Origin: https://app.example; Access-Control-Allow-Methods: PUT",
        "--respond",
        "200; Access-Control-Allow-Origin: https://app.example",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("BLOCKED (header-disallowed-by-preflight-response)"),
        "{text}"
    );
    assert!(
        text.contains("Access-Control-Allow-Headers: x-token"),
        "{text}"
    );

    let out = sop(&[
        "request",
        "--page",
        "https://app.example/",
        "--format",
        "json",
        "https://api.example/",
        "--respond",
        "200; Access-Control-Allow-Origin: *",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["outcome"], "exposed");

    let out = sop(&[
        "request",
        "--page",
        "https://app.example/",
        "https://api.example/",
        "--respond",
        "OK",
    ]);
    refused_with(&out, "expected a status");
}

#[test]
fn help_has_examples_and_exit_codes() {
    for sub in [
        "eval", "check", "explain", "origin", "request", "batch", "schema", "serve",
    ] {
        let out = sop(&[sub, "--help"]);
        assert!(out.status.success());
        assert!(
            stdout(&out).contains("Example"),
            "{sub} --help has no examples"
        );
        assert!(
            stdout(&out).contains("\nExit status: 0"),
            "{sub} --help does not give its exit status"
        );
    }
}

#[test]
fn request_fail_on_blocked_tests_the_verdict() {
    let run = |respond: &str, fail: bool| {
        let mut args = vec![
            "request",
            "--page",
            "https://app.example/",
            "https://api.example/",
            "--respond",
            respond,
        ];
        if fail {
            args.push("--fail-on-blocked");
        }
        sop(&args).status.code()
    };
    assert_eq!(run("200", true), Some(1), "blocked: no ACAO");
    assert_eq!(run("200", false), Some(0), "only with the flag");
    assert_eq!(run("200; Access-Control-Allow-Origin: *", true), Some(0));
}

fn sop_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn batch_keeps_input_order_across_jobs() {
    let corpus = sop(&[
        "generate",
        "--count",
        "3000",
        "--seed",
        "9",
        "--embeds",
        "20",
        "--windows",
        "20",
    ]);
    assert!(corpus.status.success());
    let one = sop_stdin(&["batch", "--jobs", "1"], &corpus.stdout);
    let two = sop_stdin(&["batch", "--jobs", "2"], &corpus.stdout);
    assert!(
        one.status.success() && two.status.success(),
        "{}",
        stderr(&two)
    );
    assert_eq!(
        stdout(&one),
        stdout(&two),
        "--jobs 2 must give the same lines in the same order"
    );
    let names: Vec<String> = stdout(&two)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(names.len(), 3000);
    for (n, name) in names.iter().enumerate() {
        assert!(
            [
                format!("generated {n}"),
                format!("generated embed {n}"),
                format!("generated window {n}"),
            ]
            .contains(name),
            "line {n} is {name:?}"
        );
    }
    for kind in ["embed", "window"] {
        assert!(
            names.iter().any(|n| n.contains(kind)),
            "the mix has {kind} lines"
        );
    }
}

#[test]
fn generate_refuses_a_mix_over_a_hundred_percent() {
    let out = sop(&[
        "generate",
        "--count",
        "1",
        "--embeds",
        "60",
        "--windows",
        "50",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("--embeds 60 and --windows 50 add up to more than 100 percent"),
        "{}",
        stderr(&out)
    );
}

/// `sop eval` and `sop batch` give the same verdict JSON for the same
/// flags; only their defaults differ (eval shows the trace, batch does not).
#[test]
fn eval_and_batch_agree_flag_for_flag() {
    // Every kind: fetch() and XHR calls, embeds and windows.
    let corpus = sop(&[
        "generate",
        "--count",
        "200",
        "--seed",
        "5",
        "--embeds",
        "25",
        "--windows",
        "25",
    ]);
    assert!(corpus.status.success());
    // The generated lines as one fixture file, for eval.
    let scenarios: Vec<serde_json::Value> = stdout(&corpus)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let file = scratch(
        "generated.json",
        &serde_json::json!({ "scenarios": scenarios }).to_string(),
    );
    let verdicts = |out: &std::process::Output| -> Vec<serde_json::Value> {
        assert!(out.status.success(), "{}", stderr(out));
        stdout(out)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["verdict"].clone())
            .collect()
    };
    let traced = |v: &[serde_json::Value]| {
        v.iter()
            .filter(|v| v["trace"] != serde_json::json!([]))
            .count()
    };
    for flags in [
        &["--trace"][..],
        &["--no-trace"],
        &["--lean"],
        &["--trace", "--no-trace"],
    ] {
        let eval = verdicts(&sop(&[&["eval", p(&file)][..], flags].concat()));
        let batch = verdicts(&sop_stdin(
            &[&["batch"][..], flags].concat(),
            &corpus.stdout,
        ));
        assert_eq!(eval.len(), 200);
        assert!(eval == batch, "{flags:?}: eval and batch differ");
    }
    let eval = verdicts(&sop(&["eval", p(&file)]));
    let batch = verdicts(&sop_stdin(&["batch"], &corpus.stdout));
    assert_eq!(traced(&eval), 200, "eval shows the trace by default");
    assert_eq!(traced(&batch), 0, "batch leaves it out by default");
    assert!(
        batch.iter().any(|v| v["fix"].is_object())
            && batch.iter().any(|v| v["message"].is_string()),
        "batch's default keeps the fix and the message"
    );
    let both = sop(&["batch", "--lean", "--trace"]);
    assert_eq!(
        both.status.code(),
        Some(2),
        "--lean leaves the trace out: not both"
    );
}

#[test]
fn batch_reports_bad_lines_and_goes_on() {
    let input = concat!(
        r#"{"name": "ok", "page": "https://a.example/", "request": {"url": "/x"}}"#,
        "\n\n",
        "{not json\n",
        r#"{"name": "typo", "page": "https://a.example/", "request": {"url": "/x", "mode": "corz"}}"#,
        "\n",
        r#"{"name": "last", "page": "https://a.example/", "request": {"url": "/y"}}"#,
        "\n"
    );
    let out = sop_stdin(&["batch", "--jobs", "2"], input.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(2),
        "bad lines make the exit status 2"
    );
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "the blank line is skipped");
    assert_eq!(lines[0]["name"], "ok");
    assert_eq!(lines[1]["line"], 3);
    // Text that is not JSON has no JSON path: "." as for a whole file.
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .starts_with(".: not valid JSON: key must be a string at line 1 column 2"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["line"], 4);
    assert!(
        lines[2]["error"]
            .as_str()
            .unwrap()
            .contains("request.mode: unknown value `corz`")
    );
    assert_eq!(lines[3]["name"], "last");
    assert!(
        stderr(&out).contains("2 of 4 lines were not valid scenarios"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn batch_of_nothing_is_nothing() {
    let out = sop_stdin(&["batch"], b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn batch_takes_a_ten_megabyte_line_and_refuses_a_longer_one() {
    let line = |body_len: usize| {
        let body = "a".repeat(body_len);
        format!(
            r#"{{"name": "big", "page": "https://a.example/", "request": {{"url": "https://b.example/x"}}, "responses": [{{"url": "https://b.example/x", "headers": {{"Access-Control-Allow-Origin": "*"}}, "body": "{body}"}}]}}"#
        ) + "\n"
    };
    let out = sop_stdin(&["batch", "--lean"], line(10 * 1024 * 1024).as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["verdict"]["outcome"], "exposed");
    assert_eq!(
        v["verdict"]["body"].as_str().unwrap().len(),
        10 * 1024 * 1024
    );

    // Over the 16 MiB line limit: that line is reported, the next one runs.
    let mut input = line(17 * 1024 * 1024);
    input.push_str(r#"{"name": "after", "page": "https://a.example/", "request": {"url": "/"}}"#);
    let out = sop_stdin(&["batch", "--lean"], input.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines[0]["error"]
            .as_str()
            .unwrap()
            .contains("longer than the limit"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1]["name"], "after");
}

/// The bad-input battery: each input is refused with exit status 2 and a
/// message that names the file and the JSON path, promptly, without a panic.
#[test]
fn bad_input_battery() {
    let page = r#""page": "https://a.example/""#;
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge = format!(
        r#"{{"name": "a", {page}, "request": {{"url": "/"}}, "note": "{}"}}"#,
        "x".repeat(50 * 1024 * 1024)
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), ".: file is empty: expected a scenario or {\"scenarios\": [...]}"),
        ("not-json", b"hello".to_vec(), ".: not valid JSON"),
        ("invalid-utf8", b"{\"name\": \"\xff\"}".to_vec(), ".: not UTF-8"),
        ("truncated", format!(r#"{{"name": "a", {page}, "request": {{"url": "/""#).into_bytes(), ".: not valid JSON: EOF while parsing"),
        ("number-for-string", format!(r#"{{"name": 5, {page}, "request": {{"url": "/"}}}}"#).into_bytes(), "name: expected a string, found the number 5"),
        ("unknown-field", format!(r#"{{"name": "a", {page}, "request": {{"url": "/"}}, "extra": 1}}"#).into_bytes(), ": extra: unknown field `extra`"),
        ("unknown-mode", format!(r#"{{"name": "a", {page}, "request": {{"url": "/", "mode": "navigate"}}}}"#).into_bytes(), "request.mode: unknown value `navigate`"),
        ("unknown-reason", format!(r#"{{"name": "a", {page}, "request": {{"url": "/"}}, "expect": {{"outcome": "blocked", "reason": "cors"}}}}"#).into_bytes(), "expect.reason: unknown reason `cors`"),
        ("bad-url", r#"{"name": "a", "page": "https://exa mple/", "request": {"url": "/"}}"#.as_bytes().to_vec(), "page: expected an absolute URL"),
        ("header-space", format!(r#"{{"name": "a", {page}, "request": {{"url": "/", "headers": [["X Y", "1"]]}}}}"#).into_bytes(), "request.headers[0]: expected a header name"),
        ("header-crlf", format!(r#"{{"name": "a", {page}, "request": {{"url": "/", "headers": {{"X-A": "1\r\n2"}}}}}}"#).into_bytes(), "request.headers.X-A: expected a header value"),
        ("status-0", format!(r#"{{"name": "a", {page}, "request": {{"url": "/"}}, "responses": [{{"url": "https://a.example/", "status": 0}}]}}"#).into_bytes(), "responses[0].status: expected a status from 100 to 999, found 0"),
        ("status-1000", format!(r#"{{"name": "a", {page}, "request": {{"url": "/"}}, "responses": [{{"url": "https://a.example/", "status": 1000}}]}}"#).into_bytes(), "responses[0].status: expected a status from 100 to 999, found 1000"),
        ("status-huge", format!(r#"{{"name": "a", {page}, "request": {{"url": "/"}}, "responses": [{{"url": "https://a.example/", "status": 70000}}]}}"#).into_bytes(), "responses[0].status: expected a status code, a number from 100 to 999, found the number 70000"),
        ("fifty-megabytes", huge.into_bytes(), ".: file is 52428"),
        ("nested-arrays", nested.into_bytes(), ".: not valid JSON: recursion limit exceeded"),
        // The embed kind's own refusals.
        ("embed-unknown-element", format!(r#"{{"name": "a", "kind": "embed", {page}, "embed": {{"element": "marquee", "url": "/a"}}}}"#).into_bytes(), "embed.element: unknown element `marquee`, expected one of img, script, module-script, stylesheet, font, video, audio, iframe"),
        ("embed-crossorigin-font", format!(r#"{{"name": "a", "kind": "embed", {page}, "embed": {{"element": "font", "url": "/f.ttf", "crossorigin": "anonymous"}}}}"#).into_bytes(), "embed.crossorigin: font has no crossorigin attribute"),
        ("embed-crossorigin-iframe", format!(r#"{{"name": "a", "kind": "embed", {page}, "embed": {{"element": "iframe", "url": "/f", "crossorigin": ""}}}}"#).into_bytes(), "embed.crossorigin: iframe has no crossorigin attribute"),
        ("embed-without-url", format!(r#"{{"name": "a", "kind": "embed", {page}, "embed": {{"element": "img"}}}}"#).into_bytes(), "embed: missing field `url`"),
        ("embed-bad-url", format!(r#"{{"name": "a", "kind": "embed", {page}, "embed": {{"element": "img", "url": "https://exa mple/a.png"}}}}"#).into_bytes(), "embed.url: expected a URL"),
        ("embed-and-request", format!(r#"{{"name": "a", "kind": "embed", {page}, "embed": {{"element": "img", "url": "/a"}}, "request": {{"url": "/"}}}}"#).into_bytes(), "request: an embed scenario gives `embed`, not `request` or `steps`"),
        ("request-then-embed", format!(r#"{{"name": "a", {page}, "request": {{"url": "/"}}, "embed": {{"element": "img", "url": "/a"}}}}"#).into_bytes(), "embed: an embed scenario gives `embed`, not `request` or `steps`"),
        ("embed-without-kind", format!(r#"{{"name": "a", {page}, "embed": {{"element": "img", "url": "/a"}}}}"#).into_bytes(), "an `embed` goes with \"kind\": \"embed\""),
        ("embed-kind-without-embed", format!(r#"{{"name": "a", "kind": "embed", {page}}}"#).into_bytes(), "missing field `embed`"),
        // The window kind's.
        ("window-without-other", format!(r#"{{"name": "a", "kind": "window", {page}, "access": []}}"#).into_bytes(), "missing field `other`"),
        ("window-unknown-relation", format!(r#"{{"name": "a", "kind": "window", {page}, "other": {{"url": "/", "as": "tab"}}}}"#).into_bytes(), "other.as: unknown relation `tab`, expected one of iframe, popup, parent, opener"),
        ("window-srcdoc-popup", format!(r#"{{"name": "a", "kind": "window", {page}, "other": {{"srcdoc": "<p>", "as": "popup"}}}}"#).into_bytes(), "other.srcdoc: only an iframe has a srcdoc"),
        ("window-two-verbs", format!(r#"{{"name": "a", "kind": "window", {page}, "other": {{"url": "/", "as": "iframe"}}, "access": [{{"get": "closed", "call": "close"}}]}}"#).into_bytes(), "access[0]: expected exactly one of `get`, `set` (with `value`) and `call` (with `args`)"),
        ("window-results-count", format!(r#"{{"name": "a", "kind": "window", {page}, "other": {{"url": "/", "as": "iframe"}}, "access": [{{"get": "closed"}}], "expect": {{"results": []}}}}"#).into_bytes(), "expect.results: 0 results for 1 operations"),
        ("window-access-in-fetch", format!(r#"{{"name": "a", {page}, "request": {{"url": "/"}}, "access": []}}"#).into_bytes(), "go with \"kind\": \"window\""),
        ("embed-fetch-expect", format!(r#"{{"name": "a", "kind": "embed", {page}, "embed": {{"element": "img", "url": "/a"}}, "expect": {{"outcome": "exposed"}}}}"#).into_bytes(), "expect.outcome: unknown field `outcome`"),
    ];
    for (name, bytes, expected) in cases {
        let path =
            std::env::temp_dir().join(format!("sop-battery-{}-{name}.json", std::process::id()));
        std::fs::write(&path, &bytes).unwrap();
        let started = std::time::Instant::now();
        let out = sop(&["check", p(&path)]);
        let took = started.elapsed();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(p(&path)),
            "{name}: the message names the file: {err}"
        );
        assert!(
            err.contains(expected),
            "{name}: expected {expected:?} in {err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
        // A hang guard, not a benchmark: the refusals take milliseconds.
        assert!(
            took < std::time::Duration::from_secs(10),
            "{name} took {took:?}"
        );
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn a_redirect_loop_ends_quickly_in_too_many_redirects() {
    let f = scratch(
        "loop.json",
        r#"{"name": "loop", "page": "https://a.example/", "request": {"url": "https://b.example/loop"},
            "responses": [{"url": "https://b.example/loop", "status": 302,
                           "headers": {"Location": "/loop", "Access-Control-Allow-Origin": "*"}}],
            "expect": {"outcome": "blocked", "reason": "too-many-redirects"}}"#,
    );
    let out = sop(&["check", p(&f)]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = sop(&["eval", p(&f)]);
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["verdict"]["requests"].as_array().unwrap().len(), 21);
}

#[test]
fn respond_refuses_a_header_in_the_method_place() {
    for spec in [
        "200 Access-Control-Allow-Origin: *",
        "OPTIONS 204 Access-Control-Allow-Methods: PUT",
        "Access-Control-Allow-Origin: * 200",
    ] {
        let out = sop(&[
            "request",
            "--page",
            "https://app.example/",
            "https://api.example/",
            "--respond",
            spec,
        ]);
        assert_eq!(out.status.code(), Some(2), "{spec}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains("the form is `[METHOD] [URL] STATUS[; Name: value]...[; body=TEXT]`"),
            "{spec}: {err}"
        );
    }
    let out = sop(&[
        "request",
        "--page",
        "https://app.example/",
        "https://api.example/",
        "--respond",
        "200 Access-Control-Allow-Origin: *",
    ]);
    assert!(
        stderr(&out).contains("found \"Access-Control-Allow-Origin:\" after the status (is a `;` missing before a header?)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn request_errors_name_the_flag() {
    let base = [
        "request",
        "--page",
        "https://app.example/",
        "https://api.example/",
    ];
    let cases: [(&[&str], &str); 6] = [
        (
            &["--mode", "corz"],
            "sop: --mode: unknown value `corz`, expected one of `cors`, `no-cors`, `same-origin`\n",
        ),
        (
            &["--profile", "firefox"],
            "sop: --profile: unknown value `firefox`",
        ),
        (
            &["--api", "xhr", "--mode", "no-cors"],
            "sop: --mode: `mode` is for fetch only",
        ),
        (&["-H", "X Bad: 1"], "sop: --header: expected a header name"),
        (
            &["--respond", "200; X-A: 1", "--respond", "OPTIONS 1000"],
            "sop: --respond \"OPTIONS 1000\": expected a status from 100 to 999",
        ),
        (
            &["-X", "GET", "--body", "x"],
            "sop: --body: fetch() throws a TypeError",
        ),
    ];
    for (extra, expected) in cases {
        let args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
        let out = sop(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(
            stderr(&out).starts_with(expected),
            "{extra:?}: {}",
            stderr(&out)
        );
    }
    let out = sop(&["request", "--page", "app.example", "https://api.example/"]);
    assert!(
        stderr(&out).starts_with("sop: --page: cannot parse \"app.example\" as a URL"),
        "{}",
        stderr(&out)
    );
}

/// A fresh, empty scratch folder.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("sop-cli-tests-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn check_that_checks_nothing_does_not_pass() {
    let empty = scratch_dir("empty");
    let out = sop(&["check", p(&empty)]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("\n0 passed, 0 failed\n") || stdout(&out) == "0 passed, 0 failed\n"
    );
    assert!(
        stderr(&out)
            .contains("sop: nothing was checked: no scenarios found; --allow-empty lets this pass"),
        "{}",
        stderr(&out)
    );
    let out = sop(&["check", "--allow-empty", p(&empty)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let unexpecting = scratch(
        "no-expect.json",
        r#"{"scenarios": [{"name": "a", "page": "https://a.example/", "request": {"url": "/"}},
                          {"name": "b", "page": "https://a.example/", "request": {"url": "/"}}]}"#,
    );
    let out = sop(&["check", p(&unexpecting)]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stdout(&out),
        "(2 scenarios have no expectation)\n0 passed, 0 failed\n"
    );
    assert!(stderr(&out).contains("none of the 2 scenarios has an expectation"));
    // One scenario with an expectation is a check.
    let good = scratch("good-for-empty.json", BLOCKED);
    let out = sop(&["check", p(&unexpecting), p(&good)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn one_unusable_file_does_not_stop_the_rest() {
    let dir = scratch_dir("mixed");
    std::fs::write(dir.join("a-good.json"), BLOCKED).unwrap();
    std::fs::write(
        dir.join("b-bad.json"),
        r#"{"name": "x", "page": "https://a.example/", "request": {"url": "/", "mode": "corz"}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("c-empty.json"), "").unwrap();
    std::fs::write(dir.join("d-good.json"), BLOCKED).unwrap();
    let out = sop(&["check", p(&dir), "/nonexistent/x.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with("4 passed, 0 failed\n"),
        "{}",
        stdout(&out)
    );
    let err = stderr(&out);
    for part in [
        "b-bad.json: request.mode: unknown value `corz`",
        "c-empty.json: .: file is empty",
        "/nonexistent/x.json: .: no such file or folder",
        "sop: 3 of 5 files could not be used",
    ] {
        assert!(err.contains(part), "{part:?} in {err}");
    }
    let out = sop(&["eval", "--format", "text", p(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out).lines().count(), 4, "{}", stdout(&out));
    let (good, bad) = (dir.join("a-good.json"), dir.join("b-bad.json"));
    let out = sop(&["explain", p(&good), p(&bad), "--name", "star"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("Scenario: star"));
}

#[test]
fn names_match_ignoring_case_with_suggestions_and_a_list() {
    let dir = scratch_dir("names");
    std::fs::write(dir.join("one.json"), BLOCKED).unwrap();
    std::fs::write(
        dir.join("two.json"),
        r#"{"name": "starry redirect", "page": "https://a.example/", "request": {"url": "/"}}"#,
    )
    .unwrap();
    let one = dir.join("one.json");

    // A part of the name, in any case.
    let out = sop(&["explain", p(&one), "--name", "no acao"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Scenario: no ACAO\n"));
    // A whole name wins over a longer one that contains it.
    let out = sop(&["explain", p(&dir), "--name", "STAR"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Scenario: star\n"));
    // Several where one is needed: listed, one per line.
    let out = sop(&["explain", p(&dir), "--name", "a"]);
    assert_eq!(out.status.code(), Some(2));
    let one_file = p(&one);
    let two_file = dir.join("two.json");
    assert!(
        stderr(&out).contains(&format!(
            "3 scenarios have \"a\" in their name; give more of the one you mean:\n  {one_file}: no ACAO\n  {one_file}: star\n  {}: starry redirect\n",
            p(&two_file)
        )),
        "{}",
        stderr(&out)
    );
    // A typo: the closest names.
    let out = sop(&["explain", p(&dir), "--name", "no acoa"]);
    refused_with(
        &out,
        &format!("no scenario name contains \"no acoa\"; did you mean:\n  {one_file}: no ACAO\n"),
    );
    // Shared words when no stretch is close.
    let out = sop(&["eval", p(&dir), "--name", "redirect starry"]);
    assert!(
        stderr(&out).contains("did you mean:\n") && stderr(&out).contains(": starry redirect"),
        "{}",
        stderr(&out)
    );
    // --list: files and names, filtered by --name, running nothing.
    for sub in ["explain", "eval", "check"] {
        let out = sop(&[sub, "--list", p(&dir)]);
        assert!(out.status.success(), "{sub}: {}", stderr(&out));
        assert_eq!(
            stdout(&out),
            format!(
                "{one_file}: no ACAO\n{one_file}: star\n{}: starry redirect\n",
                p(&two_file)
            ),
            "{sub}"
        );
    }
    let out = sop(&["eval", "--list", "--name", "Star", p(&dir)]);
    assert_eq!(stdout(&out).lines().count(), 2);
    // eval and check keep every match.
    let out = sop(&["check", "--name", "a", p(&one)]);
    assert!(
        stdout(&out).ends_with("2 passed, 0 failed\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_dash_reads_standard_input() {
    let out = sop_stdin(&["explain", "-", "--name", "star"], BLOCKED.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Scenario: star\n"));
    let out = sop_stdin(&["eval", "--format", "text", "-"], BLOCKED.as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "<stdin>: no ACAO: blocked (missing-allow-origin-header)\n<stdin>: star: exposed 200\n"
    );
    let out = sop_stdin(&["check", "-"], BLOCKED.as_bytes());
    assert!(out.status.success());
    let out = sop_stdin(&["check", "-"], b"{\"name\": 5}");
    refused_with(&out, "<stdin>: name: expected a string, found the number 5");
}

#[test]
fn origin_says_why() {
    let out = sop(&["origin", "about:blank"]);
    let text = stdout(&out);
    for part in [
        "(opaque: an about: URL has no tuple origin)",
        "(an about:blank document inherits the origin of the document that created it; the URL alone gives an opaque origin)",
        "trustworthy         yes: about:blank is trustworthy by definition",
    ] {
        assert!(text.contains(part), "{part:?} in\n{text}");
    }
    assert!(!text.contains("a about"), "{text}");
    let out = sop(&["origin", "https://a.example:443/x"]);
    assert!(
        stdout(&out).contains("  origin              https://a.example\n                      (port 443 is https's default, so the origin has no port)\n"),
        "{}",
        stdout(&out)
    );
    let cases = [
        ("https://a.example:443/", "https scheme", Some(443)),
        ("http://127.0.0.1:80/", "loopback host 127.0.0.1", Some(80)),
        ("http://[::1]:8080/", "loopback host [::1]", None),
        (
            "http://api.localhost/",
            "localhost name api.localhost",
            None,
        ),
        (
            "http://a.example/",
            "http on a.example, which is not loopback or localhost",
            None,
        ),
        ("data:,x", "a data: URL is trustworthy by definition", None),
        (
            "javascript:1",
            "an opaque origin is never trustworthy",
            None,
        ),
        ("file:///etc/hosts", "file scheme", None),
    ];
    for (url, reason, dropped) in cases {
        let out = sop(&["origin", "--format", "json", url]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(v["trustworthy_reason"], reason, "{url}");
        assert_eq!(
            v["default_port_dropped"],
            serde_json::json!(dropped),
            "{url}"
        );
    }
    let out = sop(&[
        "origin",
        "--format",
        "json",
        "about:blank",
        "https://a.example",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v["a"]["opaque_reason"],
        "opaque: an about: URL has no tuple origin"
    );
    assert!(v["a"]["origin_note"].as_str().unwrap().contains("inherits"));
    assert_eq!(v["b"]["origin_note"], serde_json::Value::Null);
    assert_eq!(
        v["same_origin_reason"],
        "an opaque origin is same origin only with itself"
    );
}

/// A typo in a response URL is said on stderr by `check` (even when the
/// expectation, written from the wrong verdict, passes) and by `eval`; an
/// entry the read never reached is counted, and shown with --warnings.
#[test]
fn warnings_reach_check_and_eval() {
    let typo = scratch(
        "typo.json",
        r#"{"scenarios": [
  {"name": "typo", "page": "https://app.example/",
   "request": {"url": "https://api.example/data"},
   "responses": [{"url": "https://api.example/dta", "headers": {"Access-Control-Allow-Origin": "*"}}],
   "expect": {"outcome": "blocked", "reason": "missing-allow-origin-header"}},
  {"name": "never reached", "page": "https://app.example/",
   "request": {"url": "https://api.example/x", "method": "PUT"},
   "responses": [{"url": "https://api.example/x", "method": "OPTIONS", "status": 204},
                 {"url": "https://api.example/x", "method": "PUT"}],
   "expect": {"outcome": "blocked"}}
]}"#,
    );
    let out = sop(&["check", p(&typo)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: ")
            && err.contains("typo: no responses entry answers GET https://api.example/data"),
        "{err}"
    );
    assert!(
        err.contains(
            "responses[0] (https://api.example/dta for any method but OPTIONS) answered no request"
        ),
        "{err}"
    );
    assert!(!err.contains("never reached: "), "{err}");
    assert!(
        err.contains("(1 more warning on passing scenarios"),
        "{err}"
    );
    let all = sop(&["check", "--warnings", p(&typo)]);
    assert!(stderr(&all).contains("never reached: responses[1] (PUT https://api.example/x) answered no request: the read never asked for it"), "{}", stderr(&all));
    let eval = sop(&["eval", p(&typo)]);
    assert_eq!(
        stderr(&eval).matches("warning: ").count(),
        3,
        "{}",
        stderr(&eval)
    );
}

/// The projector flags: --brief, --no-links, --color always into a pipe,
/// --width.
#[test]
fn explain_fits_a_projector() {
    let f = scratch("projector.json", BLOCKED);
    let brief = sop(&[
        "explain",
        p(&f),
        "--name",
        "no acao",
        "--brief",
        "--no-links",
    ]);
    assert!(brief.status.success(), "{}", stderr(&brief));
    let text = stdout(&brief);
    assert!(
        text.contains("Failed step\n") && text.contains("FAIL CORS check"),
        "{text}"
    );
    assert!(
        !text.contains("https://fetch.spec.whatwg.org/") && !text.contains("Target "),
        "{text}"
    );
    let colored = sop(&["explain", p(&f), "--name", "no acao", "--color", "always"]);
    assert!(
        stdout(&colored).contains("\x1b["),
        "--color always colours a pipe"
    );
    let plain = sop(&["explain", p(&f), "--name", "no acao", "--color", "never"]);
    assert!(!stdout(&plain).contains("\x1b["));
    let narrow = sop(&["explain", p(&f), "--name", "no acao", "--width", "50"]);
    for line in stdout(&narrow).lines() {
        assert!(
            line.chars().count() <= 50 || !line.trim().contains(' '),
            "{line:?}"
        );
    }
    let bad = sop(&["explain", p(&f), "--color", "sometimes"]);
    refused_with(&bad, "--color");
}

/// I/O errors in words, without the operating system's error numbers.
#[test]
fn io_errors_are_said_in_words() {
    let dir = scratch_dir("io-words");
    for (args, words) in [
        (
            vec!["batch", "/nonexistent/x.jsonl"],
            "cannot read: no such file or folder",
        ),
        (vec!["batch", p(&dir)], "cannot read: it is a folder"),
        (
            vec!["eval", "/nonexistent/x.json"],
            "no such file or folder",
        ),
    ] {
        let out = sop(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(words) && !err.contains("os error"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn eval_mode_report_only_adds_delivered_and_off_reads() {
    let f = scratch("modes.json", BLOCKED);
    let lines = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = sop(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let enforce = lines(&["eval", p(&f)]);
    assert_eq!(
        enforce,
        lines(&["eval", "--mode", "enforce", p(&f)]),
        "enforce is the default"
    );
    assert!(enforce[0]["verdict"].get("delivered").is_none());
    assert!(enforce[0]["verdict"].get("enforcement").is_none());

    let report = lines(&["eval", "--mode", "report-only", p(&f)]);
    let v = &report[0]["verdict"];
    assert_eq!(v["outcome"], "blocked");
    assert_eq!(v["reason"], "missing-allow-origin-header");
    assert_eq!(v["message"], enforce[0]["verdict"]["message"]);
    assert_eq!(v["enforcement"], "report-only");
    assert_eq!(v["delivered"]["outcome"], "exposed");
    assert_eq!(v["delivered"]["body"], "secret");
    assert_eq!(v["delivered"]["requests"][0]["method"], "GET");

    let off = lines(&["eval", "--mode", "off", p(&f)]);
    let v = &off[0]["verdict"];
    assert_eq!(v["enforcement"], "off");
    assert_eq!(
        (&v["outcome"], &v["body"]),
        (&"exposed".into(), &"secret".into())
    );
    assert!(v.get("delivered").is_none());

    let out = sop(&["eval", "--format", "text", "--mode", "report-only", p(&f)]);
    assert!(
        stdout(&out)
            .contains("no ACAO: blocked (missing-allow-origin-header); delivered exposed 200\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn batch_mode_report_only_and_off() {
    let line = concat!(
        r#"{"name": "no ACAO", "page": "https://app.example/", "request": {"url": "https://api.example/data"},"#,
        r#" "responses": [{"url": "https://api.example/data", "body": "secret"}]}"#,
        "\n"
    );
    let verdict = |args: &[&str]| -> serde_json::Value {
        let out = sop_stdin(args, line.as_bytes());
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_str::<serde_json::Value>(stdout(&out).trim()).unwrap()["verdict"].clone()
    };
    let v = verdict(&["batch", "--lean", "--mode", "report-only"]);
    assert_eq!(v["outcome"], "blocked");
    assert_eq!(v["enforcement"], "report-only");
    assert_eq!(v["delivered"]["body"], "secret");
    assert_eq!(v["trace"], serde_json::json!([]));
    let v = verdict(&["batch", "--mode", "off"]);
    assert_eq!(v["outcome"], "exposed");
    assert_eq!(v["enforcement"], "off");
    let v = verdict(&["batch"]);
    assert!(v.get("enforcement").is_none() && v.get("delivered").is_none());
}

#[test]
fn a_bad_mode_names_the_flag_and_the_modes() {
    let f = scratch("bad-mode.json", BLOCKED);
    for args in [
        &["eval", "--mode", "strict", p(&f)][..],
        &["batch", "--mode", "strict"][..],
    ] {
        let out = sop(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("invalid value 'strict' for '--mode <MODE>'")
                && err.contains("[possible values: enforce, report-only, off]"),
            "{args:?}: {err}"
        );
        assert!(stdout(&out).is_empty());
    }
    // check knows no modes: its expectations are Chromium's.
    let out = sop(&["check", "--mode", "off", p(&f)]);
    assert_eq!(out.status.code(), Some(2));
    for cmd in ["eval", "batch"] {
        let help = stdout(&sop(&[cmd, "--help"]));
        assert!(help.contains("Modes (--mode):"), "{cmd}");
        assert!(help.contains("`sop check` always enforces"), "{cmd}");
    }
}

/// The embed kind goes through eval, check, explain and batch with no new
/// flags, and its verdict has every field of the contract.
#[test]
fn embed_scenarios_take_the_same_commands() {
    let text = r#"{"name": "tainted", "kind": "embed", "page": "https://app.example/",
        "note": "a cross-site image", "embed": {"element": "img", "url": "https://cdn.example/cat.png"},
        "responses": [{"url": "https://cdn.example/cat.png", "headers": {"Content-Type": "image/png"}}],
        "expect": {"loaded": true, "readable": false, "reason": "tainted-canvas"}}"#;
    let path = scratch("embed.json", text);
    let out = sop(&["eval", p(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let v = &line["verdict"];
    for key in [
        "element", "asked", "loaded", "readable", "reason", "response", "requests", "message",
        "fix", "trace",
    ] {
        assert!(v.get(key).is_some(), "verdict has no {key}: {v}");
    }
    assert_eq!(v["asked"]["mode"], "no-cors");
    assert_eq!(v["requests"][0]["headers"]["sec-fetch-dest"], "image");
    assert_eq!(v["fix"]["markup"][0]["attribute"], "crossorigin");
    let out = sop(&["eval", "--format", "text", p(&path)]);
    assert!(
        stdout(&out).ends_with("tainted: loaded, not readable (tainted-canvas)\n"),
        "{}",
        stdout(&out)
    );
    let out = sop(&["check", p(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = sop(&["explain", p(&path)]);
    let text = stdout(&out);
    assert!(
        text.contains("Element <img src=\"https://cdn.example/cat.png\">"),
        "{text}"
    );
    assert!(
        text.contains("Verdict LOADED, NOT READABLE (tainted-canvas)"),
        "{text}"
    );
    // batch: one line in, one verdict line out.
    let one_line = text_of_one_line(text_of(&path));
    let mut child = Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(["batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(one_line.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["verdict"]["reason"], "tainted-canvas");
}

fn text_of(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn text_of_one_line(text: String) -> String {
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    format!("{v}\n")
}
