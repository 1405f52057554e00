//! The walkthrough of a window scenario: both documents and how their
//! origins relate, the handle, each `document.domain`, the decisions, and
//! each operation with what it did.

use std::fmt::Write as _;

use sop_origin::same_site;

use super::contract::WindowBody;
use super::evaluate::WindowVerdict;
use crate::explain::{Style, explain_decisions, yes_no};
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
    let what = body
        .other
        .url
        .clone()
        .or_else(|| body.other.srcdoc.as_ref().map(|_| "srcdoc".to_owned()))
        .unwrap_or_default();
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
        let what = match (d.allowed, d.reason) {
            (false, _) => style.red(&format!(
                "{} ({})",
                d.error.unwrap_or("refused"),
                d.reason.map_or("", |r| r.code())
            )),
            (true, Some(r)) => style.yellow(&format!("ignored ({r})")),
            (true, None) => style.green(&format!("set: document.domain reads {}", d.value)),
        };
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
        let verdict = if r.allowed {
            match (&r.value, r.delivered) {
                (Some(val), _) => style.green(&format!("allowed, reads {val}")),
                (_, Some(true)) => style.green(&format!(
                    "allowed, delivered (event.origin {})",
                    r.event_origin.as_deref().unwrap_or("")
                )),
                (_, Some(false)) => style.yellow(&format!(
                    "allowed, not delivered ({})",
                    r.reason.map_or("", |x| x.code())
                )),
                _ => style.green("allowed"),
            }
        } else {
            style.red(&format!(
                "{} ({})",
                r.error.unwrap_or("refused"),
                r.reason.map_or("", |x| x.code())
            ))
        };
        let _ = writeln!(s, "  {head}: {verdict}");
        if let Some(m) = &r.message {
            let _ = writeln!(s, "    {}", style.dim(m));
        }
        if let Some(f) = &r.fix {
            let _ = writeln!(s, "    instead: {f}");
        }
    }
}

/// Each refused `document.domain` assignment's and operation's "instead",
/// one line each, named as the walkthrough names them.
pub(crate) fn alternatives(s: &mut String, v: &WindowVerdict) {
    for (who, d) in ["page", "other"].iter().zip(&v.domains) {
        if let Some(f) = d.as_ref().and_then(|d| d.fix.as_ref()) {
            let _ = writeln!(s, "{who}: document.domain assigned: instead: {f}");
        }
    }
    for r in &v.results {
        if let Some(f) = &r.fix {
            let _ = writeln!(s, "{} {}: instead: {f}", r.op, r.path);
        }
    }
}
