//! Judging a rebuilt exchange: sop's verdict, what the browser recorded,
//! and whether they agree.

use serde::Serialize;
use serde_json::Value;
use sop_verdict::handout::Handout;
use sop_verdict::{Limits, Options, Scenario, ScenarioVerdict, evaluate};

use crate::exchange::Exchange;
use crate::scenario::{Inference, Rebuilt, rebuild};

/// What the browser recorded of the exchange's last entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recorded {
    /// Whether the HAR's writer records failures the policy caused
    /// (Chromium's DevTools does, in `_error`; Firefox does not).
    pub records_failures: bool,
    /// The last hop's status (0: no response let through, or none came).
    pub status: i64,
    /// Its failure (`net::ERR_FAILED`, or `no response`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

/// One exchange judged.
#[derive(Clone, Debug, Serialize)]
pub struct Judgement {
    /// The index of its first entry in `log.entries`.
    pub entry: usize,
    /// The entries it was rebuilt from: the request, its hops, its
    /// preflights.
    pub entries: Vec<usize>,
    /// The request's method.
    pub method: String,
    /// The request's URL.
    pub url: String,
    /// `fetch`, `xhr`, or the element (`img`, `script`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<String>,
    /// The page it was made from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Whether the request left the page's origin.
    pub cross_origin: bool,
    /// What the browser recorded.
    pub recorded: Recorded,
    /// sop's verdict, as `sop eval` gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Value>,
    /// Whether the verdict agrees with what the browser recorded; absent
    /// where the HAR cannot tell (a tainted canvas leaves no trace in it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agrees: Option<bool>,
    /// What had to be inferred.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inferred: Vec<Inference>,
    /// Why it was not judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_judged: Option<String>,
    /// The rebuilt scenario (for `--to-scenarios`).
    #[serde(skip)]
    pub scenario: Option<Value>,
    /// The scenario and its verdict, for the text report's walkthrough.
    #[serde(skip)]
    pub judged: Option<Box<(Scenario, ScenarioVerdict)>>,
}

impl Judgement {
    /// Whether the verdict blocks the read or the element.
    pub fn blocked(&self) -> bool {
        self.verdict
            .as_ref()
            .is_some_and(|v| v.get("reason").is_some_and(|r| !r.is_null()))
    }

    /// The walkthrough's data (built on demand: the JSON report needs none).
    pub fn handout(&self) -> Option<Handout> {
        self.judged.as_ref().map(|b| Handout::new(&b.0, &b.1))
    }

    /// The reason code of a blocked verdict.
    pub fn reason(&self) -> Option<&str> {
        self.verdict.as_ref()?.get("reason")?.as_str()
    }
}

