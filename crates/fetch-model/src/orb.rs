//! Opaque Response Blocking: a no-cors response from another origin that
//! cannot be an image, media, a script or a style sheet (HTML, JSON, XML,
//! `nosniff` text) never reaches the page, so a page cannot pull another
//! site's data into its process with an `<img>` or a `<script>`.
//!
//! ORB is a pending change to Fetch (whatwg/fetch#1755), specified in
//! its explainer (<https://github.com/annevk/orb#processing-model>). This
//! module models ORB as Chromium ships it (`services/network/orb`), the
//! `chromium` profile: it sniffs the first bytes for HTML, XML and JSON
//! where the explainer parses JavaScript, and it fails open. The `spec`
//! profile, the letter of the Fetch standard, has no ORB.

use crate::anchor;
use crate::headers::HeaderList;
use crate::mime::extract_mime_type;
use crate::nosniff::determine_nosniff;
use crate::request::{Destination, Mode, Request};
use crate::trace::{Decision, Trace};

/// How many bytes ORB sniffs.
const SNIFF_BYTES: usize = 1024;

/// What ORB did with a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OrbVerdict {
    /// Not an opaque response, or allowed.
    Allowed,
    /// Blocked; fetch() (destination empty) gets an empty response instead
    /// of an error, as Chromium does for compatibility.
    EmptyResponse,
    /// Blocked with a network error.
    Blocked,
}

const STEP: &str = "Opaque Response Blocking";

/// ORB as Chromium applies it to the response of `request` (its headers
/// and the first bytes of `body`). Chromium skips the explainer's status
/// step, so the status does not matter.
pub fn orb_check(
    request: &Request,
    headers: &HeaderList,
    body: &str,
    trace: &mut Trace,
) -> OrbVerdict {
    // Only no-cors requests, and only from another origin.
    if request.mode != Mode::NoCors || request.origin.same_origin_with_url(request.current_url()) {
        return OrbVerdict::Allowed;
    }
    match decide(headers, body) {
        Ok(why) => {
            trace.push(anchor::ORB, STEP, Decision::Pass, why);
            return OrbVerdict::Allowed;
        }
        Err(why) => trace.push(anchor::ORB, STEP, Decision::Fail, why),
    }
    // Chromium: an error for element requests, an empty response for
    // fetch() (whose response is opaque anyway).
    if request.destination == Destination::Empty {
        OrbVerdict::EmptyResponse
    } else {
        OrbVerdict::Blocked
    }
}

/// The decision and its words.
fn decide(headers: &HeaderList, body: &str) -> Result<&'static str, &'static str> {
    // ORB 1. The MIME type, from the response's Content-Type.
    let mime = extract_mime_type(headers);
    // ORB 2. nosniff.
    let nosniff = determine_nosniff(headers);
    if let Some(mime) = &mime {
        let essence = mime.essence();
        // ORB 3.1-3.3. Opaque-safelisted: CSS and SVG (Chromium: audio and
        // video types too; JavaScript it sniffs first, below).
        if essence == "text/css" || essence == "image/svg+xml" || is_audio_or_video(&essence) {
            return Ok("the MIME type is safelisted for no-cors use (CSS, SVG, audio, video)");
        }
        // ORB 3.2. Never sniffed: documents and archives ORB refuses outright.
        if NEVER_SNIFFED.contains(&essence.as_str()) {
            return Err("a MIME type ORB never lets through (a document or an archive)");
        }
        // ORB 3.5. nosniff with HTML, JSON, XML or text/plain.
        if nosniff && (is_blocklisted(&essence) || essence == "text/plain") {
            return Err(
                "X-Content-Type-Options: nosniff on an HTML, JSON, XML or text/plain response",
            );
        }
    }
    // ORB 5-9. The first bytes: an image or media file passes.
    let bytes = prefix(body);
    if sniffs_as_image_or_media(bytes) {
        return Ok("the body sniffs as an image or media file");
    }
    // ORB 12. No MIME type at all: allowed.
    if mime.is_none() {
        return Ok("no usable Content-Type: allowed");
    }
    // Chromium's departure: sniff for what is surely not JavaScript.
    if sniffs_as_html(bytes) {
        return Err("the body sniffs as HTML");
    }
    if sniffs_as_xml(bytes) {
        return Err("the body sniffs as XML");
    }
    if sniffs_as_json(bytes) {
        return Err("the body sniffs as JSON (or starts with a JSON parser breaker)");
    }
    // Chromium fails open where the explainer parses JavaScript.
    Ok("nothing in the first bytes says HTML, XML or JSON: allowed (Chromium fails open)")
}

/// ORB's opaque-blocklisted MIME types: HTML, JSON and XML (not SVG).
fn is_blocklisted(essence: &str) -> bool {
    essence == "text/html"
        || essence == "application/json"
        || essence == "text/json"
        || essence.ends_with("+json")
        || essence == "application/xml"
        || essence == "text/xml"
        || (essence.ends_with("+xml") && essence != "image/svg+xml")
}

fn is_audio_or_video(essence: &str) -> bool {
    essence.starts_with("audio/")
        || essence.starts_with("video/")
        || matches!(
            essence,
            "application/ogg"
                | "application/dash+xml"
                | "application/vnd.apple.mpegurl"
                | "text/vtt"
        )
}

