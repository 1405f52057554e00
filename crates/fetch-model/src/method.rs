//! Request methods.
//!
//! <https://fetch.spec.whatwg.org/#methods>
//!
//! Methods are isomorphic-decoded byte strings (see the crate docs).

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use crate::headers::is_token;

/// A request's method, as the machine holds it and sends it.
///
/// The normalised methods, and `PATCH`, spelt exactly so, are held without
/// an allocation, so copying a request or the request it sends copies a
/// pointer; any other method is its own string. It compares, hashes and
/// prints as its text.
///
/// ```
/// use sop_fetch_model::method::Method;
/// let put = Method::from("PUT");
/// assert_eq!(put, "PUT");
/// assert_eq!(Method::from(String::from("M-SEARCH")).as_str(), "M-SEARCH");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Method(Cow<'static, str>);

impl Method {
    /// `GET`, the method a 303 redirect (and a 301 or 302 of a POST)
    /// turns the request's into.
    pub const GET: Method = Method(Cow::Borrowed("GET"));

    /// `OPTIONS`, the method of a CORS preflight.
    pub const OPTIONS: Method = Method(Cow::Borrowed("OPTIONS"));

    /// The method's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The methods held without an allocation: the normalised ones and
    /// `PATCH`.
    fn held_static() -> impl Iterator<Item = &'static str> {
        NORMALIZED_METHODS.into_iter().chain(["PATCH"])
    }

    /// The static spelling of `s`, when it is one of the methods held
    /// without an allocation (byte for byte).
    fn known(s: &str) -> Option<&'static str> {
        Method::held_static().find(|m| *m == s)
    }
}

impl From<&str> for Method {
    fn from(s: &str) -> Method {
        Method(match Method::known(s) {
            Some(known) => Cow::Borrowed(known),
            None => Cow::Owned(s.to_owned()),
        })
    }
}

impl From<String> for Method {
    fn from(s: String) -> Method {
        Method(match Method::known(&s) {
            Some(known) => Cow::Borrowed(known),
            None => Cow::Owned(s),
        })
    }
}

impl From<Method> for String {
    fn from(m: Method) -> String {
        m.0.into_owned()
    }
}

impl Deref for Method {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Method {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Method {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Method {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Method {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Method> for &str {
    fn eq(&self, other: &Method) -> bool {
        **self == *other.0
    }
}

impl fmt::Debug for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

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
pub fn normalize_method(s: &str) -> Method {
    // Normalize a method 1. A case-insensitive hit on one of the six methods yields its upper-case form.
    if let Some(canonical) = NORMALIZED_METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(s))
    {
        return Method(Cow::Borrowed(canonical));
    }
    // Normalize a method 2. Anything else is kept exactly as given.
    Method::from(s)
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
    fn well_known_methods_are_held_without_an_allocation() {
        let borrowed = |m: &Method| matches!(m.0, Cow::Borrowed(_));
        for m in Method::held_static() {
            assert!(borrowed(&Method::from(m)), "{m}");
            assert!(borrowed(&Method::from(m.to_owned())), "{m}");
            assert_eq!(Method::from(m), m);
        }
        // Only the exact spelling: `put` is another method until normalised.
        assert!(!borrowed(&Method::from("put")));
        assert!(borrowed(&normalize_method("put")));
        assert_eq!(normalize_method("put"), "PUT");
        assert!(!borrowed(&normalize_method("patch")));
        assert_eq!(normalize_method("patch"), "patch");
        assert_eq!(
            format!("{:?} {}", Method::OPTIONS, Method::GET),
            "\"OPTIONS\" GET"
        );
    }

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
