//! The window kind's comparison: a verdict, or what Chromium did, against
//! `expect`, field by field for the fields it gives.

use serde_json::{Value, json};

use super::contract::{ExpectedResult, WindowExpect};
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
    /// What each document's `document.domain` reads, when assigned.
    pub domains: Option<(String, String)>,
    /// The `document.domain` assignments, as result objects.
    pub domain_results: [Option<Value>; 2],
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
            domains: Some((reads(&v.page_origin), reads(&v.other_origin))),
            domain_results: [
                v.domains[0]
                    .as_ref()
                    .and_then(|d| serde_json::to_value(d).ok()),
                v.domains[1]
                    .as_ref()
                    .and_then(|d| serde_json::to_value(d).ok()),
            ],
        }
    }
}

/// What `document.domain` reads for a document of `origin`.
fn reads(origin: &sop_origin::Origin) -> String {
    origin
        .as_tuple()
        .map(|t| t.effective_domain().to_string())
        .unwrap_or_default()
}

/// The fields of one expected result against an observed result object.
fn compare_result(
    e: &ExpectedResult,
    at: &str,
    a: Option<&Value>,
    field: &mut impl FnMut(String, Value, Value),
) {
    let get = |k: &str| a.and_then(|a| a.get(k)).cloned().unwrap_or(Value::Null);
    if let Some(x) = e.allowed {
        field(format!("{at}.allowed"), json!(x), get("allowed"));
    }
    if let Some(x) = &e.error {
        field(format!("{at}.error"), json!(x), get("error"));
    }
    if let Some(x) = e.reason {
        field(format!("{at}.reason"), json!(x.code()), get("reason"));
    }
    if let Some(x) = &e.message {
        field(format!("{at}.message"), json!(x), get("message"));
    }
    if let Some(x) = &e.value {
        field(format!("{at}.value"), x.clone(), get("value"));
    }
    if let Some(x) = e.delivered {
        field(format!("{at}.delivered"), json!(x), get("delivered"));
    }
    if let Some(x) = &e.event_origin {
        field(format!("{at}.event_origin"), json!(x), get("event_origin"));
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
            compare_result(e, &format!("results[{i}]"), Some(a), &mut field);
        }
    }
    if let Some(d) = &expect.page_domain {
        let seen = actual.domains.as_ref().map(|(p, _)| p.clone());
        field("page_domain".into(), json!(d), json!(seen));
    }
    if let Some(d) = &expect.other_domain {
        let seen = actual.domains.as_ref().map(|(_, o)| o.clone());
        field("other_domain".into(), json!(d), json!(seen));
    }
    if let Some(dd) = &expect.document_domain {
        for (who, e, a) in [
            ("page", &dd.page, &actual.domain_results[0]),
            ("other", &dd.other, &actual.domain_results[1]),
        ] {
            if let Some(e) = e {
                compare_result(e, &format!("document_domain.{who}"), a.as_ref(), &mut field);
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
