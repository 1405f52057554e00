//! The walkthrough a teacher would show: the two origins, each decision in
//! order with its spec link, the requests on the wire, the verdict, the
//! console message and the fix. It renders the verdict's trace; it decides
//! nothing itself.

use std::fmt::Write as _;

use sop_fetch_model::preflight::DEFAULT_MAX_AGE_STEP;
use sop_fetch_model::{Decision, Incoming, Outgoing};
use sop_origin::{Origin, parse_url_with_base, same_site, schemelessly_same_site};

use crate::change::Fix;
use crate::evaluate::ScenarioVerdict;
use crate::fixture::{
    Api, Body, CredentialsName, FetchBody, ModeName, Outcome, RedirectName, Scenario, ScriptRequest,
};
use crate::handout::{Part, Row, Sequence, Tone, Toned};
use crate::page::PageContext;
use crate::verdict::{RequestRecord, TraceRecord, Verdict};
use crate::warning::Warning;

/// How to show the walkthrough: colour, links, detail and line width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Whether to emit ANSI colour codes.
    pub color: bool,
    /// Whether each decision is followed by its link into the standard.
    pub links: bool,
    /// For a projector: the failing step, the wire, the verdict, the
    /// message and the fix; no origins block and no passing decisions.
    pub brief: bool,
    /// Wrap lines longer than this many columns at spaces (a URL or
    /// other long word is never cut); `None` leaves lines whole.
    pub width: Option<usize>,
}

impl Default for Style {
    /// Plain text, links shown, every decision, no wrapping.
    fn default() -> Style {
        Style {
            color: false,
            links: true,
            brief: false,
            width: None,
        }
    }
}

impl Style {
    pub(crate) fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    pub(crate) fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    pub(crate) fn red(&self, t: &str) -> String {
        self.paint("31;1", t)
    }
    pub(crate) fn green(&self, t: &str) -> String {
        self.paint("32;1", t)
    }
    pub(crate) fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    pub(crate) fn yellow(&self, t: &str) -> String {
        self.paint("33", t)
    }
    /// A verdict line in its tone's colour.
    pub(crate) fn tone(&self, t: &Toned) -> String {
        match t.tone {
            Tone::Good => self.green(&t.text),
            Tone::Partial => self.yellow(&t.text),
            Tone::Bad => self.red(&t.text),
        }
    }
}

/// Renders the explanation of a scenario and its verdict.
pub fn explain(scenario: &Scenario, verdict: &ScenarioVerdict, style: Style) -> String {
    let text = render(scenario, verdict, style);
    match style.width {
        Some(width) => wrap(&text, width),
        None => text,
    }
}

fn render(scenario: &Scenario, verdict: &ScenarioVerdict, style: Style) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", style.bold("Scenario:"), scenario.name);
    if let Some(note) = &scenario.note {
        let _ = writeln!(s, "  {note}");
    }
    // Before anything else: a typo in a response's URL must not pass for
    // a CORS failure.
    let (mistakes, unreached): (Vec<&Warning>, Vec<&Warning>) =
        verdict.warnings().iter().partition(|w| w.likely_mistake());
    if !mistakes.is_empty() {
        let _ = writeln!(s, "\n{}", style.bold("Warnings"));
        for w in mistakes {
            let _ = writeln!(s, "  {}", style.yellow(&w.to_string()));
        }
    }
    if scenario.profile.as_str() != "chromium" {
        let _ = writeln!(
            s,
            "  profile: {} (the letter of the standards)",
            scenario.profile.as_str()
        );
    }
    let page = PageContext::new(&scenario.page);
    let body = match (&scenario.body, verdict) {
        (Body::Fetch(body), _) => body,
        (Body::Embed(body), ScenarioVerdict::Embed(v)) => {
            crate::embed::explain::explain_embed(&mut s, &page, &body.embed, v, style);
            explain_unreached(&mut s, &unreached, style);
            return s;
        }
        (Body::Window(body), ScenarioVerdict::Window(v)) => {
            crate::window::explain::explain_window(&mut s, &page, body, v, style);
            explain_unreached(&mut s, &unreached, style);
            return s;
        }
        _ => return s,
    };
    let calls = body.calls();
    for (i, (call, v)) in calls.iter().zip(verdict.verdicts()).enumerate() {
        if calls.len() > 1 {
            let wait = call.wait;
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
        // The default preflight lifetime matters only when a later step
        // could use the cache entry.
        let cache_matters = calls.len() > 1;
        explain_one(&mut s, &page, call.request, v, style, cache_matters);
    }
    explain_unreached(&mut s, &unreached, style);
    s
}

