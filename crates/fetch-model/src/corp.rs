//! Cross-Origin-Resource-Policy. <https://fetch.spec.whatwg.org/#cross-origin-resource-policy-header>

use sop_origin::{Origin, schemelessly_same_site};

use crate::cors::CheckFailure;
use crate::headers::HeaderList;
use crate::reason::Reason;
use crate::request::{Mode, Request};
use crate::trace::{Decision, Trace};

/// The cross-origin resource policy internal check of a no-cors response.
/// <https://fetch.spec.whatwg.org/#cross-origin-resource-policy-internal-check>
pub fn corp_check(
    request: &Request,
    headers: &HeaderList,
    trace: &mut Trace,
) -> Result<(), CheckFailure> {
    const ANCHOR: &str = "fetch#cross-origin-resource-policy-internal-check";
    const STEP: &str = "Cross-Origin-Resource-Policy";
    // 1. Only no-cors requests are checked.
    if request.mode != Mode::NoCors {
        return Ok(());
    }
    // 2-3. The header's value, ignored unless exactly one of the three.
    let policy = headers.get("cross-origin-resource-policy");
    let url_origin = Origin::of_url(request.current_url());
    let blocked = match policy.as_deref() {
        // 5. same-origin: the response's URL must be same origin.
        Some("same-origin") => request.origin != url_origin,
        // same-site: schemelessly same site, and no https response to an
        // http page.
        Some("same-site") => {
            let https_to_http = request.current_url().scheme() == "https"
                && request
                    .origin
                    .as_tuple()
                    .is_none_or(|t| t.scheme() != "https");
            !schemelessly_same_site(&request.origin, &url_origin) || https_to_http
        }
        // null (absent or unknown) and cross-origin allow.
        _ => false,
    };
    let shown = policy.as_deref().unwrap_or("absent");
    if blocked {
        trace.push(ANCHOR, STEP, Decision::Fail, || format!("policy {shown:?} and the response is from {url_origin}, the request's origin is {}", request.origin));
        return Err(CheckFailure {
            reason: Reason::CorpBlocked,
            value: policy,
        });
    }
    if policy.is_some() {
        trace.push(ANCHOR, STEP, Decision::Pass, || {
            format!("policy {shown:?} allows {}", request.origin)
        });
    }
    Ok(())
}
