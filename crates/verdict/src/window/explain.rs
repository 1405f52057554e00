//! The walkthrough of a window scenario: both documents and how their
//! origins relate, the handle, each `document.domain`, the decisions, and
//! each operation with what it did.

use std::fmt::Write as _;

use sop_origin::same_site;

use super::contract::WindowBody;
use super::evaluate::{AccessResult, DomainResult, WindowVerdict};
use crate::explain::{Style, explain_decisions, page_facts, yes_no};
use crate::handout::{ArrowKind, Part, Row, Sequence, Tone, Toned};
use crate::page::PageContext;

/// Writes the explanation of a window verdict into `s`.
pub(crate) fn explain_window(
    s: &mut String,
    page: &PageContext<'_>,
    body: &WindowBody,
    v: &WindowVerdict,
    style: Style,
) {
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{}   {}  (origin {})",
        style.bold("Page"),
        page.url,
        v.page_origin.ascii_serialization()
    );
    let what = other_document(body);
    let _ = writeln!(
        s,
        "{}  {what} as {}  (origin {})",
        style.bold("Other"),
        v.relation.name(),
        v.other_origin.ascii_serialization()
    );
    let so = v.page_origin.same_origin(&v.other_origin);
    let _ = writeln!(
        s,
        "       same origin: {}   same site: {}",
        yes_no(so),
        yes_no(same_site(&v.page_origin, &v.other_origin))
    );
    for (who, d) in ["page", "other"].iter().zip(&v.domains) {
        let Some(d) = d else { continue };
        let what = style.tone(&domain_result(d));
        let _ = writeln!(s, "       {who}: document.domain assigned: {what}");
        if let Some(m) = &d.message {
            let _ = writeln!(s, "         {}", style.dim(m));
        }
        if let Some(f) = &d.fix {
            let _ = writeln!(s, "         instead: {f}");
        }
    }
    explain_decisions(s, &v.trace, style, false);
    let _ = writeln!(s, "\n{}", style.bold("Operations"));
    for r in &v.results {
        let head = format!("{} {}", r.op, r.path);
        let verdict = style.tone(&access_result(r));
        let _ = writeln!(s, "  {head}: {verdict}");
        if let Some(m) = &r.message {
            let _ = writeln!(s, "    {}", style.dim(m));
        }
        if let Some(f) = &r.fix {
            let _ = writeln!(s, "    instead: {f}");
        }
    }
}

/// What a `document.domain` assignment did.
fn domain_result(d: &DomainResult) -> Toned {
    match (d.allowed, d.reason) {
        (false, _) => Toned {
            tone: Tone::Bad,
            text: format!(
                "{} ({})",
                d.error.unwrap_or("refused"),
                d.reason.map_or("", |r| r.code())
            ),
        },
        (true, Some(r)) => Toned {
            tone: Tone::Partial,
            text: format!("ignored ({r})"),
        },
        (true, None) => Toned {
            tone: Tone::Good,
            text: format!("set: document.domain reads {}", d.value),
        },
    }
}

/// What an operation did: the value read, whether a message arrived, or
/// the exception and its reason.
fn access_result(r: &AccessResult) -> Toned {
    let (tone, text) = if r.allowed {
        match (&r.value, r.delivered) {
            (Some(val), _) => (Tone::Good, format!("allowed, reads {val}")),
            (_, Some(true)) => (
                Tone::Good,
                format!(
                    "allowed, delivered (event.origin {})",
                    r.event_origin.as_deref().unwrap_or("")
                ),
            ),
            (_, Some(false)) => (
                Tone::Partial,
                format!(
                    "allowed, not delivered ({})",
                    r.reason.map_or("", |x| x.code())
                ),
            ),
            _ => (Tone::Good, "allowed".to_owned()),
        }
    } else {
        (
            Tone::Bad,
            format!(
                "{} ({})",
                r.error.unwrap_or("refused"),
                r.reason.map_or("", |x| x.code())
            ),
        )
    };
    Toned { tone, text }
}

/// The handout's part of a window scenario: the operations are the
/// exchange, between the page and the other window.
pub(crate) fn handout_part(page: &PageContext<'_>, body: &WindowBody, v: &WindowVerdict) -> Part {
    let mut facts = page_facts(page);
    facts.push((
        "Other",
        format!(
            "{} as {}  (origin {})",
            other_document(body),
            v.relation.name(),
            v.other_origin.ascii_serialization()
        ),
    ));
    facts.push((
        "Compared",
        format!(
            "same origin: {}, same site: {}",
            yes_no(v.page_origin.same_origin(&v.other_origin)),
            yes_no(same_site(&v.page_origin, &v.other_origin))
        ),
    ));
    let mut console = Vec::new();
    let mut fix = Vec::new();
    for (who, d) in [("page", &v.domains[0]), ("other", &v.domains[1])] {
        let Some(d) = d else { continue };
        facts.push((
            if who == "page" {
                "Page's document.domain"
            } else {
                "Other's document.domain"
            },
            domain_result(d).text,
        ));
        console.extend(d.message.clone());
        fix.extend(
            d.fix
                .as_ref()
                .map(|f| format!("instead of the {who}'s document.domain: {f}")),
        );
    }
    let mut exchange = Sequence::new(format!("page {}", v.page_origin.ascii_serialization()));
    let other = exchange.party(&format!(
        "{} {}",
        v.relation.name(),
        v.other_origin.ascii_serialization()
    ));
    let mut outcome = Vec::new();
    for r in &v.results {
        let head = format!("{} {}", r.op, r.path);
        let result = access_result(r);
        exchange.arrow(0, other, head.clone(), Vec::new(), ArrowKind::Request);
        let kind = if r.allowed {
            ArrowKind::Response
        } else {
            ArrowKind::Failure
        };
        exchange.arrow(other, 0, result.text.clone(), Vec::new(), kind);
        console.extend(r.message.clone());
        fix.extend(r.fix.as_ref().map(|f| format!("instead of {head}: {f}")));
        outcome.push(Toned {
            tone: result.tone,
            text: format!("{head}: {}", result.text),
        });
    }
    let allowed = v.results.iter().filter(|r| r.allowed).count();
    let tone = match allowed {
        n if n == v.results.len() => Tone::Good,
        0 => Tone::Bad,
        _ => Tone::Partial,
    };
    let verdict = Toned {
        tone,
        text: v.summary(),
    };
    exchange.outcome = Some((verdict.tone, verdict.text.clone()));
    Part {
        heading: None,
        facts,
        decisions: Row::from_trace(&v.trace, false),
        exchange_title: "Between the windows",
        exchange,
        verdict,
        outcome,
        console,
        fix,
    }
}

/// The other document: its URL, or `srcdoc`.
fn other_document(body: &WindowBody) -> String {
    body.other
        .url
        .clone()
        .or_else(|| body.other.srcdoc.as_ref().map(|_| "srcdoc".to_owned()))
        .unwrap_or_default()
}
