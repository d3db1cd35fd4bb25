//! PyO3 layer of name pairing: Arrow-layout string buffers (numpy views of the caller's
//! buffers) in, numpy arrays out; the work runs with the interpreter released.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use super::to_pyerr;
use crate::pairing::assign::max_weight_matching;
use crate::pairing::names::{self, Edge, Normalizer, PairOptions};
use crate::strings::{Offsets, Packed, StrColumn};
use crate::Result;

/// Offsets of a string column as held numpy arrays.
enum HeldOffsets<'py> {
    I32(PyReadonlyArray1<'py, i32>),
    I64(PyReadonlyArray1<'py, i64>),
}

struct HeldStrings<'py> {
    name: String,
    offsets: HeldOffsets<'py>,
    data: PyReadonlyArray1<'py, u8>,
    mask: Option<PyReadonlyArray1<'py, bool>>,
}

impl<'py> HeldStrings<'py> {
    fn new(
        name: &str,
        offsets: &Bound<'py, PyAny>,
        data: PyReadonlyArray1<'py, u8>,
        mask: Option<PyReadonlyArray1<'py, bool>>,
    ) -> PyResult<Self> {
        let offsets = if let Ok(a) = offsets.extract::<PyReadonlyArray1<'py, i32>>() {
            HeldOffsets::I32(a)
        } else if let Ok(a) = offsets.extract::<PyReadonlyArray1<'py, i64>>() {
            HeldOffsets::I64(a)
        } else {
            return Err(PyTypeError::new_err(format!(
                "{name}: string offsets must be a 1-D int32 or int64 numpy array"
            )));
        };
        Ok(HeldStrings { name: name.to_string(), offsets, data, mask })
    }

    fn column(&self) -> PyResult<StrColumn<'_>> {
        let contiguous =
            |what: &str| PyTypeError::new_err(format!("{}: the string {what} must be contiguous", self.name));
        let offsets = match &self.offsets {
            HeldOffsets::I32(a) => Offsets::I32(a.as_slice().map_err(|_| contiguous("offsets"))?),
            HeldOffsets::I64(a) => Offsets::I64(a.as_slice().map_err(|_| contiguous("offsets"))?),
        };
        let data = self.data.as_slice().map_err(|_| contiguous("data"))?;
        let nulls = match &self.mask {
            Some(m) => Some(m.as_slice().map_err(|_| contiguous("null mask"))?),
            None => None,
        };
        Ok(StrColumn { name: &self.name, offsets, data, nulls })
    }
}

fn normalizer(affixes: Option<&str>, replace: bool) -> PyResult<Normalizer> {
    Normalizer::with_affixes(affixes, replace).map_err(to_pyerr)
}

/// The normalised form of one name.
#[pyfunction]
#[pyo3(signature = (name, affixes=None, replace=false))]
pub(super) fn normalize_name(name: &str, affixes: Option<&str>, replace: bool) -> PyResult<String> {
    Ok(normalizer(affixes, replace)?.normalize(name))
}

type PackedArrays<'py> = (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<u8>>);

/// Normalise a string column given as Arrow buffers; returns `(offsets, data)` with 64-bit
/// offsets (a missing name gives an empty string; the caller keeps its null mask).
#[pyfunction]
#[pyo3(signature = (offsets, data, mask=None, affixes=None, replace=false))]
pub(super) fn normalize_names<'py>(
    py: Python<'py>,
    offsets: &Bound<'py, PyAny>,
    data: PyReadonlyArray1<'py, u8>,
    mask: Option<PyReadonlyArray1<'py, bool>>,
    affixes: Option<&str>,
    replace: bool,
) -> PyResult<PackedArrays<'py>> {
    let norm = normalizer(affixes, replace)?;
    let held = HeldStrings::new("name", offsets, data, mask)?;
    let col = held.column()?;
    let packed = py
        .detach(|| -> Result<Packed> {
            let strings = col.strings()?;
            Ok(Packed::from_strings(names::normalize_all(&norm, &strings)))
        })
        .map_err(to_pyerr)?;
    Ok((PyArray1::from_vec(py, packed.offsets), PyArray1::from_vec(py, packed.data)))
}

type EdgeArrays<'py> = (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<f64>>);

fn edge_arrays(py: Python<'_>, edges: Vec<Edge>) -> EdgeArrays<'_> {
    let l = edges.iter().map(|e| e.left as i64).collect();
    let r = edges.iter().map(|e| e.right as i64).collect();
    let s = edges.iter().map(|e| e.score).collect();
    (PyArray1::from_vec(py, l), PyArray1::from_vec(py, r), PyArray1::from_vec(py, s))
}

/// The optimal one-to-one pairing of two string columns by name similarity:
/// `(left_index, right_index, score)` sorted by left index.
#[pyfunction]
#[pyo3(signature = (left_offsets, left_data, left_mask, right_offsets, right_data, right_mask, min_score, affixes=None, replace=false, assign=true))]
#[allow(clippy::too_many_arguments)]
pub(super) fn pair_names<'py>(
    py: Python<'py>,
    left_offsets: &Bound<'py, PyAny>,
    left_data: PyReadonlyArray1<'py, u8>,
    left_mask: Option<PyReadonlyArray1<'py, bool>>,
    right_offsets: &Bound<'py, PyAny>,
    right_data: PyReadonlyArray1<'py, u8>,
    right_mask: Option<PyReadonlyArray1<'py, bool>>,
    min_score: f64,
    affixes: Option<&str>,
    replace: bool,
    assign: bool,
) -> PyResult<EdgeArrays<'py>> {
    let norm = normalizer(affixes, replace)?;
    let hl = HeldStrings::new("left", left_offsets, left_data, left_mask)?;
    let hr = HeldStrings::new("right", right_offsets, right_data, right_mask)?;
    let (cl, cr) = (hl.column()?, hr.column()?);
    let edges = py
        .detach(|| -> Result<Vec<Edge>> {
            let (l, r) = (cl.strings()?, cr.strings()?);
            if assign {
                names::pair_names(&l, &r, &norm, &PairOptions { min_score }, &max_weight_matching)
            } else {
                if !(0.0..=100.0).contains(&min_score) {
                    return Err(crate::Error::value(format!(
                        "min_score: expected a number from 0 to 100, got {min_score}"
                    )));
                }
                names::name_edges(&l, &r, &norm, min_score)
            }
        })
        .map_err(to_pyerr)?;
    Ok(edge_arrays(py, edges))
}
