//! The sans-IO fetch machine behind an owned handle, and the preflight
//! cache a page's fetches share.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde_json::{Value, json};
use sop_fetch_model::{
    Fetch, HttpResponse, Incoming, Next, Outgoing, PreflightCache, Profile, Request, TraceEntry,
};
use sop_origin::{Origin, is_url_potentially_trustworthy};
use sop_verdict::embedder::{ScriptCall, request_for, verdict};
use sop_verdict::fixture::{Api, Body, FetchBody, Headers, Page};
use sop_verdict::page::PageContext;
use sop_verdict::verdict::TraceRecord;
use sop_verdict::{FixtureFile, Limits};

use crate::error::{Error, SopStatus, seconds};
use crate::evaluate::{INPUT, to_json};

/// A preflight cache, shared by the fetches of one page (or browsing
/// context): a grant one fetch's preflight earns spares the next fetch its
/// preflight, for `Access-Control-Max-Age` seconds on the caller's clock.
///
/// Fetches hold the cache by reference count, so freeing it while they run
/// is safe; they may run on different threads.
#[derive(Clone, Debug, Default)]
pub struct SopCache {
    shared: Arc<Mutex<PreflightCache>>,
}

impl SopCache {
    /// An empty cache.
    pub fn new() -> SopCache {
        SopCache::default()
    }

    /// How many grants it holds (expired ones included until replaced).
    pub fn len(&self) -> usize {
        self.lock().entries().len()
    }

    /// Whether it holds no grant.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cache, even if a panic elsewhere poisoned the lock: its entries
    /// are plain values, each written whole.
    fn lock(&self) -> MutexGuard<'_, PreflightCache> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What [`SopFetch::next`] says to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Send this request (JSON, see [`SopFetch::next`]) and hand its answer
    /// to [`SopFetch::receive`].
    Send(String),
    /// The fetch is over: read [`SopFetch::decision`].
    Done,
}

/// One fetch() or XMLHttpRequest call in progress, owning everything it
/// needs: the machine (detached from the cache between steps), the page,
/// the request as the script layer built it, and every exchange so far.
pub struct SopFetch {
    /// `None` only if a step panicked halfway: the handle cannot go on.
    fetch: Option<Fetch<'static>>,
    cache: SopCache,
    page: Page,
    /// The page's origin, fixed for the fetch's life (a sandboxed page's
    /// is opaque, and a new one would differ).
    origin: Origin,
    api: Api,
    /// The request before the machine ran (what a fix is tried on).
    request: Request,
    profile: Profile,
    /// The script layer's decisions (dropped headers, default
    /// Content-Type), before the machine's.
    script_trace: Vec<TraceEntry>,
    /// What was sent and what came back, in order.
    exchanges: Vec<(Outgoing, Incoming)>,
}

impl std::fmt::Debug for SopFetch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SopFetch")
            .field("request", &self.request)
            .field("exchanges", &self.exchanges.len())
            .field("usable", &self.fetch.is_some())
            .finish_non_exhaustive()
    }
}

const POISONED: &str = "an earlier call on this fetch panicked: it cannot go on; free it";

impl SopFetch {
    /// Starts the fetch a script call makes.
    ///
    /// `input` is JSON: `{"page": ..., "request": {...}, "profile": ...}`,
    /// the fixture format's `page`, `request` and `profile` (no `responses`:
    /// the caller answers). `cache` is the page's preflight cache (`None`:
    /// a cache of its own, thrown away with it); `now` is the caller's clock
    /// in seconds.
    ///
    /// Errors: [`SopStatus::InvalidInput`] worded as `sop eval` words a
    /// fixture error; [`SopStatus::ScriptThrows`] when fetch() or
    /// XMLHttpRequest throws before sending anything, with JSON
    /// `{"reason", "message"}`.
    pub fn new(input: &str, cache: Option<&SopCache>, now: f64) -> Result<SopFetch, Error> {
        let now = seconds(now)?;
        let scenario = parse_input(input)?;
        let call = match scenario.body {
            Body::Fetch(FetchBody::Call { request, .. }) => request,
            _ => {
                return Err(Error::invalid(format!(
                    "{INPUT}: request: missing: give the script's call"
                )));
            }
        };
        let profile = scenario.profile.profile();
        let page = PageContext::new(&scenario.page);
        let mut trace = sop_fetch_model::Trace::new();
        let request = match request_for(&page, &call, &profile, &mut trace) {
            ScriptCall::Request(request) => *request,
            ScriptCall::Throws { reason, message } => {
                let thrown = json!({"reason": reason.code(), "message": message});
                return Err(Error::new(SopStatus::ScriptThrows, thrown.to_string()));
            }
        };
        let origin = page.origin.clone();
        let cache = cache.cloned().unwrap_or_default();
        let fetch = {
            let mut lent = cache.lock();
            Fetch::with_profile(request.clone(), &mut lent, now, profile.clone()).detach()
        };
        Ok(SopFetch {
            fetch: Some(fetch),
            cache,
            page: scenario.page,
            origin,
            api: call.api,
            request,
            profile,
            script_trace: trace.into_entries(),
            exchanges: Vec::new(),
        })
    }

