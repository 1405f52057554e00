//! Driving the machine by hand: the exact requests it asks to send, and
//! what it makes of the answers.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use std::time::Duration;

use sop_fetch_model::{
    CredentialsMode, Destination, Fetch, HttpResponse, Incoming, Initiator, Mode, Next, Outgoing,
    PreflightCache, Profile, Reason, RedirectMode, Request, ResponseType,
};
use sop_origin::{Origin, parse_url};

const PAGE: &str = "https://app.example";
const T0: Duration = Duration::ZERO;

fn request(method: &str, url: &str) -> Request {
    Request::new(
        method,
        parse_url(url).unwrap(),
        Origin::of_url_str(PAGE).unwrap(),
    )
}

fn expect_send(fetch: &mut Fetch<'_>) -> Outgoing {
    match fetch.next() {
        Next::Send(out) => out.clone(),
        Next::Done(r) => panic!("expected a request, got {r:?}\n{}", fetch.trace()),
    }
}

fn header(out: &Outgoing, name: &str) -> Option<String> {
    out.headers.get(name)
}

fn allow(origin: &str) -> HttpResponse {
    HttpResponse::new(200).header("Access-Control-Allow-Origin", origin)
}

#[test]
fn preflight_then_request_then_cache_hit() {
    let mut cache = PreflightCache::new();
    let mut req = request("PUT", "https://api.example/items/7");
    req.header_list.append("X-Token", "abc");
    req.header_list.append("Content-Type", "application/json");

    let mut fetch = Fetch::new(req.clone(), &mut cache, T0);
    let pre = expect_send(&mut fetch);
    assert!(pre.preflight);
    assert_eq!(pre.method, "OPTIONS");
    assert_eq!(pre.url.as_str(), "https://api.example/items/7");
    assert_eq!(header(&pre, "origin").as_deref(), Some(PAGE));
    assert_eq!(
        header(&pre, "access-control-request-method").as_deref(),
        Some("PUT")
    );
    assert_eq!(
        header(&pre, "access-control-request-headers").as_deref(),
        Some("content-type,x-token")
    );
    assert!(!pre.include_credentials);
    assert!(
        !pre.headers.contains("x-token"),
        "the preflight carries no script headers"
    );

    fetch.receive(
        Incoming::Response(
            HttpResponse::new(204)
                .header("Access-Control-Allow-Origin", PAGE)
                .header("Access-Control-Allow-Methods", "PUT, DELETE")
                .header("Access-Control-Allow-Headers", "X-Token, Content-Type")
                .header("Access-Control-Max-Age", "60"),
        ),
        T0,
    );
    let actual = expect_send(&mut fetch);
    assert!(!actual.preflight);
    assert_eq!(actual.method, "PUT");
    assert_eq!(header(&actual, "x-token").as_deref(), Some("abc"));
    assert_eq!(header(&actual, "origin").as_deref(), Some(PAGE));
    fetch.receive(
        Incoming::Response(allow(PAGE).header("X-Secret", "s").body("ok")),
        T0,
    );
    let Next::Done(Ok(resp)) = fetch.next() else {
        panic!("{}", fetch.trace())
    };
    assert_eq!(resp.response_type, ResponseType::Cors);
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.body(), Some("ok"));
    assert!(!resp.header_list().contains("x-secret"), "not exposed");

    // 30 s later the cache still covers PUT with those headers: no preflight.
    let mut again = Fetch::new(req.clone(), &mut cache, Duration::from_secs(30));
    let out = expect_send(&mut again);
    assert!(!out.preflight, "{}", again.trace());
    drop(again);

    // 61 s later it has expired.
    let mut later = Fetch::new(req, &mut cache, Duration::from_secs(61));
    assert!(expect_send(&mut later).preflight);
}

#[test]
fn preflight_failure_names_the_header() {
    let mut cache = PreflightCache::new();
    let mut req = request("PUT", "https://api.example/items/7");
    req.header_list.append("X-Token", "abc");
    let mut fetch = Fetch::new(req, &mut cache, T0);
    expect_send(&mut fetch);
    fetch.receive(
        Incoming::Response(
            HttpResponse::new(204)
                .header("Access-Control-Allow-Origin", PAGE)
                .header("Access-Control-Allow-Methods", "PUT"),
        ),
        T0,
    );
    let Next::Done(Err(blocked)) = fetch.next() else {
        panic!()
    };
    assert_eq!(blocked.reason, Reason::HeaderDisallowedByPreflightResponse);
    assert_eq!(blocked.value.as_deref(), Some("x-token"));
    assert!(blocked.during_preflight);
    assert_eq!(fetch.sent().len(), 1, "the actual request never left");
    assert!(cache.is_empty(), "a failed preflight caches nothing");
}

#[test]
fn preflight_404_without_acao_reports_the_missing_header() {
    let mut cache = PreflightCache::new();
    let mut fetch = Fetch::new(request("DELETE", "https://api.example/x"), &mut cache, T0);
    expect_send(&mut fetch);
    fetch.receive(Incoming::Response(HttpResponse::new(404)), T0);
    let Next::Done(Err(b)) = fetch.next() else {
        panic!()
    };
    assert_eq!(b.reason, Reason::PreflightMissingAllowOriginHeader);
}

#[test]
fn simple_get_has_no_preflight_and_checks_acao() {
    let mut cache = PreflightCache::new();
    let mut fetch = Fetch::new(request("GET", "https://api.example/x"), &mut cache, T0);
    let out = expect_send(&mut fetch);
    assert!(!out.preflight);
    assert_eq!(header(&out, "origin").as_deref(), Some(PAGE));
    fetch.receive(
        Incoming::Response(HttpResponse::new(200).body("secret")),
        T0,
    );
    let Next::Done(Err(b)) = fetch.next() else {
        panic!()
    };
    assert_eq!(b.reason, Reason::MissingAllowOriginHeader);
    assert!(!b.during_preflight);
}

#[test]
fn same_origin_get_sends_no_origin_header_and_reads_everything() {
    let mut cache = PreflightCache::new();
    let mut fetch = Fetch::new(request("GET", "https://app.example/data"), &mut cache, T0);
    let out = expect_send(&mut fetch);
    assert_eq!(header(&out, "origin"), None);
    assert!(out.include_credentials);
    fetch.receive(
        Incoming::Response(
            HttpResponse::new(200)
                .header("X-Custom", "1")
                .header("Set-Cookie", "a=b"),
        ),
        T0,
    );
    let Next::Done(Ok(r)) = fetch.next() else {
        panic!()
    };
    assert_eq!(r.response_type, ResponseType::Basic);
    assert!(r.header_list().contains("x-custom"));
    assert!(!r.header_list().contains("set-cookie"));
}

