//! `sop-browser-check`: replays every scenario of the fixture corpus in
//! real headless Chromium, against loopback servers that answer as the
//! scenarios say, and reports field by field where Chromium disagrees with
//! the fixture's `expect` and where sop's own verdict disagrees with
//! Chromium. CI runs it so the corpus can never drift from reality.
//!
//! The modules: [`cli`] (the command line), [`corpus`] (the scenarios and
//! the origins they use), [`http`] and [`servers`] (the loopback servers),
//! [`tls`] (their certificate), [`page`] (the page and its script),
//! [`replay`] (one scenario in a fresh browser context), [`observe`] (what
//! Chromium did, in the contract's terms), [`embed`] (the same for an
//! embed scenario), [`resource`] (the bytes an embed's bodiless response
//! carries), [`window`] (a window scenario's scripts and what Chromium did
//! in its terms), [`window_replay`] (replaying it across the documents of
//! the scenario), [`compare`] (fixture, Chromium and sop side by side) and
//! [`report`] (the table and the version file). With `--record-har`,
//! [`har_record`] copies each page's DevTools events, [`har_hops`] rebuilds
//! its requests from them as DevTools does and [`har_log`] writes them as
//! DevTools' HAR export. Starting Chromium and the DevTools protocol are
//! the library's (`browser`, `cdp`), shared with `sop-playground-check`.

#![forbid(unsafe_code)]

mod cli;
mod compare;
mod corpus;
mod embed;
mod har_hops;
mod har_log;
mod har_record;
mod http;
mod observe;
mod page;
mod replay;
mod report;
mod resource;
mod servers;
mod tls;
mod window;
mod window_replay;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use sop_verdict::embed::EmbedObservation;
use sop_verdict::fixture::{Body, FetchBody};
use sop_verdict::window::WindowObservation;
use sop_verdict::{Options, ScenarioVerdict, evaluate};
// The library's, shared with sop-playground-check; `crate::cdp` and
// `crate::browser` name them for every module here.
use sop_browser_check::{browser, cdp};

use crate::browser::Browser;
use crate::cdp::Cdp;
use crate::compare::{Category, Row};
use crate::corpus::Item;
use crate::observe::{Observed, from_verdict};
use crate::replay::Run;
use crate::servers::Hub;

/// Exit status for a run that could not happen (no Chromium, a port taken,
/// unreadable fixtures).
const SETUP_ERROR: u8 = 2;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match cli::parse(std::env::args().skip(1)) {
        Ok(cli::Command::Run(a)) => a,
        Ok(cli::Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("sop-browser-check: {e}\n\n{}", cli::USAGE);
            return ExitCode::from(SETUP_ERROR);
        }
    };
    match run(&args).await {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("sop-browser-check: {e}");
            ExitCode::from(SETUP_ERROR)
        }
    }
}

/// One scenario's result.
struct Outcome {
    label: String,
    /// The disagreements, contract fields and console messages.
    rows: Vec<Row>,
    run: Option<Run>,
    /// Steps whose console messages were compared (Chromium or sop
    /// blocked them), and of those, the ones where the texts agree.
    messages: (usize, usize),
}

