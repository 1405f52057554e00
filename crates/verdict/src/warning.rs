//! What in a scenario may not be what its author meant: responses that
//! answered nothing, requests that no response answers.

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::ser::{DisplayStr, write_all};

/// Something in a scenario that may not be what its author meant. The
/// verdict stands (it is what the browser would do with those servers), but
/// a typo in a response's URL must not pass for a CORS failure.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// A `responses` entry that answered no request while some request got
    /// the default 404: most likely a typo in its `url` or `method`.
    UnusedResponse {
        /// Its index in `responses`.
        index: usize,
        /// Its method (`None`: any method but OPTIONS).
        method: Option<String>,
        /// Its URL.
        url: String,
        /// The requests no entry answered, as `METHOD URL`, each once.
        unanswered: Vec<String>,
    },
    /// A `responses` entry that answered no request, while every request
    /// sent found its entry: the read never asked for it (no preflight was
    /// needed, or the read ended first). Often on purpose.
    UnreachedResponse {
        /// Its index in `responses`.
        index: usize,
        /// Its method (`None`: any method but OPTIONS).
        method: Option<String>,
        /// Its URL.
        url: String,
    },
    /// A request that no `responses` entry answers: the servers answered
    /// it 404 with no headers.
    NoResponseEntry {
        /// The request's method.
        method: String,
        /// The request's URL.
        url: String,
    },
}

impl Warning {
    /// A short kebab-case name, as the JSON's `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::UnusedResponse { .. } => "unused-response",
            Warning::UnreachedResponse { .. } => "unreached-response",
            Warning::NoResponseEntry { .. } => "no-response-entry",
        }
    }

    /// Whether this is most likely a mistake in the scenario (a URL no
    /// request went to, a request no entry answers), rather than an entry
    /// the read ended before.
    pub fn likely_mistake(&self) -> bool {
        !matches!(self, Warning::UnreachedResponse { .. })
    }
}

/// `METHOD URL` of an entry, as a warning names it.
fn entry_name(
    f: &mut std::fmt::Formatter<'_>,
    method: &Option<String>,
    url: &str,
) -> std::fmt::Result {
    match method {
        Some(method) => write_all(f, &[method, " ", url]),
        None => write_all(f, &[url, " for any method but OPTIONS"]),
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::UnusedResponse {
                index,
                method,
                url,
                unanswered,
            } => {
                write!(f, "responses[{index}] (")?;
                entry_name(f, method, url)?;
                f.write_str(") answered no request, while ")?;
                for (i, request) in unanswered.iter().enumerate() {
                    write_all(f, &[if i == 0 { "" } else { " and " }, request])?;
                }
                f.write_str(" got the default 404: check its url and method")
            }
            Warning::UnreachedResponse { index, method, url } => {
                write!(f, "responses[{index}] (")?;
                entry_name(f, method, url)?;
                f.write_str(
                    ") answered no request: the read never asked for it \
                     (no preflight was needed, or the read ended first)",
                )
            }
            Warning::NoResponseEntry { method, url } => write_all(
                f,
                &[
                    "no responses entry answers ",
                    method,
                    " ",
                    url,
                    ", so it got a 404 with no headers",
                ],
            ),
        }
    }
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut w = s.serialize_struct("Warning", 2)?;
        w.serialize_field("code", self.code())?;
        w.serialize_field("message", &DisplayStr(self))?;
        w.end()
    }
}
