//! Replaying one scenario in Chromium: a fresh browser context (so no
//! cache or cookie leaks from one scenario to the next), its page loaded
//! from the servers, then each step's script call in that page, in order,
//! with real waits between them.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Value, json};
use sop_html::element::Element;
use sop_verdict::Scenario;
use sop_verdict::embed::EmbedSpec;
use sop_verdict::fixture::Body;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::cdp::{Cdp, Event};
use crate::corpus;
use crate::embed::{EmbedEvidence, EmbedObserved, PageRead, frame_loaded, observe_embed};
use crate::har_record;
use crate::observe::{LoadingFailed, Observed, StepEvidence, observe};
use crate::page;
use crate::servers::{Hub, Traffic};
use crate::window_replay::{WindowObserved, replay_window};

/// How long a page may take to load, and a step's script to settle.
const STEP_TIMEOUT: Duration = Duration::from_secs(15);
/// Time left after a step settles for late DevTools events and requests.
const GRACE: Duration = Duration::from_millis(100);
/// How long to wait for DevTools to say why a read was blocked.
const REASON_WAIT: Duration = Duration::from_millis(1000);

/// What happened to one scenario.
#[derive(Debug)]
pub struct Run {
    /// Each step's observation, or why there is none.
    pub steps: Vec<Result<Observed, String>>,
    /// An embed scenario's observation, or why there is none.
    pub embed: Option<Result<EmbedObserved, String>>,
    /// A window scenario's observation, or why there is none.
    pub window: Option<Result<WindowObserved, String>>,
    /// The page's origin as its script saw it (`self.origin`).
    pub page_origin: Option<String>,
    /// Every request that reached the servers.
    pub traffic: Traffic,
}

/// The header names a scenario's responses declare, lowercase.
pub fn declared_names(s: &Scenario) -> BTreeSet<String> {
    s.responses
        .iter()
        .flat_map(|r| r.headers.0.iter().map(|(n, _)| n.to_ascii_lowercase()))
        .collect()
}

fn drain(events: &mut UnboundedReceiver<Event>, into: &mut Vec<Event>) {
    while let Ok(e) = events.try_recv() {
        into.push(e);
    }
}

/// Console messages and exceptions among `events`.
pub(crate) fn messages(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e.method.as_str() {
            "Log.entryAdded" => e
                .params
                .pointer("/entry/text")
                .and_then(Value::as_str)
                .map(str::to_owned),
            "Runtime.exceptionThrown" => e
                .params
                .pointer("/exceptionDetails/exception/description")
                .or_else(|| e.params.pointer("/exceptionDetails/text"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            "Runtime.consoleAPICalled" => Some(
                e.params
                    .get("args")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|a| match a.get("value") {
                        Some(Value::String(s)) => s.clone(),
                        Some(v) => v.to_string(),
                        None => a
                            .get("description")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => None,
        })
        .collect()
}

fn failures(events: &[Event]) -> Vec<LoadingFailed> {
    events
        .iter()
        .filter(|e| e.method == "Network.loadingFailed")
        .map(|e| LoadingFailed::from_params(&e.params))
        .collect()
}

/// Whether the script's call failed after it was made (fetch() rejected
/// with "Failed to fetch", or XHR fired error), rather than throwing before
/// anything was sent or reading a response.
fn failed_on_the_network(result: &Value) -> bool {
    let error = result.get("error").and_then(Value::as_str).unwrap_or("");
    match result.get("kind").and_then(Value::as_str) {
        Some("error") => true,
        Some("rejected") => error.contains("Failed to fetch"),
        _ => false,
    }
}

fn text<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("DevTools answered without {key}: {v}"))
}

/// Replays `scenario` in a fresh browser context.
pub async fn replay(cdp: &Cdp, hub: &Hub, scenario: &Scenario) -> Result<Run, String> {
    replay_recording(cdp, hub, scenario, None).await
}

/// [`replay`], writing the page's traffic as a HAR to `har` when given (a
/// window scenario's documents are not recorded).
pub async fn replay_recording(
    cdp: &Cdp,
    hub: &Hub,
    scenario: &Scenario,
    har: Option<&har_record::Target<'_>>,
) -> Result<Run, String> {
    let context = cdp
        .call(
            None,
            "Target.createBrowserContext",
            json!({"disposeOnDetach": true}),
        )
        .await?;
    let context = text(&context, "browserContextId")?.to_owned();
    let result = in_context(cdp, hub, scenario, &context, har).await;
    let traffic = hub.finish();
    let disposed = cdp
        .call(
            None,
            "Target.disposeBrowserContext",
            json!({"browserContextId": context}),
        )
        .await;
    let Replayed {
        steps,
        embed,
        window,
        page_origin,
    } = result?;
    disposed?;
    Ok(Run {
        steps,
        embed,
        window,
        page_origin,
        traffic,
    })
}

/// What [`in_page`] saw.
struct Replayed {
    steps: Vec<Result<Observed, String>>,
    embed: Option<Result<EmbedObserved, String>>,
    window: Option<Result<WindowObserved, String>>,
    page_origin: Option<String>,
}

async fn in_context(
    cdp: &Cdp,
    hub: &Hub,
    scenario: &Scenario,
    context: &str,
    har: Option<&har_record::Target<'_>>,
) -> Result<Replayed, String> {
    let target = cdp
        .call(
            None,
            "Target.createTarget",
            json!({"url": "about:blank", "browserContextId": context}),
        )
        .await?;
    let target = text(&target, "targetId")?.to_owned();
    let session = cdp
        .call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        )
        .await?;
    let session = text(&session, "sessionId")?.to_owned();
    if let Body::Window(body) = &scenario.body {
        let seen = replay_window(cdp, hub, scenario, body, context, &target, &session).await;
        if let Err(e) = &seen {
            if e.contains("DevTools connection") {
                return Err(e.clone());
            }
        }
        let page_origin = seen
            .as_ref()
            .ok()
            .and_then(|w| w.observation.page_origin.clone());
        return Ok(Replayed {
            steps: Vec::new(),
            embed: None,
            window: Some(seen),
            page_origin,
        });
    }
    let events = cdp.subscribe(&session);
    let (mut events, tap) = match har {
        Some(_) => {
            let (events, tap) = har_record::tap(events);
            (events, Some(tap))
        }
        None => (events, None),
    };
    let result = in_page(cdp, hub, scenario, &session, &mut events).await;
    if let (Some(target), Some(tap)) = (har, &tap) {
        har_record::finish(cdp, &session, tap, target).await;
    }
    cdp.unsubscribe(&session);
    result
}

