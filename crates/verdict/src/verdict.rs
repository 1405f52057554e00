//! Evaluating a scenario: the script call, the fetch machine driven by the
//! fixture's servers, and the verdict with every field of the contract.

use std::borrow::Cow;
use std::time::Duration;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct};
use sop_fetch_model::trace::Link;
use sop_fetch_model::{
    Blocked, Decision, Fetch, FetchConfig, FetchResult, Incoming, Outgoing, PreflightCache,
    Profile, Reason, Request, ResponseType, SameOriginPolicy, Trace, TraceEntry,
};

use crate::change::Fix;
use crate::enforcement::Enforcement;
use crate::fixture::{Api, Outcome, ScriptRequest};
use crate::message::{Caller, LastAnswer, console_message};
use crate::page::PageContext;
use crate::script::{ScriptCall, build_request_among};
use crate::servers::Servers;
use crate::warning::Warning;

pub use crate::record::RequestRecord;
use crate::record::wire_url;

/// One decision of the trace, as JSON: `anchor`, `link` (the anchor's
/// full URL), `step`, `decision`, `detail` and, where the profile departs
/// from the standard, `standard`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
        r.serialize_field("link", &self.link().pieces().concat())?;
        r.serialize_field("step", self.step)?;
        r.serialize_field("decision", self.decision.as_str())?;
        r.serialize_field("detail", &self.detail)?;
        if let Some(standard) = &self.standard {
            r.serialize_field("standard", standard)?;
        }
        r.end()
    }
}

/// What the browser does with one request: every field of the contract's
/// `expect`, plus the trace, the console message and the fix.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
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
    /// How the same-origin policy was applied ([`Enforcement`]); shown as
    /// `enforcement` unless it is `enforce`, so an `enforce` verdict's JSON
    /// is the same as before modes existed.
    #[serde(skip_serializing_if = "Enforcement::is_enforce")]
    pub enforcement: Enforcement,
    /// In `report-only` only: what the script was handed instead of the
    /// verdict's outcome, and the requests that reached the servers to get
    /// it (the same call run with the policy off). Shown as `delivered`
    /// when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered: Option<Box<Delivered>>,
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
    pub(crate) answers: Vec<Incoming>,
    /// The machine's failure details (for explanations and fixes).
    #[serde(skip)]
    pub(crate) blocked: Option<Blocked>,
}

impl Verdict {
    /// The requests that reached servers, as the contract's `requests`
    /// shows them.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.sent.iter().map(request_record).collect()
    }
}

/// What a `report-only` evaluation hands to script, whatever the verdict
/// says a browser would do: the same call run with the same-origin policy
/// off (see [`SameOriginPolicy::Off`]). The fields mean what the verdict's
/// fields of the same names mean, for that run: `outcome` is `exposed`
/// (a basic response: the status, every header but `Set-Cookie`, the body)
/// unless the script asked for `no-cors` (`opaque`), redirect `manual`
/// met a redirect (`opaque-redirect`), or what is not the same-origin
/// policy failed the read (`blocked`, with its `reason`: mixed content, a
/// network error, too many redirects, an API's throw). `requests` are the
/// requests that reached the servers in that run: the ones a harness in
/// report-only really sends.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Delivered {
    /// exposed, opaque, opaque-redirect or blocked.
    pub outcome: Outcome,
    /// Why it failed even with the policy off.
    #[serde(serialize_with = "ser_reason")]
    pub reason: Option<Reason>,
    /// The status the script is handed.
    pub status: u16,
    /// The header names the script is handed, lowercase, sorted.
    pub exposed_headers: Vec<String>,
    /// The body the script is handed.
    pub body: String,
    /// The requests that reached the servers; shown as `requests`.
    #[serde(rename = "requests", serialize_with = "ser_requests")]
    pub sent: Vec<Outgoing>,
    /// The final response URL (empty when there is none to read).
    pub url: String,
}

