//! Origins: the URL standard's origin of a URL and the HTML standard's
//! comparisons and serialisations.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#origin>

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use url::Url;

use crate::{Host, PublicSuffixList};

/// An origin: a tuple (scheme, host, port) or an opaque origin.
///
/// `==` is the HTML standard's *same origin*: tuples compare their scheme,
/// host and port; an opaque origin equals only itself and its copies.
/// The `document.domain` state of a tuple ([`TupleOrigin::domain`]) takes no
/// part in `==`; see [`Origin::same_origin_domain`].
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin>
///
/// ```
/// use sop_origin::Origin;
/// let a = Origin::of_url_str("https://example.com/a").unwrap();
/// let b = Origin::of_url_str("https://example.com:443/b?q").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.ascii_serialization(), "https://example.com");
///
/// let o = Origin::new_opaque();
/// assert_eq!(o, o.clone());
/// assert_ne!(o, Origin::new_opaque());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A scheme, host and port. <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-tuple>
    Tuple(TupleOrigin),
    /// An internal value with identity and no serialisation but `null`.
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-opaque>
    Opaque(OpaqueOrigin),
}

/// A tuple origin: scheme, host, port (none for the scheme's default port)
/// and the `document.domain` state.
///
/// ```
/// use sop_origin::{Host, TupleOrigin};
/// let t = TupleOrigin::new("https", Host::parse("example.com").unwrap(), None);
/// assert_eq!(t.to_string(), "https://example.com");
/// ```
#[derive(Clone, Debug)]
pub struct TupleOrigin {
    /// Static for the schemes that have tuple origins, so building an
    /// origin from a URL copies only its host.
    scheme: Cow<'static, str>,
    host: Host,
    port: Option<u16>,
    domain: Option<Host>,
}

impl TupleOrigin {
    /// A tuple origin with no `document.domain` set. `port` is `None` for the
    /// scheme's default port, as the URL parser stores it.
    ///
    /// ```
    /// use sop_origin::{Host, Origin, TupleOrigin};
    /// let t = TupleOrigin::new("https", Host::parse("a.example").unwrap(), Some(8443));
    /// assert_eq!(Origin::Tuple(t), Origin::of_url_str("https://a.example:8443/x").unwrap());
    /// ```
    pub fn new(scheme: impl AsRef<str>, host: Host, port: Option<u16>) -> TupleOrigin {
        let scheme = scheme.as_ref();
        let scheme = match ["http", "https", "ws", "wss", "ftp"]
            .into_iter()
            .find(|known| *known == scheme)
        {
            Some(known) => Cow::Borrowed(known),
            None => Cow::Owned(scheme.to_owned()),
        };
        TupleOrigin {
            scheme,
            host,
            port,
            domain: None,
        }
    }

    /// The scheme, lowercase (`https`).
    ///
    /// ```
    /// let o = sop_origin::Origin::of_url_str("HTTPS://a.example").unwrap();
    /// assert_eq!(o.as_tuple().unwrap().scheme(), "https");
    /// ```
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The host.
    ///
    /// ```
    /// let o = sop_origin::Origin::of_url_str("https://A.example").unwrap();
    /// assert_eq!(o.as_tuple().unwrap().host().to_string(), "a.example");
    /// ```
    pub fn host(&self) -> &Host {
        &self.host
    }

    /// The port, or `None` for the scheme's default.
    ///
    /// ```
    /// let o = |s| sop_origin::Origin::of_url_str(s).unwrap();
    /// assert_eq!(o("https://a.example:443").as_tuple().unwrap().port(), None);
    /// assert_eq!(o("https://a.example:8443").as_tuple().unwrap().port(), Some(8443));
    /// ```
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The domain a document set through `document.domain`, if any.
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-domain>
    ///
    /// ```
    /// let mut o = sop_origin::Origin::of_url_str("https://a.example.com").unwrap();
    /// let sop_origin::Origin::Tuple(t) = &mut o else { unreachable!() };
    /// assert_eq!(t.domain(), None);
    /// t.set_document_domain("example.com", false, None).unwrap();
    /// assert_eq!(t.domain().unwrap().to_string(), "example.com");
    /// ```
    pub fn domain(&self) -> Option<&Host> {
        self.domain.as_ref()
    }

