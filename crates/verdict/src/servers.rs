//! The fixture's servers: each request that leaves the browser is answered
//! by the first response entry whose URL and method match. Public on
//! purpose: an embedder that drives the fetch machine itself can replay a
//! fixture's `responses` with it, as the C ABI's corpus test does.

use std::borrow::Cow;
use std::cell::Cell;

use sop_fetch_model::headers::{is_token, normalize_header_value};
use sop_fetch_model::{Answer, HeaderList, Incoming, LentResponse, Outgoing};
use sop_origin::Url;

use crate::fixture::ResponseEntry;

/// The servers of one scenario.
#[derive(Debug)]
pub struct Servers<'a> {
    entries: &'a [ResponseEntry],
    /// Which entries answered a request: an entry that answered none is
    /// usually a typo, and then a request got the default 404 instead.
    used: Used,
    /// Which entries' header lists are known to be in plain wire form.
    wire: Cell<WireForms>,
}

/// Which entries' header lists are in plain wire form (and so are lent
/// as written), as far as known: a bit each for the first 64 entries.
///
/// Finding out walks the list's bytes, a good part of answering. A caller
/// that answers from the same entries again (each trial of a fix, after
/// the run it fixes) hands what was found on, forgetting the entries it
/// changed, so an unchanged list is walked once.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WireForms {
    known: u64,
    plain: u64,
}

impl WireForms {
    /// Entry `i`'s bit; none past the first 64.
    fn bit(i: usize) -> Option<u64> {
        1u64.checked_shl(u32::try_from(i).ok()?)
    }

    fn get(&self, i: usize) -> Option<bool> {
        let bit = WireForms::bit(i)?;
        (self.known & bit != 0).then_some(self.plain & bit != 0)
    }

    fn set(&mut self, i: usize, plain: bool) {
        let Some(bit) = WireForms::bit(i) else {
            return;
        };
        self.known |= bit;
        if plain {
            self.plain |= bit;
        } else {
            self.plain &= !bit;
        }
    }

    /// What changed in the entries since this was found.
    pub(crate) fn forget(&mut self, change: Applied) {
        match change {
            Applied::Changed(i) => {
                if let Some(bit) = WireForms::bit(i) {
                    self.known &= !bit;
                }
            }
            // Every entry moved one place on; the new first is unknown.
            Applied::Inserted => {
                self.known <<= 1;
                self.plain <<= 1;
            }
        }
    }
}

/// How a change reached the entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Applied {
    /// The entry at this index changed.
    Changed(usize),
    /// A new entry went in first.
    Inserted,
}

/// A flag for each entry: a bit each for the first 64 (so the servers of
/// a usual scenario, built again for every trial of a fix, allocate
/// nothing), a cell each for the rest.
#[derive(Debug)]
struct Used {
    first: Cell<u64>,
    rest: Vec<Cell<bool>>,
}

impl Used {
    fn new(entries: usize) -> Used {
        Used {
            first: Cell::new(0),
            rest: vec![Cell::new(false); entries.saturating_sub(64)],
        }
    }

    fn set(&self, i: usize) {
        match i.checked_sub(64) {
            None => self.first.set(self.first.get() | 1 << i),
            Some(j) => {
                if let Some(used) = self.rest.get(j) {
                    used.set(true);
                }
            }
        }
    }

    fn get(&self, i: usize) -> bool {
        match i.checked_sub(64) {
            None => self.first.get() >> i & 1 == 1,
            Some(j) => self.rest.get(j).is_some_and(Cell::get),
        }
    }
}

/// A URL as compared: its serialisation without the fragment (which never
/// goes on the wire).
fn key(url: &Url) -> &str {
    &url[..url::Position::AfterQuery]
}

/// The first of `entries` that answers `method` at `url` (see
/// [`Servers::entry_for`]), with its index.
pub(crate) fn answering<'e>(
    entries: &'e [ResponseEntry],
    method: &str,
    url: &Url,
) -> Option<(usize, &'e ResponseEntry)> {
    let url = key(url);
    entries.iter().enumerate().find(|(_, e)| {
        let method_ok = match &e.method {
            Some(m) => m == method,
            None => method != "OPTIONS",
        };
        method_ok && key(&e.url) == url
    })
}

