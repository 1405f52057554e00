//! The errors the package throws: a JavaScript `Error` whose `code` says
//! which kind and whose `path` says where in the input.

use napi::bindgen_prelude::{JsObjectValue, Object};
use napi::{Env, JsValue, Status};
use sop_verdict::FixtureError;

/// What went wrong, before it becomes a JavaScript `Error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SopError {
    /// Which kind of error: one of the `SOP_*` codes below.
    pub code: &'static str,
    /// Where: a scenario's JSON path as `sop` writes it (`request.mode`,
    /// `responses[0].status`, `.` for the whole input), `options.width`
    /// for an option, `url`, `a` or `b` for a URL.
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
    /// The scenario the error is in, when it is named.
    pub scenario: Option<String>,
}

/// An argument of the wrong JavaScript type (a number for a scenario), or
/// an object that JSON cannot hold (a cycle, a BigInt).
pub const INVALID_ARGUMENT: &str = "SOP_INVALID_ARGUMENT";
/// A scenario that `sop eval` would refuse too.
pub const INVALID_SCENARIO: &str = "SOP_INVALID_SCENARIO";
/// An option that does not exist, or has the wrong type or value.
pub const INVALID_OPTION: &str = "SOP_INVALID_OPTION";
/// A URL that does not parse.
pub const INVALID_URL: &str = "SOP_INVALID_URL";
/// A bug in sop (a verdict that did not serialise, a panic).
pub const INTERNAL: &str = "SOP_INTERNAL";

impl SopError {
    /// An error of kind `code` at `path`.
    pub fn new(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        SopError {
            code,
            path: path.into(),
            message: message.into(),
            scenario: None,
        }
    }

    /// The JavaScript exception: an `Error` with `code`, `path` and, when
    /// known, `scenario` set.
    pub fn into_napi(self, env: &Env) -> napi::Error {
        match self.to_js(env) {
            Ok(object) => napi::Error::from(object.to_unknown()),
            // Creating the object failed (out of memory): a plain Error
            // with the same words and code is the best left.
            Err(_) => napi::Error::new(Status::GenericFailure, self.to_string()),
        }
    }

    fn to_js<'env>(&self, env: &'env Env) -> napi::Result<Object<'env>> {
        let mut error =
            env.create_error(napi::Error::new(Status::GenericFailure, self.to_string()))?;
        error.set_named_property("code", self.code)?;
        error.set_named_property("path", self.path.as_str())?;
        if let Some(name) = &self.scenario {
            error.set_named_property("scenario", name.as_str())?;
        }
        Ok(error)
    }
}

impl std::fmt::Display for SopError {
    /// `path: message`, as `sop` words errors (without a file name: the
    /// input is the argument).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if let Some(name) = &self.scenario {
            write!(f, " (in scenario {name:?})")?;
        }
        Ok(())
    }
}

impl From<FixtureError> for SopError {
    fn from(e: FixtureError) -> Self {
        SopError {
            code: INVALID_SCENARIO,
            path: e.path,
            message: e.message,
            scenario: e.scenario,
        }
    }
}

/// A value as JSON for JavaScript. Verdicts always serialise; failing here
/// would be a bug.
pub fn to_json(value: &impl serde::Serialize) -> Result<serde_json::Value, SopError> {
    serde_json::to_value(value).map_err(|e| {
        SopError::new(
            INTERNAL,
            ".",
            format!("sop could not write JSON (a bug; please report it): {e}"),
        )
    })
}
