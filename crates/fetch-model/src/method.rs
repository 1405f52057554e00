//! Request methods.
//!
//! <https://fetch.spec.whatwg.org/#methods>
//!
//! Methods are isomorphic-decoded byte strings (see the crate docs).

use crate::headers::is_token;

/// The methods that "normalize" upper-cases, in their canonical spelling.
const NORMALIZED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// The CORS-safelisted methods; compared byte for byte.
const CORS_SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// The forbidden methods; compared byte-case-insensitively.
const FORBIDDEN_METHODS: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// Whether `s` is a method: a byte sequence matching the HTTP `token`
/// production (non-empty, only `tchar`s).
///
/// <https://fetch.spec.whatwg.org/#concept-method>
pub fn is_method(s: &str) -> bool {
    is_token(s)
}

/// Normalizes a method: the six well-known methods are upper-cased when they
/// match byte-case-insensitively; every other method is returned unchanged
/// (so `patch` stays `patch`, unlike `post`, which becomes `POST`).
///
/// <https://fetch.spec.whatwg.org/#concept-method-normalize>
pub fn normalize_method(s: &str) -> String {
    // Normalize a method 1. A case-insensitive hit on one of the six methods yields its upper-case form.
    if let Some(canonical) = NORMALIZED_METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(s))
    {
        return (*canonical).to_owned();
    }
    // Normalize a method 2. Anything else is kept exactly as given.
    s.to_owned()
}

/// Whether `s` is a CORS-safelisted method: exactly `GET`, `HEAD` or `POST`
/// (case-sensitive, so `get` is not safelisted; normalize first).
///
/// <https://fetch.spec.whatwg.org/#cors-safelisted-method>
pub fn is_cors_safelisted_method(s: &str) -> bool {
    CORS_SAFELISTED_METHODS.contains(&s)
}

/// Whether `s` is a forbidden method: `CONNECT`, `TRACE` or `TRACK`, compared
/// byte-case-insensitively.
///
/// <https://fetch.spec.whatwg.org/#forbidden-method>
pub fn is_forbidden_method(s: &str) -> bool {
    FORBIDDEN_METHODS.iter().any(|m| m.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_is_a_token() {
        let cases = [
            ("GET", true),
            ("CHICKEN", true),
            ("eGg", true),
            ("M-SEARCH", true),
            ("!#$%&'*+-.^_`|~09az", true),
            ("", false),
            ("GET ", false),
            ("G ET", false),
            ("GET\r\n", false),
            ("(GET)", false),
            ("GÉT", false),
            ("a/b", false),
        ];
        for (input, expected) in cases {
            assert_eq!(is_method(input), expected, "is_method({input:?})");
        }
    }

    #[test]
    fn normalize_uppercases_only_the_six() {
        let cases = [
            ("get", "GET"),
            ("Get", "GET"),
            ("GET", "GET"),
            ("delete", "DELETE"),
            ("head", "HEAD"),
            ("options", "OPTIONS"),
            ("oPtIoNs", "OPTIONS"),
            ("post", "POST"),
            ("put", "PUT"),
            ("patch", "patch"),
            ("PATCH", "PATCH"),
            ("Patch", "Patch"),
            ("connect", "connect"),
            ("trace", "trace"),
            ("chicken", "chicken"),
            ("gets", "gets"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_method(input), expected, "normalize({input:?})");
        }
    }

    #[test]
    fn safelisted_methods_are_case_sensitive() {
        let cases = [
            ("GET", true),
            ("HEAD", true),
            ("POST", true),
            ("get", false),
            ("Post", false),
            ("PUT", false),
            ("OPTIONS", false),
            ("PATCH", false),
            ("", false),
        ];
        for (input, expected) in cases {
            assert_eq!(
                is_cors_safelisted_method(input),
                expected,
                "is_cors_safelisted_method({input:?})"
            );
        }
    }

    #[test]
    fn forbidden_methods_are_case_insensitive() {
        let cases = [
            ("CONNECT", true),
            ("connect", true),
            ("TRACE", true),
            ("trace", true),
            ("TrAcK", true),
            ("TRACKS", false),
            ("GET", false),
            ("PATCH", false),
            (" TRACE", false),
            ("", false),
        ];
        for (input, expected) in cases {
            assert_eq!(
                is_forbidden_method(input),
                expected,
                "is_forbidden_method({input:?})"
            );
        }
    }
}