#[test]
fn redirect_chain_taints_the_origin() {
    // app -> api (cross-origin) redirects to cdn (another origin): from the
    // second hop on the origin is tainted and serialises as null.
    let mut cache = PreflightCache::new();
    let mut fetch = Fetch::new(request("GET", "https://api.example/r"), &mut cache, T0);
    let first = expect_send(&mut fetch);
    assert_eq!(header(&first, "origin").as_deref(), Some(PAGE));
    fetch.receive(
        Incoming::Response(
            HttpResponse::new(302)
                .header("Location", "https://cdn.example/final")
                .header("Access-Control-Allow-Origin", PAGE),
        ),
        T0,
    );
    let second = expect_send(&mut fetch);
    assert_eq!(second.url.as_str(), "https://cdn.example/final");
    assert_eq!(header(&second, "origin").as_deref(), Some("null"));
    // The page's origin no longer passes; `null` would.
    fetch.receive(Incoming::Response(allow(PAGE)), T0);
    let Next::Done(Err(b)) = fetch.next() else {
        panic!()
    };
    assert_eq!(b.reason, Reason::AllowOriginMismatch);
    assert_eq!(b.url_list.len(), 2);
}

#[test]
fn redirect_within_the_page_origin_does_not_taint() {
    let mut cache = PreflightCache::new();
    let mut fetch = Fetch::new(request("GET", "https://app.example/go"), &mut cache, T0);
    expect_send(&mut fetch);
    fetch.receive(
        Incoming::Response(HttpResponse::new(301).header("Location", "https://api.example/x")),
        T0,
    );
    let out = expect_send(&mut fetch);
    assert_eq!(header(&out, "origin").as_deref(), Some(PAGE));
    fetch.receive(Incoming::Response(allow(PAGE)), T0);
    let Next::Done(Ok(r)) = fetch.next() else {
        panic!()
    };
    assert_eq!(r.response_type, ResponseType::Cors);
    assert_eq!(r.url(), "https://api.example/x");
}

#[test]
fn redirect_after_preflight_needs_a_new_preflight() {
    let mut cache = PreflightCache::new();
    let mut req = request("GET", "https://api.example/a");
    req.header_list.append("X-Token", "1");
    let mut fetch = Fetch::new(req, &mut cache, T0);
    assert!(expect_send(&mut fetch).preflight);
    fetch.receive(
        Incoming::Response(
            HttpResponse::new(200)
                .header("Access-Control-Allow-Origin", PAGE)
                .header("Access-Control-Allow-Headers", "x-token"),
        ),
        T0,
    );
    assert!(!expect_send(&mut fetch).preflight);
    fetch.receive(
        Incoming::Response(
            HttpResponse::new(307)
                .header("Location", "https://other.example/b")
                .header("Access-Control-Allow-Origin", PAGE),
        ),
        T0,
    );
    let pre = expect_send(&mut fetch);
    assert!(pre.preflight);
    assert_eq!(pre.url.as_str(), "https://other.example/b");
    assert_eq!(header(&pre, "origin").as_deref(), Some("null"));
}

#[test]
fn too_many_redirects() {
    let mut cache = PreflightCache::new();
    let mut fetch = Fetch::new(request("GET", "https://app.example/loop"), &mut cache, T0);
    let mut hops = 0;
    loop {
        match fetch.next() {
            Next::Send(_) => {
                hops += 1;
                fetch.receive(
                    Incoming::Response(HttpResponse::new(302).header("Location", "/loop")),
                    T0,
                );
            }
            Next::Done(r) => {
                assert_eq!(r.as_ref().unwrap_err().reason, Reason::TooManyRedirects);
                break;
            }
        }
    }
    assert_eq!(hops, 21, "the first request and 20 redirects are sent");
}

#[test]
fn redirect_modes() {
    let mut cache = PreflightCache::new();
    let redirect = || {
        Incoming::Response(
            HttpResponse::new(302)
                .header("Location", "https://api.example/elsewhere")
                .header("Access-Control-Allow-Origin", "*"),
        )
    };
    let mut req = request("GET", "https://api.example/x");
    req.redirect_mode = RedirectMode::Error;
    let (r, _, _) = Fetch::new(req.clone(), &mut cache, T0).run(|_| redirect(), T0);
    assert_eq!(r.unwrap_err().reason, Reason::RedirectModeError);

    req.redirect_mode = RedirectMode::Manual;
    let (r, _, sent) = Fetch::new(req.clone(), &mut cache, T0).run(|_| redirect(), T0);
    let r = r.unwrap();
    assert_eq!(r.response_type, ResponseType::OpaqueRedirect);
    assert_eq!((r.status(), r.body()), (0, None));
    assert_eq!(r.url(), "https://api.example/x");
    assert_eq!(sent.len(), 1);

    // Manual mode still runs the CORS check on the 3xx.
    let (r, _, _) = Fetch::new(req, &mut cache, T0).run(
        |_| Incoming::Response(HttpResponse::new(302).header("Location", "/y")),
        T0,
    );
    assert_eq!(r.unwrap_err().reason, Reason::MissingAllowOriginHeader);
}

#[test]
fn post_becomes_get_on_303() {
    let mut cache = PreflightCache::new();
    let mut req = request("POST", "https://app.example/form");
    req.body = Some("a=1".into());
    req.header_list.append("Content-Type", "text/plain");
    let mut fetch = Fetch::new(req, &mut cache, T0);
    let first = expect_send(&mut fetch);
    assert_eq!(
        header(&first, "origin").as_deref(),
        Some(PAGE),
        "same-origin POST sends Origin"
    );
    fetch.receive(
        Incoming::Response(HttpResponse::new(303).header("Location", "/done")),
        T0,
    );
    let second = expect_send(&mut fetch);
    assert_eq!(second.method, "GET");
    assert_eq!(second.body, None);
    assert!(!second.headers.contains("content-type"));
}

