//! The playground's page in a Chromium tab, driven as a reader drives it:
//! typing into the filter, picking from the list, clicking Evaluate (real
//! mouse events, not a scripted `click()`), and reading what it shows.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sop_browser_check::cdp::{Cdp, Event};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::expect::Fields;
use crate::sop::Pick;

/// How long the page may take to load, answer or draw.
const PATIENCE: Duration = Duration::from_secs(20);

/// The width and height of the window the page is shown in: a projector's.
pub const VIEWPORT: (u32, u32) = (1600, 1000);

/// A tab showing the playground.
pub struct Tab<'a> {
    cdp: &'a Cdp,
    session: String,
    /// Everything the tab reported, kept for [`Tab::events`].
    events: UnboundedReceiver<Event>,
}

/// What the page shows after an evaluation.
#[derive(Debug, Default)]
pub struct Shown {
    /// The verdict's fields, by `data-field`.
    pub fields: Fields,
    /// Per diagram: whether it is an SVG image that decoded, with the
    /// diagram's own description as its text.
    pub diagrams: Vec<bool>,
    /// The walkthrough's text.
    pub explanation: String,
    /// The fix's text.
    pub fix: String,
    /// The error box's text as laid out (its lines joined by ` / `), when it shows.
    pub error: Option<String>,
}

