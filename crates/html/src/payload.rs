//! What bytes a response carries, as the embed contract defines them: a
//! response written with a `body` carries that text; one without carries a
//! minimal valid resource of its `Content-Type` (a 1×1 PNG for an image
//! type, a tiny font, a short silent media file, an empty script, style
//! sheet or page). The engine decides what an element can use from this,
//! and the browser check serves the same bytes, so both see one resource.

use sop_fetch_model::HeaderList;
use sop_fetch_model::mime::extract_mime_type;

/// The kind of resource a response's bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Payload {
    /// A 1×1 PNG (an `image/*` type, no body).
    Image,
    /// A tiny TrueType font (a `font/*` or legacy font type, no body).
    Font,
    /// A short silent WAV (an `audio/*` type, no body).
    Audio,
    /// A short WebM video (a `video/*` type, no body).
    Video,
    /// Text: the body as written, or nothing for any other type (an empty
    /// script, style sheet, page or JSON document).
    Text,
}

impl Payload {
    /// The payload of a response with `headers`, whose body was given
    /// (`has_body`) or not.
    ///
    /// ```
    /// use sop_fetch_model::HeaderList;
    /// use sop_html::payload::Payload;
    /// let png = HeaderList::from_pairs([("Content-Type", "image/png")]);
    /// assert_eq!(Payload::of(&png, false), Payload::Image);
    /// // A body is served as written: text, not an image.
    /// assert_eq!(Payload::of(&png, true), Payload::Text);
    /// ```
    pub fn of(headers: &HeaderList, has_body: bool) -> Payload {
        if has_body {
            return Payload::Text;
        }
        let Some(mime) = extract_mime_type(headers) else {
            return Payload::Text;
        };
        let essence = mime.essence();
        match mime.type_() {
            "image" => Payload::Image,
            "font" => Payload::Font,
            "audio" => Payload::Audio,
            "video" => Payload::Video,
            _ if is_legacy_font_type(&essence) => Payload::Font,
            _ => Payload::Text,
        }
    }
}

/// Font types from before `font/*` was registered.
fn is_legacy_font_type(essence: &str) -> bool {
    matches!(
        essence,
        "application/font-woff"
            | "application/font-sfnt"
            | "application/x-font-ttf"
            | "application/x-font-truetype"
            | "application/x-font-opentype"
            | "application/vnd.ms-fontobject"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_type_picks_the_resource() {
        let of = |t: &str| Payload::of(&HeaderList::from_pairs([("Content-Type", t)]), false);
        assert_eq!(of("image/svg+xml"), Payload::Image);
        assert_eq!(of("font/woff2"), Payload::Font);
        assert_eq!(of("application/font-woff"), Payload::Font);
        assert_eq!(of("audio/wav"), Payload::Audio);
        assert_eq!(of("video/webm"), Payload::Video);
        assert_eq!(of("text/javascript"), Payload::Text);
        assert_eq!(of("not a type"), Payload::Text);
        assert_eq!(Payload::of(&HeaderList::new(), false), Payload::Text);
    }
}