/// Runs the check; the number of failed scenarios, or a set-up error.
async fn run(args: &cli::Args) -> Result<usize, String> {
    let started = Instant::now();
    let exe = browser::executable();
    if !exe.is_file() {
        return Err(format!(
            "no Chromium at {} (install Debian's `chromium`, or set SOP_CHROMIUM)",
            exe.display()
        ));
    }
    let files = corpus::fixture_files(&args.paths)?;
    let selection = corpus::select(&files, args.filter.as_deref())?;
    if args.jobs > 1 {
        eprintln!(
            "note: --jobs {}: scenarios run one at a time (they share fixed URLs, so the servers could not tell concurrent ones apart)",
            args.jobs
        );
    }
    eprintln!(
        "{} scenarios to replay from {} files; {} skipped (spec profile){}",
        selection.items.len(),
        files.len(),
        selection.skipped_spec,
        if selection.filtered_out > 0 {
            format!("; {} left out by --filter", selection.filtered_out)
        } else {
            String::new()
        }
    );

    let scenarios = || selection.items.iter().map(|i| &i.scenario);
    let endpoints = scenarios().flat_map(corpus::endpoints).collect();
    let acceptor = tls::acceptor(tls::subject_alt_names(&corpus::hosts(scenarios())))?;
    let hub = Arc::new(Hub::default());
    servers::start(&endpoints, hub.clone(), acceptor).await?;

    if let Some(dir) = &args.record_har {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    }
    let browser = Browser::launch(&exe).await?;
    // Whatever happens, Chromium is closed and its profile removed.
    let replayed = replay_all(
        &browser,
        &hub,
        &selection.items,
        args.verbose,
        args.record_har.as_deref(),
    )
    .await;
    browser.shut_down().await;
    let (product, outcomes) = replayed?;

    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.rows.is_empty()).collect();
    let passed = outcomes.len() - failed.len();
    print_details(&outcomes, args.verbose);
    let rows_of = |category: Category| -> Vec<(String, Row)> {
        failed
            .iter()
            .flat_map(|o| o.rows.iter().map(|r| (o.label.clone(), r.clone())))
            .filter(|(_, r)| r.category == category)
            .collect()
    };
    let contract = rows_of(Category::Contract);
    if !contract.is_empty() {
        println!("\nDisagreements (* = differs from Chromium):\n");
        print!("{}", report::table(&contract));
    }
    let messages = rows_of(Category::Message);
    if !messages.is_empty() {
        println!(
            "\nMessage disagreements (sop's message against the console message Chromium printed; fixtures hold none):\n"
        );
        print!("{}", report::table(&messages));
    }
    let (compared, agreed) = outcomes
        .iter()
        .fold((0, 0), |(c, a), o| (c + o.messages.0, a + o.messages.1));
    let seconds = started.elapsed().as_secs_f64();
    if args.filter.is_none() {
        let record = report::VersionRecord {
            version: report::version_number(&product).to_owned(),
            product: product.clone(),
            executable: exe.display().to_string(),
            date: report::utc_timestamp(
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or_default(),
            ),
            replayed: outcomes.len(),
            passed,
            failed: failed.len(),
            skipped_spec: selection.skipped_spec,
            seconds,
        };
        for dir in args.paths.iter().filter(|p| p.is_dir()) {
            let path: PathBuf = dir.join("CHROMIUM-VERSION");
            std::fs::write(&path, report::version_file(&record))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!("wrote {}", path.display());
        }
    }
    // The closing line, last of all.
    println!("\nconsole messages of blocked reads: {compared} compared, {agreed} agree");
    println!("Chromium {product}; {seconds:.1} s");
    println!("{passed} passed, {} failed", failed.len());
    Ok(failed.len())
}

/// Replays every item in `browser`; Chromium's product string and each
/// scenario's result. With `record_har`, each fetch and embed scenario's
/// HAR is written there.
async fn replay_all(
    browser: &Browser,
    hub: &Hub,
    items: &[Item],
    verbose: bool,
    record_har: Option<&std::path::Path>,
) -> Result<(String, Vec<Outcome>), String> {
    let cdp = Cdp::connect(&browser.ws_url).await?;
    let version = cdp.call(None, "Browser.getVersion", json!({})).await?;
    let product = version
        .get("product")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_owned();
    eprintln!("chromium: {product} ({})", browser.executable.display());
    let recorder = record_har.map(|dir| har_record::Recorder {
        dir: dir.to_owned(),
        creator: har_log::creator_version(
            version
                .get("userAgent")
                .and_then(Value::as_str)
                .unwrap_or(""),
        ),
        written: Default::default(),
    });
    let mut outcomes = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let target = recorder
            .as_ref()
            .filter(|_| !matches!(item.scenario.body, Body::Window(_)))
            .map(|r| r.target(&item.file, &item.scenario.name));
        let outcome = check(&cdp, hub, item, target.as_ref()).await?;
        if verbose || !outcome.rows.is_empty() {
            let mark = if outcome.rows.is_empty() {
                "ok  "
            } else {
                "FAIL"
            };
            eprintln!("{mark} {}", outcome.label);
        }
        if (n + 1) % 50 == 0 {
            eprintln!("... {} of {}", n + 1, items.len());
        }
        outcomes.push(outcome);
    }
    if let Some(r) = &recorder {
        eprintln!(
            "wrote {} HAR files to {} (creator WebInspector {})",
            r.written.load(std::sync::atomic::Ordering::Relaxed),
            r.dir.display(),
            r.creator
        );
    }
    let _ = cdp.call(None, "Browser.close", json!({})).await;
    Ok((product, outcomes))
}

