//! Checks beyond the JSON shape: URLs that must parse, header names and
//! values that must be valid, statuses in range, limits. Each failure is
//! `(path within the scenario, message)`.

use sop_fetch_model::headers::{is_header_name, is_header_value, normalize_header_value};
use sop_fetch_model::method::is_method;

use crate::fixture::{
    AbsoluteUrl, Api, CredentialsName, Expect, Headers, ModeName, Outcome, RedirectName, Scenario,
    ScriptRequest,
};
use crate::limits::Limits;

type Failure = (String, String);

fn fail<T>(path: impl Into<String>, message: impl Into<String>) -> Result<T, Failure> {
    Err((path.into(), message.into()))
}

/// Validates one scenario.
pub fn scenario(s: &Scenario, limits: &Limits) -> Result<(), Failure> {
    absolute_url(&s.page.url, || "page".to_owned(), limits)?;
    match (&s.request, &s.steps) {
        (Some(_), Some(_)) => {
            return fail(
                "steps",
                "give either `request` (with `expect`) or `steps`, not both",
            );
        }
        (None, None) => return fail("request", "missing: give `request` or `steps`"),
        (Some(r), None) => request(r, || "request".to_owned(), limits)?,
        (None, Some(steps)) => {
            if s.expect.is_some() {
                return fail("expect", "a `steps` scenario puts `expect` in each step");
            }
            if steps.is_empty() {
                return fail("steps", "expected at least one step");
            }
            if steps.len() > limits.max_steps {
                return fail(
                    "steps",
                    format!("{} steps; the limit is {}", steps.len(), limits.max_steps),
                );
            }
            for (i, step) in steps.iter().enumerate() {
                if !step.wait.is_finite() || step.wait < 0.0 || step.wait > 1e9 {
                    return fail(
                        format!("steps[{i}].wait"),
                        format!("expected seconds from 0 to 1e9, found {}", step.wait),
                    );
                }
                request(&step.request, || format!("steps[{i}].request"), limits)?;
                if let Some(e) = &step.expect {
                    expect(e, &format!("steps[{i}].expect"))?;
                }
            }
        }
    }
    if let Some(e) = &s.expect {
        expect(e, "expect")?;
    }
    if s.responses.len() > limits.max_responses {
        return fail(
            "responses",
            format!(
                "{} entries; the limit is {}",
                s.responses.len(),
                limits.max_responses
            ),
        );
    }
    // Paths are formatted only for a failure: this runs for every line of
    // a batch.
    for (i, r) in s.responses.iter().enumerate() {
        let at = || format!("responses[{i}]");
        absolute_url(&r.url, || format!("{}.url", at()), limits)?;
        if let Some(m) = &r.method
            && !is_method(m)
        {
            return fail(
                format!("{}.method", at()),
                format!("expected an HTTP method (a token), found {m:?}"),
            );
        }
        if !(100..=999).contains(&r.status) {
            return fail(
                format!("{}.status", at()),
                format!("expected a status from 100 to 999, found {}", r.status),
            );
        }
        headers(
            &r.headers,
            || format!("{}.headers", at()),
            limits,
            Side::Server,
        )?;
        if r.body.len() > limits.max_body_bytes {
            return fail(
                format!("{}.body", at()),
                format!(
                    "{} bytes; the limit is {}",
                    r.body.len(),
                    limits.max_body_bytes
                ),
            );
        }
    }
    Ok(())
}

/// An absolute URL (parsed when read) within the length limit, as written.
fn absolute_url(
    url: &AbsoluteUrl,
    at: impl FnOnce() -> String,
    limits: &Limits,
) -> Result<(), Failure> {
    let len = url.written_len();
    if len > limits.max_url_bytes {
        return fail(
            at(),
            format!("URL is {len} bytes; the limit is {}", limits.max_url_bytes),
        );
    }
    Ok(())
}

