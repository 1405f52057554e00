//! `--record-har DIR`: each replayed fetch or embed scenario's network
//! traffic, as Chromium's DevTools would export it, written to
//! `DIR/<file>--<scenario>.har`. The page session's events are copied as
//! they pass on to the replay ([`tap`]); once the scenario has run, the
//! bodies that finished loading are asked for while the page still
//! exists, and the log is written ([`finish`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::mpsc::{self, UnboundedReceiver};

use crate::cdp::{Cdp, Event};
use crate::har_hops::assemble;
use crate::har_log::har;

/// How long after the scenario settles DevTools' last events (a late
/// `loadingFinished`, an extra info) are waited for.
const SETTLE: Duration = Duration::from_millis(300);

/// Where and how a run records.
#[derive(Debug)]
pub struct Recorder {
    /// The folder the files go to.
    pub dir: PathBuf,
    /// `creator.version`: the AppleWebKit version of the user agent.
    pub creator: String,
    /// Files written so far.
    pub written: AtomicUsize,
}

/// One scenario's recording: where its file goes, and the run's recorder.
#[derive(Debug)]
pub struct Target<'a> {
    /// `DIR/<slug>.har`.
    pub path: PathBuf,
    /// The run's recorder.
    pub recorder: &'a Recorder,
}

impl Recorder {
    /// The target of the scenario `name` of fixture file `file`.
    pub fn target(&self, file: &Path, name: &str) -> Target<'_> {
        Target {
            path: self.dir.join(format!("{}.har", slug(file, name))),
            recorder: self,
        }
    }
}

/// The file's stem and the scenario's name in lower-case letters and
/// digits, words joined by `-`, the two by `--`.
pub fn slug(file: &Path, name: &str) -> String {
    let words = |s: &str| {
        s.to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{}--{}", words(&stem), words(name))
}

/// The events of a session, copied as they pass.
#[derive(Clone, Debug, Default)]
pub struct Tap {
    events: Arc<Mutex<Vec<Event>>>,
}

impl Tap {
    fn snapshot(&self) -> Vec<Event> {
        self.events
            .lock()
            .map(|e| e.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }
}

/// Puts a tap on `events`: the returned receiver gets every event, in
/// order, and the tap keeps a copy.
pub fn tap(mut events: UnboundedReceiver<Event>) -> (UnboundedReceiver<Event>, Tap) {
    let (tx, rx) = mpsc::unbounded_channel();
    let tap = Tap::default();
    let log = tap.events.clone();
    tokio::spawn(async move {
        while let Some(e) = events.recv().await {
            if let Ok(mut log) = log.lock() {
                log.push(e.clone());
            }
            // The replay may stop listening first; the copy goes on.
            let _ = tx.send(e);
        }
    });
    (rx, tap)
}

/// Writes the HAR of what `tap` saw on `session`. A file that cannot be
/// recorded is said on standard error; the scenario's check goes on.
pub async fn finish(cdp: &Cdp, session: &str, tap: &Tap, target: &Target<'_>) {
    match record(cdp, session, tap, target).await {
        Ok(()) => {
            target.recorder.written.fetch_add(1, Ordering::Relaxed);
        }
        Err(e) => eprintln!("warning: no HAR for {}: {e}", target.path.display()),
    }
}

async fn record(cdp: &Cdp, session: &str, tap: &Tap, target: &Target<'_>) -> Result<(), String> {
    tokio::time::sleep(SETTLE).await;
    let (mut hops, page) = assemble(&tap.snapshot());
    for hop in hops.iter_mut().filter(|h| h.finished && !h.redirected) {
        // DevTools' export with content: what the network kept of the
        // body (nothing for a response that was blocked or failed).
        if let Ok(b) = cdp
            .call(
                Some(session),
                "Network.getResponseBody",
                json!({"requestId": hop.request_id}),
            )
            .await
        {
            let body = b.get("body").and_then(Value::as_str).unwrap_or("");
            let base64 = b
                .get("base64Encoded")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            hop.body = Some((body.to_owned(), base64));
        }
    }
    let log = har(&hops, &page, &target.recorder.creator);
    let text = serde_json::to_string_pretty(&log).map_err(|e| e.to_string())?;
    std::fs::write(&target.path, text + "\n").map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_and_scenario() {
        assert_eq!(
            slug(
                Path::new("fixtures/preflight.json"),
                "PUT allowed but its header is not"
            ),
            "preflight--put-allowed-but-its-header-is-not"
        );
        assert_eq!(
            slug(
                Path::new("embeds-orb.json"),
                "JSON sent to a cross-site img (ORB)"
            ),
            "embeds-orb--json-sent-to-a-cross-site-img-orb"
        );
    }
}
