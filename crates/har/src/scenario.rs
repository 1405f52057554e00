//! An exchange rebuilt as a sop scenario (the fixture format), with each
//! thing the HAR does not say and had to be inferred listed beside it.

use serde::Serialize;
use serde_json::{Map, Value, json};
use sop_fetch_model::safelist::{is_cors_safelisted_request_header, is_forbidden_request_header};
use sop_origin::{Origin, parse_url};

use crate::exchange::Exchange;
use crate::model::Entry;

/// Bodies longer than this are left out of the scenario: the policy reads
/// no more than the first bytes, and a scenario stays small.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Something the HAR does not record, and what it was taken from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Inference {
    /// What was inferred (`credentials`, `page`).
    pub what: &'static str,
    /// The value taken.
    pub value: String,
    /// What it was taken from.
    pub from: String,
}

/// An exchange as a scenario, or why it cannot be one.
#[derive(Clone, Debug, PartialEq)]
pub enum Rebuilt {
    /// A scenario sop can judge.
    Scenario {
        /// The scenario, in the fixture format.
        json: Value,
        /// `fetch`, `xhr`, or the embedding element (`img`, `script`).
        api: String,
        /// The page's URL.
        page: String,
        /// What had to be inferred.
        inferred: Vec<Inference>,
        /// The (method, URL) pairs the HAR has an answer for.
        answered: Vec<(String, String)>,
    },
    /// Not a read sop judges, or not enough recorded to judge it.
    NotJudged {
        /// Why.
        why: String,
    },
}

/// Rebuilds `ex` as a scenario named `name`.
pub fn rebuild(ex: &Exchange, name: &str) -> Rebuilt {
    let mut inferred = Vec::new();
    let first = match ex.hops.first() {
        Some((_, e)) => e,
        None => match ex.preflights.first() {
            Some((_, p)) => p,
            None => return not_judged("an empty exchange"),
        },
    };
    let Some(page) = page_url(ex, first, &mut inferred) else {
        return not_judged(
            "no page to judge it from: no pageref with a URL, and no Origin or Referer header",
        );
    };
    let kind = match what_asked(ex, first, &mut inferred) {
        Ok(k) => k,
        Err(why) => return not_judged(&why),
    };
    let mut scenario = Map::new();
    scenario.insert("name".into(), json!(name));
    scenario.insert("page".into(), json!(page));
    let target = parse_url(&first.request.url).map(|u| Origin::of_url(&u));
    let page_origin = Origin::of_url_str(&page);
    let cross_origin = match (&target, &page_origin) {
        (Ok(t), Ok(p)) => !t.same_origin(p),
        _ => true,
    };
    match &kind {
        Asked::Script { api } => {
            let request = script_request(ex, first, api, cross_origin, &mut inferred);
            scenario.insert("request".into(), request);
        }
        Asked::Element {
            element,
            crossorigin,
        } => {
            scenario.insert("kind".into(), json!("embed"));
            let mut embed = Map::new();
            embed.insert("element".into(), json!(element));
            embed.insert("url".into(), json!(first.request.url));
            if let Some(c) = crossorigin {
                embed.insert("crossorigin".into(), json!(c));
            }
            scenario.insert("embed".into(), Value::Object(embed));
        }
    }
    let (responses, answered) = responses(ex, &mut inferred);
    scenario.insert("responses".into(), Value::Array(responses));
    Rebuilt::Scenario {
        json: Value::Object(scenario),
        api: kind.name().to_owned(),
        page,
        inferred,
        answered,
    }
}

fn not_judged(why: &str) -> Rebuilt {
    Rebuilt::NotJudged {
        why: why.to_owned(),
    }
}

/// What made the request: a script's API, or an element.
enum Asked {
    Script {
        api: &'static str,
    },
    Element {
        element: &'static str,
        crossorigin: Option<&'static str>,
    },
}

impl Asked {
    fn name(&self) -> &'static str {
        match self {
            Asked::Script { api } => api,
            Asked::Element { element, .. } => element,
        }
    }
}

