//! A C ABI for sop, for embedders outside Rust (headless browsers in Zig,
//! C++, Go): `libsop_capi.a` / `libsop_capi.so` and the header
//! `include/sop.h`, generated from this crate by cbindgen.
//!
//! Two ways in, both with JSON at the boundary:
//!
//! - a scenario (the fixture format) in, its verdict out, exactly as
//!   `sop eval` computes it ([`evaluate_scenario`], [`evaluate_file`]);
//! - the sans-IO fetch machine step by step behind an opaque handle
//!   ([`SopFetch`]): create it from a script call, ask what to send, hand
//!   back what came, read the decision and its trace; preflight grants are
//!   kept in a [`SopCache`] shared by a page's fetches.
//!
//! All the logic is in safe Rust, in this crate's public functions (which
//! the Rust tests call directly). The C functions in [`ffi`] only turn
//! pointers into references and back, and catch any panic; they are the
//! only code here allowed to be `unsafe` (see the README for why this crate
//! departs from the workspace's `forbid(unsafe_code)`).

#![deny(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod evaluate;
pub mod ffi;
mod machine;

pub use error::{Error, SopStatus};
pub use evaluate::{INPUT, evaluate_file, evaluate_scenario};
pub use machine::{SopCache, SopFetch, Step, http_response};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
