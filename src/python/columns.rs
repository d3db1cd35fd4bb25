//! One typed column input for every binding. A column comes from Python as
//! - anything speaking the Arrow PyCapsule interface (`__arrow_c_array__`/`__arrow_c_stream__`:
//!   pyarrow arrays, polars Series, pandas' Arrow-backed columns), imported without a copy,
//!   numbers, booleans, strings (`Utf8`, `LargeUtf8`, `Utf8View`, dictionary-encoded) and the
//!   `Null` type alike;
//! - a numeric numpy array, read in place (strided ones too);
//! - a list or tuple, or a numpy array of objects, strings or booleans, read element by element
//!   here, keeping Python's types apart: `1`, `True`, `1.0` and `"1"` are values of four kinds,
//!   and a column mixing kinds is an error naming the first row of the odd kind. `None`, a float
//!   NaN, `pandas.NA` and `pandas.NaT` are missing values.
//!
//! Whatever the source, the column is a [`PyColumn`] of one [`Kind`] with its validity, which the
//! bindings view as numbers ([`PyColumn::numbers`]), strings ([`PyColumn::strings`]) or an Arrow
//! array ([`PyColumn::array`]).

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, LargeStringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{new_null_array, Array, ArrayRef, PrimitiveArray};
use arrow_schema::DataType;
use numpy::{PyArrayDescrMethods, PyReadonlyArray1, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use super::arrow;
use crate::column::{Column, Values};
use crate::error::Error;

/// What the values of a column are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// No value at all: every row missing (Arrow's `Null` type, or a list of `None`).
    Null,
    /// Booleans.
    Bool,
    /// Integers.
    Int,
    /// Floating-point numbers.
    Float,
    /// Strings.
    Str,
}

impl Kind {
    /// The Python type of a value of the kind.
    fn python(self) -> &'static str {
        match self {
            Kind::Null => "NoneType",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::Str => "str",
        }
    }

    /// The kind's name as Python's `read_column` returns it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "bool",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::Str => "str",
        }
    }
}

/// How a column of Python objects is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Every kind apart (codes: `1`, `1.0`, `True` and `"1"` are four different values).
    Exact,
    /// Integers and floats together read as floats (weights, scores); the others apart.
    Numbers,
    /// Strings only: any other value is an error naming its row.
    Strings,
}

/// One column read from Python: a numeric numpy array held in place, or an Arrow array
/// (imported, or built here from Python objects) with its nulls.
pub(crate) enum PyColumn<'py> {
    /// An Arrow array, with its missing rows as one flag per row (None: none missing).
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

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    let t = obj.get_type();
    let module = t.module().map(|m| m.to_string()).unwrap_or_default();
    let name = t.name().map(|n| n.to_string()).unwrap_or_default();
    if module.is_empty() || module == "builtins" {
        name
    } else {
        format!("{module}.{name}")
    }
}

