//! Field-by-field comparison of three accounts of one step: the fixture's
//! `expect`, what Chromium did, and sop's verdict. Both observations are
//! walked with `sop check`'s own comparison
//! ([`sop_verdict::observation::compare_fields`]): only the fields the
//! expectation gives; in `requests`, the list of each request's method and
//! URL, then the headers each expected request names (`null` meaning
//! absent) for the requests the fixture, Chromium and sop all have.
//!
//! Apart from the contract, each blocked step's console message: sop's
//! `message` against what Chromium printed (fixtures do not hold
//! messages, so these rows have no fixture value).

use serde_json::json;
use sop_verdict::embed::{EmbedExpect, EmbedObservation, compare_embed_fields};
use sop_verdict::observation::compare_fields;
use sop_verdict::window::{WindowExpect, WindowObservation, compare_window_fields};
use sop_verdict::{Expect, Outcome};

use crate::observe::Observed;

/// What a row compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// A field of the fixture contract: fixture, Chromium and sop.
    Contract,
    /// The console message of a blocked read: Chromium and sop only.
    Message,
}

/// One field where the accounts differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// A contract field or the console message.
    pub category: Category,
    /// `expect.reason`, `steps[1].expect.requests[0].headers.origin`.
    pub field: String,
    /// The fixture's value, as JSON.
    pub fixture: String,
    /// Chromium's value, as JSON.
    pub chromium: String,
    /// sop's value, as JSON.
    pub sop: String,
}

impl Row {
    /// A message row: Chromium's and sop's console or exception message at
    /// `field`, as JSON (the fixture's column stays empty).
    fn message(field: String, chromium: &serde_json::Value, sop: &serde_json::Value) -> Row {
        Row {
            category: Category::Message,
            field,
            fixture: String::new(),
            chromium: chromium.to_string(),
            sop: sop.to_string(),
        }
    }

    /// Chromium disagrees with the fixture (never, for a message: the
    /// fixture has none).
    pub fn chromium_disagrees(&self) -> bool {
        self.category == Category::Contract && self.fixture != self.chromium
    }

    /// sop disagrees with Chromium.
    pub fn sop_disagrees(&self) -> bool {
        self.sop != self.chromium
    }
}

/// The fields of `expect` where Chromium disagrees with the fixture or
/// sop disagrees with Chromium; `at` prefixes the field names. The two
/// walks of one expectation line up field for field; where one side has
/// fewer requests, the `requests` row already says so and the headers of
/// the requests it lacks are not compared.
pub fn compare(expect: &Expect, at: &str, chromium: &Observed, sop: &Observed) -> Vec<Row> {
    let seen = compare_fields(expect, at, &chromium.observation);
    let said = compare_fields(expect, at, &sop.observation);
    seen.into_iter()
        .zip(said)
        .map(|(c, s)| {
            debug_assert_eq!(c.path, s.path, "the walks of one expectation line up");
            Row {
                category: Category::Contract,
                field: c.path,
                fixture: c.expected,
                chromium: c.actual,
                sop: s.actual,
            }
        })
        .filter(|row| row.chromium_disagrees() || row.sop_disagrees())
        .collect()
}

/// The console messages of a step that Chromium or sop has blocked, as a
/// row (which disagrees when the texts differ, or one is missing); `None`
/// when neither blocked it, so there is no message to compare.
pub fn compare_message(at: &str, chromium: &Observed, sop: &Observed) -> Option<Row> {
    if chromium.observation.outcome != Outcome::Blocked
        && sop.observation.outcome != Outcome::Blocked
    {
        return None;
    }
    Some(Row::message(
        format!("{at}.message"),
        &json!(chromium.message),
        &json!(sop.message),
    ))
}

/// The fields of an embed's `expect` where Chromium disagrees with the
/// fixture or sop disagrees with Chromium (`loaded`, `readable`, `reason`,
/// `message`, `requests` with the headers the fixture names), walked with
/// `sop check`'s own [`compare_embed_fields`]. A `readable` Chromium could
/// not observe (a script that threw nothing) is not compared.
pub fn compare_embed(
    expect: &EmbedExpect,
    at: &str,
    chromium: &EmbedObservation,
    sop: &EmbedObservation,
) -> Vec<Row> {
    let seen = compare_embed_fields(expect, at, chromium);
    let mut said = compare_embed_fields(expect, at, sop);
    // sop always has `readable`; Chromium may not: drop sop's row then.
    if chromium.readable.is_none() {
        said.retain(|f| f.path != format!("{at}.readable"));
    }
    seen.into_iter()
        .zip(said)
        .map(|(c, s)| {
            debug_assert_eq!(c.path, s.path, "the walks of one expectation line up");
            Row {
                category: Category::Contract,
                field: c.path,
                fixture: c.expected,
                chromium: c.actual,
                sop: s.actual,
            }
        })
        .filter(|row| row.chromium_disagrees() || row.sop_disagrees())
        .collect()
}

