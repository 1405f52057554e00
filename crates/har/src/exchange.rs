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
        };
        if entry.is_preflight() {
            ex.preflights.push((index, entry));
        } else {
            ex.hops.push((index, entry));
        }
        ex
    }

    /// The index of its first entry: where the report places it.
    pub fn first(&self) -> usize {
        let hop = self.hops.first().map(|(i, _)| *i);
        let pre = self.preflights.first().map(|(i, _)| *i);
        hop.into_iter().chain(pre).min().unwrap_or(self.last)
    }

    /// The URL of the last hop and where its redirect points, if it is one.
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
    fn wants_preflight(&self, pre: &Entry) -> bool {
        let asked = pre.request_header("access-control-request-method");
        self.hops.last().is_some_and(|(_, hop)| {
            same_url(&hop.request.url, &pre.request.url)
                && asked.is_some_and(|m| m.eq_ignore_ascii_case(&hop.request.method))
                && !self
                    .preflights
                    .iter()
                    .any(|(_, p)| same_url(&p.request.url, &pre.request.url))
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
        if entry.is_preflight() {
            // The latest request it is for, not yet preflighted.
            if let Some(ex) = self
                .open
                .iter_mut()
                .rev()
                .find(|ex| ex.wants_preflight(&entry))
            {
                ex.preflights.push((index, entry));
                ex.last = index;
                return;
            }
        } else {
            // A redirect hop continues the exchange whose redirect points
            // at it.
            let url = without_fragment(&entry.request.url);
            if let Some(ex) = self
                .open
                .iter_mut()
                .rev()
                .find(|ex| ex.redirect_target().is_some_and(|t| same_url(&t, &url)))
            {
                ex.hops.push((index, entry));
                ex.last = index;
                return;
            }
            // A request whose preflight came first.
            if let Some(ex) = self.open.iter_mut().rev().find(|ex| {
                ex.hops.is_empty()
                    && ex.preflights.iter().any(|(_, p)| {
                        same_url(&p.request.url, &entry.request.url)
                            && p.request_header("access-control-request-method")
                                .is_some_and(|m| m.eq_ignore_ascii_case(&entry.request.method))
                    })
            }) {
                ex.hops.push((index, entry));
                ex.last = index;
                return;
            }
        }
        self.open.push_back(Exchange::new(index, entry, pages));
    }
}

fn without_fragment(url: &str) -> String {
    url.split('#').next().unwrap_or(url).to_owned()
}

/// Whether two recorded URLs are the same once parsed and serialised.
fn same_url(a: &str, b: &str) -> bool {
    match (sop_origin::parse_url(a), sop_origin::parse_url(b)) {
        (Ok(x), Ok(y)) => without_fragment(x.as_str()) == without_fragment(y.as_str()),
        _ => a == b,
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
