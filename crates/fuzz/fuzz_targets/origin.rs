//! The origin of arbitrary URL strings: no panic; a tuple origin's
//! serialisation parses back to the same origin; sites and trust are total.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sop_origin::{Origin, Site, is_url_potentially_trustworthy, parse_url};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(url) = parse_url(text) else { return };
    let origin = Origin::of_url(&url);
    let _ = Site::of(&origin).to_string();
    let _ = is_url_potentially_trustworthy(&url);
    let _ = origin.unicode_serialization();
    if !origin.is_opaque() {
        let again = Origin::of_url_str(&origin.ascii_serialization());
        assert_eq!(again.ok().as_ref(), Some(&origin), "{text:?}");
    }
});
