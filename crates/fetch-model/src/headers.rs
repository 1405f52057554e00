//! Header names, header values and header lists.
//!
//! <https://fetch.spec.whatwg.org/#terminology-headers>
//!
//! Names and values are isomorphic-decoded byte strings (see the crate docs):
//! one `char` per byte, "byte length" is the `char` count, and case folding is
//! ASCII-only.

use smallvec::SmallVec;
use std::fmt;

/// Whether `c` is an HTTP tab or space (U+0009 or U+0020).
///
/// <https://fetch.spec.whatwg.org/#http-tab-or-space>
pub fn is_http_tab_or_space(c: char) -> bool {
    matches!(c, '\t' | ' ')
}

/// Whether `c` is HTTP whitespace: U+000A LF, U+000D CR or an HTTP tab or
/// space. (As bytes, these are the "HTTP whitespace bytes".)
///
/// <https://fetch.spec.whatwg.org/#http-whitespace>
pub fn is_http_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' ')
}

/// Whether `c` is an HTTP newline byte (0x0A LF or 0x0D CR).
///
/// <https://fetch.spec.whatwg.org/#http-newline-byte>
pub fn is_http_newline(c: char) -> bool {
    matches!(c, '\n' | '\r')
}

/// Whether `c` is an HTTP token code point: the `tchar` production of RFC 9110
/// (ASCII alphanumerics and ``!#$%&'*+-.^_`|~``).
///
/// <https://mimesniff.spec.whatwg.org/#http-token-code-point>
pub const fn is_http_token_code_point(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '-'
                | '.'
                | '^'
                | '_'
                | '`'
                | '|'
                | '~'
        )
}

/// Whether `s` matches the RFC 9110 `token` production: one or more HTTP
/// token code points.
///
/// <https://httpwg.org/specs/rfc9110.html#tokens>
pub fn is_token(s: &str) -> bool {
    // Token code points are ASCII, so a byte table decides: every byte of a
    // non-ASCII character is outside it.
    !s.is_empty() && s.bytes().all(|b| TOKEN_BYTES[usize::from(b)])
}

/// `TOKEN_BYTES[b]`: whether byte `b` is an HTTP token code point.
static TOKEN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = is_http_token_code_point(b as u8 as char);
        b += 1;
    }
    table
};

/// Whether `s` is a header name: it matches the `field-name` production, which
/// is `token`.
///
/// <https://fetch.spec.whatwg.org/#header-name>
pub fn is_header_name(s: &str) -> bool {
    is_token(s)
}

/// Whether `s` is a header value: no leading or trailing HTTP tab or space,
/// and no NUL, LF or CR anywhere. The empty string is a header value.
///
/// A `char` above U+00FF cannot stand for a byte, so it also makes `s` not a
/// header value.
///
/// <https://fetch.spec.whatwg.org/#header-value>
pub fn is_header_value(s: &str) -> bool {
    // Header value 1. Neither end may be a tab or space.
    let starts_or_ends_with_blank =
        s.starts_with(is_http_tab_or_space) || s.ends_with(is_http_tab_or_space);
    // Header value 2. No NUL or newline byte anywhere, and every char must be a byte:
    // in UTF-8 a char above U+00FF is the only thing that starts with a
    // byte of 0xC4 or more.
    let has_bad_byte = s
        .bytes()
        .any(|b| matches!(b, b'\0' | b'\n' | b'\r') || b >= 0xC4);
    !starts_or_ends_with_blank && !has_bad_byte
}

/// Normalizes a potential header value by stripping leading and trailing
/// HTTP whitespace bytes (tab, LF, CR, space).
///
/// <https://fetch.spec.whatwg.org/#concept-header-value-normalize>
pub fn normalize_header_value(s: &str) -> &str {
    // Normalize 1. Drop HTTP whitespace bytes from both ends.
    s.trim_matches(is_http_whitespace)
}

/// A position variable over a string, as used by the standards' parsers.
///
/// The position is a byte offset into the UTF-8 `str` and only ever moves by
/// whole `char`s, so every slice taken is on a `char` boundary; all slicing
/// goes through `str::get`, so a bad offset reads as "past the end" rather
/// than panicking.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cursor<'a> {
    input: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `input`.
    pub(crate) fn new(input: &'a str) -> Self {
        Self { input, pos: 0 }
    }

    /// A cursor at byte offset `pos` of `input`.
    pub(crate) fn at(input: &'a str, pos: usize) -> Self {
        Self { input, pos }
    }

    /// The current byte offset.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// The unread remainder of the input.
    fn rest(&self) -> &'a str {
        self.input.get(self.pos..).unwrap_or("")
    }

    /// Whether the position is past the end of the input.
    pub(crate) fn is_past_end(&self) -> bool {
        self.rest().is_empty()
    }

    /// The code point at the position, if any.
    pub(crate) fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Advances the position by one code point (no-op past the end).
    pub(crate) fn advance(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    /// "Collect a sequence of code points" matching `pred`, advancing past them.
    ///
    /// <https://infra.spec.whatwg.org/#collect-a-sequence-of-code-points>
    pub(crate) fn collect_while(&mut self, mut pred: impl FnMut(char) -> bool) -> &'a str {
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|&(_, c)| !pred(c))
            .map_or(rest.len(), |(i, _)| i);
        self.pos += len;
        rest.get(..len).unwrap_or("")
    }

    /// The input from byte offset `start` up to (not including) the position.
    pub(crate) fn since(&self, start: usize) -> &'a str {
        self.input.get(start..self.pos).unwrap_or("")
    }
}

/// Collects an HTTP quoted string from `input` starting at byte offset
/// `*position`, which must point at a `"`; `*position` is moved past what was
/// consumed.
///
/// With `extract_value` the unescaped contents are returned; without it, the
/// raw text consumed (opening quote, backslashes and closing quote included).
/// An unterminated string runs to the end of the input, and a trailing lone
/// backslash is kept literally.
///
/// The standard asserts the starting code point is `"`; if it is not, this
/// returns the empty string and leaves `*position` unchanged.
///
/// <https://fetch.spec.whatwg.org/#collect-an-http-quoted-string>
pub fn collect_http_quoted_string(
    input: &str,
    position: &mut usize,
    extract_value: bool,
) -> String {
    let mut cursor = Cursor::at(input, *position);
    let collected = collect_quoted(&mut cursor, extract_value);
    *position = cursor.position();
    collected
}