/// An embed's message, Chromium's against sop's, when either has one or
/// either did not both load and read; `None` when neither has anything to
/// say.
pub fn compare_embed_message(
    at: &str,
    chromium: &EmbedObservation,
    sop: &EmbedObservation,
) -> Option<Row> {
    // Loaded and readable on both sides: whatever the console shows then
    // (a readable script's own "Uncaught Error: ...") is the resource's
    // doing, not the policy's, and sop does not predict it.
    let works = |o: &EmbedObservation| o.loaded && o.readable != Some(false);
    if works(chromium) && works(sop) {
        return None;
    }
    Some(Row::message(
        format!("{at}.message"),
        &json!(chromium.message),
        &json!(sop.message),
    ))
}

/// The rows for an embed Chromium could not be observed in: every field
/// the expectation gives, with the failure in Chromium's column.
pub fn embed_unobserved(
    expect: &EmbedExpect,
    at: &str,
    why: &str,
    sop: &EmbedObservation,
) -> Vec<Row> {
    let why = json!(format!("not observed: {why}")).to_string();
    compare_embed_fields(expect, at, sop)
        .into_iter()
        .map(|f| Row {
            category: Category::Contract,
            field: f.path,
            fixture: f.expected,
            chromium: why.clone(),
            sop: f.actual,
        })
        .collect()
}

/// The fields of a window scenario's `expect` where Chromium disagrees
/// with the fixture or sop disagrees with Chromium, walked with `sop
/// check`'s own [`compare_window_fields`]. Where Chromium and sop have
/// different numbers of results, the `results` row says so and only the
/// results both have are compared.
pub fn compare_window(
    expect: &WindowExpect,
    at: &str,
    chromium: &WindowObservation,
    sop: &WindowObservation,
) -> Vec<Row> {
    let seen = compare_window_fields(expect, at, chromium);
    let said = compare_window_fields(expect, at, sop);
    let key = |p: &str| p.to_owned();
    let said: std::collections::BTreeMap<String, _> =
        said.into_iter().map(|f| (key(&f.path), f)).collect();
    seen.into_iter()
        .filter_map(|c| {
            let s = said.get(&c.path)?;
            Some(Row {
                category: Category::Contract,
                field: c.path,
                fixture: c.expected,
                chromium: c.actual,
                sop: s.actual.clone(),
            })
        })
        .filter(|row| row.chromium_disagrees() || row.sop_disagrees())
        .collect()
}

/// Each operation's message (the exception's, or the console line of a
/// dropped `postMessage`), Chromium's against sop's, where either has one
/// and the fixture gives none (a message the fixture gives is a contract
/// row already).
pub fn compare_window_messages(
    expect: Option<&WindowExpect>,
    at: &str,
    chromium: &WindowObservation,
    sop: &WindowObservation,
) -> Vec<Row> {
    let given = |i: usize| {
        expect
            .and_then(|e| e.results.as_ref())
            .and_then(|r| r.get(i))
            .is_some_and(|r| r.message.is_some())
    };
    let message = |o: &WindowObservation, i: usize| {
        o.results
            .get(i)
            .and_then(|r| r.get("message"))
            .cloned()
            .unwrap_or(serde_json::Value::Null)
    };
    (0..chromium.results.len().min(sop.results.len()))
        .filter(|i| !given(*i))
        .filter_map(|i| {
            let (c, s) = (message(chromium, i), message(sop, i));
            (!c.is_null() || !s.is_null())
                .then(|| Row::message(format!("{at}.results[{i}].message"), &c, &s))
        })
        .collect()
}

/// The rows for a window scenario Chromium could not be observed in:
/// every field the expectation gives, with the failure in Chromium's
/// column.
pub fn window_unobserved(
    expect: &WindowExpect,
    at: &str,
    why: &str,
    sop: &WindowObservation,
) -> Vec<Row> {
    let why = json!(format!("not observed: {why}")).to_string();
    compare_window_fields(expect, at, sop)
        .into_iter()
        .map(|f| Row {
            category: Category::Contract,
            field: f.path,
            fixture: f.expected,
            chromium: why.clone(),
            sop: f.actual,
        })
        .collect()
}

