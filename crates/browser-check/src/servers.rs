//! The scenario's servers on 127.0.0.1: every origin the scenarios use,
//! plain HTTP and HTTPS on the ports their URLs name. Each request is
//! answered from the running scenario's `responses` as the fixture
//! contract says, logged, and its connection closed after one response
//! (Chromium silently retries a request that fails on a reused
//! connection, which would hide a `network_error`).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use sop_html::element::Element;
use sop_html::windows::Relation;
use sop_origin::{parse_url, parse_url_with_base};
use sop_verdict::Scenario;
use sop_verdict::fixture::{Body, ResponseEntry};
use sop_verdict::observation::wire_url;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::http::{self, BodyFraming, RequestHead};
use crate::{corpus, page, resource, window};

const READ_TIMEOUT: Duration = Duration::from_secs(20);
const MAX_HEAD_BYTES: usize = 256 * 1024;
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// `scheme://host:port` of a URL, with the default port made explicit.
pub fn origin_key(url: &str) -> Option<String> {
    let u = parse_url(url).ok()?;
    Some(format!(
        "{}://{}:{}",
        u.scheme(),
        u.host_str()?,
        u.port_or_known_default()?
    ))
}

/// The entry that answers a request: the first whose URL equals the
/// request's (both as [`wire_url`]s) and whose method matches (given:
/// equal; absent: any method but OPTIONS).
pub fn match_entry<'a>(
    entries: &'a [ResponseEntry],
    method: &str,
    wire_url_of_request: &str,
) -> Option<&'a ResponseEntry> {
    entries.iter().find(|e| {
        let method_ok = match &e.method {
            Some(m) => m == method,
            None => method != "OPTIONS",
        };
        method_ok && wire_url(e.url.as_str()).as_deref() == Some(wire_url_of_request)
    })
}

/// What the server did with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Served the scenario's page.
    Page,
    /// Answered from a response entry with this status.
    Entry(u16),
    /// No entry matched: 404 with no headers.
    NotFound,
    /// The entry says `network_error`: closed with no response.
    NetworkError,
}

/// A request that reached a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrival {
    /// The step running when it arrived (`None` while the page loads).
    pub step: Option<usize>,
    /// The method, as sent.
    pub method: String,
    /// The URL (as [`wire_url`], or as reconstructed when it does not parse).
    pub url: String,
    /// Every header, names lowercase, in order.
    pub headers: Vec<(String, String)>,
    /// How it was answered.
    pub answer: Answer,
}

/// What the scenario's page script does at the moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The page is loading.
    Loading,
    /// Step `i` runs.
    Step(usize),
}

#[derive(Debug)]
struct Current {
    page_url: Option<String>,
    sandbox: bool,
    /// The element an embed scenario embeds (its bodies are resources).
    element: Option<Element>,
    responses: Vec<ResponseEntry>,
    origins: BTreeSet<String>,
    phase: Phase,
    log: Vec<Arrival>,
    /// A window scenario's serving, `None` for the other kinds.
    window: Option<WindowServing>,
}

/// How a window scenario's documents are served: the page may be
/// navigated as a frame or popup, and every other HTML document gets the
/// injected script (and, when the other document is the page's parent,
/// an iframe of the page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowServing {
    /// Put before the body of every HTML document but the page.
    pub inject: String,
    /// The other document's URL (as [`wire_url`]) when it frames the page.
    pub parent_of_page: Option<String>,
}

/// The log of one scenario: requests to its origins, and strays (requests
/// to origins it never names, answered 404).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Traffic {
    /// Requests to the scenario's origins, in order of arrival.
    pub arrivals: Vec<Arrival>,
    /// Requests to other origins.
    pub strays: Vec<Arrival>,
}

#[derive(Debug, Default)]
struct State {
    current: Option<Current>,
    strays: Vec<Arrival>,
}

/// Routes every request to the scenario that runs, and logs it.
#[derive(Debug, Default)]
pub struct Hub {
    state: Mutex<State>,
}

