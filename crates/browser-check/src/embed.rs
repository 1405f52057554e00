//! What Chromium did with an embed scenario, in the contract's terms: did
//! the element use the resource (`loaded`), did the canonical read work
//! (`readable`), why not (`reason`, inferred from DevTools' evidence), the
//! console or exception message, and the requests that reached the
//! servers with their Fetch Metadata headers.

use serde_json::Value;
use sop_fetch_model::Reason;
use sop_html::element::Element;
use sop_verdict::embed::EmbedObservation;
use sop_verdict::observation::RequestRecord;

use crate::observe::{
    FAILED_TO_LOAD, LoadingFailed, from_cors_error, from_message, from_net_error,
};
use crate::servers::{Answer, Arrival};

/// An embed as seen in Chromium, with the evidence behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedObserved {
    /// The contract's fields.
    pub observation: EmbedObservation,
    /// What the page, DevTools and the console said (for the report).
    pub evidence: Vec<String>,
}

/// What the embed script reported (see `page::embed_expression`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageRead {
    /// `load`, `error`, `loadeddata`, `timeout`, ...
    pub event: Option<String>,
    /// The element used the resource, as far as the page can tell (an
    /// iframe's comes from DevTools).
    pub loaded: bool,
    /// The read worked; `None` where it cannot be observed.
    pub readable: Option<bool>,
    /// The read's (or `FontFace.load()`'s) exception message.
    pub read_message: Option<String>,
    /// The messages of the window `error` events a script raised.
    pub script_errors: Vec<String>,
    /// `MediaError.message`.
    pub media_error: Option<String>,
    /// An iframe's `contentDocument !== null`.
    pub content_document: Option<bool>,
    /// Why the page could not make a read it should have (a video that
    /// drew no frame): then nothing was observed.
    pub unobserved: Option<String>,
}

impl PageRead {
    /// Reads the script's JSON result.
    pub fn from_value(v: &Value) -> PageRead {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        PageRead {
            event: s("event"),
            loaded: v.get("loaded").and_then(Value::as_bool).unwrap_or(false),
            readable: v.get("readable").and_then(Value::as_bool),
            read_message: s("readMessage"),
            script_errors: v
                .get("scriptErrors")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            media_error: s("mediaError").filter(|m| !m.is_empty()),
            content_document: v.get("contentDocument").and_then(Value::as_bool),
            unobserved: s("unobserved"),
        }
    }
}

/// Everything seen of one embed.
pub struct EmbedEvidence<'a> {
    /// The element.
    pub element: Element,
    /// What the page's script reported.
    pub read: &'a PageRead,
    /// An iframe's frame URL as DevTools shows it (`chrome-error://...`
    /// for Chromium's error page); `None` when no child frame was found.
    pub frame_url: Option<&'a str>,
    /// `Network.loadingFailed` events.
    pub failures: &'a [LoadingFailed],
    /// The console's lines (`Log.entryAdded`), not the page's own
    /// exceptions or `console` calls.
    pub console: &'a [String],
    /// The requests that reached the servers while the embed ran.
    pub arrivals: &'a [Arrival],
}

/// The Fetch Metadata and CORS headers an embed's request record keeps.
const RECORDED: &[&str] = &[
    "origin",
    "sec-fetch-site",
    "sec-fetch-mode",
    "sec-fetch-dest",
    "sec-fetch-user",
    "sec-fetch-storage-access",
];

/// The requests of an embed as the contract records them (with their
/// `origin` and `sec-fetch-*` headers).
pub fn embed_requests(arrivals: &[Arrival]) -> Vec<RequestRecord> {
    arrivals
        .iter()
        .filter(|a| a.answer != Answer::Page)
        .map(|a| {
            let mut record = RequestRecord::new(a.method.clone(), a.url.clone());
            for (name, value) in a.headers.iter().filter(|(n, _)| RECORDED.contains(&&**n)) {
                record.combine_header(name, value);
            }
            record
        })
        .collect()
}

/// Console lines that do not say why a resource was refused: the
/// upgrade notice for mixed images and media (which load), and DevTools'
/// advice.
fn is_refusal(line: &str) -> bool {
    !(line.contains("automatically upgraded")
        || line.contains("should also be served over HTTPS")
        || line.starts_with("[Violation]")
        || line.starts_with("Download the"))
}

