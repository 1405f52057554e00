//! A [`Sequence`] drawn as a standalone SVG image: a box and a lifeline
//! per party, one arrow per request or answer with its headers written
//! above it, and the verdict noted under the page's lifeline. Fixed
//! metrics of a monospace font stand in for text measurement, so the
//! drawing needs no script and no font file.

use std::fmt::Write as _;

use super::sequence::{ArrowKind, Sequence};

/// The width of one character of the 12 px monospace font, rounded up.
const CHAR: f64 = 7.3;
/// The height of a line of text.
const LINE: f64 = 16.0;
/// Longer lines are cut with an ellipsis (the text handout has them whole).
const MAX_CHARS: usize = 72;
const MARGIN: f64 = 16.0;
const BOX_HEIGHT: f64 = 30.0;

/// The SVG document for `seq`.
pub(crate) fn render(seq: &Sequence) -> String {
    let texts = seq.parties.iter().chain(
        seq.arrows
            .iter()
            .flat_map(|a| std::iter::once(&a.label).chain(&a.details)),
    );
    let widest = texts
        .map(|t| t.chars().count().min(MAX_CHARS))
        .max()
        .unwrap_or(0);
    let column = (widest as f64 * CHAR + 3.0 * MARGIN).max(180.0);
    let lane = |i: usize| MARGIN + column / 2.0 + i as f64 * column;

    let mut body = String::new();
    let mut y = MARGIN + BOX_HEIGHT + 10.0;
    for a in &seq.arrows {
        // The label and the headers above the arrow, from its tail.
        let (x1, x2) = (lane(a.from), lane(a.to));
        let text_x = x1.min(x2) + 10.0;
        y += LINE;
        let _ = writeln!(
            body,
            r#"<text x="{text_x:.1}" y="{y:.1}" class="label">{}</text>"#,
            escape(&cut(&a.label))
        );
        for d in &a.details {
            y += LINE;
            let _ = writeln!(
                body,
                r#"<text x="{text_x:.1}" y="{y:.1}" class="detail">{}</text>"#,
                escape(&cut(d))
            );
        }
        y += 10.0;
        let class = match a.kind {
            ArrowKind::Request => "request",
            ArrowKind::Response => "response",
            ArrowKind::Failure => "failure",
        };
        let _ = writeln!(
            body,
            r#"<line x1="{x1:.1}" y1="{y:.1}" x2="{x2:.1}" y2="{y:.1}" class="{class}" marker-end="url(#head-{class})"/>"#
        );
        y += 8.0;
    }
    let outcome = seq.outcome.as_ref().map(|(tone, text)| {
        y += 14.0;
        let text = cut(text);
        let w = text.chars().count() as f64 * CHAR + 20.0;
        let x = (lane(0) - column / 2.0 + 4.0).max(4.0);
        let note = format!(
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="24" class="note {}"/>
<text x="{:.1}" y="{:.1}" class="label">{}</text>
"#,
            tone.as_str(),
            x + 10.0,
            y + 16.5,
            escape(&text)
        );
        y += 24.0;
        (note, w + x)
    });
    if seq.arrows.is_empty() {
        y += LINE;
        let _ = writeln!(
            body,
            r#"<text x="{:.1}" y="{y:.1}" class="detail">nothing was sent</text>"#,
            lane(0) + 8.0
        );
    }
    let height = y + MARGIN;
    let mut width = MARGIN * 2.0 + column * seq.parties.len() as f64;
    if let Some((_, right)) = &outcome {
        width = width.max(right + MARGIN);
    }

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" role="img" aria-label="{}">"#,
        escape(&summary(seq))
    );
    svg.push_str(STYLE);
    for (i, p) in seq.parties.iter().enumerate() {
        let x = lane(i);
        let w = (cut(p).chars().count() as f64 * CHAR + 20.0).min(column - 8.0);
        let _ = writeln!(
            svg,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" class="lifeline"/>
<rect x="{:.1}" y="{MARGIN:.1}" width="{w:.1}" height="{BOX_HEIGHT:.1}" class="party"/>
<text x="{x:.1}" y="{:.1}" class="party-name">{}</text>"#,
            MARGIN + BOX_HEIGHT,
            height - MARGIN,
            x - w / 2.0,
            MARGIN + 19.5,
            escape(&cut(p))
        );
    }
    svg.push_str(&body);
    if let Some((note, _)) = outcome {
        svg.push_str(&note);
    }
    svg.push_str("</svg>\n");
    svg
}