/// What to send back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The page, sandboxed or not.
    Page {
        /// Send `Content-Security-Policy: sandbox allow-scripts`.
        sandbox: bool,
        /// The headers of the `responses` entry for the page's URL, but
        /// its framing and type (the page is the browser check's own).
        headers: Vec<(String, String)>,
    },
    /// A response.
    Response {
        /// Status code.
        status: u16,
        /// Declared headers.
        headers: Vec<(String, String)>,
        /// Body.
        body: Vec<u8>,
    },
    /// Close the connection without a response.
    Close,
}

/// Whether a request is the navigation that loads the page: a GET of the
/// page's URL that says it is a navigation (`Sec-Fetch-Mode: navigate`),
/// or, where Chromium sends no `Sec-Fetch-*` (not potentially trustworthy
/// URLs), any GET of the page's URL while the page loads.
pub fn is_navigation(head: &RequestHead, url: &str, page_url: &str, phase: Phase) -> bool {
    if head.method != "GET" || url != page_url {
        return false;
    }
    match head.header("sec-fetch-mode") {
        Some(mode) => mode == "navigate" && head.header("sec-fetch-dest") == Some("document"),
        None => phase == Phase::Loading,
    }
}

/// Whether a request navigates a frame to the page (a window scenario
/// whose page is its parent's iframe).
pub fn is_frame_navigation(head: &RequestHead, url: &str, page_url: &str) -> bool {
    head.method == "GET"
        && url == page_url
        && head.header("sec-fetch-mode") == Some("navigate")
        && head.header("sec-fetch-dest") == Some("iframe")
}

/// Whether a request navigates to an HTML document (or one without a
/// type): `Sec-Fetch-Mode: navigate`, or a GET without `Sec-Fetch-*` (which
/// Chromium leaves out for URLs that are not potentially trustworthy).
pub fn is_html_navigation(head: &RequestHead, entry: &ResponseEntry) -> bool {
    let navigates = match head.header("sec-fetch-mode") {
        Some(mode) => mode == "navigate",
        None => head.method == "GET",
    };
    let html = entry
        .headers
        .0
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .is_none_or(|(_, v)| v.to_ascii_lowercase().contains("html"));
    navigates && html
}

/// The body of another document of a window scenario: the injected
/// script, the document as written, and, for the page's parent, an iframe
/// of the page.
pub fn window_document(
    w: &WindowServing,
    url: &str,
    page_url: Option<&str>,
    body: &[u8],
) -> Vec<u8> {
    let mut out = w.inject.as_bytes().to_vec();
    out.extend_from_slice(body);
    if let (Some(parent), Some(page)) = (&w.parent_of_page, page_url) {
        if parent == url {
            let src = page.replace('&', "&amp;").replace('"', "&quot;");
            out.extend_from_slice(format!("<iframe src=\"{src}\"></iframe>").as_bytes());
        }
    }
    out
}

impl Hub {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts routing to `scenario` (its page loads).
    pub fn begin(&self, scenario: &Scenario) {
        let mut state = self.lock();
        state.strays.clear();
        state.current = Some(Current {
            page_url: wire_url(scenario.page.url.as_str()),
            sandbox: scenario.page.sandbox,
            element: match &scenario.body {
                Body::Embed(e) => Some(e.embed.element),
                _ => None,
            },
            responses: scenario.responses.clone(),
            origins: corpus::origins(scenario),
            phase: Phase::Loading,
            log: Vec::new(),
            window: match &scenario.body {
                Body::Window(w) => Some(WindowServing {
                    inject: window::injected_script(
                        w.document_domain.as_ref().and_then(|d| d.other.as_deref()),
                    ),
                    parent_of_page: (w.other.relation == Relation::Parent)
                        .then(|| {
                            w.other
                                .url
                                .as_deref()
                                .and_then(|u| parse_url_with_base(u, scenario.page.url.url()).ok())
                                .and_then(|u| wire_url(u.as_str()))
                        })
                        .flatten(),
                }),
                _ => None,
            },
        });
    }

    /// Step `i` starts.
    pub fn set_step(&self, i: usize) {
        if let Some(c) = self.lock().current.as_mut() {
            c.phase = Phase::Step(i);
        }
    }

