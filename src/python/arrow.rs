//! Columns handed over through the Arrow PyCapsule interface (`__arrow_c_array__` or
//! `__arrow_c_stream__`), imported with arrow-rs's C data interface without copying the values:
//! polars Series, pyarrow arrays and pandas' Arrow-backed columns all arrive this way.

use arrow_array::ffi::{from_ffi, from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use std::sync::Arc;

use arrow_array::{make_array, new_empty_array, Array, ArrayRef, NullArray};
use arrow_schema::{DataType, Field};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::error::Error;

/// Whether `obj` speaks the Arrow PyCapsule interface for one column.
pub(crate) fn is_arrow(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.hasattr("__arrow_c_array__")? || obj.hasattr("__arrow_c_stream__")?)
}

/// The one Arrow array of the column `obj` (`name` for errors). A stream must hold at most one
/// chunk (the caller combines chunks, where that is a copy, before handing them over).
pub(crate) fn import_array(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<ArrayRef> {
    let ffi_error = |e: arrow_schema::ArrowError| Error::type_error(format!("column {name:?}: {e}"));
    if obj.hasattr("__arrow_c_array__")? {
        let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) =
            obj.call_method0("__arrow_c_array__")?.extract().map_err(|_| {
                Error::type_error(format!("column {name:?}: __arrow_c_array__ did not return two capsules"))
            })?;
        let schema_ptr = schema.pointer_checked(Some(c"arrow_schema"))?;
        let array_ptr = array.pointer_checked(Some(c"arrow_array"))?;
        // SAFETY: capsules named "arrow_schema" and "arrow_array" hold an ArrowSchema and an
        // ArrowArray (the Arrow PyCapsule interface). The schema is only borrowed; `from_raw`
        // moves the array out and leaves a released one behind, which the capsule's destructor
        // then ignores. The imported array keeps the producer's buffers alive until dropped.
        let (array, schema) = unsafe {
            let schema = &*schema_ptr.as_ptr().cast::<FFI_ArrowSchema>();
            (FFI_ArrowArray::from_raw(array_ptr.as_ptr().cast::<FFI_ArrowArray>()), schema)
        };
        if schema.format() == "n" {
            return Ok(null_array(&array));
        }
        // SAFETY: as above: `array` and `schema` come from the capsules of one column.
        let data = unsafe { from_ffi(array, schema) }.map_err(ffi_error)?;
        return Ok(make_array(data));
    }
    let capsule = obj
        .call_method0("__arrow_c_stream__")?
        .cast_into::<PyCapsule>()
        .map_err(|_| Error::type_error(format!("column {name:?}: __arrow_c_stream__ did not return a capsule")))?;
    let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: the capsule named "arrow_array_stream" holds an ArrowArrayStream; `from_raw`
    // moves it out (the capsule keeps a released one), and dropping `stream` releases it.
    let mut stream = unsafe { FFI_ArrowArrayStream::from_raw(ptr.as_ptr().cast::<FFI_ArrowArrayStream>()) };
    let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
        return Err(Error::type_error(format!("column {name:?}: the Arrow stream is already released")).into());
    };
    let mut schema = FFI_ArrowSchema::empty();
    // SAFETY: `stream` is a live stream and `schema` an empty one for it to fill.
    if unsafe { get_schema(&mut stream, &mut schema) } != 0 {
        return Err(Error::type_error(format!("column {name:?}: the Arrow stream gave no schema")).into());
    }
    let data_type = Field::try_from(&schema).map_err(ffi_error)?.data_type().clone();
    let mut chunks: Vec<ArrayRef> = Vec::new();
    loop {
        let mut array = FFI_ArrowArray::empty();
        // SAFETY: as above; `array` is an empty array for the stream to fill.
        if unsafe { get_next(&mut stream, &mut array) } != 0 {
            return Err(Error::type_error(format!("column {name:?}: reading the Arrow stream failed")).into());
        }
        if array.is_released() {
            break;
        }
        if data_type == DataType::Null {
            chunks.push(null_array(&array));
            continue;
        }
        // SAFETY: the stream's arrays are of the type its schema gives.
        let data = unsafe { from_ffi_and_data_type(array, data_type.clone()) }.map_err(ffi_error)?;
        chunks.push(make_array(data));
    }
    match chunks.len() {
        0 => Ok(new_empty_array(&data_type)),
        1 => Ok(chunks.pop().expect("one chunk")),
        n => Err(Error::type_error(format!(
            "column {name:?}: an Arrow stream of {n} chunks; combine them into one first"
        ))
        .into()),
    }
}

/// An Arrow array of the `Null` type (every row missing) of the length of `array`, which is
/// released when dropped. Producers differ on the buffers of such an array (polars exports a
/// validity buffer that arrow-rs refuses), but its length is all it holds.
fn null_array(array: &FFI_ArrowArray) -> ArrayRef {
    Arc::new(NullArray::new(array.len()))
}

/// The rows of `array` that are null, as one flag per row, or None when none is.
pub(crate) fn null_flags(array: &dyn Array) -> Option<Vec<bool>> {
    let nulls = array.logical_nulls().filter(|n| n.null_count() > 0)?;
    Some(nulls.iter().map(|valid| !valid).collect())
}
