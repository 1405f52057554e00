//! The script layer: how `fetch()` and `XMLHttpRequest` turn a call into a
//! Fetch request, and where they throw before anything is sent.
//!
//! - fetch(): the `Request` constructor
//!   (<https://fetch.spec.whatwg.org/#dom-request>) and the `Headers`
//!   guards (<https://fetch.spec.whatwg.org/#headers-class>).
//! - XMLHttpRequest: `open()`, `setRequestHeader()` and `send()`
//!   (<https://xhr.spec.whatwg.org/>).

use std::sync::Arc;

use sop_fetch_model::anchor;
use sop_fetch_model::headers::normalize_header_value;
use sop_fetch_model::method::{
    Method, is_cors_safelisted_method, is_forbidden_method, is_method, normalize_method,
};
use sop_fetch_model::mime::MimeType;
use sop_fetch_model::safelist::{
    is_forbidden_request_header, is_no_cors_safelisted_request_header,
};
use sop_fetch_model::{
    CredentialsMode, Decision, Mode, Profile, Reason, RedirectMode, Request, Trace,
};
use sop_origin::{Origin, Url, UrlError};

use crate::fixture::{
    Api, CredentialsName, ModeName, RedirectName, ResponseEntry, ScriptRequest, resolve,
};
use crate::page::PageContext;

/// What a script call came to.
#[derive(Debug)]
pub enum ScriptCall {
    /// A request for the fetch machine.
    Request(Box<Request>),
    /// The API threw before sending anything.
    Throws {
        /// Why, as a contract reason.
        reason: Reason,
        /// The exception's message, as Chromium words it.
        message: String,
    },
}

/// Builds the Fetch request a script call makes, recording the API's
/// decisions (dropped headers, default Content-Type) in `trace`.
pub fn build_request(
    page: &PageContext<'_>,
    call: &ScriptRequest,
    profile: &Profile,
    trace: &mut Trace,
) -> ScriptCall {
    build_request_among(page, call, profile, trace, &[])
}

/// [`build_request`] for a scenario whose servers are described by
/// `known`: a call to one of their URLs takes that URL as parsed already
/// (see [`resolve`](crate::fixture::resolve)).
pub(crate) fn build_request_among(
    page: &PageContext<'_>,
    call: &ScriptRequest,
    profile: &Profile,
    trace: &mut Trace,
    known: &[ResponseEntry],
) -> ScriptCall {
    // The `Request` constructor's step 5.1, `open()`'s steps 6-8.
    let url = resolve(&call.url, page.url, known);
    match call.api {
        Api::Fetch => build_fetch(page, call, url, profile, trace),
        Api::Xhr => build_xhr(page, call, url, profile, trace),
    }
}

fn throws(
    trace: &mut Trace,
    anchor: &'static str,
    reason: Reason,
    detail: String,
    message: String,
) -> ScriptCall {
    trace.push(anchor, "script", Decision::Fail, detail);
    ScriptCall::Throws { reason, message }
}

fn is_forbidden(name: &str, value: &str, profile: &Profile) -> bool {
    is_forbidden_request_header(name, value)
        || profile
            .extra_forbidden_request_header_names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
}

/// Whether the page's settings prohibit mixed security contexts: a
/// potentially trustworthy page (the standard), or an https page (Chromium).
/// <https://w3c.github.io/webappsec-mixed-content/#categorize-settings-object>
pub(crate) fn prohibits_mixed_content(page: &PageContext<'_>, profile: &Profile) -> bool {
    if profile.mixed_content_needs_https_page {
        page.url.scheme() == "https"
    } else {
        page.secure
    }
}

