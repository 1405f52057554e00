//! The batch's line writer: a value written as compact JSON into a byte
//! buffer, byte for byte as `serde_json::to_writer` writes it.
//!
//! serde_json tests every byte of every string against its escape table,
//! which was a tenth of a full verdict's instructions; here a string is
//! tested eight bytes at a time, and its runs are copied whole. The
//! output is serde_json's: the same escapes (`\"`, `\\`, `\b`, `\f`, `\n`,
//! `\r`, `\t`, and `\u00xx` in lowercase hex for the other control
//! bytes; nothing else), the same separators, and serde_json itself for
//! floats. A test writes every fixture's verdict both ways and compares
//! the bytes, and `sop batch` is checked against `sop eval`, which uses
//! serde_json.

use std::fmt::{self, Write as _};

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Writes `value` as one compact JSON text at the end of `out`.
pub(crate) fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(&mut Writer { out })
}

/// Why a value could not be written (a map key that is not a string, or a
/// type's own refusal).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Error(String);

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

/// `ESCAPE[b]`: how byte `b` is escaped in a string: 0 when it is not,
/// `u` for `\u00xx`, else the letter or byte after the backslash (as
/// serde_json's table has it).
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Whether any of the eight bytes of `word` needs escaping: a control byte
/// (below 0x20), a quote or a backslash. Each test is exact for "any byte"
/// (the borrows that can blur which byte matched cannot make a false
/// positive out of none).
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    below_space
        | zero_in(word ^ (ONES * u64::from(b'"')))
        | zero_in(word ^ (ONES * u64::from(b'\\')))
        != 0
}

/// Writes `s` as a JSON string.
fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    write_unquoted(out, s.as_bytes());
    out.push(b'"');
}

/// Writes `bytes` escaped, without the quotes.
fn write_unquoted(out: &mut Vec<u8>, bytes: &[u8]) {
    if needs_escaping(bytes) {
        write_escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
}

/// A JSON string's text as a value's `Display` writes it, escaped piece
/// by piece as the pieces come (an escape depends on its byte alone), so
/// the text is never gathered first.
struct Escaping<'a>(&'a mut Vec<u8>);

impl fmt::Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        write_unquoted(self.0, s.as_bytes());
        Ok(())
    }
}

/// Whether any byte of `bytes` is escaped, eight at a time: a string of
/// eight bytes or more ends with its last eight (overlapping bytes already
/// tested, which cannot change the answer), a shorter one is padded with
/// spaces (which are not escaped).
fn needs_escaping(bytes: &[u8]) -> bool {
    let word = |eight: &[u8]| u64::from_le_bytes(eight.try_into().unwrap_or_default());
    let Some(last) = bytes.len().checked_sub(8) else {
        let mut padded = [b' '; 8];
        for (slot, &b) in padded.iter_mut().zip(bytes) {
            *slot = b;
        }
        return needs_escape(u64::from_le_bytes(padded));
    };
    let mut chunks = bytes.chunks_exact(8);
    if chunks.any(|chunk| needs_escape(word(chunk))) {
        return true;
    }
    !chunks.remainder().is_empty() && needs_escape(word(bytes.get(last..).unwrap_or_default()))
}

/// Writes `bytes` with their escapes, a run of plain bytes at a time.
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut run = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let escape = ESCAPE[usize::from(byte)];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(bytes.get(run..i).unwrap_or_default());
        run = i + 1;
        if escape == b'u' {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xF)]);
        } else {
            out.push(b'\\');
            out.push(escape);
        }
    }
    out.extend_from_slice(bytes.get(run..).unwrap_or_default());
}

