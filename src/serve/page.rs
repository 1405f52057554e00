//! The page: one HTML file, its style sheet and its script, compiled into
//! the binary so the playground needs nothing beside it, not even a
//! network (no CDN, no web fonts: a classroom may be offline).

/// `GET /`.
pub const INDEX: &str = include_str!("page/index.html");

/// The page's files by path: the path, its content type, its text.
pub const FILES: [(&str, &str, &str); 3] = [
    ("/", "text/html; charset=utf-8", INDEX),
    (
        "/playground.css",
        "text/css; charset=utf-8",
        include_str!("page/playground.css"),
    ),
    (
        "/playground.js",
        "text/javascript; charset=utf-8",
        include_str!("page/playground.js"),
    ),
];

/// What the page may load, enforced by the browser: its own files and
/// API, nothing from any other host. Images only as `data:` (the icon);
/// the diagram is inline SVG, which needs no request.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src data:; connect-src 'self'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything the page loads is its own: every `src` and `href` in the
    /// HTML is a path on this server, a fragment or `data:`; the style
    /// sheet loads nothing; the script fetches only this server's API.
    #[test]
    fn the_page_loads_nothing_from_elsewhere() {
        let [(_, _, html), (_, _, css), (_, _, js)] = FILES;
        for attribute in [" src=\"", " href=\""] {
            for value in html.split(attribute).skip(1) {
                assert!(
                    ["/", "#", "data:"].iter().any(|p| value.starts_with(p))
                        && !value.starts_with("//"),
                    "{attribute}{value}"
                );
            }
        }
        assert!(!css.contains("url(") && !css.contains("@import"));
        for call in js.split("fetch(").skip(1) {
            assert!(call.starts_with("\"/api/"), "fetch({call}");
        }
        assert!(!js.contains("import("));
    }

    /// The ids tests and readers rely on.
    #[test]
    fn the_page_has_its_stable_ids() {
        for id in [
            "scenario-filter",
            "scenario-picker",
            "scenario-json",
            "evaluate",
            "verdict",
            "explanation",
            "fix",
            "diagram",
            "error",
        ] {
            assert!(INDEX.contains(&format!("id=\"{id}\"")), "no #{id}");
        }
    }
}