#[test]
fn no_cors_is_opaque_and_checks_corp() {
    let mut cache = PreflightCache::new();
    let mut req = request("GET", "https://cdn.example/img.png");
    req.mode = Mode::NoCors;
    let (r, _, sent) = Fetch::new(req.clone(), &mut cache, T0).run(
        |_| Incoming::Response(HttpResponse::new(200).header("X-A", "1").body("png")),
        T0,
    );
    let r = r.unwrap();
    assert_eq!(r.response_type, ResponseType::Opaque);
    assert_eq!((r.status(), r.body(), r.url().as_str()), (0, None, ""));
    assert!(r.header_list().is_empty());
    assert_eq!(
        header(&sent[0], "origin"),
        None,
        "a no-cors GET sends no Origin"
    );

    let corp = |v: &'static str| {
        move |_: &Outgoing| {
            Incoming::Response(HttpResponse::new(200).header("Cross-Origin-Resource-Policy", v))
        }
    };
    let (r, _, _) = Fetch::new(req.clone(), &mut cache, T0).run(corp("same-origin"), T0);
    assert_eq!(r.unwrap_err().reason, Reason::CorpBlocked);
    // cdn.example and app.example are different sites (example is a suffix).
    let (r, _, _) = Fetch::new(req.clone(), &mut cache, T0).run(corp("same-site"), T0);
    assert_eq!(r.unwrap_err().reason, Reason::CorpBlocked);
    let (r, _, _) = Fetch::new(req.clone(), &mut cache, T0).run(corp("cross-origin"), T0);
    assert!(r.is_ok());
    let (r, _, _) = Fetch::new(req, &mut cache, T0).run(corp("Same-Origin"), T0);
    assert!(r.is_ok(), "an unknown value is ignored");
}

/// The API's checks are the script layer's: the machine sends a method the
/// API would have refused, as a fetch given such a request would.
#[test]
fn the_machine_leaves_the_apis_checks_to_the_script_layer() {
    let mut cache = PreflightCache::new();
    let mut req = request("PUT", "https://cdn.example/x");
    req.mode = Mode::NoCors;
    let (r, _, sent) = Fetch::new(req, &mut cache, T0).run(|_| Incoming::Response(allow("*")), T0);
    assert_eq!(r.unwrap().response_type, ResponseType::Opaque);
    assert_eq!(sent[0].method, "PUT");
}

/// Images, audio and video from a secure page are upgraded to https
/// instead of blocked; other destinations, IP hosts and image sets are not.
#[test]
fn mixed_content_upgrades_images_audio_and_video() {
    let mut cache = PreflightCache::new();
    let fetch_of = |destination, initiator, url: &str| {
        let mut req = request("GET", url);
        req.mode = Mode::NoCors;
        req.client_prohibits_mixed_content = true;
        req.destination = destination;
        req.initiator = initiator;
        req
    };
    for destination in [Destination::Image, Destination::Audio, Destination::Video] {
        let req = fetch_of(destination, Initiator::Empty, "http://cdn.example:80/a.png");
        let (r, trace, sent) =
            Fetch::new(req, &mut cache, T0).run(|_| Incoming::Response(allow("*")), T0);
        assert!(r.is_ok(), "{destination:?}");
        assert_eq!(sent[0].url.as_str(), "https://cdn.example/a.png");
        assert_eq!(trace.entries()[0].anchor, "mixed-content#upgrade-algorithm");
    }
    for (destination, initiator, url) in [
        (
            Destination::Script,
            Initiator::Empty,
            "http://cdn.example/a.js",
        ),
        (Destination::Empty, Initiator::Empty, "http://cdn.example/a"),
        (
            Destination::Image,
            Initiator::Imageset,
            "http://cdn.example/a.png",
        ),
        (
            Destination::Image,
            Initiator::Empty,
            "http://93.184.216.34/a.png",
        ),
    ] {
        let req = fetch_of(destination, initiator, url);
        let (r, _, sent) = Fetch::new(req, &mut cache, T0).run(|_| unreachable!(), T0);
        assert_eq!(r.unwrap_err().reason, Reason::MixedContent, "{url}");
        assert!(sent.is_empty());
    }
    // A page that is not secure loads http images as they are.
    let mut req = fetch_of(
        Destination::Image,
        Initiator::Empty,
        "http://cdn.example/a.png",
    );
    req.client_prohibits_mixed_content = false;
    let (_, _, sent) = Fetch::new(req, &mut cache, T0).run(|_| Incoming::Response(allow("*")), T0);
    assert_eq!(sent[0].url.as_str(), "http://cdn.example/a.png");
}

#[test]
fn setup_failures_send_nothing() {
    let mut cache = PreflightCache::new();
    let cases = [
        (
            "GET",
            "https://api.example/",
            Mode::SameOrigin,
            false,
            Reason::DisallowedByMode,
        ),
        (
            "GET",
            "http://api.example/",
            Mode::Cors,
            true,
            Reason::MixedContent,
        ),
        (
            "GET",
            "ftp://api.example/",
            Mode::Cors,
            false,
            Reason::CorsDisabledScheme,
        ),
    ];
    for (method, url, mode, secure, reason) in cases {
        let mut req = request(method, url);
        req.mode = mode;
        req.client_prohibits_mixed_content = secure;
        let (r, _, sent) = Fetch::new(req, &mut cache, T0).run(|_| unreachable!(), T0);
        assert_eq!(r.unwrap_err().reason, reason, "{method} {url}");
        assert!(sent.is_empty());
    }
    // Loopback is potentially trustworthy: no mixed content.
    let mut req = request("GET", "http://127.0.0.1:8080/");
    req.client_prohibits_mixed_content = true;
    let (r, _, _) = Fetch::new(req, &mut cache, T0).run(|_| Incoming::Response(allow("*")), T0);
    assert!(r.is_ok());
}

#[test]
fn credentials_and_wildcards() {
    let mut cache = PreflightCache::new();
    let mut req = request("GET", "https://api.example/me");
    req.credentials_mode = CredentialsMode::Include;
    let (r, _, sent) =
        Fetch::new(req.clone(), &mut cache, T0).run(|_| Incoming::Response(allow("*")), T0);
    assert_eq!(r.unwrap_err().reason, Reason::WildcardOriginNotAllowed);
    assert!(sent[0].include_credentials);
    let (r, _, _) = Fetch::new(req, &mut cache, T0).run(
        |_| {
            Incoming::Response(
                allow(PAGE)
                    .header("Access-Control-Allow-Credentials", "true")
                    .header("X-A", "1")
                    .header("Access-Control-Expose-Headers", "*"),
            )
        },
        T0,
    );
    let r = r.unwrap();
    assert!(
        !r.header_list().contains("x-a"),
        "`*` exposes nothing extra with credentials"
    );
}

#[test]
fn expose_headers_star_without_credentials() {
    let mut cache = PreflightCache::new();
    let (r, _, _) = Fetch::new(request("GET", "https://api.example/"), &mut cache, T0).run(
        |_| {
            Incoming::Response(
                allow("*")
                    .header("X-A", "1")
                    .header("Set-Cookie", "x=y")
                    .header("Access-Control-Expose-Headers", "*"),
            )
        },
        T0,
    );
    let h = r.unwrap().header_list();
    assert!(h.contains("x-a"));
    assert!(!h.contains("set-cookie"), "never exposed");
}