fn write_integer(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Floats as serde_json writes them (verdicts hold none; written by
/// serde_json itself so that any one written is the same).
fn write_float(out: &mut Vec<u8>, value: impl Serialize) -> Result<(), Error> {
    serde_json::to_writer(out, &value).map_err(|e| Error(e.to_string()))
}

/// The serializer's ten integer methods, alike but for the type: each
/// runs `$body` with the integer as `$v`.
macro_rules! integer_methods {
    ($self:ident, $v:ident => $body:expr) => {
        integer_methods!(@each $self $v $body;
            serialize_i8 i8, serialize_i16 i16, serialize_i32 i32,
            serialize_i64 i64, serialize_i128 i128, serialize_u8 u8,
            serialize_u16 u16, serialize_u32 u32, serialize_u64 u64,
            serialize_u128 u128);
    };
    (@each $self:ident $v:ident $body:expr; $($method:ident $ty:ty),*) => {$(
        fn $method($self, $v: $ty) -> Result<(), Error> {
            $body
        }
    )*};
}

impl<'b, 'w> ser::Serializer for &'b mut Writer<'w> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'b, 'w>;
    type SerializeTuple = Compound<'b, 'w>;
    type SerializeTupleStruct = Compound<'b, 'w>;
    type SerializeTupleVariant = Compound<'b, 'w>;
    type SerializeMap = Compound<'b, 'w>;
    type SerializeStruct = Compound<'b, 'w>;
    type SerializeStructVariant = Compound<'b, 'w>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    integer_methods!(self, v => {
        write_integer(self.out, v);
        Ok(())
    });
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        write_float(self.out, v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        write_float(self.out, v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'b, 'w>, Error> {
        self.out.push(b'[');
        Ok(Compound::new(self, b"]"))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'b, 'w>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'b, 'w>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'b, 'w>, Error> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.extend_from_slice(b":[");
        Ok(Compound::new(self, b"]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'b, 'w>, Error> {
        self.out.push(b'{');
        Ok(Compound::new(self, b"}"))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'b, 'w>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'b, 'w>, Error> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.extend_from_slice(b":{");
        Ok(Compound::new(self, b"}}"))
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.out.push(b'"');
        write!(Escaping(self.out), "{value}").map_err(|e| Error(e.to_string()))?;
        self.out.push(b'"');
        Ok(())
    }
}

/// A sequence, map or struct being written: a comma goes before every
/// item but the first, and `close` after the last.
pub(crate) struct Compound<'b, 'w> {
    writer: &'b mut Writer<'w>,
    first: bool,
    close: &'static [u8],
}

impl<'b, 'w> Compound<'b, 'w> {
    fn new(writer: &'b mut Writer<'w>, close: &'static [u8]) -> Compound<'b, 'w> {
        Compound {
            writer,
            first: true,
            close,
        }
    }

    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.writer.out.push(b',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(&mut *self.writer)
    }

    /// A struct's field. Its name is a Rust field's or its serde rename:
    /// a word of the verdict's types that needs no escape (asserted in
    /// debug builds, where the corpus test writes every fixture's verdict
    /// both ways), so it is copied without the test every value string
    /// gets: a verdict line has a dozen of them.
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        debug_assert!(!needs_escaping(key.as_bytes()), "{key:?}");
        self.comma();
        let out = &mut *self.writer.out;
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
        value.serialize(&mut *self.writer)
    }

    fn close(self) -> Result<(), Error> {
        self.writer.out.extend_from_slice(self.close);
        Ok(())
    }
}

/// serde's compound traits that differ only in name: each item is an
/// element (written after a comma) or a field (its key, then its value),
/// and each ends with the compound's closing bytes.
macro_rules! compound_items {
    ($($trait:ident::$method:ident => $write:ident),* $(,)?) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            compound_items!(@item $method $write);
            fn end(self) -> Result<(), Error> {
                self.close()
            }
        }
    )*};
    (@item $method:ident element) => {
        fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
            self.element(value)
        }
    };
    (@item $method:ident field) => {
        fn $method<T: Serialize + ?Sized>(
            &mut self,
            key: &'static str,
            value: &T,
        ) -> Result<(), Error> {
            self.field(key, value)
        }
    };
}

