//! Profiles: whose behaviour the machine predicts.
//!
//! The machine follows the Fetch standard; where a browser departs from it,
//! the departure is one named field here, so a profile is data, not
//! conditions scattered through the code. The trace records each place
//! where a profile's choice differs from the standard's.

/// A set of departures from the Fetch standard.
///
/// ```
/// use sop_fetch_model::Profile;
/// assert!(Profile::chromium().allow_headers_wildcard_covers_authorization);
/// assert!(!Profile::spec().allow_headers_wildcard_covers_authorization);
/// assert_eq!(Profile::default().name, "chromium");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// The profile's name, as fixtures write it.
    pub name: &'static str,
    /// `Access-Control-Allow-Headers: *` also allows `Authorization`
    /// (without credentials). The standard requires it to be named
    /// (<https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name>);
    /// Chromium 156 lets `*` cover it and prints a deprecation warning.
    pub allow_headers_wildcard_covers_authorization: bool,
    /// Repeated request headers are combined (`v1, v2`) before the
    /// CORS-safelist check. The standard checks each entry
    /// (<https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>);
    /// Chromium checks the combined value.
    pub combine_repeated_request_headers: bool,
    /// The upper bound on a preflight cache entry's lifetime, in seconds.
    /// The standard lets the user agent impose one
    /// (<https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>, step on
    /// max-age); Chromium caps at 7200 s (2 hours, since version 76).
    pub preflight_max_age_cap: Option<u64>,
    /// A cached `*` in Access-Control-Allow-Methods / -Headers counts only
    /// for requests without credentials. The standard's cache match lets a
    /// `*` entry serve any method; Chromium re-checks the wildcard against
    /// the credentials mode.
    pub cached_wildcard_needs_no_credentials: bool,
    /// Access-Control-Max-Age is read as a signed 64-bit integer: a negative
    /// value means "do not cache" and one out of range does not parse (the
    /// default 5 seconds). The standard's `delta-seconds` grammar rejects a
    /// negative value (so the default applies) and takes any run of digits.
    pub negative_max_age_disables_cache: bool,
    /// A successful preflight replaces everything cached for its origin and
    /// URL. The standard adds one cache entry per allowed method and header
    /// and keeps the older ones; Chromium keeps one result per (origin, URL).
    pub preflight_cache_replaces_entry: bool,
    /// A 3xx response counts as a redirect only when it has a `Location`
    /// header. The standard treats every redirect status as one (so
    /// redirect mode "error" fails even without `Location`); Chromium's
    /// network stack hands a 3xx without `Location` to the page as a
    /// response.
    pub redirect_needs_location: bool,
    /// Request-header names the script may not set beyond the standard's
    /// forbidden list. The standard dropped `User-Agent` from that list;
    /// Chromium still forbids it, and `Access-Control-Request-Private-Network`.
    pub extra_forbidden_request_header_names: &'static [&'static str],
    /// Client hints (`dpr`, `width`, `viewport-width`, `device-memory`,
    /// `rtt`, `downlink`, `ect`, `save-data`) with well-formed values need no
    /// preflight. The standard safelists only Accept, Accept-Language,
    /// Content-Language, Content-Type and Range.
    pub client_hints_safelisted: bool,
    /// A redirect to a URL with a username or password is refused even
    /// within one origin. The standard refuses it only across origins or
    /// under CORS (<https://fetch.spec.whatwg.org/#http-redirect-fetch>,
    /// steps 9-10); Chromium blocks every subresource URL with embedded
    /// credentials (DevTools: blocked:origin).
    pub redirect_with_credentials_always_blocked: bool,
    /// A redirect to a scheme other than http(s), data:, file:, about: or
    /// blob: fails as a CORS scheme error (`cors-disabled-scheme`), because
    /// Chromium's network stack lets it through and the CORS layer refuses
    /// it; those four are refused by the network stack as unsafe redirects
    /// (`redirect-unsupported-scheme`). The standard makes every non-HTTP(S)
    /// Location a network error.
    pub redirect_to_other_schemes_is_cors_disabled: bool,
    /// The network stack looks at a redirect before the CORS layer: a
    /// Location that does not parse, an unsafe target (data:, file:, about:,
    /// blob:) and the 21st redirect fail before the CORS check of the 3xx,
    /// and a target with credentials fails before redirect mode "error".
    /// The standard runs the CORS check first, then the redirect mode, then
    /// HTTP-redirect fetch's steps in order.
    pub network_redirect_checks_first: bool,
    /// Only an https page blocks mixed content. The standard's test is
    /// whether the page is a potentially trustworthy origin, so an
    /// `http://localhost` page would block `http:` fetches; Chromium's
    /// checker restricts mixed content for the https scheme only.
    pub mixed_content_needs_https_page: bool,
    /// `about:` URLs cannot be fetched (Chromium's scheme fetch handles only
    /// http(s), blob: and data:). The standard answers `about:blank` with
    /// an empty HTML document.
    pub about_urls_not_fetchable: bool,
    /// CORP `same-site` refuses IP-address hosts (Chromium compares
    /// registrable domains and IP hosts have none). The standard's
    /// schemelessly-same-site test lets equal IP hosts through.
    pub corp_same_site_refuses_ip_hosts: bool,
    /// XMLHttpRequest drops the username and password from a cross-origin
    /// URL before a CORS request (`CorsURLLoader::Start`). The standard
    /// sends what the URL holds.
    pub xhr_strips_userinfo_cross_origin: bool,
    /// Chromium sends `Sec-Fetch-Storage-Access: none` on a cross-site
    /// request that carries credentials (the Storage Access headers); the
    /// Fetch Metadata standard has no such header.
    pub sends_storage_access_header: bool,
    /// Chromium sends `Origin` on every cors-mode request an element makes
    /// (`crossorigin` images, module scripts, fonts), same-origin ones
    /// included; the standard only on CORS-tainted ones.
    pub element_cors_requests_send_origin: bool,
    /// Opaque Response Blocking as Chromium ships it (see [`crate::orb`]).
    /// ORB is not yet in the Fetch standard (whatwg/fetch#1755), so the
    /// standard's profile has none.
    pub opaque_response_blocking: bool,
}

