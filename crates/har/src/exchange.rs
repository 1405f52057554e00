//! Grouping entries into exchanges: a request, the preflights sent for it
//! and the redirect hops that followed. DevTools writes a request before
//! its preflight (the preflight is issued for a request that already
//! exists) and each redirect hop as its own entry, so an exchange stays
//! open for a window of later entries; beyond it, it is handed on as it
//! is. Memory is bounded by the window, not by the file.

use std::collections::VecDeque;

use sop_origin::parse_url_with_base;

use crate::model::{Entry, Page};

/// How many entries after its last one an exchange waits for a preflight
/// or a redirect hop before it is judged as it stands.
pub const WINDOW: usize = 64;

/// A request with its preflights and redirect hops, as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// The request and each redirect hop, with their entry indexes.
    pub hops: Vec<(usize, Entry)>,
    /// The preflights, with their entry indexes.
    pub preflights: Vec<(usize, Entry)>,
    /// The title of the page the first entry names in `pageref`.
    pub page_title: Option<String>,
    /// The index of the last entry that joined it.
    last: usize,
    /// The last hop's URL, serialised, and where its redirect points:
    /// worked out once, as each hop joins, for the entries that follow.
    last_url: Option<String>,
    target: Option<String>,
}

impl Exchange {
    fn new(index: usize, entry: Entry, pages: &[Page]) -> Exchange {
        let page_title = entry
            .pageref
            .as_deref()
            .and_then(|id| pages.iter().find(|p| p.id == id))
            .map(|p| p.title.clone());
        let mut ex = Exchange {
            hops: Vec::new(),
            preflights: Vec::new(),
            page_title,
            last: index,
            last_url: None,
            target: None,
        };
        if entry.is_preflight() {
            ex.preflights.push((index, entry));
        } else {
            ex.add_hop(index, entry);
        }
        ex
    }

    fn add_hop(&mut self, index: usize, entry: Entry) {
        self.last_url = Some(normalized(&entry.request.url));
        self.hops.push((index, entry));
        self.target = self.redirect_target();
        self.last = index;
    }

    /// The index of its first entry: where the report places it.
    pub fn first(&self) -> usize {
        let hop = self.hops.first().map(|(i, _)| *i);
        let pre = self.preflights.first().map(|(i, _)| *i);
        hop.into_iter().chain(pre).min().unwrap_or(self.last)
    }

    /// Where the last hop's redirect points, if it is one.
    fn redirect_target(&self) -> Option<String> {
        let (_, last) = self.hops.last()?;
        let status = last.response.status;
        if !matches!(status, 301 | 302 | 303 | 307 | 308) {
            return None;
        }
        let location = last
            .response
            .redirect_url
            .as_deref()
            .filter(|l| !l.is_empty())
            .or_else(|| last.response_header("location"))?;
        let base = sop_origin::parse_url(&last.request.url).ok()?;
        parse_url_with_base(location, &base)
            .ok()
            .map(|u| without_fragment(u.as_str()))
    }

    /// Whether `pre` is a preflight for this exchange's latest hop: same
    /// URL, and the method it asks about is the hop's.
    fn wants_preflight(&self, pre: &Entry, url: &str) -> bool {
        let asked = pre.request_header("access-control-request-method");
        self.hops.last().is_some_and(|(_, hop)| {
            self.last_url.as_deref() == Some(url)
                && asked.is_some_and(|m| m.eq_ignore_ascii_case(&hop.request.method))
                && !self
                    .preflights
                    .iter()
                    .any(|(_, p)| normalized(&p.request.url) == url)
        })
    }
}

/// Groups a stream of entries into exchanges.
#[derive(Debug, Default)]
pub struct Grouper {
    open: VecDeque<Exchange>,
}

impl Grouper {
    /// A grouper with nothing open.
    pub fn new() -> Grouper {
        Grouper::default()
    }

    /// Takes entry `index`; returns the exchanges now closed, in the order
    /// they began.
    pub fn push(&mut self, index: usize, entry: Entry, pages: &[Page]) -> Vec<Exchange> {
        self.place(index, entry, pages);
        let mut done = Vec::new();
        while self
            .open
            .front()
            .is_some_and(|ex| index.saturating_sub(ex.last) >= WINDOW)
        {
            done.extend(self.open.pop_front());
        }
        done
    }

    /// Closes everything still open, at the end of the file.
    pub fn finish(self) -> Vec<Exchange> {
        self.open.into()
    }