/// Chromium's opaque-blocklisted-never-sniffed MIME types.
const NEVER_SNIFFED: &[&str] = &[
    "application/gzip",
    "application/msexcel",
    "application/mspowerpoint",
    "application/msword",
    "application/msword-template",
    "application/pdf",
    "application/vnd.ces-quickpoint",
    "application/vnd.ces-quicksheet",
    "application/vnd.ces-quickword",
    "application/vnd.ms-excel",
    "application/vnd.ms-excel.sheet.macroenabled.12",
    "application/vnd.ms-powerpoint",
    "application/vnd.ms-powerpoint.presentation.macroenabled.12",
    "application/vnd.ms-word",
    "application/vnd.ms-word.document.12",
    "application/vnd.ms-word.document.macroenabled.12",
    "application/vnd.msword",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.template",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "application/vnd.presentation-openxml",
    "application/vnd.presentation-openxmlm",
    "application/vnd.spreadsheet-openxml",
    "application/vnd.wordprocessing-openxml",
    "application/x-gzip",
    "application/x-protobuf",
    "application/x-protobuffer",
    "application/zip",
    "multipart/byteranges",
    "multipart/signed",
    "text/event-stream",
    "text/csv",
];

fn prefix(body: &str) -> &str {
    match body.char_indices().nth(SNIFF_BYTES) {
        Some((i, _)) => &body[..i],
        None => body,
    }
}

/// The image and media signatures of MIME Sniffing, as far as a text body
/// can hold them.
fn sniffs_as_image_or_media(bytes: &str) -> bool {
    const SIGNATURES: &[&str] = &[
        "GIF87a",
        "GIF89a",
        "\u{89}PNG\r\n\u{1a}\n",
        "\u{ff}\u{d8}\u{ff}",
        "BM",
        "RIFF",
        "\u{1a}\u{45}\u{df}\u{a3}",
        "OggS",
        "ID3",
        "fLaC",
    ];
    SIGNATURES.iter().any(|s| bytes.starts_with(s))
}

fn skip_whitespace(s: &str) -> &str {
    s.trim_start_matches([' ', '\t', '\n', '\r', '\u{c}'])
}

/// CORB's HTML sniffer: after whitespace and comments, one of the tags a
/// document starts with.
fn sniffs_as_html(bytes: &str) -> bool {
    const TAGS: &[&str] = &[
        "!doctype html",
        "script",
        "html",
        "head",
        "iframe",
        "h1",
        "div",
        "font",
        "table",
        "a",
        "style",
        "title",
        "b",
        "body",
        "br",
        "p",
    ];
    let mut rest = skip_whitespace(bytes);
    loop {
        if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = skip_whitespace(&after[end + 3..]),
                None => return false,
            }
            continue;
        }
        let Some(tag) = rest.strip_prefix('<') else {
            return false;
        };
        return TAGS.iter().any(|t| {
            tag.len() > t.len()
                && tag.is_char_boundary(t.len())
                && tag[..t.len()].eq_ignore_ascii_case(t)
                && matches!(tag.as_bytes()[t.len()], b' ' | b'>' | b'\t' | b'\n' | b'\r')
        });
    }
}

/// CORB's XML sniffer: an XML declaration.
fn sniffs_as_xml(bytes: &str) -> bool {
    skip_whitespace(bytes).starts_with("<?xml")
}

/// CORB's fetch-only sniffer: a JSON parser breaker, or an object whose
/// first key is a string followed by a colon (which JavaScript cannot
/// parse, so the body cannot be a script).
fn sniffs_as_json(bytes: &str) -> bool {
    const BREAKERS: &[&str] = &[")]}'", "{}&&", "for(;;);"];
    let start = skip_whitespace(bytes);
    if BREAKERS.iter().any(|b| start.starts_with(b)) {
        return true;
    }
    let Some(rest) = start.strip_prefix('{') else {
        return false;
    };
    let Some(rest) = skip_whitespace(rest).strip_prefix('"') else {
        return false;
    };
    // The key, with its escapes.
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return skip_whitespace(&rest[i + 1..]).starts_with(':'),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderList {
        HeaderList::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn sniffers_tell_data_from_scripts() {
        assert!(sniffs_as_json(r#"{"secret": 1}"#));
        assert!(sniffs_as_json(" )]}'\n[1]"));
        assert!(!sniffs_as_json("{ var x = 1 }"));
        assert!(!sniffs_as_json("[1, 2]"));
        assert!(sniffs_as_html("<!-- c --> <html><body>"));
        assert!(sniffs_as_html("<!DOCTYPE html>"));
        assert!(!sniffs_as_html("<x>"));
        assert!(!sniffs_as_html("alert(1)"));
        assert!(sniffs_as_xml("  <?xml version='1.0'?>"));
    }

    #[test]
    fn decides_as_chromium() {
        let json = headers(&[("Content-Type", "application/json")]);
        assert!(decide(&json, r#"{"a": 1}"#).is_err());
        // Empty: nothing to sniff, fails open.
        assert!(decide(&json, "").is_ok());
        let nosniff = headers(&[
            ("Content-Type", "text/plain"),
            ("X-Content-Type-Options", "nosniff"),
        ]);
        assert!(decide(&nosniff, "hello").is_err());
        let plain = headers(&[("Content-Type", "text/plain")]);
        assert!(decide(&plain, "hello").is_ok());
        let css = headers(&[
            ("Content-Type", "text/css"),
            ("X-Content-Type-Options", "nosniff"),
        ]);
        assert!(decide(&css, "<html>").is_ok());
        let pdf = headers(&[("Content-Type", "application/pdf")]);
        assert!(decide(&pdf, "").is_err());
        let js = headers(&[("Content-Type", "text/javascript")]);
        assert!(decide(&js, "alert(1)").is_ok());
        assert!(decide(&js, r#"{"a": 1}"#).is_err());
        assert!(decide(&headers(&[]), r#"{"a": 1}"#).is_ok());
    }
}
