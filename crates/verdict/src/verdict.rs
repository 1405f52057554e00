//! Evaluating a scenario: the script call, the fetch machine driven by the
//! fixture's servers, and the verdict with every field of the contract.

use std::time::Duration;

use indexmap::IndexMap;
use serde::Serialize;
use sop_fetch_model::{
    Blocked, Fetch, FetchResult, Incoming, Outgoing, PreflightCache, Profile, Reason, ResponseType,
    Trace,
};

use crate::fix::{Fix, suggest_fix};
use crate::fixture::{Api, Outcome, Scenario, ScriptRequest};
use crate::message::console_message;
use crate::script::{PageContext, ScriptCall, build_request};
use crate::servers::Servers;

/// A request that reached a server, as the verdict reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    /// The method.
    pub method: String,
    /// The URL.
    pub url: String,
    /// The policy's headers and the script's surviving headers, lowercase.
    pub headers: IndexMap<String, String>,
}

/// One decision of the trace, as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TraceRecord {
    /// `spec#anchor`.
    pub anchor: &'static str,
    /// The full link.
    pub link: String,
    /// What was decided.
    pub step: &'static str,
    /// `pass`, `fail` or `note`.
    pub decision: &'static str,
    /// The values and the conclusion.
    pub detail: String,
    /// What the standard would do, where the profile departs from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
}

/// What the browser does with one request: every field of the contract's
/// `expect`, plus the trace, the console message and the fix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// exposed, opaque, opaque-redirect or blocked.
    pub outcome: Outcome,
    /// Why it was blocked.
    #[serde(serialize_with = "ser_reason")]
    pub reason: Option<Reason>,
    /// Whether a preflight was sent (not served from the cache).
    pub preflight: bool,
    /// The status the script sees.
    pub status: u16,
    /// The declared header names the script can read, lowercase, sorted.
    pub exposed_headers: Vec<String>,
    /// The body the script can read.
    pub body: String,
    /// The requests that reached servers.
    pub requests: Vec<RequestRecord>,
    /// The final response URL (empty when there is none to read).
    pub url: String,
    /// What Chromium prints in the console, when blocked.
    pub message: Option<String>,
    /// The smallest server change that would expose the read, when blocked.
    pub fix: Option<Fix>,
    /// Every decision, in order.
    pub trace: Vec<TraceRecord>,
    /// The answers the servers gave, in order (for explanations).
    #[serde(skip)]
    pub exchanges: Vec<(Outgoing, Incoming)>,
    /// The machine's failure details (for explanations and fixes).
    #[serde(skip)]
    pub blocked: Option<Blocked>,
}

fn ser_reason<S: serde::Serializer>(r: &Option<Reason>, s: S) -> Result<S::Ok, S::Error> {
    match r {
        Some(r) => s.serialize_str(r.code()),
        None => s.serialize_none(),
    }
}

/// A scenario's verdict: one, or one per step.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ScenarioVerdict {
    /// A `request` scenario.
    Single(Box<Verdict>),
    /// A `steps` scenario.
    Steps {
        /// One verdict per step.
        steps: Vec<Verdict>,
    },
}

impl ScenarioVerdict {
    /// The verdicts, one per step (one for a single request).
    pub fn verdicts(&self) -> Vec<&Verdict> {
        match self {
            ScenarioVerdict::Single(v) => vec![v],
            ScenarioVerdict::Steps { steps } => steps.iter().collect(),
        }
    }
}

/// How to evaluate: with or without the explanation-only parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Compute the suggested fix (re-evaluates the scenario with changed
    /// responses, so it costs a few more evaluations of blocked reads).
    pub fix: bool,
    /// Record the trace (every decision in words).
    pub trace: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            fix: true,
            trace: true,
        }
    }
}

impl Options {
    /// Outcomes only: no fix, no trace (the verdict's `trace` is empty and
    /// `fix` null). The fast path for batch audits.
    pub fn lean() -> Options {
        Options {
            fix: false,
            trace: false,
        }
    }
}

/// Evaluates a scenario that passed validation.
///
/// ```
/// use sop_verdict::{FixtureFile, Limits, evaluate, Options, Outcome};
/// let text = r#"{"name": "x", "page": "https://app.example/",
///   "request": {"url": "https://api.example/data"},
///   "responses": [{"url": "https://api.example/data", "body": "hi"}]}"#;
/// let file = FixtureFile::parse("x.json".as_ref(), text, &Limits::default()).unwrap();
/// let v = evaluate(&file.scenarios[0], Options::default());
/// let v = v.verdicts()[0];
/// assert_eq!(v.outcome, Outcome::Blocked);
/// assert_eq!(v.reason.unwrap().code(), "missing-allow-origin-header");
/// assert!(v.message.as_deref().unwrap().starts_with("Access to fetch at 'https://api.example/data' from origin 'https://app.example'"));
/// ```
pub fn evaluate(scenario: &Scenario, options: Options) -> ScenarioVerdict {
    let profile = scenario.profile.profile();
    // Validation made sure the page URL parses.
    let page = match PageContext::new(&scenario.page) {
        Ok(p) => p,
        Err(e) => return ScenarioVerdict::Single(Box::new(invalid_page(&e.to_string()))),
    };
    let servers = Servers::new(&scenario.responses);
    let mut cache = PreflightCache::new();
    let verdict_for = |call: &ScriptRequest, now: Duration, cache: &mut PreflightCache| {
        let mut v = evaluate_call(&page, call, &servers, &profile, cache, now, options.trace);
        if options.fix && v.outcome == Outcome::Blocked {
            v.fix = Some(suggest_fix(scenario, &page, call, &v, &profile));
        }
        v
    };
    match (&scenario.request, &scenario.steps) {
        (Some(call), _) => {
            ScenarioVerdict::Single(Box::new(verdict_for(call, Duration::ZERO, &mut cache)))
        }
        (None, Some(steps)) => {
            let mut now = Duration::ZERO;
            let steps = steps
                .iter()
                .map(|step| {
                    now += Duration::from_secs_f64(step.wait);
                    verdict_for(&step.request, now, &mut cache)
                })
                .collect();
            ScenarioVerdict::Steps { steps }
        }
        (None, None) => ScenarioVerdict::Steps { steps: Vec::new() },
    }
}

