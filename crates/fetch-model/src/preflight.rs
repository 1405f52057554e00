//! The CORS-preflight fetch: building the OPTIONS request and validating
//! its answer. <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>

use crate::anchor;
use std::time::Duration;

use crate::cors::{CheckFailure, cors_check_with_origin};
use crate::headers::{HeaderList, HeaderNames, ListValues, extract_header_list_values};
use crate::method::is_cors_safelisted_method;
use crate::profile::Profile;
use crate::reason::Reason;
use crate::request::{CredentialsMode, Request};
use crate::response::is_ok_status;
use crate::trace::{Decision, Trace};

const ANCHOR: &str = anchor::CORS_PREFLIGHT_FETCH;

/// The default lifetime of a cache entry when Access-Control-Max-Age is
/// absent or does not parse.
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(5);

/// The trace step that records a preflight cached for [`DEFAULT_MAX_AGE`]
/// because the response had no Access-Control-Max-Age.
pub const DEFAULT_MAX_AGE_STEP: &str = "max-age (default)";

/// The headers of the preflight for `request` (steps 1-5): `Accept: */*`,
/// `Access-Control-Request-Method`, and `Access-Control-Request-Headers`
/// when there are CORS-unsafe names (lowercase, sorted, joined with `,`).
/// They are appended to `headers`, which holds the `Origin` header the
/// machine adds, as for every CORS request.
///
/// `unsafe_names` are the request's CORS-unsafe request-header names, as
/// [`crate::safelist::cors_unsafe_request_header_names_for`] gives them.
pub fn preflight_headers(request: &Request, unsafe_names: &HeaderNames, headers: &mut HeaderList) {
    // CORS-preflight fetch 2. Accept: */*.
    headers.append("Accept", "*/*");
    // CORS-preflight fetch 3. The method the actual request will use.
    headers.append("Access-Control-Request-Method", &request.method);
    // CORS-preflight fetch 4-5. The CORS-unsafe header names, if any.
    if !unsafe_names.is_empty() {
        headers.append(
            "Access-Control-Request-Headers",
            unsafe_names.as_header_value(),
        );
    }
}

/// What a successful preflight allowed, to be cached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreflightGrant<'a> {
    /// Allowed methods, as listed (and the request's own method when the
    /// use-CORS-preflight flag supplied it).
    pub methods: ListValues<'a>,
    /// Allowed header names, as listed.
    pub header_names: ListValues<'a>,
    /// How long to cache them; `None` when they must not be cached.
    pub max_age: Option<Duration>,
}

