//! The walkthrough a teacher would show: the two origins, each decision in
//! order with its spec link, the requests on the wire, the verdict, the
//! console message and the fix. It renders the verdict's trace; it decides
//! nothing itself.

use std::fmt::Write as _;

use sop_fetch_model::Incoming;
use sop_origin::{Origin, parse_url_with_base, same_site, schemelessly_same_site};

use crate::fixture::{Api, Outcome, Scenario, ScriptRequest};
use crate::script::PageContext;
use crate::verdict::{ScenarioVerdict, Verdict};

/// Terminal styling: ANSI colour or plain text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Whether to emit ANSI colour codes.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    fn red(&self, t: &str) -> String {
        self.paint("31;1", t)
    }
    fn green(&self, t: &str) -> String {
        self.paint("32;1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    fn yellow(&self, t: &str) -> String {
        self.paint("33", t)
    }
}

/// Renders the explanation of a scenario and its verdict.
pub fn explain(scenario: &Scenario, verdict: &ScenarioVerdict, style: Style) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", style.bold("Scenario:"), scenario.name);
    if let Some(note) = &scenario.note {
        let _ = writeln!(s, "  {}", style.dim(note));
    }
    if scenario.profile.as_str() != "chromium" {
        let _ = writeln!(
            s,
            "  profile: {} (the letter of the standards)",
            scenario.profile.as_str()
        );
    }
    let page = PageContext::new(&scenario.page);
    let calls: Vec<&ScriptRequest> = match (&scenario.request, &scenario.steps) {
        (Some(r), _) => vec![r],
        (None, Some(steps)) => steps.iter().map(|s| &s.request).collect(),
        _ => Vec::new(),
    };
    for (i, (call, v)) in calls.iter().zip(verdict.verdicts()).enumerate() {
        if calls.len() > 1 {
            let wait = scenario
                .steps
                .as_ref()
                .and_then(|st| st.get(i))
                .map_or(0.0, |st| st.wait);
            let _ = writeln!(
                s,
                "\n{} {}{}",
                style.bold("Step"),
                i + 1,
                if wait > 0.0 {
                    format!(" ({wait} s after the previous step)")
                } else {
                    String::new()
                }
            );
        }
        explain_one(&mut s, &page, call, v, style);
    }
    s
}

