//! The CORS safelists and the forbidden lists for request and response
//! headers.
//!
//! <https://fetch.spec.whatwg.org/#cors-safelisted-request-header> and the
//! definitions around it. Names and values are isomorphic-decoded byte
//! strings (see the crate docs): the byte limits count `char`s.

use crate::headers::{
    HeaderList, HeaderNames, ListValues, convert_header_names_to_sorted_lowercase_set,
    extract_header_list_values, get_decode_split_value, is_http_tab_or_space,
};
use crate::method::is_forbidden_method;
use crate::mime::parse_essence;
use crate::profile::Profile;

/// A safelisted request header's value may be at most this many bytes.
pub const MAX_SAFELISTED_VALUE_LENGTH: usize = 128;

/// The safelisted request headers' values may total at most this many bytes
/// before all of them count as unsafe.
pub const MAX_SAFELISTED_VALUES_TOTAL: usize = 1024;

/// Names that are always forbidden request-headers (compared
/// byte-case-insensitively).
const FORBIDDEN_REQUEST_HEADER_NAMES: [&str; 21] = [
    "Accept-Charset",
    "Accept-Encoding",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Method",
    "Connection",
    "Content-Length",
    "Cookie",
    "Cookie2",
    "Date",
    "DNT",
    "Expect",
    "Host",
    "Keep-Alive",
    "Origin",
    "Referer",
    "Set-Cookie",
    "TE",
    "Trailer",
    "Transfer-Encoding",
    "Upgrade",
    "Via",
];

/// Method-override headers: forbidden when they name a forbidden method.
const METHOD_OVERRIDE_HEADER_NAMES: [&str; 3] = [
    "X-HTTP-Method",
    "X-HTTP-Method-Override",
    "X-Method-Override",
];

/// Response-header names that are always CORS-safelisted.
const CORS_SAFELISTED_RESPONSE_HEADER_NAMES: [&str; 7] = [
    "Cache-Control",
    "Content-Language",
    "Content-Length",
    "Content-Type",
    "Expires",
    "Last-Modified",
    "Pragma",
];

/// Whether `name` matches one of `names` byte-case-insensitively.
fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The result of parsing a single range header value: the first and last
/// byte positions; at least one is present, and start ≤ end when both are.
///
/// Positions are decimal numbers of any length in the standard; the
/// validity checks here compare the digits exactly, and a position too large
/// for `u64` is reported as `u64::MAX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SingleRange {
    /// The first byte position (`None` for a suffix range like `bytes=-5`).
    pub start: Option<u64>,
    /// The last byte position (`None` for an open range like `bytes=5-`).
    pub end: Option<u64>,
}

/// Parses a single range header value: `bytes`, `=`, optional digits, `-`,
/// optional digits, nothing else; with `allow_whitespace`, tabs and spaces
/// are allowed around `=` and `-`. The `bytes` unit is case-sensitive. Fails
/// when both positions are missing or the start exceeds the end.
///
/// <https://fetch.spec.whatwg.org/#simple-range-header-value>
pub fn parse_single_range_header_value(value: &str, allow_whitespace: bool) -> Option<SingleRange> {
    // Parse a single range header value 1. The value is already isomorphic-decoded.
    // Parse a single range header value 2. It must begin with the (case-sensitive) unit `bytes`.
    // Parse a single range header value 3. Continue right after those five code points.
    let mut rest = value.strip_prefix("bytes")?;
    let skip_blanks = |s| skip_tabs_and_spaces(s, allow_whitespace);
    // Parse a single range header value 4. Optionally skip tabs and spaces.
    rest = skip_blanks(rest);
    // Parse a single range header value 5. An equals sign must follow.
    // Parse a single range header value 6. Step over it.
    rest = rest.strip_prefix('=')?;
    // Parse a single range header value 7. Optionally skip tabs and spaces.
    rest = skip_blanks(rest);
    // Parse a single range header value 8. Collect the start digits.
    let (range_start, after) = split_ascii_digits(rest);
    // Parse a single range header value 9. No digits means no start.
    // Parse a single range header value 10. Optionally skip tabs and spaces.
    rest = skip_blanks(after);
    // Parse a single range header value 11. A hyphen must follow.
    // Parse a single range header value 12. Step over it.
    rest = rest.strip_prefix('-')?;
    // Parse a single range header value 13. Optionally skip tabs and spaces.
    rest = skip_blanks(rest);
    // Parse a single range header value 14. Collect the end digits.
    let (range_end, after) = split_ascii_digits(rest);
    // Parse a single range header value 15. No digits means no end.
    // Parse a single range header value 16. Anything left over is a failure.
    if !after.is_empty() {
        return None;
    }
    // Parse a single range header value 17. At least one side is needed.
    if range_start.is_empty() && range_end.is_empty() {
        return None;
    }
    // Parse a single range header value 18. When both are given, the start must not exceed the end.
    if !range_start.is_empty()
        && !range_end.is_empty()
        && compare_decimal(range_start, range_end) == std::cmp::Ordering::Greater
    {
        return None;
    }
    // Parse a single range header value 19. Return both positions.
    Some(SingleRange {
        start: decimal_value(range_start),
        end: decimal_value(range_end),
    })
}

/// `s` without leading tabs and spaces when `allowed`, else `s` itself.
fn skip_tabs_and_spaces(s: &str, allowed: bool) -> &str {
    if allowed {
        s.trim_start_matches(is_http_tab_or_space)
    } else {
        s
    }
}

/// Splits `s` into its leading ASCII digits and the rest.
fn split_ascii_digits(s: &str) -> (&str, &str) {
    let len = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    (s.get(..len).unwrap_or(""), s.get(len..).unwrap_or(""))
}

