//! Hosts, as the URL standard defines them.
//!
//! <https://url.spec.whatwg.org/#concept-host>

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use url::Url;

/// A host: a domain, an IP address, an opaque host or the empty host.
///
/// Two hosts are equal when they are the same variant with the same value.
/// That is the URL standard's host equality: domains are compared after the
/// host parser has applied IDNA (so they are ASCII and lowercase), IP
/// addresses by their numeric value.
///
/// ```
/// use sop_origin::Host;
/// let a = Host::parse("EXAMPLE.com").unwrap();
/// let b = Host::parse("example.com").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(Host::parse("0x7f.1").unwrap().to_string(), "127.0.0.1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Host {
    /// A domain: ASCII, lowercase, as the host parser leaves it.
    /// <https://url.spec.whatwg.org/#concept-domain>
    Domain(String),
    /// An IPv4 address. <https://url.spec.whatwg.org/#concept-ipv4>
    Ipv4(Ipv4Addr),
    /// An IPv6 address. <https://url.spec.whatwg.org/#concept-ipv6>
    Ipv6(Ipv6Addr),
    /// The host of a URL whose scheme is not special, kept as written
    /// (percent-encoded). <https://url.spec.whatwg.org/#opaque-host>
    Opaque(String),
    /// The empty host, as in `file:///etc`.
    /// <https://url.spec.whatwg.org/#empty-host>
    Empty,
}

impl Host {
    /// Parses `input` with the URL standard's host parser for special URLs
    /// (IDNA, IPv4 forms such as `0x7f.1`, bracketed IPv6).
    ///
    /// <https://url.spec.whatwg.org/#concept-host-parser> (with *isOpaque* false)
    ///
    /// ```
    /// use sop_origin::Host;
    /// assert_eq!(Host::parse("bücher.example").unwrap().to_string(), "xn--bcher-kva.example");
    /// assert!(Host::parse("exa mple").is_err());
    /// ```
    pub fn parse(input: &str) -> Result<Host, url::ParseError> {
        url::Host::parse(input).map(Host::from)
    }

    /// The host of a parsed URL, or `None` when the URL has no host
    /// (`data:`, `mailto:`, `blob:` and other URLs with opaque paths).
    ///
    /// Hosts of URLs with special schemes are domains or IP addresses; hosts
    /// of other URLs are opaque hosts (the `url` crate reports both as
    /// "domain"; this tells them apart as the standard does).
    ///
    /// ```
    /// use sop_origin::Host;
    /// let u = url::Url::parse("foo://Example.COM/").unwrap();
    /// assert_eq!(Host::of_url(&u), Some(Host::Opaque("Example.COM".into())));
    /// ```
    pub fn of_url(url: &Url) -> Option<Host> {
        let Some(host) = url.host() else {
            // `scheme://` with nothing before the path: the empty host (the
            // `url` crate reports no host at all).
            return url.has_authority().then_some(Host::Empty);
        };
        Some(match host {
            url::Host::Domain("") => Host::Empty,
            url::Host::Domain(d) if crate::is_special_scheme(url.scheme()) => {
                Host::Domain(d.to_owned())
            }
            url::Host::Domain(d) => Host::Opaque(d.to_owned()),
            url::Host::Ipv4(a) => Host::Ipv4(a),
            url::Host::Ipv6(a) => Host::Ipv6(a),
        })
    }

    /// Whether [`Host::of_url`] reads this host from `url`, asked without
    /// building it (each request's same-origin and same-site checks ask).
    ///
    /// ```
    /// use sop_origin::{Host, parse_url};
    /// let host = Host::parse("a.example").unwrap();
    /// assert!(host.is_host_of(&parse_url("https://a.example:8443/x").unwrap()));
    /// assert!(!host.is_host_of(&parse_url("https://b.example/").unwrap()));
    /// ```
    pub fn is_host_of(&self, url: &Url) -> bool {
        let special = crate::is_special_scheme(url.scheme());
        match (self, url.host()) {
            (Host::Empty, None) => url.has_authority(),
            (Host::Empty, Some(url::Host::Domain(""))) => true,
            (Host::Domain(a), Some(url::Host::Domain(b))) => special && !b.is_empty() && a == b,
            (Host::Opaque(a), Some(url::Host::Domain(b))) => !special && !b.is_empty() && a == b,
            (Host::Ipv4(a), Some(url::Host::Ipv4(b))) => *a == b,
            (Host::Ipv6(a), Some(url::Host::Ipv6(b))) => *a == b,
            _ => false,
        }
    }