#[test]
fn authorization_and_the_wildcard_by_profile() {
    let mut req = request("GET", "https://api.example/");
    req.header_list.append("Authorization", "Bearer x");
    let answer = |out: &Outgoing| {
        Incoming::Response(if out.preflight {
            HttpResponse::new(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Headers", "*")
        } else {
            allow("*")
        })
    };
    let mut cache = PreflightCache::new();
    let (r, trace, _) =
        Fetch::with_profile(req.clone(), &mut cache, T0, Profile::chromium()).run(answer, T0);
    assert!(r.is_ok());
    assert!(
        trace.entries().iter().any(|e| e.departure.is_some()),
        "the trace names the departure"
    );
    let mut cache = PreflightCache::new();
    let (r, _, _) = Fetch::with_profile(req, &mut cache, T0, Profile::spec()).run(answer, T0);
    let b = r.unwrap_err();
    assert_eq!(b.reason, Reason::HeaderDisallowedByPreflightResponse);
    assert_eq!(b.value.as_deref(), Some("authorization"));
}

#[test]
fn max_age_cap_and_negative_by_profile() {
    let mut req = request("DELETE", "https://api.example/x");
    req.header_list.append("X-A", "1");
    let with_max_age = |v: &'static str| {
        move |out: &Outgoing| {
            Incoming::Response(if out.preflight {
                HttpResponse::new(204)
                    .header("Access-Control-Allow-Origin", PAGE)
                    .header("Access-Control-Allow-Methods", "DELETE")
                    .header("Access-Control-Allow-Headers", "x-a")
                    .header("Access-Control-Max-Age", v)
            } else {
                allow(PAGE)
            })
        }
    };
    let preflights_after = |profile: Profile, max_age: &'static str, wait: u64| {
        let mut cache = PreflightCache::new();
        let _ = Fetch::with_profile(req.clone(), &mut cache, T0, profile.clone())
            .run(with_max_age(max_age), T0);
        let later = Duration::from_secs(wait);
        let (_, _, sent) = Fetch::with_profile(req.clone(), &mut cache, later, profile)
            .run(with_max_age(max_age), later);
        sent.iter().filter(|o| o.preflight).count()
    };
    // Chromium caps at 2 hours; the standard imposes no cap.
    assert_eq!(preflights_after(Profile::chromium(), "86400", 7300), 1);
    assert_eq!(preflights_after(Profile::spec(), "86400", 7300), 0);
    // Default 5 s.
    assert_eq!(preflights_after(Profile::chromium(), "nonsense", 4), 0);
    assert_eq!(preflights_after(Profile::chromium(), "nonsense", 6), 1);
    // Negative: Chromium does not cache; the standard falls back to 5 s.
    assert_eq!(preflights_after(Profile::chromium(), "-1", 1), 1);
    assert_eq!(preflights_after(Profile::spec(), "-1", 1), 0);
}

#[test]
fn method_case_matters_in_allow_methods() {
    let mut cache = PreflightCache::new();
    let answer = |acam: &'static str| {
        move |out: &Outgoing| {
            Incoming::Response(if out.preflight {
                HttpResponse::new(204)
                    .header("Access-Control-Allow-Origin", PAGE)
                    .header("Access-Control-Allow-Methods", acam)
            } else {
                allow(PAGE)
            })
        }
    };
    let (r, _, sent) = Fetch::new(request("patch", "https://api.example/"), &mut cache, T0)
        .run(answer("PATCH"), T0);
    assert_eq!(
        sent[0]
            .headers
            .get("access-control-request-method")
            .as_deref(),
        Some("patch")
    );
    assert_eq!(
        r.unwrap_err().reason,
        Reason::MethodDisallowedByPreflightResponse
    );
    let (r, _, _) = Fetch::new(request("patch", "https://api.example/"), &mut cache, T0)
        .run(answer("patch"), T0);
    assert!(r.is_ok());
}

#[test]
fn network_error_and_preflight_redirect() {
    let mut cache = PreflightCache::new();
    let (r, _, _) = Fetch::new(request("GET", "https://api.example/"), &mut cache, T0)
        .run(|_| Incoming::NetworkError, T0);
    assert_eq!(r.unwrap_err().reason, Reason::NetworkError);
    let (r, _, _) = Fetch::new(request("DELETE", "https://api.example/"), &mut cache, T0).run(
        |_| {
            Incoming::Response(
                HttpResponse::new(302)
                    .header("Location", "/x")
                    .header("Access-Control-Allow-Origin", "*"),
            )
        },
        T0,
    );
    assert_eq!(r.unwrap_err().reason, Reason::PreflightDisallowedRedirect);
}

#[test]
fn redirect_to_credentials_and_other_schemes() {
    let mut cache = PreflightCache::new();
    let to = |loc: &'static str| {
        move |_: &Outgoing| {
            Incoming::Response(
                HttpResponse::new(302)
                    .header("Location", loc)
                    .header("Access-Control-Allow-Origin", "*"),
            )
        }
    };
    let (r, _, _) = Fetch::new(request("GET", "https://api.example/"), &mut cache, T0)
        .run(to("https://u:p@api.example/"), T0);
    assert_eq!(r.unwrap_err().reason, Reason::RedirectContainsCredentials);
    let (r, _, _) =
        Fetch::new(request("GET", "https://api.example/"), &mut cache, T0).run(to("data:,x"), T0);
    assert_eq!(r.unwrap_err().reason, Reason::RedirectUnsupportedScheme);
}

#[test]
fn data_urls_are_basic() {
    let mut cache = PreflightCache::new();
    let (r, _, sent) = Fetch::new(request("GET", "data:text/plain,hello"), &mut cache, T0)
        .run(|_| unreachable!(), T0);
    let r = r.unwrap();
    assert_eq!(r.response_type, ResponseType::Basic);
    assert_eq!(r.body(), Some("hello"));
    assert!(sent.is_empty());
}

#[test]
fn client_hints_by_profile() {
    let mut req = request("GET", "https://api.example/");
    req.header_list.append("DPR", "2.0");
    req.header_list.append("Save-Data", "on");
    assert!(!first_is_preflight(&req, Profile::chromium()));
    assert!(first_is_preflight(&req, Profile::spec()));
    // A malformed hint is not safelisted anywhere.
    req.header_list.set("DPR", "two");
    assert!(first_is_preflight(&req, Profile::chromium()));
}

