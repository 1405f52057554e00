//! The fixture's servers: each request that leaves the browser is answered
//! by the first response entry whose URL and method match.

use std::cell::Cell;

use sop_fetch_model::headers::normalize_header_value;
use sop_fetch_model::{HeaderList, HttpResponse, Incoming, Outgoing};
use sop_origin::Url;

use crate::fixture::ResponseEntry;

/// The servers of one scenario.
#[derive(Debug)]
pub struct Servers<'a> {
    entries: &'a [ResponseEntry],
    /// Which entries answered a request: an entry that answered none is
    /// usually a typo, and then a request got the default 404 instead.
    used: Vec<Cell<bool>>,
}

/// A URL as compared: its serialisation without the fragment (which never
/// goes on the wire).
fn key(url: &Url) -> &str {
    &url[..url::Position::AfterQuery]
}

impl<'a> Servers<'a> {
    /// Servers answering from `entries`.
    pub fn new(entries: &'a [ResponseEntry]) -> Servers<'a> {
        Servers {
            entries,
            used: vec![Cell::new(false); entries.len()],
        }
    }

    /// The entries that have answered no request so far, with their index
    /// in `responses`.
    pub fn unused(&self) -> impl Iterator<Item = (usize, &'a ResponseEntry)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, _)| self.used.get(*i).is_some_and(|u| !u.get()))
    }

    /// The entry that answers `out`: the first whose URL equals the
    /// request's and whose method matches (`OPTIONS` only when given; no
    /// method: any but OPTIONS).
    pub fn entry_for(&self, out: &Outgoing) -> Option<&'a ResponseEntry> {
        self.position_for(out).map(|(_, e)| e)
    }

    fn position_for(&self, out: &Outgoing) -> Option<(usize, &'a ResponseEntry)> {
        let url = key(&out.url);
        self.entries.iter().enumerate().find(|(_, e)| {
            let method_ok = match &e.method {
                Some(m) => *m == out.method,
                None => out.method != "OPTIONS",
            };
            method_ok && key(&e.url) == url
        })
    }

    /// The answer to `out`: the matching entry, or 404 with no headers.
    pub fn answer(&self, out: &Outgoing) -> Incoming {
        let entry = self.position_for(out).map(|(i, e)| {
            if let Some(used) = self.used.get(i) {
                used.set(true);
            }
            e
        });
        match entry {
            Some(e) if e.network_error => Incoming::NetworkError,
            Some(e) => {
                // Values are normalised as they arrive; most already are,
                // and then the list is copied whole.
                let list = &e.headers.0;
                let normal = list.iter().all(|(_, v)| normalize_header_value(v) == v);
                let headers = if normal {
                    list.clone()
                } else {
                    HeaderList::from_pairs(list.iter().map(|(n, v)| (n, normalize_header_value(v))))
                };
                Incoming::Response(HttpResponse {
                    status: e.status,
                    headers,
                    body: e.body.clone(),
                })
            }
            None => Incoming::Response(HttpResponse::new(404)),
        }
    }
}