    /// Whether this host is a domain (not an IP address, opaque or empty).
    ///
    /// ```
    /// use sop_origin::Host;
    /// assert!(Host::parse("example.com").unwrap().is_domain());
    /// assert!(!Host::parse("127.0.0.1").unwrap().is_domain());
    /// ```
    pub fn is_domain(&self) -> bool {
        matches!(self, Host::Domain(_))
    }

    /// The domain, when this host is one.
    ///
    /// ```
    /// use sop_origin::Host;
    /// assert_eq!(Host::parse("Example.COM").unwrap().as_domain(), Some("example.com"));
    /// assert_eq!(Host::parse("[::1]").unwrap().as_domain(), None);
    /// ```
    pub fn as_domain(&self) -> Option<&str> {
        match self {
            Host::Domain(d) => Some(d),
            _ => None,
        }
    }

    /// The host's Unicode form for display: a domain goes through IDNA's
    /// ToUnicode (`xn--bcher-kva.example` becomes `bücher.example`); other
    /// hosts serialise as usual.
    ///
    /// <https://url.spec.whatwg.org/#concept-domain-to-unicode>
    ///
    /// ```
    /// use sop_origin::Host;
    /// let h = Host::parse("xn--bcher-kva.example").unwrap();
    /// assert_eq!(h.to_unicode(), "bücher.example");
    /// ```
    pub fn to_unicode(&self) -> String {
        match self {
            Host::Domain(d) => idna::domain_to_unicode(d).0,
            other => other.to_string(),
        }
    }
}

impl From<url::Host<String>> for Host {
    fn from(h: url::Host<String>) -> Self {
        match h {
            url::Host::Domain(d) if d.is_empty() => Host::Empty,
            url::Host::Domain(d) => Host::Domain(d),
            url::Host::Ipv4(a) => Host::Ipv4(a),
            url::Host::Ipv6(a) => Host::Ipv6(a),
        }
    }
}

/// The host serialiser: IPv6 in brackets, everything else as stored.
/// <https://url.spec.whatwg.org/#concept-host-serializer>
impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Domain(d) | Host::Opaque(d) => f.write_str(d),
            Host::Ipv4(a) => write!(f, "{a}"),
            // The `url` crate's serialiser compresses and brackets IPv6 as the
            // standard says.
            Host::Ipv6(a) => write!(f, "{}", url::Host::<&str>::Ipv6(*a)),
            Host::Empty => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_host_of` answers what comparing with `Host::of_url` answers.
    #[test]
    fn is_host_of_is_of_url_without_the_copy() {
        let urls: Vec<Url> = [
            "https://a.example/",
            "https://a.example:8443/",
            "http://127.0.0.1/",
            "http://[::1]/",
            "file:///etc/hosts",
            "file://server/share",
            "foo://a.example/",
            "foo:///x",
            "foo:x",
            "data:,x",
        ]
        .iter()
        .map(|u| Url::parse(u).unwrap())
        .collect();
        for from in &urls {
            let Some(host) = Host::of_url(from) else {
                continue;
            };
            for url in &urls {
                assert_eq!(
                    host.is_host_of(url),
                    Host::of_url(url).as_ref() == Some(&host),
                    "{host:?} and {url}"
                );
            }
        }
    }

    #[test]
    fn ipv6_serialises_compressed_in_brackets() {
        let h = Host::parse("[0:0:0:0:0:0:0:1]").unwrap();
        assert_eq!(h, Host::Ipv6(Ipv6Addr::LOCALHOST));
        assert_eq!(h.to_string(), "[::1]");
    }

    #[test]
    fn ipv4_forms_are_one_host() {
        for form in ["127.0.0.1", "0x7f.1", "2130706433", "0177.0.0.1"] {
            assert_eq!(
                Host::parse(form).unwrap(),
                Host::Ipv4(Ipv4Addr::LOCALHOST),
                "{form}"
            );
        }
    }

    #[test]
    fn special_and_opaque_hosts_differ() {
        let special = Url::parse("http://Example.com/").unwrap();
        let opaque = Url::parse("x://Example.com/").unwrap();
        assert_eq!(
            Host::of_url(&special),
            Some(Host::Domain("example.com".into()))
        );
        assert_eq!(
            Host::of_url(&opaque),
            Some(Host::Opaque("Example.com".into()))
        );
        assert_ne!(Host::of_url(&special), Host::of_url(&opaque));
    }

    #[test]
    fn empty_and_missing_hosts() {
        assert_eq!(
            Host::of_url(&Url::parse("file:///etc").unwrap()),
            Some(Host::Empty)
        );
        assert_eq!(Host::of_url(&Url::parse("data:,x").unwrap()), None);
    }
}