fn explain_one(
    s: &mut String,
    page: &PageContext<'_>,
    call: &ScriptRequest,
    v: &Verdict,
    style: Style,
) {
    let api = match call.api {
        Api::Fetch => "fetch()",
        Api::Xhr => "XMLHttpRequest",
    };
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{}   {}  (origin {}{})",
        style.bold("Page"),
        page.url,
        page.origin,
        if page.sandboxed {
            ", sandboxed: opaque"
        } else {
            ""
        }
    );
    let _ = writeln!(
        s,
        "{} {api} {} {}",
        style.bold("Script"),
        call.method,
        call.url
    );
    // The two origins and how they compare.
    if let Ok(url) = parse_url_with_base(&call.url, page.url) {
        let target = Origin::of_url(&url);
        let _ = writeln!(s, "{} {}  (origin {target})", style.bold("Target"), url);
        let so = page.origin.same_origin(&target);
        let _ = writeln!(
            s,
            "       same origin: {}   same site: {}   schemelessly same site: {}",
            yes_no(so),
            yes_no(same_site(&page.origin, &target)),
            yes_no(schemelessly_same_site(&page.origin, &target))
        );
        if !so {
            let _ = writeln!(
                s,
                "       {}",
                style.dim(&why_cross_origin(&page.origin, &target))
            );
        }
    }
    // The decisions.
    let _ = writeln!(s, "\n{}", style.bold("Decisions"));
    for (i, t) in v.trace.iter().enumerate() {
        let mark = match t.decision {
            "pass" => style.green("ok  "),
            "fail" => style.red("FAIL"),
            _ => "    ".to_owned(),
        };
        let _ = writeln!(s, "  {:>2}. {mark} {}: {}", i + 1, t.step, t.detail);
        let _ = writeln!(s, "            {}", style.dim(&t.link().to_string()));
        if let Some(std) = &t.standard {
            let _ = writeln!(
                s,
                "            {}",
                style.yellow(&format!(
                    "profile departs from the standard, which says: {std}"
                ))
            );
        }
    }
    // The wire.
    let _ = writeln!(s, "\n{}", style.bold("On the wire"));
    if v.sent.is_empty() {
        let _ = writeln!(s, "  nothing was sent");
    }
    // Each sent request with its answer and its view in `requests`.
    for ((out, incoming), record) in v.sent.iter().zip(&v.answers).zip(v.requests()) {
        let _ = writeln!(
            s,
            "  -> {} {}{}",
            record.method,
            record.url,
            if out.preflight {
                "  (preflight)"
            } else if out.include_credentials {
                "  (with credentials)"
            } else {
                ""
            }
        );
        for (n, val) in &record.headers {
            let _ = writeln!(s, "       {n}: {val}");
        }
        match incoming {
            Incoming::NetworkError => {
                let _ = writeln!(s, "  <- (network error: no response)");
            }
            Incoming::Response(resp) => {
                let _ = writeln!(s, "  <- {}", resp.status);
                for (n, val) in resp.headers.iter() {
                    let _ = writeln!(s, "       {n}: {val}");
                }
            }
        }
    }
    // The verdict.
    let _ = writeln!(s);
    let outcome = match v.outcome {
        Outcome::Blocked => style.red(&format!("BLOCKED ({})", v.reason.map_or("", |r| r.code()))),
        other => style.green(&other.as_str().to_uppercase()),
    };
    let _ = writeln!(s, "{} {outcome}", style.bold("Verdict"));
    match v.outcome {
        Outcome::Exposed => {
            let _ = writeln!(
                s,
                "  status {}, readable headers: {}, body: {:?}",
                v.status,
                list(&v.exposed_headers),
                v.body
            );
        }
        Outcome::Opaque => {
            let _ = writeln!(
                s,
                "  the response arrived but the script sees status 0, no headers and no body"
            );
        }
        Outcome::OpaqueRedirect => {
            let _ = writeln!(
                s,
                "  the redirect was not followed; the script sees status 0 and type \"opaqueredirect\""
            );
        }
        Outcome::Blocked => {
            let thrown = v
                .blocked
                .as_ref()
                .is_some_and(|b| b.url_list.is_empty() && !b.sent_anything);
            let text = match (call.api, thrown) {
                (Api::Fetch, true) => {
                    "fetch() rejects at once with a TypeError (the message below); nothing is sent"
                }
                (Api::Xhr, true) => {
                    "open() throws (SyntaxError, or SecurityError for a forbidden method); nothing is sent"
                }
                (Api::Fetch, false) => "fetch() rejects with TypeError: Failed to fetch",
                (Api::Xhr, false) => "XMLHttpRequest fires error; status 0",
            };
            let _ = writeln!(s, "  {text}");
        }
    }
    match &v.message {
        Some(m) => {
            let _ = writeln!(s, "\n{}\n  {m}", style.bold("Console"));
        }
        None if v.outcome == Outcome::Blocked => {
            let _ = writeln!(
                s,
                "\n{}\n  (none: DevTools lists the request as blocked, with no console message)",
                style.bold("Console")
            );
        }
        None => {}
    }
    if let Some(fix) = &v.fix {
        let _ = writeln!(s, "\n{}", style.bold("Fix"));
        if fix.possible {
            for c in &fix.changes {
                let _ = writeln!(s, "  On the response to {} {}:", c.method, c.url);
                if let Some(st) = c.status {
                    let _ = writeln!(s, "    status {st}");
                }
                for (n, val) in &c.set {
                    let _ = writeln!(s, "    {n}: {val}");
                }
                for r in &c.remove {
                    let _ = writeln!(s, "    (remove {r})");
                }
            }
            let _ = writeln!(
                s,
                "  {}",
                style.dim("checked: with these changes sop exposes the read")
            );
        } else {
            let _ = writeln!(s, "  no change to the response headers helps: {}", fix.why);
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_owned()
    } else {
        v.join(", ")
    }
}

fn why_cross_origin(a: &Origin, b: &Origin) -> String {
    match (a.as_tuple(), b.as_tuple()) {
        (Some(x), Some(y)) if x.scheme() != y.scheme() => format!(
            "cross-origin: schemes differ ({} vs {})",
            x.scheme(),
            y.scheme()
        ),
        (Some(x), Some(y)) if x.host() != y.host() => {
            format!("cross-origin: hosts differ ({} vs {})", x.host(), y.host())
        }
        (Some(x), Some(y)) => format!(
            "cross-origin: ports differ ({} vs {})",
            x.port().map_or("default".to_owned(), |p| p.to_string()),
            y.port().map_or("default".to_owned(), |p| p.to_string())
        ),
        _ => "cross-origin: an opaque origin is same origin only with itself".to_owned(),
    }
}
