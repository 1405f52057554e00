//! The per-request report (text or JSON Lines) and the summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::judge::Judgement;
use crate::read::EntryError;

/// The counts of a whole audit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Entries in the file.
    pub entries: usize,
    /// Exchanges judged (a request with its preflights and redirect hops).
    pub judged: usize,
    /// Of those, the cross-origin ones.
    pub cross_origin: usize,
    /// Blocked, by reason.
    pub blocked: BTreeMap<String, usize>,
    /// Blocked reads with a fix sop verified.
    pub fixes: usize,
    /// Judged exchanges whose verdict matches what the browser recorded.
    pub agree: usize,
    /// ... and those whose verdict does not.
    pub disagree: usize,
    /// Exchanges not judged, by why.
    pub not_judged: BTreeMap<String, usize>,
    /// Entries that could not be read.
    pub unreadable: usize,
}

impl Summary {
    /// Counts one judgement in.
    pub fn add(&mut self, j: &Judgement) {
        if let Some(why) = &j.not_judged {
            *self.not_judged.entry(short(why)).or_default() += 1;
            return;
        }
        self.judged += 1;
        self.cross_origin += usize::from(j.cross_origin);
        if let Some(reason) = j.reason() {
            *self.blocked.entry(reason.to_owned()).or_default() += 1;
            let fixed = j
                .verdict
                .as_ref()
                .and_then(|v| v.get("fix"))
                .and_then(|f| f.get("possible"))
                .and_then(serde_json::Value::as_bool);
            self.fixes += usize::from(fixed == Some(true));
        }
        match j.agrees {
            Some(true) => self.agree += 1,
            Some(false) => self.disagree += 1,
            None => {}
        }
    }

    /// The summary in words.
    pub fn text(&self) -> String {
        let mut s = String::new();
        let blocked: usize = self.blocked.values().sum();
        let _ = writeln!(
            s,
            "{} entries: {} requests judged ({} cross-origin), {} blocked, {} not judged{}",
            self.entries,
            self.judged,
            self.cross_origin,
            blocked,
            self.not_judged.values().sum::<usize>(),
            if self.unreadable > 0 {
                format!(", {} unreadable", self.unreadable)
            } else {
                String::new()
            }
        );
        for (reason, n) in &self.blocked {
            let _ = writeln!(s, "  blocked {n:>4}  {reason}");
        }
        if blocked > 0 {
            let _ = writeln!(
                s,
                "  fixes: {} of {blocked} blocked reads have one sop verified",
                self.fixes
            );
        }
        let _ = writeln!(
            s,
            "  agreement with what the browser recorded: {} of {}{}",
            self.agree,
            self.agree + self.disagree,
            if self.disagree > 0 {
                " (each disagreement is marked: an inference was wrong, or sop is)"
            } else {
                ""
            }
        );
        for (why, n) in &self.not_judged {
            let _ = writeln!(s, "  not judged {n:>4}  {why}");
        }
        s
    }
}

/// The kind of reason, without the request's particulars, for counting.
fn short(why: &str) -> String {
    if why.starts_with("sop would send") {
        "the HAR has no answer to a request sop would send".to_owned()
    } else {
        why.split(':').next().unwrap_or(why).to_owned()
    }
}

/// One judgement as text.
pub fn text(j: &Judgement) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "entry {}  {} {}  ({}{})",
        j.entry,
        j.method,
        j.url,
        j.api.as_deref().unwrap_or("?"),
        j.page
            .as_deref()
            .map_or(String::new(), |p| format!(" from {p}"))
    );
    let recorded = match &j.recorded.failed {
        Some(f) => format!("failed ({f})"),
        None if !j.recorded.records_failures => format!(
            "status {} (this HAR's writer does not record what the policy blocked)",
            j.recorded.status
        ),
        None => format!("status {}", j.recorded.status),
    };
    if let Some(why) = &j.not_judged {
        let _ = writeln!(s, "  not judged: {why}");
        let _ = writeln!(s, "  the browser recorded: {recorded}");
    } else if let Some(h) = &j.handout() {
        for part in &h.parts {
            let agreement = match j.agrees {
                Some(true) => "agrees",
                Some(false) => "DISAGREES",
                None => "the HAR cannot tell",
            };
            let _ = writeln!(
                s,
                "  {}   the browser recorded: {recorded}: {agreement}",
                part.verdict.text
            );
            for line in &part.outcome {
                let _ = writeln!(s, "  {}", line.text);
            }
            for m in &part.console {
                let _ = writeln!(s, "  console: {m}");
            }
            if !part.fix.is_empty() {
                let _ = writeln!(s, "  fix:");
                for line in &part.fix {
                    let _ = writeln!(s, "    {line}");
                }
            }
        }
    }
    for i in &j.inferred {
        let _ = writeln!(s, "  inferred {} {}: {}", i.what, i.value, i.from);
    }
    s
}

/// An entry that could not be read, as text.
pub fn unreadable_text(e: &EntryError) -> String {
    format!("{}: cannot be read: {}\n", e.path, e.message)
}
