//! The page's requests as DevTools' Network panel holds them, rebuilt from
//! the protocol's `Network.*` events: one hop per request and per redirect
//! (a redirect ends the earlier hop with the 3xx response that
//! `requestWillBeSent` carries as `redirectResponse`), each with the
//! network service's extra info (the headers really sent and received,
//! and a blocked response's real status), matched the way DevTools
//! matches them: the n-th `...ExtraInfo` event of a request id belongs to
//! its n-th hop, whichever came first.

use std::collections::HashMap;

use serde_json::Value;

use crate::cdp::Event;

/// One request, or one redirect hop of it, as the events told it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Hop {
    /// The protocol's request id (shared by the hops of one redirect chain).
    pub request_id: String,
    /// The loader id: a navigation's request id equals it.
    pub loader_id: String,
    /// Monotonic seconds when the request was issued.
    pub issued: f64,
    /// Wall-clock seconds at the same moment.
    pub wall: f64,
    /// `requestWillBeSent`'s `request` (URL, method, provisional headers,
    /// body).
    pub request: Value,
    /// `requestWillBeSent`'s `initiator`.
    pub initiator: Value,
    /// The protocol's resource type (`Fetch`, `Preflight`, `Image`, ...).
    pub kind: Option<String>,
    /// `requestWillBeSentExtraInfo`: the headers as sent, and the cookies.
    pub extra_request: Option<Value>,
    /// The response the renderer was given (`responseReceived`, or the
    /// redirect response of the next hop's `requestWillBeSent`).
    pub response: Option<Value>,
    /// Monotonic seconds when the response's headers arrived.
    pub response_time: Option<f64>,
    /// `responseReceivedExtraInfo`: the status and headers as received,
    /// also when the response was then blocked.
    pub extra_response: Option<Value>,
    /// Decoded body bytes received (`dataReceived`).
    pub data_length: u64,
    /// Bytes on the wire (`loadingFinished`), when it finished.
    pub encoded_length: Option<u64>,
    /// Monotonic seconds when it ended (finished, failed or redirected).
    pub end: Option<f64>,
    /// `loadingFailed`'s `errorText` (`net::ERR_FAILED`).
    pub error: Option<String>,
    /// It finished loading (`loadingFinished`): its body can be asked for.
    pub finished: bool,
    /// Another hop followed it (it ended with a redirect).
    pub redirected: bool,
    /// The body, and whether it is base64 (`Network.getResponseBody`).
    pub body: Option<(String, bool)>,
}

impl Hop {
    /// The URL as requested (with its fragment, if the event kept one).
    pub fn url(&self) -> String {
        let url = self
            .request
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or("");
        let fragment = self
            .request
            .get("urlFragment")
            .and_then(Value::as_str)
            .unwrap_or("");
        format!("{url}{fragment}")
    }

    /// Whether this is the page's own navigation.
    pub fn is_navigation(&self) -> bool {
        self.kind.as_deref() == Some("Document") && self.request_id == self.loader_id
    }
}

