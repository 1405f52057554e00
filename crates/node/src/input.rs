//! The scenario argument: a scenario object or its JSON text, read as
//! `sop eval` reads a fixture file holding one scenario.

use std::path::Path;

use napi::bindgen_prelude::{Function, JsObjectValue, Object, Unknown};
use napi::{Env, JsValue, ValueType};
use sop_verdict::{FixtureFile, Limits, Scenario};

use crate::error::{INVALID_ARGUMENT, INVALID_SCENARIO, SopError};

/// The label `FixtureFile::parse` gives the text; errors leave it out.
const INPUT: &str = "<input>";

/// The JSON text of a scenario argument: a string as it is, an object as
/// `JSON.stringify` writes it (so `toJSON` and `undefined` fields behave as
/// in any JSON API, and a cycle is JavaScript's own TypeError, caught).
pub fn scenario_text(env: &Env, value: Unknown<'_>) -> Result<String, SopError> {
    let wrong = |what: &str| {
        SopError::new(
            INVALID_ARGUMENT,
            ".",
            format!("expected a scenario object or its JSON text, found {what}"),
        )
    };
    let kind = value.get_type().map_err(|e| wrong(&e.reason))?;
    match kind {
        ValueType::String => {
            let text = value
                .coerce_to_string()
                .and_then(|s| s.into_utf8())
                .and_then(|s| s.into_owned());
            text.map_err(|e| wrong(&format!("a string that cannot be read ({})", e.reason)))
        }
        ValueType::Object => stringify(env, value, "the scenario object", "."),
        other => Err(wrong(type_words(other))),
    }
}

/// `JSON.stringify(value)`, with what it throws as an error of ours
/// saying `what` (at `path`) cannot be written as JSON.
pub fn stringify(
    env: &Env,
    value: Unknown<'_>,
    what: &str,
    path: &str,
) -> Result<String, SopError> {
    let cannot = |why: String| {
        SopError::new(
            INVALID_ARGUMENT,
            path,
            format!("{what} cannot be written as JSON: {why}"),
        )
    };
    let json: Object<'_> = env
        .get_global()
        .and_then(|g| g.get_named_property("JSON"))
        .map_err(|e| cannot(e.reason.clone()))?;
    let stringify: Function<'_, Unknown<'_>, Unknown<'_>> = json
        .get_named_property("stringify")
        .map_err(|e| cannot(e.reason.clone()))?;
    let text = stringify
        .call(value)
        .map_err(|e| cannot(e.reason.clone()))?;
    match text.get_type() {
        Ok(ValueType::String) => text
            .coerce_to_string()
            .and_then(|s| s.into_utf8())
            .and_then(|s| s.into_owned())
            .map_err(|e| cannot(e.reason.clone())),
        _ => Err(cannot("JSON.stringify gave no text".to_owned())),
    }
}

/// The one scenario in `text`, validated as `sop eval` validates a file
/// (limits included). A `{"scenarios": [...]}` list is refused: each of
/// its scenarios is an argument of its own.
pub fn parse_scenario(text: &str) -> Result<Scenario, SopError> {
    let file = FixtureFile::parse(Path::new(INPUT), text, &Limits::default())?;
    if !file.single {
        return Err(SopError::new(
            INVALID_SCENARIO,
            "scenarios",
            format!(
                "expected one scenario object, found {{\"scenarios\": [...]}} with {}; \
                 pass each scenario on its own",
                match file.scenarios.len() {
                    1 => "1 scenario".to_owned(),
                    n => format!("{n} scenarios"),
                }
            ),
        ));
    }
    file.scenarios.into_iter().next().ok_or_else(|| {
        SopError::new(
            INVALID_SCENARIO,
            ".",
            "expected a scenario object, found none",
        )
    })
}

/// The scenario argument, read and validated.
pub fn scenario(env: &Env, value: Unknown<'_>) -> Result<Scenario, SopError> {
    parse_scenario(&scenario_text(env, value)?)
}

/// A URL argument, which must be a string; `path` names it in errors.
pub fn url(value: Unknown<'_>, path: &str) -> Result<String, SopError> {
    let wrong = |what: &str| {
        SopError::new(
            INVALID_ARGUMENT,
            path,
            format!("expected a URL string, found {what}"),
        )
    };
    match value.get_type() {
        Ok(ValueType::String) => value
            .coerce_to_string()
            .and_then(|s| s.into_utf8())
            .and_then(|s| s.into_owned())
            .map_err(|e| wrong(&format!("a string that cannot be read ({})", e.reason))),
        Ok(kind) => Err(wrong(type_words(kind))),
        Err(e) => Err(wrong(&e.reason)),
    }
}

/// A JavaScript type in words, for errors.
fn type_words(kind: ValueType) -> &'static str {
    match kind {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Object => "an object",
        ValueType::Function => "a function",
        ValueType::BigInt => "a BigInt",
        _ => "a value of another type",
    }
}
