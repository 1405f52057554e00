//! Window scenarios in Chromium: the script the other document is served
//! with (its `document.domain`, a `message` listener that acknowledges, a
//! hello to the window that made it), the page's access script, and what
//! Chromium did in the contract's terms ([`WindowObservation`]).
//!
//! The contract's `reason` is not something Chromium says; it is inferred
//! from what it did: a `SecurityError` naming a cross-origin frame is
//! `cross-origin-access`, a `TypeError` on a null handle `opener-severed`,
//! a `postMessage` that was not delivered while the console says the
//! target origin did not match `target-origin-mismatch` (and that console
//! line is its `message`).

use serde_json::{Map, Value, json};
use sop_html::windows::Relation;
use sop_verdict::window::{WindowBody, WindowObservation};

/// The marker the injected script's messages carry.
pub const ACK: &str = "__sopBrowserCheckAck";
/// The marker of the injected script's first message to the window that
/// made its document (the page, for an iframe or popup).
pub const HELLO: &str = "__sopBrowserCheckHello";

/// The first word of the console lines with the page's results so far.
pub const PARTIAL: &str = "__sopBrowserCheckPartial";

/// How long the page waits for its iframe's `load`, or its popup's hello,
/// in milliseconds.
pub const LOAD_WAIT_MS: u64 = 5000;
/// How long the page waits for a `postMessage`'s acknowledgement.
pub const ACK_WAIT_MS: u64 = 500;
/// How long the page waits after navigating or closing the other window
/// (less when the new document says hello first).
pub const NAVIGATION_WAIT_MS: u64 = 800;

/// The script the browser check adds before an HTML document the other
/// side is served with (and before an iframe's `srcdoc`): it assigns
/// `document.domain` when `document_domain.other` says so, then listens
/// for messages and answers each (but its own) to its sender with
/// `event.origin` and its own origin, and says hello to its parent or
/// opener. None of it changes what the policy decides: the answers go to
/// `"*"`, and a refused assignment is caught.
pub fn injected_script(domain: Option<&str>) -> String {
    format!("<script>{}</script>", injected_js(domain))
}

/// The injected script's source (see [`injected_script`]).
pub fn injected_js(domain: Option<&str>) -> String {
    // As JSON, with `<` escaped so no value can end the script element.
    let domain = json!(domain).to_string().replace('<', "\\u003c");
    format!(
        "(() => {{\n\
  const domain = {domain};\n\
  let dd = null;\n\
  if (domain !== null) {{\n\
    try {{ document.domain = domain; dd = {{allowed: true}}; }}\n\
    catch (e) {{ dd = {{allowed: false, error: e.name, message: e.message}}; }}\n\
    dd.value = document.domain; dd.keyed = self.originAgentCluster === true;\n\
  }}\n\
  const mine = (d) => d !== null && typeof d === 'object' && (d.{ACK} === true || d.{HELLO} === true);\n\
  addEventListener('message', (e) => {{\n\
    if (mine(e.data)) return;\n\
    try {{ e.source.postMessage({{{ACK}: true, origin: e.origin, self: self.origin, domain: document.domain, dd}}, '*'); }} catch (x) {{}}\n\
  }});\n\
  let maker = null;\n\
  try {{ maker = window.opener || (window.parent !== window ? window.parent : null); }} catch (x) {{}}\n\
  if (maker) {{ try {{ maker.postMessage({{{HELLO}: true, self: self.origin, domain: document.domain, dd}}, '*'); }} catch (x) {{}} }}\n\
}})();"
    )
}