    /// The effective domain: the `document.domain` value when set, else the
    /// host. <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-effective-domain>
    ///
    /// ```
    /// let o = sop_origin::Origin::of_url_str("https://a.example.com").unwrap();
    /// assert_eq!(o.as_tuple().unwrap().effective_domain().to_string(), "a.example.com");
    /// ```
    pub fn effective_domain(&self) -> &Host {
        self.domain.as_ref().unwrap_or(&self.host)
    }

    /// Runs the `document.domain` setter's checks for a document of this
    /// origin and, when they pass and the agent cluster is not origin-keyed,
    /// records the new domain.
    ///
    /// `origin_keyed` is the agent cluster's *is origin-keyed*: Chromium has
    /// made it the default since version 115 (unless the page sends
    /// `Origin-Agent-Cluster: ?0`), and then the setter does nothing.
    ///
    /// <https://html.spec.whatwg.org/multipage/dom.html#dom-document-domain>
    ///
    /// ```
    /// use sop_origin::{Origin, DomainSet};
    /// let mut o = Origin::of_url_str("https://a.shop.example.co.uk/").unwrap();
    /// let Origin::Tuple(t) = &mut o else { unreachable!() };
    /// assert_eq!(t.set_document_domain("shop.example.co.uk", false, None), Ok(DomainSet::Set));
    /// assert!(t.set_document_domain("co.uk", false, None).is_err());
    /// ```
    pub fn set_document_domain(
        &mut self,
        value: &str,
        origin_keyed: bool,
        list: Option<&PublicSuffixList>,
    ) -> Result<DomainSet, DomainError> {
        let list = list.unwrap_or_else(|| PublicSuffixList::embedded());
        // document.domain setter 1-2. Browsing-context and sandbox checks belong to the caller; a
        // sandboxed document has an opaque origin and never reaches here.
        // document.domain setter 3. The effective domain (a tuple origin always has one, so 4 holds).
        let effective = self.effective_domain().clone();
        // document.domain setter 5. The value must be a registrable domain suffix of, or equal to,
        // the effective domain.
        if !is_registrable_domain_suffix_of_or_equal(value, &effective, list) {
            return Err(DomainError::NotASuffix {
                value: value.to_owned(),
                effective_domain: effective.to_string(),
            });
        }
        // document.domain setter 6. An origin-keyed agent cluster ignores the assignment.
        if origin_keyed {
            return Ok(DomainSet::IgnoredOriginKeyed);
        }
        // document.domain setter 7. Record the parsed value as the origin's domain.
        let parsed = Host::parse(value).map_err(|_| DomainError::NotASuffix {
            value: value.to_owned(),
            effective_domain: effective.to_string(),
        })?;
        self.domain = Some(parsed);
        Ok(DomainSet::Set)
    }
}

/// What a `document.domain` assignment that passed its checks did.
///
/// ```
/// use sop_origin::{DomainSet, Origin};
/// let mut o = Origin::of_url_str("https://a.example.com").unwrap();
/// let Origin::Tuple(t) = &mut o else { unreachable!() };
/// assert_eq!(t.set_document_domain("example.com", true, None), Ok(DomainSet::IgnoredOriginKeyed));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DomainSet {
    /// The origin's domain now holds the value.
    Set,
    /// The agent cluster is origin-keyed, so nothing changed.
    IgnoredOriginKeyed,
}

/// Why a `document.domain` assignment throws `SecurityError`.
///
/// ```
/// use sop_origin::Origin;
/// let mut o = Origin::of_url_str("https://a.example.com").unwrap();
/// let Origin::Tuple(t) = &mut o else { unreachable!() };
/// let err = t.set_document_domain("other.com", false, None).unwrap_err();
/// assert!(err.to_string().contains("'other.com' is not a suffix of 'a.example.com'"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The value is not a registrable domain suffix of the effective domain.
    #[error("'{value}' is not a suffix of '{effective_domain}' (or is a public suffix)")]
    NotASuffix {
        /// The value assigned.
        value: String,
        /// The document's effective domain.
        effective_domain: String,
    },
}

