//! Requests. <https://fetch.spec.whatwg.org/#requests>

use std::sync::Arc;

use sop_origin::{Origin, Url, same_origin_urls};

use crate::headers::HeaderList;
use crate::method::Method;

/// A request's mode. <https://fetch.spec.whatwg.org/#concept-request-mode>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Only same-origin URLs; anything else is a network error.
    SameOrigin,
    /// Cross-origin reads are opaque; no CORS protocol.
    NoCors,
    /// The CORS protocol.
    Cors,
    /// A navigation.
    Navigate,
}

/// A request's credentials mode. <https://fetch.spec.whatwg.org/#concept-request-credentials-mode>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CredentialsMode {
    /// Never send or accept cookies and the like.
    Omit,
    /// Only for same-origin requests.
    SameOrigin,
    /// Always.
    Include,
}

/// A request's redirect mode. <https://fetch.spec.whatwg.org/#concept-request-redirect-mode>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RedirectMode {
    /// Follow redirects.
    Follow,
    /// A redirect is a network error.
    Error,
    /// Hand back an opaque-redirect response.
    Manual,
}

/// A request's response tainting. <https://fetch.spec.whatwg.org/#concept-request-response-tainting>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tainting {
    /// Same-origin: a basic filtered response.
    Basic,
    /// Cross-origin through CORS: a CORS filtered response.
    Cors,
    /// Cross-origin without CORS: an opaque filtered response.
    Opaque,
}

/// What a request's response is for: the API or element that asked.
/// fetch() and XMLHttpRequest leave it empty.
/// <https://fetch.spec.whatwg.org/#concept-request-destination>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Destination {
    /// The empty string: fetch(), XMLHttpRequest, `<a ping>`, beacons.
    #[default]
    Empty,
    /// `<audio>`.
    Audio,
    /// A navigation to a top-level document.
    Document,
    /// `<embed>`.
    Embed,
    /// CSS `@font-face`.
    Font,
    /// `<frame>`.
    Frame,
    /// `<iframe>`.
    Iframe,
    /// `<img>`, `<picture>`, CSS images, favicons.
    Image,
    /// A JSON module script.
    Json,
    /// `<object>`.
    Object,
    /// `<script>` and module scripts.
    Script,
    /// `<link rel=stylesheet>` and CSS `@import`.
    Style,
    /// `<track>`.
    Track,
    /// `<video>`.
    Video,
    /// A dedicated or shared worker's script.
    Worker,
}

/// What, beyond the destination, started a request.
/// <https://fetch.spec.whatwg.org/#concept-request-initiator>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Initiator {
    /// The empty string: the common case.
    #[default]
    Empty,
    /// A download (`<a download>`).
    Download,
    /// `<img srcset>` or `<picture>`: never upgraded as mixed content.
    Imageset,
    /// A web app manifest.
    Manifest,
    /// `<link rel=prefetch>`.
    Prefetch,
}

/// A request, with the fields the same-origin policy reads.
///
/// ```
/// use sop_fetch_model::{Request, Mode};
/// let origin = sop_origin::Origin::of_url_str("https://app.example").unwrap();
/// let url = sop_origin::parse_url("https://api.example/items").unwrap();
/// let req = Request::new("GET", url, origin);
/// assert_eq!(req.mode, Mode::Cors);
/// assert_eq!(req.current_url().as_str(), "https://api.example/items");
/// ```
#[derive(Clone, Debug)]
pub struct Request {
    /// The method, as normalised by the API.
    pub method: Method,
    /// Every URL the request has been at; the last is the current URL.
    /// Shared: the requests sent for it and its response point at these
    /// URLs rather than copy them.
    pub url_list: Vec<Arc<Url>>,
    /// The headers the script set (after the API's guards).
    pub header_list: HeaderList,
    /// The body, if any; shared, not copied, with the requests sent for it.
    pub body: Option<Arc<str>>,
    /// The origin of the client that made the request.
    pub origin: Origin,
    /// Whether the client's settings prohibit mixed security contexts (its
    /// page is potentially trustworthy; in Chromium, an https page): an
    /// http: URL that is not potentially trustworthy is then blocked.
    /// <https://w3c.github.io/webappsec-mixed-content/#categorize-settings-object>
    pub client_prohibits_mixed_content: bool,
    /// What the response is for; fetch() and XHR leave it empty.
    pub destination: Destination,
    /// What started the request, beyond its destination.
    pub initiator: Initiator,
    /// The mode.
    pub mode: Mode,
    /// The credentials mode.
    pub credentials_mode: CredentialsMode,
    /// The redirect mode.
    pub redirect_mode: RedirectMode,
    /// Forces a preflight (XHR with an upload listener).
    /// <https://fetch.spec.whatwg.org/#use-cors-preflight-flag>
    pub use_cors_preflight: bool,
    /// Set by fetch() and XHR: the request could not be made by a plain
    /// HTML form, so non-safelisted methods and headers need a preflight.
    /// <https://fetch.spec.whatwg.org/#unsafe-request-flag>
    pub unsafe_request: bool,
    /// The response tainting, set by main fetch.
    pub response_tainting: Tainting,
    /// Redirects followed so far.
    pub redirect_count: u32,
}