/// Entries the read ended before are often on purpose (the answer a
/// passing preflight would have led to): said last, not as a warning.
fn explain_unreached(s: &mut String, unreached: &[&Warning], style: Style) {
    if !unreached.is_empty() {
        let _ = writeln!(s, "\n{}", style.bold("Never asked for"));
        for w in unreached {
            let _ = writeln!(s, "  {w}");
        }
    }
}

fn explain_one(
    s: &mut String,
    page: &PageContext<'_>,
    call: &ScriptRequest,
    v: &Verdict,
    style: Style,
    cache_matters: bool,
) {
    let _ = writeln!(s);
    if style.brief {
        let _ = writeln!(s, "{} {}", style.bold("Script"), script_call(call));
    } else {
        explain_origins(s, page, call, style);
    }
    explain_decisions(s, &v.trace, style, cache_matters);
    explain_wire(s, &v.sent, &v.answers, &v.requests());
    explain_outcome(s, call, v, style);
}

/// The page, the script's call and the two origins compared.
pub(crate) fn explain_origins(
    s: &mut String,
    page: &PageContext<'_>,
    call: &ScriptRequest,
    style: Style,
) {
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
    let _ = writeln!(s, "{} {}", style.bold("Script"), script_call(call));
    // The two origins and how they compare.
    if let Ok(url) = parse_url_with_base(&call.url, page.url) {
        explain_target(s, &page.origin, &url, style);
    }
}

/// The target URL, its origin, and how it relates to the page's.
pub(crate) fn explain_target(s: &mut String, page: &Origin, url: &sop_origin::Url, style: Style) {
    let target = Origin::of_url(url);
    let _ = writeln!(s, "{} {}  (origin {target})", style.bold("Target"), url);
    let so = page.same_origin(&target);
    let _ = writeln!(
        s,
        "       same origin: {}   same site: {}   schemelessly same site: {}",
        yes_no(so),
        yes_no(same_site(page, &target)),
        yes_no(schemelessly_same_site(page, &target))
    );
    if !so {
        let _ = writeln!(s, "       {}", style.dim(&why_cross_origin(page, &target)));
    }
}