/// Judges `ex`, naming its scenario after its first entry;
/// `records_failures` says whether the HAR's writer records a failure the
/// policy caused (without it, agreement cannot be told).
pub fn judge(ex: &Exchange, records_failures: bool) -> Judgement {
    let entry = ex.first();
    let first = ex.hops.first().or(ex.preflights.first()).map(|(_, e)| e);
    let last = ex.hops.last().or(ex.preflights.last()).map(|(_, e)| e);
    let recorded = Recorded {
        records_failures,
        status: last.map_or(0, |e| e.response.status),
        failed: last.and_then(|e| e.failure()).map(str::to_owned),
    };
    let mut entries: Vec<usize> = ex
        .hops
        .iter()
        .chain(&ex.preflights)
        .map(|(i, _)| *i)
        .collect();
    entries.sort_unstable();
    let mut j = Judgement {
        entry,
        entries,
        method: first.map(|e| e.request.method.clone()).unwrap_or_default(),
        url: first.map(|e| e.request.url.clone()).unwrap_or_default(),
        api: None,
        page: None,
        cross_origin: false,
        recorded,
        verdict: None,
        agrees: None,
        inferred: Vec::new(),
        not_judged: None,
        scenario: None,
        judged: None,
    };
    let name = format!("entry {entry}: {} {}", j.method, j.url);
    let (json, api, page, inferred, answered) = match rebuild(ex, &name) {
        Rebuilt::NotJudged { why } => {
            j.not_judged = Some(why);
            j.api = first.and_then(|e| e.resource_type.clone());
            return j;
        }
        Rebuilt::Scenario {
            json,
            api,
            page,
            inferred,
            answered,
        } => (json, api, page, inferred, answered),
    };
    j.cross_origin = cross_origin(&page, &j.url);
    j.api = Some(api);
    j.page = Some(page);
    j.inferred = inferred;
    let scenario = match Scenario::parse_json(&json.to_string(), &Limits::default()) {
        Ok(s) => s,
        Err(e) => {
            j.not_judged = Some(format!("the rebuilt scenario is not one sop accepts: {e}"));
            j.scenario = Some(json);
            return j;
        }
    };
    let mut verdict = evaluate(&scenario, Options::default());
    let mut value = serde_json::to_value(&verdict).unwrap_or(Value::Null);
    let mut scenario = scenario;
    let mut json = json;
    let refused = refused(&j.recorded, j.api.as_deref());
    // The credentials mode is inferred from what was sent; a request that
    // asked for credentials but had none to send looks the same (and a
    // preflight never carries any). When the browser failed the request
    // and sop would not, ask again with them. So too when the browser
    // stopped after a preflight sop would pass: a preflight it answered
    // can only fail on credentials then (a stop after a redirect has other
    // explanations, such as `redirect: "error"`, and stays unjudged).
    let after_preflight = !ex.preflights.is_empty()
        && unanswered(&value, &answered).is_some_and(|(m, _)| m != "OPTIONS");
    if refused
        && (!blocked(&value) || after_preflight)
        && let Some(with) = with_credentials(&json)
        && let Ok(s) = Scenario::parse_json(&with.to_string(), &Limits::default())
    {
        let again = evaluate(&s, Options::default());
        let again_value = serde_json::to_value(&again).unwrap_or(Value::Null);
        if blocked(&again_value) && unanswered(&again_value, &answered).is_none() {
            verdict = again;
            value = again_value;
            scenario = s;
            json = with;
            if let Some(c) = j.inferred.iter_mut().find(|i| i.what == "credentials") {
                c.value = "include".into();
                c.from = "the browser failed the request, which it does with credentials and not without".into();
            }
        }
    }
    // A verdict resting on an answer the HAR does not have would judge an
    // invented 404.
    if let Some((m, u)) = unanswered(&value, &answered) {
        j.not_judged = Some(format!(
            "sop would send {m} {u}, and the HAR has no answer to it{}",
            j.recorded
                .failed
                .as_deref()
                .map_or(String::new(), |f| format!(" (the browser recorded: {f})"))
        ));
        j.scenario = Some(json);
        return j;
    }
    // A fix may change an answer the browser never received: say so.
    for (m, u) in fix_targets(&value) {
        if !answered
            .iter()
            .any(|(am, au)| am.eq_ignore_ascii_case(&m) && same(au, &u))
        {
            j.inferred.push(Inference {
                what: "answer",
                value: format!("to {m} {u}"),
                from: "not in the HAR (the browser did not send it): the fix assumes one with no CORS headers".into(),
            });
        }
    }
    j.agrees = agreement(refused, j.recorded.records_failures, &verdict, &value);
    j.judged = Some(Box::new((scenario, verdict)));
    j.verdict = Some(value);
    j.scenario = Some(json);
    j
}

fn blocked(v: &Value) -> bool {
    v.get("reason").is_some_and(|r| !r.is_null())
}

