//! The sans-IO fetch machine: main fetch, HTTP fetch, the CORS-preflight
//! fetch and HTTP-redirect fetch, as far as the same-origin policy reaches.
//!
//! The machine sends nothing and keeps no clock. [`Fetch::next`] says what
//! to send; the caller sends it however it likes and hands the answer to
//! [`Fetch::receive`] with the current time, until `next` says
//! [`Next::Done`].
//!
//! ```
//! use std::time::Duration;
//! use sop_fetch_model::{Fetch, HttpResponse, Incoming, Next, PreflightCache, Request};
//!
//! let origin = sop_origin::Origin::of_url_str("https://app.example").unwrap();
//! let url = sop_origin::parse_url("https://api.example/items").unwrap();
//! let mut cache = PreflightCache::new();
//! let mut fetch = Fetch::new(Request::new("GET", url, origin), &mut cache, Duration::ZERO);
//! let Next::Send(out) = fetch.next() else { panic!() };
//! assert_eq!(out.headers.get("origin").as_deref(), Some("https://app.example"));
//! let answer = HttpResponse::new(200).header("Access-Control-Allow-Origin", "*").body("[]");
//! fetch.receive(Incoming::Response(answer), Duration::ZERO);
//! let Next::Done(Ok(response)) = fetch.next() else { panic!() };
//! assert_eq!(response.body(), Some("[]"));
//! ```

use crate::anchor;
use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use sop_origin::{Origin, Url, is_url_potentially_trustworthy, parse_url_with_base};

use crate::cache::{CacheKey, PreflightCache, Wildcards};
use crate::corp::corp_check;
use crate::cors::{CheckFailure, cors_check_with_origin};
use crate::headers::{HeaderList, HeaderNames};
use crate::metadata::{SiteMemo, append_fetch_metadata_headers};
use crate::method::{Method, is_cors_safelisted_method};
use crate::nosniff::mime_type_check;
use crate::orb::{OrbVerdict, orb_check};
use crate::preflight::{preflight_headers, validate_preflight_response};
use crate::profile::Profile;
use crate::reason::Reason;
use crate::request::{
    CredentialsMode, Destination, Initiator, Mode, RedirectMode, Request, Tainting,
};
use crate::response::{FilteredResponse, HttpResponse, Response, ResponseType, is_redirect_status};
use crate::safelist::{
    cors_exposed_header_name_list, cors_unsafe_request_header_names,
    cors_unsafe_request_header_names_for,
};
use crate::trace::{Decision, IntoDetail, Trace};

/// The [`Blocked::value`] of a no-cors request whose redirect mode is not
/// "follow" (refused before anything is sent).
pub const NO_CORS_REDIRECT: &str = "no-cors redirect mode";

/// The most redirects followed. <https://fetch.spec.whatwg.org/#http-redirect-fetch> (step 7)
pub const MAX_REDIRECTS: u32 = 20;

/// A request the machine asks the caller to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// Whether this is a CORS preflight (OPTIONS).
    pub preflight: bool,
    /// The method.
    pub method: Method,
    /// The URL (the request's own, shared).
    pub url: Arc<Url>,
    /// The headers the policy decides (Origin, the preflight's headers) and
    /// the script's own; not the browser's ambient headers.
    pub headers: HeaderList,
    /// Whether cookies and HTTP authentication go with it.
    pub include_credentials: bool,
    /// The body (the request's own, shared).
    pub body: Option<Arc<str>>,
}

/// What came back for an [`Outgoing`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incoming {
    /// An HTTP response.
    Response(HttpResponse),
    /// The connection failed: no HTTP response at all.
    NetworkError,
    /// Bytes came back that are not a valid HTTP response (Chromium: a NUL
    /// byte anywhere in the header block). The network stack refuses
    /// them: a network error, as for a failed connection.
    InvalidResponse,
}

/// What came back for an [`Outgoing`], lent: an [`Incoming`] whose
/// response the machine reads where it is ([`Fetch::receive_lent`]).
///
/// The machine copies from a lent response only what it keeps: the
/// response that ends the fetch. A caller that answers many fetches from
/// the same responses (a fixture's servers, answering every trial of a
/// fix) lends them rather than copying each into an [`Incoming`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer<'a> {
    /// An HTTP response.
    Response(LentResponse<'a>),
    /// As [`Incoming::NetworkError`].
    NetworkError,
    /// As [`Incoming::InvalidResponse`].
    InvalidResponse,
}

/// An HTTP response lent to the machine: each part borrowed or owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LentResponse<'a> {
    /// The status code.
    pub status: u16,
    /// The header list, in order, duplicates kept.
    pub headers: Cow<'a, HeaderList>,
    /// The body.
    pub body: Cow<'a, str>,
}

impl From<Incoming> for Answer<'static> {
    fn from(incoming: Incoming) -> Answer<'static> {
        match incoming {
            Incoming::Response(r) => Answer::Response(LentResponse {
                status: r.status,
                headers: Cow::Owned(r.headers),
                body: Cow::Owned(r.body),
            }),
            Incoming::NetworkError => Answer::NetworkError,
            Incoming::InvalidResponse => Answer::InvalidResponse,
        }
    }
}

impl Answer<'_> {
    /// The answer as an [`Incoming`], copying what is borrowed.
    pub fn into_incoming(self) -> Incoming {
        match self {
            Answer::Response(r) => Incoming::Response(HttpResponse {
                status: r.status,
                headers: r.headers.into_owned(),
                body: r.body.into_owned(),
            }),
            Answer::NetworkError => Incoming::NetworkError,
            Answer::InvalidResponse => Incoming::InvalidResponse,
        }
    }
}

/// Why a fetch ended in a network error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    /// The reason.
    pub reason: Reason,
    /// The value that failed (a header value, method, header name), if any.
    pub value: Option<String>,
    /// The URLs the request went through; the last is where it failed.
    pub url_list: Vec<Arc<Url>>,
    /// Whether it failed while validating a preflight.
    pub during_preflight: bool,
    /// Whether anything was sent before it failed.
    pub sent_anything: bool,
}

/// How a fetch ended: a filtered response, or a network error.
pub type FetchResult = Result<FilteredResponse, Blocked>;

