//! Every case of the MIME Sniffing standard's "parse a MIME type" tests
//! (web-platform-tests data, vendored in `tests/data/`, see its README).
//! Plain strings in the files are section headings; objects carry `input`
//! and `output` (the serialisation, or null where parsing fails).
//! <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use serde_json::Value;
use sop_fetch_model::mime::MimeType;

/// The files, compiled in: a missing file fails the build, not silently the
/// test.
const FILES: [(&str, &str); 2] = [
    ("mime-types.json", include_str!("data/mime-types.json")),
    (
        "generated-mime-types.json",
        include_str!("data/generated-mime-types.json"),
    ),
];

#[test]
fn wpt_mime_type_conformance() {
    let (mut total, mut failures) = (0usize, Vec::new());
    for (file, text) in FILES {
        let entries: Vec<Value> = serde_json::from_str(text).unwrap();
        let mut in_file = 0usize;
        for entry in entries.iter().filter(|e| !e.is_string()) {
            let input = entry["input"].as_str().unwrap();
            let expected = match &entry["output"] {
                Value::Null => None,
                Value::String(s) => Some(s.as_str()),
                other => panic!("{file}: `output` is neither a string nor null: {other}"),
            };
            total += 1;
            in_file += 1;
            let parsed = MimeType::parse(input);
            let got = parsed.as_ref().map(ToString::to_string);
            // A serialisation must also parse back to the same record.
            let round_trips = parsed
                .as_ref()
                .is_none_or(|mime| MimeType::parse(&mime.to_string()).as_ref() == Some(mime));
            if got.as_deref() != expected || !round_trips {
                failures.push(format!(
                    "{file}: input {input:?}: expected {expected:?}, got {got:?} \
                     (round trip ok: {round_trips})"
                ));
            }
        }
        assert!(in_file > 0, "{file} has no test cases");
    }
    println!(
        "MIME type conformance: {}/{total} passed",
        total - failures.len()
    );
    // A replacement copy that changes the data set must say so here.
    assert_eq!(total, 955, "the data set changed size");
    assert!(
        failures.is_empty(),
        "{} of {total} MIME cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