/// The scenario with `credentials: include` (or the element's
/// `use-credentials`), if it did not already ask for them.
fn with_credentials(json: &Value) -> Option<Value> {
    let mut json = json.clone();
    if let Some(req) = json.get_mut("request").and_then(Value::as_object_mut) {
        if req.get("credentials").is_some() {
            return None;
        }
        req.insert("credentials".into(), Value::from("include"));
        return Some(json);
    }
    let embed = json.get_mut("embed").and_then(Value::as_object_mut)?;
    if embed.get("crossorigin").and_then(Value::as_str) != Some("anonymous") {
        return None;
    }
    embed.insert("crossorigin".into(), Value::from("use-credentials"));
    Some(json)
}

/// The (method, URL) of every request the verdict sent.
fn sent_requests(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut collect = |requests: Option<&Value>| {
        for r in requests.and_then(Value::as_array).into_iter().flatten() {
            if let (Some(m), Some(u)) = (
                r.get("method").and_then(Value::as_str),
                r.get("url").and_then(Value::as_str),
            ) {
                out.push((m.to_owned(), u.to_owned()));
            }
        }
    };
    collect(value.get("requests"));
    for step in value
        .get("steps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect(step.get("requests"));
    }
    out
}

/// The (method, URL) of each response the verdict's fix changes.
fn fix_targets(value: &Value) -> Vec<(String, String)> {
    let changes = value
        .get("fix")
        .and_then(|f| f.get("changes"))
        .and_then(Value::as_array);
    changes
        .into_iter()
        .flatten()
        .filter_map(|c| {
            Some((
                c.get("method")?.as_str()?.to_owned(),
                c.get("url")?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

/// The first request the verdict sent that the HAR has no answer to.
fn unanswered(v: &Value, answered: &[(String, String)]) -> Option<(String, String)> {
    sent_requests(v).into_iter().find(|(m, u)| {
        !answered
            .iter()
            .any(|(am, au)| am.eq_ignore_ascii_case(m) && same(au, u))
    })
}

/// Whether the browser refused what it recorded. A script's fetch or
/// XHR whose response came and was then `net::ERR_ABORTED` was let go
/// by the page (an opaque response nobody read, a redirect a `manual`
/// fetch stopped at), not refused: Chromium fails a refused read with
/// `net::ERR_FAILED`. An element that aborts a response it was given
/// (a script's 404) did refuse it.
fn refused(recorded: &Recorded, api: Option<&str>) -> bool {
    match recorded.failed.as_deref() {
        None => false,
        Some("net::ERR_ABORTED") => !(recorded.status > 0 && matches!(api, Some("fetch" | "xhr"))),
        Some(_) => true,
    }
}

/// Whether the verdict says what the browser recorded: a fetch or XHR
/// read fails in both or in neither; an element the browser failed to
/// fetch is not loaded. Where the HAR's writer does not record failures
/// the policy caused, it cannot tell.
fn agreement(
    failed: bool,
    records_failures: bool,
    v: &ScenarioVerdict,
    value: &Value,
) -> Option<bool> {
    if !records_failures {
        return None;
    }
    match v {
        ScenarioVerdict::Single(_) | ScenarioVerdict::Steps { .. } => {
            Some(failed == blocked(value))
        }
        ScenarioVerdict::Embed(e) => failed.then_some(!e.loaded),
        _ => None,
    }
}

fn cross_origin(page: &str, url: &str) -> bool {
    match (
        sop_origin::Origin::of_url_str(page),
        sop_origin::Origin::of_url_str(url),
    ) {
        (Ok(a), Ok(b)) => !a.same_origin(&b),
        _ => true,
    }
}

fn same(a: &str, b: &str) -> bool {
    match (sop_origin::parse_url(a), sop_origin::parse_url(b)) {
        (Ok(x), Ok(y)) => x.as_str().split('#').next() == y.as_str().split('#').next(),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::exchange::Grouper;
    use crate::model::{Entry, Page};

    /// Judges the one exchange of `entries` (JSON, as Chromium writes them)
    /// made from https://app.example/.
    fn judged(entries: serde_json::Value) -> Judgement {
        let pages = [Page {
            id: "page_1".into(),
            title: "https://app.example/".into(),
        }];
        let mut g = Grouper::new();
        let mut out = Vec::new();
        for (i, e) in entries.as_array().unwrap().iter().enumerate() {
            let e: Entry = serde_json::from_value(e.clone()).unwrap();
            out.extend(g.push(i, e, &pages));
        }
        out.extend(g.finish());
        assert_eq!(out.len(), 1);
        judge(&out[0], true)
    }

    fn h(pairs: &[(&str, &str)]) -> serde_json::Value {
        pairs
            .iter()
            .map(|(n, v)| serde_json::json!({"name": n, "value": v}))
            .collect()
    }

    fn put_with_preflight(
        req: &[(&str, &str)],
        acrh: &str,
        pre: &[(&str, &str)],
        put: Option<(i64, &[(&str, &str)])>,
    ) -> serde_json::Value {
        let (status, resp) = put.unwrap_or((0, &[]));
        let error = if put.is_some() {
            serde_json::Value::Null
        } else {
            "net::ERR_FAILED".into()
        };
        serde_json::json!([
            {"pageref": "page_1", "_resourceType": "fetch",
             "request": {"method": "PUT", "url": "https://api.example/x", "headers": h(req)},
             "response": {"status": status, "headers": h(resp), "_error": error}},
            {"pageref": "page_1", "_resourceType": "preflight",
             "_initiator": {"type": "preflight", "url": "https://api.example/x"},
             "request": {"method": "OPTIONS", "url": "https://api.example/x",
                         "headers": h(&[("Origin", "https://app.example"),
                                        ("Access-Control-Request-Method", "PUT"),
                                        ("Access-Control-Request-Headers", acrh)])},
             "response": {"status": 204, "headers": h(pre)}}
        ])
    }

    #[test]
    fn an_authorization_header_the_preflight_asked_about_is_not_credentials() {
        let allow = [
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "PUT"),
            ("Access-Control-Allow-Headers", "authorization"),
        ];
        let j = judged(put_with_preflight(
            &[
                ("Origin", "https://app.example"),
                ("Authorization", "Bearer t"),
            ],
            "authorization",
            &allow,
            Some((200, &[("Access-Control-Allow-Origin", "*")])),
        ));
        assert_eq!(j.reason(), None, "{:?}", j.verdict);
        assert_eq!(j.agrees, Some(true));
        let c = j.inferred.iter().find(|i| i.what == "credentials").unwrap();
        assert_eq!(c.value, "same-origin");
    }

    #[test]
    fn a_request_never_sent_after_a_passing_wildcard_preflight_had_credentials() {
        // The preflight carries no cookies, so only the browser's stop
        // after it says the request asked for credentials.
        let allow = [
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "PUT"),
        ];
        let j = judged(put_with_preflight(
            &[("Origin", "https://app.example")],
            "",
            &allow,
            None,
        ));
        assert_eq!(j.not_judged, None);
        assert_eq!(j.reason(), Some("preflight-wildcard-origin-not-allowed"));
        assert_eq!(j.agrees, Some(true));
    }

    #[test]
    fn a_response_the_page_let_go_of_is_not_a_refusal() {
        let entry = |error: &str| {
            serde_json::json!([{"pageref": "page_1", "_resourceType": "fetch",
              "request": {"method": "GET", "url": "https://api.example/img",
                          "headers": h(&[("Origin", "https://app.example"), ("Sec-Fetch-Mode", "no-cors")])},
              "response": {"status": 200, "headers": [], "_error": error}}])
        };
        let j = judged(entry("net::ERR_ABORTED"));
        assert_eq!(j.verdict.as_ref().unwrap()["outcome"], "opaque");
        assert_eq!(j.agrees, Some(true));
        // A refusal Chromium records as such still disagrees with opaque.
        assert_eq!(judged(entry("net::ERR_FAILED")).agrees, Some(false));
    }
}