#[test]
fn repeated_headers_by_profile() {
    // Two 100-byte Accept values: each is safelisted, the combination is not.
    let mut req = request("GET", "https://api.example/");
    let value = "a".repeat(100);
    req.header_list.append("Accept", value.clone());
    req.header_list.append("Accept", value);
    assert!(first_is_preflight(&req, Profile::chromium()));
    assert!(!first_is_preflight(&req, Profile::spec()));
}

fn first_is_preflight(req: &Request, profile: Profile) -> bool {
    let mut cache = PreflightCache::new();
    let mut fetch = Fetch::with_profile(req.clone(), &mut cache, T0, profile);
    expect_send(&mut fetch).preflight
}

/// A scripted server for profile comparisons: preflights get `pre`,
/// requests get `main`.
fn serve(pre: HttpResponse, main: HttpResponse) -> impl FnMut(&Outgoing) -> Incoming {
    move |out: &Outgoing| {
        Incoming::Response(if out.preflight {
            pre.clone()
        } else {
            main.clone()
        })
    }
}

#[test]
fn cached_wildcard_and_credentials_by_profile() {
    // A credentialed POST with a custom header is preflighted; the answer
    // lists `*` methods, which passes only because POST is safelisted. The
    // standard caches the `*` and lets it serve a later credentialed PUT;
    // Chromium does not count a cached `*` with credentials.
    let pre = HttpResponse::new(204)
        .header("Access-Control-Allow-Origin", PAGE)
        .header("Access-Control-Allow-Credentials", "true")
        .header("Access-Control-Allow-Methods", "*")
        .header("Access-Control-Allow-Headers", "x-a")
        .header("Access-Control-Max-Age", "600");
    let main = allow(PAGE).header("Access-Control-Allow-Credentials", "true");
    let credentialed = |method: &str| {
        let mut r = request(method, "https://api.example/x");
        r.credentials_mode = CredentialsMode::Include;
        r.header_list.append("X-A", "1");
        r
    };
    let put_preflights = |profile: Profile| {
        let mut cache = PreflightCache::new();
        let (r, _, _) = Fetch::with_profile(credentialed("POST"), &mut cache, T0, profile.clone())
            .run(serve(pre.clone(), main.clone()), T0);
        assert!(r.is_ok());
        let (_, _, sent) = Fetch::with_profile(credentialed("PUT"), &mut cache, T0, profile)
            .run(serve(pre.clone(), main.clone()), T0);
        sent.iter().filter(|o| o.preflight).count()
    };
    assert_eq!(put_preflights(Profile::chromium()), 1);
    assert_eq!(put_preflights(Profile::spec()), 0);
}

#[test]
fn cache_replacement_by_profile() {
    // PUT is cached, then a DELETE preflight allows only DELETE: Chromium
    // replaces the entry (PUT needs a new preflight), the standard keeps it.
    let answer_for = |method: &'static str| {
        serve(
            HttpResponse::new(204)
                .header("Access-Control-Allow-Origin", PAGE)
                .header("Access-Control-Allow-Methods", method)
                .header("Access-Control-Max-Age", "600"),
            allow(PAGE),
        )
    };
    let put_preflights = |profile: Profile| {
        let mut cache = PreflightCache::new();
        let _ = Fetch::with_profile(
            request("PUT", "https://api.example/x"),
            &mut cache,
            T0,
            profile.clone(),
        )
        .run(answer_for("PUT"), T0);
        let _ = Fetch::with_profile(
            request("DELETE", "https://api.example/x"),
            &mut cache,
            T0,
            profile.clone(),
        )
        .run(answer_for("DELETE"), T0);
        let (_, _, sent) = Fetch::with_profile(
            request("PUT", "https://api.example/x"),
            &mut cache,
            T0,
            profile,
        )
        .run(answer_for("PUT"), T0);
        sent.iter().filter(|o| o.preflight).count()
    };
    assert_eq!(put_preflights(Profile::chromium()), 1);
    assert_eq!(put_preflights(Profile::spec()), 0);
}

#[test]
fn redirect_without_location_by_profile() {
    let mut req = request("GET", "https://api.example/x");
    req.redirect_mode = RedirectMode::Error;
    let answer = |_: &Outgoing| {
        Incoming::Response(HttpResponse::new(302).header("Access-Control-Allow-Origin", "*"))
    };
    let mut cache = PreflightCache::new();
    let (r, trace, _) =
        Fetch::with_profile(req.clone(), &mut cache, T0, Profile::chromium()).run(answer, T0);
    assert_eq!(r.unwrap().status(), 302);
    assert!(trace.entries().iter().any(|e| e.departure.is_some()));
    let (r, _, _) = Fetch::with_profile(req, &mut cache, T0, Profile::spec()).run(answer, T0);
    assert_eq!(r.unwrap_err().reason, Reason::RedirectModeError);
}

#[test]
fn same_origin_redirect_with_credentials_by_profile() {
    let answer = |out: &Outgoing| {
        Incoming::Response(if out.url.path() == "/login" {
            HttpResponse::new(302).header("Location", "https://user:pass@app.example/home")
        } else {
            HttpResponse::new(200)
        })
    };
    let mut cache = PreflightCache::new();
    let req = request("GET", "https://app.example/login");
    let (r, _, _) =
        Fetch::with_profile(req.clone(), &mut cache, T0, Profile::chromium()).run(answer, T0);
    assert_eq!(r.unwrap_err().reason, Reason::RedirectContainsCredentials);
    let (r, _, sent) = Fetch::with_profile(req, &mut cache, T0, Profile::spec()).run(answer, T0);
    assert!(r.is_ok());
    assert_eq!(sent.len(), 2);
}

#[test]
fn redirect_to_other_schemes_by_profile() {
    let to = |loc: &'static str| {
        move |_: &Outgoing| {
            Incoming::Response(
                HttpResponse::new(302)
                    .header("Location", loc)
                    .header("Access-Control-Allow-Origin", "*"),
            )
        }
    };
    let mut cache = PreflightCache::new();
    let req = request("GET", "https://api.example/r");
    let reason = |profile: Profile, loc: &'static str, cache: &mut PreflightCache| {
        Fetch::with_profile(req.clone(), cache, T0, profile)
            .run(to(loc), T0)
            .0
            .unwrap_err()
            .reason
    };
    assert_eq!(
        reason(Profile::chromium(), "ftp://api.example/f", &mut cache),
        Reason::CorsDisabledScheme
    );
    assert_eq!(
        reason(Profile::chromium(), "data:,x", &mut cache),
        Reason::RedirectUnsupportedScheme
    );
    assert_eq!(
        reason(Profile::spec(), "ftp://api.example/f", &mut cache),
        Reason::RedirectUnsupportedScheme
    );
}