/// Replays one scenario (recording its HAR to `har`), evaluates it with
/// sop, and compares the three.
async fn check(
    cdp: &Cdp,
    hub: &Hub,
    item: &Item,
    har: Option<&har_record::Target<'_>>,
) -> Result<Outcome, String> {
    let scenario = &item.scenario;
    let verdict = evaluate(
        scenario,
        Options {
            fix: false,
            ..Options::default()
        },
    );
    let verdicts = verdict.verdicts();
    let steps = corpus::steps(scenario);
    let replayed = match har {
        Some(_) => replay::replay_recording(cdp, hub, scenario, har).await,
        None => replay::replay(cdp, hub, scenario).await,
    };
    let run = match replayed {
        Ok(run) => Some(run),
        Err(e) if e.contains("DevTools connection") => return Err(e),
        Err(e) => {
            let rows = vec![Row {
                category: Category::Contract,
                field: "replay".to_owned(),
                fixture: String::new(),
                chromium: json!(format!("not replayed: {e}")).to_string(),
                sop: String::new(),
            }];
            return Ok(Outcome {
                label: item.label(),
                rows,
                run: None,
                messages: (0, 0),
            });
        }
    };
    let mut rows = Vec::new();
    let mut messages = (0, 0);
    if let (Body::Embed(body), ScenarioVerdict::Embed(v), Some(run)) =
        (&scenario.body, &verdict, &run)
    {
        let sop = EmbedObservation::from(&**v);
        let at = "expect";
        match &run.embed {
            Some(Ok(chromium)) => {
                let chromium = &chromium.observation;
                if let Some(expect) = &body.expect {
                    rows.extend(compare::compare_embed(expect, at, chromium, &sop));
                }
                if let Some(row) = compare::compare_embed_message(at, chromium, &sop) {
                    messages.0 += 1;
                    if !row.sop_disagrees() {
                        messages.1 += 1;
                    } else if body.expect.as_ref().is_none_or(|e| e.message.is_none()) {
                        // A message the fixture gives is a contract row already.
                        rows.push(row);
                    }
                }
            }
            Some(Err(why)) => {
                if let Some(expect) = &body.expect {
                    rows.extend(compare::embed_unobserved(expect, at, why, &sop));
                }
            }
            None => {
                if let Some(expect) = &body.expect {
                    rows.extend(compare::embed_unobserved(expect, at, "not run", &sop));
                }
            }
        }
    }
    if let (Body::Window(body), ScenarioVerdict::Window(v), Some(run)) =
        (&scenario.body, &verdict, &run)
    {
        let sop = WindowObservation::from(&**v);
        let at = "expect";
        if let Some(Ok(chromium)) = &run.window {
            for row in compare::compare_window_messages(
                body.expect.as_ref(),
                at,
                &chromium.observation,
                &sop,
            ) {
                messages.0 += 1;
                if row.sop_disagrees() {
                    rows.push(row);
                } else {
                    messages.1 += 1;
                }
            }
        }
        if let Some(expect) = &body.expect {
            match &run.window {
                Some(Ok(chromium)) => {
                    rows.extend(compare::compare_window(
                        expect,
                        at,
                        &chromium.observation,
                        &sop,
                    ));
                }
                Some(Err(why)) => rows.extend(compare::window_unobserved(expect, at, why, &sop)),
                None => rows.extend(compare::window_unobserved(expect, at, "not run", &sop)),
            }
        }
    }
    if let Some(run) = &run {
        for (i, step) in steps.iter().enumerate() {
            let Some(expect) = step.expect else { continue };
            let at = if matches!(scenario.body, Body::Fetch(FetchBody::Steps(_))) {
                format!("steps[{i}].expect")
            } else {
                "expect".to_owned()
            };
            let Some(v) = verdicts.get(i) else { continue };
            let sop = from_verdict(v);
            match run.steps.get(i) {
                Some(Ok(chromium)) => {
                    rows.extend(compare::compare(expect, &at, chromium, &sop));
                    if let Some(row) = compare::compare_message(&at, chromium, &sop) {
                        messages.0 += 1;
                        if row.sop_disagrees() {
                            rows.push(row);
                        } else {
                            messages.1 += 1;
                        }
                    }
                }
                Some(Err(why)) => rows.extend(compare::unobserved(expect, &at, why, &sop)),
                None => rows.extend(compare::unobserved(expect, &at, "step not run", &sop)),
            }
        }
    }
    Ok(Outcome {
        label: item.label(),
        rows,
        run,
        messages,
    })
}

