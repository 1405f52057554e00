//! The record of every decision the machine takes, with the standard's
//! anchor and the values it looked at. Tests, explanations, console
//! messages and fixes all read this one record.

use std::fmt;

/// How a step came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// A check passed, or the step went the permissive way.
    Pass,
    /// A check failed: the fetch ends in a network error.
    Fail,
    /// A fact the machine established (a choice, not a check).
    Note,
}

impl Decision {
    /// `pass`, `fail` or `note`, as the verdict's JSON writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Pass => "pass",
            Decision::Fail => "fail",
            Decision::Note => "note",
        }
    }
}

/// One decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEntry {
    /// The anchor of the step, as `spec#anchor` (`fetch#cors-check`);
    /// [`TraceEntry::link`] expands it.
    pub anchor: &'static str,
    /// What was decided, in a few words (`CORS check`).
    pub step: &'static str,
    /// How it came out.
    pub decision: Decision,
    /// The values looked at and the conclusion, in words.
    pub detail: String,
    /// Set when the profile's choice differs from the standard's here: what
    /// the standard would do instead.
    pub departure: Option<String>,
}

impl TraceEntry {
    /// The full URL of the anchor.
    ///
    /// ```
    /// use sop_fetch_model::trace::{Decision, TraceEntry};
    /// let e = TraceEntry { anchor: "fetch#cors-check", step: "CORS check",
    ///     decision: Decision::Pass, detail: String::new(), departure: None };
    /// assert_eq!(e.link(), "https://fetch.spec.whatwg.org/#cors-check");
    /// ```
    pub fn link(&self) -> String {
        link(self.anchor)
    }
}

/// One line, as a reader would want it: a mark (`ok`, `FAIL`, or blank for
/// a fact), the step, the values and conclusion, the link, and where the
/// profile departs from the standard, what the standard says.
///
/// ```
/// use sop_fetch_model::trace::{Decision, TraceEntry};
/// let e = TraceEntry { anchor: "fetch#concept-cors-check", step: "CORS check",
///     decision: Decision::Fail, detail: "no Access-Control-Allow-Origin header".into(),
///     departure: None };
/// assert_eq!(e.to_string(), "FAIL CORS check: no Access-Control-Allow-Origin header \
///     <https://fetch.spec.whatwg.org/#concept-cors-check>");
/// ```
impl fmt::Display for TraceEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = match self.decision {
            Decision::Pass => "ok  ",
            Decision::Fail => "FAIL",
            Decision::Note => "    ",
        };
        write!(
            f,
            "{mark} {}: {} <{}>",
            self.step,
            self.detail,
            Link(self.anchor)
        )?;
        if let Some(standard) = &self.departure {
            write!(f, " (the standard: {standard})")?;
        }
        Ok(())
    }
}

/// Expands `spec#anchor` to a URL.
pub fn link(anchor: &str) -> String {
    Link(anchor).to_string()
}

/// `spec#anchor` shown as its URL (what [`link`] returns), written without
/// building a string first.
///
/// ```
/// use sop_fetch_model::trace::Link;
/// assert_eq!(Link("xhr#the-send()-method").to_string(), "https://xhr.spec.whatwg.org/#the-send()-method");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Link<'a>(pub &'a str);

impl<'a> Link<'a> {
    /// The URL in pieces, to be written one after another: the standard's
    /// address, the page (the HTML standard's multipage document), `#`
    /// and the anchor.
    pub fn pieces(&self) -> [&'a str; 4] {
        let (spec, frag) = self.0.split_once('#').unwrap_or((self.0, ""));
        if spec == "html" {
            // The multipage standard: each id on its own page (the index
            // page sends an id it does not hold on to the right one).
            let page = crate::anchor::HTML_PAGES
                .iter()
                .find(|(id, _)| *id == frag)
                .map_or("", |(_, page)| *page);
            return ["https://html.spec.whatwg.org/multipage/", page, "#", frag];
        }
        let base = match spec {
            "fetch" => "https://fetch.spec.whatwg.org/",
            "url" => "https://url.spec.whatwg.org/",
            "mixed-content" => "https://w3c.github.io/webappsec-mixed-content/",
            "secure-contexts" => "https://w3c.github.io/webappsec-secure-contexts/",
            "xhr" => "https://xhr.spec.whatwg.org/",
            "orb" => "https://github.com/annevk/orb",
            "cssom" => "https://drafts.csswg.org/cssom/",
            "css-fonts" => "https://drafts.csswg.org/css-fonts-4/",
            "csp" => "https://w3c.github.io/webappsec-csp/",
            other => other,
        };
        [base, "", "#", frag]
    }
}

impl fmt::Display for Link<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pieces()
            .iter()
            .try_for_each(|piece| f.write_str(piece))
    }
}

/// The words of a decision: text, or a closure that writes it, so a
/// trace that is switched off never formats anything.
pub trait IntoDetail {
    /// The text.
    fn into_detail(self) -> String;
}

impl IntoDetail for &str {
    fn into_detail(self) -> String {
        self.to_owned()
    }
}

impl IntoDetail for String {
    fn into_detail(self) -> String {
        self
    }
}

impl<F: FnOnce() -> String> IntoDetail for F {
    fn into_detail(self) -> String {
        self()
    }
}

/// The ordered decisions of one fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    entries: Vec<TraceEntry>,
    enabled: bool,
}

impl Default for Trace {
    fn default() -> Self {
        Trace {
            entries: Vec::new(),
            enabled: true,
        }
    }
}

impl Trace {
    /// An empty trace that records.
    pub fn new() -> Trace {
        Trace::default()
    }

    /// A trace that records nothing, for callers that only need outcomes
    /// (batch evaluation, benchmarks): no decision text is ever formatted.
    pub fn disabled() -> Trace {
        Trace {
            entries: Vec::new(),
            enabled: false,
        }
    }

    /// A trace that records when `record` is true, else [`Trace::disabled`].
    pub fn recording(record: bool) -> Trace {
        if record {
            Trace::new()
        } else {
            Trace::disabled()
        }
    }

    /// Whether decisions are recorded.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Records a decision.
    pub fn push(
        &mut self,
        anchor: &'static str,
        step: &'static str,
        decision: Decision,
        detail: impl IntoDetail,
    ) {
        if self.enabled {
            let detail = detail.into_detail();
            self.entries.push(TraceEntry {
                anchor,
                step,
                decision,
                detail,
                departure: None,
            });
        }
    }

    /// Records a decision where the profile departs from the standard.
    pub fn push_departure(
        &mut self,
        anchor: &'static str,
        step: &'static str,
        decision: Decision,
        detail: impl IntoDetail,
        standard: impl IntoDetail,
    ) {
        if self.enabled {
            let (detail, departure) = (detail.into_detail(), Some(standard.into_detail()));
            self.entries.push(TraceEntry {
                anchor,
                step,
                decision,
                detail,
                departure,
            });
        }
    }

    /// The decisions, in order.
    pub fn entries(&self) -> &[TraceEntry] {
        &self.entries
    }

    /// The decisions, in order, taken out of the trace.
    pub fn into_entries(self) -> Vec<TraceEntry> {
        self.entries
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.entries.iter().enumerate() {
            let mark = match e.decision {
                Decision::Pass => "ok  ",
                Decision::Fail => "FAIL",
                Decision::Note => "    ",
            };
            writeln!(
                f,
                "{:>2}. {mark} {}: {}  <{}>",
                i + 1,
                e.step,
                e.detail,
                e.link()
            )?;
            if let Some(d) = &e.departure {
                writeln!(f, "          (the standard: {d})")?;
            }
        }
        Ok(())
    }
}
