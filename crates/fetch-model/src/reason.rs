//! Why a fetch failed: the closed vocabulary of the fixture contract.
//!
//! Each [`Reason`] has a kebab-case code (the contract's name), the
//! Chromium `CorsError` (or net error) it corresponds to, and whether it is
//! a failure of the CORS preflight.

use std::fmt;
use std::str::FromStr;

/// Why a fetch was blocked. The kebab-case [`Reason::code`] is the name
/// used in fixtures and verdicts.
///
/// ```
/// use sop_fetch_model::Reason;
/// let r: Reason = "allow-origin-mismatch".parse().unwrap();
/// assert_eq!(r, Reason::AllowOriginMismatch);
/// assert_eq!(r.chromium_name(), "AllowOriginMismatch");
/// ```
///
/// `#[non_exhaustive]`: the contract's vocabulary grows with the document
/// side's kinds (version 2 adds reason codes to version 1's), and an
/// embedder's match must not break when it does. Inside the workspace,
/// where the console messages and the fixes map every reason, tests walk
/// [`Reason::ALL`] so that a new reason without a message or a fix fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Reason {
    /// The URL does not parse.
    InvalidUrl,
    /// CONNECT, TRACE or TRACK: the API throws before anything is sent.
    ForbiddenMethod,
    /// no-cors mode with a method other than GET, HEAD or POST.
    NoCorsMethod,
    /// same-origin mode and a cross-origin URL.
    DisallowedByMode,
    /// A cross-origin URL whose scheme is not HTTP(S) in cors mode.
    CorsDisabledScheme,
    /// An https page asked for an http URL that is not potentially trustworthy.
    MixedContent,
    /// The preflight answered with a status outside 200-299.
    PreflightInvalidStatus,
    /// The preflight answered with a redirect.
    PreflightDisallowedRedirect,
    /// The preflight answer has no Access-Control-Allow-Origin.
    PreflightMissingAllowOriginHeader,
    /// The preflight answer's Access-Control-Allow-Origin holds a list.
    PreflightMultipleAllowOriginValues,
    /// The preflight answer's Access-Control-Allow-Origin is not an origin.
    PreflightInvalidAllowOriginValue,
    /// The preflight answer allows another origin.
    PreflightAllowOriginMismatch,
    /// The preflight answer has `*` but the request includes credentials.
    PreflightWildcardOriginNotAllowed,
    /// The preflight answer lacks `Access-Control-Allow-Credentials: true`.
    PreflightInvalidAllowCredentials,
    /// Access-Control-Allow-Methods does not parse.
    InvalidAllowMethodsPreflightResponse,
    /// Access-Control-Allow-Headers does not parse.
    InvalidAllowHeadersPreflightResponse,
    /// The method is not in Access-Control-Allow-Methods.
    MethodDisallowedByPreflightResponse,
    /// A request header is not in Access-Control-Allow-Headers.
    HeaderDisallowedByPreflightResponse,
    /// The response has no Access-Control-Allow-Origin.
    MissingAllowOriginHeader,
    /// The response's Access-Control-Allow-Origin holds a list.
    MultipleAllowOriginValues,
    /// The response's Access-Control-Allow-Origin is not an origin.
    InvalidAllowOriginValue,
    /// The response allows another origin.
    AllowOriginMismatch,
    /// The response has `*` but the request includes credentials.
    WildcardOriginNotAllowed,
    /// The response lacks `Access-Control-Allow-Credentials: true`.
    InvalidAllowCredentials,
    /// A cross-origin redirect to a URL with a username or password.
    RedirectContainsCredentials,
    /// A redirect with redirect mode "error".
    RedirectModeError,
    /// More than 20 redirects.
    TooManyRedirects,
    /// A redirect to a URL whose scheme is not HTTP(S).
    RedirectUnsupportedScheme,
    /// The connection failed, or the fetch failed for a reason outside CORS.
    NetworkError,
    /// Cross-Origin-Resource-Policy blocked a no-cors response.
    CorpBlocked,
    /// Opaque Response Blocking dropped a no-cors response that is no image, media, script or style sheet (HTML, JSON, XML, or `nosniff` text).
    OrbBlocked,
    /// A script or style sheet whose MIME type is refused: a module script that is not JavaScript, `X-Content-Type-Options: nosniff` with the wrong type, a style sheet that is not `text/css`, a script served as an image, audio, video or CSV.
    MimeTypeBlocked,
    /// The bytes are not what the element can use (an image that does not decode, a font the sanitiser refuses).
    DecodeError,
    /// The element refused the response's status (a script, style sheet,
    /// font or media answered with 404 or another status outside 200-299).
    InvalidStatus,
    /// The framed document refuses to be framed with `X-Frame-Options`.
    XFrameOptions,
    /// The framed document refuses to be framed with CSP `frame-ancestors`.
    FrameAncestors,
    /// Loaded, but the image or video is not CORS-same-origin: drawing it taints the canvas, and reading the canvas throws.
    TaintedCanvas,
    /// The script ran, but it is not CORS-same-origin: its errors reach `window.onerror` as "Script error." with no details.
    MutedScriptError,
    /// The style sheet applies, but it is not CORS-same-origin: reading `cssRules` throws.
    CrossOriginStylesheet,
    /// The frame shows its document, but the document is of another origin: `contentDocument` is null.
    CrossOriginFrame,
    /// A property outside the cross-origin allowlist of another origin's window or location: the access throws `SecurityError`.
    CrossOriginAccess,
    /// The `document.domain` setter did nothing: the agent cluster is origin-keyed (Chromium's default without `Origin-Agent-Cluster: ?0`).
    DocumentDomainIgnored,
    /// The `document.domain` setter threw: the value is not a registrable suffix of the host, is a public suffix, or the document is sandboxed or opaque.
    DocumentDomainRefused,
    /// postMessage's target origin is not the receiver's: the message is dropped.
    TargetOriginMismatch,
    /// No handle to the other window: it was opened with `noopener`, or `Cross-Origin-Opener-Policy` put it in another browsing context group.
    OpenerSevered,
}

