//! For embedders that drive the fetch machine themselves (a headless
//! browser with its own network stack, a test harness): the script layer's
//! rules, Chromium's console message and a verified fix, with no fixture.
//!
//! The path is: a [`ScriptRequest`] (what the script called) becomes a
//! `Request` by fetch()'s or XMLHttpRequest's rules ([`request_for`]); the
//! caller runs `sop_fetch_model::Fetch` over its own network; a `Blocked`
//! result becomes the console line ([`console_message`]) and the smallest
//! server change that would expose the read ([`suggest_fix`]).
//!
//! A harness that wants the same-origin policy off (Chromium's
//! `--disable-web-security`) starts the machine with
//! `Fetch::with_config` and a `FetchConfig` whose `same_origin_policy` is
//! `SameOriginPolicy::Off`; for report-only (what a browser would block,
//! and the response handed over anyway) it runs the machine twice, enforced
//! and off, as [`crate::evaluate()`] does with [`crate::Enforcement::ReportOnly`].
//! [`console_message`] and [`suggest_fix`] speak of the enforced run.
//!
//! ```
//! use std::time::Duration;
//! use sop_fetch_model::{Fetch, HttpResponse, Incoming, Next, PreflightCache, Profile, Trace};
//! use sop_verdict::embedder::{ScriptCall, console_message, request_for, suggest_fix};
//! use sop_verdict::fixture::{Api, ScriptRequest};
//! use sop_verdict::page::PageContext;
//!
//! let page_url = sop_origin::parse_url("https://app.example/").unwrap();
//! let page = PageContext::of_url(&page_url);
//! let profile = Profile::chromium();
//! // fetch('https://api.example/items/7', {method: 'PUT', headers: {'X-Token': 'abc'}})
//! let mut call = ScriptRequest::fetch("https://api.example/items/7");
//! call.method = "PUT".into();
//! call.headers.0.append("X-Token", "abc");
//! let ScriptCall::Request(request) = request_for(&page, &call, &profile, &mut Trace::disabled()) else {
//!     panic!("fetch() throws for this call");
//! };
//!
//! // The caller's network: here the server allows PUT but not X-Token.
//! let mut cache = PreflightCache::new();
//! let mut fetch = Fetch::with_profile((*request).clone(), &mut cache, Duration::ZERO, profile.clone());
//! let mut exchanges = Vec::new();
//! while let Next::Send(out) = fetch.next() {
//!     let answer = Incoming::Response(
//!         HttpResponse::new(204)
//!             .header("Access-Control-Allow-Origin", "https://app.example")
//!             .header("Access-Control-Allow-Methods", "PUT"),
//!     );
//!     exchanges.push((out.clone(), answer.clone()));
//!     fetch.receive(answer, Duration::ZERO);
//! }
//! let Next::Done(Err(blocked)) = fetch.next() else { panic!("the read went through") };
//!
//! let message = console_message(blocked, &page, Api::Fetch, exchanges.last().map(|(_, a)| a));
//! assert!(message.unwrap().ends_with(
//!     "Request header field x-token is not allowed by Access-Control-Allow-Headers in preflight response."));
//! let fix = suggest_fix(&request, &exchanges, blocked, &profile);
//! assert!(fix.possible);
//! assert_eq!(fix.changes[0].set["Access-Control-Allow-Headers"], "x-token");
//! ```

use sop_fetch_model::{
    Blocked, CredentialsMode, FetchResult, Incoming, Outgoing, Profile, Request, SameOriginPolicy,
    Trace, TraceEntry,
};

use crate::fix::{Fix, fix_by_trial};
use crate::fixture::{Api, Headers, ResponseBody, ResponseEntry, ScriptRequest};
use crate::message;
use crate::page::PageContext;
pub use crate::script::ScriptCall;
use crate::script::build_request;
use crate::servers::WireForms;
use crate::verdict::{Finished, TraceRecord, TrialStart, Verdict, verdict_of};

impl ScriptRequest {
    /// `fetch(url)` with every option at its default: GET, no headers, no
    /// body, mode `cors`, credentials `same-origin`, redirect `follow`.
    /// Set the public fields for the rest.
    pub fn fetch(url: impl Into<String>) -> ScriptRequest {
        ScriptRequest {
            api: Api::Fetch,
            url: url.into(),
            method: "GET".to_owned(),
            headers: Headers::default(),
            body: None,
            mode: Default::default(),
            credentials: Default::default(),
            redirect: Default::default(),
            upload_listener: false,
        }
    }

