//! Serialisation helpers shared by the verdict's types.

use serde::Serialize;

/// A `Display` value serialised as a string, without building it first.
pub(crate) struct DisplayStr<T>(pub(crate) T);

impl<T: std::fmt::Display> Serialize for DisplayStr<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Writes `pieces` in order: how the texts every batch line may carry (a
/// fix's changes, a warning) are said, since format arguments cost more
/// than the words.
pub(crate) fn write_all(f: &mut std::fmt::Formatter<'_>, pieces: &[&str]) -> std::fmt::Result {
    pieces.iter().try_for_each(|piece| f.write_str(piece))
}
