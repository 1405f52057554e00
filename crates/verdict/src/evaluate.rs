//! Evaluating a scenario: each of its calls in turn against the scenario's
//! servers, sharing one preflight cache, with the fix for each blocked call
//! and the scenario's warnings. Above the verdict of one call (`verdict`)
//! and the fix (`fix`), which both serve it.

use std::time::Duration;

use serde::Serialize;
use sop_fetch_model::{Outgoing, PreflightCache, SameOriginPolicy};

pub use crate::enforcement::Enforcement;
use crate::fix::suggest_fix_under;
use crate::fixture::{Body, FetchBody, Outcome, Scenario, ScriptRequest};
use crate::page::PageContext;
use crate::record::wire_url;
use crate::servers::Servers;
use crate::verdict::{Delivered, Verdict, evaluate_call};
use crate::warning::Warning;

/// A scenario's verdict: one, or one per step.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ScenarioVerdict {
    /// A `request` scenario (its warnings are the verdict's).
    Single(Box<Verdict>),
    /// An embed scenario.
    Embed(Box<crate::embed::EmbedVerdict>),
    /// A window scenario.
    Window(Box<crate::window::WindowVerdict>),
    /// A `steps` scenario.
    Steps {
        /// One verdict per step.
        steps: Vec<Verdict>,
        /// The scenario's warnings.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        warnings: Vec<Warning>,
    },
}

impl ScenarioVerdict {
    /// What in the scenario is probably a mistake (see [`Warning`]).
    pub fn warnings(&self) -> &[Warning] {
        match self {
            ScenarioVerdict::Single(v) => &v.warnings,
            ScenarioVerdict::Embed(v) => &v.warnings,
            ScenarioVerdict::Window(v) => &v.warnings,
            ScenarioVerdict::Steps { warnings, .. } => warnings,
        }
    }

    /// The fetch verdicts, one per step (one for a single request; none
    /// for an embed).
    pub fn verdicts(&self) -> Vec<&Verdict> {
        match self {
            ScenarioVerdict::Single(v) => vec![v],
            ScenarioVerdict::Embed(_) | ScenarioVerdict::Window(_) => Vec::new(),
            ScenarioVerdict::Steps { steps, .. } => steps.iter().collect(),
        }
    }
}

/// How to evaluate: with or without the explanation-only parts, and how
/// the same-origin policy is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Compute the suggested fix (re-evaluates the scenario with changed
    /// responses, so it costs a few more evaluations of blocked reads).
    pub fix: bool,
    /// Record the trace (every decision in words).
    pub trace: bool,
    /// Say what in the scenario may not be what its author meant (see
    /// [`Warning`]).
    pub warnings: bool,
    /// Enforce the same-origin policy, report only, or switch it off
    /// ([`Enforcement`]).
    pub enforcement: Enforcement,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            fix: true,
            trace: true,
            warnings: true,
            enforcement: Enforcement::Enforce,
        }
    }
}

impl Options {
    /// Outcomes only: no fix, no trace, no warnings (the verdict's `trace`
    /// is empty and `fix` null), the policy enforced. The fast path for
    /// batch audits, where a third of the lines would otherwise carry
    /// warnings about how the scenario was written.
    pub fn lean() -> Options {
        Options {
            fix: false,
            trace: false,
            warnings: false,
            enforcement: Enforcement::Enforce,
        }
    }

    /// These options with `enforcement`.
    ///
    /// ```
    /// use sop_verdict::{Enforcement, FixtureFile, Limits, Options, Outcome, evaluate};
    /// let text = r#"{"name": "x", "page": "https://app.example/",
    ///   "request": {"url": "https://api.example/data"},
    ///   "responses": [{"url": "https://api.example/data", "body": "hi"}]}"#;
    /// let file = FixtureFile::parse("x.json".as_ref(), text, &Limits::default()).unwrap();
    /// let v = evaluate(&file.scenarios[0], Options::default().with(Enforcement::ReportOnly));
    /// let v = v.verdicts()[0];
    /// // What a browser does: blocked, no Access-Control-Allow-Origin.
    /// assert_eq!(v.outcome, Outcome::Blocked);
    /// // What the harness hands to script anyway.
    /// let delivered = v.delivered.as_ref().unwrap();
    /// assert_eq!((delivered.outcome, delivered.body.as_str()), (Outcome::Exposed, "hi"));
    /// ```
    pub fn with(self, enforcement: Enforcement) -> Options {
        Options {
            enforcement,
            ..self
        }
    }
}

