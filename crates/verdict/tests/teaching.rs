//! What a teacher and a new user read: warnings about scenarios that do not
//! say what their author meant, the trace's words, the fixes and the
//! walkthrough's presentation. Each test fails if its point regresses.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use sop_verdict::explain::{Style, explain, script_call};
use sop_verdict::fixture::{Body, FetchBody};
use sop_verdict::{FixtureFile, Limits, Options, Scenario, ScenarioVerdict, evaluate};

fn scenario(json: &str) -> Scenario {
    FixtureFile::parse("t.json".as_ref(), json, &Limits::default())
        .unwrap()
        .scenarios
        .remove(0)
}

/// The call of a `request` scenario.
fn call(s: &Scenario) -> &sop_verdict::fixture::ScriptRequest {
    match &s.body {
        Body::Fetch(FetchBody::Call { request, .. }) => request,
        _ => panic!("a request scenario"),
    }
}

fn explained(s: &Scenario, style: Style) -> String {
    explain(s, &evaluate(s, Options::default()), style)
}

fn codes(v: &ScenarioVerdict) -> Vec<&'static str> {
    v.warnings().iter().map(|w| w.code()).collect()
}

/// A typo in a response's URL: the request gets the default 404, and both
/// halves of the mistake are said, in the verdict's JSON and in explain.
#[test]
fn a_response_that_answers_nothing_is_warned_about() {
    let s = scenario(
        r#"{"name": "typo", "page": "https://app.example/",
        "request": {"url": "https://api.example/data"},
        "responses": [{"url": "https://api.example/dta",
                       "headers": {"Access-Control-Allow-Origin": "*"}}]}"#,
    );
    let v = evaluate(&s, Options::default());
    assert_eq!(codes(&v), ["no-response-entry", "unused-response"]);
    assert!(v.warnings().iter().all(|w| w.likely_mistake()));
    let json = serde_json::to_value(&v).unwrap();
    let message = json["warnings"][1]["message"].as_str().unwrap();
    assert_eq!(
        message,
        "responses[0] (https://api.example/dta for any method but OPTIONS) answered no request, \
         while GET https://api.example/data got the default 404: check its url and method"
    );
    let text = explained(&s, Style::default());
    assert!(
        text.contains("\nWarnings\n  no responses entry answers GET https://api.example/data"),
        "{text}"
    );
}

/// An entry the read ended before (the request after a failed preflight) is
/// reported, but not as a likely mistake; a scenario that uses every entry
/// has no warnings at all.
#[test]
fn an_entry_the_read_never_reached_is_not_called_a_typo() {
    let s = scenario(
        r#"{"name": "preflight fails", "page": "https://app.example/",
        "request": {"url": "https://api.example/x", "method": "PUT"},
        "responses": [{"url": "https://api.example/x", "method": "OPTIONS", "status": 204,
                       "headers": {"Access-Control-Allow-Origin": "https://app.example"}},
                      {"url": "https://api.example/x", "method": "PUT"}]}"#,
    );
    let v = evaluate(&s, Options::default());
    assert_eq!(codes(&v), ["unreached-response"]);
    assert!(!v.warnings()[0].likely_mistake());
    let ok = scenario(
        r#"{"name": "ok", "page": "https://app.example/",
        "request": {"url": "https://api.example/x"},
        "responses": [{"url": "https://api.example/x",
                       "headers": {"Access-Control-Allow-Origin": "*"}}]}"#,
    );
    let v = evaluate(&ok, Options::default());
    assert!(v.warnings().is_empty());
    assert!(serde_json::to_value(&v).unwrap().get("warnings").is_none());
}

