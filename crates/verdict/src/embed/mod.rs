//! The embed kind: an HTML element (img, script, module script, style
//! sheet, font, video, audio, iframe) loads a resource, and the page's
//! script reads it. Its contract ([`contract`]), its evaluation (the
//! element's request through the fetch machine, then sop-html's rules),
//! its messages, its fix, its explanation and its comparison live here,
//! beside the fetch kind's.

pub mod check;
pub mod contract;
mod evaluate;
pub(crate) mod explain;
mod fix;
pub(crate) mod message;

pub use check::{EmbedObservation, compare_embed_fields, embed_mismatches};
pub use contract::{EmbedBody, EmbedExpect, EmbedSpec};
pub use evaluate::{EmbedDelivered, EmbedVerdict};

use crate::evaluate::{Options, ScenarioVerdict, scenario_warnings};
use crate::fixture::Scenario;
use crate::page::PageContext;
use crate::servers::Servers;

/// Evaluates an embed scenario.
pub(crate) fn evaluate_embed_scenario(
    scenario: &Scenario,
    body: &EmbedBody,
    options: Options,
) -> ScenarioVerdict {
    let profile = scenario.profile.profile();
    let page = PageContext::new(&scenario.page);
    let servers = Servers::new(&scenario.responses);
    let policy = options.enforcement.policy();
    let mut v = evaluate::evaluate_embed(
        &page,
        &body.embed,
        &servers,
        &profile,
        options.trace,
        policy,
    );
    if options.warnings {
        v.warnings = scenario_warnings(&servers, v.sent.iter());
    }
    v.enforcement = options.enforcement;
    if options.enforcement == crate::evaluate::Enforcement::ReportOnly {
        let delivering = evaluate::evaluate_embed(
            &page,
            &body.embed,
            &servers,
            &profile,
            false,
            sop_fetch_model::SameOriginPolicy::Off,
        );
        v.delivered = Some(Box::new(delivering.into()));
    }
    if options.fix && !v.works() {
        v.fix = Some(fix::suggest_embed_fix(
            &scenario.responses,
            &page,
            &body.embed,
            &v,
            &profile,
            policy,
        ));
    }
    ScenarioVerdict::Embed(Box::new(v))
}
