//! Evaluating a window scenario: the other document's navigation through
//! the fetch machine, both documents' origins (sop-html), the handle the
//! page holds (noopener, COOP), each document's `document.domain`, then
//! each operation of `access` through the cross-origin rules.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::ser::SerializeStruct;
use sop_fetch_model::{
    CredentialsMode, Destination, Fetch, FetchConfig, HeaderList, Method, Mode, Outgoing,
    PreflightCache, Profile, Reason, Request, SameOriginPolicy, Trace,
};
use sop_html::document::{Document, DocumentSpec, Source, document};
use sop_html::framing::framing_check;
use sop_html::windows::{Handle, JsValue, Op, Relation, World, access};
use sop_origin::{DomainError, DomainSet, Origin, parse_url_with_base};

use super::contract::{AccessSpec, WindowBody};
use super::message::{access_message, domain_message};
use crate::enforcement::Enforcement;
use crate::fixture::resolve;
use crate::page::PageContext;
use crate::script::prohibits_mixed_content;
use crate::servers::Servers;
use crate::verdict::{RequestRecord, TraceRecord, request_record, ser_requests, trace_records};
use crate::warning::Warning;

/// What one operation did, as the contract's `results` shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AccessResult {
    /// `get`, `set` or `call`.
    pub op: &'static str,
    /// The dotted path.
    pub path: String,
    /// Completed without an exception.
    pub allowed: bool,
    /// The exception's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
    /// Why it was refused, dropped or did nothing.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::verdict::ser_reason"
    )]
    pub reason: Option<Reason>,
    /// The exception's message, or the console line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What an allowed get of a primitive read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// For postMessage: whether the other document received it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered: Option<bool>,
    /// For postMessage: the `event.origin` the receiver saw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_origin: Option<String>,
    /// What would work instead, where something can.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// What one document's `document.domain` assignment did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DomainResult {
    /// What `document.domain` reads afterwards (`""` for an opaque origin).
    pub value: String,
    /// Completed without an exception.
    pub allowed: bool,
    /// `SecurityError` when it threw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
    /// Refused, or ignored (origin-keyed).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::verdict::ser_reason"
    )]
    pub reason: Option<Reason>,
    /// Chromium's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What would make the assignment count, where something can.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// What the browser does with a window scenario.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct WindowVerdict {
    /// How the other window relates to the page.
    pub relation: Relation,
    /// The page's origin.
    pub page_origin: Origin,
    /// The other document's origin.
    pub other_origin: Origin,
    /// Whether the page holds a live handle, none (noopener), or a severed
    /// one (COOP).
    pub handle: Handle,
    /// The page's and the other document's `document.domain` assignments.
    pub domains: [Option<DomainResult>; 2],
    /// One per operation.
    pub results: Vec<AccessResult>,
    /// The requests that reached servers (the other document's).
    pub sent: Vec<Outgoing>,
    /// Every decision.
    pub trace: Vec<TraceRecord>,
    /// What in the scenario is probably not what its author meant.
    pub warnings: Vec<Warning>,
    /// How the same-origin policy was applied; shown unless `enforce`.
    pub enforcement: Enforcement,
    /// In `report-only`: the results with the policy off, and the
    /// requests of that run.
    pub delivered: Option<Box<(Vec<AccessResult>, Vec<Outgoing>)>>,
}

impl WindowVerdict {
    /// The requests as the contract shows them.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.sent.iter().map(request_record).collect()
    }

    /// `N of M operations allowed` and the reasons of the others.
    pub fn summary(&self) -> String {
        let allowed = self.results.iter().filter(|r| r.allowed).count();
        let mut reasons: Vec<&str> = self
            .results
            .iter()
            .filter_map(|r| r.reason.map(Reason::code))
            .collect();
        reasons.dedup();
        let tail = if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join(", "))
        };
        format!("{allowed} of {} allowed{tail}", self.results.len())
    }
}

