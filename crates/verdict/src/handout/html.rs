//! A [`Handout`] as one self-contained HTML file: inline style, the
//! exchange as inline SVG, no script and nothing fetched, so it can be
//! mailed, printed or opened from a USB stick in a classroom.

use std::fmt::Write as _;

use super::svg::{self, escape};
use super::{Handout, Part, decision_word};

/// One HTML document holding every handout, each in its own article.
pub(crate) fn render(handouts: &[Handout]) -> String {
    let title = match handouts {
        [one] => one.title.clone(),
        _ => format!("{} scenarios", handouts.len()),
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — sop</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&title)
    );
    for h in handouts {
        render_one(&mut s, h);
    }
    let _ = write!(
        s,
        "</main>\n<footer>Made by sop {}: the standards' links are to the WHATWG and W3C texts.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    s
}

fn render_one(s: &mut String, h: &Handout) {
    s.push_str("<article>\n");
    let _ = writeln!(s, "<h1>{}</h1>", escape(&h.title));
    if let Some(note) = &h.note {
        let _ = writeln!(s, "<p class=\"scenario-note\">{}</p>", escape(note));
    }
    if let Some(p) = &h.profile {
        let _ = writeln!(
            s,
            "<p>Profile: <code>{}</code> (the letter of the standards)</p>",
            escape(p)
        );
    }
    for w in &h.warnings {
        let _ = writeln!(
            s,
            "<p class=\"warning\"><strong>Warning:</strong> {}</p>",
            escape(w)
        );
    }
    let level = if h.parts.len() > 1 { 3 } else { 2 };
    for part in &h.parts {
        let _ = writeln!(s, "<section>");
        if let Some(heading) = &part.heading {
            let _ = writeln!(s, "<h2>{}</h2>", escape(heading));
        }
        render_part(s, part, level);
        let _ = writeln!(s, "</section>");
    }
    if !h.unreached.is_empty() {
        let _ = writeln!(s, "<h2>Never asked for</h2>\n<ul>");
        for u in &h.unreached {
            let _ = writeln!(s, "<li>{}</li>", escape(u));
        }
        let _ = writeln!(s, "</ul>");
    }
    s.push_str("</article>\n");
}

fn render_part(s: &mut String, part: &Part, level: u8) {
    let _ = writeln!(s, "<dl class=\"facts\">");
    for (label, value) in &part.facts {
        let _ = writeln!(s, "<dt>{label}</dt><dd><code>{}</code></dd>", escape(value));
    }
    let _ = writeln!(s, "</dl>");
    if !part.decisions.is_empty() {
        let _ = writeln!(s, "<h{level}>Decisions</h{level}>");
        let _ = writeln!(
            s,
            "<table>\n<thead><tr><th>#</th><th>Step</th><th>Decision</th><th>Why</th></tr></thead>\n<tbody>"
        );
        for r in &part.decisions {
            let word = decision_word(r.decision);
            let departs = r.standard.as_ref().map_or(String::new(), |std| {
                format!(
                    "<br><em>profile departs from the standard, which says: {}</em>",
                    escape(std)
                )
            });
            let _ = writeln!(
                s,
                "<tr class=\"{}\"><td>{}</td><td><a href=\"{}\">{}</a></td><td>{word}</td><td>{}{departs}</td></tr>",
                word.to_ascii_lowercase(),
                r.number,
                escape(&r.link),
                escape(r.step),
                escape(&r.detail)
            );
        }
        let _ = writeln!(s, "</tbody>\n</table>");
    }
    let _ = writeln!(s, "<h{level}>{}</h{level}>", part.exchange_title);
    let _ = write!(
        s,
        "<figure class=\"diagram\">\n{}</figure>\n",
        svg::render(&part.exchange)
    );
    let _ = writeln!(s, "<h{level}>Verdict</h{level}>");
    let _ = writeln!(
        s,
        "<p class=\"verdict {}\">{}</p>",
        part.verdict.tone.as_str(),
        escape(&part.verdict.text)
    );
    if !part.outcome.is_empty() {
        let _ = writeln!(s, "<ul>");
        for line in &part.outcome {
            let _ = writeln!(
                s,
                "<li class=\"{}\">{}</li>",
                line.tone.as_str(),
                escape(&line.text)
            );
        }
        let _ = writeln!(s, "</ul>");
    }
    if !part.console.is_empty() {
        let _ = writeln!(s, "<h{level}>Console</h{level}>");
        let _ = writeln!(
            s,
            "<pre class=\"console\">{}</pre>",
            escape(&part.console.join("\n"))
        );
    }
    if !part.fix.is_empty() {
        let _ = writeln!(s, "<h{level}>Fix</h{level}>");
        render_list(s, &part.fix);
    }
}

/// Lines indented by two spaces per level as nested lists.
fn render_list(s: &mut String, lines: &[String]) {
    let mut depth = 0;
    s.push_str("<ul>");
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_start_matches(' ');
        let d = (line.len() - body.len()) / 2;
        if i > 0 {
            if d > depth {
                s.push_str("<ul>");
            } else {
                s.push_str("</li>");
                for _ in d..depth {
                    s.push_str("</ul></li>");
                }
            }
        }
        depth = d;
        let _ = write!(s, "\n<li>{}", escape(body));
    }
    s.push_str("</li>");
    for _ in 0..depth {
        s.push_str("</ul></li>");
    }
    s.push_str("\n</ul>\n");
}

const STYLE: &str = "
body { font: 16px/1.5 system-ui, sans-serif; color: #1f2328; margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin-top: 0; }
code, pre { font-family: ui-monospace, \"DejaVu Sans Mono\", Menlo, Consolas, monospace; font-size: 0.9em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
td:first-child { text-align: right; }
tr.fail td { background: #ffebe9; }
tr.pass td:nth-child(3) { color: #1a7f37; }
tr.fail td:nth-child(3) { color: #cf222e; font-weight: bold; }
figure.diagram { margin: 0; overflow-x: auto; }
.verdict { font-weight: bold; font-size: 1.2rem; padding: 0.3rem 0.6rem; display: inline-block; border-radius: 4px; }
.verdict.good { background: #dafbe1; color: #1a7f37; }
.verdict.partial { background: #fff8c5; color: #9a6700; }
.verdict.bad { background: #ffebe9; color: #cf222e; }
pre.console { background: #fff8f8; border-left: 4px solid #cf222e; padding: 0.6rem; white-space: pre-wrap; }
.warning { background: #fff8c5; padding: 0.4rem 0.6rem; }
footer { color: #57606a; font-size: 0.85rem; max-width: 72rem; margin: 0 auto; padding: 0 1.5rem 1.5rem; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indented_lines_become_nested_lists() {
        let mut s = String::new();
        render_list(
            &mut s,
            &["a".into(), "  b".into(), "  c".into(), "d".into()],
        );
        assert_eq!(
            s,
            "<ul>\n<li>a<ul>\n<li>b</li>\n<li>c</li></ul></li>\n<li>d</li>\n</ul>\n"
        );
    }
}