/// <https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to>
///
/// ```
/// use sop_origin::{Host, PublicSuffixList, is_registrable_domain_suffix_of_or_equal};
/// let list = PublicSuffixList::embedded();
/// let host = Host::parse("a.b.example.com").unwrap();
/// assert!(is_registrable_domain_suffix_of_or_equal("example.com", &host, list));
/// assert!(!is_registrable_domain_suffix_of_or_equal("com", &host, list));
/// assert!(!is_registrable_domain_suffix_of_or_equal("ample.com", &host, list));
/// ```
pub fn is_registrable_domain_suffix_of_or_equal(
    host_suffix_string: &str,
    original_host: &Host,
    list: &PublicSuffixList,
) -> bool {
    // Is a registrable domain suffix of or equal to 1. The empty string is never a suffix.
    if host_suffix_string.is_empty() {
        return false;
    }
    // Is a registrable domain suffix of or equal to 2-3. Parse it as a host; failure means false.
    let Ok(host_suffix) = Host::parse(host_suffix_string) else {
        return false;
    };
    // Is a registrable domain suffix of or equal to 4. Unequal hosts need more checks.
    if &host_suffix != original_host {
        // Is a registrable domain suffix of or equal to 4.1. Both must be domains (an IP address has no suffixes).
        let (Some(suffix), Some(original)) = (host_suffix.as_domain(), original_host.as_domain())
        else {
            return false;
        };
        // Is a registrable domain suffix of or equal to 4.2. "." + suffix must end the original host.
        if !original.ends_with(&format!(".{suffix}")) {
            return false;
        }
        // Is a registrable domain suffix of or equal to 4.3. The suffix must not be a public suffix, nor lie inside the
        // original host's public suffix.
        let own_public_suffix = list.public_suffix(&host_suffix);
        if own_public_suffix.as_deref() == Some(suffix) {
            return false;
        }
        if let Some(original_ps) = list.public_suffix(original_host)
            && original_ps.ends_with(&format!(".{suffix}"))
        {
            return false;
        }
    }
    // Is a registrable domain suffix of or equal to 5. It is a registrable domain suffix (or equal).
    true
}

/// An opaque origin. Each one made by [`OpaqueOrigin::new`] is a distinct
/// origin; clones share its identity. Identity is a shared allocation, not
/// a global counter, so creating one touches no global state.
///
/// ```
/// use sop_origin::OpaqueOrigin;
/// let a = OpaqueOrigin::new();
/// assert_eq!(a, a.clone());
/// assert_ne!(a, OpaqueOrigin::new());
/// ```
#[derive(Clone)]
pub struct OpaqueOrigin(Arc<()>);

impl OpaqueOrigin {
    /// A new opaque origin, unequal to every other.
    ///
    /// ```
    /// let o = sop_origin::OpaqueOrigin::new();
    /// assert_eq!(sop_origin::Origin::Opaque(o).ascii_serialization(), "null");
    /// ```
    #[allow(clippy::new_without_default)]
    pub fn new() -> OpaqueOrigin {
        OpaqueOrigin(Arc::new(()))
    }
}

impl PartialEq for OpaqueOrigin {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for OpaqueOrigin {}

impl Hash for OpaqueOrigin {
    fn hash<H: Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0).hash(state);
    }
}

impl fmt::Debug for OpaqueOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OpaqueOrigin({:p})", Arc::as_ptr(&self.0))
    }
}

// Same origin ignores the domain component.
impl PartialEq for TupleOrigin {
    fn eq(&self, other: &Self) -> bool {
        self.scheme == other.scheme && self.host == other.host && self.port == other.port
    }
}

impl Eq for TupleOrigin {}

impl Hash for TupleOrigin {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (&self.scheme, &self.host, self.port).hash(state);
    }
}

/// The ASCII serialisation: `scheme://host[:port]`.
impl fmt::Display for TupleOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

impl Origin {
    /// A new opaque origin.
    ///
    /// ```
    /// let o = sop_origin::Origin::new_opaque();
    /// assert!(o.is_opaque());
    /// assert!(!o.same_origin(&sop_origin::Origin::new_opaque()));
    /// ```
    pub fn new_opaque() -> Origin {
        Origin::Opaque(OpaqueOrigin::new())
    }

