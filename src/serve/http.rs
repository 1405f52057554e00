//! The HTTP layer over tiny_http: a few worker threads, the body limit,
//! the headers every answer carries, and refusing requests addressed to a
//! name other than the loopback one the playground listens on.

use std::io::Read;
use std::net::IpAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::answer::{ApiError, Reply};
use super::page::CONTENT_SECURITY_POLICY;
use super::routes::Playground;

/// The largest request body read, in bytes. A scenario is a few
/// kilobytes and the corpus's largest file about 200; a megabyte leaves
/// room for any hand-written one, and a bigger post is refused before it
/// is read (413).
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;

/// Threads answering requests: evaluating takes milliseconds, so a few
/// keep the page responsive while one client is slow to send its body.
const WORKERS: usize = 4;

/// Answers requests on `server` until it stops accepting them.
pub fn serve(server: &tiny_http::Server, playground: &Playground) {
    let loopback = server
        .server_addr()
        .to_ip()
        .is_some_and(|a| a.ip().is_loopback());
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| {
                while let Ok(request) = server.recv() {
                    answer(playground, request, loopback);
                }
            });
        }
    });
}

/// Reads one request, answers it and sends the answer.
fn answer(playground: &Playground, mut request: tiny_http::Request, loopback: bool) {
    let method = request.method().as_str().to_owned();
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_owned());
    let reply = if loopback && !host.as_deref().is_none_or(names_loopback) {
        // A page elsewhere whose name was made to resolve to 127.0.0.1
        // (DNS rebinding) would otherwise be same-origin with this one.
        ApiError::new(
            403,
            "this playground answers only to loopback names (127.0.0.1, localhost, [::1])",
        )
        .reply()
    } else {
        let body = if method == "POST" {
            let declared = request.body_length();
            read_body(request.as_reader(), declared, MAX_BODY_BYTES)
        } else {
            Ok(Vec::new())
        };
        match body {
            Ok(body) => {
                let target = request.url().to_owned();
                // sop is fuzzed not to panic; if it does anyway, the page
                // hears about it and the server goes on.
                catch_unwind(AssertUnwindSafe(|| {
                    playground.answer(&method, &target, &body)
                }))
                .unwrap_or_else(|_| {
                    ApiError::new(
                        500,
                        "sop failed on this request: a bug, please report it with the scenario",
                    )
                    .reply()
                })
            }
            Err(e) => e.reply(),
        }
    };
    // The client may have gone; nothing is left to do about it.
    let _ = request.respond(response(reply));
}

/// The body, read up to `limit` bytes: a declared length over the limit
/// is refused unread, and a body without one is cut at the limit.
pub fn read_body(
    reader: &mut dyn Read,
    declared: Option<usize>,
    limit: u64,
) -> Result<Vec<u8>, ApiError> {
    let too_large = |size: String| {
        ApiError::new(
            413,
            format!("the body is {size} bytes; the limit is {limit} bytes"),
        )
    };
    if let Some(n) = declared.filter(|&n| n as u64 > limit) {
        return Err(too_large(n.to_string()));
    }
    let mut body = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut body)
        .map_err(|e| ApiError::new(400, format!("cannot read the body: {e}")))?;
    if body.len() as u64 > limit {
        return Err(too_large(format!("more than {limit}")));
    }
    Ok(body)
}

/// Whether a `Host` header names this machine's loopback: `localhost`
/// (and its subdomains, which browsers resolve there too) or a loopback
/// address, with or without a port.
pub fn names_loopback(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split_once(']').map_or("", |(ip, _)| ip),
        None => host.split_once(':').map_or(host, |(name, _)| name),
    };
    let lower = name.to_ascii_lowercase();
    lower == "localhost"
        || lower.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The reply with the headers every answer carries: no caching (the page
/// and the corpus change with the binary and the files), the page's
/// content security policy, and no sniffing.
fn response(reply: Reply) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut headers = vec![
        ("Content-Type", reply.content_type),
        ("Cache-Control", "no-store"),
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ];
    if let Some(allow) = reply.allow {
        headers.push(("Allow", allow));
    }
    headers.into_iter().fold(
        tiny_http::Response::from_data(reply.body).with_status_code(reply.status),
        |response, (name, value)| match tiny_http::Header::from_bytes(name, value) {
            Ok(header) => response.with_header(header),
            // The names and values above are constants that parse.
            Err(()) => response,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_body_up_to_the_limit_and_not_a_byte_more() {
        let at_limit = vec![b'x'; 10];
        assert_eq!(
            read_body(&mut &at_limit[..], Some(10), 10),
            Ok(at_limit.clone())
        );
        // Without a declared length (chunked), the limit still holds.
        assert_eq!(read_body(&mut &at_limit[..], None, 10), Ok(at_limit));
        let over = [b'x'; 11];
        let e = read_body(&mut &over[..], None, 10).expect_err("over the limit");
        assert_eq!(e.status, 413);
        assert_eq!(
            e.message,
            "the body is more than 10 bytes; the limit is 10 bytes"
        );
        // A declared length over the limit is refused before reading.
        let mut unread: &[u8] = b"abc";
        let e = read_body(&mut unread, Some(11), 10).expect_err("declared too long");
        assert_eq!(e.message, "the body is 11 bytes; the limit is 10 bytes");
        assert_eq!(unread, b"abc");
    }

    #[test]
    fn only_loopback_names_are_answered() {
        for host in [
            "127.0.0.1:8765",
            "127.0.0.1",
            "localhost:1",
            "LOCALHOST",
            "app.localhost:8765",
            "[::1]:8765",
            "127.1.2.3:80",
        ] {
            assert!(names_loopback(host), "{host}");
        }
        for host in [
            "evil.example:8765",
            "10.0.0.1",
            "[::2]:80",
            "localhost.evil.example",
            "",
        ] {
            assert!(!names_loopback(host), "{host}");
        }
    }

    #[test]
    fn every_answer_carries_the_policy() {
        let r = response(Reply::ok("text/plain", "x"));
        let names: Vec<String> = r.headers().iter().map(|h| h.field.to_string()).collect();
        for name in [
            "Content-Type",
            "Cache-Control",
            "Content-Security-Policy",
            "X-Content-Type-Options",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }
    }
}
