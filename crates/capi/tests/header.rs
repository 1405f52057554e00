//! include/sop.h is what cbindgen makes of src/ now.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use std::path::Path;

#[test]
fn the_checked_in_header_is_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).unwrap();
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .generate()
        .expect("cbindgen reads src/")
        .write(&mut generated);
    let generated = String::from_utf8(generated).unwrap();
    let path = dir.join("include/sop.h");
    if std::env::var_os("SOP_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "crates/capi/include/sop.h is stale: run `SOP_BLESS=1 cargo test -p sop-capi --test header` \
         and commit it.\n--- generated ---\n{generated}"
    );
    // What every C caller relies on is there.
    for name in [
        "sop_string_free",
        "sop_evaluate_json",
        "sop_evaluate_file_json",
        "sop_cache_new",
        "sop_cache_free",
        "sop_fetch_new",
        "sop_fetch_next",
        "sop_fetch_receive",
        "sop_fetch_receive_network_error",
        "sop_fetch_receive_invalid_response",
        "sop_fetch_decision",
        "sop_fetch_trace",
        "sop_fetch_free",
        "SOP_STATUS_OK = 0",
        "typedef struct SopFetch SopFetch;",
        "typedef struct SopCache SopCache;",
    ] {
        assert!(generated.contains(name), "{name} is missing from sop.h");
    }
}