/// The method as the API normalises it, or what the API throws: both
/// fetch() and `open()` refuse a method that is not a token and a forbidden
/// one (the contract files both under forbidden-method).
fn checked_method(
    trace: &mut Trace,
    anchor: &'static str,
    prefix: &str,
    method: &str,
) -> Result<Method, ScriptCall> {
    if !is_method(method) {
        let message = format!("{prefix}: '{method}' is not a valid HTTP method.");
        return Err(throws(
            trace,
            anchor,
            Reason::ForbiddenMethod,
            format!("{method:?} is not a method (a token)"),
            message,
        ));
    }
    if is_forbidden_method(method) {
        let message = format!("{prefix}: '{method}' HTTP method is unsupported.");
        return Err(throws(
            trace,
            anchor,
            Reason::ForbiddenMethod,
            format!("{method} is a forbidden method"),
            message,
        ));
    }
    Ok(normalize_method(method))
}

/// Records a dropped header, marking it a departure when only the
/// profile's extra list (Chromium's `User-Agent`) forbids it.
fn note_forbidden(
    trace: &mut Trace,
    anchor: &'static str,
    step: &'static str,
    name: &str,
    value: &str,
    detail: impl FnOnce() -> String,
) {
    if is_forbidden_request_header(name, value) {
        trace.push(anchor, step, Decision::Note, detail);
    } else {
        trace.push_departure(anchor, step, Decision::Note, detail, || {
            format!("{name} is not a forbidden request-header: it is sent")
        });
    }
}

/// `new Request(input, init)` as far as the policy reads it.
/// <https://fetch.spec.whatwg.org/#dom-request>
fn build_fetch(
    page: &PageContext<'_>,
    call: &ScriptRequest,
    url: Result<Arc<Url>, UrlError>,
    profile: &Profile,
    trace: &mut Trace,
) -> ScriptCall {
    const ANCHOR: &str = anchor::REQUEST_CONSTRUCTOR;
    const PREFIX: &str = "Failed to execute 'fetch' on 'Window'";
    // Request constructor 5.1-5.3. The URL parsed against the page; failure throws TypeError.
    let url = match url {
        Ok(u) => u,
        Err(e) => {
            return throws(
                trace,
                ANCHOR,
                Reason::InvalidUrl,
                format!("{:?} does not parse: {e}", call.url),
                format!("{PREFIX}: Failed to parse URL from {}", call.url),
            );
        }
    };
    // Request constructor 5.4. A URL with credentials throws TypeError.
    if !url.username().is_empty() || url.password().is_some() {
        return throws(
            trace,
            ANCHOR,
            Reason::InvalidUrl,
            format!("{url} includes credentials"),
            format!(
                "{PREFIX}: Request cannot be constructed from a URL that includes credentials: {}",
                call.url
            ),
        );
    }
    // Request constructor 25. A method that is not a token, or is forbidden, throws; the six
    // standard methods are upper-cased, the rest kept as written.
    let method = match checked_method(trace, ANCHOR, PREFIX, &call.method) {
        Ok(m) => m,
        Err(thrown) => return thrown,
    };

    if method != call.method {
        trace.push(
            ANCHOR,
            "method",
            Decision::Note,
            format!("{} normalised to {method}", call.method),
        );
    }
    let mode = match call.mode {
        ModeName::Cors => Mode::Cors,
        ModeName::NoCors => Mode::NoCors,
        ModeName::SameOrigin => Mode::SameOrigin,
    };
    // Request constructor 30. no-cors allows only CORS-safelisted methods.
    if mode == Mode::NoCors && !is_cors_safelisted_method(&method) {
        return throws(
            trace,
            ANCHOR,
            Reason::NoCorsMethod,
            format!("mode no-cors and method {method}"),
            format!("{PREFIX}: '{method}' is unsupported in no-cors mode."),
        );
    }
    // Request constructor 34. GET and HEAD cannot have a body (checked when reading fixtures).
    let mut request = Request::new(method, url, page.origin.clone());
    request.mode = mode;
    request.client_prohibits_mixed_content = prohibits_mixed_content(page, profile);
    request.credentials_mode = match call.credentials {
        CredentialsName::Omit => CredentialsMode::Omit,
        CredentialsName::SameOrigin => CredentialsMode::SameOrigin,
        CredentialsName::Include => CredentialsMode::Include,
    };
    request.redirect_mode = match call.redirect {
        RedirectName::Follow => RedirectMode::Follow,
        RedirectName::Error => RedirectMode::Error,
        RedirectName::Manual => RedirectMode::Manual,
    };
    // Request constructor 32-33. The headers, through the guard: "request" drops forbidden
    // request-headers; "request-no-cors" keeps only no-CORS-safelisted ones.
    let no_cors = mode == Mode::NoCors;
    for (name, value) in &call.headers.0 {
        let value = normalize_header_value(value);
        if is_forbidden(name, value, profile) {
            note_forbidden(
                trace,
                anchor::HEADERS_APPEND,
                "Headers guard",
                name,
                value,
                || format!("{name} is a forbidden request-header: silently dropped"),
            );
            continue;
        }
        if no_cors {
            let combined = match request.header_list.get(name) {
                Some(existing) => format!("{existing}, {value}"),
                None => value.to_owned(),
            };
            if !is_no_cors_safelisted_request_header(name, &combined) {
                trace.push(anchor::HEADERS_APPEND, "Headers guard", Decision::Note, format!("{name}: {value} is not a no-CORS-safelisted request-header: silently dropped in no-cors mode"));
                continue;
            }
        }
        request.header_list.append(name, value);
    }
    // Append's last step, removing privileged no-CORS request-headers
    // (Range), has nothing left to remove: Range is not no-CORS-safelisted,
    // so the guard above already dropped it.
    // Request constructor 36-37. A string body; its type is text/plain;charset=UTF-8 unless the
    // script set Content-Type.
    if let Some(body) = &call.body {
        request.body = Some(body.as_str().into());
        if !request.header_list.contains("content-type") {
            request
                .header_list
                .append("Content-Type", "text/plain;charset=UTF-8");
            trace.push(
                anchor::BODY_EXTRACT,
                "body",
                Decision::Note,
                "a string body adds Content-Type: text/plain;charset=UTF-8",
            );
        }
    }
    ScriptCall::Request(Box::new(request))
}

