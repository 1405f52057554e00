//! One URL described (origin, site, registrable domain, trustworthiness)
//! and two compared (same origin, same site, schemelessly same site), each
//! answer with the rule that decided it in words.
//!
//! This is what `sop origin` prints and what the Node package's `origin()`
//! and `compare()` return: one implementation, so the two never disagree.
//! Both serialise to the JSON `sop origin --format json` prints.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::{
    Host, Origin, PublicSuffixList, Site, Url, UrlError, is_origin_potentially_trustworthy,
    is_url_potentially_trustworthy, parse_url, same_site, schemelessly_same_site,
};

/// One URL, described, with the reasons behind each answer.
///
/// ```
/// let d = sop_origin::Description::of("https://a.example:443/x").unwrap();
/// assert_eq!(d.origin.ascii_serialization(), "https://a.example");
/// assert_eq!(d.default_port_dropped, Some(443));
/// assert_eq!(d.trustworthy_reason, "https scheme");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Description {
    /// The URL as the URL parser serialises it.
    pub url: Url,
    /// Its origin.
    pub origin: Origin,
    /// Its origin's site.
    pub site: Site,
    /// The registrable domain of its host, when it has one.
    pub registrable_domain: Option<String>,
    /// Whether the URL is potentially trustworthy (Secure Contexts).
    pub trustworthy: bool,
    /// Which rule of the Secure Contexts algorithm decided `trustworthy`.
    pub trustworthy_reason: String,
    /// Why the origin is opaque, when it is.
    pub opaque_reason: Option<String>,
    /// A port written in the URL that the origin leaves out, being the
    /// scheme's default.
    pub default_port_dropped: Option<u16>,
    /// What the URL alone does not say about a document's origin.
    pub origin_note: Option<&'static str>,
}

impl Description {
    /// Parses `input` and describes it.
    ///
    /// ```
    /// let err = sop_origin::Description::of("https://exa mple/").unwrap_err();
    /// assert!(err.to_string().starts_with("cannot parse \"https://exa mple/\""));
    /// ```
    pub fn of(input: &str) -> Result<Description, UrlError> {
        let url = parse_url(input)?;
        let origin = Origin::of_url(&url);
        let registrable_domain = origin
            .as_tuple()
            .and_then(|t| PublicSuffixList::embedded().registrable_domain(t.host()));
        // The URL gives these an opaque origin, but a document loaded from
        // one takes the origin of the document that made it.
        let origin_note = match (url.scheme(), url.path()) {
            ("about", "blank") => Some(
                "an about:blank document inherits the origin of the document that created it; \
                 the URL alone gives an opaque origin",
            ),
            ("about", "srcdoc") => Some(
                "an about:srcdoc document (an iframe's srcdoc) inherits its parent's origin; \
                 the URL alone gives an opaque origin",
            ),
            _ => None,
        };
        Ok(Description {
            site: Site::of(&origin),
            trustworthy: is_url_potentially_trustworthy(&url),
            trustworthy_reason: trustworthy_reason(&url, &origin),
            opaque_reason: origin.is_opaque().then(|| {
                format!(
                    "opaque: {} {}: URL has no tuple origin",
                    article(url.scheme()),
                    url.scheme()
                )
            }),
            default_port_dropped: default_port_dropped(input, &url),
            origin_note,
            url,
            origin,
            registrable_domain,
        })
    }
}

impl Serialize for Description {
    /// The object `sop origin --format json URL` prints, keys in its order.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = s.serialize_struct("Description", 10)?;
        o.serialize_field("url", self.url.as_str())?;
        o.serialize_field("origin", &self.origin.ascii_serialization())?;
        o.serialize_field("unicode", &self.origin.unicode_serialization())?;
        o.serialize_field("opaque_reason", &self.opaque_reason)?;
        o.serialize_field("default_port_dropped", &self.default_port_dropped)?;
        o.serialize_field("origin_note", &self.origin_note)?;
        o.serialize_field("site", &self.site.to_string())?;
        o.serialize_field("registrable_domain", &self.registrable_domain)?;
        o.serialize_field("trustworthy", &self.trustworthy)?;
        o.serialize_field("trustworthy_reason", &self.trustworthy_reason)?;
        o.end()
    }
}

