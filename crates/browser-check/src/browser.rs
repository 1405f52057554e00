//! Headless Chromium: where it is, its command line, starting it with a
//! fresh profile and reading the DevTools address it prints.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The Chromium to run: `$SOP_CHROMIUM`, else `/usr/bin/chromium`.
pub fn executable() -> PathBuf {
    std::env::var_os("SOP_CHROMIUM")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// The features switched off: HTTPS upgrades would turn the corpus's http
/// pages into https ones; the rest is background traffic to Google
/// services that would land on the loopback servers.
pub const DISABLED_FEATURES: &str = "HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,OptimizationHints,Translate,MediaRouter,NetworkTimeServiceQuerying,PreconnectToSearch,AutofillServerCommunication,CertificateTransparencyComponentUpdater";

/// The whole command line after the executable.
pub fn arguments(profile: &Path) -> Vec<String> {
    vec![
        "--headless=new".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--remote-debugging-port=0".to_owned(),
        format!("--user-data-dir={}", profile.display()),
        // Every host name is one of the loopback servers.
        "--host-resolver-rules=MAP * 127.0.0.1".to_owned(),
        "--ignore-certificate-errors".to_owned(),
        "--no-first-run".to_owned(),
        "--no-default-browser-check".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--disable-quic".to_owned(),
        // window.open from script without user activation (the check
        // never gives Runtime.evaluate a gesture: one changes what
        // Chromium sends and does) would be blocked.
        "--disable-popup-blocking".to_owned(),
        "--disable-field-trial-config".to_owned(),
        format!("--disable-features={DISABLED_FEATURES}"),
        "about:blank".to_owned(),
    ]
}

/// The WebSocket address in a line of Chromium's standard error.
pub fn devtools_url(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("DevTools listening on ")?;
    rest.starts_with("ws://").then_some(rest.trim())
}

/// A running Chromium.
pub struct Browser {
    child: Child,
    profile: PathBuf,
    /// The executable that runs.
    pub executable: PathBuf,
    /// The browser's DevTools WebSocket address.
    pub ws_url: String,
}

impl Browser {
    /// Starts `exe` with a fresh profile and waits (30 s at most) for its
    /// DevTools address.
    pub async fn launch(exe: &Path) -> Result<Browser, String> {
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let profile =
            std::env::temp_dir().join(format!("sop-browser-check-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&profile)
            .map_err(|e| format!("cannot make {}: {e}", profile.display()))?;
        let mut child = Command::new(exe)
            .args(arguments(&profile))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        let Some(stderr) = child.stderr.take() else {
            return Err("no standard error from Chromium".to_owned());
        };
        let mut lines = BufReader::new(stderr).lines();
        let mut seen = Vec::new();
        let found = tokio::time::timeout(Duration::from_secs(30), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(url) = devtools_url(&line) {
                    return Some(url.to_owned());
                }
                seen.push(line);
            }
            None
        })
        .await;
        let ws_url = match found {
            Ok(Some(url)) => url,
            other => {
                let _ = child.kill().await;
                let _ = std::fs::remove_dir_all(&profile);
                let why = if other.is_err() {
                    "no DevTools address within 30 s"
                } else {
                    "Chromium exited"
                };
                return Err(format!(
                    "{}: {why}; it said:\n{}",
                    exe.display(),
                    seen.join("\n")
                ));
            }
        };
        // Keep draining standard error so Chromium never blocks on it.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Browser {
            child,
            profile,
            executable: exe.to_owned(),
            ws_url,
        })
    }

    /// Waits (5 s at most) for Chromium to exit (after DevTools'
    /// `Browser.close`), kills it otherwise, and removes the profile.
    pub async fn shut_down(mut self) {
        if tokio::time::timeout(Duration::from_secs(5), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_devtools_line() {
        assert_eq!(
            devtools_url("DevTools listening on ws://127.0.0.1:41005/devtools/browser/ab-cd\n"),
            Some("ws://127.0.0.1:41005/devtools/browser/ab-cd")
        );
        assert_eq!(devtools_url("[1234:ERROR:gpu] something"), None);
    }

    #[test]
    fn the_command_line_keeps_the_browser_on_loopback() {
        let args = arguments(Path::new("/tmp/p"));
        assert!(args.contains(&"--host-resolver-rules=MAP * 127.0.0.1".to_owned()));
        assert!(args.contains(&"--user-data-dir=/tmp/p".to_owned()));
        assert!(
            args.iter()
                .any(|a| a.starts_with("--disable-features=HttpsUpgrades,"))
        );
    }
}
