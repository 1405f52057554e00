//! `sop har`'s engine: reads a HAR export (HTTP Archive 1.2, as Chromium's
//! DevTools and Firefox write it) as a stream, groups its entries into
//! exchanges (a request, its preflights, its redirect hops), rebuilds each
//! as a sop scenario, saying what the HAR does not record and had to be
//! inferred, and judges it: sop's verdict, Chromium's message, the fix,
//! and whether the verdict agrees with what the browser recorded.
//!
//! ```
//! let har = r#"{"log": {"version": "1.2",
//!   "pages": [{"id": "page_1", "title": "https://app.example/"}],
//!   "entries": [{"pageref": "page_1", "_resourceType": "fetch",
//!     "request": {"method": "GET", "url": "https://api.example/data",
//!                 "headers": [{"name": "Origin", "value": "https://app.example"},
//!                             {"name": "Sec-Fetch-Mode", "value": "cors"}]},
//!     "response": {"status": 200, "headers": [], "_error": "net::ERR_FAILED"}}]}}"#;
//! let mut verdicts = Vec::new();
//! let summary = sop_har::audit(har.as_bytes(), |item| {
//!     if let sop_har::Audited::Judged(j) = item {
//!         verdicts.push((j.reason().map(str::to_owned), j.agrees));
//!     }
//! }).unwrap();
//! assert_eq!(verdicts, [(Some("missing-allow-origin-header".to_owned()), Some(true))]);
//! assert_eq!(summary.judged, 1);
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod exchange;
pub mod judge;
pub mod model;
pub mod read;
pub mod report;
pub mod scenario;

use std::io::Read;

pub use judge::{Judgement, Recorded, judge};
pub use read::{EntryError, HarError};
pub use report::Summary;
pub use scenario::Inference;

/// What the audit hands over, in the order the exchanges close.
pub enum Audited {
    /// An exchange judged (or said why not).
    Judged(Box<Judgement>),
    /// An entry that could not be read.
    Unreadable(EntryError),
}

/// Reads the HAR in `reader`, judges every exchange in it and hands each
/// to `each`; returns the counts.
pub fn audit<R: Read>(reader: R, mut each: impl FnMut(Audited)) -> Result<Summary, HarError> {
    let mut grouper = exchange::Grouper::new();
    let mut summary = Summary::default();
    let mut hand = |j: Judgement, summary: &mut Summary| {
        summary.add(&j);
        each(Audited::Judged(Box::new(j)));
    };
    let mut unreadable = Vec::new();
    // Only Chromium's DevTools records a failure the policy caused
    // (`_error`); in other exports a blocked read looks like any other.
    let mut records_failures = true;
    let header = read::read_har(reader, |item| {
        records_failures = item.creator.is_none_or(|c| c == "WebInspector");
        match item.entry {
            Ok(entry) => {
                for ex in grouper.push(item.index, entry, item.pages) {
                    hand(judge(&ex, records_failures), &mut summary);
                }
            }
            Err(e) => unreadable.push(e),
        }
    })?;
    for ex in grouper.finish() {
        hand(judge(&ex, records_failures), &mut summary);
    }
    summary.entries = header.entries;
    summary.unreadable = unreadable.len();
    for e in unreadable {
        each(Audited::Unreadable(e));
    }
    Ok(summary)
}
