//! Slides and handouts: the walkthrough of a scenario as Markdown (with
//! the wire exchange as a Mermaid `sequenceDiagram`) or as one
//! self-contained HTML file (with the exchange drawn as SVG).
//!
//! A [`Handout`] holds what the text walkthrough ([`crate::explain`])
//! says, as data: the facts, the decisions of the trace with their links,
//! the exchange as a [`Sequence`], the verdict, the console message and
//! the fix. Each kind builds its own [`Part`] in its explanation module;
//! the renderers here know nothing of kinds.

mod html;
mod markdown;
mod sequence;
mod svg;

use sop_fetch_model::Decision;
use sop_fetch_model::preflight::DEFAULT_MAX_AGE_STEP;

pub use sequence::{Arrow, ArrowKind, Sequence};

use crate::evaluate::ScenarioVerdict;
use crate::fixture::{Body, Scenario};
use crate::page::PageContext;
use crate::verdict::TraceRecord;
use crate::warning::Warning;

/// How an outcome reads: good news, a partial success, or a refusal. The
/// text walkthrough paints them green, yellow and red; the HTML handout
/// gives them a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Loaded and readable, exposed, allowed.
    Good,
    /// Loaded but not readable, allowed but not delivered, ignored.
    Partial,
    /// Blocked, not loaded, refused.
    Bad,
}

impl Tone {
    /// The class name the HTML handout and the playground use.
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Partial => "partial",
            Tone::Bad => "bad",
        }
    }
}

/// A line with its tone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toned {
    /// How it reads.
    pub tone: Tone,
    /// The words.
    pub text: String,
}

/// One decision of the trace, as a row of the decision table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Its place in the whole trace, from 1 (the text walkthrough numbers
    /// them the same way).
    pub number: usize,
    /// What was decided (`CORS check`).
    pub step: &'static str,
    /// Whether it passed, failed or only noted something.
    pub decision: Decision,
    /// Why.
    pub detail: String,
    /// The standard's anchor, as a URL.
    pub link: String,
    /// Where the profile departs from the standard: what the standard says.
    pub standard: Option<String>,
}

impl Row {
    /// The decision table's rows for `trace`; the default preflight
    /// lifetime is shown only when a later step could use the cache entry.
    pub(crate) fn from_trace(trace: &[TraceRecord], cache_matters: bool) -> Vec<Row> {
        trace
            .iter()
            .enumerate()
            .filter(|(_, t)| cache_matters || t.step != DEFAULT_MAX_AGE_STEP)
            .map(|(i, t)| Row {
                number: i + 1,
                step: t.step,
                decision: t.decision,
                detail: t.detail.clone(),
                link: t.link().to_string(),
                standard: t.standard.clone(),
            })
            .collect()
    }
}

/// One read (a step of a `steps` scenario, or the whole of any other).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// `Step 2 (1 s after the previous step)`, when there are several.
    pub heading: Option<String>,
    /// Who asks whom for what: `Page`, `Script` or `Element`, `Target` or
    /// `Other`, how the origins compare.
    pub facts: Vec<(&'static str, String)>,
    /// The decisions, in order.
    pub decisions: Vec<Row>,
    /// The exchange's heading: `On the wire`, or `Between the windows`.
    pub exchange_title: &'static str,
    /// The requests and their answers (for a window, the operations).
    pub exchange: Sequence,
    /// The verdict (`BLOCKED (missing-allow-origin-header)`).
    pub verdict: Toned,
    /// What the script or the element ends up with, one line each.
    pub outcome: Vec<Toned>,
    /// Chromium's console messages.
    pub console: Vec<String>,
    /// The fix, one line each; empty when nothing needs fixing.
    pub fix: Vec<String>,
}

/// A scenario's walkthrough, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handout {
    /// The scenario's name.
    pub title: String,
    /// The scenario's note.
    pub note: Option<String>,
    /// The profile, when it is not Chromium's.
    pub profile: Option<String>,
    /// What in the scenario is probably a mistake.
    pub warnings: Vec<String>,
    /// The reads.
    pub parts: Vec<Part>,
    /// The responses no request asked for.
    pub unreached: Vec<String>,
}

impl Handout {
    /// The handout of `scenario` and its `verdict` (evaluated with the
    /// trace: `Options::default()`).
    pub fn new(scenario: &Scenario, verdict: &ScenarioVerdict) -> Handout {
        let (mistakes, unreached): (Vec<&Warning>, Vec<&Warning>) =
            verdict.warnings().iter().partition(|w| w.likely_mistake());
        let page = PageContext::new(&scenario.page);
        let parts = match (&scenario.body, verdict) {
            (Body::Embed(body), ScenarioVerdict::Embed(v)) => {
                vec![crate::embed::explain::handout_part(&page, &body.embed, v)]
            }
            (Body::Window(body), ScenarioVerdict::Window(v)) => {
                vec![crate::window::explain::handout_part(&page, body, v)]
            }
            (Body::Fetch(body), _) => crate::explain::handout_parts(&page, body, verdict),
            _ => Vec::new(),
        };
        Handout {
            title: scenario.name.clone(),
            note: scenario.note.clone(),
            profile: (scenario.profile.as_str() != "chromium")
                .then(|| scenario.profile.as_str().to_owned()),
            warnings: mistakes.iter().map(|w| w.to_string()).collect(),
            parts,
            unreached: unreached.iter().map(|w| w.to_string()).collect(),
        }
    }