/// Each decision in order with its link (brief: only the failing ones).
pub(crate) fn explain_decisions(
    s: &mut String,
    trace: &[TraceRecord],
    style: Style,
    cache_matters: bool,
) {
    let shown = trace.iter().enumerate().filter(|(_, t)| {
        (cache_matters || t.step != DEFAULT_MAX_AGE_STEP)
            && (!style.brief || t.decision == Decision::Fail)
    });
    let mut heading = false;
    for (i, t) in shown {
        if !heading {
            let title = if style.brief {
                "Failed step"
            } else {
                "Decisions"
            };
            let _ = writeln!(s, "\n{}", style.bold(title));
            heading = true;
        }
        let mark = match t.decision {
            Decision::Pass => style.green("ok  "),
            Decision::Fail => style.red("FAIL"),
            Decision::Note => "    ".to_owned(),
        };
        let _ = writeln!(s, "  {:>2}. {mark} {}: {}", i + 1, t.step, t.detail);
        if style.links {
            let _ = writeln!(s, "            {}", style.dim(&t.link().to_string()));
        }
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
}

/// Each request sent, with the answer it got.
pub(crate) fn explain_wire(
    s: &mut String,
    sent: &[Outgoing],
    answers: &[Incoming],
    records: &[RequestRecord],
) {
    let _ = writeln!(s, "\nOn the wire");
    if sent.is_empty() {
        let _ = writeln!(s, "  nothing was sent");
    }
    // Each sent request with its answer and its view in `requests`.
    for ((out, incoming), record) in sent.iter().zip(answers).zip(records) {
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
            Incoming::InvalidResponse => {
                let _ = writeln!(
                    s,
                    "  <- (not a valid HTTP response: refused by the network stack)"
                );
            }
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
}

/// The verdict, what the script sees, the console message and the fix.
fn explain_outcome(s: &mut String, call: &ScriptRequest, v: &Verdict, style: Style) {
    let _ = writeln!(s);
    let verdict = fetch_verdict(v);
    let _ = writeln!(s, "{} {}", style.bold("Verdict"), style.tone(&verdict));
    let _ = writeln!(s, "  {}", fetch_sees(call, v));
    if let Some(m) = fetch_console(v) {
        let _ = writeln!(s, "\n{}\n  {m}", style.bold("Console"));
    }
    if let Some(fix) = &v.fix {
        explain_fix(s, fix, style, FETCH_CHECKED);
    }
}

/// How a fetch verdict's fix was verified.
const FETCH_CHECKED: &str = "checked: with these changes sop exposes the read";

/// The verdict in capitals, with the reason of a blocked read.
fn fetch_verdict(v: &Verdict) -> Toned {
    match v.outcome {
        Outcome::Blocked => Toned {
            tone: Tone::Bad,
            text: format!("BLOCKED ({})", v.reason.map_or("", |r| r.code())),
        },
        other => Toned {
            tone: Tone::Good,
            text: other.as_str().to_uppercase(),
        },
    }
}

/// What the script is handed, in words.
fn fetch_sees(call: &ScriptRequest, v: &Verdict) -> String {
    match v.outcome {
        Outcome::Exposed => format!(
            "status {}, readable headers: {}, body: {:?}",
            v.status,
            list(&v.exposed_headers),
            v.body
        ),
        Outcome::Opaque => {
            "the response arrived but the script sees status 0, no headers and no body".to_owned()
        }
        Outcome::OpaqueRedirect => {
            "the redirect was not followed; the script sees status 0 and type \"opaqueredirect\""
                .to_owned()
        }
        Outcome::Blocked => {
            let thrown = v
                .blocked
                .as_ref()
                .is_some_and(|b| b.url_list.is_empty() && !b.sent_anything);
            match (call.api, thrown) {
                (Api::Fetch, true) => {
                    "fetch() rejects at once with a TypeError (the message below); nothing is sent"
                }
                (Api::Xhr, true) => {
                    "open() throws (SyntaxError, or SecurityError for a forbidden method); nothing is sent"
                }
                (Api::Fetch, false) => "fetch() rejects with TypeError: Failed to fetch",
                (Api::Xhr, false) => "XMLHttpRequest fires error; status 0",
            }
            .to_owned()
        }
    }
}

/// The console's line: Chromium's message, or what DevTools shows instead.
fn fetch_console(v: &Verdict) -> Option<String> {
    match &v.message {
        Some(m) => Some(m.clone()),
        None if v.outcome == Outcome::Blocked => Some(
            "(none: DevTools lists the request as blocked, with no console message)".to_owned(),
        ),
        None => None,
    }
}

/// The fix: each response's changes, then the markup's, and that sop
/// checked them; or why no change helps.
pub(crate) fn explain_fix(s: &mut String, fix: &Fix, style: Style, checked: &str) {
    let _ = writeln!(s, "\n{}", style.bold("Fix"));
    let lines = fix_lines(fix);
    for line in &lines {
        let _ = writeln!(s, "  {line}");
    }
    if fix.possible {
        let _ = writeln!(s, "  {}", style.dim(checked));
    }
}

/// The fix as lines, two spaces deeper for what belongs to the line above:
/// the page's changes first (a response change that CORS needs follows
/// from them), then each response's.
pub(crate) fn fix_lines(fix: &Fix) -> Vec<String> {
    if !fix.possible {
        return vec![format!(
            "no change to the response headers helps: {}",
            fix.why
        )];
    }
    let mut lines: Vec<String> = fix
        .markup
        .iter()
        .map(|m| format!("In the page: {m}"))
        .collect();
    for c in &fix.changes {
        lines.push(format!("On the response to {} {}:", c.method, c.url));
        if let Some(st) = c.status {
            lines.push(format!("  status {st}"));
        }
        for (n, val) in &c.set {
            lines.push(format!("  {n}: {val}"));
        }
        for r in &c.remove {
            lines.push(format!("  (remove {r})"));
        }
    }
    lines
}

/// The handout's fix: its lines, then how sop checked it.
pub(crate) fn handout_fix(fix: Option<&Fix>, checked: &str) -> Vec<String> {
    let mut lines = fix.map(fix_lines).unwrap_or_default();
    if fix.is_some_and(|f| f.possible) {
        lines.push(checked.to_owned());
    }
    lines
}

/// The handout's parts of a fetch scenario: one per step.
pub(crate) fn handout_parts(
    page: &PageContext<'_>,
    body: &FetchBody,
    verdict: &ScenarioVerdict,
) -> Vec<Part> {
    let calls = body.calls();
    let several = calls.len() > 1;
    calls
        .iter()
        .zip(verdict.verdicts())
        .enumerate()
        .map(|(i, (call, v))| {
            let mut facts = page_facts(page);
            facts.push(("Script", script_call(call.request)));
            if let Ok(url) = parse_url_with_base(&call.request.url, page.url) {
                facts.extend(target_facts(&page.origin, &url));
            }
            let verdict = fetch_verdict(v);
            let mut exchange = Sequence::wire(page_party(page), &v.sent, &v.answers, &v.requests());
            exchange.outcome = Some((verdict.tone, verdict.text.clone()));
            let fix = handout_fix(v.fix.as_ref(), FETCH_CHECKED);
            Part {
                heading: several.then(|| step_heading(i, call.wait)),
                facts,
                decisions: Row::from_trace(&v.trace, several),
                exchange_title: "On the wire",
                exchange,
                outcome: vec![Toned {
                    tone: verdict.tone,
                    text: fetch_sees(call.request, v),
                }],
                verdict,
                console: fetch_console(v).into_iter().collect(),
                fix,
            }
        })
        .collect()
}

/// `Step 2 (1 s after the previous step)`.
fn step_heading(i: usize, wait: f64) -> String {
    if wait > 0.0 {
        format!("Step {} ({wait} s after the previous step)", i + 1)
    } else {
        format!("Step {}", i + 1)
    }
}

/// The page and its origin, as the handout's first fact.
pub(crate) fn page_facts(page: &PageContext<'_>) -> Vec<(&'static str, String)> {
    vec![(
        "Page",
        format!(
            "{}  (origin {}{})",
            page.url,
            page.origin,
            if page.sandboxed {
                ", sandboxed: opaque"
            } else {
                ""
            }
        ),
    )]
}

/// The page's party in a sequence diagram.
pub(crate) fn page_party(page: &PageContext<'_>) -> String {
    format!("page {}", page.origin)
}

/// The target, its origin, and how it compares with the page's.
pub(crate) fn target_facts(page: &Origin, url: &sop_origin::Url) -> Vec<(&'static str, String)> {
    let target = Origin::of_url(url);
    let so = page.same_origin(&target);
    let mut compared = format!(
        "same origin: {}, same site: {}, schemelessly same site: {}",
        yes_no(so),
        yes_no(same_site(page, &target)),
        yes_no(schemelessly_same_site(page, &target))
    );
    if !so {
        let _ = write!(compared, " ({})", why_cross_origin(page, &target));
    }
    vec![
        ("Target", format!("{url}  (origin {target})")),
        ("Compared", compared),
    ]
}

pub(crate) fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_owned()
    } else {
        v.join(", ")
    }
}