fn invalid_page(why: &str) -> Verdict {
    Verdict {
        outcome: Outcome::Blocked,
        reason: Some(Reason::InvalidUrl),
        preflight: false,
        status: 0,
        exposed_headers: Vec::new(),
        body: String::new(),
        requests: Vec::new(),
        url: String::new(),
        message: Some(why.to_owned()),
        fix: None,
        trace: Vec::new(),
        exchanges: Vec::new(),
        blocked: None,
    }
}

/// Evaluates one script call against the servers, sharing `cache`.
pub fn evaluate_call(
    page: &PageContext,
    call: &ScriptRequest,
    servers: &Servers<'_>,
    profile: &Profile,
    cache: &mut PreflightCache,
    now: Duration,
    record_trace: bool,
) -> Verdict {
    let mut script_trace = if record_trace {
        Trace::new()
    } else {
        Trace::disabled()
    };
    let request = match build_request(page, call, profile, &mut script_trace) {
        ScriptCall::Request(r) => r,
        ScriptCall::Throws { reason, message } => {
            let mut v = invalid_page(&message);
            v.reason = Some(reason);
            v.trace = trace_records(&script_trace);
            v.blocked = Some(Blocked {
                reason,
                value: None,
                url_list: Vec::new(),
                during_preflight: false,
                sent_anything: false,
            });
            return v;
        }
    };
    let mut exchanges = Vec::new();
    let fetch = Fetch::configured(*request, cache, now, profile.clone(), record_trace);
    let (result, trace, sent) = fetch.run(
        |out| {
            let incoming = servers.answer(out);
            exchanges.push((out.clone(), incoming.clone()));
            incoming
        },
        now,
    );
    let mut records = trace_records(&script_trace);
    records.extend(trace_records(&trace));
    let requests = sent.iter().map(request_record).collect();
    let preflight = sent.iter().any(|o| o.preflight);
    build_verdict(result, page, call, requests, preflight, records, exchanges)
}

fn build_verdict(
    result: FetchResult,
    page: &PageContext,
    call: &ScriptRequest,
    requests: Vec<RequestRecord>,
    preflight: bool,
    trace: Vec<TraceRecord>,
    exchanges: Vec<(Outgoing, Incoming)>,
) -> Verdict {
    match result {
        Ok(response) => {
            let outcome = match response.response_type {
                ResponseType::Opaque => Outcome::Opaque,
                ResponseType::OpaqueRedirect => Outcome::OpaqueRedirect,
                _ => Outcome::Exposed,
            };
            Verdict {
                outcome,
                reason: None,
                preflight,
                status: response.status(),
                exposed_headers: response.header_list().names_lowercase_sorted_unique(),
                body: response.body().unwrap_or_default().to_owned(),
                requests,
                url: response.url(),
                message: None,
                fix: None,
                trace,
                exchanges,
                blocked: None,
            }
        }
        Err(blocked) => Verdict {
            outcome: Outcome::Blocked,
            reason: Some(blocked.reason),
            preflight,
            status: 0,
            exposed_headers: Vec::new(),
            body: String::new(),
            requests,
            url: String::new(),
            message: console_message(
                &blocked,
                page,
                call.api == Api::Xhr,
                exchanges.last().map(|(_, incoming)| incoming),
            ),
            fix: None,
            trace,
            exchanges,
            blocked: Some(blocked),
        },
    }
}

/// The verdict's view of a sent request: the policy's headers (Origin and
/// the preflight's Access-Control-Request-*) and the script's own, not the
/// preflight's `Accept: */*` (ambient, like User-Agent).
fn request_record(out: &Outgoing) -> RequestRecord {
    let mut headers = IndexMap::new();
    for (name, value) in out.headers.iter() {
        let name = name.to_ascii_lowercase();
        if out.preflight && name == "accept" {
            continue;
        }
        match headers.get_mut(&name) {
            Some(existing) => *existing = format!("{existing}, {value}"),
            None => {
                headers.insert(name, value.to_owned());
            }
        }
    }
    // The fragment never goes on the wire.
    let mut url = out.url.clone();
    url.set_fragment(None);
    RequestRecord {
        method: out.method.clone(),
        url: url.to_string(),
        headers,
    }
}

fn trace_records(trace: &Trace) -> Vec<TraceRecord> {
    trace
        .entries()
        .iter()
        .map(|e| TraceRecord {
            anchor: e.anchor,
            link: e.link(),
            step: e.step,
            decision: match e.decision {
                sop_fetch_model::Decision::Pass => "pass",
                sop_fetch_model::Decision::Fail => "fail",
                sop_fetch_model::Decision::Note => "note",
            },
            detail: e.detail.clone(),
            standard: e.departure.clone(),
        })
        .collect()
}
