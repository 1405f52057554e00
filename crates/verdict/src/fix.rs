//! The suggested fix: the smallest change to the servers' response headers
//! that would expose a blocked read, found by changing the responses and
//! evaluating again until the read goes through (so every suggestion is
//! verified by the same engine), or the reason no header change helps.

use std::fmt::Write;

use url::Url;

use sop_fetch_model::{Outgoing, PreflightCache, Profile, Reason, SameOriginPolicy, Trace};

pub use crate::change::{Change, Fix, MarkupChange};
use crate::fixture::{
    AbsoluteUrl, Headers, Outcome, ResponseBody, ResponseEntry, Scenario, ScriptRequest,
};
use crate::page::PageContext;
use crate::script::{ScriptCall, build_request_among};
use crate::servers::{Applied, Servers, WireForms, answering, has_nul};
use crate::verdict::{TrialStart, Verdict, evaluate_call};

/// The most rounds of change-and-evaluate before giving up.
const MAX_ROUNDS: usize = 8;

/// Suggests the fix for a blocked verdict.
pub fn suggest_fix(
    scenario: &Scenario,
    page: &PageContext<'_>,
    call: &ScriptRequest,
    verdict: &Verdict,
    profile: &Profile,
) -> Fix {
    suggest_fix_under(
        scenario,
        page,
        call,
        verdict,
        profile,
        SameOriginPolicy::Enforced,
        WireForms::default(),
    )
}

/// [`suggest_fix`] for a verdict reached with the same-origin policy
/// enforced or off: each trial runs the same way. `wire` is what the
/// servers of the run learnt of the scenario's responses.
pub(crate) fn suggest_fix_under(
    scenario: &Scenario,
    page: &PageContext<'_>,
    call: &ScriptRequest,
    verdict: &Verdict,
    profile: &Profile,
    policy: SameOriginPolicy,
    wire: WireForms,
) -> Fix {
    let include = call.credentials == crate::fixture::CredentialsName::Include;
    // The script layer does not read the responses: its request is built
    // once, the machine started on it once, and each trial runs a copy of
    // that start.
    let known = &scenario.responses;
    let start = match build_request_among(page, call, profile, &mut Trace::disabled(), known) {
        ScriptCall::Request(request) => Some(TrialStart::new(*request, profile, policy)),
        // A call the API refuses sends nothing, so no trial ever runs.
        ScriptCall::Throws { .. } => None,
    };
    fix_by_trial(
        scenario.responses.clone(),
        wire,
        verdict,
        include,
        |servers| match &start {
            Some(start) => start.run(servers),
            None => {
                let mut cache = PreflightCache::new();
                let now = std::time::Duration::ZERO;
                evaluate_call(page, call, servers, profile, &mut cache, now, false, policy)
            }
        },
    )
}