/// After a tainting redirect the trace says one thing: the request's origin
/// stays the page's, and what its Origin header carries is `null`.
#[test]
fn the_trace_names_the_origin_one_way_after_a_redirect() {
    let s = scenario(
        r#"{"name": "tainted", "page": "https://app.example/",
        "request": {"url": "https://api.example/r"},
        "responses": [
          {"url": "https://api.example/r", "status": 302,
           "headers": {"Location": "https://other.example/f", "Access-Control-Allow-Origin": "*"}},
          {"url": "https://other.example/f",
           "headers": {"Access-Control-Allow-Origin": "https://app.example"}}]}"#,
    );
    let v = evaluate(&s, Options::default());
    let details: Vec<&str> = v.verdicts()[0]
        .trace
        .iter()
        .map(|t| t.detail.as_str())
        .collect();
    let all = details.join("\n");
    assert!(
        all.contains(
            "the request's origin is now redirect-tainted: its Origin header carries null"
        ),
        "{all}"
    );
    assert!(all.contains("no: the request's origin is https://app.example (redirect-tainted: its Origin header carries null)"), "{all}");
    assert!(
        all.contains("the request's origin is sent as \"null\" (redirect-tainted)"),
        "{all}"
    );
    assert!(!all.contains("is the request's origin"), "{all}");
    assert!(!all.contains("the request's origin is \"null\""), "{all}");
}

/// Questions are answered yes or no, and an absent header is "(absent)".
#[test]
fn decisions_answer_their_question_and_name_absent_headers() {
    let s = scenario(
        r#"{"name": "header missing", "page": "https://app.example/",
        "request": {"url": "https://api.example/x", "method": "PUT", "headers": {"X-Token": "a"}},
        "responses": [{"url": "https://api.example/x", "method": "OPTIONS", "status": 204,
                       "headers": {"Access-Control-Allow-Origin": "https://app.example",
                                   "Access-Control-Allow-Methods": "PUT"}}]}"#,
    );
    let v = evaluate(&s, Options::default());
    let trace = &v.verdicts()[0].trace;
    for t in trace.iter().filter(|t| t.step.ends_with('?')) {
        assert!(
            t.detail.starts_with("yes: ") || t.detail.starts_with("no: "),
            "{}: {}",
            t.step,
            t.detail
        );
    }
    let last = trace.last().unwrap();
    assert_eq!(
        last.detail,
        "no: request header x-token is not in Access-Control-Allow-Headers (absent)"
    );
    assert!(
        trace
            .iter()
            .any(|t| t.detail == "yes: PUT is listed in Access-Control-Allow-Methods `PUT`")
    );
}

/// With credentials a `*` in Access-Control-Allow-Methods names nothing:
/// the fix must not keep it.
#[test]
fn a_credentialed_fix_does_not_keep_the_wildcard() {
    let s = scenario(
        r#"{"name": "star with credentials", "page": "https://app.example/",
        "request": {"url": "https://api.example/x", "method": "PUT", "credentials": "include"},
        "responses": [{"url": "https://api.example/x", "method": "OPTIONS", "status": 204,
                       "headers": {"Access-Control-Allow-Origin": "https://app.example",
                                   "Access-Control-Allow-Credentials": "true",
                                   "Access-Control-Allow-Methods": "*"}},
                      {"url": "https://api.example/x",
                       "headers": {"Access-Control-Allow-Origin": "https://app.example",
                                   "Access-Control-Allow-Credentials": "true"}}]}"#,
    );
    let v = evaluate(&s, Options::default());
    let fix = v.verdicts()[0].fix.clone().unwrap();
    assert!(fix.possible, "{fix:?}");
    assert_eq!(fix.changes[0].set["Access-Control-Allow-Methods"], "PUT");
}

