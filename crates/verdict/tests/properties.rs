//! Property tests of the safety invariants, on generated scenarios. The
//! worst bug sop can have is saying "exposed" where a browser blocks; these
//! properties pin the rules that prevent it.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use proptest::prelude::*;
use serde_json::{Value, json};
use sop_verdict::{FixtureFile, Limits, Options, Outcome, Verdict, evaluate};

const PAGE: &str = "https://app.example/";
const PAGE_ORIGIN: &str = "https://app.example";

/// One generated scenario: a request and the servers' answers, with no
/// redirects (a single final response), as fixture JSON.
#[derive(Clone, Debug)]
struct Gen {
    url: &'static str,
    method: &'static str,
    headers: Vec<(&'static str, &'static str)>,
    credentials: &'static str,
    acao: Option<&'static str>,
    acac: Option<&'static str>,
    aceh: Option<&'static str>,
    extra: Vec<(&'static str, &'static str)>,
    status: u16,
    preflight_ok: bool,
}

fn generator() -> impl Strategy<Value = Gen> {
    let url = prop::sample::select(vec![
        "https://app.example/data",
        "https://api.example/data",
        "http://app.example/data",
        "https://app.example:8443/data",
        "https://sub.app.example/data",
    ]);
    let method = prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "patch"]);
    let header = prop::sample::select(vec![
        ("X-Token", "1"),
        ("Content-Type", "application/json"),
        ("Content-Type", "text/plain"),
        ("Accept", "text/html"),
        ("Authorization", "Bearer t"),
    ]);
    let credentials = prop::sample::select(vec!["omit", "same-origin", "include"]);
    let acao = prop::option::of(prop::sample::select(vec![
        "*",
        PAGE_ORIGIN,
        "https://app.example/",
        "https://api.example",
        "null",
        "https://app.example, https://api.example",
    ]));
    let acac = prop::option::of(prop::sample::select(vec!["true", "TRUE", "false"]));
    let aceh = prop::option::of(prop::sample::select(vec!["*", "X-A", "X-A, X-B", "x-b"]));
    let extra = prop::collection::vec(
        prop::sample::select(vec![
            ("X-A", "a"),
            ("X-B", "b"),
            ("Content-Type", "text/plain"),
            ("Set-Cookie", "s=1"),
        ]),
        0..3,
    );
    let status = prop::sample::select(vec![200u16, 204, 404, 500]);
    (
        url,
        method,
        prop::collection::vec(header, 0..3),
        credentials,
        acao,
        acac,
        aceh,
        extra,
        status,
        any::<bool>(),
    )
        .prop_map(
            |(url, method, headers, credentials, acao, acac, aceh, extra, status, preflight_ok)| {
                Gen {
                    url,
                    method,
                    headers,
                    credentials,
                    acao,
                    acac,
                    aceh,
                    extra,
                    status,
                    preflight_ok,
                }
            },
        )
}

impl Gen {
    fn to_json(&self) -> Value {
        let mut headers: Vec<Value> = Vec::new();
        if let Some(v) = self.acao {
            headers.push(json!(["Access-Control-Allow-Origin", v]));
        }
        if let Some(v) = self.acac {
            headers.push(json!(["Access-Control-Allow-Credentials", v]));
        }
        if let Some(v) = self.aceh {
            headers.push(json!(["Access-Control-Expose-Headers", v]));
        }
        for (n, v) in &self.extra {
            headers.push(json!([n, v]));
        }
        let mut responses = vec![
            json!({"url": self.url, "status": self.status, "headers": headers, "body": "secret"}),
        ];
        if self.preflight_ok {
            responses.insert(
                0,
                json!({"url": self.url, "method": "OPTIONS", "status": 204, "headers": [
                    ["Access-Control-Allow-Origin", PAGE_ORIGIN],
                    ["Access-Control-Allow-Credentials", "true"],
                    ["Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, patch"],
                    ["Access-Control-Allow-Headers", "x-token, content-type, authorization"]
                ]}),
            );
        }
        let body = (self.method != "GET").then_some("b");
        json!({
            "name": "generated",
            "page": PAGE,
            "request": {"url": self.url, "method": self.method, "credentials": self.credentials,
                        "headers": self.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
                        "body": body},
            "responses": responses,
        })
    }

