//! The fixture corpus: every scenario in fixtures/ must get the verdict its
//! expectation (proved in Chromium) gives. The equivalent of
//! `sop check fixtures/`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use sop_fetch_model::Reason;
use sop_verdict::fixture::{Body, fixture_paths};
use sop_verdict::{FixtureFile, Limits, Scenario, check};

/// Every fixture file below fixtures/, subfolders included (as `sop check`
/// and the browser check find them), so a kind's own folder is not skipped.
fn corpus() -> Vec<FixtureFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let paths = fixture_paths(&[dir]).unwrap_or_else(|e| panic!("{e}"));
    assert!(paths.len() >= 15, "the corpus went missing: {paths:?}");
    paths
        .iter()
        .map(|p| FixtureFile::read(p, &Limits::default()).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

#[test]
fn every_fixture_matches_its_expectation() {
    let (mut passed, mut failures) = (0, Vec::new());
    for file in corpus() {
        for scenario in &file.scenarios {
            let mismatches = check(scenario).mismatches;
            if mismatches.is_empty() {
                passed += 1;
            } else {
                let lines: Vec<String> = mismatches.iter().map(|m| format!("    {m}")).collect();
                failures.push(format!(
                    "{}: {}\n{}",
                    file.path.display(),
                    scenario.name,
                    lines.join("\n")
                ));
            }
        }
    }
    println!("{passed} passed, {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "{} scenarios disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(passed > 0, "the corpus is empty");
}

#[test]
fn every_scenario_teaches_and_expects() {
    for file in corpus() {
        for s in &file.scenarios {
            assert!(
                s.note.as_deref().is_some_and(|n| n.len() > 20),
                "{}: {}: needs a note",
                file.path.display(),
                s.name
            );
            let expects = match &s.body {
                Body::Fetch(body) => body.calls().iter().all(|c| c.expect.is_some()),
                Body::Embed(body) => body.expect.is_some(),
                Body::Window(body) => body.expect.is_some(),
                _ => panic!("{}: a kind this test does not know yet", s.name),
            };
            assert!(
                expects,
                "{}: {}: needs an expectation",
                file.path.display(),
                s.name
            );
        }
    }
}

/// The reasons a scenario's expectations name, of every kind.
fn expected_reasons(s: &Scenario) -> Vec<Reason> {
    match &s.body {
        Body::Fetch(body) => body
            .calls()
            .iter()
            .filter_map(|c| c.expect?.reason)
            .collect(),
        Body::Embed(body) => body.expect.iter().filter_map(|e| e.reason).collect(),
        Body::Window(body) => body
            .expect
            .iter()
            .flat_map(|e| {
                let domains = e.document_domain.iter().flat_map(|d| [&d.page, &d.other]);
                e.results.iter().flatten().chain(domains.flatten())
            })
            .filter_map(|r| r.reason)
            .collect(),
        _ => panic!("{}: a kind this test does not know yet", s.name),
    }
}

/// How often each reason is expected across the corpus.
fn reason_counts() -> BTreeMap<Reason, usize> {
    let mut counts: BTreeMap<Reason, usize> = Reason::ALL.iter().map(|r| (*r, 0)).collect();
    for file in corpus() {
        for s in &file.scenarios {
            for r in expected_reasons(s) {
                *counts.entry(r).or_default() += 1;
            }
        }
    }
    counts
}

/// The corpus covers every reason at least twice, in at least 250
/// scenarios (the fixture issue's bar), and says so.
#[test]
fn corpus_covers_every_reason_twice() {
    let files = corpus();
    let total: usize = files.iter().map(|f| f.scenarios.len()).sum();
    println!("{total} scenarios in {} files", files.len());
    let counts = reason_counts();
    for (reason, n) in &counts {
        println!("  {n:>3}  {reason}");
    }
    assert!(total >= 250, "only {total} scenarios");
    let thin: Vec<String> = counts
        .iter()
        .filter(|(_, n)| **n < 2)
        .map(|(r, n)| format!("{r} ({n})"))
        .collect();
    assert!(
        thin.is_empty(),
        "reasons expected fewer than twice: {}",
        thin.join(", ")
    );
}

/// Over the whole corpus, a `report-only` verdict is the `enforce` verdict
/// with `enforcement` and `delivered` added, and `delivered` is what the
/// `off` verdict reads and sent.
#[test]
fn report_only_is_enforce_plus_the_off_run_across_the_corpus() {
    use sop_verdict::{Enforcement, Options, evaluate};
    let mut compared = 0;
    for file in corpus() {
        for scenario in &file.scenarios {
            let lean = Options::lean();
            let json = |e| serde_json::to_value(evaluate(scenario, lean.with(e))).unwrap();
            let (enforce, mut report, off) = (
                json(Enforcement::Enforce),
                json(Enforcement::ReportOnly),
                json(Enforcement::Off),
            );
            let what = format!("{}: {}", file.path.display(), scenario.name);
            let one = |v: &Value| -> Vec<Value> {
                match v.get("steps") {
                    Some(steps) => steps.as_array().unwrap().clone(),
                    None => vec![v.clone()],
                }
            };
            for (r, o) in one(&report).iter().zip(one(&off)) {
                assert_eq!(r["enforcement"], "report-only", "{what}");
                for key in [
                    "outcome",
                    "reason",
                    "status",
                    "exposed_headers",
                    "body",
                    "url",
                    "requests",
                ] {
                    assert_eq!(r["delivered"][key], o[key], "{what}: delivered.{key}");
                }
            }
            let strip = |v: &mut Value| {
                let v = v.as_object_mut().unwrap();
                v.remove("enforcement");
                v.remove("delivered");
                // Warnings count the delivering run's requests too.
                v.remove("warnings");
            };
            let mut enforce = enforce;
            match report.get_mut("steps") {
                Some(steps) => {
                    steps.as_array_mut().unwrap().iter_mut().for_each(strip);
                    enforce["steps"]
                        .as_array_mut()
                        .unwrap()
                        .iter_mut()
                        .for_each(strip);
                    report.as_object_mut().unwrap().remove("warnings");
                    enforce.as_object_mut().unwrap().remove("warnings");
                }
                None => {
                    strip(&mut report);
                    strip(&mut enforce);
                }
            }
            assert_eq!(report, enforce, "{what}");
            compared += 1;
        }
    }
    assert!(compared > 400, "{compared}");
}

/// Every scenario makes a handout: one part per read, each with a verdict,
/// a diagram whose text elements all close, and the same verdict in both
/// renderings.
#[test]
fn every_scenario_makes_a_handout() {
    use sop_verdict::handout::Handout;
    let mut n = 0;
    for file in corpus() {
        for s in &file.scenarios {
            let h = Handout::new(
                s,
                &sop_verdict::evaluate(s, sop_verdict::Options::default()),
            );
            assert!(!h.parts.is_empty(), "{}: no part", s.name);
            let (md, html) = (h.markdown(), h.html());
            for (part, svg) in h.parts.iter().zip(h.svgs()) {
                assert!(!part.verdict.text.is_empty(), "{}", s.name);
                assert!(
                    md.contains(&part.verdict.text.replace('_', "\\_")),
                    "{}",
                    s.name
                );
                assert_eq!(
                    svg.matches("<text ").count(),
                    svg.matches("</text>").count()
                );
                assert_eq!(svg.matches("<svg ").count(), 1);
            }
            assert_eq!(html.matches("<svg ").count(), h.parts.len(), "{}", s.name);
            n += 1;
        }
    }
    assert!(n >= 250, "{n}");
}
