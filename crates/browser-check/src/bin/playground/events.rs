//! What the tab reported that the check holds against the page: requests
//! to any host but the playground's server (it must work offline), and
//! script errors or console errors (a blocked asset, a policy violation).

use serde_json::Value;
use sop_browser_check::cdp::Event;

/// The URLs the page requested, and the problems among the events.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// Every URL the page asked for.
    pub requested: Vec<String>,
    /// What went wrong, one line each.
    pub problems: Vec<String>,
}

/// Reads `events` of a page served at `base` (`http://127.0.0.1:PORT/`).
pub fn findings(events: &[Event], base: &str) -> Findings {
    let mut out = Findings::default();
    for e in events {
        match e.method.as_str() {
            "Network.requestWillBeSent" => {
                let url = e.params["request"]["url"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                // The diagrams are data: URLs; nothing needs the network.
                if !(url.starts_with(base) || url.starts_with("data:")) {
                    out.problems
                        .push(format!("the page requested {url}, not from the playground"));
                }
                out.requested.push(url);
            }
            "Runtime.exceptionThrown" => {
                let details = &e.params["exceptionDetails"];
                let words = details["exception"]["description"]
                    .as_str()
                    .or_else(|| details["text"].as_str())
                    .unwrap_or("an exception");
                out.problems
                    .push(format!("the page's script threw: {words}"));
            }
            "Log.entryAdded" => {
                let entry = &e.params["entry"];
                if entry["level"] != "error" || refused_scenario(entry) {
                    continue;
                }
                out.problems.push(format!(
                    "console error: {}",
                    entry["text"].as_str().unwrap_or_default()
                ));
            }
            _ => {}
        }
    }
    out
}

/// The console line Chromium prints for any 4xx answer: the check posts a
/// scenario with a mistake on purpose, and the 422 is the right answer.
fn refused_scenario(entry: &Value) -> bool {
    entry["source"] == "network"
        && entry["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/api/evaluate"))
        && entry["text"].as_str().is_some_and(|t| t.contains("422"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event(method: &str, params: Value) -> Event {
        Event {
            method: method.to_owned(),
            params,
        }
    }

    #[test]
    fn only_the_playground_and_data_urls_are_allowed() {
        let base = "http://127.0.0.1:4100/";
        let events = [
            event(
                "Network.requestWillBeSent",
                json!({"request": {"url": "http://127.0.0.1:4100/api/corpus"}}),
            ),
            event(
                "Network.requestWillBeSent",
                json!({"request": {"url": "data:image/svg+xml,x"}}),
            ),
            event(
                "Network.requestWillBeSent",
                json!({"request": {"url": "https://fonts.example/a.woff2"}}),
            ),
            event(
                "Network.requestWillBeSent",
                json!({"request": {"url": "http://127.0.0.1:4101/"}}),
            ),
        ];
        let f = findings(&events, base);
        assert_eq!(f.requested.len(), 4);
        assert_eq!(
            f.problems,
            [
                "the page requested https://fonts.example/a.woff2, not from the playground",
                "the page requested http://127.0.0.1:4101/, not from the playground"
            ]
        );
    }

    #[test]
    fn errors_count_but_a_refused_scenario_does_not() {
        let events = [
            event(
                "Log.entryAdded",
                json!({"entry": {"level": "error", "source": "network",
                "url": "http://127.0.0.1:4100/api/evaluate",
                "text": "Failed to load resource: the server responded with a status of 422 (Unprocessable Content)"}}),
            ),
            event(
                "Log.entryAdded",
                json!({"entry": {"level": "error", "source": "security",
                "text": "Refused to load the stylesheet"}}),
            ),
            event(
                "Log.entryAdded",
                json!({"entry": {"level": "info", "text": "hello"}}),
            ),
            event(
                "Runtime.exceptionThrown",
                json!({"exceptionDetails": {"text": "Uncaught",
                "exception": {"description": "TypeError: x is undefined"}}}),
            ),
        ];
        assert_eq!(
            findings(&events, "http://127.0.0.1:4100/").problems,
            [
                "console error: Refused to load the stylesheet",
                "the page's script threw: TypeError: x is undefined"
            ]
        );
    }
}
