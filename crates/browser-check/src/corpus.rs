//! The corpus to replay: fixture files read with `sop-verdict`, the
//! scenarios chosen for Chromium, and the origins and ports they use.

use std::collections::BTreeSet;
use std::path::PathBuf;

use sop_origin::{Url, parse_url_with_base};
use sop_verdict::fixture::{Body, CallRef, ProfileName, ResponseEntry};
use sop_verdict::{FixtureFile, Limits, Scenario};

/// One scenario to replay, with where it came from.
#[derive(Clone, Debug)]
pub struct Item {
    /// The fixture file.
    pub file: PathBuf,
    /// The scenario.
    pub scenario: Scenario,
}

impl Item {
    /// `file.json: name`, as reports show it.
    pub fn label(&self) -> String {
        let file = self.file.file_name().map_or_else(
            || self.file.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
        format!("{file}: {}", self.scenario.name)
    }
}

/// The scenarios chosen from the files, and how many were skipped.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// The `chromium`-profile scenarios matching the filter, in file order.
    pub items: Vec<Item>,
    /// `spec`-profile scenarios matching the filter (not Chromium's behaviour).
    pub skipped_spec: usize,
    /// Scenarios the filter left out.
    pub filtered_out: usize,
}

/// The fixture files named by `paths` (see
/// [`sop_verdict::fixture::fixture_paths`]).
pub fn fixture_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    sop_verdict::fixture::fixture_paths(paths).map_err(|e| e.to_string())
}

/// Reads the files and picks the scenarios to replay: those whose label
/// contains `filter` (when given) and whose profile is `chromium`.
pub fn select(files: &[PathBuf], filter: Option<&str>) -> Result<Selection, String> {
    let limits = Limits::default();
    let mut sel = Selection::default();
    for path in files {
        let file = FixtureFile::read(path, &limits).map_err(|e| e.to_string())?;
        for scenario in file.scenarios {
            let item = Item {
                file: path.clone(),
                scenario,
            };
            if filter.is_some_and(|f| !item.label().contains(f)) {
                sel.filtered_out += 1;
            } else if item.scenario.profile == ProfileName::Spec {
                sel.skipped_spec += 1;
            } else {
                sel.items.push(item);
            }
        }
    }
    Ok(sel)
}

/// The calls of a scenario, in order: a `request` scenario has one, with
/// no wait. A kind the browser check does not replay yet has none.
pub fn steps(s: &Scenario) -> Vec<CallRef<'_>> {
    match &s.body {
        Body::Fetch(body) => body.calls(),
        _ => Vec::new(),
    }
}

/// Every URL a scenario names that parses: the page, each request or
/// embedded URL (resolved against the page), each response entry and each
/// `Location` target (resolved against its response's URL). An embed
/// scenario on an `https:` page also names the `https:` twin of each
/// `http:` URL on the default port: Chromium upgrades mixed images, audio
/// and video to `https:` (a twin on another port would need one port for
/// both schemes, so it is left out).
pub fn urls(s: &Scenario) -> Vec<Url> {
    let mut out = Vec::new();
    let page = s.page.url.url();
    out.push(page.clone());
    for step in steps(s) {
        out.extend(parse_url_with_base(&step.request.url, page).ok());
    }
    if let Body::Embed(e) = &s.body {
        out.extend(parse_url_with_base(&e.embed.url, page).ok());
    }
    if let Body::Window(w) = &s.body {
        if let Some(u) = &w.other.url {
            out.extend(parse_url_with_base(u, page).ok());
        }
    }
    for ResponseEntry { url, headers, .. } in &s.responses {
        let base = url.url();
        for (name, value) in &headers.0 {
            if name.eq_ignore_ascii_case("location") {
                out.extend(parse_url_with_base(value.trim(), base).ok());
            }
        }
        out.push(base.clone());
    }
    if matches!(s.body, Body::Embed(_)) && page.scheme() == "https" {
        let twins: Vec<Url> = out.iter().filter_map(https_twin).collect();
        out.extend(twins);
    }
    out
}

