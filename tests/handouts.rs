//! `sop explain --format markdown|html`, pinned: three scenarios (a
//! preflight, an embed, a window) in both formats must print exactly the
//! files in docs/handouts/, which the documentation shows. `SOP_BLESS=1`
//! rewrites them from the current output (check the diff before committing).

use std::path::Path;
use std::process::Command;

/// The pinned scenarios: the file under docs/handouts/, the fixture, the
/// scenario's name.
const PINNED: [(&str, &str, &str); 3] = [
    (
        "preflight-header",
        "fixtures/preflight.json",
        "PUT allowed but its header is not",
    ),
    (
        "image-taints",
        "fixtures/embeds-images.json",
        "cross-site image with ACAO but no crossorigin still taints",
    ),
    (
        "document-domain",
        "fixtures/windows-document-domain.json",
        "document.domain: only the page opts out",
    ),
];

fn explain(fixture: &str, name: &str, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(["explain", fixture, "--name", name, "--format", format])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn handouts_match_the_pinned_files() {
    let bless = std::env::var_os("SOP_BLESS").is_some();
    let mut stale = Vec::new();
    for (file, fixture, name) in PINNED {
        for (format, ext) in [("markdown", "md"), ("html", "html")] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("docs/handouts")
                .join(format!("{file}.{ext}"));
            let actual = explain(fixture, name, format);
            let pinned = std::fs::read_to_string(&path).unwrap_or_default();
            if actual != pinned {
                if bless {
                    std::fs::write(&path, &actual).unwrap();
                } else {
                    stale.push(path.display().to_string());
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "these differ from `sop explain --format ...` (SOP_BLESS=1 rewrites them): {stale:?}"
    );
}

/// The markdown's wire is a Mermaid block, the HTML's an inline SVG, and
/// the HTML fetches nothing: no script, no stylesheet link, no image URL.
#[test]
fn each_format_draws_the_exchange_its_own_way() {
    let (_, fixture, name) = PINNED[0];
    let md = explain(fixture, name, "markdown");
    assert!(md.contains("```mermaid\nsequenceDiagram\n"), "{md}");
    assert!(md.contains(
        "| 7 | [headers allowed?](https://fetch.spec.whatwg.org/#cors-preflight-fetch-0) | FAIL |"
    ));
    let html = explain(fixture, name, "html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<svg xmlns=\"http://www.w3.org/2000/svg\"")
            .count(),
        1
    );
    for fetched in ["<script", "<link", "<img", "src=", "@import"] {
        assert!(
            !html.contains(fetched),
            "the handout loads something: {fetched}"
        );
    }
    // The arrowheads are the document's own markers.
    assert_eq!(
        html.matches("url(").count(),
        html.matches("url(#head-").count()
    );
}

/// Several scenarios: Markdown separates them with a slide break; HTML
/// makes one document with an article each.
#[test]
fn several_scenarios_make_one_deck() {
    let out = Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(["explain", "fixtures/preflight.json", "--format", "markdown"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    let scenarios = md.matches("\n# ").count() + usize::from(md.starts_with("# "));
    assert!(scenarios > 3, "{scenarios}");
    assert_eq!(md.matches("\n---\n").count(), scenarios - 1);
    let out = Command::new(env!("CARGO_BIN_EXE_sop"))
        .args(["explain", "fixtures/preflight.json", "--format", "html"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert_eq!(html.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(html.matches("<article>").count(), scenarios);
}
