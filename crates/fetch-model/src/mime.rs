//! MIME types, parsed and serialized as the WHATWG MIME Sniffing standard
//! says.
//!
//! <https://mimesniff.spec.whatwg.org/#understanding-mime-types>
//!
//! Parsing works on the string as given: code points above U+00FF (which an
//! isomorphic-decoded header value never has) are simply not token or
//! quoted-string code points, exactly as in the web-platform-tests data.

use std::fmt::{self, Write as _};

use crate::headers::{Cursor, collect_quoted, is_http_whitespace, is_token};

/// Whether `c` is an HTTP quoted-string token code point: U+0009, U+0020 to
/// U+007E, or U+0080 to U+00FF.
///
/// <https://mimesniff.spec.whatwg.org/#http-quoted-string-token-code-point>
pub fn is_http_quoted_string_token_code_point(c: char) -> bool {
    matches!(c, '\t' | ' '..='~' | '\u{80}'..='\u{ff}')
}

/// A parsed MIME type record: lower-cased type and subtype, and an ordered
/// map of parameters (lower-cased names, values as given).
///
/// <https://mimesniff.spec.whatwg.org/#mime-type>
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MimeType {
    type_: String,
    subtype: String,
    parameters: Vec<(String, String)>,
}

/// Steps 1-9 of parsing a MIME type: its type and subtype as written (not
/// yet lower-cased) and the cursor at what follows them, or `None` where
/// the standard fails. Nothing is copied.
///
/// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
fn parse_essence_at(input: &str) -> Option<(&str, &str, Cursor<'_>)> {
    // Parse a MIME type 1. Ignore HTTP whitespace at both ends.
    let input = input.trim_matches(is_http_whitespace);
    // Parse a MIME type 2. Start at the beginning.
    let mut cursor = Cursor::new(input);
    // Parse a MIME type 3. The type runs up to the first slash.
    let type_ = cursor.collect_while(|c| c != '/');
    // Parse a MIME type 4. It must be a non-empty token.
    if !is_token(type_) {
        return None;
    }
    // Parse a MIME type 5. No slash at all is a failure.
    if cursor.is_past_end() {
        return None;
    }
    // Parse a MIME type 6. Step over the slash.
    cursor.advance();
    // Parse a MIME type 7. The subtype runs up to the first semicolon.
    let subtype = cursor.collect_while(|c| c != ';');
    // Parse a MIME type 8. Trailing HTTP whitespace is not part of it.
    let subtype = subtype.trim_end_matches(is_http_whitespace);
    // Parse a MIME type 9. It must be a non-empty token.
    if !is_token(subtype) {
        return None;
    }
    Some((type_, subtype, cursor))
}

/// Whether `input` parses as a MIME type, and if it does, its type and
/// subtype as written (compare them ASCII case-insensitively): what
/// [`MimeType::parse`] decides, without building the record. The
/// parameters never make parsing fail, so they are not read.
pub(crate) fn parse_essence(input: &str) -> Option<(&str, &str)> {
    parse_essence_at(input).map(|(type_, subtype, _)| (type_, subtype))
}

impl MimeType {
    /// Parses a MIME type; `None` is the standard's failure.
    ///
    /// Duplicate parameters keep their first value; parameters with an
    /// invalid name, an invalid value or no value are dropped.
    ///
    /// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
    pub fn parse(input: &str) -> Option<MimeType> {
        // Parse a MIME type 1-9.
        let (type_, subtype, mut cursor) = parse_essence_at(input)?;
        // Parse a MIME type 10. Build the record with lower-cased type and subtype.
        let mut mime_type = MimeType {
            type_: type_.to_ascii_lowercase(),
            subtype: subtype.to_ascii_lowercase(),
            parameters: Vec::new(),
        };
        // Parse a MIME type 11. Read parameters until the input is used up.
        while !cursor.is_past_end() {
            // Parse a MIME type 11.1. Step over the semicolon.
            cursor.advance();
            // Parse a MIME type 11.2. Skip leading HTTP whitespace.
            cursor.collect_while(is_http_whitespace);
            // Parse a MIME type 11.3. The name runs up to a semicolon or an equals sign.
            let name = cursor.collect_while(|c| c != ';' && c != '=');
            // Parse a MIME type 11.4. Names are case-insensitive: lower-case it.
            let name = name.to_ascii_lowercase();
            // Parse a MIME type 11.5. If input remains: a semicolon means "no value", move on;
            //       otherwise step over the equals sign.
            if let Some(c) = cursor.peek() {
                if c == ';' {
                    continue;
                }
                cursor.advance();
            }
            // Parse a MIME type 11.6. Nothing left after the name: stop.
            if cursor.is_past_end() {
                break;
            }
            // Parse a MIME type 11.7. The value is read next, in one of two ways.
            let value = if cursor.peek() == Some('"') {
                // Parse a MIME type 11.8.1. A quoted value is unescaped...
                let value = collect_quoted(&mut cursor, true);
                // Parse a MIME type 11.8.2. ...and anything between its closing quote and the
                //         next semicolon is ignored.
                cursor.collect_while(|c| c != ';');
                value
            } else {
                // Parse a MIME type 11.9.1. An unquoted value runs up to the next semicolon,
                let value = cursor.collect_while(|c| c != ';');
                // Parse a MIME type 11.9.2. minus trailing HTTP whitespace;
                let value = value.trim_end_matches(is_http_whitespace);
                // Parse a MIME type 11.9.3. an empty one is dropped.
                if value.is_empty() {
                    continue;
                }
                value.to_owned()
            };
            // Parse a MIME type 11.10. Keep it only if the name is a token, the value is all
            //        quoted-string token code points, and the name is new.
            if is_token(&name)
                && value.chars().all(is_http_quoted_string_token_code_point)
                && mime_type.parameter(&name).is_none()
            {
                mime_type.parameters.push((name, value));
            }
        }
        // Parse a MIME type 12. Done.
        Some(mime_type)
    }