impl Delivered {
    /// The requests that reached the servers, as `requests` shows them.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.sent.iter().map(request_record).collect()
    }
}

impl From<Verdict> for Delivered {
    /// The script's view of a verdict reached with the policy off.
    fn from(v: Verdict) -> Delivered {
        Delivered {
            outcome: v.outcome,
            reason: v.reason,
            status: v.status,
            exposed_headers: v.exposed_headers,
            body: v.body,
            sent: v.sent,
            url: v.url,
        }
    }
}

pub(crate) fn ser_reason<S: serde::Serializer>(
    r: &Option<Reason>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match r {
        Some(r) => s.serialize_str(r.code()),
        None => s.serialize_none(),
    }
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
            reason: Some(blocked.reason),
            blocked: Some(blocked),
            ..Verdict::with_outcome(Outcome::Blocked, sent)
        }
    }

    /// A verdict of `outcome` after sending `sent`, with nothing else yet.
    fn with_outcome(outcome: Outcome, sent: Vec<Outgoing>) -> Verdict {
        Verdict {
            outcome,
            reason: None,
            preflight: sent.iter().any(|o| o.preflight),
            status: 0,
            exposed_headers: Vec::new(),
            body: String::new(),
            sent,
            url: String::new(),
            message: None,
            fix: None,
            enforcement: Enforcement::Enforce,
            delivered: None,
            trace: Vec::new(),
            warnings: Vec::new(),
            answers: Vec::new(),
            blocked: None,
        }
    }
}

/// Evaluates one script call against the servers, sharing `cache`, with
/// the same-origin policy enforced or off.
#[allow(clippy::too_many_arguments)] // the evaluation's whole context, named
pub(crate) fn evaluate_call(
    page: &PageContext<'_>,
    call: &ScriptRequest,
    servers: &Servers<'_>,
    profile: &Profile,
    cache: &mut PreflightCache,
    now: Duration,
    record_trace: bool,
    policy: SameOriginPolicy,
) -> Verdict {
    let mut script_trace = Trace::recording(record_trace);
    let known = servers.entries();
    let request = match build_request_among(page, call, profile, &mut script_trace, known) {
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
        policy,
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
    policy: SameOriginPolicy,
) -> Verdict {
    let record_trace = script_trace.is_enabled();
    // The answers are kept only for explanations, which read the trace.
    let mut answers = Vec::new();
    let config = FetchConfig::new(profile.clone(), record_trace, policy);
    let fetch = Fetch::with_config(request, cache, now, config);
    let (result, trace, sent) = fetch.run_lent(
        |out| {
            let answer = servers.lend(out);
            if record_trace {
                answers.push(answer.clone().into_incoming());
            }
            answer
        },
        now,
    );
    let mut records = trace_records(script_trace);
    records.extend(trace_records(trace));
    // The console message of a network error reads the last answer, which
    // is the servers' answer to the last request sent (asked again only
    // for that message).
    let last = match &result {
        Err(b) if b.reason == Reason::NetworkError => sent.last().map(|out| servers.lend(out)),
        _ => None,
    };
    let finished = Finished {
        sent,
        trace: records,
        answers,
        last_answer: last.as_ref().map(LastAnswer::from),
    };
    verdict_of(result, finished, page, xhr)
}

/// What a finished fetch leaves besides its result.
pub(crate) struct Finished<'a> {
    /// The requests sent, in order.
    pub(crate) sent: Vec<Outgoing>,
    /// The script layer's and the machine's decisions.
    pub(crate) trace: Vec<TraceRecord>,
    /// The answers to `sent`, when kept for explanations.
    pub(crate) answers: Vec<Incoming>,
    /// What the last request sent got (it tells network errors apart).
    pub(crate) last_answer: Option<LastAnswer<'a>>,
}

