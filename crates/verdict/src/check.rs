//! `sop check`'s comparison: each step's verdict, projected onto the
//! contract's fields, against the step's expectation (see
//! [`crate::observation`] for what is compared and how).

use crate::fixture::Scenario;
pub use crate::observation::Mismatch;
use crate::observation::{Observation, mismatches};
use crate::verdict::{Options, ScenarioVerdict, Warning, evaluate};

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
/// verdicts suffice: no expectation reads the trace or the fix.
pub fn check(scenario: &Scenario) -> Checked {
    let verdict = evaluate(scenario, Options::lean());
    Checked {
        mismatches: compare(scenario, &verdict),
        warnings: verdict.warnings().to_vec(),
    }
}

/// The mismatches between a scenario's expectations and its verdict.
pub fn compare(scenario: &Scenario, verdict: &ScenarioVerdict) -> Vec<Mismatch> {
    let mut out = Vec::new();
    match (verdict, &scenario.steps) {
        (ScenarioVerdict::Single(v), _) => {
            if let Some(e) = &scenario.expect {
                out.extend(mismatches(e, "expect", &Observation::from(&**v)));
            }
        }
        (ScenarioVerdict::Steps { steps, .. }, Some(step_defs)) => {
            for (i, (def, v)) in step_defs.iter().zip(steps).enumerate() {
                if let Some(e) = &def.expect {
                    let at = format!("steps[{i}].expect");
                    out.extend(mismatches(e, &at, &Observation::from(v)));
                }
            }
        }
        (ScenarioVerdict::Steps { .. }, None) => {}
    }
    out
}
