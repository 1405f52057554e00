//! HTTP/1.1 on the wire, as far as the fixture servers need it: parsing a
//! request head and rendering a response with nothing but the declared
//! headers and the framing.
//!
//! Header names and values are kept as their isomorphic decoding (one
//! `char` per byte), the convention of `sop-fetch-model`.

/// The head of a request: request line and header fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestHead {
    /// The method, as sent.
    pub method: String,
    /// The request target (origin-form `/path?query`, or absolute-form).
    pub target: String,
    /// The header fields in order, names lowercased, values trimmed.
    pub headers: Vec<(String, String)>,
}

/// How the request's body is framed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyFraming {
    /// No body.
    None,
    /// `Content-Length` bytes.
    Length(usize),
    /// `Transfer-Encoding: chunked`.
    Chunked,
}

impl RequestHead {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// How the body that follows the head is framed.
    pub fn body_framing(&self) -> Result<BodyFraming, String> {
        if let Some(te) = self.header("transfer-encoding") {
            if te.to_ascii_lowercase().contains("chunked") {
                return Ok(BodyFraming::Chunked);
            }
        }
        match self.header("content-length") {
            None => Ok(BodyFraming::None),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .map(|n| {
                    if n == 0 {
                        BodyFraming::None
                    } else {
                        BodyFraming::Length(n)
                    }
                })
                .map_err(|_| format!("bad Content-Length {v:?}")),
        }
    }

    /// The absolute URL the request is for, as `scheme://host/target`
    /// (not yet parsed).
    pub fn absolute_url(&self, scheme: &str) -> String {
        if self.target.starts_with("http://") || self.target.starts_with("https://") {
            return self.target.clone();
        }
        let host = self.header("host").unwrap_or("");
        format!("{scheme}://{host}{}", self.target)
    }
}

/// Where the head ends in `buf`: the index just past the blank line.
pub fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

fn isomorphic_decode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Parses a request head (up to and including the blank line).
pub fn parse_request_head(head: &[u8]) -> Result<RequestHead, String> {
    let text = isomorphic_decode(head);
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("bad request line {request_line:?}"));
    };
    if method.is_empty() || target.is_empty() || !version.starts_with("HTTP/1.") {
        return Err(format!("bad request line {request_line:?}"));
    }
    let mut headers = Vec::new();
    for line in lines {
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("bad header line {line:?}"));
        };
        headers.push((
            name.trim().to_ascii_lowercase(),
            value.trim_matches([' ', '\t']).to_owned(),
        ));
    }
    Ok(RequestHead {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
    })
}

/// Decodes a complete chunked body; `None` while more bytes are needed.
pub fn decode_chunked(buf: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        let Some(line_end) = buf[at..].windows(2).position(|w| w == b"\r\n") else {
            return Ok(None);
        };
        let size_text = isomorphic_decode(&buf[at..at + line_end]);
        let size_hex = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        at += line_end + 2;
        if size == 0 {
            // Trailer fields, then the blank line.
            return Ok(head_end(&buf[at - 2..]).map(|_| out));
        }
        if buf.len() < at + size + 2 {
            return Ok(None);
        }
        out.extend_from_slice(&buf[at..at + size]);
        at += size + 2;
    }
}