impl<'a> Servers<'a> {
    /// Servers answering from `entries`.
    pub fn new(entries: &'a [ResponseEntry]) -> Servers<'a> {
        Servers {
            entries,
            used: Used::new(entries.len()),
            wire: Cell::new(WireForms::default()),
        }
    }

    /// Servers answering from `entries`, knowing what `wire` says of them.
    pub(crate) fn knowing(entries: &'a [ResponseEntry], wire: WireForms) -> Servers<'a> {
        let servers = Servers::new(entries);
        servers.wire.set(wire);
        servers
    }

    /// What these servers know of their entries' wire forms.
    pub(crate) fn wire_forms(&self) -> WireForms {
        self.wire.get()
    }

    /// Whether entry `i`'s `list` is in plain wire form: as known, or
    /// walked once and then known.
    fn is_plain(&self, i: usize, list: &HeaderList) -> bool {
        let mut wire = self.wire.get();
        if let Some(plain) = wire.get(i) {
            return plain;
        }
        let plain = list.is_plain_wire_form();
        wire.set(i, plain);
        self.wire.set(wire);
        plain
    }

    /// The response entries these servers answer from.
    pub(crate) fn entries(&self) -> &'a [ResponseEntry] {
        self.entries
    }

    /// The entries that have answered no request so far, with their index
    /// in `responses`.
    pub fn unused(&self) -> impl Iterator<Item = (usize, &'a ResponseEntry)> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used.get(*i))
    }

    /// The entry that answers `out`: the first whose URL equals the
    /// request's and whose method matches (`OPTIONS` only when given; no
    /// method: any but OPTIONS).
    pub fn entry_for(&self, out: &Outgoing) -> Option<&'a ResponseEntry> {
        self.position_for(out).map(|(_, e)| e)
    }

    fn position_for(&self, out: &Outgoing) -> Option<(usize, &'a ResponseEntry)> {
        answering(self.entries, &out.method, &out.url)
    }

    /// The answer to `out`: the matching entry, or 404 with no headers.
    pub fn answer(&self, out: &Outgoing) -> Incoming {
        self.lend(out).into_incoming()
    }

    /// [`Servers::answer`], lent: the entry's headers and body borrowed
    /// where HTTP would carry them as written (the machine copies only the
    /// response that ends the fetch).
    pub fn lend(&self, out: &Outgoing) -> Answer<'a> {
        let entry = self.position_for(out).inspect(|(i, _)| self.used.set(*i));
        match entry {
            Some((_, e)) if e.network_error => Answer::NetworkError,
            Some((i, e)) => {
                let list = &e.headers.0;
                // Usually the headers are written as HTTP carries them,
                // and are lent whole.
                if self.is_plain(i, list) {
                    return Answer::Response(LentResponse {
                        status: e.status,
                        headers: Cow::Borrowed(list),
                        body: Cow::Borrowed(e.body.text()),
                    });
                }
                // Bytes HTTP forbids go through Chromium's parser first.
                let parsed;
                let list = if needs_parsing(list) {
                    match chromium_reads(list) {
                        Some(headers) => {
                            parsed = headers;
                            &parsed
                        }
                        None => return Answer::InvalidResponse,
                    }
                } else {
                    list
                };
                // Values are normalised as they arrive; most already are,
                // and then the list is copied whole. (Normalising only
                // trims, so a value is normal when trimming keeps its
                // length: no comparison of the bytes.)
                let normal = list
                    .iter()
                    .all(|(_, v)| normalize_header_value(v).len() == v.len());
                let headers = if normal {
                    list.clone()
                } else {
                    HeaderList::from_pairs(list.iter().map(|(n, v)| (n, normalize_header_value(v))))
                };
                Answer::Response(LentResponse {
                    status: e.status,
                    headers: Cow::Owned(headers),
                    body: Cow::Borrowed(e.body.text()),
                })
            }
            None => Answer::Response(LentResponse {
                status: 404,
                headers: Cow::Owned(HeaderList::new()),
                body: Cow::Borrowed(""),
            }),
        }
    }
}

/// Whether a header's name or value holds a NUL, which makes the whole
/// response invalid in Chromium.
pub(crate) fn has_nul(text: &str) -> bool {
    text.contains('\0')
}

/// Whether the headers as written hold what HTTP forbids on the wire: a
/// NUL, a line break, or a name that is not a token.
fn needs_parsing(list: &HeaderList) -> bool {
    list.may_hold_nul_or_line_break() || !list.names().all(is_token)
}

