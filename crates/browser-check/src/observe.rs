//! What Chromium did with one step, in the contract's terms: the outcome
//! the script saw, the requests that reached the servers, and why a
//! blocked read was blocked (from DevTools' `Network.loadingFailed`, the
//! console, or the exception the script caught).

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;
use sop_fetch_model::Reason;
use sop_verdict::fixture::{Api, RedirectName, ScriptRequest};
use sop_verdict::observation::RequestRecord;
use sop_verdict::{Observation, ObservedReason, Outcome};

use crate::servers::{Answer, Arrival};

/// One step as seen: the contract's fields, and what only the browser
/// check reads (the console message and the evidence behind the fields).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
    /// The contract's fields, compared with the fixture's `expect` by
    /// the same walk as `sop check` uses.
    pub observation: Observation,
    /// When blocked, the console message for the failure (see
    /// [`console_message`]); `None` when Chromium printed none.
    pub message: Option<String>,
    /// What DevTools, the console and the script said (for the report).
    pub evidence: Vec<String>,
}

/// A `Network.loadingFailed` event's useful part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadingFailed {
    /// `net::ERR_...`.
    pub error_text: String,
    /// `corsErrorStatus.corsError`.
    pub cors_error: Option<String>,
    /// `corsErrorStatus.failedParameter`.
    pub failed_parameter: Option<String>,
    /// `blockedReason`.
    pub blocked_reason: Option<String>,
}

impl LoadingFailed {
    /// Reads the event's parameters.
    pub fn from_params(p: &Value) -> LoadingFailed {
        let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        LoadingFailed {
            error_text: s(p.get("errorText")).unwrap_or_default(),
            cors_error: s(p.pointer("/corsErrorStatus/corsError")),
            failed_parameter: s(p.pointer("/corsErrorStatus/failedParameter"))
                .filter(|f| !f.is_empty()),
            blocked_reason: s(p.get("blockedReason")),
        }
    }
}

impl fmt::Display for LoadingFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "loadingFailed {}", self.error_text)?;
        if let Some(c) = &self.cors_error {
            write!(f, " corsError={c}")?;
        }
        if let Some(p) = &self.failed_parameter {
            write!(f, " failedParameter={p:?}")?;
        }
        if let Some(b) = &self.blocked_reason {
            write!(f, " blockedReason={b}")?;
        }
        Ok(())
    }
}

/// A Chromium `CorsError` name as a contract reason (`PreflightX` names
/// are the `preflight-x` codes).
pub fn from_cors_error(name: &str) -> Option<Reason> {
    Reason::ALL.into_iter().find(|r| {
        let n = r.chromium_name();
        // CorsError names: capitalised words, not a DOM exception's name
        // (TypeError, SecurityError) nor a message ("Script error.").
        n == name
            && n.starts_with(|c: char| c.is_ascii_uppercase())
            && !n.ends_with("Error")
            && !n.contains(' ')
    })
}

/// A DevTools `blockedReason` as a contract reason.
pub fn from_blocked_reason(blocked: &str) -> Option<Reason> {
    match blocked {
        "mixed-content" => Some(Reason::MixedContent),
        // same-origin mode meeting another origin (after a redirect).
        "origin" => Some(Reason::DisallowedByMode),
        b if b.starts_with("corp-not-same-origin") || b == "corp-not-same-site" => {
            Some(Reason::CorpBlocked)
        }
        _ => None,
    }
}

/// A net error as a contract reason; `net::ERR_FAILED` says nothing.
pub fn from_net_error(text: &str) -> Option<Reason> {
    match text {
        "net::ERR_TOO_MANY_REDIRECTS" => Some(Reason::TooManyRedirects),
        "net::ERR_UNSAFE_REDIRECT" => Some(Reason::RedirectUnsupportedScheme),
        "net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin"
        | "net::ERR_BLOCKED_BY_RESPONSE.NotSameSite" => Some(Reason::CorpBlocked),
        "net::ERR_EMPTY_RESPONSE"
        | "net::ERR_CONNECTION_CLOSED"
        | "net::ERR_CONNECTION_RESET"
        | "net::ERR_CONNECTION_REFUSED"
        | "net::ERR_CONNECTION_ABORTED"
        | "net::ERR_CONNECTION_FAILED"
        | "net::ERR_INVALID_HTTP_RESPONSE"
        | "net::ERR_INVALID_REDIRECT"
        | "net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"
        | "net::ERR_NAME_NOT_RESOLVED"
        | "net::ERR_ADDRESS_UNREACHABLE" => Some(Reason::NetworkError),
        _ => None,
    }
}

