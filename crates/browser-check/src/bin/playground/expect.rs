//! What the page must show of a verdict: the fields it marks with
//! `data-field`, worked out here from `sop eval`'s JSON on their own (not
//! from the page's script), so a page that lays a verdict out wrongly
//! disagrees.

use std::collections::BTreeMap;

use serde_json::Value;

/// Field name to the text the page shows, e.g. `steps[1].outcome` to
/// `blocked`, `results[0].allowed` to `no`.
pub type Fields = BTreeMap<String, String>;

/// The fields the page shows for `verdict` (as `sop eval` prints it).
pub fn fields(verdict: &Value) -> Fields {
    let mut out = Fields::new();
    if let Some(steps) = verdict.get("steps").and_then(Value::as_array) {
        for (i, step) in steps.iter().enumerate() {
            fetch(&mut out, &format!("steps[{i}]."), step);
        }
    } else if verdict.get("outcome").is_some() {
        fetch(&mut out, "", verdict);
    } else if verdict.get("loaded").is_some() {
        yes_no(&mut out, "loaded", &verdict["loaded"]);
        yes_no(&mut out, "readable", &verdict["readable"]);
        text(&mut out, "reason", &verdict["reason"]);
        text(&mut out, "message", &verdict["message"]);
    } else if let Some(results) = verdict.get("results").and_then(Value::as_array) {
        for (i, r) in results.iter().enumerate() {
            let at = format!("results[{i}].");
            let op = format!(
                "{} {}",
                r["op"].as_str().unwrap_or_default(),
                r["path"].as_str().unwrap_or_default()
            );
            out.insert(format!("{at}operation"), op);
            yes_no(&mut out, &format!("{at}allowed"), &r["allowed"]);
            text(&mut out, &format!("{at}reason"), &r["reason"]);
        }
    }
    out
}

/// How many reads (and so diagrams) the verdict has: one per step.
pub fn reads(verdict: &Value) -> usize {
    verdict
        .get("steps")
        .and_then(Value::as_array)
        .map_or(1, Vec::len)
}

fn fetch(out: &mut Fields, at: &str, v: &Value) {
    text(out, &format!("{at}outcome"), &v["outcome"]);
    text(out, &format!("{at}reason"), &v["reason"]);
    out.insert(format!("{at}status"), v["status"].to_string());
    yes_no(out, &format!("{at}preflight"), &v["preflight"]);
    text(out, &format!("{at}message"), &v["message"]);
}

/// A string field; absent or null shows nothing.
fn text(out: &mut Fields, name: &str, v: &Value) {
    if let Some(s) = v.as_str() {
        out.insert(name.to_owned(), s.to_owned());
    }
}

fn yes_no(out: &mut Fields, name: &str, v: &Value) {
    let word = if v.as_bool() == Some(true) {
        "yes"
    } else {
        "no"
    };
    out.insert(name.to_owned(), word.to_owned());
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn names(f: &Fields) -> Vec<(&str, &str)> {
        f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }

    #[test]
    fn each_kind_shows_its_own_fields() {
        let blocked = json!({"outcome": "blocked", "reason": "cors-disabled", "status": 0,
                             "preflight": false, "message": "m", "body": ""});
        assert_eq!(
            names(&fields(&blocked)),
            [
                ("message", "m"),
                ("outcome", "blocked"),
                ("preflight", "no"),
                ("reason", "cors-disabled"),
                ("status", "0")
            ]
        );
        let steps = json!({"steps": [{"outcome": "exposed", "reason": null, "status": 200,
                                      "preflight": true, "message": null}]});
        assert_eq!(
            names(&fields(&steps)),
            [
                ("steps[0].outcome", "exposed"),
                ("steps[0].preflight", "yes"),
                ("steps[0].status", "200")
            ]
        );
        assert_eq!(reads(&steps), 1);
        let embed =
            json!({"loaded": true, "readable": false, "reason": "tainted", "message": null});
        assert_eq!(
            names(&fields(&embed)),
            [("loaded", "yes"), ("readable", "no"), ("reason", "tainted")]
        );
        let window = json!({"results": [{"op": "get", "path": "document.title", "allowed": false,
                                         "reason": "cross-origin-access"}]});
        assert_eq!(
            names(&fields(&window)),
            [
                ("results[0].allowed", "no"),
                ("results[0].operation", "get document.title"),
                ("results[0].reason", "cross-origin-access")
            ]
        );
    }
}
