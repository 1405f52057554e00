//! Reading a HAR file as a stream: the pages first (they are few), then
//! each entry handed over as soon as it is read, so a HAR of hundreds of
//! megabytes runs in the memory of one entry. An entry that does not have
//! the fields HAR promises is reported with its JSON path and the reading
//! goes on; only a file that is not JSON, or not a HAR, stops it.

use std::cell::Cell;
use std::fmt;
use std::io::Read;
use std::rc::Rc;

use serde::Deserializer as _;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::model::{Entry, Page};

/// Why a file could not be read as a HAR at all.
#[derive(Debug, thiserror::Error)]
pub enum HarError {
    /// The file could not be read.
    #[error("cannot read it: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not JSON.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// JSON, but not an HTTP Archive.
    #[error("not a HAR file: {0}")]
    NotHar(String),
}

/// Why one entry could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryError {
    /// Where, as a JSON path from the file's root
    /// (`log.entries[3].response.status`).
    pub path: String,
    /// What was expected.
    pub message: String,
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What the reader hands over for each entry, in file order.
pub struct Item<'a> {
    /// The entry's index in `log.entries`.
    pub index: usize,
    /// The entry, or why it could not be read.
    pub entry: Result<Entry, EntryError>,
    /// The pages read so far (all of them, when `pages` comes before
    /// `entries`, as both Chromium and Firefox write it).
    pub pages: &'a [Page],
    /// `log.creator.name`, when it came before the entries.
    pub creator: Option<&'a str>,
}

/// What the file says of itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// `log.version` (`1.2`).
    pub version: Option<String>,
    /// `log.creator.name` and `version` (`WebInspector 537.36`,
    /// `Firefox 128.0`).
    pub creator: Option<String>,
    /// How many entries the file held.
    pub entries: usize,
}

/// The most bytes one entry (or everything before the first) may take:
/// each entry is held whole while it is read, so this bounds the memory.
/// DevTools keeps bodies of up to 10 MB and headers of a few kB.
pub const MAX_ENTRY_BYTES: u64 = 128 * 1024 * 1024;

/// Reads `reader` as a HAR file and calls `each` for every entry.
pub fn read_har<R: Read>(reader: R, each: impl FnMut(Item<'_>)) -> Result<Header, HarError> {
    read_har_with_limit(reader, MAX_ENTRY_BYTES, each)
}

/// [`read_har`] with another limit on the bytes of one entry.
pub fn read_har_with_limit<R: Read>(
    reader: R,
    max_entry_bytes: u64,
    mut each: impl FnMut(Item<'_>),
) -> Result<Header, HarError> {
    let read = Rc::new(Cell::new(0));
    let counted = Counted {
        inner: reader,
        read: Rc::clone(&read),
        limit: max_entry_bytes,
    };
    let mut de =
        serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, counted));
    let mut state = State {
        pages: Vec::new(),
        header: Header::default(),
        each: &mut each,
        read,
        creator_name: None,
    };
    let result = (&mut de).deserialize_map(TopVisitor(&mut state));
    match result {
        Ok(()) => {}
        Err(e) if e.is_io() => return Err(HarError::Io(std::io::Error::other(e.to_string()))),
        Err(e) if e.is_syntax() || e.is_eof() => return Err(HarError::NotJson(e.to_string())),
        Err(e) => return Err(HarError::NotHar(e.to_string())),
    }
    de.end().map_err(|e| HarError::NotJson(e.to_string()))?;
    Ok(state.header)
}

struct State<'f> {
    pages: Vec<Page>,
    header: Header,
    each: &'f mut dyn FnMut(Item<'_>),
    /// Bytes read since the last entry ended.
    read: Rc<Cell<u64>>,
    creator_name: Option<String>,
}

const TOO_BIG: &str = "bytes without the end of an entry";

/// The reader, counting the bytes since the last entry ended and refusing
/// to read past the limit.
struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
    limit: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read.get() > self.limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("more than {} {TOO_BIG}", self.limit),
            ));
        }
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

struct TopVisitor<'s, 'f>(&'s mut State<'f>);

impl<'de> Visitor<'de> for TopVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with a `log` (HAR 1.2)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut log = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "log" {
                map.next_value_seed(LogSeed(&mut *self.0))?;
                log = true;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if log {
            Ok(())
        } else {
            Err(de::Error::custom("no `log` object at the top"))
        }
    }
}

struct LogSeed<'s, 'f>(&'s mut State<'f>);

impl<'de> DeserializeSeed<'de> for LogSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LogSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`log` as an object with `entries`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut entries = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match &*key {
                "pages" => {
                    self.0.pages = map
                        .next_value::<Vec<Page>>()
                        .map_err(|e| de::Error::custom(format!("log.pages: {e}")))?;
                }
                "entries" => {
                    map.next_value_seed(EntriesSeed(&mut *self.0))?;
                    entries = true;
                }
                "version" => self.0.header.version = map.next_value::<Option<String>>()?,
                "creator" => {
                    #[derive(serde::Deserialize)]
                    struct Creator {
                        #[serde(default)]
                        name: String,
                        #[serde(default)]
                        version: String,
                    }
                    let c = map.next_value::<Option<Creator>>()?;
                    self.0.creator_name = c.as_ref().map(|c| c.name.clone());
                    self.0.header.creator = c.map(|c| format!("{} {}", c.name, c.version));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if entries {
            Ok(())
        } else {
            Err(de::Error::custom("`log` has no `entries`"))
        }
    }
}