impl<'py> PyColumn<'py> {
    /// Read the column `obj`; `label` starts every error message (`lookup: column "pct"`).
    pub(crate) fn read(obj: &Bound<'py, PyAny>, label: &str, mode: Mode) -> PyResult<Self> {
        macro_rules! try_as {
            ($($var:ident: $t:ty),*) => {$(
                if let Ok(a) = obj.extract::<PyReadonlyArray1<'py, $t>>() {
                    return Ok(PyColumn::$var(a));
                }
            )*};
        }
        try_as!(I8: i8, I16: i16, I32: i32, I64: i64, U8: u8, U16: u16, U32: u32, U64: u64, F32: f32, F64: f64);
        if arrow::is_arrow(obj)? {
            let array = arrow::import_array(obj, label)?;
            let column = PyColumn::from_arrow(array);
            column.arrow_kind(label)?;
            return Ok(column);
        }
        if let Ok(a) = obj.cast::<PyUntypedArray>() {
            if a.ndim() != 1 {
                return Err(Error::value(format!("{label}: expected a 1-D array, got shape {:?}", a.shape())).into());
            }
            let kind = a.dtype().kind();
            if !matches!(kind, b'O' | b'U' | b'b') || !a.dtype().is_native_byteorder().unwrap_or(true) {
                return Err(Error::type_error(format!(
                    "{label}: a numpy array of {} cannot be read (expected numbers, booleans, strings or Python objects)",
                    a.dtype()
                ))
                .into());
            }
            let items = obj.call_method0(intern!(obj.py(), "tolist"))?;
            return PyColumn::from_objects(&items, label, mode);
        }
        if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyDict>() {
            return Err(Error::type_error(format!(
                "{label}: expected a column (a list, a numpy array, a Series or an Arrow array), got {}",
                type_name(obj)
            ))
            .into());
        }
        PyColumn::from_objects(obj, label, mode)
    }

    fn from_arrow(array: ArrayRef) -> Self {
        let nulls = arrow::null_flags(&array);
        PyColumn::Arrow(array, nulls)
    }

    /// The kind of an Arrow column, or a type error for an Arrow type no binding reads.
    fn arrow_kind(&self, label: &str) -> PyResult<Kind> {
        let PyColumn::Arrow(a, _) = self else { return Ok(self.kind()) };
        fn of(t: &DataType) -> Option<Kind> {
            use DataType::*;
            Some(match t {
                Null => Kind::Null,
                Boolean => Kind::Bool,
                Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 | UInt64 => Kind::Int,
                Float32 | Float64 => Kind::Float,
                Utf8 | LargeUtf8 | Utf8View => Kind::Str,
                Dictionary(_, v) if matches!(**v, Utf8 | LargeUtf8 | Utf8View) => Kind::Str,
                _ => return None,
            })
        }
        of(a.data_type()).ok_or_else(|| {
            Error::type_error(format!(
                "{label}: Arrow type {} cannot be read (expected integers, floats, booleans or strings)",
                a.data_type()
            ))
            .into()
        })
    }

    /// What the column holds.
    pub(crate) fn kind(&self) -> Kind {
        match self {
            PyColumn::Arrow(a, _) => match a.data_type() {
                DataType::Null => Kind::Null,
                DataType::Boolean => Kind::Bool,
                DataType::Float32 | DataType::Float64 => Kind::Float,
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Dictionary(_, _) => Kind::Str,
                _ => Kind::Int,
            },
            PyColumn::F32(_) | PyColumn::F64(_) => Kind::Float,
            _ => Kind::Int,
        }
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        match self {
            PyColumn::Arrow(a, _) => a.len(),
            PyColumn::I8(a) => a.len(),
            PyColumn::I16(a) => a.len(),
            PyColumn::I32(a) => a.len(),
            PyColumn::I64(a) => a.len(),
            PyColumn::U8(a) => a.len(),
            PyColumn::U16(a) => a.len(),
            PyColumn::U32(a) => a.len(),
            PyColumn::U64(a) => a.len(),
            PyColumn::F32(a) => a.len(),
            PyColumn::F64(a) => a.len(),
        }
    }

    /// The missing rows, one flag per row (None: none missing).
    pub(crate) fn nulls(&self) -> Option<&[bool]> {
        match self {
            PyColumn::Arrow(_, n) => n.as_deref(),
            _ => None,
        }
    }

    /// A column of no value as missing integers (what a column of missing scores is).
    pub(crate) fn null_as_ints(self) -> Self {
        match self {
            PyColumn::Arrow(a, _) if a.data_type() == &DataType::Null => {
                PyColumn::from_arrow(new_null_array(&DataType::Int64, a.len()))
            }
            other => other,
        }
    }

    /// A view of a numeric column for the core, reading numpy arrays (strided ones too) in
    /// place; `name` is the column's name in the core's messages.
    pub(crate) fn numbers<'a>(&'a self, name: &'a str) -> PyResult<Column<'a>> {
        macro_rules! view {
            ($a:expr, $var:ident) => {{
                let v = $a.as_array();
                let len = v.len();
                // numpy's own strides, in bytes: rust-numpy divides them by the item size, which
                // reads the wrong bytes when they are not a multiple of it (a record field).
                let bytes = $a.strides()[0];
                let item = item_size(v.as_ptr()) as isize;
                if len > 1 && (bytes <= 0 || bytes % item != 0) || !v.as_ptr().is_aligned() {
                    return Err(Error::type_error(format!(
                        "column {name:?}: a stride of {bytes} bytes (items of {item} bytes, aligned: {}) cannot be \
                         read in place; pass a copy (numpy.ascontiguousarray)",
                        v.as_ptr().is_aligned()
                    ))
                    .into());
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
            ($a:expr, $t:ty, $var:ident) => {
                Column::new(name, Values::$var($a.as_primitive::<$t>().values()))
            };
        }
        Ok(match self {
            PyColumn::Arrow(a, nulls) => {
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
                    t => {
                        return Err(Error::type_error(format!(
                            "column {name:?}: expected a numeric Arrow array, got Arrow type {t}"
                        ))
                        .into())
                    }
                };
                col.with_nulls(nulls.as_deref())
            }
            PyColumn::I8(a) => view!(a, I8),
            PyColumn::I16(a) => view!(a, I16),
            PyColumn::I32(a) => view!(a, I32),
            PyColumn::I64(a) => view!(a, I64),
            PyColumn::U8(a) => view!(a, U8),
            PyColumn::U16(a) => view!(a, U16),
            PyColumn::U32(a) => view!(a, U32),
            PyColumn::U64(a) => view!(a, U64),
            PyColumn::F32(a) => view!(a, F32),
            PyColumn::F64(a) => view!(a, F64),
        })
    }

    /// The strings of a column of strings (or of no value), `None` where missing; any other
    /// kind is a type error naming the first row holding a value.
    pub(crate) fn strings(&self, label: &str) -> PyResult<Vec<Option<&str>>> {
        let wrong = || -> PyErr {
            let first = (0..self.len()).find(|&i| !self.nulls().is_some_and(|n| n[i])).unwrap_or(0);
            Error::type_error(format!(
                "{label}, row {first}: expected strings, got a column of {}s",
                self.kind().name()
            ))
            .into()
        };
        let PyColumn::Arrow(a, nulls) = self else { return Err(wrong()) };
        let wrong_arrow = || -> PyErr {
            let first = (0..self.len()).find(|&i| !self.nulls().is_some_and(|n| n[i])).unwrap_or(0);
            Error::type_error(format!("{label}, row {first}: expected strings, got Arrow type {}", arrow_type(a)))
                .into()
        };
        let valid = |i: usize| !nulls.as_ref().is_some_and(|n| n[i]);
        let mut out: Vec<Option<&str>> = match a.data_type() {
            DataType::Null => vec![None; a.len()],
            DataType::Utf8 => a.as_string::<i32>().iter().collect(),
            DataType::LargeUtf8 => a.as_string::<i64>().iter().collect(),
            DataType::Utf8View => a.as_string_view().iter().collect(),
            DataType::Dictionary(_, v) => {
                let d = a.as_any_dictionary();
                let values = d.values();
                let words: Vec<Option<&str>> = match **v {
                    DataType::Utf8 => values.as_string::<i32>().iter().collect(),
                    DataType::LargeUtf8 => values.as_string::<i64>().iter().collect(),
                    DataType::Utf8View => values.as_string_view().iter().collect(),
                    _ => return Err(wrong_arrow()),
                };
                d.normalized_keys().into_iter().map(|k| words.get(k).copied().flatten()).collect()
            }
            _ => return Err(wrong_arrow()),
        };
        for (i, s) in out.iter_mut().enumerate() {
            if !valid(i) {
                *s = None;
            }
        }
        Ok(out)
    }

    /// The column as one Arrow array (numpy arrays copied).
    pub(crate) fn array(&self) -> ArrayRef {
        macro_rules! copy {
            ($a:expr, $t:ty) => {
                Arc::new(PrimitiveArray::<$t>::from_iter_values($a.as_array().iter().copied())) as ArrayRef
            };
        }
        match self {
            PyColumn::Arrow(a, _) => a.clone(),
            PyColumn::I8(a) => copy!(a, Int8Type),
            PyColumn::I16(a) => copy!(a, Int16Type),
            PyColumn::I32(a) => copy!(a, Int32Type),
            PyColumn::I64(a) => copy!(a, Int64Type),
            PyColumn::U8(a) => copy!(a, UInt8Type),
            PyColumn::U16(a) => copy!(a, UInt16Type),
            PyColumn::U32(a) => copy!(a, UInt32Type),
            PyColumn::U64(a) => copy!(a, UInt64Type),
            PyColumn::F32(a) => copy!(a, Float32Type),
            PyColumn::F64(a) => copy!(a, Float64Type),
        }
    }

    /// A column of Python objects (a list, a tuple, any iterable), read element by element.
    fn from_objects(obj: &Bound<'py, PyAny>, label: &str, mode: Mode) -> PyResult<Self> {
        let cells: Vec<Cell<'py>> = if let Ok(list) = obj.cast::<PyList>() {
            list.iter().enumerate().map(|(i, x)| Cell::of(&x, i, label)).collect::<PyResult<_>>()?
        } else if let Ok(tuple) = obj.cast::<PyTuple>() {
            tuple.iter().enumerate().map(|(i, x)| Cell::of(&x, i, label)).collect::<PyResult<_>>()?
        } else {
            let iter = obj.try_iter().map_err(|_| {
                PyErr::from(Error::type_error(format!(
                    "{label}: expected a column (a list, a numpy array, a Series or an Arrow array), got {}",
                    type_name(obj)
                )))
            })?;
            let mut cells = Vec::new();
            for (i, x) in iter.enumerate() {
                cells.push(Cell::of(&x?, i, label)?);
            }
            cells
        };
        let array = build(&cells, label, mode)?;
        Ok(PyColumn::from_arrow(array))
    }
}

