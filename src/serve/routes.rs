//! Which answer each request gets: the page's files, the corpus, the
//! evaluation; a JSON 404 or 405 for anything else. Sockets stay out of
//! it (see `http`), so every route is tested by calling [`Playground::answer`].

use super::answer::{ApiError, Reply};
use super::corpus::Corpus;
use super::evaluate::evaluate_text;
use super::page;

/// The playground's state: the corpus, read once at start-up.
pub struct Playground {
    corpus: Corpus,
}

impl Playground {
    /// A playground offering `corpus`.
    pub fn new(corpus: Corpus) -> Playground {
        Playground { corpus }
    }

    /// The answer to `method` on `target` (path and query) with `body`,
    /// which the HTTP layer has read within its limit.
    pub fn answer(&self, method: &str, target: &str, body: &[u8]) -> Reply {
        // The page asks with no query; one added by hand changes nothing.
        let path = target.split_once('?').map_or(target, |(p, _)| p);
        let reading = matches!(method, "GET" | "HEAD");
        if let Some((_, content_type, text)) = page::FILES.iter().find(|(p, _, _)| *p == path) {
            if !reading {
                return not_allowed(method, path, "GET, HEAD");
            }
            return Reply::ok(content_type, *text);
        }
        match path {
            "/api/corpus" if reading => Reply::ok(super::answer::JSON, self.corpus.json()),
            "/api/corpus" => not_allowed(method, path, "GET, HEAD"),
            "/api/evaluate" if method == "POST" => {
                let Ok(text) = std::str::from_utf8(body) else {
                    return ApiError::new(400, "the scenario is not UTF-8 text").reply();
                };
                match evaluate_text(text) {
                    Ok(answer) => Reply::json(&answer),
                    Err(e) => e.reply(),
                }
            }
            "/api/evaluate" => not_allowed(method, path, "POST"),
            _ => ApiError::new(404, format!("nothing at {path}")).reply(),
        }
    }
}

/// A 405 naming the methods `path` takes.
fn not_allowed(method: &str, path: &str, allow: &'static str) -> Reply {
    Reply {
        allow: Some(allow),
        ..ApiError::new(405, format!("{path} takes {allow}, not {method}")).reply()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn playground() -> Playground {
        Playground::new(Corpus::new(&[]))
    }

    fn json(reply: &Reply) -> Value {
        serde_json::from_slice(&reply.body).unwrap_or_default()
    }

    #[test]
    fn serves_the_page_and_its_files() {
        let p = playground();
        let page = p.answer("GET", "/", b"");
        assert_eq!(
            (page.status, page.content_type),
            (200, "text/html; charset=utf-8")
        );
        assert!(String::from_utf8_lossy(&page.body).contains("id=\"scenario-json\""));
        assert_eq!(p.answer("GET", "/?x=1", b"").body, page.body);
        assert_eq!(p.answer("HEAD", "/", b"").status, 200);
        let script = p.answer("GET", "/playground.js", b"");
        assert_eq!(script.content_type, "text/javascript; charset=utf-8");
        assert_eq!(
            p.answer("GET", "/playground.css", b"").content_type,
            "text/css; charset=utf-8"
        );
    }

    #[test]
    fn serves_the_corpus() {
        let corpus = playground().answer("GET", "/api/corpus", b"");
        assert_eq!(corpus.status, 200);
        assert_eq!(json(&corpus), serde_json::json!({"files": []}));
    }

    #[test]
    fn evaluates_a_posted_scenario() {
        let text = br#"{"name": "same", "page": "https://app.example/", "request": {"url": "/x"}}"#;
        let reply = playground().answer("POST", "/api/evaluate", text);
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(json(&reply)["verdict"]["outcome"], "exposed");
    }

    /// Every refusal is JSON with a 4xx status, saying why.
    #[test]
    fn refuses_what_it_cannot_answer() {
        let p = playground();
        let cases: [(&str, &str, &[u8], u16, &str); 6] = [
            ("POST", "/api/evaluate", b"{", 422, "not valid JSON"),
            ("POST", "/api/evaluate", b"\xff\xfe", 400, "not UTF-8"),
            ("GET", "/api/evaluate", b"", 405, "takes POST, not GET"),
            ("POST", "/api/corpus", b"", 405, "takes GET, HEAD, not POST"),
            ("DELETE", "/", b"", 405, "takes GET, HEAD"),
            ("GET", "/etc/passwd", b"", 404, "nothing at /etc/passwd"),
        ];
        for (method, path, body, status, words) in cases {
            let reply = p.answer(method, path, body);
            assert_eq!(reply.status, status, "{method} {path}");
            assert_eq!(reply.content_type, super::super::answer::JSON);
            let message = json(&reply)["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(message.contains(words), "{method} {path}: {message}");
            assert_eq!(reply.allow.is_some(), status == 405, "{method} {path}");
        }
    }
}