/// [`collect_http_quoted_string`] on a [`Cursor`].
///
/// <https://fetch.spec.whatwg.org/#collect-an-http-quoted-string>
pub(crate) fn collect_quoted(cursor: &mut Cursor<'_>, extract_value: bool) -> String {
    // Collect an HTTP quoted string 1. Remember where the quoted string starts.
    let start = cursor.position();
    // Collect an HTTP quoted string 2. The unescaped contents start out empty.
    let mut value = String::new();
    // Collect an HTTP quoted string 3. The caller guarantees an opening quote; without one there is nothing to collect.
    if cursor.peek() != Some('"') {
        return value;
    }
    // Collect an HTTP quoted string 4. Step over the opening quote.
    cursor.advance();
    // Collect an HTTP quoted string 5. Scan until a closing quote or the end of the input.
    loop {
        // Collect an HTTP quoted string 5.1. Take the run of ordinary code points.
        value.push_str(cursor.collect_while(|c| c != '"' && c != '\\'));
        // Collect an HTTP quoted string 5.2. Ran off the end: the string is unterminated.
        // Collect an HTTP quoted string 5.3. Otherwise note whether we stopped at a quote or a backslash...
        let Some(quote_or_backslash) = cursor.peek() else {
            break;
        };
        // Collect an HTTP quoted string 5.4. ...and step over it.
        cursor.advance();
        if quote_or_backslash == '\\' {
            // Collect an HTTP quoted string 5.5.1. A backslash at the very end stands for itself.
            let Some(escaped) = cursor.peek() else {
                value.push('\\');
                break;
            };
            // Collect an HTTP quoted string 5.5.2. Otherwise the next code point is taken literally...
            value.push(escaped);
            // Collect an HTTP quoted string 5.5.3. ...and stepped over.
            cursor.advance();
        } else {
            // Collect an HTTP quoted string 5.6. It was the closing quote.
            break;
        }
    }
    // Collect an HTTP quoted string 6. Callers that want the contents get the unescaped value.
    if extract_value {
        return value;
    }
    // Collect an HTTP quoted string 7. Others get the raw text that was consumed.
    cursor.since(start).to_owned()
}

/// Splits a header value on commas that are outside HTTP quoted strings,
/// trimming tabs and spaces from each piece. Quoted strings are kept raw
/// (quotes and backslashes included). Always yields at least one item: the
/// empty value gives `[""]` and a trailing comma gives a trailing `""`.
///
/// <https://fetch.spec.whatwg.org/#header-value-get-decode-and-split>
pub fn get_decode_split_value(value: &str) -> Vec<String> {
    // Get, decode, and split 1. The value is already held in isomorphic-decoded form.
    // Get, decode, and split 2. Start at the beginning.
    let mut cursor = Cursor::new(value);
    // Get, decode, and split 3. No items yet.
    let mut values = Vec::new();
    // Get, decode, and split 4. The item being built.
    let mut temporary = String::new();
    // Get, decode, and split 5. Repeat until the input is used up.
    loop {
        // Get, decode, and split 5.1. Take everything up to a quote or comma (possibly nothing).
        temporary.push_str(cursor.collect_while(|c| c != '"' && c != ','));
        // Get, decode, and split 5.2. At a quote: take the whole quoted string raw, and keep building
        //      the same item unless the input ended.
        if cursor.peek() == Some('"') {
            temporary.push_str(&collect_quoted(&mut cursor, false));
            if !cursor.is_past_end() {
                continue;
            }
        }
        // Get, decode, and split 5.3. Trim tabs and spaces from the item's ends.
        // Get, decode, and split 5.4. Record the item.
        values.push(temporary.trim_matches(is_http_tab_or_space).to_owned());
        // Get, decode, and split 5.5. Start a fresh item.
        temporary.clear();
        // Get, decode, and split 5.6. Done when the input is used up.
        if cursor.is_past_end() {
            return values;
        }
        // Get, decode, and split 5.7. The only other stopping point is a comma...
        // Get, decode, and split 5.8. ...which is skipped.
        cursor.advance();
    }
}

/// Lower-cases header names, removes duplicates and sorts them by byte
/// value.
///
/// <https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set>
pub fn convert_header_names_to_sorted_lowercase_set<I, S>(names: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    // Convert header names to a sorted-lowercase set 1. Start an empty set.
    // Convert header names to a sorted-lowercase set 2. Add each name, byte-lowercased.
    let mut set: Vec<String> = names
        .into_iter()
        .map(|n| n.as_ref().to_ascii_lowercase())
        .collect();
    // Convert header names to a sorted-lowercase set 3. Sort by byte order (UTF-8 order equals code point order, which for
    //    isomorphic-decoded strings equals byte order) and drop duplicates.
    set.sort_unstable();
    set.dedup();
    set
}

/// A list of header names held as one string, joined with `,` (none at
/// all when the list is empty): a request's CORS-unsafe request-header
/// names, which are also the `Access-Control-Request-Headers` value a
/// preflight sends, or the names a response's
/// `Access-Control-Expose-Headers` exposes.
///
/// The names are header names: tokens, which hold no comma, so the joined
/// string splits back into exactly the names. (A request's names are kept
/// to header names by the API's guards; listed names are extracted as
/// tokens.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderNames {
    joined: String,
}