/// One Python value of a column, classified.
enum Cell<'py> {
    Missing,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Bound<'py, PyString>),
}

impl<'py> Cell<'py> {
    fn of(x: &Bound<'py, PyAny>, row: usize, label: &str) -> PyResult<Self> {
        if x.is_none() {
            return Ok(Cell::Missing);
        }
        if x.is_instance_of::<PyBool>() {
            return Ok(Cell::Bool(x.is_truthy()?));
        }
        if x.is_instance_of::<PyInt>() {
            return match x.extract::<i64>() {
                Ok(v) => Ok(Cell::Int(v)),
                Err(_) => Err(Error::value(format!("{label}, row {row}: {} does not fit 64 bits", x.repr()?)).into()),
            };
        }
        if x.is_instance_of::<PyFloat>() {
            let v: f64 = x.extract()?;
            return Ok(if v.is_nan() { Cell::Missing } else { Cell::Float(v) });
        }
        if let Ok(s) = x.cast::<PyString>() {
            return Ok(Cell::Str(s.clone()));
        }
        let t = x.get_type();
        let name = t.name()?;
        if name == "NAType" || name == "NaTType" {
            return Ok(Cell::Missing);
        }
        // numpy scalars that are not subclasses of Python's (bool_, the sized ints and floats)
        if let Ok(kind) = x.getattr(intern!(x.py(), "dtype")).and_then(|d| d.getattr(intern!(x.py(), "kind"))) {
            match kind.extract::<String>().as_deref() {
                Ok("b") => return Ok(Cell::Bool(x.is_truthy()?)),
                Ok("i" | "u") => {
                    return match x.extract::<i64>() {
                        Ok(v) => Ok(Cell::Int(v)),
                        Err(_) => {
                            Err(Error::value(format!("{label}, row {row}: {} does not fit 64 bits", x.repr()?)).into())
                        }
                    }
                }
                Ok("f") => {
                    let v: f64 = x.extract()?;
                    return Ok(if v.is_nan() { Cell::Missing } else { Cell::Float(v) });
                }
                _ => {}
            }
        }
        Err(Error::type_error(format!(
            "{label}, row {row}: {} (of type {}) is not a number, a boolean or a string",
            x.repr()?,
            type_name(x)
        ))
        .into())
    }

