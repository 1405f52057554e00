//! The embed kind's comparison: a verdict (or what Chromium did, as the
//! browser check observes it) projected onto the contract's fields,
//! against `expect`. Only the fields `expect` gives are compared.

use serde_json::json;

use super::contract::EmbedExpect;
use super::evaluate::EmbedVerdict;
use crate::observation::{Field, Mismatch, compare_requests};
use crate::verdict::RequestRecord;

/// An embed as observed: by sop, or in Chromium.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmbedObservation {
    /// The element used the resource.
    pub loaded: bool,
    /// The canonical read worked; `None` when it could not be observed (a
    /// script that throws nothing shows no error to read).
    pub readable: Option<bool>,
    /// Why not: a reason code, or what was seen when no code applies.
    pub reason: Option<String>,
    /// The console or exception message.
    pub message: Option<String>,
    /// The requests that reached servers.
    pub requests: Vec<RequestRecord>,
}

impl From<&EmbedVerdict> for EmbedObservation {
    fn from(v: &EmbedVerdict) -> EmbedObservation {
        EmbedObservation {
            loaded: v.loaded,
            readable: Some(v.readable),
            reason: v.reason.map(|r| r.code().to_owned()),
            message: v.message.clone(),
            requests: v.requests(),
        }
    }
}

/// Every field `expect` gives, with the expected and observed values.
pub fn compare_embed_fields(
    expect: &EmbedExpect,
    at: &str,
    actual: &EmbedObservation,
) -> Vec<Field> {
    let mut out = Vec::new();
    let mut field = |name: &str, expected: serde_json::Value, actual: serde_json::Value| {
        out.push(Field::new(
            format!("{at}.{name}"),
            expected.to_string(),
            actual.to_string(),
        ));
    };
    if let Some(l) = expect.loaded {
        field("loaded", json!(l), json!(actual.loaded));
    }
    if let Some(r) = expect.readable
        && let Some(seen) = actual.readable
    {
        field("readable", json!(r), json!(seen));
    }
    if let Some(r) = expect.reason {
        field("reason", json!(r.code()), json!(actual.reason));
    }
    if let Some(m) = &expect.message {
        field("message", json!(m), json!(actual.message));
    }
    if let Some(reqs) = &expect.requests {
        compare_requests(reqs, at, &actual.requests, &mut out);
    }
    out
}

/// The fields where `actual` differs from `expect`.
pub fn embed_mismatches(
    expect: &EmbedExpect,
    at: &str,
    actual: &EmbedObservation,
) -> Vec<Mismatch> {
    compare_embed_fields(expect, at, actual)
        .into_iter()
        .filter(Field::differs)
        .map(Mismatch::from)
        .collect()
}
