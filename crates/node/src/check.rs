//! `check`: what `sop check` says of one scenario, as an object.

use serde_json::{Value, json};
use sop_verdict::{Mismatch, Scenario, Warning, check};

/// `{status, mismatches, warnings}`: `status` is `"passed"`, `"failed"`
/// or `"no-expectation"` (a scenario without `expect`, which `sop check`
/// counts apart and does not evaluate). Each mismatch is the line `sop
/// check` prints (`message`) and its parts, the values parsed from the
/// JSON sop writes them in; each warning has `likely_mistake`, which
/// `sop check` shows even on a passing scenario.
pub fn checked(scenario: &Scenario) -> Value {
    if !scenario.has_expect() {
        return json!({"status": "no-expectation", "mismatches": [], "warnings": []});
    }
    let checked = check(scenario);
    let status = if checked.mismatches.is_empty() {
        "passed"
    } else {
        "failed"
    };
    json!({
        "status": status,
        "mismatches": checked.mismatches.iter().map(mismatch).collect::<Vec<_>>(),
        "warnings": checked.warnings.iter().map(warning).collect::<Vec<_>>(),
    })
}

fn mismatch(m: &Mismatch) -> Value {
    json!({
        "field": m.field,
        "expected": parsed(&m.expected),
        "actual": parsed(&m.actual),
        "message": m.to_string(),
    })
}

/// A value sop wrote as JSON, read back; the text itself if it is not
/// JSON (it always is; the text loses nothing either way).
fn parsed(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

fn warning(w: &Warning) -> Value {
    json!({
        "code": w.code(),
        "message": w.to_string(),
        "likely_mistake": w.likely_mistake(),
    })
}