/// Changes `responses` as each reason calls for and evaluates again with
/// `rerun`, until the read goes through or no change can help. `wire` is
/// what is known of the responses' wire forms (see [`WireForms`]).
pub(crate) fn fix_by_trial(
    mut responses: Vec<ResponseEntry>,
    mut wire: WireForms,
    verdict: &Verdict,
    include: bool,
    mut rerun: impl FnMut(&Servers<'_>) -> Verdict,
) -> Fix {
    let mut changes: Vec<Change> = Vec::new();
    // The verdict being fixed: the caller's at first, then each re-run's.
    let mut current = std::borrow::Cow::Borrowed(verdict);
    for _ in 0..MAX_ROUNDS {
        let Some(reason) = current.reason else { break };
        let last = current.sent.last();
        let kind = match last {
            Some(out) => change_kind(reason, out, &responses),
            None => reason_change(reason),
        };
        let (change, out) = match (kind, last) {
            (Err(why), _) => {
                return Fix {
                    possible: false,
                    changes,
                    markup: Vec::new(),
                    why: why.to_owned(),
                };
            }
            (Ok(_), None) => {
                return Fix {
                    possible: false,
                    changes,
                    markup: Vec::new(),
                    why: "nothing was sent, so no server can change the outcome".to_owned(),
                };
            }
            (Ok(kind), Some(out)) => {
                let refused_header = match (current.reason, &current.blocked) {
                    (Some(Reason::HeaderDisallowedByPreflightResponse), Some(b)) => {
                        b.value.as_deref()
                    }
                    _ => None,
                };
                (kind.change(out, refused_header, &responses, include), out)
            }
        };
        wire.forget(apply(&mut responses, &change, &out.url));
        merge(&mut changes, change);
        let servers = Servers::knowing(&responses, wire);
        current = std::borrow::Cow::Owned(rerun(&servers));
        wire = servers.wire_forms();
        if current.outcome != Outcome::Blocked {
            let mut why = String::with_capacity(256);
            for (i, change) in changes.iter().enumerate() {
                why.push_str(if i == 0 { "" } else { "; then " });
                let _ = write!(why, "{change}");
            }
            why.push_str(" (checked: the read is then ");
            why.push_str(current.outcome.as_str());
            why.push(')');
            return Fix {
                possible: true,
                changes,
                markup: Vec::new(),
                why,
            };
        }
    }
    let why = match current.reason {
        Some(r) => format!("still blocked ({r}) after {MAX_ROUNDS} changes"),
        None => "no change found".to_owned(),
    };
    Fix {
        possible: false,
        changes,
        markup: Vec::new(),
        why,
    }
}

/// What kind of change a reason calls for.
enum ChangeKind {
    AllowOrigin,
    AllowOriginAndCredentials,
    AllowCredentials,
    OkStatus,
    NoRedirect,
    AllowMethod,
    AllowHeader,
    CorpCrossOrigin,
    ValidHttp,
}

fn reason_change(reason: Reason) -> Result<ChangeKind, &'static str> {
    use Reason::*;
    Ok(match reason {
        MissingAllowOriginHeader
        | AllowOriginMismatch
        | InvalidAllowOriginValue
        | MultipleAllowOriginValues
        | PreflightMissingAllowOriginHeader
        | PreflightAllowOriginMismatch
        | PreflightInvalidAllowOriginValue
        | PreflightMultipleAllowOriginValues => ChangeKind::AllowOrigin,
        WildcardOriginNotAllowed | PreflightWildcardOriginNotAllowed => {
            ChangeKind::AllowOriginAndCredentials
        }
        InvalidAllowCredentials | PreflightInvalidAllowCredentials => ChangeKind::AllowCredentials,
        PreflightInvalidStatus => ChangeKind::OkStatus,
        PreflightDisallowedRedirect => ChangeKind::NoRedirect,
        InvalidAllowMethodsPreflightResponse | MethodDisallowedByPreflightResponse => {
            ChangeKind::AllowMethod
        }
        InvalidAllowHeadersPreflightResponse | HeaderDisallowedByPreflightResponse => {
            ChangeKind::AllowHeader
        }
        CorpBlocked => ChangeKind::CorpCrossOrigin,
        ForbiddenMethod => {
            return Err(
                "CONNECT, TRACE and TRACK can never be sent by a script; no response can change that",
            );
        }
        NoCorsMethod => {
            return Err(
                "mode no-cors allows only GET, HEAD and POST; use mode cors and have the server allow the method",
            );
        }
        InvalidUrl => {
            return Err(
                "the script's URL does not parse (or carries credentials); fix the URL in the script",
            );
        }
        DisallowedByMode => {
            return Err(
                "mode same-origin refuses other origins whatever the server sends; use mode cors",
            );
        }
        CorsDisabledScheme => {
            return Err(
                "cross-origin requests work only over http and https; no header enables other schemes",
            );
        }
        MixedContent => {
            return Err("an https page cannot fetch http URLs; serve the resource over https");
        }
        RedirectModeError => {
            return Err(
                "the script asked for redirect \"error\"; the server must answer directly instead of redirecting",
            );
        }
        TooManyRedirects => return Err("the redirects never end; the server must break the loop"),
        RedirectUnsupportedScheme => return Err("a redirect must point to an http or https URL"),
        RedirectContainsCredentials => {
            return Err("the redirect's Location must not carry a username and password");
        }
        NetworkError => {
            return Err("the server did not answer at all; no header can fix a failed connection");
        }
        OrbBlocked => {
            return Err(
                "Opaque Response Blocking drops a no-cors response that is not an image, media, script or style sheet; serve one, or read the data with fetch() and CORS",
            );
        }
        MimeTypeBlocked => {
            return Err("serve the response with the MIME type its element needs");
        }
        InvalidStatus => {
            return Err("the element needs an ok status (200-299); answer with one");
        }
        DecodeError => {
            return Err(
                "the bytes are not a resource the element can decode; serve the resource itself",
            );
        }
        XFrameOptions | FrameAncestors => {
            return Err(
                "the document refuses to be framed; only its own headers can allow the page",
            );
        }
        TaintedCanvas | MutedScriptError | CrossOriginStylesheet => {
            return Err(
                "the page must ask for CORS (a crossorigin attribute) and the server must allow it",
            );
        }
        CrossOriginAccess
        | TargetOriginMismatch
        | OpenerSevered
        | DocumentDomainIgnored
        | DocumentDomainRefused => {
            return Err(
                "a window's access is the two documents' to arrange (postMessage, document.domain); each result of a window verdict says what works instead",
            );
        }
        CrossOriginFrame => {
            return Err(
                "a page never reads the document of a frame from another origin; talk to it with postMessage",
            );
        }
        // A reason added to the vocabulary before its fix (the test below
        // walks every reason, so this never ships).
        _ => return Err(UNMAPPED_REASON),
    })
}