    fn verdict(&self) -> Verdict {
        verdict_of(&self.to_json())
    }

    fn cross_origin(&self) -> bool {
        !self.url.starts_with("https://app.example/")
    }
}

fn verdict_of(scenario: &Value) -> Verdict {
    verdict_with(
        scenario,
        Options {
            fix: false,
            trace: true,
            ..Options::default()
        },
    )
}

fn verdict_with(scenario: &Value, options: Options) -> Verdict {
    let file = FixtureFile::parse(
        "generated.json".as_ref(),
        &scenario.to_string(),
        &Limits::default(),
    )
    .unwrap();
    evaluate(&file.scenarios[0], options).verdicts()[0].clone()
}

fn is_cors_check_reason(v: &Verdict) -> bool {
    v.reason.is_some_and(|r| {
        matches!(
            r.code(),
            "missing-allow-origin-header"
                | "multiple-allow-origin-values"
                | "invalid-allow-origin-value"
                | "allow-origin-mismatch"
                | "wildcard-origin-not-allowed"
                | "invalid-allow-credentials"
        ) || r.is_preflight()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn verdicts_are_deterministic(g in generator()) {
        let (a, b) = (g.verdict(), g.verdict());
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }

    #[test]
    fn cross_origin_without_matching_acao_is_never_exposed(g in generator()) {
        let include = g.credentials == "include";
        let matching = match g.acao {
            Some(v) => v == PAGE_ORIGIN || (v == "*" && !include),
            None => false,
        };
        if g.cross_origin() && !matching {
            prop_assert_ne!(g.verdict().outcome, Outcome::Exposed);
        }
    }

    #[test]
    fn removing_acao_blocks_an_exposed_cross_origin_read(g in generator()) {
        if g.cross_origin() && g.verdict().outcome == Outcome::Exposed {
            let without = Gen { acao: None, ..g.clone() };
            prop_assert_eq!(without.verdict().outcome, Outcome::Blocked);
        }
    }

    #[test]
    fn exposing_more_never_hides_a_header(g in generator(), more in prop::sample::select(vec!["X-B", "Set-Cookie", "*", "Content-Type"])) {
        let before = g.verdict();
        let widened = match g.aceh {
            Some(v) => Box::leak(format!("{v}, {more}").into_boxed_str()) as &'static str,
            None => more,
        };
        let after = Gen { aceh: Some(widened), ..g.clone() }.verdict();
        for h in &before.exposed_headers {
            prop_assert!(after.exposed_headers.contains(h), "{} hidden by adding {} ({:?} -> {:?})", h, more, before.exposed_headers, after.exposed_headers);
        }
    }

    #[test]
    fn same_origin_reads_are_never_blocked_by_cors(g in generator()) {
        if !g.cross_origin() {
            let v = g.verdict();
            prop_assert!(!is_cors_check_reason(&v), "same-origin read blocked: {:?}", v.reason);
            prop_assert!(!v.preflight);
        }
    }

    #[test]
    fn credentials_and_wildcard_are_never_exposed(g in generator()) {
        if g.cross_origin() && g.credentials == "include" && g.acao == Some("*") {
            prop_assert_ne!(g.verdict().outcome, Outcome::Exposed);
        }
    }

    #[test]
    fn verdict_json_round_trips(g in generator()) {
        let text = serde_json::to_string(&g.verdict()).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let again: Value = serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap();
        prop_assert_eq!(&again, &value);
        for field in ["outcome", "reason", "preflight", "status", "exposed_headers", "body", "requests", "url"] {
            prop_assert!(value.get(field).is_some(), "missing {}", field);
        }
    }

    #[test]
    fn lean_verdicts_are_full_verdicts_without_trace_and_fix(g in generator()) {
        // Batch audits use lean verdicts: skipping the explanation must
        // never change what the browser is said to do.
        let scenario = g.to_json();
        let lean = serde_json::to_value(verdict_with(&scenario, Options::lean())).unwrap();
        let mut full = serde_json::to_value(verdict_with(&scenario, Options::default())).unwrap();
        full["trace"] = json!([]);
        full["fix"] = Value::Null;
        prop_assert_eq!(lean, full);
    }
}
