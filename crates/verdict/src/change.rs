//! The suggested fix as the verdict carries it: what each response must
//! change and, for the document side's kinds, what the page's markup must
//! (a `crossorigin` attribute on an element). Found and verified by `fix`.

use foldhash::fast::FixedState;
use indexmap::IndexMap;
use serde::Serialize;

use crate::ser::write_all;

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
    /// Headers to set (replacing any with the same name), in order. The
    /// map hashes with a fixed seed: it holds a few names, and every
    /// blocked line of a batch builds one per round of its fix.
    pub set: IndexMap<String, String, FixedState>,
    /// Headers to remove.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
}

impl std::fmt::Display for Change {
    /// In words: `answer OPTIONS https://api.example/x with status 204,
    /// Access-Control-Allow-Origin: https://app.example, no Location`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_all(f, &["answer ", &self.method, " ", &self.url, " with "])?;
        let mut separator = "";
        if let Some(status) = self.status {
            write!(f, "status {status}")?;
            separator = ", ";
        }
        for (name, value) in &self.set {
            write_all(f, &[separator, name, ": ", value])?;
            separator = ", ";
        }
        for name in &self.remove {
            write_all(f, &[separator, "no ", name])?;
            separator = ", ";
        }
        Ok(())
    }
}

/// A change to the page's markup: an attribute set on (or, with no value,
/// removed from) the element that loads the resource. fetch() and XHR
/// scenarios never need one; the embed kind's `crossorigin` does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MarkupChange {
    /// The element, as the scenario names it (`img`, `script`).
    pub element: String,
    /// The attribute.
    pub attribute: String,
    /// Its new value; `None` removes it.
    pub value: Option<String>,
}

impl std::fmt::Display for MarkupChange {
    /// As markup: `<img crossorigin="anonymous">`, `<link rel="stylesheet"
    /// href="...">`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tag = match self.element.as_str() {
            "stylesheet" => "link rel=\"stylesheet\"",
            "module-script" => "script type=\"module\"",
            other => other,
        };
        match &self.value {
            Some(value) => write!(f, "<{tag} {}=\"{value}\">", self.attribute),
            None => write!(f, "<{tag}> without {}", self.attribute),
        }
    }
}

/// What would expose the read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Fix {
    /// Whether a change to the servers' responses (and the page's markup)
    /// can expose it.
    pub possible: bool,
    /// The changes, per response, in the order they are needed.
    pub changes: Vec<Change>,
    /// The changes to the page's markup, in order; none for fetch() and XHR.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub markup: Vec<MarkupChange>,
    /// Why, in words.
    pub why: String,
}