/// Fragments of Chromium's console messages, checked in order, and the
/// reason each one names. A CORS-check reason in a message about the
/// preflight becomes its `preflight-` variant.
const MESSAGE_FRAGMENTS: &[(&str, Reason)] = &[
    ("Request mode is \"same-origin\"", Reason::DisallowedByMode),
    ("Mixed Content", Reason::MixedContent),
    (
        "Cross origin requests are only supported for protocol schemes",
        Reason::CorsDisabledScheme,
    ),
    ("URL scheme \"", Reason::CorsDisabledScheme),
    (
        "Not allowed to load local resource",
        Reason::CorsDisabledScheme,
    ),
    (
        "Redirect is not allowed for a preflight request",
        Reason::PreflightDisallowedRedirect,
    ),
    (
        "It does not have HTTP ok status",
        Reason::PreflightInvalidStatus,
    ),
    (
        "is not allowed by Access-Control-Allow-Methods",
        Reason::MethodDisallowedByPreflightResponse,
    ),
    (
        "is not allowed by Access-Control-Allow-Headers",
        Reason::HeaderDisallowedByPreflightResponse,
    ),
    (
        "Cannot parse Access-Control-Allow-Methods",
        Reason::InvalidAllowMethodsPreflightResponse,
    ),
    (
        "Cannot parse Access-Control-Allow-Headers",
        Reason::InvalidAllowHeadersPreflightResponse,
    ),
    (
        "No 'Access-Control-Allow-Origin' header is present",
        Reason::MissingAllowOriginHeader,
    ),
    (
        "must not be the wildcard '*' when the request's credentials mode is 'include'",
        Reason::WildcardOriginNotAllowed,
    ),
    (
        "contains multiple values",
        Reason::MultipleAllowOriginValues,
    ),
    (
        "that is not equal to the supplied origin",
        Reason::AllowOriginMismatch,
    ),
    (
        "contains the invalid value",
        Reason::InvalidAllowOriginValue,
    ),
    (
        "'Access-Control-Allow-Credentials' header in the response is",
        Reason::InvalidAllowCredentials,
    ),
    ("Redirect location", Reason::RedirectContainsCredentials),
    ("ERR_TOO_MANY_REDIRECTS", Reason::TooManyRedirects),
    ("ERR_UNSAFE_REDIRECT", Reason::RedirectUnsupportedScheme),
    ("ERR_BLOCKED_BY_RESPONSE.NotSameOrigin", Reason::CorpBlocked),
    ("ERR_BLOCKED_BY_RESPONSE.NotSameSite", Reason::CorpBlocked),
];

/// A console message as a contract reason.
pub fn from_message(message: &str) -> Option<Reason> {
    let (_, reason) = MESSAGE_FRAGMENTS
        .iter()
        .find(|(fragment, _)| message.contains(fragment))?;
    if message.contains("Response to preflight request") {
        Some(reason.for_preflight())
    } else {
        Some(*reason)
    }
}

/// The exception a script call throws before sending anything, as a
/// contract reason. (An invalid method token has no code of its own; the
/// corpus files it under `forbidden-method`.)
pub fn from_exception(message: &str) -> Option<Reason> {
    if message.contains("Failed to parse URL") || message.contains("Invalid URL") {
        Some(Reason::InvalidUrl)
    } else if message.contains("is unsupported in no-cors mode") {
        Some(Reason::NoCorsMethod)
    } else if message.contains("HTTP method is unsupported")
        || message.contains("is not a valid HTTP method")
    {
        Some(Reason::ForbiddenMethod)
    } else {
        None
    }
}

/// How Chromium's console reports a request that failed on the network
/// (`Log.entryAdded`, source `network`, with the URL in `entry.url`;
/// DevTools' own console shows the same entry as `GET <url> net::ERR_...`,
/// a line the protocol never carries).
pub const FAILED_TO_LOAD: &str = "Failed to load resource: ";

