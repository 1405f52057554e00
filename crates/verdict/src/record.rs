//! A request that reached a server, as a verdict and an observation show
//! it: the URL as sent, the headers the contract names.

use indexmap::IndexMap;
use serde::Serialize;
use sop_origin::Url;

/// A request that reached a server, as the contract's `requests` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RequestRecord {
    /// The method, as sent.
    pub method: String,
    /// The URL as sent: serialised, without a fragment.
    pub url: String,
    /// The policy's headers and the script's surviving headers, names
    /// lowercase, a repeated name's values joined with `, `.
    pub headers: IndexMap<String, String>,
}

impl RequestRecord {
    /// A request with no headers yet.
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> RequestRecord {
        RequestRecord {
            method: method.into(),
            url: url.into(),
            headers: IndexMap::new(),
        }
    }

    /// The request with header `name` (lowercase) set to `value`.
    #[must_use]
    pub fn with_header(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> RequestRecord {
        self.headers.insert(name.into(), value.into());
        self
    }

    /// Adds header `name` (lowercase): a name seen before gets `, ` and
    /// the value after its earlier ones, as a combined header reads.
    pub fn combine_header(&mut self, name: &str, value: &str) {
        self.headers
            .entry(name.to_owned())
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(value);
            })
            .or_insert_with(|| value.to_owned());
    }

    /// The value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// A URL as it goes on the wire: without its fragment, sliced from the
/// serialisation (clearing the fragment would also trim an opaque path's
/// trailing spaces).
pub(crate) fn wire_url(url: &Url) -> &str {
    &url[..url::Position::AfterQuery]
}
