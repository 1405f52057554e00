//! sop for Node.js: the same-origin policy simulator as a native addon
//! built with napi-rs. Scenarios (objects or JSON text, in the fixture
//! format) go in; out come exactly what the `sop` command line prints:
//!
//! - [`evaluate`]: the verdict `sop eval` prints under `"verdict"`;
//! - [`explain`]: the walkthrough `sop explain` prints;
//! - [`check`]: what `sop check` says of the scenario's expectations;
//! - [`origin`] and [`compare`]: the objects `sop origin --format json`
//!   prints for one URL and for two.
//!
//! Bad input is a JavaScript `Error` with a `code` (`SOP_INVALID_SCENARIO`
//! and the others in [`error`]) and the JSON `path` of what was wrong,
//! never a crash: every function runs inside `catch_unwind`.
//!
//! The crate denies `unsafe_code` rather than forbidding it as the rest of
//! the workspace does: `#[napi]`'s expansion (through the `ctor` crate)
//! allows unsafe code for the registration it generates, which a `forbid`
//! refuses to compile. The code written here has no `unsafe` (see the
//! README).

#![deny(unsafe_code)]
#![deny(missing_docs)]

mod check;
pub mod error;
mod input;
mod options;

use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::Env;
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;
use serde_json::Value;
use sop_origin::{Comparison, Description};
use sop_verdict::handout::Handout;

use crate::error::{INTERNAL, INVALID_URL, SopError, to_json};
use crate::options::Format;

/// Runs `f`, turning its error, or a panic (a bug in sop), into the
/// JavaScript exception: no panic may unwind into Node's frames.
fn guarded<T>(env: &Env, f: impl FnOnce() -> Result<T, SopError>) -> napi::Result<T> {
    let result = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Err(SopError::new(
            INTERNAL,
            ".",
            format!("sop panicked (a bug; please report it): {what}"),
        ))
    });
    result.map_err(|e| e.into_napi(env))
}

/// The verdict on one scenario: what `sop eval` prints under `"verdict"`
/// for it (with `mode`, as `sop eval --mode`; with `lean`, as `sop batch
/// --lean`: no trace, fix or warnings).
#[napi(
    ts_args_type = "scenario: Scenario | string, options?: EvaluateOptions",
    ts_return_type = "Verdict"
)]
pub fn evaluate(
    env: Env,
    scenario: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<Value> {
    guarded(&env, || {
        let scenario = input::scenario(&env, scenario)?;
        let options = options::evaluate(&env, options)?;
        to_json(&sop_verdict::evaluate(&scenario, options))
    })
}

/// The walkthrough of one scenario: what `sop explain` prints, as text
/// (never coloured; wrapped only when `width` says so), or with `format`
/// as a Markdown slide (the wire as a Mermaid sequence diagram) or one
/// self-contained HTML handout, as `sop explain --format`. `brief` keeps
/// only the failing decisions there too; `links` and `width` shape the
/// text only, as on the command line.
#[napi(ts_args_type = "scenario: Scenario | string, options?: ExplainOptions")]
pub fn explain(
    env: Env,
    scenario: Unknown<'_>,
    options: Option<Unknown<'_>>,
) -> napi::Result<String> {
    guarded(&env, || {
        let scenario = input::scenario(&env, scenario)?;
        let (style, format) = options::explain(&env, options)?;
        let verdict = sop_verdict::evaluate(&scenario, sop_verdict::Options::default());
        if format == Format::Text {
            return Ok(sop_verdict::explain::explain(&scenario, &verdict, style));
        }
        let mut handout = Handout::new(&scenario, &verdict);
        if style.brief {
            handout.keep_failed_decisions();
        }
        Ok(match format {
            Format::Html => handout.html(),
            _ => handout.markdown(),
        })
    })
}

/// What `sop check` says of one scenario's expectations.
#[napi(
    ts_args_type = "scenario: Scenario | string",
    ts_return_type = "CheckResult"
)]
pub fn check(env: Env, scenario: Unknown<'_>) -> napi::Result<Value> {
    guarded(&env, || {
        Ok(check::checked(&input::scenario(&env, scenario)?))
    })
}

/// One URL's origin, site, registrable domain and trustworthiness, each
/// with its reason: the object `sop origin --format json URL` prints.
#[napi(ts_args_type = "url: string", ts_return_type = "OriginDescription")]
pub fn origin(env: Env, url: Unknown<'_>) -> napi::Result<Value> {
    guarded(&env, || {
        let url = input::url(url, "url")?;
        let d =
            Description::of(&url).map_err(|e| SopError::new(INVALID_URL, "url", e.to_string()))?;
        to_json(&d)
    })
}

/// Two URLs described and compared (same origin, same site, schemelessly
/// same site, with reasons): the object `sop origin --format json A B`
/// prints.
#[napi(
    ts_args_type = "a: string, b: string",
    ts_return_type = "OriginComparison"
)]
pub fn compare(env: Env, a: Unknown<'_>, b: Unknown<'_>) -> napi::Result<Value> {
    guarded(&env, || {
        let (a, b) = (input::url(a, "a")?, input::url(b, "b")?);
        let at = |path: &'static str| {
            move |e: sop_origin::UrlError| SopError::new(INVALID_URL, path, e.to_string())
        };
        // Each URL on its own first, so the error names the one that fails.
        Description::of(&a).map_err(at("a"))?;
        Description::of(&b).map_err(at("b"))?;
        let c = Comparison::of(&a, &b).map_err(at("."))?;
        to_json(&c)
    })
}