/// `open()`, `setRequestHeader()` and `send()`.
/// <https://xhr.spec.whatwg.org/#the-open()-method>
fn build_xhr(
    page: &PageContext<'_>,
    call: &ScriptRequest,
    url: Result<Arc<Url>, UrlError>,
    profile: &Profile,
    trace: &mut Trace,
) -> ScriptCall {
    const PREFIX: &str = "Failed to execute 'open' on 'XMLHttpRequest'";
    // open() 4-5. A method that is not a token throws SyntaxError, a
    // forbidden one SecurityError; the rest is normalised.
    let method = match checked_method(trace, anchor::XHR_OPEN, PREFIX, &call.method) {
        Ok(m) => m,
        Err(thrown) => return thrown,
    };

    // open() 6-8. The URL parsed against the page; failure throws SyntaxError.
    let mut url = match url {
        Ok(u) => u,
        Err(e) => {
            return throws(
                trace,
                anchor::XHR_OPEN,
                Reason::InvalidUrl,
                format!("{:?} does not parse: {e}", call.url),
                format!("{PREFIX}: Invalid URL"),
            );
        }
    };
    // Chromium drops a cross-origin URL's username and password before a
    // CORS request goes out.
    let has_userinfo = !url.username().is_empty() || url.password().is_some();
    if profile.xhr_strips_userinfo_cross_origin
        && has_userinfo
        && Origin::of_url(&url) != page.origin
    {
        let shown = url.to_string();
        // The URL may be a response's, shared: the request takes its own.
        let url = Arc::make_mut(&mut url);
        let _ = (url.set_username(""), url.set_password(None));
        trace.push_departure(
            anchor::XHR_OPEN,
            "URL credentials",
            Decision::Note,
            || format!("{shown}: the username and password are not sent cross-origin"),
            "the URL's username and password stay in the request",
        );
    }
    let mut request = Request::new(method, url, page.origin.clone());
    request.client_prohibits_mixed_content = prohibits_mixed_content(page, profile);
    // withCredentials: include when true, else same-origin.
    request.credentials_mode = match call.credentials {
        CredentialsName::Include => CredentialsMode::Include,
        _ => CredentialsMode::SameOrigin,
    };
    // setRequestHeader(): forbidden names are ignored; repeats combine.
    for (name, value) in &call.headers.0 {
        let value = normalize_header_value(value);
        if is_forbidden(name, value, profile) {
            note_forbidden(
                trace,
                anchor::XHR_SET_REQUEST_HEADER,
                "setRequestHeader",
                name,
                value,
                || format!("Refused to set unsafe header \"{name}\""),
            );
            continue;
        }
        request.header_list.combine(name, value);
    }
    // send() 3. GET and HEAD send no body.
    let body = call
        .body
        .as_ref()
        .filter(|_| !matches!(request.method.as_str(), "GET" | "HEAD"));
    if let Some(body) = body {
        request.body = Some(body.as_str().into());
        match request.header_list.get("content-type") {
            // send() 4.4. A string body's default type.
            None => {
                request
                    .header_list
                    .append("Content-Type", "text/plain;charset=UTF-8");
                trace.push(
                    anchor::XHR_SEND,
                    "body",
                    Decision::Note,
                    "a string body adds Content-Type: text/plain;charset=UTF-8",
                );
            }
            // send() 4.5. A charset the script set becomes UTF-8.
            Some(ct) => {
                if let Some(mut mime) = MimeType::parse(&ct)
                    && mime
                        .parameter("charset")
                        .is_some_and(|c| !c.eq_ignore_ascii_case("utf-8"))
                {
                    mime.set_parameter("charset", "UTF-8");
                    let new = mime.to_string();
                    trace.push(
                        anchor::XHR_SEND,
                        "body",
                        Decision::Note,
                        format!("Content-Type charset rewritten: {ct} -> {new}"),
                    );
                    request.header_list.set("Content-Type", new);
                }
            }
        }
    }
    // send() 10. An upload listener forces a preflight when there is a body.
    if call.upload_listener {
        if request.body.is_some() {
            request.use_cors_preflight = true;
            trace.push(
                anchor::XHR_SEND,
                "upload listener",
                Decision::Note,
                "an upload listener with a body sets the use-CORS-preflight flag",
            );
        } else {
            trace.push(
                anchor::XHR_SEND,
                "upload listener",
                Decision::Note,
                "an upload listener without a body changes nothing",
            );
        }
    }
    ScriptCall::Request(Box::new(request))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{AbsoluteUrl, Headers, Page};

    static PAGE: std::sync::LazyLock<Page> = std::sync::LazyLock::new(|| Page {
        url: AbsoluteUrl::parse("https://app.example/").unwrap(),
        sandbox: false,
    });

    fn page() -> PageContext<'static> {
        PageContext::new(&PAGE)
    }

    fn call(api: Api, method: &str, headers: &[(&str, &str)]) -> ScriptRequest {
        ScriptRequest {
            api,
            url: "https://api.example/x".into(),
            method: method.into(),
            headers: Headers::from_pairs(headers.iter().copied()),
            body: None,
            mode: ModeName::Cors,
            credentials: CredentialsName::SameOrigin,
            redirect: RedirectName::Follow,
            upload_listener: false,
        }
    }

    fn request(c: &ScriptRequest, profile: &Profile) -> Request {
        match build_request(&page(), c, profile, &mut Trace::new()) {
            ScriptCall::Request(r) => *r,
            ScriptCall::Throws { reason, message } => panic!("{reason}: {message}"),
        }
    }

    #[test]
    fn user_agent_is_forbidden_in_chromium_only() {
        let c = call(Api::Fetch, "GET", &[("User-Agent", "x"), ("Cookie", "a=b")]);
        assert!(
            !request(&c, &Profile::chromium())
                .header_list
                .contains("user-agent")
        );
        assert!(
            request(&c, &Profile::spec())
                .header_list
                .contains("user-agent")
        );
        assert!(!request(&c, &Profile::spec()).header_list.contains("cookie"));
    }

    #[test]
    fn no_cors_guard_keeps_only_no_cors_safelisted_headers() {
        let mut c = call(
            Api::Fetch,
            "GET",
            &[
                ("X-A", "1"),
                ("Accept", "text/html"),
                ("Range", "bytes=0-"),
                ("Content-Type", "application/json"),
            ],
        );
        c.mode = ModeName::NoCors;
        let r = request(&c, &Profile::chromium());
        let names = r.header_list.names_lowercase_sorted_unique();
        assert_eq!(names, vec!["accept"]);
    }

    #[test]
    fn methods_are_normalised_or_refused() {
        assert_eq!(
            request(&call(Api::Fetch, "delete", &[]), &Profile::chromium()).method,
            "DELETE"
        );
        assert_eq!(
            request(&call(Api::Xhr, "patch", &[]), &Profile::chromium()).method,
            "patch"
        );
        for (api, method) in [
            (Api::Fetch, "TRACE"),
            (Api::Xhr, "connect"),
            (Api::Fetch, "GE T"),
        ] {
            let out = build_request(
                &page(),
                &call(api, method, &[]),
                &Profile::chromium(),
                &mut Trace::new(),
            );
            assert!(
                matches!(
                    out,
                    ScriptCall::Throws {
                        reason: Reason::ForbiddenMethod,
                        ..
                    }
                ),
                "{method}"
            );
        }
    }

    #[test]
    fn string_bodies_and_content_type() {
        let mut c = call(Api::Fetch, "POST", &[]);
        c.body = Some("x".into());
        assert_eq!(
            request(&c, &Profile::chromium())
                .header_list
                .get("content-type")
                .as_deref(),
            Some("text/plain;charset=UTF-8")
        );
        let mut x = call(
            Api::Xhr,
            "POST",
            &[("Content-Type", "text/plain;charset=latin1")],
        );
        x.body = Some("x".into());
        assert_eq!(
            request(&x, &Profile::chromium())
                .header_list
                .get("content-type")
                .as_deref(),
            Some("text/plain;charset=UTF-8")
        );
        // XHR drops the body of a GET.
        let mut g = call(Api::Xhr, "GET", &[]);
        g.body = Some("x".into());
        g.upload_listener = true;
        let r = request(&g, &Profile::chromium());
        assert!(
            r.body.is_none() && !r.use_cors_preflight && !r.header_list.contains("content-type")
        );
    }

    #[test]
    fn upload_listener_with_a_body_forces_a_preflight() {
        let mut c = call(Api::Xhr, "POST", &[]);
        c.body = Some("x".into());
        c.upload_listener = true;
        assert!(request(&c, &Profile::chromium()).use_cors_preflight);
    }

    #[test]
    fn sandboxed_pages_are_opaque_but_secure() {
        let sandboxed = Page {
            url: AbsoluteUrl::parse("https://app.example/").unwrap(),
            sandbox: true,
        };
        let p = PageContext::new(&sandboxed);
        assert!(p.origin.is_opaque());
        assert!(p.secure);
    }

    #[test]
    fn mixed_content_from_a_localhost_page_by_profile() {
        let localhost = Page {
            url: AbsoluteUrl::parse("http://localhost:8080/").unwrap(),
            sandbox: false,
        };
        let page = PageContext::new(&localhost);
        let c = call(Api::Fetch, "GET", &[]);
        let prohibits =
            |profile: &Profile| match build_request(&page, &c, profile, &mut Trace::new()) {
                ScriptCall::Request(r) => r.client_prohibits_mixed_content,
                ScriptCall::Throws { .. } => unreachable!(),
            };
        assert!(
            !prohibits(&Profile::chromium()),
            "Chromium: only https pages"
        );
        assert!(
            prohibits(&Profile::spec()),
            "the standard: any potentially trustworthy page"
        );
    }

    #[test]
    fn xhr_userinfo_by_profile() {
        let mut c = call(Api::Xhr, "GET", &[]);
        c.url = "https://u:p@api.example/x".into();
        assert_eq!(
            request(&c, &Profile::chromium()).current_url().as_str(),
            "https://api.example/x"
        );
        assert_eq!(
            request(&c, &Profile::spec()).current_url().as_str(),
            "https://u:p@api.example/x"
        );
    }
}
