//! tests/c/check.c, compiled with the system's C compiler against the
//! static and the dynamic library, run on the fixture corpus; what it
//! prints must be what `sop eval` computes.
//!
//! Cargo builds libsop_capi.a and libsop_capi.so (this crate's `staticlib`
//! and `cdylib`) in the same rustc run as the rlib this test links, into
//! target/<profile>/deps/, the folder this test runs from (`cargo build`
//! also copies them up to target/<profile>/; `cargo test` does not). So
//! `cargo test` alone builds everything this test needs.

#![allow(clippy::unwrap_used)] // test code: a panic is a failed test

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use sop_verdict::{FixtureFile, Limits, Options, evaluate};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A library this crate builds: beside this test, in target/<profile>/deps/
/// (or in target/<profile>/ after `cargo build`).
fn library(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let deps = exe.parent().unwrap();
    let candidates = [deps.join(name), deps.parent().unwrap().join(name)];
    candidates
        .iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!(
                "{name} is in none of {candidates:?}: cargo builds it with this crate \
                 (crate-type staticlib and cdylib)"
            )
        })
        .clone()
}

/// Compiles check.c; `link` says against which library.
fn compile(output: &str, link: &[&std::ffi::OsStr]) -> PathBuf {
    compile_source(&crate_dir().join("tests/c/check.c"), output, link)
}

fn compile_source(source: &Path, output: &str, link: &[&std::ffi::OsStr]) -> PathBuf {
    let cc = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let exe = Path::new(env!("CARGO_TARGET_TMPDIR")).join(output);
    let status = Command::new(&cc)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-o"])
        .arg(&exe)
        .arg("-I")
        .arg(crate_dir().join("include"))
        .arg(source)
        .args(link)
        .status()
        .unwrap_or_else(|e| panic!("cannot run the C compiler {cc:?} (set CC): {e}"));
    assert!(
        status.success(),
        "{cc:?} failed to build {}",
        source.display()
    );
    exe
}

fn fixture_files() -> Vec<PathBuf> {
    let dir = crate_dir().join("../../fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus is in {}", dir.display());
    files
}

/// What check.c printed: per kind, per case, the values in order.
type Printed = BTreeMap<(String, String), Vec<String>>;

fn run(exe: &Path, files: &[PathBuf]) -> Printed {
    let out = Command::new(exe).args(files).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "check.c failed:\n{stderr}\n{stdout}");
    let mut printed = Printed::new();
    for line in stdout.lines() {
        let mut fields = line.splitn(3, '\t');
        let (Some(kind), Some(case), Some(value)) = (fields.next(), fields.next(), fields.next())
        else {
            panic!("not a line of check.c's: {line:?}");
        };
        printed
            .entry((kind.to_owned(), case.to_owned()))
            .or_default()
            .push(value.to_owned());
    }
    printed
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn read_fixture(name: &str) -> FixtureFile {
    let path = crate_dir().join("../../fixtures").join(name);
    FixtureFile::read(&path, &Limits::default()).unwrap()
}

/// The verdict `sop eval` gives a fixture scenario (`step`: `-`, or the
/// index of a step), as JSON.
fn sop_eval(file: &str, scenario: &str, step: &str) -> Value {
    let file = read_fixture(file);
    let scenario = file
        .scenarios
        .iter()
        .find(|s| s.name == scenario)
        .unwrap_or_else(|| panic!("no scenario {scenario:?}"));
    let verdict = serde_json::to_value(evaluate(scenario, Options::default())).unwrap();
    match step {
        "-" => verdict,
        i => verdict["steps"][i.parse::<usize>().unwrap()].clone(),
    }
}