    /// The essence: `type/subtype`, without parameters.
    ///
    /// <https://mimesniff.spec.whatwg.org/#mime-type-essence>
    pub fn essence(&self) -> String {
        let mut essence = String::with_capacity(self.type_.len() + 1 + self.subtype.len());
        essence.push_str(&self.type_);
        essence.push('/');
        essence.push_str(&self.subtype);
        essence
    }

    /// Whether the essence is `essence`, without building it.
    ///
    /// ```
    /// use sop_fetch_model::mime::MimeType;
    /// let m = MimeType::parse("Text/HTML; charset=utf-8").unwrap();
    /// assert!(m.is_essence("text/html"));
    /// assert!(!m.is_essence("text/htm"));
    /// ```
    pub fn is_essence(&self, essence: &str) -> bool {
        essence.split_once('/') == Some((self.type_.as_str(), self.subtype.as_str()))
    }

    /// The type (lower-case), e.g. `text`.
    ///
    /// <https://mimesniff.spec.whatwg.org/#type>
    pub fn type_(&self) -> &str {
        &self.type_
    }

    /// The subtype (lower-case), e.g. `plain`.
    ///
    /// <https://mimesniff.spec.whatwg.org/#subtype>
    pub fn subtype(&self) -> &str {
        &self.subtype
    }

    /// The parameters as `(name, value)` pairs in insertion order; names are
    /// lower-case and unique.
    ///
    /// <https://mimesniff.spec.whatwg.org/#parameters>
    pub fn parameters(&self) -> &[(String, String)] {
        &self.parameters
    }

    /// The value of parameter `name` (compared ASCII-case-insensitively), if
    /// present.
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets parameter `name` (lowercased) to `value`, in place when present,
    /// else at the end (as XHR's `send()` does for `charset`).
    ///
    /// ```
    /// use sop_fetch_model::mime::MimeType;
    /// let mut m = MimeType::parse("text/plain;charset=latin1;x=y").unwrap();
    /// m.set_parameter("charset", "UTF-8");
    /// assert_eq!(m.to_string(), "text/plain;charset=UTF-8;x=y");
    /// ```
    pub fn set_parameter(&mut self, name: &str, value: &str) {
        let name = name.to_ascii_lowercase();
        match self.parameters.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value.to_owned(),
            None => self.parameters.push((name, value.to_owned())),
        }
    }
}

/// Extract a MIME type from a header list's `Content-Type` values: the last
/// one that parses (and is not `*/*`), keeping an earlier value's charset
/// when the essence repeats. `None` is the standard's failure.
/// <https://fetch.spec.whatwg.org/#concept-header-extract-mime-type>
///
/// ```
/// use sop_fetch_model::{HeaderList, mime::extract_mime_type};
/// let h = HeaderList::from_pairs([("Content-Type", "text/plain;charset=gbk, text/plain")]);
/// assert_eq!(extract_mime_type(&h).unwrap().to_string(), "text/plain;charset=gbk");
/// let h = HeaderList::from_pairs([("Content-Type", "text/html, */*")]);
/// assert_eq!(extract_mime_type(&h).unwrap().essence(), "text/html");
/// ```
pub fn extract_mime_type(headers: &crate::HeaderList) -> Option<MimeType> {
    // Extract a MIME type 1-3. No Content-Type: failure.
    let values = headers.get_decode_split("content-type")?;
    let mut charset: Option<String> = None;
    let mut essence: Option<String> = None;
    let mut mime_type: Option<MimeType> = None;
    // Extract a MIME type 4. Each value in turn.
    for value in values {
        // 4.1-4.2. Skip what does not parse, and `*/*`.
        let Some(mut temporary) = MimeType::parse(&value) else {
            continue;
        };
        if temporary.is_essence("*/*") {
            continue;
        }
        // 4.3-4.5. A new essence resets the charset; the same one keeps an
        // earlier charset when this value has none.
        if !essence.as_deref().is_some_and(|e| temporary.is_essence(e)) {
            charset = temporary.parameter("charset").map(str::to_owned);
            essence = Some(temporary.essence());
        } else if temporary.parameter("charset").is_none()
            && let Some(c) = &charset
        {
            temporary.set_parameter("charset", c);
        }
        mime_type = Some(temporary);
    }
    // Extract a MIME type 5-6.
    mime_type
}