/// Compares two non-empty ASCII digit strings as numbers, exactly.
fn compare_decimal(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The value of an ASCII digit string, `None` when empty, saturating at
/// `u64::MAX`.
fn decimal_value(digits: &str) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    Some(digits.bytes().fold(0u64, |acc, d| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(d.saturating_sub(b'0')))
    }))
}

/// Whether `value` is a CORS-safelistable `Range` value: a single range
/// header value with a start position (`bytes=0-`, `bytes=5-9`), since
/// browsers have never sent suffix ranges like `bytes=-5` and the standard
/// does not safelist them.
///
/// This is the `range` branch of
/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>; use
/// [`parse_single_range_header_value`] for the bare grammar, which does
/// accept `bytes=-5`.
pub fn is_simple_range_header_value(value: &str, allow_whitespace: bool) -> bool {
    parse_single_range_header_value(value, allow_whitespace)
        .is_some_and(|range| range.start.is_some())
}

/// Whether `b` is a CORS-unsafe request-header byte: a control byte other
/// than tab, DEL, or one of `"():<>?@[\]{}`.
///
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte>
pub const fn is_cors_unsafe_request_header_byte(b: char) -> bool {
    (b < '\u{20}' && b != '\t')
        || matches!(
            b,
            '"' | '(' | ')' | ':' | '<' | '>' | '?' | '@' | '[' | '\\' | ']' | '{' | '}' | '\u{7f}'
        )
}

/// Whether `value` holds a CORS-unsafe request-header byte. They are all
/// ASCII, so the value's UTF-8 bytes are tested against a table: a byte of
/// a non-ASCII character is never one of them.
fn has_cors_unsafe_request_header_byte(value: &str) -> bool {
    value.bytes().any(|b| CORS_UNSAFE_BYTES[usize::from(b)])
}

/// `CORS_UNSAFE_BYTES[b]`: whether byte `b` is a CORS-unsafe request-header byte.
static CORS_UNSAFE_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = is_cors_unsafe_request_header_byte(b as u8 as char);
        b += 1;
    }
    table
};

/// The lowercase form of `name` when it is one of the standard's five
/// safelisted names, else `""`, without allocating: the names' lengths
/// differ, so one comparison decides.
fn safelisted_name(name: &str) -> &'static str {
    let candidate = match name.len() {
        5 => "range",
        6 => "accept",
        12 => "content-type",
        15 => "accept-language",
        16 => "content-language",
        _ => return "",
    };
    if candidate.eq_ignore_ascii_case(name) {
        candidate
    } else {
        ""
    }
}

/// The length of a header value in bytes: its length in `char`s, since
/// each `char` of an isomorphic-decoded value stands for one byte (an
/// ASCII value's length is its UTF-8 length, found without counting).
fn byte_length(value: &str) -> usize {
    if value.is_ascii() {
        value.len()
    } else {
        value.chars().count()
    }
}

/// Whether `(name, value)` is a CORS-safelisted request-header, i.e. may be
/// sent cross-origin without a preflight.
///
/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
pub fn is_cors_safelisted_request_header(name: &str, value: &str) -> bool {
    // CORS-safelisted request-header 1. Values longer than 128 bytes never qualify.
    if byte_length(value) > MAX_SAFELISTED_VALUE_LENGTH {
        return false;
    }
    // CORS-safelisted request-header 2. Then it depends on the name, compared case-insensitively.
    match safelisted_name(name) {
        "accept" => {
            // No CORS-unsafe byte allowed.
            if has_cors_unsafe_request_header_byte(value) {
                return false;
            }
        }
        "accept-language" | "content-language" => {
            // Only digits, ASCII letters, space and `*,-.;=` allowed.
            let allowed = |c: char| {
                c.is_ascii_alphanumeric() || matches!(c, ' ' | '*' | ',' | '-' | '.' | ';' | '=')
            };
            if !value.chars().all(allowed) {
                return false;
            }
        }
        "content-type" => {
            // CORS-safelisted request-header 2.1. No CORS-unsafe byte allowed.
            if has_cors_unsafe_request_header_byte(value) {
                return false;
            }
            // CORS-safelisted request-header 2.2. Parse the (already decoded) value as a MIME type
            // (its type and subtype: the essence is all step 2.4 reads).
            // CORS-safelisted request-header 2.3. It must parse.
            let Some((type_, subtype)) = parse_essence(value) else {
                return false;
            };
            // CORS-safelisted request-header 2.4. Its essence must be one of the three form-ish types.
            let is =
                |t: &str, s: &str| type_.eq_ignore_ascii_case(t) && subtype.eq_ignore_ascii_case(s);
            if !(is("application", "x-www-form-urlencoded")
                || is("multipart", "form-data")
                || is("text", "plain"))
            {
                return false;
            }
        }
        "range" => {
            // CORS-safelisted request-header 2.1. Parse as a single range, no extra whitespace allowed.
            // CORS-safelisted request-header 2.2. It must parse.
            // CORS-safelisted request-header 2.3. It must have a start (suffix ranges are not safelisted).
            if !is_simple_range_header_value(value, false) {
                return false;
            }
        }
        // Any other name is not safelisted.
        _ => return false,
    }
    // CORS-safelisted request-header 3. Every check passed.
    true
}

