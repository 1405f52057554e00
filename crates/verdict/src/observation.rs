//! One call's outcome in the contract's terms, whoever observed it, and
//! the one comparison of such an observation with an expectation.
//!
//! An [`Observation`] holds the fields an `expect` can give: sop's
//! [`Verdict`] projects onto it, and the browser check builds one from what
//! Chromium did. [`compare_fields`] walks the keys an [`Expect`] gives, in
//! a fixed order, and states each as expected and as observed; `sop check`
//! keeps the ones that differ ([`mismatches`]), the browser check lines up two
//! walks of the same expectation (against Chromium and against sop). A new
//! contract field is added here twice: to [`Observation`] and to the walk.
//!
//! Rules the walk applies to every observer alike:
//!
//! - Request URLs are compared as they go on the wire: an expected
//!   request URL is parsed, serialised and stripped of its fragment (one
//!   that does not parse is compared as written, and so fails). No
//!   fragment ever reaches a server, so an expectation that writes one
//!   can only mean the URL without it; stripping rather than refusing it
//!   keeps every existing file valid and matches how a response entry's
//!   URL finds its request.
//! - The final `url` is compared exactly as written. It is the string
//!   script reads, which never holds a fragment (Fetch's `response.url`
//!   and XHR's `responseURL` serialise with *exclude fragment*), and
//!   parsing it again would change it: a `data:` URL's path keeps the
//!   spaces that stood before a fragment (`data:,x `), which a parse of
//!   the string alone would trim.
//! - `requests` is stated as the list of `METHOD url` of each request and
//!   compared whole, so a missing, extra or different request shows in one
//!   line; then the headers an expected request names are compared for
//!   every request both sides have, even when the counts differ.
//! - Header names are matched without regard to case; an expected `null`
//!   means absent.

use std::fmt;

use serde_json::{Value, json};
use sop_fetch_model::Reason;

use crate::fixture::{Expect, ExpectedRequest, Outcome};
pub use crate::record::RequestRecord;
use crate::verdict::Verdict;

/// Why a read was blocked, as an observer could tell.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ObservedReason {
    /// One of the contract's reasons.
    Known(Reason),
    /// What the observer said when it maps to no reason (a browser's own
    /// words); never equal to an expected reason.
    Unmapped(String),
}

impl fmt::Display for ObservedReason {
    /// The reason's code, or `unmapped: ` and the observer's words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObservedReason::Known(r) => f.write_str(r.code()),
            ObservedReason::Unmapped(s) => write!(f, "unmapped: {s}"),
        }
    }
}

/// One call's outcome projected onto the contract's fields: what an
/// expectation can be compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Observation {
    /// exposed, opaque, opaque-redirect or blocked.
    pub outcome: Outcome,
    /// Why it was blocked.
    pub reason: Option<ObservedReason>,
    /// Whether a preflight reached a server.
    pub preflight: bool,
    /// The status the script sees.
    pub status: u16,
    /// The declared header names the script can read, lowercase, sorted.
    pub exposed_headers: Vec<String>,
    /// The body the script can read.
    pub body: String,
    /// The requests that reached servers, in order.
    pub requests: Vec<RequestRecord>,
    /// The response URL the script sees, without a fragment (empty when
    /// there is none to read).
    pub url: String,
}

impl Observation {
    /// An observation of `outcome` with every other field empty: no
    /// reason, no preflight, status 0, nothing readable, no requests.
    pub fn new(outcome: Outcome) -> Observation {
        Observation {
            outcome,
            reason: None,
            preflight: false,
            status: 0,
            exposed_headers: Vec::new(),
            body: String::new(),
            requests: Vec::new(),
            url: String::new(),
        }
    }
}

impl From<&Verdict> for Observation {
    fn from(v: &Verdict) -> Observation {
        Observation {
            outcome: v.outcome,
            reason: v.reason.map(ObservedReason::Known),
            preflight: v.preflight,
            status: v.status,
            exposed_headers: v.exposed_headers.clone(),
            body: v.body.clone(),
            requests: v.requests(),
            url: v.url.clone(),
        }
    }
}

/// `url` as it goes on the wire: parsed, serialised, without its fragment;
/// `None` when it does not parse as an absolute URL.
///
/// ```
/// use sop_verdict::observation::wire_url;
/// assert_eq!(wire_url("HTTPS://Api.Example:443/a/../b#top").as_deref(), Some("https://api.example/b"));
/// assert_eq!(wire_url("/relative"), None);
/// ```
pub fn wire_url(url: &str) -> Option<String> {
    let u = sop_origin::parse_url(url).ok()?;
    Some(crate::record::wire_url(&u).to_owned())
}