compound_items! {
    SerializeSeq::serialize_element => element,
    SerializeTuple::serialize_element => element,
    SerializeTupleStruct::serialize_field => element,
    SerializeTupleVariant::serialize_field => element,
    SerializeStruct::serialize_field => field,
    SerializeStructVariant::serialize_field => field,
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        key.serialize(KeyWriter {
            writer: &mut *self.writer,
        })?;
        self.writer.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// A map key: a string, as JSON requires (the verdict's maps are keyed by
/// header names); as in serde_json, a char, an integer or a bool is
/// written as a string, and anything else is refused.
struct KeyWriter<'a, 'b> {
    writer: &'a mut Writer<'b>,
}

fn key_must_be_a_string() -> Error {
    Error("key must be a string".to_owned())
}

/// An integer map key, quoted (as serde_json writes one).
fn quoted_integer(out: &mut Vec<u8>, n: impl itoa::Integer) -> Result<(), Error> {
    out.push(b'"');
    write_integer(out, n);
    out.push(b'"');
    Ok(())
}

impl ser::Serializer for KeyWriter<'_, '_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.writer.out, v);
        Ok(())
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        ser::Serializer::collect_str(self.writer, value)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.writer
            .out
            .extend_from_slice(if v { b"\"true\"" } else { b"\"false\"" });
        Ok(())
    }
    integer_methods!(self, v => quoted_integer(self.writer.out, v));
    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both<T: Serialize + ?Sized>(value: &T) -> (String, String) {
        let mut ours = Vec::new();
        write(&mut ours, value).unwrap_or_else(|e| panic!("{e}"));
        let theirs = serde_json::to_vec(value).unwrap_or_else(|e| panic!("{e}"));
        (
            String::from_utf8_lossy(&ours).into_owned(),
            String::from_utf8_lossy(&theirs).into_owned(),
        )
    }

    /// Every char up to U+00FF and a few beyond, at every offset of an
    /// eight-byte word and across word boundaries, escape as serde_json
    /// escapes them.
    #[test]
    fn strings_escape_as_serde_json_escapes_them() {
        let mut specials: Vec<char> = (0..=0xFF_u8).map(char::from).collect();
        specials.extend(['\u{2028}', '\u{FFFD}', '😀']);
        for c in specials {
            for prefix in 0..10 {
                for suffix in [0, 1, 7, 8, 9] {
                    let s = format!("{}{c}{}", "a".repeat(prefix), "b".repeat(suffix));
                    let (ours, theirs) = both(&s);
                    assert_eq!(ours, theirs, "{s:?}");
                }
            }
        }
        let (ours, theirs) = both("\"\\\u{0}\u{1f}\t\n\r\u{8}\u{c}\u{7f}\"\"");
        assert_eq!(ours, theirs);
    }

    /// A value shown in pieces, as a `Display` with format arguments
    /// writes it: escaped piece by piece, it reads as the whole escaped.
    struct Pieces<'a>(&'a [&'a str]);

    impl fmt::Display for Pieces<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.iter().try_for_each(|p| write!(f, "{p}"))
        }
    }

    impl Serialize for Pieces<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(self)
        }
    }

    #[test]
    fn a_displayed_value_escapes_as_its_text_does() {
        let pieces = [
            "say \"",
            "",
            "a\nb",
            "\\",
            "\u{1}\u{7f}é",
            "😀\"",
            "plain text, long enough",
        ];
        let (ours, theirs) = both(&Pieces(&pieces));
        assert_eq!(ours, theirs);
        assert_eq!(
            theirs,
            serde_json::to_string(&pieces.concat()).unwrap_or_default()
        );
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(u8, String),
        Struct { a: Option<u16>, b: Vec<bool> },
    }

    #[derive(Serialize)]
    struct Everything<'a> {
        unit: (),
        none: Option<u8>,
        some: Option<i64>,
        negative: i32,
        big: u128,
        float: f64,
        small_float: f32,
        character: char,
        text: &'a str,
        bytes: &'a [u8],
        list: Vec<Shape>,
        empty_list: Vec<u8>,
        map: indexmap::IndexMap<String, (u8, char)>,
        empty_map: indexmap::IndexMap<String, u8>,
        newtype: Newtype,
    }

    #[derive(Serialize)]
    struct Newtype(String);

    /// Every shape of serde's data model the verdicts use, and the ones
    /// they do not, as serde_json writes them.
    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        let value = Everything {
            unit: (),
            none: None,
            some: Some(-7),
            negative: i32::MIN,
            big: u128::MAX,
            float: 0.1,
            small_float: 1.5e-7,
            character: '"',
            text: "line\nbreak",
            bytes: &[0, 255],
            list: vec![
                Shape::Unit,
                Shape::Newtype(3),
                Shape::Tuple(4, "x".to_owned()),
                Shape::Struct {
                    a: Some(443),
                    b: vec![true, false],
                },
            ],
            empty_list: Vec::new(),
            map: [
                ("k\"1".to_owned(), (1, 'é')),
                ("k2".to_owned(), (2, '\u{0}')),
            ]
            .into_iter()
            .collect(),
            empty_map: indexmap::IndexMap::new(),
            newtype: Newtype("n".to_owned()),
        };
        let (ours, theirs) = both(&value);
        assert_eq!(ours, theirs);
        let (ours, theirs) = both(&[f64::NAN, f64::INFINITY, -0.0, 1e300]);
        assert_eq!(ours, theirs);
    }

    #[test]
    fn map_keys_are_strings_as_in_serde_json() {
        let ints: indexmap::IndexMap<i32, u8> = [(-1, 2), (3, 4)].into_iter().collect();
        let (ours, theirs) = both(&ints);
        assert_eq!(ours, theirs);
        // The integer types' extremes, as keys and as values.
        let wide: indexmap::IndexMap<u128, i8> = [(u128::MAX, i8::MIN)].into_iter().collect();
        let (ours, theirs) = both(&wide);
        assert_eq!(ours, theirs);
        let narrow: indexmap::IndexMap<i8, i128> = [(i8::MIN, i128::MIN)].into_iter().collect();
        let (ours, theirs) = both(&narrow);
        assert_eq!(ours, theirs);
        let unsigned: indexmap::IndexMap<u64, u16> = [(u64::MAX, u16::MAX)].into_iter().collect();
        let (ours, theirs) = both(&unsigned);
        assert_eq!(ours, theirs);
        let others: indexmap::IndexMap<(bool, char), u8> = [((true, 'c'), 1)].into_iter().collect();
        assert!(write(&mut Vec::new(), &others).is_err());
        assert!(serde_json::to_vec(&others).is_err());
        let bools: indexmap::IndexMap<bool, char> = [(false, 'x')].into_iter().collect();
        let (ours, theirs) = both(&bools);
        assert_eq!(ours, theirs);
    }
}