/// Two URLs, each described, and how their origins compare.
///
/// ```
/// let c = sop_origin::Comparison::of("https://a.example.co.uk:8443/", "http://b.example.co.uk/").unwrap();
/// assert!(!c.same_origin && !c.same_site && c.schemelessly_same_site);
/// assert_eq!(c.same_origin_reason, "schemes differ (https vs http)");
/// assert_eq!(c.schemelessly_same_site_reason, "same registrable domain example.co.uk");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Comparison {
    /// The first URL.
    pub a: Description,
    /// The second URL.
    pub b: Description,
    /// Whether their origins are the same origin.
    pub same_origin: bool,
    /// Why, or why not.
    pub same_origin_reason: String,
    /// Whether they are same site.
    pub same_site: bool,
    /// Why, or why not.
    pub same_site_reason: String,
    /// Whether they are schemelessly same site.
    pub schemelessly_same_site: bool,
    /// Why, or why not.
    pub schemelessly_same_site_reason: String,
}

impl Comparison {
    /// Parses and describes `a` and `b`, and compares them.
    pub fn of(a: &str, b: &str) -> Result<Comparison, UrlError> {
        let (a, b) = (Description::of(a)?, Description::of(b)?);
        Ok(Comparison {
            same_origin: a.origin.same_origin(&b.origin),
            same_origin_reason: why_same_origin(&a.origin, &b.origin),
            same_site: same_site(&a.origin, &b.origin),
            same_site_reason: why_site(&a, &b, false),
            schemelessly_same_site: schemelessly_same_site(&a.origin, &b.origin),
            schemelessly_same_site_reason: why_site(&a, &b, true),
            a,
            b,
        })
    }
}

impl Serialize for Comparison {
    /// The object `sop origin --format json A B` prints, keys in its order.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = s.serialize_struct("Comparison", 8)?;
        o.serialize_field("a", &self.a)?;
        o.serialize_field("b", &self.b)?;
        o.serialize_field("same_origin", &self.same_origin)?;
        o.serialize_field("same_origin_reason", &self.same_origin_reason)?;
        o.serialize_field("same_site", &self.same_site)?;
        o.serialize_field("same_site_reason", &self.same_site_reason)?;
        o.serialize_field("schemelessly_same_site", &self.schemelessly_same_site)?;
        o.serialize_field(
            "schemelessly_same_site_reason",
            &self.schemelessly_same_site_reason,
        )?;
        o.end()
    }
}

/// "a" or "an" before a scheme name read aloud (`an about:`, `a data:`).
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The rule that makes `url` potentially trustworthy or not, in the order
/// <https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy>
/// applies them (as `is_url_potentially_trustworthy` does).
fn trustworthy_reason(url: &Url, origin: &Origin) -> String {
    match url.scheme() {
        "about" if matches!(url.path(), "blank" | "srcdoc") => {
            return format!("about:{} is trustworthy by definition", url.path());
        }
        "data" => return "a data: URL is trustworthy by definition".to_owned(),
        "file" => return "file scheme".to_owned(),
        _ => {}
    }
    let Some(tuple) = origin.as_tuple() else {
        return "an opaque origin is never trustworthy".to_owned();
    };
    let host = tuple.host();
    match (tuple.scheme(), host) {
        ("https" | "wss", _) => format!("{} scheme", tuple.scheme()),
        (_, Host::Ipv4(a)) if a.is_loopback() => format!("loopback host {host}"),
        (_, Host::Ipv6(a)) if a.is_loopback() => format!("loopback host {host}"),
        (_, Host::Domain(d)) if is_origin_potentially_trustworthy(origin) && !d.is_empty() => {
            format!("localhost name {host}")
        }
        (scheme, _) => format!("{scheme} on {host}, which is not loopback or localhost"),
    }
}

