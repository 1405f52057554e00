//! What an element does with the response Fetch gave it: whether it uses it
//! (shows the image, runs the script, applies the style sheet, loads the
//! font, plays the media, shows the frame's document) and whether the
//! page's script may then read it (the element's canonical read).
//!
//! The rule under every read is the same: a resource is readable when it is
//! CORS-same-origin (a basic or CORS response); an opaque one may be used
//! but not read. What a failed read looks like differs per element: a
//! tainted canvas, a muted "Script error.", `cssRules` throwing, a null
//! `contentDocument`.

use sop_fetch_model::anchor;
use sop_fetch_model::mime::extract_mime_type;
use sop_fetch_model::nosniff::is_javascript_mime_type;
use sop_fetch_model::response::is_ok_status;
use sop_fetch_model::{Decision, HeaderList, Reason, ResponseType, Trace};
use sop_origin::{Origin, Url};

use crate::element::Element;
use crate::framing::{FramingRefusal, framing_check};
use crate::payload::Payload;

/// The response an element got from Fetch (not a network error).
#[derive(Clone, Copy, Debug)]
pub struct Fetched<'a> {
    /// basic, cors or opaque.
    pub response_type: ResponseType,
    /// The status of the internal response.
    pub status: u16,
    /// The internal response's headers.
    pub headers: &'a HeaderList,
    /// What its bytes are.
    pub payload: Payload,
    /// The response's URL (the last of the redirect chain).
    pub url: &'a Url,
}

/// Why an element did not use a response, or its script cannot read it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Refusal {
    /// The contract's reason code.
    pub reason: Reason,
    /// What the refusal is about, for its message: the MIME type refused,
    /// the `X-Frame-Options` value, the `frame-ancestors` directive.
    pub value: Option<String>,
    /// `X-Frame-Options` values that conflict.
    pub conflicting: bool,
}

impl Refusal {
    fn new(reason: Reason) -> Refusal {
        Refusal {
            reason,
            value: None,
            conflicting: false,
        }
    }

    fn with_value(reason: Reason, value: String) -> Refusal {
        Refusal {
            reason,
            value: Some(value),
            conflicting: false,
        }
    }
}

/// What the element and the page's script did with a response.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmbedUse {
    /// The element used the resource.
    pub loaded: bool,
    /// The canonical read succeeded (never without `loaded`).
    pub readable: bool,
    /// Why not, when either is false.
    pub refusal: Option<Refusal>,
}

impl EmbedUse {
    fn not_loaded(refusal: Refusal) -> EmbedUse {
        EmbedUse {
            loaded: false,
            readable: false,
            refusal: Some(refusal),
        }
    }
}

/// What `element` on a page at `page` (its origin; opaque when sandboxed)
/// does with `fetched`, and whether script can then read it.
pub fn use_response(
    element: Element,
    page: &Origin,
    fetched: &Fetched<'_>,
    trace: &mut Trace,
) -> EmbedUse {
    if let Err(refusal) = usable(element, page, fetched, trace) {
        return EmbedUse::not_loaded(refusal);
    }
    let refusal = read(element, page, fetched, trace);
    EmbedUse {
        loaded: true,
        readable: refusal.is_none(),
        refusal,
    }
}