#[test]
fn departures_are_named_in_the_trace() {
    let mut req = request("GET", "https://api.example/");
    req.header_list.append("DPR", "2");
    let mut cache = PreflightCache::new();
    let fetch = Fetch::with_profile(req.clone(), &mut cache, T0, Profile::chromium());
    assert!(
        fetch
            .trace()
            .entries()
            .iter()
            .any(|e| e.step == "unsafe headers" && e.departure.is_some())
    );
    let fetch = Fetch::with_profile(req, &mut cache, T0, Profile::spec());
    assert!(
        fetch
            .trace()
            .entries()
            .iter()
            .all(|e| e.departure.is_none())
    );
}

#[test]
fn manual_mode_makes_any_redirect_status_opaque() {
    let mut req = request("GET", "https://app.example/x");
    req.redirect_mode = RedirectMode::Manual;
    for profile in [Profile::chromium(), Profile::spec()] {
        let mut cache = PreflightCache::new();
        let (r, _, _) = Fetch::with_profile(req.clone(), &mut cache, T0, profile).run(
            |_| {
                Incoming::Response(
                    HttpResponse::new(302)
                        .header("X-Secret", "s")
                        .body("secret"),
                )
            },
            T0,
        );
        let r = r.unwrap();
        assert_eq!(r.response_type, ResponseType::OpaqueRedirect);
        assert_eq!((r.status(), r.body()), (0, None));
        assert!(r.header_list().is_empty());
    }
}

#[test]
fn location_headers() {
    let with = |locations: &'static [&'static str]| {
        move |out: &Outgoing| {
            Incoming::Response(if out.url.path() == "/old" {
                locations
                    .iter()
                    .fold(HttpResponse::new(302), |r, l| r.header("Location", l))
            } else {
                HttpResponse::new(200).body("new")
            })
        }
    };
    let run = |profile: Profile, locations: &'static [&'static str]| {
        let mut cache = PreflightCache::new();
        Fetch::with_profile(
            request("GET", "https://app.example/old"),
            &mut cache,
            T0,
            profile,
        )
        .run(with(locations), T0)
    };
    // Two different locations: a network error in both.
    for profile in [Profile::chromium(), Profile::spec()] {
        assert_eq!(
            run(profile, &["/new", "/other"]).0.unwrap_err().reason,
            Reason::NetworkError
        );
    }
    // Identical copies are one location to Chromium, a failure by the letter.
    assert_eq!(
        run(Profile::chromium(), &["/new", "/new"]).0.unwrap().url(),
        "https://app.example/new"
    );
    assert_eq!(
        run(Profile::spec(), &["/new", "/new"])
            .0
            .unwrap_err()
            .reason,
        Reason::NetworkError
    );
    // An empty Location: Chromium's network stack ignores it; the standard
    // parses it to the same URL and loops.
    assert_eq!(run(Profile::chromium(), &[""]).0.unwrap().status(), 302);
    assert_eq!(
        run(Profile::spec(), &[""]).0.unwrap_err().reason,
        Reason::TooManyRedirects
    );
}

#[test]
fn authorization_is_dropped_when_a_redirect_crosses_origins() {
    // HTTP-redirect fetch, step 13: api/a -> api/b keeps Authorization (and
    // so needs its own preflight); api/b -> cdn drops it, after which the
    // GET is simple and goes without a preflight.
    let mut req = request("GET", "https://api.example/a");
    req.header_list.append("Authorization", "Bearer t");
    let answer = |out: &Outgoing| {
        Incoming::Response(match (out.preflight, out.url.path()) {
            (true, _) => HttpResponse::new(204)
                .header("Access-Control-Allow-Origin", PAGE)
                .header("Access-Control-Allow-Headers", "authorization"),
            (false, "/a") => HttpResponse::new(302)
                .header("Location", "/b")
                .header("Access-Control-Allow-Origin", PAGE),
            (false, "/b") => HttpResponse::new(302)
                .header("Location", "https://cdn.example/c")
                .header("Access-Control-Allow-Origin", PAGE),
            _ => allow("*"),
        })
    };
    let mut cache = PreflightCache::new();
    let (r, trace, sent) = Fetch::new(req, &mut cache, T0).run(answer, T0);
    assert!(r.is_ok(), "{trace}");
    let seen: Vec<_> = sent
        .iter()
        .map(|o| {
            (
                o.method.as_str(),
                o.url.as_str(),
                header(o, "authorization"),
            )
        })
        .collect();
    let bearer = || Some("Bearer t".to_owned());
    assert_eq!(
        seen,
        [
            ("OPTIONS", "https://api.example/a", None),
            ("GET", "https://api.example/a", bearer()),
            ("OPTIONS", "https://api.example/b", None),
            ("GET", "https://api.example/b", bearer()),
            ("GET", "https://cdn.example/c", None),
        ]
    );
    assert!(
        trace
            .entries()
            .iter()
            .any(|e| e.detail.contains("Authorization removed")),
        "{trace}"
    );
}

#[test]
fn about_urls_by_profile() {
    let mut req = request("GET", "about:blank");
    req.mode = Mode::NoCors;
    let mut cache = PreflightCache::new();
    let (r, _, _) = Fetch::with_profile(req.clone(), &mut cache, T0, Profile::chromium())
        .run(|_| unreachable!(), T0);
    assert_eq!(r.unwrap_err().reason, Reason::CorsDisabledScheme);
    let (r, _, _) =
        Fetch::with_profile(req, &mut cache, T0, Profile::spec()).run(|_| unreachable!(), T0);
    assert_eq!(r.unwrap().response_type, ResponseType::Opaque);
}

#[test]
fn corp_same_site_between_ip_hosts_by_profile() {
    let mut req = Request::new(
        "GET",
        parse_url("http://127.0.0.1:9090/img").unwrap(),
        Origin::of_url_str("http://127.0.0.1:8080").unwrap(),
    );
    req.mode = Mode::NoCors;
    let answer = |_: &Outgoing| {
        Incoming::Response(
            HttpResponse::new(200).header("Cross-Origin-Resource-Policy", "same-site"),
        )
    };
    let mut cache = PreflightCache::new();
    let (r, _, _) =
        Fetch::with_profile(req.clone(), &mut cache, T0, Profile::chromium()).run(answer, T0);
    assert_eq!(r.unwrap_err().reason, Reason::CorpBlocked);
    let (r, _, _) = Fetch::with_profile(req, &mut cache, T0, Profile::spec()).run(answer, T0);
    assert!(r.is_ok());
}

