//! The suggested fix for an embed that does not load or cannot be read:
//! the changes to the responses and to the page's markup (a `crossorigin`
//! attribute, an https URL) that make it load and read, each round verified
//! by evaluating again; or what the page would have to do instead when no
//! change can make the read work.

use std::sync::Arc;

use url::Url;

use sop_fetch_model::{CredentialsMode, Profile, Reason, SameOriginPolicy};
use sop_html::element::Element;

use super::contract::EmbedSpec;
use super::evaluate::{EmbedVerdict, evaluate_embed};
use crate::change::{Change, Fix, MarkupChange};
use crate::fix::{apply, merge, response_change};
use crate::fixture::ResponseEntry;
use crate::page::PageContext;
use crate::servers::Servers;

/// The most rounds of change-and-evaluate before giving up.
const MAX_ROUNDS: usize = 6;

/// One round's change.
enum Step {
    /// A change to the response to the request sent to this URL.
    Response(Change, Arc<Url>),
    Markup(MarkupChange, EmbedSpec),
    Impossible(String),
}

/// Suggests the fix for an embed verdict that did not load or read.
pub(crate) fn suggest_embed_fix(
    responses: &[ResponseEntry],
    page: &PageContext<'_>,
    embed: &EmbedSpec,
    verdict: &EmbedVerdict,
    profile: &Profile,
    policy: SameOriginPolicy,
) -> Fix {
    let mut responses = responses.to_vec();
    let mut spec = embed.clone();
    let mut changes: Vec<Change> = Vec::new();
    let mut markup: Vec<MarkupChange> = Vec::new();
    let mut current = std::borrow::Cow::Borrowed(verdict);
    let fix = |possible, changes, markup, why| Fix {
        possible,
        changes,
        markup,
        why,
    };
    // A frame's document is readable only when it shares the page's
    // origin, which no response changes: for a frame, loading is the goal.
    let done = |v: &EmbedVerdict| {
        v.works() || (embed.element == Element::Iframe && v.loaded && !verdict.loaded)
    };
    for _ in 0..MAX_ROUNDS {
        if done(&current) {
            break;
        }
        let Some(reason) = current.reason else { break };
        match step(reason, &current, &spec, &responses, page) {
            Step::Impossible(why) => return fix(false, changes, markup, why),
            Step::Response(change, url) => {
                let before = responses.clone();
                apply(&mut responses, &change, &url);
                if responses == before {
                    return fix(
                        false,
                        changes,
                        markup,
                        format!("still {reason} after {change}"),
                    );
                }
                merge(&mut changes, change);
            }
            Step::Markup(m, next) => {
                markup.push(m);
                spec = next;
            }
        }
        let rerun = evaluate_embed(
            page,
            &spec,
            &Servers::new(&responses),
            profile,
            false,
            policy,
        );
        current = std::borrow::Cow::Owned(rerun);
    }
    if !done(&current) {
        let why = match current.reason {
            Some(r) => format!("still {r} after {MAX_ROUNDS} changes"),
            None => "no change found".to_owned(),
        };
        return fix(false, changes, markup, why);
    }
    let mut words: Vec<String> = markup.iter().map(|m| format!("write {m}")).collect();
    words.extend(changes.iter().map(Change::to_string));
    let then = if current.works() {
        "loads and is readable"
    } else {
        "loads (its document stays another origin's: contentDocument is null)"
    };
    let why = format!(
        "{} (checked: the {} then {then})",
        words.join("; then "),
        embed.element.name()
    );
    fix(true, changes, markup, why)
}