impl Profile {
    /// What current Chromium does (measured on Chromium 156).
    pub fn chromium() -> Profile {
        Profile {
            name: "chromium",
            allow_headers_wildcard_covers_authorization: true,
            combine_repeated_request_headers: true,
            preflight_max_age_cap: Some(7200),
            cached_wildcard_needs_no_credentials: true,
            negative_max_age_disables_cache: true,
            preflight_cache_replaces_entry: true,
            redirect_needs_location: true,
            extra_forbidden_request_header_names: &[
                "user-agent",
                "access-control-request-private-network",
            ],
            client_hints_safelisted: true,
            redirect_with_credentials_always_blocked: true,
            redirect_to_other_schemes_is_cors_disabled: true,
            network_redirect_checks_first: true,
            mixed_content_needs_https_page: true,
            about_urls_not_fetchable: true,
            corp_same_site_refuses_ip_hosts: true,
            xhr_strips_userinfo_cross_origin: true,
            sends_storage_access_header: true,
            element_cors_requests_send_origin: true,
            opaque_response_blocking: true,
        }
    }

    /// The letter of the Fetch standard.
    pub fn spec() -> Profile {
        Profile {
            name: "spec",
            allow_headers_wildcard_covers_authorization: false,
            combine_repeated_request_headers: false,
            preflight_max_age_cap: None,
            cached_wildcard_needs_no_credentials: false,
            negative_max_age_disables_cache: false,
            preflight_cache_replaces_entry: false,
            redirect_needs_location: false,
            extra_forbidden_request_header_names: &[],
            client_hints_safelisted: false,
            redirect_with_credentials_always_blocked: false,
            redirect_to_other_schemes_is_cors_disabled: false,
            network_redirect_checks_first: false,
            mixed_content_needs_https_page: false,
            about_urls_not_fetchable: false,
            corp_same_site_refuses_ip_hosts: false,
            xhr_strips_userinfo_cross_origin: false,
            sends_storage_access_header: false,
            element_cors_requests_send_origin: false,
            opaque_response_blocking: false,
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::chromium()
    }
}
