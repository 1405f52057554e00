//! Evaluating an embed scenario: the element's request through the fetch
//! machine against the scenario's servers, then sop-html's verdict on what
//! the element does with the response and what script may read of it.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::ser::SerializeStruct;
use sop_fetch_model::metadata::{dest_value, mode_value};
use sop_fetch_model::{
    Blocked, CredentialsMode, Fetch, FetchConfig, FetchResult, Incoming, Outgoing, PreflightCache,
    Profile, Reason, Request, ResponseType, SameOriginPolicy, Trace,
};
use sop_html::element::{Asks, Element};
use sop_html::embed::{EmbedUse, Fetched, Refusal, use_response};
use sop_html::payload::Payload;
use sop_origin::Url;

use super::contract::EmbedSpec;
use super::message::use_message;
use crate::change::Fix;
use crate::enforcement::Enforcement;
use crate::fixture::resolve;
use crate::message::{Caller, console_message};
use crate::page::PageContext;
use crate::script::prohibits_mixed_content;
use crate::servers::Servers;
use crate::verdict::{RequestRecord, TraceRecord, request_record, ser_requests, trace_records};
use crate::warning::Warning;

/// What the browser does with an embed: every field of the contract's
/// `expect`, with what the element asked for, the response it got, the
/// trace and the fix.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct EmbedVerdict {
    /// The element.
    pub element: Element,
    /// What it asked Fetch for.
    pub asked: Asks,
    /// The element used the resource.
    pub loaded: bool,
    /// The canonical read worked.
    pub readable: bool,
    /// Why not, when either is false.
    pub reason: Option<Reason>,
    /// The response's type (`basic`, `cors`, `opaque`); none after a
    /// network error.
    pub response: Option<ResponseType>,
    /// The requests that reached servers.
    pub sent: Vec<Outgoing>,
    /// Chromium's console message or the read's exception message.
    pub message: Option<String>,
    /// What would make it load and read, when it does not.
    pub fix: Option<Fix>,
    /// How the same-origin policy was applied; shown as `enforcement`
    /// unless it is `enforce`.
    pub enforcement: Enforcement,
    /// In `report-only` only: what the page got with the policy off.
    pub delivered: Option<Box<EmbedDelivered>>,
    /// Every decision, in order.
    pub trace: Vec<TraceRecord>,
    /// What in the scenario is probably not what its author meant.
    pub warnings: Vec<Warning>,
    /// The servers' answers to `sent` (for explanations); kept with the
    /// trace only.
    pub(crate) answers: Vec<Incoming>,
    /// The fetch machine's failure, when the fetch failed.
    pub(crate) blocked: Option<Blocked>,
    /// The element's refusal, when it did not use or could not read.
    pub(crate) refusal: Option<Refusal>,
}

/// What a `report-only` evaluation hands the page: the same embed with
/// the same-origin policy off (no CORS check, no tainting, frames readable).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct EmbedDelivered {
    /// The element used the resource.
    pub loaded: bool,
    /// The read worked.
    pub readable: bool,
    /// Why not (what is not the policy: a network error, a MIME refusal).
    #[serde(serialize_with = "crate::verdict::ser_reason")]
    pub reason: Option<Reason>,
    /// The requests that reached the servers in that run.
    #[serde(serialize_with = "ser_requests")]
    pub requests: Vec<Outgoing>,
}

impl From<EmbedVerdict> for EmbedDelivered {
    fn from(v: EmbedVerdict) -> EmbedDelivered {
        EmbedDelivered {
            loaded: v.loaded,
            readable: v.readable,
            reason: v.reason,
            requests: v.sent,
        }
    }
}

impl EmbedVerdict {
    /// The requests that reached servers, as the contract shows them.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.sent.iter().map(request_record).collect()
    }

    /// `loaded, readable`, `loaded, not readable (reason)` or `not loaded
    /// (reason)`.
    pub fn summary(&self) -> String {
        let reason = self.reason.map(|r| format!(" ({r})")).unwrap_or_default();
        match (self.loaded, self.readable) {
            (true, true) => "loaded, readable".to_owned(),
            (true, false) => format!("loaded, not readable{reason}"),
            (false, _) => format!("not loaded{reason}"),
        }
    }

    /// Whether the page got everything: loaded and readable.
    pub fn works(&self) -> bool {
        self.loaded && self.readable
    }
}

impl Serialize for EmbedVerdict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct AskedJson<'a>(&'a Asks);
        impl Serialize for AskedJson<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut r = s.serialize_struct("Asked", 3)?;
                r.serialize_field("mode", mode_value(self.0.mode))?;
                r.serialize_field("credentials", credentials_value(self.0.credentials))?;
                r.serialize_field("destination", dest_value(self.0.destination))?;
                r.end()
            }
        }
        struct Sent<'a>(&'a [Outgoing]);
        impl Serialize for Sent<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ser_requests(self.0, s)
            }
        }
        let mut r = s.serialize_struct("EmbedVerdict", 11)?;
        r.serialize_field("element", self.element.name())?;
        r.serialize_field("asked", &AskedJson(&self.asked))?;
        r.serialize_field("loaded", &self.loaded)?;
        r.serialize_field("readable", &self.readable)?;
        r.serialize_field("reason", &self.reason.map(Reason::code))?;
        r.serialize_field("response", &self.response.map(ResponseType::as_str))?;
        r.serialize_field("requests", &Sent(&self.sent))?;
        r.serialize_field("message", &self.message)?;
        r.serialize_field("fix", &self.fix)?;
        if !self.enforcement.is_enforce() {
            r.serialize_field("enforcement", &self.enforcement)?;
        }
        if let Some(d) = &self.delivered {
            r.serialize_field("delivered", d)?;
        }
        r.serialize_field("trace", &self.trace)?;
        if !self.warnings.is_empty() {
            r.serialize_field("warnings", &self.warnings)?;
        }
        r.end()
    }
}

