//! The window kind's comparison: a verdict, or what Chromium did, against
//! `expect`, field by field for the fields it gives.

use serde_json::{Value, json};

use super::contract::WindowExpect;
use super::evaluate::WindowVerdict;
use crate::observation::{Field, Mismatch};

/// A window scenario as observed: by sop, or in Chromium.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct WindowObservation {
    /// One JSON object per operation, with the contract's result fields.
    pub results: Vec<Value>,
    /// The page's origin, serialised.
    pub page_origin: Option<String>,
    /// The other document's origin, serialised.
    pub other_origin: Option<String>,
}

impl From<&WindowVerdict> for WindowObservation {
    fn from(v: &WindowVerdict) -> WindowObservation {
        WindowObservation {
            results: v
                .results
                .iter()
                .map(|r| serde_json::to_value(r).unwrap_or(Value::Null))
                .collect(),
            page_origin: Some(v.page_origin.ascii_serialization()),
            other_origin: Some(v.other_origin.ascii_serialization()),
        }
    }
}

/// Every field `expect` gives, with both values.
pub fn compare_window_fields(
    expect: &WindowExpect,
    at: &str,
    actual: &WindowObservation,
) -> Vec<Field> {
    let mut out = Vec::new();
    let mut field = |name: String, expected: Value, actual: Value| {
        out.push(Field::new(
            format!("{at}.{name}"),
            expected.to_string(),
            actual.to_string(),
        ));
    };
    if let Some(o) = &expect.page_origin {
        field("page_origin".into(), json!(o), json!(actual.page_origin));
    }
    if let Some(o) = &expect.other_origin {
        field("other_origin".into(), json!(o), json!(actual.other_origin));
    }
    if let Some(results) = &expect.results {
        field(
            "results".into(),
            json!(results.len()),
            json!(actual.results.len()),
        );
        for (i, (e, a)) in results.iter().zip(&actual.results).enumerate() {
            let get = |k: &str| a.get(k).cloned().unwrap_or(Value::Null);
            if let Some(x) = e.allowed {
                field(format!("results[{i}].allowed"), json!(x), get("allowed"));
            }
            if let Some(x) = &e.error {
                field(format!("results[{i}].error"), json!(x), get("error"));
            }
            if let Some(x) = e.reason {
                field(
                    format!("results[{i}].reason"),
                    json!(x.code()),
                    get("reason"),
                );
            }
            if let Some(x) = &e.message {
                field(format!("results[{i}].message"), json!(x), get("message"));
            }
            if let Some(x) = &e.value {
                field(format!("results[{i}].value"), x.clone(), get("value"));
            }
            if let Some(x) = e.delivered {
                field(
                    format!("results[{i}].delivered"),
                    json!(x),
                    get("delivered"),
                );
            }
            if let Some(x) = &e.event_origin {
                field(
                    format!("results[{i}].event_origin"),
                    json!(x),
                    get("event_origin"),
                );
            }
        }
    }
    out
}

/// The fields where `actual` differs from `expect`.
pub fn window_mismatches(
    expect: &WindowExpect,
    at: &str,
    actual: &WindowObservation,
) -> Vec<Mismatch> {
    compare_window_fields(expect, at, actual)
        .into_iter()
        .filter(Field::differs)
        .map(Mismatch::from)
        .collect()
}
