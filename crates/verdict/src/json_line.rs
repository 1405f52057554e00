//! The batch's line writer: a value as one line of compact JSON, byte for
//! byte what `serde_json::to_writer` writes, at less cost per string.
//!
//! A verdict line is mostly short strings (keys, header names, URLs, the
//! console message). `serde_json` escapes each one byte by byte and writes
//! every quote and fragment as a separate call; here a string is scanned
//! eight bytes at a time and copied in one piece when nothing in it needs
//! escaping, which is almost always. The `Serialize` impls stay the single
//! source of the JSON's shape: `sop eval` pretty-prints the same values
//! with `serde_json`, and anything this writer does not handle (floats,
//! bytes, unusual map keys) makes it hand the whole value to `serde_json`.

use std::fmt::{self, Write as _};

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Appends `value` to `out` as compact JSON, exactly as
/// `serde_json::to_writer` would.
pub(crate) fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
    let start = out.len();
    if value.serialize(&mut Line { out: &mut *out }).is_ok() {
        return Ok(());
    }
    // Something this writer leaves to serde_json: start the value again.
    out.truncate(start);
    serde_json::to_writer(out, value)
}

/// Why the fast writer gave a value up (to `serde_json`).
#[derive(Debug)]
pub(crate) struct Unhandled;

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde_json")
    }
}

impl std::error::Error for Unhandled {}

impl ser::Error for Unhandled {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unhandled
    }
}

type Result<T = ()> = std::result::Result<T, Unhandled>;

struct Line<'a> {
    out: &'a mut Vec<u8>,
}

/// Eight copies of `b`.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// Whether any of the eight bytes of `chunk` needs escaping in JSON: a
/// control byte (below 0x20), a quote or a backslash. Exact, not a guess:
/// each test is the classic "has a zero byte" / "has a byte less than n"
/// bit trick, which never reports a byte that is not there.
fn chunk_needs_escape(chunk: u64) -> bool {
    const HIGH: u64 = splat(0x80);
    let below_space = chunk.wrapping_sub(splat(0x20)) & !chunk;
    let quote = chunk ^ splat(b'"');
    let backslash = chunk ^ splat(b'\\');
    let has_quote = quote.wrapping_sub(splat(1)) & !quote;
    let has_backslash = backslash.wrapping_sub(splat(1)) & !backslash;
    (below_space | has_quote | has_backslash) & HIGH != 0
}

/// Whether any byte of `bytes` needs escaping, eight at a time (the last
/// few padded with spaces, which need none).
fn needs_escape(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    let mut word = [0u8; 8];
    for chunk in &mut chunks {
        word.copy_from_slice(chunk);
        if chunk_needs_escape(u64::from_ne_bytes(word)) {
            return true;
        }
    }
    let rest = chunks.remainder();
    let mut word = [b' '; 8];
    if let Some(head) = word.get_mut(..rest.len()) {
        head.copy_from_slice(rest);
    }
    chunk_needs_escape(u64::from_ne_bytes(word))
}

/// The escape serde_json writes for `b`, if it needs one.
fn escape_of(b: u8) -> Option<&'static [u8]> {
    Some(match b {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        0x08 => b"\\b",
        0x09 => b"\\t",
        0x0A => b"\\n",
        0x0C => b"\\f",
        0x0D => b"\\r",
        0x00..=0x1F => b"\\u00",
        _ => return None,
    })
}

/// Appends `s`'s JSON escaping (without quotes) to `out`: copied whole
/// when nothing in it needs escaping, which is almost always.
fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    // Copy the runs between escapes.
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let Some(escape) = escape_of(b) else { continue };
        out.extend_from_slice(&bytes[run..i]);
        out.extend_from_slice(escape);
        if escape == b"\\u00" {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xF)]);
        }
        run = i + 1;
    }
    out.extend_from_slice(&bytes[run..]);
}

/// Appends `s` as a JSON string.
fn string_into(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    escape_into(out, s);
    out.push(b'"');
}

/// A `Display` value's text, escaped as it is formatted.
struct Escaping<'a>(&'a mut Vec<u8>);

impl fmt::Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        escape_into(self.0, s);
        Ok(())
    }
}