/// The verdict on a finished fetch: what the script reads, or why it is
/// blocked and Chromium's console message for it (no fix yet).
pub(crate) fn verdict_of(
    result: FetchResult,
    finished: Finished<'_>,
    page: &PageContext<'_>,
    xhr: bool,
) -> Verdict {
    let mut v = Verdict {
        outcome: Outcome::Blocked,
        reason: None,
        preflight: finished.sent.iter().any(|o| o.preflight),
        status: 0,
        exposed_headers: Vec::new(),
        body: String::new(),
        sent: finished.sent,
        url: String::new(),
        message: None,
        fix: None,
        enforcement: Enforcement::Enforce,
        delivered: None,
        trace: finished.trace,
        warnings: Vec::new(),
        answers: finished.answers,
        blocked: None,
    };
    match result {
        Ok(response) => {
            v.outcome = outcome_of(response.response_type);
            v.status = response.status();
            v.exposed_headers = response.header_names();
            v.url = response.url();
            v.body = response.into_body().unwrap_or_default();
        }
        Err(blocked) => {
            v.reason = Some(blocked.reason);
            v.message = console_message(
                &blocked,
                page,
                if xhr { Caller::Xhr } else { Caller::Fetch },
                finished.last_answer,
            );
            v.blocked = Some(blocked);
        }
    }
    v
}

/// What the script gets from a response of this type.
fn outcome_of(response_type: ResponseType) -> Outcome {
    match response_type {
        ResponseType::Opaque => Outcome::Opaque,
        ResponseType::OpaqueRedirect => Outcome::OpaqueRedirect,
        _ => Outcome::Exposed,
    }
}