/// The rows for a step Chromium could not be observed in: every field
/// the expectation gives, with the failure in Chromium's column.
pub fn unobserved(expect: &Expect, at: &str, why: &str, sop: &Observed) -> Vec<Row> {
    let why = json!(format!("not observed: {why}")).to_string();
    compare_fields(expect, at, &sop.observation)
        .into_iter()
        .map(|f| Row {
            category: Category::Contract,
            field: f.path,
            fixture: f.expected,
            chromium: why.clone(),
            sop: f.actual,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use sop_fetch_model::Reason;
    use sop_verdict::observation::RequestRecord;
    use sop_verdict::window::WindowObservation;
    use sop_verdict::{FixtureFile, Limits, Observation, ObservedReason};

    fn expect(e: &str) -> Expect {
        let text = format!(
            r#"{{"name": "x", "page": "https://app.example/", "request": {{"url": "/"}}, "expect": {e}}}"#
        );
        let scenario = FixtureFile::parse("t.json".as_ref(), &text, &Limits::default())
            .unwrap()
            .scenarios
            .remove(0);
        match scenario.body {
            sop_verdict::fixture::Body::Fetch(sop_verdict::fixture::FetchBody::Call {
                expect,
                ..
            }) => expect.unwrap(),
            _ => unreachable!("a request scenario"),
        }
    }

    fn observed() -> Observed {
        let mut observation = Observation::new(Outcome::Blocked);
        observation.reason = Some(ObservedReason::Known(
            Reason::HeaderDisallowedByPreflightResponse,
        ));
        observation.preflight = true;
        observation.requests.push(
            RequestRecord::new("OPTIONS", "https://api.example/items/7")
                .with_header("origin", "https://app.example")
                .with_header("access-control-request-method", "PUT"),
        );
        Observed {
            observation,
            message: Some("Access to fetch ...".to_owned()),
            evidence: vec![],
        }
    }

    const EXPECT: &str = r#"{"outcome": "blocked", "reason": "header-disallowed-by-preflight-response",
        "preflight": true,
        "requests": [{"method": "OPTIONS", "url": "HTTPS://api.example/items/7#x",
                      "headers": {"Origin": "https://app.example",
                                  "access-control-request-method": "PUT",
                                  "access-control-request-headers": null}}]}"#;

    #[test]
    fn agreement_gives_no_rows() {
        let e = expect(EXPECT);
        assert_eq!(compare(&e, "expect", &observed(), &observed()), vec![]);
    }

    #[test]
    fn only_given_fields_are_compared() {
        let e = expect(r#"{"outcome": "blocked"}"#);
        let mut other = observed();
        other.observation.status = 500;
        other.observation.reason = None;
        assert_eq!(compare(&e, "expect", &other, &observed()), vec![]);
    }

    #[test]
    fn each_column_says_its_own_value() {
        let e = expect(EXPECT);
        let mut chromium = observed();
        chromium.observation.reason = Some(ObservedReason::Unmapped("net::ERR_FAILED".to_owned()));
        chromium.observation.requests[0].headers.insert(
            "access-control-request-headers".to_owned(),
            "x-token".to_owned(),
        );
        let mut sop = observed();
        sop.observation.preflight = false;
        let rows = compare(&e, "steps[1].expect", &chromium, &sop);
        assert_eq!(
            rows,
            vec![
                Row {
                    category: Category::Contract,
                    field: "steps[1].expect.reason".to_owned(),
                    fixture: r#""header-disallowed-by-preflight-response""#.to_owned(),
                    chromium: r#""unmapped: net::ERR_FAILED""#.to_owned(),
                    sop: r#""header-disallowed-by-preflight-response""#.to_owned(),
                },
                Row {
                    category: Category::Contract,
                    field: "steps[1].expect.preflight".to_owned(),
                    fixture: "true".to_owned(),
                    chromium: "true".to_owned(),
                    sop: "false".to_owned(),
                },
                Row {
                    category: Category::Contract,
                    field: "steps[1].expect.requests[0].headers.access-control-request-headers"
                        .to_owned(),
                    fixture: "null".to_owned(),
                    chromium: r#""x-token""#.to_owned(),
                    sop: "null".to_owned(),
                },
            ]
        );
        assert!(rows[0].chromium_disagrees() && rows[0].sop_disagrees());
        assert!(!rows[1].chromium_disagrees() && rows[1].sop_disagrees());
    }

    #[test]
    fn request_lists_compare_method_and_url() {
        let e = expect(EXPECT);
        let mut chromium = observed();
        chromium
            .observation
            .requests
            .push(RequestRecord::new("PUT", "https://api.example/items/7"));
        let rows = compare(&e, "expect", &chromium, &observed());
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].field, "expect.requests");
        assert_eq!(
            rows[0].fixture,
            r#"["OPTIONS https://api.example/items/7"]"#
        );
        assert_eq!(
            rows[0].chromium,
            r#"["OPTIONS https://api.example/items/7","PUT https://api.example/items/7"]"#
        );
    }

    #[test]
    fn a_count_mismatch_still_compares_the_requests_all_have() {
        let e = expect(EXPECT);
        let mut chromium = observed();
        chromium.observation.requests[0]
            .headers
            .insert("origin".to_owned(), "null".to_owned());
        chromium
            .observation
            .requests
            .push(RequestRecord::new("PUT", "https://api.example/items/7"));
        let rows = compare(&e, "expect", &chromium, &observed());
        let fields: Vec<&str> = rows.iter().map(|r| r.field.as_str()).collect();
        assert_eq!(
            fields,
            ["expect.requests", "expect.requests[0].headers.origin"]
        );
        assert_eq!(rows[1].chromium, r#""null""#);
        assert_eq!(rows[1].sop, r#""https://app.example""#);
    }

    #[test]
    fn messages_are_compared_when_either_blocks() {
        let same = compare_message("expect", &observed(), &observed()).unwrap();
        assert!(!same.sop_disagrees() && !same.chromium_disagrees());
        assert_eq!(same.field, "expect.message");
        let mut silent = observed();
        silent.message = None;
        let row = compare_message("steps[0].expect", &silent, &observed()).unwrap();
        assert_eq!(row.category, Category::Message);
        assert_eq!(row.chromium, "null");
        assert_eq!(row.sop, r#""Access to fetch ...""#);
        assert!(row.sop_disagrees() && !row.chromium_disagrees());
        let mut exposed = observed();
        exposed.observation.outcome = Outcome::Exposed;
        exposed.message = None;
        assert_eq!(compare_message("expect", &exposed, &exposed), None);
        assert!(
            compare_message("expect", &exposed, &observed())
                .unwrap()
                .sop_disagrees()
        );
    }

    #[test]
    fn unobserved_steps_fail_every_field() {
        let e = expect(r#"{"outcome": "exposed", "status": 200}"#);
        let rows = unobserved(&e, "expect", "timed out", &observed());
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(Row::chromium_disagrees));
    }

    fn window_expect(e: &str) -> WindowExpect {
        let text = format!(
            r#"{{"kind": "window", "name": "x", "page": "https://app.example/",
                "other": {{"url": "https://pay.example/", "as": "iframe"}},
                "access": [{{"get": "document"}}, {{"call": "postMessage", "args": ["x", "https://evil.example"]}}],
                "expect": {e}}}"#
        );
        let scenario = FixtureFile::parse("t.json".as_ref(), &text, &Limits::default())
            .unwrap()
            .scenarios
            .remove(0);
        match scenario.body {
            sop_verdict::fixture::Body::Window(b) => b.expect.unwrap(),
            _ => unreachable!("a window scenario"),
        }
    }

    fn window_observation(results: serde_json::Value, other: &str) -> WindowObservation {
        let mut o = WindowObservation::default();
        o.results = results.as_array().unwrap().clone();
        o.page_origin = Some("https://app.example".to_owned());
        o.other_origin = Some(other.to_owned());
        o
    }

    #[test]
    fn window_rows_name_the_field_and_all_three_values() {
        let e = window_expect(
            r#"{"results": [{"allowed": false, "error": "SecurityError"}, {"allowed": true, "delivered": false}],
                "other_origin": "https://pay.example"}"#,
        );
        let chromium = window_observation(
            json!([{"allowed": false, "error": "SecurityError", "message": "m"},
                   {"allowed": true, "delivered": false}]),
            "https://pay.example",
        );
        assert_eq!(compare_window(&e, "expect", &chromium, &chromium), vec![]);
        let sop = window_observation(
            json!([{"allowed": true}, {"allowed": true, "delivered": false,
                   "message": "The target origin provided"}]),
            "https://pay.example",
        );
        let rows = compare_window(&e, "expect", &chromium, &sop);
        let fields: Vec<_> = rows.iter().map(|r| r.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["expect.results[0].allowed", "expect.results[0].error"]
        );
        assert_eq!(rows[0].fixture, "false");
        assert_eq!(rows[0].chromium, "false");
        assert_eq!(rows[0].sop, "true");
        assert!(rows[0].sop_disagrees() && !rows[0].chromium_disagrees());
        // Messages the fixture does not give: Chromium's against sop's.
        let m = compare_window_messages(Some(&e), "expect", &chromium, &sop);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].category, Category::Message);
        assert_eq!(
            (m[0].chromium.as_str(), m[0].sop.as_str()),
            ("\"m\"", "null")
        );
        assert_eq!(m[1].chromium, "null");
        // Unobserved: every given field, with the reason in Chromium's column.
        let u = window_unobserved(&e, "expect", "no page", &sop);
        assert_eq!(u.len(), 6);
        assert!(u.iter().all(|r| r.chromium == "\"not observed: no page\""));
    }
}
