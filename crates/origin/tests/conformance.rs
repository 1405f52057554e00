//! The standards' own test data: the URL standard's origin cases
//! (urltestdata.json) and the public suffix list's registrable-domain tests.
//!
//! The data is vendored in `tests/data/` (its README names each file's
//! source, version and licence).

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use sop_origin::{Host, Origin, PublicSuffixList, parse_url, parse_url_with_base};

/// The vendored files (`tests/data/`, see its README), compiled in: a
/// missing file fails the build rather than passing a test that read nothing.
const URLTESTDATA: &str = include_str!("data/urltestdata.json");
const PSL_TESTS: &str = include_str!("data/psl-tests.txt");

#[test]
fn urltestdata_origins() {
    let cases: Vec<serde_json::Value> = serde_json::from_str(URLTESTDATA).unwrap();
    let (mut passed, mut total, mut failures) = (0, 0, Vec::new());
    for case in cases.iter().filter(|c| c.get("origin").is_some()) {
        total += 1;
        let input = case["input"].as_str().unwrap();
        let expected = case["origin"].as_str().unwrap();
        let url = match case["base"].as_str() {
            Some(base) => parse_url_with_base(input, &parse_url(base).unwrap()),
            None => parse_url(input),
        };
        let actual = match url {
            Ok(url) => Origin::of_url(&url).ascii_serialization(),
            Err(e) => format!("<parse error: {e}>"),
        };
        if actual == expected {
            passed += 1;
        } else {
            failures.push(format!(
                "{input:?} (base {}): expected {expected}, got {actual}",
                case["base"]
            ));
        }
    }
    println!("urltestdata origins: {passed}/{total} passed");
    assert_eq!(total, 393, "the data set changed size");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Cases whose answer depends on the list's contents at a date, with the
/// reason the embedded snapshot answers otherwise. Empty: the 2026-10-22
/// snapshot answers every case. A case listed here that starts passing
/// fails the test, so the list cannot go stale.
const EXPECTED_PSL_FAILURES: &[(&str, &str)] = &[];

#[test]
fn psl_registrable_domains() {
    let list = PublicSuffixList::embedded();
    let (mut passed, mut total, mut failures) = (0, 0, Vec::new());
    for line in PSL_TESTS.lines().map(str::trim) {
        let Some(args) = line
            .strip_prefix("checkPublicSuffix(")
            .and_then(|l| l.strip_suffix(");"))
        else {
            continue;
        };
        let (input, expected) = args.split_once(", ").unwrap();
        let (input, expected) = (js_string(input), js_string(expected));
        total += 1;
        // The list's tests hand in names as a user types them; a browser
        // looks up the host as the URL parser normalised it (lowercase,
        // Punycode), so both sides go through the host parser.
        let actual = input
            .and_then(|i| Host::parse(i).ok())
            .and_then(|h| list.registrable_domain(&h));
        let expected_ascii = expected.map(|e| Host::parse(e).unwrap().to_string());
        let known = EXPECTED_PSL_FAILURES
            .iter()
            .find(|(i, _)| Some(*i) == input);
        match (actual == expected_ascii, known) {
            (true, None) => passed += 1,
            (false, Some(_)) => {}
            (true, Some((i, why))) => {
                failures.push(format!("{i}: now passes, drop it from the list ({why})"))
            }
            (false, None) => failures.push(format!(
                "{input:?}: expected {expected_ascii:?}, got {actual:?}"
            )),
        }
    }
    println!(
        "psl-tests: {passed}/{total} passed, {} known failures (snapshot {})",
        EXPECTED_PSL_FAILURES.len(),
        sop_origin::EMBEDDED_LIST_VERSION
    );
    // 82 calls, 4 of them commented out by the file itself (`.local`).
    assert_eq!(total, 78, "the data set changed size");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `'text'` or `null`, as the test file writes its arguments.
fn js_string(s: &str) -> Option<&str> {
    (s != "null").then(|| s.trim_matches('\''))
}
