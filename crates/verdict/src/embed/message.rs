//! Chromium's words for what an element did with a response, and for a
//! read the page's script could not make. Failures of the fetch itself
//! (CORS, ORB, CORP, mixed content, nosniff) are worded by the fetch kind's
//! messages, with the element's noun.

use sop_fetch_model::Reason;
use sop_html::element::Element;
use sop_html::embed::Refusal;

/// The reasons this module words (the element's use, the page's reads).
#[cfg(test)]
pub(crate) const HTML_REASONS: &[Reason] = &[
    Reason::DecodeError,
    Reason::InvalidStatus,
    Reason::XFrameOptions,
    Reason::FrameAncestors,
    Reason::TaintedCanvas,
    Reason::MutedScriptError,
    Reason::CrossOriginStylesheet,
    Reason::CrossOriginFrame,
];

/// The message for `refusal` by `element` of the resource at `url`, or
/// `None` where Chromium says nothing (a null `contentDocument`, an image
/// that does not decode).
pub(crate) fn use_message(element: Element, refusal: &Refusal, url: &str) -> Option<String> {
    let value = refusal.value.as_deref().unwrap_or_default();
    Some(match refusal.reason {
        Reason::TaintedCanvas => "Failed to execute 'getImageData' on 'CanvasRenderingContext2D': The canvas has been tainted by cross-origin data.".to_owned(),
        Reason::MutedScriptError => "Script error.".to_owned(),
        Reason::CrossOriginStylesheet => {
            "Failed to read the 'cssRules' property from 'CSSStyleSheet': Cannot access rules".to_owned()
        }
        // Framing refusals name the document's origin, not its URL.
        Reason::XFrameOptions if refusal.conflicting => format!(
            "Refused to display '{}' in a frame because it set multiple 'X-Frame-Options' headers with conflicting values ('{value}'). Falling back to 'deny'.",
            origin_url(url)
        ),
        Reason::XFrameOptions => format!(
            "Refused to display '{}' in a frame because it set 'X-Frame-Options' to '{value}'.",
            origin_url(url)
        ),
        Reason::FrameAncestors => format!(
            "Framing '{}' violates the following Content Security Policy directive: \"{value}\". The request has been blocked.\n",
            origin_url(url)
        ),
        Reason::MimeTypeBlocked if element == Element::ModuleScript => format!(
            "Failed to load module script: Expected a JavaScript-or-Wasm module script but the server responded with a MIME type of \"{value}\". Strict MIME type checking is enforced for module scripts per HTML spec."
        ),
        // A style sheet of another type without nosniff: it fires load and
        // is quietly not applied (nosniff's refusal is the fetch's, worded
        // there).
        Reason::MimeTypeBlocked => return None,
        Reason::DecodeError if element == Element::Font => {
            format!("Failed to decode downloaded font: {url}")
        }
        // The media element's `error.message`.
        Reason::DecodeError if matches!(element, Element::Video | Element::Audio) => {
            "PipelineStatus::DEMUXER_ERROR_COULD_NOT_OPEN: FFmpegDemuxer: open context failed"
                .to_owned()
        }
        Reason::InvalidStatus => {
            let status: u16 = value.parse().unwrap_or(0);
            format!(
                "Failed to load resource: the server responded with a status of {status} ({})",
                status_text(status)
            )
        }
        _ => return None,
    })
}

/// A URL's origin as a URL (`https://pay.example/`).
fn origin_url(url: &str) -> String {
    match sop_origin::parse_url(url) {
        Ok(u) => format!("{}/", sop_origin::Origin::of_url(&u).ascii_serialization()),
        Err(_) => url.to_owned(),
    }
}

/// The reason phrase Chromium prints after a status (the one the servers
/// send).
pub(crate) fn status_text(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}
