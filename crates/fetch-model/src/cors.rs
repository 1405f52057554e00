//! The CORS check. <https://fetch.spec.whatwg.org/#concept-cors-check>

use crate::anchor;
use crate::headers::HeaderList;
use crate::reason::Reason;
use crate::request::{CredentialsMode, Request};
use crate::trace::{Decision, Trace};

/// A failed check: the reason and the header value it looked at (for the
/// console message and the fix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckFailure {
    /// Why.
    pub reason: Reason,
    /// The offending value (the Access-Control-Allow-Origin or
    /// -Allow-Credentials value, a method, a header name), if any.
    pub value: Option<String>,
}

impl CheckFailure {
    fn new(reason: Reason, value: Option<String>) -> CheckFailure {
        CheckFailure { reason, value }
    }
}

/// Runs the CORS check of `request` against a response's headers.
///
/// On failure the reason is the response variant (`allow-origin-mismatch`);
/// a preflight maps it with [`Reason::for_preflight`]. Which reason names a
/// failed Access-Control-Allow-Origin comparison follows Chromium
/// (`CheckAccess` in services/network/public/cpp/cors/cors.cc): a value with
/// a space or comma is *multiple values*, `null` a *mismatch*, a value that
/// is not a URL *invalid*, anything else a *mismatch*. The standard only
/// says the check fails.
///
/// ```
/// use sop_fetch_model::{cors::cors_check, HeaderList, Request, Reason, Trace};
/// let origin = sop_origin::Origin::of_url_str("https://app.example").unwrap();
/// let req = Request::new("GET", sop_origin::parse_url("https://api.example/").unwrap(), origin);
/// let ok = HeaderList::from_pairs([("Access-Control-Allow-Origin", "https://app.example")]);
/// assert!(cors_check(&req, &ok, &mut Trace::new()).is_ok());
/// let slash = HeaderList::from_pairs([("Access-Control-Allow-Origin", "https://app.example/")]);
/// assert_eq!(cors_check(&req, &slash, &mut Trace::new()).unwrap_err().reason, Reason::AllowOriginMismatch);
/// ```
pub fn cors_check(
    request: &Request,
    headers: &HeaderList,
    trace: &mut Trace,
) -> Result<(), CheckFailure> {
    cors_check_with_origin(request, &request.serialized_origin(), headers, trace)
}

/// [`cors_check`] with the request's serialised origin already computed
/// (the machine computes it once per main fetch).
pub fn cors_check_with_origin(
    request: &Request,
    origin: &str,
    headers: &HeaderList,
    trace: &mut Trace,
) -> Result<(), CheckFailure> {
    const ANCHOR: &str = anchor::CORS_CHECK;
    const STEP: &str = "CORS check";
    let include = request.credentials_mode == CredentialsMode::Include;
    // CORS check 1. Get Access-Control-Allow-Origin (several headers combine with ", ").
    // CORS check 2. Absent: failure.
    let Some(allow_origin) = headers.get_cow("access-control-allow-origin") else {
        trace.push(
            ANCHOR,
            STEP,
            Decision::Fail,
            "no Access-Control-Allow-Origin header",
        );
        return Err(CheckFailure::new(Reason::MissingAllowOriginHeader, None));
    };
    // CORS check 3. `*` passes when credentials are not included.
    if !include && allow_origin == "*" {
        trace.push(
            ANCHOR,
            STEP,
            Decision::Pass,
            "Access-Control-Allow-Origin is `*` and credentials are not included",
        );
        return Ok(());
    }
    // CORS check 4. Otherwise the value must be the serialised request origin, byte
    // for byte.
    if allow_origin != origin {
        let reason = classify_allow_origin_mismatch(&allow_origin, include);
        trace.push(
            ANCHOR,
            STEP,
            Decision::Fail,
            || format!(
                "Access-Control-Allow-Origin is {allow_origin:?}, the request's origin is sent as {origin:?}{}{}",
                tainted_note(request),
                match reason {
                    Reason::WildcardOriginNotAllowed => ": `*` is not allowed with credentials",
                    Reason::MultipleAllowOriginValues => ": only one value is allowed",
                    Reason::InvalidAllowOriginValue => ": not an origin",
                    _ => ": not equal",
                }
            ),
        );
        return Err(CheckFailure::new(reason, Some(allow_origin.into_owned())));
    }
    // CORS check 5. Without credentials, that is enough.
    if !include {
        trace.push(ANCHOR, STEP, Decision::Pass, || {
            format!(
                "Access-Control-Allow-Origin is {origin:?}, the request's origin as sent{}",
                tainted_note(request)
            )
        });
        return Ok(());
    }
    // CORS check 6-7. With credentials, Access-Control-Allow-Credentials must be `true`.
    let allow_credentials = headers.get_cow("access-control-allow-credentials");
    if allow_credentials.as_deref() == Some("true") {
        trace.push(
            ANCHOR,
            STEP,
            Decision::Pass,
            || format!("Access-Control-Allow-Origin is {origin:?}, the request's origin as sent{}, and Access-Control-Allow-Credentials is `true`", tainted_note(request)),
        );
        return Ok(());
    }
    // CORS check 8. Failure.
    trace.push(
        ANCHOR,
        STEP,
        Decision::Fail,
        || format!(
            "credentials are included but Access-Control-Allow-Credentials is {}, not exactly `true`",
            allow_credentials.as_deref().map_or_else(|| "absent".to_owned(), |v| format!("{v:?}"))
        ),
    );
    Err(CheckFailure::new(
        Reason::InvalidAllowCredentials,
        Some(
            allow_credentials
                .map(|v| v.into_owned())
                .unwrap_or_default(),
        ),
    ))
}

