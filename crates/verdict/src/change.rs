//! The suggested fix as the verdict carries it: what each response must
//! change. Found and verified by `fix`.

use indexmap::IndexMap;
use serde::Serialize;

/// A change to one response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The method of the request it answers (`OPTIONS` for the preflight).
    pub method: String,
    /// The URL of the request it answers.
    pub url: String,
    /// A new status, if the status must change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Headers to set (replacing any with the same name).
    pub set: IndexMap<String, String>,
    /// Headers to remove.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
}

/// What would expose the read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Fix {
    /// Whether a change to the servers' responses can expose it.
    pub possible: bool,
    /// The changes, per response, in the order they are needed.
    pub changes: Vec<Change>,
    /// Why, in words.
    pub why: String,
}
