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
        Reason::XFrameOptions if refusal.conflicting => format!(
            "Refused to display '{url}' in a frame because it set multiple 'X-Frame-Options' headers with conflicting values ('{value}'). Falling back to 'deny'."
        ),
        Reason::XFrameOptions => format!(
            "Refused to display '{url}' in a frame because it set 'X-Frame-Options' to '{value}'."
        ),
        Reason::FrameAncestors => format!(
            "Refused to frame '{url}' because an ancestor violates the following Content Security Policy directive: \"{value}\"."
        ),
        Reason::MimeTypeBlocked if element == Element::ModuleScript => format!(
            "Failed to load module script: Expected a JavaScript-or-Wasm module script but the server responded with a MIME type of \"{value}\". Strict MIME type checking is enforced for module scripts per HTML spec."
        ),
        Reason::MimeTypeBlocked => format!(
            "Refused to apply style from '{url}' because its MIME type ('{value}') is not a supported stylesheet MIME type, and strict MIME checking is enabled."
        ),
        Reason::DecodeError if element == Element::Font => {
            format!("Failed to decode downloaded font: {url}")
        }
        Reason::NetworkError => {
            let status: u16 = value.parse().unwrap_or(0);
            format!(
                "Failed to load resource: the server responded with a status of {status} ({})",
                status_text(status)
            )
        }
        _ => return None,
    })
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
