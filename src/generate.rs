//! A seeded generator of realistic scenarios, for benchmarks and batch
//! tests: a mix of same-origin reads, simple and preflighted cross-origin
//! requests, credentialed, redirected and no-cors ones, with realistic URLs
//! and header counts. The same seed gives the same scenarios.
//!
//! Not part of the library: the binary's `sop generate` and the batch bench
//! (which includes this file by path) share it.

use serde_json::{Value, json};

/// A small, fast, seeded generator (SplitMix64): reproducible corpora
/// without a dependency.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SITES: &[&str] = &[
    "shop.example",
    "news.test",
    "bank.example",
    "maps.test",
    "mail.example",
];
const SUBS: &[&str] = &["api", "cdn", "static", "auth", "img", "data"];
const PATHS: &[&str] = &[
    "v1/items",
    "v2/users/me",
    "assets/app.js",
    "search",
    "graphql",
    "feed.json",
    "login",
    "img/logo.png",
];
const CUSTOM: &[(&str, &str)] = &[
    ("X-Request-Id", "5f1c2a9e"),
    ("X-CSRF-Token", "c1a2b3"),
    ("Authorization", "Bearer eyJhbGciOi"),
    ("X-Client-Version", "4.12.0"),
    ("Accept", "application/json"),
    ("Accept-Language", "en-GB,en;q=0.9"),
    ("Content-Language", "de"),
];

fn url(rng: &mut Rng, origin: &str) -> String {
    let path = rng.pick(PATHS);
    if rng.chance(40) {
        format!("{origin}/{path}?page={}&sort=desc", rng.below(50))
    } else {
        format!("{origin}/{path}")
    }
}

/// One generated scenario.
pub fn scenario(rng: &mut Rng, n: u64) -> Value {
    let site = *rng.pick(SITES);
    let page_origin = format!("https://www.{site}");
    let page = format!(
        "{page_origin}/{}",
        rng.pick(&["", "app", "account/settings", "checkout"])
    );
    let kind = rng.below(100);
    let target_origin = if kind < 20 {
        page_origin.clone()
    } else {
        format!("https://{}.{site}", rng.pick(SUBS))
    };
    let target = url(rng, &target_origin);
    let acao = |rng: &mut Rng| -> Value {
        match rng.below(10) {
            0 => json!(null),
            1 => json!("*"),
            2 => json!("https://other.example"),
            _ => json!(page_origin),
        }
    };
    let mut request = json!({"url": target});
    let mut responses = Vec::new();
    let mut headers: Vec<Value> = Vec::new();
    for _ in 0..rng.below(3) {
        let (n, v) = rng.pick(CUSTOM);
        headers.push(json!([n, v]));
    }
    let mut main_headers = vec![
        json!(["Content-Type", "application/json"]),
        json!(["Cache-Control", "no-store"]),
    ];
    if let Value::String(v) = acao(rng) {
        main_headers.push(json!(["Access-Control-Allow-Origin", v]));
    }
    if rng.chance(30) {
        main_headers.push(json!([
            "Access-Control-Expose-Headers",
            "ETag, X-Total-Count"
        ]));
        main_headers.push(json!(["ETag", "\"abc\""]));
        main_headers.push(json!(["X-Total-Count", "42"]));
    }
    match kind {
        // Same-origin reads and simple cross-origin GETs.
        0..=44 => {}
        // Preflighted writes.
        45..=69 => {
            let method = *rng.pick(&["PUT", "DELETE", "PATCH", "POST"]);
            request["method"] = json!(method);
            headers.push(json!(["Content-Type", "application/json"]));
            if method != "DELETE" {
                request["body"] = json!("{\"name\":\"x\",\"qty\":2}");
            }
        }
        // Credentialed.
        70..=79 => {
            request["credentials"] = json!("include");
            if rng.chance(70) {
                main_headers.push(json!(["Access-Control-Allow-Credentials", "true"]));
            }
        }
        // Redirected.
        80..=89 => {
            let final_origin = format!("https://{}.{site}", rng.pick(SUBS));
            let final_url = url(rng, &final_origin);
            responses.push(
                json!({"url": target, "status": *rng.pick(&[301u16, 302, 307, 308]), "headers": [
                    ["Location", final_url], ["Access-Control-Allow-Origin", page_origin]
                ]}),
            );
            responses
                .push(json!({"url": final_url, "headers": main_headers, "body": "{\"ok\":true}"}));
        }
        // no-cors.
        _ => {
            request["mode"] = json!("no-cors");
            headers.retain(|h| {
                matches!(
                    h[0].as_str(),
                    Some("Accept" | "Accept-Language" | "Content-Language")
                )
            });
            if rng.chance(30) {
                main_headers.push(json!([
                    "Cross-Origin-Resource-Policy",
                    *rng.pick(&["same-origin", "same-site", "cross-origin"])
                ]));
            }
        }
    }
    // Most servers that take cross-origin writes answer the preflight.
    if (20..90).contains(&kind) && rng.chance(85) {
        responses.insert(0, json!({"url": target, "method": "OPTIONS", "status": 204, "headers": [
            ["Access-Control-Allow-Origin", page_origin],
            ["Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PATCH"],
            ["Access-Control-Allow-Headers", "content-type, x-request-id, x-csrf-token, authorization, x-client-version"],
            ["Access-Control-Max-Age", "600"]
        ]}));
    }
    request["headers"] = Value::Array(headers);
    if rng.chance(10) {
        request["api"] = json!("xhr");
        if request.get("mode").is_some() {
            request.as_object_mut().map(|o| o.remove("mode"));
        }
        if request.get("credentials").is_some_and(|c| c == "omit") {
            request["credentials"] = json!("same-origin");
        }
    }
    responses.push(json!({"url": target, "headers": main_headers, "body": "{\"items\":[1,2,3]}"}));
    json!({"name": format!("generated {n}"), "page": page, "request": request, "responses": responses})
}