    /// Everything logged so far for the scenario.
    pub fn traffic(&self) -> Traffic {
        let state = self.lock();
        Traffic {
            arrivals: state
                .current
                .as_ref()
                .map(|c| c.log.clone())
                .unwrap_or_default(),
            strays: state.strays.clone(),
        }
    }

    /// Stops routing to the scenario; returns its log.
    pub fn finish(&self) -> Traffic {
        let traffic = self.traffic();
        let mut state = self.lock();
        state.current = None;
        state.strays.clear();
        traffic
    }

    /// Logs a request and decides the reply.
    pub fn route(&self, scheme: &str, head: &RequestHead) -> Reply {
        let raw = head.absolute_url(scheme);
        let url = wire_url(&raw).unwrap_or(raw);
        let mut arrival = Arrival {
            step: None,
            method: head.method.clone(),
            url: url.clone(),
            headers: head.headers.clone(),
            answer: Answer::NotFound,
        };
        let not_found = Reply::Response {
            status: 404,
            headers: Vec::new(),
            body: Vec::new(),
        };
        let mut state = self.lock();
        let Some(current) = state.current.as_mut() else {
            state.strays.push(arrival);
            return not_found;
        };
        if let Phase::Step(i) = current.phase {
            arrival.step = Some(i);
        }
        let page_navigation = current.page_url.as_deref().is_some_and(|p| {
            is_navigation(head, &url, p, current.phase)
                || (current.window.is_some() && is_frame_navigation(head, &url, p))
        });
        if page_navigation {
            arrival.answer = Answer::Page;
            current.log.push(arrival);
            return Reply::Page {
                sandbox: current.sandbox,
                headers: page_headers(&current.responses, &url),
            };
        }
        if !origin_key(&url).is_some_and(|o| current.origins.contains(&o)) {
            state.strays.push(arrival);
            return not_found;
        }
        let reply = match match_entry(&current.responses, &head.method, &url) {
            Some(e) if e.network_error => {
                arrival.answer = Answer::NetworkError;
                Reply::Close
            }
            Some(e) => {
                arrival.answer = Answer::Entry(e.status);
                let mut body = resource::body(e, current.element);
                if let Some(w) = &current.window {
                    if is_html_navigation(head, e) {
                        body = window_document(w, &url, current.page_url.as_deref(), &body);
                    }
                }
                Reply::Response {
                    status: e.status,
                    headers: e
                        .headers
                        .0
                        .iter()
                        .map(|(n, v)| (n.to_owned(), v.to_owned()))
                        .collect(),
                    body,
                }
            }
            None => not_found,
        };
        current.log.push(arrival);
        reply
    }
}

/// The headers a `responses` entry for the page's URL gives the page:
/// all but `Content-Type` and the framing (the page is the browser
/// check's own HTML).
pub fn page_headers(entries: &[ResponseEntry], page_url: &str) -> Vec<(String, String)> {
    match_entry(entries, "GET", page_url)
        .map(|e| {
            e.headers
                .0
                .iter()
                .filter(|(n, _)| {
                    !["content-type", "content-length", "transfer-encoding"]
                        .iter()
                        .any(|f| n.eq_ignore_ascii_case(f))
                })
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Starts a listener on 127.0.0.1 for each `(scheme, port)`.
pub async fn start(
    endpoints: &BTreeSet<(String, u16)>,
    hub: Arc<Hub>,
    tls: TlsAcceptor,
) -> Result<(), String> {
    let mut seen = std::collections::BTreeMap::new();
    for (scheme, port) in endpoints {
        if let Some(other) = seen.insert(*port, scheme.clone()) {
            return Err(format!(
                "port {port} is needed for both {other} and {scheme}"
            ));
        }
    }
    for (scheme, port) in endpoints {
        let listener = TcpListener::bind(("127.0.0.1", *port))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port} ({scheme}): {e}"))?;
        let https = scheme == "https";
        let (hub, tls, scheme) = (hub.clone(), tls.clone(), scheme.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    // Out of file descriptors, say: let connections close.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let (hub, tls, scheme) = (hub.clone(), tls.clone(), scheme.clone());
                tokio::spawn(async move {
                    if https {
                        let accepted = tokio::time::timeout(READ_TIMEOUT, tls.accept(stream)).await;
                        if let Ok(Ok(stream)) = accepted {
                            serve(stream, &scheme, &hub).await;
                        }
                    } else {
                        serve(stream, &scheme, &hub).await;
                    }
                });
            }
        });
    }
    Ok(())
}