/// The header list Chromium's HTTP/1.1 parser reads from the block the
/// server writes for `list` (each header as `name: value` and CRLF), as
/// measured in Chromium 156 (docs/browser-differences.md, "Bytes HTTP
/// forbids in a response"); `None` when the block holds a NUL anywhere,
/// which makes the whole response invalid.
///
/// - A CR or LF ends the line; what follows is parsed as a line of its own
///   (a header injected by the value, when it reads `token: value`).
/// - A line that starts with a space or tab continues the previous
///   header's value (obs-fold: the break becomes one space); before any
///   header it is dropped.
/// - A line without a colon, or whose name is not a token once spaces and
///   tabs before the colon are dropped, is dropped.
/// - Values lose spaces and tabs at both ends.
///
/// A line feed that would end the header block early (validation refuses
/// those) is not modelled here.
fn chromium_reads(list: &HeaderList) -> Option<HeaderList> {
    let mut read: Vec<(String, String)> = Vec::new();
    for (name, value) in list.iter() {
        if has_nul(name) || has_nul(value) {
            return None;
        }
        let line = format!("{name}: {value}");
        for (i, piece) in line.split(['\r', '\n']).enumerate() {
            if piece.is_empty() {
                continue;
            }
            if i > 0 && piece.starts_with([' ', '\t']) {
                if let Some((_, previous)) = read.last_mut() {
                    previous.push(' ');
                    previous.push_str(piece.trim_start_matches([' ', '\t']));
                }
                continue;
            }
            let Some((n, v)) = piece.split_once(':') else {
                continue;
            };
            let n = n.trim_end_matches([' ', '\t']);
            if is_token(n) {
                read.push((n.to_owned(), v.trim_start_matches([' ', '\t']).to_owned()));
            }
        }
    }
    Some(HeaderList::from_pairs(
        read.iter()
            .map(|(n, v)| (n.as_str(), v.trim_matches([' ', '\t']))),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        chromium_reads(&HeaderList::from_pairs(pairs.iter().copied())).map(|l| {
            l.iter()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect()
        })
    }

    fn pairs(p: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(
            p.iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    /// The cases measured in Chromium 156 (helper probe, 2026-12-06).
    #[test]
    fn wire_forms_follow_the_changes_they_are_told() {
        let mut w = WireForms::default();
        w.set(0, true);
        w.set(1, false);
        w.set(63, true);
        w.set(64, true); // past the bits: never known
        assert_eq!(
            [w.get(0), w.get(1), w.get(2), w.get(63), w.get(64)],
            [Some(true), Some(false), None, Some(true), None]
        );
        w.forget(Applied::Changed(0));
        assert_eq!((w.get(0), w.get(1)), (None, Some(false)));
        w.set(0, true);
        w.forget(Applied::Inserted);
        assert_eq!(
            [w.get(0), w.get(1), w.get(2), w.get(63)],
            [None, Some(true), Some(false), None]
        );
    }

    #[test]
    fn flags_every_entry_past_the_first_64_too() {
        let used = Used::new(70);
        for i in [0, 5, 63, 64, 69] {
            used.set(i);
        }
        let set: Vec<usize> = (0..70).filter(|&i| used.get(i)).collect();
        assert_eq!(set, [0, 5, 63, 64, 69]);
        // Past the end: nothing to set, nothing set.
        used.set(70);
        assert!(!used.get(70));
        assert!(Used::new(64).rest.is_empty());
    }

    #[test]
    fn reads_the_header_block_as_chromium_does() {
        // A NUL anywhere: the response is invalid.
        for nul in ["\0abc", "a\0bc", "abc\0"] {
            assert_eq!(read(&[("X-Test", nul)]), None, "{nul:?}");
        }
        assert_eq!(read(&[("X-\0Test", "v")]), None);
        // CR or LF ends the value; the rest is a line of its own.
        assert_eq!(read(&[("X-Test", "a\rbc")]), pairs(&[("X-Test", "a")]));
        assert_eq!(read(&[("X-Test", "\nabc")]), pairs(&[("X-Test", "")]));
        assert_eq!(
            read(&[("X-Test", "a\rX-Injected: q")]),
            pairs(&[("X-Test", "a"), ("X-Injected", "q")])
        );
        assert_eq!(read(&[("X-Test", "abc\r")]), pairs(&[("X-Test", "abc")]));
        // obs-fold: the break and the leading blanks become one space.
        assert_eq!(read(&[("X-Test", "a\r\n b")]), pairs(&[("X-Test", "a b")]));
        assert_eq!(
            read(&[("X-Test", "a \t \n \t  b  ")]),
            pairs(&[("X-Test", "a \t  b")])
        );
        // Names: blanks before the colon dropped; a name that is not a
        // token drops its line, and only its line.
        assert_eq!(read(&[("X-Test ", "v")]), pairs(&[("X-Test", "v")]));
        assert_eq!(
            read(&[("X Test", "v"), ("", "w"), ("X-\u{1}", "x"), ("Ok", "y")]),
            pairs(&[("Ok", "y")])
        );
        // Other control bytes are kept as they are.
        assert_eq!(
            read(&[("X-Test", "a\u{7}bc")]),
            pairs(&[("X-Test", "a\u{7}bc")])
        );
    }
}
