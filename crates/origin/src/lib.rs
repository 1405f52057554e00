//! Origins, sites and the public suffix list, exactly as the WHATWG URL and
//! HTML standards define them.
//!
//! This crate answers the questions every same-origin decision starts from:
//!
//! - What is the origin of this URL? ([`Origin::of_url`], the URL standard's
//!   algorithm, including `blob:` inner URLs and opaque origins.)
//! - Are two origins the same origin, or the same origin-domain after
//!   `document.domain`? ([`Origin::same_origin`], [`Origin::same_origin_domain`])
//! - What is their site, and are they same site or schemelessly same site?
//!   ([`Site`], [`same_site`], [`schemelessly_same_site`], over an embedded,
//!   dated [`PublicSuffixList`] that a caller can replace.)
//! - Is an origin or URL potentially trustworthy (Secure Contexts)?
//!   ([`is_origin_potentially_trustworthy`], [`is_url_potentially_trustworthy`])
//! - All of that for one URL, or two compared, with the rule behind each
//!   answer in words, as `sop origin` shows it ([`Description`],
//!   [`Comparison`]).
//!
//! ```
//! use sop_origin::{Origin, same_site};
//! let page = Origin::of_url_str("https://app.example.com/").unwrap();
//! let api = Origin::of_url_str("https://api.example.com/v1").unwrap();
//! assert!(!page.same_origin(&api));
//! assert!(same_site(&page, &api));
//! assert_eq!(api.ascii_serialization(), "https://api.example.com");
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod describe;
mod host;
mod origin;
mod psl;
mod site;
mod trust;

pub use describe::{Comparison, Description};
pub use host::Host;
pub use origin::{
    DomainError, DomainSet, OpaqueOrigin, Origin, TupleOrigin,
    is_registrable_domain_suffix_of_or_equal, same_origin_urls,
};
pub use psl::{EMBEDDED_LIST_VERSION, PslError, PublicSuffixList};
pub use site::{
    Site, same_site, same_site_with, schemelessly_same_site, schemelessly_same_site_with,
};
pub use trust::{is_origin_potentially_trustworthy, is_url_potentially_trustworthy};

/// Re-exported so callers can name the parsed URL type without depending on
/// the `url` crate themselves.
pub use url::Url;

/// A URL that did not parse: the input, quoted, and why.
///
/// ```
/// let err = sop_origin::parse_url("http://[::1").unwrap_err();
/// assert_eq!(err.to_string(), "cannot parse \"http://[::1\" as a URL: invalid IPv6 address");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot parse {input:?} as a URL: {reason}")]
pub struct UrlError {
    input: String,
    reason: url::ParseError,
}

impl UrlError {
    /// The text that did not parse.
    ///
    /// ```
    /// let err = sop_origin::parse_url("http://exa mple/").unwrap_err();
    /// assert_eq!(err.input(), "http://exa mple/");
    /// ```
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Why it did not parse.
    ///
    /// ```
    /// let err = sop_origin::parse_url("no scheme").unwrap_err();
    /// assert_eq!(err.reason(), url::ParseError::RelativeUrlWithoutBase);
    /// ```
    pub fn reason(&self) -> url::ParseError {
        self.reason
    }
}

/// Parses an absolute URL with the URL standard's parser (the `url` crate).
///
/// <https://url.spec.whatwg.org/#concept-url-parser>
///
/// ```
/// let u = sop_origin::parse_url("HTTPS://Example.COM:443/a/../b").unwrap();
/// assert_eq!(u.as_str(), "https://example.com/b");
/// assert!(sop_origin::parse_url("/relative").is_err());
/// ```
pub fn parse_url(input: &str) -> Result<Url, UrlError> {
    Url::parse(input).map_err(|reason| UrlError {
        input: input.to_owned(),
        reason,
    })
}

/// Parses `input` against `base` (how a page resolves a relative URL).
///
/// ```
/// let base = sop_origin::parse_url("https://example.com/app/").unwrap();
/// let u = sop_origin::parse_url_with_base("../api?x=1", &base).unwrap();
/// assert_eq!(u.as_str(), "https://example.com/api?x=1");
/// ```
pub fn parse_url_with_base(input: &str, base: &Url) -> Result<Url, UrlError> {
    base.join(input).map_err(|reason| UrlError {
        input: input.to_owned(),
        reason,
    })
}

/// Whether `scheme` is one of the URL standard's special schemes (ftp, file,
/// http, https, ws, wss).
///
/// <https://url.spec.whatwg.org/#special-scheme>
///
/// ```
/// assert!(sop_origin::is_special_scheme("wss"));
/// assert!(!sop_origin::is_special_scheme("blob"));
/// ```
pub fn is_special_scheme(scheme: &str) -> bool {
    matches!(scheme, "ftp" | "file" | "http" | "https" | "ws" | "wss")
}

/// Whether URLs with this scheme have their own scheme, host and port as
/// their origin (ftp, http, https, ws, wss: the special schemes but file,
/// whose origin the URL standard leaves to implementations).
///
/// <https://url.spec.whatwg.org/#concept-url-origin>
///
/// ```
/// assert!(sop_origin::has_tuple_origin("https"));
/// assert!(!sop_origin::has_tuple_origin("file"));
/// assert!(!sop_origin::has_tuple_origin("blob"));
/// ```
pub fn has_tuple_origin(scheme: &str) -> bool {
    matches!(scheme, "ftp" | "http" | "https" | "ws" | "wss")
}

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
