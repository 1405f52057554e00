//! A client for the Chrome DevTools Protocol over its WebSocket: commands
//! with ids and their answers, and events routed by session (targets are
//! attached with `flatten: true`, so every session shares the one socket).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

/// The key of the browser's own events (`Target.targetCreated`, ...), which
/// come without a session: [`Cdp::subscribe`] to it to receive them.
pub const BROWSER: &str = "";

/// An event: its method and parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// `Network.loadingFailed`, `Log.entryAdded`, ...
    pub method: String,
    /// The event's parameters.
    pub params: Value,
}

type Pending = HashMap<u64, oneshot::Sender<Result<Value, String>>>;

#[derive(Default)]
struct Routes {
    pending: Pending,
    sessions: HashMap<String, mpsc::UnboundedSender<Event>>,
    closed: Option<String>,
}

/// A connection to the browser's DevTools endpoint.
pub struct Cdp {
    out: mpsc::UnboundedSender<Message>,
    routes: Arc<Mutex<Routes>>,
    next_id: AtomicU64,
}

fn lock(routes: &Mutex<Routes>) -> MutexGuard<'_, Routes> {
    routes.lock().unwrap_or_else(|e| e.into_inner())
}

impl Cdp {
    /// Connects to `ws_url` (from Chromium's `DevTools listening on` line).
    pub async fn connect(ws_url: &str) -> Result<Cdp, String> {
        let (socket, _) = tokio_tungstenite::connect_async(ws_url)
            .await
            .map_err(|e| format!("cannot connect to DevTools at {ws_url}: {e}"))?;
        let (mut sink, mut stream) = socket.split();
        let (out, mut outgoing) = mpsc::unbounded_channel::<Message>();
        let routes = Arc::new(Mutex::new(Routes::default()));
        tokio::spawn(async move {
            while let Some(m) = outgoing.recv().await {
                if sink.send(m).await.is_err() {
                    break;
                }
            }
        });
        let reader_routes = routes.clone();
        tokio::spawn(async move {
            let why = loop {
                match stream.next().await {
                    Some(Ok(Message::Text(text))) => dispatch(&reader_routes, text.as_str()),
                    Some(Ok(Message::Close(_))) | None => {
                        break "DevTools closed the connection".to_owned();
                    }
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break format!("DevTools connection failed: {e}"),
                }
            };
            let mut r = lock(&reader_routes);
            for (_, tx) in r.pending.drain() {
                let _ = tx.send(Err(why.clone()));
            }
            r.sessions.clear();
            r.closed = Some(why);
        });
        Ok(Cdp {
            out,
            routes,
            next_id: AtomicU64::new(1),
        })
    }

    /// Sends a command (to the browser, or to an attached session) and
    /// waits up to `timeout` for its result.
    pub async fn call_with_timeout(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value, String> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            message["sessionId"] = Value::String(s.to_owned());
        }
        let (tx, rx) = oneshot::channel();
        {
            let mut r = lock(&self.routes);
            if let Some(why) = &r.closed {
                return Err(why.clone());
            }
            r.pending.insert(id, tx);
        }
        self.out
            .send(Message::text(message.to_string()))
            .map_err(|_| "DevTools connection is gone".to_owned())?;
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(result)) => result.map_err(|e| format!("{method}: {e}")),
            Ok(Err(_)) => Err(format!("{method}: DevTools connection is gone")),
            Err(_) => {
                lock(&self.routes).pending.remove(&id);
                Err(format!(
                    "{method}: no answer in {} s",
                    timeout.as_secs_f64()
                ))
            }
        }
    }

    /// [`Cdp::call_with_timeout`] with 20 seconds.
    pub async fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        self.call_with_timeout(session, method, params, Duration::from_secs(20))
            .await
    }

    /// The events of `session` from now on.
    pub fn subscribe(&self, session: &str) -> mpsc::UnboundedReceiver<Event> {
        let (tx, rx) = mpsc::unbounded_channel();
        lock(&self.routes).sessions.insert(session.to_owned(), tx);
        rx
    }

    /// Stops routing `session`'s events.
    pub fn unsubscribe(&self, session: &str) {
        lock(&self.routes).sessions.remove(session);
    }
}

/// Hands one message from the browser to whoever waits for it.
fn dispatch(routes: &Mutex<Routes>, text: &str) {
    let Ok(message) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let mut r = lock(routes);
    if let Some(id) = message.get("id").and_then(Value::as_u64) {
        if let Some(tx) = r.pending.remove(&id) {
            let result = match message.get("error") {
                Some(e) => Err(e
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("error")
                    .to_owned()
                    + &e.get("data")
                        .and_then(Value::as_str)
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default()),
                None => Ok(message.get("result").cloned().unwrap_or(Value::Null)),
            };
            let _ = tx.send(result);
        }
        return;
    }
    let Some(method) = message.get("method").and_then(Value::as_str) else {
        return;
    };
    // The browser's own events (no session) go to the subscription of "".
    let session = message
        .get("sessionId")
        .and_then(Value::as_str)
        .unwrap_or(BROWSER);
    if let Some(tx) = r.sessions.get(session) {
        let _ = tx.send(Event {
            method: method.to_owned(),
            params: message.get("params").cloned().unwrap_or(Value::Null),
        });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn dispatches_results_errors_and_session_events() {
        let routes = Mutex::new(Routes::default());
        let (tx1, mut rx1) = oneshot::channel();
        let (tx2, mut rx2) = oneshot::channel();
        let (etx, mut erx) = mpsc::unbounded_channel();
        let (btx, mut brx) = mpsc::unbounded_channel();
        {
            let mut r = lock(&routes);
            r.sessions.insert(BROWSER.to_owned(), btx);
            r.pending.insert(1, tx1);
            r.pending.insert(2, tx2);
            r.sessions.insert("S".to_owned(), etx);
        }
        dispatch(&routes, r#"{"id": 1, "result": {"ok": true}}"#);
        dispatch(
            &routes,
            r#"{"id": 2, "error": {"code": -32000, "message": "No target", "data": "x"}}"#,
        );
        dispatch(
            &routes,
            r#"{"method": "Log.entryAdded", "sessionId": "S", "params": {"entry": {"text": "t"}}}"#,
        );
        dispatch(
            &routes,
            r#"{"method": "Target.targetCreated", "params": {}}"#,
        );
        dispatch(&routes, "not json");
        assert_eq!(rx1.try_recv().unwrap(), Ok(json!({"ok": true})));
        assert_eq!(rx2.try_recv().unwrap(), Err("No target (x)".to_owned()));
        let e = erx.try_recv().unwrap();
        assert_eq!(e.method, "Log.entryAdded");
        assert!(erx.try_recv().is_err());
        // The browser's own event reached the browser's subscription only.
        assert_eq!(brx.try_recv().unwrap().method, "Target.targetCreated");
        assert!(brx.try_recv().is_err());
    }
}
