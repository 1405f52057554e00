//! The options objects of `evaluate` and `explain`, read strictly: an
//! unknown key (a typo) or a value of the wrong type is an error, never
//! silently the default.

use napi::bindgen_prelude::Unknown;
use napi::{Env, ValueType};
use serde_json::{Map, Value};
use sop_verdict::explain::Style;
use sop_verdict::{Enforcement, Options};

use crate::error::{INVALID_OPTION, SopError};
use crate::input::stringify;

/// An options object as JSON, its keys checked against `known`.
struct Given {
    fields: Map<String, Value>,
}

impl Given {
    /// Reads the options argument: `undefined` or `null` is no options.
    fn read(env: &Env, value: Option<Unknown<'_>>, known: &[&str]) -> Result<Given, SopError> {
        let fields = match value {
            None => Map::new(),
            Some(value) => match value.get_type() {
                Ok(ValueType::Undefined | ValueType::Null) => Map::new(),
                Ok(ValueType::Object) => {
                    let text = stringify(env, value, "the options object", "options")?;
                    match serde_json::from_str(&text) {
                        Ok(Value::Object(fields)) => fields,
                        // An array is an object to JavaScript.
                        _ => return Err(not_an_object()),
                    }
                }
                _ => return Err(not_an_object()),
            },
        };
        if let Some(key) = fields.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(SopError::new(
                INVALID_OPTION,
                format!("options.{key}"),
                format!("unknown option; the options are {}", known.join(", ")),
            ));
        }
        Ok(Given { fields })
    }

    /// A field that must be `true` or `false` when given.
    fn bool(&self, key: &str) -> Result<Option<bool>, SopError> {
        match self.fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(wrong(key, "true or false", other)),
        }
    }

    /// A field that must be one of `choices` when given.
    fn choice(
        &self,
        key: &str,
        choices: &[&'static str],
    ) -> Result<Option<&'static str>, SopError> {
        match self.fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => choices
                .iter()
                .find(|c| *c == s)
                .copied()
                .map(Some)
                .ok_or_else(|| {
                    SopError::new(
                        INVALID_OPTION,
                        format!("options.{key}"),
                        format!(
                            "unknown value {s:?}, expected one of {}",
                            choices.join(", ")
                        ),
                    )
                }),
            Some(other) => Err(wrong(key, &format!("one of {}", choices.join(", ")), other)),
        }
    }

    /// A field that must be a whole number of 0 or more when given.
    fn count(&self, key: &str) -> Result<Option<usize>, SopError> {
        match self.fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| wrong(key, "a whole number, 0 or more", &Value::Number(n.clone()))),
            Some(other) => Err(wrong(key, "a whole number, 0 or more", other)),
        }
    }
}

fn not_an_object() -> SopError {
    SopError::new(
        INVALID_OPTION,
        "options",
        "expected an options object, or nothing",
    )
}

fn wrong(key: &str, expected: &str, found: &Value) -> SopError {
    let found = match found {
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        Value::Null => "null".to_owned(),
    };
    SopError::new(
        INVALID_OPTION,
        format!("options.{key}"),
        format!("expected {expected}, found {found}"),
    )
}

/// `evaluate`'s options: `lean` (as `sop batch --lean`: no trace, fix or
/// warnings) and `mode` (as `sop eval --mode`).
pub fn evaluate(env: &Env, value: Option<Unknown<'_>>) -> Result<Options, SopError> {
    let given = Given::read(env, value, &["lean", "mode"])?;
    let options = if given.bool("lean")?.unwrap_or(false) {
        Options::lean()
    } else {
        Options::default()
    };
    let enforcement = match given.choice("mode", &["enforce", "report-only", "off"])? {
        Some("report-only") => Enforcement::ReportOnly,
        Some("off") => Enforcement::Off,
        _ => Enforcement::Enforce,
    };
    Ok(options.with(enforcement))
}

/// What `explain` renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `sop explain`'s plain text.
    Text,
    /// A Markdown slide (`sop explain --format markdown`).
    Markdown,
    /// A self-contained HTML handout (`sop explain --format html`).
    Html,
}

/// `explain`'s options: `brief`, `links` and `width` as `sop explain`'s
/// `--brief`, `--no-links` and `--width` (0 or absent: no wrapping, as
/// when its output is not a terminal), and `format`. Never colour.
pub fn explain(env: &Env, value: Option<Unknown<'_>>) -> Result<(Style, Format), SopError> {
    let given = Given::read(env, value, &["brief", "links", "width", "format"])?;
    let style = Style {
        color: false,
        links: given.bool("links")?.unwrap_or(true),
        brief: given.bool("brief")?.unwrap_or(false),
        width: given.count("width")?.filter(|w| *w > 0),
    };
    let format = match given.choice("format", &["text", "markdown", "html"])? {
        Some("markdown") => Format::Markdown,
        Some("html") => Format::Html,
        _ => Format::Text,
    };
    Ok((style, format))
}