#[test]
fn redirect_check_order_by_profile() {
    // A redirect to a URL with credentials under redirect mode "error":
    // Chromium's CORS layer names the credentials first.
    let mut req = request("GET", "https://api.example/r");
    req.redirect_mode = RedirectMode::Error;
    let answer = |_: &Outgoing| {
        Incoming::Response(
            HttpResponse::new(302)
                .header("Location", "https://u:p@api.example/x")
                .header("Access-Control-Allow-Origin", "*"),
        )
    };
    let mut cache = PreflightCache::new();
    let (r, _, _) =
        Fetch::with_profile(req.clone(), &mut cache, T0, Profile::chromium()).run(answer, T0);
    assert_eq!(r.unwrap_err().reason, Reason::RedirectContainsCredentials);
    let (r, _, _) = Fetch::with_profile(req, &mut cache, T0, Profile::spec()).run(answer, T0);
    assert_eq!(r.unwrap_err().reason, Reason::RedirectModeError);
    // A redirect to data: without Access-Control-Allow-Origin: the network
    // stack refuses the target before the CORS check looks at the 3xx.
    let req = request("GET", "https://api.example/r");
    let answer =
        |_: &Outgoing| Incoming::Response(HttpResponse::new(302).header("Location", "data:,x"));
    let (r, _, _) =
        Fetch::with_profile(req.clone(), &mut cache, T0, Profile::chromium()).run(answer, T0);
    assert_eq!(r.unwrap_err().reason, Reason::RedirectUnsupportedScheme);
    let (r, _, _) = Fetch::with_profile(req, &mut cache, T0, Profile::spec()).run(answer, T0);
    assert_eq!(r.unwrap_err().reason, Reason::MissingAllowOriginHeader);
}

#[test]
fn max_age_out_of_range_by_profile() {
    let mut req = request("DELETE", "https://api.example/x");
    req.header_list.append("X-A", "1");
    let answer = |out: &Outgoing| {
        Incoming::Response(if out.preflight {
            HttpResponse::new(204)
                .header("Access-Control-Allow-Origin", PAGE)
                .header("Access-Control-Allow-Methods", "DELETE")
                .header("Access-Control-Allow-Headers", "x-a")
                .header("Access-Control-Max-Age", "99999999999999999999")
        } else {
            allow(PAGE)
        })
    };
    let preflights_after = |profile: Profile, wait: u64| {
        let mut cache = PreflightCache::new();
        let _ = Fetch::with_profile(req.clone(), &mut cache, T0, profile.clone()).run(answer, T0);
        let later = Duration::from_secs(wait);
        let (_, _, sent) =
            Fetch::with_profile(req.clone(), &mut cache, later, profile).run(answer, later);
        sent.iter().filter(|o| o.preflight).count()
    };
    // Chromium: does not fit 64 bits, so the default 5 s.
    assert_eq!(preflights_after(Profile::chromium(), 10), 1);
    // The standard: delta-seconds, as good as forever.
    assert_eq!(preflights_after(Profile::spec(), 10), 0);
}

