//! Numeric columns held for reading for the length of a call, and read as the core's column
//! views without a copy (see `columns.rs` for what a column may be).

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;

use super::arrow;
use super::columns::{arrow_type, Kind, Mode, PyColumn};
use super::to_pyerr;
use crate::column::Column;
use crate::error::Error;

/// Arrays and masks held for the duration of a call.
pub(crate) struct HeldColumns<'py> {
    names: Vec<String>,
    arrays: Vec<PyColumn<'py>>,
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
        let arrays = arrays
            .iter()
            .zip(&names)
            .map(|(a, n)| {
                let wrong = |what: String| {
                    to_pyerr(Error::type_error(if arrow::is_arrow(a).unwrap_or(false) {
                        format!("column {n:?}: expected a numeric Arrow array, got Arrow type {what}")
                    } else {
                        format!(
                            "column {n:?}: expected a 1-D numeric numpy array in native byte order, an Arrow array \
                             or a list of numbers, got {}",
                            a.get_type().name().map(|n| n.to_string()).unwrap_or_default()
                        )
                    }))
                };
                let col = PyColumn::read(a, &format!("column {n:?}"), Mode::Numbers)?.null_as_ints();
                match (col.kind(), &col) {
                    (Kind::Int | Kind::Float, _) => Ok(col),
                    (_, PyColumn::Arrow(array, _)) if arrow::is_arrow(a)? => Err(wrong(arrow_type(array.as_ref()))),
                    _ => Err(wrong(String::new())),
                }
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(HeldColumns { names, arrays, masks })
    }

    pub(crate) fn columns(&self) -> PyResult<Vec<Column<'_>>> {
        self.arrays
            .iter()
            .zip(&self.names)
            .zip(&self.masks)
            .map(|((a, n), m)| {
                let col = a.numbers(n)?;
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
