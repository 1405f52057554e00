//! Every anchor the trace links to exists in its standard, and the code
//! names anchors only through `sop_fetch_model::anchor`, so a link cannot
//! drift (`fetch#main-fetch` beside `fetch#concept-main-fetch`) or point
//! nowhere. The standards' ids are vendored in `tests/data/spec-ids/` (see
//! its README).

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use std::path::Path;

use sop_fetch_model::anchor::{ALL, HTML_PAGES};
use sop_fetch_model::trace::Link;

/// The ids of one standard's list (comment lines start with `#`).
fn ids(spec: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/spec-ids")
        .join(format!("{spec}.txt"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("no id list for `{spec}` at {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_anchor_is_an_id_of_its_standard() {
    for anchor in ALL {
        let (spec, id) = anchor.split_once('#').unwrap();
        if spec == "html" {
            // The multipage standard: the list holds `page.html#id`.
            let page = HTML_PAGES
                .iter()
                .find(|(i, _)| i == &id)
                .unwrap_or_else(|| panic!("{anchor}: no page in HTML_PAGES"))
                .1;
            assert!(
                ids("html").contains(&format!("{page}#{id}")),
                "{anchor}: {page}#{id} is not in the HTML standard's ids"
            );
            assert_eq!(
                Link(anchor).to_string(),
                format!("https://html.spec.whatwg.org/multipage/{page}#{id}")
            );
        } else {
            assert!(
                ids(spec).iter().any(|i| i == id),
                "{anchor}: `{id}` is not an id of the {spec} standard"
            );
        }
    }
    let mut unique = ALL.to_vec();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ALL.len(), "an anchor is listed twice");
}

/// No `"spec#id"` string in the engine's code outside the anchor module:
/// a new link goes through a constant, and so through the test above.
#[test]
fn the_code_names_anchors_only_through_constants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let prefixes = ALL.iter().map(|a| a.split_once('#').unwrap().0);
    let mut specs: Vec<&str> = prefixes.collect();
    specs.sort_unstable();
    specs.dedup();
    let mut offenders = Vec::new();
    for dir in [
        root.join("src"),
        root.join("../verdict/src"),
        root.join("../html/src"),
    ] {
        let mut stack = vec![dir];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") || path.ends_with("anchor.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    let code = line.trim_start();
                    if code.starts_with("//") {
                        continue;
                    }
                    if specs.iter().any(|s| line.contains(&format!("\"{s}#"))) {
                        offenders.push(format!("{}:{}: {}", path.display(), n + 1, code));
                    }
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "anchors written as strings:\n{}",
        offenders.join("\n")
    );
}