impl HeaderNames {
    /// `names` as given, in order.
    pub fn of<'a>(names: impl IntoIterator<Item = &'a str>) -> HeaderNames {
        HeaderNames::joined(&names.into_iter().collect::<ListValues<'a>>())
    }

    /// `names` joined, in one allocation of the right size.
    fn joined(names: &[&str]) -> HeaderNames {
        let bytes = names.iter().map(|n| n.len() + 1).sum::<usize>();
        let mut joined = String::with_capacity(bytes.saturating_sub(1));
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                joined.push(',');
            }
            joined.push_str(name);
        }
        HeaderNames { joined }
    }

    /// `names`, lower-cased, sorted by byte value and de-duplicated: the
    /// standard's "convert header names to a sorted-lowercase set",
    /// comparing the names as lower-cased rather than copying each one.
    ///
    /// <https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set>
    pub fn sorted_lowercase_set<'a>(names: impl IntoIterator<Item = &'a str>) -> HeaderNames {
        let mut set: ListValues<'a> = names.into_iter().collect();
        set.sort_unstable_by(|a, b| lower_bytes(a).cmp(lower_bytes(b)));
        set.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        let mut names = HeaderNames::joined(&set);
        names.joined.make_ascii_lowercase();
        names
    }

    /// Whether the list has no names.
    pub fn is_empty(&self) -> bool {
        self.joined.is_empty()
    }

    /// The names, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        comma_pieces(&self.joined).filter(|n| !n.is_empty())
    }

    /// Whether `name` is one of the names, byte-case-insensitively.
    pub fn contains(&self, name: &str) -> bool {
        self.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// The names joined with `,`, as a header value carries them
    /// (`Access-Control-Request-Headers`: CORS-preflight fetch 5).
    pub fn as_header_value(&self) -> &str {
        &self.joined
    }
}

impl fmt::Display for HeaderNames {
    /// The names joined with `, `, for words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl<'a> FromIterator<&'a str> for HeaderNames {
    fn from_iter<I: IntoIterator<Item = &'a str>>(names: I) -> HeaderNames {
        HeaderNames::of(names)
    }
}

/// The bytes of `name`, lower-cased.
fn lower_bytes(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes().map(|b| b.to_ascii_lowercase())
}

/// A header list: an ordered list of (name, value) headers, duplicates
/// allowed. Names keep the casing they were given and are compared
/// byte-case-insensitively.
///
/// The list does not validate names or values; callers that need to (the
/// `Headers` class does) use [`is_header_name`] and [`is_header_value`].
///
/// Every name and value lives in one string, so a list costs two
/// allocations however many headers it holds (copying one, too).
///
/// <https://fetch.spec.whatwg.org/#concept-header-list>
#[derive(Default)]
pub struct HeaderList {
    /// The names and values, back to back; a changed value is written anew
    /// at the end, so the text may hold bytes no entry points at.
    text: String,
    /// Each header's name and value, as ranges of `text`.
    entries: Vec<Entry>,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    name: (usize, usize),
    value: (usize, usize),
}

impl Clone for HeaderList {
    fn clone(&self) -> Self {
        self.clone_with_room(0, 0)
    }
}

impl HeaderList {
    /// An empty header list.
    pub fn new() -> Self {
        Self::default()
    }

    /// A copy with room for `headers` more headers holding `bytes` more
    /// bytes of names and values, so appending them does not grow the
    /// copy (as a request's list gains `Origin` and the Fetch Metadata
    /// headers on its way out).
    pub fn clone_with_room(&self, headers: usize, bytes: usize) -> HeaderList {
        if self.entries.is_empty() && headers == 0 {
            return HeaderList::default();
        }
        let mut text = String::with_capacity(self.text.len() + bytes);
        text.push_str(&self.text);
        let mut entries = Vec::with_capacity(self.entries.len() + headers);
        entries.extend_from_slice(&self.entries);
        HeaderList { text, entries }
    }

    /// An empty header list with room for `headers` headers whose names
    /// and values hold `bytes` bytes in all, so filling it allocates
    /// exactly once for each (as a list read from a message is built).
    pub fn with_room(headers: usize, bytes: usize) -> HeaderList {
        HeaderList {
            text: String::with_capacity(bytes),
            entries: Vec::with_capacity(headers),
        }
    }

    /// An empty header list with room for `n` headers.
    pub fn with_capacity(n: usize) -> Self {
        HeaderList {
            text: String::new(),
            entries: Vec::with_capacity(n),
        }
    }