/// What each element loads, with the type its server sends.
const EMBEDS: &[(&str, &str, &str)] = &[
    ("img", "img/hero.png", "image/png"),
    ("img", "api/v2/me.json", "application/json"),
    ("script", "js/app.js", "text/javascript"),
    ("module-script", "js/main.mjs", "text/javascript"),
    ("stylesheet", "css/site.css", "text/css"),
    ("font", "fonts/inter.woff2", "font/woff2"),
    ("video", "media/intro.webm", "video/webm"),
    ("audio", "media/ping.wav", "audio/wav"),
    ("iframe", "embed/widget", "text/html"),
];

/// One generated embed scenario: an element of a page on one site loading
/// from the site's CDN or from another site, with or without
/// `crossorigin`, CORS headers, CORP, `nosniff` or framing headers.
pub fn embed_scenario(rng: &mut Rng, n: u64) -> Value {
    let site = *rng.pick(SITES);
    let page_origin = format!("https://www.{site}");
    let (element, path, content_type) = *rng.pick(EMBEDS);
    let target_origin = match rng.below(10) {
        0..=2 => page_origin.clone(),
        3..=6 => format!("https://{}.{site}", rng.pick(SUBS)),
        _ => format!("https://cdn.{}", rng.pick(SITES)),
    };
    let target = format!("{target_origin}/{path}");
    let mut embed = json!({"element": element, "url": target});
    if !matches!(element, "font" | "iframe") && rng.chance(40) {
        embed["crossorigin"] = json!(*rng.pick(&["anonymous", "use-credentials"]));
    }
    let mut headers = vec![json!(["Content-Type", content_type])];
    match rng.below(10) {
        0..=3 => headers.push(json!(["Access-Control-Allow-Origin", page_origin])),
        4 => headers.push(json!(["Access-Control-Allow-Origin", "*"])),
        5 => headers.push(json!(["Cross-Origin-Resource-Policy", "same-site"])),
        6 => headers.push(json!(["X-Content-Type-Options", "nosniff"])),
        7 if element == "iframe" => headers.push(json!(["X-Frame-Options", "SAMEORIGIN"])),
        _ => {}
    }
    let mut response = json!({"url": target, "headers": headers});
    if content_type == "application/json" {
        response["body"] = json!("{\"name\":\"x\"}");
    }
    json!({"name": format!("generated embed {n}"), "kind": "embed",
           "page": format!("{page_origin}/"), "embed": embed, "responses": [response]})
}

/// What a script does to another window: reads (allowlisted or not),
/// writes, and calls, as the window fixtures name them.
const WINDOW_READS: &[&str] = &[
    "document.title",
    "document",
    "closed",
    "length",
    "location.href",
    "name",
    "opener",
    "localStorage",
    "frames",
    "top",
];