/// The page's script, a function of [`spec`]: assigns `document.domain`,
/// obtains the handle (creating the iframe or popup), waits for it, then
/// performs each operation in order inside try/catch. It never throws; it
/// resolves to `{handle, domain, results, page_origin, other_origin}`.
const SCRIPT: &str = r#"async (spec) => {
  const said = [], acks = [];
  const mine = (d) => d !== null && typeof d === 'object';
  addEventListener('message', (e) => {
    if (!mine(e.data)) return;
    if (e.data[spec.ack] === true) { acks.push(e.data); said.push(e.data); }
    else if (e.data[spec.hello] === true) said.push(e.data);
  });
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  const until = async (done, ms) => {
    const end = Date.now() + ms;
    while (!done() && Date.now() < end) await pause(20);
    return done();
  };
  // A blank document loads nothing the servers could add the listener to:
  // it gets it by hand where the page may reach it (same origin only).
  const listen = (win) => {
    try {
      const d = win.document, s = d.createElement('script');
      s.textContent = spec.listener;
      (d.body || d.documentElement).append(s);
    } catch (e) {}
  };
  const blank = spec.srcdoc === null && (spec.url === null || spec.url === 'about:blank');
  const out = {handle: null, closedAtStart: null, domain: null, results: [], page_origin: null, other_origin: null};
  if (spec.domain !== null) {
    try { document.domain = spec.domain; out.domain = {allowed: true}; }
    catch (e) { out.domain = {allowed: false, error: e.name, message: e.message}; }
    out.domain.value = document.domain;
    out.domain.keyed = self.originAgentCluster === true;
  }
  let w = null;
  if (spec.as === 'iframe') {
    const f = document.createElement('iframe');
    if (spec.sandbox !== null) f.setAttribute('sandbox', spec.sandbox);
    if (spec.srcdoc !== null) f.srcdoc = spec.srcdoc;
    else if (spec.url !== null) f.src = spec.url;
    const loaded = new Promise((r) => { f.addEventListener('load', r, {once: true}); setTimeout(r, spec.wait); });
    document.body.append(f);
    await loaded;
    w = f.contentWindow;
    if (blank) listen(w);
    await until(() => said.length > 0, 200);
  } else if (spec.as === 'popup') {
    w = window.open(spec.url, '_blank', spec.noopener ? 'noopener' : '');
    if (w !== null && spec.url === 'about:blank') { await pause(200); listen(w); }
    else if (w !== null) await until(() => said.length > 0, spec.wait);
    await pause(100);
  } else if (spec.as === 'parent') {
    w = window.parent;
  } else if (spec.as === 'opener') {
    w = window.opener;
  }
  out.handle = w === null ? 'null' : w === undefined ? 'undefined' : 'live';
  // A handle that reads closed before anything was done to it was
  // severed (COOP); reading `closed` is allowed across origins.
  if (w) { try { out.closedAtStart = w.closed === true; } catch (e) {} }
  console.debug(spec.partial, JSON.stringify({results: [], page_origin: self.origin}));
  for (const op of spec.access) {
    const r = {};
    const path = op.path.split('.');
    const last = path[path.length - 1];
    const messaging = op.op === 'call' && last === 'postMessage';
    const before = acks.length, hellos = said.length;
    try {
      let obj = w;
      for (const k of path.slice(0, -1)) obj = obj[k];
      if (op.op === 'get') {
        const v = obj[last];
        if (v === null || typeof v === 'string' || typeof v === 'boolean'
            || (typeof v === 'number' && Number.isFinite(v))) r.value = v;
      } else if (op.op === 'set') {
        obj[last] = op.value;
      } else {
        obj[last](...op.args);
      }
      r.allowed = true;
    } catch (e) {
      r.allowed = false;
      r.error = e && e.name ? e.name : String(e);
      r.message = e && typeof e.message === 'string' ? e.message : String(e);
    }
    if (messaging) {
      r.delivered = r.allowed && await until(() => acks.length > before, spec.ackWait);
      if (r.delivered) r.event_origin = acks[before].origin;
    } else if (r.allowed && op.op !== 'get' && (path[0] === 'location' || last === 'close')) {
      // A navigation or a close takes effect later: wait for the new
      // document's hello, or a while.
      if (!(await until(() => said.length > hellos, spec.navigationWait))) await pause(0);
      else await pause(100);
    }
    out.results.push(r);
    // What is done so far, should the next operation take the page away
    // (navigating its parent navigates it too).
    console.debug(spec.partial, JSON.stringify({results: out.results, page_origin: self.origin}));
  }
  out.page_origin = self.origin;
  out.page_domain = document.domain;
  const told = said.filter((d) => typeof d.self === 'string').pop();
  if (told) { out.other_origin = told.self; out.other_domain = told.domain; out.other_dd = told.dd; }
  else { try { out.other_origin = w.origin; } catch (e) {} }
  return out;
}"#;

