//! The walkthrough of an embed: the page and the element, what it asked
//! Fetch for, each decision (Fetch's, then HTML's) with its link, the
//! wire, whether the element used the resource and whether script could
//! read it, Chromium's message and the fix. It renders the trace.

use std::fmt::Write as _;

use sop_fetch_model::Reason;
use sop_fetch_model::metadata::{dest_value, mode_value};
use sop_html::element::Element;
use sop_origin::parse_url_with_base;

use super::contract::EmbedSpec;
use super::evaluate::{EmbedVerdict, credentials_value};
use crate::explain::{
    Style, explain_decisions, explain_fix, explain_target, explain_wire, handout_fix, page_facts,
    page_party, target_facts,
};
use crate::handout::{Part, Row, Sequence, Tone, Toned};
use crate::page::PageContext;

/// Writes the explanation of an embed verdict into `s`.
pub(crate) fn explain_embed(
    s: &mut String,
    page: &PageContext<'_>,
    embed: &EmbedSpec,
    v: &EmbedVerdict,
    style: Style,
) {
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{}    {}  (origin {}{})",
        style.bold("Page"),
        page.url,
        page.origin,
        if page.sandboxed {
            ", sandboxed: opaque"
        } else {
            ""
        }
    );
    let _ = writeln!(s, "{} {}", style.bold("Element"), markup(embed));
    let _ = writeln!(
        s,
        "        asks for mode {}, credentials {}, destination {}",
        mode_value(v.asked.mode),
        credentials_value(v.asked.credentials),
        dest_value(v.asked.destination)
    );
    if !style.brief
        && let Ok(url) = parse_url_with_base(&embed.url, page.url)
    {
        explain_target(s, &page.origin, &url, style);
    }
    explain_decisions(s, &v.trace, style, false);
    explain_wire(s, &v.sent, &v.answers, &v.requests());
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{} {}",
        style.bold("Verdict"),
        style.tone(&embed_verdict(v))
    );
    let _ = writeln!(s, "  {}", what_the_page_sees(v));
    if let Some(m) = &v.message {
        let _ = writeln!(s, "\n{}\n  {m}", style.bold("Console"));
    }
    if let Some(fix) = &v.fix {
        explain_fix(s, fix, style, checked(v));
    }
}

/// How an embed verdict's fix was verified.
fn checked(v: &EmbedVerdict) -> &'static str {
    if v.element == Element::Iframe {
        "checked: with these changes sop loads it"
    } else {
        "checked: with these changes sop loads and reads it"
    }
}

/// Whether the element loaded and whether script may read it.
fn embed_verdict(v: &EmbedVerdict) -> Toned {
    let reason = v.reason.map_or("", |r| r.code());
    match (v.loaded, v.readable) {
        (true, true) => Toned {
            tone: Tone::Good,
            text: "LOADED, READABLE".to_owned(),
        },
        (true, false) => Toned {
            tone: Tone::Partial,
            text: format!("LOADED, NOT READABLE ({reason})"),
        },
        (false, _) => Toned {
            tone: Tone::Bad,
            text: format!("NOT LOADED ({reason})"),
        },
    }
}

/// The handout's part of an embed scenario.
pub(crate) fn handout_part(page: &PageContext<'_>, embed: &EmbedSpec, v: &EmbedVerdict) -> Part {
    let mut facts = page_facts(page);
    facts.push(("Element", markup(embed)));
    facts.push((
        "Asks for",
        format!(
            "mode {}, credentials {}, destination {}",
            mode_value(v.asked.mode),
            credentials_value(v.asked.credentials),
            dest_value(v.asked.destination)
        ),
    ));
    if let Ok(url) = parse_url_with_base(&embed.url, page.url) {
        facts.extend(target_facts(&page.origin, &url));
    }
    let verdict = embed_verdict(v);
    let mut exchange = Sequence::wire(page_party(page), &v.sent, &v.answers, &v.requests());
    exchange.outcome = Some((verdict.tone, verdict.text.clone()));
    let fix = handout_fix(v.fix.as_ref(), checked(v));
    Part {
        heading: None,
        facts,
        decisions: Row::from_trace(&v.trace, false),
        exchange_title: "On the wire",
        exchange,
        outcome: vec![Toned {
            tone: verdict.tone,
            text: what_the_page_sees(v).to_owned(),
        }],
        verdict,
        console: v.message.iter().cloned().collect(),
        fix,
    }
}

/// The element as markup.
fn markup(embed: &EmbedSpec) -> String {
    let co = match &embed.crossorigin {
        Some(v) if v.is_empty() => " crossorigin".to_owned(),
        Some(v) => format!(" crossorigin=\"{v}\""),
        None => String::new(),
    };
    let url = &embed.url;
    match embed.element {
        Element::Img => format!("<img src=\"{url}\"{co}>"),
        Element::Script => format!("<script src=\"{url}\"{co}></script>"),
        Element::ModuleScript => format!("<script type=\"module\" src=\"{url}\"{co}></script>"),
        Element::Stylesheet => format!("<link rel=\"stylesheet\" href=\"{url}\"{co}>"),
        Element::Font => format!("@font-face {{ src: url(\"{url}\") }}"),
        Element::Video => format!("<video src=\"{url}\"{co}></video>"),
        Element::Audio => format!("<audio src=\"{url}\"{co}></audio>"),
        Element::Iframe => format!("<iframe src=\"{url}\"></iframe>"),
        _ => url.clone(),
    }
}

/// What the element and the page's script end up with, in words.
fn what_the_page_sees(v: &EmbedVerdict) -> &'static str {
    match (v.element, v.loaded, v.readable) {
        (Element::Stylesheet, false, _)
            if v.reason == Some(Reason::MimeTypeBlocked) && v.blocked.is_none() =>
        {
            "the link fires load, but the style sheet is not applied"
        }
        (Element::Iframe, false, _) if v.blocked.is_none() => {
            "the frame fires load, but shows Chromium's error page instead of the document"
        }
        (_, false, _) => "the element fires error and uses nothing",
        (Element::Img, true, true) => "the image shows, and a canvas it is drawn on stays readable",
        (Element::Img, true, false) => {
            "the image shows, but drawing it taints the canvas: getImageData throws SecurityError"
        }
        (Element::Video, true, true) => {
            "the video plays, and a canvas its frames are drawn on stays readable"
        }
        (Element::Video, true, false) => {
            "the video plays, but drawing it taints the canvas: getImageData throws SecurityError"
        }
        (Element::Script, true, true) => {
            "the script runs, and its errors reach window.onerror in full"
        }
        (Element::Script, true, false) => {
            "the script runs, but its errors reach window.onerror as \"Script error.\" with no details"
        }
        (Element::ModuleScript, true, _) => {
            "the module runs (a module script is always CORS-same-origin)"
        }
        (Element::Stylesheet, true, true) => "the style sheet applies, and cssRules can be read",
        (Element::Stylesheet, true, false) => {
            "the style sheet applies, but reading cssRules throws SecurityError"
        }
        (Element::Font, true, _) => "the font loads and the text uses it",
        (Element::Audio, true, _) => "the audio plays",
        (Element::Iframe, true, true) => {
            "the frame shows the document, and contentDocument gives it to the page"
        }
        (Element::Iframe, true, false) => {
            "the frame shows the document, but contentDocument is null: another origin's document"
        }
        _ => "",
    }
}
