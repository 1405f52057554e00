//! The message Chromium prints in the console for a blocked read, with the
//! URLs and origin filled in. The words are Chromium's
//! (third_party/blink/renderer/platform/loader/cors/cors_error_string.cc,
//! mixed_content_checker.cc, fetch_manager.cc), checked against the browser.

use sop_fetch_model::{Blocked, Reason};

use crate::script::PageContext;

const OPAQUE_HINT: &str = " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";
const VALUE_HINT: &str = " Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";
const XHR_CREDENTIALS: &str = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";

/// The console message for `blocked`, or `None` where Chromium prints none.
///
/// `xhr` picks the XMLHttpRequest wording; `method` is the script's method
/// (for network-level lines such as `GET <url> net::ERR_FAILED`).
pub fn console_message(
    blocked: &Blocked,
    page: &PageContext,
    xhr: bool,
    method: &str,
) -> Option<String> {
    let origin = page.origin.ascii_serialization();
    let first = blocked
        .url_list
        .first()
        .map(ToString::to_string)
        .unwrap_or_default();
    let last = blocked
        .url_list
        .last()
        .map(ToString::to_string)
        .unwrap_or_default();
    let kind = if xhr { "XMLHttpRequest" } else { "fetch" };
    let value = blocked.value.as_deref().unwrap_or_default();
    let cors = |text: String| {
        let redirected = if first != last {
            format!("(redirected from '{first}') ")
        } else {
            String::new()
        };
        let preflight = if blocked.reason.is_preflight() {
            "Response to preflight request doesn't pass access control check: "
        } else {
            ""
        };
        format!(
            "Access to {kind} at '{last}' {redirected}from origin '{origin}' has been blocked by CORS policy: {preflight}{text}"
        )
    };
    let fetch_hint = |hint: &str| if xhr { String::new() } else { hint.to_owned() };
    let xhr_hint = if xhr { XHR_CREDENTIALS } else { "" };
    let net = |error: &str| format!("{method} {last} {error}");
    use Reason::*;
    Some(match blocked.reason {
        MissingAllowOriginHeader | PreflightMissingAllowOriginHeader => {
            cors(format!("No 'Access-Control-Allow-Origin' header is present on the requested resource.{}", fetch_hint(OPAQUE_HINT)))
        }
        WildcardOriginNotAllowed | PreflightWildcardOriginNotAllowed => cors(format!(
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.{xhr_hint}"
        )),
        MultipleAllowOriginValues | PreflightMultipleAllowOriginValues => cors(format!(
            "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.{}",
            fetch_hint(VALUE_HINT)
        )),
        InvalidAllowOriginValue | PreflightInvalidAllowOriginValue => cors(format!(
            "The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.{}",
            fetch_hint(VALUE_HINT)
        )),
        AllowOriginMismatch | PreflightAllowOriginMismatch => cors(format!(
            "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.{}",
            fetch_hint(VALUE_HINT)
        )),
        InvalidAllowCredentials | PreflightInvalidAllowCredentials => cors(format!(
            "The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which must be 'true' when the request's credentials mode is 'include'.{xhr_hint}"
        )),
        PreflightInvalidStatus => cors("It does not have HTTP ok status.".to_owned()),
        PreflightDisallowedRedirect => cors("Redirect is not allowed for a preflight request.".to_owned()),
        InvalidAllowMethodsPreflightResponse => {
            cors("Cannot parse Access-Control-Allow-Methods response header field in preflight response.".to_owned())
        }
        InvalidAllowHeadersPreflightResponse => {
            cors("Cannot parse Access-Control-Allow-Headers response header field in preflight response.".to_owned())
        }
        MethodDisallowedByPreflightResponse => {
            cors(format!("Method {value} is not allowed by Access-Control-Allow-Methods in preflight response."))
        }
        HeaderDisallowedByPreflightResponse => {
            cors(format!("Request header field {value} is not allowed by Access-Control-Allow-Headers in preflight response."))
        }
        // Chromium's same-origin block of a URL with credentials prints no
        // console message (DevTools lists the request as blocked:origin);
        // the machine passes the refused URL as the value in that case.
        RedirectContainsCredentials if !value.is_empty() => return None,
        RedirectContainsCredentials => cors(format!(
            "Redirect location '{value}' contains a username and password, which is disallowed for cross-origin requests."
        )),
        // same-origin mode: Blink refuses up front; after a redirect the
        // network service reports the CORS error.
        DisallowedByMode if blocked.url_list.len() <= 1 && !xhr => format!(
            "Fetch API cannot load {last}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {origin}."
        ),
        DisallowedByMode => cors("Cross origin requests are not allowed by request mode.".to_owned()),
        CorsDisabledScheme if blocked.url_list.len() <= 1 && blocked.url_list.last().is_some_and(|u| u.scheme() == "file") => {
            format!("Not allowed to load local resource: {last}")
        }
        CorsDisabledScheme if !xhr && blocked.url_list.len() <= 1 => {
            let scheme = blocked.url_list.last().map(|u| u.scheme().to_owned()).unwrap_or_default();
            format!("Fetch API cannot load {last}. URL scheme \"{scheme}\" is not supported.")
        }
        CorsDisabledScheme => cors(
            "Cross origin requests are only supported for protocol schemes: chrome, chrome-extension, chrome-untrusted, data, http, https, isolated-app.".to_owned(),
        ),
        MixedContent => format!(
            "Mixed Content: The page at '{}' was loaded over HTTPS, but requested an insecure {} '{last}'. This request has been blocked; the content must be served over HTTPS.",
            page.url,
            if xhr { "XMLHttpRequest endpoint" } else { "resource" }
        ),
        // Thrown by the API: the exception's message is already the text.
        ForbiddenMethod | NoCorsMethod | InvalidUrl => value.to_owned(),
        NetworkError if value == sop_fetch_model::fetch::NO_CORS_REDIRECT => format!(
            "Fetch API cannot load {last}. Request mode is \"no-cors\" but the redirect mode is not \"follow\"."
        ),
        RedirectModeError | NetworkError => net("net::ERR_FAILED"),
        TooManyRedirects => net("net::ERR_TOO_MANY_REDIRECTS"),
        RedirectUnsupportedScheme => net("net::ERR_UNSAFE_REDIRECT"),
        CorpBlocked => net(if value == "same-site" {
            "net::ERR_BLOCKED_BY_RESPONSE.NotSameSite"
        } else {
            "net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin"
        }),
    })
}