/// One generated window scenario: a page on one site holding a frame, a
/// popup, its parent or its opener, on the same origin, the same site or
/// another site, sometimes sandboxed or with `document.domain` set on both
/// sides, and one to three reads, writes or `postMessage` calls.
pub fn window_scenario(rng: &mut Rng, n: u64) -> Value {
    let site = *rng.pick(SITES);
    let page_origin = format!("https://www.{site}");
    let same_site = format!("https://{}.{site}", rng.pick(SUBS));
    let other_origin = match rng.below(10) {
        0..=1 => page_origin.clone(),
        2..=4 => same_site,
        _ => format!("https://www.{}", rng.pick(SITES)),
    };
    let target = format!(
        "{other_origin}/{}",
        rng.pick(&["widget", "checkout", "host", "frame"])
    );
    let role = *rng.pick(&[
        "iframe", "iframe", "iframe", "iframe", "popup", "parent", "opener",
    ]);
    let mut other = json!({"url": target, "as": role});
    if role == "iframe" && rng.chance(10) {
        other["sandbox"] = json!(*rng.pick(&["allow-scripts", "allow-scripts allow-same-origin"]));
    }
    let mut access = Vec::new();
    for _ in 0..=rng.below(3) {
        access.push(match rng.below(10) {
            0..=5 => json!({"get": *rng.pick(WINDOW_READS)}),
            6 => json!({"set": "location.href", "value": format!("{other_origin}/next")}),
            7 => json!({"set": "document.title", "value": "Changed"}),
            _ => {
                let to = *rng.pick(&["*", other_origin.as_str(), page_origin.as_str(), "/"]);
                json!({"call": "postMessage", "args": ["hi", to]})
            }
        });
    }
    let mut headers = vec![json!(["Content-Type", "text/html"])];
    let mut page_headers = Vec::new();
    if role == "iframe" && rng.chance(10) {
        headers.push(json!(["X-Frame-Options", "SAMEORIGIN"]));
    }
    let mut scenario = json!({"name": format!("generated window {n}"), "kind": "window",
        "page": format!("{page_origin}/"), "other": other, "access": access});
    // `document.domain` set to the site on both sides of a same-site pair:
    // it takes effect only where both documents opt out of origin-keyed
    // agent clusters.
    if other_origin.ends_with(site) && rng.chance(20) {
        scenario["document_domain"] = json!({"page": site, "other": site});
        if rng.chance(50) {
            headers.push(json!(["Origin-Agent-Cluster", "?0"]));
            page_headers.push(json!(["Origin-Agent-Cluster", "?0"]));
        }
    }
    let mut responses = vec![json!({"url": target, "headers": headers,
        "body": "<title>Other</title>"})];
    if !page_headers.is_empty() {
        responses.push(json!({"url": format!("{page_origin}/"), "headers": page_headers}));
    }
    scenario["responses"] = json!(responses);
    scenario
}

/// One line of a mix: `embeds` percent embed scenarios, `windows` percent
/// window scenarios, the rest fetch() and XHR calls. With no embeds and
/// no windows no draw is spent on the choice, so a seed gives the lines it
/// gave before windows joined the mix.
pub fn mixed_scenario(rng: &mut Rng, n: u64, embeds: u64, windows: u64) -> Value {
    if embeds == 0 && windows == 0 {
        return scenario(rng, n);
    }
    let roll = rng.below(100);
    if roll < embeds {
        embed_scenario(rng, n)
    } else if roll < embeds + windows {
        window_scenario(rng, n)
    } else {
        scenario(rng, n)
    }
}

#[cfg(test)]
mod tests {
    // Paths in full: the bench includes this file in a build without a
    // test harness, where an import would go unused.
    /// Windows joined the mix without changing the lines a seed gave
    /// before: with none, a line is drawn as it always was.
    #[test]
    fn a_mix_without_windows_is_the_old_mix() {
        let (mut a, mut b) = (super::Rng::new(3), super::Rng::new(3));
        for n in 0..200 {
            let old = if b.chance(33) {
                super::embed_scenario(&mut b, n)
            } else {
                super::scenario(&mut b, n)
            };
            assert_eq!(super::mixed_scenario(&mut a, n, 33, 0), old);
        }
        let mut c = super::Rng::new(3);
        let windows = (0..200)
            .filter(|&n| super::mixed_scenario(&mut c, n, 0, 100)["kind"] == "window")
            .count();
        assert_eq!(windows, 200);
    }

    #[test]
    fn a_seed_gives_the_same_scenarios() {
        let (mut a, mut b) = (super::Rng::new(7), super::Rng::new(7));
        let first = super::scenario(&mut a, 0);
        assert_eq!(first, super::scenario(&mut b, 0));
        assert!(
            first["page"]
                .as_str()
                .is_some_and(|p| p.starts_with("https://www."))
        );
    }
}