impl Reason {
    /// Every reason, in contract order.
    pub const ALL: [Reason; 45] = [
        Reason::InvalidUrl,
        Reason::ForbiddenMethod,
        Reason::NoCorsMethod,
        Reason::DisallowedByMode,
        Reason::CorsDisabledScheme,
        Reason::MixedContent,
        Reason::PreflightInvalidStatus,
        Reason::PreflightDisallowedRedirect,
        Reason::PreflightMissingAllowOriginHeader,
        Reason::PreflightMultipleAllowOriginValues,
        Reason::PreflightInvalidAllowOriginValue,
        Reason::PreflightAllowOriginMismatch,
        Reason::PreflightWildcardOriginNotAllowed,
        Reason::PreflightInvalidAllowCredentials,
        Reason::InvalidAllowMethodsPreflightResponse,
        Reason::InvalidAllowHeadersPreflightResponse,
        Reason::MethodDisallowedByPreflightResponse,
        Reason::HeaderDisallowedByPreflightResponse,
        Reason::MissingAllowOriginHeader,
        Reason::MultipleAllowOriginValues,
        Reason::InvalidAllowOriginValue,
        Reason::AllowOriginMismatch,
        Reason::WildcardOriginNotAllowed,
        Reason::InvalidAllowCredentials,
        Reason::RedirectContainsCredentials,
        Reason::RedirectModeError,
        Reason::TooManyRedirects,
        Reason::RedirectUnsupportedScheme,
        Reason::NetworkError,
        Reason::CorpBlocked,
        Reason::OrbBlocked,
        Reason::MimeTypeBlocked,
        Reason::DecodeError,
        Reason::InvalidStatus,
        Reason::XFrameOptions,
        Reason::FrameAncestors,
        Reason::TaintedCanvas,
        Reason::MutedScriptError,
        Reason::CrossOriginStylesheet,
        Reason::CrossOriginFrame,
        Reason::CrossOriginAccess,
        Reason::DocumentDomainIgnored,
        Reason::DocumentDomainRefused,
        Reason::TargetOriginMismatch,
        Reason::OpenerSevered,
    ];

