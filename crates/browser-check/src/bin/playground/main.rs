//! `sop-playground-check`: drives `sop serve`'s page in headless Chromium
//! and checks that what it shows is what sop says.
//!
//! The modules: [`cli`] (the command line), [`sop`] (the sop binary:
//! serving, and the `eval` and `explain` answers), [`drive`] (the page in
//! a tab), [`expect`] (the fields the page must show, from `sop eval`),
//! [`events`] (requests and errors the tab reported) and [`base64`] (the
//! screenshot's encoding). Chromium and DevTools come from the library,
//! shared with `sop-browser-check`.

#![forbid(unsafe_code)]

mod base64;
mod cli;
mod drive;
mod events;
mod expect;
mod sop;

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;
use sop_browser_check::browser::{self, Browser};
use sop_browser_check::cdp::Cdp;

use crate::drive::{Shown, Tab};
use crate::sop::Pick;

/// Exit status when the check cannot run (no Chromium, no sop).
const SETUP_ERROR: u8 = 2;

/// The scenarios picked through the page: each kind, a blocked fetch and
/// an exposed one, and a `steps` scenario. The blocked fetch comes last:
/// the screenshot shows it, with its fix and its diagram.
const PICKS: [Pick; 5] = [
    Pick {
        file: "preflight.json",
        name: "PUT allowed by Access-Control-Allow-Methods",
    },
    Pick {
        file: "preflight-cache.json",
        name: "cached method does not cover a new header",
    },
    Pick {
        file: "embeds-images.json",
        name: "cross-site image taints the canvas",
    },
    Pick {
        file: "windows-document-domain.json",
        name: "document.domain without Origin-Agent-Cluster: ignored",
    },
    Pick {
        file: "preflight.json",
        name: "PUT allowed but its header is not",
    },
];

/// A scenario written in the page with a mistake on line 4.
const MISTAKE: &str = r#"{
  "name": "a typo in the mode",
  "page": "https://app.example/",
  "request": {"url": "https://api.example/data", "mode": "corz"}
}"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match cli::parse(std::env::args().skip(1), Path::is_file) {
        Ok(cli::Command::Run(a)) => a,
        Ok(cli::Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("sop-playground-check: {e}\n\n{}", cli::USAGE);
            return ExitCode::from(SETUP_ERROR);
        }
    };
    match run(&args).await {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("sop-playground-check: {e}");
            ExitCode::from(SETUP_ERROR)
        }
    }
}

/// Runs the check; how many checks failed, or why it could not run.
async fn run(args: &cli::Args) -> Result<usize, String> {
    let exe = browser::executable();
    if !exe.is_file() {
        return Err(format!(
            "no Chromium at {} (install Debian's `chromium`, or set SOP_CHROMIUM)",
            exe.display()
        ));
    }
    let served = sop::serve(&args.sop, &args.fixtures).await?;
    println!("playground: {}", served.url);
    let browser = Browser::launch(&exe).await?;
    // Whatever happens, Chromium is closed and its profile removed.
    let checked = in_browser(&browser, args, &served.url).await;
    browser.shut_down().await;
    let failures = checked?;
    for f in &failures {
        println!("FAIL {f}");
    }
    println!(
        "{} scenarios picked and compared with sop eval and sop explain, a mistake placed, offline checked: {}",
        PICKS.len(),
        if failures.is_empty() {
            "all agree".to_owned()
        } else {
            format!("{} failures", failures.len())
        }
    );
    Ok(failures.len())
}

/// The checks in one tab; the failures, one line each.
async fn in_browser(browser: &Browser, args: &cli::Args, url: &str) -> Result<Vec<String>, String> {
    let cdp = Cdp::connect(&browser.ws_url).await?;
    let version = cdp.call(None, "Browser.getVersion", json!({})).await?;
    println!(
        "chromium: {}",
        version["product"].as_str().unwrap_or("unknown")
    );
    let mut tab = Tab::open(&cdp, url).await?;
    let mut failures = Vec::new();

    // A mistake: its JSON path in the error, its line selected.
    tab.write(MISTAKE).await?;
    let shown = tab.evaluate().await?;
    let (line, invalid) = tab.marked_line().await?;
    match &shown.error {
        Some(e) if e.contains("request.mode") && e.contains("line 4") && line == 4 && invalid => {
            println!("ok   a mistake: {e}");
        }
        other => failures.push(format!(
            "a mistake: the error box shows {other:?}; the selection is on line {line}, marked invalid: {invalid}"
        )),
    }

    for pick in PICKS {
        let label = format!("{}: {}", pick.file, pick.name);
        let verdict = sop::eval(&args.sop, &args.fixtures, pick).await?;
        let explanation = sop::explain(&args.sop, &args.fixtures, pick).await?;
        tab.pick(pick).await?;
        let shown = tab.evaluate().await?;
        let found = compare(&shown, &verdict, &explanation);
        if found.is_empty() {
            println!(
                "ok   {label}: {} fields, {} diagram{}",
                shown.fields.len(),
                shown.diagrams.len(),
                if shown.diagrams.len() == 1 { "" } else { "s" }
            );
        }
        failures.extend(found.into_iter().map(|f| format!("{label}: {f}")));
    }

    let png = tab.screenshot().await?;
    let bytes = base64::decode(&png).ok_or("the screenshot is not base64")?;
    if let Some(dir) = args
        .screenshot
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    }
    std::fs::write(&args.screenshot, &bytes)
        .map_err(|e| format!("cannot write {}: {e}", args.screenshot.display()))?;
    println!("screenshot: {}", args.screenshot.display());

    let seen = events::findings(&tab.events(), url);
    println!(
        "requests: {}, all to {url} or data: URLs: {}",
        seen.requested.len(),
        if seen.problems.is_empty() {
            "yes"
        } else {
            "no"
        }
    );
    failures.extend(seen.problems);
    let _ = cdp.call(None, "Browser.close", json!({})).await;
    Ok(failures)
}

/// Where the page and sop disagree: each field `sop eval` gives that the
/// page shows otherwise (or not at all), each it shows that sop does not
/// give, the walkthrough against `sop explain`, and a decoded diagram per
/// read.
fn compare(shown: &Shown, verdict: &serde_json::Value, explanation: &str) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(e) = &shown.error {
        found.push(format!("the page shows an error: {e}"));
    }
    let expected = expect::fields(verdict);
    for (field, want) in &expected {
        match shown.fields.get(field) {
            Some(got) if got == want => {}
            got => found.push(format!(
                "{field}: the page shows {got:?}, sop eval {want:?}"
            )),
        }
    }
    for field in shown.fields.keys().filter(|f| !expected.contains_key(*f)) {
        found.push(format!("{field}: the page shows it, sop eval does not"));
    }
    if shown.explanation != explanation {
        found.push("the explanation is not what sop explain prints".to_owned());
    }
    let reads = expect::reads(verdict);
    if shown.diagrams.len() != reads || shown.diagrams.contains(&false) {
        found.push(format!(
            "{reads} diagram(s) expected; the page shows {:?} (true: an SVG image that decoded, described)",
            shown.diagrams
        ));
    }
    if verdict_blocked(verdict) && shown.fix.trim().is_empty() {
        found.push("blocked, but the page shows no fix".to_owned());
    }
    found
}

/// Whether any read of the verdict was blocked (so it has a fix).
fn verdict_blocked(verdict: &serde_json::Value) -> bool {
    let blocked = |v: &serde_json::Value| v["outcome"] == "blocked";
    match verdict.get("steps").and_then(serde_json::Value::as_array) {
        Some(steps) => steps.iter().any(blocked),
        None => blocked(verdict),
    }
}
