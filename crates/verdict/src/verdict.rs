//! Evaluating a scenario: the script call, the fetch machine driven by the
//! fixture's servers, and the verdict with every field of the contract.

use std::borrow::Cow;
use std::time::Duration;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct};
use sop_fetch_model::trace::Link;
use sop_fetch_model::{
    Blocked, Decision, Fetch, Incoming, Outgoing, PreflightCache, Profile, Reason, Request,
    ResponseType, Trace,
};

use crate::fix::{Fix, suggest_fix};
use crate::fixture::{Api, Outcome, Scenario, ScriptRequest};
use crate::message::console_message;
use crate::script::{PageContext, ScriptCall, build_request};
use crate::servers::Servers;

pub use crate::observation::RequestRecord;

/// One decision of the trace, as JSON: `anchor`, `link` (the anchor's
/// full URL), `step`, `decision`, `detail` and, where the profile departs
/// from the standard, `standard`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceRecord {
    /// `spec#anchor`.
    pub anchor: &'static str,
    /// What was decided.
    pub step: &'static str,
    /// How it came out (`pass`, `fail` or `note` in the JSON).
    pub decision: Decision,
    /// The values and the conclusion.
    pub detail: String,
    /// What the standard would do, where the profile departs from it.
    pub standard: Option<String>,
}

impl TraceRecord {
    /// The anchor's full URL.
    pub fn link(&self) -> Link<'static> {
        Link(self.anchor)
    }
}

impl Serialize for TraceRecord {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut r = s.serialize_struct("TraceRecord", 6)?;
        r.serialize_field("anchor", self.anchor)?;
        r.serialize_field("link", &DisplayStr(self.link()))?;
        r.serialize_field("step", self.step)?;
        r.serialize_field("decision", self.decision.as_str())?;
        r.serialize_field("detail", &self.detail)?;
        if let Some(standard) = &self.standard {
            r.serialize_field("standard", standard)?;
        }
        r.end()
    }
}

/// A `Display` value serialised as a string, without building it first.
struct DisplayStr<T>(T);

impl<T: std::fmt::Display> Serialize for DisplayStr<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
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
    /// The requests that reached servers, as the machine sent them; the
    /// JSON shows them as `requests` (see [`Verdict::requests`]).
    #[serde(rename = "requests", serialize_with = "ser_requests")]
    pub sent: Vec<Outgoing>,
    /// The final response URL (empty when there is none to read).
    pub url: String,
    /// What Chromium prints in the console, when blocked.
    pub message: Option<String>,
    /// The smallest server change that would expose the read, when blocked.
    pub fix: Option<Fix>,
    /// Every decision, in order.
    pub trace: Vec<TraceRecord>,
    /// What in the scenario is probably not what its author meant (a
    /// single-request scenario's; a `steps` scenario keeps them beside its
    /// steps). Shown as `warnings` when there are any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// The answers the servers gave to `sent`, in order (for
    /// explanations); recorded only with the trace.
    #[serde(skip)]
    pub answers: Vec<Incoming>,
    /// The machine's failure details (for explanations and fixes).
    #[serde(skip)]
    pub blocked: Option<Blocked>,
}

impl Verdict {
    /// The requests that reached servers, as the contract's `requests`
    /// shows them.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.sent.iter().map(request_record).collect()
    }
}

fn ser_reason<S: serde::Serializer>(r: &Option<Reason>, s: S) -> Result<S::Ok, S::Error> {
    match r {
        Some(r) => s.serialize_str(r.code()),
        None => s.serialize_none(),
    }
}