/// The CORS-unsafe request-header names of `headers`, lower-cased, sorted
/// and de-duplicated: the names a preflight must list in
/// `Access-Control-Request-Headers`, and the reason a preflight is needed
/// when non-empty.
///
/// A header is unsafe when it is not CORS-safelisted; and when the values of
/// the safelisted ones total more than 1024 bytes, all of those become unsafe
/// too.
///
/// - `combine_repeats = false` follows the standard: each entry of the list
///   is judged, and counted towards the 1024 bytes, on its own.
/// - `combine_repeats = true` does what Chromium does: repeated names are
///   first combined into one entry whose value is the values joined with
///   `", "` (as Blink's header map stores them), and that combined value is
///   judged and counted. So two `Accept` entries of 100 bytes each become one
///   202-byte value, which is over the 128-byte limit and therefore unsafe.
///
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
pub fn cors_unsafe_request_header_names(
    headers: &HeaderList,
    combine_repeats: bool,
) -> Vec<String> {
    unsafe_names_with(
        headers,
        combine_repeats,
        is_cors_safelisted_request_header,
        |names| convert_header_names_to_sorted_lowercase_set(names),
    )
}

/// [`cors_unsafe_request_header_names`] as `profile` computes it: combining
/// repeats or not, and with Chromium's extra safelisted client hints where
/// the profile has them.
pub fn cors_unsafe_request_header_names_for(
    headers: &HeaderList,
    profile: &Profile,
) -> HeaderNames {
    let safelisted = if profile.client_hints_safelisted {
        is_chromium_safelisted_request_header
    } else {
        is_cors_safelisted_request_header
    };
    unsafe_names_with(
        headers,
        profile.combine_repeated_request_headers,
        safelisted,
        |names| HeaderNames::sorted_lowercase_set(names),
    )
}

/// The unsafe names of `headers` (their repeats combined first when
/// `combine_repeats`), as listed, handed to `finish` to make them a
/// sorted-lowercase set.
fn unsafe_names_with<R>(
    headers: &HeaderList,
    combine_repeats: bool,
    safelisted: fn(&str, &str) -> bool,
    finish: impl FnOnce(ListValues<'_>) -> R,
) -> R {
    // Without a repeated name, combining changes nothing: skip the copy.
    if combine_repeats && headers.repeats_a_name() {
        let mut combined = HeaderList::new();
        for (name, value) in headers {
            combined.combine(name, value);
        }
        finish(unsafe_names_of(&combined, safelisted))
    } else {
        finish(unsafe_names_of(headers, safelisted))
    }
}

/// Chromium's CORS-safelisted request-headers: the standard's, plus the
/// client hints Chromium lets through without a preflight
/// (`IsCorsSafelistedHeader` in services/network/public/cpp/cors/cors.cc):
/// `device-memory`, `dpr`, `downlink` (a decimal number), `width`,
/// `viewport-width`, `rtt` (digits), `ect` (`slow-2g`, `2g`, `3g`, `4g`),
/// `save-data` (`on`), `intervention`, with the same 128-byte limit.
pub fn is_chromium_safelisted_request_header(name: &str, value: &str) -> bool {
    // The standard's names are not client hints: their rules decide.
    if !safelisted_name(name).is_empty() {
        return is_cors_safelisted_request_header(name, value);
    }
    let digits = |v: &str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    let decimal = |v: &str| match v.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(v),
    };
    let hint = [
        "device-memory",
        "dpr",
        "downlink",
        "width",
        "viewport-width",
        "rtt",
        "ect",
        "save-data",
        "intervention",
    ]
    .into_iter()
    .find(|h| h.eq_ignore_ascii_case(name))
    .unwrap_or_default();
    if hint.is_empty() || byte_length(value) > MAX_SAFELISTED_VALUE_LENGTH {
        return false;
    }
    match hint {
        "device-memory" | "dpr" | "downlink" => decimal(value),
        "width" | "viewport-width" | "rtt" => digits(value),
        "ect" => matches!(value, "slow-2g" | "2g" | "3g" | "4g"),
        "save-data" => value.eq_ignore_ascii_case("on"),
        "intervention" => true,
        _ => false,
    }
}

/// The standard's "CORS-unsafe request-header names" over the entries of
/// `headers`, steps 1-5: their names as listed (borrowed, and held inline
/// when there are few); step 6 is the caller's.
///
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
fn unsafe_names_of(headers: &HeaderList, safelisted: fn(&str, &str) -> bool) -> ListValues<'_> {
    // CORS-unsafe request-header names 1. Names known to be unsafe.
    let mut unsafe_names = ListValues::new();
    // CORS-unsafe request-header names 2. The potentially unsafe names are
    // the safelisted ones, taken again in step 5 only when it needs them
    // (rather than kept in a list of their own).
    // CORS-unsafe request-header names 3. Running total of safelisted value bytes.
    let mut safelist_value_size: usize = 0;
    // CORS-unsafe request-header names 4. Sort each header into one of the two lists.
    for (name, value) in headers {
        if safelisted(name, value) {
            // CORS-unsafe request-header names 4.2. Safelisted: count its value's bytes.
            safelist_value_size = safelist_value_size.saturating_add(byte_length(value));
        } else {
            // CORS-unsafe request-header names 4.1. Not safelisted: unsafe.
            unsafe_names.push(name);
        }
    }
    // CORS-unsafe request-header names 5. Too many safelisted bytes in total makes them all unsafe.
    if safelist_value_size > MAX_SAFELISTED_VALUES_TOTAL {
        unsafe_names.extend(
            headers
                .iter()
                .filter(|&(name, value)| safelisted(name, value))
                .map(|(name, _)| name),
        );
    }
    // CORS-unsafe request-header names 6. Convert them to a sorted-lowercase
    // set: the caller's `finish`, into the form it keeps.
    unsafe_names
}

