//! Field-by-field comparison of three accounts of one step: the fixture's
//! `expect`, what Chromium did, and sop's verdict. Only the fields the
//! expectation gives are compared; in `requests`, the method and URL of
//! each and only the headers it names (`null` meaning absent). Values are
//! compared as JSON, as `sop check` does.
//!
//! Apart from the contract, each blocked step's console message: sop's
//! `message` against what Chromium printed (fixtures do not hold
//! messages, so these rows have no fixture value).

use serde_json::{Value, json};
use sop_verdict::{Expect, Outcome};

use crate::observe::Observed;
use crate::servers::url_key;

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

fn summary(requests: impl Iterator<Item = (String, String)>) -> Value {
    Value::Array(
        requests
            .map(|(method, url)| Value::String(format!("{method} {url}")))
            .collect(),
    )
}

/// Reads one field from an observation.
type Reader<'a> = Box<dyn Fn(&Observed) -> Value + 'a>;

/// The fields an expectation gives, each with the fixture's value and a
/// way to read the same field from an observation.
fn fields(expect: &Expect) -> Vec<(String, Value, Reader<'_>)> {
    let mut out: Vec<(String, Value, Reader<'_>)> = Vec::new();
    out.push((
        "outcome".to_owned(),
        json!(expect.outcome.as_str()),
        Box::new(|o| json!(o.outcome.as_str())),
    ));
    if let Some(r) = expect.reason {
        out.push((
            "reason".to_owned(),
            json!(r.code()),
            Box::new(|o| json!(o.reason.as_ref().map(ToString::to_string))),
        ));
    }
    if let Some(p) = expect.preflight {
        out.push((
            "preflight".to_owned(),
            json!(p),
            Box::new(|o| json!(o.preflight)),
        ));
    }
    if let Some(s) = expect.status {
        out.push(("status".to_owned(), json!(s), Box::new(|o| json!(o.status))));
    }
    if let Some(h) = &expect.exposed_headers {
        out.push((
            "exposed_headers".to_owned(),
            json!(h),
            Box::new(|o| json!(o.exposed_headers)),
        ));
    }
    if let Some(b) = &expect.body {
        out.push(("body".to_owned(), json!(b), Box::new(|o| json!(o.body))));
    }
    if let Some(u) = &expect.url {
        out.push(("url".to_owned(), json!(u), Box::new(|o| json!(o.url))));
    }
    if let Some(reqs) = &expect.requests {
        out.push((
            "requests".to_owned(),
            summary(reqs.iter().map(|r| {
                (
                    r.method.clone(),
                    url_key(&r.url).unwrap_or_else(|| r.url.clone()),
                )
            })),
            Box::new(|o| summary(o.requests.iter().map(|r| (r.method.clone(), r.url.clone())))),
        ));
        for (i, r) in reqs.iter().enumerate() {
            for (name, value) in &r.headers {
                let name = name.to_ascii_lowercase();
                let read_name = name.clone();
                out.push((
                    format!("requests[{i}].headers.{name}"),
                    json!(value),
                    Box::new(move |o| json!(o.requests.get(i).and_then(|r| r.header(&read_name)))),
                ));
            }
        }
    }
    out
}

/// The fields of `expect` where Chromium disagrees with the fixture or
/// sop disagrees with Chromium; `at` prefixes the field names.
pub fn compare(expect: &Expect, at: &str, chromium: &Observed, sop: &Observed) -> Vec<Row> {
    fields(expect)
        .into_iter()
        .map(|(name, fixture, read)| Row {
            category: Category::Contract,
            field: format!("{at}.{name}"),
            fixture: fixture.to_string(),
            chromium: read(chromium).to_string(),
            sop: read(sop).to_string(),
        })
        .filter(|row| row.chromium_disagrees() || row.sop_disagrees())
        .collect()
}

/// The console messages of a step that Chromium or sop has blocked, as a
/// row (which disagrees when the texts differ, or one is missing); `None`
/// when neither blocked it, so there is no message to compare.
pub fn compare_message(at: &str, chromium: &Observed, sop: &Observed) -> Option<Row> {
    if chromium.outcome != Outcome::Blocked && sop.outcome != Outcome::Blocked {
        return None;
    }
    Some(Row {
        category: Category::Message,
        field: format!("{at}.message"),
        fixture: String::new(),
        chromium: json!(chromium.message).to_string(),
        sop: json!(sop.message).to_string(),
    })
}

/// The rows for a step Chromium could not be observed in: every field
/// the expectation gives, with the failure in Chromium's column.
pub fn unobserved(expect: &Expect, at: &str, why: &str, sop: &Observed) -> Vec<Row> {
    let why = json!(format!("not observed: {why}")).to_string();
    fields(expect)
        .into_iter()
        .map(|(name, fixture, read)| Row {
            category: Category::Contract,
            field: format!("{at}.{name}"),
            fixture: fixture.to_string(),
            chromium: why.clone(),
            sop: read(sop).to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::observe::{SeenReason, SeenRequest};
    use sop_fetch_model::Reason;
    use sop_verdict::{FixtureFile, Limits};

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
        Observed {
            outcome: Outcome::Blocked,
            reason: Some(SeenReason::Known(
                Reason::HeaderDisallowedByPreflightResponse,
            )),
            preflight: true,
            status: 0,
            exposed_headers: vec![],
            body: String::new(),
            requests: vec![SeenRequest {
                method: "OPTIONS".to_owned(),
                url: "https://api.example/items/7".to_owned(),
                headers: vec![
                    ("origin".to_owned(), "https://app.example".to_owned()),
                    ("access-control-request-method".to_owned(), "PUT".to_owned()),
                ],
            }],
            url: String::new(),
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
        other.status = 500;
        other.reason = None;
        assert_eq!(compare(&e, "expect", &other, &observed()), vec![]);
    }

    #[test]
    fn each_column_says_its_own_value() {
        let e = expect(EXPECT);
        let mut chromium = observed();
        chromium.reason = Some(SeenReason::Unmapped("net::ERR_FAILED".to_owned()));
        chromium.requests[0].headers.push((
            "access-control-request-headers".to_owned(),
            "x-token".to_owned(),
        ));
        let mut sop = observed();
        sop.preflight = false;
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
        chromium.requests.push(SeenRequest {
            method: "PUT".to_owned(),
            url: "https://api.example/items/7".to_owned(),
            headers: vec![],
        });
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
        exposed.outcome = Outcome::Exposed;
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
}
