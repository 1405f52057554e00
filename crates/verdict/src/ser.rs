//! Serialisation helpers shared by the verdict's types.

use serde::Serialize;

/// A `Display` value serialised as a string, without building it first.
pub(crate) struct DisplayStr<T>(pub(crate) T);

impl<T: std::fmt::Display> Serialize for DisplayStr<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}