    /// The origin of a URL, as the URL standard defines it.
    ///
    /// <https://url.spec.whatwg.org/#concept-url-origin>
    ///
    /// This departs from the `url` crate's `Url::origin()` where that departs
    /// from the standard: a `blob:` URL whose inner URL is not http(s) or
    /// file (say `blob:ftp://x/`) has an opaque origin here.
    ///
    /// ```
    /// use sop_origin::Origin;
    /// let o = |s| Origin::of_url_str(s).unwrap().ascii_serialization();
    /// assert_eq!(o("blob:https://example.com:443/uuid"), "https://example.com");
    /// assert_eq!(o("blob:ftp://example.com/uuid"), "null");
    /// assert_eq!(o("data:text/html,hi"), "null");
    /// assert_eq!(o("file:///etc/passwd"), "null");
    /// ```
    pub fn of_url(url: &Url) -> Origin {
        match url.scheme() {
            // blob: the origin of the URL in its path, for http(s) and file.
            "blob" => {
                // Origin of a URL 1. A blob URL entry would give its creator's origin; this
                // model keeps no blob URL store, so go on to the path.
                // Origin of a URL 2-3. Parse the path; failure gives a new opaque origin.
                match Url::parse(url.path()) {
                    // Origin of a URL 4. Only http, https and file inner URLs lend their origin.
                    Ok(inner) if matches!(inner.scheme(), "http" | "https" | "file") => {
                        Origin::of_url(&inner)
                    }
                    // Origin of a URL 5. Anything else: a new opaque origin.
                    _ => Origin::new_opaque(),
                }
            }
            // The special network schemes: the tuple.
            scheme if crate::has_tuple_origin(scheme) => match Host::of_url(url) {
                Some(host) => Origin::Tuple(TupleOrigin::new(url.scheme(), host, url.port())),
                None => Origin::new_opaque(),
            },
            // file: left to implementations; the standard advises opaque.
            // Everything else (data:, javascript:, about:, ...) is opaque.
            _ => Origin::new_opaque(),
        }
    }

    /// Parses `input` as an absolute URL and returns its origin.
    ///
    /// ```
    /// use sop_origin::Origin;
    /// let err = Origin::of_url_str("https://exa mple/").unwrap_err();
    /// assert_eq!(err.input(), "https://exa mple/");
    /// ```
    pub fn of_url_str(input: &str) -> Result<Origin, crate::UrlError> {
        crate::parse_url(input).map(|u| Origin::of_url(&u))
    }

    /// Whether the origin of `url` is same origin with this one, without
    /// building it: the same answer as `Origin::of_url(url) == *self`, with
    /// no allocation for the usual schemes.
    ///
    /// ```
    /// use sop_origin::{Origin, parse_url};
    /// let o = Origin::of_url_str("https://a.example").unwrap();
    /// assert!(o.same_origin_with_url(&parse_url("https://a.example:443/x").unwrap()));
    /// assert!(!o.same_origin_with_url(&parse_url("https://a.example:8443/x").unwrap()));
    /// assert!(!o.same_origin_with_url(&parse_url("data:,x").unwrap()));
    /// ```
    pub fn same_origin_with_url(&self, url: &Url) -> bool {
        let Origin::Tuple(t) = self else {
            // The origin of a URL is never an opaque origin that exists already.
            return false;
        };
        match url.scheme() {
            scheme if crate::has_tuple_origin(scheme) => {
                t.scheme() == url.scheme() && t.port() == url.port() && t.host().is_host_of(url)
            }
            "blob" => Origin::of_url(url) == *self,
            _ => false,
        }
    }

    /// Whether this is an opaque origin.
    ///
    /// ```
    /// assert!(sop_origin::Origin::of_url_str("data:,x").unwrap().is_opaque());
    /// assert!(!sop_origin::Origin::of_url_str("https://a.example").unwrap().is_opaque());
    /// ```
    pub fn is_opaque(&self) -> bool {
        matches!(self, Origin::Opaque(_))
    }

    /// The tuple, when this origin is one.
    ///
    /// ```
    /// let o = sop_origin::Origin::of_url_str("http://a.example:8080").unwrap();
    /// assert_eq!(o.as_tuple().unwrap().port(), Some(8080));
    /// assert!(sop_origin::Origin::new_opaque().as_tuple().is_none());
    /// ```
    pub fn as_tuple(&self) -> Option<&TupleOrigin> {
        match self {
            Origin::Tuple(t) => Some(t),
            Origin::Opaque(_) => None,
        }
    }

    /// Same origin: the same opaque origin, or tuples with equal scheme,
    /// host and port. The same as `==`.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>
    ///
    /// ```
    /// let o = |s| sop_origin::Origin::of_url_str(s).unwrap();
    /// assert!(o("https://a.example/x").same_origin(&o("https://a.example:443/y")));
    /// assert!(!o("https://a.example").same_origin(&o("http://a.example")));
    /// ```
    pub fn same_origin(&self, other: &Origin) -> bool {
        self == other
    }