/// Why the request's origin is sent as `null` after redirects, for the
/// trace's words (the comparison itself reads the serialised origin).
fn tainted_note(request: &Request) -> &'static str {
    if request.has_redirect_tainted_origin() {
        " (redirect-tainted)"
    } else {
        ""
    }
}

/// Chromium's names for a failed Access-Control-Allow-Origin comparison.
fn classify_allow_origin_mismatch(value: &str, include: bool) -> Reason {
    if value == "*" && include {
        Reason::WildcardOriginNotAllowed
    } else if value.contains([' ', ',']) {
        Reason::MultipleAllowOriginValues
    } else if value == "null" {
        Reason::AllowOriginMismatch
    } else if sop_origin::parse_url(value).is_err() {
        Reason::InvalidAllowOriginValue
    } else {
        Reason::AllowOriginMismatch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sop_origin::{Origin, parse_url};

    fn request(credentials: CredentialsMode) -> Request {
        let origin = Origin::of_url_str("https://app.example").unwrap();
        let mut r = Request::new("GET", parse_url("https://api.example/x").unwrap(), origin);
        r.credentials_mode = credentials;
        r
    }

    fn check(credentials: CredentialsMode, headers: &[(&str, &str)]) -> Result<(), Reason> {
        let list = HeaderList::from_pairs(headers.iter().copied());
        cors_check(&request(credentials), &list, &mut Trace::new()).map_err(|f| f.reason)
    }

    #[test]
    fn table() {
        use CredentialsMode::{Include, Omit, SameOrigin};
        let acao = "Access-Control-Allow-Origin";
        let acac = "Access-Control-Allow-Credentials";
        type Case<'a> = (
            CredentialsMode,
            &'a [(&'a str, &'a str)],
            Result<(), Reason>,
        );
        let cases: &[Case<'_>] = &[
            (Omit, &[], Err(Reason::MissingAllowOriginHeader)),
            (SameOrigin, &[(acao, "*")], Ok(())),
            (
                Include,
                &[(acao, "*")],
                Err(Reason::WildcardOriginNotAllowed),
            ),
            (
                Include,
                &[(acao, "*"), (acac, "true")],
                Err(Reason::WildcardOriginNotAllowed),
            ),
            (Omit, &[(acao, "https://app.example")], Ok(())),
            (
                Omit,
                &[(acao, "https://app.example/")],
                Err(Reason::AllowOriginMismatch),
            ),
            (
                Omit,
                &[(acao, "HTTPS://APP.EXAMPLE")],
                Err(Reason::AllowOriginMismatch),
            ),
            (
                Omit,
                &[(acao, "https://app.example:443")],
                Err(Reason::AllowOriginMismatch),
            ),
            (
                Omit,
                &[(acao, "https://other.example")],
                Err(Reason::AllowOriginMismatch),
            ),
            (Omit, &[(acao, "null")], Err(Reason::AllowOriginMismatch)),
            (
                Omit,
                &[(acao, "app.example")],
                Err(Reason::InvalidAllowOriginValue),
            ),
            (
                Omit,
                &[(acao, "https://app.example https://b.example")],
                Err(Reason::MultipleAllowOriginValues),
            ),
            (
                Omit,
                &[(acao, "https://app.example"), (acao, "https://app.example")],
                Err(Reason::MultipleAllowOriginValues),
            ),
            (
                Omit,
                &[(acao, "*"), (acao, "*")],
                Err(Reason::MultipleAllowOriginValues),
            ),
            (
                Include,
                &[(acao, "https://app.example")],
                Err(Reason::InvalidAllowCredentials),
            ),
            (
                Include,
                &[(acao, "https://app.example"), (acac, "TRUE")],
                Err(Reason::InvalidAllowCredentials),
            ),
            (
                Include,
                &[
                    (acao, "https://app.example"),
                    (acac, "true"),
                    (acac, "true"),
                ],
                Err(Reason::InvalidAllowCredentials),
            ),
            (
                Include,
                &[(acao, "https://app.example"), (acac, "true")],
                Ok(()),
            ),
            // ACAC is only read when credentials are included.
            (
                Omit,
                &[(acao, "https://app.example"), (acac, "false")],
                Ok(()),
            ),
        ];
        for (credentials, headers, expected) in cases {
            assert_eq!(
                &check(*credentials, headers),
                expected,
                "{credentials:?} {headers:?}"
            );
        }
    }

    #[test]
    fn tainted_origins_must_be_allowed_as_null() {
        let mut r = request(CredentialsMode::Omit);
        r.url_list
            .push(parse_url("https://third.example/").unwrap().into());
        let null = HeaderList::from_pairs([("Access-Control-Allow-Origin", "null")]);
        assert!(cors_check(&r, &null, &mut Trace::new()).is_ok());
        let page = HeaderList::from_pairs([("Access-Control-Allow-Origin", "https://app.example")]);
        assert_eq!(
            cors_check(&r, &page, &mut Trace::new()).unwrap_err().reason,
            Reason::AllowOriginMismatch
        );
    }
}