/// Console lines the script layer prints that are not about why the read
/// failed (XMLHttpRequest's `setRequestHeader` on a forbidden header).
const NOT_ABOUT_THE_FAILURE: &[&str] = &["Refused to set unsafe header"];

/// The console message for a blocked step, as sop's `message` states it:
/// for a call that threw before sending, the exception's message;
/// otherwise the first console line that says why (a CORS error, `Mixed
/// Content: ...`, `Fetch API cannot load ...`, `Unsafe attempt to load URL
/// ...`); failing that, the network entry `Failed to load resource:
/// net::ERR_...` (which also follows every CORS error); `None` when the
/// console stayed silent.
pub fn console_message(thrown: Option<&str>, messages: &[String]) -> Option<String> {
    if let Some(m) = thrown {
        return Some(m.to_owned());
    }
    let telling = |m: &&String| !NOT_ABOUT_THE_FAILURE.iter().any(|p| m.starts_with(p));
    messages
        .iter()
        .filter(telling)
        .find(|m| !m.starts_with(FAILED_TO_LOAD))
        .or_else(|| {
            messages
                .iter()
                .filter(telling)
                .find(|m| m.starts_with(FAILED_TO_LOAD))
        })
        .cloned()
}

/// Whether `status` redirects.
fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Why a step was blocked. In order: an exception thrown before sending;
/// DevTools' CORS error; its blocked reason; a telling net error; the
/// console; and `redirect: "error"` meeting a redirect (which Chromium
/// shows only as `net::ERR_FAILED`).
pub fn blocked_reason(
    exception: Option<&str>,
    failures: &[LoadingFailed],
    messages: &[String],
    request: &ScriptRequest,
    arrivals: &[Arrival],
) -> ObservedReason {
    if let Some(e) = exception {
        if !e.contains("Failed to fetch") {
            return from_exception(e).map_or_else(
                || ObservedReason::Unmapped(e.to_owned()),
                ObservedReason::Known,
            );
        }
    }
    if let Some(name) = failures.iter().find_map(|f| f.cors_error.as_deref()) {
        return from_cors_error(name).map_or_else(
            || ObservedReason::Unmapped(format!("CorsError {name}")),
            ObservedReason::Known,
        );
    }
    if let Some(r) = failures
        .iter()
        .find_map(|f| f.blocked_reason.as_deref().and_then(from_blocked_reason))
    {
        return ObservedReason::Known(r);
    }
    if let Some(r) = failures.iter().find_map(|f| from_net_error(&f.error_text)) {
        return ObservedReason::Known(r);
    }
    if let Some(r) = messages.iter().find_map(|m| from_message(m)) {
        return ObservedReason::Known(r);
    }
    let last = arrivals.last();
    if request.api == Api::Fetch
        && request.redirect == RedirectName::Error
        && last.is_some_and(|a| {
            a.method != "OPTIONS" && matches!(a.answer, Answer::Entry(s) if is_redirect(s))
        })
    {
        return ObservedReason::Known(Reason::RedirectModeError);
    }
    let said = failures
        .iter()
        .map(|f| {
            f.blocked_reason.as_ref().map_or_else(
                || f.error_text.clone(),
                |b| format!("{} ({b})", f.error_text),
            )
        })
        .chain(messages.iter().cloned())
        .chain(exception.map(str::to_owned))
        .collect::<Vec<_>>();
    ObservedReason::Unmapped(if said.is_empty() {
        "no reason given".to_owned()
    } else {
        said.join("; ")
    })
}

/// The requests of a step as the contract records them. On a preflight,
/// the `Accept: */*` Chromium always sends is ambient, not the script's.
pub fn seen_requests(arrivals: &[Arrival], request: &ScriptRequest) -> Vec<RequestRecord> {
    let mut compared: BTreeSet<String> = [
        "origin",
        "access-control-request-method",
        "access-control-request-headers",
        "content-type",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    compared.extend(
        request
            .headers
            .0
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase()),
    );
    arrivals
        .iter()
        .filter(|a| a.answer != Answer::Page)
        .map(|a| {
            let preflight = is_preflight(a);
            let mut record = RequestRecord::new(a.method.clone(), a.url.clone());
            for (name, value) in &a.headers {
                if !compared.contains(name) || (preflight && name == "accept") {
                    continue;
                }
                record.combine_header(name, value);
            }
            record
        })
        .collect()
}

