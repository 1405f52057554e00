//! The parts of HAR 1.2 (<http://www.softwareishard.com/blog/har-12-spec/>)
//! the policy needs, with Chromium's DevTools extensions (`_resourceType`,
//! `_initiator`, `_error`). Every field a writer may leave out has a
//! default, so Firefox's exports (no `_resourceType`, a page's `title`
//! that is its document title) read too.

use serde::Deserialize;

/// A page the entries belong to (`log.pages[]`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Page {
    /// `page_1`: what entries name in `pageref`.
    pub id: String,
    /// Chromium writes the page's URL; Firefox its document title.
    #[serde(default)]
    pub title: String,
}

/// One request and its response (`log.entries[]`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// The page it belongs to.
    #[serde(default)]
    pub pageref: Option<String>,
    /// DevTools' resource type: `fetch`, `xhr`, `preflight`, `image`,
    /// `script`, `stylesheet`, `font`, `media`, `document`, ...
    #[serde(rename = "_resourceType", default)]
    pub resource_type: Option<String>,
    /// What started it.
    #[serde(rename = "_initiator", default)]
    pub initiator: Option<Initiator>,
    /// The request as sent.
    pub request: Request,
    /// The response as received; status 0 when none arrived.
    pub response: Response,
}

/// DevTools' `_initiator`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct Initiator {
    /// `parser`, `script`, `preflight`, `other`, ...
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// For a preflight, the URL of the request it is for.
    #[serde(default)]
    pub url: Option<String>,
}

/// A header as HAR writes it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Header {
    /// As sent or received (HTTP/2 names are lowercase).
    pub name: String,
    /// Its value.
    pub value: String,
}

/// `entry.request`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: String,
    /// The absolute URL, without a fragment.
    pub url: String,
    /// The headers sent (DevTools: the real ones, from the network
    /// service's extra info, when it has them).
    #[serde(default)]
    pub headers: Vec<Header>,
    /// The body.
    #[serde(rename = "postData", default)]
    pub post_data: Option<PostData>,
}

/// `request.postData`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct PostData {
    /// The body as text.
    #[serde(default)]
    pub text: Option<String>,
}

/// `entry.response`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Response {
    /// The status; 0 when no response arrived (or none was let through).
    #[serde(default)]
    pub status: i64,
    /// The headers received.
    #[serde(default)]
    pub headers: Vec<Header>,
    /// The `Location` of a redirect, or empty.
    #[serde(rename = "redirectURL", default)]
    pub redirect_url: Option<String>,
    /// The body.
    #[serde(default)]
    pub content: Option<Content>,
    /// Chromium's failure, such as `net::ERR_FAILED`.
    #[serde(rename = "_error", default)]
    pub error: Option<String>,
}

/// `response.content`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
pub struct Content {
    /// The body, when the export kept it.
    #[serde(default)]
    pub text: Option<String>,
    /// `base64` when `text` is encoded.
    #[serde(default)]
    pub encoding: Option<String>,
}

impl Entry {
    /// The first value of request header `name` (any case).
    pub fn request_header(&self, name: &str) -> Option<&str> {
        header(&self.request.headers, name)
    }

    /// The first value of response header `name` (any case).
    pub fn response_header(&self, name: &str) -> Option<&str> {
        header(&self.response.headers, name)
    }

    /// Whether this is a CORS preflight: DevTools says so, or it is an
    /// OPTIONS request carrying `Access-Control-Request-Method`.
    pub fn is_preflight(&self) -> bool {
        self.resource_type.as_deref() == Some("preflight")
            || self
                .initiator
                .as_ref()
                .is_some_and(|i| i.kind.as_deref() == Some("preflight"))
            || (self.request.method.eq_ignore_ascii_case("OPTIONS")
                && self
                    .request_header("access-control-request-method")
                    .is_some())
    }

    /// Whether a response arrived: a status, or headers (DevTools keeps a
    /// blocked response's status and headers from the network service).
    pub fn has_response(&self) -> bool {
        self.response.status > 0 || !self.response.headers.is_empty()
    }

    /// The recorded failure, if any: `_error`, or no response at all.
    pub fn failure(&self) -> Option<&str> {
        match self.response.error.as_deref() {
            Some(e) if !e.is_empty() => Some(e),
            _ if !self.has_response() => Some("no response"),
            _ => None,
        }
    }
}

fn header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}
