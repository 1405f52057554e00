//! Replaying a window scenario in Chromium. Every document of the
//! scenario is watched: the top-level target the browser check made, the
//! frames in other processes (auto-attached, paused until their console
//! is on), and the popups (discovered as they are created, then attached).
//! The page's script runs in the page's own realm: the top document for
//! `iframe` and `popup`; for `parent`, the frame the other document (the
//! top page) embeds; for `opener`, the popup the other document opened
//! with `window.open`. `Runtime.evaluate` is never given a user gesture:
//! one changes what Chromium does (`Sec-Fetch-User`, popups). Chromium
//! runs with `--disable-popup-blocking`, so `window.open` without user
//! activation opens its popup.

use std::collections::BTreeSet;
use std::future::Future;
use std::time::Duration;

use serde_json::{Value, json};
use sop_html::windows::Relation;
use sop_origin::parse_url_with_base;
use sop_verdict::Scenario;
use sop_verdict::observation::wire_url;
use sop_verdict::window::{WindowBody, WindowObservation};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::cdp::{BROWSER, Cdp, Event};
use crate::replay::messages;
use crate::servers::Hub;
use crate::window;

/// How long a document may take to load, and the page's script to settle.
const TIMEOUT: Duration = Duration::from_secs(20);
/// Time left after the script settles for late console lines.
const GRACE: Duration = Duration::from_millis(300);

/// Why the page's script did not answer when its parent navigated.
const TAKEN_AWAY: &str = "the page was taken away (its parent navigated)";

/// A window scenario as seen in Chromium, with the evidence behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowObserved {
    /// The contract's fields.
    pub observation: WindowObservation,
    /// What the page and the consoles said (for the report).
    pub evidence: Vec<String>,
}

/// One attached document target.
struct Attached {
    session: String,
    target: String,
    kind: String,
}

/// Every session of the scenario, their events merged into one stream.
struct Docs<'a> {
    cdp: &'a Cdp,
    context: String,
    top_target: String,
    tx: UnboundedSender<(String, Event)>,
    rx: UnboundedReceiver<(String, Event)>,
    attached: Vec<Attached>,
    targets: BTreeSet<String>,
    seen: Vec<(String, Event)>,
}

