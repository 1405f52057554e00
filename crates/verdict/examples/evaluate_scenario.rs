//! Evaluates a scenario given as a JSON string and reads the verdict: the
//! outcome and reason, Chromium's console message, and the verified fix.
//!
//! Run it: `cargo run -p sop-verdict --example evaluate_scenario`
//! (`cargo test` runs it too).

use sop_verdict::{FixtureFile, Limits, Options, Outcome, evaluate};

const SCENARIO: &str = r#"{
  "name": "credentialed read, server answers with *",
  "page": "https://app.example/",
  "request": {"url": "https://api.example/me", "credentials": "include"},
  "responses": [
    {"url": "https://api.example/me", "headers": {"Access-Control-Allow-Origin": "*"},
     "body": "{\"user\": \"ada\"}"}
  ]
}"#;

fn main() {
    // Errors name the file (here a label), the JSON path and what was expected.
    let file = match FixtureFile::parse("inline.json".as_ref(), SCENARIO, &Limits::default()) {
        Ok(file) => file,
        Err(e) => panic!("{e}"),
    };
    let verdict = evaluate(&file.scenarios[0], Options::default());
    let v = verdict.verdicts()[0];

    println!("outcome: {}", v.outcome.as_str());
    if let Some(reason) = v.reason {
        println!("reason:  {reason} ({})", reason.code());
    }
    if let Some(message) = &v.message {
        println!("console: {message}");
    }
    if let Some(fix) = &v.fix {
        for change in &fix.changes {
            println!("fix: on the response to {} {}:", change.method, change.url);
            for (name, value) in &change.set {
                println!("       {name}: {value}");
            }
        }
        println!("     {}", fix.why);
    }

    assert_eq!(v.outcome, Outcome::Blocked);
    assert_eq!(
        v.reason.map(|r| r.code()),
        Some("wildcard-origin-not-allowed")
    );
    let fix = v.fix.as_ref().expect("a blocked read has a fix");
    assert!(fix.possible);
    assert_eq!(
        fix.changes[0].set["Access-Control-Allow-Origin"],
        "https://app.example"
    );
    assert_eq!(
        fix.changes[0].set["Access-Control-Allow-Credentials"],
        "true"
    );
}

#[test]
fn runs() {
    main();
}