impl<'a, 'b> ser::Serializer for &'b mut Line<'a> {
    type Ok = ();
    type Error = Unhandled;
    type SerializeSeq = Compound<'a, 'b>;
    type SerializeTuple = Compound<'a, 'b>;
    type SerializeTupleStruct = Compound<'a, 'b>;
    type SerializeTupleVariant = Compound<'a, 'b>;
    type SerializeMap = Compound<'a, 'b>;
    type SerializeStruct = Compound<'a, 'b>;
    type SerializeStructVariant = Compound<'a, 'b>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }
    // Floats and bytes: serde_json's own formatting.
    fn serialize_f32(self, _: f32) -> Result {
        Err(Unhandled)
    }
    fn serialize_f64(self, _: f64) -> Result {
        Err(Unhandled)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Unhandled)
    }
    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        string_into(self.out, v);
        Ok(())
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        self.out.push(b'"');
        write!(Escaping(self.out), "{value}").map_err(|_| Unhandled)?;
        self.out.push(b'"');
        Ok(())
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.out.push(b'{');
        string_into(self.out, variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a, 'b>> {
        Ok(Compound::open(self, b'[', None))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'b>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a, 'b>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'b>> {
        Ok(Compound::open(self, b'[', Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a, 'b>> {
        Ok(Compound::open(self, b'{', None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a, 'b>> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'b>> {
        Ok(Compound::open(self, b'{', Some(variant)))
    }
}

/// An array or object being written: whether a comma goes before the next
/// element, and whether it sits inside a `{"variant": ...}` wrapper.
pub(crate) struct Compound<'a, 'b> {
    line: &'b mut Line<'a>,
    first: bool,
    closer: u8,
    wrapped: bool,
}

impl<'a, 'b> Compound<'a, 'b> {
    fn open(line: &'b mut Line<'a>, open: u8, variant: Option<&str>) -> Self {
        if let Some(variant) = variant {
            line.out.push(b'{');
            string_into(line.out, variant);
            line.out.push(b':');
        }
        line.out.push(open);
        Compound {
            line,
            first: true,
            closer: if open == b'[' { b']' } else { b'}' },
            wrapped: variant.is_some(),
        }
    }

    fn comma(&mut self) {
        if !self.first {
            self.line.out.push(b',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.comma();
        value.serialize(&mut *self.line)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result {
        self.comma();
        string_into(self.line.out, key);
        self.line.out.push(b':');
        value.serialize(&mut *self.line)
    }

    fn close(self) -> Result {
        self.line.out.push(self.closer);
        if self.wrapped {
            self.line.out.push(b'}');
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.comma();
        key.serialize(Key(&mut *self.line))?;
        self.line.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.line)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

/// A map key: a string (or what serde writes as one); any other key is
/// left to serde_json, which has its own rules for them.
struct Key<'a, 'b>(&'b mut Line<'a>);

impl ser::Serializer for Key<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    type SerializeSeq = Impossible<(), Unhandled>;
    type SerializeTuple = Impossible<(), Unhandled>;
    type SerializeTupleStruct = Impossible<(), Unhandled>;
    type SerializeTupleVariant = Impossible<(), Unhandled>;
    type SerializeMap = Impossible<(), Unhandled>;
    type SerializeStruct = Impossible<(), Unhandled>;
    type SerializeStructVariant = Impossible<(), Unhandled>;

    fn serialize_str(self, v: &str) -> Result {
        string_into(self.0.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result {
        (&mut *self.0).collect_str(value)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result {
        Err(Unhandled)
    }
    fn serialize_i8(self, _: i8) -> Result {
        Err(Unhandled)
    }
    fn serialize_i16(self, _: i16) -> Result {
        Err(Unhandled)
    }
    fn serialize_i32(self, _: i32) -> Result {
        Err(Unhandled)
    }
    fn serialize_i64(self, _: i64) -> Result {
        Err(Unhandled)
    }
    fn serialize_u8(self, _: u8) -> Result {
        Err(Unhandled)
    }
    fn serialize_u16(self, _: u16) -> Result {
        Err(Unhandled)
    }
    fn serialize_u32(self, _: u32) -> Result {
        Err(Unhandled)
    }
    fn serialize_u64(self, _: u64) -> Result {
        Err(Unhandled)
    }
    fn serialize_f32(self, _: f32) -> Result {
        Err(Unhandled)
    }
    fn serialize_f64(self, _: f64) -> Result {
        Err(Unhandled)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Unhandled)
    }
    fn serialize_none(self) -> Result {
        Err(Unhandled)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result {
        Err(Unhandled)
    }
    fn serialize_unit(self) -> Result {
        Err(Unhandled)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Err(Unhandled)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(Unhandled)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(Unhandled)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(Unhandled)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(Unhandled)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unhandled)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Unhandled)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(Unhandled)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unhandled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn both<T: Serialize + ?Sized>(value: &T) -> (String, String) {
        let mut mine = Vec::new();
        write(&mut mine, value).unwrap();
        let theirs = serde_json::to_vec(value).unwrap();
        (
            String::from_utf8(mine).unwrap(),
            String::from_utf8(theirs).unwrap(),
        )
    }

    /// Every byte that needs escaping, at every offset of a chunk, and
    /// bytes just beside the escaped ranges (0x1F/0x20, 0x21/0x22/0x23,
    /// 0x5B/0x5C/0x5D, 0x7F, non-ASCII).
    #[test]
    fn strings_escape_as_serde_json_escapes_them() {
        let mut specials: Vec<char> = (0u8..0x20).map(char::from).collect();
        specials.extend(['"', '\\', ' ', '!', '#', '[', ']', '\u{7f}', 'é', '€', '😀']);
        for c in specials {
            for at in 0..18 {
                let mut s = "abcdefghijklmnopq".to_owned();
                s.insert(at, c);
                let (mine, theirs) = both(&s);
                assert_eq!(mine, theirs, "{c:?} at {at}");
            }
        }
        assert_eq!(both("").0, r#""""#);
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { a: Option<bool>, b: Vec<u16> },
    }

    #[derive(Serialize)]
    struct Everything<'a> {
        unit: (),
        flag: bool,
        small: i8,
        big: u64,
        negative: i64,
        text: &'a str,
        letter: char,
        shown: crate::ser::DisplayStr<&'a str>,
        none: Option<u8>,
        shapes: Vec<Shape>,
        map: BTreeMap<&'a str, Vec<()>>,
        empty_map: BTreeMap<String, u8>,
        empty_seq: Vec<u8>,
        tuple: (u8, &'a str),
    }

    #[test]
    fn every_shape_is_written_as_serde_json_writes_it() {
        let value = Everything {
            unit: (),
            flag: true,
            small: -5,
            big: u64::MAX,
            negative: i64::MIN,
            text: "a \"quoted\"\nline",
            letter: '\u{1}',
            shown: crate::ser::DisplayStr("dis\tplay"),
            none: None,
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-1, "x".into()),
                Shape::Struct {
                    a: Some(false),
                    b: vec![1, 2],
                },
            ],
            map: BTreeMap::from([("k\"1", vec![(), ()]), ("k2", vec![])]),
            empty_map: BTreeMap::new(),
            empty_seq: Vec::new(),
            tuple: (3, "t"),
        };
        let (mine, theirs) = both(&value);
        assert_eq!(mine, theirs);
    }

    /// What this writer leaves to serde_json still comes out as
    /// serde_json writes it, with nothing of the abandoned try left over.
    #[test]
    fn floats_bytes_and_other_keys_fall_back_whole() {
        #[derive(Serialize)]
        struct Odd {
            before: &'static str,
            wait: f64,
        }
        let odd = Odd {
            before: "x",
            wait: 1e16,
        };
        let mut out = b"kept ".to_vec();
        write(&mut out, &odd).unwrap();
        let mut expected = b"kept ".to_vec();
        expected.extend(serde_json::to_vec(&odd).unwrap());
        assert_eq!(out, expected);
        let numeric_keys = BTreeMap::from([(1u8, "a"), (2, "b")]);
        let (mine, theirs) = both(&numeric_keys);
        assert_eq!(mine, theirs);
        assert_eq!(mine, r#"{"1":"a","2":"b"}"#);
    }

    proptest! {
        #[test]
        fn any_string_and_map_is_written_as_serde_json_writes_it(
            s in any::<String>(),
            m in proptest::collection::btree_map(any::<String>(), any::<Vec<String>>(), 0..4),
        ) {
            let (mine, theirs) = both(&s);
            prop_assert_eq!(mine, theirs);
            let (mine, theirs) = both(&m);
            prop_assert_eq!(mine, theirs);
        }
    }
}