    /// `xhr.open('GET', url); xhr.send()`, likewise.
    pub fn xhr(url: impl Into<String>) -> ScriptRequest {
        ScriptRequest {
            api: Api::Xhr,
            ..ScriptRequest::fetch(url)
        }
    }
}

/// The request a script call makes, by the `Request` constructor's and the
/// `Headers` guards' rules (fetch()) or `open()`, `setRequestHeader()` and
/// `send()`'s (XMLHttpRequest), or the exception the API throws first. The
/// script layer's decisions (a header dropped, a default Content-Type) go
/// into `trace` (`Trace::disabled()` records nothing).
pub fn request_for(
    page: &PageContext<'_>,
    call: &ScriptRequest,
    profile: &Profile,
    trace: &mut Trace,
) -> ScriptCall {
    build_request(page, call, profile, trace)
}

/// The whole verdict on a fetch the embedder ran, as `sop eval` gives it
/// for a scenario: what the script reads, or why it is blocked, with
/// Chromium's console message and a verified fix; the `trace` is the
/// decisions the caller kept (the script layer's, then the machine's).
/// `request` is the request as the script layer built it, before the
/// machine ran; `exchanges` the requests sent and what came back.
pub fn verdict<'t>(
    page: &PageContext<'_>,
    request: &Request,
    api: Api,
    exchanges: &[(Outgoing, Incoming)],
    result: &FetchResult,
    trace: impl IntoIterator<Item = &'t TraceEntry>,
    profile: &Profile,
) -> Verdict {
    let finished = Finished {
        sent: exchanges.iter().map(|(out, _)| out.clone()).collect(),
        trace: trace.into_iter().cloned().map(TraceRecord::from).collect(),
        answers: exchanges.iter().map(|(_, answer)| answer.clone()).collect(),
        last_answer: exchanges.last().map(|(_, answer)| answer.into()),
    };
    let mut v = verdict_of(result.clone(), finished, page, api == Api::Xhr);
    if let Err(blocked) = result {
        v.fix = Some(suggest_fix(request, exchanges, blocked, profile));
    }
    v
}

/// What Chromium prints in the console for `blocked` (`None` where it
/// prints nothing). `last_answer` is what the last request sent got: it
/// tells Chromium's network errors apart.
pub fn console_message(
    blocked: &Blocked,
    page: &PageContext<'_>,
    api: Api,
    last_answer: Option<&Incoming>,
) -> Option<String> {
    message::console_message(
        blocked,
        page,
        if api == Api::Xhr {
            message::Caller::Xhr
        } else {
            message::Caller::Fetch
        },
        last_answer.map(Into::into),
    )
}

/// The smallest change to the servers' answers that would expose the read,
/// verified by running the machine again on `request` (the request as the
/// script layer built it, before the machine ran) with the changed answers,
/// as `sop eval`'s fixes are (each trial a fresh machine, untraced).
/// `exchanges` are the requests sent and what came back, in order.
pub fn suggest_fix(
    request: &Request,
    exchanges: &[(Outgoing, Incoming)],
    blocked: &Blocked,
    profile: &Profile,
) -> Fix {
    let responses = exchanges.iter().map(entry_for).collect();
    let sent = exchanges.iter().map(|(out, _)| out.clone()).collect();
    let verdict = Verdict::from_blocked(blocked.clone(), sent);
    let include = request.credentials_mode == CredentialsMode::Include;
    let start = TrialStart::new(request.clone(), profile, SameOriginPolicy::Enforced);
    fix_by_trial(
        responses,
        WireForms::default(),
        &verdict,
        include,
        |servers| start.run(servers),
    )
}

/// An exchange as a server's canned answer: to that method and URL (a
/// preflight's as `OPTIONS`), as it came back.
fn entry_for((out, incoming): &(Outgoing, Incoming)) -> ResponseEntry {
    let mut entry = ResponseEntry {
        url: out.url.clone().into(),
        method: Some(out.method.as_str().to_owned()),
        status: 200,
        headers: Headers::default(),
        body: ResponseBody::Absent,
        network_error: false,
    };
    match incoming {
        Incoming::Response(response) => {
            entry.status = response.status;
            entry.headers = Headers(response.headers.clone());
            entry.body = ResponseBody::Text(response.body.clone());
        }
        // The bytes that made it invalid are the caller's; as far as the
        // trial runs go, no response came.
        Incoming::NetworkError | Incoming::InvalidResponse => entry.network_error = true,
    }
    entry
}