/// One field an expectation gives, as the expectation and an observation
/// state it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Field {
    /// Where: `expect.reason`, `steps[1].expect.requests[0].headers.origin`.
    pub path: String,
    /// The expectation's value, as JSON.
    pub expected: String,
    /// The observation's value, as JSON (`null` for an absent header or
    /// reason).
    pub actual: String,
}

impl Field {
    /// A field at `path` with both values as JSON text.
    pub fn new(path: String, expected: String, actual: String) -> Field {
        Field {
            path,
            expected,
            actual,
        }
    }

    /// Whether the two values differ.
    pub fn differs(&self) -> bool {
        self.expected != self.actual
    }
}

/// One field that differs between an expectation and an observation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// Where: `expect.reason`, `steps[1].expect.requests[0].headers.origin`.
    pub field: String,
    /// What the expectation gives, as JSON.
    pub expected: String,
    /// What was observed, as JSON.
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

impl From<Field> for Mismatch {
    fn from(f: Field) -> Mismatch {
        Mismatch {
            field: f.path,
            expected: f.expected,
            actual: f.actual,
        }
    }
}

/// `METHOD url` of each request, as JSON.
fn summary<'a>(requests: impl Iterator<Item = (&'a str, String)>) -> Value {
    requests
        .map(|(method, url)| Value::String(format!("{method} {url}")))
        .collect()
}

/// Every field `expect` gives, in a fixed order, each with the expected
/// and the observed value; `at` prefixes the paths (`expect`,
/// `steps[1].expect`). The walk depends only on `expect` and on how many
/// requests `actual` has, so two walks of one expectation line up field
/// for field as far as the shorter goes (the request headers come last).
pub fn compare_fields(expect: &Expect, at: &str, actual: &Observation) -> Vec<Field> {
    let mut out = Vec::new();
    let mut field = |name: &str, expected: Value, actual: Value| {
        out.push(Field {
            path: format!("{at}.{name}"),
            expected: expected.to_string(),
            actual: actual.to_string(),
        });
    };
    field("outcome", json!(expect.outcome), json!(actual.outcome));
    if let Some(r) = expect.reason {
        let seen = actual.reason.as_ref().map(ToString::to_string);
        field("reason", json!(r.code()), json!(seen));
    }
    if let Some(p) = expect.preflight {
        field("preflight", json!(p), json!(actual.preflight));
    }
    if let Some(s) = expect.status {
        field("status", json!(s), json!(actual.status));
    }
    if let Some(h) = &expect.exposed_headers {
        field("exposed_headers", json!(h), json!(actual.exposed_headers));
    }
    if let Some(b) = &expect.body {
        field("body", json!(b), json!(actual.body));
    }
    if let Some(u) = &expect.url {
        field("url", json!(u), json!(actual.url));
    }
    if let Some(reqs) = &expect.requests {
        compare_requests(reqs, at, &actual.requests, &mut out);
    }
    out
}

/// The `requests` of an expectation against those observed: the list as
/// `METHOD url`, then each header the expected requests name.
pub(crate) fn compare_requests(
    reqs: &[ExpectedRequest],
    at: &str,
    actual: &[RequestRecord],
    out: &mut Vec<Field>,
) {
    let mut field = |name: &str, expected: Value, actual: Value| {
        out.push(Field {
            path: format!("{at}.{name}"),
            expected: expected.to_string(),
            actual: actual.to_string(),
        });
    };
    {
        field(
            "requests",
            summary(reqs.iter().map(|r| {
                let url = wire_url(&r.url).unwrap_or_else(|| r.url.clone());
                (r.method.as_str(), url)
            })),
            summary(actual.iter().map(|r| (r.method.as_str(), r.url.clone()))),
        );
        // Counts that differ are in the line above; the requests both
        // sides have are still compared, which tells more.
        for (i, (e, a)) in reqs.iter().zip(actual).enumerate() {
            for (name, value) in &e.headers {
                let name = name.to_ascii_lowercase();
                field(
                    &format!("requests[{i}].headers.{name}"),
                    json!(value),
                    json!(a.header(&name)),
                );
            }
        }
    }
}

