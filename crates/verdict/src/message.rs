//! The message Chromium prints in the console for a blocked read, with the
//! URLs and origin filled in. The words are Chromium's
//! (third_party/blink/renderer/platform/loader/cors/cors_error_string.cc,
//! mixed_content_checker.cc, fetch_manager.cc, the network entries of
//! Blink's console), as Chromium 156 printed them for the corpus:
//! `sop-browser-check` compares each blocked read's message with the
//! console's text (`Log.entryAdded`) or the exception's message.

use sop_fetch_model::{Answer, Blocked, HeaderList, Incoming, Reason};
use sop_html::element::Element;

use crate::page::PageContext;

/// Who made the request: the words of a message depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Caller {
    /// `fetch()`.
    Fetch,
    /// `XMLHttpRequest`.
    Xhr,
    /// An HTML element (the embed kind).
    Element(Element),
}

impl Caller {
    /// The resource as a CORS message names it ("Access to image at ...").
    fn noun(self) -> &'static str {
        match self {
            Caller::Fetch => "fetch",
            Caller::Xhr => "XMLHttpRequest",
            Caller::Element(e) => element_noun(e),
        }
    }
}

/// What Chromium's messages call the resource an element loads.
pub(crate) fn element_noun(element: Element) -> &'static str {
    match element {
        Element::Img => "image",
        Element::Script | Element::ModuleScript => "script",
        Element::Stylesheet => "CSS stylesheet",
        Element::Font => "font",
        Element::Video => "video",
        Element::Audio => "audio",
        Element::Iframe => "frame",
        _ => "resource",
    }
}

/// fetch() only: XMLHttpRequest's lines about the header's value end at
/// the value.
const VALUE_HINT: &str = " Have the server send the header with a valid value.";
const XHR_CREDENTIALS: &str = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";