    fn kind(&self) -> Option<Kind> {
        Some(match self {
            Cell::Missing => return None,
            Cell::Bool(_) => Kind::Bool,
            Cell::Int(_) => Kind::Int,
            Cell::Float(_) => Kind::Float,
            Cell::Str(_) => Kind::Str,
        })
    }

    fn show(&self) -> String {
        match self {
            Cell::Missing => "None".into(),
            Cell::Bool(b) => if *b { "True" } else { "False" }.into(),
            Cell::Int(v) => v.to_string(),
            Cell::Float(v) => format!("{v:?}"),
            Cell::Str(s) => s.repr().map(|r| r.to_string()).unwrap_or_default(),
        }
    }
}

/// The Arrow array of classified cells: one kind (ints and floats together as floats in
/// `Mode::Numbers`), else a type error naming the first row of another kind.
fn build(cells: &[Cell<'_>], label: &str, mode: Mode) -> PyResult<ArrayRef> {
    let first = cells.iter().position(|c| c.kind().is_some());
    let Some(first) = first else { return Ok(Arc::new(arrow_array::NullArray::new(cells.len()))) };
    if mode == Mode::Strings {
        if let Some(row) = cells.iter().position(|c| !matches!(c, Cell::Str(_) | Cell::Missing)) {
            return Err(Error::type_error(format!("{label}, row {row}: {} is not a string", cells[row].show())).into());
        }
    }
    let mut kind = cells[first].kind().expect("a value");
    let numeric = |k: Kind| matches!(k, Kind::Int | Kind::Float);
    for (row, c) in cells.iter().enumerate().skip(first + 1) {
        let Some(k) = c.kind() else { continue };
        if k == kind {
            continue;
        }
        if mode == Mode::Numbers && numeric(k) && numeric(kind) {
            kind = Kind::Float;
            continue;
        }
        return Err(Error::type_error(format!(
            "{label}, row {row}: {} is of type {} but the column's first value ({}, row {first}) is of type {}; {}",
            c.show(),
            k.python(),
            cells[first].show(),
            cells[first].kind().expect("a value").python(),
            if mode == Mode::Numbers {
                "weights must be numbers (and scores integers)"
            } else {
                "a column holds values of one kind (all strings, all integers, all floats or all booleans)"
            }
        ))
        .into());
    }
    Ok(match kind {
        Kind::Bool => {
            let mut b = BooleanBuilder::with_capacity(cells.len());
            cells.iter().for_each(|c| b.append_option(if let Cell::Bool(v) = c { Some(*v) } else { None }));
            Arc::new(b.finish())
        }
        Kind::Int => {
            let mut b = Int64Builder::with_capacity(cells.len());
            cells.iter().for_each(|c| b.append_option(if let Cell::Int(v) = c { Some(*v) } else { None }));
            Arc::new(b.finish())
        }
        Kind::Float => {
            let mut b = Float64Builder::with_capacity(cells.len());
            cells.iter().for_each(|c| {
                b.append_option(match c {
                    Cell::Float(v) => Some(*v),
                    Cell::Int(v) => Some(*v as f64),
                    _ => None,
                })
            });
            Arc::new(b.finish())
        }
        Kind::Str => {
            let mut b = LargeStringBuilder::with_capacity(cells.len(), 0);
            for (row, c) in cells.iter().enumerate() {
                match c {
                    Cell::Str(s) => b.append_value(s.to_str().map_err(|_| {
                        PyErr::from(Error::value(format!(
                            "{label}, row {row}: {} cannot be encoded as UTF-8 (a lone surrogate); decode the source \
                             with errors='replace' or remove it",
                            c.show()
                        )))
                    })?),
                    _ => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        Kind::Null => unreachable!("a value was found"),
    })
}

/// An Arrow type as pyarrow writes it (`int64`, `bool`...), for messages.
pub(crate) fn arrow_type(a: &dyn Array) -> String {
    match a.data_type() {
        DataType::Boolean => "bool".into(),
        DataType::Float32 => "float".into(),
        DataType::Float64 => "double".into(),
        t => t.to_string().to_lowercase(),
    }
}

/// The size in bytes of the items `_ptr` points to.
fn item_size<T>(_ptr: *const T) -> usize {
    size_of::<T>()
}

type ReadOut<'py> = (&'static str, Bound<'py, PyAny>, Option<Bound<'py, numpy::PyArray1<bool>>>);

/// Read one column as the bindings do: `(kind, values, mask)`, `kind` one of `"null"`,
/// `"bool"`, `"int"`, `"float"`, `"str"`; `values` a numpy array (bool, int64 or float64; 0
/// where missing), a list of strings (None where missing) or None (kind `"null"`); `mask` True
/// where missing, or None when nothing is. `numbers=True` reads integers and floats mixed in a
/// list as floats. Errors name `label` and the row.
#[pyfunction]
#[pyo3(signature = (column, label, numbers=false))]
pub(super) fn read_column<'py>(
    py: Python<'py>,
    column: &Bound<'py, PyAny>,
    label: &str,
    numbers: bool,
) -> PyResult<ReadOut<'py>> {
    use numpy::PyArray1;
    let col = PyColumn::read(column, label, if numbers { Mode::Numbers } else { Mode::Exact })?;
    let kind = col.kind();
    let mask = col.nulls().filter(|n| n.iter().any(|&m| m)).map(|n| PyArray1::from_slice(py, n));
    let values: Bound<'py, PyAny> = match kind {
        Kind::Null => py.None().into_bound(py),
        Kind::Str => col.strings(label)?.into_pyobject(py)?.into_any(),
        Kind::Bool => {
            let a = col.array();
            let b = a.as_boolean();
            PyArray1::from_iter(py, (0..b.len()).map(|i| b.is_valid(i) && b.value(i))).into_any()
        }
        Kind::Int | Kind::Float => {
            let view = col.numbers(label)?;
            let n = view.len;
            macro_rules! out {
                ($s:expr, $t:ty) => {{
                    let s = $s;
                    PyArray1::from_iter(py, (0..n).map(|i| s[view.offset + i * view.stride] as $t)).into_any()
                }};
            }
            match (kind, view.values) {
                (Kind::Float, Values::F32(s)) => out!(s, f64),
                (Kind::Float, Values::F64(s)) => out!(s, f64),
                (_, Values::I8(s)) => out!(s, i64),
                (_, Values::I16(s)) => out!(s, i64),
                (_, Values::I32(s)) => out!(s, i64),
                (_, Values::I64(s)) => out!(s, i64),
                (_, Values::U8(s)) => out!(s, i64),
                (_, Values::U16(s)) => out!(s, i64),
                (_, Values::U32(s)) => out!(s, i64),
                (_, Values::U64(s)) => {
                    let at = |i: usize| s[view.offset + i * view.stride];
                    if let Some(i) = (0..n).find(|&i| at(i) > i64::MAX as u64) {
                        return Err(Error::value(format!("{label}, row {i}: {} does not fit 64 bits", at(i))).into());
                    }
                    out!(s, i64)
                }
                (_, v) => unreachable!("a float column of kind {kind:?}: {v:?}"),
            }
        }
    };
    Ok((kind.name(), values, mask))
}