/// The default five-second cache line is shown only where a later step
/// could use the entry.
#[test]
fn the_default_cache_lifetime_shows_only_where_caching_matters() {
    let preflight = r#"{"url": "https://api.example/x", "method": "OPTIONS", "status": 204,
        "headers": {"Access-Control-Allow-Origin": "https://app.example", "Access-Control-Allow-Methods": "PUT"}},
        {"url": "https://api.example/x", "headers": {"Access-Control-Allow-Origin": "https://app.example"}}"#;
    let one = scenario(&format!(
        r#"{{"name": "one", "page": "https://app.example/",
        "request": {{"url": "https://api.example/x", "method": "PUT"}},
        "responses": [{preflight}]}}"#
    ));
    let two = scenario(&format!(
        r#"{{"name": "two", "page": "https://app.example/",
        "steps": [{{"request": {{"url": "https://api.example/x", "method": "PUT"}}}},
                  {{"wait": 1, "request": {{"url": "https://api.example/x", "method": "PUT"}}}}],
        "responses": [{preflight}]}}"#
    ));
    let line = "cached for the default 5 s";
    assert!(!explained(&one, Style::default()).contains(line));
    assert!(explained(&two, Style::default()).contains(line));
    // The JSON trace keeps every decision.
    let v = evaluate(&one, Options::default());
    assert!(
        v.verdicts()[0]
            .trace
            .iter()
            .any(|t| t.detail.contains(line))
    );
}

/// The script line shows the call as a developer writes it.
#[test]
fn the_script_line_reads_like_code() {
    let fetch = scenario(
        r#"{"name": "f", "page": "https://app.example/",
        "request": {"url": "https://api.example/x", "method": "PUT", "credentials": "include",
                    "headers": {"X-Token": "it's"}, "body": "{}"}}"#,
    );
    assert_eq!(
        script_call(call(&fetch)),
        r#"fetch('https://api.example/x', {method: 'PUT', headers: {'X-Token': 'it\'s'}, body: '{}', credentials: 'include'})"#
    );
    let plain =
        scenario(r#"{"name": "g", "page": "https://app.example/", "request": {"url": "/x"}}"#);
    assert_eq!(script_call(call(&plain)), "fetch('/x')");
    let xhr = scenario(
        r#"{"name": "x", "page": "https://app.example/",
        "request": {"api": "xhr", "url": "https://api.example/x", "method": "POST",
                    "credentials": "include", "body": "a"}}"#,
    );
    assert_eq!(
        script_call(call(&xhr)),
        "xhr.open('POST', 'https://api.example/x'); xhr.withCredentials = true; xhr.send('a')"
    );
}

/// For a projector: brief shows the failing step and no passing ones, no
/// links on request, lines wrapped to the width at spaces, and the note in
/// plain (not dim) text.
#[test]
fn the_walkthrough_fits_a_projector() {
    let s = scenario(
        r#"{"name": "blocked", "note": "A note for the class.", "page": "https://app.example/",
        "request": {"url": "https://api.example/a-rather-long-path/that/goes/on"},
        "responses": [{"url": "https://api.example/a-rather-long-path/that/goes/on"}]}"#,
    );
    let full = explained(&s, Style::default());
    assert!(full.contains("Decisions") && full.contains("https://fetch.spec.whatwg.org/"));
    let brief = explained(
        &s,
        Style {
            brief: true,
            links: false,
            ..Style::default()
        },
    );
    assert!(brief.contains("Failed step\n"), "{brief}");
    assert!(brief.contains("FAIL CORS check"), "{brief}");
    assert!(
        !brief.contains("ok   ") && !brief.contains("same origin?"),
        "{brief}"
    );
    assert!(!brief.contains("spec.whatwg.org"), "{brief}");
    for section in ["On the wire", "Verdict BLOCKED", "Console", "Fix"] {
        assert!(brief.contains(section), "{section} missing:\n{brief}");
    }
    let narrow = explained(
        &s,
        Style {
            width: Some(60),
            ..Style::default()
        },
    );
    for line in narrow.lines() {
        // Only a single word wider than the line may overflow it.
        assert!(
            line.chars().count() <= 60 || !line.trim().contains(' '),
            "too wide: {line:?}"
        );
    }
    assert!(
        narrow.contains("\n      "),
        "continuation lines are indented:\n{narrow}"
    );
    let colored = explained(
        &s,
        Style {
            color: true,
            ..Style::default()
        },
    );
    assert!(colored.contains("\n  A note for the class.\n"), "{colored}");
}