    /// A header list holding `pairs` exactly as given, in order, e.g. the
    /// header lines of an HTTP message as received. Unlike
    /// [`append`](Self::append), each entry keeps its own name casing.
    pub fn from_pairs<I, N, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let pairs = pairs.into_iter();
        let mut list = HeaderList::with_capacity(pairs.size_hint().0);
        for (n, v) in pairs {
            list.push(n.as_ref(), v.as_ref());
        }
        list
    }

    fn write(&mut self, s: &str) -> (usize, usize) {
        // Room for a typical list at once, rather than doubling up from a
        // few bytes.
        if self.text.capacity() == 0 {
            self.text.reserve(s.len().max(256));
        }
        let start = self.text.len();
        self.text.push_str(s);
        (start, self.text.len())
    }

    /// Adds a header at the end exactly as given, keeping its own name
    /// casing (as the header lines of a received message are listed);
    /// [`append`](Self::append) is the standard's append.
    pub fn push(&mut self, name: &str, value: &str) {
        let name = self.write(name);
        let value = self.write(value);
        self.add(Entry { name, value });
    }

    fn add(&mut self, entry: Entry) {
        // Room for a typical list at once, as for the text.
        if self.entries.capacity() == 0 {
            self.entries.reserve(8);
        }
        self.entries.push(entry);
    }

    fn name_of(&self, e: &Entry) -> &str {
        &self.text[e.name.0..e.name.1]
    }

    fn value_of(&self, e: &Entry) -> &str {
        &self.text[e.value.0..e.value.1]
    }

    /// Whether entry `e` is named `name` (compared as bytes: no slicing
    /// of the text on the way, since lookups run for every check).
    fn is_named(&self, e: &Entry, name: &str) -> bool {
        self.text
            .as_bytes()
            .get(e.name.0..e.name.1)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.entries.iter().position(|e| self.is_named(e, name))
    }

    /// Whether the list contains a header whose name matches `name`
    /// byte-case-insensitively.
    ///
    /// <https://fetch.spec.whatwg.org/#header-list-contains>
    pub fn contains(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// The values of every header named `name`, in order.
    pub fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        self.entries
            .iter()
            .filter(move |e| self.is_named(e, name))
            .map(|e| self.value_of(e))
    }

    /// Gets `name`: `None` when absent, otherwise all its values joined with
    /// `", "` in order.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-get>
    pub fn get(&self, name: &str) -> Option<String> {
        // Get 1. Absent names give null.
        // Get 2. Join every matching value with comma-space, in list order.
        self.get_cow(name).map(std::borrow::Cow::into_owned)
    }

    /// [`HeaderList::get`] without copying when only one header has the
    /// name (the usual case).
    pub fn get_cow(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        let mut values = self
            .entries
            .iter()
            .filter(|e| self.is_named(e, name))
            .map(|e| self.value_of(e));
        let first = values.next()?;
        match values.next() {
            None => Some(std::borrow::Cow::Borrowed(first)),
            Some(second) => {
                let mut joined = format!("{first}, {second}");
                for v in values {
                    joined.push_str(", ");
                    joined.push_str(v);
                }
                Some(std::borrow::Cow::Owned(joined))
            }
        }
    }

    /// Gets `name` and splits the combined value with
    /// [`get_decode_split_value`]; `None` when absent.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split>
    pub fn get_decode_split(&self, name: &str) -> Option<Vec<String>> {
        // Get, decode, and split 1. Get the combined value.
        // Get, decode, and split 2. Absent names give null.
        let value = self.get_cow(name)?;
        // Get, decode, and split 3. Split the combined value.
        Some(get_decode_split_value(&value))
    }

    /// Appends a header. If the list already has a header with this name, the
    /// new entry takes that existing header's name casing.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-append>
    pub fn append(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) {
        let (name, value) = (name.as_ref(), value.as_ref());
        // Append 1. Reuse the casing of the first header already using this name.
        let name = match self.position(name) {
            Some(i) => self.entries[i].name,
            None => self.write(name),
        };
        // Append 2. Add the header at the end.
        let value = self.write(value);
        self.add(Entry { name, value });
    }

    /// Removes every header whose name matches `name`.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-delete>
    pub fn delete(&mut self, name: &str) {
        // Delete 1. Drop all byte-case-insensitive matches.
        let text = &self.text;
        self.entries
            .retain(|e| !text[e.name.0..e.name.1].eq_ignore_ascii_case(name));
    }

    /// Sets a header: the first header with this name gets `value` and the
    /// other headers with this name are removed; if there is none, the header
    /// is appended.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-set>
    pub fn set(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) {
        let (name, value) = (name.as_ref(), value.as_ref());
        match self.position(name) {
            // Set 1. Present: overwrite the first match and drop the later ones.
            Some(first) => {
                let text = &self.text;
                let mut index = 0;
                self.entries.retain(|e| {
                    let keep =
                        index <= first || !text[e.name.0..e.name.1].eq_ignore_ascii_case(name);
                    index += 1;
                    keep
                });
                self.entries[first].value = self.write(value);
            }
            // Set 2. Absent: append.
            None => self.append(name, value),
        }
    }

    /// Combines a header: if present, `", "` and `value` are appended to the
    /// first matching header's value; otherwise the header is appended.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-combine>
    pub fn combine(&mut self, name: impl AsRef<str>, value: impl AsRef<str>) {
        let (name, value) = (name.as_ref(), value.as_ref());
        match self.position(name) {
            // Combine 1. Present: extend the first match's value (in place when it
            // ends the text, else as a new copy at the end).
            Some(i) => {
                let (start, end) = self.entries[i].value;
                let start = if end == self.text.len() {
                    start
                } else {
                    let existing = self.text[start..end].to_owned();
                    self.write(&existing).0
                };
                self.text.push_str(", ");
                self.text.push_str(value);
                self.entries[i].value = (start, self.text.len());
            }
            // Combine 2. Absent: append.
            None => self.append(name, value),
        }
    }

    /// Sorts and combines the list: lower-cased names in byte order, each
    /// with its combined value, except that every `set-cookie` header stays a
    /// separate entry (in list order).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine>
    pub fn sort_and_combine(&self) -> Vec<(String, String)> {
        // Sort and combine 1. Start an empty result.
        let mut headers = Vec::new();
        // Sort and combine 2. Take the sorted, lower-cased, de-duplicated names.
        let names = self.names_lowercase_sorted_unique();
        // Sort and combine 3. Emit each name.
        for name in names {
            if name == "set-cookie" {
                // Sort and combine 3.1. `set-cookie` values must not be joined: one entry each, in order.
                let values: Vec<String> = self.values(&name).map(str::to_owned).collect();
                for value in values {
                    headers.push((name.clone(), value));
                }
            } else if let Some(value) = self.get(&name) {
                // Sort and combine 3.2. Every other name gets its combined value (always present,
                //      since the name came from this list).
                headers.push((name, value));
            }
        }
        // Sort and combine 4. Done.
        headers
    }

    /// Every header as `(name, value)`, in order, names as stored.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            list: self,
            entries: self.entries.iter(),
        }
    }

    /// Every header's name, in order, as stored.
    pub fn names(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.entries.iter().map(|e| self.name_of(e))
    }

    /// Whether some name or value may hold a NUL, CR or LF byte: `false`
    /// means none does. One scan of the list's text, so a caller can skip
    /// looking header by header in the usual case (it may say `true` for
    /// the bytes of a value since replaced).
    pub fn may_hold_nul_or_line_break(&self) -> bool {
        memchr::memchr3(0, b'\r', b'\n', self.text.as_bytes()).is_some()
    }

    /// Whether the list is surely as HTTP/1.1 carries it: every name a
    /// token, and every value normalised (no tab or space at either end)
    /// with no NUL, CR or LF. One walk over the bytes; `false` may also
    /// mean a byte of a value since replaced, so a caller that needs the
    /// exact answer looks header by header only then.
    pub fn is_plain_wire_form(&self) -> bool {
        if self.may_hold_nul_or_line_break() {
            return false;
        }
        let text = self.text.as_bytes();
        self.entries.iter().all(|e| {
            let name = text.get(e.name.0..e.name.1).unwrap_or_default();
            let value = text.get(e.value.0..e.value.1).unwrap_or_default();
            let blank = |b: Option<&u8>| matches!(b, Some(b' ' | b'\t'));
            !name.is_empty()
                && name.iter().all(|&b| TOKEN_BYTES[usize::from(b)])
                && !blank(value.first())
                && !blank(value.last())
        })
    }

    /// Whether two headers share a name (byte-case-insensitively).
    pub fn repeats_a_name(&self) -> bool {
        // Every pair is compared (lists are short), first by a key of each
        // name's length and its first, last and second-to-last bytes,
        // which tells most pairs apart in one comparison (it runs for
        // every request sent; the last two bytes tell `Sec-Fetch-Site`
        // from `Sec-Fetch-Mode`); names are compared only when their keys
        // match.
        const ON_STACK: usize = 16;
        if self.entries.len() > ON_STACK {
            return self.entries.iter().enumerate().any(|(i, e)| {
                let name = self.name_of(e);
                self.entries[i + 1..]
                    .iter()
                    .any(|later| self.is_named(later, name))
            });
        }
        // The name's bytes sliced as bytes: a `str` slice would check
        // character boundaries too. A byte with its 0x20 bit set stands
        // for itself in either case: bytes equal but for ASCII case get
        // the same key, and a key shared by other bytes only costs a
        // comparison.
        let key = |e: &Entry| {
            let name = self
                .text
                .as_bytes()
                .get(e.name.0..e.name.1)
                .unwrap_or_default();
            let byte =
                |i: Option<usize>| u64::from(i.and_then(|i| name.get(i)).map_or(0, |b| b | 0x20));
            let len = name.len();
            (len as u64) << 24
                | byte(Some(0)) << 16
                | byte(len.checked_sub(2)) << 8
                | byte(len.checked_sub(1))
        };
        let mut keys = [0u64; ON_STACK];
        for (k, e) in keys.iter_mut().zip(&self.entries) {
            *k = key(e);
        }
        let keys = &keys[..self.entries.len()];
        keys.iter().enumerate().any(|(i, k)| {
            keys[i + 1..].iter().enumerate().any(|(j, later)| {
                later == k && {
                    let name = self.name_of(&self.entries[i]);
                    self.is_named(&self.entries[i + 1 + j], name)
                }
            })
        })
    }

    /// The number of headers (entries, not distinct names).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list has no headers.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The list's header names, lower-cased, de-duplicated and sorted (the
    /// standard's "convert header names to a sorted-lowercase set" over all
    /// names).
    pub fn names_lowercase_sorted_unique(&self) -> Vec<String> {
        convert_header_names_to_sorted_lowercase_set(self.names())
    }
}