/// The status of the last response the servers sent, if any.
fn last_status(arrivals: &[Arrival]) -> Option<u16> {
    match arrivals.iter().rfind(|a| a.answer != Answer::Page)?.answer {
        Answer::Entry(s) => Some(s),
        Answer::NotFound => Some(404),
        Answer::NetworkError | Answer::Page => None,
    }
}

/// Console fragments that name an embed's refusal, checked in order.
const REFUSALS: &[(&str, Reason)] = &[
    ("X-Frame-Options", Reason::XFrameOptions),
    ("frame-ancestors", Reason::FrameAncestors),
    ("Refused to execute script", Reason::MimeTypeBlocked),
    ("Refused to apply style", Reason::MimeTypeBlocked),
    ("Failed to load module script", Reason::MimeTypeBlocked),
    ("MIME type", Reason::MimeTypeBlocked),
];

/// Why an embed did not load: DevTools' CORS error (the v1 codes), its
/// blocked reason (CORP, mixed content), ORB's net error, the console's
/// refusals (mixed content, framing, MIME type, CORS), a telling net error,
/// an error status, a style sheet that fired `load` but did not apply
/// (refused for its type without a word), and for an image, font or media
/// element with no failure on the network, `decode-error`. Otherwise the
/// evidence, as an unmapped reason.
pub fn unloaded_reason(ev: &EmbedEvidence<'_>) -> Result<Reason, String> {
    let el = ev.element;
    if let Some(name) = ev.failures.iter().find_map(|f| f.cors_error.as_deref()) {
        return from_cors_error(name).ok_or_else(|| format!("CorsError {name}"));
    }
    for f in ev.failures {
        match f.blocked_reason.as_deref() {
            Some("mixed-content") => return Ok(Reason::MixedContent),
            Some(b) if b.starts_with("corp-") => return Ok(Reason::CorpBlocked),
            _ => {}
        }
        if f.error_text
            .starts_with("net::ERR_BLOCKED_BY_RESPONSE.NotSame")
        {
            return Ok(Reason::CorpBlocked);
        }
        if f.error_text == "net::ERR_BLOCKED_BY_ORB" {
            return Ok(Reason::OrbBlocked);
        }
    }
    let refusals: Vec<&String> = ev.console.iter().filter(|l| is_refusal(l)).collect();
    if refusals
        .iter()
        .any(|l| l.starts_with("Mixed Content") && l.contains("blocked"))
    {
        return Ok(Reason::MixedContent);
    }
    for (fragment, reason) in REFUSALS {
        if refusals.iter().any(|l| l.contains(fragment)) {
            return Ok(*reason);
        }
    }
    if let Some(r) = refusals
        .iter()
        .filter(|l| l.contains("CORS policy"))
        .find_map(|l| from_message(l))
    {
        return Ok(r);
    }
    if let Some(r) = ev
        .failures
        .iter()
        .find_map(|f| from_net_error(&f.error_text))
    {
        return Ok(r);
    }
    // The element refused the status (an image decodes whatever the
    // status, a frame shows the error page's document).
    if !matches!(el, Element::Img | Element::Iframe)
        && last_status(ev.arrivals).is_some_and(|s| !(200..=299).contains(&s))
    {
        return Ok(Reason::InvalidStatus);
    }
    if el == Element::Stylesheet && ev.read.event.as_deref() == Some("load") {
        return Ok(Reason::MimeTypeBlocked);
    }
    let on_the_network = ev
        .failures
        .iter()
        .any(|f| f.error_text != "net::ERR_ABORTED");
    if matches!(
        el,
        Element::Img | Element::Font | Element::Video | Element::Audio
    ) && !on_the_network
    {
        return Ok(Reason::DecodeError);
    }
    let said: Vec<String> = ev
        .failures
        .iter()
        .map(ToString::to_string)
        .chain(refusals.iter().map(|l| (*l).clone()))
        .chain(ev.read.event.iter().map(|e| format!("event {e}")))
        .collect();
    Err(if said.is_empty() {
        "no reason given".to_owned()
    } else {
        said.join("; ")
    })
}