/// The picture in words, for screen readers.
fn summary(seq: &Sequence) -> String {
    let mut s = format!(
        "Sequence diagram: {} and {} message{}",
        seq.parties.join(", "),
        seq.arrows.len(),
        if seq.arrows.len() == 1 { "" } else { "s" }
    );
    if let Some((_, text)) = &seq.outcome {
        let _ = write!(s, "; {text}");
    }
    s
}

const STYLE: &str = r##"<defs>
<style>
text { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; fill: #1f2328; }
.label { font-weight: bold; }
.detail { fill: #57606a; }
.party-name { text-anchor: middle; font-weight: bold; }
.party { fill: #f6f8fa; stroke: #57606a; rx: 4; }
.lifeline { stroke: #8c959f; stroke-dasharray: 4 4; }
.request { stroke: #0969da; stroke-width: 1.6; }
.response { stroke: #1f2328; stroke-width: 1.6; stroke-dasharray: 6 4; }
.failure { stroke: #cf222e; stroke-width: 1.6; stroke-dasharray: 2 3; }
.note { stroke-width: 1.4; rx: 3; }
.note.good { fill: #dafbe1; stroke: #1a7f37; }
.note.partial { fill: #fff8c5; stroke: #9a6700; }
.note.bad { fill: #ffebe9; stroke: #cf222e; }
</style>
<marker id="head-request" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#0969da"/></marker>
<marker id="head-response" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f2328"/></marker>
<marker id="head-failure" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,10 M0,10 L10,0" stroke="#cf222e" stroke-width="2"/></marker>
</defs>
"##;

/// `text`, cut to [`MAX_CHARS`] characters with an ellipsis.
fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(MAX_CHARS - 1).collect();
    s.push('…');
    s
}

/// `text` made safe inside an XML element or attribute.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 allows no other control characters, even escaped.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handout::Tone;

    fn two_parties() -> Sequence {
        let mut seq = Sequence::new("page https://app.example");
        let s = seq.party("https://api.example");
        seq.arrow(
            0,
            s,
            "GET /?a=<b>&c".into(),
            vec!["origin: https://app.example".into()],
            ArrowKind::Request,
        );
        seq.arrow(s, 0, "200".into(), Vec::new(), ArrowKind::Response);
        seq.outcome = Some((Tone::Bad, "BLOCKED (missing-allow-origin-header)".into()));
        seq
    }

    #[test]
    fn markup_in_the_text_is_escaped() {
        let svg = render(&two_parties());
        assert!(svg.contains("GET /?a=&lt;b&gt;&amp;c"), "{svg}");
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn each_party_gets_a_box_and_each_message_an_arrow() {
        let svg = render(&two_parties());
        assert_eq!(svg.matches(r#"class="party""#).count(), 2);
        assert_eq!(svg.matches(r#"class="request""#).count(), 1);
        assert_eq!(svg.matches(r#"class="response""#).count(), 1);
        assert!(svg.contains(r#"class="note bad""#));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn long_lines_are_cut_and_controls_replaced() {
        let long = "x".repeat(200);
        assert_eq!(cut(&long).chars().count(), MAX_CHARS);
        assert!(cut(&long).ends_with('…'));
        assert_eq!(escape("a\u{1}b"), "a\u{fffd}b");
    }
}