/// The headers of a [`HeaderList`], in order, as `(name, value)`.
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    list: &'a HeaderList,
    entries: std::slice::Iter<'a, Entry>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let e = self.entries.next()?;
        Some((self.list.name_of(e), self.list.value_of(e)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let e = self.entries.next_back()?;
        Some((self.list.name_of(e), self.list.value_of(e)))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl PartialEq for HeaderList {
    /// Lists are equal when they hold the same headers in the same order
    /// (names compared as stored).
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for HeaderList {}

impl fmt::Debug for HeaderList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<N: AsRef<str>, V: AsRef<str>> FromIterator<(N, V)> for HeaderList {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        Self::from_pairs(iter)
    }
}

impl<'a> IntoIterator for &'a HeaderList {
    type Item = (&'a str, &'a str);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// A header's value did not parse under its list grammar (`#method` or
/// `#field-name`): some comma-separated element is not a token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` value has list element {element:?}, which is not a token")]
pub struct HeaderListParseError {
    /// The header name, as passed to [`extract_header_list_values`].
    pub name: String,
    /// The offending element, with surrounding tabs and spaces removed.
    pub element: String,
}

/// Extracts header list values for `name` from `list`: `Ok(None)` when the
/// header is absent, `Ok(Some(items))` with the elements of every such header
/// in order, or an error when a value does not parse.
///
/// This is for the list-valued CORS response headers
/// `Access-Control-Allow-Methods` (ABNF `#method`),
/// `Access-Control-Allow-Headers` and `Access-Control-Expose-Headers` (ABNF
/// `#field-name`); `method` and `field-name` are both `token`. So each value
/// is split on commas, optional whitespace (tab/space) around elements is
/// dropped, empty elements are ignored as RFC 9110's `#rule` requires, and
/// any remaining element that is not a token makes the whole extraction fail.
/// Chromium likewise rejects the header when an element is not a token. The
/// same `#token` grammar is applied whatever `name` is, so do not use this
/// for headers with a different ABNF.
///
/// <https://fetch.spec.whatwg.org/#extract-header-list-values>
pub fn extract_header_list_values<'a>(
    list: &'a HeaderList,
    name: &str,
) -> Result<Option<ListValues<'a>>, HeaderListParseError> {
    // Extract header list values 1. An absent header gives null: the
    // values start as null and become a list at the first header found
    // (one walk of the list rather than a `contains` first).
    // Extract header list values 2. These grammars are lists, so several headers are allowed; nothing to reject.
    // Extract header list values 3. Start with no values.
    let mut values: Option<ListValues<'a>> = None;
    // Extract header list values 4. Go through each header with this name, in order.
    for value in list.values(name) {
        // Extract header list values 4.1. Parse its value per the `#token` grammar.
        // Extract header list values 4.2. Any parse failure fails the whole extraction.
        // Extract header list values 4.3. Keep its elements, in order.
        parse_token_list(value, values.get_or_insert_default()).map_err(|element| {
            HeaderListParseError {
                name: name.to_owned(),
                element: element.to_owned(),
            }
        })?;
    }
    // Extract header list values 5. Return what was collected.
    Ok(values)
}

/// The values [`extract_header_list_values`] gives: borrowed from the
/// list, and held inline up to [`INLINE_VALUES`] of them (an
/// `Access-Control-Allow-Methods` or `-Allow-Headers` value rarely lists
/// more), so extracting them allocates nothing.
pub type ListValues<'a> = SmallVec<[&'a str; INLINE_VALUES]>;

/// How many values a [`ListValues`] holds without allocating.
pub const INLINE_VALUES: usize = 8;