/// Why an embed that loaded could not be read.
pub fn unreadable_reason(element: Element) -> Option<Reason> {
    match element {
        Element::Img | Element::Video => Some(Reason::TaintedCanvas),
        Element::Script | Element::ModuleScript => Some(Reason::MutedScriptError),
        Element::Stylesheet => Some(Reason::CrossOriginStylesheet),
        Element::Iframe => Some(Reason::CrossOriginFrame),
        _ => None,
    }
}

/// The console line that says why `reason` stopped the embed: the line
/// naming it, else the first refusal that is not the network's generic
/// `Failed to load resource: ...`, else that line.
fn refusal_line(reason: Reason, console: &[String]) -> Option<String> {
    let lines: Vec<&String> = console.iter().filter(|l| is_refusal(l)).collect();
    let fragment: Option<&str> = match reason {
        Reason::MixedContent => Some("Mixed Content"),
        Reason::XFrameOptions => Some("X-Frame-Options"),
        Reason::FrameAncestors => Some("frame-ancestors"),
        Reason::MimeTypeBlocked => Some("MIME type"),
        Reason::DecodeError => Some("Failed to decode"),
        Reason::CorpBlocked
        | Reason::OrbBlocked
        | Reason::NetworkError
        | Reason::InvalidStatus
        | Reason::TooManyRedirects
        | Reason::RedirectUnsupportedScheme => Some(FAILED_TO_LOAD),
        _ if from_cors_error(reason.chromium_name()) == Some(reason) => Some("CORS policy"),
        _ => None,
    };
    if let Some(f) = fragment {
        if let Some(l) = lines.iter().find(|l| l.contains(f)) {
            return Some((*l).clone());
        }
        if reason == Reason::DecodeError {
            return None;
        }
    }
    lines
        .iter()
        .find(|l| !l.starts_with(FAILED_TO_LOAD))
        .or_else(|| lines.iter().find(|l| l.starts_with(FAILED_TO_LOAD)))
        .map(|l| (*l).clone())
}

/// An iframe shows the served document, not Chromium's error page.
pub fn frame_loaded(frame_url: Option<&str>) -> bool {
    frame_url
        .is_some_and(|u| !u.is_empty() && !u.starts_with("chrome-error:") && u != "about:blank")
}