impl fmt::Display for MimeType {
    /// Serializes the MIME type: `type/subtype` then `;name=value` per
    /// parameter, quoting values that are empty or not tokens (with `"` and
    /// `\` backslash-escaped).
    ///
    /// <https://mimesniff.spec.whatwg.org/#serialize-a-mime-type>
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Serialize a MIME type 1. Start with the essence.
        write!(f, "{}/{}", self.type_, self.subtype)?;
        // Serialize a MIME type 2. Add each parameter in order.
        for (name, value) in &self.parameters {
            // Serialize a MIME type 2.1-2.3. Separator, name, equals sign.
            write!(f, ";{name}=")?;
            // Serialize a MIME type 2.4. Values that are empty or not tokens are quoted and escaped.
            if is_token(value) {
                f.write_str(value)?;
            } else {
                f.write_char('"')?;
                for c in value.chars() {
                    if c == '"' || c == '\\' {
                        f.write_char('\\')?;
                    }
                    f.write_char(c)?;
                }
                f.write_char('"')?;
            }
        }
        // Serialize a MIME type 3. Done.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_serialize_examples() {
        let cases = [
            ("text/html", Some("text/html")),
            ("TEXT/HTML;CHARSET=GBK", Some("text/html;charset=GBK")),
            (" \r\ntext/plain \t", Some("text/plain")),
            ("text/plain;charset=utf-8", Some("text/plain;charset=utf-8")),
            (
                "text/plain; charset=utf-8",
                Some("text/plain;charset=utf-8"),
            ),
            (
                "text/plain ;charset=utf-8",
                Some("text/plain;charset=utf-8"),
            ),
            ("text/plain;charset =utf-8", Some("text/plain")),
            (
                "text/plain;charset= utf-8",
                Some("text/plain;charset=\" utf-8\""),
            ),
            ("text/plain;a=1;a=2", Some("text/plain;a=1")),
            ("text/plain;A=1;a=2", Some("text/plain;a=1")),
            ("text/plain;a;b=2", Some("text/plain;b=2")),
            ("text/plain;a=;b=2", Some("text/plain;b=2")),
            ("text/plain;a=\"\";b=2", Some("text/plain;a=\"\";b=2")),
            ("text/plain;a=\"x\\\"y\"", Some("text/plain;a=\"x\\\"y\"")),
            ("text/plain;a=\"x\" junk;b=2", Some("text/plain;a=x;b=2")),
            (
                "text/plain;a=\"unterminated",
                Some("text/plain;a=unterminated"),
            ),
            ("text/plain;a=\u{e9}", Some("text/plain;a=\"\u{e9}\"")),
            ("text/plain;a=\u{100}", Some("text/plain")),
            ("text/plain;=x;b=2", Some("text/plain;b=2")),
            ("text/plain;", Some("text/plain")),
            ("text/plain;a", Some("text/plain")),
            ("text/plain;a=", Some("text/plain")),
            ("text", None),
            ("text/", None),
            ("/plain", None),
            ("text /plain", None),
            ("te xt/plain", None),
            ("text/pl ain", None),
            ("text/plain/x", None),
            ("\"text\"/plain", None),
            ("", None),
            ("\u{b}text/plain", None),
        ];
        for (input, expected) in cases {
            let got = MimeType::parse(input).map(|m| m.to_string());
            assert_eq!(got.as_deref(), expected, "parse({input:?})");
        }
    }

    #[test]
    fn accessors() {
        let Some(mime) = MimeType::parse("Text/Plain;Charset=UTF-8;format=flowed") else {
            panic!("should parse");
        };
        assert_eq!(mime.type_(), "text");
        assert_eq!(mime.subtype(), "plain");
        assert_eq!(mime.essence(), "text/plain");
        assert_eq!(
            mime.parameters(),
            [
                ("charset".to_owned(), "UTF-8".to_owned()),
                ("format".to_owned(), "flowed".to_owned())
            ]
        );
        assert_eq!(mime.parameter("CHARSET"), Some("UTF-8"));
        assert_eq!(mime.parameter("boundary"), None);
    }

    #[test]
    fn quoted_string_token_code_points() {
        let cases = [
            ('\t', true),
            (' ', true),
            ('~', true),
            ('"', true),
            ('\u{7f}', false),
            ('\u{80}', true),
            ('\u{ff}', true),
            ('\u{100}', false),
            ('\n', false),
            ('\0', false),
        ];
        for (c, expected) in cases {
            assert_eq!(is_http_quoted_string_token_code_point(c), expected, "{c:?}");
        }
    }
}
