//! The exchange as a sequence diagram's data: the parties (the page and
//! each server origin, or the page and the other window) and the arrows
//! between them, in order.

use sop_fetch_model::{Incoming, Outgoing};
use sop_origin::{Origin, Url};

use super::Tone;
use crate::record::RequestRecord;

/// What an arrow stands for, which decides how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowKind {
    /// A request, or a script's operation on another window.
    Request,
    /// An HTTP response, or an operation's result.
    Response,
    /// No response: a network error, or an operation the browser refused.
    Failure,
}

/// One arrow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow {
    /// The party it starts from (an index into [`Sequence::parties`]).
    pub from: usize,
    /// The party it points to.
    pub to: usize,
    /// The first line: `OPTIONS /items/7 (preflight)`, `204`.
    pub label: String,
    /// The lines under it: the headers that matter to the policy.
    pub details: Vec<String>,
    /// How it is drawn.
    pub kind: ArrowKind,
}

/// The parties, the arrows, and the verdict written under the page's
/// lifeline at the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sequence {
    /// Each party's name; the first is always the page.
    pub parties: Vec<String>,
    /// The arrows, in the order they happened.
    pub arrows: Vec<Arrow>,
    /// The verdict, noted over the page at the end.
    pub outcome: Option<(Tone, String)>,
}

impl Sequence {
    /// A sequence with the page as its only party.
    pub fn new(page: impl Into<String>) -> Sequence {
        Sequence {
            parties: vec![page.into()],
            arrows: Vec::new(),
            outcome: None,
        }
    }

    /// The index of the party named `name`, added when new.
    pub fn party(&mut self, name: &str) -> usize {
        match self.parties.iter().position(|p| p == name) {
            Some(i) => i,
            None => {
                self.parties.push(name.to_owned());
                self.parties.len() - 1
            }
        }
    }

    /// Adds an arrow.
    pub fn arrow(
        &mut self,
        from: usize,
        to: usize,
        label: String,
        details: Vec<String>,
        kind: ArrowKind,
    ) {
        self.arrows.push(Arrow {
            from,
            to,
            label,
            details,
            kind,
        });
    }

    /// The requests sent on the page's behalf and the servers' answers:
    /// one party per server origin, in the order first asked.
    pub(crate) fn wire(
        page: String,
        sent: &[Outgoing],
        answers: &[Incoming],
        records: &[RequestRecord],
    ) -> Sequence {
        let mut seq = Sequence::new(page);
        for ((out, incoming), record) in sent.iter().zip(answers).zip(records) {
            let server = seq.party(&Origin::of_url(&out.url).ascii_serialization());
            let note = if out.preflight {
                " (preflight)"
            } else if out.include_credentials {
                " (with credentials)"
            } else {
                ""
            };
            let details = record
                .headers
                .iter()
                .map(|(n, v)| format!("{n}: {v}"))
                .collect();
            let label = format!("{} {}{note}", record.method, path_of(&out.url));
            seq.arrow(0, server, label, details, ArrowKind::Request);
            match incoming {
                Incoming::Response(resp) => {
                    let details = resp
                        .headers
                        .iter()
                        .map(|(n, v)| format!("{n}: {v}"))
                        .collect();
                    seq.arrow(
                        server,
                        0,
                        resp.status.to_string(),
                        details,
                        ArrowKind::Response,
                    );
                }
                Incoming::NetworkError => {
                    seq.arrow(
                        server,
                        0,
                        "network error: no response".to_owned(),
                        Vec::new(),
                        ArrowKind::Failure,
                    );
                }
                Incoming::InvalidResponse => seq.arrow(
                    server,
                    0,
                    "not a valid HTTP response".to_owned(),
                    Vec::new(),
                    ArrowKind::Failure,
                ),
            }
        }
        seq
    }
}

/// The path and query of `url`: its origin is the party the arrow goes to.
fn path_of(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_party_is_added_once_in_the_order_first_named() {
        let mut seq = Sequence::new("page");
        assert_eq!(seq.party("https://a.example"), 1);
        assert_eq!(seq.party("https://b.example"), 2);
        assert_eq!(seq.party("https://a.example"), 1);
        assert_eq!(
            seq.parties,
            ["page", "https://a.example", "https://b.example"]
        );
    }
}
