//! WHATWG MIME type parsing: no panic, and a parsed type serialises to
//! text that parses back to the same type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sop_fetch_model::mime::MimeType;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(mime) = MimeType::parse(text) {
        let again = MimeType::parse(&mime.to_string());
        assert_eq!(again.as_ref(), Some(&mime), "{text:?} -> {mime}");
    }
});
