//! Cross-Origin-Resource-Policy. <https://fetch.spec.whatwg.org/#cross-origin-resource-policy-header>

use crate::anchor;
use sop_origin::{Host, Origin, schemelessly_same_site};

use crate::cors::CheckFailure;
use crate::headers::HeaderList;
use crate::profile::Profile;
use crate::reason::Reason;
use crate::request::{Mode, Request};
use crate::trace::{Decision, Trace};

/// The cross-origin resource policy internal check of a no-cors response.
/// <https://fetch.spec.whatwg.org/#cross-origin-resource-policy-internal-check>
pub fn corp_check(
    request: &Request,
    headers: &HeaderList,
    profile: &Profile,
    trace: &mut Trace,
) -> Result<(), CheckFailure> {
    const ANCHOR: &str = anchor::CORP_INTERNAL_CHECK;
    const STEP: &str = "Cross-Origin-Resource-Policy";
    // CORP internal check 1. Only no-cors requests are checked.
    if request.mode != Mode::NoCors {
        return Ok(());
    }
    // CORP internal check 2-3. The header's value, ignored unless exactly one of the three.
    // CORP internal check 4. Absent (null): allowed, with nothing to say.
    let Some(policy) = headers.get("cross-origin-resource-policy") else {
        return Ok(());
    };
    let url_origin = Origin::of_url(request.current_url());
    let blocked = match policy.as_str() {
        // CORP internal check 5. same-origin: the response's URL must be same origin.
        "same-origin" => request.origin != url_origin,
        // same-site: schemelessly same site, and no https response to an
        // http page.
        "same-site" => {
            let https_to_http = request.current_url().scheme() == "https"
                && request
                    .origin
                    .as_tuple()
                    .is_none_or(|t| t.scheme() != "https");
            // Chromium compares registrable domains, which IP hosts lack.
            let ip_host = |o: &Origin| {
                o.as_tuple()
                    .is_some_and(|t| matches!(t.host(), Host::Ipv4(_) | Host::Ipv6(_)))
            };
            let ip_refused = profile.corp_same_site_refuses_ip_hosts
                && (ip_host(&request.origin) || ip_host(&url_origin));
            if ip_refused && schemelessly_same_site(&request.origin, &url_origin) {
                trace.push_departure(
                    ANCHOR,
                    STEP,
                    Decision::Note,
                    "same-site between IP-address hosts is refused",
                    "equal IP hosts are schemelessly same site",
                );
            }
            !schemelessly_same_site(&request.origin, &url_origin) || https_to_http || ip_refused
        }
        // An unknown value (null) and cross-origin allow.
        _ => false,
    };
    if blocked {
        trace.push(ANCHOR, STEP, Decision::Fail, || format!("policy {policy:?} and the response is from {url_origin}, the request's origin is {}", request.origin));
        return Err(CheckFailure {
            reason: Reason::CorpBlocked,
            value: Some(policy),
        });
    }
    trace.push(ANCHOR, STEP, Decision::Pass, || {
        format!("policy {policy:?} allows {}", request.origin)
    });
    Ok(())
}