    fn machine(&self) -> Result<&Fetch<'static>, Error> {
        self.fetch
            .as_ref()
            .ok_or_else(|| Error::new(SopStatus::Panic, POISONED))
    }

    fn page(&self) -> PageContext<'_> {
        let url = self.page.url.url();
        PageContext {
            url,
            origin: self.origin.clone(),
            secure: is_url_potentially_trustworthy(url),
            sandboxed: self.page.sandbox,
        }
    }

    /// What to do next: a request to send, as JSON
    /// `{"preflight": bool, "method": "OPTIONS", "url": "https://...",
    /// "headers": [["Origin", "https://..."], ...], "credentials": bool,
    /// "body": null | "..."}` (the URL as it goes on the wire, without its
    /// fragment; every header the policy sets and the script's own, in
    /// order; `credentials`: whether cookies and HTTP authentication go
    /// with it), or [`Step::Done`]. Asking again before an answer gives the
    /// same request.
    pub fn next(&self) -> Result<Step, Error> {
        match self.machine()?.next() {
            Next::Send(out) => to_json(&outgoing_json(out)).map(Step::Send),
            Next::Done(_) => Ok(Step::Done),
        }
    }

    /// The request awaiting its answer, for Rust callers (C callers read
    /// its JSON from [`SopFetch::next`]); `None` when the fetch is over.
    pub fn pending(&self) -> Option<&Outgoing> {
        match self.fetch.as_ref()?.next() {
            Next::Send(out) => Some(out),
            Next::Done(_) => None,
        }
    }

    /// Hands over what came back for the request [`SopFetch::next`] gave,
    /// at `now` seconds on the caller's clock.
    ///
    /// Errors: [`SopStatus::WrongState`] when the fetch is over.
    pub fn receive(&mut self, incoming: Incoming, now: f64) -> Result<(), Error> {
        let now = seconds(now)?;
        let fetch = self
            .fetch
            .take()
            .ok_or_else(|| Error::new(SopStatus::Panic, POISONED))?;
        let out = match fetch.next() {
            Next::Send(out) => out.clone(),
            Next::Done(_) => {
                self.fetch = Some(fetch);
                return Err(Error::wrong_state(
                    "the fetch is over: no request awaits an answer; read the decision",
                ));
            }
        };
        // The cache is lent for this step only, so the page's other
        // fetches see its grants at once.
        let mut lent = self.cache.lock();
        let mut attached = fetch.attach(&mut lent);
        attached.receive(incoming.clone(), now);
        self.fetch = Some(attached.detach());
        self.exchanges.push((out, incoming));
        Ok(())
    }

    /// The decision, once [`SopFetch::next`] says [`Step::Done`]: JSON of
    /// the same shape as a `request` scenario's verdict in `sop eval`
    /// (`outcome`, `reason`, `preflight`, `status`, `exposed_headers`,
    /// `body`, `requests`, `url`, `message`, `fix`, `trace`).
    ///
    /// Errors: [`SopStatus::WrongState`] while a request awaits its answer.
    pub fn decision(&self) -> Result<String, Error> {
        let fetch = self.machine()?;
        let Next::Done(result) = fetch.next() else {
            return Err(Error::wrong_state(
                "the fetch is not over: send the request sop_fetch_next gives and hand back its answer first",
            ));
        };
        let trace = self.script_trace.iter().chain(fetch.trace().entries());
        let verdict = verdict(
            &self.page(),
            &self.request,
            self.api,
            &self.exchanges,
            result,
            trace,
            &self.profile,
        );
        to_json(&verdict)
    }

    /// Every decision so far, the script layer's then the machine's, as a
    /// JSON array of `{"anchor", "link", "step", "decision", "detail"}`
    /// (and `standard` where the profile departs from the standard).
    pub fn trace(&self) -> Result<String, Error> {
        to_json(&self.trace_records(self.machine()?))
    }

    fn trace_records(&self, fetch: &Fetch<'static>) -> Vec<TraceRecord> {
        self.script_trace
            .iter()
            .chain(fetch.trace().entries())
            .cloned()
            .map(TraceRecord::from)
            .collect()
    }
}

