//! The scenario format's JSON Schema: docs/scenario.schema.json is what
//! `sop schema` prints today, every file sop accepts validates against it,
//! and it refuses what sop refuses wherever JSON Schema can say so.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use sop_verdict::fixture::{fixture_paths, json_schema};
use sop_verdict::{FixtureFile, Limits};

const CHECKED_IN: &str = "docs/scenario.schema.json";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The schema as `sop schema` prints it.
fn printed() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sop"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// A validator for the schema, checking formats (`uri`) too, as editors do.
fn validator() -> jsonschema::Validator {
    let schema = json_schema();
    assert!(
        jsonschema::meta::is_valid(&schema),
        "the schema is not a valid JSON Schema"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Where `instance` breaks the schema, one line per error; empty when valid.
fn schema_errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_checked_in_schema_is_what_sop_schema_prints() {
    let path = root().join(CHECKED_IN);
    let printed = printed();
    let generated = format!(
        "{}\n",
        serde_json::to_string_pretty(&json_schema()).unwrap()
    );
    assert_eq!(printed, generated, "`sop schema` prints another schema");
    if std::env::var_os("SOP_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{CHECKED_IN} is stale: the fixture types changed. Refresh it with\n  \
         cargo run -- schema > {CHECKED_IN}\nor\n  \
         SOP_BLESS=1 cargo test -- schema"
    );
}

/// Every fixture below fixtures/ and every example in docs/examples that
/// sop accepts is valid by the schema; every one it refuses, being JSON,
/// is refused by the schema too (the examples break a field's name or
/// value, which the schema can say).
#[test]
fn every_file_sop_accepts_validates_and_the_broken_examples_do_not() {
    let v = validator();
    let mut paths = fixture_paths(&[root().join("fixtures")]).unwrap();
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("docs/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    examples.sort();
    paths.extend(examples);
    let (mut valid, mut refused, mut failures) = (0, 0, Vec::new());
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let sop = FixtureFile::read(path, &Limits::default());
        let Ok(instance) = serde_json::from_str::<Value>(&text) else {
            assert!(
                sop.is_err(),
                "{}: sop reads what is not JSON",
                path.display()
            );
            continue;
        };
        let errors = schema_errors(&v, &instance);
        match (&sop, errors.is_empty()) {
            (Ok(_), true) => valid += 1,
            (Err(_), false) => refused += 1,
            (Ok(_), false) => failures.push(format!(
                "{}: sop accepts it but the schema does not:\n  {}",
                path.display(),
                errors.join("\n  ")
            )),
            (Err(e), true) => failures.push(format!(
                "{}: the schema accepts what sop refuses: {e}",
                path.display()
            )),
        }
    }
    println!("{valid} files valid, {refused} refused by both");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(valid >= 16, "only {valid} files validated");
    assert!(refused >= 2, "only {refused} broken examples refused");
}

/// A scenario with `extra` merged into a valid one-request scenario
/// (`null` removes a key).
fn scenario(extra: Value) -> Value {
    let mut s = json!({
        "name": "s",
        "page": "https://app.example/",
        "request": {"url": "https://api.example/data"},
        "responses": [{"url": "https://api.example/data",
                       "headers": {"Access-Control-Allow-Origin": "*"}}],
        "expect": {"outcome": "exposed"}
    });
    merge(&mut s, extra);
    s
}

fn merge(into: &mut Value, extra: Value) {
    match (into, extra) {
        (Value::Object(into), Value::Object(extra)) => {
            for (k, v) in extra {
                match (into.get_mut(&k), v) {
                    (_, Value::Null) => {
                        into.remove(&k);
                    }
                    (Some(slot @ Value::Object(_)), v @ Value::Object(_)) => merge(slot, v),
                    (_, v) => {
                        into.insert(k, v);
                    }
                }
            }
        }
        (into, extra) => *into = extra,
    }
}

/// sop and the schema agree on each case: what both accept, and what both
/// refuse, so the schema is not vacuous.
#[test]
fn the_schema_refuses_what_sop_refuses() {
    let v = validator();
    let step = json!({"request": {"url": "/a"}, "expect": {"outcome": "exposed"}});
    let accepted = [
        ("the base scenario", scenario(json!({}))),
        (
            "$schema in a scenario",
            scenario(json!({"$schema": "../docs/scenario.schema.json"})),
        ),
        (
            "$schema in a list",
            json!({"$schema": "../docs/scenario.schema.json", "scenarios": [scenario(json!({}))]}),
        ),
        (
            "steps",
            scenario(
                json!({"request": null, "expect": null, "steps": [step, {"wait": 1.5, "request": {"url": "/b"}}]}),
            ),
        ),
        (
            "a sandboxed page",
            scenario(json!({"page": {"url": "https://app.example/f", "sandbox": true}})),
        ),
        (
            "header pairs",
            scenario(json!({"request": {"headers": [["X-A", "1"], ["X-A", "2"]]}})),
        ),
        (
            "a blocked read with its reason",
            scenario(
                json!({"expect": {"outcome": "blocked", "reason": "missing-allow-origin-header"}}),
            ),
        ),
        (
            "a POST with a body",
            scenario(json!({"request": {"method": "post", "body": "x"}})),
        ),
        (
            "an xhr with cors written out",
            scenario(json!({"request": {"api": "xhr", "mode": "cors", "upload_listener": true}})),
        ),
        (
            "expected request headers, null for absent",
            scenario(
                json!({"expect": {"requests": [{"method": "GET", "url": "https://api.example/data", "headers": {"origin": "https://app.example", "cookie": null}}]}}),
            ),
        ),
    ];
    let refused = [
        (
            "both request and steps",
            scenario(json!({"expect": null, "steps": [step]})),
        ),
        (
            "neither request nor steps",
            scenario(json!({"request": null})),
        ),
        (
            "expect beside steps",
            scenario(json!({"request": null, "steps": [step]})),
        ),
        (
            "no steps",
            scenario(json!({"request": null, "expect": null, "steps": []})),
        ),
        (
            "an unknown field",
            scenario(json!({"expected": {"outcome": "exposed"}})),
        ),
        (
            "an unknown field in a request",
            scenario(json!({"request": {"mthod": "PUT"}})),
        ),
        ("no name", scenario(json!({"name": null}))),
        ("a kind not modelled", scenario(json!({"kind": "window"}))),
        (
            "a request in an embed scenario",
            scenario(json!({"kind": "embed"})),
        ),
        (
            "an embed in a fetch scenario",
            scenario(json!({"embed": {"element": "img", "url": "/a.png"}})),
        ),
        (
            "an unknown element",
            json!({"name": "e", "kind": "embed", "page": "https://app.example/",
                   "embed": {"element": "marquee", "url": "/a"}}),
        ),
        (
            "a profile that is not",
            scenario(json!({"profile": "firefox"})),
        ),
        (
            "a bad reason",
            scenario(
                json!({"expect": {"outcome": "blocked", "reason": "cors-missing-allow-origin"}}),
            ),
        ),
        (
            "a reason with another outcome",
            scenario(json!({"expect": {"reason": "missing-allow-origin-header"}})),
        ),
        (
            "a bad outcome",
            scenario(json!({"expect": {"outcome": "allowed"}})),
        ),
        (
            "status as a string",
            scenario(json!({"responses": [{"url": "https://api.example/data", "status": "200"}]})),
        ),
        (
            "a status out of range",
            scenario(json!({"responses": [{"url": "https://api.example/data", "status": 42}]})),
        ),
        (
            "a relative response URL",
            scenario(json!({"responses": [{"url": "/data"}]})),
        ),
        ("a relative page URL", scenario(json!({"page": "/app"}))),
        ("a bad mode", scenario(json!({"request": {"mode": "corz"}}))),
        (
            "a header pair of three",
            scenario(json!({"request": {"headers": [["X-A", "1", "2"]]}})),
        ),
        (
            "a header value that is a number",
            scenario(json!({"request": {"headers": {"X-A": 1}}})),
        ),
        (
            "a GET with a body in fetch",
            scenario(json!({"request": {"body": "x"}})),
        ),
        (
            "a head with a body in fetch",
            scenario(json!({"request": {"method": "head", "body": "x"}})),
        ),
        (
            "mode on an xhr",
            scenario(json!({"request": {"api": "xhr", "mode": "no-cors"}})),
        ),
        (
            "omit on an xhr",
            scenario(json!({"request": {"api": "xhr", "credentials": "omit"}})),
        ),
        (
            "an upload listener on fetch",
            scenario(json!({"request": {"upload_listener": true}})),
        ),
        (
            "a negative wait",
            scenario(
                json!({"request": null, "expect": null, "steps": [{"wait": -1, "request": {"url": "/a"}}]}),
            ),
        ),
        (
            "$schema that is not a string",
            scenario(json!({"$schema": 5})),
        ),
        (
            "a list with something else",
            json!({"scenarios": [scenario(json!({}))], "note": "x"}),
        ),
    ];
    let mut failures = Vec::new();
    for (sop_accepts, cases) in [(true, &accepted[..]), (false, &refused[..])] {
        for (what, instance) in cases {
            let text = instance.to_string();
            let sop = FixtureFile::parse("case.json".as_ref(), &text, &Limits::default());
            if sop.is_ok() != sop_accepts {
                failures.push(format!("{what}: sop says {:?}", sop.map(|_| "ok")));
            }
            let errors = schema_errors(&v, instance);
            if errors.is_empty() != sop_accepts {
                failures.push(format!("{what}: the schema says {errors:?}\n  {text}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every field the contract (docs/fixture-format.md) documents is in the
/// schema with a description, required where the contract says so, and
/// with the contract's default where it gives one as a JSON value.
#[test]
fn every_documented_field_is_in_the_schema_with_its_default() {
    let schema = json_schema();
    let contract = std::fs::read_to_string(root().join("docs/fixture-format.md")).unwrap();
    let sections = [
        ("## Scenario", "Scenario"),
        ("## Request", "Request"),
        ("## Response", "Response"),
        ("## Steps", "Step"),
        ("## Expect", "Expect"),
    ];
    let (mut checked, mut failures) = (0, Vec::new());
    for (heading, def) in sections {
        let Some(start) = contract.lines().position(|l| l.starts_with(heading)) else {
            panic!("no {heading:?} section in docs/fixture-format.md");
        };
        let table: Vec<Vec<&str>> = contract
            .lines()
            .skip(start + 1)
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
            .collect();
        let default_column = table[0].iter().position(|c| *c == "default");
        let definition = &schema["$defs"][def];
        for row in &table[2..] {
            let field = row[0].trim_matches('`');
            checked += 1;
            let property = &definition["properties"][field];
            if property.get("description").is_none() {
                failures.push(format!(
                    "{def}.{field}: not in the schema, or no description"
                ));
                continue;
            }
            let Some(documented) = default_column.map(|c| row[c]) else {
                continue;
            };
            let required = definition["required"]
                .as_array()
                .is_some_and(|r| r.contains(&json!(field)));
            if (documented == "required") != required {
                failures.push(format!(
                    "{def}.{field}: the contract says {documented:?}, the schema required: {required}"
                ));
            }
            let literal = documented
                .strip_prefix('`')
                .and_then(|d| d.strip_suffix('`'))
                .and_then(|d| serde_json::from_str::<Value>(d).ok());
            if let Some(literal) = literal {
                let same = match (property.get("default"), &literal) {
                    (Some(Value::Number(a)), Value::Number(b)) => a.as_f64() == b.as_f64(),
                    (found, _) => found == Some(&literal),
                };
                if !same {
                    failures.push(format!(
                        "{def}.{field}: the contract's default is {literal}, the schema's {:?}",
                        property.get("default")
                    ));
                }
            }
        }
    }
    assert!(checked >= 35, "only {checked} documented fields found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