/// Whether the element can use the response at all.
fn usable(
    element: Element,
    page: &Origin,
    fetched: &Fetched<'_>,
    trace: &mut Trace,
) -> Result<(), Refusal> {
    let status = fetched.status;
    let ok = is_ok_status(status);
    let bad_status = |trace: &mut Trace, step_anchor: &'static str| {
        trace.push(step_anchor, "status", Decision::Fail, || {
            format!("status {status} is not an ok status: the element fires error")
        });
        Refusal::with_value(Reason::InvalidStatus, status.to_string())
    };
    match element {
        Element::Img => decodes(fetched.payload == Payload::Image, element, trace),
        Element::Video | Element::Audio => {
            if !ok {
                return Err(bad_status(trace, anchor::MEDIA_LOAD_RESOURCE));
            }
            decodes(
                matches!(fetched.payload, Payload::Video | Payload::Audio),
                element,
                trace,
            )
        }
        Element::Font => {
            if !ok {
                return Err(bad_status(trace, anchor::FONT_FETCHING));
            }
            decodes(fetched.payload == Payload::Font, element, trace)
        }
        Element::Script => {
            if !ok {
                return Err(bad_status(trace, anchor::FETCH_CLASSIC_SCRIPT));
            }
            Ok(())
        }
        Element::ModuleScript => {
            if !ok {
                return Err(bad_status(trace, anchor::FETCH_SINGLE_MODULE_SCRIPT));
            }
            // Fetch a single module script: only a JavaScript MIME type.
            let mime = extract_mime_type(fetched.headers);
            if mime.as_ref().is_some_and(is_javascript_mime_type) {
                return Ok(());
            }
            let essence = mime.map(|m| m.essence()).unwrap_or_default();
            trace.push(
                anchor::FETCH_SINGLE_MODULE_SCRIPT,
                "MIME type",
                Decision::Fail,
                || format!("a module script needs a JavaScript MIME type, not {essence:?}"),
            );
            Err(Refusal::with_value(Reason::MimeTypeBlocked, essence))
        }
        Element::Stylesheet => {
            if !ok {
                return Err(bad_status(trace, anchor::LINK_TYPE_STYLESHEET));
            }
            // The stylesheet link type: a sheet whose type is not text/css
            // fires load but is not applied (the page is in standards mode).
            let essence = extract_mime_type(fetched.headers)
                .map(|m| m.essence())
                .unwrap_or_default();
            if essence == "text/css" {
                return Ok(());
            }
            trace.push(
                anchor::LINK_TYPE_STYLESHEET,
                "MIME type",
                Decision::Fail,
                || format!("a style sheet must be text/css, not {essence:?}: it fires load but is not applied"),
            );
            Err(Refusal::with_value(Reason::MimeTypeBlocked, essence))
        }
        Element::Iframe => {
            framing_check(fetched.url, fetched.headers, page, trace).map_err(|r| match r {
                FramingRefusal::XFrameOptions { value, conflicting } => Refusal {
                    reason: Reason::XFrameOptions,
                    value: Some(value),
                    conflicting,
                },
                FramingRefusal::FrameAncestors { directive } => {
                    Refusal::with_value(Reason::FrameAncestors, directive)
                }
            })
        }
    }
}

/// Whether the bytes are something the element can decode.
fn decodes(ok: bool, element: Element, trace: &mut Trace) -> Result<(), Refusal> {
    let step_anchor = match element {
        Element::Font => anchor::FONT_FETCHING,
        Element::Img => anchor::IMAGE_NOT_ORIGIN_CLEAN,
        _ => anchor::MEDIA_LOAD_RESOURCE,
    };
    if ok {
        return Ok(());
    }
    trace.push(step_anchor, "decode", Decision::Fail, || {
        format!(
            "the bytes are not what {} can use: it fires error",
            element.name()
        )
    });
    Err(Refusal::new(Reason::DecodeError))
}

