//! Whether a document lets itself be framed: CSP `frame-ancestors` and,
//! when that is absent, `X-Frame-Options`. A refused frame shows an error
//! page instead of the document.

use sop_fetch_model::anchor;
use sop_fetch_model::{Decision, HeaderList, Trace};
use sop_origin::{Origin, Url, parse_url};

/// Why a document refused to be framed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FramingRefusal {
    /// `X-Frame-Options`, with the lowercased value that refused (`deny`,
    /// `sameorigin`), or every value when they conflict.
    XFrameOptions {
        /// The value as Chromium quotes it.
        value: String,
        /// Several values that disagree (Chromium falls back to `deny`).
        conflicting: bool,
    },
    /// CSP `frame-ancestors`, with the directive as written.
    FrameAncestors {
        /// `frame-ancestors ...`, as the policy wrote it.
        directive: String,
    },
}

/// Whether the document answered with `headers` at `url` may be framed by
/// a document whose origin is `ancestor` (the page: this model's frames
/// have one ancestor).
pub fn framing_check(
    url: &Url,
    headers: &HeaderList,
    ancestor: &Origin,
    trace: &mut Trace,
) -> Result<(), FramingRefusal> {
    let own = Origin::of_url(url);
    // CSP: every enforced policy with a frame-ancestors directive must
    // match the ancestor; such a directive also switches X-Frame-Options off.
    let directives = frame_ancestors_directives(headers);
    if !directives.is_empty() {
        for directive in directives {
            let sources = directive
                .split_ascii_whitespace()
                .skip(1)
                .collect::<Vec<_>>();
            if !matches_source_list(ancestor, &sources, &own) {
                trace.push(
                    anchor::CSP_FRAME_ANCESTORS,
                    "frame-ancestors",
                    Decision::Fail,
                    || format!("{directive:?} does not allow the page's origin {ancestor}"),
                );
                return Err(FramingRefusal::FrameAncestors { directive });
            }
            trace.push(
                anchor::CSP_FRAME_ANCESTORS,
                "frame-ancestors",
                Decision::Pass,
                || format!("{directive:?} allows the page's origin {ancestor}"),
            );
        }
        if headers.contains("x-frame-options") {
            trace.push(
                anchor::CSP_FRAME_ANCESTORS_AND_XFO,
                "X-Frame-Options",
                Decision::Note,
                "ignored: the document's CSP has frame-ancestors",
            );
        }
        return Ok(());
    }
    x_frame_options_check(headers, ancestor, &own, trace)
}

/// Check a navigation response's adherence to `X-Frame-Options`, from step
/// 3 (the CSP step is [`framing_check`]'s).
fn x_frame_options_check(
    headers: &HeaderList,
    ancestor: &Origin,
    own: &Origin,
    trace: &mut Trace,
) -> Result<(), FramingRefusal> {
    const STEP: &str = "X-Frame-Options";
    // 3-4. The values, lowercased, as a set.
    let Some(raw) = headers.get_decode_split("x-frame-options") else {
        return Ok(());
    };
    let mut values: Vec<String> = raw.iter().map(|v| v.to_ascii_lowercase()).collect();
    values.dedup();
    let mut set = values.clone();
    set.sort();
    set.dedup();
    // 5. Several values, one of them a keyword: conflicting, refused.
    let keyword = |v: &String| matches!(v.as_str(), "deny" | "allowall" | "sameorigin");
    if set.len() > 1 && set.iter().any(keyword) {
        let value = values.join(", ");
        trace.push(anchor::X_FRAME_OPTIONS_CHECK, STEP, Decision::Fail, || {
            format!("conflicting values {value:?}: refused")
        });
        return Err(FramingRefusal::XFrameOptions {
            value,
            conflicting: true,
        });
    }
    // 6. Several values, none a keyword: ignored.
    if set.len() > 1 {
        return Ok(());
    }
    let value = set.pop().unwrap_or_default();
    match value.as_str() {
        // 7. deny: never framed.
        "deny" => {
            trace.push(
                anchor::X_FRAME_OPTIONS_CHECK,
                STEP,
                Decision::Fail,
                "DENY: never in a frame",
            );
            Err(FramingRefusal::XFrameOptions {
                value,
                conflicting: false,
            })
        }
        // 8. sameorigin: every ancestor must be same origin with the document.
        "sameorigin" if !ancestor.same_origin(own) => {
            trace.push(anchor::X_FRAME_OPTIONS_CHECK, STEP, Decision::Fail, || {
                format!("SAMEORIGIN and the page is at {ancestor}, the document at {own}")
            });
            Err(FramingRefusal::XFrameOptions {
                value,
                conflicting: false,
            })
        }
        "sameorigin" => {
            trace.push(
                anchor::X_FRAME_OPTIONS_CHECK,
                STEP,
                Decision::Pass,
                "SAMEORIGIN and the page is same origin",
            );
            Ok(())
        }
        // 9. Anything else (ALLOWALL, ALLOW-FROM, junk) is ignored.
        _ => {
            trace.push(anchor::X_FRAME_OPTIONS_CHECK, STEP, Decision::Note, || {
                format!("{value:?} is not a value that refuses: ignored")
            });
            Ok(())
        }
    }
}

/// The `frame-ancestors` directives of the enforced policies
/// (`Content-Security-Policy`; report-only policies never refuse).
fn frame_ancestors_directives(headers: &HeaderList) -> Vec<String> {
    headers
        .values("content-security-policy")
        .flat_map(|v| v.split(','))
        .filter_map(|policy| {
            policy
                .split(';')
                .map(str::trim)
                .find(|d| {
                    d.split_ascii_whitespace()
                        .next()
                        .is_some_and(|n| n.eq_ignore_ascii_case("frame-ancestors"))
                })
                .map(str::to_owned)
        })
        .collect()
}

