//! `POST /api/evaluate`: the posted text read as `sop eval` reads a file,
//! evaluated as `sop eval` and `sop explain` evaluate it, and everything
//! the page shows of the verdict in one answer.

use std::path::Path;

use serde_json::{Value, json};
use sop_verdict::explain::{Style, explain};
use sop_verdict::handout::{Handout, Part};
use sop_verdict::{FixtureError, FixtureFile, Limits, Options, evaluate};

use super::answer::ApiError;
use super::locate::{Position, locate};

/// What errors name as the file the scenario came from.
const LABEL: &str = "<playground>";

/// Evaluates the one scenario in `text`: `{"name", "kind", "verdict",
/// "explanation", "fix", "parts"}`, where `verdict` is the object `sop
/// eval` prints, `explanation` the text `sop explain` prints without
/// colour, `fix` the handout's fix lines (null when nothing needs one),
/// and `parts` one entry per read (per step of a `steps` scenario):
/// `{"heading", "verdict": {"tone", "text"}, "sees": [{"tone", "text"}],
/// "diagram"}`, the diagram being the handout's SVG of its requests and
/// responses. A scenario that cannot be used is a 422 naming its JSON
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
    let handout = Handout::new(scenario, &verdict);
    let diagrams = handout.svgs();
    let parts: Vec<Value> = handout
        .parts
        .iter()
        .zip(diagrams)
        .map(|(part, svg)| {
            json!({
                "heading": part.heading,
                "verdict": {"tone": part.verdict.tone.as_str(), "text": part.verdict.text},
                "sees": part.outcome.iter()
                    .map(|t| json!({"tone": t.tone.as_str(), "text": t.text}))
                    .collect::<Vec<_>>(),
                "diagram": svg,
            })
        })
        .collect();
    Ok(json!({
        "name": scenario.name,
        "kind": scenario.kind(),
        "verdict": verdict,
        // `sop explain`'s text into a pipe: no colour, links, every
        // decision, lines whole (the page wraps them).
        "explanation": explain(scenario, &verdict, Style::default()),
        "fix": fix_text(&handout.parts),
        "parts": parts,
    }))
}

/// The parts' fix lines as one text, each under its part's heading (a
/// step's) when it has one; `None` when no part needs a fix.
fn fix_text(parts: &[Part]) -> Option<String> {
    let mut text = String::new();
    for part in parts.iter().filter(|p| !p.fix.is_empty()) {
        let indent = match &part.heading {
            Some(heading) => {
                text += heading;
                text.push('\n');
                "  "
            }
            None => "",
        };
        for line in &part.fix {
            text += indent;
            text += line;
            text.push('\n');
        }
    }
    (!text.is_empty()).then_some(text)
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
        assert_eq!(
            answer["fix"],
            "On the response to GET https://api.example/data:\n  \
             Access-Control-Allow-Origin: https://app.example\n\
             checked: with these changes sop exposes the read\n"
        );
        let part = &answer["parts"][0];
        assert_eq!(
            part["verdict"],
            json!({"tone": "bad", "text": "BLOCKED (missing-allow-origin-header)"})
        );
        assert_eq!(
            part["sees"][0]["text"],
            "fetch() rejects with TypeError: Failed to fetch"
        );
        assert!(
            part["diagram"]
                .as_str()
                .is_some_and(|svg| svg.starts_with("<svg ") && svg.contains("GET"))
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

    /// A steps scenario has a part per step, and its fix says which step
    /// each change is for.
    #[test]
    fn each_step_is_a_part_with_its_own_fix() {
        let steps = r#"{"name": "twice", "page": "https://app.example/",
          "steps": [{"request": {"url": "https://api.example/data"}},
                    {"wait": 1, "request": {"url": "https://app.example/same"}},
                    {"request": {"url": "https://api.example/data"}}],
          "responses": [{"url": "https://api.example/data"}, {"url": "https://app.example/same"}]}"#;
        let answer = evaluate_text(steps).unwrap_or_default();
        let parts = answer["parts"].as_array().cloned().unwrap_or_default();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1]["heading"], "Step 2 (1 s after the previous step)");
        assert_eq!(parts[1]["verdict"]["tone"], "good");
        let fix = answer["fix"].as_str().unwrap_or_default();
        assert!(fix.starts_with("Step 1\n  On the response to GET"), "{fix}");
        assert!(!fix.contains("Step 2"), "{fix}");
        assert!(fix.contains("\nStep 3\n  On the response to GET"), "{fix}");
    }
}