/// The element's canonical read: `None` when it succeeds.
fn read(
    element: Element,
    page: &Origin,
    fetched: &Fetched<'_>,
    trace: &mut Trace,
) -> Option<Refusal> {
    if element == Element::Iframe {
        // contentDocument: the frame's document when same origin(-domain).
        let frame = Origin::of_url(fetched.url);
        let same = page.same_origin(&frame);
        trace.push(
            anchor::IFRAME_CONTENT_DOCUMENT,
            "contentDocument",
            if same { Decision::Pass } else { Decision::Fail },
            || {
                if same {
                    format!("the frame's document is at {frame}, the page's origin: readable")
                } else {
                    format!("the frame's document is at {frame}, the page at {page}: contentDocument is null")
                }
            },
        );
        return (!same).then(|| Refusal::new(Reason::CrossOriginFrame));
    }
    let (step_anchor, reason, what) = match element {
        Element::Img | Element::Video => (
            anchor::IMAGE_NOT_ORIGIN_CLEAN,
            Reason::TaintedCanvas,
            "drawing it taints the canvas; getImageData throws",
        ),
        Element::Script => (
            anchor::MUTED_ERRORS,
            Reason::MutedScriptError,
            "its errors are muted: window.onerror sees \"Script error.\"",
        ),
        Element::Stylesheet => (
            anchor::CSSOM_CSS_RULES,
            Reason::CrossOriginStylesheet,
            "cssRules throws",
        ),
        // Audio, fonts and module scripts: using is reading (a module
        // script and a font are always CORS-same-origin by now).
        _ => return None,
    };
    let clean = fetched.response_type != ResponseType::Opaque;
    trace.push(
        step_anchor,
        "CORS-same-origin?",
        if clean {
            Decision::Pass
        } else {
            Decision::Fail
        },
        || {
            if clean {
                format!(
                    "a {} response: CORS-same-origin, readable",
                    fetched.response_type.as_str()
                )
            } else {
                format!("an opaque response: CORS-cross-origin, {what}")
            }
        },
    );
    (!clean).then(|| Refusal::new(reason))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sop_origin::parse_url;

    fn run(
        element: Element,
        response_type: ResponseType,
        pairs: &[(&str, &str)],
        has_body: bool,
    ) -> EmbedUse {
        let headers = HeaderList::from_pairs(pairs.iter().copied());
        let url = parse_url("https://cdn.example/r").unwrap();
        let fetched = Fetched {
            response_type,
            status: 200,
            headers: &headers,
            payload: Payload::of(&headers, has_body),
            url: &url,
        };
        let page = Origin::of_url_str("https://app.example").unwrap();
        use_response(element, &page, &fetched, &mut Trace::new())
    }

    fn reason(u: &EmbedUse) -> Option<Reason> {
        u.refusal.as_ref().map(|r| r.reason)
    }

    #[test]
    fn opaque_responses_are_used_but_not_read() {
        let png = [("Content-Type", "image/png")];
        let u = run(Element::Img, ResponseType::Opaque, &png, false);
        assert!(u.loaded && !u.readable);
        assert_eq!(reason(&u), Some(Reason::TaintedCanvas));
        let u = run(Element::Img, ResponseType::Cors, &png, false);
        assert!(u.loaded && u.readable && u.refusal.is_none());
        let js = [("Content-Type", "text/javascript")];
        assert_eq!(
            reason(&run(Element::Script, ResponseType::Opaque, &js, true)),
            Some(Reason::MutedScriptError)
        );
        let css = [("Content-Type", "text/css")];
        assert_eq!(
            reason(&run(Element::Stylesheet, ResponseType::Opaque, &css, false)),
            Some(Reason::CrossOriginStylesheet)
        );
        let u = run(
            Element::Iframe,
            ResponseType::Basic,
            &[("Content-Type", "text/html")],
            false,
        );
        assert!(u.loaded && !u.readable);
        assert_eq!(reason(&u), Some(Reason::CrossOriginFrame));
    }

    #[test]
    fn elements_refuse_what_they_cannot_use() {
        let u = run(
            Element::Img,
            ResponseType::Cors,
            &[("Content-Type", "image/png")],
            true,
        );
        assert_eq!((u.loaded, reason(&u)), (false, Some(Reason::DecodeError)));
        let u = run(
            Element::ModuleScript,
            ResponseType::Cors,
            &[("Content-Type", "text/plain")],
            true,
        );
        assert_eq!(u.refusal.unwrap().value.as_deref(), Some("text/plain"));
        let u = run(
            Element::Stylesheet,
            ResponseType::Basic,
            &[("Content-Type", "text/plain")],
            false,
        );
        assert_eq!(
            (u.loaded, reason(&u)),
            (false, Some(Reason::MimeTypeBlocked))
        );
        let u = run(
            Element::Font,
            ResponseType::Cors,
            &[("Content-Type", "font/ttf")],
            false,
        );
        assert!(u.loaded && u.readable);
        let u = run(
            Element::Iframe,
            ResponseType::Basic,
            &[("X-Frame-Options", "DENY")],
            false,
        );
        assert_eq!((u.loaded, reason(&u)), (false, Some(Reason::XFrameOptions)));
    }
}
