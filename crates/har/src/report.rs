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
    /// The server changes those fixes ask for, by origin and method, with
    /// how many blocked reads each one serves (at most [`MAX_FIX_KINDS`];
    /// the rest are counted in `other_fixes`).
    pub fix_kinds: BTreeMap<String, usize>,
    /// Fixes beyond [`MAX_FIX_KINDS`] distinct kinds.
    pub other_fixes: usize,
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
            if fixed == Some(true)
                && let Some(fix) = j.verdict.as_ref().and_then(|v| v.get("fix"))
            {
                for kind in fix_kinds(fix) {
                    if self.fix_kinds.len() < MAX_FIX_KINDS || self.fix_kinds.contains_key(&kind) {
                        *self.fix_kinds.entry(kind).or_default() += 1;
                    } else {
                        self.other_fixes += 1;
                    }
                }
            }
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
            "{}: {} judged ({} cross-origin), {} blocked, {} not judged{}",
            count(self.entries, "entry", "entries"),
            count(self.judged, "request", "requests"),
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
                "  fixes: {} of {blocked} blocked reads have one that sop verified",
                self.fixes
            );
            let mut kinds: Vec<(&String, &usize)> = self.fix_kinds.iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (kind, n) in kinds {
                let _ = writeln!(s, "    {n:>4} x {kind}");
            }
            if self.other_fixes > 0 {
                let _ = writeln!(s, "    {:>4} x other changes", self.other_fixes);
            }
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

/// `1 entry`, `2 entries`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How many distinct server changes the summary lists.
pub const MAX_FIX_KINDS: usize = 1000;

/// A fix's changes, each as the origin and method it is made on and what
/// it sets: the same change for many paths of one server counts once.
fn fix_kinds(fix: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for m in fix
        .get("markup")
        .and_then(|m| m.as_array())
        .into_iter()
        .flatten()
    {
        if let (Some(e), Some(a)) = (
            m.get("element").and_then(|v| v.as_str()),
            m.get("attribute").and_then(|v| v.as_str()),
        ) {
            let value = m.get("value").and_then(|v| v.as_str()).unwrap_or("");
            out.push(format!("in the page: {e} {a}=\"{value}\""));
        }
    }
    for c in fix
        .get("changes")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
    {
        let method = c.get("method").and_then(|v| v.as_str()).unwrap_or("");
        let url = c.get("url").and_then(|v| v.as_str()).unwrap_or("");
        let origin = sop_origin::Origin::of_url_str(url)
            .map_or_else(|_| url.to_owned(), |o| o.ascii_serialization());
        let mut what: Vec<String> = Vec::new();
        if let Some(st) = c.get("status").and_then(|v| v.as_u64()) {
            what.push(format!("status {st}"));
        }
        for (n, v) in c
            .get("set")
            .and_then(|v| v.as_object())
            .into_iter()
            .flatten()
        {
            what.push(format!("{n}: {}", v.as_str().unwrap_or("")));
        }
        for r in c
            .get("remove")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            what.push(format!("remove {}", r.as_str().unwrap_or("")));
        }
        out.push(format!(
            "{method} {origin} answers with {}",
            what.join(", ")
        ));
    }
    out
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
