//! `sop serve`'s playground: a page to pick or write a scenario and see
//! its verdict, walkthrough, fix and diagram, served on loopback.
//!
//! - [`page`]: the page's HTML, CSS and script, compiled in;
//! - [`corpus`]: the scenarios it offers to pick from;
//! - [`evaluate`]: a posted scenario's verdict and everything shown of it;
//! - [`locate`]: where an error's JSON path is in the posted text;
//! - [`answer`]: replies and the JSON error of a refused request;
//! - [`routes`]: which request gets which answer;
//! - [`http`]: tiny_http, the body limit, the headers, the threads.

pub mod answer;
pub mod corpus;
pub mod evaluate;
pub mod http;
pub mod locate;
pub mod page;
pub mod routes;