/// The console message for `blocked`, or `None` where Chromium prints none.
///
/// `caller` picks the wording (fetch(), XMLHttpRequest, an element);
/// `answer` is what the last request sent got (which tells Chromium's
/// network errors apart: only a network error's message reads it, so a
/// caller may leave it out for other reasons).
pub(crate) fn console_message(
    blocked: &Blocked,
    page: &PageContext<'_>,
    caller: Caller,
    answer: Option<LastAnswer<'_>>,
) -> Option<String> {
    let xhr = caller == Caller::Xhr;
    let origin = page.origin.ascii_serialization();
    // A URL is written as its serialisation, borrowed.
    let first = blocked.url_list.first().map_or("", |u| u.as_str());
    let last = blocked.url_list.last().map_or("", |u| u.as_str());
    let kind = caller.noun();
    let value = blocked.value.as_deref().unwrap_or_default();
    let cors = |text: String| {
        let redirected = if first != last {
            format!("(redirected from '{first}') ")
        } else {
            String::new()
        };
        // Only the Preflight* CorsErrors carry the preflight sentence; the
        // *PreflightResponse ones (methods and headers) do not.
        let preflight = if blocked.reason.code().starts_with("preflight-") {
            "Response to preflight request doesn't pass access control check: "
        } else {
            ""
        };
        format!(
            "Access to {kind} at '{last}' {redirected}from origin '{origin}' has been blocked by CORS policy: {preflight}{text}"
        )
    };
    let xhr_hint = if xhr { XHR_CREDENTIALS } else { "" };
    // fetch() only: XMLHttpRequest's and elements' lines end at the value.
    let value_hint = if caller == Caller::Fetch {
        VALUE_HINT
    } else {
        ""
    };
    // A failure outside CORS leaves only the network entry Blink logs for
    // the failed request (its URL goes in the entry's `url`, not the text;
    // DevTools shows the entry as `GET <url> net::ERR_...`).
    let net = |error: &str| format!("Failed to load resource: {error}");
    use Reason::*;
    Some(match blocked.reason {
        MissingAllowOriginHeader | PreflightMissingAllowOriginHeader => {
            cors("No 'Access-Control-Allow-Origin' header is present on the requested resource.".to_owned())
        }
        WildcardOriginNotAllowed | PreflightWildcardOriginNotAllowed => cors(format!(
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.{xhr_hint}"
        )),
        MultipleAllowOriginValues | PreflightMultipleAllowOriginValues => cors(format!(
            "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.{value_hint}"
        )),
        InvalidAllowOriginValue | PreflightInvalidAllowOriginValue => cors(format!(
            "The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.{value_hint}"
        )),
        AllowOriginMismatch | PreflightAllowOriginMismatch => cors(format!(
            "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.{value_hint}"
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
        // same-origin mode: Blink refuses up front (fetch_manager.cc); a
        // redirect to another origin is refused by Blink's loader, which
        // prints its access-denied line (with the page's URL, and a newline
        // at the end) instead of a CORS error.
        DisallowedByMode if blocked.url_list.len() <= 1 && !xhr => format!(
            "Fetch API cannot load {last}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {origin}."
        ),
        DisallowedByMode => format!(
            "Unsafe attempt to load URL {last} from frame with URL {}. Domains, protocols and ports must match.\n",
            page.url
        ),
        CorsDisabledScheme if blocked.url_list.len() <= 1 && blocked.url_list.last().is_some_and(|u| u.scheme() == "file") => {
            format!("Not allowed to load local resource: {last}")
        }
        // XMLHttpRequest refuses ftp: itself (XMLHttpRequest.cc), before CORS.
        CorsDisabledScheme if xhr && blocked.url_list.len() <= 1 && blocked.url_list.last().is_some_and(|u| u.scheme() == "ftp") => {
            "FTP is not supported.".to_owned()
        }
        CorsDisabledScheme if !xhr && blocked.url_list.len() <= 1 => {
            let scheme = blocked.url_list.last().map(|u| u.scheme().to_owned()).unwrap_or_default();
            format!("Fetch API cannot load {last}. URL scheme \"{scheme}\" is not supported.")
        }
        CorsDisabledScheme => cors(
            "Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.".to_owned(),
        ),
        MixedContent => format!(
            "Mixed Content: The page at '{}' was loaded over HTTPS, but requested an insecure {} '{last}'. This request has been blocked; the content must be served over HTTPS.",
            page.url,
            match caller {
                Caller::Xhr => "XMLHttpRequest endpoint",
                Caller::Fetch => "resource",
                // The mixed content checker's own noun for a style sheet.
                Caller::Element(Element::Stylesheet) => "stylesheet",
                Caller::Element(e) => element_noun(e),
            }
        ),
        // Thrown by the API: the exception's message is already the text.
        ForbiddenMethod | NoCorsMethod | InvalidUrl => value.to_owned(),
        NetworkError if value == sop_fetch_model::fetch::NO_CORS_REDIRECT => format!(
            "Fetch API cannot load {last}. Request mode is \"no-cors\" but the redirect mode is not \"follow\"."
        ),
        // A `network_error` answer: the connection closes with no response,
        // which Chromium names ERR_EMPTY_RESPONSE (a refused or unresolved
        // connection has other names; fixtures do not say which).
        NetworkError if matches!(answer, Some(LastAnswer::Invalid)) => {
            net("net::ERR_INVALID_HTTP_RESPONSE")
        }
        NetworkError if matches!(answer, Some(LastAnswer::NoResponse)) => net("net::ERR_EMPTY_RESPONSE"),
        // A response with several different Location values, then one
        // whose Location does not parse (net's own checks of a redirect).
        NetworkError if value.is_empty() && answer.is_some_and(|a| locations(a) > 1) => {
            net("net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION")
        }
        NetworkError if value.is_empty() && answer.is_some_and(|a| locations(a) == 1) => {
            net("net::ERR_INVALID_REDIRECT")
        }
        RedirectModeError | NetworkError => net("net::ERR_FAILED"),
        TooManyRedirects => net("net::ERR_TOO_MANY_REDIRECTS"),
        RedirectUnsupportedScheme => net("net::ERR_UNSAFE_REDIRECT"),
        CorpBlocked => net(if value == "same-site" {
            "net::ERR_BLOCKED_BY_RESPONSE.NotSameSite"
        } else {
            "net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin"
        }),
        // ORB prints nothing: DevTools lists the request as
        // net::ERR_BLOCKED_BY_ORB, with no console line (measured).
        OrbBlocked => return None,
        // Main fetch's MIME refusals, in Blink's words for scripts and
        // style sheets.
        MimeTypeBlocked if matches!(caller, Caller::Element(Element::Stylesheet)) => format!(
            "Refused to apply style from '{last}' because its MIME type ('{value}') is not a supported stylesheet MIME type, and strict MIME checking is enabled."
        ),
        MimeTypeBlocked if ["audio/", "image/", "video/"].iter().any(|p| value.starts_with(p)) || value == "text/csv" => format!(
            "Refused to execute script from '{last}' because its MIME type ('{value}') is not executable."
        ),
        MimeTypeBlocked => format!(
            "Refused to execute script from '{last}' because its MIME type ('{value}') is not executable, and strict MIME type checking is enabled."
        ),
        // A reason added to the vocabulary before its message: none rather
        // than a wrong one (the test below walks every reason).
        _ => return None,
    })
}

/// What the last request sent got, as far as the message reads it: owned
/// ([`Incoming`]) or lent ([`Answer`]).
#[derive(Clone, Copy, Debug)]
pub(crate) enum LastAnswer<'a> {
    /// Not a valid HTTP response.
    Invalid,
    /// No response at all.
    NoResponse,
    /// A response, with these headers.
    Response(&'a HeaderList),
}

impl<'a> From<&'a Incoming> for LastAnswer<'a> {
    fn from(answer: &'a Incoming) -> LastAnswer<'a> {
        match answer {
            Incoming::InvalidResponse => LastAnswer::Invalid,
            Incoming::NetworkError => LastAnswer::NoResponse,
            Incoming::Response(r) => LastAnswer::Response(&r.headers),
        }
    }
}

impl<'a> From<&'a Answer<'_>> for LastAnswer<'a> {
    fn from(answer: &'a Answer<'_>) -> LastAnswer<'a> {
        match answer {
            Answer::InvalidResponse => LastAnswer::Invalid,
            Answer::NetworkError => LastAnswer::NoResponse,
            Answer::Response(r) => LastAnswer::Response(&r.headers),
        }
    }
}

/// The different non-empty Location values of a response, as Chromium's
/// network stack counts them (identical neighbours count once).
fn locations(answer: LastAnswer<'_>) -> usize {
    let LastAnswer::Response(headers) = answer else {
        return 0;
    };
    let mut values: Vec<&str> = headers
        .values("location")
        .filter(|v| !v.is_empty())
        .collect();
    values.dedup();
    values.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reasons only the embed kind's own messages word (the element's
    /// use of a response, the page's reads).
    fn embed_only(reason: Reason) -> bool {
        crate::embed::message::HTML_REASONS.contains(&reason)
    }

    /// The window kind's reasons: worded by its own module.
    fn window_only(reason: Reason) -> bool {
        matches!(
            reason,
            Reason::CrossOriginAccess
                | Reason::DocumentDomainIgnored
                | Reason::DocumentDomainRefused
                | Reason::TargetOriginMismatch
                | Reason::OpenerSevered
        )
    }

    /// Every reason of the vocabulary has its console line: the match
    /// above must not fall through for a known reason.
    #[test]
    fn every_reason_has_its_message() {
        let url = sop_origin::parse_url("https://app.example/").unwrap_or_else(|_| unreachable!());
        let page = PageContext::of_url(&url);
        for reason in Reason::ALL {
            let blocked = Blocked {
                reason,
                value: None,
                url_list: vec![url.clone().into()],
                during_preflight: false,
                sent_anything: true,
            };
            assert!(
                console_message(&blocked, &page, Caller::Fetch, None).is_some()
                    || embed_only(reason)
                    || window_only(reason)
                    || reason == Reason::OrbBlocked,
                "{reason} has no console message"
            );
        }
    }
}
