//! Borrowed, typed views of numeric columns: what the kernels read. A column is a slice of one
//! primitive type with an offset and a stride, so a column of a row-major matrix is read where
//! it lies, without a copy, as is a contiguous Arrow or numpy buffer. An optional null mask
//! (`true` = missing) travels beside it.

/// The values of one column, borrowed.
#[derive(Clone, Copy, Debug)]
pub enum Values<'a> {
    I8(&'a [i8]),
    I16(&'a [i16]),
    I32(&'a [i32]),
    I64(&'a [i64]),
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
    U64(&'a [u64]),
    F32(&'a [f32]),
    F64(&'a [f64]),
}

/// One value read from a column, as it was (for error messages).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Raw {
    Int(i128),
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
    pub name: &'a str,
    pub values: Values<'a>,
    pub offset: usize,
    pub stride: usize,
    pub len: usize,
    /// `nulls[i]` is true when row `i` is missing.
    pub nulls: Option<&'a [bool]>,
}

/// Why a value could not be read as an integer in range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BadValue {
    pub row: usize,
    pub raw: Option<Raw>, // None: the value is missing
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
pub trait Primitive: Copy + Send + Sync {
    /// The value as an integer, if it is a whole number that fits `i64`.
    fn whole(self) -> Option<i64>;
    fn raw(self) -> Raw;
    fn is_nan(self) -> bool {
        false
    }
}

macro_rules! int_primitive {
    ($($t:ty),*) => {$(
        impl Primitive for $t {
            #[inline(always)]
            fn whole(self) -> Option<i64> { i64::try_from(self).ok() }
            fn raw(self) -> Raw { Raw::Int(self as i128) }
        }
    )*};
}
int_primitive!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_primitive {
    ($($t:ty),*) => {$(
        impl Primitive for $t {
            #[inline(always)]
            fn whole(self) -> Option<i64> {
                let v = self as f64;
                // 2^63 is exactly representable; anything at or past it does not fit i64.
                if v.fract() == 0.0 && v >= -9.223_372_036_854_775_808e18 && v < 9.223_372_036_854_775_808e18 {
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
    pub fn new(name: &'a str, values: Values<'a>) -> Self {
        let len = values.len();
        Column { name, values, offset: 0, stride: 1, len, nulls: None }
    }

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

    pub fn is_float(&self) -> bool {
        matches!(self.values, Values::F32(_) | Values::F64(_))
    }

    /// The raw value at `row` (for messages).
    pub fn raw(&self, row: usize) -> Raw {
        let i = self.offset + row * self.stride;
        dispatch!(self.values, s => s[i].raw())
    }

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

impl Values<'_> {
    pub fn len(&self) -> usize {
        dispatch!(self, s => s.len())
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[allow(clippy::too_many_arguments)]
#[inline]
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
    if col.stride == 1 {
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
    if let Some(mask) = col.nulls {
        let m = &mask[start..start + n];
        for i in 0..n {
            if m[i] {
                if !allow_null {
                    return Err(BadValue { row: start + i, raw: None });
                }
                valid[i] = false;
                out[i] = lo;
            }
        }
    }
    if bad {
        // Find the first offender that is not masked as missing.
        for i in 0..n {
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
    Ok(())
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
    }

    #[test]
    fn views_outside_their_buffer_are_rejected() {
        let buf = [1i64, 2, 3];
        let col = Column { name: "x", values: Values::I64(&buf), offset: 1, stride: 2, len: 2, nulls: None };
        assert!(col.check().is_err());
    }
}
