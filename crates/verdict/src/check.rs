//! `sop check`'s comparison: each step's verdict, projected onto the
//! contract's fields, against the step's expectation (see
//! [`crate::observation`] for what is compared and how).

use crate::embed::{EmbedObservation, embed_mismatches};
use crate::evaluate::{Options, ScenarioVerdict, evaluate};
use crate::fixture::{Body, FetchBody, Scenario};
pub use crate::observation::Mismatch;
use crate::observation::{Observation, mismatches};
use crate::warning::Warning;
use crate::window::{WindowObservation, window_mismatches};

/// What checking a scenario found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Checked {
    /// The fields that differ from the expectation.
    pub mismatches: Vec<Mismatch>,
    /// What in the scenario may not be what its author meant.
    pub warnings: Vec<Warning>,
}

/// Evaluates a scenario and compares it with its expectations. Outcome
/// verdicts suffice (no expectation reads the trace or the fix), with the
/// scenario's warnings.
pub fn check(scenario: &Scenario) -> Checked {
    let options = Options {
        warnings: true,
        ..Options::lean()
    };
    let verdict = evaluate(scenario, options);
    Checked {
        mismatches: compare(scenario, &verdict),
        warnings: verdict.warnings().to_vec(),
    }
}

/// The mismatches between a scenario's expectations and its verdict.
pub fn compare(scenario: &Scenario, verdict: &ScenarioVerdict) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let body = match (&scenario.body, verdict) {
        (Body::Fetch(body), _) => body,
        (Body::Embed(body), ScenarioVerdict::Embed(v)) => {
            if let Some(e) = &body.expect {
                out.extend(embed_mismatches(e, "expect", &EmbedObservation::from(&**v)));
            }
            return out;
        }
        (Body::Window(body), ScenarioVerdict::Window(v)) => {
            if let Some(e) = &body.expect {
                out.extend(window_mismatches(
                    e,
                    "expect",
                    &WindowObservation::from(&**v),
                ));
            }
            return out;
        }
        _ => return out,
    };
    let at = |i: usize| match body {
        FetchBody::Call { .. } => "expect".to_owned(),
        FetchBody::Steps(_) => format!("steps[{i}].expect"),
    };
    for (i, (call, v)) in body.calls().iter().zip(verdict.verdicts()).enumerate() {
        if let Some(e) = call.expect {
            out.extend(mismatches(e, &at(i), &Observation::from(v)));
        }
    }
    out
}
