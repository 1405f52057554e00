//! The hops written as HAR 1.2 the way Chromium's DevTools exports it
//! ("Save all as HAR with content"): `creator` WebInspector with the
//! browser's AppleWebKit version, one page titled with its URL, one entry
//! per hop with DevTools' own fields (`_resourceType`, `_initiator`,
//! `_priority`, `response._error`, `_transferSize`). Where the network
//! service said more than the renderer was told, DevTools shows the
//! network service's view: the headers really sent, and the status and
//! headers really received, also of a response CORS then blocked.

use serde_json::{Map, Value, json};

use crate::har_hops::{Hop, PageEvents};
use crate::report::utc_timestamp;

/// The id of the one page a replay loads.
pub const PAGE_ID: &str = "page_1";

/// DevTools' `creator.version`: the AppleWebKit version in the user agent.
pub fn creator_version(user_agent: &str) -> String {
    user_agent
        .split(' ')
        .find_map(|part| part.strip_prefix("AppleWebKit/"))
        .map_or_else(|| "n/a".to_owned(), str::to_owned)
}

/// The protocol's resource type as DevTools names it: lower-case, but for
/// the two names it spells with dashes.
pub fn resource_type(kind: Option<&str>) -> String {
    match kind {
        Some("CSPViolationReport") => "csp-violation-report".to_owned(),
        Some("SignedExchange") => "signed-exchange".to_owned(),
        Some(k) => k.to_ascii_lowercase(),
        None => "other".to_owned(),
    }
}

/// The whole `{"log": ...}` object.
pub fn har(hops: &[Hop], page: &PageEvents, creator: &str) -> Value {
    let navigation = hops.iter().find(|h| h.is_navigation());
    let pages: Vec<Value> = navigation
        .map(|nav| {
            let since = |t: Option<f64>| t.map_or(-1.0, |t| millis(t - nav.issued));
            json!({
                "startedDateTime": iso_time(nav.wall),
                "id": PAGE_ID,
                "title": nav.url(),
                "pageTimings": {
                    "onContentLoad": since(page.content_loaded),
                    "onLoad": since(page.loaded),
                },
            })
        })
        .into_iter()
        .collect();
    let pageref = navigation.map(|_| PAGE_ID);
    let entries: Vec<Value> = hops.iter().map(|h| entry(h, pageref)).collect();
    json!({"log": {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": creator},
        "pages": pages,
        "entries": entries,
    }})
}

/// Seconds to milliseconds, to the microsecond.
fn millis(seconds: f64) -> f64 {
    (seconds * 1_000_000.0).round() / 1000.0
}

/// Wall-clock seconds as DevTools' `toJSON()` writes a date.
pub fn iso_time(wall: f64) -> String {
    let ms = (wall.max(0.0) * 1000.0).round() as u64;
    let seconds = utc_timestamp(ms / 1000);
    let base = seconds.strip_suffix('Z').unwrap_or(&seconds);
    format!("{base}.{:03}Z", ms % 1000)
}