/// The page's load, as DevTools' page timings need it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageEvents {
    /// `Page.domContentEventFired`'s monotonic time.
    pub content_loaded: Option<f64>,
    /// `Page.loadEventFired`'s monotonic time.
    pub loaded: Option<f64>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn number(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

/// The hops in the order their requests were issued (DevTools sorts its
/// export by issue time), and the page's events.
pub fn assemble(events: &[Event]) -> (Vec<Hop>, PageEvents) {
    let mut hops: Vec<Hop> = Vec::new();
    // Each request id's hops, and its extra infos, in arrival order.
    let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
    let mut request_extras: HashMap<String, Vec<Value>> = HashMap::new();
    let mut response_extras: HashMap<String, Vec<Value>> = HashMap::new();
    let mut page = PageEvents::default();
    for e in events {
        let p = &e.params;
        let id = text(p, "requestId").unwrap_or_default();
        let last = by_id.get(&id).and_then(|v| v.last()).copied();
        match e.method.as_str() {
            "Network.requestWillBeSent" => {
                let time = number(p, "timestamp").unwrap_or(0.0);
                if let (Some(redirect), Some(i)) = (p.get("redirectResponse"), last) {
                    let hop = &mut hops[i];
                    hop.response = Some(redirect.clone());
                    hop.response_time = Some(time);
                    hop.end = Some(time);
                    hop.redirected = true;
                }
                let hop = Hop {
                    request_id: id.clone(),
                    loader_id: text(p, "loaderId").unwrap_or_default(),
                    issued: time,
                    wall: number(p, "wallTime").unwrap_or(0.0),
                    request: p.get("request").cloned().unwrap_or(Value::Null),
                    initiator: p.get("initiator").cloned().unwrap_or(Value::Null),
                    kind: text(p, "type"),
                    ..Hop::default()
                };
                by_id.entry(id).or_default().push(hops.len());
                hops.push(hop);
            }
            "Network.requestWillBeSentExtraInfo" => {
                request_extras.entry(id).or_default().push(p.clone());
            }
            "Network.responseReceivedExtraInfo" => {
                response_extras.entry(id).or_default().push(p.clone());
            }
            "Network.responseReceived" => {
                if let Some(i) = last {
                    let hop = &mut hops[i];
                    hop.response = p.get("response").cloned();
                    hop.response_time = number(p, "timestamp");
                    // DevTools takes the latest event's type: Chromium's
                    // requestWillBeSent of a preflight does not say
                    // Preflight, its response and failure do.
                    hop.kind = text(p, "type").or(hop.kind.take());
                }
            }
            "Network.dataReceived" => {
                if let Some(i) = last {
                    hops[i].data_length += p.get("dataLength").and_then(Value::as_u64).unwrap_or(0);
                }
            }
            "Network.loadingFinished" => {
                if let Some(i) = last {
                    let hop = &mut hops[i];
                    hop.end = number(p, "timestamp");
                    hop.encoded_length = p
                        .get("encodedDataLength")
                        .and_then(Value::as_f64)
                        .map(|n| n.max(0.0) as u64);
                    hop.finished = true;
                }
            }
            "Network.loadingFailed" => {
                if let Some(i) = last {
                    let hop = &mut hops[i];
                    hop.end = number(p, "timestamp");
                    hop.error = text(p, "errorText");
                    hop.kind = text(p, "type").or(hop.kind.take());
                }
            }
            "Page.domContentEventFired" => page.content_loaded = number(p, "timestamp"),
            "Page.loadEventFired" => page.loaded = number(p, "timestamp"),
            _ => {}
        }
    }
    for (id, indexes) in &by_id {
        let pairs = |extras: Option<&Vec<Value>>| {
            indexes
                .iter()
                .copied()
                .zip(extras.cloned().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        for (i, extra) in pairs(request_extras.get(id)) {
            hops[i].extra_request = Some(extra);
        }
        for (i, extra) in pairs(response_extras.get(id)) {
            hops[i].extra_response = Some(extra);
        }
    }
    // Stable: hops issued at the same instant keep their event order.
    hops.sort_by(|a, b| a.issued.total_cmp(&b.issued));
    (hops, page)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::json;

    use super::*;

    fn ev(method: &str, params: Value) -> Event {
        Event {
            method: method.to_owned(),
            params,
        }
    }

    #[test]
    fn a_redirect_ends_the_earlier_hop_and_extra_infos_go_by_index() {
        let events = vec![
            ev(
                "Network.requestWillBeSent",
                json!({"requestId": "7", "loaderId": "L", "timestamp": 1.0, "wallTime": 100.0,
                       "type": "Fetch", "request": {"url": "https://api.example/r", "method": "GET"}}),
            ),
            // The extra info of the second hop may come before its hop.
            ev(
                "Network.responseReceivedExtraInfo",
                json!({"requestId": "7", "statusCode": 302, "headers": {"Location": "/final"}}),
            ),
            ev(
                "Network.requestWillBeSent",
                json!({"requestId": "7", "loaderId": "L", "timestamp": 2.0, "wallTime": 101.0,
                       "type": "Fetch", "request": {"url": "https://api.example/final", "method": "GET"},
                       "redirectResponse": {"status": 302, "headers": {"Location": "/final"}}}),
            ),
            ev(
                "Network.responseReceivedExtraInfo",
                json!({"requestId": "7", "statusCode": 200, "headers": {}}),
            ),
            ev(
                "Network.loadingFailed",
                json!({"requestId": "7", "timestamp": 3.0, "type": "Fetch", "errorText": "net::ERR_FAILED"}),
            ),
            ev("Page.loadEventFired", json!({"timestamp": 0.5})),
        ];
        let (hops, page) = assemble(&events);
        assert_eq!(hops.len(), 2);
        assert!(hops[0].redirected);
        assert_eq!(hops[0].response.as_ref().unwrap()["status"], 302);
        assert_eq!(hops[0].extra_response.as_ref().unwrap()["statusCode"], 302);
        assert_eq!(hops[1].extra_response.as_ref().unwrap()["statusCode"], 200);
        assert_eq!(hops[1].response, None);
        assert_eq!(hops[1].error.as_deref(), Some("net::ERR_FAILED"));
        assert_eq!(hops[1].url(), "https://api.example/final");
        assert_eq!(page.loaded, Some(0.5));
    }

    #[test]
    fn the_latest_event_says_the_type() {
        let events = vec![
            ev(
                "Network.requestWillBeSent",
                json!({"requestId": "p", "timestamp": 1.0, "type": "Other",
                       "initiator": {"type": "preflight"},
                       "request": {"url": "https://api.example/x", "method": "OPTIONS"}}),
            ),
            ev(
                "Network.responseReceived",
                json!({"requestId": "p", "timestamp": 2.0, "type": "Preflight", "response": {"status": 204}}),
            ),
        ];
        let (hops, _) = assemble(&events);
        assert_eq!(hops[0].kind.as_deref(), Some("Preflight"));
    }

    #[test]
    fn hops_are_listed_by_issue_time() {
        let sent = |id: &str, t: f64| {
            ev(
                "Network.requestWillBeSent",
                json!({"requestId": id, "loaderId": "L", "timestamp": t, "request": {"url": "https://a.example/", "method": "GET"}}),
            )
        };
        let (hops, _) = assemble(&[sent("b", 2.0), sent("a", 1.0), sent("c", 2.0)]);
        let ids: Vec<&str> = hops.iter().map(|h| h.request_id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }
}