/// The fields where `actual` differs from `expect`, in the order of
/// [`compare_fields`].
pub fn mismatches(expect: &Expect, at: &str, actual: &Observation) -> Vec<Mismatch> {
    compare_fields(expect, at, actual)
        .into_iter()
        .filter(Field::differs)
        .map(Mismatch::from)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::evaluate::{Options, evaluate};
    use crate::fixture::FixtureFile;
    use crate::limits::Limits;

    fn expect(e: &str) -> Expect {
        serde_json::from_str(e).unwrap()
    }

    const ITEM: &str = "https://api.example/items/7";

    /// A preflight that failed on the header check.
    fn blocked() -> Observation {
        let mut o = Observation::new(Outcome::Blocked);
        o.reason = Some(ObservedReason::Known(
            Reason::HeaderDisallowedByPreflightResponse,
        ));
        o.preflight = true;
        o.requests.push(
            RequestRecord::new("OPTIONS", ITEM)
                .with_header("origin", "https://app.example")
                .with_header("access-control-request-method", "PUT"),
        );
        o
    }

    fn exposed() -> Observation {
        let mut o = Observation::new(Outcome::Exposed);
        o.status = 200;
        o.exposed_headers = vec!["x-a".to_owned()];
        o.body = "ok".to_owned();
        o.url = "https://api.example/x".to_owned();
        o.requests.push(
            RequestRecord::new("GET", "https://api.example/x")
                .with_header("origin", "https://app.example"),
        );
        o
    }

    fn mismatch(field: &str, expected: &str, actual: &str) -> Mismatch {
        Mismatch {
            field: field.to_owned(),
            expected: expected.to_owned(),
            actual: actual.to_owned(),
        }
    }

    #[test]
    fn agreement_gives_nothing() {
        let e = expect(
            r#"{"outcome": "exposed", "preflight": false, "status": 200, "exposed_headers": ["x-a"],
                "body": "ok", "url": "https://api.example/x",
                "requests": [{"method": "GET", "url": "https://api.example/x",
                              "headers": {"Origin": "https://app.example", "x-token": null}}]}"#,
        );
        assert_eq!(mismatches(&e, "expect", &exposed()), vec![]);
        let paths: Vec<String> = compare_fields(&e, "expect", &exposed())
            .into_iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(
            paths,
            [
                "expect.outcome",
                "expect.preflight",
                "expect.status",
                "expect.exposed_headers",
                "expect.body",
                "expect.url",
                "expect.requests",
                "expect.requests[0].headers.origin",
                "expect.requests[0].headers.x-token",
            ]
        );
    }

    #[test]
    fn only_the_fields_given_are_compared() {
        let e = expect(r#"{"outcome": "blocked"}"#);
        let mut o = blocked();
        o.reason = None;
        o.status = 500;
        o.requests.clear();
        assert_eq!(mismatches(&e, "expect", &o), vec![]);
    }

    #[test]
    fn each_field_says_its_values_as_json() {
        let e = expect(
            r#"{"outcome": "opaque-redirect", "preflight": true, "status": 0, "exposed_headers": [],
                "body": "", "url": "https://api.example/y"}"#,
        );
        assert_eq!(
            mismatches(&e, "steps[1].expect", &exposed()),
            vec![
                mismatch(
                    "steps[1].expect.outcome",
                    r#""opaque-redirect""#,
                    r#""exposed""#
                ),
                mismatch("steps[1].expect.preflight", "true", "false"),
                mismatch("steps[1].expect.status", "0", "200"),
                mismatch("steps[1].expect.exposed_headers", "[]", r#"["x-a"]"#),
                mismatch("steps[1].expect.body", r#""""#, r#""ok""#),
                mismatch(
                    "steps[1].expect.url",
                    r#""https://api.example/y""#,
                    r#""https://api.example/x""#
                ),
            ]
        );
    }

    #[test]
    fn reasons_compare_by_code_and_unmapped_ones_never_match() {
        let e = expect(
            r#"{"outcome": "blocked", "reason": "header-disallowed-by-preflight-response"}"#,
        );
        assert_eq!(mismatches(&e, "expect", &blocked()), vec![]);
        let mut o = blocked();
        o.reason = Some(ObservedReason::Unmapped("net::ERR_FAILED".to_owned()));
        assert_eq!(
            mismatches(&e, "expect", &o),
            vec![mismatch(
                "expect.reason",
                r#""header-disallowed-by-preflight-response""#,
                r#""unmapped: net::ERR_FAILED""#
            )]
        );
        o.reason = None;
        assert_eq!(mismatches(&e, "expect", &o)[0].actual, "null");
    }

    #[test]
    fn request_headers_match_any_case_and_null_means_absent() {
        let e = expect(
            r#"{"outcome": "blocked", "requests": [{"method": "OPTIONS", "url": "https://api.example/items/7",
                "headers": {"ORIGIN": "https://app.example", "Access-Control-Request-Method": "put",
                            "access-control-request-headers": null}}]}"#,
        );
        let mut o = blocked();
        assert_eq!(
            mismatches(&e, "expect", &o),
            vec![mismatch(
                "expect.requests[0].headers.access-control-request-method",
                r#""put""#,
                r#""PUT""#
            )]
        );
        o.requests[0].headers.insert(
            "access-control-request-headers".to_owned(),
            "x-token".to_owned(),
        );
        let m = mismatches(&e, "expect", &o);
        assert_eq!(
            m[1],
            mismatch(
                "expect.requests[0].headers.access-control-request-headers",
                "null",
                r#""x-token""#
            )
        );
    }

    #[test]
    fn expected_request_urls_are_compared_as_sent() {
        let e = expect(
            r#"{"outcome": "blocked", "requests": [{"method": "OPTIONS", "url": "HTTPS://API.example:443/items/./7#top"}]}"#,
        );
        assert_eq!(mismatches(&e, "expect", &blocked()), vec![]);
        let e = expect(
            r#"{"outcome": "blocked", "requests": [{"method": "OPTIONS", "url": "/items/7"}]}"#,
        );
        assert_eq!(
            mismatches(&e, "expect", &blocked()),
            vec![mismatch(
                "expect.requests",
                r#"["OPTIONS /items/7"]"#,
                r#"["OPTIONS https://api.example/items/7"]"#
            )]
        );
        assert_eq!(wire_url("data:,x #f").as_deref(), Some("data:,x "));
    }

    #[test]
    fn the_final_url_is_compared_as_written() {
        let e = expect(r#"{"outcome": "exposed", "url": "data:,x "}"#);
        let mut o = exposed();
        o.url = "data:,x ".to_owned();
        assert_eq!(mismatches(&e, "expect", &o), vec![]);
        o.url = "data:,x".to_owned();
        assert_eq!(mismatches(&e, "expect", &o).len(), 1);
    }

    #[test]
    fn a_count_mismatch_is_reported_and_the_requests_both_have_compared() {
        let e = expect(
            r#"{"outcome": "blocked", "requests": [
                {"method": "OPTIONS", "url": "https://api.example/items/7", "headers": {"origin": "https://other.example"}},
                {"method": "PUT", "url": "https://api.example/items/7", "headers": {"origin": "https://app.example"}}]}"#,
        );
        assert_eq!(
            mismatches(&e, "expect", &blocked()),
            vec![
                mismatch(
                    "expect.requests",
                    r#"["OPTIONS https://api.example/items/7","PUT https://api.example/items/7"]"#,
                    r#"["OPTIONS https://api.example/items/7"]"#
                ),
                mismatch(
                    "expect.requests[0].headers.origin",
                    r#""https://other.example""#,
                    r#""https://app.example""#
                ),
            ]
        );
    }

    #[test]
    fn walks_of_one_expectation_line_up() {
        let e = expect(
            r#"{"outcome": "blocked", "reason": "header-disallowed-by-preflight-response", "requests": [
                {"method": "OPTIONS", "url": "https://api.example/items/7", "headers": {"origin": "https://app.example"}},
                {"method": "PUT", "url": "https://api.example/items/7", "headers": {"origin": "https://app.example"}}]}"#,
        );
        let mut two = blocked();
        two.requests.push(RequestRecord::new("PUT", ITEM));
        let long = compare_fields(&e, "expect", &two);
        let short = compare_fields(&e, "expect", &blocked());
        assert_eq!(long.len(), short.len() + 1);
        assert!(long.iter().zip(&short).all(|(a, b)| a.path == b.path));
    }

    #[test]
    fn a_verdict_projects_onto_the_contract() {
        let text = r#"{"name": "x", "page": "https://app.example/",
            "request": {"url": "https://api.example/v1#frag", "headers": {"X-Token": "t"}},
            "responses": [{"url": "https://api.example/v1", "method": "OPTIONS",
                           "headers": {"Access-Control-Allow-Origin": "https://app.example"}}]}"#;
        let file = FixtureFile::parse("t.json".as_ref(), text, &Limits::default()).unwrap();
        let verdict = evaluate(&file.scenarios[0], Options::lean());
        let o = Observation::from(verdict.verdicts()[0]);
        assert_eq!(o.outcome, Outcome::Blocked);
        assert_eq!(
            o.reason,
            Some(ObservedReason::Known(
                Reason::HeaderDisallowedByPreflightResponse
            ))
        );
        assert!(o.preflight);
        assert_eq!(o.requests.len(), 1);
        assert_eq!(o.requests[0].url, "https://api.example/v1");
        assert_eq!(
            o.requests[0].header("access-control-request-headers"),
            Some("x-token")
        );
    }
}
