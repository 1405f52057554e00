//! A document's origin as the HTML standard determines it: the URL's for a
//! navigated document, its creator's for `about:blank` and `srcdoc`, a new
//! opaque one for `data:` URLs and for documents sandboxed without
//! `allow-same-origin` (by the iframe's `sandbox` attribute or by a CSP
//! `sandbox` directive in the response), and whether its agent cluster is
//! origin-keyed (which decides whether `document.domain` does anything).

use sop_fetch_model::anchor;
use sop_fetch_model::{Decision, HeaderList, Trace};
use sop_origin::{Origin, Url};

/// How a document came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source<'a> {
    /// Navigated to a URL (the response's, after redirects).
    Url(&'a Url),
    /// An iframe's `srcdoc`.
    Srcdoc,
}

/// What decides a document's origin.
#[derive(Clone, Copy, Debug)]
pub struct DocumentSpec<'a> {
    /// Its URL or srcdoc.
    pub source: Source<'a>,
    /// The origin of the document that created it (for about:blank and
    /// srcdoc).
    pub creator: &'a Origin,
    /// The iframe's `sandbox` attribute, when it has one (`""` sandboxes
    /// everything).
    pub sandbox_attribute: Option<&'a str>,
    /// The document's response headers (CSP `sandbox`,
    /// `Origin-Agent-Cluster`), when it had a response.
    pub headers: Option<&'a HeaderList>,
}

/// A document as the policy sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Document {
    /// Its origin (with its `document.domain`, once set).
    pub origin: Origin,
    /// Sandboxed: `document.domain` throws, its origin is opaque unless
    /// `allow-same-origin`.
    pub sandboxed: bool,
    /// Its scripts run: not sandboxed, or sandboxed with `allow-scripts`.
    pub scripts: bool,
    /// Its agent cluster is origin-keyed (Chromium's default unless the
    /// response says `Origin-Agent-Cluster: ?0`): `document.domain` does
    /// nothing.
    pub origin_keyed: bool,
}

/// Whether a sandbox token list allows the same origin.
fn allows_same_origin(tokens: &str) -> bool {
    tokens
        .split_ascii_whitespace()
        .any(|t| t.eq_ignore_ascii_case("allow-same-origin"))
}

/// The CSP `sandbox` directive's tokens, when an enforced policy has one.
fn csp_sandbox(headers: &HeaderList) -> Option<String> {
    headers
        .values("content-security-policy")
        .flat_map(|v| v.split([',', ';']))
        .map(str::trim)
        .find_map(|d| {
            let mut words = d.split_ascii_whitespace();
            words
                .next()
                .filter(|n| n.eq_ignore_ascii_case("sandbox"))
                .map(|_| words.collect::<Vec<_>>().join(" "))
        })
}

/// Determines a document's origin and agent cluster keying.
/// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-origin-browsing-context-flag>
pub fn document(spec: &DocumentSpec<'_>, trace: &mut Trace) -> Document {
    // The origin before sandboxing.
    let (origin, how) = match spec.source {
        Source::Srcdoc => (
            spec.creator.clone(),
            "a srcdoc document: its creator's origin",
        ),
        Source::Url(url) if url.scheme() == "about" => {
            (spec.creator.clone(), "about:blank: its creator's origin")
        }
        Source::Url(url) if url.scheme() == "data" => {
            (Origin::new_opaque(), "a data: URL: a new opaque origin")
        }
        Source::Url(url) => (Origin::of_url(url), "its URL's origin"),
    };
    // Sandboxing flags: the attribute's, then the response's CSP.
    let csp = spec.headers.and_then(csp_sandbox);
    let sandboxes: Vec<&str> = spec
        .sandbox_attribute
        .into_iter()
        .chain(csp.as_deref())
        .collect();
    let sandboxed = !sandboxes.is_empty();
    let opaque = sandboxes.iter().any(|t| !allows_same_origin(t));
    let scripts = sandboxes.iter().all(|t| {
        t.split_ascii_whitespace()
            .any(|x| x.eq_ignore_ascii_case("allow-scripts"))
    });
    let origin = if opaque { Origin::new_opaque() } else { origin };
    trace.push(
        anchor::SANDBOXED_ORIGIN_FLAG,
        "document origin",
        Decision::Note,
        || {
            if opaque {
                format!(
                    "sandboxed without allow-same-origin: an opaque origin (before that, {how})"
                )
            } else if sandboxed {
                format!("{how}: {origin} (sandboxed with allow-same-origin)")
            } else {
                format!("{how}: {origin}")
            }
        },
    );
    let site_keyed = spec.headers.is_some_and(|h| {
        h.get("origin-agent-cluster")
            .is_some_and(|v| v.trim() == "?0")
    });
    Document {
        origin,
        sandboxed,
        scripts,
        origin_keyed: !site_keyed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sop_origin::parse_url;

    fn origin_of(
        source: Source<'_>,
        sandbox: Option<&str>,
        headers: Option<&HeaderList>,
    ) -> Document {
        let creator = Origin::of_url_str("https://app.example").unwrap();
        document(
            &DocumentSpec {
                source,
                creator: &creator,
                sandbox_attribute: sandbox,
                headers,
            },
            &mut Trace::new(),
        )
    }

    #[test]
    fn inherited_opaque_and_sandboxed_origins() {
        let pay = parse_url("https://pay.example/w").unwrap();
        let blank = parse_url("about:blank").unwrap();
        let data = parse_url("data:text/html,hi").unwrap();
        assert_eq!(
            origin_of(Source::Url(&pay), None, None)
                .origin
                .ascii_serialization(),
            "https://pay.example"
        );
        assert_eq!(
            origin_of(Source::Url(&blank), None, None)
                .origin
                .ascii_serialization(),
            "https://app.example"
        );
        assert_eq!(
            origin_of(Source::Srcdoc, None, None)
                .origin
                .ascii_serialization(),
            "https://app.example"
        );
        assert!(
            origin_of(Source::Url(&data), None, None)
                .origin
                .as_tuple()
                .is_none()
        );
        let d = origin_of(Source::Url(&pay), Some("allow-scripts"), None);
        assert!(d.sandboxed && d.origin.as_tuple().is_none());
        let d = origin_of(
            Source::Url(&pay),
            Some("allow-scripts allow-same-origin"),
            None,
        );
        assert!(d.sandboxed && d.origin.as_tuple().is_some());
        let csp = HeaderList::from_pairs([(
            "Content-Security-Policy",
            "default-src 'self'; sandbox allow-scripts",
        )]);
        assert!(
            origin_of(Source::Url(&pay), None, Some(&csp))
                .origin
                .as_tuple()
                .is_none()
        );
        let oac = HeaderList::from_pairs([("Origin-Agent-Cluster", "?0")]);
        assert!(!origin_of(Source::Url(&pay), None, Some(&oac)).origin_keyed);
        assert!(origin_of(Source::Url(&pay), None, None).origin_keyed);
    }
}