/// Something in a scenario that may not be what its author meant. The
/// verdict stands (it is what the browser would do with those servers), but
/// a typo in a response's URL must not pass for a CORS failure.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// A `responses` entry that answered no request while some request got
    /// the default 404: most likely a typo in its `url` or `method`.
    UnusedResponse {
        /// Its index in `responses`.
        index: usize,
        /// Its method (`None`: any method but OPTIONS).
        method: Option<String>,
        /// Its URL.
        url: String,
        /// The requests no entry answered, as `METHOD URL`, each once.
        unanswered: Vec<String>,
    },
    /// A `responses` entry that answered no request, while every request
    /// sent found its entry: the read never asked for it (no preflight was
    /// needed, or the read ended first). Often on purpose.
    UnreachedResponse {
        /// Its index in `responses`.
        index: usize,
        /// Its method (`None`: any method but OPTIONS).
        method: Option<String>,
        /// Its URL.
        url: String,
    },
    /// A request that no `responses` entry answers: the servers answered
    /// it 404 with no headers.
    NoResponseEntry {
        /// The request's method.
        method: String,
        /// The request's URL.
        url: String,
    },
}

impl Warning {
    /// A short kebab-case name, as the JSON's `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::UnusedResponse { .. } => "unused-response",
            Warning::UnreachedResponse { .. } => "unreached-response",
            Warning::NoResponseEntry { .. } => "no-response-entry",
        }
    }

    /// Whether this is most likely a mistake in the scenario (a URL no
    /// request went to, a request no entry answers), rather than an entry
    /// the read ended before.
    pub fn likely_mistake(&self) -> bool {
        !matches!(self, Warning::UnreachedResponse { .. })
    }
}

/// `METHOD URL` of an entry, as a warning names it.
struct EntryName<'a>(&'a Option<String>, &'a str);

impl std::fmt::Display for EntryName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(method) => write!(f, "{method} {}", self.1),
            None => write!(f, "{} for any method but OPTIONS", self.1),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::UnusedResponse {
                index,
                method,
                url,
                unanswered,
            } => write!(
                f,
                "responses[{index}] ({}) answered no request, while {} got the default 404: \
                 check its url and method",
                EntryName(method, url),
                unanswered.join(" and ")
            ),
            Warning::UnreachedResponse { index, method, url } => write!(
                f,
                "responses[{index}] ({}) answered no request: the read never asked for it \
                 (no preflight was needed, or the read ended first)",
                EntryName(method, url)
            ),
            Warning::NoResponseEntry { method, url } => write!(
                f,
                "no responses entry answers {method} {url}, so it got a 404 with no headers"
            ),
        }
    }
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut w = s.serialize_struct("Warning", 2)?;
        w.serialize_field("code", self.code())?;
        w.serialize_field("message", &DisplayStr(self))?;
        w.end()
    }
}

/// A scenario's verdict: one, or one per step.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ScenarioVerdict {
    /// A `request` scenario (its warnings are the verdict's).
    Single(Box<Verdict>),
    /// A `steps` scenario.
    Steps {
        /// One verdict per step.
        steps: Vec<Verdict>,
        /// The scenario's warnings.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        warnings: Vec<Warning>,
    },
}

impl ScenarioVerdict {
    /// What in the scenario is probably a mistake (see [`Warning`]).
    pub fn warnings(&self) -> &[Warning] {
        match self {
            ScenarioVerdict::Single(v) => &v.warnings,
            ScenarioVerdict::Steps { warnings, .. } => warnings,
        }
    }

    /// The verdicts, one per step (one for a single request).
    pub fn verdicts(&self) -> Vec<&Verdict> {
        match self {
            ScenarioVerdict::Single(v) => vec![v],
            ScenarioVerdict::Steps { steps, .. } => steps.iter().collect(),
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
    let page = PageContext::new(&scenario.page);
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
            let mut v = verdict_for(call, Duration::ZERO, &mut cache);
            v.warnings = warnings(&servers, std::slice::from_ref(&v));
            ScenarioVerdict::Single(Box::new(v))
        }
        (None, Some(steps)) => {
            let mut now = Duration::ZERO;
            let steps: Vec<Verdict> = steps
                .iter()
                .map(|step| {
                    now += Duration::from_secs_f64(step.wait);
                    verdict_for(&step.request, now, &mut cache)
                })
                .collect();
            let warnings = warnings(&servers, &steps);
            ScenarioVerdict::Steps { steps, warnings }
        }
        (None, None) => ScenarioVerdict::Steps {
            steps: Vec::new(),
            warnings: Vec::new(),
        },
    }
}