/// What the caller does next. It borrows from the [`Fetch`], so nothing is
/// copied; clone what you keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next<'a> {
    /// Send this request and hand its answer to [`Fetch::receive`].
    Send(&'a Outgoing),
    /// The fetch is over.
    Done(&'a FetchResult),
}

/// A finished fetch, as the redirect checks hand it back (boxed: it is
/// large, and only a failure builds it).
type Ended = Box<State>;

/// Where the machine is. The request being awaited is the last of `sent`.
#[derive(Clone)]
enum State {
    AwaitingPreflight,
    AwaitingResponse,
    Done(FetchResult),
}

/// What `next` answers if the invariant "awaiting means something was sent"
/// ever broke: a network error, never a read.
static BROKEN: FetchResult = Err(Blocked {
    reason: Reason::NetworkError,
    value: None,
    url_list: Vec::new(),
    during_preflight: false,
    sent_anything: false,
});

/// Whether the machine enforces the same-origin policy.
///
/// `Off` is what Chromium's `--disable-web-security` does to fetch() and
/// XMLHttpRequest, and what a test harness that simulates a browser may
/// want: a request in `cors` or `same-origin` mode to another origin is
/// fetched as if it were same-origin (no preflight, no CORS check on the
/// response or on redirects, basic tainting: status, every header but
/// `Set-Cookie` and the body are readable, and credentials go with it as
/// for a same-origin request). What is not the same-origin policy stays:
/// mixed content, network errors, the redirect limit and the redirect
/// checks of the network stack, and `no-cors` mode, which still gives an
/// opaque response (the script asked for one). The script APIs' own
/// throws (a forbidden method, a bad URL) happen before the machine and are
/// not its business.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SameOriginPolicy {
    /// The policy as the profile's browser enforces it (the default).
    #[default]
    Enforced,
    /// The policy switched off, as with `--disable-web-security`.
    Off,
}

/// How a [`Fetch`] runs: whose behaviour it predicts, whether it records
/// its decisions, and whether it enforces the same-origin policy.
///
/// ```
/// use std::time::Duration;
/// use sop_fetch_model::{Fetch, FetchConfig, HttpResponse, Incoming, Next, PreflightCache,
///     Request, ResponseType, SameOriginPolicy};
///
/// let origin = sop_origin::Origin::of_url_str("https://app.example").unwrap();
/// let url = sop_origin::parse_url("https://api.example/items/7").unwrap();
/// let mut config = FetchConfig::default();
/// config.same_origin_policy = SameOriginPolicy::Off;
/// let mut cache = PreflightCache::new();
/// let mut fetch = Fetch::with_config(Request::new("PUT", url, origin), &mut cache, Duration::ZERO, config);
/// // No preflight: the PUT itself goes out, and its answer is read whole.
/// let Next::Send(out) = fetch.next() else { panic!() };
/// assert_eq!((out.preflight, out.method.as_str()), (false, "PUT"));
/// fetch.receive(Incoming::Response(HttpResponse::new(200).body("saved")), Duration::ZERO);
/// let Next::Done(Ok(response)) = fetch.next() else { panic!() };
/// assert_eq!(response.response_type, ResponseType::Basic);
/// assert_eq!(response.body(), Some("saved"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FetchConfig {
    /// The browser whose departures from the standard to follow.
    pub profile: Profile,
    /// Record every decision in words (without, no decision text is ever
    /// formatted: the fast path for callers that need only outcomes).
    pub record_trace: bool,
    /// Whether the same-origin policy is enforced.
    pub same_origin_policy: SameOriginPolicy,
    /// Append the Fetch Metadata headers to what is sent (see
    /// [`FetchConfig::without_fetch_metadata`]).
    pub fetch_metadata: bool,
}

impl FetchConfig {
    /// A configuration of the profile, the trace and the policy, with the
    /// Fetch Metadata headers sent.
    pub fn new(profile: Profile, record_trace: bool, same_origin_policy: SameOriginPolicy) -> Self {
        FetchConfig {
            profile,
            record_trace,
            same_origin_policy,
            fetch_metadata: true,
        }
    }

    /// This configuration with no Fetch Metadata headers sent: for a caller
    /// that reads no `Sec-Fetch-*` header of what is sent, from servers
    /// that answer without looking at them. The headers are
    /// appended after every CORS decision (HTTP-network-or-cache fetch), so
    /// they never change an outcome; they cost a site comparison per
    /// request. <https://w3c.github.io/webappsec-fetch-metadata/#fetch-integration>
    pub fn without_fetch_metadata(mut self) -> Self {
        self.fetch_metadata = false;
        self
    }
}

impl Default for FetchConfig {
    /// What [`Fetch::new`] does: the Chromium profile, a trace, the policy
    /// enforced.
    fn default() -> Self {
        FetchConfig {
            profile: Profile::default(),
            record_trace: true,
            same_origin_policy: SameOriginPolicy::Enforced,
            fetch_metadata: true,
        }
    }
}

/// One fetch in progress. See the module documentation.
pub struct Fetch<'c> {
    request: Request,
    /// `None` while detached ([`Fetch::detach`]).
    cache: Option<&'c mut PreflightCache>,
    profile: Profile,
    policy: SameOriginPolicy,
    now: Duration,
    state: State,
    trace: Trace,
    sent: Vec<Outgoing>,
    /// The request's CORS-unsafe header names, computed once per main fetch.
    unsafe_names: HeaderNames,
    /// The serialised request origin (`null` when opaque or tainted),
    /// computed once per main fetch: the URL list only grows between them.
    origin_header: String,
    /// The public suffix list's answers, for the next request sent.
    sites: SiteMemo,
    /// Whether to append the Fetch Metadata headers to what is sent.
    fetch_metadata: bool,
}

impl<'c> Fetch<'c> {
    /// Starts a fetch of `request` with the Chromium profile, sharing
    /// `cache` with the page's other fetches; `now` is the caller's clock.
    pub fn new(request: Request, cache: &'c mut PreflightCache, now: Duration) -> Fetch<'c> {
        Fetch::with_profile(request, cache, now, Profile::default())
    }

    /// Starts a fetch that follows `profile`.
    pub fn with_profile(
        request: Request,
        cache: &'c mut PreflightCache,
        now: Duration,
        profile: Profile,
    ) -> Fetch<'c> {
        Fetch::configured(request, cache, now, profile, true)
    }