/// The server change for a fetch-level failure of `out`, a request that
/// needs no preflight (an element's), or why no server change helps.
pub(crate) fn response_change(
    reason: Reason,
    out: &Outgoing,
    responses: &[ResponseEntry],
    include: bool,
) -> Result<Change, &'static str> {
    Ok(change_kind(reason, out, responses)?.change(out, None, responses, include))
}

/// What kind of change the failure of `out` for `reason` calls for.
fn change_kind(
    reason: Reason,
    out: &Outgoing,
    responses: &[ResponseEntry],
) -> Result<ChangeKind, &'static str> {
    // A network error because the answer was not valid HTTP is the
    // server's to fix, unlike a connection that failed. (Only a network
    // error can be one: the machine fails an invalid answer with
    // `network-error`.)
    let invalid = reason == Reason::NetworkError
        && matches!(
            Servers::new(responses).answer(out),
            sop_fetch_model::Incoming::InvalidResponse
        );
    if invalid {
        Ok(ChangeKind::ValidHttp)
    } else {
        reason_change(reason)
    }
}

/// What a reason without a fix of its own says.
pub(crate) const UNMAPPED_REASON: &str = "sop knows no fix for this reason yet";

impl ChangeKind {
    /// The change to the response to `out`; `refused_header` is the
    /// header name a preflight answer did not allow, when that failed.
    fn change(
        &self,
        out: &Outgoing,
        refused_header: Option<&str>,
        responses: &[ResponseEntry],
        include: bool,
    ) -> Change {
        // The value the check compares with: the Origin header sent. When
        // that is `null` (a sandboxed page, or a tainted redirect chain), `*`
        // is the safer answer without credentials: `null` would admit every
        // opaque document.
        let sent = out
            .headers
            .get("origin")
            .unwrap_or_else(|| "null".to_owned());
        let origin =
            if sent == "null" && !include && !matches!(self, ChangeKind::AllowOriginAndCredentials)
            {
                "*".to_owned()
            } else {
                sent
            };
        let existing = answering(responses, &out.method, &out.url).map(|(_, e)| e);
        let header = |name: &str| {
            existing.as_ref().and_then(|e| {
                e.headers
                    .0
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.to_owned())
            })
        };
        let mut c = Change {
            method: out.method.as_str().to_owned(),
            url: out.url.as_str().to_owned(),
            ..Change::default()
        };
        match self {
            ChangeKind::AllowOrigin => {
                c.set.insert("Access-Control-Allow-Origin".into(), origin);
            }
            ChangeKind::AllowOriginAndCredentials => {
                c.set.insert("Access-Control-Allow-Origin".into(), origin);
                c.set
                    .insert("Access-Control-Allow-Credentials".into(), "true".into());
            }
            ChangeKind::AllowCredentials => {
                c.set
                    .insert("Access-Control-Allow-Credentials".into(), "true".into());
            }
            ChangeKind::OkStatus => c.status = Some(204),
            ChangeKind::NoRedirect => {
                c.status = Some(204);
                c.remove.push("Location".into());
            }
            ChangeKind::AllowMethod => {
                let method = out
                    .headers
                    .get("access-control-request-method")
                    .unwrap_or_default();
                c.set.insert(
                    "Access-Control-Allow-Methods".into(),
                    extend_list(header("access-control-allow-methods"), &method, include),
                );
            }
            ChangeKind::AllowHeader => {
                let wanted = match refused_header {
                    Some(name) => name.to_owned(),
                    None => out
                        .headers
                        .get("access-control-request-headers")
                        .unwrap_or_default(),
                };
                c.set.insert(
                    "Access-Control-Allow-Headers".into(),
                    extend_list(header("access-control-allow-headers"), &wanted, include),
                );
            }
            ChangeKind::CorpCrossOrigin => {
                c.set
                    .insert("Cross-Origin-Resource-Policy".into(), "cross-origin".into());
            }
            ChangeKind::ValidHttp => {
                // Without its NUL bytes a value is written as meant; a name
                // with one cannot be, so that header goes.
                for (name, value) in existing.iter().flat_map(|e| e.headers.0.iter()) {
                    if has_nul(name) {
                        c.remove.push(name.to_owned());
                    } else if has_nul(value) {
                        c.set.insert(name.to_owned(), value.replace('\0', ""));
                    }
                }
            }
        }
        c
    }
}