/// Builds the observation of one embed.
pub fn observe_embed(ev: &EmbedEvidence<'_>) -> EmbedObserved {
    let read = ev.read;
    let mut evidence: Vec<String> = Vec::new();
    evidence.push(format!(
        "page: event {}, read {:?}{}",
        read.event.as_deref().unwrap_or("none"),
        read.readable,
        read.read_message
            .as_ref()
            .map(|m| format!(" ({m})"))
            .unwrap_or_default()
    ));
    if let Some(u) = ev.frame_url {
        evidence.push(format!("frame url: {u}"));
    }
    evidence.extend(
        read.script_errors
            .iter()
            .map(|e| format!("window error: {e}")),
    );
    evidence.extend(read.media_error.iter().map(|e| format!("MediaError: {e}")));
    evidence.extend(ev.failures.iter().map(ToString::to_string));
    evidence.extend(ev.console.iter().map(|m| format!("console: {m}")));

    let mut o = EmbedObservation::default();
    o.requests = embed_requests(ev.arrivals);
    o.loaded = if ev.element == Element::Iframe {
        frame_loaded(ev.frame_url)
    } else {
        read.loaded
    };
    let first_error = read.script_errors.first().cloned();
    if !o.loaded {
        o.readable = Some(false);
        match unloaded_reason(ev) {
            Ok(r) => {
                o.reason = Some(r.code().to_owned());
                // A media element that could not decode its bytes says
                // why only in `MediaError.message`.
                o.message = refusal_line(r, ev.console).or_else(|| match ev.element {
                    Element::Video | Element::Audio if r == Reason::DecodeError => {
                        read.media_error.clone()
                    }
                    _ => None,
                });
            }
            Err(said) => {
                o.reason = Some(format!("unmapped: {said}"));
                o.message = refusal_line(Reason::NetworkError, ev.console);
            }
        }
        return EmbedObserved {
            observation: o,
            evidence,
        };
    }
    o.readable = if ev.element == Element::Iframe {
        read.content_document
    } else {
        read.readable
    };
    if o.readable == Some(false) {
        o.reason = unreadable_reason(ev.element).map(|r| r.code().to_owned());
        o.message = match ev.element {
            Element::Script | Element::ModuleScript => first_error,
            Element::Iframe => None,
            _ => read.read_message.clone(),
        };
    } else if matches!(ev.element, Element::Script | Element::ModuleScript) {
        o.message = first_error;
    }
    EmbedObserved {
        observation: o,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn failed(error: &str, blocked: Option<&str>, cors: Option<&str>) -> LoadingFailed {
        LoadingFailed {
            error_text: error.to_owned(),
            cors_error: cors.map(str::to_owned),
            failed_parameter: None,
            blocked_reason: blocked.map(str::to_owned),
        }
    }

    fn arrival(url: &str, headers: &[(&str, &str)], answer: Answer) -> Arrival {
        Arrival {
            step: Some(0),
            method: "GET".to_owned(),
            url: url.to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            answer,
        }
    }

    fn lines(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| (*s).to_owned()).collect()
    }

    struct Case {
        element: Element,
        read: PageRead,
        frame_url: Option<&'static str>,
        failures: Vec<LoadingFailed>,
        console: Vec<String>,
        arrivals: Vec<Arrival>,
    }

    impl Case {
        fn new(element: Element, event: &str) -> Case {
            Case {
                element,
                read: PageRead {
                    event: Some(event.to_owned()),
                    ..PageRead::default()
                },
                frame_url: None,
                failures: vec![],
                console: vec![],
                arrivals: vec![arrival("https://cdn.example/x", &[], Answer::Entry(200))],
            }
        }

        fn observe(&self) -> EmbedObservation {
            observe_embed(&EmbedEvidence {
                element: self.element,
                read: &self.read,
                frame_url: self.frame_url,
                failures: &self.failures,
                console: &self.console,
                arrivals: &self.arrivals,
            })
            .observation
        }
    }

    const CORS: &str = "Access to image at 'https://cdn.example/x' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";

    #[test]
    fn cors_errors_give_the_v1_codes_and_their_line() {
        let mut c = Case::new(Element::Img, "error");
        c.failures = vec![failed(
            "net::ERR_FAILED",
            None,
            Some("MissingAllowOriginHeader"),
        )];
        c.console = lines(&[CORS, "Failed to load resource: net::ERR_FAILED"]);
        let o = c.observe();
        assert!(!o.loaded);
        assert_eq!(o.readable, Some(false));
        assert_eq!(o.reason.as_deref(), Some("missing-allow-origin-header"));
        assert_eq!(o.message.as_deref(), Some(CORS));
    }

    #[test]
    fn corp_orb_and_mixed_content_come_from_devtools() {
        let mut c = Case::new(Element::Script, "error");
        c.failures = vec![failed(
            "net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin",
            Some("corp-not-same-origin"),
            None,
        )];
        c.console = lines(&["Failed to load resource: net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin"]);
        let o = c.observe();
        assert_eq!(o.reason.as_deref(), Some("corp-blocked"));
        assert_eq!(
            o.message.as_deref(),
            Some("Failed to load resource: net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin")
        );
        c.failures = vec![failed("net::ERR_BLOCKED_BY_ORB", None, None)];
        c.console = vec![];
        let o = c.observe();
        assert_eq!(o.reason.as_deref(), Some("orb-blocked"));
        assert_eq!(o.message, None);
        let mixed = "Mixed Content: The page at 'https://app.example/' was loaded over HTTPS, but requested an insecure script 'http://cdn.example/x'. This request has been blocked; the content must be served over HTTPS.";
        c.failures = vec![failed("net::ERR_FAILED", Some("mixed-content"), None)];
        c.console = lines(&[mixed]);
        let o = c.observe();
        assert_eq!(o.reason.as_deref(), Some("mixed-content"));
        assert_eq!(o.message.as_deref(), Some(mixed));
    }

    #[test]
    fn refusals_in_the_console_name_their_codes() {
        let mut c = Case::new(Element::ModuleScript, "error");
        let module = "Failed to load module script: Expected a JavaScript-or-Wasm module script but the server responded with a MIME type of \"text/plain\". Strict MIME type checking is enforced for module scripts per HTML spec.";
        c.console = lines(&[module]);
        assert_eq!(c.observe().reason.as_deref(), Some("mime-type-blocked"));
        assert_eq!(c.observe().message.as_deref(), Some(module));
        let mut f = Case::new(Element::Iframe, "load");
        f.frame_url = Some("chrome-error://chromewebdata/");
        f.failures = vec![failed("net::ERR_BLOCKED_BY_RESPONSE", Some("other"), None)];
        let xfo = "Refused to display 'https://other.example/' in a frame because it set 'X-Frame-Options' to 'deny'.";
        f.console = lines(&[xfo]);
        let o = f.observe();
        assert!(!o.loaded);
        assert_eq!(o.reason.as_deref(), Some("x-frame-options"));
        assert_eq!(o.message.as_deref(), Some(xfo));
        f.console = lines(&[
            "Framing 'https://other.example/' violates the following Content Security Policy directive: \"frame-ancestors 'none'\". The request has been blocked.",
        ]);
        assert_eq!(f.observe().reason.as_deref(), Some("frame-ancestors"));
        // A mixed image that was upgraded is no refusal.
        let mut up = Case::new(Element::Img, "error");
        up.console = lines(&[
            "Mixed Content: The page at 'https://app.example/' was loaded over HTTPS, but requested an insecure element 'http://cdn.example/x'. This request was automatically upgraded to HTTPS, For more information see https://blog.chromium.org/2019/10/no-more-mixed-messages-about-https.html",
        ]);
        assert_eq!(up.observe().reason.as_deref(), Some("decode-error"));
    }

    #[test]
    fn statuses_decoding_and_silent_style_refusals() {
        let mut s = Case::new(Element::Script, "error");
        s.arrivals = vec![arrival("https://cdn.example/x", &[], Answer::Entry(404))];
        s.failures = vec![failed("net::ERR_ABORTED", None, None)];
        let status =
            "Failed to load resource: the server responded with a status of 404 (Not Found)";
        s.console = lines(&[status]);
        assert_eq!(s.observe().reason.as_deref(), Some("invalid-status"));
        assert_eq!(s.observe().message.as_deref(), Some(status));
        // An image decodes whatever the status: a 404 without an image fails to decode.
        let mut i = Case::new(Element::Img, "error");
        i.arrivals = vec![arrival("https://cdn.example/x", &[], Answer::Entry(404))];
        assert_eq!(i.observe().reason.as_deref(), Some("decode-error"));
        let mut v = Case::new(Element::Video, "error");
        v.read.media_error = Some("PipelineStatus::DEMUXER_ERROR_COULD_NOT_OPEN".to_owned());
        assert_eq!(v.observe().reason.as_deref(), Some("decode-error"));
        assert_eq!(
            v.observe().message.as_deref(),
            Some("PipelineStatus::DEMUXER_ERROR_COULD_NOT_OPEN")
        );
        let mut font = Case::new(Element::Font, "error");
        font.console = lines(&[
            "OTS parsing error: invalid sfntVersion: 1702125940",
            "Failed to decode downloaded font: https://cdn.example/x",
        ]);
        assert_eq!(
            font.observe().message.as_deref(),
            Some("Failed to decode downloaded font: https://cdn.example/x")
        );
        let css = Case::new(Element::Stylesheet, "load");
        assert_eq!(css.observe().reason.as_deref(), Some("mime-type-blocked"));
        let mut net = Case::new(Element::Script, "error");
        net.arrivals = vec![arrival("https://cdn.example/x", &[], Answer::NetworkError)];
        net.failures = vec![failed("net::ERR_EMPTY_RESPONSE", None, None)];
        assert_eq!(net.observe().reason.as_deref(), Some("network-error"));
        let mut nothing = Case::new(Element::Script, "timeout");
        nothing.failures = vec![failed("net::ERR_FAILED", None, None)];
        assert_eq!(
            nothing.observe().reason.as_deref(),
            Some("unmapped: loadingFailed net::ERR_FAILED; event timeout")
        );
    }

    #[test]
    fn a_media_error_is_the_message_only_of_a_decode_error() {
        let mut v = Case::new(Element::Audio, "error");
        v.read.media_error = Some("MEDIA_ELEMENT_ERROR: Format error".to_owned());
        v.failures = vec![failed("net::ERR_BLOCKED_BY_ORB", None, None)];
        let o = v.observe();
        assert_eq!(
            (o.reason.as_deref(), o.message),
            (Some("orb-blocked"), None)
        );
    }

    #[test]
    fn loaded_but_unreadable_embeds_say_why() {
        let taint = "Failed to execute 'getImageData' on 'CanvasRenderingContext2D': The canvas has been tainted by cross-origin data.";
        let mut c = Case::new(Element::Img, "load");
        c.read.loaded = true;
        c.read.readable = Some(false);
        c.read.read_message = Some(taint.to_owned());
        let o = c.observe();
        assert_eq!(
            (
                o.loaded,
                o.readable,
                o.reason.as_deref(),
                o.message.as_deref()
            ),
            (true, Some(false), Some("tainted-canvas"), Some(taint))
        );
        let mut s = Case::new(Element::Script, "load");
        s.read.loaded = true;
        s.read.readable = Some(false);
        s.read.script_errors = vec!["Script error.".to_owned()];
        let o = s.observe();
        assert_eq!(o.reason.as_deref(), Some("muted-script-error"));
        assert_eq!(o.message.as_deref(), Some("Script error."));
        s.read.readable = Some(true);
        s.read.script_errors = vec!["Uncaught Error: boom".to_owned()];
        let o = s.observe();
        assert_eq!(
            (o.reason, o.message.as_deref()),
            (None, Some("Uncaught Error: boom"))
        );
        s.read.readable = None;
        s.read.script_errors = vec![];
        assert_eq!(s.observe().readable, None);
        let mut f = Case::new(Element::Iframe, "load");
        f.frame_url = Some("https://other.example/");
        f.read.content_document = Some(false);
        let o = f.observe();
        assert_eq!(
            (o.loaded, o.readable, o.reason.as_deref(), o.message),
            (true, Some(false), Some("cross-origin-frame"), None)
        );
    }

    #[test]
    fn requests_keep_origin_and_fetch_metadata() {
        let log = [
            arrival(
                "https://app.example/",
                &[("accept", "text/html")],
                Answer::Page,
            ),
            arrival(
                "https://cdn.example/x",
                &[
                    ("accept", "image/*"),
                    ("sec-fetch-site", "cross-site"),
                    ("sec-fetch-mode", "no-cors"),
                    ("sec-fetch-dest", "image"),
                    ("sec-fetch-storage-access", "none"),
                    ("user-agent", "Chrome"),
                ],
                Answer::Entry(200),
            ),
        ];
        let r = embed_requests(&log);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].header("sec-fetch-mode"), Some("no-cors"));
        assert_eq!(r[0].header("sec-fetch-storage-access"), Some("none"));
        assert_eq!(r[0].header("origin"), None);
        assert_eq!(r[0].header("accept"), None);
    }

    #[test]
    fn the_page_read_is_parsed() {
        let r = PageRead::from_value(&json!({"event": "load", "loaded": true, "readable": null,
            "scriptErrors": ["Script error."], "mediaError": "", "contentDocument": true}));
        assert_eq!(r.readable, None);
        assert_eq!(r.script_errors, vec!["Script error."]);
        assert_eq!(r.media_error, None);
        assert_eq!(r.content_document, Some(true));
        assert_eq!(r.unobserved, None);
        let r = PageRead::from_value(&json!({"event": "loadeddata", "loaded": true,
            "readable": null, "unobserved": "no video frame was drawn within 2 s of loadeddata"}));
        assert_eq!(
            r.unobserved.as_deref(),
            Some("no video frame was drawn within 2 s of loadeddata")
        );
        assert!(frame_loaded(Some("https://a.example/")));
        assert!(!frame_loaded(Some("chrome-error://chromewebdata/")));
        assert!(!frame_loaded(None));
        // A frame that never navigated (mixed content) shows nothing.
        assert!(!frame_loaded(Some("")));
        assert!(!frame_loaded(Some("about:blank")));
    }
}