    /// The handout as Markdown: headings, the decision table, the exchange
    /// as a Mermaid `sequenceDiagram`, the console message and the fix.
    pub fn markdown(&self) -> String {
        markdown::render(self)
    }

    /// The handout as one self-contained HTML file: the same content, with
    /// the exchange drawn as inline SVG; no script, no external asset.
    pub fn html(&self) -> String {
        html::render(std::slice::from_ref(self))
    }

    /// For a projector: only the decisions that failed (as `--brief`).
    pub fn keep_failed_decisions(&mut self) {
        for part in &mut self.parts {
            part.decisions.retain(|r| r.decision == Decision::Fail);
        }
    }

    /// Each part's exchange as a standalone SVG image.
    pub fn svgs(&self) -> Vec<String> {
        self.parts
            .iter()
            .map(|p| svg::render(&p.exchange))
            .collect()
    }
}

/// Several handouts as one Markdown file, a `---` rule between them (a
/// slide break in Marp and reveal.js).
pub fn markdown_deck(handouts: &[Handout]) -> String {
    let pages: Vec<String> = handouts.iter().map(Handout::markdown).collect();
    pages.join("\n---\n\n")
}

/// Several handouts as one self-contained HTML file.
pub fn html_deck(handouts: &[Handout]) -> String {
    html::render(handouts)
}

/// The word a decision reads as in a table.
pub(crate) fn decision_word(d: Decision) -> &'static str {
    match d {
        Decision::Pass => "pass",
        Decision::Fail => "FAIL",
        Decision::Note => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FixtureFile, Limits, Options, evaluate};

    fn handout(text: &str) -> Handout {
        let file = FixtureFile::parse("t.json".as_ref(), text, &Limits::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let scenario = &file.scenarios[0];
        Handout::new(scenario, &evaluate(scenario, Options::default()))
    }

    /// A `steps` scenario gets a section per step, its sections a level
    /// deeper, and a diagram each.
    #[test]
    fn each_step_is_its_own_section() {
        let h = handout(
            r#"{"name": "two puts", "page": "https://app.example/",
              "steps": [{"request": {"url": "https://api.example/x", "method": "PUT"}},
                        {"wait": 1, "request": {"url": "https://api.example/x", "method": "PUT"}}],
              "responses": [{"url": "https://api.example/x", "method": "OPTIONS",
                             "headers": {"Access-Control-Allow-Origin": "https://app.example",
                                         "Access-Control-Allow-Methods": "PUT",
                                         "Access-Control-Max-Age": "60"}},
                            {"url": "https://api.example/x",
                             "headers": {"Access-Control-Allow-Origin": "https://app.example"}}]}"#,
        );
        assert_eq!(h.parts.len(), 2);
        let md = h.markdown();
        assert!(md.contains("## Step 1\n"), "{md}");
        assert!(
            md.contains("## Step 2 (1 s after the previous step)\n"),
            "{md}"
        );
        assert_eq!(md.matches("### Decisions").count(), 2);
        // The first step preflights; the second uses the cache.
        assert_eq!(h.parts[0].exchange.arrows.len(), 4);
        assert_eq!(h.parts[1].exchange.arrows.len(), 2);
        assert_eq!(h.svgs().len(), 2);
        let html = h.html();
        assert_eq!(html.matches("<svg ").count(), 2);
        assert_eq!(html.matches("<h2>Step").count(), 2);
    }

    /// The verdict's tone reaches both renderings, and a blocked read
    /// without a console message says so.
    #[test]
    fn a_blocked_read_reads_as_bad_everywhere() {
        let h = handout(
            r#"{"name": "no acao", "page": "https://app.example/",
              "request": {"url": "https://api.example/x"},
              "responses": [{"url": "https://api.example/x"}]}"#,
        );
        let part = &h.parts[0];
        assert_eq!(part.verdict.tone, Tone::Bad);
        assert_eq!(part.verdict.text, "BLOCKED (missing-allow-origin-header)");
        assert_eq!(part.exchange.outcome.as_ref().map(|o| o.0), Some(Tone::Bad));
        assert!(
            h.html()
                .contains("<p class=\"verdict bad\">BLOCKED (missing-allow-origin-header)</p>")
        );
        assert!(
            h.markdown()
                .contains("**BLOCKED (missing-allow-origin-header)**")
        );
        assert!(part.decisions.iter().any(|r| r.decision == Decision::Fail));
    }

    /// `--brief` keeps only the failing rows.
    #[test]
    fn brief_keeps_the_failed_decisions() {
        let mut h = handout(
            r#"{"name": "no acao", "page": "https://app.example/",
              "request": {"url": "https://api.example/x"},
              "responses": [{"url": "https://api.example/x"}]}"#,
        );
        h.keep_failed_decisions();
        let rows = &h.parts[0].decisions;
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r.decision == Decision::Fail));
    }
}
