//! The two MIME type refusals of main fetch: a script served as an image,
//! media or CSV, and `X-Content-Type-Options: nosniff` on a script or style
//! sheet whose type is wrong. Both turn the response into a network error,
//! whatever its origin.

use crate::anchor;
use crate::cors::CheckFailure;
use crate::headers::HeaderList;
use crate::mime::{MimeType, extract_mime_type};
use crate::reason::Reason;
use crate::request::Destination;
use crate::trace::{Decision, Trace};

/// Determine nosniff: the first value of `X-Content-Type-Options` is
/// `nosniff`. <https://fetch.spec.whatwg.org/#determine-nosniff>
pub fn determine_nosniff(headers: &HeaderList) -> bool {
    // Determine nosniff 1-4. The first value, compared without case.
    headers
        .get_decode_split("x-content-type-options")
        .and_then(|values| values.into_iter().next())
        .is_some_and(|v| v.eq_ignore_ascii_case("nosniff"))
}

/// A destination that runs script (Fetch's script-like destinations that
/// this model has).
fn is_script_like(destination: Destination) -> bool {
    matches!(destination, Destination::Script | Destination::Worker)
}

/// Whether `mime` is a JavaScript MIME type (MIME Sniffing).
pub fn is_javascript_mime_type(mime: &MimeType) -> bool {
    const ESSENCES: &[&str] = &[
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    ];
    ESSENCES.iter().any(|e| mime.is_essence(e))
}

/// The response's MIME type as the messages quote it (`''` for none).
pub fn quoted_type(headers: &HeaderList) -> String {
    extract_mime_type(headers)
        .map(|m| m.essence())
        .unwrap_or_default()
}

/// Should a response be blocked due to its MIME type, then due to nosniff?
/// <https://fetch.spec.whatwg.org/#should-response-to-request-be-blocked-due-to-mime-type%3F>
/// <https://fetch.spec.whatwg.org/#should-response-to-request-be-blocked-due-to-nosniff%3F>
pub fn mime_type_check(
    destination: Destination,
    headers: &HeaderList,
    trace: &mut Trace,
) -> Result<(), CheckFailure> {
    // Only scripts and style sheets are refused for their type: nothing to
    // parse for the rest (fetch() and XHR among them).
    if !is_script_like(destination) && destination != Destination::Style {
        return Ok(());
    }
    let mime = extract_mime_type(headers);
    // Blocked due to its MIME type 1-3: a script-like destination and an
    // image, audio, video or CSV type.
    if is_script_like(destination)
        && let Some(m) = &mime
        && (["audio", "image", "video"].contains(&m.type_()) || m.is_essence("text/csv"))
    {
        let essence = m.essence();
        trace.push(
            anchor::BLOCKED_DUE_TO_MIME_TYPE,
            "MIME type",
            Decision::Fail,
            || format!("a script served as {essence} is never run"),
        );
        return Err(CheckFailure {
            reason: Reason::MimeTypeBlocked,
            value: Some(essence),
        });
    }
    // Blocked due to nosniff 1. Only with nosniff.
    if !determine_nosniff(headers) {
        return Ok(());
    }
    let essence = mime.as_ref().map(MimeType::essence).unwrap_or_default();
    // Blocked due to nosniff 3-5: a script needs a JavaScript type, a
    // style sheet text/css.
    let refused = match destination {
        d if is_script_like(d) => !mime.as_ref().is_some_and(is_javascript_mime_type),
        Destination::Style => essence != "text/css",
        _ => false,
    };
    if refused {
        trace.push(anchor::BLOCKED_DUE_TO_NOSNIFF, "nosniff", Decision::Fail, || {
            format!("X-Content-Type-Options: nosniff and the type {essence:?} is not what the destination needs")
        });
        return Err(CheckFailure {
            reason: Reason::MimeTypeBlocked,
            value: Some(essence),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(destination: Destination, pairs: &[(&str, &str)]) -> bool {
        let headers = HeaderList::from_pairs(pairs.iter().copied());
        mime_type_check(destination, &headers, &mut Trace::new()).is_ok()
    }

    #[test]
    fn scripts_and_styles_need_their_types_only_with_nosniff() {
        let nosniff = ("X-Content-Type-Options", "nosniff");
        assert!(check(
            Destination::Script,
            &[("Content-Type", "text/plain")]
        ));
        assert!(!check(
            Destination::Script,
            &[("Content-Type", "text/plain"), nosniff]
        ));
        assert!(check(
            Destination::Script,
            &[("Content-Type", "text/javascript"), nosniff]
        ));
        assert!(!check(Destination::Script, &[nosniff]));
        assert!(!check(
            Destination::Style,
            &[("Content-Type", "text/plain"), nosniff]
        ));
        assert!(check(
            Destination::Style,
            &[("Content-Type", "text/css; charset=utf-8"), nosniff]
        ));
        assert!(check(
            Destination::Image,
            &[("Content-Type", "text/plain"), nosniff]
        ));
        assert!(!check(
            Destination::Script,
            &[("Content-Type", "image/png")]
        ));
        assert!(!check(Destination::Script, &[("Content-Type", "text/csv")]));
        assert!(check(Destination::Empty, &[("Content-Type", "image/png")]));
    }
}