/// The reason phrase for a status code (cosmetic: browsers ignore it).
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        299 => "Unassigned",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Encodes a header string: its bytes when every `char` is one byte (the
/// isomorphic encoding), UTF-8 otherwise.
fn header_bytes(s: &str) -> Vec<u8> {
    if s.chars().all(|c| u32::from(c) <= 0xFF) {
        s.chars().map(|c| c as u8).collect()
    } else {
        s.as_bytes().to_vec()
    }
}

/// Renders a response: the status line, the declared headers in order,
/// then only framing (`Content-Length` unless declared or the status has
/// no body, and `Connection: close`), then the body (none for HEAD).
pub fn render_response(
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
    method: &str,
) -> Vec<u8> {
    let no_body = matches!(status, 100..=199 | 204 | 304);
    let declared = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason_phrase(status)).into_bytes();
    for (name, value) in headers {
        out.extend(header_bytes(name));
        out.extend_from_slice(b": ");
        out.extend(header_bytes(value));
        out.extend_from_slice(b"\r\n");
    }
    if !no_body && !declared("content-length") && !declared("transfer-encoding") {
        out.extend(format!("Content-Length: {}\r\n", body.len()).into_bytes());
    }
    if !declared("connection") {
        out.extend_from_slice(b"Connection: close\r\n");
    }
    out.extend_from_slice(b"\r\n");
    if !no_body && method != "HEAD" {
        out.extend_from_slice(body);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parses_a_request_head() {
        let raw = b"PUT /items/7?x=1 HTTP/1.1\r\nHost: api.example\r\nX-Token:  abc \r\nOrigin: https://app.example\r\nContent-Length: 3\r\n\r\nabc";
        let end = head_end(raw).unwrap();
        assert_eq!(&raw[end..], b"abc");
        let head = parse_request_head(&raw[..end]).unwrap();
        assert_eq!(head.method, "PUT");
        assert_eq!(head.target, "/items/7?x=1");
        assert_eq!(head.header("x-token"), Some("abc"));
        assert_eq!(head.header("origin"), Some("https://app.example"));
        assert_eq!(head.body_framing(), Ok(BodyFraming::Length(3)));
        assert_eq!(
            head.absolute_url("https"),
            "https://api.example/items/7?x=1"
        );
    }

    #[test]
    fn keeps_repeated_headers_and_odd_methods() {
        let raw = b"patch / HTTP/1.1\r\nhost: a.example:8080\r\nAccept: a\r\naccept: b\r\n\r\n";
        let head = parse_request_head(raw).unwrap();
        assert_eq!(head.method, "patch");
        assert_eq!(
            head.headers,
            vec![
                ("host".to_owned(), "a.example:8080".to_owned()),
                ("accept".to_owned(), "a".to_owned()),
                ("accept".to_owned(), "b".to_owned())
            ]
        );
        assert_eq!(head.absolute_url("http"), "http://a.example:8080/");
        assert_eq!(head.body_framing(), Ok(BodyFraming::None));
    }

    #[test]
    fn absolute_form_targets_are_kept() {
        let head = parse_request_head(b"GET http://x.example/p HTTP/1.1\r\n\r\n").unwrap();
        assert_eq!(head.absolute_url("http"), "http://x.example/p");
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse_request_head(b"\x16\x03\x01 hello\r\n\r\n").is_err());
        assert!(parse_request_head(b"GET /\r\n\r\n").is_err());
        assert!(parse_request_head(b"GET / HTTP/1.1\r\nno colon\r\n\r\n").is_err());
        let head = parse_request_head(b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n").unwrap();
        assert!(head.body_framing().is_err());
    }

    #[test]
    fn latin1_bytes_survive() {
        let head = parse_request_head(b"GET / HTTP/1.1\r\nX: caf\xe9\r\n\r\n").unwrap();
        assert_eq!(head.header("x"), Some("caf\u{e9}"));
    }

    #[test]
    fn decodes_chunked_bodies() {
        assert_eq!(decode_chunked(b"3\r\nabc\r\n"), Ok(None));
        assert_eq!(
            decode_chunked(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"),
            Ok(Some(b"abcde".to_vec()))
        );
        assert!(decode_chunked(b"zz\r\n").is_err());
    }

    #[test]
    fn head_end_needs_the_blank_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n"), None);
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\n"), Some(18));
    }

    #[test]
    fn renders_declared_headers_and_framing_only() {
        let h = vec![
            ("Access-Control-Allow-Origin".to_owned(), "*".to_owned()),
            ("X-A".to_owned(), "1".to_owned()),
        ];
        let out = String::from_utf8(render_response(200, &h, b"ok", "GET")).unwrap();
        assert_eq!(
            out,
            "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nX-A: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        );
    }

    #[test]
    fn no_body_for_head_204_and_304() {
        let out = String::from_utf8(render_response(200, &[], b"ok", "HEAD")).unwrap();
        assert_eq!(
            out,
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"
        );
        let out = String::from_utf8(render_response(204, &[], b"", "OPTIONS")).unwrap();
        assert_eq!(out, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        let out = String::from_utf8(render_response(404, &[], b"", "GET")).unwrap();
        assert_eq!(
            out,
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    }

    #[test]
    fn declared_framing_is_not_repeated() {
        let h = vec![("Content-Length".to_owned(), "2".to_owned())];
        let out = String::from_utf8(render_response(200, &h, b"ok", "GET")).unwrap();
        assert_eq!(
            out,
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        );
    }
}
