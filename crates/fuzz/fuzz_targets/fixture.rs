//! The fixture reader plus everything the CLI does with a scenario: any
//! bytes are either refused with an error or evaluated to a verdict, never
//! a panic. Evaluation is deterministic, a lean verdict (batch audits) says
//! exactly what the full one says without its trace, fix and warnings, and the
//! explanation (`sop explain`) and the expectation check (`sop check`)
//! render any verdict.
//!
//! (No `#![forbid(unsafe_code)]` here: libFuzzer's entry point is an
//! exported C symbol, which the `fuzz_target!` macro declares.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use sop_verdict::explain::{Style, explain};
use sop_verdict::{FixtureFile, Limits, Options, compare, evaluate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = Limits::default();
    for parsed in [
        FixtureFile::parse("fuzz.json".as_ref(), text, &limits),
        FixtureFile::parse_one("fuzz.json".as_ref(), text, &limits),
    ] {
        let Ok(file) = parsed else { continue };
        for scenario in &file.scenarios {
            let full = evaluate(scenario, Options::default());
            let again = evaluate(scenario, Options::default());
            let (a, b) = (
                serde_json::to_string(&full).unwrap_or_default(),
                serde_json::to_string(&again).unwrap_or_default(),
            );
            assert_eq!(a, b, "evaluation is deterministic");

            let lean = evaluate(scenario, Options::lean());
            let (lean, full_verdicts) = (lean.verdicts(), full.verdicts());
            assert_eq!(lean.len(), full_verdicts.len());
            for (lean, full) in lean.into_iter().zip(full_verdicts) {
                let mut stripped = full.clone();
                stripped.trace.clear();
                stripped.fix = None;
                stripped.warnings.clear();
                assert_eq!(
                    serde_json::to_string(lean).unwrap_or_default(),
                    serde_json::to_string(&stripped).unwrap_or_default(),
                    "a lean verdict is the full one without its trace, fix and warnings"
                );
            }

            let color = data.len() % 2 == 0;
            let _ = explain(
                scenario,
                &full,
                Style {
                    color,
                    ..Style::default()
                },
            );
            let _ = compare(scenario, &full);
        }
    }
});
