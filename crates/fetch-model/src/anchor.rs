//! The standards' anchors that trace entries link to, as constants: the
//! trace takes no other, and `tests/spec_anchors.rs` checks each against
//! the standard's own list of ids (vendored in `tests/data/spec-ids/`), so a
//! link cannot drift or point nowhere.
//!
//! An anchor is `spec#id`; [`crate::trace::Link`] turns it into a URL. For
//! the multipage HTML standard the page comes from [`HTML_PAGES`].

// Fetch. <https://fetch.spec.whatwg.org/>

/// Main fetch.
pub const MAIN_FETCH: &str = "fetch#concept-main-fetch";
/// Scheme fetch.
pub const SCHEME_FETCH: &str = "fetch#scheme-fetch";
/// HTTP fetch.
pub const HTTP_FETCH: &str = "fetch#concept-http-fetch";
/// HTTP-redirect fetch.
pub const HTTP_REDIRECT_FETCH: &str = "fetch#http-redirect-fetch";
/// A response's location URL.
pub const LOCATION_URL: &str = "fetch#concept-response-location-url";
/// CORS-preflight fetch.
pub const CORS_PREFLIGHT_FETCH: &str = "fetch#cors-preflight-fetch-0";
/// CORS check.
pub const CORS_CHECK: &str = "fetch#concept-cors-check";
/// CORS non-wildcard request-header name (Authorization).
pub const CORS_NON_WILDCARD_REQUEST_HEADER_NAME: &str =
    "fetch#cors-non-wildcard-request-header-name";
/// CORS-unsafe request-header names.
pub const CORS_UNSAFE_REQUEST_HEADER_NAMES: &str = "fetch#cors-unsafe-request-header-names";
/// Cross-origin resource policy internal check.
pub const CORP_INTERNAL_CHECK: &str = "fetch#cross-origin-resource-policy-internal-check";
/// Should response to request be blocked due to its MIME type?
pub const BLOCKED_DUE_TO_MIME_TYPE: &str =
    "fetch#should-response-to-request-be-blocked-due-to-mime-type%3F";
/// Should response to request be blocked due to nosniff?
pub const BLOCKED_DUE_TO_NOSNIFF: &str =
    "fetch#should-response-to-request-be-blocked-due-to-nosniff%3F";
/// Filtered responses (basic, CORS, opaque, opaque-redirect).
pub const FILTERED_RESPONSE: &str = "fetch#concept-filtered-response";
/// Network error.
pub const NETWORK_ERROR: &str = "fetch#concept-network-error";
/// The `data:` URL processor.
pub const DATA_URL_PROCESSOR: &str = "fetch#data-url-processor";
/// The `Request` constructor.
pub const REQUEST_CONSTRUCTOR: &str = "fetch#dom-request";
/// Appending to a `Headers` object (its guards).
pub const HEADERS_APPEND: &str = "fetch#concept-headers-append";
/// Extracting a body (its `Content-Type`).
pub const BODY_EXTRACT: &str = "fetch#concept-bodyinit-extract";

// XMLHttpRequest. <https://xhr.spec.whatwg.org/>

/// `open()`.
pub const XHR_OPEN: &str = "xhr#the-open()-method";
/// `setRequestHeader()`.
pub const XHR_SET_REQUEST_HEADER: &str = "xhr#the-setrequestheader()-method";
/// `send()`.
pub const XHR_SEND: &str = "xhr#the-send()-method";

// Mixed Content. <https://w3c.github.io/webappsec-mixed-content/>

/// Should fetching a request be blocked as mixed content?
pub const MIXED_CONTENT_SHOULD_BLOCK_FETCH: &str = "mixed-content#should-block-fetch";
/// Upgrade a mixed content request to a potentially trustworthy URL.
pub const MIXED_CONTENT_UPGRADE: &str = "mixed-content#upgrade-algorithm";

// Opaque Response Blocking, a pending change to Fetch, in its explainer.
// <https://github.com/annevk/orb>