pub(crate) fn why_cross_origin(a: &Origin, b: &Origin) -> String {
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

/// The call as a developer would have written it: `fetch(url, {...})` with
/// the options that differ from the defaults, or the XMLHttpRequest calls.
pub fn script_call(call: &ScriptRequest) -> String {
    let headers = || call.headers.0.iter().map(|(n, v)| (js(n), js(v)));
    match call.api {
        Api::Fetch => {
            let mut options: Vec<String> = Vec::new();
            if call.method != "GET" {
                options.push(format!("method: {}", js(&call.method)));
            }
            if !call.headers.0.is_empty() {
                let pairs: Vec<String> = headers().map(|(n, v)| format!("{n}: {v}")).collect();
                options.push(format!("headers: {{{}}}", pairs.join(", ")));
            }
            if let Some(body) = &call.body {
                options.push(format!("body: {}", js(body)));
            }
            let mode = match call.mode {
                ModeName::Cors => None,
                ModeName::NoCors => Some("no-cors"),
                ModeName::SameOrigin => Some("same-origin"),
            };
            let credentials = match call.credentials {
                CredentialsName::SameOrigin => None,
                CredentialsName::Omit => Some("omit"),
                CredentialsName::Include => Some("include"),
            };
            let redirect = match call.redirect {
                RedirectName::Follow => None,
                RedirectName::Error => Some("error"),
                RedirectName::Manual => Some("manual"),
            };
            for (key, value) in [
                ("mode", mode),
                ("credentials", credentials),
                ("redirect", redirect),
            ] {
                if let Some(value) = value {
                    options.push(format!("{key}: {}", js(value)));
                }
            }
            if options.is_empty() {
                format!("fetch({})", js(&call.url))
            } else {
                format!("fetch({}, {{{}}})", js(&call.url), options.join(", "))
            }
        }
        Api::Xhr => {
            let mut lines = vec![format!("xhr.open({}, {})", js(&call.method), js(&call.url))];
            if call.credentials == CredentialsName::Include {
                lines.push("xhr.withCredentials = true".to_owned());
            }
            for (n, v) in headers() {
                lines.push(format!("xhr.setRequestHeader({n}, {v})"));
            }
            if call.upload_listener {
                lines.push("xhr.upload.onprogress = () => {}".to_owned());
            }
            lines.push(match &call.body {
                Some(body) => format!("xhr.send({})", js(body)),
                None => "xhr.send()".to_owned(),
            });
            lines.join("; ")
        }
    }
}

/// A JavaScript string literal in single quotes.
fn js(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Wraps every line wider than `width` columns at spaces; continuation
/// lines are indented four columns deeper than the line they continue.
/// ANSI colour codes take no columns; a word wider than the line is left
/// whole, so URLs stay clickable.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        out.push_str(&line[..indent]);
        let mut column = indent;
        for (i, word) in body.split(' ').enumerate() {
            let w = visible_width(word);
            if i > 0 {
                if w > 0 && column + 1 + w > width {
                    out.push('\n');
                    out.extend(std::iter::repeat_n(' ', indent + 4));
                    column = indent + 4;
                } else {
                    out.push(' ');
                    column += 1;
                }
            }
            out.push_str(word);
            column += w;
        }
        out.push('\n');
    }
    out
}

/// Columns a word takes on a terminal: characters, less ANSI escapes.
fn visible_width(word: &str) -> usize {
    let mut width = 0;
    let mut in_escape = false;
    for c in word.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => width += 1,
        }
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::MarkupChange;

    /// The document side's fixes edit markup; the walkthrough shows them
    /// after the responses' changes.
    #[test]
    fn a_markup_change_reads_as_the_element_to_write() {
        let mut s = String::new();
        let fix = Fix {
            possible: true,
            changes: Vec::new(),
            markup: vec![MarkupChange {
                element: "img".into(),
                attribute: "crossorigin".into(),
                value: Some("anonymous".into()),
            }],
            why: String::new(),
        };
        explain_fix(&mut s, &fix, Style::default(), "checked");
        assert!(
            s.contains("  In the page: <img crossorigin=\"anonymous\">\n"),
            "{s}"
        );
    }
}