/// A server may write bytes HTTP forbids, and sop reads them as Chromium
/// does; only what a fixture cannot mean is refused, and a script's headers
/// still go through the Headers API's rules.
#[test]
fn a_server_may_write_forbidden_bytes_but_not_what_a_fixture_cannot_mean() {
    let with = |headers: &str, request_headers: &str| {
        format!(
            r#"{{"name": "w", "page": "https://app.example/",
            "request": {{"url": "/d", "headers": {request_headers}}},
            "responses": [{{"url": "https://app.example/d", "headers": {headers}}}]}}"#
        )
    };
    let parse = |text: String| FixtureFile::parse("w.json".as_ref(), &text, &Limits::default());
    // Accepted: a NUL, a lone CR, a fold, a name with a space.
    for ok in [
        r#"{"X-Test": "a\u0000b"}"#,
        r#"{"X-Test": "a\rb"}"#,
        r#"{"X-Test": "a\r\n b"}"#,
        r#"[["X Test", "v"]]"#,
    ] {
        assert!(parse(with(ok, "{}")).is_ok(), "{ok}");
    }
    // Refused, with the reason: an empty line would end the header block,
    // a name that would be a fold, a character that is not a byte.
    for (bad, why) in [
        (r#"{"X-Test": "abc\n"}"#, "ends the header block"),
        (r#"{"X-Test": "a\n\r\nb"}"#, "ends the header block"),
        (r#"[[" X-Test", "v"]]"#, "cannot start with a space or tab"),
        (r#"{"X-Test": "\u0100"}"#, "expected bytes only"),
        (r#"[["X-\u0100", "v"]]"#, "expected bytes only"),
        (r#"[["X\rTest", "v"]]"#, "cannot hold a line break"),
        (r#"[["X\nTest", "v"]]"#, "cannot hold a line break"),
    ] {
        let e = parse(with(bad, "{}")).unwrap_err();
        assert!(e.message.contains(why), "{bad}: {}", e.message);
        assert!(
            e.path.starts_with("responses[0].headers"),
            "{bad}: {}",
            e.path
        );
    }
    // The script's own headers keep the Headers API's rules.
    let e = parse(with("{}", r#"{"X-Test": "a\u0000b"}"#)).unwrap_err();
    assert_eq!(e.path, "request.headers.X-Test");
}

/// A NUL byte makes the answer invalid HTTP: the trace and the wire say so
/// (not "the connection failed"), and the fix takes the byte out.
#[test]
fn an_invalid_response_is_told_apart_from_a_failed_connection() {
    let s = scenario(
        r#"{"name": "nul", "page": "https://app.example/",
        "request": {"url": "https://api.example/x"},
        "responses": [{"url": "https://api.example/x",
                       "headers": {"Access-Control-Allow-Origin": "*", "X-Debug": "a\u0000b"}}]}"#,
    );
    let v = evaluate(&s, Options::default());
    let v = v.verdicts()[0];
    assert_eq!(
        v.message.as_deref(),
        Some("Failed to load resource: net::ERR_INVALID_HTTP_RESPONSE")
    );
    let last = v.trace.last().unwrap();
    assert_eq!(
        last.detail,
        "the answer is not a valid HTTP response: the network stack refuses it"
    );
    let fix = v.fix.clone().unwrap();
    assert!(fix.possible, "{fix:?}");
    assert_eq!(fix.changes[0].set["X-Debug"], "ab");
    let text = explained(&s, Style::default());
    assert!(text.contains("<- (not a valid HTTP response: refused by the network stack)"));
}

/// Lean verdicts (batch audits) leave the warnings out; `sop check` asks
/// for them on top.
#[test]
fn lean_verdicts_carry_no_warnings_but_check_does() {
    let s = scenario(
        r#"{"name": "typo", "page": "https://app.example/",
        "request": {"url": "https://api.example/data"},
        "responses": [{"url": "https://api.example/dta"}]}"#,
    );
    assert!(evaluate(&s, Options::lean()).warnings().is_empty());
    assert_eq!(sop_verdict::check(&s).warnings.len(), 2);
}
