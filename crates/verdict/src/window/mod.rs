//! The window kind: the page's script holds a handle to another window (a
//! frame it embeds, a popup it opened, its parent, its opener) and gets,
//! sets or calls paths on it; `document.domain`, COOP and `postMessage`
//! play their parts. Contract, evaluation, messages, comparison and
//! explanation live here, beside the other kinds'.

pub mod check;
pub mod contract;
mod evaluate;
pub(crate) mod explain;
mod message;

pub use check::{WindowObservation, compare_window_fields, window_mismatches};
pub use contract::{
    AccessSpec, DocumentDomainSpec, ExpectedResult, OtherSpec, WindowBody, WindowExpect,
};
pub use evaluate::{AccessResult, DomainResult, WindowVerdict};

use crate::evaluate::{Options, ScenarioVerdict, scenario_warnings};
use crate::fixture::Scenario;
use crate::page::PageContext;
use crate::servers::Servers;

/// Evaluates a window scenario.
pub(crate) fn evaluate_window_scenario(
    scenario: &Scenario,
    body: &WindowBody,
    options: Options,
) -> ScenarioVerdict {
    let profile = scenario.profile.profile();
    let page = PageContext::new(&scenario.page);
    let servers = Servers::new(&scenario.responses);
    let policy = options.enforcement.policy();
    let mut v = evaluate::evaluate_window(&page, body, &servers, &profile, options.trace, policy);
    v.enforcement = options.enforcement;
    if options.enforcement == crate::evaluate::Enforcement::ReportOnly {
        let off = evaluate::evaluate_window(
            &page,
            body,
            &servers,
            &profile,
            false,
            sop_fetch_model::SameOriginPolicy::Off,
        );
        v.delivered = Some(Box::new((off.results, off.sent)));
    }
    if options.warnings {
        v.warnings = scenario_warnings(&servers, v.sent.iter());
    }
    ScenarioVerdict::Window(Box::new(v))
}
