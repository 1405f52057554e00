//! Responses and their filtered views. <https://fetch.spec.whatwg.org/#responses>

use std::sync::Arc;

use sop_origin::Url;

use crate::headers::{HeaderList, HeaderNames, convert_header_names_to_sorted_lowercase_set};
use crate::safelist::{
    basic_filtered_header_list, cors_filtered_header_list, is_cors_safelisted_response_header_name,
    is_forbidden_response_header_name,
};

/// What the server sent, as the machine receives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The header list, in order, duplicates kept.
    pub headers: HeaderList,
    /// The body.
    pub body: String,
}

impl HttpResponse {
    /// A response with a status and no headers or body.
    pub fn new(status: u16) -> HttpResponse {
        HttpResponse {
            status,
            ..HttpResponse::default()
        }
    }

    /// Adds a header (builder style).
    pub fn header(mut self, name: &str, value: &str) -> HttpResponse {
        self.headers.append(name, value);
        self
    }

    /// Sets the body (builder style).
    pub fn body(mut self, body: impl Into<String>) -> HttpResponse {
        self.body = body.into();
        self
    }
}

/// Whether a status is an ok status (200-299). <https://fetch.spec.whatwg.org/#ok-status>
pub fn is_ok_status(status: u16) -> bool {
    (200..=299).contains(&status)
}

/// Whether a status is a redirect status. <https://fetch.spec.whatwg.org/#redirect-status>
pub fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// A response inside the machine. <https://fetch.spec.whatwg.org/#concept-response>
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The status.
    pub status: u16,
    /// The header list.
    pub header_list: HeaderList,
    /// The body (`None` for a null body).
    pub body: Option<String>,
    /// The URLs the request went through; the last is the response's URL
    /// (the request's own, shared).
    pub url_list: Vec<Arc<Url>>,
    /// Header names Access-Control-Expose-Headers exposed: as listed, or
    /// every name of the response, lower-cased, for a `*` that counts.
    /// <https://fetch.spec.whatwg.org/#concept-response-cors-exposed-header-name-list>
    pub cors_exposed_header_names: HeaderNames,
}

/// A filtered response's type. <https://fetch.spec.whatwg.org/#concept-response-type>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseType {
    /// Same-origin: everything but Set-Cookie.
    Basic,
    /// Cross-origin with CORS: safelisted and exposed headers.
    Cors,
    /// Cross-origin without CORS: nothing.
    Opaque,
    /// A redirect not followed (redirect mode "manual"): nothing.
    OpaqueRedirect,
    /// Unfiltered (data: URLs and the like).
    Default,
}

impl ResponseType {
    /// The name `Response.type` gives.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::Basic => "basic",
            ResponseType::Cors => "cors",
            ResponseType::Opaque => "opaque",
            ResponseType::OpaqueRedirect => "opaqueredirect",
            ResponseType::Default => "default",
        }
    }
}

/// A response as the script sees it: a filter over the internal response.
///
/// <https://fetch.spec.whatwg.org/#concept-filtered-response>
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilteredResponse {
    /// Which filter applies.
    pub response_type: ResponseType,
    /// The unfiltered response.
    pub internal: Response,
}

impl FilteredResponse {
    /// The status the script sees: 0 for opaque and opaque-redirect.
    pub fn status(&self) -> u16 {
        match self.response_type {
            ResponseType::Opaque | ResponseType::OpaqueRedirect => 0,
            _ => self.internal.status,
        }
    }

    /// The headers the script sees.
    ///
    /// - basic: all but forbidden response-header names
    ///   (<https://fetch.spec.whatwg.org/#concept-filtered-response-basic>);
    /// - CORS: only CORS-safelisted response-header names given the exposed
    ///   list (<https://fetch.spec.whatwg.org/#concept-filtered-response-cors>);
    /// - opaque and opaque-redirect: none.
    pub fn header_list(&self) -> HeaderList {
        let headers = &self.internal.header_list;
        match self.response_type {
            ResponseType::Default => headers.clone(),
            ResponseType::Basic => basic_filtered_header_list(headers),
            // Main fetch already turned a `*` into every name where it
            // counts; a `*` left in the list is literal.
            ResponseType::Cors => {
                cors_filtered_header_list(headers, &self.internal.cors_exposed_header_names, true)
            }
            ResponseType::Opaque | ResponseType::OpaqueRedirect => HeaderList::new(),
        }
    }

    /// The body the script can read: none for opaque and opaque-redirect.
    pub fn body(&self) -> Option<&str> {
        match self.response_type {
            ResponseType::Opaque | ResponseType::OpaqueRedirect => None,
            _ => self.internal.body.as_deref(),
        }
    }

    /// `response.url`: empty for opaque responses (their URL list is
    /// emptied); else the last URL, without its fragment.
    pub fn url(&self) -> String {
        if self.response_type == ResponseType::Opaque {
            return String::new();
        }
        self.internal
            .url_list
            .last()
            .map_or_else(String::new, |u| u[..url::Position::AfterQuery].to_owned())
    }

    /// The names of [`FilteredResponse::header_list`], lowercase, sorted
    /// and de-duplicated, without building the list.
    pub fn header_names(&self) -> Vec<String> {
        let names = self.internal.header_list.names();
        let exposed = &self.internal.cors_exposed_header_names;
        match self.response_type {
            ResponseType::Default => convert_header_names_to_sorted_lowercase_set(names),
            ResponseType::Basic => convert_header_names_to_sorted_lowercase_set(
                names.filter(|n| !is_forbidden_response_header_name(n)),
            ),
            ResponseType::Cors => convert_header_names_to_sorted_lowercase_set(
                names.filter(|n| is_cors_safelisted_response_header_name(n, exposed, true)),
            ),
            ResponseType::Opaque | ResponseType::OpaqueRedirect => Vec::new(),
        }
    }

    /// The body the script can read ([`FilteredResponse::body`]), moved
    /// out of the response.
    pub fn into_body(self) -> Option<String> {
        match self.response_type {
            ResponseType::Opaque | ResponseType::OpaqueRedirect => None,
            _ => self.internal.body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_the_filtered_lists_names() {
        let headers = HeaderList::from_pairs([
            ("Content-Type", "text/plain"),
            ("Set-Cookie", "a=1"),
            ("X-Total", "4"),
            ("x-total", "5"),
            ("ETag", "\"e\""),
        ]);
        for response_type in [
            ResponseType::Default,
            ResponseType::Basic,
            ResponseType::Cors,
            ResponseType::Opaque,
            ResponseType::OpaqueRedirect,
        ] {
            for exposed in [
                HeaderNames::default(),
                HeaderNames::of(["X-TOTAL"]),
                HeaderNames::of(["set-cookie"]),
            ] {
                let r = FilteredResponse {
                    response_type,
                    internal: Response {
                        status: 200,
                        header_list: headers.clone(),
                        body: None,
                        url_list: Vec::new(),
                        cors_exposed_header_names: exposed.clone(),
                    },
                };
                assert_eq!(
                    r.header_names(),
                    r.header_list().names_lowercase_sorted_unique(),
                    "{response_type:?} exposing {exposed:?}"
                );
            }
        }
    }
}