/// Parses `#token` (RFC 9110 list of tokens) onto the end of `items`: empty
/// elements are skipped, the first non-token element is returned as the
/// error, without the tabs and spaces around it (and `items` is then to be
/// thrown away).
///
/// One walk over the bytes: the blanks before an element, its token bytes,
/// the blanks after it, then a comma or the end. Tabs, spaces, commas and
/// token bytes are all ASCII, so every cut falls between characters.
fn parse_token_list<'a>(value: &'a str, items: &mut ListValues<'a>) -> Result<(), &'a str> {
    let bytes = value.as_bytes();
    let blank = |i: usize| matches!(bytes.get(i), Some(b' ' | b'\t'));
    let token = |i: usize| bytes.get(i).is_some_and(|&b| TOKEN_BYTES[usize::from(b)]);
    let mut i = 0;
    loop {
        while blank(i) {
            i += 1;
        }
        let start = i;
        while token(i) {
            i += 1;
        }
        let end = i;
        while blank(i) {
            i += 1;
        }
        match bytes.get(i) {
            // The element ends here: keep it unless it is empty.
            None | Some(b',') => {
                if end > start {
                    items.push(value.get(start..end).unwrap_or_default());
                }
                if i >= bytes.len() {
                    return Ok(());
                }
                i += 1;
            }
            // Something else before the comma: the element is no token.
            Some(_) => {
                let stop = memchr::memchr(b',', bytes.get(start..).unwrap_or_default())
                    .map_or(bytes.len(), |at| start + at);
                let element = value.get(start..stop).unwrap_or_default();
                return Err(element.trim_end_matches([' ', '\t']));
            }
        }
    }
}

impl fmt::Display for HeaderList {
    /// One `name: value` line per header, in order, as stored.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, value) in self {
            writeln!(f, "{name}: {value}")?;
        }
        Ok(())
    }
}