#[test]
fn cached_wildcard_never_covers_authorization() {
    let mut req = request("GET", "https://api.example/me");
    req.header_list.append("Authorization", "Bearer a");
    let answer = |out: &Outgoing| {
        Incoming::Response(if out.preflight {
            HttpResponse::new(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Headers", "*")
                .header("Access-Control-Max-Age", "60")
        } else {
            allow("*")
        })
    };
    let mut cache = PreflightCache::new();
    let (r, _, _) =
        Fetch::with_profile(req.clone(), &mut cache, T0, Profile::chromium()).run(answer, T0);
    assert!(r.is_ok(), "a fresh * covers Authorization in Chromium");
    let (_, _, sent) =
        Fetch::with_profile(req, &mut cache, T0, Profile::chromium()).run(answer, T0);
    assert!(sent[0].preflight, "a cached * does not");
}

/// A detached fetch borrows no cache between steps; lent a cache again
/// for each step, it reads and fills it exactly as a borrowing fetch does,
/// even when another fetch used the cache in between.
#[test]
fn detached_fetch_shares_the_cache_it_is_lent_at_each_step() {
    let mut cache = PreflightCache::new();
    let req = request("PUT", "https://api.example/items/7");
    let grant = || {
        Incoming::Response(
            HttpResponse::new(204)
                .header("Access-Control-Allow-Origin", PAGE)
                .header("Access-Control-Allow-Methods", "PUT")
                .header("Access-Control-Max-Age", "60"),
        )
    };

    // Two fetches in flight at once on one cache: both miss it.
    let mut first = Fetch::new(req.clone(), &mut cache, T0).detach();
    let mut second = Fetch::new(req.clone(), &mut cache, T0).detach();
    assert!(expect_send(&mut first).preflight);
    assert!(expect_send(&mut second).preflight);

    // The first one's grant goes into the cache it is lent.
    let mut attached = first.attach(&mut cache);
    attached.receive(grant(), T0);
    first = attached.detach();
    assert_eq!(cache.entries().len(), 1);
    assert_eq!(expect_send(&mut first).method, "PUT");

    // A third fetch, started now, finds the grant: no preflight.
    let mut third = Fetch::new(req.clone(), &mut cache, T0).detach();
    let out = expect_send(&mut third);
    assert!(!out.preflight, "{}", third.trace());

    // The second one's preflight fails: the entry for that key is cleared.
    let mut attached = second.attach(&mut cache);
    attached.receive(Incoming::NetworkError, T0);
    second = attached.detach();
    assert!(matches!(second.next(), Next::Done(Err(b)) if b.during_preflight));
    assert!(cache.entries().is_empty());

    // Detached while it receives, a fetch neither reads nor fills a cache.
    let mut orphan = Fetch::new(req, &mut cache, T0).detach();
    assert!(expect_send(&mut orphan).preflight);
    orphan.receive(grant(), T0);
    assert_eq!(expect_send(&mut orphan).method, "PUT");
    assert!(cache.entries().is_empty(), "nothing was stored");
}

// The same-origin policy switched off (`SameOriginPolicy::Off`, as with
// Chromium's --disable-web-security).

fn policy_off() -> sop_fetch_model::FetchConfig {
    let mut config = sop_fetch_model::FetchConfig::default();
    config.same_origin_policy = sop_fetch_model::SameOriginPolicy::Off;
    config
}

/// Runs `req` with the policy off, answering every request with `answer`;
/// returns what was sent and how it ended.
fn run_off(
    req: Request,
    answer: impl FnMut(&Outgoing) -> Incoming,
) -> (
    Vec<Outgoing>,
    sop_fetch_model::FetchResult,
    sop_fetch_model::Trace,
) {
    let mut cache = PreflightCache::new();
    let fetch = Fetch::with_config(req, &mut cache, T0, policy_off());
    let (result, trace, sent) = fetch.run(answer, T0);
    assert!(cache.entries().is_empty(), "no preflight, nothing cached");
    (sent, result, trace)
}

#[test]
fn policy_off_sends_a_cross_origin_put_without_preflight_and_exposes_it() {
    let mut req = request("PUT", "https://api.example/items/7");
    req.header_list.append("X-Token", "abc");
    req.body = Some("{}".into());
    // The server says nothing about CORS.
    let (sent, result, trace) = run_off(req, |_| {
        Incoming::Response(
            HttpResponse::new(201)
                .header("X-Secret", "s")
                .header("Set-Cookie", "a=b")
                .body("saved"),
        )
    });
    assert_eq!(sent.len(), 1, "{sent:?}");
    let put = &sent[0];
    assert!(!put.preflight);
    assert_eq!(put.method, "PUT");
    assert_eq!(header(put, "x-token").as_deref(), Some("abc"));
    // As for any same-origin request with an unsafe method.
    assert_eq!(header(put, "origin").as_deref(), Some(PAGE));
    assert!(put.include_credentials, "credentials same-origin: sent");
    let response = result.unwrap();
    assert_eq!(response.response_type, ResponseType::Basic);
    assert_eq!(response.status(), 201);
    assert_eq!(response.body(), Some("saved"));
    assert_eq!(response.header_names(), ["x-secret"]);
    assert!(
        trace
            .entries()
            .iter()
            .any(|e| e.step == "same-origin policy"
                && e.detail.starts_with("off (as with --disable-web-security)")),
        "{trace}"
    );
}

#[test]
fn policy_off_follows_a_cross_origin_redirect_without_cors_headers() {
    let req = request("GET", "https://api.example/a");
    let (sent, result, _) = run_off(req, |out| {
        Incoming::Response(if out.url.path() == "/a" {
            HttpResponse::new(302).header("Location", "https://cdn.example/b")
        } else {
            HttpResponse::new(200).body("b")
        })
    });
    let urls: Vec<&str> = sent.iter().map(|o| o.url.as_str()).collect();
    assert_eq!(urls, ["https://api.example/a", "https://cdn.example/b"]);
    assert!(sent.iter().all(|o| header(o, "origin").is_none()));
    let response = result.unwrap();
    assert_eq!(response.response_type, ResponseType::Basic);
    assert_eq!(response.url(), "https://cdn.example/b");
}

#[test]
fn policy_off_lets_same_origin_mode_reach_another_origin() {
    let mut req = request("GET", "https://api.example/data");
    req.mode = Mode::SameOrigin;
    let (sent, result, _) = run_off(req, |_| {
        Incoming::Response(HttpResponse::new(200).body("x"))
    });
    assert_eq!(sent.len(), 1);
    let response = result.unwrap();
    assert_eq!(response.response_type, ResponseType::Basic);
    assert_eq!(response.body(), Some("x"));
}

#[test]
fn policy_off_keeps_no_cors_opaque() {
    let mut req = request("GET", "https://api.example/data");
    req.mode = Mode::NoCors;
    let (_, result, trace) = run_off(req, |_| Incoming::Response(allow("*").body("secret")));
    let response = result.unwrap();
    assert_eq!(response.response_type, ResponseType::Opaque);
    assert_eq!(response.status(), 0);
    assert_eq!(response.body(), None);
    assert!(
        trace
            .entries()
            .iter()
            .any(|e| e.step == "same-origin policy" && e.detail.contains("no-cors")),
        "{trace}"
    );
}

#[test]
fn policy_off_keeps_mixed_content_and_network_errors() {
    let mut req = request("GET", "http://api.example/data");
    req.client_prohibits_mixed_content = true;
    let (sent, result, _) = run_off(req, |_| Incoming::Response(HttpResponse::new(200)));
    assert!(sent.is_empty());
    assert_eq!(result.unwrap_err().reason, Reason::MixedContent);

    let req = request("GET", "https://api.example/data");
    let (sent, result, _) = run_off(req, |_| Incoming::NetworkError);
    assert_eq!(sent.len(), 1);
    assert_eq!(result.unwrap_err().reason, Reason::NetworkError);
}

#[test]
fn policy_off_keeps_the_redirect_limit() {
    let req = request("GET", "https://api.example/loop");
    let (sent, result, _) = run_off(req, |_| {
        Incoming::Response(HttpResponse::new(302).header("Location", "/loop"))
    });
    assert_eq!(sent.len(), 21);
    assert_eq!(result.unwrap_err().reason, Reason::TooManyRedirects);
}

#[test]
fn policy_enforced_is_the_default_config() {
    let mut cache = PreflightCache::new();
    let mut fetch = Fetch::with_config(
        request("PUT", "https://api.example/items/7"),
        &mut cache,
        T0,
        sop_fetch_model::FetchConfig::default(),
    );
    assert!(expect_send(&mut fetch).preflight);
}

/// The preflight, the request and the response all point at the URL the
/// caller handed in: none of them copies it.
#[test]
fn the_requests_sent_and_the_response_share_the_request_s_url() {
    let url = std::sync::Arc::new(parse_url("https://api.example/items/7").unwrap());
    let mut req = Request::new("PUT", url.clone(), Origin::of_url_str(PAGE).unwrap());
    req.header_list.append("X-Token", "abc");
    let mut cache = PreflightCache::new();
    let mut fetch = Fetch::new(req, &mut cache, T0);
    let pre = expect_send(&mut fetch);
    assert!(pre.preflight);
    assert!(std::sync::Arc::ptr_eq(&pre.url, &url));
    fetch.receive(
        Incoming::Response(
            allow(PAGE)
                .header("Access-Control-Allow-Methods", "PUT")
                .header("Access-Control-Allow-Headers", "x-token"),
        ),
        T0,
    );
    let actual = expect_send(&mut fetch);
    assert!(!actual.preflight);
    assert!(std::sync::Arc::ptr_eq(&actual.url, &url));
    fetch.receive(Incoming::Response(allow(PAGE)), T0);
    let Next::Done(Ok(response)) = fetch.next() else {
        panic!("{}", fetch.trace())
    };
    assert_eq!(response.internal.url_list.len(), 1);
    assert!(std::sync::Arc::ptr_eq(&response.internal.url_list[0], &url));
}