    /// The contract's kebab-case code.
    pub fn code(self) -> &'static str {
        match self {
            Reason::InvalidUrl => "invalid-url",
            Reason::ForbiddenMethod => "forbidden-method",
            Reason::NoCorsMethod => "no-cors-method",
            Reason::DisallowedByMode => "disallowed-by-mode",
            Reason::CorsDisabledScheme => "cors-disabled-scheme",
            Reason::MixedContent => "mixed-content",
            Reason::PreflightInvalidStatus => "preflight-invalid-status",
            Reason::PreflightDisallowedRedirect => "preflight-disallowed-redirect",
            Reason::PreflightMissingAllowOriginHeader => "preflight-missing-allow-origin-header",
            Reason::PreflightMultipleAllowOriginValues => "preflight-multiple-allow-origin-values",
            Reason::PreflightInvalidAllowOriginValue => "preflight-invalid-allow-origin-value",
            Reason::PreflightAllowOriginMismatch => "preflight-allow-origin-mismatch",
            Reason::PreflightWildcardOriginNotAllowed => "preflight-wildcard-origin-not-allowed",
            Reason::PreflightInvalidAllowCredentials => "preflight-invalid-allow-credentials",
            Reason::InvalidAllowMethodsPreflightResponse => {
                "invalid-allow-methods-preflight-response"
            }
            Reason::InvalidAllowHeadersPreflightResponse => {
                "invalid-allow-headers-preflight-response"
            }
            Reason::MethodDisallowedByPreflightResponse => {
                "method-disallowed-by-preflight-response"
            }
            Reason::HeaderDisallowedByPreflightResponse => {
                "header-disallowed-by-preflight-response"
            }
            Reason::MissingAllowOriginHeader => "missing-allow-origin-header",
            Reason::MultipleAllowOriginValues => "multiple-allow-origin-values",
            Reason::InvalidAllowOriginValue => "invalid-allow-origin-value",
            Reason::AllowOriginMismatch => "allow-origin-mismatch",
            Reason::WildcardOriginNotAllowed => "wildcard-origin-not-allowed",
            Reason::InvalidAllowCredentials => "invalid-allow-credentials",
            Reason::RedirectContainsCredentials => "redirect-contains-credentials",
            Reason::RedirectModeError => "redirect-mode-error",
            Reason::TooManyRedirects => "too-many-redirects",
            Reason::RedirectUnsupportedScheme => "redirect-unsupported-scheme",
            Reason::NetworkError => "network-error",
            Reason::CorpBlocked => "corp-blocked",
            Reason::OrbBlocked => "orb-blocked",
            Reason::MimeTypeBlocked => "mime-type-blocked",
            Reason::DecodeError => "decode-error",
            Reason::InvalidStatus => "invalid-status",
            Reason::XFrameOptions => "x-frame-options",
            Reason::FrameAncestors => "frame-ancestors",
            Reason::TaintedCanvas => "tainted-canvas",
            Reason::MutedScriptError => "muted-script-error",
            Reason::CrossOriginStylesheet => "cross-origin-stylesheet",
            Reason::CrossOriginFrame => "cross-origin-frame",
            Reason::CrossOriginAccess => "cross-origin-access",
            Reason::DocumentDomainIgnored => "document-domain-ignored",
            Reason::DocumentDomainRefused => "document-domain-refused",
            Reason::TargetOriginMismatch => "target-origin-mismatch",
            Reason::OpenerSevered => "opener-severed",
        }
    }

    /// Chromium's name for the failure: the `network::mojom::CorsError`
    /// value where one exists, else the net error or blocked reason
    /// DevTools shows, else (for a read the page could not make) the
    /// exception's name or the words script sees.
    pub fn chromium_name(self) -> &'static str {
        match self {
            Reason::InvalidUrl => "InvalidUrl",
            Reason::ForbiddenMethod => "TypeError",
            Reason::NoCorsMethod => "TypeError",
            Reason::DisallowedByMode => "DisallowedByMode",
            Reason::CorsDisabledScheme => "CorsDisabledScheme",
            Reason::MixedContent => "mixed-content",
            Reason::PreflightInvalidStatus => "PreflightInvalidStatus",
            Reason::PreflightDisallowedRedirect => "PreflightDisallowedRedirect",
            Reason::PreflightMissingAllowOriginHeader => "PreflightMissingAllowOriginHeader",
            Reason::PreflightMultipleAllowOriginValues => "PreflightMultipleAllowOriginValues",
            Reason::PreflightInvalidAllowOriginValue => "PreflightInvalidAllowOriginValue",
            Reason::PreflightAllowOriginMismatch => "PreflightAllowOriginMismatch",
            Reason::PreflightWildcardOriginNotAllowed => "PreflightWildcardOriginNotAllowed",
            Reason::PreflightInvalidAllowCredentials => "PreflightInvalidAllowCredentials",
            Reason::InvalidAllowMethodsPreflightResponse => "InvalidAllowMethodsPreflightResponse",
            Reason::InvalidAllowHeadersPreflightResponse => "InvalidAllowHeadersPreflightResponse",
            Reason::MethodDisallowedByPreflightResponse => "MethodDisallowedByPreflightResponse",
            Reason::HeaderDisallowedByPreflightResponse => "HeaderDisallowedByPreflightResponse",
            Reason::MissingAllowOriginHeader => "MissingAllowOriginHeader",
            Reason::MultipleAllowOriginValues => "MultipleAllowOriginValues",
            Reason::InvalidAllowOriginValue => "InvalidAllowOriginValue",
            Reason::AllowOriginMismatch => "AllowOriginMismatch",
            Reason::WildcardOriginNotAllowed => "WildcardOriginNotAllowed",
            Reason::InvalidAllowCredentials => "InvalidAllowCredentials",
            Reason::RedirectContainsCredentials => "RedirectContainsCredentials",
            Reason::RedirectModeError => "net::ERR_FAILED",
            Reason::TooManyRedirects => "net::ERR_TOO_MANY_REDIRECTS",
            Reason::RedirectUnsupportedScheme => "net::ERR_UNSAFE_REDIRECT",
            Reason::NetworkError => "net::ERR_FAILED",
            Reason::CorpBlocked => "NotSameOrigin",
            Reason::OrbBlocked => "net::ERR_BLOCKED_BY_ORB",
            Reason::MimeTypeBlocked => "content-type",
            Reason::DecodeError => "EncodingError",
            Reason::InvalidStatus => "invalid-status",
            Reason::XFrameOptions => "XFrameOptions",
            Reason::FrameAncestors => "FrameAncestors",
            Reason::TaintedCanvas => "SecurityError",
            Reason::MutedScriptError => "Script error.",
            Reason::CrossOriginStylesheet => "SecurityError",
            Reason::CrossOriginFrame => "SecurityError",
            Reason::CrossOriginAccess => "SecurityError",
            Reason::DocumentDomainIgnored => "document-domain-ignored",
            Reason::DocumentDomainRefused => "SecurityError: document.domain",
            Reason::TargetOriginMismatch => "target-origin-mismatch",
            Reason::OpenerSevered => "opener-severed",
        }
    }

    /// Whether this reason is a failure of the CORS preflight (Chromium
    /// prefixes its message with the preflight sentence).
    pub fn is_preflight(self) -> bool {
        self.code().starts_with("preflight-") || self.code().ends_with("-preflight-response")
    }

    /// The preflight variant of a CORS-check reason: the same check failed
    /// on a preflight answer. Other reasons map to themselves.
    pub fn for_preflight(self) -> Reason {
        match self {
            Reason::MissingAllowOriginHeader => Reason::PreflightMissingAllowOriginHeader,
            Reason::MultipleAllowOriginValues => Reason::PreflightMultipleAllowOriginValues,
            Reason::InvalidAllowOriginValue => Reason::PreflightInvalidAllowOriginValue,
            Reason::AllowOriginMismatch => Reason::PreflightAllowOriginMismatch,
            Reason::WildcardOriginNotAllowed => Reason::PreflightWildcardOriginNotAllowed,
            Reason::InvalidAllowCredentials => Reason::PreflightInvalidAllowCredentials,
            other => other,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An unknown reason code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown reason {0:?}")]
pub struct UnknownReason(pub String);

impl FromStr for Reason {
    type Err = UnknownReason;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reason::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| UnknownReason(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for r in Reason::ALL {
            assert!(seen.insert(r.code()), "{r} twice");
            assert_eq!(r.code().parse::<Reason>(), Ok(r));
        }
        assert!("nope".parse::<Reason>().is_err());
    }

    #[test]
    fn preflight_classification() {
        assert!(Reason::PreflightInvalidStatus.is_preflight());
        assert!(Reason::HeaderDisallowedByPreflightResponse.is_preflight());
        assert!(!Reason::AllowOriginMismatch.is_preflight());
        assert_eq!(
            Reason::AllowOriginMismatch.for_preflight(),
            Reason::PreflightAllowOriginMismatch
        );
        for r in Reason::ALL {
            assert!(r.for_preflight() == r || r.for_preflight().is_preflight());
        }
    }
}