/// An HTTP response as the caller's network stack got it: `status` (100 to
/// 999), `headers` as JSON (an object `{"Name": "value"}` or an array of
/// `["Name", "value"]` pairs, for repeats; `None` for none) and the body.
///
/// ```
/// use sop_fetch_model::Incoming;
/// let Incoming::Response(r) = sop_capi::http_response(204, Some(r#"[["Vary", "Origin"]]"#), "").unwrap()
///     else { unreachable!() };
/// assert_eq!(r.headers.get("vary").as_deref(), Some("Origin"));
/// assert!(sop_capi::http_response(42, None, "").is_err());
/// ```
pub fn http_response(status: u16, headers: Option<&str>, body: &str) -> Result<Incoming, Error> {
    if !(100..=999).contains(&status) {
        return Err(Error::invalid(format!(
            "status: expected a status from 100 to 999, found {status}"
        )));
    }
    let headers = match headers {
        None => Headers::default(),
        Some(text) => serde_json::from_str::<Headers>(text)
            .map_err(|e| Error::invalid(format!("headers: {e}")))?,
    };
    let mut answer = HttpResponse::new(status).body(body);
    answer.headers = headers.0;
    Ok(Incoming::Response(answer))
}

/// The JSON [`SopFetch::next`] gives for a request to send.
fn outgoing_json(out: &Outgoing) -> Value {
    let url = &out.url[..url::Position::AfterQuery];
    let headers: Vec<[&str; 2]> = out.headers.iter().map(|(n, v)| [n, v]).collect();
    json!({
        "preflight": out.preflight,
        "method": out.method.as_str(),
        "url": url,
        "headers": headers,
        "credentials": out.include_credentials,
        "body": out.body.as_deref(),
    })
}

/// Reads `{"page", "request", "profile"}` as a fixture scenario (so every
/// check and error message is the fixture format's), refusing the keys that
/// make no sense when the caller answers the requests.
fn parse_input(text: &str) -> Result<sop_verdict::Scenario, Error> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("{INPUT}: .: not valid JSON: {e}")))?;
    let Value::Object(mut map) = value else {
        return Err(Error::invalid(format!(
            "{INPUT}: .: expected an object {{\"page\": ..., \"request\": {{...}}}}"
        )));
    };
    if let Some(key) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "page" | "request" | "profile"))
    {
        return Err(Error::invalid(format!(
            "{INPUT}: {key}: unknown field `{key}`, expected `page`, `request` or `profile` \
             (the caller answers the requests)"
        )));
    }
    if !map.contains_key("request") {
        return Err(Error::invalid(format!(
            "{INPUT}: request: missing: give the script's call"
        )));
    }
    map.insert("name".to_owned(), Value::from("fetch"));
    let text = Value::Object(map).to_string();
    let file =
        FixtureFile::parse(Path::new(INPUT), &text, &Limits::default()).map_err(|mut e| {
            // The name was ours, not the caller's.
            e.scenario = None;
            Error::invalid(e.to_string())
        })?;
    file.scenarios
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid(format!("{INPUT}: .: no scenario")))
}

// What the C documentation promises: a fetch may move to another thread
// (used by one at a time), and a cache may be shared between threads.
const _: () = {
    const fn send<T: Send>() {}
    const fn send_sync<T: Send + Sync>() {}
    send::<SopFetch>();
    send_sync::<SopCache>();
};