/// Validates a preflight's answer (step 7 onwards).
///
/// The access check (Access-Control-Allow-Origin and -Credentials) runs
/// before the status check, as Chromium does; the standard requires both,
/// so the order only decides which reason a response failing both gets.
pub fn validate_preflight_response<'a>(
    request: &'a Request,
    status: u16,
    headers: &'a HeaderList,
    serialized_origin: &str,
    profile: &Profile,
    unsafe_names: &HeaderNames,
    trace: &mut Trace,
) -> Result<PreflightGrant<'a>, CheckFailure> {
    let include = request.credentials_mode == CredentialsMode::Include;
    // CORS-preflight fetch 7. The CORS check must pass...
    cors_check_with_origin(request, serialized_origin, headers, trace).map_err(|f| {
        CheckFailure {
            reason: f.reason.for_preflight(),
            value: f.value,
        }
    })?;
    // ... and the status must be an ok status.
    if !is_ok_status(status) {
        trace.push(ANCHOR, "preflight status", Decision::Fail, || {
            format!("status {status} is not in 200-299")
        });
        return Err(CheckFailure {
            reason: Reason::PreflightInvalidStatus,
            value: Some(status.to_string()),
        });
    }
    trace.push(ANCHOR, "preflight status", Decision::Pass, || {
        format!("status {status} is an ok status")
    });
    // CORS-preflight fetch 7.1. Access-Control-Allow-Methods.
    let methods =
        extract_header_list_values(headers, "access-control-allow-methods").map_err(|e| {
            trace.push(
                ANCHOR,
                "Access-Control-Allow-Methods",
                Decision::Fail,
                e.to_string(),
            );
            CheckFailure {
                reason: Reason::InvalidAllowMethodsPreflightResponse,
                value: headers.get("access-control-allow-methods"),
            }
        })?;
    // CORS-preflight fetch 7.2. Access-Control-Allow-Headers.
    let header_names = extract_header_list_values(headers, "access-control-allow-headers")
        .map_err(|e| {
            trace.push(
                ANCHOR,
                "Access-Control-Allow-Headers",
                Decision::Fail,
                e.to_string(),
            );
            CheckFailure {
                reason: Reason::InvalidAllowHeadersPreflightResponse,
                value: headers.get("access-control-allow-headers"),
            }
        })?;
    // CORS-preflight fetch 7.4. With the use-CORS-preflight flag, a missing list allows the
    // request's own method.
    // The trace shows an absent header as absent, not as an empty list.
    let methods_present = methods.is_some();
    let shown_methods = |methods: &[&str]| shown_list(methods, methods_present);
    let methods = match methods {
        None if request.use_cors_preflight => std::iter::once(request.method.as_str()).collect(),
        other => other.unwrap_or_default(),
    };
    let headers_present = header_names.is_some();
    let header_names = header_names.unwrap_or_default();
    let shown_headers = || shown_list(&header_names, headers_present);
    // CORS-preflight fetch 7.5. The method must be listed, CORS-safelisted, or covered by `*`
    // without credentials. Methods compare case-sensitively.
    let method = &request.method;
    let method_ok = methods.iter().any(|m| m == method)
        || is_cors_safelisted_method(method)
        || (!include && methods.contains(&"*"));
    if !method_ok {
        trace.push(ANCHOR, "method allowed?", Decision::Fail, || {
            format!(
                "no: {method} is not in Access-Control-Allow-Methods {}{}",
                shown_methods(&methods),
                if include && methods.contains(&"*") {
                    " (`*` does not count with credentials)"
                } else {
                    ""
                }
            )
        });
        return Err(CheckFailure {
            reason: Reason::MethodDisallowedByPreflightResponse,
            value: Some(method.as_str().to_owned()),
        });
    }
    trace.push(ANCHOR, "method allowed?", Decision::Pass, || {
        let how = if methods.iter().any(|m| m == method) {
            "is listed in"
        } else if is_cors_safelisted_method(method) {
            "is CORS-safelisted, allowed whatever"
        } else {
            "is covered by `*` (no credentials) in"
        };
        format!(
            "yes: {method} {how} Access-Control-Allow-Methods {}",
            shown_methods(&methods)
        )
    });
    let listed = |name: &str| header_names.iter().any(|h| h.eq_ignore_ascii_case(name));
    let wildcard = !include && header_names.contains(&"*");
    // CORS-preflight fetch 7.6. Authorization must be named; `*` does not cover it.
    if request.header_list.contains("authorization") && !listed("authorization") {
        if wildcard && profile.allow_headers_wildcard_covers_authorization {
            trace.push_departure(
                anchor::CORS_NON_WILDCARD_REQUEST_HEADER_NAME,
                "Authorization allowed?",
                Decision::Pass,
                "yes: Access-Control-Allow-Headers `*` covers Authorization in this profile",
                "Authorization must be listed by name; `*` does not cover it",
            );
        } else {
            trace.push(
                anchor::CORS_NON_WILDCARD_REQUEST_HEADER_NAME,
                "Authorization allowed?",
                Decision::Fail,
                "no: Authorization is not named in Access-Control-Allow-Headers (`*` never covers it)",
            );
            return Err(CheckFailure {
                reason: Reason::HeaderDisallowedByPreflightResponse,
                value: Some("authorization".to_owned()),
            });
        }
    }
    // CORS-preflight fetch 7.7. Every CORS-unsafe header name must be listed, or covered by `*`
    // without credentials.
    for name in unsafe_names.iter() {
        if !listed(name) && !wildcard {
            trace.push(ANCHOR, "headers allowed?", Decision::Fail, || {
                format!(
                    "no: request header {name} is not in Access-Control-Allow-Headers {}{}",
                    shown_headers(),
                    if include && header_names.contains(&"*") {
                        " (`*` does not count with credentials)"
                    } else {
                        ""
                    }
                )
            });
            return Err(CheckFailure {
                reason: Reason::HeaderDisallowedByPreflightResponse,
                value: Some(name.to_owned()),
            });
        }
    }
    if !unsafe_names.is_empty() {
        trace.push(ANCHOR, "headers allowed?", Decision::Pass, || {
            format!(
                "yes: {unsafe_names} allowed by Access-Control-Allow-Headers {}",
                shown_headers()
            )
        });
    }
    // CORS-preflight fetch 7.8-7.9. Access-Control-Max-Age, defaulting to 5 s, capped by the profile.
    let max_age = max_age(headers, profile, trace);
    Ok(PreflightGrant {
        methods,
        header_names,
        max_age,
    })
}