impl Request {
    /// A request from fetch() as it starts: cors mode, credentials
    /// same-origin, redirect follow, the unsafe-request flag set.
    pub fn new(method: impl Into<Method>, url: impl Into<Arc<Url>>, origin: Origin) -> Request {
        Request {
            method: method.into(),
            url_list: vec![url.into()],
            header_list: HeaderList::new(),
            body: None,
            origin,
            client_prohibits_mixed_content: false,
            destination: Destination::Empty,
            initiator: Initiator::Empty,
            mode: Mode::Cors,
            credentials_mode: CredentialsMode::SameOrigin,
            redirect_mode: RedirectMode::Follow,
            use_cors_preflight: false,
            unsafe_request: true,
            response_tainting: Tainting::Basic,
            redirect_count: 0,
        }
    }

    /// The current URL: the last of the URL list.
    /// <https://fetch.spec.whatwg.org/#concept-request-current-url>
    pub fn current_url(&self) -> &Url {
        self.shared_current_url()
    }

    /// The current URL as the list holds it, to share rather than copy.
    pub fn shared_current_url(&self) -> &Arc<Url> {
        // The list starts with one URL and only grows.
        &self.url_list[self.url_list.len() - 1]
    }

    /// Whether the request has a redirect-tainted origin: some hop went from
    /// one origin to another while neither was the request's origin.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
    pub fn has_redirect_tainted_origin(&self) -> bool {
        // Redirect-tainted origin 1-2. Walk the URL list comparing each URL with the one before.
        self.url_list.windows(2).any(|pair| {
            let (last, url) = (&pair[0], &pair[1]);
            // Redirect-tainted origin 2.2. A cross-origin hop from a URL not of the request's origin.
            !same_origin_urls(url, last) && !self.origin.same_origin_with_url(last)
        })
    }

    /// The request's origin serialised for the `Origin` header: `null` when
    /// the origin is opaque or redirect-tainted.
    ///
    /// <https://fetch.spec.whatwg.org/#serializing-a-request-origin>
    pub fn serialized_origin(&self) -> String {
        // Serialize a request origin 1. A redirect-tainted origin serialises as null.
        if self.has_redirect_tainted_origin() {
            return "null".to_owned();
        }
        // Serialize a request origin 2. Otherwise the origin's ASCII serialisation.
        self.origin.ascii_serialization()
    }

    /// Whether credentials (cookies, HTTP auth) go with the request.
    /// <https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch> (includeCredentials)
    pub fn includes_credentials(&self) -> bool {
        match self.credentials_mode {
            CredentialsMode::Include => true,
            CredentialsMode::SameOrigin => self.response_tainting == Tainting::Basic,
            CredentialsMode::Omit => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sop_origin::parse_url;

    /// The standard's steps, building both origins at every hop.
    fn tainted_by_the_book(request: &Request) -> bool {
        request.url_list.windows(2).any(|pair| {
            let (last, url) = (Origin::of_url(&pair[0]), Origin::of_url(&pair[1]));
            url != last && request.origin != last
        })
    }

    /// Comparing network URLs without building their origins answers as
    /// building them does, over hosts, ports, schemes and the schemes
    /// whose origins are not their own tuples.
    #[test]
    fn redirect_taint_without_building_origins_is_the_standard_s() {
        let urls = [
            "https://app.example/a",
            "https://app.example:443/b",
            "https://app.example:8443/c",
            "http://app.example/d",
            "https://api.example/e",
            "https://APP.example./f",
            "https://127.0.0.1/g",
            "https://[::1]/h",
            "wss://app.example/i",
            "blob:https://app.example/j",
            "data:text/plain,k",
        ];
        let origins = [
            Origin::of_url_str("https://app.example").unwrap(),
            Origin::of_url_str("https://api.example").unwrap(),
            Origin::new_opaque(),
        ];
        for origin in &origins {
            for a in urls {
                for b in urls {
                    for c in urls {
                        let mut request =
                            Request::new("GET", parse_url(a).unwrap(), origin.clone());
                        request.url_list.push(parse_url(b).unwrap().into());
                        request.url_list.push(parse_url(c).unwrap().into());
                        assert_eq!(
                            request.has_redirect_tainted_origin(),
                            tainted_by_the_book(&request),
                            "{origin} {a} {b} {c}"
                        );
                    }
                }
            }
        }
    }
}