    fn place(&mut self, index: usize, entry: Entry, pages: &[Page]) {
        let url = normalized(&entry.request.url);
        if entry.is_preflight() {
            // The latest request it is for, not yet preflighted.
            if let Some(ex) = self
                .open
                .iter_mut()
                .rev()
                .find(|ex| ex.wants_preflight(&entry, &url))
            {
                ex.preflights.push((index, entry));
                ex.last = index;
                return;
            }
        } else {
            // A redirect hop continues the exchange whose redirect points
            // at it.
            if let Some(ex) = self
                .open
                .iter_mut()
                .rev()
                .find(|ex| ex.target.as_deref() == Some(url.as_str()))
            {
                ex.add_hop(index, entry);
                return;
            }
            // A request whose preflight came first.
            if let Some(ex) = self.open.iter_mut().rev().find(|ex| {
                ex.hops.is_empty()
                    && ex.preflights.iter().any(|(_, p)| {
                        normalized(&p.request.url) == url
                            && p.request_header("access-control-request-method")
                                .is_some_and(|m| m.eq_ignore_ascii_case(&entry.request.method))
                    })
            }) {
                ex.add_hop(index, entry);
                return;
            }
        }
        self.open.push_back(Exchange::new(index, entry, pages));
    }
}

fn without_fragment(url: &str) -> String {
    url.split('#').next().unwrap_or(url).to_owned()
}

/// A recorded URL parsed and serialised without its fragment, so that two
/// spellings of one URL compare equal (left as written if it does not
/// parse).
fn normalized(url: &str) -> String {
    match sop_origin::parse_url(url) {
        Ok(u) => without_fragment(u.as_str()),
        Err(_) => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Header, Request, Response};

    fn entry(
        method: &str,
        url: &str,
        status: i64,
        req: &[(&str, &str)],
        resp: &[(&str, &str)],
    ) -> Entry {
        let headers = |h: &[(&str, &str)]| {
            h.iter()
                .map(|(n, v)| Header {
                    name: (*n).to_owned(),
                    value: (*v).to_owned(),
                })
                .collect()
        };
        Entry {
            pageref: None,
            resource_type: None,
            initiator: None,
            request: Request {
                method: method.into(),
                url: url.into(),
                headers: headers(req),
                post_data: None,
            },
            response: Response {
                status,
                headers: headers(resp),
                redirect_url: None,
                content: None,
                error: None,
            },
        }
    }

    fn group(entries: Vec<Entry>) -> Vec<Exchange> {
        let mut g = Grouper::new();
        let mut out = Vec::new();
        for (i, e) in entries.into_iter().enumerate() {
            out.extend(g.push(i, e, &[]));
        }
        out.extend(g.finish());
        out
    }

    #[test]
    fn a_preflight_written_after_its_request_joins_it() {
        let out = group(vec![
            entry("PUT", "https://api.example/x", 0, &[], &[]),
            entry("GET", "https://other.example/", 200, &[], &[]),
            entry(
                "OPTIONS",
                "https://api.example/x",
                204,
                &[("Access-Control-Request-Method", "PUT")],
                &[],
            ),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].hops.len(), 1);
        assert_eq!(out[0].preflights.len(), 1);
        assert_eq!(out[0].preflights[0].0, 2);
        assert_eq!(out[1].first(), 1);
    }

    #[test]
    fn redirect_hops_follow_their_location() {
        let out = group(vec![
            entry(
                "GET",
                "https://a.example/r",
                302,
                &[],
                &[("Location", "https://b.example/final")],
            ),
            entry("GET", "https://b.example/final", 200, &[], &[]),
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].hops.len(), 2);
    }

    #[test]
    fn a_lone_preflight_is_an_exchange_of_its_own() {
        let out = group(vec![entry(
            "OPTIONS",
            "https://api.example/x",
            403,
            &[("Access-Control-Request-Method", "DELETE")],
            &[],
        )]);
        assert_eq!(out.len(), 1);
        assert!(out[0].hops.is_empty());
    }

    #[test]
    fn the_window_bounds_what_is_held() {
        let mut g = Grouper::new();
        let mut closed = 0;
        for i in 0..1000 {
            closed += g
                .push(
                    i,
                    entry("GET", &format!("https://a.example/{i}"), 200, &[], &[]),
                    &[],
                )
                .len();
            assert!(g.open.len() <= WINDOW + 1);
        }
        assert_eq!(closed + g.finish().len(), 1000);
    }
}