fn request(r: &ScriptRequest, at: impl Fn() -> String, limits: &Limits) -> Result<(), Failure> {
    if r.url.len() > limits.max_url_bytes {
        return fail(
            format!("{}.url", at()),
            format!(
                "URL is {} bytes; the limit is {}",
                r.url.len(),
                limits.max_url_bytes
            ),
        );
    }
    if r.method.len() > limits.max_header_value_bytes {
        return fail(
            format!("{}.method", at()),
            format!(
                "{} bytes; the limit is {}",
                r.method.len(),
                limits.max_header_value_bytes
            ),
        );
    }
    headers(
        &r.headers,
        || format!("{}.headers", at()),
        limits,
        Side::Script,
    )?;
    if let Some(b) = &r.body
        && b.len() > limits.max_body_bytes
    {
        return fail(
            format!("{}.body", at()),
            format!("{} bytes; the limit is {}", b.len(), limits.max_body_bytes),
        );
    }
    if r.api == Api::Fetch
        && r.body.is_some()
        && ["GET", "HEAD"]
            .iter()
            .any(|m| r.method.eq_ignore_ascii_case(m))
    {
        return fail(
            format!("{}.body", at()),
            "fetch() throws a TypeError for a GET or HEAD request with a body; drop the body or change the method",
        );
    }
    if r.api == Api::Xhr {
        if r.mode != ModeName::Cors {
            return fail(
                format!("{}.mode", at()),
                "`mode` is for fetch only; XMLHttpRequest always uses cors",
            );
        }
        if r.redirect != RedirectName::Follow {
            return fail(
                format!("{}.redirect", at()),
                "`redirect` is for fetch only; XMLHttpRequest always follows",
            );
        }
        if r.credentials == CredentialsName::Omit {
            return fail(
                format!("{}.credentials", at()),
                "XMLHttpRequest has no `omit`: use `same-origin` (withCredentials false) or `include`",
            );
        }
    } else if r.upload_listener {
        return fail(
            format!("{}.upload_listener", at()),
            "`upload_listener` is for xhr only",
        );
    }
    Ok(())
}

/// What a server's header cannot mean on the wire. Everything else is
/// written as it stands and read as Chromium reads it.
fn server_header(name: &str, value: &str, at: impl Fn() -> String) -> Result<(), Failure> {
    if name.contains(['\r', '\n']) {
        return fail(
            at(),
            format!("a header name cannot hold a line break, found {name:?}"),
        );
    }
    if name.starts_with([' ', '\t']) {
        return fail(
            at(),
            format!(
                "a header name cannot start with a space or tab (on the wire that continues the previous header), found {name:?}"
            ),
        );
    }
    if let Some(c) = name
        .chars()
        .chain(value.chars())
        .find(|c| u32::from(*c) > 0xFF)
    {
        return fail(
            at(),
            format!(
                "expected bytes only (U+0000-U+00FF): a header is bytes on the wire, found {c:?}"
            ),
        );
    }
    // A line feed followed by the end of the value or another line break
    // leaves an empty line: Chromium ends the header block there and reads
    // the rest as the body, which the fixture's `body` could not say.
    let bytes = value.as_bytes();
    let ends_block = bytes
        .iter()
        .enumerate()
        .any(|(i, b)| *b == b'\n' && matches!(bytes.get(i + 1), None | Some(b'\r' | b'\n')));
    if ends_block {
        return fail(
            at(),
            format!(
                "this line feed would leave an empty line, which ends the header block on the wire; found {value:?}"
            ),
        );
    }
    Ok(())
}

/// Who writes a header list: the script's go through the Headers API,
/// which refuses what HTTP forbids; a server may write any bytes, and
/// Chromium's parser decides what they mean (`servers::chromium_reads`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Script,
    Server,
}

fn headers(
    h: &Headers,
    at: impl Fn() -> String,
    limits: &Limits,
    side: Side,
) -> Result<(), Failure> {
    if h.0.len() > limits.max_headers {
        return fail(
            at(),
            format!("{} headers; the limit is {}", h.0.len(), limits.max_headers),
        );
    }
    let mut total = 0;
    for (i, (name, value)) in h.0.iter().enumerate() {
        if side == Side::Server {
            server_header(name, value, || format!("{}.{name}", at()))?;
        } else if !is_header_name(name) {
            return fail(
                format!("{}[{i}]", at()),
                format!(
                    "expected a header name (a token: no spaces or separators), found {name:?}"
                ),
            );
        }
        if side == Side::Script && !is_header_value(normalize_header_value(value)) {
            return fail(
                format!("{}.{name}", at()),
                format!(
                    "expected a header value without CR, LF or NUL and with bytes only (U+0000-U+00FF), found {value:?}"
                ),
            );
        }
        if value.len() > limits.max_header_value_bytes {
            return fail(
                format!("{}.{name}", at()),
                format!(
                    "value is {} bytes; the limit is {}",
                    value.len(),
                    limits.max_header_value_bytes
                ),
            );
        }
        total += name.len() + value.len();
    }
    if total > limits.max_header_list_bytes {
        return fail(
            at(),
            format!(
                "{total} bytes of headers; the limit is {}",
                limits.max_header_list_bytes
            ),
        );
    }
    Ok(())
}

fn expect(e: &Expect, at: &str) -> Result<(), Failure> {
    if e.reason.is_some() && e.outcome != Outcome::Blocked {
        return fail(
            format!("{at}.reason"),
            format!(
                "a reason goes with outcome \"blocked\", not {:?}",
                e.outcome.as_str()
            ),
        );
    }
    if let Some(names) = &e.exposed_headers
        && let Some(bad) = names
            .iter()
            .find(|n| n.chars().any(|c| c.is_ascii_uppercase()))
    {
        return fail(
            format!("{at}.exposed_headers"),
            format!("expected lowercase header names, found {bad:?}"),
        );
    }
    Ok(())
}