impl<'a> Docs<'a> {
    fn new(cdp: &'a Cdp, context: &str, top_target: &str) -> Docs<'a> {
        let (tx, rx) = unbounded_channel();
        Docs {
            cdp,
            context: context.to_owned(),
            top_target: top_target.to_owned(),
            tx,
            rx,
            attached: Vec::new(),
            targets: BTreeSet::new(),
            seen: Vec::new(),
        }
    }

    /// Forwards a session's events into the merged stream.
    fn follow(&self, session: &str) {
        let mut events = self.cdp.subscribe(session);
        let tx = self.tx.clone();
        let name = session.to_owned();
        tokio::spawn(async move {
            while let Some(e) = events.recv().await {
                if tx.send((name.clone(), e)).is_err() {
                    break;
                }
            }
        });
    }

    /// Turns on what is watched in a session: its console, its frames in
    /// other processes (paused at start), and lets it run.
    async fn watch(&mut self, session: &str, target: &str, kind: &str) -> Result<(), String> {
        let s = Some(session);
        for domain in ["Runtime", "Log", "Page"] {
            self.cdp
                .call(s, &format!("{domain}.enable"), json!({}))
                .await?;
        }
        self.cdp
            .call(
                s,
                "Target.setAutoAttach",
                json!({"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}),
            )
            .await?;
        let _ = self
            .cdp
            .call(s, "Runtime.runIfWaitingForDebugger", json!({}))
            .await;
        self.attached.push(Attached {
            session: session.to_owned(),
            target: target.to_owned(),
            kind: kind.to_owned(),
        });
        Ok(())
    }

    /// Handles one event: attaches to new frames and popups.
    async fn handle(&mut self, from: String, e: Event) -> Result<(), String> {
        match e.method.as_str() {
            "Target.attachedToTarget" => {
                let session = e.params.get("sessionId").and_then(Value::as_str);
                let target = e
                    .params
                    .pointer("/targetInfo/targetId")
                    .and_then(Value::as_str);
                let kind = e
                    .params
                    .pointer("/targetInfo/type")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if let (Some(session), Some(target)) = (session, target) {
                    let (session, target, kind) =
                        (session.to_owned(), target.to_owned(), kind.to_owned());
                    if self.targets.insert(target.clone()) {
                        self.follow(&session);
                        self.watch(&session, &target, &kind).await?;
                    } else {
                        let _ = self
                            .cdp
                            .call(Some(&session), "Runtime.runIfWaitingForDebugger", json!({}))
                            .await;
                    }
                }
            }
            "Target.targetCreated" if from == BROWSER => {
                let info = &e.params["targetInfo"];
                let ours = info.get("browserContextId").and_then(Value::as_str)
                    == Some(self.context.as_str());
                let page = info.get("type").and_then(Value::as_str) == Some("page");
                if let Some(target) = info.get("targetId").and_then(Value::as_str) {
                    if ours && page && !self.targets.contains(target) {
                        // A popup: attached as soon as it exists.
                        let attached = self
                            .cdp
                            .call(
                                None,
                                "Target.attachToTarget",
                                json!({"targetId": target, "flatten": true}),
                            )
                            .await;
                        if let Ok(a) = attached {
                            if let Some(session) = a.get("sessionId").and_then(Value::as_str) {
                                let (session, target) = (session.to_owned(), target.to_owned());
                                self.targets.insert(target.clone());
                                self.follow(&session);
                                self.watch(&session, &target, "page").await?;
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        self.seen.push((from, e));
        Ok(())
    }

    /// Runs `f` while handling every event, until it finishes.
    async fn during<T>(&mut self, f: impl Future<Output = T>) -> Result<T, String> {
        tokio::pin!(f);
        loop {
            tokio::select! {
                done = &mut f => return Ok(done),
                Some((from, e)) = self.rx.recv() => self.handle(from, e).await?,
            }
        }
    }

    /// Handles events for `d`.
    async fn idle(&mut self, d: Duration) -> Result<(), String> {
        self.during(tokio::time::sleep(d)).await
    }

    /// Waits until a `Page.loadEventFired` of `session` is seen.
    async fn loaded(&mut self, session: &str) -> Result<bool, String> {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            if self
                .seen
                .iter()
                .any(|(s, e)| s == session && e.method == "Page.loadEventFired")
            {
                return Ok(true);
            }
            if tokio::time::Instant::now() >= deadline {
                return Ok(false);
            }
            self.idle(Duration::from_millis(25)).await?;
        }
    }

    /// Evaluates `expression` in a session (and context), handling events
    /// meanwhile; the value, or why there is none.
    async fn evaluate(
        &mut self,
        session: &str,
        context: Option<i64>,
        expression: &str,
    ) -> Result<Value, String> {
        let mut params = json!({
            "expression": expression,
            "awaitPromise": true,
            "returnByValue": true,
        });
        if let Some(c) = context {
            params["contextId"] = json!(c);
        }
        let cdp = self.cdp;
        let call = cdp.call_with_timeout(Some(session), "Runtime.evaluate", params, TIMEOUT);
        let v = self.during(call).await??;
        match v.pointer("/result/value") {
            Some(value) if v.get("exceptionDetails").is_none() => Ok(value.clone()),
            _ => Err(format!("the script failed: {v}")),
        }
    }

    /// The sessions' console lines and exceptions, in order.
    fn console(&self) -> Vec<String> {
        let events: Vec<Event> = self.seen.iter().map(|(_, e)| e.clone()).collect();
        messages(&events)
            .into_iter()
            .filter(|l| !window::is_partial_line(l))
            .collect()
    }

    /// The default execution context of a frame in `session`, from the
    /// contexts it announced (the last one: the frame's current document).
    fn frame_context(&self, session: &str, frame: &str) -> Option<i64> {
        self.seen
            .iter()
            .filter(|(s, e)| s == session && e.method == "Runtime.executionContextCreated")
            .filter_map(|(_, e)| {
                let c = e.params.get("context")?;
                let aux = c.get("auxData")?;
                (aux.get("frameId").and_then(Value::as_str) == Some(frame)
                    && aux.get("isDefault").and_then(Value::as_bool) == Some(true))
                .then(|| c.get("id").and_then(Value::as_i64))
                .flatten()
            })
            .next_back()
    }

    fn unsubscribe(&self) {
        for a in &self.attached {
            self.cdp.unsubscribe(&a.session);
        }
        self.cdp.unsubscribe(BROWSER);
    }
}

/// Where the page's script runs: a session, and a context in it (`None`:
/// the session's main frame).
type Realm = (String, Option<i64>);

/// Finds the page's realm once the other document (the top page) loaded:
/// the frame of the page (`parent`), or the popup it opened (`opener`).
async fn page_realm(
    docs: &mut Docs<'_>,
    top: &str,
    relation: Relation,
    page_url: &str,
) -> Result<Realm, String> {
    let is_page = |href: &Value| {
        href.as_str()
            .and_then(wire_url)
            .is_some_and(|h| wire_url(page_url).as_deref() == Some(h.as_str()))
    };
    if relation == Relation::Opener {
        let open = format!("window.open({}), true", json!(page_url));
        docs.evaluate(top, None, &open).await?;
    }
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    let ready = "document.readyState === 'complete' ? location.href : null";
    while tokio::time::Instant::now() < deadline {
        // A frame or popup in its own target.
        let candidates: Vec<String> = docs
            .attached
            .iter()
            .filter(|a| a.target != docs.top_target)
            .filter(|a| match relation {
                Relation::Opener => a.kind == "page",
                _ => a.kind == "iframe",
            })
            .map(|a| a.session.clone())
            .collect();
        for session in candidates {
            if let Ok(href) = docs.evaluate(&session, None, ready).await {
                if is_page(&href) {
                    return Ok((session, None));
                }
            }
        }
        if relation == Relation::Parent {
            // A frame in the top page's process.
            let tree = docs
                .cdp
                .call(Some(top), "Page.getFrameTree", json!({}))
                .await?;
            let frames = tree
                .pointer("/frameTree/childFrames")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for f in frames {
                let (Some(id), Some(url)) = (
                    f.pointer("/frame/id").and_then(Value::as_str),
                    f.pointer("/frame/url"),
                ) else {
                    continue;
                };
                if is_page(url) {
                    if let Some(c) = docs.frame_context(top, id) {
                        if let Ok(href) = docs.evaluate(top, Some(c), ready).await {
                            if is_page(&href) {
                                return Ok((top.to_owned(), Some(c)));
                            }
                        }
                    }
                }
            }
        }
        docs.idle(Duration::from_millis(50)).await?;
    }
    Err(format!(
        "the page {page_url} never loaded as the other document's {}",
        if relation == Relation::Opener {
            "popup"
        } else {
            "frame"
        }
    ))
}

/// Replays a window scenario in the browser context `context`, whose
/// top-level target is `top_target`, attached as `top`.
pub async fn replay_window(
    cdp: &Cdp,
    hub: &Hub,
    scenario: &Scenario,
    body: &WindowBody,
    context: &str,
    top_target: &str,
    top: &str,
) -> Result<WindowObserved, String> {
    let mut docs = Docs::new(cdp, context, top_target);
    docs.follow(BROWSER);
    docs.follow(top);
    docs.targets.insert(top_target.to_owned());
    let result = run(&mut docs, hub, scenario, body, top).await;
    let _ = cdp
        .call(
            None,
            "Target.setDiscoverTargets",
            json!({"discover": false}),
        )
        .await;
    docs.unsubscribe();
    result
}

async fn run(
    docs: &mut Docs<'_>,
    hub: &Hub,
    scenario: &Scenario,
    body: &WindowBody,
    top: &str,
) -> Result<WindowObserved, String> {
    let cdp = docs.cdp;
    let top_target = docs.top_target.clone();
    docs.watch(top, &top_target, "page").await?;
    cdp.call(Some(top), "Network.enable", json!({})).await?;
    cdp.call(None, "Target.setDiscoverTargets", json!({"discover": true}))
        .await?;
    let relation = body.other.relation;
    let page_url = scenario.page.url.as_str().to_owned();
    let first = if window::page_is_top(relation) {
        page_url.clone()
    } else {
        let other = body
            .other
            .url
            .as_deref()
            .ok_or("a parent or opener needs the other document's url")?;
        parse_url_with_base(other, scenario.page.url.url())
            .map_err(|e| format!("the other document's url {other}: {e}"))?
            .as_str()
            .to_owned()
    };
    hub.begin(scenario);
    let nav = cdp
        .call(Some(top), "Page.navigate", json!({"url": first}))
        .await?;
    if let Some(e) = nav.get("errorText").and_then(Value::as_str) {
        return Err(format!("loading {first} failed: {e}"));
    }
    if !docs.loaded(top).await? {
        return Err(format!("{first} did not load"));
    }
    let (session, context) = if window::page_is_top(relation) {
        (top.to_owned(), None)
    } else {
        page_realm(docs, top, relation, &page_url).await?
    };
    hub.set_step(0);
    let from = docs.seen.len();
    let evaluated = if relation == Relation::Parent {
        // Navigating the parent takes the page away, and its script never
        // answers: stop waiting when the top page navigates.
        let cdp = docs.cdp;
        let mut params = json!({
            "expression": window::expression(body),
            "awaitPromise": true,
            "returnByValue": true,
        });
        if let Some(c) = context {
            params["contextId"] = json!(c);
        }
        let call = cdp.call_with_timeout(Some(&session), "Runtime.evaluate", params, TIMEOUT);
        tokio::pin!(call);
        loop {
            tokio::select! {
                done = &mut call => break done.and_then(|v| match v.pointer("/result/value") {
                    Some(value) if v.get("exceptionDetails").is_none() => Ok(value.clone()),
                    _ => Err(format!("the script failed: {v}")),
                }),
                Some((from_session, e)) = docs.rx.recv() => {
                    let top_moved = from_session == top
                        && e.method == "Page.frameNavigated"
                        && e.params.pointer("/frame/parentId").is_none();
                    docs.handle(from_session, e).await?;
                    if top_moved {
                        break Err(TAKEN_AWAY.to_owned());
                    }
                }
            }
        }
    } else {
        docs.evaluate(&session, context, &window::expression(body))
            .await
    };
    let result = match evaluated {
        Ok(v) => v,
        Err(e) if e.contains("DevTools connection") => return Err(e),
        Err(e) => {
            docs.idle(GRACE).await?;
            let lines: Vec<Vec<Value>> = docs.seen[from..]
                .iter()
                .filter(|(_, e)| e.method == "Runtime.consoleAPICalled")
                .map(|(_, e)| {
                    e.params
                        .get("args")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .map(|a| a.get("value").cloned().unwrap_or(Value::Null))
                        .collect()
                })
                .collect();
            let taken_away = e == TAKEN_AWAY;
            window::partial_result(&lines, body.access.len(), taken_away)
                .ok_or_else(|| format!("{e}, with no results before"))?
        }
    };
    docs.idle(GRACE).await?;
    let console: Vec<String> = docs.console();
    let mut observation = window::observe_window(body, &result, &console);
    let mut evidence = window::evidence(&result, &console);
    if observation.other_origin.is_none() {
        // Neither a hello nor an acknowledgement told it, and the page may
        // not read it: ask the other document itself, now that the page's
        // script is done.
        observation.other_origin = other_origin(docs, top, relation).await;
        evidence.push(format!(
            "other origin from DevTools: {}",
            observation.other_origin.as_deref().unwrap_or("none")
        ));
    }
    Ok(WindowObserved {
        observation,
        evidence,
    })
}

/// `self.origin` in the other document, evaluated through DevTools: the
/// top page (parent, opener), the popup, or the page's first frame.
async fn other_origin(docs: &mut Docs<'_>, top: &str, relation: Relation) -> Option<String> {
    let realm: Realm = match relation {
        Relation::Parent | Relation::Opener => (top.to_owned(), None),
        _ => {
            let kind = if relation == Relation::Popup {
                "page"
            } else {
                "iframe"
            };
            let own = docs
                .attached
                .iter()
                .find(|a| a.target != docs.top_target && a.kind == kind)
                .map(|a| a.session.clone());
            match (own, relation) {
                (Some(s), _) => (s, None),
                (None, Relation::Iframe) => {
                    let tree = docs
                        .cdp
                        .call(Some(top), "Page.getFrameTree", json!({}))
                        .await
                        .ok()?;
                    let id = tree
                        .pointer("/frameTree/childFrames/0/frame/id")
                        .and_then(Value::as_str)?;
                    (top.to_owned(), Some(docs.frame_context(top, id)?))
                }
                _ => return None,
            }
        }
    };
    docs.evaluate(&realm.0, realm.1, "self.origin")
        .await
        .ok()?
        .as_str()
        .map(str::to_owned)
}