/// A document.domain assignment as the contract's result: refused when it
/// threw, ignored when it did not and the agent cluster is origin-keyed.
fn domain_result(d: &Value) -> Option<Value> {
    let o = d.as_object()?;
    let allowed = o.get("allowed").and_then(Value::as_bool)?;
    let mut r = Map::new();
    r.insert("allowed".to_owned(), json!(allowed));
    for k in ["error", "message", "value"] {
        if let Some(v) = o.get(k) {
            r.insert(k.to_owned(), v.clone());
        }
    }
    let keyed = o.get("keyed") == Some(&Value::Bool(true));
    let reason = match (allowed, keyed) {
        (false, _) => Some("document-domain-refused"),
        (true, true) => Some("document-domain-ignored"),
        (true, false) => None,
    };
    if let Some(reason) = reason {
        r.insert("reason".to_owned(), json!(reason));
    }
    Some(Value::Object(r))
}

/// Every byte but ASCII letters and digits as `%XX`.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The other document's URL as the page uses it: a `data:text/html,` URL
/// (not base64) gets the injected script at its end, as an HTML document
/// served by the servers does at its start (a `data:` document's origin is
/// opaque whatever it holds).
pub fn other_url(url: &str, domain_other: Option<&str>) -> String {
    let is_html_data = url
        .get(..15)
        .is_some_and(|p| p.eq_ignore_ascii_case("data:text/html,"));
    if is_html_data {
        format!("{url}{}", percent_encode(&injected_script(domain_other)))
    } else {
        url.to_owned()
    }
}

/// The description of the page's part the script takes.
pub fn spec(body: &WindowBody, domain_other: Option<&str>) -> Value {
    let other = &body.other;
    let access: Vec<Value> = body
        .access
        .iter()
        .map(|a| {
            let (op, path) = a.op().unwrap_or(("get", ""));
            json!({"op": op, "path": path, "value": a.value, "args": a.args})
        })
        .collect();
    json!({
        "as": other.relation.name(),
        "url": other.url.as_deref().map(|u| other_url(u, domain_other)),
        "srcdoc": other.srcdoc.as_ref().map(|s| format!("{}{s}", injected_script(domain_other))),
        "sandbox": other.sandbox,
        "noopener": other.noopener,
        "domain": body.document_domain.as_ref().and_then(|d| d.page.clone()),
        "access": access,
        "ack": ACK,
        "hello": HELLO,
        "wait": LOAD_WAIT_MS,
        "ackWait": ACK_WAIT_MS,
        "navigationWait": NAVIGATION_WAIT_MS,
        "partial": PARTIAL,
        "listener": injected_js(domain_other),
    })
}

/// The expression for `Runtime.evaluate` (with `awaitPromise`, and no user
/// gesture: one would change what Chromium does).
pub fn expression(body: &WindowBody) -> String {
    let domain = body
        .document_domain
        .as_ref()
        .and_then(|d| d.other.as_deref());
    format!("({SCRIPT})({})", spec(body, domain))
}

/// Whether the page is the top-level document the browser check opens
/// (iframe, popup), or the other is (parent, opener).
pub fn page_is_top(relation: Relation) -> bool {
    matches!(relation, Relation::Iframe | Relation::Popup)
}

/// The console line Chromium prints when a `postMessage` is dropped
/// because `target` is not the receiver's origin.
fn mismatch_line<'a>(console: &'a [String], target: &str) -> Option<&'a String> {
    console.iter().find(|l| {
        l.contains("does not match the recipient window's origin")
            && l.contains(&format!("provided ('{target}')"))
    })
}

/// Whether `postMessage`'s target origin names another origin than the
/// receiver's (as observed): `"*"` never does, `"/"` is the sender's.
fn mismatched(target: &str, page: Option<&str>, receiver: Option<&str>) -> bool {
    let Some(receiver) = receiver else {
        return false;
    };
    let target = match target {
        "*" => return false,
        "/" => page.map(str::to_owned),
        t => sop_origin::Origin::of_url_str(t)
            .ok()
            .map(|o| o.ascii_serialization()),
    };
    target.is_some_and(|t| t != receiver)
}

