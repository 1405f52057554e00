//! Scenarios in, verdicts out, as `sop eval` computes them.

use std::path::Path;

use serde_json::json;
use sop_verdict::{FixtureFile, Limits, Options, evaluate};

use crate::error::Error;

/// The name errors give the text a C caller passed (the CLI names the file).
pub const INPUT: &str = "<input>";

/// The verdict on one scenario object (the fixture format), as JSON: what
/// `sop eval --format json` shows as the scenario's `verdict`.
///
/// Errors are [`crate::SopStatus::InvalidInput`], worded as `sop eval`
/// words them for a file named `<input>`.
///
/// ```
/// let verdict = sop_capi::evaluate_scenario(r#"{"name": "GET", "page": "https://app.example/",
///     "request": {"url": "https://api.example/v1"},
///     "responses": [{"url": "https://api.example/v1", "headers": {"Access-Control-Allow-Origin": "*"}}]}"#)
///     .unwrap();
/// assert!(verdict.starts_with(r#"{"outcome":"exposed","reason":null,"#), "{verdict}");
///
/// let error = sop_capi::evaluate_scenario(r#"{"name": "x", "page": "https://a.example/",
///     "request": {"url": "/", "mode": "corz"}}"#).unwrap_err();
/// assert!(error.message.starts_with("<input>: request.mode: unknown value `corz`"), "{error}");
/// ```
pub fn evaluate_scenario(text: &str) -> Result<String, Error> {
    let file = parse(text)?;
    let [scenario] = file.scenarios.as_slice() else {
        return Err(Error::invalid(format!(
            "{INPUT}: scenarios: expected one scenario object, found {} scenarios in {{\"scenarios\": [...]}}; \
             sop_evaluate_file_json takes a whole file",
            file.scenarios.len()
        )));
    };
    if !file.single {
        return Err(Error::invalid(format!(
            "{INPUT}: scenarios: expected one scenario object, not {{\"scenarios\": [...]}}; \
             sop_evaluate_file_json takes a whole file"
        )));
    }
    to_json(&evaluate(scenario, Options::default()))
}

/// The verdicts on every scenario of a fixture file's text (one scenario
/// object, or `{"scenarios": [...]}`), as a JSON array of
/// `{"name": ..., "verdict": ...}` in file order: `sop eval --format json`'s
/// output without the `file` key.
///
/// ```
/// let all = sop_capi::evaluate_file(r#"{"scenarios": [
///   {"name": "a", "page": "https://app.example/", "request": {"url": "/same"}},
///   {"name": "b", "page": "https://app.example/", "request": {"url": "https://api.example/"}}]}"#)
///     .unwrap();
/// assert!(all.starts_with(r#"[{"name":"a","verdict":{"outcome":"exposed""#), "{all}");
/// ```
pub fn evaluate_file(text: &str) -> Result<String, Error> {
    let file = parse(text)?;
    let all: Vec<_> = file
        .scenarios
        .iter()
        .map(|s| json!({"name": s.name, "verdict": evaluate(s, Options::default())}))
        .collect();
    to_json(&all)
}

/// Reads fixture text as `sop eval` reads a file.
fn parse(text: &str) -> Result<FixtureFile, Error> {
    FixtureFile::parse(Path::new(INPUT), text, &Limits::default())
        .map_err(|e| Error::invalid(e.to_string()))
}

/// Compact JSON. Verdicts always serialise; an error here would be a bug.
pub(crate) fn to_json(value: &impl serde::Serialize) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| {
        Error::new(
            crate::SopStatus::Panic,
            format!("sop could not write JSON (a bug; please report it): {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SopStatus;

    const ONE: &str = r#"{"name": "one", "page": "https://app.example/", "request": {"url": "https://api.example/x"}}"#;

    #[test]
    fn one_scenario_gives_the_verdict_sop_eval_gives() {
        let file = FixtureFile::parse(Path::new("f.json"), ONE, &Limits::default()).unwrap();
        let expected =
            serde_json::to_string(&evaluate(&file.scenarios[0], Options::default())).unwrap();
        assert_eq!(evaluate_scenario(ONE).unwrap(), expected);
        let v: serde_json::Value = serde_json::from_str(&expected).unwrap();
        assert_eq!(v["outcome"], "blocked");
        assert_eq!(v["reason"], "missing-allow-origin-header");
    }

    #[test]
    fn bad_input_is_worded_as_the_cli_words_it() {
        let e = evaluate_scenario("{\"name\": ").unwrap_err();
        assert_eq!(e.status, SopStatus::InvalidInput);
        assert!(
            e.message
                .starts_with("<input>: .: not valid JSON: EOF while parsing"),
            "{e}"
        );
        let e = evaluate_scenario("[1]").unwrap_err();
        assert_eq!(
            e.message,
            "<input>: .: expected a scenario object or {\"scenarios\": [...]}, found an array"
        );
        let e = evaluate_file(
            r#"{"scenarios": [{"name": "a", "page": "nope", "request": {"url": "/"}}]}"#,
        )
        .unwrap_err();
        assert!(
            e.message
                .starts_with("<input>: scenarios[0].page: expected an absolute URL"),
            "{e}"
        );
    }

    #[test]
    fn a_file_of_scenarios_is_for_evaluate_file() {
        let many = format!(r#"{{"scenarios": [{ONE}]}}"#);
        let e = evaluate_scenario(&many).unwrap_err();
        assert_eq!(e.status, SopStatus::InvalidInput);
        assert!(e.message.contains("sop_evaluate_file_json"), "{e}");
        let all: serde_json::Value = serde_json::from_str(&evaluate_file(&many).unwrap()).unwrap();
        assert_eq!(all[0]["name"], "one");
        assert_eq!(
            all[0]["verdict"],
            serde_json::from_str::<serde_json::Value>(&evaluate_scenario(ONE).unwrap()).unwrap()
        );
    }
}