/// The page's URL: the page DevTools names, else the origin the request
/// carried, else its Referer.
fn page_url(ex: &Exchange, first: &Entry, inferred: &mut Vec<Inference>) -> Option<String> {
    if let Some(title) = &ex.page_title
        && let Ok(url) = parse_url(title)
        && matches!(url.scheme(), "http" | "https")
    {
        return Some(url.to_string());
    }
    let carried = |name: &str| {
        ex.hops.iter().chain(&ex.preflights).find_map(|(_, e)| {
            e.request_header(name)
                .filter(|v| *v != "null")
                .map(str::to_owned)
        })
    };
    // The Referer holds the page's path, unless a referrer policy cut it
    // to the origin; it names the page only if it is at the origin the
    // request carried.
    let origin = carried("origin").and_then(|o| parse_url(&o).ok());
    let referer = carried("referer").and_then(|r| parse_url(&r).ok());
    match (origin, referer) {
        (Some(o), Some(r)) if Origin::of_url(&o).same_origin(&Origin::of_url(&r)) => {
            inferred.push(Inference {
                what: "page",
                value: r.to_string(),
                from: "the Referer header, at the origin the Origin header gives".into(),
            });
            return Some(r.to_string());
        }
        (Some(o), _) => {
            inferred.push(Inference {
                what: "page",
                value: o.to_string(),
                from: "the Origin header (the page's path is not recorded)".into(),
            });
            return Some(o.to_string());
        }
        (None, Some(r)) => {
            inferred.push(Inference {
                what: "page",
                value: r.to_string(),
                from: "the Referer header".into(),
            });
            return Some(r.to_string());
        }
        (None, None) => {}
    }
    if first.request_header("sec-fetch-site") == Some("same-origin")
        && let Ok(url) = parse_url(&first.request.url)
    {
        let origin = Origin::of_url(&url).ascii_serialization();
        inferred.push(Inference {
            what: "page",
            value: format!("{origin}/"),
            from: "Sec-Fetch-Site: same-origin".into(),
        });
        return Some(format!("{origin}/"));
    }
    None
}

/// What asked for it, from DevTools' resource type, else `Sec-Fetch-Dest`.
fn what_asked(
    ex: &Exchange,
    first: &Entry,
    inferred: &mut Vec<Inference>,
) -> Result<Asked, String> {
    let dest = first.request_header("sec-fetch-dest").unwrap_or("");
    let mode = first.request_header("sec-fetch-mode").unwrap_or("");
    let kind = match first.resource_type.as_deref() {
        Some(t) if t != "preflight" => t.to_owned(),
        _ if ex.hops.is_empty() => {
            inferred.push(Inference {
                what: "request",
                value: "fetch() of the method and headers the preflight asked about".into(),
                from: "a preflight whose request is not in the HAR".into(),
            });
            return Ok(Asked::Script { api: "fetch" });
        }
        _ => {
            let t = match dest {
                "empty" => "fetch",
                "image" => "image",
                "script" => "script",
                "style" => "stylesheet",
                "font" => "font",
                "audio" | "video" => "media",
                "iframe" | "frame" => "document",
                "" => return Err(
                    "no resource type and no Sec-Fetch-Dest: what made the request is not recorded"
                        .into(),
                ),
                other => return Err(format!("Sec-Fetch-Dest {other}: not a read sop models")),
            };
            inferred.push(Inference {
                what: "initiator",
                value: t.to_owned(),
                from: format!("Sec-Fetch-Dest: {dest} (the HAR has no _resourceType)"),
            });
            if t == "fetch" {
                inferred.push(Inference {
                    what: "api",
                    value: "fetch".into(),
                    from: "Sec-Fetch-Dest: empty is fetch() or XMLHttpRequest; taken as fetch()"
                        .into(),
                });
            }
            t.to_owned()
        }
    };
    let cors = mode == "cors";
    let with_cookies = first.request_header("cookie").is_some();
    let crossorigin = |inferred: &mut Vec<Inference>| {
        if !cors {
            return None;
        }
        let value = if with_cookies {
            "use-credentials"
        } else {
            "anonymous"
        };
        inferred.push(Inference {
            what: "crossorigin",
            value: value.into(),
            from: if with_cookies {
                "Sec-Fetch-Mode: cors with a Cookie header".into()
            } else {
                "Sec-Fetch-Mode: cors without a Cookie header".to_owned()
            },
        });
        Some(value)
    };
    Ok(match kind.as_str() {
        "fetch" => Asked::Script { api: "fetch" },
        "xhr" => Asked::Script { api: "xhr" },
        "image" => Asked::Element {
            element: "img",
            crossorigin: crossorigin(inferred),
        },
        "script" => Asked::Element {
            element: "script",
            crossorigin: crossorigin(inferred),
        },
        "stylesheet" => Asked::Element {
            element: "stylesheet",
            crossorigin: crossorigin(inferred),
        },
        "font" => Asked::Element {
            element: "font",
            crossorigin: None,
        },
        "media" => {
            let element = if dest == "audio" { "audio" } else { "video" };
            Asked::Element {
                element,
                crossorigin: crossorigin(inferred),
            }
        }
        "document" if matches!(dest, "iframe" | "frame") => Asked::Element {
            element: "iframe",
            crossorigin: None,
        },
        "document" => return Err("a top-level navigation: not a cross-origin read".into()),
        other => return Err(format!("resource type {other}: not a read sop models yet")),
    })
}

