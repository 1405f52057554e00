//! The bytes an embed scenario's response carries (the contract's "a
//! response without a `body` carries a minimal valid resource of its
//! `Content-Type`"), as [`sop_html::payload::Payload`] names them, so
//! Chromium and sop see one resource. The files are in `assets/` (see its
//! README for how each was made).
//!
//! A style sheet's `load` event does not say it applied (a sheet refused
//! for its MIME type fires `load` too), so in a `stylesheet` scenario the
//! servers append [`STYLE_MARKER`] to every text body they serve: a rule
//! that sets a custom property on the root element, which the page reads
//! back with `getComputedStyle` ([`MARKER_PROPERTY`]). The marker is not
//! appended to a body that is a JSON document: Opaque Response Blocking
//! sniffs those, and the marker would stop them looking like JSON (a JSON
//! document never applies a rule anyway).

use sop_fetch_model::HeaderList;
use sop_fetch_model::mime::extract_mime_type;
use sop_html::element::Element;
use sop_html::payload::Payload;
use sop_verdict::fixture::ResponseEntry;

/// A 1×1 RGBA PNG.
pub const PNG: &[u8] = include_bytes!("../assets/pixel.png");
/// A TrueType font with one glyph, `A` (family `SopProbe`).
pub const TTF: &[u8] = include_bytes!("../assets/probe.ttf");
/// 0.1 s of 8-bit mono silence.
pub const WAV: &[u8] = include_bytes!("../assets/silence.wav");
/// Five 16×16 red VP8 frames, opaque: the page script tells a drawn frame
/// from no frame by the pixel's alpha (`page::EMBED_SCRIPT`, `drawVideo`).
pub const WEBM: &[u8] = include_bytes!("../assets/tiny.webm");
/// A 1×1 SVG document (for `image/svg+xml`, where a PNG would not decode).
pub const SVG: &[u8] =
    b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><rect width=\"1\" height=\"1\"/></svg>";

/// The custom property the marker rule sets on the root element.
pub const MARKER_PROPERTY: &str = "--sop-browser-check";
/// The rule appended to a stylesheet scenario's text bodies.
pub const STYLE_MARKER: &str = "\nhtml{--sop-browser-check:applied}\n";

/// The bytes a bodiless response of the given type carries.
pub fn minimal(headers: &HeaderList, payload: Payload) -> &'static [u8] {
    match payload {
        Payload::Image if is_svg(headers) => SVG,
        Payload::Image => PNG,
        Payload::Font => TTF,
        Payload::Audio => WAV,
        Payload::Video => WEBM,
        _ => b"",
    }
}

fn is_svg(headers: &HeaderList) -> bool {
    extract_mime_type(headers).is_some_and(|m| m.essence() == "image/svg+xml")
}

/// The body `entry` is served with when the scenario embeds `element`
/// (`None`: a fetch scenario, whose bodies are served as written).
pub fn body(entry: &ResponseEntry, element: Option<Element>) -> Vec<u8> {
    let Some(element) = element else {
        return entry.body.text().as_bytes().to_vec();
    };
    let headers = &entry.headers.0;
    match Payload::of(headers, entry.body.is_present()) {
        Payload::Text => {
            let text = entry.body.text();
            let mut bytes = text.as_bytes().to_vec();
            if element == Element::Stylesheet && !is_json(text) {
                bytes.extend_from_slice(STYLE_MARKER.as_bytes());
            }
            bytes
        }
        payload => minimal(headers, payload).to_vec(),
    }
}

fn is_json(text: &str) -> bool {
    !text.trim().is_empty() && serde_json::from_str::<serde_json::Value>(text).is_ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::corpus::tests::scenario;

    fn entry(response: &str) -> ResponseEntry {
        let s = scenario(&format!(
            r#"{{"name": "x", "page": "https://app.example/", "request": {{"url": "/"}},
                "responses": [{response}]}}"#
        ));
        s.responses.into_iter().next().unwrap()
    }

    #[test]
    fn bodiless_responses_carry_a_resource_of_their_type() {
        let of = |t: &str| {
            body(
                &entry(&format!(
                    r#"{{"url": "https://a.example/x", "headers": {{"Content-Type": "{t}"}}}}"#
                )),
                Some(Element::Img),
            )
        };
        assert_eq!(of("image/png"), PNG);
        assert_eq!(of("image/gif"), PNG);
        assert_eq!(of("image/svg+xml"), SVG);
        assert_eq!(of("font/ttf"), TTF);
        assert_eq!(of("application/font-woff"), TTF);
        assert_eq!(of("audio/wav"), WAV);
        assert_eq!(of("video/webm"), WEBM);
        assert_eq!(of("text/javascript"), b"");
        assert_eq!(of("text/html"), b"");
        assert!(PNG.starts_with(b"\x89PNG") && WEBM.starts_with(b"\x1a\x45\xdf\xa3"));
        assert!(WAV.starts_with(b"RIFF") && TTF.starts_with(b"\x00\x01\x00\x00"));
    }

    #[test]
    fn a_body_is_served_as_written() {
        let e = entry(
            r#"{"url": "https://a.example/x", "headers": {"Content-Type": "image/png"}, "body": "not a png"}"#,
        );
        assert_eq!(body(&e, Some(Element::Img)), b"not a png");
        // A fetch scenario's bodiless image response stays empty.
        let bare =
            entry(r#"{"url": "https://a.example/x", "headers": {"Content-Type": "image/png"}}"#);
        assert_eq!(body(&bare, None), b"");
    }

    #[test]
    fn style_sheets_carry_the_marker_unless_json() {
        let css = entry(
            r#"{"url": "https://a.example/s.css", "headers": {"Content-Type": "text/css"}, "body": "p{}"}"#,
        );
        assert_eq!(
            body(&css, Some(Element::Stylesheet)),
            format!("p{{}}{STYLE_MARKER}").as_bytes()
        );
        assert_eq!(body(&css, Some(Element::Script)), b"p{}");
        let empty =
            entry(r#"{"url": "https://a.example/s.css", "headers": {"Content-Type": "text/css"}}"#);
        assert_eq!(
            body(&empty, Some(Element::Stylesheet)),
            STYLE_MARKER.as_bytes()
        );
        let json = entry(
            r#"{"url": "https://a.example/s.css", "headers": {"Content-Type": "application/json"}, "body": "{\"a\": 1}"}"#,
        );
        assert_eq!(body(&json, Some(Element::Stylesheet)), br#"{"a": 1}"#);
        assert!(STYLE_MARKER.contains(MARKER_PROPERTY));
    }
}
