//! Header list parsing and splitting and the safelist rules on arbitrary
//! names and values: no panic, and the results keep their promises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sop_fetch_model::headers::{
    HeaderList, extract_header_list_values, get_decode_split_value, is_token,
};
use sop_fetch_model::safelist::{
    cors_unsafe_request_header_names, is_cors_safelisted_request_header,
};

fuzz_target!(|data: &[u8]| {
    // Header values are bytes: read the input as isomorphic-decoded text.
    let text: String = data.iter().map(|&b| char::from(b)).collect();
    let _ = get_decode_split_value(&text);
    let mut list = HeaderList::new();
    for line in text.split('\n') {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let _ = is_cors_safelisted_request_header(name, value);
        list.append(name.to_owned(), value.to_owned());
    }
    for combine in [false, true] {
        let names = cors_unsafe_request_header_names(&list, combine);
        // Sorted, lowercase, without duplicates.
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        assert!(
            names
                .iter()
                .all(|n| !n.chars().any(|c| c.is_ascii_uppercase()))
        );
    }
    for name in [
        "access-control-allow-methods",
        "access-control-allow-headers",
        "x",
    ] {
        if let Ok(Some(items)) = extract_header_list_values(&list, name) {
            assert!(items.iter().all(|i| is_token(i)));
        }
    }
});