/// The change one reason calls for.
fn step(
    reason: Reason,
    current: &EmbedVerdict,
    spec: &EmbedSpec,
    responses: &[ResponseEntry],
    page: &PageContext<'_>,
) -> Step {
    let element = spec.element;
    let Some(out) = current.sent.last() else {
        return Step::Impossible(
            "nothing was sent, so no server can change the outcome".to_owned(),
        );
    };
    let on_response = |set: &[(&str, String)], remove: &[&str]| {
        let mut c = Change {
            method: out.method.as_str().to_owned(),
            url: out.url.to_string(),
            ..Change::default()
        };
        for (n, v) in set {
            c.set.insert((*n).to_owned(), v.clone());
        }
        c.remove = remove.iter().map(|r| (*r).to_owned()).collect();
        Step::Response(c, out.url.clone())
    };
    match reason {
        // An opaque response is used but not read: ask for CORS.
        Reason::TaintedCanvas | Reason::MutedScriptError | Reason::CrossOriginStylesheet
            if spec.crossorigin.is_none() && element.takes_crossorigin() =>
        {
            let mut next = spec.clone();
            next.crossorigin = Some("anonymous".to_owned());
            let m = MarkupChange {
                element: element.name().to_owned(),
                attribute: "crossorigin".to_owned(),
                value: Some("anonymous".to_owned()),
            };
            Step::Markup(m, next)
        }
        Reason::CrossOriginFrame => Step::Impossible(
            "no server change makes another origin's document readable: a page reads a frame only when both share an origin; have the frame's script send what the page needs with postMessage(data, \"<the page's origin>\")".to_owned(),
        ),
        // Mixed content: the page must ask for the https URL.
        Reason::MixedContent => {
            let mut url = Url::clone(&out.url);
            if url.set_scheme("https").is_err() {
                return Step::Impossible("serve the resource over https".to_owned());
            }
            let mut next = spec.clone();
            next.url = url.to_string();
            let m = MarkupChange {
                element: element.name().to_owned(),
                attribute: url_attribute(element).to_owned(),
                value: Some(url.to_string()),
            };
            Step::Markup(m, next)
        }
        Reason::XFrameOptions => on_response(
            &[(
                "Content-Security-Policy",
                format!("frame-ancestors 'self' {}", page.origin.ascii_serialization()),
            )],
            &["X-Frame-Options"],
        ),
        Reason::FrameAncestors if page.sandboxed => Step::Impossible(
            "a sandboxed page has an opaque origin, which no frame-ancestors source matches; drop the page's sandbox or add allow-same-origin".to_owned(),
        ),
        Reason::FrameAncestors => on_response(
            &[(
                "Content-Security-Policy",
                format!("frame-ancestors 'self' {}", page.origin.ascii_serialization()),
            )],
            &[],
        ),
        // ORB sniffed the body: no Content-Type makes JSON or HTML an image.
        Reason::OrbBlocked
            if Servers::new(responses)
                .entry_for(out)
                .is_some_and(|e| e.body.is_present()) =>
        {
            Step::Impossible(format!(
                "the response is data (HTML, JSON or XML), not {}: ORB drops it whatever its headers say; point the element at the resource itself, or read the data with fetch() and CORS",
                resource_words(element)
            ))
        }
        Reason::MimeTypeBlocked | Reason::OrbBlocked => match content_type(element) {
            Some(t) => on_response(&[("Content-Type", t.to_owned())], &[]),
            None => Step::Impossible("serve the resource with its own MIME type".to_owned()),
        },
        Reason::DecodeError => Step::Impossible(format!(
            "the bytes are not {} the element can decode: serve the resource itself",
            resource_words(element)
        )),
        // The element refused the status.
        Reason::InvalidStatus => {
            let mut c = Change {
                method: out.method.as_str().to_owned(),
                url: out.url.to_string(),
                ..Change::default()
            };
            c.status = Some(200);
            Step::Response(c, out.url.clone())
        }
        other => {
            let include = current.asked.credentials == CredentialsMode::Include;
            match response_change(other, out, responses, include) {
                Ok(change) => Step::Response(change, out.url.clone()),
                Err(why) => Step::Impossible(why.to_owned()),
            }
        }
    }
}

/// What an element's resource is, in words.
fn resource_words(element: Element) -> &'static str {
    match element {
        Element::Img => "an image",
        Element::Font => "a font",
        Element::Script | Element::ModuleScript => "a script",
        Element::Stylesheet => "a style sheet",
        Element::Iframe => "a document",
        _ => "media",
    }
}

/// The attribute that holds an element's URL.
fn url_attribute(element: Element) -> &'static str {
    match element {
        Element::Stylesheet => "href",
        _ => "src",
    }
}

/// The MIME type an element's resource is served with.
fn content_type(element: Element) -> Option<&'static str> {
    Some(match element {
        Element::Img => "image/png",
        Element::Script | Element::ModuleScript => "text/javascript",
        Element::Stylesheet => "text/css",
        Element::Font => "font/ttf",
        Element::Video => "video/webm",
        Element::Audio => "audio/wav",
        _ => return None,
    })
}
