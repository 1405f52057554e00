//! The fixture reader plus evaluation: any bytes are either refused with an
//! error or evaluated to a verdict, never a panic, and evaluation is
//! deterministic.
//!
//! (No `#![forbid(unsafe_code)]` here: libFuzzer's entry point is an
//! exported C symbol, which the `fuzz_target!` macro declares.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use sop_verdict::{FixtureFile, Limits, Options, evaluate};

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
            let a = evaluate(scenario, Options::default());
            let b = evaluate(scenario, Options::default());
            let (a, b) = (
                serde_json::to_string(&a).unwrap_or_default(),
                serde_json::to_string(&b).unwrap_or_default(),
            );
            assert_eq!(a, b, "evaluation is deterministic");
        }
    }
});