fn check_everything(printed: &Printed, files: &[PathBuf]) {
    let get = |kind: &str, case: &str| -> &Vec<String> {
        printed
            .get(&(kind.to_owned(), case.to_owned()))
            .unwrap_or_else(|| panic!("check.c printed no {kind} line for {case}"))
    };
    let [summary] = get("checks", &printed_checks(printed)).as_slice() else {
        panic!("one summary line")
    };
    assert_eq!(summary, "0 failed");

    // 1. Every scenario of every file: the verdict sop eval gives, whole
    // (outcome, reason, message, fix, trace, requests...).
    let mut scenarios = 0;
    for path in files {
        let [verdicts] = get("eval", path.to_str().unwrap()).as_slice() else {
            panic!("one eval line per file")
        };
        let verdicts = json(verdicts);
        let file = FixtureFile::read(path, &Limits::default()).unwrap();
        let verdicts = verdicts.as_array().unwrap();
        assert_eq!(verdicts.len(), file.scenarios.len(), "{}", path.display());
        for (got, scenario) in verdicts.iter().zip(&file.scenarios) {
            assert_eq!(got["name"], scenario.name.as_str());
            let expected = serde_json::to_value(evaluate(scenario, Options::default())).unwrap();
            assert_eq!(
                got["verdict"],
                expected,
                "{}: {}",
                path.display(),
                scenario.name
            );
            scenarios += 1;
        }
    }
    assert!(scenarios > 300, "only {scenarios} scenarios evaluated");

    // 2. The machine, driven step by step from C with the fixture's
    // servers as canned answers, decides what sop eval decides.
    for ((kind, case), values) in printed {
        let parts: Vec<&str> = case.split('|').collect();
        if kind != "decision" || parts.len() != 3 {
            continue;
        }
        let [file, scenario, step] = parts[..] else {
            unreachable!()
        };
        let [decision] = values.as_slice() else {
            panic!("one decision for {case}")
        };
        let decision = json(decision);
        let expected = sop_eval(file, scenario, step);
        for field in [
            "outcome",
            "reason",
            "message",
            "status",
            "preflight",
            "body",
        ] {
            assert_eq!(decision[field], expected[field], "{case}: {field}");
        }
        // And everything else too (requests, exposed headers, trace), but
        // for two fields only a scenario has: its servers' `warnings`, and
        // a `fix` tried on every server answer the scenario lists. The
        // machine knows only the answers that came, so where the read
        // ended before a request went out, its fix also sets what that
        // request's answer will need: sop eval's changes come first.
        let strip = |v: &Value| {
            let mut v = v.clone();
            let object = v.as_object_mut().unwrap();
            object.remove("warnings");
            object.remove("fix");
            v
        };
        assert_eq!(strip(&decision), strip(&expected), "{case}");
        assert_eq!(
            decision["fix"].is_null(),
            expected["fix"].is_null(),
            "{case}"
        );
        if !expected["fix"].is_null() {
            assert_eq!(
                decision["fix"]["possible"], expected["fix"]["possible"],
                "{case}"
            );
            let ours = decision["fix"]["changes"].as_array().unwrap();
            let eval = expected["fix"]["changes"].as_array().unwrap();
            assert!(ours.starts_with(eval), "{case}: {ours:?} after {eval:?}");
        }
        // The trace read on its own is the decision's.
        let [trace] = get("trace", case).as_slice() else {
            panic!("one trace for {case}")
        };
        assert_eq!(json(trace), expected["trace"], "{case}");
        // What it asked to send is what sop eval says was sent.
        let sent: Vec<Value> = get("send", case).iter().map(|s| json(s)).collect();
        let requests = expected["requests"].as_array().unwrap();
        assert_eq!(sent.len(), requests.len(), "{case}");
        for (out, record) in sent.iter().zip(requests) {
            assert_eq!(out["method"], record["method"], "{case}");
            assert_eq!(out["url"], record["url"], "{case}");
            for (name, value) in record["headers"].as_object().unwrap() {
                let on_wire = out["headers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|pair| pair[0].as_str().unwrap().eq_ignore_ascii_case(name));
                assert_eq!(on_wire.map(|p| &p[1]), Some(value), "{case}: {name}");
            }
        }
    }
    for case in [
        "preflight.json|PUT allowed by Access-Control-Allow-Methods|-",
        "preflight.json|PUT allowed but its header is not|-",
        "network-errors.json|preflight ok then no response|-",
        "preflight-cache.json|second PUT within max-age uses the cache|0",
        "preflight-cache.json|second PUT within max-age uses the cache|1",
    ] {
        get("decision", case);
    }
    let blocked = json(
        &get(
            "decision",
            "preflight.json|PUT allowed but its header is not|-",
        )[0],
    );
    assert_eq!(blocked["reason"], "header-disallowed-by-preflight-response");
    assert_eq!(
        blocked["fix"]["changes"][0]["set"]["Access-Control-Allow-Headers"],
        "x-token"
    );

    // 3. A call the script API refuses: the reason and message sop eval
    // gives.
    let case = "modes.json|CONNECT is a forbidden method|-";
    let thrown = json(&get("throws", case)[0]);
    let expected = sop_eval("modes.json", "CONNECT is a forbidden method", "-");
    assert_eq!(thrown["reason"], expected["reason"]);
    assert_eq!(thrown["message"], expected["message"]);

    // 4. Bad input: the CLI's words.
    let not_json = &get("error", "not JSON")[0];
    assert!(
        not_json.starts_with("<input>: .: not valid JSON: EOF while parsing"),
        "{not_json}"
    );
    assert_eq!(
        get("error", "bad mode")[0],
        "<input>: request.mode: unknown value `corz`, expected one of `cors`, `no-cors`, `same-origin` (in scenario \"x\")"
    );
}

/// The summary line's case field: the number of checks check.c ran.
fn printed_checks(printed: &Printed) -> String {
    let counts: Vec<&String> = printed
        .keys()
        .filter(|(kind, _)| kind == "checks")
        .map(|(_, n)| n)
        .collect();
    let [count] = counts[..] else {
        panic!("one summary line, not {counts:?}")
    };
    assert!(
        count.parse::<u32>().unwrap() > 50,
        "check.c ran {count} checks"
    );
    count.clone()
}

#[test]
fn c_program_against_the_static_library() {
    let lib = library("libsop_capi.a");
    // What rustc names for a staticlib on Linux
    // (`--print native-static-libs`).
    let mut link: Vec<&std::ffi::OsStr> = vec![lib.as_os_str()];
    link.extend(["-lpthread", "-ldl", "-lm", "-lrt", "-lutil"].map(std::ffi::OsStr::new));
    let exe = compile("check-static", &link);
    let files = fixture_files();
    check_everything(&run(&exe, &files), &files);
}

/// How to link against libsop_capi.so, found at run time by its rpath.
/// An old-style rpath (DT_RPATH, not DT_RUNPATH) wins over the
/// `LD_LIBRARY_PATH` cargo sets, which may name a stale copy of the library
/// left in target/debug by an earlier `cargo build`.
fn dynamic_link() -> Vec<String> {
    let lib = library("libsop_capi.so");
    let dir = lib.parent().unwrap();
    vec![
        format!("-L{}", dir.display()),
        "-lsop_capi".to_owned(),
        format!("-Wl,-rpath,{}", dir.display()),
        "-Wl,--disable-new-dtags".to_owned(),
    ]
}

#[test]
fn c_program_against_the_dynamic_library() {
    let link = dynamic_link();
    let link: Vec<&std::ffi::OsStr> = link.iter().map(std::ffi::OsStr::new).collect();
    let exe = compile("check-dynamic", &link);
    let files = fixture_files();
    check_everything(&run(&exe, &files), &files);
}

/// The C example in the crate's README compiles and does what it says.
#[test]
fn readme_c_example() {
    let readme = std::fs::read_to_string(crate_dir().join("README.md")).unwrap();
    let start = readme.find("```c\n").expect("README has a C example") + "```c\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let source = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme.c");
    std::fs::write(&source, &readme[start..end]).unwrap();
    let link = dynamic_link();
    let link: Vec<&std::ffi::OsStr> = link.iter().map(std::ffi::OsStr::new).collect();
    let exe = compile_source(&source, "readme", &link);
    let out = Command::new(exe).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let [send, decision] = lines[..] else {
        panic!("one request, then the decision: {stdout}")
    };
    let send = json(send.strip_prefix("send ").unwrap());
    assert_eq!(
        (send["preflight"].as_bool(), send["method"].as_str()),
        (Some(true), Some("OPTIONS"))
    );
    let decision = json(decision);
    assert_eq!(decision["outcome"], "blocked");
    assert_eq!(
        decision["reason"],
        "header-disallowed-by-preflight-response"
    );
    assert!(
        decision["message"]
            .as_str()
            .unwrap()
            .ends_with("Request header field x-token is not allowed by Access-Control-Allow-Headers in preflight response.")
    );
}