/// The script's call: its URL, method, the headers it set, its mode and
/// credentials mode, its body.
fn script_request(
    ex: &Exchange,
    first: &Entry,
    api: &str,
    cross_origin: bool,
    inferred: &mut Vec<Inference>,
) -> Value {
    let preflight = ex.preflights.first().map(|(_, p)| p);
    let from_preflight = ex.hops.is_empty();
    let method = match (from_preflight, preflight) {
        (true, Some(p)) => p
            .request_header("access-control-request-method")
            .unwrap_or("GET")
            .to_owned(),
        _ => first.request.method.clone(),
    };
    let listed: Vec<String> = preflight
        .and_then(|p| p.request_header("access-control-request-headers"))
        .map(|v| {
            v.split(',')
                .map(|n| n.trim().to_ascii_lowercase())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut headers = Vec::new();
    let mut dropped = Vec::new();
    if from_preflight {
        for name in &listed {
            headers.push(json!([name, "?"]));
        }
        if !listed.is_empty() {
            inferred.push(Inference {
                what: "headers",
                value: listed.join(", "),
                from: "Access-Control-Request-Headers (their values are not recorded)".into(),
            });
        }
    } else {
        for h in &first.request.headers {
            let name = h.name.to_ascii_lowercase();
            if browser_header(&name, &h.value) {
                continue;
            }
            if is_cors_safelisted_request_header(&name, &h.value) || listed.contains(&name) {
                headers.push(json!([h.name, h.value]));
            } else {
                dropped.push(name);
            }
        }
    }
    if !dropped.is_empty() {
        inferred.push(Inference {
            what: "headers left out",
            value: dropped.join(", "),
            from: "sent with no preflight listing them: added by the browser, or allowed by a preflight cached before the recording".into(),
        });
    }
    let mut request = Map::new();
    request.insert("url".into(), json!(first.request.url));
    if api == "xhr" {
        request.insert("api".into(), json!("xhr"));
    }
    if method != "GET" {
        request.insert("method".into(), json!(method));
    }
    if !headers.is_empty() {
        request.insert("headers".into(), Value::Array(headers));
    }
    if let Some(body) = first
        .request
        .post_data
        .as_ref()
        .and_then(|p| p.text.as_ref())
        && !from_preflight
    {
        request.insert("body".into(), json!(body));
    }
    if api == "fetch" {
        match first.request_header("sec-fetch-mode") {
            Some(m @ ("no-cors" | "same-origin")) => {
                request.insert("mode".into(), json!(m));
            }
            Some(_) => {}
            None => inferred.push(Inference {
                what: "mode",
                value: "cors".into(),
                from: "no Sec-Fetch-Mode header: fetch()'s default".into(),
            }),
        }
    }
    // Credentials: the HAR records what was sent, not the mode asked for.
    // An Authorization header the preflight asked about was the script's
    // own header (Chromium lists it in Access-Control-Request-Headers), not
    // credentials the browser added.
    let sent = ["cookie", "authorization"]
        .into_iter()
        .filter(|n| !listed.iter().any(|l| l == n))
        .find(|n| ex.hops.iter().any(|(_, e)| e.request_header(n).is_some()));
    match (sent, cross_origin) {
        (Some(header), true) => {
            request.insert("credentials".into(), json!("include"));
            inferred.push(Inference {
                what: "credentials",
                value: if api == "xhr" {
                    "withCredentials = true"
                } else {
                    "include"
                }
                .into(),
                from: format!("a {header} header went with a cross-origin request"),
            });
        }
        (None, true) => inferred.push(Inference {
            what: "credentials",
            value: if api == "xhr" {
                "withCredentials = false"
            } else {
                "same-origin"
            }
            .into(),
            from: "no Cookie or Authorization header was sent, so the API's default".into(),
        }),
        _ => {}
    }
    Value::Object(request)
}

/// Headers the browser adds on its own, which the script did not set.
fn browser_header(name: &str, value: &str) -> bool {
    name.starts_with(':')
        || is_forbidden_request_header(name, value)
        || matches!(
            name,
            "origin"
                | "referer"
                | "cookie"
                | "user-agent"
                | "priority"
                | "cache-control"
                | "pragma"
                | "upgrade-insecure-requests"
                | "x-client-data"
                | "purpose"
                | "if-none-match"
                | "if-modified-since"
        )
        || name.starts_with("sec-")
}

/// The recorded answers, as the scenario's `responses`, and which
/// (method, URL) pairs they answer.
fn responses(ex: &Exchange, inferred: &mut Vec<Inference>) -> (Vec<Value>, Vec<(String, String)>) {
    let mut out = Vec::new();
    let mut answered = Vec::new();
    let mut left_out_bodies = 0;
    for (_, e) in ex.preflights.iter().chain(&ex.hops) {
        let method = if e.is_preflight() {
            "OPTIONS".to_owned()
        } else {
            e.request.method.clone()
        };
        let mut r = Map::new();
        r.insert("url".into(), json!(e.request.url));
        r.insert("method".into(), json!(method));
        if e.has_response() {
            r.insert("status".into(), json!(e.response.status.clamp(100, 999)));
            let headers: Vec<Value> = e
                .response
                .headers
                .iter()
                .map(|h| json!([h.name, h.value]))
                .collect();
            if !headers.is_empty() {
                r.insert("headers".into(), Value::Array(headers));
            }
            match &e.response.content {
                Some(c) if c.encoding.as_deref() == Some("base64") => left_out_bodies += 1,
                Some(c) => {
                    if let Some(text) = &c.text {
                        if text.len() <= MAX_BODY_BYTES {
                            r.insert("body".into(), json!(text));
                        } else {
                            left_out_bodies += 1;
                        }
                    }
                }
                None => {}
            }
        } else if e.response.error.as_deref().is_some_and(is_network_error) {
            r.insert("network_error".into(), json!(true));
        } else {
            continue;
        }
        answered.push((method, e.request.url.clone()));
        out.push(Value::Object(r));
    }
    if left_out_bodies > 0 {
        inferred.push(Inference {
            what: "bodies left out",
            value: left_out_bodies.to_string(),
            from: format!("binary (base64) or longer than {MAX_BODY_BYTES} bytes"),
        });
    }
    (out, answered)
}

/// Chromium's errors for a connection that brought no HTTP response.
fn is_network_error(error: &str) -> bool {
    let e = error.trim_start_matches("net::");
    e.starts_with("ERR_CONNECTION")
        || e.starts_with("ERR_NAME_")
        || e.starts_with("ERR_SSL")
        || e.starts_with("ERR_CERT")
        || matches!(
            e,
            "ERR_ADDRESS_UNREACHABLE"
                | "ERR_TIMED_OUT"
                | "ERR_EMPTY_RESPONSE"
                | "ERR_INVALID_HTTP_RESPONSE"
                | "ERR_INTERNET_DISCONNECTED"
                | "ERR_NETWORK_CHANGED"
                | "ERR_SOCKET_NOT_CONNECTED"
        )
}