/// ORB's processing model: allow or block an opaque response.
pub const ORB: &str = "orb#processing-model";

// HTML. <https://html.spec.whatwg.org/multipage/>

/// Same origin.
pub const SAME_ORIGIN: &str = "html#same-origin";
/// CORS settings attributes (`crossorigin`).
pub const CORS_SETTINGS_ATTRIBUTE: &str = "html#cors-settings-attribute";
/// Create a potential CORS request.
pub const CREATE_POTENTIAL_CORS_REQUEST: &str = "html#create-a-potential-cors-request";

/// The image argument is not origin-clean (a tainted canvas).
pub const IMAGE_NOT_ORIGIN_CLEAN: &str = "html#the-image-argument-is-not-origin-clean";
/// Muted errors: a classic script's errors reach script only when it is
/// CORS-same-origin.
pub const MUTED_ERRORS: &str = "html#muted-errors";
/// Fetch a classic script.
pub const FETCH_CLASSIC_SCRIPT: &str = "html#fetch-a-classic-script";
/// Fetch a single module script (strict MIME type checking).
pub const FETCH_SINGLE_MODULE_SCRIPT: &str = "html#fetch-a-single-module-script";
/// The `stylesheet` link type: when a fetched sheet applies.
pub const LINK_TYPE_STYLESHEET: &str = "html#link-type-stylesheet";
/// The media element's resource fetch.
pub const MEDIA_LOAD_RESOURCE: &str = "html#concept-media-load-resource";
/// The iframe's `contentDocument`: null unless same origin-domain.
pub const IFRAME_CONTENT_DOCUMENT: &str = "html#dom-iframe-contentdocument";
/// Check a navigation response's adherence to `X-Frame-Options`.
pub const X_FRAME_OPTIONS_CHECK: &str =
    "html#check-a-navigation-response's-adherence-to-x-frame-options";

/// The sandboxed origin browsing context flag: an opaque origin.
pub const SANDBOXED_ORIGIN_FLAG: &str = "html#sandboxed-origin-browsing-context-flag";
/// Cross-origin objects: what another origin's WindowProxy and Location allow.
pub const CROSS_ORIGIN_OBJECTS: &str = "html#cross-origin-objects";
/// CrossOriginProperties(O): the allowlisted properties.
pub const CROSS_ORIGIN_PROPERTIES: &str = "html#crossoriginproperties-(-o-)";
/// The Location interface.
pub const LOCATION_INTERFACE: &str = "html#the-location-interface";
/// Cross-origin opener policies.
pub const CROSS_ORIGIN_OPENER_POLICIES: &str = "html#cross-origin-opener-policies";
/// `postMessage()`.
pub const POST_MESSAGE: &str = "html#dom-window-postmessage";
/// `document.domain`.
pub const DOCUMENT_DOMAIN: &str = "html#dom-document-domain";
/// Same origin-domain.
pub const SAME_ORIGIN_DOMAIN: &str = "html#same-origin-domain";
/// Origin-keyed agent clusters.
pub const ORIGIN_KEYED_AGENT_CLUSTERS: &str = "html#origin-keyed-agent-clusters";
/// `window.open()`.
pub const WINDOW_OPEN: &str = "html#dom-open";

// CSSOM, CSS Fonts and CSP.

/// `CSSStyleSheet.cssRules`: throws unless the sheet is origin-clean.
pub const CSSOM_CSS_RULES: &str = "cssom#dom-cssstylesheet-cssrules";
/// Font fetching requirements: fonts are fetched in cors mode.
pub const FONT_FETCHING: &str = "css-fonts#font-fetching-requirements";
/// `frame-ancestors` on a navigation response.
pub const CSP_FRAME_ANCESTORS: &str = "csp#frame-ancestors-navigation-response";
/// `frame-ancestors` makes `X-Frame-Options` ignored.
pub const CSP_FRAME_ANCESTORS_AND_XFO: &str = "csp#frame-ancestors-and-frame-options";