/// The evidence behind each failed scenario (every scenario's, verbose):
/// what DevTools and the console said, and the traffic.
fn print_details(outcomes: &[Outcome], verbose: bool) {
    for o in outcomes.iter().filter(|o| verbose || !o.rows.is_empty()) {
        println!(
            "\n== {} {}",
            if o.rows.is_empty() { "ok" } else { "FAILED" },
            o.label
        );
        let Some(run) = &o.run else { continue };
        if let Some(origin) = &run.page_origin {
            println!("   page origin: {origin}");
        }
        for (i, step) in run.steps.iter().enumerate() {
            match step {
                Ok(Observed {
                    observation: obs,
                    evidence,
                    ..
                }) => {
                    let reason = obs
                        .reason
                        .as_ref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default();
                    println!(
                        "   step {i}: {}{reason}, status {}",
                        obs.outcome.as_str(),
                        obs.status
                    );
                    for e in evidence {
                        println!("     {e}");
                    }
                }
                Err(e) => println!("   step {i}: not observed: {e}"),
            }
        }
        if let Some(embed) = &run.embed {
            match embed {
                Ok(seen) => {
                    let o = &seen.observation;
                    println!(
                        "   embed: loaded {}, readable {}{}",
                        o.loaded,
                        o.readable
                            .map_or_else(|| "unobserved".to_owned(), |r| r.to_string()),
                        o.reason
                            .as_ref()
                            .map(|r| format!(" ({r})"))
                            .unwrap_or_default()
                    );
                    if let Some(m) = &o.message {
                        println!("     message: {m}");
                    }
                    for e in &seen.evidence {
                        println!("     {e}");
                    }
                }
                Err(e) => println!("   embed: not observed: {e}"),
            }
        }
        match &run.window {
            Some(Ok(seen)) => {
                println!("   window: {}", json!(seen.observation.results));
                println!(
                    "     other origin: {}",
                    seen.observation
                        .other_origin
                        .as_deref()
                        .unwrap_or("unobserved")
                );
                for e in &seen.evidence {
                    println!("     {e}");
                }
            }
            Some(Err(e)) => println!("   window: not observed: {e}"),
            None => {}
        }
        for a in &run.traffic.arrivals {
            for line in report::arrival_lines(a) {
                println!("   {line}");
            }
        }
        for a in &run.traffic.strays {
            println!("   stray {} {}", a.method, a.url);
        }
    }
}
