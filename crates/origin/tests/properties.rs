//! Property tests: same origin is an equivalence relation on tuples, an
//! opaque origin equals only itself, and serialisation round-trips.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use proptest::prelude::*;
use sop_origin::{Origin, same_site, schemelessly_same_site};

/// URLs over a small alphabet so that equal origins actually occur.
fn url() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(vec!["http", "https", "ws", "wss", "ftp"]);
    let host = prop::sample::select(vec![
        "a.example",
        "A.EXAMPLE",
        "b.a.example",
        "example.co.uk",
        "x.example.co.uk",
        "127.0.0.1",
        "0x7f.0.0.1",
        "[::1]",
        "localhost",
        "xn--bcher-kva.example",
        "bücher.example",
        "u.github.io",
    ]);
    let port = prop::option::of(prop::sample::select(vec![21u16, 80, 443, 8080]));
    let path = "[a-z/]{0,6}";
    (scheme, host, port, path).prop_map(|(s, h, p, path)| match p {
        Some(p) => format!("{s}://{h}:{p}/{path}"),
        None => format!("{s}://{h}/{path}"),
    })
}

fn origin(s: &str) -> Origin {
    Origin::of_url_str(s).unwrap()
}

proptest! {
    #[test]
    fn same_origin_is_an_equivalence(a in url(), b in url(), c in url()) {
        let (a, b, c) = (origin(&a), origin(&b), origin(&c));
        prop_assert!(a.same_origin(&a));
        prop_assert_eq!(a.same_origin(&b), b.same_origin(&a));
        if a.same_origin(&b) && b.same_origin(&c) {
            prop_assert!(a.same_origin(&c));
        }
    }

    #[test]
    fn opaque_origins_equal_only_themselves(a in url()) {
        let opaque = Origin::new_opaque();
        prop_assert!(opaque.same_origin(&opaque.clone()));
        prop_assert!(!opaque.same_origin(&Origin::new_opaque()));
        prop_assert!(!opaque.same_origin(&origin(&a)));
        prop_assert!(!origin(&a).same_origin(&opaque));
    }

    #[test]
    fn serialisation_round_trips(a in url()) {
        let o = origin(&a);
        let again = origin(&o.ascii_serialization());
        prop_assert_eq!(&again, &o);
        prop_assert_eq!(again.ascii_serialization(), o.ascii_serialization());
    }

    #[test]
    fn same_origin_implies_same_site(a in url(), b in url()) {
        let (a, b) = (origin(&a), origin(&b));
        if a.same_origin(&b) {
            prop_assert!(same_site(&a, &b));
        }
        if same_site(&a, &b) {
            prop_assert!(schemelessly_same_site(&a, &b));
        }
    }

    #[test]
    fn origin_of_any_string_never_panics(s in "\\PC{0,40}") {
        let _ = Origin::of_url_str(&s);
    }

    #[test]
    fn same_origin_with_url_agrees_with_building_the_origin(a in url(), b in url()) {
        let (origin, other) = (origin(&a), sop_origin::parse_url(&b).unwrap());
        prop_assert_eq!(origin.same_origin_with_url(&other), origin == Origin::of_url(&other));
    }
}