impl Serialize for WindowVerdict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Sent<'a>(&'a [Outgoing]);
        impl Serialize for Sent<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ser_requests(self.0, s)
            }
        }
        let mut r = s.serialize_struct("WindowVerdict", 10)?;
        r.serialize_field("as", self.relation.name())?;
        r.serialize_field("page_origin", &self.page_origin.ascii_serialization())?;
        r.serialize_field("other_origin", &self.other_origin.ascii_serialization())?;
        r.serialize_field(
            "handle",
            match self.handle {
                Handle::Live => "live",
                Handle::Null => "null",
                Handle::Severed => "severed",
                _ => "unknown",
            },
        )?;
        if let [page, other] = &self.domains
            && (page.is_some() || other.is_some())
        {
            let reads = |o: &Origin| {
                o.as_tuple()
                    .map(|t| t.effective_domain().to_string())
                    .unwrap_or_default()
            };
            r.serialize_field("page_domain", &reads(&self.page_origin))?;
            r.serialize_field("other_domain", &reads(&self.other_origin))?;
            r.serialize_field(
                "document_domain",
                &serde_json::json!({"page": page, "other": other}),
            )?;
        }
        r.serialize_field("results", &self.results)?;
        r.serialize_field("requests", &Sent(&self.sent))?;
        if !self.enforcement.is_enforce() {
            r.serialize_field("enforcement", &self.enforcement)?;
        }
        if let Some(d) = &self.delivered {
            let requests: Vec<RequestRecord> = d.1.iter().map(request_record).collect();
            r.serialize_field(
                "delivered",
                &serde_json::json!({"results": d.0, "requests": requests}),
            )?;
        }
        r.serialize_field("trace", &self.trace)?;
        if !self.warnings.is_empty() {
            r.serialize_field("warnings", &self.warnings)?;
        }
        r.end()
    }
}

/// The other document, once navigated.
struct Loaded {
    document: Document,
    url: Option<sop_origin::Url>,
    title: Option<String>,
    frames: Vec<String>,
    headers: HeaderList,
}

/// Evaluates a window scenario's body.
pub(crate) fn evaluate_window(
    page: &PageContext<'_>,
    body: &WindowBody,
    servers: &Servers<'_>,
    profile: &Profile,
    record_trace: bool,
    policy: SameOriginPolicy,
) -> WindowVerdict {
    let mut trace = Trace::recording(record_trace);
    let relation = body.other.relation;
    // The page: the simulator's, with the headers its own entry gives.
    let page_headers = page_headers(page, servers);
    let mut page_doc = document(
        &DocumentSpec {
            source: Source::Url(page.url),
            creator: &page.origin,
            sandbox_attribute: page.sandboxed.then_some(""),
            headers: Some(&page_headers),
        },
        &mut trace,
    );
    if page.sandboxed {
        // The fixture's sandboxed page: the opaque origin PageContext made.
        page_doc.origin = page.origin.clone();
    }
    let mut sent = Vec::new();
    let mut fetch_trace = Vec::new();
    let other = load_other(
        page,
        body,
        servers,
        profile,
        record_trace,
        &mut sent,
        &mut fetch_trace,
        &mut trace,
    );
    let mut other_doc = other.document;
    let handle = handle(
        body,
        &page_doc,
        &other_doc,
        &page_headers,
        &other.headers,
        &mut trace,
    );
    // document.domain, each document's own script, at load.
    let dd = body.document_domain.as_ref();
    let page_domain = dd
        .and_then(|d| d.page.as_deref())
        .map(|v| set_domain(&mut page_doc, v, &mut trace));
    let other_domain = dd
        .and_then(|d| d.other.as_deref())
        .map(|v| set_domain(&mut other_doc, v, &mut trace));
    // For a parent, the page is its child frame.
    let frames = if relation == Relation::Parent {
        vec![String::new()]
    } else {
        other.frames
    };
    // What the operations change, each seen by the next.
    let mut state = State {
        url: other.url,
        title: other.title.unwrap_or_default(),
        name: String::new(),
        closed: false,
    };
    let mut results = Vec::with_capacity(body.access.len());
    for a in &body.access {
        let world = World {
            page: &page_doc,
            other: &other_doc,
            relation,
            handle,
            other_url: state.url.as_ref(),
            other_title: Some(&state.title),
            other_frames: &frames,
            other_name: &state.name,
            other_closed: state.closed,
            policy_off: policy == SameOriginPolicy::Off,
        };
        let result = one_access(&world, a, &mut trace);
        if result.allowed {
            state.apply(a, relation, page.url, servers, &mut other_doc);
        }
        results.push(result);
    }
    let mut records = fetch_trace;
    records.extend(trace_records(trace));
    WindowVerdict {
        relation,
        page_origin: page_doc.origin.clone(),
        other_origin: other_doc.origin.clone(),
        handle,
        domains: [page_domain, other_domain],
        results,
        sent,
        trace: records,
        warnings: Vec::new(),
        enforcement: Enforcement::Enforce,
        delivered: None,
    }
}

