//! Borrowed, typed views of numeric columns: what the kernels read. A column is a slice of one
//! primitive type with an offset and a stride, so a column of a row-major matrix is read where
//! it lies, without a copy, as is a contiguous Arrow or numpy buffer. An optional null mask
//! (`true` = missing) travels beside it.
//!
//! The hot loops are compiled for several instruction sets and chosen at run time
//! (`multiversion`), so a wheel built for baseline x86-64 still uses AVX2 where it exists.

use multiversion::multiversion;

/// The values of one column, borrowed.
#[derive(Clone, Copy, Debug)]
pub enum Values<'a> {
    /// `i8` values.
    I8(&'a [i8]),
    /// `i16` values.
    I16(&'a [i16]),
    /// `i32` values.
    I32(&'a [i32]),
    /// `i64` values.
    I64(&'a [i64]),
    /// `u8` values.
    U8(&'a [u8]),
    /// `u16` values.
    U16(&'a [u16]),
    /// `u32` values.
    U32(&'a [u32]),
    /// `u64` values.
    U64(&'a [u64]),
    /// `f32` values.
    F32(&'a [f32]),
    /// `f64` values.
    F64(&'a [f64]),
}

/// One value read from a column, as it was (for error messages).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Raw {
    /// An integer value (any integer type fits `i128`).
    Int(i128),
    /// A floating-point value.
    Float(f64),
}

impl std::fmt::Display for Raw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Raw::Int(v) => write!(f, "{v}"),
            Raw::Float(v) if v.is_nan() => write!(f, "NaN"),
            Raw::Float(v) => write!(f, "{v:?}"),
        }
    }
}

/// A named column view: `values[offset + i * stride]` for `i` in `0..len`.
#[derive(Clone, Copy, Debug)]
pub struct Column<'a> {
    /// The column's name, for messages.
    pub name: &'a str,
    /// The buffer the view reads.
    pub values: Values<'a>,
    /// The index in `values` of row 0.
    pub offset: usize,
    /// The distance in `values` between consecutive rows (at least 1).
    pub stride: usize,
    /// The number of rows.
    pub len: usize,
    /// `nulls[i]` is true when row `i` is missing.
    pub nulls: Option<&'a [bool]>,
}

/// Why a value could not be read as an integer in range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BadValue {
    /// The row of the value.
    pub row: usize,
    /// The value as it was; `None` when the value is missing.
    pub raw: Option<Raw>,
}

macro_rules! dispatch {
    ($values:expr, $s:ident => $body:expr) => {
        match $values {
            Values::I8($s) => $body,
            Values::I16($s) => $body,
            Values::I32($s) => $body,
            Values::I64($s) => $body,
            Values::U8($s) => $body,
            Values::U16($s) => $body,
            Values::U32($s) => $body,
            Values::U64($s) => $body,
            Values::F32($s) => $body,
            Values::F64($s) => $body,
        }
    };
}

/// A primitive a column can hold: read as an integer if it is a whole number.
pub trait Primitive: Copy + Send + Sync + PartialOrd {
    /// True for the integer types whose every value converts to `i64` exactly, so range checks
    /// need no whole-number test (all but `u64`).
    const EXACT_INT: bool = false;
    /// The value as `i64`; exact when `EXACT_INT`.
    fn as_i64(self) -> i64;
    /// `x` clamped into this type's range (used for `EXACT_INT` types only).
    fn clamp_from(x: i64) -> Self;
    /// The value as an integer, if it is a whole number that fits `i64`.
    fn whole(self) -> Option<i64>;
    /// The value as it was, for messages.
    fn raw(self) -> Raw;
    /// Whether the value is a floating-point NaN.
    fn is_nan(self) -> bool {
        false
    }
}

macro_rules! int_primitive {
    ($exact:expr; $($t:ty),*) => {$(
        impl Primitive for $t {
            const EXACT_INT: bool = $exact;
            #[inline(always)]
            fn as_i64(self) -> i64 { self as i64 }
            #[inline(always)]
            fn clamp_from(x: i64) -> Self {
                if (x as i128) < (<$t>::MIN as i128) { <$t>::MIN }
                else if (x as i128) > (<$t>::MAX as i128) { <$t>::MAX }
                else { x as $t }
            }
            #[inline(always)]
            fn whole(self) -> Option<i64> { i64::try_from(self).ok() }
            fn raw(self) -> Raw { Raw::Int(self as i128) }
        }
    )*};
}
int_primitive!(true; i8, i16, i32, i64, u8, u16, u32);
int_primitive!(false; u64);

macro_rules! float_primitive {
    ($($t:ty),*) => {$(
        impl Primitive for $t {
            #[inline(always)]
            fn as_i64(self) -> i64 { self as i64 }
            fn clamp_from(x: i64) -> Self { x as $t }
            #[inline(always)]
            fn whole(self) -> Option<i64> {
                let v = self as f64;
                // -2^63 and 2^63 are exactly representable; anything at or past 2^63 does not fit i64.
                if v.fract() == 0.0 && (i64::MIN as f64..-(i64::MIN as f64)).contains(&v) {
                    Some(v as i64)
                } else {
                    None
                }
            }
            fn raw(self) -> Raw { Raw::Float(self as f64) }
            fn is_nan(self) -> bool { self.is_nan() }
        }
    )*};
}
float_primitive!(f32, f64);

impl<'a> Column<'a> {
    /// A contiguous column.
    /// A contiguous column over all of `values`, without nulls.
    pub fn new(name: &'a str, values: Values<'a>) -> Self {
        let len = values.len();
        Column { name, values, offset: 0, stride: 1, len, nulls: None }
    }

    /// The column with `nulls` (true = missing) as its null flags.
    pub fn with_nulls(mut self, nulls: Option<&'a [bool]>) -> Self {
        self.nulls = nulls;
        self
    }

    /// Check that the view lies inside its buffer and the mask has the column's length.
    pub fn check(&self) -> crate::Result<()> {
        let n = self.values.len();
        let ok = self.len == 0 || (self.stride > 0 && self.offset + (self.len - 1) * self.stride < n);
        if !ok {
            return Err(crate::Error::value(format!(
                "column {:?}: a view of {} rows (offset {}, stride {}) does not fit a buffer of {}",
                self.name, self.len, self.offset, self.stride, n
            )));
        }
        if let Some(m) = self.nulls {
            if m.len() != self.len {
                return Err(crate::Error::value(format!(
                    "column {:?}: null mask has {} rows, column has {}",
                    self.name,
                    m.len(),
                    self.len
                )));
            }
        }
        Ok(())
    }

    /// Whether the column holds floating-point values.
    pub fn is_float(&self) -> bool {
        matches!(self.values, Values::F32(_) | Values::F64(_))
    }

    /// The raw value at `row` (for messages).
    pub fn raw(&self, row: usize) -> Raw {
        let i = self.offset + row * self.stride;
        dispatch!(self.values, s => s[i].raw())
    }

    /// Whether row `row` is missing.
    pub fn is_null(&self, row: usize) -> bool {
        self.nulls.is_some_and(|m| m[row])
    }

    /// Read rows `start..start + out.len()` into `out` as integers in `lo..=hi`, with
    /// `valid[i] = false` for a missing row (its `out` is set to `lo`). When `allow_null` is
    /// false a missing row is an error. Returns the first row that is not a whole number in
    /// range (or is missing when that is not allowed).
    pub fn read_range(
        &self,
        start: usize,
        lo: i64,
        hi: i64,
        out: &mut [i64],
        valid: &mut [bool],
        allow_null: bool,
    ) -> Result<(), BadValue> {
        debug_assert_eq!(out.len(), valid.len());
        dispatch!(self.values, s => read_typed(s, self, start, lo, hi, out, valid, allow_null))
    }
}

impl Column<'_> {
    /// Add one to `counts[bases[i] + shift + value(start + i)]` for every non-missing row in
    /// `start..start + bases.len()`. The values must already be known to be whole numbers
    /// that keep every index inside `counts` (validate first); rows are read in their own type.
    pub fn count_cells(&self, start: usize, bases: &[u32], shift: i64, counts: &mut [u32]) {
        dispatch!(self.values, s => count_typed(s, self, start, bases, shift, counts))
    }

    /// `out[i] = value(start + i) - min` for rows already known to be whole numbers in
    /// `min..min + 2^32` (validate first); read in the column's own type.
    pub fn offsets_from(&self, start: usize, min: i64, out: &mut [u32]) {
        dispatch!(self.values, s => offsets_typed(s, self, start, min, out))
    }

    /// The smallest and largest value in `start..start + len` (missing rows left out), or the
    /// first value that is not a whole number.
    pub fn min_max(&self, start: usize, len: usize, allow_null: bool) -> Result<Option<(i64, i64)>, BadValue> {
        dispatch!(self.values, s => min_max_typed(s, self, start, len, allow_null))
    }

    /// The first row in `start..start + len` that is not a whole number in `lo..=hi` (or is
    /// missing when `allow_null` is false). Reads integer columns in their own type.
    pub fn first_outside(&self, start: usize, len: usize, lo: i64, hi: i64, allow_null: bool) -> Option<BadValue> {
        dispatch!(self.values, s => first_outside_typed(s, self, start, len, lo, hi, allow_null))
    }
}

#[multiversion(targets = "simd")]
fn offsets_typed<T: Primitive>(s: &[T], col: &Column<'_>, start: usize, min: i64, out: &mut [u32]) {
    let first = col.offset + start * col.stride;
    let n = out.len();
    if col.stride == 1 {
        for (o, &v) in out.iter_mut().zip(&s[first..first + n]) {
            *o = (v.as_i64() - min) as u32;
        }
    } else {
        for (i, o) in out.iter_mut().enumerate() {
            *o = (s[first + i * col.stride].as_i64() - min) as u32;
        }
    }
}

#[inline]
fn count_typed<T: Primitive>(s: &[T], col: &Column<'_>, start: usize, bases: &[u32], shift: i64, counts: &mut [u32]) {
    let n = bases.len();
    let first = col.offset + start * col.stride;
    let mask = col.nulls.map(|m| &m[start..start + n]);
    if col.stride == 1 {
        let src = &s[first..first + n];
        match mask {
            None => {
                for (&b, &v) in bases.iter().zip(src) {
                    counts[(b as i64 + shift + v.as_i64()) as usize] += 1;
                }
            }
            Some(m) => {
                for ((&b, &v), &missing) in bases.iter().zip(src).zip(m) {
                    if !missing {
                        counts[(b as i64 + shift + v.as_i64()) as usize] += 1;
                    }
                }
            }
        }
    } else {
        for (i, &b) in bases.iter().enumerate() {
            if mask.is_none_or(|m| !m[i]) {
                counts[(b as i64 + shift + s[first + i * col.stride].as_i64()) as usize] += 1;
            }
        }
    }
}

/// `lo..=hi` clamped into `T`'s range, and whether the two ranges are disjoint (then every
/// value of `T` is outside).
#[inline(always)]
fn bounds_in_type<T: Primitive>(lo: i64, hi: i64) -> (T, T, bool) {
    let (lo_t, hi_t) = (T::clamp_from(lo), T::clamp_from(hi));
    (lo_t, hi_t, lo_t.as_i64() > hi || hi_t.as_i64() < lo)
}

#[multiversion(targets = "simd")]
fn min_max_typed<T: Primitive>(
    s: &[T],
    col: &Column<'_>,
    start: usize,
    len: usize,
    allow_null: bool,
) -> Result<Option<(i64, i64)>, BadValue> {
    if T::EXACT_INT && col.stride == 1 && col.nulls.is_none() {
        let first = col.offset + start;
        let src = &s[first..first + len];
        let Some(&v0) = src.first() else { return Ok(None) };
        let (mut lo, mut hi) = (v0, v0);
        for &v in src {
            lo = if v < lo { v } else { lo };
            hi = if v > hi { v } else { hi };
        }
        return Ok(Some((lo.as_i64(), hi.as_i64())));
    }
    let mut out = vec![0i64; len];
    let mut valid = vec![true; len];
    read_typed(s, col, start, i64::MIN, i64::MAX, &mut out, &mut valid, allow_null)?;
    Ok(out
        .iter()
        .zip(&valid)
        .filter(|(_, &ok)| ok)
        .map(|(&v, _)| v)
        .fold(None, |mm, v| Some(mm.map_or((v, v), |(a, b): (i64, i64)| (a.min(v), b.max(v))))))
}

#[multiversion(targets = "simd")]
fn first_outside_typed<T: Primitive>(
    s: &[T],
    col: &Column<'_>,
    start: usize,
    len: usize,
    lo: i64,
    hi: i64,
    allow_null: bool,
) -> Option<BadValue> {
    if T::EXACT_INT && col.stride == 1 && (allow_null || col.nulls.is_none()) {
        let (lo_t, hi_t, disjoint) = bounds_in_type::<T>(lo, hi);
        let first = col.offset + start;
        let src = &s[first..first + len];
        let mut outside = disjoint as u8 & (len > 0) as u8;
        for &v in src {
            outside |= ((v < lo_t) | (v > hi_t)) as u8;
        }
        if outside == 0 {
            return None;
        }
        let mask = col.nulls.map(|m| &m[start..start + len]);
        return src.iter().enumerate().find_map(|(i, &v)| {
            let bad = disjoint || v < lo_t || v > hi_t;
            (bad && mask.is_none_or(|m| !m[i])).then(|| BadValue { row: start + i, raw: Some(v.raw()) })
        });
    }
    let mut out = vec![0i64; len];
    let mut valid = vec![true; len];
    read_typed(s, col, start, lo, hi, &mut out, &mut valid, allow_null).err()
}

impl Values<'_> {
    /// The number of values in the buffer.
    pub fn len(&self) -> usize {
        dispatch!(self, s => s.len())
    }
    /// Whether the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[allow(clippy::too_many_arguments)]
#[multiversion(targets = "simd")]
fn read_typed<T: Primitive>(
    s: &[T],
    col: &Column<'_>,
    start: usize,
    lo: i64,
    hi: i64,
    out: &mut [i64],
    valid: &mut [bool],
    allow_null: bool,
) -> Result<(), BadValue> {
    let n = out.len();
    let mut bad = false;
    let base = col.offset + start * col.stride;
    if T::EXACT_INT && col.stride == 1 {
        // The hot path: a contiguous integer column, compared in its own type so the loop
        // vectorises. Bounds outside the type's range clamp to it; when the whole range lies
        // outside, every value is out of range.
        let (lo_t, hi_t, disjoint) = bounds_in_type::<T>(lo, hi);
        let src = &s[base..base + n];
        let mut outside = disjoint as u8 & (n > 0) as u8;
        for (o, &v) in out.iter_mut().zip(src) {
            outside |= ((v < lo_t) | (v > hi_t)) as u8;
            *o = v.as_i64();
        }
        bad = outside != 0;
    } else if col.stride == 1 {
        let src = &s[base..base + n];
        for (o, &v) in out.iter_mut().zip(src) {
            let w = v.whole();
            let x = w.unwrap_or(lo);
            bad |= w.is_none() | (x < lo) | (x > hi);
            *o = x;
        }
    } else {
        for (i, o) in out.iter_mut().enumerate() {
            let w = s[base + i * col.stride].whole();
            let x = w.unwrap_or(lo);
            bad |= w.is_none() | (x < lo) | (x > hi);
            *o = x;
        }
    }
    valid.fill(true);
    // The first missing row, when missing rows are errors: reported unless a bad value
    // comes before it.
    let mut first_null = None;
    if let Some(mask) = col.nulls {
        let m = &mask[start..start + n];
        for i in 0..n {
            if m[i] {
                if !allow_null && first_null.is_none() {
                    first_null = Some(i);
                }
                valid[i] = false;
                out[i] = lo;
            }
        }
    }
    if bad {
        // Find the first offender that is not masked as missing.
        for i in 0..first_null.unwrap_or(n) {
            if !valid[i] {
                continue;
            }
            let v = s[base + i * col.stride];
            match v.whole() {
                Some(x) if x >= lo && x <= hi => {}
                _ => {
                    // A NaN in a float column with no mask is a bad value, not a missing one;
                    // masks are the only way to say "missing".
                    return Err(BadValue { row: start + i, raw: Some(v.raw()) });
                }
            }
        }
    }
    match first_null {
        Some(i) => Err(BadValue { row: start + i, raw: None }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_strided_and_reports_first_bad_row() {
        // a 3x2 row-major matrix: column 1 is [10, 11, 12]
        let buf: [i32; 6] = [1, 10, 2, 11, 3, 12];
        let col = Column { name: "b", values: Values::I32(&buf), offset: 1, stride: 2, len: 3, nulls: None };
        col.check().unwrap();
        let mut out = [0i64; 3];
        let mut valid = [false; 3];
        col.read_range(0, 10, 12, &mut out, &mut valid, false).unwrap();
        assert_eq!(out, [10, 11, 12]);
        let err = col.read_range(0, 10, 11, &mut out, &mut valid, false).unwrap_err();
        assert_eq!(err, BadValue { row: 2, raw: Some(Raw::Int(12)) });
    }

    #[test]
    fn bounds_outside_the_type_clamp() {
        let buf = [-128i8, 0, 127];
        let col = Column::new("x", Values::I8(&buf));
        let mut out = [0i64; 3];
        let mut valid = [false; 3];
        col.read_range(0, -1000, 1000, &mut out, &mut valid, false).unwrap();
        assert_eq!(out, [-128, 0, 127]);
        assert_eq!(col.read_range(0, 200, 300, &mut out, &mut valid, false).unwrap_err().row, 0);
        assert_eq!(col.read_range(0, -300, -129, &mut out, &mut valid, false).unwrap_err().row, 0);
        assert_eq!(col.read_range(0, -128, 126, &mut out, &mut valid, false).unwrap_err().row, 2);
        let big = [u32::MAX, 1];
        let col = Column::new("y", Values::U32(&big));
        assert_eq!(
            col.read_range(0, 0, 10, &mut out[..2], &mut valid[..2], false).unwrap_err().raw,
            Some(Raw::Int(u32::MAX as i128))
        );
    }

    #[test]
    fn floats_must_be_whole() {
        let buf = [1.0f64, 2.5, f64::NAN];
        let col = Column::new("x", Values::F64(&buf));
        let mut out = [0i64; 3];
        let mut valid = [false; 3];
        let err = col.read_range(0, 1, 4, &mut out, &mut valid, false).unwrap_err();
        assert_eq!(err.row, 1);
        assert_eq!(err.raw.unwrap().to_string(), "2.5");
        let err = col.read_range(2, 1, 4, &mut out[..1], &mut valid[..1], false).unwrap_err();
        assert_eq!(err.raw.unwrap().to_string(), "NaN");
    }

    #[test]
    fn masks_are_missing_values() {
        let buf = [1u8, 200, 3];
        let mask = [false, true, false];
        let col = Column::new("x", Values::U8(&buf)).with_nulls(Some(&mask));
        let mut out = [0i64; 3];
        let mut valid = [false; 3];
        col.read_range(0, 1, 4, &mut out, &mut valid, true).unwrap();
        assert_eq!(valid, [true, false, true]);
        let err = col.read_range(0, 1, 4, &mut out, &mut valid, false).unwrap_err();
        assert_eq!(err, BadValue { row: 1, raw: None });
        // a bad value before the first missing one is the one reported (issue 9 item 13)
        let buf = [9u8, 0, 3, 200];
        let mask = [false, true, false, false];
        let col = Column::new("x", Values::U8(&buf)).with_nulls(Some(&mask));
        let (mut out, mut valid) = ([0i64; 4], [false; 4]);
        let err = col.read_range(0, 1, 4, &mut out, &mut valid, false).unwrap_err();
        assert_eq!(err, BadValue { row: 0, raw: Some(Raw::Int(9)) });
        let buf = [2.0f64, f64::NAN, 7.0];
        let col = Column::new("y", Values::F64(&buf)).with_nulls(Some(&mask[..3]));
        let err = col.read_range(0, 1, 4, &mut out[..3], &mut valid[..3], false).unwrap_err();
        assert_eq!(err, BadValue { row: 1, raw: None });
    }

    #[test]
    fn views_outside_their_buffer_are_rejected() {
        let buf = [1i64, 2, 3];
        let col = Column { name: "x", values: Values::I64(&buf), offset: 1, stride: 2, len: 2, nulls: None };
        assert!(col.check().is_err());
    }
}