/// The port written in `input` when the origin drops it for being the
/// scheme's default (`https://a.example:443` has origin `https://a.example`).
fn default_port_dropped(input: &str, url: &Url) -> Option<u16> {
    let default = url
        .port_or_known_default()
        .filter(|_| url.port().is_none())?;
    let (_, rest) = input.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    // After the last `:`, unless that is inside an IPv6 address's brackets.
    let (_, port) = host_port
        .rsplit_once(':')
        .filter(|(_, p)| !p.contains(']'))?;
    (port.parse::<u16>().ok() == Some(default)).then_some(default)
}

/// Why two origins are or are not the same origin.
fn why_same_origin(a: &Origin, b: &Origin) -> String {
    match (a.as_tuple(), b.as_tuple()) {
        (Some(x), Some(y)) if x.scheme() != y.scheme() => {
            format!("schemes differ ({} vs {})", x.scheme(), y.scheme())
        }
        (Some(x), Some(y)) if x.host() != y.host() => {
            format!("hosts differ ({} vs {})", x.host(), y.host())
        }
        (Some(x), Some(y)) if x.port() != y.port() => format!(
            "ports differ ({} vs {})",
            port_text(x.port()),
            port_text(y.port())
        ),
        (Some(_), Some(_)) => "scheme, host and port are equal".to_owned(),
        _ => "an opaque origin is same origin only with itself".to_owned(),
    }
}

fn port_text(port: Option<u16>) -> String {
    port.map_or_else(|| "default".to_owned(), |p| p.to_string())
}

/// Why two URLs are or are not (schemelessly, when `schemeless`) same site.
fn why_site(a: &Description, b: &Description, schemeless: bool) -> String {
    if a.origin.is_opaque() || b.origin.is_opaque() {
        return "an opaque origin is its own site".to_owned();
    }
    let (sa, sb) = (a.site.to_string(), b.site.to_string());
    if let (Some(x), Some(y)) = (a.origin.as_tuple(), b.origin.as_tuple())
        && !schemeless
        && x.scheme() != y.scheme()
    {
        return format!("schemes differ ({} vs {})", x.scheme(), y.scheme());
    }
    match (&a.registrable_domain, &b.registrable_domain) {
        (Some(x), Some(y)) if x == y => format!("same registrable domain {x}"),
        (Some(x), Some(y)) => format!("registrable domains differ ({x} vs {y})"),
        _ if sa == sb || schemeless && strip_scheme(&sa) == strip_scheme(&sb) => {
            "same host, which has no registrable domain".to_owned()
        }
        _ => format!("sites differ ({sa} vs {sb})"),
    }
}

fn strip_scheme(site: &str) -> &str {
    site.split_once("://").map_or(site, |(_, rest)| rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_in_the_cli_order() {
        let v = serde_json::to_value(Comparison::of("about:blank", "https://a.example").unwrap())
            .unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "a",
                "b",
                "same_origin",
                "same_origin_reason",
                "same_site",
                "same_site_reason",
                "schemelessly_same_site",
                "schemelessly_same_site_reason"
            ]
        );
        assert_eq!(
            v["a"]["opaque_reason"],
            "opaque: an about: URL has no tuple origin"
        );
        assert_eq!(v["same_site_reason"], "an opaque origin is its own site");
        assert_eq!(v["b"]["origin_note"], serde_json::Value::Null);
    }

    #[test]
    fn sites_without_a_registrable_domain() {
        let c = Comparison::of("http://localhost:3000/", "https://localhost/").unwrap();
        assert!(!c.same_site && c.schemelessly_same_site);
        assert_eq!(c.same_site_reason, "schemes differ (http vs https)");
        assert_eq!(
            c.schemelessly_same_site_reason,
            "same host, which has no registrable domain"
        );
        assert_eq!(c.same_origin_reason, "schemes differ (http vs https)");
        let c = Comparison::of("http://a.example:8080/", "http://a.example/").unwrap();
        assert_eq!(c.same_origin_reason, "ports differ (8080 vs default)");
    }
}
