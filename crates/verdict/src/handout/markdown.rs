//! A [`Handout`] as Markdown for slides and notes (CommonMark with GitHub's
//! tables; the exchange as a Mermaid `sequenceDiagram` block, which
//! GitHub, GitLab and most slide tools draw).

use std::fmt::Write as _;

use super::sequence::{ArrowKind, Sequence};
use super::{Handout, Part, decision_word};

pub(crate) fn render(h: &Handout) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", inline(&h.title));
    if let Some(note) = &h.note {
        let _ = writeln!(s, "{}\n", inline(note));
    }
    if let Some(p) = &h.profile {
        let _ = writeln!(s, "Profile: `{p}` (the letter of the standards)\n");
    }
    for w in &h.warnings {
        let _ = writeln!(s, "> **Warning:** {}\n", inline(w));
    }
    let level = if h.parts.len() > 1 { "###" } else { "##" };
    for part in &h.parts {
        if let Some(heading) = &part.heading {
            let _ = writeln!(s, "## {}\n", inline(heading));
        }
        render_part(&mut s, part, level);
    }
    if !h.unreached.is_empty() {
        let _ = writeln!(s, "## Never asked for\n");
        for u in &h.unreached {
            let _ = writeln!(s, "- {}", inline(u));
        }
        s.push('\n');
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}

fn render_part(s: &mut String, part: &Part, level: &str) {
    for (label, value) in &part.facts {
        let _ = writeln!(s, "- **{label}:** {}", code(value));
    }
    s.push('\n');
    if !part.decisions.is_empty() {
        let _ = writeln!(s, "{level} Decisions\n");
        let _ = writeln!(s, "| # | Step | Decision | Why |");
        let _ = writeln!(s, "|--:|------|----------|-----|");
        for r in &part.decisions {
            let mut why = cell(&r.detail);
            if let Some(std) = &r.standard {
                let _ = write!(
                    why,
                    " *(profile departs from the standard, which says: {})*",
                    cell(std)
                );
            }
            let _ = writeln!(
                s,
                "| {} | [{}]({}) | {} | {why} |",
                r.number,
                cell(r.step),
                r.link,
                decision_word(r.decision)
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{level} {}\n", part.exchange_title);
    let _ = writeln!(s, "```mermaid\n{}```\n", mermaid(&part.exchange));
    let _ = writeln!(s, "{level} Verdict\n");
    let _ = writeln!(s, "**{}**\n", inline(&part.verdict.text));
    for line in &part.outcome {
        let _ = writeln!(s, "- {}", inline(&line.text));
    }
    s.push('\n');
    if !part.console.is_empty() {
        let _ = writeln!(s, "{level} Console\n");
        let _ = writeln!(s, "```text\n{}\n```\n", part.console.join("\n"));
    }
    if !part.fix.is_empty() {
        let _ = writeln!(s, "{level} Fix\n");
        for line in &part.fix {
            let body = line.trim_start_matches(' ');
            let depth = (line.len() - body.len()) / 2;
            let _ = writeln!(s, "{}- {}", "  ".repeat(depth), inline(body));
        }
        s.push('\n');
    }
}

/// The sequence as Mermaid's `sequenceDiagram` source.
pub(crate) fn mermaid(seq: &Sequence) -> String {
    let mut s = String::from("sequenceDiagram\n");
    for (i, p) in seq.parties.iter().enumerate() {
        let _ = writeln!(s, "    participant P{i} as {}", mermaid_text(p));
    }
    for a in &seq.arrows {
        let arrow = match a.kind {
            ArrowKind::Request => "->>",
            ArrowKind::Response => "-->>",
            ArrowKind::Failure => "--x",
        };
        let mut text = mermaid_text(&a.label);
        for d in &a.details {
            text.push_str("<br/>");
            text.push_str(&mermaid_text(d));
        }
        let _ = writeln!(s, "    P{}{arrow}P{}: {text}", a.from, a.to);
    }
    if let Some((_, text)) = &seq.outcome {
        let _ = writeln!(s, "    Note over P0: {}", mermaid_text(text));
    }
    s
}

/// Text safe in a Mermaid statement: the characters its grammar gives a
/// meaning (`;` ends a statement, `#` starts an entity, `<` `>` `&` are
/// markup) written as Mermaid's `#code;` entities.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ';' | '#' | '<' | '>' | '&' | '"' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Running text with the characters Markdown would read as markup escaped.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A table cell: running text on one line.
fn cell(text: &str) -> String {
    inline(text)
}

/// A code span holding `text` whatever backticks it contains.
fn code(text: &str) -> String {
    let mut run = 0;
    let mut longest = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let text = text.replace(['\n', '\r'], " ");
    // A space on each side keeps a backtick at either end out of the fence.
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handout::Tone;

    #[test]
    fn mermaid_statements_cannot_be_broken_by_the_text() {
        let mut seq = Sequence::new("page");
        let s = seq.party("https://api.example");
        seq.arrow(
            0,
            s,
            "GET /a;b#c".into(),
            vec!["x: <y>".into()],
            ArrowKind::Request,
        );
        seq.arrow(s, 0, "network error".into(), Vec::new(), ArrowKind::Failure);
        seq.outcome = Some((Tone::Bad, "BLOCKED".into()));
        let m = mermaid(&seq);
        assert_eq!(
            m,
            "sequenceDiagram\n    participant P0 as page\n    participant P1 as https://api.example\n    \
             P0->>P1: GET /a#59;b#35;c<br/>x: #60;y#62;\n    P1--xP0: network error\n    Note over P0: BLOCKED\n"
        );
    }

    #[test]
    fn markdown_markup_in_text_is_escaped() {
        assert_eq!(inline("a|b *c* <img>"), r"a\|b \*c\* &lt;img&gt;");
        assert_eq!(code("<img src=\"x\">"), "`<img src=\"x\">`");
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
