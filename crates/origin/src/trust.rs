//! Potentially trustworthy origins and URLs (Secure Contexts).
//!
//! <https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>

use url::Url;

use crate::{Host, Origin};

/// Whether an origin is potentially trustworthy.
///
/// <https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>
///
/// ```
/// use sop_origin::{Origin, is_origin_potentially_trustworthy as t};
/// let o = |s| Origin::of_url_str(s).unwrap();
/// assert!(t(&o("https://example.com")));
/// assert!(t(&o("http://127.8.9.10:8080")));
/// assert!(t(&o("http://api.localhost")));
/// assert!(!t(&o("http://example.com")));
/// assert!(!t(&Origin::new_opaque()));
/// ```
pub fn is_origin_potentially_trustworthy(origin: &Origin) -> bool {
    // Is origin potentially trustworthy? 1-2. An opaque origin is not trustworthy.
    let Some(tuple) = origin.as_tuple() else {
        return false;
    };
    // Is origin potentially trustworthy? 3-5.
    let host = match tuple.host() {
        Host::Domain(d) => Some(url::Host::Domain(d.as_str())),
        Host::Ipv4(a) => Some(url::Host::Ipv4(*a)),
        Host::Ipv6(a) => Some(url::Host::Ipv6(*a)),
        Host::Opaque(_) | Host::Empty => None,
    };
    if tuple_is_trustworthy(tuple.scheme(), host) {
        return true;
    }
    // Is origin potentially trustworthy? 6. file: (for user agents that give file: URLs a tuple origin).
    // Is origin potentially trustworthy? 7-8. No other authenticated schemes or configured origins here.
    tuple.scheme() == "file"
}

/// Whether a URL is potentially trustworthy.
///
/// <https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy>
///
/// `file:` URLs are trustworthy: the URL standard leaves their origin
/// opaque, which would make them untrustworthy through their origin, so this
/// reads the scheme first, as step 6 of the origin algorithm intends and
/// as browsers do.
///
/// ```
/// use sop_origin::is_url_potentially_trustworthy as t;
/// let u = |s| url::Url::parse(s).unwrap();
/// assert!(t(&u("about:blank")));
/// assert!(t(&u("data:text/plain,x")));
/// assert!(t(&u("file:///home/me/page.html")));
/// assert!(t(&u("blob:https://example.com/uuid")));
/// assert!(!t(&u("http://example.com/")));
/// ```
pub fn is_url_potentially_trustworthy(url: &Url) -> bool {
    // Is url potentially trustworthy? 1. about:blank and about:srcdoc.
    if url.scheme() == "about" && matches!(url.path(), "blank" | "srcdoc") {
        return true;
    }
    // Is url potentially trustworthy? 2. data: URLs.
    if url.scheme() == "data" {
        return true;
    }
    // (Origin step 6, read off the URL because its origin is opaque.)
    if url.scheme() == "file" {
        return true;
    }
    // Is url potentially trustworthy? 3. Otherwise, what the URL's origin is.
    // For the network schemes that origin is the URL's own scheme, host and
    // port, so the origin's steps read them off the URL, with no host copied.
    if crate::has_tuple_origin(url.scheme()) {
        return network_url_is_trustworthy(url);
    }
    is_origin_potentially_trustworthy(&Origin::of_url(url))
}

/// [`is_origin_potentially_trustworthy`] of a network URL's origin, read
/// off the URL ([`Origin::of_url`] makes the same tuple).
fn network_url_is_trustworthy(url: &Url) -> bool {
    // Is origin potentially trustworthy? 1-2. No host at all: an opaque origin.
    if url.host().is_none() && !url.has_authority() {
        return false;
    }
    tuple_is_trustworthy(url.scheme(), url.host())
}

/// Steps 3-5 of "Is origin potentially trustworthy?" for a tuple origin of
/// `scheme` and `host` (a domain, an address, or `None` for any other).
fn tuple_is_trustworthy(scheme: &str, host: Option<url::Host<&str>>) -> bool {
    // Is origin potentially trustworthy? 3. Authenticated schemes.
    if matches!(scheme, "https" | "wss") {
        return true;
    }
    // Is origin potentially trustworthy? 4. Loopback addresses: 127.0.0.0/8 and ::1/128.
    // Is origin potentially trustworthy? 5. "Let localhost be localhost": the name and its
    // subdomains, with or without a trailing dot (browsers resolve them
    // to loopback only).
    match host {
        Some(url::Host::Ipv4(a)) => a.is_loopback(),
        Some(url::Host::Ipv6(a)) => a.is_loopback(),
        Some(url::Host::Domain(d)) => is_localhost_name(d),
        None => false,
    }
}

fn is_localhost_name(domain: &str) -> bool {
    let name = domain.strip_suffix('.').unwrap_or(domain);
    name == "localhost" || name.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> bool {
        is_url_potentially_trustworthy(&Url::parse(s).unwrap())
    }

    #[test]
    fn table() {
        let cases = [
            ("https://example.com", true),
            ("wss://example.com", true),
            ("http://127.0.0.1", true),
            ("http://127.255.255.255:81", true),
            ("http://128.0.0.1", false),
            ("http://[::1]:8080", true),
            ("http://[::2]", false),
            ("http://localhost", true),
            ("http://localhost.", true),
            ("http://a.b.localhost:3000", true),
            ("http://localhost.example", false),
            ("http://notlocalhost", false),
            ("ws://example.com", false),
            ("ftp://example.com", false),
            ("file:///etc/hosts", true),
            ("about:blank", true),
            ("about:srcdoc", true),
            ("about:config", false),
            ("data:,x", true),
            ("javascript:1", false),
            ("blob:http://localhost/x", true),
            ("blob:http://example.com/x", false),
        ];
        for (url, expected) in cases {
            assert_eq!(t(url), expected, "{url}");
        }
    }

    /// Network URLs are judged off the URL; the answer is the one their
    /// origin gets.
    #[test]
    fn network_urls_agree_with_their_origins() {
        for url in [
            "https://example.com",
            "wss://example.com:8443/x",
            "http://127.0.0.1",
            "http://127.1.2.3:8080",
            "http://128.0.0.1",
            "http://[::1]",
            "http://[::2]",
            "http://localhost",
            "http://LOCALHOST.",
            "ws://api.localhost",
            "http://localhost.example",
            "ftp://localhost",
            "ftp://example.com",
            "http://xn--bcher-kva.example",
            "http://0x7f.1",
        ] {
            let url = Url::parse(url).unwrap();
            assert_eq!(
                network_url_is_trustworthy(&url),
                is_origin_potentially_trustworthy(&Origin::of_url(&url)),
                "{url}"
            );
        }
    }
}
