//! Borrowed views of string columns in the Arrow layout: one contiguous UTF-8 buffer, offsets
//! (32- or 64-bit) and an optional null mask. Arrow `string`/`large_string` arrays are read
//! where they lie, without a copy.

use crate::{Error, Result};

/// The offsets of a string column: string `i` is `data[offsets[i]..offsets[i + 1]]`.
#[derive(Clone, Copy, Debug)]
pub enum Offsets<'a> {
    /// 32-bit offsets (Arrow `string`).
    I32(&'a [i32]),
    /// 64-bit offsets (Arrow `large_string`).
    I64(&'a [i64]),
}

impl Offsets<'_> {
    /// The number of offsets (one more than the number of strings).
    pub fn len(&self) -> usize {
        match self {
            Offsets::I32(o) => o.len(),
            Offsets::I64(o) => o.len(),
        }
    }
    /// True when there is no offset at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    #[inline]
    fn at(&self, i: usize) -> i64 {
        match self {
            Offsets::I32(o) => o[i] as i64,
            Offsets::I64(o) => o[i],
        }
    }
}

/// A string column: `len() = offsets.len() - 1` strings.
#[derive(Clone, Copy, Debug)]
pub struct StrColumn<'a> {
    /// The argument the column came from, for messages (`"left"`, `"name"`...).
    pub name: &'a str,
    /// String `i` is `data[offsets[i]..offsets[i + 1]]`.
    pub offsets: Offsets<'a>,
    /// The UTF-8 bytes of every string, end to end.
    pub data: &'a [u8],
    /// `nulls[i]` is true when string `i` is missing.
    pub nulls: Option<&'a [bool]>,
}

impl<'a> StrColumn<'a> {
    /// The number of strings.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
    /// True when the column has no string.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every string, `None` where missing, after checking offsets, mask and UTF-8.
    pub fn strings(&self) -> Result<Vec<Option<&'a str>>> {
        if self.offsets.is_empty() {
            return Err(Error::value(format!("{}: string offsets must have at least one entry", self.name)));
        }
        let n = self.len();
        if let Some(m) = self.nulls {
            if m.len() != n {
                return Err(Error::value(format!("{}: null mask has {} rows, the column has {n}", self.name, m.len())));
            }
        }
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let (a, b) = (self.offsets.at(i), self.offsets.at(i + 1));
            if self.nulls.is_some_and(|m| m[i]) {
                out.push(None);
                continue;
            }
            if a < 0 || b < a || b as u64 > self.data.len() as u64 {
                return Err(Error::value(format!(
                    "{}, row {i}: string offsets {a}..{b} do not lie in a buffer of {} bytes",
                    self.name,
                    self.data.len()
                )));
            }
            let s = std::str::from_utf8(&self.data[a as usize..b as usize])
                .map_err(|e| Error::value(format!("{}, row {i}: not valid UTF-8 ({e})", self.name)))?;
            out.push(Some(s));
        }
        Ok(out)
    }
}

/// Strings packed in the Arrow layout with 64-bit offsets (what results are returned as).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Packed {
    /// String `i` is `data[offsets[i]..offsets[i + 1]]`.
    pub offsets: Vec<i64>,
    /// The UTF-8 bytes of every string, end to end.
    pub data: Vec<u8>,
}

impl Packed {
    /// Packs strings; a missing one is an empty string (the caller keeps its null mask).
    pub fn from_strings<S: AsRef<str>>(items: impl IntoIterator<Item = Option<S>>) -> Packed {
        let mut p = Packed { offsets: vec![0], data: Vec::new() };
        for s in items {
            if let Some(s) = s {
                p.data.extend_from_slice(s.as_ref().as_bytes());
            }
            p.offsets.push(p.data.len() as i64);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arrow_layout_with_nulls() {
        let data = b"abcde";
        let offsets = [0i32, 2, 2, 5];
        let nulls = [false, true, false];
        let col = StrColumn { name: "left", offsets: Offsets::I32(&offsets), data, nulls: Some(&nulls) };
        assert_eq!(col.strings().unwrap(), vec![Some("ab"), None, Some("cde")]);
    }

    #[test]
    fn rejects_bad_offsets_and_utf8() {
        let offsets = [0i64, 9];
        let col = StrColumn { name: "left", offsets: Offsets::I64(&offsets), data: b"abc", nulls: None };
        assert!(col.strings().unwrap_err().to_string().contains("left, row 0"));
        let offsets = [0i64, 1, 2];
        let col = StrColumn { name: "right", offsets: Offsets::I64(&offsets), data: &[b'a', 0xff], nulls: None };
        assert!(col.strings().unwrap_err().to_string().contains("right, row 1: not valid UTF-8"));
    }

    #[test]
    fn packs() {
        let p = Packed::from_strings([Some("ab"), None, Some("c")]);
        assert_eq!(p.offsets, vec![0, 2, 2, 3]);
        assert_eq!(p.data, b"abc");
    }
}