/// Reads one request, answers it, closes the connection.
async fn serve<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, scheme: &str, hub: &Hub) {
    let Ok(Ok(Some((head, _body)))) =
        tokio::time::timeout(READ_TIMEOUT, read_request(&mut stream)).await
    else {
        return;
    };
    let bytes = match hub.route(scheme, &head) {
        Reply::Close => None,
        Reply::Page {
            sandbox,
            headers: declared,
        } => {
            let mut headers = vec![
                (
                    "Content-Type".to_owned(),
                    "text/html; charset=utf-8".to_owned(),
                ),
                ("Cache-Control".to_owned(), "no-store".to_owned()),
            ];
            if sandbox {
                headers.push((
                    "Content-Security-Policy".to_owned(),
                    "sandbox allow-scripts".to_owned(),
                ));
            }
            headers.extend(declared);
            Some(http::render_response(
                200,
                &headers,
                page::HTML.as_bytes(),
                &head.method,
            ))
        }
        Reply::Response {
            status,
            headers,
            body,
        } => Some(http::render_response(status, &headers, &body, &head.method)),
    };
    if let Some(bytes) = bytes {
        let _ = stream.write_all(&bytes).await;
        let _ = stream.flush().await;
    }
    let _ = tokio::time::timeout(Duration::from_secs(2), stream.shutdown()).await;
}