impl<'a> Tab<'a> {
    /// Opens a tab at `url` and waits for the corpus to fill the picker.
    pub async fn open(cdp: &'a Cdp, url: &str) -> Result<Tab<'a>, String> {
        let target = cdp
            .call(None, "Target.createTarget", json!({"url": "about:blank"}))
            .await?;
        let target = target["targetId"].as_str().ok_or("no targetId")?.to_owned();
        let attached = cdp
            .call(
                None,
                "Target.attachToTarget",
                json!({"targetId": target, "flatten": true}),
            )
            .await?;
        let session = attached["sessionId"]
            .as_str()
            .ok_or("no sessionId")?
            .to_owned();
        let events = cdp.subscribe(&session);
        let tab = Tab {
            cdp,
            session,
            events,
        };
        for domain in ["Page", "Network", "Log", "Runtime"] {
            tab.call(&format!("{domain}.enable"), json!({})).await?;
        }
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": VIEWPORT.0, "height": VIEWPORT.1, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await?;
        let nav = tab.call("Page.navigate", json!({"url": url})).await?;
        if let Some(e) = nav.get("errorText").and_then(Value::as_str) {
            return Err(format!("loading {url} failed: {e}"));
        }
        tab.until(
            "the corpus fills the picker",
            "document.readyState === 'complete' && document.querySelectorAll('#scenario-picker option').length > 1",
        )
        .await?;
        Ok(tab)
    }

    async fn call(&self, method: &str, params: Value) -> Result<Value, String> {
        self.cdp.call(Some(&self.session), method, params).await
    }

    /// The value of `expression` in the page (awaited when a promise).
    pub async fn eval(&self, expression: &str) -> Result<Value, String> {
        let answer = self
            .call(
                "Runtime.evaluate",
                json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
            )
            .await?;
        if let Some(e) = answer.get("exceptionDetails") {
            return Err(format!("{expression}: threw {e}"));
        }
        Ok(answer
            .pointer("/result/value")
            .cloned()
            .unwrap_or(Value::Null))
    }

    /// Waits until `condition` holds in the page.
    async fn until(&self, what: &str, condition: &str) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if self.eval(condition).await? == Value::Bool(true) {
                return Ok(());
            }
            if started.elapsed() > PATIENCE {
                return Err(format!("timed out waiting until {what}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the middle of the element `id` with the mouse.
    async fn click(&self, id: &str) -> Result<(), String> {
        let at = self
            .eval(&format!(
                "(() => {{ const e = document.getElementById({id:?}); e.scrollIntoView({{block: 'center'}}); \
                 const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
            ))
            .await?;
        let (x, y) = (at[0].as_f64().unwrap_or(0.0), at[1].as_f64().unwrap_or(0.0));
        for (kind, button) in [
            ("mouseMoved", "none"),
            ("mousePressed", "left"),
            ("mouseReleased", "left"),
        ] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": button, "clickCount": 1}),
            )
            .await?;
        }
        Ok(())
    }

    /// Types `text` into the element `id`, replacing what it holds, as
    /// keyboard input would (the page hears `input` events).
    async fn type_into(&self, id: &str, text: &str) -> Result<(), String> {
        self.click(id).await?;
        self.eval(&format!("document.getElementById({id:?}).select()"))
            .await?;
        self.call("Input.insertText", json!({"text": text})).await?;
        Ok(())
    }

    /// Filters the corpus by the scenario's name and picks it: the
    /// scenario's JSON must then fill the text area.
    pub async fn pick(&self, pick: Pick) -> Result<(), String> {
        self.type_into("scenario-filter", pick.name).await?;
        let chosen = self
            .eval(&format!(
                "(() => {{ const p = document.getElementById('scenario-picker'); \
                 const o = [...p.options].find(o => o.dataset.name === {name} && \
                   (o.dataset.file === {file} || o.dataset.file.endsWith('/' + {file}))); \
                 if (!o) return false; p.focus(); p.value = o.value; \
                 p.dispatchEvent(new Event('change', {{bubbles: true}})); \
                 return JSON.parse(document.getElementById('scenario-json').value).name === {name}; }})()",
                name = json!(pick.name),
                file = json!(pick.file),
            ))
            .await?;
        if chosen != Value::Bool(true) {
            return Err(format!(
                "the picker does not offer {}: {}",
                pick.file, pick.name
            ));
        }
        Ok(())
    }

    /// Puts `text` in the scenario's text area, as typed.
    pub async fn write(&self, text: &str) -> Result<(), String> {
        self.type_into("scenario-json", text).await
    }

    /// Clicks Evaluate and waits for the answer to be shown.
    pub async fn evaluate(&self) -> Result<Shown, String> {
        let before = self
            .eval("document.getElementById('result').dataset.seq")
            .await?;
        self.click("evaluate").await?;
        self.until(
            "the answer is shown",
            &format!(
                "(() => {{ const r = document.getElementById('result'); \
                 return r.dataset.seq !== {before} && (r.dataset.state === 'done' || r.dataset.state === 'error'); }})()"
            ),
        )
        .await?;
        // Images decode after they are inserted.
        self.until(
            "the diagrams are decoded",
            "[...document.querySelectorAll('#diagram img')].every(i => i.complete)",
        )
        .await?;
        let shown = self
            .eval(
                "(() => { \
                 const error = document.getElementById('error'); \
                 return { \
                   fields: Object.fromEntries([...document.querySelectorAll('#verdict [data-field]')] \
                     .map(e => [e.dataset.field, e.textContent])), \
                   diagrams: [...document.querySelectorAll('#diagram img')] \
                     .map(i => i.src.startsWith('data:image/svg+xml') && i.naturalWidth > 0 \
                       && i.alt.startsWith('Sequence diagram: ')), \
                   explanation: document.getElementById('explanation').textContent, \
                   fix: document.getElementById('fix').textContent, \
                   error: error.hidden ? null : error.innerText.replace(/\\n+/g, ' / ') }; })()",
            )
            .await?;
        Ok(Shown {
            fields: shown["fields"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                        .collect()
                })
                .unwrap_or_default(),
            diagrams: shown["diagrams"]
                .as_array()
                .map(|a| a.iter().map(|d| d.as_bool() == Some(true)).collect())
                .unwrap_or_default(),
            explanation: shown["explanation"].as_str().unwrap_or_default().to_owned(),
            fix: shown["fix"].as_str().unwrap_or_default().to_owned(),
            error: shown["error"].as_str().map(str::to_owned),
        })
    }

    /// The line of the text area the selection starts on, and whether the
    /// text area is marked invalid.
    pub async fn marked_line(&self) -> Result<(u64, bool), String> {
        let v = self
            .eval(
                "(() => { const t = document.getElementById('scenario-json'); \
                 return [t.value.slice(0, t.selectionStart).split('\\n').length, \
                         t.getAttribute('aria-invalid') === 'true']; })()",
            )
            .await?;
        Ok((v[0].as_u64().unwrap_or(0), v[1].as_bool() == Some(true)))
    }

    /// The top of the page as a PNG (base64, as DevTools sends it).
    pub async fn screenshot(&self) -> Result<String, String> {
        self.eval("window.scrollTo(0, 0)").await?;
        let shot = self
            .call("Page.captureScreenshot", json!({"format": "png"}))
            .await?;
        shot["data"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| "DevTools sent no screenshot".to_owned())
    }

    /// Everything the tab reported so far.
    pub fn events(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        while let Ok(e) = self.events.try_recv() {
            out.push(e);
        }
        out
    }
}
