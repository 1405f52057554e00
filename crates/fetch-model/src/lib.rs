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
//! # Byte strings
//!
//! The standards work on byte sequences. Here header names, values and
//! methods are `String`s holding the *isomorphic decoding* of those bytes:
//! every `char` is in U+0000..=U+00FF and stands for exactly one byte. So a
//! value's "byte length" is its number of `char`s, and "byte-lowercase" and
//! "byte-case-insensitive" mean ASCII-only case mapping.
#![forbid(unsafe_code)]

pub mod headers;
pub mod method;
pub mod mime;
pub mod safelist;