/// Whether `name` is a no-CORS-safelisted request-header name: `Accept`,
/// `Accept-Language`, `Content-Language` or `Content-Type`.
///
/// <https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name>
pub fn is_no_cors_safelisted_request_header_name(name: &str) -> bool {
    is_one_of(
        name,
        &[
            "Accept",
            "Accept-Language",
            "Content-Language",
            "Content-Type",
        ],
    )
}

/// Whether `(name, value)` may be set on a `no-cors` request: its name is a
/// no-CORS-safelisted request-header name and it is a CORS-safelisted
/// request-header.
///
/// <https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header>
pub fn is_no_cors_safelisted_request_header(name: &str, value: &str) -> bool {
    // No-CORS-safelisted request-header 1. The name must be on the no-CORS list.
    if !is_no_cors_safelisted_request_header_name(name) {
        return false;
    }
    // No-CORS-safelisted request-header 2. And the header must be CORS-safelisted.
    is_cors_safelisted_request_header(name, value)
}

/// Whether `name` is a privileged no-CORS request-header name: `Range`
/// (only the user agent may set it on a `no-cors` request).
///
/// <https://fetch.spec.whatwg.org/#privileged-no-cors-request-header-name>
pub fn is_privileged_no_cors_request_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("Range")
}

/// Whether `name` is a CORS non-wildcard request-header name:
/// `Authorization`, which a `*` in `Access-Control-Allow-Headers` never
/// covers.
///
/// <https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name>
pub fn is_cors_non_wildcard_request_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("Authorization")
}

/// Whether `name` is a request-body-header name (`Content-Encoding`,
/// `Content-Language`, `Content-Location`, `Content-Type`), removed when a
/// redirect turns the request into a body-less `GET`.
///
/// <https://fetch.spec.whatwg.org/#request-body-header-name>
pub fn is_request_body_header_name(name: &str) -> bool {
    is_one_of(
        name,
        &[
            "Content-Encoding",
            "Content-Language",
            "Content-Location",
            "Content-Type",
        ],
    )
}