/// A list-valued header's values as the trace shows them: `(absent)` when
/// the response did not carry it, `(empty)` when it carried no values.
fn shown_list(values: &[&str], present: bool) -> String {
    match (present, values) {
        (false, _) => "(absent)".to_owned(),
        (true, []) => "(empty)".to_owned(),
        (true, values) => format!("`{}`", values.join(", ")),
    }
}

/// Access-Control-Max-Age as the profile reads it: `None` for "do not cache".
fn max_age(headers: &HeaderList, profile: &Profile, trace: &mut Trace) -> Option<Duration> {
    let raw = headers.get_cow("access-control-max-age");
    let parsed: Option<i64> = raw.as_deref().and_then(|v| {
        if profile.negative_max_age_disables_cache {
            // Chromium reads a 64-bit integer (base::StringToInt64): a sign
            // is allowed, anything out of range does not parse.
            v.parse::<i64>().ok()
        } else {
            // delta-seconds is 1*DIGIT; a value too large to hold is as good
            // as forever.
            (!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                .then(|| v.parse::<i64>().unwrap_or(i64::MAX))
        }
    });
    let seconds = match parsed {
        Some(n) if n < 0 && profile.negative_max_age_disables_cache => {
            trace.push_departure(
                ANCHOR,
                "max-age",
                Decision::Note,
                || format!("Access-Control-Max-Age {n} is negative: not cached"),
                "a negative value does not parse, so the default of 5 seconds applies",
            );
            return None;
        }
        Some(n) if n >= 0 => n.unsigned_abs(),
        _ => DEFAULT_MAX_AGE.as_secs(),
    };
    let capped = profile
        .preflight_max_age_cap
        .map_or(seconds, |cap| seconds.min(cap));
    // The default gets its own step name: it matters only where a later
    // request could use the entry, and explanations of one call leave it out.
    let step = if raw.is_none() {
        DEFAULT_MAX_AGE_STEP
    } else {
        "max-age"
    };
    trace.push(ANCHOR, step, Decision::Note, || {
        match (&raw, capped != seconds) {
            (None, _) => format!("no Access-Control-Max-Age: cached for the default {capped} s"),
            (Some(v), true) => format!("Access-Control-Max-Age {v} capped to {capped} s"),
            (Some(v), false) if parsed.is_none() => {
                format!(
                    "Access-Control-Max-Age {v:?} does not parse: the default {capped} s applies"
                )
            }
            (Some(_), false) => format!("cached for {capped} s"),
        }
    });
    Some(Duration::from_secs(capped))
}