/// `existing, item` when the existing list parses as tokens, else `item`.
/// With credentials a `*` in the list is dropped: it then names no method
/// or header at all (CORS-preflight fetch 7.5 and 7.7), and keeping it
/// would teach that it helps.
fn extend_list(existing: Option<String>, item: &str, include: bool) -> String {
    let Some(existing) = existing else {
        return item.to_owned();
    };
    let items: Vec<&str> = existing
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if !items.iter().all(|t| sop_fetch_model::headers::is_token(t)) {
        return item.to_owned();
    }
    let mut kept: Vec<&str> = items
        .into_iter()
        .filter(|t| !(include && *t == "*"))
        .collect();
    kept.push(item);
    kept.join(", ")
}

/// Applies `change` to the response that answers its request, adding one
/// when no response does.
///
/// `url` is the request's URL as sent, the one `change.url` serialises: a
/// trial takes it from the request rather than parsing the text again.
pub(crate) fn apply(responses: &mut Vec<ResponseEntry>, change: &Change, url: &Url) -> Applied {
    let index = answering(responses, &change.method, url).map(|(i, _)| i);
    let applied = match index {
        Some(i) => Applied::Changed(i),
        None => Applied::Inserted,
    };
    let entry = match index {
        Some(i) => &mut responses[i],
        None => {
            responses.insert(
                0,
                ResponseEntry {
                    url: AbsoluteUrl::from(url.clone()),
                    method: (change.method == "OPTIONS").then(|| "OPTIONS".to_owned()),
                    status: if change.method == "OPTIONS" { 204 } else { 200 },
                    headers: Headers::default(),
                    body: ResponseBody::Absent,
                    network_error: false,
                },
            );
            &mut responses[0]
        }
    };
    if let Some(s) = change.status {
        entry.status = s;
    }
    for name in change.set.keys().chain(change.remove.iter()) {
        entry.headers.0.delete(name);
    }
    for (n, v) in &change.set {
        entry.headers.0.push(n, v);
    }
    applied
}

pub(crate) fn merge(changes: &mut Vec<Change>, change: Change) {
    match changes
        .iter_mut()
        .find(|c| c.method == change.method && c.url == change.url)
    {
        Some(c) => {
            c.status = change.status.or(c.status);
            c.set.extend(change.set);
            c.remove.extend(change.remove);
        }
        None => changes.push(change),
    }
}

#[cfg(test)]
mod tests {
    use super::{UNMAPPED_REASON, extend_list, reason_change};

    /// Every reason of the vocabulary calls for a change or says why none
    /// helps: the match above must not fall through for a known reason.
    #[test]
    fn every_reason_has_its_own_fix() {
        for reason in sop_fetch_model::Reason::ALL {
            assert_ne!(
                reason_change(reason).err(),
                Some(UNMAPPED_REASON),
                "{reason}"
            );
        }
    }

    #[test]
    fn lists_grow_by_the_missing_item_and_lose_a_useless_wildcard() {
        let cases = [
            (None, false, "PUT"),
            (Some("GET, POST"), false, "GET, POST, PUT"),
            (Some("  "), false, "PUT"),
            // Not a list of tokens: replaced, not extended.
            (Some("GET;POST"), false, "PUT"),
            // With credentials `*` is the literal name `*`: it never helps.
            (Some("*, GET"), true, "GET, PUT"),
            (Some("*"), true, "PUT"),
            // Without credentials `*` would have covered it; kept as written.
            (Some("*"), false, "*, PUT"),
        ];
        for (existing, include, expected) in cases {
            assert_eq!(
                extend_list(existing.map(str::to_owned), "PUT", include),
                expected,
                "{existing:?} include={include}"
            );
        }
    }
}