/// The page's response headers, from the entry for its own URL.
fn page_headers(page: &PageContext<'_>, servers: &Servers<'_>) -> HeaderList {
    let out = Outgoing {
        preflight: false,
        method: Method::GET,
        url: page.url.clone().into(),
        headers: HeaderList::new(),
        include_credentials: false,
        body: None,
    };
    // Answered like any request, so the entry counts as used.
    match servers.answer(&out) {
        sop_fetch_model::Incoming::Response(r) => r.headers,
        _ => HeaderList::new(),
    }
}

/// Navigates to the other document (or makes it from srcdoc, about:blank,
/// data:) and determines its origin.
#[allow(clippy::too_many_arguments)] // the evaluation's whole context, named
fn load_other(
    page: &PageContext<'_>,
    body: &WindowBody,
    servers: &Servers<'_>,
    profile: &Profile,
    record_trace: bool,
    sent: &mut Vec<Outgoing>,
    fetch_records: &mut Vec<TraceRecord>,
    trace: &mut Trace,
) -> Loaded {
    let other = &body.other;
    let own = (other.relation == Relation::Iframe)
        .then_some(other.sandbox.as_deref())
        .flatten();
    // A sandboxed page's frames and popups are sandboxed too: their
    // flags are the page's (scripts allowed, no same origin) and their
    // own, so only what both allow remains.
    let inherited = page.sandboxed && matches!(other.relation, Relation::Iframe | Relation::Popup);
    let combined = match (own, inherited) {
        (Some(t), true) => Some(
            t.split_ascii_whitespace()
                .filter(|x| x.eq_ignore_ascii_case("allow-scripts"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (None, true) => Some("allow-scripts".to_owned()),
        (own, false) => own.map(str::to_owned),
    };
    let sandbox = combined.as_deref();
    let url = other
        .url
        .as_deref()
        .and_then(|u| resolve(u, page.url, servers.entries()).ok())
        .map(Arc::unwrap_or_clone);
    let make = |source: Source<'_>, headers: Option<&HeaderList>, trace: &mut Trace| {
        document(
            &DocumentSpec {
                source,
                creator: &page.origin,
                sandbox_attribute: sandbox,
                headers,
            },
            trace,
        )
    };
    let Some(url) = url.filter(|_| other.srcdoc.is_none()) else {
        let body_text = other.srcdoc.clone().unwrap_or_default();
        return Loaded {
            document: make(Source::Srcdoc, None, trace),
            url: sop_origin::parse_url("about:srcdoc").ok(),
            title: title_of(&body_text),
            frames: frames_of(&body_text),
            headers: HeaderList::new(),
        };
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Loaded {
            document: make(Source::Url(&url), None, trace),
            url: Some(url),
            title: None,
            frames: Vec::new(),
            headers: HeaderList::new(),
        };
    }
    let mut request = Request::new("GET", url.clone(), page.origin.clone());
    request.mode = Mode::Navigate;
    request.credentials_mode = CredentialsMode::Include;
    request.destination = if other.relation == Relation::Iframe {
        Destination::Iframe
    } else {
        Destination::Document
    };
    request.client_prohibits_mixed_content = prohibits_mixed_content(page, profile);
    let config = FetchConfig::new(profile.clone(), record_trace, SameOriginPolicy::Enforced);
    let mut cache = PreflightCache::new();
    let fetch = Fetch::with_config(request, &mut cache, Duration::ZERO, config);
    let (result, fetch_trace, out) = fetch.run_lent(|o| servers.lend(o), Duration::ZERO);
    fetch_records.extend(trace_records(fetch_trace));
    let last_body = out
        .last()
        .and_then(|o| servers.entry_for(o))
        .map(|e| e.body.text().to_owned())
        .unwrap_or_default();
    *sent = out;
    let Ok(response) = result else {
        // An error page: an opaque document.
        return Loaded {
            document: make(Source::Url(&"data:,".parse().unwrap_or(url)), None, trace),
            url: None,
            title: None,
            frames: Vec::new(),
            headers: HeaderList::new(),
        };
    };
    let internal = response.internal;
    let final_url = internal
        .url_list
        .last()
        .map_or(url, |u| sop_origin::Url::clone(u));
    if other.relation == Relation::Iframe
        && framing_check(&final_url, &internal.header_list, &page.origin, trace).is_err()
    {
        return Loaded {
            document: make(
                Source::Url(&"data:,".parse().unwrap_or(final_url)),
                None,
                trace,
            ),
            url: None,
            title: None,
            frames: Vec::new(),
            headers: HeaderList::new(),
        };
    }
    let document = make(Source::Url(&final_url), Some(&internal.header_list), trace);
    Loaded {
        document,
        title: title_of(&last_body),
        frames: frames_of(&last_body),
        url: Some(final_url),
        headers: internal.header_list,
    }
}

/// What the page's operations change of the other window.
struct State {
    url: Option<sop_origin::Url>,
    title: String,
    name: String,
    closed: bool,
}

impl State {
    /// An allowed operation's effect: a navigation gives the window a new
    /// document (of the URL's origin), a title or name set sticks, a
    /// popup closed stays closed.
    fn apply(
        &mut self,
        a: &AccessSpec,
        relation: Relation,
        base: &sop_origin::Url,
        servers: &Servers<'_>,
        other: &mut Document,
    ) {
        let text = |v: Option<&serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        };
        match a.op() {
            Some(("set", "document.title")) => self.title = text(a.value.as_ref()),
            Some(("set", "name")) => self.name = text(a.value.as_ref()),
            Some(("set", "location.hash")) => {
                if let Some(u) = &mut self.url {
                    let v = text(a.value.as_ref());
                    u.set_fragment(Some(v.trim_start_matches('#')));
                }
            }
            Some(("set", "location" | "location.href")) => {
                self.navigate(&text(a.value.as_ref()), base, servers, other);
            }
            Some(("call", "location.replace" | "location.assign")) => {
                self.navigate(&text(a.args.first()), base, servers, other);
            }
            Some(("call", "close")) if relation == Relation::Popup => self.closed = true,
            _ => {}
        }
    }

    /// The window navigates to `to`: a new document, of that URL's origin,
    /// whose title comes from the servers (a fragment alone stays in the
    /// same document).
    fn navigate(
        &mut self,
        to: &str,
        base: &sop_origin::Url,
        servers: &Servers<'_>,
        other: &mut Document,
    ) {
        let Ok(next) = parse_url_with_base(to, self.url.as_ref().unwrap_or(base)) else {
            return;
        };
        let same_document = self
            .url
            .as_ref()
            .is_some_and(|u| u[..url::Position::AfterQuery] == next[..url::Position::AfterQuery]);
        if !same_document {
            if !other.sandboxed {
                other.origin = Origin::of_url(&next);
            }
            let out = Outgoing {
                preflight: false,
                method: Method::GET,
                url: next.clone().into(),
                headers: HeaderList::new(),
                include_credentials: true,
                body: None,
            };
            // Answered, so the entry counts as used.
            let _ = servers.lend(&out);
            self.title = servers
                .entry_for(&out)
                .and_then(|e| title_of(e.body.text()))
                .unwrap_or_default();
        }
        self.url = Some(next);
    }
}

/// The text of a `<title>` element, when the markup has a simple one.
fn title_of(markup: &str) -> Option<String> {
    let lower = markup.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = lower[start..].find("</title>")? + start;
    markup.get(start..end).map(|t| t.trim().to_owned())
}

/// The names of the iframes the markup holds (`""` for one without).
fn frames_of(markup: &str) -> Vec<String> {
    let lower = markup.to_ascii_lowercase();
    lower
        .match_indices("<iframe")
        .map(|(at, _)| {
            let tag = &markup[at..at + lower[at..].find('>').unwrap_or(lower.len() - at)];
            let tag_lower = tag.to_ascii_lowercase();
            tag_lower
                .find("name=")
                .and_then(|i| {
                    let rest = &tag[i + "name=".len()..];
                    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                    let rest = &rest[1..];
                    rest.find(quote).map(|end| rest[..end].to_owned())
                })
                .unwrap_or_default()
        })
        .collect()
}

/// The handle the page holds: none after noopener, a severed one when
/// Cross-Origin-Opener-Policy switches browsing context groups.
fn handle(
    body: &WindowBody,
    page: &Document,
    other: &Document,
    page_headers: &HeaderList,
    other_headers: &HeaderList,
    trace: &mut Trace,
) -> Handle {
    use sop_fetch_model::Decision;
    let relation = body.other.relation;
    if relation == Relation::Popup && body.other.noopener {
        trace.push(
            sop_fetch_model::anchor::WINDOW_OPEN,
            "window.open",
            Decision::Note,
            "noopener: window.open returns null and the popup has no opener",
        );
        return Handle::Null;
    }
    let (opener, openee, opener_headers, openee_headers) = match relation {
        Relation::Popup => (page, other, page_headers, other_headers),
        Relation::Opener => (other, page, other_headers, page_headers),
        _ => return Handle::Live,
    };
    let coop = |h: &HeaderList| {
        h.get("cross-origin-opener-policy")
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_else(|| "unsafe-none".to_owned())
    };
    let (a, b) = (coop(opener_headers), coop(openee_headers));
    let same = opener.origin.same_origin(&openee.origin);
    // One group when the opened document has no policy and the opener's
    // allows popups (none, or same-origin-allow-popups), or when both are
    // same origin with the same policy.
    let opener_allows_popups = matches!(a.as_str(), "unsafe-none" | "same-origin-allow-popups");
    let kept = (b == "unsafe-none" && opener_allows_popups) || (same && a == b);
    trace.push(
        sop_fetch_model::anchor::CROSS_ORIGIN_OPENER_POLICIES,
        "opener",
        if kept { Decision::Pass } else { Decision::Fail },
        || {
            if kept {
                format!("COOP {a} (opener) and {b} (opened): one browsing context group, the handle is live")
            } else {
                format!("COOP {a} (opener) and {b} (opened) do not match: a new browsing context group, the opener is severed")
            }
        },
    );
    match (kept, relation) {
        (true, _) => Handle::Live,
        // The page reads its opener through window.opener, now null.
        (false, Relation::Opener) => Handle::Null,
        (false, _) => Handle::Severed,
    }
}

/// A document's script assigns `document.domain`.
/// <https://html.spec.whatwg.org/multipage/browsers.html#dom-document-domain>
fn set_domain(doc: &mut Document, value: &str, trace: &mut Trace) -> DomainResult {
    use sop_fetch_model::{Decision, anchor};
    let reads = doc
        .origin
        .as_tuple()
        .map(|t| t.effective_domain().to_string())
        .unwrap_or_default();
    let refused = |why: DomainRefusal, trace: &mut Trace| {
        trace.push(
            anchor::DOCUMENT_DOMAIN,
            "document.domain",
            Decision::Fail,
            || {
                format!(
                    "document.domain = {value:?}: {}: SecurityError",
                    why.words()
                )
            },
        );
        DomainResult {
            value: reads.clone(),
            allowed: false,
            error: Some("SecurityError"),
            reason: Some(Reason::DocumentDomainRefused),
            message: Some(domain_message(&why, value)),
            fix: None,
        }
    };
    // document.domain setter 2. A sandboxed document may not.
    if doc.sandboxed {
        return refused(DomainRefusal::Sandboxed, trace);
    }
    let keyed = doc.origin_keyed;
    let sop_origin::Origin::Tuple(t) = &mut doc.origin else {
        // 3-4. An opaque origin has no effective domain.
        return refused(DomainRefusal::Opaque, trace);
    };
    match t.set_document_domain(value, keyed, None) {
        Err(DomainError::NotASuffix {
            effective_domain, ..
        }) => refused(DomainRefusal::NotASuffix(effective_domain), trace),
        Ok(DomainSet::IgnoredOriginKeyed) => {
            trace.push(
                anchor::ORIGIN_KEYED_AGENT_CLUSTERS,
                "document.domain",
                Decision::Fail,
                || format!("document.domain = {value:?}: the agent cluster is origin-keyed (no Origin-Agent-Cluster: ?0), so nothing changes"),
            );
            DomainResult {
                value: t.effective_domain().to_string(),
                allowed: true,
                error: None,
                reason: Some(Reason::DocumentDomainIgnored),
                message: Some("document.domain mutation is ignored because the surrounding agent cluster is origin-keyed.".to_owned()),
                fix: Some("send Origin-Agent-Cluster: ?0 with both documents (and set document.domain in both), or better, talk with postMessage: opting out of origin-keyed agent clusters puts both sites in one process and weakens their isolation".to_owned()),
            }
        }
        Ok(_) => {
            trace.push(
                anchor::DOCUMENT_DOMAIN,
                "document.domain",
                Decision::Pass,
                || format!("document.domain = {value:?}: the origin's domain is now {value}"),
            );
            DomainResult {
                value: t.effective_domain().to_string(),
                allowed: true,
                error: None,
                reason: None,
                message: None,
                fix: None,
            }
        }
    }
}

/// Why a `document.domain` assignment threw.
pub(crate) enum DomainRefusal {
    Sandboxed,
    Opaque,
    NotASuffix(String),
}

impl DomainRefusal {
    fn words(&self) -> String {
        match self {
            DomainRefusal::Sandboxed => "the document is sandboxed".to_owned(),
            DomainRefusal::Opaque => "the document's origin is opaque".to_owned(),
            DomainRefusal::NotASuffix(d) => {
                format!("not a registrable domain suffix of {d} (or a public suffix)")
            }
        }
    }
}

/// One operation of `access`.
fn one_access(world: &World<'_>, a: &AccessSpec, trace: &mut Trace) -> AccessResult {
    let (op_word, path) = a.op().unwrap_or(("get", ""));
    let args: Vec<String> = a
        .args
        .iter()
        .map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let op = match op_word {
        "set" => Op::Set,
        "call" => Op::Call(&args),
        _ => Op::Get,
    };
    let outcome = access(world, path, &op, trace);
    let value = match (&outcome.value, op_word) {
        (Some(v), "get") => js_json(v),
        _ => None,
    };
    // A dropped message is logged by the receiver's renderer, and reaches
    // the page's console only when both share a process: a same-site
    // receiver, or a data: frame (measured); sandboxed frames, other sites'
    // documents, popups and parents say nothing.
    let logged = |receiver: &Document| {
        (!receiver.sandboxed
            && receiver.origin.as_tuple().is_none()
            && world.relation == Relation::Iframe)
            || sop_origin::same_site(&world.page.origin, &receiver.origin)
    };
    let message = match &outcome.refused {
        Some(sop_html::windows::Refused::TargetMismatch { .. }) if !logged(world.other) => None,
        refused => refused.as_ref().map(access_message),
    };
    let fix = match outcome.reason {
        Some(Reason::CrossOriginAccess) => Some(format!(
            "a page never reaches into another origin's document; have the other document's script send what is needed with postMessage(data, \"{}\") and listen for it",
            world.page.origin.ascii_serialization()
        )),
        Some(Reason::TargetOriginMismatch) => Some(format!(
            "name the receiver's origin as the target: postMessage(data, \"{}\")",
            world.other.origin.ascii_serialization()
        )),
        _ => None,
    };
    AccessResult {
        op: op_word,
        path: path.to_owned(),
        allowed: outcome.allowed,
        error: outcome.error.map(|e| e.as_str()),
        reason: outcome.reason,
        message,
        value,
        delivered: outcome.delivered,
        event_origin: outcome.event_origin,
        fix,
    }
}

/// A primitive as JSON; objects and what the model cannot know are not
/// shown.
fn js_json(v: &JsValue) -> Option<serde_json::Value> {
    Some(match v {
        JsValue::Null => serde_json::Value::Null,
        JsValue::Bool(b) => serde_json::Value::Bool(*b),
        // Integers as JavaScript prints them (0, not 0.0).
        JsValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
            serde_json::json!(*n as i64)
        }
        JsValue::Number(n) => serde_json::json!(n),
        JsValue::String(s) => serde_json::Value::String(s.clone()),
        _ => return None,
    })
}
