//! Every limit has a clear error when exceeded. Small limits make the
//! tests cheap; the defaults are in `Limits::default()`.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use sop_verdict::{FixtureFile, Limits};

fn refuse(text: &str, limits: &Limits) -> (String, String) {
    let e = FixtureFile::parse("limits.json".as_ref(), text, limits).unwrap_err();
    (e.path, e.message)
}

fn tiny() -> Limits {
    Limits {
        max_file_bytes: 10_000,
        max_scenarios_per_file: 2,
        max_steps: 2,
        max_headers: 2,
        max_header_value_bytes: 8,
        max_header_list_bytes: 20,
        max_url_bytes: 40,
        max_body_bytes: 4,
        max_responses: 2,
    }
}

#[test]
fn each_limit_names_itself() {
    let l = tiny();
    let one = |extra: &str| {
        format!(
            r#"{{"name": "a", "page": "https://a.example/", "request": {{"url": "/"{extra}}}}}"#
        )
    };
    let cases: Vec<(String, &str, &str)> = vec![
        ("x".repeat(10_001), ".", "input is 10001 bytes; the limit is 10000 bytes"),
        (
            format!(r#"{{"scenarios": [{a}, {a}, {a}]}}"#, a = one("")).replace(r#""name": "a""#, r#""name": "a""#),
            "scenarios",
            "3 scenarios; the limit is 2",
        ),
        (
            r#"{"name": "s", "page": "https://a.example/", "steps": [{"request": {"url": "/"}}, {"request": {"url": "/"}}, {"request": {"url": "/"}}]}"#.to_owned(),
            "steps",
            "3 steps; the limit is 2",
        ),
        (one(r#", "headers": [["A", "1"], ["B", "2"], ["C", "3"]]"#), "request.headers", "3 headers; the limit is 2"),
        (one(r#", "headers": {"A": "123456789"}"#), "request.headers.A", "value is 9 bytes; the limit is 8"),
        (one(r#", "headers": {"Aaaaaaaaaa": "1234567", "Bbbbbbbbb": "1234567"}"#), "request.headers", "33 bytes of headers; the limit is 20"),
        (one(r#", "body": "12345", "method": "POST""#), "request.body", "5 bytes; the limit is 4"),
        (
            r#"{"name": "a", "page": "https://a.example/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "request": {"url": "/"}}"#.to_owned(),
            "page",
            "URL is 50 bytes; the limit is 40",
        ),
        (
            r#"{"name": "a", "page": "https://a.example/", "request": {"url": "/"}, "responses": [{"url": "https://a.example/"}, {"url": "https://a.example/"}, {"url": "https://a.example/"}]}"#.to_owned(),
            "responses",
            "3 entries; the limit is 2",
        ),
    ];
    for (text, path, message) in cases {
        let (p, m) = refuse(&text, &l);
        assert_eq!(p, path, "{message}");
        assert!(m.contains(message), "expected {message:?}, got {m:?}");
    }
}

#[test]
fn url_length_is_measured_as_written() {
    // 28 bytes as written, 48 once parsed (each ü becomes %C3%BC): within
    // a limit of 40, since the limit is on what the fixture says.
    let text = r#"{"name": "a", "page": "https://a.example/üüüüü", "request": {"url": "/"}}"#;
    let file = FixtureFile::parse("limits.json".as_ref(), text, &tiny()).unwrap();
    assert_eq!(file.scenarios[0].page.url.as_str().len(), 48);
}

#[test]
fn defaults_are_generous() {
    let d = Limits::default();
    assert!(d.max_file_bytes >= 16 * 1024 * 1024);
    assert!(d.max_steps >= 100 && d.max_headers >= 256 && d.max_url_bytes >= 16 * 1024);
}