/// Evaluates a scenario that passed validation.
///
/// ```
/// use sop_verdict::{FixtureFile, Limits, evaluate, Options, Outcome};
/// let text = r#"{"name": "x", "page": "https://app.example/",
///   "request": {"url": "https://api.example/data"},
///   "responses": [{"url": "https://api.example/data", "body": "hi"}]}"#;
/// let file = FixtureFile::parse("x.json".as_ref(), text, &Limits::default()).unwrap();
/// let v = evaluate(&file.scenarios[0], Options::default());
/// let v = v.verdicts()[0];
/// assert_eq!(v.outcome, Outcome::Blocked);
/// assert_eq!(v.reason.unwrap().code(), "missing-allow-origin-header");
/// assert!(v.message.as_deref().unwrap().starts_with("Access to fetch at 'https://api.example/data' from origin 'https://app.example'"));
/// ```
pub fn evaluate(scenario: &Scenario, options: Options) -> ScenarioVerdict {
    match &scenario.body {
        Body::Fetch(body) => evaluate_fetch(scenario, body, options),
        Body::Embed(body) => crate::embed::evaluate_embed_scenario(scenario, body, options),
        Body::Window(body) => crate::window::evaluate_window_scenario(scenario, body, options),
    }
}

/// A fetch scenario: its calls in turn, on the scenario's clock.
fn evaluate_fetch(scenario: &Scenario, body: &FetchBody, options: Options) -> ScenarioVerdict {
    let profile = scenario.profile.profile();
    let page = PageContext::new(&scenario.page);
    let servers = Servers::new(&scenario.responses);
    let mut cache = PreflightCache::new();
    // report-only's second world: the same calls with the policy off, on
    // their own cache (which no preflight ever fills).
    let mut delivering_cache = PreflightCache::new();
    let enforcement = options.enforcement;
    let policy = enforcement.policy();
    let mut verdict_for = |request: &ScriptRequest, now: Duration| {
        let mut v = evaluate_call(
            &page,
            request,
            &servers,
            &profile,
            &mut cache,
            now,
            options.trace,
            policy,
        );
        if options.fix && v.outcome == Outcome::Blocked {
            v.fix = Some(suggest_fix_under(
                scenario,
                &page,
                request,
                &v,
                &profile,
                policy,
                servers.wire_forms(),
            ));
        }
        v.enforcement = enforcement;
        if enforcement == Enforcement::ReportOnly {
            let delivering = evaluate_call(
                &page,
                request,
                &servers,
                &profile,
                &mut delivering_cache,
                now,
                false,
                SameOriginPolicy::Off,
            );
            v.delivered = Some(Box::new(Delivered::from(delivering)));
        }
        v
    };
    match body {
        FetchBody::Call { request, .. } => {
            let mut v = verdict_for(request, Duration::ZERO);
            if options.warnings {
                v.warnings = fetch_warnings(&servers, std::slice::from_ref(&v));
            }
            ScenarioVerdict::Single(Box::new(v))
        }
        FetchBody::Steps(steps) => {
            let mut now = Duration::ZERO;
            let steps: Vec<Verdict> = steps
                .iter()
                .map(|step| {
                    now += Duration::from_secs_f64(step.wait);
                    verdict_for(&step.request, now)
                })
                .collect();
            let warnings = if options.warnings {
                fetch_warnings(&servers, &steps)
            } else {
                Vec::new()
            };
            ScenarioVerdict::Steps { steps, warnings }
        }
    }
}

/// The scenario's warnings once every call has run: the requests that no
/// entry answered, then the entries that answered none (a likely typo when
/// some request went unanswered, an entry never asked for otherwise).
fn fetch_warnings(servers: &Servers<'_>, verdicts: &[Verdict]) -> Vec<Warning> {
    // In report-only, the requests of both runs: what the browser would
    // have sent and what was sent.
    let delivered = verdicts
        .iter()
        .flat_map(|v| v.delivered.iter().flat_map(|d| &d.sent));
    scenario_warnings(
        servers,
        verdicts.iter().flat_map(|v| &v.sent).chain(delivered),
    )
}

/// The warnings of any kind's scenario, from every request it sent.
pub(crate) fn scenario_warnings<'a>(
    servers: &Servers<'_>,
    sent: impl Iterator<Item = &'a Outgoing>,
) -> Vec<Warning> {
    let mut unanswered: Vec<String> = Vec::new();
    let mut out: Vec<Warning> = Vec::new();
    for sent in sent {
        if servers.entry_for(sent).is_none() {
            let (method, url) = (sent.method.to_string(), wire_url(&sent.url).to_owned());
            let name = format!("{method} {url}");
            if !unanswered.contains(&name) {
                unanswered.push(name);
                out.push(Warning::NoResponseEntry { method, url });
            }
        }
    }
    out.extend(servers.unused().map(|(index, e)| {
        let (method, url) = (e.method.clone(), e.url.as_str().to_owned());
        if unanswered.is_empty() {
            Warning::UnreachedResponse { index, method, url }
        } else {
            Warning::UnusedResponse {
                index,
                method,
                url,
                unanswered: unanswered.clone(),
            }
        }
    }));
    out
}
