//! Columns held for reading for the length of a call, and read as the core's column views
//! without a copy: numpy arrays (strided ones in place) and Arrow arrays (see `arrow.rs`).

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::ArrayRef;
use arrow_schema::DataType;
use numpy::{PyReadonlyArray1, PyUntypedArrayMethods};
use pyo3::prelude::*;

use super::arrow;

use crate::column::{Column, Values};
use crate::error::Error;

use super::to_pyerr;

/// A numpy or Arrow array held for reading, of any supported numeric type.
enum Held<'py> {
    /// An Arrow array of a numeric type, with its nulls as one flag per row.
    Arrow(ArrayRef, Option<Vec<bool>>),
    I8(PyReadonlyArray1<'py, i8>),
    I16(PyReadonlyArray1<'py, i16>),
    I32(PyReadonlyArray1<'py, i32>),
    I64(PyReadonlyArray1<'py, i64>),
    U8(PyReadonlyArray1<'py, u8>),
    U16(PyReadonlyArray1<'py, u16>),
    U32(PyReadonlyArray1<'py, u32>),
    U64(PyReadonlyArray1<'py, u64>),
    F32(PyReadonlyArray1<'py, f32>),
    F64(PyReadonlyArray1<'py, f64>),
}

impl<'py> Held<'py> {
    fn new(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Self> {
        macro_rules! try_as {
            ($($var:ident: $t:ty),*) => {$(
                if let Ok(a) = obj.extract::<PyReadonlyArray1<'py, $t>>() {
                    return Ok(Held::$var(a));
                }
            )*};
        }
        try_as!(I8: i8, I16: i16, I32: i32, I64: i64, U8: u8, U16: u16, U32: u32, U64: u64, F32: f32, F64: f64);
        if arrow::is_arrow(obj)? {
            let array = arrow::import_array(obj, name)?;
            use DataType::*;
            if !matches!(
                array.data_type(),
                Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 | UInt64 | Float32 | Float64
            ) {
                return Err(Error::type_error(format!(
                    "column {name:?}: expected a numeric Arrow array, got Arrow type {}",
                    array.data_type()
                ))
                .into());
            }
            let nulls = arrow::null_flags(&array);
            return Ok(Held::Arrow(array, nulls));
        }
        Err(to_pyerr(Error::type_error(format!(
            "column {name:?}: expected a 1-D numeric numpy array in native byte order or an Arrow array, got {}",
            obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()
        ))))
    }

    /// A column view of the array, reading strided arrays in place.
    fn column<'a>(&'a self, name: &'a str) -> PyResult<Column<'a>> {
        macro_rules! view {
            ($a:expr, $var:ident) => {{
                let v = $a.as_array();
                let len = v.len();
                // numpy's own strides, in bytes: rust-numpy divides them by the item size, which
                // reads the wrong bytes when they are not a multiple of it (a record field).
                let bytes = $a.strides()[0];
                let item = item_size(v.as_ptr()) as isize;
                if len > 1 && (bytes <= 0 || bytes % item != 0) || !v.as_ptr().is_aligned() {
                    return Err(to_pyerr(Error::type_error(format!(
                        "column {name:?}: a stride of {bytes} bytes (items of {item} bytes, aligned: {}) cannot be \
                         read in place; pass a copy (numpy.ascontiguousarray)",
                        v.as_ptr().is_aligned()
                    ))));
                }
                let stride = if len > 1 { (bytes / item) as usize } else { 1 };
                let span = if len == 0 { 0 } else { (len - 1) * stride + 1 };
                // SAFETY: the array is borrowed read-only for 'a, its data pointer is aligned,
                // and every element of the view lies in `ptr..ptr + span` because the stride is
                // a positive whole number of items.
                let slice = unsafe { std::slice::from_raw_parts(v.as_ptr(), span) };
                Column { name, values: Values::$var(slice), offset: 0, stride, len, nulls: None }
            }};
        }
        macro_rules! arrow_view {
            ($a:expr, $t:ty, $var:ident) => {{
                let values = $a.as_primitive::<$t>().values();
                Column::new(name, Values::$var(values))
            }};
        }
        Ok(match self {
            Held::Arrow(a, nulls) => {
                let col = match a.data_type() {
                    DataType::Int8 => arrow_view!(a, Int8Type, I8),
                    DataType::Int16 => arrow_view!(a, Int16Type, I16),
                    DataType::Int32 => arrow_view!(a, Int32Type, I32),
                    DataType::Int64 => arrow_view!(a, Int64Type, I64),
                    DataType::UInt8 => arrow_view!(a, UInt8Type, U8),
                    DataType::UInt16 => arrow_view!(a, UInt16Type, U16),
                    DataType::UInt32 => arrow_view!(a, UInt32Type, U32),
                    DataType::UInt64 => arrow_view!(a, UInt64Type, U64),
                    DataType::Float32 => arrow_view!(a, Float32Type, F32),
                    DataType::Float64 => arrow_view!(a, Float64Type, F64),
                    t => unreachable!("checked when held: {t}"),
                };
                col.with_nulls(nulls.as_deref())
            }
            Held::I8(a) => view!(a, I8),
            Held::I16(a) => view!(a, I16),
            Held::I32(a) => view!(a, I32),
            Held::I64(a) => view!(a, I64),
            Held::U8(a) => view!(a, U8),
            Held::U16(a) => view!(a, U16),
            Held::U32(a) => view!(a, U32),
            Held::U64(a) => view!(a, U64),
            Held::F32(a) => view!(a, F32),
            Held::F64(a) => view!(a, F64),
        })
    }
}

/// Arrays and masks held for the duration of a call.
pub(crate) struct HeldColumns<'py> {
    names: Vec<String>,
    arrays: Vec<Held<'py>>,
    masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
}

impl<'py> HeldColumns<'py> {
    pub(crate) fn new(
        names: Vec<String>,
        arrays: Vec<Bound<'py, PyAny>>,
        masks: Vec<Option<PyReadonlyArray1<'py, bool>>>,
    ) -> PyResult<Self> {
        if names.len() != arrays.len() || masks.len() != arrays.len() {
            return Err(to_pyerr(Error::value("columns: names, arrays and masks differ in length")));
        }
        let arrays = arrays.iter().zip(&names).map(|(a, n)| Held::new(a, n)).collect::<PyResult<Vec<_>>>()?;
        Ok(HeldColumns { names, arrays, masks })
    }

    pub(crate) fn columns(&self) -> PyResult<Vec<Column<'_>>> {
        self.arrays
            .iter()
            .zip(&self.names)
            .zip(&self.masks)
            .map(|((a, n), m)| {
                let col = a.column(n)?;
                match m {
                    Some(m) => Ok(col.with_nulls(Some(m.as_slice().map_err(|_| {
                        to_pyerr(Error::type_error(format!("column {n:?}: the null mask must be contiguous")))
                    })?))),
                    None => Ok(col), // an Arrow array's own nulls, if any
                }
            })
            .collect()
    }
}

/// The size in bytes of the items `_ptr` points to.
fn item_size<T>(_ptr: *const T) -> usize {
    size_of::<T>()
}
