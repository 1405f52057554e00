//! The sop binary, as the check uses it: `sop serve` running beside the
//! browser, and `sop eval` and `sop explain` as the answers the page must
//! agree with.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A running `sop serve`; killed when dropped.
pub struct Served {
    /// Held so the server lives as long as this.
    _child: Child,
    /// The page's address, `http://127.0.0.1:PORT/`.
    pub url: String,
}

/// Starts `sop serve --port 0 fixtures` and reads the address from the
/// first line it prints (30 s at most).
pub async fn serve(sop: &Path, fixtures: &Path) -> Result<Served, String> {
    let mut child = Command::new(sop)
        .args(["serve", "--port", "0"])
        .arg(fixtures)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", sop.display()))?;
    let stdout = child
        .stdout
        .take()
        .ok_or("no standard output from sop serve")?;
    let mut lines = BufReader::new(stdout).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .map_err(|_| "sop serve printed no address within 30 s".to_owned())?
        .map_err(|e| format!("reading sop serve's output: {e}"))?
        .ok_or("sop serve exited before printing its address")?;
    let url = address(&first)
        .ok_or_else(|| format!("sop serve's first line is not its address: {first:?}"))?
        .to_owned();
    Ok(Served { _child: child, url })
}

/// The URL in `sop playground: URL`.
pub fn address(line: &str) -> Option<&str> {
    let url = line.trim().strip_prefix("sop playground: ")?;
    url.starts_with("http://").then_some(url)
}

/// A corpus scenario: its file (below the fixtures folder) and its name.
#[derive(Clone, Copy, Debug)]
pub struct Pick {
    /// The file's name, `preflight.json`.
    pub file: &'static str,
    /// The scenario's whole name.
    pub name: &'static str,
}

impl Pick {
    fn path(&self, fixtures: &Path) -> PathBuf {
        fixtures.join(self.file)
    }
}

/// The verdict `sop eval` gives the scenario.
pub async fn eval(sop: &Path, fixtures: &Path, pick: Pick) -> Result<Value, String> {
    let out = run(sop, &["eval", "--name", pick.name], &pick.path(fixtures)).await?;
    // --name matches every name holding it: take the whole one.
    out.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|line| line["name"] == pick.name)
        .map(|line| line["verdict"].clone())
        .ok_or_else(|| format!("sop eval has no scenario named {:?}", pick.name))
}

/// The walkthrough `sop explain` prints for the scenario, without colour.
pub async fn explain(sop: &Path, fixtures: &Path, pick: Pick) -> Result<String, String> {
    run(
        sop,
        &["explain", "--color", "never", "--name", pick.name],
        &pick.path(fixtures),
    )
    .await
}

/// `sop ARGS PATH`'s standard output, when it succeeds.
async fn run(sop: &Path, args: &[&str], path: &Path) -> Result<String, String> {
    let out = Command::new(sop)
        .args(args)
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .await
        .map_err(|e| format!("cannot run {}: {e}", sop.display()))?;
    if !out.status.success() {
        return Err(format!(
            "sop {} {} failed: {}",
            args.join(" "),
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_address_line() {
        assert_eq!(
            address("sop playground: http://127.0.0.1:4100/\n"),
            Some("http://127.0.0.1:4100/")
        );
        assert_eq!(address("12 scenarios from 3 files"), None);
        assert_eq!(address("sop playground: ftp://x/"), None);
    }
}