/// The pieces of `text` between commas, as `text.split(',')` gives them,
/// found by a loop over the bytes: the lists split this way (the names a
/// preflight asks for, the cache's methods and names) hold a few short
/// names, and `split`'s searcher costs more to set up than such a loop
/// costs to run (it ran several times for every request sent).
pub(crate) fn comma_pieces(text: &str) -> impl Iterator<Item = &str> + Clone {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let piece = rest?;
        match piece.bytes().position(|b| b == b',') {
            Some(comma) => {
                // A comma is one byte, so both sides are whole characters.
                rest = piece.get(comma + 1..);
                piece.get(..comma)
            }
            None => {
                rest = None;
                Some(piece)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of header entries.
    type Pairs = &'static [(&'static str, &'static str)];

    fn list(pairs: &[(&str, &str)]) -> HeaderList {
        HeaderList::from_pairs(pairs.iter().copied())
    }

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    /// Comma pieces are `split(',')`'s, empty pieces and all.
    #[test]
    fn comma_pieces_split_as_str_split_does() {
        for text in ["", ",", "a", "a,b", ",a,,b,", "x-é,ü", "a,b,c,"] {
            let ours: Vec<&str> = comma_pieces(text).collect();
            let theirs: Vec<&str> = text.split(',').collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    /// Names repeat whatever their case and wherever they stand, in short
    /// lists (keys on the stack) and long ones.
    #[test]
    fn a_repeated_name_is_found_in_any_case_and_place() {
        let cases: &[(Pairs, bool)] = &[
            (&[], false),
            (&[("Accept", "a")], false),
            (&[("Accept", "a"), ("accept", "b")], true),
            // Same length, first and last byte: told apart by the rest.
            (
                &[
                    ("Sec-Fetch-Site", "a"),
                    ("sec-fetch-mode", "b"),
                    ("Sec-Fetch-Dest", "c"),
                ],
                false,
            ),
            (&[("X-A", "1"), ("x-b", "2"), ("X-a", "3")], true),
            // Bytes that differ only in the 0x20 bit but are not letters
            // share a key, and are still different names.
            (&[("x@", "1"), ("x`", "2"), ("X[", "3"), ("x{", "4")], false),
            (&[("", "1"), ("", "2")], true),
        ];
        for (pairs, repeats) in cases {
            assert_eq!(list(pairs).repeats_a_name(), *repeats, "{pairs:?}");
        }
        // Longer lists than the keys kept on the stack.
        let names: Vec<String> = (0..20).map(|i| format!("X-Header-{i}")).collect();
        let mut long: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "v")).collect();
        assert!(!list(&long).repeats_a_name());
        long.push(("x-header-3", "w"));
        assert!(list(&long).repeats_a_name());
        long.truncate(16);
        long.push(("X-HEADER-15", "w"));
        assert!(list(&long).repeats_a_name(), "the 17th repeats the 16th");
    }

    #[test]
    fn header_names_are_tokens() {
        let cases = [
            ("Content-Type", true),
            ("x-custom_1.2", true),
            ("*", true),
            ("!#$%&'*+-.^_`|~", true),
            ("", false),
            ("Content Type", false),
            ("Content-Type:", false),
            ("a\"b", false),
            ("a(b)", false),
            ("a/b", false),
            ("é", false),
            ("a\tb", false),
        ];
        for (input, expected) in cases {
            assert_eq!(is_header_name(input), expected, "is_header_name({input:?})");
        }
    }

    #[test]
    fn header_values() {
        let cases = [
            ("", true),
            ("text/html", true),
            ("a b", true),
            ("a\tb", true),
            ("caf\u{e9}", true),
            ("\u{ff}", true),
            (" a", false),
            ("a ", false),
            ("\ta", false),
            ("a\t", false),
            ("a\0b", false),
            ("a\nb", false),
            ("a\rb", false),
            ("\u{100}", false),
            ("\u{1F600}", false),
            ("\u{b}a", true),
        ];
        for (input, expected) in cases {
            assert_eq!(
                is_header_value(input),
                expected,
                "is_header_value({input:?})"
            );
        }
    }

    #[test]
    fn normalize_strips_http_whitespace_only() {
        let cases = [
            ("  text/html \r\n", "text/html"),
            ("\t\n\r a b \t", "a b"),
            ("\u{b}a\u{c}", "\u{b}a\u{c}"),
            ("\u{a0}a\u{a0}", "\u{a0}a\u{a0}"),
            ("", ""),
            (" \t ", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(
                normalize_header_value(input),
                expected,
                "normalize({input:?})"
            );
        }
    }

    #[test]
    fn whitespace_classes() {
        let cases = [
            ('\t', true, true),
            (' ', true, true),
            ('\n', false, true),
            ('\r', false, true),
            ('\u{b}', false, false),
            ('\u{c}', false, false),
            ('\u{a0}', false, false),
            ('a', false, false),
        ];
        for (c, tab_or_space, whitespace) in cases {
            assert_eq!(is_http_tab_or_space(c), tab_or_space, "{c:?}");
            assert_eq!(is_http_whitespace(c), whitespace, "{c:?}");
        }
    }

    #[test]
    fn quoted_string_collection() {
        // (input, start, extract_value, expected, expected end position)
        let cases = [
            ("\"\\", 0, false, "\"\\", 2),
            ("\"\\", 0, true, "\\", 2),
            ("\"Hello\" World", 0, false, "\"Hello\"", 7),
            ("\"Hello\" World", 0, true, "Hello", 7),
            (
                "\"Hello \\\\ World\\\"\"",
                0,
                false,
                "\"Hello \\\\ World\\\"\"",
                18,
            ),
            ("\"Hello \\\\ World\\\"\"", 0, true, "Hello \\ World\"", 18),
            ("\"unterminated", 0, true, "unterminated", 13),
            ("x=\"a\";y", 2, true, "a", 5),
            ("x=\"caf\u{e9}\";", 2, true, "caf\u{e9}", 9),
            ("no quote", 0, true, "", 0),
        ];
        for (input, start, extract, expected, end) in cases {
            let mut position = start;
            let got = collect_http_quoted_string(input, &mut position, extract);
            assert_eq!(got, expected, "collect({input:?}, {start}, {extract})");
            assert_eq!(position, end, "position after collect({input:?})");
        }
    }

    #[test]
    fn get_decode_split_of_values() {
        let cases: [(&str, &[&str]); 17] = [
            ("nosniff,", &["nosniff", ""]),
            ("", &[""]),
            ("text/html;\", x/x", &["text/html;\", x/x"]),
            ("x/x;test=\"hi\",y/y", &["x/x;test=\"hi\"", "y/y"]),
            ("x / x,,,1", &["x / x", "", "", "1"]),
            ("\"1,2\", 3", &["\"1,2\"", "3"]),
            ("\"a, b\", c", &["\"a, b\"", "c"]),
            ("a,\"b\\\"c\",d", &["a", "\"b\\\"c\"", "d"]),
            ("\"a\"\"b\"", &["\"a\"\"b\""]),
            ("\"a\\", &["\"a\\"]),
            (" a ,\tb\t, c", &["a", "b", "c"]),
            (",", &["", ""]),
            ("GET, TRACE", &["GET", "TRACE"]),
            ("a \"b, c\" d, e", &["a \"b, c\" d", "e"]),
            ("\"x\",", &["\"x\"", ""]),
            ("\u{b}a\u{b}", &["\u{b}a\u{b}"]),
            ("caf\u{e9},\u{ff}", &["caf\u{e9}", "\u{ff}"]),
        ];
        for (input, expected) in cases {
            assert_eq!(
                get_decode_split_value(input),
                owned(expected),
                "split({input:?})"
            );
        }
    }

    #[test]
    fn get_decode_split_on_lists() {
        // Examples from the standard's table: several headers are joined with
        // ", " first, then split.
        let cases: [(Pairs, Option<&[&str]>); 7] = [
            (&[("A", "nosniff,")], Some(&["nosniff", ""])),
            (&[("A", ""), ("B", "sniff")], Some(&[""])),
            (&[("B", "sniff")], None),
            (
                &[("A", "text/html;\""), ("A", "x/x")],
                Some(&["text/html;\", x/x"]),
            ),
            (
                &[("A", "x/x;test=\"hi\""), ("C", "**bingo**"), ("a", "y/y")],
                Some(&["x/x;test=\"hi\"", "y/y"]),
            ),
            (
                &[("A", "x / x"), ("A", ","), ("A", "1")],
                Some(&["x / x", "", "", "1"]),
            ),
            (
                &[("A", "\"1,2\""), ("D", "4"), ("A", "3")],
                Some(&["\"1,2\"", "3"]),
            ),
        ];
        for (pairs, expected) in cases {
            let got = list(pairs).get_decode_split("a");
            assert_eq!(got, expected.map(owned), "get_decode_split on {pairs:?}");
        }
    }

    #[test]
    fn get_joins_with_comma_space() {
        let headers = list(&[("Accept", "a"), ("X", "1"), ("ACCEPT", "b"), ("accept", "")]);
        let cases = [
            ("accept", Some("a, b, ")),
            ("ACCEPT", Some("a, b, ")),
            ("x", Some("1")),
            ("y", None),
        ];
        for (name, expected) in cases {
            assert_eq!(headers.get(name).as_deref(), expected, "get({name:?})");
            assert_eq!(
                headers.contains(name),
                expected.is_some(),
                "contains({name:?})"
            );
        }
        assert_eq!(list(&[("A", "")]).get("a").as_deref(), Some(""));
    }

    #[test]
    fn append_reuses_existing_casing() {
        let mut headers = HeaderList::new();
        headers.append("Accept", "a");
        headers.append("X-Foo", "1");
        headers.append("ACCEPT", "b");
        headers.append(String::from("accept"), String::from("c"));
        let got: Vec<_> = headers.iter().collect();
        assert_eq!(
            got,
            [
                ("Accept", "a"),
                ("X-Foo", "1"),
                ("Accept", "b"),
                ("Accept", "c")
            ]
        );
        assert_eq!(headers.len(), 4);
        assert!(!headers.is_empty());
        assert!(HeaderList::new().is_empty());
    }

    #[test]
    fn from_pairs_keeps_entries_verbatim() {
        let headers = list(&[("Accept", "a"), ("ACCEPT", "b")]);
        let got: Vec<_> = headers.iter().collect();
        assert_eq!(got, [("Accept", "a"), ("ACCEPT", "b")]);
        let collected: HeaderList = [("Accept", "a"), ("ACCEPT", "b")].into_iter().collect();
        assert_eq!(collected, headers);
        let via_into_iter: Vec<_> = (&headers).into_iter().collect();
        assert_eq!(via_into_iter, got);
    }

    #[test]
    fn delete_set_combine() {
        type Op = fn(&mut HeaderList);
        let start: Pairs = &[("A", "1"), ("B", "2"), ("a", "3"), ("C", "4")];
        let cases: [(&str, Op, Pairs); 9] = [
            (
                "combine the last header (in place)",
                |h| h.combine("c", "5"),
                &[("A", "1"), ("B", "2"), ("a", "3"), ("C", "4, 5")],
            ),
            (
                "rewrite, then append after the rewritten text",
                |h| {
                    h.combine("A", "z");
                    h.set("b", "two");
                    h.combine("A", "y");
                    h.append("b", "3");
                },
                &[
                    ("A", "1, z, y"),
                    ("B", "two"),
                    ("a", "3"),
                    ("C", "4"),
                    ("B", "3"),
                ],
            ),
            ("delete a", |h| h.delete("a"), &[("B", "2"), ("C", "4")]),
            ("delete absent", |h| h.delete("z"), start),
            (
                "set a",
                |h| h.set("a", "x"),
                &[("A", "x"), ("B", "2"), ("C", "4")],
            ),
            (
                "set C",
                |h| h.set("C", "y"),
                &[("A", "1"), ("B", "2"), ("a", "3"), ("C", "y")],
            ),
            (
                "set absent",
                |h| h.set("D", "5"),
                &[("A", "1"), ("B", "2"), ("a", "3"), ("C", "4"), ("D", "5")],
            ),
            (
                "combine a",
                |h| h.combine("a", "z"),
                &[("A", "1, z"), ("B", "2"), ("a", "3"), ("C", "4")],
            ),
            (
                "combine absent",
                |h| h.combine("d", "5"),
                &[("A", "1"), ("B", "2"), ("a", "3"), ("C", "4"), ("d", "5")],
            ),
        ];
        for (label, op, expected) in cases {
            let mut headers = list(start);
            op(&mut headers);
            assert_eq!(headers, list(expected), "{label}");
        }
    }

    #[test]
    fn sort_and_combine_keeps_set_cookie_apart() {
        let headers = list(&[
            ("B", "1"),
            ("a", "2"),
            ("Set-Cookie", "x=1"),
            ("A", "3"),
            ("set-cookie", "y=2"),
            ("C", ""),
        ]);
        let expected = [
            ("a", "2, 3"),
            ("b", "1"),
            ("c", ""),
            ("set-cookie", "x=1"),
            ("set-cookie", "y=2"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(headers.sort_and_combine(), expected);
        assert!(HeaderList::new().sort_and_combine().is_empty());
    }

    #[test]
    fn sorted_lowercase_names() {
        let headers = list(&[("X-b", "1"), ("x-A", "2"), ("X-B", "3"), ("Accept", "4")]);
        assert_eq!(
            headers.names_lowercase_sorted_unique(),
            owned(&["accept", "x-a", "x-b"])
        );
        // Byte order, not alphabetical: '-' (0x2D) sorts before letters and
        // digits sort before letters.
        assert_eq!(
            convert_header_names_to_sorted_lowercase_set(["ab", "a-b", "A1", "a"]),
            owned(&["a", "a-b", "a1", "ab"])
        );
    }

    #[test]
    fn extract_list_values() {
        type Expected = Result<Option<&'static [&'static str]>, &'static str>;
        let cases: [(Pairs, Expected); 14] = [
            (&[], Ok(None)),
            (&[("Other", "GET")], Ok(None)),
            (
                &[("Access-Control-Allow-Methods", "GET, POST")],
                Ok(Some(&["GET", "POST"])),
            ),
            (
                &[("access-control-allow-methods", "PUT")],
                Ok(Some(&["PUT"])),
            ),
            (
                &[
                    ("Access-Control-Allow-Methods", "a"),
                    ("X", "y"),
                    ("Access-Control-Allow-Methods", "b, c"),
                ],
                Ok(Some(&["a", "b", "c"])),
            ),
            (&[("Access-Control-Allow-Methods", "")], Ok(Some(&[]))),
            (&[("Access-Control-Allow-Methods", " , ,")], Ok(Some(&[]))),
            (
                &[("Access-Control-Allow-Methods", "a,,b")],
                Ok(Some(&["a", "b"])),
            ),
            (
                &[("Access-Control-Allow-Methods", "\ta , b ")],
                Ok(Some(&["a", "b"])),
            ),
            (&[("Access-Control-Allow-Methods", "*")], Ok(Some(&["*"]))),
            (&[("Access-Control-Allow-Methods", "a b")], Err("a b")),
            (
                &[("Access-Control-Allow-Methods", "GET, \"PUT\"")],
                Err("\"PUT\""),
            ),
            (
                &[("Access-Control-Allow-Methods", "GET;q=1")],
                Err("GET;q=1"),
            ),
            (
                &[
                    ("Access-Control-Allow-Methods", "GET"),
                    ("Access-Control-Allow-Methods", "P\u{e9}T"),
                ],
                Err("P\u{e9}T"),
            ),
        ];
        for (pairs, expected) in cases {
            let headers = list(pairs);
            let got = extract_header_list_values(&headers, "Access-Control-Allow-Methods");
            let expected = expected
                .map(|o| o.map(ListValues::from_slice))
                .map_err(|element| HeaderListParseError {
                    name: "Access-Control-Allow-Methods".to_owned(),
                    element: element.to_owned(),
                });
            assert_eq!(got, expected, "extract from {pairs:?}");
        }
    }

    #[test]
    fn parse_error_message_names_the_element() {
        let err = HeaderListParseError {
            name: "Access-Control-Expose-Headers".to_owned(),
            element: "a b".to_owned(),
        };
        assert_eq!(
            err.to_string(),
            "`Access-Control-Expose-Headers` value has list element \"a b\", which is not a token"
        );
    }

    #[test]
    fn display_lists_headers() {
        let headers = list(&[("A", "1"), ("b", "")]);
        assert_eq!(headers.to_string(), "A: 1\nb: \n");
    }
}
