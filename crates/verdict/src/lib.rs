//! Fixture scenarios, the script layer, and verdicts for the sop simulator.
//!
//! A scenario (see `docs/fixture-format.md`) says which page's script asks
//! for what, and how the servers answer. This crate reads scenarios with
//! errors that name the file and JSON path ([`FixtureFile`]), turns the
//! script call into a Fetch request as fetch() or XMLHttpRequest would
//! ([`script`]), drives the `sop-fetch-model` machine with the fixture's
//! servers ([`servers`]), and returns a [`Verdict`]: the contract's fields,
//! the trace, Chromium's console message and a verified fix.
//!
//! ```
//! use sop_verdict::{FixtureFile, Limits, Options, Outcome, evaluate};
//! let text = r#"{"name": "simple GET", "page": "https://app.example/",
//!   "request": {"url": "https://api.example/v1"},
//!   "responses": [{"url": "https://api.example/v1",
//!                  "headers": {"Access-Control-Allow-Origin": "*"}, "body": "ok"}]}"#;
//! let file = FixtureFile::parse("doc.json".as_ref(), text, &Limits::default()).unwrap();
//! let verdict = evaluate(&file.scenarios[0], Options::default());
//! let v = verdict.verdicts()[0];
//! assert_eq!(v.outcome, Outcome::Exposed);
//! assert_eq!(v.body, "ok");
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod batch;
mod change;
pub mod check;
pub mod embed;
pub mod embedder;
mod enforcement;
pub mod evaluate;
pub mod explain;
pub mod fix;
pub mod fixture;
pub mod handout;
pub mod limits;
mod line_writer;
mod message;
pub mod observation;
pub mod page;
mod record;
mod script;
mod ser;
pub mod servers;
pub mod verdict;
pub mod warning;
pub mod window;

pub use check::{Checked, Mismatch, check, compare};
pub use evaluate::{Enforcement, Options, ScenarioVerdict, evaluate};
pub use fixture::{Expect, FixtureError, FixtureFile, Outcome, Scenario};
pub use limits::Limits;
pub use observation::{Observation, ObservedReason};
pub use verdict::{Delivered, Verdict};
pub use warning::Warning;

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
