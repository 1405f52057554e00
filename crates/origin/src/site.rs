//! Sites: what "same site" and "schemelessly same site" compare.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#sites>

use std::fmt;

use crate::{Host, Origin, PublicSuffixList};

/// A site: an opaque origin, or a scheme and a host (the registrable
/// domain when the host has one, else the host itself).
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#site>
///
/// ```
/// use sop_origin::{Origin, Site};
/// let site = Site::of(&Origin::of_url_str("https://a.b.example.co.uk:8443").unwrap());
/// assert_eq!(site.to_string(), "https://example.co.uk");
/// let ip = Site::of(&Origin::of_url_str("http://127.0.0.1:8080").unwrap());
/// assert_eq!(ip.to_string(), "http://127.0.0.1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Site {
    /// The site of an opaque origin is that origin.
    Opaque(Origin),
    /// A scheme and a host. <https://html.spec.whatwg.org/multipage/browsers.html#scheme-and-host>
    SchemeAndHost {
        /// The origin's scheme.
        scheme: String,
        /// The registrable domain as a host, or the origin's host.
        host: Host,
    },
}

impl Site {
    /// Obtains the site of an origin with the embedded public suffix list.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#obtain-a-site>
    ///
    /// ```
    /// use sop_origin::{Origin, Site};
    /// let site = Site::of(&Origin::of_url_str("https://x.a.github.io").unwrap());
    /// assert_eq!(site.to_string(), "https://a.github.io");
    /// ```
    pub fn of(origin: &Origin) -> Site {
        Site::of_with(origin, PublicSuffixList::embedded())
    }

    /// Obtains the site of an origin with the given list.
    ///
    /// ```
    /// use sop_origin::{Origin, PublicSuffixList, Site};
    /// let list = PublicSuffixList::parse("// ===BEGIN ICANN DOMAINS===\nexample\n").unwrap();
    /// let site = Site::of_with(&Origin::of_url_str("https://a.b.example").unwrap(), &list);
    /// assert_eq!(site.to_string(), "https://b.example");
    /// ```
    pub fn of_with(origin: &Origin, list: &PublicSuffixList) -> Site {
        match origin {
            // Obtain a site 1. An opaque origin is its own site.
            Origin::Opaque(_) => Site::Opaque(origin.clone()),
            Origin::Tuple(t) => {
                let host = match list.registrable_domain(t.host()) {
                    // Obtain a site 3. The scheme and the host's registrable domain.
                    Some(domain) => Host::Domain(domain),
                    // Obtain a site 2. No registrable domain: the scheme and the host.
                    None => t.host().clone(),
                };
                Site::SchemeAndHost {
                    scheme: t.scheme().to_owned(),
                    host,
                }
            }
        }
    }

    /// Two sites are the same site when they are the same opaque origin, or
    /// have the same scheme and host. The same as `==`.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-site-same-site>
    ///
    /// ```
    /// use sop_origin::{Origin, Site};
    /// let s = |u| Site::of(&Origin::of_url_str(u).unwrap());
    /// assert!(s("https://a.example.com").same_site(&s("https://b.example.com")));
    /// assert!(!s("https://example.com").same_site(&s("http://example.com")));
    /// ```
    pub fn same_site(&self, other: &Site) -> bool {
        self == other
    }
}

/// The serialisation of a site: `null` for an opaque one, else
/// `scheme://host`. <https://html.spec.whatwg.org/multipage/browsers.html#serialization-of-a-site>
impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Site::Opaque(_) => f.write_str("null"),
            Site::SchemeAndHost { scheme, host } => write!(f, "{scheme}://{host}"),
        }
    }
}

/// Whether two origins are same site: their sites are (so the scheme must
/// match: `http://example.com` and `https://example.com` are not).
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#concept-site-same-site>
///
/// ```
/// use sop_origin::{Origin, same_site};
/// let o = |s| Origin::of_url_str(s).unwrap();
/// assert!(same_site(&o("https://a.example.co.uk"), &o("https://b.example.co.uk")));
/// assert!(!same_site(&o("https://a.github.io"), &o("https://b.github.io")));
/// assert!(!same_site(&o("http://example.com"), &o("https://example.com")));
/// ```
pub fn same_site(a: &Origin, b: &Origin) -> bool {
    same_site_with(a, b, PublicSuffixList::embedded())
}

/// [`same_site`] with the given list.
///
/// ```
/// use sop_origin::{Origin, PublicSuffixList, same_site_with};
/// let o = |u| Origin::of_url_str(u).unwrap();
/// let list = PublicSuffixList::embedded();
/// assert!(same_site_with(&o("https://a.example.com"), &o("https://b.example.com"), list));
/// ```
pub fn same_site_with(a: &Origin, b: &Origin, list: &PublicSuffixList) -> bool {
    Site::of_with(a, list) == Site::of_with(b, list)
}