    /// Same origin-domain: like same origin, but documents that set
    /// `document.domain` compare by scheme and that domain instead.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin-domain>
    ///
    /// ```
    /// use sop_origin::Origin;
    /// let mut a = Origin::of_url_str("https://a.example.com").unwrap();
    /// let mut b = Origin::of_url_str("https://b.example.com").unwrap();
    /// assert!(!a.same_origin_domain(&b));
    /// for o in [&mut a, &mut b] {
    ///     let Origin::Tuple(t) = o else { unreachable!() };
    ///     t.set_document_domain("example.com", false, None).unwrap();
    /// }
    /// assert!(a.same_origin_domain(&b));
    /// assert!(!a.same_origin(&b));
    /// ```
    pub fn same_origin_domain(&self, other: &Origin) -> bool {
        match (self, other) {
            // Same origin-domain 1. The same opaque origin.
            (Origin::Opaque(a), Origin::Opaque(b)) => a == b,
            (Origin::Tuple(a), Origin::Tuple(b)) => match (&a.domain, &b.domain) {
                // Same origin-domain 2.1. Same scheme and the same non-null domain.
                (Some(da), Some(db)) => a.scheme == b.scheme && da == db,
                // Same origin-domain 2.2. Neither set a domain: plain same origin.
                (None, None) => a == b,
                // Same origin-domain 3. One set a domain and the other did not.
                _ => false,
            },
            _ => false,
        }
    }

    /// The ASCII serialisation, as sent in the `Origin` header: `null` for an
    /// opaque origin, else `scheme://host` with `:port` unless it is the
    /// default port.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
    ///
    /// ```
    /// let o = |s| sop_origin::Origin::of_url_str(s).unwrap().ascii_serialization();
    /// assert_eq!(o("http://a.example:80/x"), "http://a.example");
    /// assert_eq!(o("http://[::1]:8080"), "http://[::1]:8080");
    /// assert_eq!(o("file:///etc"), "null");
    /// ```
    pub fn ascii_serialization(&self) -> String {
        use std::fmt::Write as _;
        let Origin::Tuple(t) = self else {
            return "null".to_owned();
        };
        // Sized for the usual origin at once (scheme, `://`, host and a
        // port), where writing into an empty string grew it twice; a domain
        // and a port are copied, not formatted (this runs for every fetch).
        let mut out = String::with_capacity(64);
        out.push_str(&t.scheme);
        out.push_str("://");
        match &t.host {
            Host::Domain(d) | Host::Opaque(d) => out.push_str(d),
            // Writing into a String cannot fail.
            other => {
                let _ = write!(out, "{other}");
            }
        }
        if let Some(port) = t.port {
            out.push(':');
            out.push_str(itoa::Buffer::new().format(port));
        }
        out
    }

    /// The Unicode serialisation, for display: like the ASCII one, but each
    /// domain label in Punycode is shown in Unicode.
    ///
    /// ```
    /// use sop_origin::Origin;
    /// let o = Origin::of_url_str("https://xn--bcher-kva.example:8443/").unwrap();
    /// assert_eq!(o.unicode_serialization(), "https://bücher.example:8443");
    /// ```
    pub fn unicode_serialization(&self) -> String {
        match self {
            Origin::Opaque(_) => "null".to_owned(),
            Origin::Tuple(t) => {
                let mut s = format!("{}://{}", t.scheme, t.host.to_unicode());
                if let Some(port) = t.port {
                    s.push_str(&format!(":{port}"));
                }
                s
            }
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Opaque(_) => f.write_str("null"),
            Origin::Tuple(t) => t.fmt(f),
        }
    }
}