async fn in_page(
    cdp: &Cdp,
    hub: &Hub,
    scenario: &Scenario,
    session: &str,
    events: &mut UnboundedReceiver<Event>,
) -> Result<Replayed, String> {
    let s = Some(session);
    for domain in ["Page", "Network", "Log", "Runtime"] {
        cdp.call(s, &format!("{domain}.enable"), json!({})).await?;
    }
    let mut seen = Vec::new();
    drain(events, &mut seen);
    hub.begin(scenario);
    let nav = cdp
        .call(s, "Page.navigate", json!({"url": scenario.page.url}))
        .await?;
    if let Some(e) = nav.get("errorText").and_then(Value::as_str) {
        return Err(format!(
            "loading the page {} failed: {e}",
            scenario.page.url
        ));
    }
    let loaded = tokio::time::timeout(STEP_TIMEOUT, async {
        while let Some(e) = events.recv().await {
            if e.method == "Page.loadEventFired" {
                return true;
            }
        }
        false
    })
    .await;
    if loaded != Ok(true) {
        return Err(format!("the page {} did not load", scenario.page.url));
    }
    let origin = cdp
        .call(
            s,
            "Runtime.evaluate",
            json!({"expression": "self.origin", "returnByValue": true}),
        )
        .await?
        .pointer("/result/value")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Body::Embed(body) = &scenario.body {
        let embed = replay_embed(cdp, hub, &body.embed, session, events).await;
        if let Err(e) = &embed {
            if e.contains("DevTools connection") {
                return Err(e.clone());
            }
        }
        return Ok(Replayed {
            steps: Vec::new(),
            embed: Some(embed),
            window: None,
            page_origin: origin,
        });
    }
    let declared = declared_names(scenario);
    let mut out = Vec::new();
    for (i, step) in corpus::steps(scenario).into_iter().enumerate() {
        if step.wait > 0.0 {
            tokio::time::sleep(Duration::from_secs_f64(step.wait)).await;
        }
        let mut seen = Vec::new();
        drain(events, &mut seen);
        seen.clear();
        hub.set_step(i);
        let evaluated = cdp
            .call_with_timeout(
                s,
                "Runtime.evaluate",
                json!({
                    "expression": page::expression(step.request),
                    "awaitPromise": true,
                    "returnByValue": true,
                }),
                STEP_TIMEOUT,
            )
            .await;
        let value = match evaluated {
            Ok(v) => match v.pointer("/result/value") {
                Some(value) if v.get("exceptionDetails").is_none() => value.clone(),
                _ => {
                    out.push(Err(format!("the script failed: {v}")));
                    continue;
                }
            },
            Err(e) if e.contains("DevTools connection") => return Err(e),
            Err(e) => {
                out.push(Err(e));
                continue;
            }
        };
        tokio::time::sleep(GRACE).await;
        drain(events, &mut seen);
        if failed_on_the_network(&value) {
            // DevTools' loadingFailed says why, and the console what
            // Chromium printed; either may come after the script's
            // rejection.
            let deadline = tokio::time::Instant::now() + REASON_WAIT;
            let told = |seen: &[Event]| {
                seen.iter().any(|e| e.method == "Network.loadingFailed")
                    && seen.iter().any(|e| e.method == "Log.entryAdded")
            };
            while !told(&seen) && tokio::time::Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
                drain(events, &mut seen);
            }
        }
        let arrivals: Vec<_> = hub
            .traffic()
            .arrivals
            .into_iter()
            .filter(|a| a.step == Some(i))
            .collect();
        out.push(Ok(observe(&StepEvidence {
            result: &value,
            failures: &failures(&seen),
            messages: &messages(&seen),
            arrivals: &arrivals,
            declared: &declared,
            request: step.request,
        })));
    }
    Ok(Replayed {
        steps: out,
        embed: None,
        window: None,
        page_origin: origin,
    })
}