/// What Chromium did, from the page script's result and the console lines
/// of every document of the scenario.
pub fn observe_window(body: &WindowBody, result: &Value, console: &[String]) -> WindowObservation {
    let handle_null = result.get("handle").and_then(Value::as_str) != Some("live");
    let results = result
        .get("results")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut out = WindowObservation::default();
    out.page_origin = result
        .get("page_origin")
        .and_then(Value::as_str)
        .map(str::to_owned);
    out.other_origin = result
        .get("other_origin")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let severed = result.get("closedAtStart") == Some(&Value::Bool(true));
    // document.domain: what each document's assignment did and what it
    // reads afterwards (the other document tells in its messages).
    let text = |k: &str| result.get(k).and_then(Value::as_str).map(str::to_owned);
    if let (Some(p), Some(o)) = (text("page_domain"), text("other_domain")) {
        out.domains = Some((p, o));
    }
    out.domain_results = [
        result.get("domain").and_then(domain_result),
        result.get("other_dd").and_then(domain_result),
    ];
    let page_origin = out.page_origin.clone();
    let other_origin = out.other_origin.clone();
    for (i, r) in results.iter().enumerate() {
        let mut o: Map<String, Value> = r.as_object().cloned().unwrap_or_default();
        let access = body.access.get(i);
        let path = access.and_then(|a| a.op()).map(|(_, p)| p).unwrap_or("");
        let allowed = o.get("allowed").and_then(Value::as_bool).unwrap_or(false);
        let error = o.get("error").and_then(Value::as_str).unwrap_or("");
        let message = o.get("message").and_then(Value::as_str).unwrap_or("");
        let refused_access = error == "SecurityError"
            && (message.contains("cross-origin frame") || message.contains("security policy"));
        let closed_read = path == "closed" && o.get("value") == Some(&Value::Bool(true));
        let reason = if !allowed && message.contains("security policy") {
            // A severed handle refuses: there is no document behind it.
            Some("opener-severed")
        } else if !allowed && refused_access {
            Some("cross-origin-access")
        } else if allowed && severed && closed_read {
            // What a severed handle says of itself.
            Some("opener-severed")
        } else if !allowed && error == "TypeError" && handle_null {
            Some("opener-severed")
        } else {
            None
        };
        if let Some(reason) = reason {
            o.insert("reason".to_owned(), json!(reason));
        }
        let undelivered = o.get("delivered") == Some(&Value::Bool(false));
        if allowed && undelivered && path.ends_with("postMessage") {
            // postMessage(message) means targetOrigin "/".
            let target = match access.and_then(|a| a.args.get(1)) {
                None => "/",
                Some(t) => t.as_str().unwrap_or(""),
            };
            if severed {
                o.insert("reason".to_owned(), json!("opener-severed"));
            } else if mismatched(target, page_origin.as_deref(), other_origin.as_deref()) {
                o.insert("reason".to_owned(), json!("target-origin-mismatch"));
                if let Some(line) = mismatch_line(console, target) {
                    o.insert("message".to_owned(), json!(line));
                }
            }
        }
        out.results.push(Value::Object(o));
    }
    out
}

/// The page's results so far, from the last of its partial console lines
/// (`consoleAPICalled` arguments: the marker, then the JSON), for when an
/// operation took the page away before its script could answer: the
/// operation in flight, when the page was taken away (its parent
/// navigated), is taken as done: `{allowed: true}`.
pub fn partial_result(lines: &[Vec<Value>], operations: usize, taken_away: bool) -> Option<Value> {
    let last = lines
        .iter()
        .rfind(|args| args.first().and_then(Value::as_str) == Some(PARTIAL))?;
    let mut v: Value = serde_json::from_str(last.get(1)?.as_str()?).ok()?;
    let results = v.get_mut("results")?.as_array_mut()?;
    if taken_away && results.len() < operations {
        results.push(json!({"allowed": true}));
    }
    v["handle"] = json!("live");
    Some(v)
}

/// Whether a console line is the page's partial results (not Chromium's).
pub fn is_partial_line(line: &str) -> bool {
    line.starts_with(PARTIAL)
}