/// The scenario's warnings once every call has run: the requests that no
/// entry answered, then the entries that answered none (a likely typo when
/// some request went unanswered, an entry never asked for otherwise).
fn warnings(servers: &Servers<'_>, verdicts: &[Verdict]) -> Vec<Warning> {
    let mut unanswered: Vec<String> = Vec::new();
    let mut out: Vec<Warning> = Vec::new();
    for sent in verdicts.iter().flat_map(|v| &v.sent) {
        if servers.entry_for(sent).is_none() {
            let (method, url) = (sent.method.clone(), wire_url(&sent.url).to_owned());
            let name = format!("{method} {url}");
            if !unanswered.contains(&name) {
                unanswered.push(name);
                out.push(Warning::NoResponseEntry { method, url });
            }
        }
    }
    out.extend(servers.unused().map(|(index, e)| {
        let (method, url) = (e.method.clone(), e.url.to_string());
        if unanswered.is_empty() {
            Warning::UnreachedResponse { index, method, url }
        } else {
            Warning::UnusedResponse {
                index,
                method,
                url,
                unanswered: unanswered.clone(),
            }
        }
    }));
    out
}

/// The verdict on a call the script API refused: nothing was sent.
fn thrown(reason: Reason, message: String) -> Verdict {
    let mut v = Verdict::from_blocked(
        Blocked {
            reason,
            value: None,
            url_list: Vec::new(),
            during_preflight: false,
            sent_anything: false,
        },
        Vec::new(),
    );
    v.message = Some(message);
    v
}

impl Verdict {
    /// The verdict on a fetch that ended in `blocked` after sending `sent`
    /// (no message, fix or trace yet).
    pub(crate) fn from_blocked(blocked: Blocked, sent: Vec<Outgoing>) -> Verdict {
        Verdict {
            outcome: Outcome::Blocked,
            reason: Some(blocked.reason),
            preflight: sent.iter().any(|o| o.preflight),
            status: 0,
            exposed_headers: Vec::new(),
            body: String::new(),
            sent,
            url: String::new(),
            message: None,
            fix: None,
            trace: Vec::new(),
            warnings: Vec::new(),
            answers: Vec::new(),
            blocked: Some(blocked),
        }
    }
}

/// Evaluates one script call against the servers, sharing `cache`.
pub fn evaluate_call(
    page: &PageContext<'_>,
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
            let mut v = thrown(reason, message);
            v.trace = trace_records(script_trace);
            return v;
        }
    };
    let xhr = call.api == Api::Xhr;
    evaluate_request(
        page,
        *request,
        xhr,
        servers,
        profile,
        cache,
        now,
        script_trace,
    )
}

/// Runs the fetch machine on a request the script layer built, against the
/// servers; `script_trace` holds the script layer's decisions (and says
/// whether to record a trace at all).
#[allow(clippy::too_many_arguments)] // the evaluation's whole context, named
pub(crate) fn evaluate_request(
    page: &PageContext<'_>,
    request: Request,
    xhr: bool,
    servers: &Servers<'_>,
    profile: &Profile,
    cache: &mut PreflightCache,
    now: Duration,
    script_trace: Trace,
) -> Verdict {
    let record_trace = script_trace.is_enabled();
    // The answers are kept only for explanations, which read the trace.
    let mut answers = Vec::new();
    let fetch = Fetch::configured(request, cache, now, profile.clone(), record_trace);
    let (result, trace, sent) = fetch.run(
        |out| {
            let incoming = servers.answer(out);
            if record_trace {
                answers.push(incoming.clone());
            }
            incoming
        },
        now,
    );
    let mut records = trace_records(script_trace);
    records.extend(trace_records(trace));
    let preflight = sent.iter().any(|o| o.preflight);
    let mut v = Verdict {
        outcome: Outcome::Blocked,
        reason: None,
        preflight,
        status: 0,
        exposed_headers: Vec::new(),
        body: String::new(),
        sent,
        url: String::new(),
        message: None,
        fix: None,
        trace: records,
        warnings: Vec::new(),
        answers,
        blocked: None,
    };
    match result {
        Ok(response) => {
            v.outcome = match response.response_type {
                ResponseType::Opaque => Outcome::Opaque,
                ResponseType::OpaqueRedirect => Outcome::OpaqueRedirect,
                _ => Outcome::Exposed,
            };
            v.status = response.status();
            v.exposed_headers = response.header_names();
            v.url = response.url();
            v.body = response.into_body().unwrap_or_default();
        }
        Err(blocked) => {
            v.reason = Some(blocked.reason);
            // The console message reads the last answer, which is the
            // servers' answer to the last request sent.
            let last = v.sent.last().map(|out| servers.answer(out));
            v.message = console_message(&blocked, page, xhr, last.as_ref());
            v.blocked = Some(blocked);
        }
    }
    v
}