fn is_preflight(a: &Arrival) -> bool {
    a.method == "OPTIONS"
        && a.headers
            .iter()
            .any(|(n, _)| n == "access-control-request-method")
}

/// What the page's script reported, with DevTools' events and the
/// servers' log for the step, as an observation.
pub struct StepEvidence<'a> {
    /// The script's JSON result.
    pub result: &'a Value,
    /// `Network.loadingFailed` events.
    pub failures: &'a [LoadingFailed],
    /// Console messages and exceptions.
    pub messages: &'a [String],
    /// The step's arrivals.
    pub arrivals: &'a [Arrival],
    /// The header names the scenario's responses declare, lowercase.
    pub declared: &'a BTreeSet<String>,
    /// The script call.
    pub request: &'a ScriptRequest,
}

/// Builds the observation of one step.
pub fn observe(ev: &StepEvidence<'_>) -> Observed {
    let r = ev.result;
    let text = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let requests = seen_requests(ev.arrivals, ev.request);
    let preflight = ev
        .arrivals
        .iter()
        .any(|a| a.answer != Answer::Page && is_preflight(a));
    let mut evidence: Vec<String> = ev.failures.iter().map(ToString::to_string).collect();
    evidence.extend(ev.messages.iter().map(|m| format!("console: {m}")));
    if text("kind") == "response" {
        let outcome = match text("type").as_str() {
            "opaque" => Outcome::Opaque,
            "opaqueredirect" => Outcome::OpaqueRedirect,
            _ => Outcome::Exposed,
        };
        let names: BTreeSet<String> = r
            .get("headerNames")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .filter(|n| ev.declared.contains(n))
            .collect();
        if let Some(e) = r.get("bodyError").and_then(Value::as_str) {
            evidence.push(format!("reading the body failed: {e}"));
        }
        let mut observation = Observation::new(outcome);
        observation.preflight = preflight;
        observation.status = r
            .get("status")
            .and_then(Value::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .unwrap_or(0);
        observation.exposed_headers = names.into_iter().collect();
        observation.body = text("body");
        observation.requests = requests;
        observation.url = text("url");
        return Observed {
            observation,
            message: None,
            evidence,
        };
    }
    let exception = match text("kind").as_str() {
        "rejected" | "threw" => Some(text("error")),
        _ => None,
    };
    if let Some(e) = &exception {
        evidence.push(format!("script: {e}"));
    }
    let reason = blocked_reason(
        exception.as_deref(),
        ev.failures,
        ev.messages,
        ev.request,
        ev.arrivals,
    );
    // An exception other than fetch()'s "Failed to fetch" was thrown
    // before anything was sent: its message is what script (and, uncaught,
    // the console) sees.
    let thrown = exception
        .as_deref()
        .filter(|e| !e.contains("Failed to fetch"))
        .map(|e| r.get("message").and_then(Value::as_str).unwrap_or(e));
    let mut observation = Observation::new(Outcome::Blocked);
    observation.reason = Some(reason);
    observation.preflight = preflight;
    observation.requests = requests;
    Observed {
        observation,
        message: console_message(thrown, ev.messages),
        evidence,
    }
}

/// sop's verdict as an observation, with its console message.
pub fn from_verdict(v: &sop_verdict::Verdict) -> Observed {
    Observed {
        observation: Observation::from(v),
        message: v.message.clone(),
        evidence: v.message.iter().cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;
    use sop_verdict::{FixtureFile, Limits};

    fn request(json_request: &str) -> ScriptRequest {
        let text = format!(
            r#"{{"name": "x", "page": "https://app.example/", "request": {json_request}}}"#
        );
        let scenario = FixtureFile::parse("t.json".as_ref(), &text, &Limits::default())
            .unwrap()
            .scenarios
            .remove(0);
        match scenario.body {
            sop_verdict::fixture::Body::Fetch(sop_verdict::fixture::FetchBody::Call {
                request,
                ..
            }) => request,
            _ => unreachable!("a request scenario"),
        }
    }

    fn arrival(method: &str, url: &str, headers: &[(&str, &str)], answer: Answer) -> Arrival {
        Arrival {
            step: Some(0),
            method: method.to_owned(),
            url: url.to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            answer,
        }
    }

    #[test]
    fn cors_error_names_map_to_codes() {
        assert_eq!(
            from_cors_error("PreflightMissingAllowOriginHeader"),
            Some(Reason::PreflightMissingAllowOriginHeader)
        );
        assert_eq!(
            from_cors_error("HeaderDisallowedByPreflightResponse"),
            Some(Reason::HeaderDisallowedByPreflightResponse)
        );
        assert_eq!(
            from_cors_error("AllowOriginMismatch"),
            Some(Reason::AllowOriginMismatch)
        );
        assert_eq!(
            from_cors_error("CorsDisabledScheme"),
            Some(Reason::CorsDisabledScheme)
        );
        assert_eq!(from_cors_error("TypeError"), None);
        assert_eq!(from_cors_error("net::ERR_FAILED"), None);
        assert_eq!(from_cors_error("UnexpectedPrivateNetworkAccess"), None);
        for r in Reason::ALL {
            if let Some(back) = from_cors_error(r.chromium_name()) {
                assert_eq!(back, r);
            }
        }
    }

    #[test]
    fn blocked_reasons_and_net_errors_map_to_codes() {
        assert_eq!(
            from_blocked_reason("mixed-content"),
            Some(Reason::MixedContent)
        );
        assert_eq!(
            from_blocked_reason("corp-not-same-site"),
            Some(Reason::CorpBlocked)
        );
        assert_eq!(
            from_blocked_reason("corp-not-same-origin-after-defaulted-to-same-origin-by-coep"),
            Some(Reason::CorpBlocked)
        );
        assert_eq!(
            from_blocked_reason("origin"),
            Some(Reason::DisallowedByMode)
        );
        assert_eq!(from_blocked_reason("inspector"), None);
        assert_eq!(
            from_net_error("net::ERR_TOO_MANY_REDIRECTS"),
            Some(Reason::TooManyRedirects)
        );
        assert_eq!(
            from_net_error("net::ERR_UNSAFE_REDIRECT"),
            Some(Reason::RedirectUnsupportedScheme)
        );
        assert_eq!(
            from_net_error("net::ERR_EMPTY_RESPONSE"),
            Some(Reason::NetworkError)
        );
        assert_eq!(
            from_net_error("net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"),
            Some(Reason::NetworkError)
        );
        assert_eq!(from_net_error("net::ERR_FAILED"), None);
    }

    #[test]
    fn console_messages_map_to_codes() {
        assert_eq!(
            from_message(
                "Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
            ),
            Some(Reason::MissingAllowOriginHeader)
        );
        assert_eq!(
            from_message(
                "Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource."
            ),
            Some(Reason::PreflightMissingAllowOriginHeader)
        );
        assert_eq!(
            from_message(
                "... Response to preflight request doesn't pass access control check: Request header field x-token is not allowed by Access-Control-Allow-Headers in preflight response."
            ),
            Some(Reason::HeaderDisallowedByPreflightResponse)
        );
        assert_eq!(
            from_message(
                "Mixed Content: The page at 'https://app.example/' was loaded over HTTPS, but requested an insecure resource 'http://api.example/'. This request has been blocked; the content must be served over HTTPS."
            ),
            Some(Reason::MixedContent)
        );
        assert_eq!(from_message("something else"), None);
    }

    #[test]
    fn the_console_message_is_the_line_that_says_why() {
        let lines = |l: &[&str]| l.iter().map(|m| (*m).to_owned()).collect::<Vec<_>>();
        let cors = "Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
        assert_eq!(
            console_message(
                None,
                &lines(&[
                    "Refused to set unsafe header \"Cookie\"",
                    cors,
                    "Failed to load resource: net::ERR_FAILED"
                ])
            )
            .as_deref(),
            Some(cors)
        );
        assert_eq!(
            console_message(
                None,
                &lines(&["Failed to load resource: net::ERR_TOO_MANY_REDIRECTS"])
            )
            .as_deref(),
            Some("Failed to load resource: net::ERR_TOO_MANY_REDIRECTS")
        );
        assert_eq!(
            console_message(Some("'TRACE' HTTP method is unsupported."), &[]).as_deref(),
            Some("'TRACE' HTTP method is unsupported.")
        );
        assert_eq!(
            console_message(None, &lines(&["Refused to set unsafe header \"Origin\""])),
            None
        );
        assert_eq!(console_message(None, &[]), None);
    }

    #[test]
    fn exceptions_before_sending_map_to_codes() {
        assert_eq!(
            from_exception(
                "TypeError: Failed to execute 'fetch' on 'Window': Failed to parse URL from https://exa<mple/"
            ),
            Some(Reason::InvalidUrl)
        );
        assert_eq!(
            from_exception(
                "SyntaxError: Failed to execute 'open' on 'XMLHttpRequest': Invalid URL"
            ),
            Some(Reason::InvalidUrl)
        );
        assert_eq!(
            from_exception(
                "TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode."
            ),
            Some(Reason::NoCorsMethod)
        );
        assert_eq!(
            from_exception(
                "TypeError: Failed to execute 'fetch' on 'Window': 'CONNECT' HTTP method is unsupported."
            ),
            Some(Reason::ForbiddenMethod)
        );
        assert_eq!(
            from_exception(
                "SyntaxError: Failed to execute 'open' on 'XMLHttpRequest': 'GE T' is not a valid HTTP method."
            ),
            Some(Reason::ForbiddenMethod)
        );
        assert_eq!(from_exception("TypeError: Failed to fetch"), None);
    }

    #[test]
    fn the_reason_comes_from_the_best_evidence() {
        let get = request(r#"{"url": "https://api.example/x"}"#);
        let cors = LoadingFailed {
            error_text: "net::ERR_FAILED".to_owned(),
            cors_error: Some("AllowOriginMismatch".to_owned()),
            ..Default::default()
        };
        let msg = vec!["... No 'Access-Control-Allow-Origin' header is present".to_owned()];
        assert_eq!(
            blocked_reason(Some("TypeError: Failed to fetch"), &[cors], &msg, &get, &[]),
            ObservedReason::Known(Reason::AllowOriginMismatch)
        );
        let bare = LoadingFailed {
            error_text: "net::ERR_FAILED".to_owned(),
            ..Default::default()
        };
        assert_eq!(
            blocked_reason(
                Some("TypeError: Failed to fetch"),
                std::slice::from_ref(&bare),
                &msg,
                &get,
                &[]
            ),
            ObservedReason::Known(Reason::MissingAllowOriginHeader)
        );
        assert_eq!(
            blocked_reason(
                Some(
                    "TypeError: Failed to execute 'fetch' on 'Window': 'TRACE' HTTP method is unsupported."
                ),
                &[],
                &[],
                &get,
                &[]
            ),
            ObservedReason::Known(Reason::ForbiddenMethod)
        );
        let mixed = LoadingFailed {
            error_text: "net::ERR_FAILED".to_owned(),
            blocked_reason: Some("mixed-content".to_owned()),
            ..Default::default()
        };
        assert_eq!(
            blocked_reason(None, &[mixed], &[], &get, &[]),
            ObservedReason::Known(Reason::MixedContent)
        );
        assert_eq!(
            blocked_reason(None, std::slice::from_ref(&bare), &[], &get, &[]),
            ObservedReason::Unmapped("net::ERR_FAILED".to_owned())
        );
    }

    #[test]
    fn redirect_mode_error_is_inferred_from_the_traffic() {
        let err = request(r#"{"url": "https://api.example/r", "redirect": "error"}"#);
        let follow = request(r#"{"url": "https://api.example/r"}"#);
        let bare = [LoadingFailed {
            error_text: "net::ERR_FAILED".to_owned(),
            ..Default::default()
        }];
        let log = [arrival(
            "GET",
            "https://api.example/r",
            &[],
            Answer::Entry(302),
        )];
        assert_eq!(
            blocked_reason(None, &bare, &[], &err, &log),
            ObservedReason::Known(Reason::RedirectModeError)
        );
        assert!(matches!(
            blocked_reason(None, &bare, &[], &follow, &log),
            ObservedReason::Unmapped(_)
        ));
    }

    #[test]
    fn requests_keep_the_compared_headers() {
        let put = request(
            r#"{"url": "https://api.example/x", "method": "PUT", "headers": [["Accept", "a"], ["X-Token", "t"]]}"#,
        );
        let log = [
            arrival(
                "GET",
                "https://app.example/",
                &[("accept", "text/html")],
                Answer::Page,
            ),
            arrival(
                "OPTIONS",
                "https://api.example/x",
                &[
                    ("host", "api.example"),
                    ("accept", "*/*"),
                    ("origin", "https://app.example"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", "x-token"),
                    ("user-agent", "Chrome"),
                ],
                Answer::Entry(204),
            ),
            arrival(
                "PUT",
                "https://api.example/x",
                &[
                    ("accept", "a"),
                    ("x-token", "t"),
                    ("origin", "https://app.example"),
                    ("sec-fetch-mode", "cors"),
                ],
                Answer::Entry(200),
            ),
        ];
        let seen = seen_requests(&log, &put);
        assert_eq!(seen.len(), 2);
        assert_eq!(
            seen[0]
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), v.clone()))
                .collect::<Vec<_>>(),
            vec![
                ("origin".to_owned(), "https://app.example".to_owned()),
                ("access-control-request-method".to_owned(), "PUT".to_owned()),
                (
                    "access-control-request-headers".to_owned(),
                    "x-token".to_owned()
                ),
            ]
        );
        assert_eq!(seen[1].header("accept"), Some("a"));
        assert_eq!(seen[1].header("x-token"), Some("t"));
        assert_eq!(seen[1].header("sec-fetch-mode"), None);
    }

    #[test]
    fn observes_a_readable_response() {
        let get = request(r#"{"url": "https://api.example/x"}"#);
        let declared: BTreeSet<String> = ["access-control-allow-origin", "x-a", "x-hidden"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let result = json!({"kind": "response", "type": "cors", "status": 200,
            "headerNames": ["content-length", "x-a", "X-A"], "body": "ok",
            "url": "https://api.example/x"});
        let log = [arrival(
            "GET",
            "https://api.example/x",
            &[("origin", "https://app.example")],
            Answer::Entry(200),
        )];
        let o = observe(&StepEvidence {
            result: &result,
            failures: &[],
            messages: &[],
            arrivals: &log,
            declared: &declared,
            request: &get,
        });
        assert_eq!(o.observation.outcome, Outcome::Exposed);
        assert_eq!(o.observation.exposed_headers, vec!["x-a"]);
        assert_eq!(
            (
                o.observation.status,
                o.observation.body.as_str(),
                o.observation.url.as_str()
            ),
            (200, "ok", "https://api.example/x")
        );
        assert!(!o.observation.preflight);
        let opaque = json!({"kind": "response", "type": "opaqueredirect", "status": 0, "headerNames": [], "body": "", "url": "https://api.example/x"});
        let o = observe(&StepEvidence {
            result: &opaque,
            failures: &[],
            messages: &[],
            arrivals: &log,
            declared: &declared,
            request: &get,
        });
        assert_eq!(o.observation.outcome, Outcome::OpaqueRedirect);
        let blocked = json!({"kind": "rejected", "error": "TypeError: Failed to fetch"});
        let f = [LoadingFailed {
            error_text: "net::ERR_FAILED".to_owned(),
            cors_error: Some("MissingAllowOriginHeader".to_owned()),
            ..Default::default()
        }];
        let o = observe(&StepEvidence {
            result: &blocked,
            failures: &f,
            messages: &[],
            arrivals: &log,
            declared: &declared,
            request: &get,
        });
        assert_eq!(o.observation.outcome, Outcome::Blocked);
        assert_eq!(
            o.observation.reason,
            Some(ObservedReason::Known(Reason::MissingAllowOriginHeader))
        );
        assert_eq!((o.observation.status, o.observation.url.as_str()), (0, ""));
        assert_eq!(o.observation.requests.len(), 1);
        assert_eq!(o.message, None);
        let thrown = json!({"kind": "threw", "error": "SyntaxError: Failed to execute 'open' on 'XMLHttpRequest': Invalid URL",
            "message": "Failed to execute 'open' on 'XMLHttpRequest': Invalid URL"});
        let o = observe(&StepEvidence {
            result: &thrown,
            failures: &[],
            messages: &[],
            arrivals: &[],
            declared: &declared,
            request: &get,
        });
        assert_eq!(
            o.observation.reason,
            Some(ObservedReason::Known(Reason::InvalidUrl))
        );
        assert_eq!(
            o.message.as_deref(),
            Some("Failed to execute 'open' on 'XMLHttpRequest': Invalid URL")
        );
    }
}