/// The lines worth showing about a window run (for the report).
pub fn evidence(result: &Value, console: &[String]) -> Vec<String> {
    let mut out = vec![format!(
        "page: handle {}, document.domain {}",
        result.get("handle").unwrap_or(&Value::Null),
        result.get("domain").unwrap_or(&Value::Null)
    )];
    if let Some(rs) = result.get("results").and_then(Value::as_array) {
        out.extend(
            rs.iter()
                .enumerate()
                .map(|(i, r)| format!("results[{i}]: {r}")),
        );
    }
    out.extend(console.iter().map(|l| format!("console: {l}")));
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::corpus::tests::scenario;
    use sop_verdict::fixture::Body;

    fn body(text: &str) -> WindowBody {
        match scenario(text).body {
            Body::Window(b) => *b,
            _ => unreachable!("a window scenario"),
        }
    }

    const FRAME: &str = r#"{"kind": "window", "name": "x", "page": "https://app.example/",
        "other": {"url": "https://pay.example/w", "as": "iframe", "sandbox": "allow-scripts"},
        "document_domain": {"page": "app.example", "other": "pay.example"},
        "access": [{"get": "document.title"}, {"set": "location.href", "value": "/x"},
                   {"call": "postMessage", "args": ["hi", "https://evil.example"]},
                   {"call": "postMessage", "args": ["hi", "*"]}]}"#;

    #[test]
    fn the_spec_says_what_the_scenario_says() {
        let b = body(FRAME);
        let s = spec(&b, Some("pay.example"));
        assert_eq!(s["as"], "iframe");
        assert_eq!(s["url"], "https://pay.example/w");
        assert_eq!(s["sandbox"], "allow-scripts");
        assert_eq!(s["srcdoc"], Value::Null);
        assert_eq!(s["domain"], "app.example");
        assert_eq!(
            s["access"][0],
            json!({"op": "get", "path": "document.title", "value": null, "args": []})
        );
        assert_eq!(s["access"][1]["value"], "/x");
        assert_eq!(
            s["access"][2]["args"],
            json!(["hi", "https://evil.example"])
        );
        assert!(expression(&b).ends_with(&format!("({s})")));
        assert!(page_is_top(Relation::Popup));
        assert!(!page_is_top(Relation::Opener));
    }

    #[test]
    fn html_data_urls_get_the_injected_script_last() {
        let u = other_url("data:text/html,<title>D</title>", None);
        assert!(u.starts_with("data:text/html,<title>D</title>%3Cscript%3E"));
        assert!(u.ends_with("%3C%2Fscript%3E"));
        assert!(!u[15..].contains(' '));
        for kept in [
            "data:text/html;base64,PHA+",
            "data:text/plain,x",
            "https://a.example/",
            "about:blank",
        ] {
            assert_eq!(other_url(kept, Some("a.example")), kept);
        }
    }

    #[test]
    fn srcdoc_gets_the_injected_script_first() {
        let b = body(
            r#"{"kind": "window", "name": "x", "page": "https://app.example/",
                "other": {"srcdoc": "<title>S</title>", "as": "iframe"}, "access": []}"#,
        );
        let s = spec(&b, None);
        let doc = s["srcdoc"].as_str().unwrap();
        assert!(doc.starts_with("<script>"));
        assert!(doc.ends_with("</script><title>S</title>"));
        assert!(doc.contains("const domain = null;"));
    }

    #[test]
    fn the_injected_script_assigns_the_domain_as_json() {
        let s = injected_script(Some("a.example\"</script>"));
        assert!(s.contains(r#"const domain = "a.example\"\u003c/script>";"#));
        assert!(s.contains(ACK) && s.contains(HELLO));
        assert!(injected_script(None).contains("const domain = null;"));
    }

    #[test]
    fn reasons_are_inferred_from_what_chromium_did() {
        let b = body(FRAME);
        let result = json!({"handle": "live", "page_origin": "https://app.example",
            "other_origin": "https://pay.example", "results": [
              {"allowed": false, "error": "SecurityError",
               "message": "Failed to read a named property 'document' from 'Window': Blocked a frame with origin \"https://app.example\" from accessing a cross-origin frame."},
              {"allowed": true},
              {"allowed": true, "delivered": false},
              {"allowed": true, "delivered": true, "event_origin": "https://app.example"}]});
        let line = "Failed to execute 'postMessage' on 'DOMWindow': The target origin provided ('https://evil.example') does not match the recipient window's origin ('https://pay.example').";
        let o = observe_window(&b, &result, &["unrelated".to_owned(), line.to_owned()]);
        assert_eq!(o.page_origin.as_deref(), Some("https://app.example"));
        assert_eq!(o.other_origin.as_deref(), Some("https://pay.example"));
        assert_eq!(o.results[0]["reason"], "cross-origin-access");
        assert_eq!(o.results[1], json!({"allowed": true}));
        assert_eq!(o.results[2]["reason"], "target-origin-mismatch");
        assert_eq!(o.results[2]["message"], line);
        assert_eq!(o.results[3].get("reason"), None);
        // Chromium often prints nothing: the reason stays, with no message.
        let o = observe_window(&b, &result, &[]);
        assert_eq!(
            o.results[2],
            json!({"allowed": true, "delivered": false, "reason": "target-origin-mismatch"})
        );
        // A message to "*" that was not delivered (a receiver without
        // scripts) was not dropped for its target.
        let mut r = result.clone();
        r["results"][3] = json!({"allowed": true, "delivered": false});
        assert_eq!(observe_window(&b, &r, &[]).results[3].get("reason"), None);
    }

    #[test]
    fn partial_results_stand_in_when_the_page_was_taken_away() {
        let lines = vec![
            vec![json!("other"), json!("x")],
            vec![
                json!(PARTIAL),
                json!(r#"{"results": [], "page_origin": "https://app.example"}"#),
            ],
            vec![
                json!(PARTIAL),
                json!(
                    r#"{"results": [{"allowed": true, "value": 1}], "page_origin": "https://app.example"}"#
                ),
            ],
        ];
        let v = partial_result(&lines, 2, true).unwrap();
        assert_eq!(
            v["results"],
            json!([{"allowed": true, "value": 1}, {"allowed": true}])
        );
        assert_eq!(v["page_origin"], "https://app.example");
        assert_eq!(
            partial_result(&lines, 1, true).unwrap()["results"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        // Timed out otherwise: nothing is made up.
        assert_eq!(
            partial_result(&lines, 2, false).unwrap()["results"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(partial_result(&lines[..1], 1, true), None);
        assert!(is_partial_line(&format!("{PARTIAL} {{}}")));
    }

    #[test]
    fn target_origins_are_compared_as_origins() {
        let (page, other) = (Some("https://app.example"), Some("https://pay.example"));
        assert!(!mismatched("*", page, other));
        assert!(!mismatched("https://pay.example/any/path", page, other));
        assert!(mismatched("/", page, other));
        assert!(!mismatched("/", page, page));
        assert!(mismatched("http://pay.example", page, other));
        assert!(mismatched("https://pay.example", page, Some("null")));
        assert!(!mismatched("https://pay.example", page, None));
    }

    #[test]
    fn a_severed_handle_drops_messages_and_access_refusals_are_named() {
        let b = body(
            r#"{"kind": "window", "name": "x", "page": "https://app.example/",
                "other": {"url": "https://pay.example/p", "as": "popup"},
                "access": [{"get": "closed"}, {"call": "postMessage", "args": ["hi", "*"]},
                           {"get": "document"}]}"#,
        );
        let result = json!({"handle": "live", "closedAtStart": true, "other_origin": "https://pay.example",
            "results": [{"allowed": true, "value": true}, {"allowed": true, "delivered": false},
              {"allowed": false, "error": "SecurityError",
               "message": "Failed to read a named property 'document' from 'Window': An attempt was made to break through the security policy of the user agent."}]});
        let o = observe_window(&b, &result, &[]);
        // The handle says it is closed, drops messages and refuses the rest,
        // all because it was severed.
        assert_eq!(
            o.results[0],
            json!({"allowed": true, "value": true, "reason": "opener-severed"})
        );
        assert_eq!(o.results[1]["reason"], "opener-severed");
        assert_eq!(o.results[2]["reason"], "opener-severed");
    }

    #[test]
    fn a_null_handle_is_a_severed_opener() {
        let b = body(
            r#"{"kind": "window", "name": "x", "page": "https://app.example/",
                "other": {"url": "https://pay.example/p", "as": "popup", "noopener": true},
                "access": [{"get": "closed"}]}"#,
        );
        let result = json!({"handle": "null", "results": [{"allowed": false, "error": "TypeError",
            "message": "Cannot read properties of null (reading 'closed')"}]});
        let o = observe_window(&b, &result, &[]);
        assert_eq!(o.results[0]["reason"], "opener-severed");
        assert_eq!(o.page_origin, None);
        let e = evidence(&result, &["c".to_owned()]);
        assert_eq!(e.len(), 3);
        assert_eq!(e[2], "console: c");
    }
}