/// The credentials mode as Fetch names it.
pub(crate) fn credentials_value(c: CredentialsMode) -> &'static str {
    match c {
        CredentialsMode::Omit => "omit",
        CredentialsMode::SameOrigin => "same-origin",
        CredentialsMode::Include => "include",
    }
}

/// Evaluates `embed` on `page` against `servers`.
pub(crate) fn evaluate_embed(
    page: &PageContext<'_>,
    embed: &EmbedSpec,
    servers: &Servers<'_>,
    profile: &Profile,
    record_trace: bool,
    policy: SameOriginPolicy,
) -> EmbedVerdict {
    let mut trace = Trace::recording(record_trace);
    let element = embed.element;
    let asked = element.asks_traced(embed.setting(), &mut trace);
    let mut v = EmbedVerdict {
        element,
        asked,
        loaded: false,
        readable: false,
        reason: None,
        response: None,
        sent: Vec::new(),
        message: None,
        fix: None,
        enforcement: Enforcement::Enforce,
        delivered: None,
        trace: Vec::new(),
        warnings: Vec::new(),
        answers: Vec::new(),
        blocked: None,
        refusal: None,
    };
    // The URL, resolved against the page's (validation made sure it parses).
    let Ok(url) = resolve(&embed.url, page.url, servers.entries()) else {
        v.reason = Some(Reason::InvalidUrl);
        v.trace = trace_records(trace);
        return v;
    };
    let request = element_request(page, url, asked, profile);
    let config = FetchConfig::new(profile.clone(), record_trace, policy);
    let mut cache = PreflightCache::new();
    let fetch = Fetch::with_config(request, &mut cache, Duration::ZERO, config);
    let mut answers = Vec::new();
    let (result, fetch_trace, sent) = fetch.run_lent(
        |out| {
            let answer = servers.lend(out);
            if record_trace {
                answers.push(answer.clone().into_incoming());
            }
            answer
        },
        Duration::ZERO,
    );
    let mut records = trace_records(trace);
    records.extend(trace_records(fetch_trace));
    let mut html_trace = Trace::recording(record_trace);
    let last_entry = sent.last().and_then(|out| servers.entry_for(out));
    apply_result(
        &mut v,
        result,
        page,
        servers,
        &sent,
        last_entry.is_some_and(|e| e.body.is_present()),
        &mut html_trace,
    );
    // With the policy off (--disable-web-security) nothing is tainted: what
    // loaded is readable.
    if policy == SameOriginPolicy::Off && v.loaded && !v.readable {
        html_trace.push(
            sop_fetch_model::anchor::SAME_ORIGIN,
            "same-origin policy",
            sop_fetch_model::Decision::Note,
            "off (as with --disable-web-security): the read is allowed",
        );
        v.readable = true;
        v.reason = None;
        v.message = None;
        v.refusal = None;
    }
    records.extend(trace_records(html_trace));
    v.trace = records;
    v.sent = sent;
    v.answers = answers;
    v
}

/// The element's request. <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#create-a-potential-cors-request>
fn element_request(
    page: &PageContext<'_>,
    url: Arc<Url>,
    asked: Asks,
    profile: &Profile,
) -> Request {
    let mut request = Request::new("GET", url, page.origin.clone());
    request.mode = asked.mode;
    request.credentials_mode = asked.credentials;
    request.destination = asked.destination;
    request.client_prohibits_mixed_content = prohibits_mixed_content(page, profile);
    request
}

/// Fills the verdict from how the fetch ended and what the element did.
fn apply_result(
    v: &mut EmbedVerdict,
    result: FetchResult,
    page: &PageContext<'_>,
    servers: &Servers<'_>,
    sent: &[Outgoing],
    has_body: bool,
    trace: &mut Trace,
) {
    let response = match result {
        Ok(response) => response,
        Err(blocked) => {
            // Only a network error's message reads the last answer.
            let last = (blocked.reason == Reason::NetworkError)
                .then(|| sent.last().map(|out| servers.lend(out)))
                .flatten();
            v.reason = Some(blocked.reason);
            // A frame whose navigation fails shows an error page and prints
            // nothing; other elements get the fetch's console line.
            let quiet = v.element == Element::Iframe && blocked.reason == Reason::NetworkError;
            if !quiet {
                v.message = console_message(
                    &blocked,
                    page,
                    Caller::Element(v.element),
                    last.as_ref().map(Into::into),
                );
            }
            v.blocked = Some(blocked);
            return;
        }
    };
    let internal = &response.internal;
    v.response = Some(response.response_type);
    let Some(url) = internal.url_list.last() else {
        return;
    };
    let fetched = Fetched {
        response_type: response.response_type,
        status: internal.status,
        headers: &internal.header_list,
        payload: Payload::of(&internal.header_list, has_body),
        url,
    };
    let used: EmbedUse = use_response(v.element, &page.origin, &fetched, trace);
    v.loaded = used.loaded;
    v.readable = used.readable;
    if let Some(refusal) = used.refusal {
        v.reason = Some(refusal.reason);
        v.message = use_message(v.element, &refusal, url.as_str());
        v.refusal = Some(refusal);
    }
}