struct EntriesSeed<'s, 'f>(&'s mut State<'f>);

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`log.entries` as an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        // Each entry is read as a JSON value first: one with a wrong field
        // is then reported with its path, and the stream goes on.
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            let entry = serde_path_to_error::deserialize::<_, Entry>(value).map_err(|e| {
                let inner = e.path().to_string();
                EntryError {
                    path: if inner == "." {
                        format!("log.entries[{index}]")
                    } else {
                        format!("log.entries[{index}].{inner}")
                    },
                    message: e.into_inner().to_string(),
                }
            });
            (self.0.each)(Item {
                index,
                entry,
                pages: &self.0.pages,
                creator: self.0.creator_name.as_deref(),
            });
            // What the buffer holds ahead is at most its capacity.
            self.0.read.set(0);
            index += 1;
        }
        self.0.header.entries = index;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Result<Header, HarError>, Vec<Result<Entry, EntryError>>) {
        let mut got = Vec::new();
        let r = read_har(text.as_bytes(), |item| got.push(item.entry));
        (r, got)
    }

    const ENTRY: &str = r#"{"request": {"method": "GET", "url": "https://api.example/", "headers": []},
                            "response": {"status": 200, "headers": []}}"#;

    #[test]
    fn entries_stream_with_the_pages_read_before_them() {
        let text = format!(
            r#"{{"log": {{"version": "1.2", "creator": {{"name": "WebInspector", "version": "537.36"}},
                "pages": [{{"id": "page_1", "title": "https://app.example/"}}],
                "entries": [{ENTRY}, {ENTRY}]}}}}"#
        );
        let mut pages_seen = Vec::new();
        let header = read_har(text.as_bytes(), |item| pages_seen.push(item.pages.len())).unwrap();
        assert_eq!(header.entries, 2);
        assert_eq!(header.creator.as_deref(), Some("WebInspector 537.36"));
        assert_eq!(pages_seen, [1, 1]);
    }

    #[test]
    fn a_bad_entry_is_reported_with_its_path_and_the_rest_still_read() {
        let text = format!(
            r#"{{"log": {{"entries": [{{"request": {{"method": "GET", "url": "x"}}, "response": {{"status": "200"}}}}, {ENTRY}]}}}}"#
        );
        let (r, got) = read(&text);
        assert!(r.is_ok());
        let err = got[0].as_ref().unwrap_err();
        assert_eq!(err.path, "log.entries[0].response.status");
        assert!(got[1].is_ok());
    }

    #[test]
    fn a_missing_field_names_the_entry() {
        let (_, got) =
            read(r#"{"log": {"entries": [{"request": {"method": "GET", "url": "x"}}]}}"#);
        let err = got[0].as_ref().unwrap_err();
        assert_eq!(err.path, "log.entries[0]");
        assert!(err.message.contains("response"), "{}", err.message);
    }

    #[test]
    fn an_entry_past_the_limit_stops_the_reading() {
        let big = format!(
            r#"{{"log": {{"entries": [{ENTRY}, {{"request": {{"method": "GET", "url": "{}"}}, "response": {{}}}}]}}}}"#,
            "x".repeat(300_000)
        );
        let mut n = 0;
        let r = read_har_with_limit(big.as_bytes(), 100_000, |_| n += 1);
        let Err(HarError::Io(e)) = r else {
            panic!("{r:?}")
        };
        assert!(e.to_string().contains("more than 100000 bytes"), "{e}");
        assert_eq!(n, 1, "the entry before it was read");
        let mut n = 0;
        assert!(read_har_with_limit(big.as_bytes(), 1_000_000, |_| n += 1).is_ok());
        assert_eq!(n, 2);
    }

    #[test]
    fn not_json_and_not_a_har_are_told_apart() {
        assert!(matches!(read("{nope").0, Err(HarError::NotJson(_))));
        assert!(matches!(read("").0, Err(HarError::NotJson(_))));
        assert!(matches!(
            read(r#"{"entries": []}"#).0,
            Err(HarError::NotHar(_))
        ));
        assert!(matches!(read(r#"{"log": {}}"#).0, Err(HarError::NotHar(_))));
        assert!(matches!(read("[1, 2]").0, Err(HarError::NotHar(_))));
        assert!(matches!(
            read(r#"{"log": {"entries": 3}}"#).0,
            Err(HarError::NotHar(_))
        ));
        assert!(matches!(
            read(r#"{"log": {"entries": []}} trailing"#).0,
            Err(HarError::NotJson(_))
        ));
    }
}