/// The console's own lines among `events` (`Log.entryAdded`: what
/// Chromium printed, not the page's exceptions or `console` calls).
fn console_lines(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter(|e| e.method == "Log.entryAdded")
        .filter_map(|e| e.params.pointer("/entry/text").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

/// Drains the page's events and its child frames' into `into`.
fn drain_all(events: &mut UnboundedReceiver<Event>, children: &mut [Child], into: &mut Vec<Event>) {
    drain(events, into);
    for c in children {
        drain(&mut c.events, into);
    }
}

/// A frame in another process (site isolation) that DevTools attached
/// to: its session and its events.
struct Child {
    session: String,
    events: UnboundedReceiver<Event>,
}

/// Attaches to a child target DevTools announced (paused until then):
/// its console is enabled before it runs, so its refusals are seen.
async fn attach_child(cdp: &Cdp, params: &Value) -> Result<Option<Child>, String> {
    let Some(session) = params.get("sessionId").and_then(Value::as_str) else {
        return Ok(None);
    };
    let events = cdp.subscribe(session);
    for domain in ["Page", "Log", "Network"] {
        cdp.call(Some(session), &format!("{domain}.enable"), json!({}))
            .await?;
    }
    cdp.call(Some(session), "Runtime.runIfWaitingForDebugger", json!({}))
        .await?;
    Ok(Some(Child {
        session: session.to_owned(),
        events,
    }))
}

/// The URL of the document the first child frame shows, as its own
/// renderer sees it (`chrome-error://chromewebdata/` for Chromium's error
/// page, which the parent's view of a frame in another process shows as
/// the URL that failed): from the child target when there is one, else
/// from the page's frame tree.
async fn child_frame_url(
    cdp: &Cdp,
    session: &str,
    child: Option<&Child>,
) -> Result<Option<String>, String> {
    let (s, pointer) = match child {
        Some(c) => (c.session.as_str(), "/frameTree/frame/url"),
        None => (session, "/frameTree/childFrames/0/frame/url"),
    };
    let tree = cdp.call(Some(s), "Page.getFrameTree", json!({})).await?;
    Ok(tree
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned))
}

/// Runs the embed script in the loaded page and observes what happened.
/// For an iframe, DevTools attaches to the frame when it runs in another
/// process, and its console joins the page's.
async fn replay_embed(
    cdp: &Cdp,
    hub: &Hub,
    embed: &EmbedSpec,
    session: &str,
    events: &mut UnboundedReceiver<Event>,
) -> Result<EmbedObserved, String> {
    let s = Some(session);
    let frame = embed.element == Element::Iframe;
    if frame {
        cdp.call(
            s,
            "Target.setAutoAttach",
            json!({"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}),
        )
        .await?;
    }
    let mut seen = Vec::new();
    drain(events, &mut seen);
    seen.clear();
    hub.set_step(0);
    let mut children: Vec<Child> = Vec::new();
    let evaluation = cdp.call_with_timeout(
        s,
        "Runtime.evaluate",
        json!({
            "expression": page::embed_expression(embed),
            "awaitPromise": true,
            "returnByValue": true,
        }),
        STEP_TIMEOUT,
    );
    tokio::pin!(evaluation);
    let evaluated = loop {
        tokio::select! {
            done = &mut evaluation => break done,
            Some(e) = events.recv() => {
                if e.method == "Target.attachedToTarget" {
                    children.extend(attach_child(cdp, &e.params).await?);
                }
                seen.push(e);
            }
        }
    };
    let result = observe_after(
        cdp,
        hub,
        embed,
        session,
        events,
        evaluated,
        &mut children,
        seen,
    )
    .await;
    for c in &children {
        cdp.unsubscribe(&c.session);
    }
    if frame {
        let _ = cdp
            .call(
                s,
                "Target.setAutoAttach",
                json!({"autoAttach": false, "waitForDebuggerOnStart": false, "flatten": true}),
            )
            .await;
    }
    result
}

/// Gathers the evidence once the embed script has answered.
#[allow(clippy::too_many_arguments)]
async fn observe_after(
    cdp: &Cdp,
    hub: &Hub,
    embed: &EmbedSpec,
    session: &str,
    events: &mut UnboundedReceiver<Event>,
    evaluated: Result<Value, String>,
    children: &mut [Child],
    mut seen: Vec<Event>,
) -> Result<EmbedObserved, String> {
    let evaluated = evaluated?;
    let value = match evaluated.pointer("/result/value") {
        Some(v) if evaluated.get("exceptionDetails").is_none() => v.clone(),
        _ => return Err(format!("the embed script failed: {evaluated}")),
    };
    let read = PageRead::from_value(&value);
    // A read the page could not make is no observation: the scenario is
    // reported unobserved, whatever the fixture expects.
    if let Some(why) = &read.unobserved {
        return Err(format!("the page could not read the embed: {why}"));
    }
    tokio::time::sleep(GRACE).await;
    drain_all(events, children, &mut seen);
    let frame_url = if embed.element == Element::Iframe {
        child_frame_url(cdp, session, children.first()).await?
    } else {
        None
    };
    let loaded = if embed.element == Element::Iframe {
        frame_loaded(frame_url.as_deref())
    } else {
        read.loaded
    };
    if !loaded {
        let deadline = tokio::time::Instant::now() + REASON_WAIT;
        let told = |seen: &[Event]| {
            seen.iter().any(|e| e.method == "Network.loadingFailed")
                && seen.iter().any(|e| e.method == "Log.entryAdded")
        };
        while !told(&seen) && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
            drain_all(events, children, &mut seen);
        }
    }
    let arrivals: Vec<_> = hub
        .traffic()
        .arrivals
        .into_iter()
        .filter(|a| a.step == Some(0))
        .collect();
    Ok(observe_embed(&EmbedEvidence {
        element: embed.element,
        read: &read,
        frame_url: frame_url.as_deref(),
        failures: &failures(&seen),
        console: &console_lines(&seen),
        arrivals: &arrivals,
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn event(method: &str, params: Value) -> Event {
        Event {
            method: method.to_owned(),
            params,
        }
    }

    #[test]
    fn network_failures_are_told_from_exceptions() {
        assert!(failed_on_the_network(
            &json!({"kind": "rejected", "error": "TypeError: Failed to fetch"})
        ));
        assert!(failed_on_the_network(&json!({"kind": "error"})));
        assert!(!failed_on_the_network(
            &json!({"kind": "rejected", "error": "TypeError: Failed to parse URL from x"})
        ));
        assert!(!failed_on_the_network(
            &json!({"kind": "threw", "error": "SyntaxError"})
        ));
        assert!(!failed_on_the_network(&json!({"kind": "response"})));
    }

    #[test]
    fn reads_messages_and_failures_from_events() {
        let events = vec![
            event(
                "Log.entryAdded",
                json!({"entry": {"source": "network", "text": "blocked by CORS policy"}}),
            ),
            event(
                "Runtime.exceptionThrown",
                json!({"exceptionDetails": {"text": "Uncaught", "exception": {"description": "TypeError: x"}}}),
            ),
            event(
                "Runtime.consoleAPICalled",
                json!({"args": [{"value": "a"}, {"value": 1}]}),
            ),
            event(
                "Network.loadingFailed",
                json!({"errorText": "net::ERR_FAILED", "corsErrorStatus": {"corsError": "PreflightInvalidStatus", "failedParameter": ""}}),
            ),
            event("Network.requestWillBeSent", json!({})),
        ];
        assert_eq!(
            messages(&events),
            vec!["blocked by CORS policy", "TypeError: x", "a 1"]
        );
        let f = failures(&events);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].cors_error.as_deref(), Some("PreflightInvalidStatus"));
        assert_eq!(f[0].failed_parameter, None);
    }
}