/// A protocol header object as HAR's list: a value holding several
/// lines (repeated headers, joined by the protocol) is one entry each.
fn headers(object: Option<&Value>) -> Vec<Value> {
    let Some(Value::Object(map)) = object else {
        return Vec::new();
    };
    map.iter()
        .flat_map(|(name, value)| {
            value
                .as_str()
                .unwrap_or("")
                .split('\n')
                .map(|v| json!({"name": name, "value": v}))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn header_value<'a>(list: &'a [Value], name: &str) -> Option<&'a str> {
    list.iter()
        .find(|h| {
            h.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .and_then(|h| h.get("value").and_then(Value::as_str))
}

/// DevTools' protocol name for `httpVersion`.
fn http_version(protocol: Option<&str>) -> String {
    match protocol.map(str::to_ascii_lowercase).as_deref() {
        Some("h2") => "http/2.0".to_owned(),
        Some("h3") => "http/3.0".to_owned(),
        Some(p) => p.to_owned(),
        None => String::new(),
    }
}

fn entry(hop: &Hop, pageref: Option<&str>) -> Value {
    let response = hop.response.as_ref();
    let mut e = Map::new();
    e.insert("_initiator".into(), initiator(&hop.initiator));
    e.insert(
        "_priority".into(),
        hop.request
            .get("initialPriority")
            .cloned()
            .unwrap_or(Value::Null),
    );
    e.insert(
        "_resourceType".into(),
        json!(resource_type(hop.kind.as_deref())),
    );
    e.insert("cache".into(), json!({}));
    if let Some(port) = response.and_then(|r| r.get("remotePort")) {
        e.insert("connection".into(), json!(port.to_string()));
    }
    if let Some(p) = pageref {
        e.insert("pageref".into(), json!(p));
    }
    e.insert("request".into(), request(hop));
    e.insert("response".into(), self::response(hop));
    e.insert(
        "serverIPAddress".into(),
        json!(
            response
                .and_then(|r| r.get("remoteIPAddress"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim_matches(['[', ']'])
        ),
    );
    e.insert("startedDateTime".into(), json!(iso_time(hop.wall)));
    let timings = timings(hop);
    let time: f64 = ["blocked", "dns", "connect", "send", "wait", "receive"]
        .iter()
        .filter_map(|k| timings.get(*k).and_then(Value::as_f64))
        .map(|t| t.max(0.0))
        .sum();
    e.insert("time".into(), json!(millis(time / 1000.0)));
    e.insert("timings".into(), timings);
    Value::Object(e)
}

/// The initiator's type, URL, request id, line and stack, as DevTools
/// keeps them.
fn initiator(i: &Value) -> Value {
    let mut out = Map::new();
    for key in [
        "type",
        "url",
        "requestId",
        "lineNumber",
        "columnNumber",
        "stack",
    ] {
        if let Some(v) = i.get(key) {
            out.insert(key.to_owned(), v.clone());
        }
    }
    if out.is_empty() {
        Value::Null
    } else {
        Value::Object(out)
    }
}

fn request(hop: &Hop) -> Value {
    let r = &hop.request;
    // The network service's headers are the ones sent; the renderer's are
    // provisional (DevTools marks them so).
    let sent = hop
        .extra_request
        .as_ref()
        .and_then(|x| x.get("headers"))
        .or_else(|| r.get("headers"));
    let headers = headers(sent);
    let url = hop.url();
    let url = url.split('#').next().unwrap_or(&url).to_owned();
    let query: Vec<Value> = sop_origin::parse_url(&url)
        .map(|u| {
            u.query_pairs()
                .map(|(n, v)| json!({"name": n, "value": v}))
                .collect()
        })
        .unwrap_or_default();
    let body = r.get("postData").and_then(Value::as_str);
    let mut out = json!({
        "method": r.get("method").cloned().unwrap_or(json!("GET")),
        "url": url,
        "httpVersion": http_version(
            hop.response.as_ref().and_then(|x| x.get("protocol")).and_then(Value::as_str)
        ),
        "headers": headers,
        "queryString": query,
        "cookies": request_cookies(hop),
        "headersSize": -1,
        "bodySize": body.map_or(0, str::len),
    });
    if let Some(text) = body {
        out["postData"] = json!({
            "mimeType": header_value(&headers, "content-type").unwrap_or(""),
            "text": text,
        });
    }
    out
}

/// The cookies the network service says went with the request.
fn request_cookies(hop: &Hop) -> Vec<Value> {
    hop.extra_request
        .as_ref()
        .and_then(|x| x.get("associatedCookies"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| {
            c.get("blockedReasons")
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty)
        })
        .filter_map(|c| c.get("cookie"))
        .map(|c| {
            let expires = c
                .get("expires")
                .and_then(Value::as_f64)
                .filter(|t| *t > 0.0)
                .map(iso_time);
            let mut out = json!({
                "name": c.get("name").cloned().unwrap_or(json!("")),
                "value": c.get("value").cloned().unwrap_or(json!("")),
                "path": c.get("path").cloned().unwrap_or(json!("")),
                "domain": c.get("domain").cloned().unwrap_or(json!("")),
                "expires": expires,
                "httpOnly": c.get("httpOnly").cloned().unwrap_or(json!(false)),
                "secure": c.get("secure").cloned().unwrap_or(json!(false)),
            });
            if let Some(s) = c.get("sameSite") {
                out["sameSite"] = s.clone();
            }
            out
        })
        .collect()
}

fn response(hop: &Hop) -> Value {
    let r = hop.response.as_ref();
    let extra = hop.extra_response.as_ref();
    let headers_text = extra
        .and_then(|x| x.get("headersText"))
        .and_then(Value::as_str);
    // DevTools takes the network service's status and headers over the
    // renderer's: a response CORS blocked reached the network service but
    // never the renderer, and still shows what came.
    let status = extra
        .and_then(|x| x.get("statusCode"))
        .or_else(|| r.and_then(|x| x.get("status")))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let headers = headers(
        extra
            .and_then(|x| x.get("headers"))
            .or_else(|| r.and_then(|x| x.get("headers"))),
    );
    let status_text = match (headers_text, r.and_then(|x| x.get("statusText"))) {
        (Some(t), _) => t
            .split('\r')
            .next()
            .unwrap_or("")
            .splitn(3, ' ')
            .nth(2)
            .unwrap_or("")
            .to_owned(),
        (None, Some(Value::String(s))) => s.clone(),
        _ => String::new(),
    };
    let http_version = match headers_text.and_then(|t| t.split(' ').next()) {
        Some(v) if !v.is_empty() => v.to_owned(),
        _ => http_version(r.and_then(|x| x.get("protocol")).and_then(Value::as_str)),
    };
    let transfer = hop.encoded_length.or_else(|| {
        r.and_then(|x| x.get("encodedDataLength"))
            .and_then(Value::as_f64)
            .map(|n| n.max(0.0) as u64)
    });
    let body_size = match (headers_text, transfer) {
        (Some(t), Some(n)) => i64::try_from(n).unwrap_or(0) - t.len() as i64,
        _ => -1,
    };
    let mut content = json!({
        "size": hop.data_length,
        "mimeType": r
            .and_then(|x| x.get("mimeType"))
            .and_then(Value::as_str)
            .filter(|m| !m.is_empty())
            .unwrap_or("x-unknown"),
    });
    if let Some((text, base64)) = &hop.body {
        content["text"] = json!(text);
        if *base64 {
            content["encoding"] = json!("base64");
        }
    }
    let redirect = header_value(&headers, "location").unwrap_or("").to_owned();
    json!({
        "status": status,
        "statusText": status_text,
        "httpVersion": http_version,
        "headers": headers,
        "cookies": [],
        "content": content,
        "redirectURL": redirect,
        "headersSize": headers_text.map_or(-1, |t| t.len() as i64),
        "bodySize": body_size,
        "_transferSize": transfer.unwrap_or(0),
        "_error": hop.error,
        "_fetchedViaServiceWorker": r
            .and_then(|x| x.get("fromServiceWorker"))
            .cloned()
            .unwrap_or(json!(false)),
    })
}

/// HAR's phases in milliseconds (-1: did not happen), from the
/// response's resource timing, whose times are milliseconds after its
/// `requestTime`. A request that got no response spent its time blocked.
fn timings(hop: &Hop) -> Value {
    let timing = hop.response.as_ref().and_then(|r| r.get("timing"));
    let end = hop.end.unwrap_or(hop.issued);
    let Some(t) = timing else {
        return json!({
            "blocked": millis((end - hop.issued).max(0.0)),
            "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": 0, "receive": 0,
            "_blocked_queueing": -1,
        });
    };
    let at = |k: &str| t.get(k).and_then(Value::as_f64).unwrap_or(-1.0);
    let request_time = t
        .get("requestTime")
        .and_then(Value::as_f64)
        .unwrap_or(hop.issued);
    let queued = if hop.issued < request_time {
        millis(request_time - hop.issued)
    } else {
        0.0
    };
    let started = [at("dnsStart"), at("connectStart"), at("sendStart")]
        .into_iter()
        .filter(|v| *v >= 0.0)
        .fold(f64::INFINITY, f64::min);
    let started = if started.is_finite() { started } else { 0.0 };
    let span = |from: &str, to: &str| {
        if at(to) >= 0.0 && at(from) >= 0.0 {
            millis((at(to) - at(from)) / 1000.0)
        } else {
            -1.0
        }
    };
    let sent = at("sendEnd").max(0.0);
    let headers_at = hop
        .response_time
        .map_or(sent, |r| millis(r - request_time))
        .max(sent);
    let ended = millis(end - request_time);
    json!({
        "blocked": millis((queued + started) / 1000.0),
        "dns": span("dnsStart", "dnsEnd"),
        "ssl": span("sslStart", "sslEnd"),
        "connect": span("connectStart", "connectEnd"),
        "send": span("sendStart", "sendEnd").max(0.0),
        "wait": millis((headers_at - sent) / 1000.0),
        "receive": millis(((ended - headers_at) / 1000.0).max(0.0)),
        "_blocked_queueing": queued,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_and_versions_as_devtools_writes_them() {
        assert_eq!(
            creator_version(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"
            ),
            "537.36"
        );
        assert_eq!(creator_version("curl/8"), "n/a");
        assert_eq!(resource_type(Some("XHR")), "xhr");
        assert_eq!(resource_type(Some("Preflight")), "preflight");
        assert_eq!(
            resource_type(Some("CSPViolationReport")),
            "csp-violation-report"
        );
        assert_eq!(resource_type(None), "other");
        assert_eq!(iso_time(1_700_000_000.123_4), "2023-11-14T22:13:20.123Z");
    }

    #[test]
    fn a_blocked_response_shows_what_the_network_service_received() {
        let hop = Hop {
            request_id: "1".into(),
            issued: 1.0,
            wall: 1_700_000_000.0,
            request: json!({"url": "https://api.example/x?a=1#f", "method": "GET",
                            "headers": {"Accept": "*/*"}}),
            initiator: json!({"type": "script", "stack": {"callFrames": []}}),
            kind: Some("Fetch".into()),
            extra_request: Some(
                json!({"headers": {"Origin": "https://app.example", "Accept": "*/*"}}),
            ),
            extra_response: Some(json!({"statusCode": 200,
                "headers": {"Content-Type": "text/plain", "X-Two": "a\nb"},
                "headersText": "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"})),
            end: Some(1.5),
            error: Some("net::ERR_FAILED".into()),
            ..Hop::default()
        };
        let e = entry(&hop, Some(PAGE_ID));
        assert_eq!(e["_resourceType"], "fetch");
        assert_eq!(e["_initiator"]["type"], "script");
        assert_eq!(e["request"]["url"], "https://api.example/x?a=1");
        assert_eq!(e["request"]["queryString"][0]["name"], "a");
        assert_eq!(e["request"]["headers"][0]["name"], "Origin");
        assert_eq!(e["response"]["status"], 200);
        assert_eq!(e["response"]["statusText"], "OK");
        assert_eq!(e["response"]["httpVersion"], "HTTP/1.1");
        assert_eq!(e["response"]["headers"].as_array().unwrap().len(), 3);
        assert_eq!(e["response"]["_error"], "net::ERR_FAILED");
        assert_eq!(e["response"]["content"]["mimeType"], "x-unknown");
        assert_eq!(e["timings"]["blocked"], 500.0);
        assert_eq!(e["pageref"], PAGE_ID);
    }

    #[test]
    fn the_page_is_the_navigation() {
        let nav = Hop {
            request_id: "L".into(),
            loader_id: "L".into(),
            issued: 10.0,
            wall: 1_700_000_000.0,
            request: json!({"url": "https://app.example/", "method": "GET"}),
            kind: Some("Document".into()),
            ..Hop::default()
        };
        let page = PageEvents {
            content_loaded: Some(10.25),
            loaded: None,
        };
        let log = har(&[nav], &page, "537.36");
        let p = &log["log"]["pages"][0];
        assert_eq!(p["title"], "https://app.example/");
        assert_eq!(p["pageTimings"]["onContentLoad"], 250.0);
        assert_eq!(p["pageTimings"]["onLoad"], -1.0);
        assert_eq!(log["log"]["creator"]["name"], "WebInspector");
        assert_eq!(log["log"]["entries"][0]["_resourceType"], "document");
    }
}