/// Whether `(name, value)` is a forbidden request-header, which scripts may
/// not set: the fixed list (`Accept-Charset` … `Via`, including `Set-Cookie`),
/// any `Proxy-*` or `Sec-*` name, and the method-override headers when any of
/// their comma-separated values is a forbidden method.
///
/// <https://fetch.spec.whatwg.org/#forbidden-request-header>
pub fn is_forbidden_request_header(name: &str, value: &str) -> bool {
    // Forbidden request-header 1. The fixed list of names.
    if is_one_of(name, &FORBIDDEN_REQUEST_HEADER_NAMES) {
        return true;
    }
    // Forbidden request-header 2. The `proxy-` and `sec-` prefixes.
    let has_prefix = |prefix: &str| {
        name.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    if has_prefix("proxy-") || has_prefix("sec-") {
        return true;
    }
    // Forbidden request-header 3. Method-override headers naming a forbidden method.
    if is_one_of(name, &METHOD_OVERRIDE_HEADER_NAMES) {
        // Forbidden request-header 3.1. Split the value the get-decode-split way.
        // Forbidden request-header 3.2. Any forbidden method among the pieces forbids the header.
        if get_decode_split_value(value)
            .iter()
            .any(|method| is_forbidden_method(method))
        {
            return true;
        }
    }
    // Forbidden request-header 4. Otherwise it is allowed.
    false
}

/// Whether `name` is a forbidden response-header name: `Set-Cookie` or
/// `Set-Cookie2`, which scripts never see.
///
/// <https://fetch.spec.whatwg.org/#forbidden-response-header-name>
pub fn is_forbidden_response_header_name(name: &str) -> bool {
    is_one_of(name, &["Set-Cookie", "Set-Cookie2"])
}

/// Whether response header `name` is readable from a CORS response:
/// `Cache-Control`, `Content-Language`, `Content-Length`, `Content-Type`,
/// `Expires`, `Last-Modified`, `Pragma`, or a name in `exposed` (compared
/// case-insensitively). Forbidden response-header names (`Set-Cookie`,
/// `Set-Cookie2`) are never readable, even when listed.
///
/// `exposed` is the list extracted from the response's
/// `Access-Control-Expose-Headers` ([`extract_header_list_values`]; use an
/// empty list when it was absent or failed to parse). A `*` in it means
/// "every header" unless `credentials_included`; with credentials it is just
/// a (literal) name. The standard applies the wildcard in main fetch, where
/// it replaces the exposed list with every name in the response (see
/// [`cors_exposed_header_name_list`]); that is the same as matching any
/// `name` here, since `name` comes from that response.
///
/// <https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name>
pub fn is_cors_safelisted_response_header_name(
    name: &str,
    exposed: &HeaderNames,
    credentials_included: bool,
) -> bool {
    // CORS-safelisted response-header name 1. Set-Cookie and Set-Cookie2 are excluded even when listed (none of
    //    the fixed names is forbidden, so this only trims the list).
    if is_forbidden_response_header_name(name) {
        return false;
    }
    // CORS-safelisted response-header name 2. The fixed names.
    if is_one_of(name, &CORS_SAFELISTED_RESPONSE_HEADER_NAMES) {
        return true;
    }
    // CORS-safelisted response-header name 3. Without credentials, `*` exposes every name (main fetch's expansion).
    if !credentials_included && exposed.iter().any(|e| e == "*") {
        return true;
    }
    // CORS-safelisted response-header name 4. Any name the server listed.
    exposed.contains(name)
}

/// The CORS-exposed header-name list main fetch computes for a response with
/// "cors" tainting: the `Access-Control-Expose-Headers` items; or, when they
/// contain `*` and credentials are not included, every header name in the
/// response (lower-cased, sorted, unique); or empty when the header is
/// absent or does not parse.
///
/// <https://fetch.spec.whatwg.org/#main-fetch> (the step that sets the
/// response's CORS-exposed header-name list)
pub fn cors_exposed_header_name_list(
    response_headers: &HeaderList,
    credentials_included: bool,
) -> HeaderNames {
    // CORS-exposed header-name list 1. Extract the list from Access-Control-Expose-Headers.
    let extracted = extract_header_list_values(response_headers, "Access-Control-Expose-Headers");
    match extracted {
        // CORS-exposed header-name list 2. A wildcard without credentials exposes every name in the response.
        Ok(Some(names)) if !credentials_included && names.contains(&"*") => {
            HeaderNames::sorted_lowercase_set(response_headers.names())
        }
        // CORS-exposed header-name list 3. Otherwise a parsed list is used as is.
        Ok(Some(names)) => HeaderNames::of(names),
        // Absent or unparsable: nothing beyond the fixed safelist.
        Ok(None) | Err(_) => HeaderNames::default(),
    }
}

/// The header list of a basic filtered response: `headers` without the
/// forbidden response-header names (`Set-Cookie`, `Set-Cookie2`).
///
/// <https://fetch.spec.whatwg.org/#concept-filtered-response-basic>
pub fn basic_filtered_header_list(headers: &HeaderList) -> HeaderList {
    headers
        .iter()
        .filter(|(name, _)| !is_forbidden_response_header_name(name))
        .collect()
}

/// The header list of a CORS filtered response: only the headers whose name
/// is a CORS-safelisted response-header name given `exposed` (see
/// [`is_cors_safelisted_response_header_name`]). This is where `Set-Cookie`
/// and `Set-Cookie2` are removed from CORS responses, whatever
/// `Access-Control-Expose-Headers` says.
///
/// <https://fetch.spec.whatwg.org/#concept-filtered-response-cors>
pub fn cors_filtered_header_list(
    headers: &HeaderList,
    exposed: &HeaderNames,
    credentials_included: bool,
) -> HeaderList {
    headers
        .iter()
        .filter(|(name, _)| {
            is_cors_safelisted_response_header_name(name, exposed, credentials_included)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn unsafe_bytes() {
        let unsafe_chars = "\u{0}\u{1}\u{8}\u{a}\u{d}\u{1f}\"():<>?@[\\]{}\u{7f}";
        for c in unsafe_chars.chars() {
            assert!(is_cors_unsafe_request_header_byte(c), "{c:?} is unsafe");
        }
        let safe_chars = "\t !#$%&'*+,-./09;=AZ^_`az|~\u{80}\u{ff}";
        for c in safe_chars.chars() {
            assert!(!is_cors_unsafe_request_header_byte(c), "{c:?} is safe");
        }
        // The byte table agrees with the definition for every char a value
        // can hold (isomorphic decoding gives U+0000 to U+00FF).
        for c in (0..=0xFF_u8).map(char::from) {
            assert_eq!(
                has_cors_unsafe_request_header_byte(&format!("a{c}b")),
                is_cors_unsafe_request_header_byte(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn safelisted_request_headers() {
        let a128 = "a".repeat(128);
        let a129 = "a".repeat(129);
        let lang128 = format!("en-{}", "x".repeat(125));
        let lang129 = format!("en-{}", "x".repeat(126));
        let ct128 = format!("text/plain;a={}", "b".repeat(115));
        let ct129 = format!("text/plain;a={}", "b".repeat(116));
        let (a128, a129) = (a128.as_str(), a129.as_str());
        let (lang128, lang129) = (lang128.as_str(), lang129.as_str());
        let (ct128, ct129) = (ct128.as_str(), ct129.as_str());
        let cases: Vec<(&str, &str, bool)> = vec![
            // Accept
            ("Accept", "*/*", true),
            ("accept", "text/html,application/xhtml+xml;q=0.9", true),
            ("ACCEPT", "", true),
            ("Accept", a128, true),
            ("Accept", a129, false),
            ("Accept", "text/\"html\"", false),
            ("Accept", "a(b)", false),
            ("Accept", "a:b", false),
            ("Accept", "a\tb", true),
            ("Accept", "a\u{1}b", false),
            ("Accept", "a\u{7f}", false),
            ("Accept", "caf\u{e9}", true),
            // Accept-Language / Content-Language
            ("Accept-Language", "en-US,en;q=0.9", true),
            ("Content-Language", "de-DE, en-CA", true),
            ("content-language", "*", true),
            ("Accept-Language", lang128, true),
            ("Accept-Language", lang129, false),
            ("Accept-Language", "en_US", false),
            ("Accept-Language", "en\tUS", false),
            ("Content-Language", "en/US", false),
            ("Content-Language", "caf\u{e9}", false),
            ("Accept-Language", "", true),
            // Content-Type
            ("Content-Type", "text/plain", true),
            ("Content-Type", "text/plain; charset=utf-8", true),
            ("Content-Type", "TEXT/PLAIN;charset=UTF-8", true),
            ("content-type", "application/x-www-form-urlencoded", true),
            ("Content-Type", "multipart/form-data; boundary=x", true),
            ("Content-Type", " text/plain ", true),
            ("Content-Type", "application/json", false),
            ("Content-Type", "text/html", false),
            ("Content-Type", "text/plain; charset=\"utf-8\"", false),
            ("Content-Type", "text/plain; a=\"", false),
            ("Content-Type", "text/plain;", true),
            ("Content-Type", "text/plain, application/json", false),
            ("Content-Type", "text", false),
            ("Content-Type", "", false),
            ("Content-Type", ct128, true),
            ("Content-Type", ct129, false),
            // Range
            ("Range", "bytes=0-", true),
            ("Range", "bytes=0-1", true),
            ("range", "bytes=5-5", true),
            ("Range", "bytes=-5", false),
            ("Range", "bytes=5-1", false),
            ("Range", "bytes=0-1,2-3", false),
            ("Range", "bytes = 0-1", false),
            ("Range", "bytes=0 - 1", false),
            ("Range", "Bytes=0-1", false),
            ("Range", "bytes=-", false),
            ("Range", "items=0-1", false),
            // Anything else
            ("X-Custom", "a", false),
            ("Authorization", "Basic abc", false),
            ("Cache-Control", "no-cache", false),
            ("DPR", "2", false),
            ("Accept ", "a", false),
        ];
        for (name, value, expected) in cases {
            assert_eq!(
                is_cors_safelisted_request_header(name, value),
                expected,
                "{name}: {value:?}"
            );
        }
    }

    #[test]
    fn single_range_parsing() {
        let some = |start, end| Some(SingleRange { start, end });
        let cases = [
            ("bytes=0-", false, some(Some(0), None)),
            ("bytes=0-1", false, some(Some(0), Some(1))),
            ("bytes=-5", false, some(None, Some(5))),
            ("bytes=007-7", false, some(Some(7), Some(7))),
            ("bytes=5-1", false, None),
            ("bytes=10-9", false, None),
            ("bytes=-", false, None),
            ("bytes=", false, None),
            ("bytes", false, None),
            ("", false, None),
            ("bytes=0-1,2-3", false, None),
            ("bytes=0-1 ", false, None),
            ("bytes=a-1", false, None),
            ("BYTES=0-1", false, None),
            ("bytes =0-1", false, None),
            ("bytes = 0 - 1", true, some(Some(0), Some(1))),
            ("bytes\t=\t0\t-\t", true, some(Some(0), None)),
            ("bytes=0-1 ", true, None),
            (" bytes=0-1", true, None),
            ("bytes=\u{665}-1", false, None),
            (
                "bytes=99999999999999999999-",
                false,
                some(Some(u64::MAX), None),
            ),
            (
                "bytes=18446744073709551616-18446744073709551617",
                false,
                some(Some(u64::MAX), Some(u64::MAX)),
            ),
            (
                "bytes=18446744073709551617-18446744073709551616",
                false,
                None,
            ),
        ];
        for (value, allow_whitespace, expected) in cases {
            assert_eq!(
                parse_single_range_header_value(value, allow_whitespace),
                expected,
                "parse({value:?}, {allow_whitespace})"
            );
        }
    }

    #[test]
    fn simple_range_values_need_a_start() {
        let cases = [
            ("bytes=0-", false, true),
            ("bytes=0-1", false, true),
            ("bytes=-5", false, false),
            ("bytes=5-1", false, false),
            ("bytes=0-1,2-3", false, false),
            ("bytes = 0-", true, true),
            ("bytes = 0-", false, false),
        ];
        for (value, allow_whitespace, expected) in cases {
            assert_eq!(
                is_simple_range_header_value(value, allow_whitespace),
                expected,
                "is_simple_range_header_value({value:?}, {allow_whitespace})"
            );
        }
    }

    #[test]
    fn chromium_safelisted_request_headers() {
        let long_digits = "1".repeat(129);
        let cases: &[(&str, &str, bool)] = &[
            // The standard's names follow the standard's rules.
            ("Accept", "*/*", true),
            ("ACCEPT", "{", false),
            ("Content-Type", "text/plain", true),
            ("content-type", "application/json", false),
            ("Range", "bytes=0-", true),
            ("Range", "bytes=-5", false),
            // The client hints, by their own grammar.
            ("DPR", "1.5", true),
            ("dpr", "1.", false),
            ("Device-Memory", "8", true),
            ("Downlink", "10.25", true),
            ("Width", "640", true),
            ("viewport-width", "6.4", false),
            ("RTT", "150", true),
            ("ECT", "4g", true),
            ("ect", "5g", false),
            ("Save-Data", "ON", true),
            ("save-data", "off", false),
            ("Intervention", "<https://example.com/>", true),
            // The 128-byte limit holds for hints too.
            ("rtt", &long_digits, false),
            // Names of neither list, including near misses in length.
            ("X-Request-Id", "1", false),
            ("Accept-Charset", "utf-8", false),
            ("Content-Types", "text/plain", false),
        ];
        for &(name, value, expected) in cases {
            assert_eq!(
                is_chromium_safelisted_request_header(name, value),
                expected,
                "{name}: {value}"
            );
            // The standard's list is a subset of Chromium's.
            if is_cors_safelisted_request_header(name, value) {
                assert!(is_chromium_safelisted_request_header(name, value), "{name}");
            }
        }
    }

    #[test]
    fn unsafe_names() {
        let (v100, v62, v64) = ("a".repeat(100), "a".repeat(62), "a".repeat(64));
        let (l128, l8) = ("e".repeat(128), "e".repeat(8));
        let (v100, v62, v64) = (v100.as_str(), v62.as_str(), v64.as_str());
        let (l128, l8) = (l128.as_str(), l8.as_str());
        type Case<'a> = (Vec<(&'a str, &'a str)>, &'a [&'a str], &'a [&'a str]);
        // (headers, unsafe names per the standard, unsafe names when combining repeats)
        let cases: Vec<Case<'_>> = vec![
            (vec![], &[], &[]),
            (vec![("Accept", "*/*")], &[], &[]),
            (
                vec![("X-B", "1"), ("x-a", "2"), ("X-b", "3"), ("Accept", "*/*")],
                &["x-a", "x-b"],
                &["x-a", "x-b"],
            ),
            (
                vec![("Content-Type", "application/json"), ("Accept", "*/*")],
                &["content-type"],
                &["content-type"],
            ),
            // Exactly 1024 safelisted bytes: still safe.
            (
                vec![
                    ("Accept", l128),
                    ("Accept-Language", l128),
                    ("Content-Language", l128),
                    ("Accept", l128),
                    ("Accept-Language", l128),
                    ("Content-Language", l128),
                    ("Accept", l128),
                    ("Accept-Language", l128),
                ],
                &[],
                &["accept", "accept-language", "content-language"],
            ),
            // 1025 bytes (one over): every safelisted name becomes unsafe.
            (
                vec![
                    ("Accept", l128),
                    ("Accept-Language", l128),
                    ("Content-Language", l128),
                    ("Accept", l128),
                    ("Accept-Language", l128),
                    ("Content-Language", l128),
                    ("Accept", l128),
                    ("Accept-Language", l128),
                    ("Accept", "e"),
                ],
                &["accept", "accept-language", "content-language"],
                &["accept", "accept-language", "content-language"],
            ),
            // 1034 bytes plus an unsafe header: everything is unsafe.
            (
                vec![
                    ("Accept", l128),
                    ("Accept-Language", l128),
                    ("Content-Language", l128),
                    ("Accept", l128),
                    ("Accept-Language", l128),
                    ("Content-Language", l128),
                    ("Accept", l128),
                    ("Accept-Language", l128),
                    ("Content-Type", "text/plain"),
                    ("X-Custom", "1"),
                ],
                &[
                    "accept",
                    "accept-language",
                    "content-language",
                    "content-type",
                    "x-custom",
                ],
                &["accept", "accept-language", "content-language", "x-custom"],
            ),
            // Repeats that are fine alone but too long combined (100 + 2 + 100).
            (vec![("Accept", v100), ("accept", v100)], &[], &["accept"]),
            // Combined exactly 128 (62 + 2 + 64): safe both ways.
            (vec![("Accept", v62), ("Accept", v64)], &[], &[]),
            // Repeated language values combine with ", ", which is allowed.
            (
                vec![("Content-Language", l8), ("Content-Language", l8)],
                &[],
                &[],
            ),
            // Repeated Range values combine into a multi-range: unsafe.
            (
                vec![("Range", "bytes=0-1"), ("Range", "bytes=2-3")],
                &[],
                &["range"],
            ),
        ];
        for (pairs, per_standard, combined) in cases {
            let headers = HeaderList::from_pairs(pairs.iter().copied());
            assert_eq!(
                cors_unsafe_request_header_names(&headers, false),
                owned(per_standard),
                "standard, {pairs:?}"
            );
            assert_eq!(
                cors_unsafe_request_header_names(&headers, true),
                owned(combined),
                "combined, {pairs:?}"
            );
        }
    }

    #[test]
    fn no_cors_and_privileged_names() {
        let cases = [
            ("Accept", true, false),
            ("accept-language", true, false),
            ("Content-Language", true, false),
            ("CONTENT-TYPE", true, false),
            ("Range", false, true),
            ("range", false, true),
            ("X-Custom", false, false),
            ("Authorization", false, false),
        ];
        for (name, no_cors, privileged) in cases {
            assert_eq!(
                is_no_cors_safelisted_request_header_name(name),
                no_cors,
                "{name}"
            );
            assert_eq!(
                is_privileged_no_cors_request_header_name(name),
                privileged,
                "{name}"
            );
        }
    }

    #[test]
    fn no_cors_safelisted_headers() {
        let cases = [
            ("Accept", "*/*", true),
            ("Content-Type", "text/plain", true),
            ("Content-Type", "application/json", false),
            ("Accept-Language", "en_US", false),
            ("Range", "bytes=0-", false),
            ("X-Custom", "a", false),
        ];
        for (name, value, expected) in cases {
            assert_eq!(
                is_no_cors_safelisted_request_header(name, value),
                expected,
                "{name}: {value}"
            );
        }
    }

    #[test]
    fn other_request_header_name_sets() {
        let cases = [
            ("Authorization", true, false),
            ("authorization", true, false),
            ("Content-Encoding", false, true),
            ("content-language", false, true),
            ("Content-Location", false, true),
            ("Content-Type", false, true),
            ("Content-Length", false, false),
            ("Accept", false, false),
        ];
        for (name, non_wildcard, body) in cases {
            assert_eq!(
                is_cors_non_wildcard_request_header_name(name),
                non_wildcard,
                "{name}"
            );
            assert_eq!(is_request_body_header_name(name), body, "{name}");
        }
    }

    #[test]
    fn forbidden_request_headers() {
        let mut cases: Vec<(&str, &str, bool)> = FORBIDDEN_REQUEST_HEADER_NAMES
            .iter()
            .map(|n| (*n, "x", true))
            .collect();
        cases.extend([
            ("accept-charset", "utf-8", true),
            ("ACCEPT-ENCODING", "gzip", true),
            ("cookie", "a=b", true),
            ("set-cookie", "a=b", true),
            ("dnt", "1", true),
            ("Proxy-Authorization", "x", true),
            ("proxy-", "x", true),
            ("Sec-Fetch-Mode", "cors", true),
            ("SEC-CH-UA", "x", true),
            ("sec-", "x", true),
            ("Proxy", "x", false),
            ("Sec", "x", false),
            ("Secret", "x", false),
            ("X-Proxy-Foo", "x", false),
            ("Accept", "*/*", false),
            ("Content-Type", "text/plain", false),
            ("Authorization", "Basic x", false),
            ("Cookie3", "x", false),
            ("Set-Cookie2", "x", false),
            ("X-HTTP-Method-Override", "GET, TRACE", true),
            ("X-HTTP-Method-Override", "GET", false),
            ("X-HTTP-Method-Override", "PATCH", false),
            ("x-http-method", "connect", true),
            ("X-Method-Override", "track", true),
            ("X-Method-Override", " TRACE ", true),
            ("X-Method-Override", "GET,\tTrAcE", true),
            ("X-Method-Override", "\"TRACE\"", false),
            ("X-Method-Override", "\"GET, TRACE\"", false),
            ("X-Method-Override", "TRACES", false),
            ("X-Method-Override", "", false),
            ("X-Other-Override", "TRACE", false),
        ]);
        for (name, value, expected) in cases {
            assert_eq!(
                is_forbidden_request_header(name, value),
                expected,
                "{name}: {value:?}"
            );
        }
    }

    #[test]
    fn forbidden_response_header_names() {
        let cases = [
            ("Set-Cookie", true),
            ("set-cookie2", true),
            ("SET-COOKIE", true),
            ("Set-Cookie3", false),
            ("Cookie", false),
        ];
        for (name, expected) in cases {
            assert_eq!(is_forbidden_response_header_name(name), expected, "{name}");
        }
    }

    #[test]
    fn safelisted_response_header_names() {
        let none: &[&str] = &[];
        let cases: [(&str, &[&str], bool, bool); 20] = [
            ("Cache-Control", none, false, true),
            ("content-language", none, false, true),
            ("Content-Length", none, true, true),
            ("Content-Type", none, false, true),
            ("Expires", none, false, true),
            ("Last-Modified", none, false, true),
            ("PRAGMA", none, false, true),
            ("Date", none, false, false),
            ("X-Custom", none, false, false),
            ("X-Custom", &["x-custom"], false, true),
            ("x-custom", &["X-Custom"], true, true),
            ("X-Custom", &["X-Other"], false, false),
            ("X-Custom", &["*"], false, true),
            ("X-Custom", &["*"], true, false),
            ("*", &["*"], true, true),
            ("Set-Cookie", &["Set-Cookie"], false, false),
            ("set-cookie", &["*"], false, false),
            ("Set-Cookie2", &["set-cookie2"], true, false),
            ("Content-Type", &["*"], true, true),
            ("Date", &["X-A", "date"], true, true),
        ];
        for (name, exposed, credentials, expected) in cases {
            assert_eq!(
                is_cors_safelisted_response_header_name(
                    name,
                    &HeaderNames::of(exposed.iter().copied()),
                    credentials
                ),
                expected,
                "{name} exposed={exposed:?} credentials={credentials}"
            );
        }
    }

    #[test]
    fn exposed_name_list_and_filters() {
        let base = [
            ("Content-Type", "text/plain"),
            ("Set-Cookie", "a=b"),
            ("X-A", "1"),
            ("X-B", "2"),
            ("Date", "today"),
        ];
        type Case = (
            &'static [(&'static str, &'static str)],
            bool,
            &'static [&'static str],
        );
        let cases: [Case; 6] = [
            (&[], false, &[]),
            (&[("Access-Control-Expose-Headers", "X-A")], false, &["X-A"]),
            (
                &[("Access-Control-Expose-Headers", "*")],
                false,
                &[
                    "access-control-expose-headers",
                    "content-type",
                    "date",
                    "set-cookie",
                    "x-a",
                    "x-b",
                ],
            ),
            (&[("Access-Control-Expose-Headers", "*")], true, &["*"]),
            (
                &[("Access-Control-Expose-Headers", "X-A, bad name")],
                false,
                &[],
            ),
            (
                &[
                    ("Access-Control-Expose-Headers", "X-A"),
                    ("Access-Control-Expose-Headers", "Set-Cookie"),
                ],
                true,
                &["X-A", "Set-Cookie"],
            ),
        ];
        for (extra, credentials, expected) in cases {
            let headers = HeaderList::from_pairs(base.iter().chain(extra.iter()).copied());
            assert_eq!(
                cors_exposed_header_name_list(&headers, credentials),
                HeaderNames::of(expected.iter().copied()),
                "{extra:?} credentials={credentials}"
            );
        }

        let headers = HeaderList::from_pairs(base);
        let basic: Vec<_> = basic_filtered_header_list(&headers)
            .iter()
            .map(|(n, _)| n.to_owned())
            .collect();
        assert_eq!(basic, owned(&["Content-Type", "X-A", "X-B", "Date"]));

        let filter_cases: [(&[&str], bool, &[&str]); 4] = [
            (&[], false, &["Content-Type"]),
            (&["x-b", "set-cookie"], true, &["Content-Type", "X-B"]),
            (&["*"], false, &["Content-Type", "X-A", "X-B", "Date"]),
            (&["*"], true, &["Content-Type"]),
        ];
        for (exposed, credentials, expected) in filter_cases {
            let filtered: Vec<_> = cors_filtered_header_list(
                &headers,
                &HeaderNames::of(exposed.iter().copied()),
                credentials,
            )
            .iter()
            .map(|(n, _)| n.to_owned())
            .collect();
            assert_eq!(
                filtered,
                owned(expected),
                "{exposed:?} credentials={credentials}"
            );
        }
    }
}