/// `https:` for an `http:` URL on port 80, as Chromium's upgrade of mixed
/// content asks for it.
pub fn https_twin(u: &Url) -> Option<Url> {
    if u.scheme() != "http" || u.port().is_some() {
        return None;
    }
    let text = u.as_str().strip_prefix("http:")?;
    sop_origin::parse_url(&format!("https:{text}")).ok()
}

/// The HTTP(S) origins a scenario names, as `scheme://host:port`.
pub fn origins(s: &Scenario) -> BTreeSet<String> {
    urls(s)
        .iter()
        .filter_map(|u| {
            let port = u.port_or_known_default()?;
            let host = u.host_str()?;
            matches!(u.scheme(), "http" | "https")
                .then(|| format!("{}://{host}:{port}", u.scheme()))
        })
        .collect()
}

/// The `(scheme, port)` pairs a scenario needs servers for.
pub fn endpoints(s: &Scenario) -> BTreeSet<(String, u16)> {
    urls(s)
        .iter()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .filter_map(|u| Some((u.scheme().to_owned(), u.port_or_known_default()?)))
        .collect()
}

/// The host names the scenarios use (for the certificate's names).
pub fn hosts<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) -> BTreeSet<String> {
    scenarios
        .into_iter()
        .flat_map(urls)
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .filter_map(|u| u.host_str().map(str::to_owned))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The first scenario of a fixture file's text (shared by other tests).
    pub(crate) fn scenario(text: &str) -> Scenario {
        FixtureFile::parse("t.json".as_ref(), text, &Limits::default())
            .unwrap()
            .scenarios
            .remove(0)
    }

    #[test]
    fn collects_origins_ports_and_hosts() {
        let s = scenario(
            r#"{"name": "x", "page": "https://app.example/dir/p.html",
                "request": {"url": "../data#frag"},
                "responses": [
                  {"url": "https://api.example:8443/r", "status": 302,
                   "headers": {"Location": "http://other.test:8080/final"}},
                  {"url": "http://api.example/x"}
                ]}"#,
        );
        assert_eq!(
            origins(&s).into_iter().collect::<Vec<_>>(),
            vec![
                "http://api.example:80",
                "http://other.test:8080",
                "https://api.example:8443",
                "https://app.example:443"
            ]
        );
        let e: Vec<_> = endpoints(&s).into_iter().collect();
        assert_eq!(
            e,
            vec![
                ("http".to_owned(), 80),
                ("http".to_owned(), 8080),
                ("https".to_owned(), 443),
                ("https".to_owned(), 8443)
            ]
        );
        let h: Vec<_> = hosts([&s]).into_iter().collect();
        assert_eq!(h, vec!["api.example", "app.example", "other.test"]);
    }

    #[test]
    fn other_schemes_and_bad_urls_need_no_server() {
        let s = scenario(
            r#"{"name": "x", "page": "https://app.example/",
                "request": {"url": "https://api.example:99999/"},
                "responses": [{"url": "data:,x"}]}"#,
        );
        assert_eq!(endpoints(&s).len(), 1);
    }

    #[test]
    fn embeds_name_their_url_and_the_upgraded_twins() {
        let s = scenario(
            r#"{"kind": "embed", "name": "x", "page": "https://app.example/",
                "embed": {"element": "img", "url": "http://cdn.example/cat.png"},
                "responses": [{"url": "http://other.example:8080/x"}]}"#,
        );
        let o: Vec<_> = origins(&s).into_iter().collect();
        assert_eq!(
            o,
            vec![
                "http://cdn.example:80",
                "http://other.example:8080",
                "https://app.example:443",
                "https://cdn.example:443"
            ]
        );
        assert!(steps(&s).is_empty());
    }

    #[test]
    fn steps_of_both_shapes() {
        let s = scenario(
            r#"{"name": "x", "page": "https://app.example/",
                "steps": [{"request": {"url": "/a"}}, {"wait": 6, "request": {"url": "/b"}}]}"#,
        );
        let st = steps(&s);
        assert_eq!(st.len(), 2);
        assert_eq!(st[1].wait, 6.0);
        assert_eq!(st[1].request.url, "/b");
    }
}