/// The verdict's view of a sent request: the policy's headers (Origin and
/// the preflight's Access-Control-Request-*) and the script's own, not the
/// preflight's `Accept: */*` (ambient, like User-Agent); names lowercase,
/// repeats combined; the URL without its fragment, which never goes on the
/// wire.
fn request_record(out: &Outgoing) -> RequestRecord {
    RequestRecord {
        method: out.method.clone(),
        url: wire_url(&out.url).to_owned(),
        headers: record_headers(out)
            .map(|(name, value)| (name.to_ascii_lowercase(), value.into_owned()))
            .collect(),
    }
}

fn wire_url(url: &sop_origin::Url) -> &str {
    &url[..url::Position::AfterQuery]
}

/// The headers of [`request_record`], each name once (as first written)
/// with its values combined; borrowed unless a name repeats.
fn record_headers(out: &Outgoing) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
    let list = &out.headers;
    let shown = |name: &str| !(out.preflight && name.eq_ignore_ascii_case("accept"));
    list.iter()
        .enumerate()
        .filter_map(move |(i, (name, value))| {
            let same = |n: &str| n.eq_ignore_ascii_case(name);
            if !shown(name) || list.names().take(i).any(same) {
                return None;
            }
            if !list.names().skip(i + 1).any(same) {
                return Some((name, Cow::Borrowed(value)));
            }
            // A repeated name (rare): this is its first header.
            let mut all = value.to_owned();
            for v in list.values(name).skip(1) {
                all.push_str(", ");
                all.push_str(v);
            }
            Some((name, Cow::Owned(all)))
        })
}

/// `requests` in the verdict JSON, written straight from what was sent.
fn ser_requests<S: serde::Serializer>(sent: &[Outgoing], s: S) -> Result<S::Ok, S::Error> {
    /// A header name, written lowercase (on the stack for the usual
    /// lengths: writing it char by char costs more than the rest of the
    /// line).
    struct Lowercase<'a>(&'a str);
    impl Serialize for Lowercase<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let name = self.0.as_bytes();
            let mut buf = [0u8; 64];
            if let Some(copy) = buf.get_mut(..name.len()) {
                copy.copy_from_slice(name);
                copy.make_ascii_lowercase();
                // Lowercasing ASCII letters keeps UTF-8 valid.
                if let Ok(lower) = std::str::from_utf8(copy) {
                    return s.serialize_str(lower);
                }
            }
            s.serialize_str(&self.0.to_ascii_lowercase())
        }
    }
    struct Headers<'a>(&'a Outgoing);
    impl Serialize for Headers<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(None)?;
            for (name, value) in record_headers(self.0) {
                map.serialize_entry(&Lowercase(name), &value)?;
            }
            map.end()
        }
    }
    struct Request<'a>(&'a Outgoing);
    impl Serialize for Request<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut r = s.serialize_struct("RequestRecord", 3)?;
            r.serialize_field("method", &self.0.method)?;
            r.serialize_field("url", wire_url(&self.0.url))?;
            r.serialize_field("headers", &Headers(self.0))?;
            r.end()
        }
    }
    s.collect_seq(sent.iter().map(Request))
}

fn trace_records(trace: Trace) -> Vec<TraceRecord> {
    trace
        .into_entries()
        .into_iter()
        .map(|e| TraceRecord {
            anchor: e.anchor,
            step: e.step,
            decision: e.decision,
            detail: e.detail,
            standard: e.departure,
        })
        .collect()
}