/// Every anchor above, for the test that checks them.
pub const ALL: &[&str] = &[
    MAIN_FETCH,
    SCHEME_FETCH,
    HTTP_FETCH,
    HTTP_REDIRECT_FETCH,
    LOCATION_URL,
    CORS_PREFLIGHT_FETCH,
    CORS_CHECK,
    CORS_NON_WILDCARD_REQUEST_HEADER_NAME,
    CORS_UNSAFE_REQUEST_HEADER_NAMES,
    CORP_INTERNAL_CHECK,
    BLOCKED_DUE_TO_MIME_TYPE,
    BLOCKED_DUE_TO_NOSNIFF,
    FILTERED_RESPONSE,
    NETWORK_ERROR,
    DATA_URL_PROCESSOR,
    REQUEST_CONSTRUCTOR,
    HEADERS_APPEND,
    BODY_EXTRACT,
    XHR_OPEN,
    XHR_SET_REQUEST_HEADER,
    XHR_SEND,
    MIXED_CONTENT_SHOULD_BLOCK_FETCH,
    MIXED_CONTENT_UPGRADE,
    ORB,
    SAME_ORIGIN,
    CORS_SETTINGS_ATTRIBUTE,
    CREATE_POTENTIAL_CORS_REQUEST,
    IMAGE_NOT_ORIGIN_CLEAN,
    MUTED_ERRORS,
    FETCH_CLASSIC_SCRIPT,
    FETCH_SINGLE_MODULE_SCRIPT,
    LINK_TYPE_STYLESHEET,
    MEDIA_LOAD_RESOURCE,
    IFRAME_CONTENT_DOCUMENT,
    X_FRAME_OPTIONS_CHECK,
    SANDBOXED_ORIGIN_FLAG,
    CROSS_ORIGIN_OBJECTS,
    CROSS_ORIGIN_PROPERTIES,
    LOCATION_INTERFACE,
    CROSS_ORIGIN_OPENER_POLICIES,
    POST_MESSAGE,
    DOCUMENT_DOMAIN,
    SAME_ORIGIN_DOMAIN,
    ORIGIN_KEYED_AGENT_CLUSTERS,
    WINDOW_OPEN,
    CSSOM_CSS_RULES,
    FONT_FETCHING,
    CSP_FRAME_ANCESTORS,
    CSP_FRAME_ANCESTORS_AND_XFO,
];

/// The page of the multipage HTML standard that holds each HTML id the
/// trace links to (the standard is split over pages; its origin section,
/// canvas, scripting and messaging sections live on different ones).
pub const HTML_PAGES: &[(&str, &str)] = &[
    ("same-origin", "browsers.html"),
    ("cors-settings-attribute", "urls-and-fetching.html"),
    ("create-a-potential-cors-request", "urls-and-fetching.html"),
    ("the-image-argument-is-not-origin-clean", "canvas.html"),
    ("muted-errors", "webappapis.html"),
    ("fetch-a-classic-script", "webappapis.html"),
    ("fetch-a-single-module-script", "webappapis.html"),
    ("link-type-stylesheet", "semantics.html"),
    ("concept-media-load-resource", "media.html"),
    ("dom-iframe-contentdocument", "iframe-embed-object.html"),
    (
        "check-a-navigation-response's-adherence-to-x-frame-options",
        "document-lifecycle.html",
    ),
    ("sandboxed-origin-browsing-context-flag", "browsers.html"),
    ("cross-origin-objects", "nav-history-apis.html"),
    ("crossoriginproperties-(-o-)", "nav-history-apis.html"),
    ("the-location-interface", "nav-history-apis.html"),
    ("cross-origin-opener-policies", "browsers.html"),
    ("dom-window-postmessage", "web-messaging.html"),
    ("dom-document-domain", "browsers.html"),
    ("same-origin-domain", "browsers.html"),
    ("origin-keyed-agent-clusters", "browsers.html"),
    ("dom-open", "nav-history-apis.html"),
];
