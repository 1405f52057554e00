//! The Fetch standard's CORS machinery, modelled step by step.
//!
//! This crate follows the WHATWG Fetch standard (<https://fetch.spec.whatwg.org/>)
//! and, for MIME types, the WHATWG MIME Sniffing standard
//! (<https://mimesniff.spec.whatwg.org/>). The building blocks live in:
//!
//! - [`method`]: methods, their normalization and the safelisted/forbidden sets;
//! - [`headers`]: header names and values, header lists and their algorithms
//!   (get, get-decode-split, set, combine, sort and combine, list extraction);
//! - [`mime`]: "parse a MIME type" and "serialize a MIME type";
//! - [`safelist`]: the CORS safelists and forbidden lists for request and
//!   response headers.
//!
//! The machine that uses them:
//!
//! - [`request`] and [`response`]: the records, with the filtered views;
//! - [`cors`]: the CORS check; [`preflight`]: the CORS-preflight fetch;
//!   [`cache`]: the preflight cache; [`corp`]: Cross-Origin-Resource-Policy;
//!   [`metadata`]: the Fetch Metadata request headers; [`orb`]: Opaque
//!   Response Blocking; [`nosniff`]: the MIME type refusals of scripts and
//!   style sheets;
//! - [`fetch`]: the sans-IO state machine (main fetch, HTTP fetch,
//!   HTTP-redirect fetch);
//! - [`reason`], [`trace`], [`profile`]: why it failed, every decision with
//!   its anchor, and the browser departures from the standard.
//!
//! # Byte strings
//!
//! The standards work on byte sequences. Here header names, values and
//! methods are `String`s holding the *isomorphic decoding* of those bytes:
//! every `char` is in U+0000..=U+00FF and stands for exactly one byte. So a
//! value's "byte length" is its number of `char`s, and "byte-lowercase" and
//! "byte-case-insensitive" mean ASCII-only case mapping.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod anchor;
pub mod cache;
pub mod corp;
pub mod cors;
pub mod fetch;
pub mod headers;
pub mod metadata;
pub mod method;
pub mod mime;
pub mod nosniff;
pub mod orb;
pub mod preflight;
pub mod profile;
pub mod reason;
pub mod request;
pub mod response;
pub mod safelist;
pub mod trace;

pub use cache::PreflightCache;
pub use fetch::{
    Answer, Blocked, Fetch, FetchConfig, FetchResult, Incoming, LentResponse, Next, Outgoing,
    SameOriginPolicy,
};
pub use headers::HeaderList;
pub use method::Method;
pub use profile::Profile;
pub use reason::Reason;
pub use request::{CredentialsMode, Destination, Initiator, Mode, RedirectMode, Request, Tainting};
pub use response::{FilteredResponse, HttpResponse, Response, ResponseType};
pub use trace::{Decision, Trace, TraceEntry};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
