//! Integration tests of the `sop` package, in one test binary: the fixture
//! corpus and the command line.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

mod cli;
mod corpus;
mod docs;
mod handouts;
mod har;
mod schema;
mod serve;