/// Whether two origins are schemelessly same site: same site, ignoring the
/// scheme.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#schemelessly-same-site>
///
/// ```
/// use sop_origin::{Origin, schemelessly_same_site};
/// let o = |s| Origin::of_url_str(s).unwrap();
/// assert!(schemelessly_same_site(&o("http://example.com"), &o("https://www.example.com")));
/// assert!(!schemelessly_same_site(&o("https://localhost"), &o("https://a.localhost")));
/// ```
pub fn schemelessly_same_site(a: &Origin, b: &Origin) -> bool {
    schemelessly_same_site_with(a, b, PublicSuffixList::embedded())
}

/// [`schemelessly_same_site`] with the given list.
///
/// ```
/// use sop_origin::{Origin, PublicSuffixList, schemelessly_same_site_with};
/// let o = |u| Origin::of_url_str(u).unwrap();
/// let list = PublicSuffixList::embedded();
/// assert!(schemelessly_same_site_with(&o("http://a.example.com"), &o("https://b.example.com"), list));
/// ```
pub fn schemelessly_same_site_with(a: &Origin, b: &Origin, list: &PublicSuffixList) -> bool {
    match (a, b) {
        // Schemelessly same site 1. The same opaque origin.
        (Origin::Opaque(_), Origin::Opaque(_)) => a == b,
        // Schemelessly same site 2. Two tuples: compare hosts through their registrable domains.
        (Origin::Tuple(ta), Origin::Tuple(tb)) => {
            let (host_a, host_b) = (ta.host(), tb.host());
            let (rd_a, rd_b) = (
                list.registrable_domain(host_a),
                list.registrable_domain(host_b),
            );
            // Schemelessly same site 2.2. Equal hosts with no registrable domain (IPs, public suffixes).
            if host_a == host_b && rd_a.is_none() {
                return true;
            }
            // Schemelessly same site 2.3. Equal, non-null registrable domains.
            rd_a.is_some() && rd_a == rd_b
        }
        // Schemelessly same site 3. Otherwise not.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(s: &str) -> Origin {
        Origin::of_url_str(s).unwrap()
    }

    #[test]
    fn github_io_subdomains_are_cross_site() {
        assert!(!same_site(
            &o("https://a.github.io"),
            &o("https://b.github.io")
        ));
        assert!(!schemelessly_same_site(
            &o("https://a.github.io"),
            &o("https://b.github.io")
        ));
        assert!(same_site(
            &o("https://a.github.io"),
            &o("https://x.a.github.io")
        ));
    }

    #[test]
    fn co_uk_registrable_domains() {
        assert!(same_site(
            &o("https://a.example.co.uk"),
            &o("https://b.example.co.uk")
        ));
        assert!(!same_site(
            &o("https://example.co.uk"),
            &o("https://other.co.uk")
        ));
    }

    #[test]
    fn scheme_matters_only_for_same_site() {
        let (a, b) = (o("http://www.example.com"), o("https://example.com:8443"));
        assert!(schemelessly_same_site(&a, &b));
        assert!(!same_site(&a, &b));
    }

    #[test]
    fn ip_hosts_are_their_own_site() {
        assert!(same_site(
            &o("http://127.0.0.1:8080"),
            &o("http://127.0.0.1:9090")
        ));
        assert!(!same_site(&o("http://127.0.0.1"), &o("http://127.0.0.2")));
        assert!(schemelessly_same_site(
            &o("http://[::1]"),
            &o("https://[::1]:8443")
        ));
        assert_eq!(Site::of(&o("http://[::1]:1")).to_string(), "http://[::1]");
    }

    #[test]
    fn unlisted_tld_subdomains_are_different_sites() {
        // `example` is not a listed suffix, so `app.example` is registrable.
        assert!(!same_site(
            &o("https://app.example"),
            &o("https://api.example")
        ));
        assert!(same_site(
            &o("https://x.app.example"),
            &o("https://app.example")
        ));
    }

    #[test]
    fn opaque_origins_are_only_their_own_site() {
        let a = Origin::new_opaque();
        assert!(same_site(&a, &a.clone()));
        assert!(!same_site(&a, &Origin::new_opaque()));
        assert!(!schemelessly_same_site(&a, &Origin::new_opaque()));
        assert!(!same_site(&a, &o("https://example.com")));
        assert_eq!(Site::of(&a).to_string(), "null");
    }
}
