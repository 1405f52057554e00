//! `POST /api/evaluate`: the posted text read as `sop eval` reads a file,
//! evaluated as `sop eval` and `sop explain` evaluate it, and everything
//! the page shows of the verdict in one answer.

use std::path::Path;

use serde_json::{Value, json};
use sop_verdict::explain::{Style, explain, fix_text};
use sop_verdict::{FixtureError, FixtureFile, Limits, Options, evaluate};

use super::answer::ApiError;
use super::locate::{Position, locate};

/// What errors name as the file the scenario came from.
const LABEL: &str = "<playground>";

/// Evaluates the one scenario in `text`: `{"name", "kind", "verdict",
/// "explanation", "fix", "diagram"}`, where `verdict` is the object `sop
/// eval` prints, `explanation` the text `sop explain` prints without
/// colour, `fix` the explanation's fix alone (null when nothing needs
/// one) and `diagram` the sequence diagram as SVG (null until sop can
/// draw one). A scenario that cannot be used is a 422 naming its JSON
/// path and where that is in `text`.
pub fn evaluate_text(text: &str) -> Result<Value, ApiError> {
    // The fixture reader's own limits: the playground's body limit is
    // smaller, so these only matter for what lies inside the text.
    let file = FixtureFile::parse(Path::new(LABEL), text, &Limits::default())
        .map_err(|e| unusable(text, e))?;
    let [scenario] = file.scenarios.as_slice() else {
        let found = match file.scenarios.len() {
            0 => "no scenarios".to_owned(),
            n => format!("{n} scenarios"),
        };
        return Err(ApiError {
            path: Some("scenarios".to_owned()),
            position: locate(text, "scenarios"),
            ..ApiError::new(
                422,
                format!("{found}: the playground evaluates one scenario object at a time"),
            )
        });
    };
    // `sop eval`'s verdict: the default options, enforcing.
    let verdict = evaluate(scenario, Options::default());
    // `sop explain`'s text into a pipe: no colour, links, every decision,
    // lines whole (the page wraps them).
    let style = Style::default();
    Ok(json!({
        "name": scenario.name,
        "kind": scenario.kind(),
        "verdict": verdict,
        "explanation": explain(scenario, &verdict, style),
        "fix": fix_text(&verdict, style),
        "diagram": Value::Null,
    }))
}

/// A fixture error as the page shows it, placed in the text: where the
/// text stops being JSON, serde_json's line and column; otherwise where
/// the value at the error's path starts.
fn unusable(text: &str, e: FixtureError) -> ApiError {
    let position = match serde_json::from_str::<Value>(text) {
        Err(syntax) if syntax.line() > 0 => Some(Position {
            line: syntax.line(),
            column: syntax.column(),
        }),
        _ => locate(text, &e.path),
    };
    ApiError {
        status: 422,
        message: e.message,
        path: Some(e.path),
        scenario: e.scenario,
        position,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> ApiError {
        match evaluate_text(text) {
            Ok(v) => panic!("{text} evaluated: {v}"),
            Err(e) => e,
        }
    }

    const BLOCKED: &str = r#"{"name": "no ACAO", "page": "https://app.example/",
  "request": {"url": "https://api.example/data"},
  "responses": [{"url": "https://api.example/data", "body": "secret"}]}"#;

    /// The verdict is `sop eval`'s object and the explanation `sop
    /// explain`'s text, from one evaluation.
    #[test]
    fn answers_with_what_eval_and_explain_print() {
        let answer = evaluate_text(BLOCKED).unwrap_or_default();
        let file = FixtureFile::parse(Path::new("x"), BLOCKED, &Limits::default());
        let scenario = &file.as_ref().map(|f| &f.scenarios[0]).expect("a scenario");
        let verdict = evaluate(scenario, Options::default());
        assert_eq!(answer["verdict"], json!(verdict));
        assert_eq!(answer["verdict"]["reason"], "missing-allow-origin-header");
        assert_eq!(
            answer["explanation"],
            explain(scenario, &verdict, Style::default())
        );
        assert!(
            answer["explanation"]
                .as_str()
                .is_some_and(|t| t.starts_with("Scenario: no ACAO\n") && !t.contains('\x1b'))
        );
        assert!(
            answer["fix"]
                .as_str()
                .is_some_and(|f| f.contains("Access-Control-Allow-Origin: https://app.example"))
        );
        assert_eq!(
            (answer["name"].as_str(), answer["kind"].as_str()),
            (Some("no ACAO"), Some("fetch"))
        );
    }

    #[test]
    fn a_read_that_works_has_no_fix() {
        let works = BLOCKED.replace(
            r#""body": "secret""#,
            r#""headers": {"Access-Control-Allow-Origin": "*"}"#,
        );
        let answer = evaluate_text(&works).unwrap_or_default();
        assert_eq!(answer["verdict"]["outcome"], "exposed");
        assert_eq!(answer["fix"], Value::Null);
    }

    /// A wrong value is named by its path and placed on its line.
    #[test]
    fn a_bad_value_is_placed_on_its_line() {
        let text = BLOCKED.replace(
            r#""url": "https://api.example/data"},"#,
            r#""url": "https://api.example/data", "mode": "corz"},"#,
        );
        let e = error_of(&text);
        assert_eq!(e.status, 422);
        assert_eq!(e.path.as_deref(), Some("request.mode"));
        assert_eq!(e.scenario.as_deref(), Some("no ACAO"));
        assert!(
            e.message.starts_with("unknown value `corz`"),
            "{}",
            e.message
        );
        assert_eq!(e.position.map(|p| p.line), Some(2));
    }

    #[test]
    fn text_that_is_not_json_is_placed_where_it_stops() {
        let e = error_of("{\n  \"name\": \"x\",\n  \"page\" 5\n}");
        assert_eq!(e.path.as_deref(), Some("."));
        assert!(e.message.starts_with("not valid JSON"), "{}", e.message);
        assert_eq!(
            e.position,
            Some(Position {
                line: 3,
                column: 10
            })
        );
    }

    #[test]
    fn a_missing_field_is_placed_at_the_object_that_lacks_it() {
        let e = error_of("\n\n  {\"name\": \"x\", \"request\": {\"url\": \"/\"}}");
        assert!(e.message.contains("page"), "{}", e.message);
        assert_eq!(e.position.map(|p| p.line), Some(3));
    }

    #[test]
    fn one_scenario_at_a_time() {
        let two = format!(
            r#"{{"scenarios": [{BLOCKED}, {}]}}"#,
            BLOCKED.replace("no ACAO", "again")
        );
        let e = error_of(&two);
        assert_eq!(e.path.as_deref(), Some("scenarios"));
        assert!(e.message.starts_with("2 scenarios: "), "{}", e.message);
        let e = error_of(r#"{"scenarios": []}"#);
        assert!(e.message.starts_with("no scenarios: "), "{}", e.message);
        // A list of one is that one.
        let one = format!(r#"{{"scenarios": [{BLOCKED}]}}"#);
        assert_eq!(
            evaluate_text(&one).map(|a| a["name"].clone()).ok(),
            Some(json!("no ACAO"))
        );
    }
}