/// Reads a request head and its body; `None` when the peer closes first.
async fn read_request<S: AsyncRead + Unpin>(
    stream: &mut S,
) -> Result<Option<(RequestHead, Vec<u8>)>, String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let end = loop {
        if let Some(end) = http::head_end(&buf) {
            break end;
        }
        if buf.len() > MAX_HEAD_BYTES {
            return Err("request head too large".to_owned());
        }
        let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = http::parse_request_head(&buf[..end])?;
    let mut rest = buf.split_off(end);
    let body = match head.body_framing()? {
        BodyFraming::None => Vec::new(),
        BodyFraming::Length(n) => {
            if n > MAX_BODY_BYTES {
                return Err("request body too large".to_owned());
            }
            while rest.len() < n {
                let got = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
                if got == 0 {
                    return Err("connection closed inside the body".to_owned());
                }
                rest.extend_from_slice(&chunk[..got]);
            }
            rest.truncate(n);
            rest
        }
        BodyFraming::Chunked => loop {
            if let Some(body) = http::decode_chunked(&rest)? {
                break body;
            }
            if rest.len() > MAX_BODY_BYTES {
                return Err("request body too large".to_owned());
            }
            let got = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
            if got == 0 {
                return Err("connection closed inside the body".to_owned());
            }
            rest.extend_from_slice(&chunk[..got]);
        },
    };
    Ok(Some((head, body)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::corpus::tests::scenario;

    fn head(raw: &str) -> RequestHead {
        http::parse_request_head(raw.as_bytes()).unwrap()
    }

    const SCENARIO: &str = r#"{"name": "x", "page": "https://app.example/",
        "request": {"url": "https://api.example/items/7", "method": "PUT"},
        "responses": [
          {"url": "https://api.example/items/7", "method": "OPTIONS", "status": 204,
           "headers": {"Access-Control-Allow-Origin": "https://app.example"}},
          {"url": "HTTPS://API.example:443/items/7#ignored", "status": 201, "body": "made"},
          {"url": "https://api.example/items/7", "method": "patch", "status": 202},
          {"url": "https://api.example/down", "network_error": true}
        ]}"#;

    #[test]
    fn matching_follows_the_contract() {
        let s = scenario(SCENARIO);
        let key = wire_url("https://api.example/items/7").unwrap();
        let m = |method: &str| match_entry(&s.responses, method, &key).map(|e| e.status);
        assert_eq!(m("OPTIONS"), Some(204));
        // No method: any but OPTIONS; the URL is compared parsed and serialised.
        assert_eq!(m("PUT"), Some(201));
        assert_eq!(m("GET"), Some(201));
        // A given method must be equal: `patch` is not `PATCH`.
        assert_eq!(m("patch"), Some(201));
        let only_patch = &s.responses[2..3];
        assert_eq!(
            match_entry(only_patch, "patch", &key).map(|e| e.status),
            Some(202)
        );
        assert_eq!(match_entry(only_patch, "PATCH", &key), None);
        assert_eq!(
            match_entry(&s.responses, "GET", "https://api.example/other"),
            None
        );
    }

    #[test]
    fn origin_keys_make_the_port_explicit() {
        assert_eq!(
            origin_key("http://a.example/x").as_deref(),
            Some("http://a.example:80")
        );
    }

    #[test]
    fn routes_and_logs_per_step() {
        let s = scenario(SCENARIO);
        let hub = Hub::default();
        hub.begin(&s);
        let nav = head(
            "GET / HTTP/1.1\r\nHost: app.example\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n\r\n",
        );
        assert_eq!(
            hub.route("https", &nav),
            Reply::Page {
                sandbox: false,
                headers: vec![]
            }
        );
        hub.set_step(0);
        let pre = head(
            "OPTIONS /items/7 HTTP/1.1\r\nHost: api.example\r\nOrigin: https://app.example\r\nAccess-Control-Request-Method: PUT\r\n\r\n",
        );
        match hub.route("https", &pre) {
            Reply::Response {
                status, headers, ..
            } => {
                assert_eq!(status, 204);
                assert_eq!(headers.len(), 1);
            }
            other => panic!("{other:?}"),
        }
        let down = head("GET /down HTTP/1.1\r\nHost: api.example\r\n\r\n");
        assert_eq!(hub.route("https", &down), Reply::Close);
        let missing = head("GET /nope HTTP/1.1\r\nHost: api.example\r\n\r\n");
        assert_eq!(
            hub.route("https", &missing),
            Reply::Response {
                status: 404,
                headers: vec![],
                body: Vec::new()
            }
        );
        let stray = head("GET / HTTP/1.1\r\nHost: update.googleapis.com\r\n\r\n");
        hub.route("https", &stray);
        let t = hub.finish();
        assert_eq!(t.strays.len(), 1);
        let got: Vec<_> = t
            .arrivals
            .iter()
            .map(|a| (a.step, a.method.as_str(), a.url.as_str(), a.answer.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (None, "GET", "https://app.example/", Answer::Page),
                (
                    Some(0),
                    "OPTIONS",
                    "https://api.example/items/7",
                    Answer::Entry(204)
                ),
                (
                    Some(0),
                    "GET",
                    "https://api.example/down",
                    Answer::NetworkError
                ),
                (Some(0), "GET", "https://api.example/nope", Answer::NotFound),
            ]
        );
        assert_eq!(
            hub.route("https", &nav),
            Reply::Response {
                status: 404,
                headers: vec![],
                body: Vec::new()
            }
        );
    }

    #[test]
    fn embeds_get_resources_and_the_page_its_entry_headers() {
        let s = scenario(
            r#"{"kind": "embed", "name": "x", "page": "https://app.example/",
                "embed": {"element": "img", "url": "https://cdn.example/cat.png"},
                "responses": [
                  {"url": "https://app.example/", "headers": {"Content-Type": "text/plain",
                   "Content-Security-Policy": "img-src *", "Content-Length": "9"}},
                  {"url": "https://cdn.example/cat.png", "headers": {"Content-Type": "image/png"}}
                ]}"#,
        );
        let hub = Hub::default();
        hub.begin(&s);
        let nav = head(
            "GET / HTTP/1.1\r\nHost: app.example\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n\r\n",
        );
        assert_eq!(
            hub.route("https", &nav),
            Reply::Page {
                sandbox: false,
                headers: vec![("Content-Security-Policy".to_owned(), "img-src *".to_owned())]
            }
        );
        hub.set_step(0);
        let img = head("GET /cat.png HTTP/1.1\r\nHost: cdn.example\r\n\r\n");
        match hub.route("https", &img) {
            Reply::Response { status, body, .. } => {
                assert_eq!(status, 200);
                assert_eq!(body, resource::PNG);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn window_documents_get_the_script_and_a_parent_frames_the_page() {
        let s = scenario(
            r#"{"kind": "window", "name": "x", "page": "https://app.example/",
                "other": {"url": "https://top.example/t", "as": "parent"},
                "document_domain": {"other": "top.example"},
                "access": [{"get": "closed"}],
                "responses": [
                  {"url": "https://app.example/", "headers": {"Origin-Agent-Cluster": "?0"}},
                  {"url": "https://top.example/t", "headers": {"Content-Type": "text/html"}, "body": "<title>T</title>"},
                  {"url": "https://top.example/data", "headers": {"Content-Type": "application/json"}, "body": "{}"}
                ]}"#,
        );
        let hub = Hub::default();
        hub.begin(&s);
        let top = head(
            "GET /t HTTP/1.1\r\nHost: top.example\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n\r\n",
        );
        let Reply::Response { body, .. } = hub.route("https", &top) else {
            panic!("an entry")
        };
        let body = String::from_utf8(body).unwrap();
        assert!(body.starts_with("<script>"));
        assert!(body.contains(r#"const domain = "top.example";"#));
        assert!(body.ends_with(r#"<title>T</title><iframe src="https://app.example/"></iframe>"#));
        // The page, framed: served as the page, with its entry's headers.
        let framed = head(
            "GET / HTTP/1.1\r\nHost: app.example\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: iframe\r\n\r\n",
        );
        assert_eq!(
            hub.route("https", &framed),
            Reply::Page {
                sandbox: false,
                headers: vec![("Origin-Agent-Cluster".to_owned(), "?0".to_owned())]
            }
        );
        // Not a navigation, or not HTML: as written.
        let read = head(
            "GET /t HTTP/1.1\r\nHost: top.example\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty\r\n\r\n",
        );
        let json = head(
            "GET /data HTTP/1.1\r\nHost: top.example\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: iframe\r\n\r\n",
        );
        for (h, want) in [(read, "<title>T</title>"), (json, "{}")] {
            let Reply::Response { body, .. } = hub.route("https", &h) else {
                panic!("an entry")
            };
            assert_eq!(body, want.as_bytes());
        }
    }

    #[test]
    fn only_window_scenarios_take_a_framed_navigation_for_the_page() {
        let s = scenario(
            r#"{"kind": "embed", "name": "x", "page": "https://app.example/",
                "embed": {"element": "iframe", "url": "https://app.example/"},
                "responses": [{"url": "https://app.example/", "headers": {"Content-Type": "text/html"}}]}"#,
        );
        let hub = Hub::default();
        hub.begin(&s);
        hub.set_step(0);
        let framed = head(
            "GET / HTTP/1.1\r\nHost: app.example\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: iframe\r\n\r\n",
        );
        assert!(matches!(
            hub.route("https", &framed),
            Reply::Response { status: 200, .. }
        ));
        assert!(is_frame_navigation(
            &framed,
            "https://app.example/",
            "https://app.example/"
        ));
    }

    #[test]
    fn a_fetch_of_the_page_url_is_not_the_navigation() {
        let h = head(
            "GET / HTTP/1.1\r\nHost: app.example\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty\r\n\r\n",
        );
        let page = "https://app.example/";
        assert!(!is_navigation(&h, page, page, Phase::Step(0)));
        assert!(!is_navigation(&h, page, page, Phase::Loading));
        // http pages get no Sec-Fetch-*: the load phase decides.
        let plain = head("GET / HTTP/1.1\r\nHost: app.example\r\n\r\n");
        assert!(is_navigation(
            &plain,
            "http://app.example/",
            "http://app.example/",
            Phase::Loading
        ));
        assert!(!is_navigation(
            &plain,
            "http://app.example/",
            "http://app.example/",
            Phase::Step(0)
        ));
    }
}