    /// Starts a fetch that follows `profile`, recording its decisions only
    /// when `record_trace` (without, no decision text is ever formatted:
    /// the fast path for callers that need only outcomes).
    pub fn configured(
        request: Request,
        cache: &'c mut PreflightCache,
        now: Duration,
        profile: Profile,
        record_trace: bool,
    ) -> Fetch<'c> {
        Fetch::with_config(
            request,
            cache,
            now,
            FetchConfig::new(profile, record_trace, SameOriginPolicy::Enforced),
        )
    }

    /// Starts a fetch as `config` says (see [`FetchConfig`]).
    pub fn with_config(
        request: Request,
        cache: &'c mut PreflightCache,
        now: Duration,
        config: FetchConfig,
    ) -> Fetch<'c> {
        let FetchConfig {
            profile,
            record_trace,
            same_origin_policy,
            fetch_metadata,
        } = config;
        let mut fetch = Fetch {
            request,
            cache: Some(cache),
            profile,
            policy: same_origin_policy,
            now,
            state: State::AwaitingResponse,
            trace: Trace::recording(record_trace),
            sent: Vec::new(),
            unsafe_names: HeaderNames::default(),
            origin_header: String::new(),
            sites: SiteMemo::default(),
            fetch_metadata,
        };
        fetch.state = fetch.start();
        fetch
    }

    /// Lets go of the preflight cache between two steps, for a caller that
    /// cannot hold the borrow from one step to the next: a handle behind a
    /// C ABI, a task that shares the cache with the page's other fetches.
    /// [`Fetch::attach`] lends a cache again before the next
    /// [`Fetch::receive`], so the cache is read and written at the same
    /// moments as if it had been borrowed all along.
    ///
    /// A detached fetch that receives an answer reads no cache entry and
    /// stores none, as if its cache were empty and thrown away.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sop_fetch_model::{Fetch, HttpResponse, Incoming, Next, PreflightCache, Request};
    ///
    /// let origin = sop_origin::Origin::of_url_str("https://app.example").unwrap();
    /// let url = sop_origin::parse_url("https://api.example/items").unwrap();
    /// let mut cache = PreflightCache::new();
    /// // Owned: it borrows nothing between the steps.
    /// let mut fetch: Fetch<'static> =
    ///     Fetch::new(Request::new("PUT", url, origin), &mut cache, Duration::ZERO).detach();
    /// assert!(matches!(fetch.next(), Next::Send(out) if out.preflight));
    /// let answer = HttpResponse::new(204)
    ///     .header("Access-Control-Allow-Origin", "https://app.example")
    ///     .header("Access-Control-Allow-Methods", "PUT")
    ///     .header("Access-Control-Max-Age", "60");
    /// let mut attached = fetch.attach(&mut cache);
    /// attached.receive(Incoming::Response(answer), Duration::ZERO);
    /// fetch = attached.detach();
    /// assert!(matches!(fetch.next(), Next::Send(out) if out.method == "PUT"));
    /// assert_eq!(cache.entries().len(), 1, "the grant went into the lent cache");
    /// ```
    pub fn detach(self) -> Fetch<'static> {
        self.with_cache(None)
    }

    /// Lends `cache` to the fetch for its next steps (see
    /// [`Fetch::detach`]); it replaces any cache the fetch still borrows.
    pub fn attach(self, cache: &mut PreflightCache) -> Fetch<'_> {
        self.with_cache(Some(cache))
    }

    /// A copy of this fetch as it stands, detached (see [`Fetch::detach`]),
    /// that goes on independently: for a caller that asks what other
    /// answers from here would do without starting over, as a fix's trials
    /// do. The copy shares nothing with this fetch; lend it a cache with
    /// [`Fetch::attach`] before it receives, one holding what this fetch's
    /// cache holds now, and it ends exactly as this fetch would on the same
    /// answers.
    ///
    /// ```
    /// use std::time::Duration;
    /// use sop_fetch_model::{Fetch, HttpResponse, Incoming, Next, PreflightCache, Request};
    ///
    /// let origin = sop_origin::Origin::of_url_str("https://app.example").unwrap();
    /// let url = sop_origin::parse_url("https://api.example/items").unwrap();
    /// let start = Fetch::new(Request::new("PUT", url, origin), &mut PreflightCache::new(), Duration::ZERO).detach();
    /// // Two answers to the same preflight, each to its own copy.
    /// let try_answer = |answer: HttpResponse| {
    ///     let mut cache = PreflightCache::new();
    ///     let mut fetch = start.fork().attach(&mut cache);
    ///     fetch.receive(Incoming::Response(answer), Duration::ZERO);
    ///     matches!(fetch.next(), Next::Send(out) if out.method == "PUT")
    /// };
    /// assert!(!try_answer(HttpResponse::new(204)));
    /// assert!(try_answer(
    ///     HttpResponse::new(204)
    ///         .header("Access-Control-Allow-Origin", "https://app.example")
    ///         .header("Access-Control-Allow-Methods", "PUT")
    /// ));
    /// assert!(matches!(start.next(), Next::Send(out) if out.preflight), "the start is untouched");
    /// ```
    pub fn fork(&self) -> Fetch<'static> {
        Fetch {
            request: self.request.clone(),
            cache: None,
            profile: self.profile.clone(),
            policy: self.policy,
            now: self.now,
            state: self.state.clone(),
            trace: self.trace.clone(),
            sent: self.sent.clone(),
            unsafe_names: self.unsafe_names.clone(),
            origin_header: self.origin_header.clone(),
            sites: self.sites.clone(),
            fetch_metadata: self.fetch_metadata,
        }
    }

    fn with_cache<'d>(self, cache: Option<&'d mut PreflightCache>) -> Fetch<'d> {
        let Fetch {
            request,
            cache: _,
            profile,
            policy,
            now,
            state,
            trace,
            sent,
            unsafe_names,
            origin_header,
            sites,
            fetch_metadata,
        } = self;
        Fetch {
            request,
            cache,
            profile,
            policy,
            now,
            state,
            trace,
            sent,
            unsafe_names,
            origin_header,
            sites,
            fetch_metadata,
        }
    }

    /// The decisions taken so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Every request handed out by [`Fetch::next`], in order.
    pub fn sent(&self) -> &[Outgoing] {
        &self.sent
    }

    /// The request, as the fetch has changed it (URL list, method, tainting).
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// What to do next. Calling it again before [`Fetch::receive`] returns
    /// the same answer.
    pub fn next(&self) -> Next<'_> {
        match (&self.state, self.sent.last()) {
            (State::Done(result), _) => Next::Done(result),
            (_, Some(out)) => Next::Send(out),
            (_, None) => Next::Done(&BROKEN),
        }
    }

    /// Hands over the answer to the request [`Fetch::next`] asked for.
    /// Ignored when nothing is awaited.
    pub fn receive(&mut self, incoming: Incoming, now: Duration) {
        self.receive_lent(incoming.into(), now);
    }

    /// [`Fetch::receive`] with the answer lent: the machine copies only the
    /// response that ends the fetch.
    pub fn receive_lent(&mut self, incoming: Answer<'_>, now: Duration) {
        self.now = now;
        let state = std::mem::replace(&mut self.state, State::AwaitingResponse);
        self.state = match state {
            State::AwaitingPreflight => self.on_preflight_response(incoming),
            State::AwaitingResponse => self.on_response(incoming),
            done => done,
        };
    }

    /// Runs the fetch to its end, answering each request with `answer`.
    pub fn run(
        self,
        mut answer: impl FnMut(&Outgoing) -> Incoming,
        now: Duration,
    ) -> (FetchResult, Trace, Vec<Outgoing>) {
        self.run_lent(|out| answer(out).into(), now)
    }

    /// [`Fetch::run`] with each answer lent ([`Fetch::receive_lent`]).
    pub fn run_lent<'r>(
        mut self,
        mut answer: impl FnMut(&Outgoing) -> Answer<'r>,
        now: Duration,
    ) -> (FetchResult, Trace, Vec<Outgoing>) {
        while let Next::Send(out) = self.next() {
            let incoming = answer(out);
            self.receive_lent(incoming, now);
        }
        let result = match self.state {
            State::Done(result) => result,
            _ => BROKEN.clone(),
        };
        (result, self.trace, self.sent)
    }

    fn blocked(&mut self, failure: CheckFailure, during_preflight: bool) -> State {
        State::Done(Err(Blocked {
            reason: failure.reason,
            value: failure.value,
            url_list: self.request.url_list.clone(),
            during_preflight,
            sent_anything: !self.sent.is_empty(),
        }))
    }

    fn fail(
        &mut self,
        reason: Reason,
        anchor: &'static str,
        step: &'static str,
        detail: impl IntoDetail,
    ) -> State {
        self.trace.push(anchor, step, Decision::Fail, detail);
        self.blocked(
            CheckFailure {
                reason,
                value: None,
            },
            false,
        )
    }

    /// Checks the API makes before anything is fetched, then main fetch.
    ///
    /// The API's own checks (a forbidden method, a no-cors method) are the
    /// script layer's: by the time a request reaches fetch, they passed.
    fn start(&mut self) -> State {
        self.main_fetch()
    }

    /// Main fetch. <https://fetch.spec.whatwg.org/#concept-main-fetch>
    fn main_fetch(&mut self) -> State {
        // Main fetch 4. Upgrade a mixed content request, if appropriate.
        self.upgrade_mixed_content();
        self.origin_header = self.request.serialized_origin();
        // The URL is borrowed for the decisions and copied only into the
        // words of a failure.
        let url = self.request.current_url();
        // Main fetch 7. Mixed content: a secure page may not fetch from a URL that is
        // not potentially trustworthy (fetch and XHR are never upgraded).
        // Only http: and ws: URLs can be insecure content; other schemes are
        // refused elsewhere.
        if self.request.client_prohibits_mixed_content
            && matches!(url.scheme(), "http" | "ws")
            && !is_url_potentially_trustworthy(url)
        {
            let url = url.clone();
            return self.fail(
                Reason::MixedContent,
                anchor::MIXED_CONTENT_SHOULD_BLOCK_FETCH,
                "mixed content",
                || format!("the page is a secure context and {url} is not potentially trustworthy"),
            );
        }
        let same_origin = self.request.origin.same_origin_with_url(url);
        let origin = &self.request.origin;
        self.trace
            .push(anchor::SAME_ORIGIN, "same origin?", Decision::Note, || {
                let url_origin = Origin::of_url(url);
                if same_origin {
                    format!("yes: {url} is at {url_origin}, the request's origin")
                } else {
                    format!(
                        "no: the request's origin is {origin}{}; {url} is at {url_origin}",
                        if self.request.has_redirect_tainted_origin() {
                            " (redirect-tainted: its Origin header carries null)"
                        } else {
                            ""
                        }
                    )
                }
            });
        // Main fetch 12. Pick the way to fetch.
        let scheme = url.scheme();
        let is_data = scheme == "data";
        let is_http = matches!(scheme, "http" | "https");
        // The same-origin policy switched off: a cors or same-origin mode
        // request to another origin goes as if same-origin; no-cors still
        // asks for an opaque response.
        let policy_off = self.policy == SameOriginPolicy::Off && !same_origin && !is_data;
        if policy_off {
            let mode = self.request.mode;
            self.trace
                .push(anchor::MAIN_FETCH, "same-origin policy", Decision::Note, || {
                    if mode == Mode::NoCors {
                        "off (as with --disable-web-security), but mode no-cors asks for an opaque response".to_owned()
                    } else {
                        format!("off (as with --disable-web-security): {url} is fetched as if same-origin: no preflight, no CORS check, a basic response")
                    }
                });
        }
        let as_same_origin =
            policy_off && matches!(self.request.mode, Mode::Cors | Mode::SameOrigin);
        // Same origin and still basic, or a data: URL, or a navigation:
        // basic tainting, scheme fetch.
        if (same_origin && self.request.response_tainting == Tainting::Basic)
            || is_data
            || self.request.mode == Mode::Navigate
            || as_same_origin
        {
            self.request.response_tainting = Tainting::Basic;
            return self.scheme_fetch();
        }
        // same-origin mode and a cross-origin URL.
        if self.request.mode == Mode::SameOrigin {
            let url = self.request.current_url().clone();
            return self.fail(Reason::DisallowedByMode, anchor::MAIN_FETCH, "mode", || {
                format!("mode is same-origin and {url} is cross-origin")
            });
        }
        if self.request.mode == Mode::NoCors {
            // no-cors only follows redirects.
            if self.request.redirect_mode != RedirectMode::Follow {
                self.trace.push(
                    anchor::MAIN_FETCH,
                    "mode",
                    Decision::Fail,
                    "mode no-cors needs redirect mode follow",
                );
                // The value tells the console message which refusal this was.
                return self.blocked(
                    CheckFailure {
                        reason: Reason::NetworkError,
                        value: Some(NO_CORS_REDIRECT.to_owned()),
                    },
                    false,
                );
            }
            self.request.response_tainting = Tainting::Opaque;
            self.trace.push(
                anchor::MAIN_FETCH,
                "tainting",
                Decision::Note,
                "no-cors: the response will be opaque",
            );
            return self.scheme_fetch();
        }
        // CORS only speaks HTTP(S).
        if !is_http {
            let scheme = self.request.current_url().scheme().to_owned();
            return self.fail(
                Reason::CorsDisabledScheme,
                anchor::MAIN_FETCH,
                "scheme",
                || format!("cross-origin requests need an HTTP(S) URL, not {scheme}:"),
            );
        }
        self.request.response_tainting = Tainting::Cors;
        self.unsafe_names =
            cors_unsafe_request_header_names_for(&self.request.header_list, &self.profile);
        let needs_preflight = self.request.use_cors_preflight
            || (self.request.unsafe_request
                && (!is_cors_safelisted_method(&self.request.method)
                    || !self.unsafe_names.is_empty()));
        // Say so when the profile's safelist (combined repeats, client
        // hints) judged the headers differently from the standard's.
        if self.trace.is_enabled() {
            let standard = cors_unsafe_request_header_names(&self.request.header_list, false);
            if !self
                .unsafe_names
                .iter()
                .eq(standard.iter().map(String::as_str))
            {
                let (ours, theirs) = (self.unsafe_names.to_string(), standard.join(", "));
                self.trace.push_departure(
                    anchor::CORS_UNSAFE_REQUEST_HEADER_NAMES,
                    "unsafe headers",
                    Decision::Note,
                    || format!("CORS-unsafe headers in this profile: [{ours}]"),
                    || format!("each header on its own, standard safelist only: [{theirs}]"),
                );
            }
        }
        self.trace.push(
            anchor::MAIN_FETCH,
            "preflight needed?",
            Decision::Note,
            || preflight_reason(&self.request, &self.unsafe_names, needs_preflight),
        );
        self.http_fetch(needs_preflight)
    }

    /// Scheme fetch. <https://fetch.spec.whatwg.org/#scheme-fetch>
    fn scheme_fetch(&mut self) -> State {
        let scheme = self.request.current_url().scheme();
        if matches!(scheme, "http" | "https") {
            return self.http_fetch(false);
        }
        // The local schemes: rare, so the URL is copied for the words.
        let url = self.request.current_url().clone();
        match url.scheme() {
            "about" if self.profile.about_urls_not_fetchable => {
                self.trace.push_departure(
                    anchor::SCHEME_FETCH,
                    "scheme",
                    Decision::Fail,
                    || format!("{url}: about: URLs cannot be fetched"),
                    "about:blank is fetched as an empty HTML document",
                );
                self.blocked(
                    CheckFailure {
                        reason: Reason::CorsDisabledScheme,
                        value: None,
                    },
                    false,
                )
            }
            "about" if url.path() == "blank" => {
                let mut headers = HeaderList::new();
                headers.append("Content-Type", "text/html;charset=utf-8");
                self.trace.push(
                    anchor::SCHEME_FETCH,
                    "about:blank",
                    Decision::Pass,
                    "an empty HTML document",
                );
                self.finish(LentResponse {
                    status: 200,
                    headers: Cow::Owned(headers),
                    body: Cow::Borrowed(""),
                })
            }
            "data" => {
                // The data: URL processor (the `data-url` crate implements
                // it from the standard): failure is a network error.
                // <https://fetch.spec.whatwg.org/#data-url-processor>
                let processed = data_url::DataUrl::process(url.as_str()).ok().and_then(|d| {
                    d.decode_to_vec()
                        .ok()
                        .map(|(body, _)| (d.mime_type().to_string(), body))
                });
                let Some((mime, body)) = processed else {
                    return self.fail(
                        Reason::NetworkError,
                        anchor::DATA_URL_PROCESSOR,
                        "data: URL",
                        "the data: URL does not process",
                    );
                };
                let mut headers = HeaderList::new();
                headers.append("Content-Type", mime);
                self.trace.push(
                    anchor::SCHEME_FETCH,
                    "data: URL",
                    Decision::Pass,
                    "a data: URL is fetched locally, as same-origin",
                );
                // Bodies are text here; bytes that are not UTF-8 are replaced.
                self.finish(LentResponse {
                    status: 200,
                    headers: Cow::Owned(headers),
                    body: Cow::Owned(String::from_utf8_lossy(&body).into_owned()),
                })
            }
            other => self.fail(Reason::NetworkError, anchor::SCHEME_FETCH, "scheme", || {
                format!("{other}: URLs cannot be fetched")
            }),
        }
    }

    /// HTTP fetch, up to sending. <https://fetch.spec.whatwg.org/#concept-http-fetch>
    fn http_fetch(&mut self, make_preflight: bool) -> State {
        // HTTP fetch 6.1. A preflight, unless the cache covers the method and every
        // unsafe header name.
        if make_preflight {
            let wildcards = Wildcards {
                need_no_credentials: self.profile.cached_wildcard_needs_no_credentials,
            };
            let key = CacheKey::new(&self.request, &self.origin_header);
            let method = &self.request.method;
            // A detached fetch has no cache: nothing is cached.
            let cache = self.cache.as_deref();
            let method_cached =
                cache.is_some_and(|c| c.method_match(&key, method, self.now, wildcards));
            let method_needs = !method_cached
                && (!is_cors_safelisted_method(method) || self.request.use_cors_preflight);
            let uncached_header = self.unsafe_names.iter().find(|n| {
                !cache.is_some_and(|c| c.header_name_match(&key, n, self.now, wildcards))
            });
            if method_needs || uncached_header.is_some() {
                self.trace.push(
                    anchor::HTTP_FETCH,
                    "preflight cache",
                    Decision::Note,
                    || {
                        if method_needs {
                            format!("no cache entry for method {method}: send a preflight")
                        } else {
                            format!(
                                "no cache entry for header {}: send a preflight",
                                uncached_header.unwrap_or_default()
                            )
                        }
                    },
                );
                let mut headers = HeaderList::with_capacity(7);
                headers.append("Origin", &self.origin_header);
                preflight_headers(&self.request, &self.unsafe_names, &mut headers);
                // The Fetch Metadata headers of the preflight: a cors-mode
                // request to this one URL.
                if self.fetch_metadata {
                    append_fetch_metadata_headers(
                        &self.request,
                        std::slice::from_ref(self.request.shared_current_url()),
                        Mode::Cors,
                        false,
                        &self.profile,
                        &mut headers,
                        &mut self.sites,
                    );
                }
                let out = Outgoing {
                    preflight: true,
                    method: Method::OPTIONS,
                    url: Arc::clone(self.request.shared_current_url()),
                    headers,
                    include_credentials: false,
                    body: None,
                };
                self.sent.push(out);
                return State::AwaitingPreflight;
            }
            self.trace.push(
                anchor::HTTP_FETCH,
                "preflight cache",
                Decision::Pass,
                "the preflight cache allows the method and headers: no preflight",
            );
        }
        self.send_request()
    }

    /// HTTP-network-or-cache fetch, as far as the request's headers.
    /// <https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch>
    fn send_request(&mut self) -> State {
        // Room for `Origin` and the (up to four) Fetch Metadata headers.
        let mut headers = self.request.header_list.clone_with_room(5, 160);
        // Append a request `Origin` header.
        // <https://fetch.spec.whatwg.org/#append-a-request-origin-header>
        let serialized = self.origin_header.as_str();
        if self.request.response_tainting == Tainting::Cors {
            // HTTP-network-or-cache fetch 2. Every CORS request says where it comes from.
            headers.append("Origin", serialized);
        } else if self.profile.element_cors_requests_send_origin
            && self.request.mode == Mode::Cors
            && self.request.destination != Destination::Empty
        {
            // Chromium: an element's cors-mode request says where it comes
            // from even to its own origin (fetch() and XHR do not).
            self.trace.push_departure(
                anchor::MAIN_FETCH,
                "Origin header",
                Decision::Note,
                "a cors-mode request of an element carries Origin even to the page's own origin",
                "a same-origin GET (basic tainting) carries no Origin",
            );
            headers.append("Origin", serialized);
        } else if !matches!(self.request.method.as_str(), "GET" | "HEAD") {
            // HTTP-network-or-cache fetch 3. Other requests only for unsafe methods; the default
            // referrer policy (strict-origin-when-cross-origin) hides an
            // https origin from an http URL.
            let downgrade = self
                .request
                .origin
                .as_tuple()
                .is_some_and(|t| t.scheme() == "https")
                && self.request.current_url().scheme() != "https";
            headers.append("Origin", if downgrade { "null" } else { serialized });
        }
        // Fetch appends the Fetch Metadata headers to what it sends.
        if self.fetch_metadata {
            append_fetch_metadata_headers(
                &self.request,
                &self.request.url_list,
                self.request.mode,
                self.request.includes_credentials(),
                &self.profile,
                &mut headers,
                &mut self.sites,
            );
        }
        let out = Outgoing {
            preflight: false,
            method: self.request.method.clone(),
            url: Arc::clone(self.request.shared_current_url()),
            headers,
            include_credentials: self.request.includes_credentials(),
            body: self.request.body.clone(),
        };
        self.sent.push(out);
        State::AwaitingResponse
    }

    /// Upgrade a mixed content request to a potentially trustworthy URL, if
    /// appropriate: images, audio and video from a secure page go to https
    /// instead of being blocked.
    /// <https://w3c.github.io/webappsec-mixed-content/#upgrade-algorithm>
    fn upgrade_mixed_content(&mut self) {
        let url = self.request.current_url();
        // Mixed content upgrade 1. Not when the URL is already trustworthy or its host an IP
        // address, the client allows mixed content, the destination is not
        // image, audio or video, or the image is part of an image set.
        let upgradeable = matches!(
            self.request.destination,
            Destination::Image | Destination::Audio | Destination::Video
        ) && !(self.request.destination == Destination::Image
            && self.request.initiator == Initiator::Imageset);
        if !self.request.client_prohibits_mixed_content
            || !upgradeable
            || is_url_potentially_trustworthy(url)
            || matches!(url.host(), Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)))
            || url.scheme() != "http"
        {
            return;
        }
        // Mixed content upgrade 2. http becomes https; port 80 becomes https's default.
        let mut upgraded = url.clone();
        let default_port = upgraded.port() == Some(80);
        if upgraded.set_scheme("https").is_err()
            || (default_port && upgraded.set_port(None).is_err())
        {
            return;
        }
        let from = url.clone();
        self.trace.push(
            anchor::MIXED_CONTENT_UPGRADE,
            "mixed content upgrade",
            Decision::Note,
            || {
                format!(
                    "{from} is upgraded to {upgraded}: an image, audio or video from a secure page"
                )
            },
        );
        if let Some(last) = self.request.url_list.last_mut() {
            *last = Arc::new(upgraded);
        }
    }

    /// The answer to a preflight: steps 6-8 of the CORS-preflight fetch.
    fn on_preflight_response(&mut self, incoming: Answer<'_>) -> State {
        let Answer::Response(response) = incoming else {
            if let Some(cache) = self.cache.as_deref_mut() {
                cache.clear(&CacheKey::new(&self.request, &self.origin_header));
            }
            return self.fail_network(true, &incoming);
        };
        // A preflight never follows redirects.
        if is_redirect_status(response.status)
            && (response.headers.contains("location") || !self.profile.redirect_needs_location)
        {
            self.trace.push(
                anchor::CORS_PREFLIGHT_FETCH,
                "preflight redirect",
                Decision::Fail,
                || {
                    format!(
                        "the preflight was answered with a {} redirect",
                        response.status
                    )
                },
            );
            return self.blocked(
                CheckFailure {
                    reason: Reason::PreflightDisallowedRedirect,
                    value: None,
                },
                true,
            );
        }
        // The grant borrows the request and the answer: it is cached and
        // let go before the request is sent.
        let validated = validate_preflight_response(
            &self.request,
            response.status,
            &response.headers,
            &self.origin_header,
            &self.profile,
            &self.unsafe_names,
            &mut self.trace,
        )
        .map(|grant| {
            if let Some(max_age) = grant.max_age
                && let Some(cache) = self.cache.as_deref_mut()
            {
                cache.store(
                    &CacheKey::new(&self.request, &self.origin_header),
                    max_age,
                    &grant.methods,
                    &grant.header_names,
                    self.now,
                    self.profile.preflight_cache_replaces_entry,
                );
            }
        });
        match validated {
            Err(failure) => {
                if let Some(cache) = self.cache.as_deref_mut() {
                    cache.clear(&CacheKey::new(&self.request, &self.origin_header));
                }
                self.blocked(failure, true)
            }
            Ok(()) => self.send_request(),
        }
    }

    fn fail_network(&mut self, during_preflight: bool, incoming: &Answer<'_>) -> State {
        self.trace.push(
            anchor::NETWORK_ERROR,
            "network",
            Decision::Fail,
            if matches!(incoming, Answer::InvalidResponse) {
                "the answer is not a valid HTTP response: the network stack refuses it"
            } else {
                "the connection failed: no HTTP response"
            },
        );
        self.blocked(
            CheckFailure {
                reason: Reason::NetworkError,
                value: None,
            },
            during_preflight,
        )
    }

    /// The answer to the request: the rest of HTTP fetch.
    fn on_response(&mut self, incoming: Answer<'_>) -> State {
        let Answer::Response(response) = incoming else {
            return self.fail_network(false, &incoming);
        };
        let is_redirect = is_redirect_status(response.status);
        // Chromium's network stack looks at a redirect before the CORS
        // layer does: the Location, unsafe targets and the redirect limit.
        let early = self.profile.network_redirect_checks_first;
        let mut target = None;
        if is_redirect && early {
            target = match self.checked_location_url(&response) {
                Ok(t) => t,
                Err(failed) => return *failed,
            };
        }
        // HTTP fetch 6.4. The CORS check, on every response including redirects.
        if self.request.response_tainting == Tainting::Cors
            && let Err(failure) = cors_check_with_origin(
                &self.request,
                &self.origin_header,
                &response.headers,
                &mut self.trace,
            )
        {
            return self.blocked(failure, false);
        }
        // HTTP fetch 7. Cross-Origin-Resource-Policy for opaque responses.
        if self.request.response_tainting == Tainting::Opaque
            && let Err(failure) = corp_check(
                &self.request,
                &response.headers,
                &self.profile,
                &mut self.trace,
            )
        {
            return self.blocked(failure, false);
        }
        // HTTP fetch 8. Redirects, by redirect mode.
        if is_redirect {
            match self.request.redirect_mode {
                // A redirect status is an opaque-redirect response, with or
                // without Location (Blink, too, looks only at the status).
                RedirectMode::Manual => {
                    self.trace.push(
                        anchor::HTTP_FETCH,
                        "redirect mode",
                        Decision::Note,
                        "redirect mode \"manual\": an opaque-redirect response",
                    );
                    return State::Done(Ok(FilteredResponse {
                        response_type: ResponseType::OpaqueRedirect,
                        internal: self.internal_response(response),
                    }));
                }
                RedirectMode::Error => {
                    if early {
                        match &target {
                            // Not a redirect to Chromium's network stack.
                            None => return self.not_a_redirect(response),
                            // Chromium's CORS layer checks the Location's
                            // credentials before Blink applies the mode.
                            Some(t) => {
                                if let Err(failed) = self.redirect_credentials_check(t) {
                                    return *failed;
                                }
                            }
                        }
                    }
                    return self.fail(
                        Reason::RedirectModeError,
                        anchor::HTTP_FETCH,
                        "redirect mode",
                        || format!("a {} redirect and redirect mode \"error\"", response.status),
                    );
                }
                RedirectMode::Follow => {
                    if !early {
                        target = match self.checked_location_url(&response) {
                            Ok(t) => t,
                            Err(failed) => return *failed,
                        };
                    }
                    match target {
                        Some(t) => return self.http_redirect_fetch(response.status, t),
                        None if early => return self.not_a_redirect(response),
                        // HTTP-redirect fetch 4: no Location, the response itself.
                        None => {}
                    }
                }
            }
        }
        self.final_response(response)
    }

    /// The response that ends the fetch (not a redirect): Opaque Response
    /// Blocking, then main fetch's MIME type refusals, then the filter.
    fn final_response(&mut self, mut response: LentResponse<'_>) -> State {
        if self.request.response_tainting == Tainting::Opaque
            && self.profile.opaque_response_blocking
        {
            match orb_check(
                &self.request,
                &response.headers,
                &response.body,
                &mut self.trace,
            ) {
                OrbVerdict::Allowed => {}
                OrbVerdict::EmptyResponse => response.body = Cow::Borrowed(""),
                OrbVerdict::Blocked => {
                    return self.blocked(
                        CheckFailure {
                            reason: Reason::OrbBlocked,
                            value: None,
                        },
                        false,
                    );
                }
            }
        }
        // Main fetch: a response blocked due to its MIME type or to
        // nosniff becomes a network error.
        if let Err(failure) =
            mime_type_check(self.request.destination, &response.headers, &mut self.trace)
        {
            return self.blocked(failure, false);
        }
        self.finish(response)
    }

    /// Chromium's network stack hands a 3xx without a (non-empty) Location
    /// to the page as a response.
    fn not_a_redirect(&mut self, response: LentResponse<'_>) -> State {
        self.trace.push_departure(
            anchor::HTTP_FETCH,
            "redirect?",
            Decision::Note,
            || {
                format!(
                    "no: a {} without Location is handed to the page as a response",
                    response.status
                )
            },
            "every redirect status goes through the redirect mode (\"error\" fails)",
        );
        self.final_response(response)
    }

    /// The location URL with the checks the network stack makes on it (see
    /// [`Fetch::network_redirect_checks`]); Chromium makes them before the
    /// CORS check, the standard inside HTTP-redirect fetch.
    fn checked_location_url(&mut self, response: &LentResponse<'_>) -> Result<Option<Url>, Ended> {
        let target = self.location_url(response)?;
        if let Some(t) = &target {
            self.network_redirect_checks(t)?;
        }
        Ok(target)
    }

    /// The response's location URL: `Ok(None)` without one, a network error
    /// when it does not parse or when several differ.
    /// <https://fetch.spec.whatwg.org/#concept-response-location-url>
    fn location_url(&mut self, response: &LentResponse<'_>) -> Result<Option<Url>, Ended> {
        const ANCHOR: &str = anchor::LOCATION_URL;
        // Location URL 2. Extract the Location values. Chromium's network stack skips
        // empty ones and lets identical copies stand for one.
        let chromium = self.profile.redirect_needs_location;
        let mut values: Vec<&str> = response
            .headers
            .values("location")
            .filter(|v| !(chromium && v.is_empty()))
            .collect();
        if chromium {
            values.dedup();
        }
        let location = match values.as_slice() {
            [] => return Ok(None),
            [one] => *one,
            _ => {
                return Err(Box::new(self.fail(
                    Reason::NetworkError,
                    ANCHOR,
                    "Location",
                    || {
                        format!(
                            "{} Location headers: a response has one location",
                            values.len()
                        )
                    },
                )));
            }
        };
        // Location URL 3. Parse it against the current URL, keeping the current URL's
        // fragment when it has none; failure is a network error.
        let current = self.request.current_url().clone();
        match parse_url_with_base(location, &current) {
            Ok(mut target) => {
                if target.fragment().is_none() {
                    target.set_fragment(current.fragment());
                }
                Ok(Some(target))
            }
            Err(e) => Err(Box::new(self.fail(
                Reason::NetworkError,
                ANCHOR,
                "Location",
                || format!("Location {location:?} does not parse: {e}"),
            ))),
        }
    }

    /// HTTP-redirect fetch steps 6-8, as far as they come before the CORS
    /// layer in Chromium: the target's scheme and the redirect limit.
    fn network_redirect_checks(&mut self, target: &Url) -> Result<(), Ended> {
        const ANCHOR: &str = anchor::HTTP_REDIRECT_FETCH;
        // HTTP-redirect fetch 6. Only HTTP(S) redirects. Chromium's network stack refuses
        // data:, file:, about: and blob: as unsafe here; other schemes get
        // through it and fail the CORS layer's scheme check later.
        let scheme = target.scheme();
        let unsafe_here = !self.profile.redirect_to_other_schemes_is_cors_disabled
            || matches!(scheme, "data" | "file" | "about" | "blob")
            || self.request.mode == Mode::NoCors;
        if !matches!(scheme, "http" | "https") && unsafe_here {
            return Err(Box::new(self.fail(
                Reason::RedirectUnsupportedScheme,
                ANCHOR,
                "redirect scheme",
                || format!("redirect to {target}: not an HTTP(S) URL"),
            )));
        }
        // HTTP-redirect fetch 7. At most 20 redirects.
        if self.request.redirect_count == MAX_REDIRECTS {
            return Err(Box::new(self.fail(
                Reason::TooManyRedirects,
                ANCHOR,
                "redirect count",
                || format!("more than {MAX_REDIRECTS} redirects"),
            )));
        }
        Ok(())
    }

    /// HTTP-redirect fetch steps 9-10: no credentials in a cross-origin or
    /// CORS redirect target (in Chromium, in any redirect target).
    fn redirect_credentials_check(&mut self, target: &Url) -> Result<(), Ended> {
        const ANCHOR: &str = anchor::HTTP_REDIRECT_FETCH;
        if target.username().is_empty() && target.password().is_none() {
            return Ok(());
        }
        // With the policy off a cors request is same-origin everywhere.
        let by_standard = (self.request.mode == Mode::Cors
            && self.policy == SameOriginPolicy::Enforced
            && !self.request.origin.same_origin_with_url(target))
            || self.request.response_tainting == Tainting::Cors;
        if by_standard {
            self.trace
                .push(ANCHOR, "redirect credentials", Decision::Fail, || {
                    format!("redirect to {target}, which has a username or password")
                });
        } else if self.profile.redirect_with_credentials_always_blocked {
            self.trace.push_departure(
                ANCHOR,
                "redirect credentials",
                Decision::Fail,
                || format!("redirect to {target}, which has a username or password: refused even within one origin"),
                "a same-origin redirect to a URL with credentials is followed",
            );
        } else {
            return Ok(());
        }
        // The value is Chromium's hint: empty for the CORS error; for the
        // profile-only block (no CORS message at all) the refused URL,
        // which DevTools lists as blocked:origin.
        let value = if by_standard {
            String::new()
        } else {
            target.to_string()
        };
        Err(Box::new(self.blocked(
            CheckFailure {
                reason: Reason::RedirectContainsCredentials,
                value: Some(value),
            },
            false,
        )))
    }

    /// HTTP-redirect fetch, from step 6 on: the checks the network stack
    /// has not made, then the new request.
    /// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
    fn http_redirect_fetch(&mut self, status: u16, target: Url) -> State {
        const ANCHOR: &str = anchor::HTTP_REDIRECT_FETCH;
        // HTTP-redirect fetch 8. Count the redirect.
        self.request.redirect_count += 1;
        // HTTP-redirect fetch 9-10. Credentials in the target.
        if let Err(failed) = self.redirect_credentials_check(&target) {
            return *failed;
        }
        // HTTP-redirect fetch 6. A non-HTTP(S) target that got this far (Chromium: a scheme the
        // network stack let through) fails the CORS layer's scheme check
        // when Chromium restarts the request at it.
        if !matches!(target.scheme(), "http" | "https") {
            let scheme = target.scheme();
            self.trace.push_departure(
                ANCHOR,
                "redirect scheme",
                Decision::Fail,
                || format!("redirect to {target}: {scheme} is not a CORS scheme"),
                "a redirect to a non-HTTP(S) URL is a network error",
            );
            // The failure is reported at the new URL.
            self.request.url_list.push(Arc::new(target));
            return self.blocked(
                CheckFailure {
                    reason: Reason::CorsDisabledScheme,
                    value: None,
                },
                false,
            );
        }
        // 13 (decided before the request changes). Whether the redirect
        // crosses origins.
        let crosses_origins =
            !Origin::of_url(self.request.current_url()).same_origin_with_url(&target);
        // HTTP-redirect fetch 12. 301/302 turn POST into GET; 303 turns anything but GET/HEAD
        // into GET. The body and its headers go.
        if ((status == 301 || status == 302) && self.request.method == "POST")
            || (status == 303 && !matches!(self.request.method.as_str(), "GET" | "HEAD"))
        {
            self.trace.push(ANCHOR, "method", Decision::Note, || {
                format!(
                    "{status} turns {} into GET without a body",
                    self.request.method
                )
            });
            self.request.method = Method::GET;
            self.request.body = None;
            for name in [
                "content-encoding",
                "content-language",
                "content-location",
                "content-type",
            ] {
                self.request.header_list.delete(name);
            }
        }
        // HTTP-redirect fetch 13. Authorization does not cross origins.
        if crosses_origins && self.request.header_list.contains("authorization") {
            self.request.header_list.delete("authorization");
            self.trace.push(
                ANCHOR,
                "Authorization",
                Decision::Note,
                "Authorization removed: the redirect crosses origins",
            );
        }
        // HTTP-redirect fetch 16. The URL list grows; 19. main fetch again.
        self.request.url_list.push(Arc::new(target));
        let tainted = self.request.has_redirect_tainted_origin();
        let target = self.request.current_url();
        self.trace.push(ANCHOR, "redirect", Decision::Note, || {
            format!(
                "{status} to {target} (redirect {} of at most {MAX_REDIRECTS}){}",
                self.request.redirect_count,
                if tainted {
                    "; the request's origin is now redirect-tainted: \
                     its Origin header carries null from here on"
                } else {
                    ""
                }
            )
        });
        self.main_fetch()
    }

    /// The response the fetch ends with, copied from a lent answer (moved
    /// from an owned one).
    fn internal_response(&self, response: LentResponse<'_>) -> Response {
        Response {
            status: response.status,
            header_list: response.headers.into_owned(),
            body: Some(response.body.into_owned()),
            url_list: self.request.url_list.clone(),
            cors_exposed_header_names: HeaderNames::default(),
        }
    }

    /// Main fetch steps 14 onwards: expose headers and filter by tainting.
    fn finish(&mut self, response: LentResponse<'_>) -> State {
        let mut internal = self.internal_response(response);
        let response_type = match self.request.response_tainting {
            Tainting::Basic => ResponseType::Basic,
            Tainting::Opaque => ResponseType::Opaque,
            Tainting::Cors => {
                // Main fetch 14.1. Access-Control-Expose-Headers; `*` exposes every
                // name when credentials are not included.
                let include = self.request.credentials_mode == CredentialsMode::Include;
                internal.cors_exposed_header_names =
                    cors_exposed_header_name_list(&internal.header_list, include);
                if let Some(value) = internal
                    .header_list
                    .get_cow("access-control-expose-headers")
                {
                    let exposed = &internal.cors_exposed_header_names;
                    self.trace.push(anchor::MAIN_FETCH, "exposed headers", Decision::Note, || {
                        if exposed.is_empty() {
                            format!("Access-Control-Expose-Headers {value:?} exposes nothing more (a `*` with credentials, or a value that does not parse)")
                        } else {
                            format!("Access-Control-Expose-Headers {value:?} exposes {exposed}")
                        }
                    });
                }
                ResponseType::Cors
            }
        };
        // Main fetch 21. HEAD and null body statuses have no body.
        if self.request.method == "HEAD" || matches!(internal.status, 101 | 103 | 204 | 205 | 304) {
            internal.body = None;
        }
        self.trace.push(
            anchor::FILTERED_RESPONSE,
            "response",
            Decision::Pass,
            || match response_type {
                ResponseType::Opaque => {
                    "an opaque response: status 0, no headers, no body".to_owned()
                }
                ResponseType::Cors => {
                    "a CORS response: the status, the body, safelisted and exposed headers"
                        .to_owned()
                }
                _ => "a basic response: everything but Set-Cookie".to_owned(),
            },
        );
        State::Done(Ok(FilteredResponse {
            response_type,
            internal,
        }))
    }
}

/// Why a preflight is or is not needed, in words.
fn preflight_reason(request: &Request, unsafe_names: &HeaderNames, needed: bool) -> String {
    if !needed {
        return format!(
            "no: {} is a CORS-safelisted method and every header is safelisted",
            request.method
        );
    }
    let mut why = Vec::new();
    if request.use_cors_preflight {
        why.push("the use-CORS-preflight flag is set (an upload listener)".to_owned());
    }
    if !is_cors_safelisted_method(&request.method) {
        why.push(format!(
            "{} is not a CORS-safelisted method",
            request.method
        ));
    }
    if !unsafe_names.is_empty() {
        why.push(format!("CORS-unsafe headers: {unsafe_names}"));
    }
    format!("yes: {}", why.join("; "))
}
