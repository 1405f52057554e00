//! Comparing a verdict with a scenario's expectation, field by field: only
//! the fields the expectation gives, and in `requests` only the headers it
//! names (`null` meaning absent).

use std::fmt;

use crate::evaluate::{Options, ScenarioVerdict, evaluate};
use crate::fixture::{Body, Expect, FetchBody, Scenario};
use crate::verdict::Verdict;
use crate::warning::Warning;

/// One field that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// Where: `expect.reason`, `steps[1].expect.requests[0].headers.origin`.
    pub field: String,
    /// What the fixture expects, as JSON.
    pub expected: String,
    /// What sop says, as JSON.
    pub actual: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, actual {}",
            self.field, self.expected, self.actual
        )
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("<{e}>"))
}

/// What checking a scenario found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Checked {
    /// The fields that differ from the expectation.
    pub mismatches: Vec<Mismatch>,
    /// What in the scenario may not be what its author meant.
    pub warnings: Vec<Warning>,
}

/// Evaluates a scenario and compares it with its expectations. Outcome
/// verdicts suffice: no expectation reads the trace or the fix.
pub fn check(scenario: &Scenario) -> Checked {
    let verdict = evaluate(scenario, Options::lean());
    Checked {
        mismatches: compare(scenario, &verdict),
        warnings: verdict.warnings().to_vec(),
    }
}

/// The mismatches between a scenario's expectations and its verdict.
pub fn compare(scenario: &Scenario, verdict: &ScenarioVerdict) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let Body::Fetch(body) = &scenario.body;
    let at = |i: usize| match body {
        FetchBody::Call { .. } => "expect".to_owned(),
        FetchBody::Steps(_) => format!("steps[{i}].expect"),
    };
    for (i, (call, v)) in body.calls().iter().zip(verdict.verdicts()).enumerate() {
        if let Some(e) = call.expect {
            compare_one(e, v, &at(i), &mut out);
        }
    }
    out
}

fn compare_one(e: &Expect, v: &Verdict, at: &str, out: &mut Vec<Mismatch>) {
    let mut field = |name: &str, expected: String, actual: String| {
        if expected != actual {
            out.push(Mismatch {
                field: format!("{at}.{name}"),
                expected,
                actual,
            });
        }
    };
    field("outcome", json(&e.outcome), json(&v.outcome));
    if let Some(r) = e.reason {
        field("reason", json(&r.code()), json(&v.reason.map(|r| r.code())));
    }
    if let Some(p) = e.preflight {
        field("preflight", json(&p), json(&v.preflight));
    }
    if let Some(s) = e.status {
        field("status", json(&s), json(&v.status));
    }
    if let Some(h) = &e.exposed_headers {
        field("exposed_headers", json(h), json(&v.exposed_headers));
    }
    if let Some(b) = &e.body {
        field("body", json(b), json(&v.body));
    }
    if let Some(u) = &e.url {
        field("url", json(u), json(&v.url));
    }
    if let Some(reqs) = &e.requests {
        let requests = v.requests();
        if reqs.len() != requests.len() {
            let summary = |r: &[(String, String)]| {
                json(
                    &r.iter()
                        .map(|(m, u)| format!("{m} {u}"))
                        .collect::<Vec<_>>(),
                )
            };
            field(
                "requests",
                summary(
                    &reqs
                        .iter()
                        .map(|r| (r.method.clone(), r.url.clone()))
                        .collect::<Vec<_>>(),
                ),
                summary(
                    &requests
                        .iter()
                        .map(|r| (r.method.clone(), r.url.clone()))
                        .collect::<Vec<_>>(),
                ),
            );
            return;
        }
        for (i, (er, vr)) in reqs.iter().zip(&requests).enumerate() {
            field(
                &format!("requests[{i}].method"),
                json(&er.method),
                json(&vr.method),
            );
            let expected_url = sop_origin::parse_url(&er.url)
                .map(|u| u.to_string())
                .unwrap_or_else(|_| er.url.clone());
            field(
                &format!("requests[{i}].url"),
                json(&expected_url),
                json(&vr.url),
            );
            for (name, value) in &er.headers {
                let actual = vr.headers.get(&name.to_ascii_lowercase());
                field(
                    &format!("requests[{i}].headers.{}", name.to_ascii_lowercase()),
                    json(value),
                    json(&actual),
                );
            }
        }
    }
}