/// Whether `origin` matches a CSP source list (for frame-ancestors, where
/// `'self'` is the framed document's origin `own`).
fn matches_source_list(origin: &Origin, sources: &[&str], own: &Origin) -> bool {
    let Some(tuple) = origin.as_tuple() else {
        // An opaque ancestor matches no source.
        return false;
    };
    let Ok(url) = parse_url(&origin.ascii_serialization()) else {
        return false;
    };
    let scheme = tuple.scheme();
    let own_scheme = own.as_tuple().map_or("", |t| t.scheme());
    // http matches where https is asked for only the other way round.
    let scheme_ok = |wanted: &str| {
        wanted.eq_ignore_ascii_case(scheme)
            || (wanted.eq_ignore_ascii_case("http") && scheme == "https")
    };
    sources.iter().any(|source| {
        let source = source.trim();
        if source.eq_ignore_ascii_case("'none'") {
            return false;
        }
        if source.eq_ignore_ascii_case("'self'") {
            return origin.same_origin(own)
                || (own_scheme == "http"
                    && scheme == "https"
                    && own.as_tuple().map(|t| t.host()) == Some(tuple.host()));
        }
        if source == "*" {
            return matches!(scheme, "http" | "https" | "ws" | "wss") || scheme == own_scheme;
        }
        // A scheme source: `https:`.
        if let Some(wanted) = source.strip_suffix(':')
            && !wanted.contains('/')
        {
            return scheme_ok(wanted);
        }
        host_source_matches(source, &url, own_scheme, scheme_ok)
    })
}

/// A host source: `[scheme://]host[:port][/path]`, host maybe `*.`-prefixed.
fn host_source_matches(
    source: &str,
    url: &Url,
    own_scheme: &str,
    scheme_ok: impl Fn(&str) -> bool,
) -> bool {
    let (scheme, rest) = match source.split_once("://") {
        Some((s, r)) => (Some(s), r),
        None => (None, source),
    };
    match scheme {
        Some(s) if !scheme_ok(s) => return false,
        None if !scheme_ok(own_scheme) => return false,
        _ => {}
    }
    let authority = rest.split('/').next().unwrap_or("");
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let Some(url_host) = url.host_str() else {
        return false;
    };
    let host_ok = match host.strip_prefix("*.") {
        Some(suffix) => url_host
            .to_ascii_lowercase()
            .ends_with(&format!(".{}", suffix.to_ascii_lowercase())),
        None => url_host.eq_ignore_ascii_case(host),
    };
    let port_ok = match port {
        Some("*") => true,
        Some(p) => p.parse::<u16>().ok() == url.port_or_known_default(),
        // No port: the scheme's default port (an http source also allows
        // https on 443).
        None => matches!(url.port_or_known_default(), Some(80 | 443)) && url.port().is_none(),
    };
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, pairs: &[(&str, &str)], page: &str) -> Result<(), FramingRefusal> {
        let url = parse_url(url).unwrap();
        let headers = HeaderList::from_pairs(pairs.iter().copied());
        let page = Origin::of_url_str(page).unwrap();
        framing_check(&url, &headers, &page, &mut Trace::new())
    }

    #[test]
    fn x_frame_options() {
        let pay = "https://pay.example/w";
        assert!(check(pay, &[], "https://app.example").is_ok());
        assert!(check(pay, &[("X-Frame-Options", "DENY")], "https://pay.example").is_err());
        assert!(
            check(
                pay,
                &[("X-Frame-Options", "sameorigin")],
                "https://pay.example"
            )
            .is_ok()
        );
        assert!(
            check(
                pay,
                &[("X-Frame-Options", "SAMEORIGIN")],
                "https://app.example"
            )
            .is_err()
        );
        assert!(
            check(
                pay,
                &[("X-Frame-Options", "ALLOW-FROM https://app.example")],
                "https://app.example"
            )
            .is_ok()
        );
        assert_eq!(
            check(
                pay,
                &[("X-Frame-Options", "deny, sameorigin")],
                "https://pay.example"
            ),
            Err(FramingRefusal::XFrameOptions {
                value: "deny, sameorigin".to_owned(),
                conflicting: true
            })
        );
    }

    #[test]
    fn frame_ancestors_wins_over_x_frame_options() {
        let pay = "https://pay.example/w";
        let csp = |v| [("Content-Security-Policy", v), ("X-Frame-Options", "DENY")];
        assert!(
            check(
                pay,
                &csp("frame-ancestors https://app.example"),
                "https://app.example"
            )
            .is_ok()
        );
        assert!(check(pay, &csp("frame-ancestors 'none'"), "https://app.example").is_err());
        assert!(check(pay, &csp("frame-ancestors 'self'"), "https://app.example").is_err());
        assert!(check(pay, &csp("frame-ancestors 'self'"), "https://pay.example").is_ok());
        assert!(
            check(
                pay,
                &csp("default-src 'self'; frame-ancestors *.example"),
                "https://app.example"
            )
            .is_ok()
        );
        assert!(check(pay, &csp("frame-ancestors https:"), "https://app.example").is_ok());
        assert!(
            check(
                pay,
                &csp("frame-ancestors app.example:8443"),
                "https://app.example"
            )
            .is_err()
        );
        // Report-only never refuses.
        assert!(
            check(
                pay,
                &[(
                    "Content-Security-Policy-Report-Only",
                    "frame-ancestors 'none'"
                )],
                "https://app.example"
            )
            .is_ok()
        );
    }
}