/// Whether the origins of two URLs are same origin, without building them
/// when both are network URLs: a tuple origin is the URL's own scheme, host
/// and port, compared as they stand. Any other URL's origin is built (a
/// blob URL's is its inner URL's; the rest are opaque, new each time, so
/// never the same).
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>
///
/// ```
/// use sop_origin::{parse_url, same_origin_urls};
/// let u = |s| parse_url(s).unwrap();
/// assert!(same_origin_urls(&u("https://a.example/x"), &u("https://a.example:443/y")));
/// assert!(!same_origin_urls(&u("https://a.example/"), &u("http://a.example/")));
/// assert!(same_origin_urls(&u("blob:https://a.example/1"), &u("https://a.example/")));
/// assert!(!same_origin_urls(&u("data:,x"), &u("data:,x")));
/// ```
pub fn same_origin_urls(a: &Url, b: &Url) -> bool {
    if crate::has_tuple_origin(a.scheme()) && crate::has_tuple_origin(b.scheme()) {
        return a.scheme() == b.scheme() && a.port() == b.port() && a.host() == b.host();
    }
    Origin::of_url(a) == Origin::of_url(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::of_url_str(s).unwrap()
    }

    /// The serialisation copied piece by piece is what formatting gives,
    /// for every kind of host, with and without a port.
    #[test]
    fn ascii_serialization_is_the_display() {
        for url in [
            "https://app.example/",
            "https://app.example:8443/",
            "http://127.0.0.1:8080/",
            "http://[::1]/",
            "https://[2001:db8::1]:65535/",
            "ws://xn--bcher-kva.example/",
            "blob:https://app.example:1/x",
            "data:text/plain,x",
        ] {
            let o = origin(url);
            assert_eq!(o.ascii_serialization(), o.to_string(), "{url}");
        }
        assert_eq!(
            origin("http://[::1]:80/").ascii_serialization(),
            "http://[::1]"
        );
    }

    #[test]
    fn file_urls_get_a_new_opaque_origin_each_time() {
        let a = origin("file:///tmp/a");
        assert!(a.is_opaque());
        assert_ne!(a, origin("file:///tmp/a"));
        assert_eq!(a, a.clone());
    }

    #[test]
    fn blob_inner_schemes() {
        assert_eq!(
            origin("blob:http://a.example:80/x").to_string(),
            "http://a.example"
        );
        assert!(origin("blob:file:///x").is_opaque());
        assert!(origin("blob:ws://a.example/x").is_opaque());
        assert!(origin("blob:not a url").is_opaque());
        assert!(origin("blob:blob:https://a.example/").is_opaque());
    }

    #[test]
    fn default_ports_vanish_others_stay() {
        assert_eq!(
            origin("https://a.example:443").to_string(),
            "https://a.example"
        );
        assert_eq!(
            origin("https://a.example:80").to_string(),
            "https://a.example:80"
        );
        assert_eq!(origin("ws://a.example:80").to_string(), "ws://a.example");
        assert_ne!(origin("http://a.example"), origin("https://a.example"));
        assert_ne!(origin("http://a.example"), origin("http://a.example:8080"));
    }

    #[test]
    fn document_domain_needs_both_sides() {
        let mut a = origin("https://a.example.com");
        let b = origin("https://example.com");
        let Origin::Tuple(t) = &mut a else {
            unreachable!()
        };
        assert_eq!(
            t.set_document_domain("example.com", false, None),
            Ok(DomainSet::Set)
        );
        // b never set its domain: same origin-domain needs both to set it.
        assert!(!a.same_origin_domain(&b));
    }

    #[test]
    fn origin_keyed_clusters_ignore_document_domain() {
        let mut a = origin("https://a.example.com");
        let Origin::Tuple(t) = &mut a else {
            unreachable!()
        };
        assert_eq!(
            t.set_document_domain("example.com", true, None),
            Ok(DomainSet::IgnoredOriginKeyed)
        );
        assert_eq!(t.domain(), None);
    }

    #[test]
    fn registrable_domain_suffix_rules() {
        let list = PublicSuffixList::embedded();
        let h = Host::parse("www.example.co.uk").unwrap();
        assert!(is_registrable_domain_suffix_of_or_equal(
            "www.example.co.uk",
            &h,
            list
        ));
        assert!(is_registrable_domain_suffix_of_or_equal(
            "example.co.uk",
            &h,
            list
        ));
        assert!(!is_registrable_domain_suffix_of_or_equal("co.uk", &h, list));
        assert!(!is_registrable_domain_suffix_of_or_equal("uk", &h, list));
        assert!(!is_registrable_domain_suffix_of_or_equal("", &h, list));
        let ip = Host::parse("10.0.0.1").unwrap();
        assert!(is_registrable_domain_suffix_of_or_equal(
            "10.0.0.1", &ip, list
        ));
        assert!(!is_registrable_domain_suffix_of_or_equal(
            "0.0.1", &ip, list
        ));
    }
}