/// Where every trial of a fix starts: the fetch machine alone on the
/// script's request, untraced, with a fresh preflight cache, started once
/// and held before its first answer. Nothing up to that answer reads the
/// servers, so each trial's fork of it ([`Fetch::fork`], lent a fresh
/// cache as the start had) is the machine a fresh start would be, and
/// costs a copy instead of the start's work (the test below runs every
/// trial of the corpus both ways).
///
/// A trial keeps only what the trials read of its verdict (the outcome,
/// the failure and the requests sent); the console message, the exposed
/// names and the body are for the final verdict's reader. The trials read
/// no `Sec-Fetch-*` header of what is sent (a change reads the method, the
/// URL, `Origin` and the preflight's `Access-Control-Request-*`), and the
/// servers answer by method and URL, so no Fetch Metadata header is
/// appended ([`FetchConfig::without_fetch_metadata`]; the test below holds
/// the outcomes and the other headers equal over the corpus).
pub(crate) struct TrialStart(Fetch<'static>);

impl TrialStart {
    /// The machine started on `request`, as every trial begins.
    pub(crate) fn new(request: Request, profile: &Profile, policy: SameOriginPolicy) -> TrialStart {
        let config = FetchConfig::new(profile.clone(), false, policy).without_fetch_metadata();
        TrialStart::with_config(request, config)
    }

    fn with_config(request: Request, config: FetchConfig) -> TrialStart {
        let mut cache = PreflightCache::new();
        TrialStart(Fetch::with_config(request, &mut cache, Duration::ZERO, config).detach())
    }

    /// A trial: the machine from its start, answered by `servers`.
    pub(crate) fn run(&self, servers: &Servers<'_>) -> Verdict {
        let mut cache = PreflightCache::new();
        let now = Duration::ZERO;
        let fetch = self.0.fork().attach(&mut cache);
        let (result, _, sent) = fetch.run_lent(|out| servers.lend(out), now);
        match result {
            Ok(response) => Verdict::with_outcome(outcome_of(response.response_type), sent),
            Err(blocked) => Verdict::from_blocked(blocked, sent),
        }
    }
}

/// The verdict's view of a sent request: the policy's headers (Origin and
/// the preflight's Access-Control-Request-*) and the script's own, not the
/// preflight's `Accept: */*` (ambient, like User-Agent); names lowercase,
/// repeats combined; the URL without its fragment, which never goes on the
/// wire.
pub(crate) fn request_record(out: &Outgoing) -> RequestRecord {
    RequestRecord {
        method: out.method.as_str().to_owned(),
        url: wire_url(&out.url).to_owned(),
        headers: record_headers(out)
            .map(|(name, value)| (name.to_ascii_lowercase(), value.into_owned()))
            .collect(),
    }
}

/// The headers of [`request_record`], each name once (as first written)
/// with its values combined; borrowed unless a name repeats.
fn record_headers(out: &Outgoing) -> impl Iterator<Item = (&str, Cow<'_, str>)> {
    let list = &out.headers;
    let shown = |name: &str| !(out.preflight && name.eq_ignore_ascii_case("accept"));
    // Usually no name repeats, and every header is shown as it is; only
    // then are the names listed to find each header's first of its name.
    let names: Vec<&str> = if list.repeats_a_name() {
        list.names().collect()
    } else {
        Vec::new()
    };
    list.iter()
        .enumerate()
        .filter_map(move |(i, (name, value))| {
            if !shown(name) {
                return None;
            }
            if names.is_empty() {
                return Some((name, Cow::Borrowed(value)));
            }
            let same = |n: &&str| n.eq_ignore_ascii_case(name);
            let (before, after) = names.split_at(i.min(names.len()));
            if before.iter().any(same) {
                return None;
            }
            if !after.iter().skip(1).any(same) {
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
pub(crate) fn ser_requests<S: serde::Serializer>(
    sent: &[Outgoing],
    s: S,
) -> Result<S::Ok, S::Error> {
    /// A header name, written lowercase: as it is when it has no capital
    /// letter, from a constant for the names the machine itself sends, on
    /// the stack for the usual lengths (writing it char by char costs more
    /// than the rest of the line).
    struct Lowercase<'a>(&'a str);
    impl Serialize for Lowercase<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let name = self.0.as_bytes();
            if !name.iter().any(u8::is_ascii_uppercase) {
                return s.serialize_str(self.0);
            }
            let known = match self.0 {
                "Origin" => Some("origin"),
                "Accept" => Some("accept"),
                "Sec-Fetch-Site" => Some("sec-fetch-site"),
                "Sec-Fetch-Mode" => Some("sec-fetch-mode"),
                "Sec-Fetch-Dest" => Some("sec-fetch-dest"),
                "Sec-Fetch-User" => Some("sec-fetch-user"),
                "Sec-Fetch-Storage-Access" => Some("sec-fetch-storage-access"),
                "Access-Control-Request-Method" => Some("access-control-request-method"),
                "Access-Control-Request-Headers" => Some("access-control-request-headers"),
                _ => None,
            };
            if let Some(known) = known {
                return s.serialize_str(known);
            }
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
            r.serialize_field("method", self.0.method.as_str())?;
            r.serialize_field("url", wire_url(&self.0.url))?;
            r.serialize_field("headers", &Headers(self.0))?;
            r.end()
        }
    }
    s.collect_seq(sent.iter().map(Request))
}

pub(crate) fn trace_records(trace: Trace) -> Vec<TraceRecord> {
    trace
        .into_entries()
        .into_iter()
        .map(TraceRecord::from)
        .collect()
}

impl From<TraceEntry> for TraceRecord {
    fn from(e: TraceEntry) -> TraceRecord {
        TraceRecord {
            anchor: e.anchor,
            step: e.step,
            decision: e.decision,
            detail: e.detail,
            standard: e.departure,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::fixture::{Body, fixture_paths};
    use crate::script::build_request;
    use crate::{FixtureFile, Limits, fix};

    /// What a trial's reader sees of a verdict: the outcome, the failure,
    /// and each request sent with its headers, less the Fetch Metadata
    /// ones.
    fn seen(v: &Verdict) -> String {
        let sent: Vec<String> = v
            .sent
            .iter()
            .map(|out| {
                let headers: Vec<(&str, &str)> = out
                    .headers
                    .iter()
                    .filter(|(n, _)| !n.to_ascii_lowercase().starts_with("sec-fetch-"))
                    .collect();
                format!("{} {} {} {headers:?}", out.preflight, out.method, out.url)
            })
            .collect();
        format!("{:?} {:?} {:?} {sent:?}", v.outcome, v.reason, v.blocked)
    }

    /// A trial without the Fetch Metadata headers ends as the same run with
    /// them does, a trial forked from its start as one started afresh, and
    /// one lent its answers as one handed copies, for every fetch call of
    /// the corpus, with the policy on and off, on the fixture's answers and
    /// on each trial's changed ones.
    #[test]
    fn trials_without_fetch_metadata_end_as_with_them() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let paths = fixture_paths(&[dir]).unwrap();
        let (mut runs, mut metadata_sent) = (0, 0);
        for path in paths {
            let file = FixtureFile::read(&path, &Limits::default()).unwrap();
            for scenario in &file.scenarios {
                let Body::Fetch(body) = &scenario.body else {
                    continue;
                };
                let profile = scenario.profile.profile();
                let page = PageContext::new(&scenario.page);
                for call in body.calls() {
                    let ScriptCall::Request(request) =
                        build_request(&page, call.request, &profile, &mut Trace::disabled())
                    else {
                        continue;
                    };
                    for policy in [SameOriginPolicy::Enforced, SameOriginPolicy::Off] {
                        let config = FetchConfig::new(profile.clone(), false, policy);
                        let with_metadata =
                            TrialStart::with_config(Request::clone(&request), config);
                        let start = TrialStart::new(Request::clone(&request), &profile, policy);
                        let compare = |servers: &Servers<'_>| {
                            let with = with_metadata.run(servers);
                            let without = start.run(servers);
                            let at = format!("{}: {}", path.display(), scenario.name);
                            assert_eq!(seen(&with), seen(&without), "{at}");
                            let answered = |lent: bool| {
                                let mut cache = PreflightCache::new();
                                let fetch = with_metadata.0.fork().attach(&mut cache);
                                let (result, _, sent) = if lent {
                                    fetch.run_lent(|out| servers.lend(out), Duration::ZERO)
                                } else {
                                    fetch.run(|out| servers.answer(out), Duration::ZERO)
                                };
                                (result, sent)
                            };
                            assert_eq!(answered(true), answered(false), "{at}");
                            // A fork of the start is a fresh start.
                            let fresh = TrialStart::new(Request::clone(&request), &profile, policy)
                                .run(servers);
                            assert_eq!(fresh.sent, without.sent, "{at}");
                            assert_eq!(
                                (fresh.outcome, fresh.reason, &fresh.blocked),
                                (without.outcome, without.reason, &without.blocked),
                                "{at}"
                            );
                            (with, without)
                        };
                        let (with, without) = compare(&Servers::new(&scenario.responses));
                        runs += 1;
                        metadata_sent += usize::from(
                            with.sent
                                .iter()
                                .any(|o| o.headers.get("sec-fetch-mode").is_some()),
                        );
                        assert!(
                            without
                                .sent
                                .iter()
                                .all(|o| o.headers.get("sec-fetch-mode").is_none())
                        );
                        if with.outcome == Outcome::Blocked {
                            let include = call.request.credentials
                                == crate::fixture::CredentialsName::Include;
                            fix::fix_by_trial(
                                scenario.responses.clone(),
                                crate::servers::WireForms::default(),
                                &with,
                                include,
                                |servers| {
                                    runs += 1;
                                    compare(servers).1
                                },
                            );
                        }
                    }
                }
            }
        }
        // The corpus holds hundreds of fetch calls, most of them to
        // potentially trustworthy URLs (which get the headers).
        assert!(
            runs > 500 && metadata_sent > 300,
            "{runs} runs, {metadata_sent} with metadata"
        );
    }
}
